"""The shape of facilitator/: layers, no cycles, no hidden imports, small modules.

The import graph is read from the source with ``ast``, imports inside functions included, so
a lazy import cannot hide a dependency. Importing ``a.b.c`` is counted as depending on
``a.b.c`` only, not on the packages ``a`` and ``a.b`` Python runs on the way.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "facilitator"
#: Not Python the app imports: generated Alembic scripts
EXCLUDED = ("facilitator/migrations",)
MAX_LINES = 450

#: Lowest first. A module may import from its own layer and the layers below it, never above.
#: Each name is a top-level package or module of facilitator/ (``""`` is facilitator/__init__).
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "foundation",
        (
            "resources",
            "settings",
            "config",
            "extensions",
            "database",
            "columns",
            "choices",
            "i18n",
            "instance",
            "console",
            "cooperative",
            "collector",
            "templating",
            "errors",
            "security",
            "signals",
            "sockets",
            "socket_logins",
            "text",
            "documents",
            "images",
            "design",
            "offline",
            "webapp",
            "webforms",
            "routing",
            "hall",
            "offload",
            "ops",
            "cli_group",
        ),
    ),
    ("accounts", ("accounts",)),
    ("sessions", ("sessions",)),
    ("joining", ("joining",)),
    ("features", ("realtime", "engagement", "survey")),
    ("materials", ("materials",)),
    # The door: import, invitations and check-in; attendance and certificates read the
    # materials' document helpers and send by their mailer.
    ("door", ("door", "attendance", "certificates")),
    ("live", ("live",)),
    ("interfaces", ("api", "guards")),
    # The wiring: the app factory, the command line, the server and the offload child. Only
    # these may import inside functions from other packages (monkey-patching comes first).
    ("app", ("", "cli", "command_line", "server", "offload_child")),
)


@dataclass(frozen=True)
class Import:
    """One import statement's target inside the project."""

    source: str
    target: str
    line: int
    in_function: bool
    guarded: bool


@dataclass
class Graph:
    """Every module of the package and the imports between them."""

    modules: dict[str, Path] = field(default_factory=dict)
    imports: list[Import] = field(default_factory=list)
    string_imports: list[tuple[str, int, str]] = field(default_factory=list)

    def edges(self) -> dict[str, set[str]]:
        """Module to the modules it imports."""
        found: dict[str, set[str]] = defaultdict(set)
        for item in self.imports:
            if item.target != item.source:
                found[item.source].add(item.target)
        return found

    def package_edges(self) -> dict[str, set[str]]:
        """Top-level package to the top-level packages it imports."""
        found: dict[str, set[str]] = defaultdict(set)
        for item in self.imports:
            source, target = top(item.source), top(item.target)
            if source != target:
                found[source].add(target)
        return found


def top(module: str) -> str:
    """``facilitator.live.state`` → ``live``; the root package itself → ``""``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def module_name(path: Path, root: Path) -> str:
    """The dotted name of a source file."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def build_graph(root: Path = ROOT, package: str = PACKAGE) -> Graph:
    """Read every module of ``package`` under ``root`` and the imports between them."""
    graph = Graph()
    for path in sorted((root / package).rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        if not relative.startswith(EXCLUDED):
            graph.modules[module_name(path, root)] = path
    for name, path in graph.modules.items():
        _Reader(graph, name, path.name == "__init__.py", package).visit(
            ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        )
    return graph


class _Reader(ast.NodeVisitor):
    """Collects one module's imports, noting those inside functions or ImportError guards."""

    def __init__(self, graph: Graph, name: str, is_package: bool, package: str) -> None:
        self.graph, self.name, self.is_package, self.package = graph, name, is_package, package
        self.depth = 0
        self.guards = 0

    def visit_FunctionDef(self, node: ast.AST) -> None:
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    visit_AsyncFunctionDef = visit_FunctionDef
    visit_Lambda = visit_FunctionDef

    def visit_Try(self, node: ast.Try) -> None:
        guarded = any(_catches_import_error(handler.type) for handler in node.handlers)
        self.guards += guarded
        for statement in node.body:
            self.visit(statement)
        self.guards -= guarded
        for part in (*node.handlers, *node.orelse, *node.finalbody):
            self.visit(part)

    visit_TryStar = visit_Try

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._add(alias.name, node.lineno)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level:
            base = self.name.split(".")
            if not self.is_package:
                base.pop()
            base = base[: len(base) - (node.level - 1)]
            prefix = ".".join(base + ([node.module] if node.module else []))
        else:
            prefix = node.module or ""
        for alias in node.names:
            full = f"{prefix}.{alias.name}"
            self._add(full if full in self.graph.modules else prefix, node.lineno)

    def visit_Call(self, node: ast.Call) -> None:
        function = node.func
        called = getattr(function, "attr", None) or getattr(function, "id", None)
        if called in {"import_module", "__import__", "import_string"} and node.args:
            first = node.args[0]
            if isinstance(first, ast.Constant) and str(first.value).startswith(self.package):
                self.graph.string_imports.append((self.name, node.lineno, first.value))
        self.generic_visit(node)

    def _add(self, dotted: str, line: int) -> None:
        if dotted != self.package and not dotted.startswith(self.package + "."):
            return
        while dotted and dotted not in self.graph.modules:
            dotted = dotted.rpartition(".")[0]
        if dotted:
            self.graph.imports.append(
                Import(self.name, dotted, line, self.depth > 0, self.guards > 0)
            )


def _catches_import_error(kind: ast.expr | None) -> bool:
    if kind is None:
        return False
    names = {getattr(node, "id", None) or getattr(node, "attr", None) for node in ast.walk(kind)}
    return bool(names & {"ImportError", "ModuleNotFoundError"})


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one node (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    nodes = sorted(set(edges) | {t for targets in edges.values() for t in targets})
    for start in nodes:
        if start in index:
            continue
        work = [(start, iter(sorted(edges.get(start, ()))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == node:
                            break
                    if len(group) > 1:
                        found.append(sorted(group))
            elif child not in index:
                index[child] = low[child] = len(index)
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(edges.get(child, ())))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return found


def layer_of() -> dict[str, int]:
    """Top-level name → its layer's position (0 is the lowest)."""
    return {name: level for level, (_, names) in enumerate(LAYERS) for name in names}


def unplaced(graph: Graph) -> set[str]:
    """Top-level packages and modules that are in no layer."""
    return {top(name) for name in graph.modules} - set(layer_of())


def upward_imports(graph: Graph) -> list[str]:
    """Imports from a lower layer into a higher one."""
    level = layer_of()
    names = [layer for layer, _ in LAYERS]
    found = []
    for item in graph.imports:
        source, target = level.get(top(item.source)), level.get(top(item.target))
        if source is not None and target is not None and target > source:
            found.append(
                f"{item.source}:{item.line} ({names[source]}) imports "
                f"{item.target} ({names[target]})"
            )
    return found


def hidden_imports(graph: Graph) -> list[str]:
    """Imports of another package made inside a function, outside the app layer."""
    level = layer_of()
    app = len(LAYERS) - 1
    return [
        f"{item.source}:{item.line} imports {item.target} inside a function"
        for item in graph.imports
        if item.in_function
        and top(item.source) != top(item.target)
        and level.get(top(item.source)) != app
    ]


def guarded_imports(graph: Graph) -> list[str]:
    """Project imports wrapped in ``try: … except ImportError``."""
    return [
        f"{item.source}:{item.line} guards its import of {item.target} with except ImportError"
        for item in graph.imports
        if item.guarded
    ]


def long_modules(graph: Graph, limit: int = MAX_LINES) -> list[str]:
    """Modules longer than ``limit`` lines."""
    found = []
    for name, path in graph.modules.items():
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > limit:
            found.append(f"{name}: {lines} lines")
    return found


@pytest.fixture(scope="module")
def graph() -> Graph:
    return build_graph()


def test_every_package_is_placed_in_a_layer(graph):
    missing = sorted(unplaced(graph))
    assert not missing, (
        f"facilitator.{missing[0]} is in no layer: add it to LAYERS in tests/test_architecture.py,"
        " above everything it imports and below everything that imports it"
    )


def test_layers_name_each_package_once():
    names = [name for _, layer in LAYERS for name in layer]
    assert len(names) == len(set(names))


def test_no_module_imports_a_module_that_imports_it_back(graph):
    assert cycles(graph.edges()) == []


def test_no_package_depends_on_a_package_that_depends_on_it(graph):
    assert cycles(graph.package_edges()) == []


def test_no_lower_layer_imports_a_higher_one(graph):
    assert upward_imports(graph) == []


def test_other_packages_are_imported_at_the_top_of_a_module(graph):
    assert hidden_imports(graph) == []


def test_no_project_import_is_guarded_by_except_import_error(graph):
    assert guarded_imports(graph) == []


def test_no_project_module_is_imported_by_a_string(graph):
    assert graph.string_imports == []


def test_no_module_is_longer_than_the_limit(graph):
    assert long_modules(graph) == []


def test_templates_include_only_templates_that_exist():
    includes = re.compile(r"{%-?\s*include[^%]*ignore missing")
    found = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "templates").rglob("*.html")
        if includes.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []


# --- the checks themselves catch what they are for ----------------------------------------------


def _write(root: Path, files: dict[str, str]) -> Graph:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return build_graph(root, "demo")


def test_a_cycle_hidden_in_a_function_is_found(tmp_path):
    graph = _write(
        tmp_path,
        {
            "demo/__init__.py": "",
            "demo/a.py": "from demo import b\n",
            "demo/b.py": "def later():\n    from demo.a import thing\n",
        },
    )
    assert cycles(graph.edges()) == [["demo.a", "demo.b"]]
    assert [item.in_function for item in graph.imports if item.source == "demo.b"] == [True]


def test_relative_imports_and_package_cycles_are_found(tmp_path):
    graph = _write(
        tmp_path,
        {
            "demo/__init__.py": "",
            "demo/one/__init__.py": "",
            "demo/one/x.py": "from ..two import y\n",
            "demo/two/__init__.py": "",
            "demo/two/y.py": "from demo.one.x import z\n",
        },
    )
    assert cycles(graph.package_edges()) == [["one", "two"]]


def test_a_guarded_import_and_a_string_import_are_found(tmp_path):
    graph = _write(
        tmp_path,
        {
            "demo/__init__.py": "",
            "demo/a.py": (
                "import importlib\n"
                "try:\n    from demo import b\nexcept (ImportError, KeyError):\n    b = None\n"
                "c = importlib.import_module('demo.c')\n"
            ),
            "demo/b.py": "",
            "demo/c.py": "",
        },
    )
    assert [item.target for item in graph.imports if item.guarded] == ["demo.b"]
    assert graph.string_imports == [("demo.a", 6, "demo.c")]


def test_an_upward_import_and_an_unplaced_package_are_reported(tmp_path, monkeypatch):
    graph = _write(
        tmp_path,
        {
            "demo/__init__.py": "",
            "demo/low.py": "from demo import high\n",
            "demo/high.py": "",
            "demo/stray.py": "",
        },
    )
    monkeypatch.setattr(
        "tests.test_architecture.LAYERS", (("bottom", ("low",)), ("top", ("high", "")))
    )
    assert upward_imports(graph) == ["demo.low:1 (bottom) imports demo.high (top)"]
    assert unplaced(graph) == {"stray"}


def test_a_long_module_is_reported(tmp_path):
    graph = _write(tmp_path, {"demo/__init__.py": "", "demo/long.py": "x = 1\n" * 5})
    assert long_modules(graph, limit=4) == ["demo.long: 5 lines"]


# --- the picture in docs/architecture.md ---------------------------------------------------------

DOC = ROOT / "docs" / "architecture.md"
GRAPH_START = "<!-- import graph: generated by scripts/import_graph.py -->"
GRAPH_END = "<!-- end of import graph -->"


def mermaid(graph: Graph) -> str:
    """The packages by layer and the imports between packages, as a Mermaid flowchart."""
    edges = graph.package_edges()
    present = {top(name) for name in graph.modules}
    lines = ["```mermaid", "flowchart BT"]
    for level, (layer, names) in enumerate(LAYERS):
        shown = [name for name in names if name in present]
        lines.append(f'  subgraph L{level}["{level}. {layer}"]')
        lines.extend(f'    {_node(name)}["{name or "facilitator (create_app)"}"]' for name in shown)
        lines.append("  end")
    for source in sorted(edges):
        lines.extend(f"  {_node(source)} --> {_node(target)}" for target in sorted(edges[source]))
    lines.append("```")
    return "\n".join(lines)


def _node(name: str) -> str:
    return f"p_{name or 'app'}"


def documented_graph() -> str:
    """The diagram as docs/architecture.md has it."""
    text = DOC.read_text(encoding="utf-8")
    return text.split(GRAPH_START, 1)[1].split(GRAPH_END, 1)[0].strip()


def test_the_documented_import_graph_is_the_one_the_code_makes(graph):
    assert documented_graph() == mermaid(graph), "run: python scripts/import_graph.py"
