"""The status of every item of the year's catalogue: complete, incomplete, stale or missing.

Evidence for an item = its entry in oit/<year>.yaml plus the generated pages the
catalogue lists for it (pages.item_pages); a generated page counts only when the
data behind it exists. "Today" decides what exists: a document dated after it
is not yet published. The site passes the data's "as of" date, `prongsai check`
passes --today, so results are reproducible.

Status, in this order:
  missing     no evidence at all, and no "nothing to report" statement;
  incomplete  a required component is not met (or evidence is broken: a file that is not there,
              an October–March report that does not cover October–March);
  stale       everything is there but outside the item's time window (or not yet published);
  complete    every component met and the time window met.
A component without a `check` is listed in human_checks ("ต้องให้เจ้าหน้าที่ตรวจ") and counts as
met only when the item has evidence: it never fails an item and is never passed silently.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from .. import thai
from ..model import CatalogueItem, Evidence, Model
from ..problems import Problems
from . import period as period_rules
from .locate import Locator, oit_rel, rel_of
from .period import Finding, PeriodResult
from .rules import PERIOD_AWARE, RULES, Context, Outcome, Usable
from .score import Scores, compute

STATUSES = ("complete", "incomplete", "stale", "missing")
STATUS_TEXT = {
    "complete": "ครบ",
    "incomplete": "ไม่ครบ",
    "stale": "นอกช่วงเวลา",
    "missing": "ไม่มีข้อมูล",
}
HUMAN_TEXT = "ต้องให้เจ้าหน้าที่ตรวจ"
INCOMPLETE_KINDS = {"component", "file", "page", "coverage"}
STALE_KINDS = {"stale", "future"}


@dataclass
class ComponentResult:
    id: str
    title: str
    check: str | None
    state: str            # met | not_met | human
    message: str = ""
    where: list[str] = field(default_factory=list)
    confirm: str | None = None


@dataclass
class ItemResult:
    item: CatalogueItem
    status: str
    reasons: list[Finding]
    components: list[ComponentResult]
    period: PeriodResult
    human_checks: list[Finding] = field(default_factory=list)
    notes: list[Finding] = field(default_factory=list)
    has_evidence: bool = False
    evidence_where: str = ""
    looked_at: list[str] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)  # generated pages counted as evidence

    @property
    def score(self) -> int:
        return 100 if self.status == "complete" else 0

    @property
    def needs_human_check(self) -> bool:
        return bool(self.human_checks)

    @property
    def status_text(self) -> str:
        return STATUS_TEXT[self.status]

    @property
    def public_reasons(self) -> list[str]:
        """The reasons for a site page: no data-file locations."""
        if self.status == "missing":
            return ["ยังไม่มีหลักฐาน และไม่มีคำชี้แจงว่าไม่มีข้อมูลที่ต้องรายงาน"]
        if self.status == "complete":
            return []
        return [reason.message for reason in self.reasons]


@dataclass
class Assessment:
    model: Model
    today: dt.date
    items: list[ItemResult]
    scores: Scores
    notes: list[str] = field(default_factory=list)
    problems: Problems = field(default_factory=Problems)
    online: bool = False
    unreachable: dict[str, str] = field(default_factory=dict)

    @property
    def ita_year(self) -> int:
        return self.model.catalogue.ita_year

    @property
    def fiscal_window(self) -> tuple[dt.date, dt.date]:
        return thai.fiscal_year_bounds(self.ita_year)

    def item(self, key: str) -> ItemResult | None:
        return next((r for r in self.items if r.item.key == key), None)

    def count(self, status: str) -> int:
        return sum(1 for r in self.items if r.status == status)

    @property
    def failing(self) -> list[ItemResult]:
        return [r for r in self.items if r.status != "complete"]

    @property
    def human(self) -> list[ItemResult]:
        return [r for r in self.items if r.human_checks and r.status != "missing"]


# --- generated pages --------------------------------------------------------------------------

def page_has_data(model: Model, page_id: str, page_ids: set[str]) -> bool:
    """A generated page counts as evidence only when the data behind it exists."""
    org = model.organisation
    if page_id not in page_ids:
        return False
    if page_id == "organisation/structure":
        return bool(org.structure_chart or org.structure_political or org.structure_permanent)
    if page_id == "organisation/executives":
        return bool(org.political or org.permanent)
    if page_id == "organisation/powers":
        return bool(any(t.strip() for t in org.powers_summary) or org.powers_items or org.laws)
    if page_id == "plan/risk":
        return bool(model.plan and model.plan.risks)
    if page_id == "plan":
        return model.plan is not None
    if page_id == "measures":
        return bool(model.measures)
    return True  # organisation, organisation/contact (address is required), project and report pages


# --- assessment -------------------------------------------------------------------------------

def assess(model: Model, page_ids: set[str], today: dt.date, *, online: bool = False,
           problems: Problems | None = None, url_timeout: float = 5.0) -> Assessment:
    if model.catalogue is None:
        raise ValueError("no catalogue")
    from .online import UrlChecker  # only touches the network when asked

    loc = Locator(model.data_root)
    catalogue = model.catalogue
    oit = model.oit
    rel = rel_of(oit.source_file, "oit") if oit else oit_rel(catalogue.ita_year)
    checker = UrlChecker(timeout=url_timeout) if online else None
    if checker:
        checker.check_all(collect_urls(model))

    def url_status(url: str):
        return checker.status(url) if checker else None

    root = Path(model.data_root).resolve()

    def file_exists(relative: str) -> bool:
        """Only files inside the data folder; a name the system refuses is simply not there."""
        try:
            path = (root / relative).resolve()
            return path.is_relative_to(root) and path.is_file()
        except (OSError, ValueError):
            return False

    results = []
    for item in catalogue.items:
        evidence = oit.evidence.get(item.key) if oit else None
        results.append(_assess_item(model, item, evidence, page_ids, today, loc, rel, file_exists, url_status))
    scores = compute(catalogue, {r.item.key: r.score for r in results})
    assessment = Assessment(model, today, results, scores, problems=problems or Problems(), online=online,
                            unreachable=checker.unreachable() if checker else {})
    assessment.notes = _overall_notes(model, today, loc, rel)
    return assessment


def _catalogue_exists(year: int) -> bool:
    from ..catalogue import CATALOGUE_DIR

    return (CATALOGUE_DIR / f"ita-{year}.yaml").is_file()


def _overall_notes(model: Model, today: dt.date, loc: Locator, rel: str) -> list[str]:
    catalogue, notes = model.catalogue, []
    year = catalogue.ita_year
    start, end = thai.fiscal_year_bounds(year)
    if today < start:
        notes.append(f"วันที่ตรวจ ({thai.thai_date(today)}) ยังไม่ถึงปีงบประมาณที่ประเมิน "
                     f"({thai.thai_date(start)} – {thai.thai_date(end)}) เอกสารของปีนี้ส่วนใหญ่จึงยังไม่มี")
    elif today > end:
        following = year + 1
        how = (f"ให้ใช้ --year {following}" if _catalogue_exists(following) else
               f"เมื่อมีบัญชีรายการ OIT ปี {following} (generator/catalogues/ita-{following}.yaml ดู generator/catalogues/README.md) "
               f"แล้วให้ใช้ --year {following}")
        notes.append(f"วันที่ตรวจ ({thai.thai_date(today)}) พ้นปีงบประมาณ {year} แล้ว ผลนี้ยังตัดสินตามปีงบประมาณ {year} "
                     f"ตามที่ผู้ประเมิน ITA {year} ตรวจ ถ้าเตรียมการประเมินปีถัดไป {how}")
    if model.oit is None:
        notes.append(f"ยังไม่มีไฟล์หลักฐาน {loc.display(rel)} นับได้เฉพาะหน้าที่สร้างจากข้อมูลหน่วยงาน")
    else:
        keys = {i.key for i in catalogue.items}
        for key in model.oit.evidence:
            if key not in keys:
                hint = _similar_key(key, catalogue.items)
                notes.append(f"{loc.where(rel, 'items', key)}: ไม่มีข้อ '{key}' ในบัญชีรายการ OIT ปี {year} "
                             f"หลักฐานนี้จึงไม่ถูกนับ{hint}")
    if not catalogue.confirmed:
        notes.append(f"บัญชีรายการ OIT ปี {year} ยังไม่ได้ตรวจกับคู่มือการประเมินของสำนักงาน ป.ป.ช. "
                     "คะแนนนี้เป็นการคาดการณ์จากข้อมูลเท่านั้น")
    return notes


def _similar_key(key: str, items: list[CatalogueItem]) -> str:
    keys = [i.key for i in items]
    close = difflib.get_close_matches(key, keys, n=1, cutoff=0.6)
    if not close:
        close = [k for k in keys if k.startswith(key) or key.startswith(k)][:1]
    if not close:
        return ""
    item = next(i for i in items if i.key == close[0])
    return f" หมายถึง '{close[0]}' ({item.code} {item.title}) หรือไม่"


def _usable(model: Model, item: CatalogueItem, evidence: Evidence | None, page_ids: set[str], today: dt.date,
            loc: Locator, rel: str, file_exists, url_status) -> tuple[Usable, list[Finding], list[Finding], list[Finding]]:
    """What of the declared evidence exists today; broken evidence (findings), notes, human checks."""
    usable, broken, notes, human = Usable(), [], [], []
    if evidence is None:
        return usable, broken, notes, human
    key = item.key
    site_host = urlsplit(model.site.site_url).hostname if model.site.site_url else None
    for index, document in enumerate(evidence.documents):
        where = loc.where(rel, "items", key, "documents", index)
        written = document.file or document.url or loc.value(rel, "items", key, "documents", index, "file") \
            or loc.value(rel, "items", key, "documents", index, "url")
        if (document.file and not file_exists(document.file)) or not (document.file or document.url):
            # validation drops a reference it rejects: read what the user wrote
            usable.broken_documents.append((index, document))
            shown = f"'{written}' " if written else ""
            broken.append(Finding("file", f"เอกสาร '{document.title}' อ้างไฟล์หรือลิงก์ {shown}ที่ไม่มีอยู่หรือใช้ไม่ได้ "
                                          "ให้ตรวจชื่อไฟล์ในโฟลเดอร์ข้อมูล (ตัวพิมพ์เล็ก/ใหญ่และนามสกุล) หรือแก้ลิงก์", [where]))
            continue
        status = url_status(document.url) if document.url else None
        if status is not None and not status[0]:
            usable.broken_documents.append((index, document))
            notes.append(Finding("note", f"เปิดลิงก์เอกสาร '{document.title}' ไม่ได้ ({status[1]}) จึงไม่นับ", [where]))
            continue
        if document.date and document.date > today:
            usable.future_documents.append((index, document))
            notes.append(Finding("note", f"ยังไม่นับ '{document.title}' เพราะลงวันที่ {thai.thai_date(document.date)} "
                                         f"หลังวันที่ตรวจ ({thai.thai_date(today)})", [where]))
            continue
        usable.documents.append((index, document))
        host = urlsplit(document.url).hostname if document.url else None
        if host and site_host and not (host == site_host or host.endswith("." + site_host.removeprefix("www."))):
            human.append(Finding("human", f"เอกสาร '{document.title}' อยู่ที่ {host} ไม่ใช่เว็บไซต์หลักของหน่วยงาน "
                                          f"({site_host}) ผู้ประเมินต้องการข้อมูลบนเว็บไซต์หลัก", [where]))
    for index, link in enumerate(evidence.links):
        status = url_status(link.url)
        if status is not None and not status[0]:
            usable.broken_links.append((index, link))
            notes.append(Finding("note", f"เปิดลิงก์ '{link.title}' ไม่ได้ ({status[1]}) จึงไม่นับ",
                                 [loc.where(rel, "items", key, "links", index)]))
        else:
            usable.links.append((index, link))
    for page in evidence.pages:
        where = loc.where(rel, "items", key, "pages")
        if page not in page_ids:
            broken.append(Finding("page", f"ไม่มีหน้า '{page}' ในเว็บไซต์", [where]))
        elif page_has_data(model, page, page_ids):
            usable.pages.append(page)
        else:
            usable.empty_pages.append(page)
            notes.append(Finding("note", f"หน้า '{page}' ยังไม่มีข้อมูล จึงไม่นับเป็นหลักฐาน", [where]))
    nothing = evidence.nothing_to_report
    if nothing:
        if nothing.date and nothing.date > today:
            usable.future_nothing = nothing
            notes.append(Finding("note", f"คำชี้แจงว่าไม่มีข้อมูลลงวันที่ {thai.thai_date(nothing.date)} "
                                         "หลังวันที่ตรวจ จึงยังไม่นับ", [loc.where(rel, "items", key, "nothing_to_report")]))
        else:
            usable.nothing_to_report = nothing
    return usable, broken, notes, human


def _assess_item(model: Model, item: CatalogueItem, evidence: Evidence | None, page_ids: set[str], today: dt.date,
                 loc: Locator, rel: str, file_exists, url_status) -> ItemResult:
    from ..pages import item_pages  # pages imports this package to put the result on item pages

    year = model.catalogue.ita_year
    usable, broken, notes, human = _usable(model, item, evidence, page_ids, today, loc, rel, file_exists, url_status)
    pages = [p for p in item_pages(item, evidence, page_ids) if page_has_data(model, p, page_ids)]
    declared = bool(evidence and (evidence.documents or evidence.links or evidence.nothing_to_report
                                  or usable.pages or (set(evidence.pages) - set(page_ids))))
    has_evidence = declared or bool(pages)
    evidence_where = loc.where(rel, "items", item.key) if evidence else loc.where(rel, "items")

    ctx = Context(model, item, evidence, usable, loc, rel, file_exists, url_status, today)
    components, reasons, satisfied_by = [], [], None
    for component in item.components:
        if not component.check:
            state = "human" if has_evidence else "not_met"
            message = HUMAN_TEXT if has_evidence else "ไม่มีหลักฐานให้เจ้าหน้าที่ตรวจ"
            components.append(ComponentResult(component.id, component.title, None, state, message))
            if has_evidence:
                human.append(Finding("human", f"{HUMAN_TEXT}: {component.title}", [evidence_where], component.id))
            continue
        function = RULES.get(component.check)
        if function is None:  # the catalogue tests forbid this; never pass it silently
            outcome = Outcome(False, f"ไม่รู้จักกฎตรวจ '{component.check}' (ดู generator/catalogues/vocabulary.yaml)")
        else:
            outcome = function(ctx)
        state = "met" if outcome.ok else "not_met"
        components.append(ComponentResult(component.id, component.title, component.check, state,
                                          outcome.message, outcome.where, outcome.confirm))
        if outcome.ok:
            if outcome.confirm:
                human.append(Finding("human", f"{HUMAN_TEXT}: {outcome.confirm}", outcome.where, component.id))
            if component.check in PERIOD_AWARE and satisfied_by is None:
                satisfied_by = outcome.message
        else:
            reasons.append(Finding(outcome.cause, f"{component.title}: {outcome.message}", outcome.where, component.id))

    documents = [(loc.where(rel, "items", item.key, "documents", i), d) for i, d in usable.documents]
    future = [(loc.where(rel, "items", item.key, "documents", i), d) for i, d in usable.future_documents]
    nothing = ((loc.where(rel, "items", item.key, "nothing_to_report"), usable.nothing_to_report)
               if usable.nothing_to_report else None)
    period = period_rules.check(item.period, year, today, documents, future, nothing, satisfied_by)
    # a "nothing to report" statement dated after the check is all there is: the item waits for that date
    only_future_statement = usable.future_nothing is not None and not (
        usable.documents or usable.links or usable.pages or usable.nothing_to_report or usable.future_documents)
    # an item that fails for a reason of its own (a missing file, a statement not yet due) gets no
    # staff check of its dates on top of it
    fails_already = only_future_statement or bool(broken)
    if period.state == "human" and not has_evidence:
        period.state, period.message = "not_met", "ยังไม่มีข้อมูล"
    elif period.state == "human" and not fails_already:
        human.append(Finding("human", f"{HUMAN_TEXT}: {period.message}", [evidence_where]))
    notes += period.notes

    # future documents already explained by a component failure are not repeated
    explained = {w for r in reasons if r.kind == "future" for w in r.where}
    reasons += broken
    reasons += [f for f in period.findings if not (f.kind == "future" and set(f.where) <= explained)]
    if only_future_statement:
        # the components fail only because the statement does not count yet: say why, once
        where = [loc.where(rel, "items", item.key, "nothing_to_report")]
        reasons = [r for r in reasons if r.kind != "component"] + [Finding(
            "future", f"คำชี้แจงว่าไม่มีข้อมูลลงวันที่ {thai.thai_date(usable.future_nothing.date)} หลังวันที่ตรวจ "
                      f"({thai.thai_date(today)}) จึงยังไม่นับ ให้แก้วันที่ให้ตรงกับวันที่ออกคำชี้แจงจริง", where)]
        notes = [n for n in notes if not (n.kind == "note" and n.where == where)]

    looked_at = list(dict.fromkeys([evidence_where] + [w for c in components for w in c.where]))
    if not has_evidence:
        status = "missing"
        reasons = [Finding("missing", _missing_message(model, item, evidence, loc, rel), [evidence_where])] + \
            [r for r in reasons if r.kind in ("file", "page")]
    elif any(r.kind in INCOMPLETE_KINDS for r in reasons):
        status = "incomplete"
    elif any(r.kind in STALE_KINDS for r in reasons):
        status = "stale"
    else:
        status = "complete"
        extra = f" มีส่วนที่{HUMAN_TEXT} {len(human)} รายการ" if human else ""
        reasons = [Finding("complete", f"ครบทุกองค์ประกอบที่ตรวจได้และเป็นไปตามช่วงเวลา{extra}", looked_at)]
    return ItemResult(item, status, reasons, components, period, human, notes, has_evidence, evidence_where,
                      looked_at, pages)


def _missing_message(model: Model, item: CatalogueItem, evidence: Evidence | None, loc: Locator, rel: str) -> str:
    where = loc.display(rel)
    if evidence is not None and evidence.note:
        base = f"items.{item.key} ใน {where} มีเพียงคำอธิบาย (note) ยังไม่มีเอกสาร ลิงก์ หน้า หรือคำชี้แจงว่าไม่มีข้อมูล"
    else:
        base = (f"ยังไม่มีหลักฐานของข้อนี้ (items.{item.key} ใน {where}) และไม่มีคำชี้แจงว่าไม่มีข้อมูลที่ต้องรายงาน "
                "ให้เพิ่มเอกสาร ลิงก์ หน้า หรือ nothing_to_report")
    if model.oit is not None:
        known = {i.key for i in model.catalogue.items}
        for key in model.oit.evidence:
            if key not in known and _similar_key(key, [item]):
                base += f" (มี items.{key} ซึ่งไม่ใช่ชื่อข้อในบัญชีรายการ หมายถึง '{item.key}' หรือไม่)"
    return base


# --- URLs (for --online) ----------------------------------------------------------------------

def collect_urls(model: Model) -> list[str]:
    """Every web address the readiness rules may rely on: evidence documents and links, and the
    organisation's channels that components check (map, Q&A, complaint, Facebook, laws)."""
    urls: list[str] = []
    org = model.organisation
    urls += [org.contacts.map_url, org.contacts.complaint_url, org.contacts.facebook]
    urls += [c.url for c in org.qa_channels] + [law.url for law in org.laws]
    if model.oit:
        keys = {i.key for i in model.catalogue.items}
        for key, evidence in model.oit.evidence.items():
            if key in keys:
                urls += [d.url for d in evidence.documents] + [link.url for link in evidence.links]
    return list(dict.fromkeys(u for u in urls if u and u.startswith(("http://", "https://"))))
