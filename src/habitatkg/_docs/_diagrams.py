"""Diagrams laid out by Graphviz ``dot`` (installed from the operating system's packages).

Each diagram is described as nodes and labelled edges; an edge's label becomes a small text
node of its own between the two ends (``a -> label -> b``), so that ``dot`` places labels like
nodes: no label overlaps another, and edges are routed around labels rather than through
them. The SVG that ``dot`` writes is cleaned (no XML prolog, comments or tooltips) and
inlined into the page, with links on the nodes.

Example:
    >>> d = Diagram("demo", "Demo")
    >>> d.node("a", "School", href="class-School.html")
    >>> d.node("b", "Place")
    >>> d.edge("a", "b", "located in")
    >>> svg = d.svg()  # doctest: +SKIP
    >>> svg.startswith("<svg")  # doctest: +SKIP
    True
"""

from __future__ import annotations

import re
import shutil
import subprocess
import textwrap
from dataclasses import dataclass, field
from html import escape

from habitatkg._errors import HabitatKGError

FONT = "DejaVu Sans"
#: Fill colours by family of class (agents, places, activities, documents, concepts, other).
PALETTE = ("#dbeafe", "#dcfce7", "#fef3c7", "#f3e8ff", "#fce7f3", "#e5e7eb")


class GraphvizMissingError(HabitatKGError, RuntimeError):
    """Graphviz ``dot`` is not installed, so the diagrams cannot be laid out."""


@dataclass
class Diagram:
    """A directed diagram: boxes (nodes) and arrows with labels (edges)."""

    name: str
    title: str
    rankdir: str = "LR"
    wrap: int = 24
    nodes: list[tuple[str, str, str | None, str, str]] = field(default_factory=list)
    langs: dict[str, str] = field(default_factory=dict)
    edges: list[tuple[str, str, str | None, bool]] = field(default_factory=list)

    def node(
        self,
        key: str,
        label: str,
        *,
        href: str | None = None,
        fill: str = PALETTE[5],
        shape: str = "box",
        lang: str | None = None,
    ) -> None:
        """Add a box; ``lang`` marks a label in another language than the page's."""
        self.nodes.append((key, label, href, fill, shape))
        if lang:
            self.langs[key] = lang

    def edge(
        self, tail: str, head: str, label: str | None = None, *, constraint: bool = True
    ) -> None:
        """Add an arrow from ``tail`` to ``head``, with an optional label."""
        self.edges.append((tail, head, label, constraint))

    def dot_source(self) -> str:
        """The diagram in the DOT language."""
        ids = {key: f"n{i}" for i, (key, *_rest) in enumerate(self.nodes)}
        lines = [
            f'digraph "{self.name}" {{',
            f"  graph [rankdir={self.rankdir}, nodesep=0.3, ranksep=0.45, pad=0.2, "
            f'fontname="{FONT}", bgcolor="transparent"];',
            f'  node [fontname="{FONT}", fontsize=11, margin="0.12,0.06", height=0.3];',
            f'  edge [fontname="{FONT}", fontsize=10, color="#475569", arrowsize=0.7];',
        ]
        for key, label, href, fill, shape in self.nodes:
            attrs = [
                f'label="{_dot_text(label, self.wrap)}"',
                f"shape={shape}",
                'style="rounded,filled"',
                f'fillcolor="{fill}"',
                'color="#64748b"',
                'class="d-node"',
                f'id="{ids[key]}"',
            ]
            if href:
                attrs.append(f'URL="{_dot_escape(href)}"')
                attrs.append('target="_top"')
            lines.append(f"  {ids[key]} [{', '.join(attrs)}];")
        for i, (tail, head, edge_label, constraint) in enumerate(self.edges):
            if tail not in ids or head not in ids:
                continue
            extra = "" if constraint else ", constraint=false"
            if edge_label:
                mid = f"e{i}"
                lines.append(
                    f'  {mid} [label="{_dot_text(edge_label, 18)}", shape=plaintext, fontsize=10, '
                    f'margin="0.04,0.02", height=0.2, width=0.2, class="d-label", '
                    f'fontcolor="#1e293b"];'
                )
                lines.append(f"  {ids[tail]} -> {mid} [arrowhead=none{extra}];")
                lines.append(f"  {mid} -> {ids[head]} [{extra.lstrip(', ')}];")
            else:
                lines.append(f"  {ids[tail]} -> {ids[head]}{f' [{extra[2:]}]' if extra else ''};")
        lines.append("}")
        return "\n".join(lines) + "\n"

    def svg(self) -> str:
        """Lay the diagram out with ``dot`` and return the cleaned SVG element.

        Raises:
            GraphvizMissingError: ``dot`` is not on the PATH.
            HabitatKGError: ``dot`` failed.
        """
        ids = {key: f"n{i}" for i, (key, *_rest) in enumerate(self.nodes)}
        svg = render_dot(self.dot_source(), self.title, self.name)
        for key, lang in self.langs.items():
            svg = svg.replace(
                f'<g id="{self.name}-{ids[key]}" ', f'<g id="{self.name}-{ids[key]}" lang="{lang}" '
            )
        return svg


def _dot_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _dot_text(text: str, width: int) -> str:
    lines = textwrap.wrap(" ".join(text.split()), width=width, break_long_words=False) or [""]
    return "\\n".join(_dot_escape(line) for line in lines)


_DROP = (
    re.compile(r"<\?xml.*?\?>\s*", re.S),
    re.compile(r"<!DOCTYPE.*?>\s*", re.S),
    re.compile(r"<!--.*?-->\s*", re.S),
    re.compile(r"<title>.*?</title>\s*", re.S),
)


def render_dot(source: str, title: str, name: str) -> str:
    """Run ``dot -Tsvg`` on ``source`` and return an SVG element ready to inline.

    Args:
        source: The DOT text.
        title: An accessible title for the picture.
        name: An id-safe name for the diagram.

    Returns:
        The ``<svg>`` element.

    Raises:
        GraphvizMissingError: ``dot`` is not installed.
        HabitatKGError: ``dot`` rejected the diagram.
    """
    dot = shutil.which("dot")
    if dot is None:
        raise GraphvizMissingError(
            "cannot draw the documentation's diagrams: Graphviz `dot` is not installed "
            "(Debian/Ubuntu: apt-get install graphviz; macOS: brew install graphviz)"
        )
    done = subprocess.run(
        [dot, "-Tsvg"], input=source.encode("utf-8"), capture_output=True, timeout=120, check=False
    )
    if done.returncode != 0:
        raise HabitatKGError(
            f"Graphviz dot could not lay out the diagram {name!r}: "
            f"{done.stderr.decode('utf-8', 'replace').strip()[:500]}"
        )
    svg = done.stdout.decode("utf-8")
    for pattern in _DROP:
        svg = pattern.sub("", svg)
    svg = re.sub(r' id="([^"]*)"', rf' id="{name}-\1"', svg)
    svg = svg.replace('xlink:href="', 'href="').replace('xlink:title="', 'data-title="')
    svg = re.sub(r' xmlns:xlink="[^"]*"', "", svg)
    svg = svg.replace(
        "<svg ",
        f'<svg role="img" aria-labelledby="{name}-t" class="diagram-svg" id="{name}-svg" ',
        1,
    )
    svg = re.sub(r"(<svg[^>]*>)", rf'\1<title id="{name}-t">{escape(title)}</title>', svg, count=1)
    return svg.strip()
