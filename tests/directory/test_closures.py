"""Temporary closures and archived places: what "open now", the search and the public sheet
say about them."""

import datetime
from zoneinfo import ZoneInfo

from directory.opening import CLOSED, OPEN, closure_aware_status
from directory.search import LieuCriteria, opening_of, search_lieux
from geodata.geo import point_from_lat_lon
from tests.directory.factories import LieuFactory

PARIS = ZoneInfo("Europe/Paris")
HOURS = "Mo-Fr 09:00-12:00,14:00-18:00"
# Monday 7 December 2026 to Wednesday 9 December 2026.
CLOSURE = (datetime.date(2026, 12, 7), datetime.date(2026, 12, 9))


def at(day, hour, minute=0):
    return datetime.datetime(2026, 12, day, hour, minute, tzinfo=PARIS)


def test_closed_during_the_closure_and_reopening_at_the_first_opening_after_it():
    status = closure_aware_status(HOURS, "Europe/Paris", at(8, 10), closure=CLOSURE, message="x")
    assert status.state == CLOSED
    assert status.closed_until == CLOSURE[1]
    assert status.closure_message == "x"
    assert status.next_change == at(10, 9)  # Thursday 9:00


def test_first_and_last_days_are_included():
    assert closure_aware_status(HOURS, "Europe/Paris", at(7, 9), closure=CLOSURE).state == CLOSED
    assert closure_aware_status(HOURS, "Europe/Paris", at(9, 17), closure=CLOSURE).state == CLOSED
    after = closure_aware_status(HOURS, "Europe/Paris", at(10, 9), closure=CLOSURE)
    assert after.state == OPEN and after.closed_until is None


def test_before_the_closure_the_next_opening_skips_it():
    # Friday 4 December 19:00: normally "opens Monday 9:00", but Monday to Wednesday are closed.
    status = closure_aware_status(HOURS, "Europe/Paris", at(4, 19), closure=CLOSURE)
    assert status.state == CLOSED
    assert status.next_change == at(10, 9)


def test_open_on_the_eve_of_a_closure_until_its_usual_closing_time():
    status = closure_aware_status(HOURS, "Europe/Paris", at(4, 15), closure=CLOSURE)
    assert status.state == OPEN
    assert status.next_change == at(4, 18)


def test_open_all_day_place_closes_at_midnight_when_the_closure_starts():
    status = closure_aware_status("24/7", "Europe/Paris", at(6, 22), closure=CLOSURE)
    assert status.state == OPEN
    assert status.next_change == at(7, 0)


def test_a_closed_place_is_not_in_the_open_search_but_is_in_the_plain_one():
    saint_etienne = point_from_lat_lon(45.4397, 4.3872)
    open_place = LieuFactory(horaires=HOURS, point=saint_etienne)
    closed_place = LieuFactory(
        horaires=HOURS,
        point=saint_etienne,
        fermeture_debut=CLOSURE[0],
        fermeture_fin=CLOSURE[1],
        fermeture_message="Travaux",
    )
    during = LieuCriteria(point=saint_etienne, radius_km=5, open_at=at(8, 10))
    assert list(search_lieux(during)) == [open_place]
    after = LieuCriteria(point=saint_etienne, radius_km=5, open_at=at(10, 10))
    assert set(search_lieux(after)) == {open_place, closed_place}
    assert opening_of(closed_place, at(8, 10)).closure_message == "Travaux"
    assert opening_of(open_place, at(8, 10)).state == OPEN


def test_archived_places_are_hidden_from_search_sheet_and_api(client):
    kept = LieuFactory()
    archived = LieuFactory(archive_le=datetime.datetime(2026, 11, 1, tzinfo=PARIS))
    assert list(search_lieux(LieuCriteria())) == [kept]
    assert client.get(f"/lieux/{archived.pk}/").status_code == 404
    assert client.get(f"/lieux/{kept.pk}/").status_code == 200
    ids = [item["id"] for item in client.get("/api/lieux/?code_insee=69123").json()["results"]]
    assert kept.source_id in ids and archived.source_id not in ids
    assert client.get(f"/api/lieux/{archived.pk}/").status_code == 404
    assert client.get(f"/api/lieux/{kept.pk}/").status_code == 200


def test_the_public_sheet_shows_a_current_closure_and_its_days(client):
    today = datetime.date.today()
    lieu = LieuFactory(
        horaires="Mo-Su 09:00-18:00",
        fermeture_debut=today,
        fermeture_fin=today + datetime.timedelta(days=2),
        fermeture_message="Fermé pour inventaire.",
    )
    html = client.get(f"/lieux/{lieu.pk}/").content.decode()
    assert "Fermeture temporaire du" in html
    assert "Fermé pour inventaire." in html
    assert "Fermé temporairement, rouvre" in html
    assert html.count("fermeture temporaire") == 3  # today and the next two days of the week


def test_a_past_closure_is_not_shown(client):
    today = datetime.date.today()
    lieu = LieuFactory(
        fermeture_debut=today - datetime.timedelta(days=5),
        fermeture_fin=today - datetime.timedelta(days=1),
        fermeture_message="Vacances",
    )
    html = client.get(f"/lieux/{lieu.pk}/").content.decode()
    assert "Vacances" not in html and "Fermeture temporaire" not in html
