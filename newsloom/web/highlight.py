"""Article text cut into plain pieces and the entity or date mentions inside it.

The template writes each piece as escaped text, a mention as a link around
escaped text: nothing of the article is ever markup.
"""

from __future__ import annotations


def segments(text: str, record: dict, field: str) -> list[dict]:
    """``[{"text", "entity"?, "type"?, "date"?}]`` covering ``text`` in order; overlaps keep the earlier, longer span."""
    spans = []
    for e in record.get("entities", []):
        for m in e.get("mentions", []):
            if m.get("field") == field:
                spans.append((m["start"], m["end"], {"entity": e["id"], "type": e.get("type")}))
    for d in record.get("dates", []):
        if d.get("field") == field:
            spans.append((d["start"], d["end"], {"date": d.get("value")}))
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    out, at = [], 0
    for start, end, info in spans:
        if start < at or not 0 <= start < end <= len(text):
            continue
        if start > at:
            out.append({"text": text[at:start]})
        out.append({"text": text[start:end], **info})
        at = end
    if at < len(text):
        out.append({"text": text[at:]})
    return out
