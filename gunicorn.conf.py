"""gunicorn settings read by `make run` and the benchmark (gunicorn reads this file by name)."""

import gc


def post_worker_init(worker):
    """Load every view now, then freeze what the start-up created: the garbage collector stops
    walking these long-lived objects on each of its full passes."""
    from django.urls import get_resolver

    get_resolver().url_patterns
    gc.collect()
    gc.freeze()
