import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


def test_healthz_reports_each_part_and_answers_200(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["search"] == {
        **body["checks"]["search"],
        "ok": True,
        "backend": "database",
    }
    assert response["Cache-Control"].startswith("max-age=0")


@override_settings(CELERY_BROKER_URL="redis://127.0.0.1:1/0")
def test_healthz_is_503_when_the_configured_broker_is_unreachable(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["broker"]["ok"] is False
    assert "error" in body["checks"]["broker"]
    assert body["checks"]["database"]["ok"] is True


@override_settings(ELASTICSEARCH_URL="http://127.0.0.1:1", SEARCH_BACKEND="elasticsearch")
def test_healthz_is_503_when_the_configured_search_server_is_unreachable(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["search"]["ok"] is False


@override_settings(ELASTICSEARCH_URL="http://127.0.0.1:1", SEARCH_BACKEND="database")
def test_healthz_names_the_backend_that_serves_queries(client):
    # A URL alone does not make a backend: /healthz reports the one the searches go to.
    response = client.get("/healthz")
    assert response.json()["checks"]["search"]["backend"] == "database"


@pytest.mark.integration
def test_healthz_checks_the_real_broker(client, settings):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"]["broker"]["ok"] is True
    assert response.json()["checks"]["database"]["vendor"] == "postgresql"


def test_healthz_refuses_other_methods(client):
    assert client.post("/healthz").status_code == 405
