"""How often an address receives an e-mail that anyone can ask for (a password reset link):
once per RESET_EVERY at most, whatever the number of requests, so that the form cannot be used
to flood someone's mailbox. Counted in a cache table that every worker shares."""

from datetime import timedelta
from hashlib import sha256

from django.core.cache import caches

RESET_EVERY = timedelta(minutes=5)


def may_send(kind, email, *, every):
    """True, once per `every` for an address (case ignored), and then False until it passes."""
    digest = sha256(email.strip().lower().encode()).hexdigest()
    return caches["limits"].add(f"{kind}:{digest}", True, timeout=every.total_seconds())
