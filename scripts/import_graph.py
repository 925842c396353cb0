#!/usr/bin/env python3
"""Write the package import graph, read from the code, into docs/architecture.md (Mermaid).

Run from the repository root: ``python scripts/import_graph.py``. The layers and the graph
builder are the ones tests/test_architecture.py checks, so the picture and the rules agree.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.test_architecture import (  # noqa: E402
    DOC,
    GRAPH_END,
    GRAPH_START,
    build_graph,
    mermaid,
)


def main() -> None:
    """Replace the diagram between the markers of docs/architecture.md."""
    text = DOC.read_text(encoding="utf-8")
    before, rest = text.split(GRAPH_START, 1)
    after = rest.split(GRAPH_END, 1)[1]
    diagram = mermaid(build_graph())
    DOC.write_text(f"{before}{GRAPH_START}\n{diagram}\n{GRAPH_END}{after}", encoding="utf-8")
    print(f"{DOC.relative_to(ROOT)}: {diagram.count('-->')} imports between packages")


if __name__ == "__main__":
    main()
