def test_openapi_schema_documents_the_search_parameters(client):
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    names = {p["name"] for p in schema["paths"]["/api/lieux/"]["get"]["parameters"]}
    assert {"lat", "lon", "rayon_km", "services", "ouvert_maintenant", "page_size"} <= names
    assert "compter" in names
    assert "/api/communes/" in schema["paths"]


def test_api_documentation_page_is_served_without_cdn(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assert "cdn." not in html and "unpkg" not in html and "jsdelivr" not in html


def test_openapi_schema_says_how_far_the_count_goes(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    response = schema["paths"]["/api/lieux/"]["get"]["responses"]["200"]
    ref = response["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    count = schema["components"]["schemas"][ref]["properties"]["count"]
    assert "plus de 100" in count["description"] and "compter=true" in count["description"]
    assert count["nullable"] is True
