"""Marking each copy sent without making the mail server wait for the database.

A copy's row must say "sent" before the next copy is *accepted* by the mail server, so that a
worker killed at any moment leaves at most one accepted copy unmarked (``services``, the
module's first lines). That used to cost a database round trip between two copies, when
nothing else happens. But the next copy is only accepted at the end of its message: its
envelope (``MAIL FROM``, ``RCPT TO``, ``DATA``) commits nothing, and a server that loses the
connection before the final ``.`` drops the message. So:

- ``SentMarks`` writes each mark on a connection of its own, in a thread, while the sender goes
  on with the next copy's envelope; ``wait()`` returns once the mark is committed (and raises
  its error, if it failed).
- ``send_after`` sends one prepared message and calls ``wait()`` between the server's ``354``
  and the message: the next copy can be accepted only after the previous mark is committed.

Inside a transaction (a test's, say) the thread could not see the rows: the marks are written
inline then, as on a database other than PostgreSQL (SQLite allows one writer at a time).
"""

import contextlib
import re
import smtplib
from concurrent.futures import ThreadPoolExecutor

from django.db import connection as db_connection
from django.db import transaction
from django.utils import timezone

from .models import Delivery

LEADING_DOT = re.compile(rb"(?m)^\.")
CRLF = b"\r\n"


def _mark_statement():
    """``UPDATE`` of one row as sent: names from the model, quoted by the backend; every value
    is a parameter."""
    ops = db_connection.ops
    columns = [
        ops.quote_name(Delivery._meta.get_field(name).column)
        for name in ("status", "sent_at", "last_error", "id")
    ]
    template = "UPDATE {} SET {} = %s, {} = %s, {} = %s WHERE {} = %s"
    return template.format(ops.quote_name(Delivery._meta.db_table), *columns)


class MarkFailed(Exception):
    """A copy's sent mark could not be written: the batch stops (its rows stay claimed, and are
    queued again after ``NEWSLETTER_CLAIM_TIMEOUT``)."""


class SentMarks:
    """``mark(pk)`` records a copy sent; ``wait()`` returns once every mark so far is
    committed. Use as a context manager: leaving it waits for the last mark.

    On PostgreSQL outside a transaction, a mark is written by one worker thread on its own
    connection, with commits that do not wait for the disk (``synchronous_commit`` off for that
    connection, closed at the end): a killed worker loses nothing that was committed; a crash of
    the database server itself may forget the last fraction of a second of marks, whose copies
    are then sent again with the same Message-ID."""

    def __init__(self):
        self.statement = _mark_statement()
        self.threaded = db_connection.vendor == "postgresql" and transaction.get_autocommit()
        self.pending = None
        self.executor = None
        self.cursor = None

    def __enter__(self):
        if self.threaded:
            self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sent-marks")
            self.executor.submit(self._open).result()
        else:
            self.cursor = db_connection.cursor()
        return self

    def __exit__(self, *exc_info):
        try:
            self.wait()
        finally:
            if self.executor is not None:
                self.executor.submit(self._close).result()
                self.executor.shutdown()
            else:
                self.cursor.close()

    # In the worker thread: its own connection (Django's connections are per thread).
    def _open(self):
        self.cursor = db_connection.cursor()
        self.cursor.execute("SET synchronous_commit TO OFF")

    def _close(self):
        self.cursor.close()
        db_connection.close()

    def _write(self, delivery_pk):
        self.cursor.execute(self.statement, [Delivery.Status.SENT, timezone.now(), "", delivery_pk])

    def mark(self, delivery_pk):
        self.wait()  # one mark at a time, in order
        if self.executor is None:
            self._write(delivery_pk)
        else:
            self.pending = self.executor.submit(self._write, delivery_pk)

    def wait(self):
        pending, self.pending = self.pending, None
        if pending is not None:
            try:
                pending.result()
            except Exception as exc:
                raise MarkFailed(str(exc)) from exc


def send_after(smtp, sender, recipient, message, before_message):
    """``smtp.sendmail(sender, [recipient], message)`` (``message``: bytes with CRLF line
    ends), calling ``before_message()`` once the server is ready for the message (``354``) and
    before sending it. Raises what ``sendmail`` raises for the same answers. If
    ``before_message`` raises, the connection is closed without ending the message, so the
    server drops it."""
    smtp.ehlo_or_helo_if_needed()
    code, answer = smtp.mail(sender)
    if code != 250:
        _reset(smtp)
        raise smtplib.SMTPSenderRefused(code, answer, sender)
    code, answer = smtp.rcpt(recipient)
    if code not in (250, 251):
        _reset(smtp)
        raise smtplib.SMTPRecipientsRefused({recipient: (code, answer)})
    code, answer = smtp.docmd("data")
    if code != 354:
        _reset(smtp)
        raise smtplib.SMTPDataError(code, answer)
    try:
        before_message()
    except BaseException:
        smtp.close()
        raise
    data = LEADING_DOT.sub(b"..", message)
    if not data.endswith(CRLF):
        data += CRLF
    smtp.send(data + b"." + CRLF)
    code, answer = smtp.getreply()
    if code != 250:
        _reset(smtp)
        raise smtplib.SMTPDataError(code, answer)


def _reset(smtp):
    """As ``sendmail`` does after a refusal: the session goes on with the next message."""
    with contextlib.suppress(smtplib.SMTPServerDisconnected):
        smtp.rset()
