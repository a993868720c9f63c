"""Clip polygons and lines to a rectangle: the pieces inside, with no bridges between them.

Sutherland-Hodgman, the textbook rectangle clip, joins the pieces of a concave ring that the
rectangle cuts apart by edges along its border: drawn, those bridges are hairlines across the
sea where a coast leaves a cell and comes back. :func:`clip_ring` instead follows the ring in
and out of the rectangle and closes each piece along the border, counter-clockwise, to the next
point where the ring comes back in (Weiler-Atherton, for a rectangle), so each piece is a ring
of its own. :func:`clip_line` cuts lines (Liang-Barsky per segment).

Standard library only: ``tools/build_basemap.py`` loads this file by its path.
"""

from __future__ import annotations

import itertools

Point = tuple[float, float]
Box = tuple[float, float, float, float]  # west, south, east, north


def clip_segment(p: Point, q: Point, box: Box) -> tuple[Point, Point] | None:
    """Liang-Barsky: the part of segment p-q inside the box (its border included), or None."""
    w, s, e, n = box
    x0, y0 = p
    dx, dy = q[0] - x0, q[1] - y0
    t0, t1 = 0.0, 1.0
    for pk, qk in ((-dx, x0 - w), (dx, e - x0), (-dy, y0 - s), (dy, n - y0)):
        if pk == 0:
            if qk < 0:
                return None
            continue
        r = qk / pk
        if pk < 0:
            if r > t1:
                return None
            t0 = max(t0, r)
        else:
            if r < t0:
                return None
            t1 = min(t1, r)
    a = p if t0 == 0 else (x0 + t0 * dx, y0 + t0 * dy)
    b = q if t1 == 1 else (x0 + t1 * dx, y0 + t1 * dy)
    return a, b


def clip_line(line: list[Point], box: Box) -> list[list[Point]]:
    """The parts of a line inside a box."""
    parts: list[list[Point]] = []
    cur: list[Point] = []
    for p, q in itertools.pairwise(line):
        seg = clip_segment(p, q, box)
        if seg is None:
            if cur:
                parts.append(cur)
                cur = []
            continue
        a, b = seg
        if cur and cur[-1] == a:
            cur.append(b)
        else:
            if cur:
                parts.append(cur)
            cur = [a, b]
        if b != q:  # left the box
            parts.append(cur)
            cur = []
    if cur:
        parts.append(cur)
    return [c for c in parts if len(c) >= 2]


def signed_area(ring: list[Point]) -> float:
    """Shoelace area: positive for a counter-clockwise ring."""
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1])) / 2


def _inside(p: Point, box: Box) -> bool:
    return box[0] <= p[0] <= box[2] and box[1] <= p[1] <= box[3]


def _contains(ring: list[Point], p: Point) -> bool:
    """Even-odd point in polygon."""
    x, y = p
    hit = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            hit = not hit
    return hit


def _perimeter(p: Point, box: Box) -> float:
    """Where a point of the border lies along it, counter-clockwise from the south-west corner."""
    w, s, e, n = box
    x, y = p
    width, height = e - w, n - s
    if y == s and x < e:
        return x - w
    if x == e and y < n:
        return width + (y - s)
    if y == n and x > w:
        return width + height + (e - x)
    return 2 * width + height + (n - y)


def _corners_between(a: float, b: float, box: Box) -> list[Point]:
    """The box's corners passed going counter-clockwise along the border from ``a`` to ``b``."""
    w, s, e, n = box
    width, height = e - w, n - s
    total = 2 * (width + height)
    corners = [(0.0, (w, s)), (width, (e, s)), (width + height, (e, n)), (2 * width + height, (w, n))]
    span = (b - a) % total
    out = []
    for d, c in sorted(corners, key=lambda dc: (dc[0] - a) % total):
        if 0 < (d - a) % total < span:
            out.append(c)
    return out


def clip_ring(ring: list[Point], box: Box) -> list[list[Point]]:
    """The pieces of a ring (open: its last point is not its first) inside a box, each a ring.

    A ring wholly inside comes back as it is; a ring around the whole box gives the box; a ring
    that crosses the border gives one ring per piece, closed along the border. Pieces are
    counter-clockwise.
    """
    if len(ring) < 3:
        return []
    if signed_area(ring) < 0:
        ring = ring[::-1]
    outside = [i for i, p in enumerate(ring) if not _inside(p, box)]
    if not outside:
        return [list(ring)]
    k = outside[0]
    walk = ring[k:] + ring[:k] + [ring[k]]  # from a point outside, round to it again
    chains = clip_line(walk, box)
    chains = [c for c in chains if any(p != c[0] for p in c)]
    if not chains:
        w, s, e, n = box
        centre = ((w + e) / 2, (s + n) / 2)
        return [[(w, s), (e, s), (e, n), (w, n)]] if _contains(ring, centre) else []
    total = 2 * ((box[2] - box[0]) + (box[3] - box[1]))
    entries = [_perimeter(c[0], box) for c in chains]
    used: set[int] = set()
    pieces: list[list[Point]] = []
    for start in range(len(chains)):
        if start in used:
            continue
        piece: list[Point] = []
        i = start
        while i not in used:
            used.add(i)
            piece.extend(chains[i])
            leave = _perimeter(chains[i][-1], box)
            # The next chain coming in, counter-clockwise along the border from where this one left.
            j = min(range(len(chains)), key=lambda c: ((entries[c] - leave) % total, c != start))
            piece.extend(_corners_between(leave, entries[j], box))
            i = j
        if len(piece) >= 3:
            pieces.append(piece)
    return pieces
