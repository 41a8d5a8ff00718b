"""A row is rejected only when it cannot be repaired, with its line and reasons in French."""

import json

import pytest

from directory.standard import read_bytes

HEADER = "id,pivot,nom,commune,code_postal,adresse,date_maj\n"
VALID = "1,00000000000000,Médiathèque,Reims,51100,12 rue Leclercq,2024-01-01\n"


def read_csv(*rows):
    return list(read_bytes((HEADER + "".join(rows)).encode()))


@pytest.mark.parametrize(
    ("row", "errors"),
    [
        (",00000000000000,Lieu,Reims,51100,1 rue,2024-01-01\n", ["id: identifiant absent"]),
        ("2,00000000000000,,Reims,51100,1 rue,2024-01-01\n", ["nom: nom absent"]),
        ("2,00000000000000, ,Reims,51100,1 rue,2024-01-01\n", ["nom: nom absent"]),
        ("2,00000000000000,Lieu,Reims,51100,,2024-01-01\n", ["adresse: adresse absente"]),
        ("2,00000000000000,Lieu,,51100,1 rue,2024-01-01\n", ["commune: commune absente"]),
        (
            "2,00000000000000,Lieu,Reims,,1 rue,2024-01-01\n",
            ["code_postal: code postal absent ou inutilisable"],
        ),
        (
            "2,00000000000000,Lieu,Reims,51,1 rue,2024-01-01\n",
            ["code_postal: code postal absent ou inutilisable (51)"],
        ),
        (
            "2,00000000000000,Lieu,,,,2024-01-01\n",
            [
                "adresse: adresse absente",
                "commune: commune absente",
                "code_postal: code postal absent ou inutilisable",
            ],
        ),
    ],
)
def test_rows_missing_what_cannot_be_repaired(row, errors):
    valid, rejected = read_csv(VALID, row)
    assert valid.accepted
    assert rejected.record is None
    assert rejected.line == 3
    assert rejected.errors == errors


def test_rejected_row_keeps_its_id_and_unknown_values():
    [outcome] = read_csv("9,00000000000000,,Reims,51100,1 rue,2024-01-01\n")
    assert outcome.source_id == "9"
    [outcome] = list(
        read_bytes(json.dumps([{"id": "9", "nom": "L", "services": "Yoga numérique"}]).encode())
    )
    assert not outcome.accepted
    assert outcome.unknown_values == {"services": ["Yoga numérique"]}


def test_duplicate_id_of_the_same_source():
    first, second = read_csv(VALID, VALID.replace("Médiathèque", "Autre"))
    assert first.accepted and not second.accepted
    assert second.errors == ["id: identifiant en double (déjà ligne 2)"]


def test_id_shared_by_several_sources_is_prefixed_with_the_source():
    """Aggregated files (data·inclusion) hold ids unique per source only."""
    base = {"nom": "L", "commune": "Reims", "code_postal": "51100", "adresse": "r", "pivot": "0"}
    rows = [
        {**base, "id": "1003", "source": "Hinaura", "date_maj": "2022-01-01"},
        {**base, "id": "1003", "source": "siao", "date_maj": "2022-01-01"},
        {**base, "id": "1004", "source": "siao", "date_maj": "2022-01-01"},
    ]
    outcomes = list(read_bytes(json.dumps(rows).encode()))
    assert [outcome.record.id for outcome in outcomes] == ["hinaura-1003", "siao-1003", "1004"]
    assert outcomes[1].repairs[-1:] == [
        "id: préfixé par la source, identifiant partagé par plusieurs sources (1003 → siao-1003)"
    ]


def test_csv_row_with_too_many_columns():
    [outcome] = read_csv("2,00000000000000,Lieu,Reims,51100,1 rue,2024-01-01,de trop\n")
    assert outcome.errors == ["ligne: nombre de colonnes incorrect (8 au lieu de 7)"]


def test_csv_row_with_fewer_columns_is_read():
    [outcome] = read_csv("2,00000000000000,Lieu,Reims,51100,1 rue\n")
    assert outcome.accepted


def test_json_element_that_is_not_an_object():
    outcomes = list(read_bytes(b'[["a", "b"], 3]'))
    assert [outcome.errors for outcome in outcomes] == [["ligne: n'est pas un objet JSON"]] * 2
    assert [outcome.line for outcome in outcomes] == [1, 2]
