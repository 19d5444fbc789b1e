"""The Model National Response: its 6 domains and 21 capabilities, as published."""

from django.db import migrations

DOMAINS = [
    (1, "Policy and governance",
     "Highest-level national commitment to preventing and responding to child sexual "
     "exploitation and abuse, with the governance, evidence and laws to carry it out."),
    (2, "Criminal justice",
     "Effective and successful investigations, convictions and offender management, with "
     "children's best interests at the centre."),
    (3, "Victim",
     "Appropriate support services for children and young people who are victims, from "
     "disclosure to recovery."),
    (4, "Societal",
     "Child sexual exploitation and abuse prevented through reporting channels, education, "
     "children's participation and support for people at risk of offending."),
    (5, "Industry",
     "Industry engaged in developing solutions to prevent and tackle child sexual exploitation "
     "and abuse online."),
    (6, "Media and communications",
     "Awareness raised among the public, professionals and policy makers, with accurate and "
     "ethical language."),
]

CAPABILITIES = [
    (1, 1, "Leadership",
     "An accountable national governance and oversight committee, with representation from "
     "government, law enforcement, industry and civil society, that leads the national "
     "response."),
    (1, 2, "Research, analysis and monitoring",
     "A national situational analysis of the risk and response, repeated over time, with "
     "measures that show what changes."),
    (1, 3, "Legislation",
     "A comprehensive legal framework to investigate offenders and protect victims, in line "
     "with international standards."),
    (2, 4, "Dedicated law enforcement",
     "A national remit, trained officers, proactive and reactive investigations, a "
     "victim-focused approach and international cooperation."),
    (2, 5, "Judiciary and prosecutors",
     "Trained judges and prosecutors and child-friendly, victim-focused proceedings."),
    (2, 6, "Offender management process",
     "Measures that prevent re-offending by people in the criminal justice system, nationally "
     "and internationally."),
    (2, 7, "Access to image databases",
     "A national database of child sexual abuse material, linked to INTERPOL's International "
     "Child Sexual Exploitation database, to identify victims and offenders."),
    (3, 8, "End-to-end support",
     "Planned, integrated support for victims through investigation, legal proceedings and "
     "beyond."),
    (3, 9, "Child protection workforce",
     "A trained, coordinated child protection workforce, available to support victims."),
    (3, 10, "Compensation, remedies and complaints arrangements",
     "Accessible procedures through which victims obtain compensation, remedies and redress."),
    (3, 11, "Child helpline",
     "A child helpline for reporting and support, referring children to services for ongoing "
     "help."),
    (4, 12, "CSEA hotline",
     "A hotline where the public reports child sexual abuse material online, linked to law "
     "enforcement and service providers for removal."),
    (4, 13, "Education programme",
     "Education for children and young people, parents and carers, teachers and other "
     "professionals about the risks and how to respond."),
    (4, 14, "Child participation",
     "Children and young people have a voice in the policies and practice that concern them."),
    (4, 15, "Offender support systems",
     "Medical, psychological and self-help support for people at risk of offending, before "
     "they harm a child."),
    (5, 16, "Takedown procedures",
     "Swift, local procedures to remove and block child sexual abuse material online."),
    (5, 17, "CSEA reporting",
     "Legal protections that let industry report child sexual exploitation and abuse fully "
     "and effectively, including passing content to law enforcement or a designated agency."),
    (5, 18, "Innovative solution development",
     "Industry engaged in building technical and other solutions to local problems."),
    (5, 19, "Corporate social responsibility",
     "An effective, child-focused programme of corporate social responsibility."),
    (6, 20, "Ethical and informed media reporting",
     "Media reporting that raises awareness and an accurate understanding of the problem "
     "without harming victims."),
    (6, 21, "Universal terminology",
     "Shared terminology, guidelines and their application, so that everyone describes the "
     "problem the same way."),
]


def seed(apps, schema_editor):
    MNRDomain = apps.get_model("resources", "MNRDomain")
    MNRCapability = apps.get_model("resources", "MNRCapability")
    domains = {}
    for number, name, description in DOMAINS:
        domains[number], _ = MNRDomain.objects.get_or_create(
            number=number, defaults={"name": name, "description": description}
        )
    for domain, number, name, description in CAPABILITIES:
        MNRCapability.objects.get_or_create(
            number=number,
            defaults={"domain": domains[domain], "name": name, "description": description},
        )


def unseed(apps, schema_editor):
    apps.get_model("resources", "MNRCapability").objects.filter(
        number__in=[row[1] for row in CAPABILITIES]
    ).delete()
    apps.get_model("resources", "MNRDomain").objects.filter(
        number__in=[row[0] for row in DOMAINS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("resources", "0001_library_mnr_and_news")]

    operations = [migrations.RunPython(seed, unseed)]
