"""The Celery app of `npm run bench -- --celery`: `add` and `xsum`, broker and result backend on one Redis.

Configured from the environment the bench sets for each run:
  CELERIAC_BENCH_REDIS   the Redis URL (the one the other sides use)
  CELERIAC_BENCH_PREFIX  a unique key prefix: every key of this run starts with "<prefix>:"
  CELERIAC_BENCH_QUEUE   a unique queue name

Celery 5.2 (Debian bookworm's python3-celery) has no key prefix for the result backend (its
`result_backend_transport_options` `global_keyprefix` came in 5.3), so the backend is a subclass of the Redis
backend with prefixed key names; its pub/sub channels are those key names, so they are prefixed too. The
broker's keys get kombu's `global_keyprefix` (kombu 5.2 has it). The bench then deletes "<prefix>:*" as it
does for the other sides, and never flushes a database.
"""
import os

from celery import Celery
from celery.backends.redis import RedisBackend

REDIS = os.environ.get('CELERIAC_BENCH_REDIS', 'redis://127.0.0.1:6379')
PREFIX = os.environ['CELERIAC_BENCH_PREFIX']
QUEUE = os.environ['CELERIAC_BENCH_QUEUE']


class PrefixedRedisBackend(RedisBackend):
    """Celery's Redis result backend with every key (and so every result channel) under PREFIX."""

    task_keyprefix = f'{PREFIX}:celery-task-meta-'
    group_keyprefix = f'{PREFIX}:celery-taskset-meta-'
    chord_keyprefix = f'{PREFIX}:chord-unlock-'


# "module:Class+redis://..." is how Celery names a backend class with the URL it connects to.
app = Celery('celeriac_bench', broker=REDIS, backend=f'tasks:PrefixedRedisBackend+{REDIS}')
app.conf.update(
    broker_transport_options={'global_keyprefix': f'{PREFIX}:'},
    task_default_queue=QUEUE,
    # No pidbox: remote control is not part of any shape, and its fanout bindings would be more keys to track.
    worker_enable_remote_control=False,
    worker_hijack_root_logger=False,
)


@app.task
def add(x, y):
    return x + y


@app.task
def xsum(values):
    return sum(values)
