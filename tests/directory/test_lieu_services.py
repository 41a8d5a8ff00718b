"""directory.services lieu_*: every change to a place sets what it must and writes history."""

import datetime

import pytest
from django.utils import timezone

from directory.enums import ChangeAction
from directory.models import LieuChange, PointSource
from directory.services import (
    LieuOutsideTerritory,
    LieuUpdateError,
    lieu_archive,
    lieu_close,
    lieu_confirm,
    lieu_create,
    lieu_reopen,
    lieu_restore,
    lieu_update,
    outside_territory,
)
from geodata.geo import point_from_lat_lon
from tests.directory.factories import HubFactory, LieuFactory, UserFactory

OLD_DATE = datetime.date(2024, 1, 15)


@pytest.fixture(autouse=True)
def _no_geocoder(settings):
    settings.GEOCODER_ENABLED = False


@pytest.fixture
def user():
    return UserFactory()


@pytest.fixture
def lieu():
    hub = HubFactory()
    return LieuFactory(hub=hub, import_source=hub.import_source, date_maj=OLD_DATE)


def test_update_records_only_what_changed_and_dates_the_place(lieu, user):
    before = lieu.nom
    changes = lieu_update(
        lieu=lieu, user=user, data={"nom": "Nouveau nom", "services": list(lieu.services)}
    )
    assert changes == {"nom": [before, "Nouveau nom"]}
    lieu.refresh_from_db()
    assert lieu.nom_recherche == "nouveau nom"
    assert lieu.date_maj == timezone.localdate()
    change = LieuChange.objects.get()
    assert (change.action, change.user, change.user_email) == (
        ChangeAction.UPDATE,
        user,
        user.email,
    )
    assert change.hub == lieu.hub and list(change.changes) == ["nom"]


def test_update_without_change_is_a_confirmation(lieu, user):
    assert lieu_update(lieu=lieu, user=user, data={"nom": lieu.nom}) == {}
    assert LieuChange.objects.get().action == ChangeAction.CONFIRM


def test_update_refuses_fields_outside_the_standard(lieu, user):
    with pytest.raises(LieuUpdateError):
        lieu_update(lieu=lieu, user=user, data={"hub": None})
    assert not LieuChange.objects.exists()


def test_a_new_address_relocates_the_place_unless_it_was_placed_by_hand(lieu, user):
    lieu_update(
        lieu=lieu,
        user=user,
        data={
            "adresse": "3 rue Inconnue",
            "code_postal": "42000",
            "commune": "Saint-Étienne",
            "code_insee": "",
        },
    )
    lieu.refresh_from_db()
    assert lieu.point_source == PointSource.COMMUNE and lieu.commune_ref_id == "42218"
    assert "point" in LieuChange.objects.get().changes

    by_hand = point_from_lat_lon(45.44, 4.39)
    lieu_update(lieu=lieu, user=user, data={"adresse": "4 rue Inconnue", "point": by_hand})
    lieu.refresh_from_db()
    assert lieu.point_source == PointSource.MANUEL
    assert (round(lieu.point.y, 2), round(lieu.point.x, 2)) == (45.44, 4.39)


def test_clearing_the_point_locates_the_place_again(lieu, user):
    lieu_update(lieu=lieu, user=user, data={"point": None})
    lieu.refresh_from_db()
    assert lieu.point is not None and lieu.point_source == PointSource.COMMUNE
    assert lieu.commune_ref_id == "69123"


def test_create_sets_the_hub_dataset_the_date_and_a_creation_line(user):
    hub = HubFactory()
    lieu = lieu_create(
        hub=hub,
        user=user,
        data={"nom": "Nouveau", "adresse": "1 rue X", "code_postal": "42700", "commune": "Firminy"},
    )
    assert lieu.import_source == f"hub-{hub.pk}" and lieu.hub == hub
    assert lieu.date_maj == timezone.localdate() and lieu.commune_ref_id == "42095"
    change = LieuChange.objects.get()
    assert change.action == ChangeAction.CREATE and change.changes["nom"] == [None, "Nouveau"]


def test_a_hub_with_a_territory_keeps_its_places_inside(user):
    hub = HubFactory(departements=["42"], communes=["69123"])
    data = {
        "nom": "Lieu",
        "adresse": "1 rue X",
        "code_postal": "43000",
        "commune": "Le Puy-en-Velay",
    }
    with pytest.raises(LieuOutsideTerritory, match="n'est pas dans le territoire"):
        lieu_create(hub=hub, user=user, data=data)
    # A commune of the list, by an arrondissement code too (Lyon 1er: 69381).
    lyon = lieu_create(
        hub=hub,
        user=user,
        data={**data, "code_postal": "69001", "commune": "Lyon", "code_insee": "69381"},
    )
    firminy = lieu_create(
        hub=hub, user=user, data={**data, "code_postal": "42700", "commune": "Firminy"}
    )
    assert {lyon.commune_ref_id, firminy.commune_ref_id} == {"69123", "42095"}
    with pytest.raises(LieuOutsideTerritory):
        lieu_update(
            lieu=firminy, user=user, data={"code_postal": "43000", "commune": "Le Puy-en-Velay"}
        )
    firminy.refresh_from_db()
    assert firminy.commune == "Firminy"
    # A place already outside (imported) can still be edited when its commune stays.
    outside = LieuFactory(
        hub=hub, commune="Le Puy-en-Velay", code_postal="43000", code_insee="43157"
    )
    lieu_update(lieu=outside, user=user, data={"nom": "Renommé"})


def test_an_unknown_commune_cannot_be_checked_against_a_territory():
    hub = HubFactory(departements=["42"])
    reason = outside_territory(hub, code_insee="", code_postal="99999", commune="Nulle part")
    assert "n'a pas été reconnue" in reason
    assert outside_territory(HubFactory(), code_insee="", code_postal="99999", commune="") is None


def test_confirm_only_moves_the_date(lieu, user):
    lieu_confirm(lieu=lieu, user=user)
    lieu.refresh_from_db()
    assert lieu.date_maj == timezone.localdate()
    change = LieuChange.objects.get()
    assert change.action == ChangeAction.CONFIRM
    assert change.changes == {"date_maj": [OLD_DATE.isoformat(), timezone.localdate().isoformat()]}


def test_close_and_reopen(lieu, user):
    start, end = datetime.date(2026, 12, 24), datetime.date(2027, 1, 2)
    lieu_close(lieu=lieu, user=user, start=start, end=end, message="  Congés  ")
    lieu.refresh_from_db()
    assert (lieu.fermeture_debut, lieu.fermeture_fin, lieu.fermeture_message) == (
        start,
        end,
        "Congés",
    )
    assert lieu.closed_on(datetime.date(2026, 12, 31)) and not lieu.closed_on(end.replace(day=3))
    lieu_reopen(lieu=lieu, user=user)
    lieu.refresh_from_db()
    assert lieu.fermeture_debut is None and lieu.fermeture_message == ""
    actions = list(LieuChange.objects.values_list("action", flat=True))
    assert actions == [ChangeAction.REOPEN, ChangeAction.CLOSE]


def test_close_refuses_reversed_dates_and_long_messages(lieu, user):
    with pytest.raises(LieuUpdateError, match="précède"):
        lieu_close(
            lieu=lieu, user=user, start=datetime.date(2026, 12, 2), end=datetime.date(2026, 12, 1)
        )
    with pytest.raises(LieuUpdateError, match="280"):
        lieu_close(
            lieu=lieu,
            user=user,
            start=datetime.date(2026, 12, 1),
            end=datetime.date(2026, 12, 2),
            message="x" * 281,
        )
    lieu.refresh_from_db()
    assert lieu.fermeture_debut is None and not LieuChange.objects.exists()


def test_archive_and_restore_once(lieu, user):
    assert lieu_archive(lieu=lieu, user=user) is True
    archived_at = lieu.archive_le
    assert lieu_archive(lieu=lieu, user=user) is False
    lieu.refresh_from_db()
    assert lieu.archive_le == archived_at
    assert not type(lieu).objects.public().filter(pk=lieu.pk).exists()
    assert lieu_restore(lieu=lieu, user=user) is True
    assert lieu_restore(lieu=lieu, user=user) is False
    assert type(lieu).objects.public().filter(pk=lieu.pk).exists()
    actions = list(LieuChange.objects.values_list("action", flat=True))
    assert actions == [ChangeAction.RESTORE, ChangeAction.ARCHIVE]
