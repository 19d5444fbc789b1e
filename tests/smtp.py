"""A real SMTP server (aiosmtpd) on loopback that keeps what it receives, for tests."""

import asyncio
import email
import socket
import threading
import time

from aiosmtpd.controller import Controller


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Handler:
    def __init__(self):
        self.messages = []
        self.accepted_at = []  # time.monotonic() when each message was accepted
        self.lock = threading.Lock()
        self.reply_delay = 0
        self.reply_delay_after = 0

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content)
        with self.lock:
            self.messages.append(message)
            self.accepted_at.append(time.monotonic())
            held = len(self.messages) > self.reply_delay_after
        # The message is accepted (kept); only the answer is late, as from a slow server.
        # Ending the hold (``hold_replies(0)``) answers at once.
        until = time.monotonic() + self.reply_delay
        while held and self.reply_delay and time.monotonic() < until:
            await asyncio.sleep(0.05)
        return "250 Message accepted for delivery"


class SMTPSink:
    def __init__(self, port=None):
        self.port = port or free_port()
        self.handler = _Handler()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    @property
    def url(self):
        return f"smtp://127.0.0.1:{self.port}"

    @property
    def messages(self):
        with self.handler.lock:
            return list(self.handler.messages)

    def accepted(self):
        """Each message with the time (``time.monotonic()``) the server accepted it."""
        with self.handler.lock:
            return list(zip(self.handler.messages, self.handler.accepted_at, strict=True))

    def hold_replies(self, seconds, *, after=0):
        """Answer each message after the first ``after`` only ``seconds`` after accepting it."""
        self.handler.reply_delay_after = after
        self.handler.reply_delay = seconds

    def subjects(self):
        return [str(m["Subject"]) for m in self.messages]

    def wait_for(self, predicate, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [m for m in self.messages if predicate(m)]
            if found:
                return found
            time.sleep(0.1)
        raise AssertionError(f"No matching message within {timeout}s; got {self.subjects()}")

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()


def send_through(settings, sink):
    """Django's SMTP backend, pointed at ``sink`` (tests.smtp.SMTPSink) on loopback."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", sink.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
