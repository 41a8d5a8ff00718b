"""Each repair of a row, with its note; values that match nothing are kept aside."""

import datetime
import json

import pytest

from directory.standard import read_bytes

BASE = {
    "id": "lieu-1",
    "pivot": "43493312300029",
    "nom": "Médiathèque",
    "commune": "Reims",
    "code_postal": "51100",
    "adresse": "12 rue Leclercq",
    "date_maj": "2024-04-02",
}


def outcome_of(**fields):
    """The outcome of one JSON row: BASE with `fields` changed (None removes a field)."""
    row = {key: value for key, value in {**BASE, **fields}.items() if value is not None}
    [outcome] = read_bytes(json.dumps([row]).encode(), name="lieux.json")
    return outcome


def test_a_valid_row_needs_no_repair():
    outcome = outcome_of()
    assert outcome.accepted and outcome.repairs == [] and outcome.unknown_values == {}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("04 74 24 03 08", "+33474240308"),
        ("0474240308", "+33474240308"),
        ("04.74.24.03.08", "+33474240308"),
        ("+33 (0)4 74 24 03 08", "+33474240308"),
        ("+330474240308", "+33474240308"),
        ("0033 4 74 24 03 08", "+33474240308"),
        ("33474240308", "+33474240308"),
        ("474240308", "+33474240308"),  # leading zero lost in a spreadsheet
        ("Tél. : 04 74 24 03 08", "+33474240308"),
        ("0694 02 09 05", "+594694020905"),  # Guyane dials +594, not +33
        ("0262 20 10 10", "+262262201010"),
        ("04 74 24 03", None),  # too short: set aside
        ("+262 262 20 10 10", "+262262201010"),
    ],
)
def test_phone_formats(raw, expected):
    outcome = outcome_of(telephone=raw)
    if expected is None:
        assert outcome.record.telephone == ""
        assert outcome.unknown_values == {"telephone": [raw]}
    else:
        assert outcome.record.telephone == expected
        assert outcome.repairs == [f"telephone: format international ({raw} → {expected})"]


def test_new_caledonia_phone_numbers():
    noumea = {"commune": "Nouméa", "code_postal": "98800"}
    assert outcome_of(telephone="+687445728", **noumea).record.telephone == "+687445728"
    assert outcome_of(telephone="44 57 28", **noumea).record.telephone == "+687445728"
    # Six digits starting with 0 are a valid local number there: no trunk zero to drop.
    assert outcome_of(telephone="+687050709", **noumea).record.telephone == "+687050709"


def test_several_phones_keep_the_first_and_set_the_others_aside():
    outcome = outcome_of(telephone="04 74 24 03 08 / 06 12 34 56 78")
    assert outcome.record.telephone == "+33474240308"
    assert outcome.unknown_values == {"telephone": ["06 12 34 56 78"]}
    assert outcome.repairs[0].startswith("telephone: un seul numéro gardé")


@pytest.mark.parametrize("raw", ["+33", "+3315873272", "+32 2 123 45 67", "12"])
def test_invalid_phones_are_set_aside(raw):
    outcome = outcome_of(telephone=raw)
    assert outcome.accepted and outcome.record.telephone == ""
    assert outcome.unknown_values == {"telephone": [raw]}


@pytest.mark.parametrize(
    ("field", "raw", "expected"),
    [
        ("frais_a_charge", "gratuit", ["Gratuit"]),
        ("services", "Aide aux demarches administratives", ["Aide aux démarches administratives"]),
        ("services", "Comprehension du monde numérique", ["Compréhension du monde numérique"]),
        ("publics_specifiquement_adresses", "ETUDIANTS | seniors", ["Étudiants", "Seniors"]),
        ("typologie", "tiers_lieux|bib", ["TIERS_LIEUX", "BIB"]),
        ("modalites_accompagnement", "a distance", ["À distance"]),
        ("formations_labels", "Étapes numériques (La Poste)", ["Étapes numériques(La Poste)"]),
    ],
)
def test_enumeration_spelling_variants(field, raw, expected):
    outcome = outcome_of(**{field: raw})
    assert getattr(outcome.record, field) == expected
    assert outcome.repairs[0].startswith(f"{field}: orthographe corrigée (")


def test_v0_1_services_are_mapped_to_v1():
    outcome = outcome_of(
        services="Devenir autonome dans les démarches administratives;Accompagner les démarches "
        "de santé;Prendre en main un ordinateur;S'équiper en matériel informatique"
    )
    assert outcome.record.services == [
        "Aide aux démarches administratives",
        "Maîtrise des outils numériques du quotidien",
        "Acquisition de matériel informatique à prix solidaire",
    ]
    assert outcome.repairs[0].startswith("services: valeurs converties (Devenir autonome")


def test_comma_separated_values_when_every_piece_is_known():
    outcome = outcome_of(
        services="Prendre en main un ordinateur, Utiliser le numérique au quotidien",
        labels_nationaux="CNFS, France Services",
    )
    assert outcome.record.services == ["Maîtrise des outils numériques du quotidien"]
    assert outcome.record.dispositif_programmes_nationaux == [
        "Conseillers numériques",
        "France Services",
    ]


def test_national_labels_map_to_dispositifs_and_aptic_is_kept_as_pass_numerique():
    outcome = outcome_of(
        labels_nationaux="CNFS;Point numérique CAF;APTIC;Aidants Connect;Campus connecté",
        labels_autres="ZRR",
    )
    record = outcome.record
    assert record.dispositif_programmes_nationaux == [
        "Conseillers numériques",
        "Point d'accès numérique CAF",
        "Aidants Connect",
    ]
    assert record.autres_formations_labels == ["ZRR", "Pass numérique (APTIC)", "Campus connecté"]
    assert (
        "dispositif_programmes_nationaux: labels hors liste placés dans autres_formations_labels "
        "(Campus connecté)"
    ) in outcome.repairs


def test_conditions_acces_to_frais_a_charge_and_unknown_adhesion():
    outcome = outcome_of(
        conditions_acces="Gratuit sous condition : La gratuité est conditionnée à des critères "
        "(situation familiale, convention avec un organisme social...);Payant : L'accès est payant;"
        "Accepte le Pass numérique : Il est possible d'utiliser un Pass numérique;"
        "Adhésion : L'accès au lieu nécessite d'y adhérer"
    )
    assert outcome.record.frais_a_charge == ["Gratuit sous condition", "Payant"]
    assert outcome.record.autres_formations_labels == ["Pass numérique (APTIC)"]
    assert outcome.unknown_values == {
        "frais_a_charge": ["Adhésion : L'accès au lieu nécessite d'y adhérer"]
    }


def test_v0_1_modalites_accompagnement_and_the_a_ma_place_note():
    outcome = outcome_of(
        modalites_accompagnement="Seul : j'ai accès à du matériel et une connexion;"
        "Avec de l'aide : je suis accompagné seul dans l'usage du numérique;"
        "Dans un atelier : j'apprends collectivement à utiliser le numérique;"
        "A ma place : une personne habilitée fait les démarches à ma place"
    )
    assert outcome.record.modalites_accompagnement == [
        "En autonomie",
        "Accompagnement individuel",
        "Dans un atelier collectif",
    ]
    assert any(
        repair.startswith("modalites_accompagnement: remarque (« A ma place » : une personne")
        for repair in outcome.repairs
    )


def test_v0_1_publics_of_a_general_public_place():
    outcome = outcome_of(
        publics_accueillis="Adultes;Jeunes (16-26 ans);Seniors (+ 65 ans);Surdité;"
        "Handicaps mentaux : déficiences limitant les activités d'une personne;"
        "Handicaps psychiques : troubles psychiatriques"
    )
    record = outcome.record
    assert record.publics_specifiquement_adresses == []  # welcoming adults: open to everyone
    assert record.prise_en_charge_specifique == ["Surdité", "Handicaps mentaux"]
    assert outcome.unknown_values == {
        "publics_specifiquement_adresses": ["Handicaps psychiques : troubles psychiatriques"]
    }
    assert (
        "publics_specifiquement_adresses: lieu tout public, publics accueillis v0.1 non repris "
        "(Jeunes, Seniors)"
    ) in outcome.repairs


def test_v0_1_publics_of_a_specific_place():
    outcome = outcome_of(publics_accueillis="Jeunes (16-26 ans);Uniquement femmes")
    assert outcome.record.publics_specifiquement_adresses == ["Jeunes", "Femmes"]


def test_unknown_enumeration_values_are_kept_aside():
    outcome = outcome_of(
        services="Aide aux démarches administratives|Yoga numérique", typologie="X"
    )
    assert outcome.record.services == ["Aide aux démarches administratives"]
    assert outcome.unknown_values == {"services": ["Yoga numérique"], "typologie": ["X"]}


def test_itinerance_values_and_from_the_name():
    assert outcome_of(itinerance="oui").record.itinerance == ["Itinérant"]
    assert outcome_of(itinerance="Itinérant|Fixe").record.itinerance == ["Itinérant", "Fixe"]
    outcome = outcome_of(nom="Bus France Services - Place de la mairie")
    assert outcome.record.itinerance == ["Itinérant"]
    assert outcome.repairs == [
        "itinerance: déduite du nom (Bus France Services - Place de la mairie)"
    ]


def test_trailing_and_repeated_spaces():
    outcome = outcome_of(nom=" Coworking\u00a0 by ADEZIO ", commune="Reims ")
    assert (outcome.record.nom, outcome.record.commune) == ("Coworking by ADEZIO", "Reims")
    assert outcome.repairs == [
        "nom: espaces superflus retirés",
        "commune: espaces superflus retirés",
    ]


def test_mojibake_and_html_entities():
    outcome = outcome_of(nom="Fresnes-LÃ©guillon", presentation_resume="Ferm&eacute; en ao&ucirc;t")
    assert outcome.record.nom == "Fresnes-Léguillon"
    assert outcome.record.presentation_resume == "Fermé en août"


@pytest.mark.parametrize(
    ("raw", "expected"), [("1000", "01000"), (1000, "01000"), ("75 001", "75001")]
)
def test_postcodes(raw, expected):
    outcome = outcome_of(code_postal=raw, commune="Bourg")
    assert outcome.record.code_postal == expected
    assert outcome.repairs[0].startswith("code_postal: ")


def test_missing_postcode_taken_from_the_commune():
    outcome = outcome_of(code_postal="", commune="98800 NOUMEA")
    assert outcome.record.code_postal == "98800"


@pytest.mark.parametrize(
    ("raw", "expected", "repair"),
    [
        (None, "00000000000000", "pivot: absent, remplacé par 00000000000000"),
        ("", "00000000000000", "pivot: absent, remplacé par 00000000000000"),
        ("434 933 123 00029", "43493312300029", "pivot: séparateurs retirés"),
        ("34106240403159/APE:8790B", "34106240403159", "pivot: SIRET extrait"),
        ("W751234567", "W751234567", None),  # RNA
        ("219102860", "219102860", None),  # SIREN: 9 characters fit the schema
    ],
)
def test_pivot(raw, expected, repair):
    outcome = outcome_of(pivot=raw)
    assert outcome.record.pivot == expected
    if repair:
        assert outcome.repairs[0].startswith(repair)
    else:
        assert outcome.repairs == []


def test_urls_without_scheme_and_several_urls():
    outcome = outcome_of(
        site_web="www.ville.fr;https://facebook.com/ville", prise_rdv="rdv.example.org/lieu"
    )
    assert outcome.record.site_web == ["https://www.ville.fr", "https://facebook.com/ville"]
    assert outcome.record.prise_rdv == "https://rdv.example.org/lieu"
    assert "site_web: schéma https:// ajouté (www.ville.fr → https://www.ville.fr)" in (
        outcome.repairs
    )


def test_invalid_url_is_set_aside():
    outcome = outcome_of(site_web="voir notre page Facebook")
    assert outcome.record.site_web == []
    assert outcome.unknown_values == {"site_web": ["voir notre page Facebook"]}


def test_email_lists():
    outcome = outcome_of(courriels="a@ville.fr; b@ville.fr , mailto:c@ville.fr - a@ville.fr")
    assert outcome.record.courriels == ["a@ville.fr", "b@ville.fr", "c@ville.fr"]
    broken = outcome_of(courriel="contact@ville romainville.fr")
    assert broken.record.courriels == []
    assert broken.unknown_values == {"courriels": ["contact@ville romainville.fr"]}


@pytest.mark.parametrize(
    ("latitude", "longitude", "kind"),
    [
        (4.03, 49.25, "latitude et longitude inversées, retirées"),
        (149.25, 4.03, "hors limites, retirées"),
        (0, 0, "hors du territoire du code postal, retirées"),
        (-22.23, 166.47, "hors du territoire du code postal, retirées"),  # Nouméa, in Reims
        ("abc", 4.03, "illisibles ou incomplètes, retirées"),
        (49.25, None, "illisibles ou incomplètes, retirées"),
    ],
)
def test_bad_coordinates_are_dropped_for_geocoding(latitude, longitude, kind):
    outcome = outcome_of(latitude=latitude, longitude=longitude)
    assert (outcome.record.latitude, outcome.record.longitude) == (None, None)
    assert outcome.repairs[0].startswith(f"coordonnees: {kind}")


def test_coordinates_as_text_with_commas_and_overseas_places():
    assert outcome_of(latitude="49,25", longitude="4,03").record.latitude == 49.25
    mayotte = outcome_of(code_postal="97600", commune="Mamoudzou", latitude=-12.78, longitude=45.23)
    assert (mayotte.record.latitude, mayotte.record.longitude) == (-12.78, 45.23)


def test_insee_code_not_matching_the_postcode_is_dropped():
    outcome = outcome_of(code_postal="98800", commune="Mont-Dore", code_insee="63236")
    assert outcome.record.code_insee == ""
    assert outcome.repairs == [
        "code_insee: ne correspond pas au code postal, retiré (63236 / 98800)"
    ]
    assert outcome_of(code_postal="20000", code_insee="2A004").record.code_insee == "2A004"
    assert outcome_of(code_postal="94390", code_insee="91479").record.code_insee == "91479"


def test_long_resume_is_cut_at_a_word_and_kept_whole_in_the_detail():
    resume = ("Un lieu pour apprendre le numérique ensemble. " * 8).strip()
    outcome = outcome_of(presentation_resume=resume)
    record = outcome.record
    assert len(record.presentation_resume) <= 280
    kept = record.presentation_resume.removesuffix("…")
    assert resume.startswith(kept) and resume[len(kept)] == " "  # cut between two words
    assert record.presentation_detail == resume
    assert outcome.repairs == [
        "presentation_resume: tronqué à 280 caractères (texte entier dans presentation_detail)"
    ]
    with_detail = outcome_of(presentation_resume=resume, presentation_detail="Détail.")
    assert with_detail.record.presentation_detail == f"{resume}\n\nDétail."


@pytest.mark.parametrize(
    ("raw", "expected", "repair"),
    [
        ("2022-05-09T10:00:00Z", datetime.date(2022, 5, 9), "date_maj: format ISO"),
        ("09/05/2022", datetime.date(2022, 5, 9), "date_maj: format ISO"),
        (None, datetime.date(2024, 3, 1), "date_maj: absente, remplacée par la date fournie"),
        (
            "1970-01-01",
            datetime.date(2024, 3, 1),
            "date_maj: date par défaut d'un export, remplacée par la date fournie",
        ),
        (
            "bientôt",
            datetime.date(2024, 3, 1),
            "date_maj: illisible, remplacée par la date fournie",
        ),
    ],
)
def test_date_maj(raw, expected, repair):
    row = {**BASE, "date_maj": raw}
    [outcome] = read_bytes(json.dumps([row]).encode(), date_maj_default=datetime.date(2024, 3, 1))
    assert outcome.record.date_maj == expected
    assert outcome.repairs[0].startswith(repair)


def test_missing_date_maj_from_the_file_name_then_the_import_date():
    row = {**BASE, "date_maj": ""}
    data = json.dumps([row]).encode()
    [named] = read_bytes(data, name="2023-paca-hub-du-sud.json")
    assert named.record.date_maj == datetime.date(2023, 1, 1)
    [unnamed] = read_bytes(data, name="lieux.json")
    assert unnamed.record.date_maj == datetime.date.today()
    assert unnamed.repairs == [
        f"date_maj: absente, remplacée par la date d'import ({datetime.date.today()})"
    ]


def test_horaires_repaired_or_set_aside():
    repaired = outcome_of(horaires="Du lundi au vendredi de 9h à 12h et de 14h à 17h")
    assert repaired.record.horaires == "Mo-Fr 09:00-12:00,14:00-17:00"
    assert repaired.repairs[0].startswith("horaires: converties au format OpenStreetMap (")
    unreadable = outcome_of(horaires="Mo-Fr 08:00-12:00; Tu 08:00-13:45-16:30")
    assert unreadable.record.horaires == ""
    assert unreadable.unknown_values == {"horaires": ["Mo-Fr 08:00-12:00; Tu 08:00-13:45-16:30"]}


def test_placeholders_mean_empty():
    outcome = outcome_of(telephone="-", courriels="N/A", site_web="néant", horaires="/")
    assert outcome.repairs == [] and outcome.unknown_values == {}


@pytest.mark.parametrize("bad", ["sNaN", "NaN", "inf", "-Infinity", "abc", float("nan")])
def test_unreadable_or_infinite_coordinates_are_dropped_not_fatal(bad):
    from directory.standard.cleaning import parse_number

    assert parse_number(bad) is None
