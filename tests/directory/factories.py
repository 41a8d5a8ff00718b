import datetime

import factory

from directory.models import Lieu, PointSource
from geodata.geo import point_from_lat_lon
from geodata.text import normalize_name


class LieuFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lieu

    import_source = "tests"
    source_id = factory.Sequence(lambda n: f"lieu-{n}")
    nom = factory.Sequence(lambda n: f"Médiathèque numéro {n}")
    nom_recherche = factory.LazyAttribute(lambda lieu: normalize_name(lieu.nom))
    commune = "Lyon"
    code_postal = "69001"
    code_insee = "69123"
    adresse = "1 place de la Comédie"
    date_maj = datetime.date(2026, 10, 1)
    services = factory.LazyFunction(lambda: ["Maîtrise des outils numériques du quotidien"])
    horaires = "Mo-Fr 09:00-12:00,14:00-18:00"
    point = factory.LazyFunction(lambda: point_from_lat_lon(45.7676, 4.8357))
    point_source = PointSource.SOURCE
    commune_ref_id = "69123"


class UserFactory(factory.django.DjangoModelFactory):
    """An account; its username is its e-mail (what the workspace creates)."""

    class Meta:
        model = "auth.User"
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"membre{n}@exemple.fr")
    username = factory.LazyAttribute(lambda user: user.email)
    password = factory.django.Password("mot de passe solide 42")  # hashed before the INSERT


class HubFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "directory.Hub"

    nom = factory.Sequence(lambda n: f"Hub numérique {n}")
    slug = factory.Sequence(lambda n: f"hub-{n}")
    courriel = factory.Sequence(lambda n: f"contact{n}@hub.exemple.fr")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "directory.Membership"

    hub = factory.SubFactory(HubFactory)
    user = factory.SubFactory(UserFactory)
    role = "editeur"
