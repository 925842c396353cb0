"""Long renders pause every few milliseconds so the other connections are served meanwhile."""

from __future__ import annotations

import time
import traceback

import gevent
import pytest

from facilitator.cooperative import PIECES_PER_LOOK, CooperativeTemplate, joined


class Clock:
    """A clock that moves only when told to."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_joining_pauses_each_time_a_slice_has_passed_and_keeps_every_piece():
    clock = Clock()
    pauses: list[int] = []

    def pieces():
        for number in range(10 * PIECES_PER_LOOK + 5):
            clock.now += 0.001  # each piece takes a millisecond
            yield f"{number},"

    text = joined(pieces(), slice_seconds=0.003, pause=lambda: pauses.append(1), clock=clock)
    assert text == "".join(f"{number}," for number in range(10 * PIECES_PER_LOOK + 5))
    assert len(pauses) == 11  # after each full run, and after the short last one


def test_joining_does_not_pause_work_shorter_than_a_slice():
    pauses: list[int] = []
    pieces = [str(number) for number in range(1000)] + ["", "end"]
    assert joined(pieces, slice_seconds=60, pause=lambda: pauses.append(1)) == "".join(pieces)
    assert pauses == []


def test_the_apps_templates_render_cooperatively(app):
    assert app.jinja_env.template_class is CooperativeTemplate
    with app.test_request_context():
        assert isinstance(app.jinja_env.get_template("base.html"), CooperativeTemplate)


def test_other_greenlets_run_while_a_long_template_renders(app, monkeypatch):
    # What the server's monkey-patching does to time.sleep, for this test only.
    monkeypatch.setattr(time, "sleep", gevent.sleep)
    rendered: list[int] = []

    def slow(number: int) -> int:
        busy_until = time.perf_counter() + 0.00005
        while time.perf_counter() < busy_until:
            pass
        rendered.append(number)
        return number

    template = app.jinja_env.from_string("{% for n in items %}{{ slow(n) }},{% endfor %}")
    seen_by_other: list[int] = []

    def other_connection() -> None:
        while len(rendered) < 2000:
            seen_by_other.append(len(rendered))
            gevent.sleep(0)

    other = gevent.spawn(other_connection)
    gevent.sleep(0)  # the other greenlet starts and waits for its turn
    output = template.render(items=range(2000), slow=slow)
    other.kill()
    assert output == "".join(f"{n}," for n in range(2000))
    # It ran between the first and the last piece, not only before or after the render.
    assert any(0 < count < 2000 for count in seen_by_other)


def test_an_error_in_a_template_still_points_at_its_line(app):
    template = app.jinja_env.from_string("first line\n{{ a // b }}")
    with pytest.raises(ZeroDivisionError) as raised:
        template.render(a=1, b=0)
    frames = traceback.extract_tb(raised.value.__traceback__)
    assert ("<template>", 2) in [(frame.filename, frame.lineno) for frame in frames]
