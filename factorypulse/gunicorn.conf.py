"""gunicorn settings of the Dockerfile and docker-compose (`-c factorypulse/gunicorn.conf.py`).

Every value can still be changed on the command line or through GUNICORN_CMD_ARGS. The hooks keep
`/metrics` true under several worker processes (prometheus-client's multiprocess mode, see
`apps.core.metrics`):
- `on_starting` creates PROMETHEUS_MULTIPROC_DIR and deletes this host's files left by a previous
  run (their values would be summed into this run's; counters restarting at zero is what
  Prometheus' rate() expects). Files of other hosts sharing the directory (a Celery worker's
  container) are theirs and stay.
- `child_exit` removes the live gauges of a worker that exited (killed on timeout, or recycled).
"""

import os
import socket
from pathlib import Path

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
accesslog = "-"
# A worker stuck on a request longer than this is killed and replaced (its live gauges removed).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))


def on_starting(server):
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if not directory:
        return
    path = Path(directory)
    path.mkdir(parents=True, exist_ok=True)
    # The file names end in `_<host>-<pid>.db` (apps.core.metrics.process_identifier).
    for stale in path.glob(f"*_{socket.gethostname()}-*.db"):
        stale.unlink()


def child_exit(server, worker):
    from apps.core.metrics import mark_process_dead

    mark_process_dead(worker.pid)
