"""The survey chart is a real PNG with one bar per question."""

from __future__ import annotations

import io

from PIL import Image

from facilitator.materials.chart import Bar, render_chart


def test_chart_is_a_png_that_grows_with_the_questions():
    one = render_chart([Bar("Полезно?", 10, 11)], "Доля высших оценок")
    four = render_chart([Bar(f"Вопрос {i}", i, 11) for i in range(4)], "Доля высших оценок")
    small, large = Image.open(io.BytesIO(one)), Image.open(io.BytesIO(four))
    assert small.format == large.format == "PNG"
    assert large.height > small.height
    assert small.width == large.width
