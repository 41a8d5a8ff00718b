"""gunicorn settings read by `make run` and the benchmark (gunicorn reads this file by name).

The garbage collector runs between requests rather than in the middle of one: collected during a
search, the young objects include the whole request's (rows, querysets) and a pass took ~3 ms,
one search in 16; after the response is sent, the same pass takes ~0.2 ms (ADR 9)."""

import gc

# Requests served by this worker; every FULL_EVERY of them, a full collection.
_served = 0
FULL_EVERY = 1000


def post_worker_init(worker):
    """Load every view now, then freeze what the start-up created: the collector no longer
    walks these long-lived objects. Automatic passes only for a request that allocates a lot."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (imports every view)
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 10, 10)


def post_request(worker, req, environ, resp):
    global _served
    _served += 1
    gc.collect(2 if _served % FULL_EVERY == 0 else 1)
