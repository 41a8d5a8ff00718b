def test_search_by_name(client):
    response = client.get("/api/communes/", {"q": "saint etienne"})
    assert response.status_code == 200
    first = response.json()["results"][0]
    assert first["code_insee"] == "42218"
    assert first["nom"] == "Saint-Étienne"
    assert "42000" in first["codes_postaux"]
    assert first["departement"] == "42"
    assert first["population"] > 100_000
    assert 45.3 < first["latitude"] < 45.5 and 4.3 < first["longitude"] < 4.5


def test_search_by_postal_code(client):
    results = client.get("/api/communes/", {"q": "42000"}).json()["results"]
    assert results[0]["code_insee"] == "42218"


def test_search_lyon(client):
    assert client.get("/api/communes/", {"q": "lyon"}).json()["results"][0]["code_insee"] == "69123"


def test_limit_defaults_to_10_and_is_capped(client):
    assert len(client.get("/api/communes/", {"q": "saint"}).json()["results"]) == 10
    assert len(client.get("/api/communes/", {"q": "saint", "limit": 50}).json()["results"]) == 50
    response = client.get("/api/communes/", {"q": "saint", "limit": 51})
    assert response.status_code == 400
    assert "limit" in response.json()


def test_empty_or_bad_query_is_a_400_naming_q(client):
    for params in ({}, {"q": ""}, {"q": "1234"}, {"q": "!!"}):
        response = client.get("/api/communes/", params)
        assert response.status_code == 400, params
        assert response.json()["q"], params


def test_bad_limit_is_a_400(client):
    response = client.get("/api/communes/", {"q": "lyon", "limit": "abc"})
    assert response.status_code == 400
    assert "limit" in response.json()


def test_unknown_commune_gives_empty_results(client):
    response = client.get("/api/communes/", {"q": "zzxqwv"})
    assert response.status_code == 200
    assert response.json() == {"results": []}


def test_search_uses_a_constant_small_number_of_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        client.get("/api/communes/", {"q": "saint etienne"})
