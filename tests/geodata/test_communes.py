from geodata.communes import commune_of_address


def test_by_insee_code_older_codes_included():
    assert commune_of_address(code_insee="42218")[0].nom == "Saint-Étienne"
    assert commune_of_address(code_insee=" 75101 ")[0].code_insee == "75056"  # arrondissement


def test_by_a_postal_code_of_one_commune():
    commune, reason = commune_of_address(code_insee="00000", code_postal="42000")
    assert commune.code_insee == "42218" and reason == ""


def test_a_postal_code_of_several_communes_needs_the_name():
    commune, reason = commune_of_address(code_postal="30140")
    assert commune is None and "plusieurs communes" in reason
    assert commune_of_address(code_postal="30140", name="ST JEAN DU PIN")[0].code_insee == "30270"
    assert commune_of_address(code_postal="30140", name="Anduze")[0].code_insee == "30010"
    assert commune_of_address(code_postal="30140", name="Lyon")[0] is None


def test_nothing_to_go_on():
    assert commune_of_address() == (None, "")
    assert commune_of_address(code_postal="99999") == (None, "")
