"""The token bucket that limits one connection's events."""

from facilitator.sockets import TokenBucket


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_burst_passes_then_events_wait_for_tokens():
    clock = Clock()
    bucket = TokenBucket(rate=20, burst=60, clock=clock)
    assert all(bucket.take() for _ in range(60))
    assert not bucket.take()
    clock.now += 0.05  # one token at 20 a second
    assert bucket.take()
    assert not bucket.take()


def test_tokens_never_exceed_the_burst():
    clock = Clock()
    bucket = TokenBucket(rate=20, burst=3, clock=clock)
    clock.now += 3600
    assert [bucket.take() for _ in range(4)] == [True, True, True, False]
