"""The provider's bounce and complaint events, through django-anymail's tracking webhook:
authenticated (anymail's basic auth, and Mailgun's own signature) or refused."""

import base64
import hashlib
import hmac
import json
import time

import pytest

from newsletters.factories import DeliveryFactory, SubscriberFactory
from newsletters.models import Delivery, Suppression

pytestmark = pytest.mark.django_db

URL = "/anymail/mailgun/tracking/"
SIGNING_KEY = "test-mailgun-signing-key"  # portal.settings.test


WEBHOOK_SECRET = "hook-user:hook-password"


def basic_auth(secret=WEBHOOK_SECRET):
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(secret.encode()).decode()}


def mailgun_event(recipient, event="failed", severity="permanent", *, key=SIGNING_KEY):
    timestamp, token = str(int(time.time())), "a" * 50
    signature = hmac.new(key.encode(), f"{timestamp}{token}".encode(), hashlib.sha256).hexdigest()
    return {
        "signature": {"timestamp": timestamp, "token": token, "signature": signature},
        "event-data": {
            "event": event,
            "severity": severity,
            "recipient": recipient,
            "timestamp": float(timestamp),
            "id": "event-1",
            "message": {"headers": {"message-id": "abc@mailgun"}},
            "delivery-status": {"code": 550, "message": "No such mailbox", "description": ""},
        },
    }


def post(client, payload, **headers):
    return client.post(URL, json.dumps(payload), content_type="application/json", **headers)


def test_a_signed_hard_bounce_suppresses_the_address_and_marks_the_copy(client, site):
    SubscriberFactory(email="gone@example.org")
    delivery = DeliveryFactory(email="gone@example.org", status="sent")

    response = post(client, mailgun_event("Gone@Example.org"), **basic_auth())

    assert response.status_code == 200
    suppression = Suppression.objects.get(email="gone@example.org")
    assert suppression.reason == Suppression.Reason.BOUNCE
    assert suppression.detail == "Mailgun: No such mailbox"
    assert Delivery.objects.get(pk=delivery.pk).status == Delivery.Status.BOUNCED


def test_a_complaint_suppresses_the_address(client, site):
    response = post(client, mailgun_event("angry@example.org", event="complained"), **basic_auth())

    assert response.status_code == 200
    assert Suppression.objects.get(email="angry@example.org").reason == "complaint"


def test_a_soft_bounce_suppresses_nothing(client, site):
    response = post(client, mailgun_event("full@example.org", severity="temporary"), **basic_auth())

    assert response.status_code == 200
    assert not Suppression.objects.exists()


def test_an_unsigned_or_wrongly_signed_event_is_refused(client, site):
    unsigned = mailgun_event("victim@example.org")
    del unsigned["signature"]
    forged = mailgun_event("victim@example.org", key="not-the-key")

    assert post(client, unsigned, **basic_auth()).status_code == 400
    assert post(client, forged, **basic_auth()).status_code == 400
    assert not Suppression.objects.exists()


def test_an_event_without_the_webhook_secret_is_refused(client, site):
    assert post(client, mailgun_event("victim@example.org")).status_code == 400
    wrong = basic_auth("hook-user:guess")
    assert post(client, mailgun_event("victim@example.org"), **wrong).status_code == 400
    assert not Suppression.objects.exists()
