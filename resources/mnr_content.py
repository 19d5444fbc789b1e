"""The text of the capability pages under /mnr/, as first seeded: written from the WePROTECT
Global Alliance's "Preventing and Tackling Child Sexual Exploitation and Abuse (CSEA): A Model
National Response" (2016) and its guidance. Editors change it in Wagtail afterwards; the seed
never overwrites a page that exists (``resources.demo.seed_capability_pages``).

For each capability: the definition, why it matters, good practice (a list) and further
guidance. For each domain: an introduction.
"""

from django.utils.html import format_html, format_html_join

SOURCE = (
    "WePROTECT Global Alliance, Preventing and Tackling Child Sexual Exploitation and Abuse "
    "(CSEA): A Model National Response (2016)"
)
SOURCE_URL = "https://www.weprotect.org/"

DOMAIN_INTRODUCTIONS = {
    1: "A national response starts with commitment at the highest level: a body that leads and "
    "is accountable, evidence of the scale and nature of the problem, and laws that make every "
    "form of child sexual exploitation and abuse, online and offline, a crime.",
    2: "Offenders are identified, investigated, prosecuted and managed, and victims are "
    "identified and safeguarded, by a criminal justice system that puts the child's best "
    "interests first and works across borders.",
    3: "Children and young people who are victims receive the support they need, from the "
    "moment of disclosure through the legal process and for as long as recovery takes.",
    4: "Society prevents abuse: the public can report, children, carers and professionals "
    "understand the risks, children's voices shape the response, and people at risk of "
    "offending get help before a child is harmed.",
    5: "Companies whose services can be misused take responsibility: they remove abuse material "
    "quickly, report what they find, build tools that protect children, and make child safety "
    "part of how they do business.",
    6: "The public, professionals and policy makers understand the problem accurately, through "
    "responsible reporting and a shared vocabulary that respects victims.",
}

CAPABILITIES = {
    1: (
        "A national governance and oversight committee with a mandate from the highest level of "
        "government, bringing together government departments, law enforcement, the justice "
        "system, child protection and health services, industry and civil society, to lead, "
        "coordinate and monitor the national response to child sexual exploitation and abuse.",
        "Without one accountable body the response fragments: each agency acts alone, gaps "
        "between them go unnoticed, and nobody answers for progress. A committee that sets a "
        "strategy, owns a budget and reports publicly keeps the issue on the agenda when "
        "attention moves elsewhere.",
        [
            "A written mandate and terms of reference, endorsed at ministerial level",
            "Membership across government, law enforcement, justice, health, education, "
            "industry and civil society, with children's views brought in",
            "A national strategy and action plan with owners, budgets and deadlines",
            "Regular public reporting of progress against the plan",
        ],
        "Start with a mapping of who already does what, and give the committee a secretariat "
        "of its own: committees without staff rarely outlast their first meeting. Use this "
        "self-assessment each year as the committee's common picture of progress.",
    ),
    2: (
        "A national situational analysis of the risk and response to child sexual exploitation "
        "and abuse, online and offline, repeated over time, with agreed indicators that show "
        "whether the response is working.",
        "A country cannot prioritise what it cannot see. Data on prevalence, on reports, "
        "investigations and convictions, and on services used by victims tells the committee "
        "where the gaps are and whether its efforts close them.",
        [
            "A baseline situational analysis, drawing on law enforcement, hotline, helpline, "
            "health and education data and on research with children",
            "Agreed national indicators, collected the same way every year",
            "Data shared between agencies under clear safeguards for privacy",
            "Findings published and used to revise the national plan",
        ],
        "Combine administrative data with surveys of children's experiences: reported cases "
        "show only part of the problem. Repeat the analysis on a fixed cycle so that trends, "
        "not single figures, guide decisions.",
    ),
    3: (
        "A comprehensive legal framework that criminalises every form of child sexual "
        "exploitation and abuse, including online grooming, live-streamed abuse and the "
        "production, possession and distribution of child sexual abuse material, and that gives "
        "investigators the powers they need while protecting victims, in line with international "
        "standards.",
        "Offenders move to wherever the law is weakest. Gaps in the law, such as no offence of "
        "possession or of grooming, leave children unprotected and prevent cooperation with "
        "other countries whose laws require the same offence in both.",
        [
            "Offences covering all forms of abuse and exploitation, online and offline, "
            "consistent with the UN Convention on the Rights of the Child and its Optional "
            "Protocol, and the Lanzarote and Budapest Conventions",
            "Legal powers for law enforcement to investigate online offences and obtain "
            "electronic evidence",
            "Protections for victims in proceedings, and no criminalisation of child victims",
            "Obligations and legal safe harbour for industry to report and remove material",
        ],
        "Review the law against a model law or checklist, and consult prosecutors and judges "
        "on what prevents cases from succeeding in practice.",
    ),
    4: (
        "Law enforcement with a national remit and officers trained to investigate child sexual "
        "exploitation and abuse, able to run proactive and reactive investigations, identify "
        "victims, work with a victim-focused approach, and cooperate internationally.",
        "Online abuse crosses jurisdictions and requires specialist skills in digital forensics, "
        "covert investigation and victim identification. A dedicated unit builds that expertise "
        "and becomes the contact point for partners at home and abroad.",
        [
            "A dedicated unit with a national remit, adequate staff and digital forensic capacity",
            "Training for specialists and awareness training for all officers",
            "Procedures for victim identification and immediate safeguarding",
            "Connection to INTERPOL and other international networks, with a 24/7 point of contact",
            "Support for the wellbeing of officers exposed to abuse material",
        ],
        "Set up clear referral routes from the hotline, industry reports and the child "
        "protection system into the unit, and measure the time from report to action.",
    ),
    5: (
        "Judges and prosecutors trained in child sexual exploitation and abuse, including its "
        "online forms, and court proceedings that are child-friendly and focused on the victim.",
        "Investigations only protect children if cases are prosecuted and tried well. Courts "
        "unfamiliar with digital evidence or with how abused children disclose can fail victims "
        "and retraumatise them.",
        [
            "Specialist training for prosecutors and judges, renewed as technology changes",
            "Child-friendly procedures: recorded interviews, testimony by video link, support "
            "persons, limits on repeated questioning",
            "Cases involving children handled without delay",
            "Sentencing guidance that reflects the harm done",
        ],
        "Adopt a model such as the Barnahus (children's house), where interviews, medical "
        "examination and support take place in one child-friendly setting.",
    ),
    6: (
        "An offender management process that prevents people convicted of child sexual offences "
        "from re-offending, through assessment, supervision, treatment and information sharing, "
        "nationally and internationally.",
        "Most child sexual offenders who are convicted will return to the community. Managing "
        "the risk they pose, and supporting their rehabilitation, prevents new victims.",
        [
            "Risk assessment of convicted offenders with validated tools",
            "Multi-agency supervision and treatment programmes",
            "Measures, within the law, on access to children and to the internet",
            "Information sharing with other countries when offenders travel",
        ],
        "Evaluate treatment programmes for their effect on re-offending, and link offender "
        "management with the prevention services of capability 15.",
    ),
    7: (
        "Access to a national database of child sexual abuse material, connected to INTERPOL's "
        "International Child Sexual Exploitation (ICSE) database, so that investigators can "
        "identify victims and offenders and avoid duplicating work.",
        "Each image is evidence of a crime against a real child. Databases let investigators "
        "recognise known material quickly, focus on new material, and identify and rescue "
        "children who are still being abused.",
        [
            "A national image database using hashing to recognise known material",
            "Connection to, and contribution to, the ICSE database",
            "Trained victim identification specialists",
            "Safe handling of material and support for the staff who review it",
        ],
        "Countries without a national database can start by connecting a trained officer to "
        "ICSE through INTERPOL's National Central Bureau.",
    ),
    8: (
        "Planned, integrated support for children and young people who are victims, from "
        "disclosure through the investigation and legal proceedings and for as long as recovery "
        "takes, coordinated across health, social care, education and justice.",
        "Victims often meet many agencies, each asking the same questions. Integrated support "
        "reduces harm, helps children give their best evidence and supports long-term recovery.",
        [
            "A single, coordinated care plan for each child",
            "Therapeutic services by trained professionals, available without long waits",
            "Support for non-offending family members",
            "Services that reach children abused online, including when the offender is abroad",
        ],
        "Map the journey of a child from disclosure to recovery and remove the points where "
        "children are passed on without help.",
    ),
    9: (
        "A trained, coordinated child protection workforce, in social services, health, "
        "education and civil society, able to recognise, respond to and support children who "
        "are victims of sexual exploitation and abuse, including online.",
        "The people who work with children every day are often the first to notice. Without "
        "training and clear procedures, signs are missed and responses harm rather than help.",
        [
            "Training in online and offline abuse for all who work with children",
            "Clear procedures for reporting concerns and referring children",
            "Specialist child protection professionals in sufficient numbers",
            "Supervision and support for the workforce",
        ],
        "Build online abuse into the initial training of teachers, social workers and health "
        "professionals, not only into occasional courses.",
    ),
    10: (
        "Accessible procedures through which child victims and their families can obtain "
        "compensation, remedies and redress, and complain when services fail them.",
        "Justice for victims includes more than a conviction: compensation pays for recovery, "
        "and complaints arrangements make services accountable to the children they serve.",
        [
            "A state compensation scheme that child victims can use, without requiring a "
            "conviction",
            "Legal aid and advice for victims and their families",
            "Child-friendly complaints procedures in all services",
            "Remedies for victims whose images continue to circulate",
        ],
        "Inform every victim and family of their rights at the start of proceedings, in a form "
        "a child can understand.",
    ),
    11: (
        "A child helpline, free and available to every child, through which children can report "
        "abuse, seek advice and support, and be referred to services for ongoing help.",
        "Many children never tell an adult they know. A helpline offers a trusted, confidential "
        "route to help, and its data shows how children experience abuse online.",
        [
            "A free, well-known number, with online channels such as chat",
            "Trained counsellors, available at the hours children need them",
            "Referral agreements with child protection, police and health services",
            "Membership of Child Helpline International and its quality standards",
        ],
        "Publicise the helpline where children are, including in schools and on the platforms "
        "they use, and share anonymised data with the governance committee.",
    ),
    12: (
        "A hotline through which the public can report child sexual abuse material found "
        "online, linked to law enforcement and to service providers so that material is removed "
        "quickly, and connected to the international network of hotlines.",
        "Members of the public come across abuse material and need somewhere to report it. A "
        "hotline assesses the reports, works with industry to remove material and passes "
        "information to police, and through INHOPE reaches material hosted abroad.",
        [
            "A hotline with a clear legal basis to receive and assess reports",
            "Agreements with law enforcement and industry on handling reports",
            "Membership of INHOPE and use of its common systems",
            "Public awareness of the hotline and how to report",
        ],
        "Where a full hotline is not yet possible, a reporting portal operated with an "
        "established hotline can provide the service.",
    ),
    13: (
        "An education programme for children and young people, parents and carers, teachers and "
        "other professionals, about the risks of sexual exploitation and abuse, online and "
        "offline, and how to respond.",
        "Knowledge protects: children who understand healthy relationships and online risks, "
        "and adults who know the signs, prevent abuse and respond better when it happens.",
        [
            "Age-appropriate education in the school curriculum, developed with children",
            "Programmes for parents and carers",
            "Training for professionals who work with children",
            "Evaluation of programmes for their effect, not only their reach",
        ],
        "Avoid messages that frighten or blame children; focus on rights, consent, help-seeking "
        "and where to report.",
    ),
    14: (
        "Children and young people are encouraged and enabled to give their views and "
        "ideas, and to take part in the development of policy and practice on sexual "
        "exploitation and abuse.",
        "Children understand their online lives better than adults do. Involving them makes "
        "policies and services more relevant and more likely to be used.",
        [
            "Mechanisms for children's participation in the governance committee's work",
            "Consultation of children in the design of services and campaigns",
            "Safe and ethical participation, with support and feedback to the children involved",
        ],
        "Work through existing children's councils and youth organisations, and tell children "
        "what changed because of their views.",
    ),
    15: (
        "Medical, psychological and self-help support for people who are at risk of sexually "
        "offending against children, available before they harm a child.",
        "Prevention before abuse happens is the only way to protect every child. People who "
        "are worried about their thoughts or behaviour can be helped to never offend.",
        [
            "A confidential helpline or online service for people at risk of offending",
            "Access to treatment by trained professionals",
            "Programmes for young people who display harmful sexual behaviour",
            "Evaluation of prevention services",
        ],
        "Warning messages shown when people search for abuse material can direct them to "
        "self-help services; agree such messages with search engines and platforms.",
    ),
    16: (
        "Swift, local procedures to remove and block child sexual abuse material online, "
        "through notice and takedown with industry and the blocking of known material.",
        "Each time material is viewed or shared, the victim is abused again. Fast removal "
        "limits the harm, and blocking prevents access to material hosted elsewhere.",
        [
            "Notice and takedown procedures agreed between the hotline, law enforcement and "
            "service providers, with target times",
            "Use of lists of known material and of hash matching to block and remove it",
            "Measurement and publication of takedown times",
        ],
        "Agree procedures in a memorandum of understanding between industry, the hotline and "
        "law enforcement, and review them each year.",
    ),
    17: (
        "A legal and procedural framework that enables industry to report child sexual "
        "exploitation and abuse fully and effectively, including passing content to law "
        "enforcement or another designated agency.",
        "Companies detect much of the material circulating online. If they cannot legally keep "
        "and pass it on, evidence is lost and victims are not identified.",
        [
            "Legal protection for companies that report and pass on material",
            "A designated national agency to receive reports",
            "Clear rules on the preservation of evidence",
            "Reports actioned and outcomes fed back where possible",
        ],
        "Align national reporting with the international arrangements companies already use, "
        "so that reports reach the right country quickly.",
    ),
    18: (
        "Industry engaged in developing innovative technical and other solutions to prevent "
        "and tackle child sexual exploitation and abuse, suited to local problems.",
        "Technology creates new risks, and it also offers new protections: detection tools, "
        "safety by design and age-appropriate services.",
        [
            "Safety by design in products and services",
            "Detection and prevention tools made available to smaller companies",
            "Collaboration between industry, researchers and government on local problems",
        ],
        "Encourage companies to share tools and expertise through industry coalitions and "
        "public-private partnerships.",
    ),
    19: (
        "An effective, child-focused programme of corporate social responsibility, in which "
        "companies protect children across their services and support the national response.",
        "Companies that make child safety part of how they do business go beyond legal "
        "minimums: they invest in prevention, support victims' services and are transparent "
        "about what they do.",
        [
            "A published child safety policy, with senior accountability",
            "Transparency reports on action against abuse",
            "Support for hotlines, helplines and education programmes",
            "Staff trained and supported in handling abuse reports",
        ],
        "Use child rights and business principles to assess the impact of products and "
        "services on children.",
    ),
    20: (
        "Media reporting that raises awareness of child sexual exploitation and abuse and builds "
        "an accurate understanding of it, without harming victims.",
        "How the media report abuse shapes public understanding and policy. Sensational or "
        "identifying reporting can retraumatise victims; informed reporting helps prevention.",
        [
            "Guidelines for journalists on reporting child abuse ethically",
            "Protection of victims' identity and dignity",
            "Training and briefings for journalists",
            "Public awareness campaigns with accurate information",
        ],
        "Offer journalists a contact point in the governance committee for accurate data and "
        "expert comment.",
    ),
    21: (
        "Universal terminology, guidelines and their application, so that all who work on "
        "child sexual exploitation and abuse describe it in the same way.",
        "Words matter: terms such as \u201cchild pornography\u201d minimise the abuse. A "
        "shared vocabulary helps agencies work together and respects victims.",
        [
            "Adoption of the Terminology Guidelines for the Protection of Children from Sexual "
            "Exploitation and Sexual Abuse (the Luxembourg Guidelines, 2016)",
            "Their use in law, policy, data collection and public communication",
        ],
        "Translate the guidelines into national languages and review legal terms when laws are "
        "next amended.",
    ),
}


def rich_text(paragraph="", items=()):
    """Rich text (Wagtail's HTML) of a paragraph and a list, escaped."""
    html = format_html("<p>{}</p>", paragraph) if paragraph else ""
    if items:
        html += format_html(
            "<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((i,) for i in items))
        )
    return str(html)
