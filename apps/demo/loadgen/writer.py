"""COPY in a background thread, so PostgreSQL ingests one chunk while Python makes the next.

The writer uses the same connection, inside the loader's transaction (psycopg connections are
safe to share between threads one statement at a time); the main thread calls `wait()` before it
touches the database itself. At most one chunk waits in the queue, which bounds memory.
"""

from __future__ import annotations

import queue
import threading
import time
from dataclasses import dataclass

from django.db import connection


@dataclass(frozen=True)
class CopyJob:
    table: str
    sql: str  # COPY ... FROM STDIN, or a plain statement when data is None
    data: str | None
    rows: int


class CopyWriter:
    def __init__(self) -> None:
        self.raw = connection.connection  # the psycopg connection of Django's default alias
        self.jobs: queue.Queue[list[CopyJob] | None] = queue.Queue(maxsize=1)
        self.error: BaseException | None = None
        self.seconds: dict[str, float] = {}
        self.thread = threading.Thread(target=self._run, name="copy-writer", daemon=True)
        self.thread.start()

    def submit(self, jobs: list[CopyJob]) -> None:
        self._raise_if_failed()
        if jobs:
            self.jobs.put(jobs)

    def wait(self) -> None:
        """Block until every submitted job has run; raise what the writer ran into."""
        self.jobs.join()
        self._raise_if_failed()

    def __enter__(self) -> CopyWriter:
        return self

    def __exit__(self, exc_type, exc, traceback) -> None:
        """Stop the thread; a failure of the writer surfaces unless another one is on its way."""
        self.jobs.put(None)
        self.thread.join()
        if exc_type is None:
            self._raise_if_failed()

    def _raise_if_failed(self) -> None:
        if self.error is not None:
            error, self.error = self.error, None
            raise error

    def _run(self) -> None:
        while True:
            jobs = self.jobs.get()
            try:
                if jobs is None:
                    return
                if self.error is None:
                    self._copy(jobs)
            except BaseException as exc:  # handed to the main thread, which re-raises it
                self.error = exc
            finally:
                self.jobs.task_done()

    def _copy(self, jobs: list[CopyJob]) -> None:
        with self.raw.cursor() as cursor:
            for job in jobs:
                started = time.perf_counter()
                if job.data is None:
                    cursor.execute(job.sql)
                else:
                    with cursor.copy(job.sql) as copy:
                        copy.write(job.data)
                self.seconds[job.table] = (
                    self.seconds.get(job.table, 0.0) + time.perf_counter() - started
                )
