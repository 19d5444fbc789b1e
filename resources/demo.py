"""Demo content for the library, the MNR page and news, in English with French, Spanish and
Arabic translations (``resources.demo_translations``). Safe to run again: it updates what it
finds (by slug under its parent, documents by title, translations by locale)."""

import datetime

from wagtail.documents import get_document_model
from wagtail.models import Locale

from members.models import MemberOrganisation
from portal.factories import paragraph

from . import demo_translations
from .factories import (
    MNRPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    ResourceIndexPageFactory,
    ResourcePageFactory,
    build_capability_pages,
    make_pdf_document,
)
from .i18n import source_capabilities
from .mnr_content import rich_text
from .models import (
    Language,
    MNRCapability,
    MNRCapabilityPage,
    MNRDomain,
    MNRDomainPage,
    MNRPage,
    NewsIndexPage,
    NewsPage,
    NewsRelatedResource,
    RelatedResource,
    ResourceCountry,
    ResourceDocument,
    ResourceIndexPage,
    ResourceLink,
    ResourcePage,
    ResourceRegion,
)
from .services import private_collection

T = ResourcePage.Type
SECRETARIAT = "Alliance Secretariat (demo)"

# slug, title, type, capabilities, countries, regions, languages, members-only, date, publisher,
# summary
RESOURCES = [
    (
        "national-governance-guide",
        "Setting up a national governance and oversight committee",
        T.GUIDE,
        [1, 2],
        [],
        ["002", "142"],
        ["en"],
        False,
        "2024-03-12",
        SECRETARIAT,
        "How to bring government, law enforcement, industry and civil society around one table "
        "with a mandate, a budget and a plan, drawing on committees in twelve countries.",
    ),
    (
        "global-threat-assessment-2025",
        "Global threat assessment 2025",
        T.REPORT,
        [2, 18],
        [],
        ["002", "019", "142", "150", "009"],
        ["en"],
        False,
        "2025-10-01",
        SECRETARIAT,
        "What hotlines, helplines, police and platforms saw in the past two years: new harms, "
        "changing offender behaviour and where responses are improving.",
    ),
    (
        "situational-analysis-toolkit",
        "National situational analysis toolkit",
        T.TOOLKIT,
        [2, 1],
        ["KE", "UG", "TZ"],
        ["002"],
        ["en", "sw"],
        False,
        "2023-09-20",
        "East African Child Online Protection Network (demo)",
        "Questionnaires, data templates and a step-by-step method to measure the risk and the "
        "response in a country, tested in three East African countries.",
    ),
    (
        "model-law-online-csea",
        "Model legislation on online child sexual exploitation and abuse",
        T.LEGISLATION,
        [3, 17],
        [],
        [],
        ["en", "fr", "es", "ar"],
        False,
        "2022-11-15",
        SECRETARIAT,
        "Model provisions covering grooming, live-streamed abuse, possession and distribution of "
        "abuse material, and the duties of service providers to report.",
    ),
    (
        "legislative-review-asean",
        "Review of legislation in ASEAN member states",
        T.RESEARCH,
        [3],
        ["TH", "PH", "ID", "VN", "MY"],
        ["142"],
        ["en", "th", "id"],
        True,
        "2024-01-30",
        "Regional Legal Research Centre (demo)",
        "A country-by-country comparison of criminal law, procedure and victim protection against "
        "the model legislation, with the gaps each state reported.",
    ),
    (
        "specialised-police-units",
        "Building a specialised police unit for online child abuse",
        T.GUIDE,
        [4],
        ["GB", "NL", "BR"],
        [],
        ["en", "pt"],
        True,
        "2023-04-11",
        SECRETARIAT,
        "Staffing, training, tools and welfare for officers in units that investigate online "
        "child sexual exploitation, from three established units.",
    ),
    (
        "victim-identification-course",
        "Victim identification: an introductory course",
        T.TRAINING,
        [4, 7],
        [],
        ["150", "019"],
        ["en", "es"],
        True,
        "2025-02-03",
        SECRETARIAT,
        "Six modules for investigators on finding children in abuse material, with exercises on "
        "image analysis and international cooperation.",
    ),
    (
        "prosecutors-handbook",
        "Handbook for prosecutors and judges",
        T.GUIDE,
        [5, 10],
        ["ZA", "NG", "GH"],
        ["002"],
        ["en"],
        False,
        "2023-07-07",
        "African Judicial Training Network (demo)",
        "Child-friendly proceedings, digital evidence and sentencing in cases of online child "
        "sexual exploitation, for prosecutors and judges.",
    ),
    (
        "offender-management-case-study",
        "Managing registered offenders online: a case study",
        T.CASE_STUDY,
        [6, 15],
        ["AU", "NZ"],
        ["009"],
        ["en"],
        True,
        "2024-08-22",
        "Pacific Offender Management Forum (demo)",
        "How two jurisdictions monitor the online activity of convicted offenders and what reduced "
        "re-offending.",
    ),
    (
        "image-database-connection",
        "Connecting a national image database to ICSE",
        T.TOOLKIT,
        [7],
        ["CO", "CL", "AR"],
        ["019"],
        ["es", "en"],
        False,
        "2022-05-16",
        SECRETARIAT,
        "Technical and legal steps to build a national database of abuse material and connect it "
        "to INTERPOL's International Child Sexual Exploitation database.",
    ),
    (
        "end-to-end-support-model",
        "An end-to-end support model for child victims",
        T.GUIDE,
        [8, 9],
        ["SE", "IS", "NO"],
        ["150"],
        ["en"],
        False,
        "2021-10-05",
        SECRETARIAT,
        "The child advocacy centre model: one child-friendly place for interviews, medical care, "
        "therapy and court preparation.",
    ),
    (
        "child-protection-workforce-training",
        "Training the child protection workforce",
        T.TRAINING,
        [9, 13],
        ["IN", "BD", "NP"],
        ["142"],
        ["en", "hi"],
        False,
        "2023-02-27",
        "South Asia Child Protection Initiative (demo)",
        "A training curriculum for social workers, teachers and health workers on recognising and "
        "responding to online harm.",
    ),
    (
        "compensation-remedies-review",
        "Compensation and remedies for victims: a review",
        T.RESEARCH,
        [10],
        ["CA", "US"],
        ["019"],
        ["en", "fr"],
        True,
        "2025-03-14",
        "North American Victims' Rights Institute (demo)",
        "How victims of online sexual exploitation obtain compensation, restitution and redress, "
        "and the barriers they meet.",
    ),
    (
        "child-helpline-standards",
        "Standards for child helplines",
        T.POLICY,
        [11, 8],
        [],
        ["002", "019", "142", "150", "009"],
        ["en", "fr", "es", "ar", "ru"],
        False,
        "2022-09-09",
        "International Helpline Network (demo)",
        "Quality standards for helplines that children can reach by phone, chat and messaging, "
        "including referrals and data protection.",
    ),
    (
        "helpline-chat-video",
        "How a child helpline answers a chat",
        T.VIDEO,
        [11],
        ["PH"],
        [],
        ["en"],
        False,
        "2024-11-20",
        SECRETARIAT,
        "A short film following a helpline counsellor through an anonymous chat with a teenager "
        "who is being blackmailed online.",
    ),
    (
        "hotline-setup-guide",
        "Setting up a national reporting hotline",
        T.GUIDE,
        [12, 16],
        ["KE", "ZM", "MW"],
        ["002"],
        ["en", "sw"],
        False,
        "2021-06-30",
        "Hotline Network (demo)",
        "Legal basis, partnerships with police and industry, staff welfare and content assessment "
        "for a new national hotline.",
    ),
    (
        "hotline-annual-report",
        "Hotline network annual report 2024",
        T.REPORT,
        [12, 16, 17],
        [],
        ["150", "019", "142"],
        ["en"],
        False,
        "2025-04-25",
        "Hotline Network (demo)",
        "Reports received, content assessed and removed, and the time it took, across the "
        "network's member hotlines.",
    ),
    (
        "education-programme-schools",
        "Keeping safe online: a programme for schools",
        T.TRAINING,
        [13, 14],
        ["GB", "IE"],
        [],
        ["en"],
        False,
        "2023-09-01",
        SECRETARIAT,
        "Lesson plans for children aged 8 to 16, written with young people, with notes for "
        "teachers and a guide for parents.",
    ),
    (
        "youth-participation-toolkit",
        "Child participation toolkit",
        T.TOOLKIT,
        [14],
        [],
        ["002", "142"],
        ["en", "fr"],
        False,
        "2024-04-08",
        "Youth Voices Network (demo)",
        "Safe, ethical ways to involve children and young people in policy: consultations, youth "
        "panels and feedback, with safeguarding checklists.",
    ),
    (
        "prevention-helpline-offenders",
        "Prevention services for people at risk of offending",
        T.CASE_STUDY,
        [15],
        ["DE", "NL"],
        ["150"],
        ["de", "en"],
        True,
        "2022-12-01",
        "European Prevention Project (demo)",
        "Evaluations of anonymous therapy and self-help services for people worried about their "
        "sexual thoughts about children.",
    ),
    (
        "takedown-procedures-policy",
        "Notice and takedown procedures",
        T.POLICY,
        [16, 17],
        [],
        [],
        ["en", "fr", "es", "ar", "zh", "ru"],
        False,
        "2023-06-19",
        SECRETARIAT,
        "A model policy for swift removal of abuse material by hosting providers, with time "
        "limits, appeal and preservation of evidence.",
    ),
    (
        "industry-reporting-framework",
        "Industry reporting: legal protections and practice",
        T.LEGISLATION,
        [17, 3],
        ["US", "BR", "IN"],
        [],
        ["en", "pt"],
        True,
        "2024-10-10",
        SECRETARIAT,
        "What legal protections platforms need to report abuse fully and to share content with "
        "law enforcement, with examples from three countries.",
    ),
    (
        "safety-by-design-innovation",
        "Safety by design: innovation case studies",
        T.CASE_STUDY,
        [18, 19],
        [],
        ["150", "019", "142"],
        ["en"],
        False,
        "2025-06-05",
        "Technology Coalition (demo)",
        "Eight companies describe tools they built to detect grooming, block abuse material and "
        "support users, and what they learned.",
    ),
    (
        "csr-child-rights",
        "Corporate social responsibility for children's rights online",
        T.GUIDE,
        [19],
        ["JP", "KR", "SG"],
        ["142"],
        ["en", "zh"],
        False,
        "2022-03-03",
        "Business for Child Rights Forum (demo)",
        "How companies of every size make child protection part of their governance, products and "
        "reporting.",
    ),
    (
        "media-reporting-guidelines",
        "Guidelines for ethical media reporting",
        T.GUIDE,
        [20, 21],
        [],
        ["002", "019", "142", "150", "009"],
        ["en", "fr", "es"],
        False,
        "2021-11-19",
        SECRETARIAT,
        "How journalists can report on child sexual exploitation accurately and without harming "
        "victims, with a checklist for editors.",
    ),
    (
        "terminology-guidelines",
        "Terminology guidelines",
        T.POLICY,
        [21, 20],
        [],
        [],
        ["en", "fr", "es", "ar", "ru", "zh"],
        False,
        "2020-06-01",
        SECRETARIAT,
        "Shared terms for the protection of children from sexual exploitation and abuse, and the "
        "terms to avoid.",
    ),
    (
        "mnr-self-assessment-training",
        "Assessing your country against the MNR",
        T.TRAINING,
        [1, 2, 3],
        [],
        [],
        ["en", "fr"],
        True,
        "2025-09-15",
        SECRETARIAT,
        "A workshop for country members on the self-assessment: gathering evidence, scoring each "
        "capability and setting priorities.",
    ),
    (
        "regional-response-pacific",
        "Strengthening the response in the Pacific",
        T.REPORT,
        [4, 11, 12],
        ["FJ", "PG", "WS", "TO"],
        ["009"],
        ["en"],
        False,
        "2023-12-12",
        "Pacific Child Protection Alliance (demo)",
        "Gaps and priorities in Pacific island states, where small teams cover vast distances.",
    ),
    (
        "sextortion-response-video",
        "Responding to financial sextortion",
        T.VIDEO,
        [8, 11, 20],
        [],
        ["019", "150"],
        ["en", "es"],
        False,
        "2025-08-01",
        SECRETARIAT,
        "A webinar recording with a helpline, a police unit and a platform on how to respond when "
        "young people are blackmailed with images.",
    ),
    (
        "latin-america-case-study",
        "Un enfoque regional en América Latina",
        T.CASE_STUDY,
        [1, 4, 12],
        ["AR", "BR", "CL", "CO", "MX", "PE"],
        ["019"],
        ["es", "pt"],
        True,
        "2024-07-15",
        "Red Latinoamericana de Protección (demo)",
        "Cómo seis países coordinaron sus líneas de denuncia, policía y ministerios en una "
        "respuesta regional.",
    ),
]

RELATED = {
    "national-governance-guide": ["situational-analysis-toolkit", "mnr-self-assessment-training"],
    "hotline-setup-guide": ["hotline-annual-report", "takedown-procedures-policy"],
    "model-law-online-csea": ["legislative-review-asean", "industry-reporting-framework"],
    "media-reporting-guidelines": ["terminology-guidelines"],
}

NEWS = [
    (
        "summit-2026-announced",
        "Global summit 2026 announced",
        "2026-09-14",
        "The alliance's next global summit will bring members together to review progress on the "
        "Model National Response.",
        ["summit", "events"],
        ["national-governance-guide"],
    ),
    (
        "threat-assessment-published",
        "Global threat assessment 2025 published",
        "2025-10-01",
        "The new assessment shows where harms are growing and where responses work.",
        ["research", "report"],
        ["global-threat-assessment-2025"],
    ),
    (
        "new-members-welcome",
        "Five new members join the alliance",
        "2025-11-20",
        "Two countries, two companies and a helpline network joined this quarter.",
        ["members"],
        [],
    ),
    (
        "helpline-standards-translated",
        "Helpline standards now in five languages",
        "2025-06-02",
        "The standards for child helplines are now available in Arabic, English, French, Russian "
        "and Spanish.",
        ["helplines", "translations"],
        ["child-helpline-standards"],
    ),
]


def _date(value):
    return datetime.date.fromisoformat(value)


def _child(parent, model, slug):
    return model.objects.child_of(parent).filter(slug=slug).first()


def seed(command, home):
    library = _child(home, ResourceIndexPage, "resources") or ResourceIndexPageFactory(parent=home)
    library.save_revision().publish()
    mnr = _child(home, MNRPage, "mnr") or MNRPageFactory(parent=home)
    mnr.introduction = (
        "The Model National Response groups what a country needs into six domains and 21 "
        "capabilities. Each capability below links to the resources that serve it."
    )
    mnr.save_revision().publish()
    capability_pages = build_capability_pages(mnr, content=True)
    news_index = _child(home, NewsIndexPage, "news") or NewsIndexPageFactory(parent=home)
    news_index.save_revision().publish()

    private_collection()
    resources = {spec[0]: _seed_resource(library, spec) for spec in RESOURCES}
    for slug, related in RELATED.items():
        page = resources[slug]
        RelatedResource.objects.filter(page=page).delete()
        for order, other in enumerate(related):
            RelatedResource.objects.create(page=page, resource=resources[other], sort_order=order)
    news = {spec[0]: _seed_news(news_index, resources, spec) for spec in NEWS}
    seed_translations({"resources": library, "mnr": mnr, "news": news_index}, resources, news)

    members_only = sum(1 for page in resources.values() if page.members_only)
    capabilities = MNRCapability.objects.filter(locale=Locale.get_default()).count()
    command.stdout.write(
        f"Library: {len(resources)} resources ({members_only} members-only), "
        f"{capabilities} MNR capabilities ({len(capability_pages)} pages), {len(NEWS)} news "
        f"pages, in English; {len(demo_translations.RESOURCES)} resources and "
        f"{len(demo_translations.NEWS)} news pages in French, Spanish or Arabic."
    )
    return [
        {"page": library, "label": "Resources"},
        {"page": mnr, "label": "MNR"},
        {"page": news_index, "label": "News"},
    ]


def _document(title, lines, private):
    document = get_document_model().objects.filter(title=title).first()
    if document is None:
        document = make_pdf_document(title, lines, private=private)
    elif private and document.collection_id != private_collection().pk:
        document.collection = private_collection()
        document.save()
    return document


def _seed_resource(library, spec):
    (slug, title, kind, capabilities, countries, regions, languages, members_only, date,
     publisher, summary) = spec  # fmt: skip
    member = MemberOrganisation.objects.filter(name=publisher).first()
    fields = {
        "title": title,
        "summary": summary,
        "resource_type": kind,
        "access": ResourcePage.Access.MEMBERS if members_only else ResourcePage.Access.PUBLIC,
        "publication_date": _date(date),
        "publisher": member,
        "publisher_name": "" if member else publisher,
        "body": [
            ("heading", {"text": "What it covers", "level": "h2"}),
            paragraph(f"<p>{summary}</p>"),
            ("heading", {"text": "Who it is for", "level": "h2"}),
            paragraph(
                "<p>Governments, law enforcement, helplines, hotlines, companies and civil "
                "society organisations working on the national response.</p>"
            ),
        ],
    }
    page = _child(library, ResourcePage, slug)
    if page is None:
        page = ResourcePageFactory(parent=library, slug=slug, **fields)
    else:
        for name, value in fields.items():
            setattr(page, name, value)
        page.save()
    page.capabilities.set(source_capabilities().filter(number__in=capabilities))
    page.capabilities.commit()
    page.languages.set(Language.objects.filter(code__in=languages))
    page.languages.commit()
    ResourceCountry.objects.filter(page=page).exclude(country__in=countries).delete()
    for order, code in enumerate(countries):
        ResourceCountry.objects.update_or_create(
            page=page, country=code, defaults={"sort_order": order}
        )
    ResourceRegion.objects.filter(page=page).exclude(region__in=regions).delete()
    for order, code in enumerate(regions):
        ResourceRegion.objects.update_or_create(
            page=page, region=code, defaults={"sort_order": order}
        )
    document = _document(
        f"{title} (PDF)",
        [summary[i : i + 90] for i in range(0, len(summary), 90)],
        private=members_only,
    )
    ResourceDocument.objects.update_or_create(
        page=page, document=document, defaults={"sort_order": 0}
    )
    ResourceLink.objects.update_or_create(
        page=page,
        url="https://www.unicef.org/protection/violence-against-children-online",
        defaults={"label": "UNICEF: protecting children online", "sort_order": 0},
    )
    page = ResourcePage.objects.get(pk=page.pk)
    page.save_revision().publish()
    return page


def _seed_news(news_index, resources, spec):
    slug, title, date, summary, tags, related = spec
    page = _child(news_index, NewsPage, slug)
    fields = {
        "title": title,
        "date": _date(date),
        "summary": summary,
        "body": [paragraph(f"<p>{summary}</p>")],
    }
    if page is None:
        page = NewsPageFactory(parent=news_index, slug=slug, **fields)
    else:
        for name, value in fields.items():
            setattr(page, name, value)
        page.save()
    page.tags.set(tags)
    page.save()
    NewsRelatedResource.objects.filter(page=page).delete()
    for order, other in enumerate(related):
        NewsRelatedResource.objects.create(page=page, resource=resources[other], sort_order=order)
    page = NewsPage.objects.get(pk=page.pk)
    page.save_revision().publish()
    return page


# --- Translations ---------------------------------------------------------------------------------
def locale_of(language):
    return Locale.objects.get_or_create(language_code=language)[0]


def translate_page(page, language, **fields):
    """``page``'s translation in ``language`` (Wagtail's copy for translation when there is
    none; its parent must have one), with ``fields``, published."""
    locale = locale_of(language)
    translation = page.get_translation_or_none(locale)
    translation = page.copy_for_translation(locale) if translation is None else translation.specific
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    return type(translation).objects.get(pk=translation.pk)


def translate_snippet(snippet, language, **fields):
    """``snippet``'s translation in ``language``, with ``fields``, saved."""
    locale = locale_of(language)
    translation = snippet.get_translation_or_none(locale)
    if translation is None:
        translation = snippet.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save()
    return translation


def translate_framework_pages(language):
    """The domain and capability pages in ``language``, under the framework page's translation:
    each names its snippet's translation and takes its name and description from it. The
    longer guidance of the English pages is left out of the demo's translations (an editor
    translates it in wagtail-localize), so that each page reads in one language."""
    locale = locale_of(language)
    source = Locale.get_default()
    for page in MNRDomainPage.objects.filter(locale=source).select_related("domain"):
        domain = page.domain.get_translation(locale)
        translate_page(
            page, language, domain=domain, title=domain.name,
            introduction=rich_text(domain.description),
        )  # fmt: skip
    for page in MNRCapabilityPage.objects.filter(locale=source).select_related("capability"):
        capability = page.capability.get_translation(locale)
        translate_page(
            page, language, capability=capability, title=capability.name,
            definition=rich_text(capability.description or capability.name),
            why_it_matters="", good_practice="", further_guidance="",
        )  # fmt: skip


def seed_translations(pages, resources, news):
    """The framework, the library's pages and some resources and news in French, Spanish and
    Arabic. The home page's translations come first (``seed_demo``)."""
    texts = demo_translations
    for language, domains in texts.DOMAINS.items():
        translated = {}
        for domain in MNRDomain.objects.filter(locale=Locale.get_default()):
            name, description = domains[domain.number]
            translated[domain.pk] = translate_snippet(
                domain, language, name=name, description=description
            )
        for capability in MNRCapability.objects.filter(locale=Locale.get_default()):
            name, description = texts.CAPABILITIES[language][capability.number]
            translate_snippet(
                capability,
                language,
                name=name,
                description=description,
                domain=translated[capability.domain_id],
            )
    for slug, languages in texts.PAGES.items():
        for language, fields in languages.items():
            translate_page(pages[slug], language, **fields)
    for language in texts.DOMAINS:
        translate_framework_pages(language)
    for slug, source, language, title, summary, countries, codes in texts.RESOURCES:
        page = translate_page(
            resources[source], language, title=title, slug=slug, summary=summary,
            body=[paragraph(f"<p>{summary}</p>")],
        )  # fmt: skip
        page.languages.set(Language.objects.filter(code__in=codes))
        page.languages.commit()
        ResourceCountry.objects.filter(page=page).exclude(country__in=countries).delete()
        for order, code in enumerate(countries):
            ResourceCountry.objects.update_or_create(
                page=page, country=code, defaults={"sort_order": order}
            )
        ResourcePage.objects.get(pk=page.pk).save_revision().publish()
    for slug, source, language, title, summary in texts.NEWS:
        translate_page(
            news[source], language, title=title, slug=slug, summary=summary,
            body=[paragraph(f"<p>{summary}</p>")],
        )  # fmt: skip
