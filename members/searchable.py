"""What the public member list gives the site-wide search (``search.registry``): active members
with their public profile (name, description, country, kind)."""

from search import registry


def member_document(member):
    return registry.Entry(
        title=member.name,
        url=member.get_absolute_url(),
        language="en",
        public_text=member.description,
        categories=[member.kind],
        countries=[str(member.country)],
        regions=[member.region] if member.region else [],
        date=member.joined_on,
    )


def register():
    from .models import MemberOrganisation

    registry.register(
        "member",
        MemberOrganisation,
        queryset=lambda: MemberOrganisation.objects.visible(),
        document=member_document,
    )
