"""Workspace pages of a hub's places (directory/workspace/places.py), through HTTP."""

import datetime
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from directory.enums import ChangeAction
from directory.models import Lieu, LieuChange, PointSource
from directory.search import LieuCriteria, search_lieux
from directory.workspace.place_forms import LieuForm
from tests.directory.factories import HubFactory, LieuFactory, MembershipFactory

TODAY = timezone.localdate


@pytest.fixture(autouse=True)
def _no_geocoder(settings):
    """Without a geocoder, a new address falls back on its commune centre (tests that need a
    geocoded address use the ban_stub fixture)."""
    settings.GEOCODER_ENABLED = False


@pytest.fixture
def hub_a():
    return HubFactory(nom="Hub Loire", slug="hub-loire")


@pytest.fixture
def editor(hub_a):
    return MembershipFactory(hub=hub_a, role="editeur").user


@pytest.fixture
def admin(hub_a):
    return MembershipFactory(hub=hub_a, role="admin").user


@pytest.fixture
def outsider():
    """A member of another hub."""
    return MembershipFactory(hub=HubFactory(slug="hub-autre"), role="admin").user


@pytest.fixture
def lieu_a(hub_a):
    return LieuFactory(hub=hub_a, import_source=hub_a.import_source, nom="Médiathèque Loire")


@pytest.fixture
def lieu_b():
    other = HubFactory(slug="hub-b")
    return LieuFactory(hub=other, import_source=other.import_source, nom="Lieu de B")


def form_data(lieu, **changes):
    """What the edit page posts when nothing is touched, with `changes` on top."""
    form = LieuForm(lieu=lieu)
    data = {"action": "enregistrer", "horaires_mode": form.hours_mode}
    for name in form.fields:
        if name == "horaires_mode":
            continue
        value = form.initial.get(name, "")
        data[name] = "" if value is None else value
    if form.hours_mode == "simple":
        data.pop("horaires")
        data.update(form.hours_values())
    data.update(changes)
    return data


def text_of(response):
    """The page's text without tags, spaces collapsed (for phrases split by markup)."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).replace("\xa0", " ").split())


# --- Permissions on every URL ----------------------------------------------------------------

LIEU_PAGES = ["espace-lieu", "espace-lieu-fermeture", "espace-lieu-historique"]
LIEU_ACTIONS = ["espace-lieu-confirmer", "espace-lieu-archiver", "espace-lieu-restaurer"]
HUB_PAGES = ["espace-hub", "espace-historique", "espace-lieu-nouveau"]


@pytest.mark.parametrize("role", ["editeur", "admin"])
@pytest.mark.parametrize("name", LIEU_PAGES + HUB_PAGES)
def test_members_of_the_hub_open_every_page(client, hub_a, lieu_a, role, name):
    client.force_login(MembershipFactory(hub=hub_a, role=role).user)
    arg = lieu_a.pk if name in LIEU_PAGES else hub_a.slug
    response = client.get(reverse(name, args=[arg]))
    assert response.status_code == 200
    assert hub_a.nom in response.content.decode()


@pytest.mark.parametrize("role", ["editeur", "admin"])
@pytest.mark.parametrize("name", LIEU_ACTIONS)
def test_members_of_the_hub_use_every_action(client, hub_a, lieu_a, role, name):
    client.force_login(MembershipFactory(hub=hub_a, role=role).user)
    response = client.post(reverse(name, args=[lieu_a.pk]))
    assert response.status_code in (200, 302)


@pytest.mark.parametrize("name", LIEU_PAGES + LIEU_ACTIONS)
def test_a_place_of_another_hub_does_not_exist(client, outsider, lieu_a, name):
    client.force_login(outsider)
    url = reverse(name, args=[lieu_a.pk])
    if name in LIEU_PAGES:
        assert client.get(url).status_code == 404
    if name != "espace-lieu-historique":
        assert client.post(url, {"confirme": "oui", "action": "rouvrir"}).status_code == 404
    lieu_a.refresh_from_db()
    assert lieu_a.archive_le is None
    assert not LieuChange.objects.filter(lieu=lieu_a).exists()


@pytest.mark.parametrize("name", LIEU_PAGES + LIEU_ACTIONS)
def test_guessing_the_id_of_another_hubs_place_or_an_unknown_one(client, editor, lieu_b, name):
    client.force_login(editor)
    orphan = LieuFactory(hub=None)
    for pk in (lieu_b.pk, orphan.pk, 999999):
        url = reverse(name, args=[pk])
        response = client.get(url) if name in LIEU_PAGES else client.post(url)
        assert response.status_code == 404


@pytest.mark.parametrize("name", HUB_PAGES)
def test_another_hub_does_not_exist(client, outsider, hub_a, name):
    client.force_login(outsider)
    assert client.get(reverse(name, args=[hub_a.slug])).status_code == 404
    assert client.get(reverse(name, args=["inconnu"])).status_code == 404


def test_creating_in_another_hub_is_refused(client, outsider, hub_a, lieu_a):
    client.force_login(outsider)
    data = form_data(lieu_a, nom="Intrus")
    response = client.post(reverse("espace-lieu-nouveau", args=[hub_a.slug]), data)
    assert response.status_code == 404
    assert not Lieu.objects.filter(nom="Intrus").exists()


@pytest.mark.parametrize("name", LIEU_PAGES + HUB_PAGES)
def test_anonymous_people_are_sent_to_the_login_page(client, hub_a, lieu_a, name):
    arg = lieu_a.pk if name in LIEU_PAGES else hub_a.slug
    url = reverse(name, args=[arg])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("espace-connexion"))


@pytest.mark.parametrize("name", LIEU_ACTIONS)
def test_anonymous_actions_change_nothing(client, lieu_a, name):
    response = client.post(reverse(name, args=[lieu_a.pk]), {"confirme": "oui"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("espace-connexion"))
    assert not LieuChange.objects.exists()


@pytest.mark.parametrize("name", LIEU_ACTIONS)
def test_actions_are_post_only(client, editor, lieu_a, name):
    client.force_login(editor)
    assert client.get(reverse(name, args=[lieu_a.pk])).status_code == 405


def test_actions_need_the_csrf_token(editor, lieu_a):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    response = client.post(reverse("espace-lieu-confirmer", args=[lieu_a.pk]))
    assert response.status_code == 403
    response = client.post(reverse("espace-lieu", args=[lieu_a.pk]), form_data(lieu_a, nom="X"))
    assert response.status_code == 403
    lieu_a.refresh_from_db()
    assert lieu_a.nom == "Médiathèque Loire"


# --- The hub's list --------------------------------------------------------------------------


def test_hub_list_shows_freshness_in_words_counts_and_closures(client, editor, hub_a):
    today = TODAY()
    LieuFactory(hub=hub_a, nom="Fraîche", date_maj=today)
    LieuFactory(hub=hub_a, nom="Tiède", date_maj=today - datetime.timedelta(days=200))
    LieuFactory(hub=hub_a, nom="Vieille", date_maj=today - datetime.timedelta(days=400))
    LieuFactory(
        hub=hub_a,
        nom="En travaux",
        date_maj=today,
        fermeture_debut=today - datetime.timedelta(days=1),
        fermeture_fin=today + datetime.timedelta(days=3),
    )
    LieuFactory(hub=hub_a, nom="Fermée pour de bon", archive_le=timezone.now())
    LieuFactory(nom="Lieu sans hub")
    client.force_login(editor)
    response = client.get(reverse("espace-hub", args=[hub_a.slug]))
    text = text_of(response)
    assert "à jour : 2" in text and "à vérifier : 1" in text and "ancienne : 1" in text
    assert "archivés : 1" in text
    rows = {row.lieu.nom: row for row in response.context["rows"]}
    assert set(rows) == {"Fraîche", "Tiède", "Vieille", "En travaux"}
    assert (rows["Tiède"].state_label, rows["Vieille"].state_label) == ("à vérifier", "ancienne")
    assert rows["En travaux"].closure.startswith("Fermé temporairement jusqu'au")
    assert "Créer un lieu" in text
    assert reverse("espace-lieu-nouveau", args=[hub_a.slug]) in response.content.decode()


def test_hub_list_filters(client, editor, hub_a):
    today = TODAY()
    LieuFactory(hub=hub_a, nom="Espace Beaubrun", commune="Saint-Étienne", date_maj=today)
    LieuFactory(
        hub=hub_a,
        nom="Médiathèque",
        commune="Firminy",
        date_maj=today - datetime.timedelta(days=400),
        services=["Aide aux démarches administratives"],
    )
    LieuFactory(hub=hub_a, nom="Ancien lieu", commune="Firminy", archive_le=timezone.now())
    client.force_login(editor)
    url = reverse("espace-hub", args=[hub_a.slug])

    def names(**params):
        response = client.get(url, params)
        assert response.status_code == 200
        return sorted(row.lieu.nom for row in response.context["rows"])

    assert names() == ["Espace Beaubrun", "Médiathèque"]
    assert names(q="beaubrun") == ["Espace Beaubrun"]
    assert names(q="firminy") == ["Médiathèque"]
    assert names(etat="ancienne") == ["Médiathèque"]
    assert names(etat="a_jour") == ["Espace Beaubrun"]
    assert names(services="Aide aux démarches administratives") == ["Médiathèque"]
    assert names(archives="1") == ["Ancien lieu"]
    assert names(etat="inconnu") == ["Espace Beaubrun", "Médiathèque"]  # ignored, said so
    assert "filtres n'ont pas été compris" in text_of(client.get(url, {"etat": "inconnu"}))


def test_hub_list_is_paginated_and_sorted(client, editor, hub_a):
    today = TODAY()
    for index in range(55):
        LieuFactory(hub=hub_a, nom=f"Lieu {index:02d}", date_maj=today - datetime.timedelta(index))
    client.force_login(editor)
    url = reverse("espace-hub", args=[hub_a.slug])
    first = client.get(url)
    assert len(first.context["rows"]) == 50
    assert first.context["rows"][0].lieu.nom == "Lieu 00"
    second = client.get(url, {"page": 2})
    assert [row.lieu.nom for row in second.context["rows"]][-1] == "Lieu 54"
    assert client.get(url, {"page": "abc"}).context["rows"][0].lieu.nom == "Lieu 00"
    oldest_first = client.get(url, {"tri": "date"})
    assert oldest_first.context["rows"][0].lieu.nom == "Lieu 54"


def test_hub_list_queries_do_not_grow_with_places(
    client, editor, hub_a, django_assert_max_num_queries
):
    for index in range(30):
        LieuFactory(hub=hub_a, nom=f"Lieu {index}")
    client.force_login(editor)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("espace-hub", args=[hub_a.slug]))
    assert len(response.context["rows"]) == 30


# --- Editing a place -------------------------------------------------------------------------


def test_edit_page_shows_every_section_and_the_hours_as_rows(client, editor, lieu_a):
    client.force_login(editor)
    response = client.get(reverse("espace-lieu", args=[lieu_a.pk]))
    html = response.content.decode()
    for legend in (
        "Le lieu",
        "Adresse et position",
        "Contact",
        "Horaires",
        "Services et publics",
        "Accès et accompagnement",
        "Labels et programmes",
        "Présentation",
    ):
        assert f"<h2>{legend}</h2>" in html
    assert 'id="id_nom"' in html and 'value="Médiathèque Loire"' in html
    assert 'id="id_services_0"' in html
    assert 'id="id_horaires_mo_1_debut" name="horaires_mo_1_debut" value="09:00"' in html
    assert 'id="id_horaires_fr_2_fin" name="horaires_fr_2_fin" value="18:00"' in html
    assert 'id="id_horaires_sa_1_debut" name="horaires_sa_1_debut" value=""' in html
    assert 'id="id_latitude"' in html and 'value="45.767600"' in html
    assert "Position fournie par la source" in text_of(response)
    assert 'name="horaires"' not in html  # no raw field for simple hours


def test_saving_changes_updates_the_place_its_date_and_its_history(client, editor, lieu_a):
    client.force_login(editor)
    data = form_data(
        lieu_a,
        nom="Médiathèque de la Loire",
        telephone="04 77 12 34 56",
        courriels="accueil@mediatheque.fr\ncontact@mediatheque.fr",
        site_web="www.mediatheque.fr",
        services=["Aide aux démarches administratives", "Loisirs et créations numériques"],
        frais_a_charge=["Gratuit"],
        autres_formations_labels="APTIC\nPass numérique",
        horaires_sa_1_debut="09:00",
        horaires_sa_1_fin="12:00",
    )
    response = client.post(reverse("espace-lieu", args=[lieu_a.pk]), data, follow=True)
    assert response.redirect_chain == [(reverse("espace-lieu", args=[lieu_a.pk]), 302)]
    lieu_a.refresh_from_db()
    assert lieu_a.nom == "Médiathèque de la Loire"
    assert lieu_a.telephone == "+33477123456"
    assert lieu_a.courriels == ["accueil@mediatheque.fr", "contact@mediatheque.fr"]
    assert lieu_a.site_web == ["https://www.mediatheque.fr"]
    assert lieu_a.services == [
        "Aide aux démarches administratives",
        "Loisirs et créations numériques",
    ]
    assert lieu_a.autres_formations_labels == ["APTIC", "Pass numérique"]
    assert lieu_a.horaires == "Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00"
    assert lieu_a.date_maj == TODAY()
    change = LieuChange.objects.get(lieu=lieu_a)
    assert change.action == ChangeAction.UPDATE and change.user_email == editor.email
    assert change.changes["telephone"] == [None, "+33477123456"]
    assert set(change.changes) == {
        "nom",
        "telephone",
        "courriels",
        "site_web",
        "services",
        "frais_a_charge",
        "autres_formations_labels",
        "horaires",
    }
    text = text_of(response)
    assert "Modifications enregistrées : Nom du lieu, Téléphone," in text
    assert "Horaires d'ouverture" in text


def test_saving_without_change_confirms_and_keeps_the_hours_string(client, editor, hub_a):
    lieu = LieuFactory(
        hub=hub_a, horaires="Mo,Tu,We,Th,Fr 09:00-12:00", date_maj=datetime.date(2025, 1, 1)
    )
    client.force_login(editor)
    response = client.post(reverse("espace-lieu", args=[lieu.pk]), form_data(lieu), follow=True)
    lieu.refresh_from_db()
    assert lieu.horaires == "Mo,Tu,We,Th,Fr 09:00-12:00"  # same week: not rewritten
    assert lieu.date_maj == TODAY()
    change = LieuChange.objects.get(lieu=lieu)
    assert change.action == ChangeAction.CONFIRM and change.changes == {}
    assert "Aucune modification : la fiche est confirmée à jour" in text_of(response)


def test_errors_are_summarised_linked_to_their_fields_and_nothing_is_saved(client, editor, lieu_a):
    client.force_login(editor)
    data = form_data(
        lieu_a,
        nom="",
        code_postal="4200",
        telephone="12",
        courriels="accueil@mediatheque\nbon@exemple.fr",
        site_web="pas une adresse",
        presentation_resume="x" * 281,
        horaires_tu_1_debut="14:00",
        horaires_tu_1_fin="12:00",
        services=["Un service inventé"],
    )
    response = client.post(reverse("espace-lieu", args=[lieu_a.pk]), data)
    assert response.status_code == 200
    summary = dict(response.context["errors"])
    assert set(summary) >= {
        "id_nom",
        "id_code_postal",
        "id_telephone",
        "id_courriels",
        "id_site_web",
        "id_presentation_resume",
        "id_horaires_tu_1_fin",
        "id_services_0",
    }
    assert "« accueil@mediatheque »" in summary["id_courriels"]
    assert "281 caractères" in summary["id_presentation_resume"]
    html = response.content.decode()
    assert 'href="#id_horaires_tu_1_fin"' in html and 'href="#id_code_postal"' in html
    assert (
        'aria-invalid="true"' in html
        and 'aria-describedby="erreur-telephone aide-telephone"' in html
    )
    assert "Rien n'a été enregistré" in text_of(response)
    # What was typed is kept.
    assert 'value="14:00"' in html and "bon@exemple.fr" in html
    lieu_a.refresh_from_db()
    assert lieu_a.nom == "Médiathèque Loire" and lieu_a.telephone == ""
    assert not LieuChange.objects.exists()


def test_check_hours_button_previews_them_in_words_and_keeps_every_value(client, editor, lieu_a):
    client.force_login(editor)
    data = form_data(
        lieu_a,
        action="verifier",
        nom="Nom pas encore enregistré",
        horaires_sa_1_debut="10:00",
        horaires_sa_1_fin="12:30",
    )
    response = client.post(reverse("espace-lieu", args=[lieu_a.pk]), data)
    assert response.status_code == 200
    text = text_of(response)
    assert "Sur la fiche, les 7 prochains jours se liront ainsi" in text
    assert "10 h – 12 h 30" in text
    assert "Mo-Fr 09:00-12:00,14:00-18:00; Sa 10:00-12:30" in text
    assert "Rien n'est encore enregistré" in text
    assert 'value="Nom pas encore enregistré"' in response.content.decode()
    lieu_a.refresh_from_db()
    assert lieu_a.nom == "Médiathèque Loire"
    assert not LieuChange.objects.exists()


def test_hours_rows_cannot_say_are_edited_as_osm_text(client, editor, hub_a):
    lieu = LieuFactory(hub=hub_a, horaires="Mo-Fr 09:00-12:00; PH off")
    client.force_login(editor)
    url = reverse("espace-lieu", args=[lieu.pk])
    html = client.get(url).content.decode()
    assert 'name="horaires"' in html and "Mo-Fr 09:00-12:00; PH off</textarea>" in html
    assert "horaires_mo_1_debut" not in html

    wrong = client.post(url, form_data(lieu, horaires="du lundi au vendredi, le matin"))
    assert "id_horaires" in dict(wrong.context["errors"])
    lieu.refresh_from_db()
    assert lieu.horaires == "Mo-Fr 09:00-12:00; PH off"

    client.post(url, form_data(lieu, horaires="Mo-Sa 09:00-12:00; PH off"))
    lieu.refresh_from_db()
    assert lieu.horaires == "Mo-Sa 09:00-12:00; PH off"


def test_switching_between_rows_and_osm_text_keeps_the_hours(client, editor, lieu_a):
    client.force_login(editor)
    url = reverse("espace-lieu", args=[lieu_a.pk])
    to_text = client.post(url, form_data(lieu_a, action="horaires_avance"))
    assert to_text.context["hours_mode"] == "avance"
    assert "Mo-Fr 09:00-12:00,14:00-18:00</textarea>" in to_text.content.decode()
    data = form_data(lieu_a, action="horaires_simple", horaires_mode="avance")
    for name in list(data):
        if name.startswith("horaires_") and name != "horaires_mode":
            del data[name]
    data["horaires"] = "Tu 10:00-12:00"
    to_rows = client.post(url, data)
    assert to_rows.context["hours_mode"] == "simple"
    assert 'name="horaires_tu_1_debut" value="10:00"' in to_rows.content.decode()
    data["horaires"] = "Mo-Fr 09:00-12:00; PH off"
    refused = client.post(url, data)
    assert refused.context["hours_mode"] == "avance"
    assert "ne peuvent pas être saisis jour par jour" in text_of(refused)
    lieu_a.refresh_from_db()
    assert lieu_a.horaires == "Mo-Fr 09:00-12:00,14:00-18:00"


def test_a_new_address_is_geocoded_and_the_page_says_so(client, editor, hub_a, ban_stub):
    lieu = LieuFactory(hub=hub_a)
    client.force_login(editor)
    data = form_data(
        lieu,
        adresse="1 place du Capitole",
        code_postal="31000",
        commune="Toulouse",
        code_insee="31555",
    )
    response = client.post(reverse("espace-lieu", args=[lieu.pk]), data, follow=True)
    lieu.refresh_from_db()
    assert lieu.point_source == PointSource.GEOCODAGE
    assert round(lieu.point.y, 4) == 43.6045 and lieu.commune_ref_id == "31555"
    assert "Position trouvée d'après l'adresse" in text_of(response)
    assert LieuChange.objects.get(lieu=lieu).changes["point"][1] == "43.60447, 1.44356"


def test_an_address_not_found_falls_back_on_the_commune_centre(client, editor, lieu_a):
    client.force_login(editor)
    data = form_data(
        lieu_a, adresse="Rue inconnue", code_postal="42000", commune="Saint-Étienne", code_insee=""
    )
    response = client.post(reverse("espace-lieu", args=[lieu_a.pk]), data, follow=True)
    lieu_a.refresh_from_db()
    assert lieu_a.point_source == PointSource.COMMUNE and lieu_a.commune_ref_id == "42218"
    assert "le lieu est placé au centre de la commune" in text_of(response)


def test_a_point_moved_by_hand_wins_and_emptying_it_locates_again(client, editor, lieu_a):
    client.force_login(editor)
    url = reverse("espace-lieu", args=[lieu_a.pk])
    response = client.post(
        url, form_data(lieu_a, latitude="45,7601", longitude="4.8402"), follow=True
    )
    lieu_a.refresh_from_db()
    assert lieu_a.point_source == PointSource.MANUEL
    assert (round(lieu_a.point.y, 4), round(lieu_a.point.x, 4)) == (45.7601, 4.8402)
    assert "Position placée à la main" in text_of(response)

    client.post(url, form_data(lieu_a, latitude="", longitude=""))
    lieu_a.refresh_from_db()
    assert lieu_a.point is not None and lieu_a.point_source == PointSource.COMMUNE


def test_a_point_outside_the_postcodes_territory_is_refused(client, editor, lieu_a):
    client.force_login(editor)
    url = reverse("espace-lieu", args=[lieu_a.pk])
    response = client.post(url, form_data(lieu_a, latitude="4.84", longitude="45.76"))
    message = dict(response.context["errors"])["id_latitude"]
    assert "latitude et longitude inversées" in message
    response = client.post(url, form_data(lieu_a, latitude="45.76", longitude=""))
    assert "id_longitude" in dict(response.context["errors"])
    lieu_a.refresh_from_db()
    assert lieu_a.point_source == PointSource.SOURCE


def test_insee_code_and_postcode_must_agree(client, editor, lieu_a):
    client.force_login(editor)
    url = reverse("espace-lieu", args=[lieu_a.pk])
    response = client.post(url, form_data(lieu_a, code_insee="42218"))
    assert (
        "n'est pas dans le département du code postal 69001"
        in dict(response.context["errors"])["id_code_insee"]
    )
    response = client.post(url, form_data(lieu_a, code_insee="123"))
    assert "n'est pas un code INSEE" in dict(response.context["errors"])["id_code_insee"]


# --- Creating a place ------------------------------------------------------------------------


def new_place_data(**changes):
    data = {
        "action": "enregistrer",
        "horaires_mode": "simple",
        "nom": "Espace numérique de Firminy",
        "adresse": "2 rue de la Tour",
        "code_postal": "42700",
        "commune": "Firminy",
        "services": ["Maîtrise des outils numériques du quotidien"],
        "horaires_we_1_debut": "14:00",
        "horaires_we_1_fin": "17:00",
    }
    data.update(changes)
    return data


def test_create_a_place_in_the_hub(client, editor, hub_a):
    client.force_login(editor)
    response = client.post(
        reverse("espace-lieu-nouveau", args=[hub_a.slug]), new_place_data(), follow=True
    )
    lieu = Lieu.objects.get(nom="Espace numérique de Firminy")
    assert response.redirect_chain == [(reverse("espace-lieu", args=[lieu.pk]), 302)]
    assert lieu.hub == hub_a and lieu.import_source == hub_a.import_source
    assert lieu.horaires == "We 14:00-17:00" and lieu.pivot == "00000000000000"
    assert lieu.commune_ref_id == "42095" and lieu.point_source == PointSource.COMMUNE
    assert lieu.date_maj == TODAY()
    assert LieuChange.objects.get(lieu=lieu).action == ChangeAction.CREATE
    assert "Le lieu « Espace numérique de Firminy » est créé." in text_of(response)
    assert client.get(reverse("lieu-detail", args=[lieu.pk])).status_code == 200


def test_a_hub_with_a_territory_cannot_create_a_place_outside_it(client, editor, hub_a):
    hub_a.departements = ["42", "43"]
    hub_a.save()
    client.force_login(editor)
    url = reverse("espace-lieu-nouveau", args=[hub_a.slug])
    response = client.post(
        url, new_place_data(commune="Lyon", code_postal="69001", adresse="1 place de la Comédie")
    )
    assert response.status_code == 200
    message = dict(response.context["errors"])["id_code_postal"]
    assert "Lyon n'est pas dans le territoire du hub « Hub Loire »" in message
    assert "départements 42, 43" in message
    assert not Lieu.objects.exists()
    client.post(url, new_place_data())  # Firminy, Loire (42)
    assert Lieu.objects.filter(commune="Firminy").count() == 1


def test_creation_errors_keep_the_typed_values(client, editor, hub_a):
    client.force_login(editor)
    response = client.post(
        reverse("espace-lieu-nouveau", args=[hub_a.slug]), new_place_data(adresse="")
    )
    assert dict(response.context["errors"])["id_adresse"] == "Indiquez l'adresse du lieu."
    html = response.content.decode()
    assert 'value="Espace numérique de Firminy"' in html and 'value="14:00"' in html
    assert not Lieu.objects.exists()


# --- Closure, confirmation, archive ----------------------------------------------------------


def test_a_temporary_closure_shows_on_the_sheet_and_hides_from_open_now(client, editor, hub_a):
    lieu = LieuFactory(hub=hub_a, horaires="24/7")
    client.force_login(editor)
    today = TODAY()
    url = reverse("espace-lieu-fermeture", args=[lieu.pk])
    response = client.post(
        url,
        {
            "action": "fermer",
            "debut": today.isoformat(),
            "fin": (today + datetime.timedelta(days=6)).isoformat(),
            "message": "Fermé pour travaux.",
        },
        follow=True,
    )
    lieu.refresh_from_db()
    assert (lieu.fermeture_debut, lieu.fermeture_message) == (today, "Fermé pour travaux.")
    assert "Fermé temporairement jusqu'au" in text_of(response)
    assert LieuChange.objects.get(lieu=lieu).action == ChangeAction.CLOSE

    sheet = text_of(client.get(reverse("lieu-detail", args=[lieu.pk])))
    assert "Fermeture temporaire" in sheet and "Fermé pour travaux." in sheet
    assert not search_lieux(LieuCriteria(open_at=timezone.now())).filter(pk=lieu.pk).exists()
    api = client.get("/api/lieux/", {"ouvert_maintenant": "true"}).json()
    assert lieu.pk not in [item["id"] for item in api.get("results", api)]

    client.post(url, {"action": "rouvrir"})
    lieu.refresh_from_db()
    assert lieu.fermeture_debut is None and lieu.fermeture_message == ""
    assert search_lieux(LieuCriteria(open_at=timezone.now())).filter(pk=lieu.pk).exists()


def test_closure_dates_are_checked(client, editor, lieu_a):
    client.force_login(editor)
    url = reverse("espace-lieu-fermeture", args=[lieu_a.pk])
    today = TODAY()
    response = client.post(
        url,
        {
            "debut": today.isoformat(),
            "fin": (today - datetime.timedelta(days=2)).isoformat(),
            "message": "x" * 281,
        },
    )
    errors = dict(response.context["errors"])
    assert errors["id_fin"] == "Le dernier jour de fermeture doit suivre le premier."
    assert "281 caractères" in errors["id_message"]
    response = client.post(url, {"debut": "", "fin": "32/13/2026"})
    errors = dict(response.context["errors"])
    assert errors == {
        "id_debut": "Indiquez le premier jour de fermeture.",
        "id_fin": "Indiquez une date, par exemple 02/01/2027.",
    }
    assert 'href="#id_fin"' in response.content.decode()
    lieu_a.refresh_from_db()
    assert lieu_a.fermeture_debut is None


def test_confirm_up_to_date(client, editor, hub_a):
    lieu = LieuFactory(hub=hub_a, date_maj=datetime.date(2024, 3, 1))
    client.force_login(editor)
    hub_url = reverse("espace-hub", args=[hub_a.slug]) + "?etat=ancienne"
    response = client.post(
        reverse("espace-lieu-confirmer", args=[lieu.pk]), {"retour": hub_url}, follow=True
    )
    assert response.redirect_chain[-1][0] == hub_url
    lieu.refresh_from_db()
    assert lieu.date_maj == TODAY()
    change = LieuChange.objects.get(lieu=lieu)
    assert change.action == ChangeAction.CONFIRM
    assert change.changes == {"date_maj": ["2024-03-01", TODAY().isoformat()]}
    assert "est confirmé à jour" in text_of(response)


def test_confirm_does_not_redirect_outside_the_workspace(client, editor, lieu_a):
    client.force_login(editor)
    response = client.post(
        reverse("espace-lieu-confirmer", args=[lieu_a.pk]), {"retour": "https://ailleurs.fr/"}
    )
    assert response["Location"] == reverse("espace-lieu", args=[lieu_a.pk])


def test_archive_asks_first_then_hides_the_place_from_the_public(client, editor, lieu_a):
    client.force_login(editor)
    url = reverse("espace-lieu-archiver", args=[lieu_a.pk])
    question = client.post(url)
    assert question.status_code == 200
    assert "Oui, archiver ce lieu" in text_of(question)
    lieu_a.refresh_from_db()
    assert lieu_a.archive_le is None

    client.post(url, {"confirme": "oui"})
    lieu_a.refresh_from_db()
    assert lieu_a.archive_le is not None
    assert client.get(reverse("lieu-detail", args=[lieu_a.pk])).status_code == 404
    assert not search_lieux(LieuCriteria()).filter(pk=lieu_a.pk).exists()
    # Still in the workspace, under "archivés".
    page = client.get(reverse("espace-lieu", args=[lieu_a.pk]))
    assert page.status_code == 200 and "Ce lieu est archivé" in text_of(page)
    hub_url = reverse("espace-hub", args=[lieu_a.hub.slug])
    archived = client.get(hub_url, {"archives": "1"})
    assert [row.lieu.pk for row in archived.context["rows"]] == [lieu_a.pk]

    restore = reverse("espace-lieu-restaurer", args=[lieu_a.pk])
    assert "Oui, remettre dans l'annuaire" in text_of(client.post(restore))
    client.post(restore, {"confirme": "oui"})
    lieu_a.refresh_from_db()
    assert lieu_a.archive_le is None
    assert client.get(reverse("lieu-detail", args=[lieu_a.pk])).status_code == 200
    actions = list(LieuChange.objects.filter(lieu=lieu_a).values_list("action", flat=True))
    assert actions == [ChangeAction.RESTORE, ChangeAction.ARCHIVE]


# --- History ---------------------------------------------------------------------------------


def test_place_history_says_who_when_and_what_changed(client, editor, lieu_a):
    client.force_login(editor)
    client.post(
        reverse("espace-lieu", args=[lieu_a.pk]),
        form_data(lieu_a, telephone="0477123456", frais_a_charge=["Gratuit", "Payant"]),
    )
    response = client.get(reverse("espace-lieu-historique", args=[lieu_a.pk]))
    text = text_of(response)
    assert f"Modification par {editor.email}" in text
    assert "Téléphone (vide) +33477123456" in text
    assert "Coût pour la personne (vide) Gratuit, Payant" in text


def test_hub_history_lists_every_place_without_a_query_per_change(
    client, editor, hub_a, django_assert_max_num_queries
):
    other = LieuFactory(hub=HubFactory())
    LieuChange.objects.create(lieu=other, hub=other.hub, action="modification", changes={})
    for index in range(60):
        lieu = LieuFactory(hub=hub_a, nom=f"Lieu {index}")
        LieuChange.objects.create(
            lieu=lieu,
            hub=hub_a,
            user_email="quelquun@exemple.fr",
            action="modification",
            changes={"nom": [f"Ancien {index}", f"Lieu {index}"]},
        )
    client.force_login(editor)
    url = reverse("espace-historique", args=[hub_a.slug])
    with django_assert_max_num_queries(8):
        response = client.get(url)
    assert len(response.context["entries"]) == 50
    assert "Nom du lieu Ancien 59 Lieu 59" in text_of(response)
    second = client.get(url, {"page": 2})
    assert len(second.context["entries"]) == 10
    assert other.nom not in second.content.decode() + response.content.decode()


def test_a_complete_imported_place_saves_back_unchanged(client, editor, hub_a):
    lieu = LieuFactory(
        hub=hub_a,
        pivot="12345678901234",
        code_insee="69381",
        complement_adresse="2e étage",
        typologie=["BIB", "MUNI"],
        telephone="+33477123456",
        courriels=["accueil@exemple.fr"],
        site_web=["https://www.exemple.fr/lieu?id=3"],
        horaires="Mo-Fr 09:00-12:00; PH off",
        presentation_resume="Un lieu pour apprendre.",
        presentation_detail="Premier paragraphe.\n\nSecond paragraphe.",
        source="Hub Loire",
        itinerance=["Fixe"],
        structure_parente="Ville de Lyon",
        services=["Aide aux démarches administratives", "Accès internet et matériel informatique"],
        publics_specifiquement_adresses=["Seniors"],
        prise_en_charge_specifique=["Surdité"],
        frais_a_charge=["Gratuit"],
        dispositif_programmes_nationaux=["France Services", "Aidants Connect"],
        formations_labels=["Étapes numériques(La Poste)"],
        autres_formations_labels=["APTIC"],
        modalites_acces=["Se présenter", "Téléphoner"],
        modalites_accompagnement=["Accompagnement individuel"],
        fiche_acces_libre="https://acceslibre.beta.gouv.fr/app/69-lyon/a/bibliotheque/erp/x/",
        prise_rdv="https://rdv.exemple.fr/",
    )
    client.force_login(editor)
    response = client.post(reverse("espace-lieu", args=[lieu.pk]), form_data(lieu))
    assert response.status_code == 302, response.context["errors"]
    change = LieuChange.objects.get(lieu=lieu)
    assert change.action == ChangeAction.CONFIRM and change.changes == {}


def test_a_value_outside_the_lists_is_shown_and_kept_until_unticked(client, editor, hub_a):
    lieu = LieuFactory(hub=hub_a, services=["Service d'une ancienne version"])
    client.force_login(editor)
    url = reverse("espace-lieu", args=[lieu.pk])
    html = client.get(url).content.decode()
    assert 'value="Service d&#x27;une ancienne version" id="id_services_9" checked' in html
    client.post(url, form_data(lieu))
    lieu.refresh_from_db()
    assert lieu.services == ["Service d'une ancienne version"]
    client.post(url, form_data(lieu, services=["Loisirs et créations numériques"]))
    lieu.refresh_from_db()
    assert lieu.services == ["Loisirs et créations numériques"]
