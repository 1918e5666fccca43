"""Thread pools whose threads are all running before the first request.

`ThreadPoolExecutor` starts a thread on a `submit` that finds none idle, and `Thread.start` waits until
the new thread has run — which needs the GIL. While the lint worker holds it, a handler on the event loop
that submitted work would wait with it, and every request behind that handler too: so the server's pools
start their threads once, when they are made, and never on a request's path."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor


def started_pool(workers: int, name: str) -> ThreadPoolExecutor:
    """A pool of `workers` threads, every one started (each takes one of `workers` tasks that wait for
    the others: no thread is idle until all have been started)."""
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix=name)
    barrier = threading.Barrier(workers)
    for started in [pool.submit(barrier.wait) for _ in range(workers)]:
        started.result()
    return pool
