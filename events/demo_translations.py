"""The demo's events in French, Spanish and Arabic (``events.demo`` writes them as Wagtail
translations of the English pages): the events index and the upcoming summit. The other events
stay in English, so the translated listings show them in English, marked as such."""

from portal.factories import paragraph

# fmt: off
INDEX = {
    "fr": {"title": "Événements",
           "introduction": "Les sommets mondiaux et les réunions de l'alliance."},
    "es": {"title": "Eventos",
           "introduction": "Las cumbres mundiales y las reuniones de la alianza."},
    "ar": {"title": "الفعاليات",
           "introduction": "القمم العالمية واجتماعات التحالف."},
}

SUMMIT = {
    "fr": {
        "title": "Sommet mondial 2027 (démo)",
        "slug": "sommet-mondial-2027",
        "strapline": "Trois jours consacrés à la Réponse nationale modèle, dix ans après.",
        "description": [paragraph(
            "<p>Ministres, entreprises et ONG comparent ce qui fonctionne.</p>"
        )],
    },
    "es": {
        "title": "Cumbre Mundial 2027 (demo)",
        "slug": "cumbre-mundial-2027",
        "strapline": "Tres días dedicados a la Respuesta Nacional Modelo, diez años después.",
        "description": [paragraph(
            "<p>Ministros, empresas y ONG comparan lo que funciona.</p>"
        )],
    },
    "ar": {
        "title": "القمة العالمية 2027 (تجريبية)",
        "slug": "al-qimma-al-alamiya-2027",
        "strapline": "ثلاثة أيام حول نموذج الاستجابة الوطنية، بعد عشر سنوات على إطلاقه.",
        "description": [paragraph(
            "<p>يتبادل الوزراء والشركات والمنظمات غير الحكومية ما أثبت نجاحه.</p>"
        )],
    },
}
# fmt: on
