"""Factories shared by the tests and by ``seed_demo``, so that demo data and test data agree."""

import factory
import wagtail_factories
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth import get_user_model
from wagtail.rich_text import RichText

from .models import HomePage, StandardPage


class UserFactory(factory.django.DjangoModelFactory):
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password("correct horse battery staple")

    class Meta:
        model = get_user_model()
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        """Users made by the factory have a verified primary address unless ``verified=False``."""
        if create and extracted is not False:
            EmailAddress.objects.update_or_create(
                user=obj, email=obj.email, defaults={"verified": True, "primary": True}
            )

    @factory.post_generation
    def groups(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.groups.add(*extracted)

    @factory.post_generation
    def totp_secret(obj, create, extracted, **kwargs):
        """``totp_secret="BASE32..."`` gives the user an authenticator app with that secret."""
        if create and extracted and not is_mfa_enabled(obj, types=[Authenticator.Type.TOTP]):
            TOTP.activate(obj, extracted)


def paragraph(html):
    return ("paragraph", RichText(html))


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Home"
    slug = "home"
    hero_title = "Together against online child sexual exploitation and abuse"
    hero_text = factory.Faker("paragraph", nb_sentences=2)

    class Meta:
        model = HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Standard page {n}")
    introduction = factory.Faker("sentence", nb_words=14)
    body = factory.LazyFunction(
        lambda: [("heading", {"text": "Why it matters", "level": "h2"}), paragraph("<p>Text.</p>")]
    )

    class Meta:
        model = StandardPage
