"""Applies one shape on Celery for `npm run bench -- --celery` and prints its wall time as JSON.

  python3 run_shape.py SHAPE N [CHORDS]     SHAPE: independent | chain | group | chord | chords

Protocol with the bench (bench/celery-side.ts), one JSON object per line on stdout:
  1. runs the same shape small once (connections open, the worker seen consuming), then prints {"ready": true};
  2. waits for a line on stdin, then applies the shape and waits for every result, timed with perf_counter
     from the first apply to the last result in hand, checks the results and prints {"ms": ...}
     (or {"error": "..."}), and exits.
The bench takes Redis's INFO samples between 1 and 2 and after 2, so the start-up is in no figure.
"""
import json
import sys
import time

from celery import chain, chord, group
from celery.result import ResultSet

from tasks import add, xsum

TIMEOUT = 120  # seconds, as the other sides' result timeout


def independent(n):
    results = [add.delay(i, 1) for i in range(n)]
    return ResultSet(results).get(timeout=TIMEOUT), [i + 1 for i in range(n)]


def chain_of(n):
    result = chain(add.s(0, 1), *[add.s(1) for _ in range(n - 1)]).apply_async()
    return result.get(timeout=TIMEOUT), n


def group_of(n):
    result = group(add.s(i, 1) for i in range(n)).apply_async()
    return result.get(timeout=TIMEOUT), [i + 1 for i in range(n)]


def chord_of(n):
    result = chord(group(add.s(i, 1) for i in range(n)), xsum.s()).apply_async()
    return result.get(timeout=TIMEOUT), n * (n + 1) // 2


def chords(n, k):
    results = [chord(group(add.s(i, 1) for i in range(n)), xsum.s()).apply_async() for _ in range(k)]
    return ResultSet(results).get(timeout=TIMEOUT), [n * (n + 1) // 2] * k


SHAPES = {'independent': independent, 'chain': chain_of, 'group': group_of, 'chord': chord_of, 'chords': chords}
WARMUP = {'independent': (5,), 'chain': (3,), 'group': (5,), 'chord': (5,), 'chords': (3, 2)}


def say(message):
    sys.stdout.write(json.dumps(message) + '\n')
    sys.stdout.flush()


def run(shape, args):
    got, expected = SHAPES[shape](*args)
    if got != expected:
        raise AssertionError(f'wrong result for {shape} {args}: expected {str(expected)[:200]}, got {str(got)[:200]}')


def main():
    shape, args = sys.argv[1], tuple(int(a) for a in sys.argv[2:])
    try:
        run(shape, WARMUP[shape])
        say({'ready': True})
        if not sys.stdin.readline():
            return
        start = time.perf_counter()
        run(shape, args)
        say({'ms': (time.perf_counter() - start) * 1000})
    except Exception as error:  # reported to the bench, which fails the run with it
        say({'error': f'{type(error).__name__}: {error}'})


if __name__ == '__main__':
    main()
