import pytest

from diagnostic.scoring import score

from .personas import COMMON, NO_DEVICE, answers, with_acquired, with_skills

# --- Digital level: every boundary ---


@pytest.mark.parametrize(
    ("others", "level"),
    [(0, "N1"), (1, "N1"), (2, "N2"), (3, "N2"), (4, "N2"), (5, "N3")],
)
def test_digital_level_by_items_acquired_with_the_gate(others, level):
    assert score(with_acquired(gate=True, others=others)).digital_level == level


@pytest.mark.parametrize("others", [0, 2, 5])
def test_gate_not_acquired_is_first_steps_whatever_else(others):
    assert score(with_acquired(gate=False, others=others)).digital_level == "N1"


def test_acquired_means_two_points_or_more():
    """ "Avec un peu d'aide" (2) counts; "seulement si on me guide" (1) does not."""
    all_with_help = with_skills(*["peu_aide"] * 6)
    assert score(all_with_help).digital_level == "N3"
    one_guided = with_skills(*["peu_aide"] * 5, "guide")
    assert score(one_guided).digital_level == "N2"
    assert score(one_guided).acquired == ("allumer", "chercher", "message", "document", "securite")


@pytest.mark.parametrize(
    "change",
    [{"appareil": "aucun"}, {"internet": "jamais"}, {"internet": "arrete"}],
)
def test_no_access_is_n0_not_assessed_not_zero(change):
    scores = score(answers(**change))
    assert scores.digital_level == "N0"
    assert not scores.skills_assessed
    assert scores.skills == dict.fromkeys(scores.skills, None)
    assert scores.indices["competences"] is None  # not 0
    assert scores.inferred_skills == ()


def test_skipped_harder_items_are_inferred_not_acquired():
    scores = score(with_skills("guide", "seul", "seul", "seul", "seul", "seul"))
    assert scores.inferred_skills == ("document", "securite", "probleme")
    assert scores.skills == {
        "allumer": 1,
        "chercher": 3,
        "message": 3,
        "document": 0,  # answered "seul" earlier, but skipped now: inferred
        "securite": 0,
        "probleme": 0,
    }
    assert scores.skills_assessed
    assert scores.digital_level == "N1"
    assert scores.indices["competences"] == round(100 * 7 / 18)


# --- Administrative autonomy ---


@pytest.mark.parametrize(
    ("demarches", "level"),
    [
        ("sans_aide", "AA"),
        ("parfois_aide", "AP"),
        ("avec_quelquun", "AC"),
        ("a_ma_place", "AD"),
        ("renonce", "AR"),
    ],
)
def test_admin_level_follows_how_procedures_are_done(demarches, level):
    assert score(answers(demarches=demarches)).admin_level == level


@pytest.mark.parametrize(
    ("demarches", "level"),
    [("sans_aide", "AD"), ("avec_quelquun", "AD"), ("a_ma_place", "AD"), ("renonce", "AR")],
)
def test_someone_keeping_the_logins_is_delegation(demarches, level):
    given = answers(demarches=demarches, identifiants="garde_par_autre")
    assert score(given).admin_level == level


def test_admin_autonomy_is_measured_apart_from_digital_skills():
    at_ease_online = with_skills(*["seul"] * 6, demarches="renonce")
    scores = score(at_ease_online)
    assert (scores.digital_level, scores.admin_level) == ("N3", "AR")


# --- Indices ---


def test_indices_run_from_0_to_100_per_dimension():
    best = with_skills(
        *["seul"] * 6,
        demarches="sans_aide",
        envie="oui_maintenant",
        entourage="oui_facile",
    )
    assert score(best).indices == {
        "acces": 100,
        "competences": 100,
        "demarches": 100,
        "envie": 100,
        "entourage": 100,
    }
    worst = answers(
        NO_DEVICE,
        demarches="renonce",
        identifiants="ne_sait_pas",
        envie="fait_pour_moi",
        entourage="non",
    )
    assert score(worst).indices == {
        "acces": 0,
        "competences": None,
        "demarches": 0,
        "envie": 0,
        "entourage": 0,
    }


def test_common_path_indices():
    # acces 5/5; skills 3+3+2+1+0+1 = 10/18; demarches 3+2 of 4+2; envie 4/4; entourage 1/2
    assert score(COMMON).indices == {
        "acces": 100,
        "competences": 56,
        "demarches": 83,
        "envie": 100,
        "entourage": 50,
    }


def test_wish_and_confidence_index_from_the_single_question():
    # One question since 2026-11-2: now > later > afraid of mistakes > prefers help > done for.
    expected = {
        "oui_maintenant": 100,
        "oui_plus_tard": 75,
        "oui_peur_erreur": 50,
        "prefere_aide": 25,
        "fait_pour_moi": 0,
    }
    assert {code: score(answers(envie=code)).indices["envie"] for code in expected} == expected


def test_urgency_does_not_change_the_autonomy_index():
    assert score(answers(urgence="caf")).indices == score(COMMON).indices
