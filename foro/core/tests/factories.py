"""factory_boy factories for core models."""

from __future__ import annotations

import factory
from django.contrib.auth.models import Group

from foro.core.models import Country, Organisation, User


def _kbo_from_base(base: int) -> str:
    eight = f"{base:08d}"
    return f"{eight}{97 - (int(eight) % 97):02d}"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Test Company {n} NV")
    kind = Organisation.Kind.COMPANY
    kbo_number = factory.Sequence(lambda n: _kbo_from_base(4_000_000 + n * 7))
    city = "Brussel"
    country = factory.LazyFunction(lambda: Country.objects.get(code="BE"))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if not create or not extracted:
            return
        for role in extracted:
            self.groups.add(Group.objects.get_or_create(name=str(role))[0])
        self.save()
