"""Which OIT item a document answers, from the `recognise` words of the year's catalogue.

A document is known by its heading: the phrase LAOs put in the title of that kind of
document ("สรุปผลการจัดซื้อจัดจ้างประจำเดือน", "แบบ สขร.1"). The longest phrase found in
the heading decides, a phrase found only in the text counts less, and the file name least
(staff name files freely: "scan0001.pdf", or a name copied from another document).
A phrase listed under `not` in the heading rules the item out. Two items whose own phrases
both stand in the heading are both answered (a report on the risk plan and the
anti-corruption plan together).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from .. import thai
from ..catalogue import Catalogue, CatalogueItem

TITLE, BODY, NAME = 3.0, 0.6, 1.0     # weight of a phrase's length by where it stands
WORD_POINTS, WORD_CAP = 1.0, 5.0      # supporting words in the text, counted once each
KIND_POINTS = 2.0                     # the heading starts with a kind the item accepts
FUZZY = 0.8                           # a phrase found with a word missing or added counts this much
FUZZY_MIN_CHARS, FUZZY_SHARE = 15, 0.9
FILE_AT = 14.0                        # below this the document stays unplaced
SECOND_SHARE = 0.7                    # a second item is answered when its heading phrase is this strong
BODY_CHARS = 6000


def normal(text: str) -> str:
    """For matching: Arabic digits, no spaces, lower case, one kind of apostrophe and dash."""
    text = thai.to_arabic_digits(text or "").lower().replace("’", "'").replace("–", "-")
    return re.sub(r"\s+", "", text)


@dataclass
class Score:
    item: CatalogueItem
    points: float = 0.0
    why: list[str] = field(default_factory=list)   # the words that decided, as written in the catalogue
    heading_phrase: str = ""                       # the longest phrase found in the heading
    excluded: str = ""                             # a `not` phrase of the heading


@dataclass
class Choice:
    items: list[Score]             # the item(s) chosen, best first; empty = unplaced
    ranked: list[Score]            # every item with points, best first
    sure: str                      # สูง | ปานกลาง | ต่ำ

    nearest: list[Score] = field(default_factory=list)   # by the wording of the item's title

    @property
    def closest(self) -> list[Score]:
        """The two items nearest to the document, for staff to choose from."""
        picked = self.ranked[:2]
        return picked + [s for s in self.nearest if s.item not in [p.item for p in picked]][:2 - len(picked)]


def _found(phrases: list[str], text: str) -> list[str]:
    return [p for p in phrases if normal(p) and normal(p) in text]


def _nearly_found(phrase: str, text: str) -> bool:
    """The phrase with a short word left out or put in ("รายงานการดำเนินการมาตรการ…" for
    "รายงานการดำเนินการตามมาตรการ…"): 90% of its letters in order, within a stretch at most
    one word longer than the phrase."""
    wanted = normal(phrase)
    if len(wanted) < FUZZY_MIN_CHARS or not text:
        return False
    blocks = [b for b in SequenceMatcher(None, wanted, text, autojunk=False).get_matching_blocks() if b.size >= 3]
    if not blocks:
        return False
    matched = sum(b.size for b in blocks)
    stretch = blocks[-1].b + blocks[-1].size - blocks[0].b
    # one inserted word ("สรุปผลการดำเนินการจัดซื้อจัดจ้าง…" for "สรุปผลการจัดซื้อจัดจ้าง…") is allowed
    return matched >= FUZZY_SHARE * len(wanted) and stretch <= len(wanted) + max(0.15 * len(wanted), 10)


def _longest(phrases: list[str]) -> str:
    return max(phrases, key=lambda p: len(normal(p)), default="")


def score_item(item: CatalogueItem, heading: str, body: str, name: str) -> Score:
    """heading, body and name already normal()."""
    rec = item.recognition
    score = Score(item)
    excluded = _found(rec.not_, heading)
    if excluded:
        score.excluded = excluded[0]
        return score
    in_heading = _found(rec.phrases, heading)
    nearly = [] if in_heading else [p for p in rec.phrases if _nearly_found(p, heading)]
    if in_heading or nearly:
        score.heading_phrase = _longest(in_heading or nearly)
        score.points += TITLE * len(normal(score.heading_phrase)) * (1 if in_heading else FUZZY)
        score.why.append(score.heading_phrase + ("" if in_heading else " (คำใกล้เคียง)"))
    else:
        in_body = _found(rec.phrases, body)
        in_name = _found(rec.phrases, name) or _found(rec.words, name)
        if in_body:
            best = _longest(in_body)
            score.points += BODY * len(normal(best))
            score.why.append(best)
        if in_name:
            best = _longest(in_name)
            weight = NAME * len(normal(best)) if best in rec.phrases else WORD_POINTS
            # a scan has nothing but its name: a phrase there is enough to file it
            score.points += weight + (FILE_AT if not body and best in rec.phrases else 0)
            score.why.append(f"ชื่อไฟล์: {best}")
    words = _found(rec.words, heading + body)
    if words:
        score.points += min(WORD_CAP, WORD_POINTS * len(words))
        score.why += words[:3]
    if score.points and any(heading.startswith(normal(kind)) for kind in rec.kinds):
        score.points += KIND_POINTS
    return score


def name_text(file_name: str) -> str:
    """A file name as words: "o20-nogift_2569 (1).pdf" → "o20 nogift 2569 (1)"."""
    stem = file_name.rsplit(".", 1)[0]
    return re.sub(r"[-_.]+", " ", stem)


def recognise(catalogue: Catalogue, heading: str, body: str, file_name: str) -> Choice:
    head, text, name = normal(heading), normal(body[:BODY_CHARS]), normal(name_text(file_name))
    heading = head
    scores = [score_item(item, head, text, name) for item in catalogue.items]
    ranked = sorted((s for s in scores if s.points > 0), key=lambda s: -s.points)
    if not ranked or ranked[0].points < FILE_AT:
        return Choice([], ranked, "ต่ำ", _nearest_by_title(catalogue, head))
    best = ranked[0]
    chosen = [best]
    for part in _parts(heading):
        top = max((score_item(item, part, text, name) for item in catalogue.items), key=lambda s: s.points)
        if top.heading_phrase and top.points >= FILE_AT and top.item not in [c.item for c in chosen]:
            chosen.append(next(s for s in ranked if s.item is top.item) if any(s.item is top.item for s in ranked) else top)
    for other in ranked[1:]:
        if len(chosen) > 1:
            break
        if (best.heading_phrase and other.heading_phrase and other.points >= SECOND_SHARE * best.points
                and not _overlap(best.heading_phrase, other.heading_phrase, head)):
            chosen.append(other)
            break
    runner_up = next((s for s in ranked[1:] if s not in chosen), None)
    margin = best.points / runner_up.points if runner_up else float("inf")
    if best.heading_phrase and margin >= 1.25:
        sure = "สูง"
    elif margin >= 1.1 or (best.heading_phrase and margin > 1.0):
        sure = "ปานกลาง"
    else:
        return Choice([], ranked, "ต่ำ", _nearest_by_title(catalogue, head))
    return Choice(chosen, ranked, sure)


def _nearest_by_title(catalogue: Catalogue, heading: str) -> list[Score]:
    """Items whose title shares the most three-letter pieces with the heading."""
    pieces = {heading[i:i + 3] for i in range(len(heading) - 2)}

    def shared(item: CatalogueItem) -> int:
        title = normal(item.title)
        return len(pieces & {title[i:i + 3] for i in range(len(title) - 2)})
    return [Score(item) for item in sorted(catalogue.items, key=shared, reverse=True)[:2] if shared(item)]


_JOINED = re.compile(r"และ(?=รายงาน|แผน|การประเมิน|ประกาศ|คู่มือ|หลักเกณฑ์|ช่องทาง|สถิติ|มาตรการ)")


def _parts(heading: str) -> list[str]:
    """"X และรายงาน Y": a document made of two, each part as a heading of its own (normal())."""
    parts = _JOINED.split(heading)
    return parts if len(parts) > 1 else []


def _overlap(first: str, second: str, heading: str) -> bool:
    """Whether two phrases are one stretch of the heading (one inside the other, or overlapping)."""
    a, b = normal(first), normal(second)
    if a in b or b in a:
        return True
    start_a, start_b = heading.find(a), heading.find(b)
    return start_a < start_b + len(b) and start_b < start_a + len(a)
