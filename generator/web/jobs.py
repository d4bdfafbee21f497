"""Turn a "build" click into a build running elsewhere: a child process, or a job on RQ when Redis is configured."""

from __future__ import annotations

import os
import subprocess
import sys

from .config import WebConfig
from .security import Refused
from .store import Store

QUEUE = "vanban"
# Children of the server, kept so they are waited for (no zombies) and so a dead one can be told from a slow one.
_children: dict[int, subprocess.Popen] = {}


def start_build(config: WebConfig, store: Store, office_id: int, session_id: int) -> int:
    """Queue a build of the session; returns its id at once (the page follows its progress)."""
    build_id = store.create_build(office_id, session_id)
    worker_env = {key: value for key, value in config.environ().items() if key != "VANBAN_SECRET"}
    if config.redis_url:
        from redis import Redis
        from redis.exceptions import RedisError
        from rq import Queue

        queue = Queue(QUEUE, connection=Redis.from_url(config.redis_url))
        # Only the id travels through Redis: the worker reads the data folder and database from its own environment
        # (a database URL may hold a password).
        try:
            queue.enqueue("generator.web.worker.run_build", build_id, job_id=_job_id(build_id), job_timeout=3600,
                          result_ttl=86400, failure_ttl=86400)
        except RedisError as exc:
            store.update_build(build_id, state="loi", message="Không gửi được việc lập vào hàng đợi (Redis).")
            raise Refused(503, "Không kết nối được hàng đợi lập văn bản (Redis); báo người quản trị kiểm tra "
                               "VANBAN_REDIS_URL và máy chủ Redis, rồi bấm Lập lại.") from exc
        return build_id
    _reap()
    child = subprocess.Popen([sys.executable, "-m", "generator.web.worker", str(build_id)],
                             env={**os.environ, **worker_env}, start_new_session=True,
                             stdin=subprocess.DEVNULL)
    _children[build_id] = child
    return build_id


def _job_id(build_id: int) -> str:
    return f"vanban-lap-{int(build_id)}"


def queued_job_failed(config: WebConfig, build_id: int) -> bool:
    """True when RQ gave up on the build's job (its worker died, or the job timed out) before it said how it went."""
    from redis import Redis
    from redis.exceptions import RedisError
    from rq.exceptions import NoSuchJobError
    from rq.job import Job, JobStatus

    try:
        job = Job.fetch(_job_id(build_id), connection=Redis.from_url(config.redis_url))
        return job.get_status() in (JobStatus.FAILED, JobStatus.STOPPED, JobStatus.CANCELED)
    except (NoSuchJobError, RedisError):
        return False  # unknown for now: the page keeps showing the last progress


def _reap() -> None:
    for build_id, child in list(_children.items()):
        if child.poll() is not None:
            del _children[build_id]


def local_worker_died(build_id: int) -> bool:
    """True when this server started the build's process and it ended without saying how the build went."""
    child = _children.get(build_id)
    return child is not None and child.poll() is not None


def worker_pid(build_id: int) -> int | None:
    child = _children.get(build_id)
    return child.pid if child else None
