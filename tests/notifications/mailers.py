"""A mailer for tests: Django's in-memory outbox, failing first with the errors queued in
`FAILURES` (what an SMTP server out of our hands would do)."""

from django.core.mail.backends.locmem import EmailBackend

FAILURES: list[Exception] = []


class FlakyBackend(EmailBackend):
    def send_messages(self, messages):
        if FAILURES:
            raise FAILURES.pop(0)
        return super().send_messages(messages)
