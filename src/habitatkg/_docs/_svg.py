"""Inline SVG diagrams drawn in pure Python with a small deterministic layout.

No Graphviz, no JavaScript, no fonts to fetch: boxes are sized from an estimate of the text
width, placed in layers (left to right) and ordered by a few barycentre sweeps, and edges are
cubic Bézier curves. Every label is drawn twice, once per language, as ``<text class="t"
lang="en">`` / ``lang="es"``, and the page's CSS shows one of them. Boxes link to the term's
section (``href="#LocalName"``).

Example:
    >>> svg = bipartite_svg(
    ...     [("#A", "Guideline A", "Línea A")], [("#sdg-4-7", "4.7", "4.7")], [(0, 0)],
    ...     title_en="Guidelines", title_es="Líneas")
    >>> svg.startswith("<svg") and 'href="#A"' in svg
    True
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from math import cos, pi, sin

#: Fill colours per family of classes (the top-level class a class descends from).
PALETTE = ("#bfdbfe", "#bbf7d0", "#fde68a", "#fbcfe8", "#ddd6fe", "#e2e8f0", "#fecaca", "#a5f3fc")
_BOX_H = 26


def text_width(text: str, size: float = 12.0) -> float:
    """Estimate the rendered width of ``text`` in pixels in a wide sans-serif (DejaVu Sans).

    Args:
        text: The text.
        size: Font size in pixels.

    Returns:
        An estimate wide enough for common sans-serif fonts.

    Example:
        >>> 30 < text_width("School") < 50
        True
    """
    em = 0.0
    for c in text:
        if c in "ilj'|.,:;!":
            em += 0.3
        elif c in "ftrI ()[]-":
            em += 0.42
        elif c in "mwMW\u2014\u2026":
            em += 1.0
        elif c.isupper():
            em += 0.74
        elif c.isdigit():
            em += 0.64
        else:
            em += 0.62
    return em * size


def _bi_text(x: float, y: float, en: str, es: str, attrs: str = "") -> str:
    """Two ``<text>`` elements, one per language (a single one when both are equal)."""
    if en == es:
        return f'<text x="{x:.1f}" y="{y:.1f}"{attrs}>{escape(en)}</text>'
    return (
        f'<text class="t" lang="en" x="{x:.1f}" y="{y:.1f}"{attrs}>{escape(en)}</text>'
        f'<text class="t" lang="es" x="{x:.1f}" y="{y:.1f}"{attrs}>{escape(es)}</text>'
    )


def _box(
    href: str, x: float, y: float, w: float, en: str, es: str, fill: str, tooltip: str = ""
) -> str:
    title = f"<title>{escape(tooltip)}</title>" if tooltip else ""
    text = _bi_text(x + w / 2, y + 17, en, es, ' text-anchor="middle"')
    return (
        f'<a href="{escape(href)}" class="node">{title}<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{_BOX_H}" rx="5" '
        f'fill="{fill}" stroke="#475569"/>{text}</a>'
    )


def _svg(width: float, height: float, title_en: str, title_es: str, body: str, uid: str) -> str:
    body = body.replace('marker-end="url(#arrow)"', f'marker-end="url(#{uid}-arrow)"')
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="diagram" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" role="img" aria-label="{escape(title_en)}">'
        f"<title>{escape(title_en)} / {escape(title_es)}</title>"
        f'<defs><marker id="{uid}-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#475569"/></marker></defs>'
        f"{body}</svg>"
    )


@dataclass(frozen=True)
class Node:
    """A box of the class diagram."""

    key: str
    href: str
    en: str
    es: str
    family: int = 0


def _layers(keys: Sequence[str], edges: Sequence[tuple[str, str]]) -> dict[str, int]:
    """Longest-path layering from the sources, ignoring self loops and breaking cycles."""
    succ: dict[str, list[str]] = defaultdict(list)
    for a, b in edges:
        if a != b:
            succ[a].append(b)
    layer = dict.fromkeys(keys, 0)
    for _ in range(len(keys)):
        changed = False
        for a in keys:
            for b in succ[a]:
                if layer[b] < layer[a] + 1 <= len(keys):
                    layer[b] = layer[a] + 1
                    changed = True
        if not changed:
            break
    # Compact: nodes without predecessors sit one layer before their nearest successor.
    has_pred = {b for a, b in edges if a != b}
    for a in keys:
        if a not in has_pred and succ[a]:
            layer[a] = max(0, min(layer[b] for b in succ[a]) - 1)
    return layer


def class_diagram(
    nodes: Sequence[Node],
    edges: Sequence[tuple[str, str, str, str]],
    *,
    title_en: str,
    title_es: str,
    uid: str = "classes",
) -> str:
    """Draw classes as boxes in layers, linked by their object properties.

    Args:
        nodes: The boxes.
        edges: ``(from key, to key, english label, spanish label)``; a self loop is drawn as
            a small arc.
        title_en: Accessible title in English.
        title_es: Accessible title in Spanish.
        uid: Prefix that keeps the ids of this diagram unique in the page.

    Returns:
        An ``<svg>`` element.

    Example:
        >>> svg = class_diagram([Node("a", "#A", "A", "A"), Node("b", "#B", "B", "B")],
        ...                     [("a", "b", "links", "enlaza")], title_en="t", title_es="t")
        >>> svg.count("<path") >= 2
        True
    """
    keys = [n.key for n in nodes]
    by_key = {n.key: n for n in nodes}
    layer = _layers(keys, [(a, b) for a, b, _, _ in edges])
    columns: dict[int, list[str]] = defaultdict(list)
    for key in sorted(keys, key=lambda k: (by_key[k].family, by_key[k].en.casefold())):
        columns[layer[key]].append(key)
    neighbours: dict[str, list[str]] = defaultdict(list)
    for a, b, _, _ in edges:
        if a != b:
            neighbours[a].append(b)
            neighbours[b].append(a)
    position = {k: float(i) for col in columns.values() for i, k in enumerate(col)}
    for sweep in range(8):  # barycentre ordering, alternating directions
        order = sorted(columns) if sweep % 2 == 0 else sorted(columns, reverse=True)
        for c in order:
            col = columns[c]
            bary = {
                k: (
                    sum(position[n] for n in neighbours[k]) / len(neighbours[k])
                    if neighbours[k]
                    else position[k]
                )
                for k in col
            }
            col.sort(key=lambda k: (bary[k], by_key[k].en))
            for i, k in enumerate(col):
                position[k] = float(i)
    widths = {k: max(text_width(by_key[k].en), text_width(by_key[k].es)) + 18 for k in keys}
    col_width = {c: max(widths[k] for k in col) for c, col in columns.items()}
    gap, row_h, margin = 170.0, 46.0, 16.0
    tallest = max((len(col) for col in columns.values()), default=0)
    height = margin * 2 + tallest * row_h
    x_of: dict[int, float] = {}
    x = margin
    for c in sorted(columns):
        x_of[c] = x
        x += col_width[c] + gap
    loops = [max(text_width(en), text_width(es)) for a, b, en, es in edges if a == b]
    width = x - gap + margin + 50 + (max(loops) if loops else 0)
    coords: dict[str, tuple[float, float]] = {}
    for c, col in columns.items():
        offset = (tallest - len(col)) * row_h / 2
        for i, k in enumerate(col):
            coords[k] = (
                x_of[c] + (col_width[c] - widths[k]) / 2,
                margin + offset + i * row_h + (row_h - _BOX_H) / 2,
            )
    merged: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for a, b, en, es in edges:
        merged[(a, b)].append((en, es))
    lines: list[str] = []
    labels: list[str] = []
    placed: list[tuple[float, float, float, float]] = [
        (x, y, x + widths[k], y + _BOX_H) for k, (x, y) in coords.items()
    ]
    for (a, b), names in sorted(merged.items()):
        en = ", ".join(sorted({n[0] for n in names}))
        es = ", ".join(sorted({n[1] for n in names}))
        ax, ay = coords[a]
        bx, by = coords[b]
        if a == b:
            x0, y0 = ax + widths[a], ay + _BOX_H / 2
            lines.append(
                f'<path d="M{x0:.1f},{y0 - 6:.1f} C{x0 + 40:.1f},{y0 - 34:.1f} {x0 + 40:.1f},{y0 + 34:.1f} {x0:.1f},{y0 + 6:.1f}" class="edge" marker-end="url(#arrow)"/>'
            )
            labels.append(_bi_text(x0 + 44, y0 + 4, en, es, ' class="edge-label"'))
            continue
        forward = layer[b] > layer[a] or (layer[b] == layer[a] and bx >= ax)
        x0 = ax + widths[a] if forward else ax
        x1 = bx if forward else bx + widths[b]
        y0, y1 = ay + _BOX_H / 2, by + _BOX_H / 2
        if layer[a] == layer[b]:  # same column: bulge out to the right
            x0, x1 = ax + widths[a], bx + widths[b]
            bulge = 60 + abs(y1 - y0) / 4
            c0, c1 = (x0 + bulge, y0), (x1 + bulge, y1)
        else:
            dx = (x1 - x0) * 0.45
            c0, c1 = (x0 + dx, y0), (x1 - dx, y1)
        lines.append(
            f'<path d="M{x0:.1f},{y0:.1f} C{c0[0]:.1f},{c0[1]:.1f} {c1[0]:.1f},{c1[1]:.1f} {x1:.1f},{y1:.1f}" class="edge" marker-end="url(#arrow)"/>'
        )
        labels.append(_place_label((x0, y0), c0, c1, (x1, y1), en, es, placed))
    boxes = [
        _box(
            by_key[k].href,
            coords[k][0],
            coords[k][1],
            widths[k],
            by_key[k].en,
            by_key[k].es,
            PALETTE[by_key[k].family % len(PALETTE)],
        )
        for k in keys
    ]
    return _svg(
        width, height, title_en, title_es, "".join(lines) + "".join(boxes) + "".join(labels), uid
    )


def _bezier(
    p0: tuple[float, float],
    c0: tuple[float, float],
    c1: tuple[float, float],
    p1: tuple[float, float],
    t: float,
) -> tuple[float, float]:
    u = 1 - t
    return (
        u**3 * p0[0] + 3 * u * u * t * c0[0] + 3 * u * t * t * c1[0] + t**3 * p1[0],
        u**3 * p0[1] + 3 * u * u * t * c0[1] + 3 * u * t * t * c1[1] + t**3 * p1[1],
    )


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def _place_label(
    p0: tuple[float, float],
    c0: tuple[float, float],
    c1: tuple[float, float],
    p1: tuple[float, float],
    en: str,
    es: str,
    placed: list[tuple[float, float, float, float]],
) -> str:
    """Put an edge label on its curve where it overlaps the fewest boxes and labels placed so far."""
    w = max(text_width(en, 10.5), text_width(es, 10.5)) + 4
    best: tuple[float, float, float] | None = None
    for t in (0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74, 0.2, 0.8):
        x, y = _bezier(p0, c0, c1, p1, t)
        rect = (x - w / 2, y - 13, x + w / 2, y + 1)
        cost = sum(_overlap(rect, other) for other in placed)
        if best is None or cost < best[0]:
            best = (cost, x, y)
        if cost == 0:
            break
    assert best is not None
    _, x, y = best
    placed.append((x - w / 2, y - 13, x + w / 2, y + 1))
    return _bi_text(x, y - 3, en, es, ' class="edge-label" text-anchor="middle"')


def bipartite_svg(
    left: Sequence[tuple[str, str, str]],
    right: Sequence[tuple[str, str, str]],
    links: Sequence[tuple[int, int]],
    *,
    title_en: str,
    title_es: str,
    right_tooltips: Sequence[str] = (),
    uid: str = "links",
) -> str:
    """Draw two columns of boxes (for example guidelines and SDG targets) and the links between.

    Args:
        left: ``(href, english, spanish)`` per box on the left, top to bottom.
        right: The same for the right column.
        links: ``(left index, right index)`` pairs.
        title_en: Accessible title in English.
        title_es: Accessible title in Spanish.
        right_tooltips: Optional tooltip per right box (for example an SDG target's title).
        uid: Prefix that keeps the ids of this diagram unique in the page.

    Returns:
        An ``<svg>`` element.
    """
    row_h, margin, gap = 38.0, 16.0, 160.0
    left_w = max((max(text_width(en), text_width(es)) for _, en, es in left), default=60) + 20
    right_w = max((max(text_width(en), text_width(es)) for _, en, es in right), default=60) + 20
    rows = max(len(left), len(right), 1)
    height = margin * 2 + rows * row_h
    width = margin * 2 + left_w + gap + right_w

    def top(index: int, count: int) -> float:
        return margin + (rows - count) * row_h / 2 + index * row_h + (row_h - _BOX_H) / 2

    body = []
    for i, j in links:
        y0 = top(i, len(left)) + _BOX_H / 2
        y1 = top(j, len(right)) + _BOX_H / 2
        x0, x1 = margin + left_w, margin + left_w + gap
        body.append(
            f'<path d="M{x0:.1f},{y0:.1f} C{x0 + gap / 2:.1f},{y0:.1f} {x1 - gap / 2:.1f},{y1:.1f} {x1:.1f},{y1:.1f}" class="edge" marker-end="url(#arrow)"/>'
        )
    for i, (href, en, es) in enumerate(left):
        body.append(_box(href, margin, top(i, len(left)), left_w, en, es, PALETTE[0]))
    for j, (href, en, es) in enumerate(right):
        tip = right_tooltips[j] if j < len(right_tooltips) else ""
        body.append(
            _box(href, margin + left_w + gap, top(j, len(right)), right_w, en, es, PALETTE[1], tip)
        )
    return _svg(width, height, title_en, title_es, "".join(body), uid)


def cycle_svg(
    items: Sequence[tuple[str, str, str]], *, title_en: str, title_es: str, uid: str = "cycle"
) -> str:
    """Draw items on a circle, each with an arrow to the next and the last back to the first.

    Args:
        items: ``(href, english, spanish)`` in cycle order.
        title_en: Accessible title in English.
        title_es: Accessible title in Spanish.
        uid: Prefix that keeps the ids of this diagram unique in the page.

    Returns:
        An ``<svg>`` element.
    """
    n = max(len(items), 1)
    widths = [max(text_width(en), text_width(es)) + 20 for _, en, es in items]
    radius = 70 + 14 * n
    cx = radius + max(widths, default=60) / 2 + 16
    cy = radius + 30
    points = [
        (cx + radius * cos(-pi / 2 + 2 * pi * i / n), cy + radius * sin(-pi / 2 + 2 * pi * i / n))
        for i in range(n)
    ]
    body = []
    for i in range(len(items)):
        (x0, y0), (x1, y1) = points[i], points[(i + 1) % n]
        mx, my = (x0 + x1) / 2, (y0 + y1) / 2
        qx, qy = mx + (mx - cx) * 0.35, my + (my - cy) * 0.35
        body.append(_arc(x0, y0, qx, qy, x1, y1))
    for (href, en, es), (x, y), w in zip(items, points, widths):
        body.append(_box(href, x - w / 2, y - _BOX_H / 2, w, en, es, PALETTE[2]))
    return _svg(cx * 2, cy * 2, title_en, title_es, "".join(body), uid)


def _arc(x0: float, y0: float, qx: float, qy: float, x1: float, y1: float) -> str:
    """A quadratic arc shortened at both ends so the arrow head stays outside the boxes."""

    def along(t: float) -> tuple[float, float]:
        return (
            (1 - t) ** 2 * x0 + 2 * (1 - t) * t * qx + t**2 * x1,
            (1 - t) ** 2 * y0 + 2 * (1 - t) * t * qy + t**2 * y1,
        )

    (sx, sy), (ex, ey) = along(0.22), along(0.78)
    return f'<path d="M{sx:.1f},{sy:.1f} Q{qx:.1f},{qy:.1f} {ex:.1f},{ey:.1f}" class="edge" marker-end="url(#arrow)"/>'
