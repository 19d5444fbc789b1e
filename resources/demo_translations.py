"""The demo's French, Spanish and Arabic content for the library: the MNR framework's domains and
capabilities (by number), the titles and introductions of the library, /mnr/ and the news, and a
few resources and news items. ``resources.demo`` writes them as Wagtail translations."""

# fmt: off
# number: (name, description), per language
DOMAINS = {
    "fr": {
        1: ("Politique et gouvernance",
            "Un engagement national au plus haut niveau pour prévenir l'exploitation et les abus "
            "sexuels sur enfants et y répondre, avec la gouvernance, les données et les lois "
            "nécessaires pour agir."),
        2: ("Justice pénale",
            "Des enquêtes, des condamnations et une gestion des auteurs efficaces, qui placent "
            "l'intérêt supérieur de l'enfant au centre."),
        3: ("Victimes",
            "Des services d'aide adaptés aux enfants et aux jeunes victimes, du signalement "
            "jusqu'au rétablissement."),
        4: ("Société",
            "La prévention de l'exploitation et des abus sexuels sur enfants par des canaux de "
            "signalement, l'éducation, la participation des enfants et l'aide aux personnes à "
            "risque de passage à l'acte."),
        5: ("Industrie",
            "Des entreprises qui développent des solutions pour prévenir et combattre "
            "l'exploitation et les abus sexuels sur enfants en ligne."),
        6: ("Médias et communication",
            "Une prise de conscience du public, des professionnels et des décideurs, avec un "
            "langage exact et éthique."),
    },
    "es": {
        1: ("Políticas y gobernanza",
            "Un compromiso nacional al más alto nivel para prevenir y responder a la explotación "
            "y el abuso sexual infantil, con la gobernanza, los datos y las leyes necesarios "
            "para llevarlo a cabo."),
        2: ("Justicia penal",
            "Investigaciones, condenas y gestión de los agresores eficaces, con el interés "
            "superior del niño en el centro."),
        3: ("Víctimas",
            "Servicios de apoyo adecuados para los niños, niñas y adolescentes víctimas, desde "
            "la revelación hasta la recuperación."),
        4: ("Sociedad",
            "Prevención de la explotación y el abuso sexual infantil mediante canales de "
            "denuncia, educación, participación infantil y apoyo a las personas en riesgo de "
            "cometer delitos."),
        5: ("Industria",
            "Empresas comprometidas con el desarrollo de soluciones para prevenir y combatir la "
            "explotación y el abuso sexual infantil en línea."),
        6: ("Medios y comunicación",
            "Sensibilización del público, los profesionales y los responsables políticos, con "
            "un lenguaje preciso y ético."),
    },
    "ar": {
        1: ("السياسات والحوكمة",
            "التزام وطني على أعلى مستوى بمنع الاستغلال والاعتداء الجنسي على الأطفال والتصدي "
            "لهما، مع ما يلزم من حوكمة وبيانات وتشريعات لتنفيذه."),
        2: ("العدالة الجنائية",
            "تحقيقات وإدانات وإدارة فعّالة للجناة، تضع مصلحة الطفل الفضلى في المقام الأول."),
        3: ("الضحايا",
            "خدمات دعم ملائمة للأطفال والشباب الضحايا، من الإفصاح حتى التعافي."),
        4: ("المجتمع",
            "منع الاستغلال والاعتداء الجنسي على الأطفال عبر قنوات الإبلاغ والتثقيف ومشاركة "
            "الأطفال ودعم الأشخاص المعرّضين لخطر ارتكاب الاعتداء."),
        5: ("قطاع الصناعة",
            "شركات منخرطة في تطوير حلول لمنع الاستغلال والاعتداء الجنسي على الأطفال عبر "
            "الإنترنت ومكافحتهما."),
        6: ("الإعلام والاتصال",
            "توعية الجمهور والمهنيين وصانعي السياسات، بلغة دقيقة وأخلاقية."),
    },
}

CAPABILITIES = {
    "fr": {
        1: ("Leadership",
            "Un comité national de gouvernance et de contrôle, responsable de ses actes, qui "
            "réunit les pouvoirs publics, les forces de l'ordre, l'industrie et la société civile "
            "et qui pilote la réponse nationale."),
        2: ("Recherche, analyse et suivi",
            "Une analyse nationale de la situation, des risques comme de la réponse, renouvelée "
            "dans le temps, avec des indicateurs qui montrent ce qui change."),
        3: ("Législation",
            "Un cadre juridique complet pour poursuivre les auteurs et protéger les victimes, "
            "conforme aux normes internationales."),
        4: ("Forces de l'ordre spécialisées",
            "Une compétence nationale, des agents formés, des enquêtes proactives et réactives, "
            "une approche centrée sur la victime et la coopération internationale."),
        5: ("Magistrats et procureurs",
            "Des juges et des procureurs formés, et des procédures adaptées aux enfants et "
            "centrées sur les victimes."),
        6: ("Gestion des auteurs d'infractions",
            "Des mesures qui préviennent la récidive des personnes suivies par la justice "
            "pénale, au niveau national comme international."),
        7: ("Accès aux bases de données d'images",
            "Une base nationale d'images d'abus sexuels sur enfants, reliée à la base de "
            "données internationale d'INTERPOL sur l'exploitation sexuelle des enfants, pour "
            "identifier victimes et auteurs."),
        8: ("Accompagnement de bout en bout",
            "Un accompagnement planifié et coordonné des victimes pendant l'enquête, la "
            "procédure judiciaire et au-delà."),
        9: ("Professionnels de la protection de l'enfance",
            "Des professionnels de la protection de l'enfance formés et coordonnés, disponibles "
            "pour soutenir les victimes."),
        10: ("Indemnisation, réparation et plaintes",
             "Des procédures accessibles qui permettent aux victimes d'obtenir indemnisation, "
             "réparation et justice."),
        11: ("Ligne d'assistance pour enfants",
             "Une ligne d'écoute où les enfants peuvent signaler et trouver de l'aide, et qui "
             "les oriente vers des services de suivi."),
        12: ("Ligne de signalement des abus en ligne",
             "Un service où le public signale les contenus d'abus sexuels sur enfants en ligne, "
             "en lien avec les forces de l'ordre et les fournisseurs de services pour leur "
             "retrait."),
        13: ("Programme d'éducation",
             "Une éducation aux risques et aux bonnes réactions pour les enfants et les jeunes, "
             "les parents et les aidants, les enseignants et les autres professionnels."),
        14: ("Participation des enfants",
             "Les enfants et les jeunes ont voix au chapitre dans les politiques et les "
             "pratiques qui les concernent."),
        15: ("Aide aux auteurs potentiels",
             "Une aide médicale, psychologique et d'auto-assistance pour les personnes à risque "
             "de passage à l'acte, avant qu'elles ne fassent du mal à un enfant."),
        16: ("Procédures de retrait",
             "Des procédures locales et rapides pour retirer et bloquer les contenus d'abus "
             "sexuels sur enfants en ligne."),
        17: ("Signalement par l'industrie",
             "Des protections juridiques qui permettent à l'industrie de signaler pleinement "
             "l'exploitation et les abus sexuels sur enfants, y compris en transmettant les "
             "contenus aux forces de l'ordre ou à un organisme désigné."),
        18: ("Développement de solutions innovantes",
             "Une industrie engagée dans la conception de solutions techniques et autres, "
             "adaptées aux problèmes locaux."),
        19: ("Responsabilité sociale des entreprises",
             "Un programme de responsabilité sociale des entreprises efficace et centré sur "
             "l'enfant."),
        20: ("Un traitement médiatique éthique et éclairé",
             "Un traitement médiatique qui sensibilise et fait comprendre le problème avec "
             "exactitude, sans nuire aux victimes."),
        21: ("Une terminologie commune",
             "Une terminologie et des lignes directrices partagées, et leur application, pour "
             "que chacun décrive le problème de la même façon."),
    },
    "es": {
        1: ("Liderazgo",
            "Un comité nacional de gobernanza y supervisión que rinde cuentas, con "
            "representación del gobierno, las fuerzas del orden, la industria y la sociedad "
            "civil, y que dirige la respuesta nacional."),
        2: ("Investigación, análisis y seguimiento",
            "Un análisis nacional de la situación, del riesgo y de la respuesta, repetido a lo "
            "largo del tiempo, con indicadores que muestran lo que cambia."),
        3: ("Legislación",
            "Un marco jurídico integral para investigar a los agresores y proteger a las "
            "víctimas, acorde con las normas internacionales."),
        4: ("Fuerzas del orden especializadas",
            "Competencia nacional, agentes capacitados, investigaciones proactivas y reactivas, "
            "un enfoque centrado en la víctima y cooperación internacional."),
        5: ("Poder judicial y fiscalía",
            "Jueces y fiscales capacitados y procedimientos adaptados a la infancia y centrados "
            "en la víctima."),
        6: ("Gestión de los agresores",
            "Medidas que previenen la reincidencia de las personas en el sistema de justicia "
            "penal, en el ámbito nacional e internacional."),
        7: ("Acceso a bases de datos de imágenes",
            "Una base de datos nacional de material de abuso sexual infantil, conectada a la "
            "base de datos internacional de INTERPOL sobre explotación sexual de menores, para "
            "identificar a víctimas y agresores."),
        8: ("Apoyo integral",
            "Apoyo planificado e integrado a las víctimas durante la investigación, el proceso "
            "judicial y después."),
        9: ("Profesionales de la protección infantil",
            "Profesionales de la protección infantil capacitados y coordinados, disponibles para "
            "apoyar a las víctimas."),
        10: ("Indemnización, reparación y quejas",
             "Procedimientos accesibles mediante los cuales las víctimas obtienen indemnización, "
             "reparación y justicia."),
        11: ("Línea de ayuda infantil",
             "Una línea de ayuda donde los niños, niñas y adolescentes pueden denunciar y "
             "recibir apoyo, y que los deriva a servicios de atención continua."),
        12: ("Línea de denuncia de abuso en línea",
             "Un servicio donde el público denuncia material de abuso sexual infantil en línea, "
             "vinculado con las fuerzas del orden y los proveedores de servicios para su "
             "retirada."),
        13: ("Programa educativo",
             "Educación sobre los riesgos y cómo responder para niños, niñas y adolescentes, "
             "madres, padres y cuidadores, docentes y otros profesionales."),
        14: ("Participación infantil",
             "Los niños, niñas y adolescentes tienen voz en las políticas y prácticas que les "
             "afectan."),
        15: ("Apoyo a personas en riesgo de agredir",
             "Apoyo médico, psicológico y de autoayuda para las personas en riesgo de cometer "
             "un delito, antes de que dañen a un niño."),
        16: ("Procedimientos de retirada",
             "Procedimientos locales y rápidos para retirar y bloquear material de abuso sexual "
             "infantil en línea."),
        17: ("Denuncia por parte de la industria",
             "Protecciones jurídicas que permiten a la industria denunciar de forma plena y "
             "eficaz la explotación y el abuso sexual infantil, incluida la remisión de "
             "contenidos a las fuerzas del orden o a un organismo designado."),
        18: ("Desarrollo de soluciones innovadoras",
             "Una industria comprometida con la creación de soluciones técnicas y de otro tipo "
             "para los problemas locales."),
        19: ("Responsabilidad social corporativa",
             "Un programa de responsabilidad social corporativa eficaz y centrado en la "
             "infancia."),
        20: ("Cobertura mediática ética e informada",
             "Una cobertura mediática que sensibiliza y transmite una comprensión precisa del "
             "problema sin perjudicar a las víctimas."),
        21: ("Terminología universal",
             "Una terminología y unas directrices compartidas, y su aplicación, para que todos "
             "describan el problema de la misma manera."),
    },
    "ar": {
        1: ("القيادة",
            "لجنة وطنية للحوكمة والرقابة خاضعة للمساءلة، تضم ممثلين عن الحكومة وجهات إنفاذ "
            "القانون وقطاع الصناعة والمجتمع المدني، وتقود الاستجابة الوطنية."),
        2: ("البحث والتحليل والرصد",
            "تحليل وطني للوضع يشمل المخاطر والاستجابة، يُكرَّر بمرور الوقت، مع مؤشرات تُظهر ما "
            "يتغيّر."),
        3: ("التشريعات",
            "إطار قانوني شامل للتحقيق مع الجناة وحماية الضحايا، يتوافق مع المعايير الدولية."),
        4: ("جهات إنفاذ قانون متخصصة",
            "اختصاص وطني، وضباط مدرَّبون، وتحقيقات استباقية وتفاعلية، ونهج يتمحور حول الضحية، "
            "وتعاون دولي."),
        5: ("القضاة والنيابة العامة",
            "قضاة ووكلاء نيابة مدرَّبون، وإجراءات قضائية مراعية للطفل ومتمحورة حول الضحية."),
        6: ("إدارة شؤون الجناة",
            "تدابير تمنع عودة الأشخاص الخاضعين لنظام العدالة الجنائية إلى ارتكاب الجرائم، على "
            "الصعيدين الوطني والدولي."),
        7: ("الوصول إلى قواعد بيانات الصور",
            "قاعدة بيانات وطنية لمواد الاعتداء الجنسي على الأطفال، مرتبطة بقاعدة بيانات الإنتربول "
            "الدولية الخاصة بالاستغلال الجنسي للأطفال، لتحديد هوية الضحايا والجناة."),
        8: ("دعم شامل من البداية إلى النهاية",
            "دعم مخطَّط ومتكامل للضحايا طوال التحقيق والإجراءات القضائية وما بعدها."),
        9: ("العاملون في مجال حماية الطفل",
            "كوادر مدرَّبة ومنسَّقة في مجال حماية الطفل، متاحة لدعم الضحايا."),
        10: ("التعويض وسبل الانتصاف وآليات الشكاوى",
             "إجراءات ميسَّرة يحصل من خلالها الضحايا على التعويض وسبل الانتصاف والإنصاف."),
        11: ("خط مساعدة الأطفال",
             "خط مساعدة يتيح للأطفال الإبلاغ والحصول على الدعم، ويحيلهم إلى خدمات المساعدة "
             "المستمرة."),
        12: ("خط الإبلاغ عن الاعتداء الجنسي على الأطفال",
             "خط يبلّغ من خلاله الجمهور عن مواد الاعتداء الجنسي على الأطفال عبر الإنترنت، ويرتبط "
             "بجهات إنفاذ القانون ومقدّمي الخدمات لإزالتها."),
        13: ("برنامج تثقيفي",
             "تثقيف الأطفال والشباب والآباء ومقدّمي الرعاية والمعلمين وغيرهم من المهنيين بشأن "
             "المخاطر وكيفية التصرف إزاءها."),
        14: ("مشاركة الأطفال",
             "للأطفال والشباب صوت في السياسات والممارسات التي تعنيهم."),
        15: ("أنظمة دعم الأشخاص المعرّضين لخطر الاعتداء",
             "دعم طبي ونفسي وذاتي للأشخاص المعرّضين لخطر ارتكاب الاعتداء، قبل أن يلحقوا الأذى "
             "بطفل."),
        16: ("إجراءات الإزالة",
             "إجراءات محلية وسريعة لإزالة مواد الاعتداء الجنسي على الأطفال عبر الإنترنت وحجبها."),
        17: ("إبلاغ قطاع الصناعة",
             "حماية قانونية تتيح لقطاع الصناعة الإبلاغ الكامل والفعّال عن الاستغلال والاعتداء "
             "الجنسي على الأطفال، بما في ذلك إحالة المحتوى إلى جهات إنفاذ القانون أو إلى جهة "
             "مختصة."),
        18: ("تطوير حلول مبتكرة",
             "قطاع صناعة منخرط في بناء حلول تقنية وغير تقنية للمشكلات المحلية."),
        19: ("المسؤولية الاجتماعية للشركات",
             "برنامج فعّال للمسؤولية الاجتماعية للشركات يتمحور حول الطفل."),
        20: ("تغطية إعلامية أخلاقية ومستنيرة",
             "تغطية إعلامية ترفع الوعي وتنقل فهمًا دقيقًا للمشكلة دون إلحاق الأذى بالضحايا."),
        21: ("مصطلحات موحَّدة",
             "مصطلحات وإرشادات مشتركة وتطبيقها، بحيث يصف الجميع المشكلة بالطريقة نفسها."),
    },
}

# The library's pages: slug -> language -> fields
PAGES = {
    "resources": {
        "fr": {"title": "Bibliothèque",
               "introduction": "Guides, rapports, boîtes à outils et lois qui montrent ce qui "
                               "fonctionne."},
        "es": {"title": "Biblioteca",
               "introduction": "Guías, informes, herramientas y leyes que muestran lo que "
                               "funciona."},
        "ar": {"title": "المكتبة",
               "introduction": "أدلة وتقارير ومجموعات أدوات وتشريعات تُظهر ما ينجح."},
    },
    "mnr": {
        "fr": {"title": "La Réponse nationale modèle",
               "introduction": "La Réponse nationale modèle regroupe ce dont un pays a besoin en "
                               "six domaines et 21 capacités. Chaque capacité ci-dessous renvoie "
                               "aux ressources qui y contribuent."},
        "es": {"title": "La Respuesta Nacional Modelo",
               "introduction": "La Respuesta Nacional Modelo agrupa lo que un país necesita en "
                               "seis ámbitos y 21 capacidades. Cada capacidad enlaza con los "
                               "recursos que la sirven."},
        "ar": {"title": "نموذج الاستجابة الوطنية",
               "introduction": "يجمع نموذج الاستجابة الوطنية ما يحتاجه البلد في ستة مجالات و21 "
                               "قدرة. وتحيل كل قدرة أدناه إلى الموارد التي تخدمها."},
    },
    "news": {
        "fr": {"title": "Actualités", "introduction": "Les annonces du secrétariat."},
        "es": {"title": "Noticias", "introduction": "Los anuncios de la secretaría."},
        "ar": {"title": "الأخبار", "introduction": "إعلانات الأمانة."},
    },
}

# Resources written in another language than their source's: (slug, source's slug, language,
# title, summary, countries, languages of its documents)
RESOURCES = [
    ("guide-comite-national", "national-governance-guide", "fr",
     "Mettre en place un comité national de gouvernance",
     "Version française du guide : mandat, composition et plan d'action d'un comité national de "
     "gouvernance de la réponse.",
     ["FR", "SN", "CI"], ["fr"]),
    ("guia-comite-nacional", "national-governance-guide", "es",
     "Cómo crear un comité nacional de gobernanza",
     "Versión en español de la guía: mandato, composición y plan de acción de un comité "
     "nacional de gobernanza.",
     ["MX", "CO", "PE"], ["es"]),
    ("dalil-lajna-wataniya", "national-governance-guide", "ar",
     "إنشاء لجنة وطنية للحوكمة والرقابة",
     "النسخة العربية من الدليل: ولاية لجنة وطنية للحوكمة وتشكيلها وخطة عملها.",
     ["MA", "JO", "EG"], ["ar"]),
    ("programa-educativo-escuelas", "education-programme-schools", "es",
     "Seguridad en línea: programa para escuelas",
     "Versión en español del programa escolar, adaptada con docentes de España y México.",
     ["ES", "MX"], ["es"]),
    ("normes-lignes-ecoute", "child-helpline-standards", "fr",
     "Normes pour les lignes d'assistance aux enfants",
     "Normes de qualité pour les lignes d'écoute que les enfants joignent par téléphone, chat et "
     "messagerie, y compris l'orientation et la protection des données.",
     [], ["fr"]),
    ("maayir-khutut-musaada", "child-helpline-standards", "ar",
     "معايير خطوط مساعدة الأطفال",
     "معايير جودة لخطوط المساعدة التي يتصل بها الأطفال هاتفيًا أو عبر الدردشة والرسائل، بما "
     "في ذلك الإحالة وحماية البيانات.",
     [], ["ar"]),
]

# News written in another language: (slug, source's slug, language, title, summary)
NEWS = [
    ("sommet-2026-annonce", "summit-2026-announced", "fr",
     "Annonce du sommet mondial 2026",
     "Le prochain sommet mondial de l'alliance réunira ses membres pour faire le point sur la "
     "Réponse nationale modèle."),
    ("cumbre-2026-anunciada", "summit-2026-announced", "es",
     "Anunciada la cumbre mundial de 2026",
     "La próxima cumbre mundial de la alianza reunirá a sus miembros para revisar los avances "
     "de la Respuesta Nacional Modelo."),
    ("iilan-qimma-2026", "summit-2026-announced", "ar",
     "الإعلان عن القمة العالمية 2026",
     "ستجمع القمة العالمية المقبلة للتحالف أعضاءه لمراجعة التقدم المحرز في نموذج الاستجابة "
     "الوطنية."),
    ("normes-traduites", "helpline-standards-translated", "fr",
     "Les normes des lignes d'écoute disponibles en cinq langues",
     "Les normes pour les lignes d'assistance aux enfants existent désormais en anglais, arabe, "
     "espagnol, français et russe."),
    ("maayir-mutarjama", "helpline-standards-translated", "ar",
     "معايير خطوط المساعدة متاحة الآن بخمس لغات",
     "أصبحت معايير خطوط مساعدة الأطفال متاحة الآن بالإسبانية والإنجليزية والروسية والعربية "
     "والفرنسية."),
]
# fmt: on
