"""Helpers shared by the tests and the benchmark."""

import signal
from contextlib import contextmanager


def make_iin(serial):
    """A valid IIN (born 1 January 1990) with a different serial for each *serial*."""
    while True:
        base = f"9001013{serial:04d}"
        digits = [int(c) for c in base]
        total = sum(d * w for d, w in zip(digits, range(1, 12), strict=True)) % 11
        if total == 10:
            weights = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]
            total = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        if total != 10:
            return base + str(total)
        serial += 5000


@contextmanager
def fails_after(seconds):
    """Turn a hang into a test failure."""

    def alarm(signum, frame):
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except TimeoutError as error:
        raise AssertionError(str(error)) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
