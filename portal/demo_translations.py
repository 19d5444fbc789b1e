"""The demo's French, Spanish and Arabic home and About pages (``seed_demo`` writes them as
Wagtail translations of the English ones)."""

from portal.factories import paragraph

# fmt: off
HOME = {
    "fr": {
        "title": "Accueil",
        "hero_title": "Ensemble contre l'exploitation et les abus sexuels sur enfants en ligne",
        "hero_text": (
            "Des gouvernements, des entreprises technologiques, la société civile et des "
            "organisations internationales, unis en une seule alliance pour que chaque enfant "
            "soit protégé en ligne et que chaque pays dispose de la réponse dont il a besoin."
        ),
    },
    "es": {
        "title": "Inicio",
        "hero_title": "Juntos contra la explotación y el abuso sexual infantil en línea",
        "hero_text": (
            "Gobiernos, empresas tecnológicas, sociedad civil y organizaciones internacionales, "
            "unidos en una sola alianza para que todos los niños, niñas y adolescentes estén "
            "protegidos en línea y cada país tenga la respuesta que necesita."
        ),
    },
    "ar": {
        "title": "الصفحة الرئيسية",
        "hero_title": "معًا ضد الاستغلال والاعتداء الجنسي على الأطفال عبر الإنترنت",
        "hero_text": (
            "حكومات وشركات تكنولوجيا ومجتمع مدني ومنظمات دولية، تعمل معًا في تحالف واحد كي "
            "يكون كل طفل محميًا على الإنترنت ويمتلك كل بلد الاستجابة التي يحتاجها."
        ),
    },
}

ABOUT = {
    "fr": {
        "title": "À propos de l'alliance",
        "introduction": (
            "Un mouvement mondial qui rassemble les personnes, les organisations et les "
            "gouvernements capables de mettre fin à l'exploitation et aux abus sexuels sur "
            "enfants en ligne."
        ),
        "body": [
            ("heading", {"text": "Ce que nous faisons", "level": "h2"}),
            paragraph(
                "<p>L'alliance réunit ses membres autour d'un cadre commun, la "
                "<b>Réponse nationale modèle</b>, qui aide un pays à évaluer sa réponse, à "
                "repérer ses lacunes et à fixer ses priorités. Les membres partagent ce qui "
                "fonctionne, se retrouvent lors de sommets mondiaux et aident chaque pays à "
                "trouver ses lignes de signalement, ses lignes d'écoute et ses lois.</p>"
            ),
            (
                "quote",
                {
                    "text": "Aucun gouvernement, aucune entreprise ni aucune organisation ne peut "
                            "y parvenir seul.",
                    "attribution": "Déclaration fondatrice de l'alliance",
                },
            ),
        ],
    },
    "es": {
        "title": "Acerca de la alianza",
        "introduction": (
            "Un movimiento mundial que reúne a las personas, organizaciones y gobiernos que "
            "pueden poner fin a la explotación y el abuso sexual infantil en línea."
        ),
        "body": [
            ("heading", {"text": "Qué hacemos", "level": "h2"}),
            paragraph(
                "<p>La alianza reúne a sus miembros en torno a un marco común, la "
                "<b>Respuesta Nacional Modelo</b>, que ayuda a un país a evaluar su respuesta, "
                "detectar sus carencias y fijar prioridades. Los miembros comparten lo que "
                "funciona, se reúnen en cumbres mundiales y ayudan a cada país a encontrar sus "
                "líneas de denuncia, sus líneas de ayuda y sus leyes.</p>"
            ),
            (
                "quote",
                {
                    "text": "Ningún gobierno, empresa u organización puede resolverlo por sí solo.",
                    "attribution": "Declaración fundacional de la alianza",
                },
            ),
        ],
    },
    "ar": {
        "title": "عن التحالف",
        "introduction": (
            "حركة عالمية تجمع الأفراد والمنظمات والحكومات القادرين على إنهاء الاستغلال "
            "والاعتداء الجنسي على الأطفال عبر الإنترنت."
        ),
        "body": [
            ("heading", {"text": "ما نقوم به", "level": "h2"}),
            paragraph(
                "<p>يجمع التحالف أعضاءه حول إطار مشترك هو <b>نموذج الاستجابة الوطنية</b>، "
                "الذي يساعد البلد على تقييم استجابته وتحديد الثغرات ووضع الأولويات. ويتبادل "
                "الأعضاء ما ينجح، ويلتقون في القمم العالمية، ويساعدون كل بلد على معرفة خطوط "
                "الإبلاغ وخطوط المساعدة والقوانين الخاصة به.</p>"
            ),
            (
                "quote",
                {
                    "text": "لا تستطيع أي حكومة أو شركة أو منظمة أن تحل هذه المشكلة بمفردها.",
                    "attribution": "البيان التأسيسي للتحالف",
                },
            ),
        ],
    },
}
# fmt: on
