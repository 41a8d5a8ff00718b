"""Error reports (signalements): who is e-mailed, and the hub's list in the workspace."""

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from directory.models import Signalement
from directory.services import signalement_create
from tests.directory.factories import HubFactory, LieuFactory, MembershipFactory, UserFactory


@pytest.fixture
def hub():
    return HubFactory(nom="Hub de l'Ain", slug="ain", courriel="contact@hub-ain.fr")


@pytest.fixture
def editor(hub):
    return MembershipFactory(hub=hub, role="editeur", user__email="editeur@exemple.fr")


def report(lieu, *, status="nouveau", days_ago=0, message="", hub=None):
    signalement = Signalement.objects.create(
        lieu=lieu,
        hub=hub if hub is not None else lieu.hub,
        categories=["horaires"],
        message=message,
        contact_email="usager@exemple.fr",
        status=status,
    )
    created = timezone.now() - datetime.timedelta(days=days_ago)
    Signalement.objects.filter(pk=signalement.pk).update(created_at=created)
    return signalement


def list_url(slug="ain", statut=None):
    base = reverse("espace-signalements", args=[slug])
    return base if statut is None else f"{base}?statut={statut}"


# E-mails when a report is made


def test_report_emails_exactly_the_hub_admins_and_its_contact(hub, editor):
    MembershipFactory(hub=hub, role="admin", user__email="admin1@exemple.fr")
    MembershipFactory(hub=hub, role="admin", user__email="admin2@exemple.fr")
    MembershipFactory(role="admin", user__email="autre-hub@exemple.fr")
    lieu = LieuFactory(hub=hub, nom="Espace numérique")
    signalement_create(lieu=lieu, categories=["horaires"], message="Fermé le lundi")
    assert len(mail.outbox) == 1
    assert sorted(mail.outbox[0].to) == [
        "admin1@exemple.fr",
        "admin2@exemple.fr",
        "contact@hub-ain.fr",
    ]
    assert "Espace numérique" in mail.outbox[0].subject
    assert "Fermé le lundi" in mail.outbox[0].body


def test_report_on_a_place_without_hub_goes_to_the_site_admins(settings, hub):
    MembershipFactory(hub=hub, role="admin")
    settings.ADMINS = [("Équipe", "equipe@aiguillage.example")]
    signalement = signalement_create(lieu=LieuFactory(hub=None), categories=["ferme"], message="")
    assert signalement.hub is None
    assert [m.to for m in mail.outbox] == [["equipe@aiguillage.example"]]


# Who may see the list


def test_anonymous_people_are_sent_to_the_login_page(client, hub):
    response = client.get(list_url())
    assert response.status_code == 302
    assert response["Location"].startswith("/espace/connexion/?next=")


def test_members_of_another_hub_and_strangers_get_a_404(client, hub):
    signalement = report(LieuFactory(hub=hub))
    for user in (MembershipFactory(role="admin").user, UserFactory()):
        client.force_login(user)
        assert client.get(list_url()).status_code == 404
        response = client.post(
            reverse("espace-signalement-statut", args=["ain", signalement.pk]),
            {"status": "traite"},
        )
        assert response.status_code == 404
    signalement.refresh_from_db()
    assert signalement.status == "nouveau"


# The list


def test_editor_sees_open_reports_of_the_hub_newest_first(client, hub, editor):
    lieu = LieuFactory(hub=hub, nom="Médiathèque Lamartine")
    old = report(lieu, days_ago=3, message="ancien message")
    new = report(lieu, status="en_cours", days_ago=1, message="récent message")
    report(lieu, status="traite", message="déjà traité")
    report(lieu, status="rejete", message="rejeté")
    report(LieuFactory(hub=HubFactory()), message="autre hub")
    client.force_login(editor.user)
    response = client.get(list_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert [item["signalement"] for item in response.context["items"]] == [new, old]
    assert html.index("récent message") < html.index("ancien message")
    for hidden in ("déjà traité", "rejeté</", "autre hub"):
        assert hidden not in html
    assert 'aria-current="page">À traiter (nouveaux et en cours) (2)' in html
    assert f'href="/espace/lieux/{lieu.pk}/"' in html
    assert "Les horaires sont faux" in html
    assert "usager@exemple.fr" in html


@pytest.mark.parametrize(
    ("statut", "expected"),
    [
        ("traite", ["traite"]),
        ("rejete", ["rejete"]),
        ("nouveau", ["nouveau"]),
        ("tous", ["nouveau", "en_cours", "traite", "rejete"]),
        ("n-importe-quoi", ["nouveau", "en_cours"]),
    ],
)
def test_list_filters_by_status(client, hub, editor, statut, expected):
    lieu = LieuFactory(hub=hub)
    for days, status in enumerate(["nouveau", "en_cours", "traite", "rejete"]):
        report(lieu, status=status, days_ago=days)
    client.force_login(editor.user)
    response = client.get(list_url(statut=statut))
    assert [item["signalement"].status for item in response.context["items"]] == expected


def test_report_on_a_place_now_in_another_hub_links_to_its_public_sheet(client, hub, editor):
    lieu = LieuFactory(hub=HubFactory())
    report(lieu, hub=hub)
    client.force_login(editor.user)
    html = client.get(list_url()).content.decode()
    assert f'href="{reverse("lieu-detail", args=[lieu.pk])}"' in html
    assert f'href="/espace/lieux/{lieu.pk}/"' not in html


def test_list_is_paginated(client, hub, editor):
    lieu = LieuFactory(hub=hub)
    for days in range(35):
        report(lieu, days_ago=days)
    client.force_login(editor.user)
    first = client.get(list_url())
    assert len(first.context["items"]) == 30
    assert "Page 1 sur 2" in first.content.decode()
    second = client.get(list_url() + "?statut=ouverts&page=2")
    assert len(second.context["items"]) == 5


# Changing the status


def test_member_changes_the_status_which_records_who_and_when(client, hub, editor):
    signalement = report(LieuFactory(hub=hub, nom="Maison France services"))
    client.force_login(editor.user)
    before = timezone.now()
    response = client.post(
        reverse("espace-signalement-statut", args=["ain", signalement.pk]),
        {"status": "traite", "statut_liste": "nouveau"},
    )
    assert response.status_code == 302
    assert response["Location"] == list_url(statut="nouveau")
    signalement.refresh_from_db()
    assert signalement.status == "traite"
    assert signalement.processed_by == editor.user
    assert signalement.processed_at >= before
    page = client.get(list_url(statut="traite"))
    html = page.content.decode()
    assert "par editeur@exemple.fr" in html
    assert "maintenant « traité »" in " ".join(str(m) for m in page.context["messages"])


def test_status_change_needs_post_and_a_known_status(client, hub, editor):
    signalement = report(LieuFactory(hub=hub))
    url = reverse("espace-signalement-statut", args=["ain", signalement.pk])
    client.force_login(editor.user)
    assert client.get(url).status_code == 405
    client.post(url, {"status": "supprime"})
    signalement.refresh_from_db()
    assert (signalement.status, signalement.processed_by) == ("nouveau", None)


def test_report_of_another_hub_cannot_be_changed_through_this_hub(client, hub, editor):
    elsewhere = report(LieuFactory(hub=HubFactory()))
    client.force_login(editor.user)
    response = client.post(
        reverse("espace-signalement-statut", args=["ain", elsewhere.pk]), {"status": "traite"}
    )
    assert response.status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.status == "nouveau"


def test_status_form_needs_the_csrf_token(hub, editor):
    signalement = report(LieuFactory(hub=hub))
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor.user)
    response = client.post(
        reverse("espace-signalement-statut", args=["ain", signalement.pk]), {"status": "traite"}
    )
    assert response.status_code == 403
    signalement.refresh_from_db()
    assert signalement.status == "nouveau"
