"""The status of every item of the year's catalogue: complete, incomplete, stale or missing.

Evidence for an item = its entry in oit/<year>.yaml plus the generated pages the
catalogue lists for it (item_pages); a generated page counts only when the
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

What an evaluator refuses, the check refuses too (docs/readiness.md gives each rule's source):
- a "nothing to report" statement counts only for items whose catalogue entry allows it
  (`nothing_to_report: true`); elsewhere the item still needs its evidence;
- evidence must be on the organisation's own websites (site.yaml `site_url` and `main_site_url`):
  documents and links only on other hosts (Facebook, Google Drive …) do not count, except the
  links of an item that asks for a channel (E-Service, Q&A, complaints), which may live elsewhere;
  without those hosts, well-known third-party hosts (THIRD_PARTY_HOSTS) still do not count and
  any other host is left to a person (human_checks);
- once the catalogue's `evidence_deadline` has passed, documents dated after it do not count;
- October–March coverage that no period or title shows is `undecided`: incomplete, and a
  person has to open the files.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

from .. import thai
from ..catalogue import CatalogueItem
from ..model import Evidence, Model
from ..problems import Problems
from . import period as period_rules
from .locate import Locator, oit_rel, rel_of
from .period import Finding, PeriodResult
from .rules import PERIOD_AWARE, RULES, Context, Outcome, Usable, passed_deadline
from .score import Scores, compute

STATUSES = ("complete", "incomplete", "stale", "missing")
STATUS_TEXT = {
    "complete": "ครบ",
    "incomplete": "ไม่ครบ",
    "stale": "นอกช่วงเวลา",
    "missing": "ไม่มีข้อมูล",
}
HUMAN_TEXT = "ต้องให้เจ้าหน้าที่ตรวจ"
CHANNEL_CHECKS = {"evidence.link", "contact.complaint_channel", "contact.qa_channel", "contact.social"}
INCOMPLETE_KINDS = {"component", "file", "page", "coverage", "undecided", "offsite", "not_allowed"}
STALE_KINDS = {"stale", "future", "late"}


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

def item_pages(item, evidence, page_ids: set[str]) -> list[str]:
    """Generated pages shown as an item's evidence: those the data names, then the
    catalogue's defaults that this site has (e.g. o1 → structure and powers). Here rather
    than in generator/pages.py, which imports this module to show the verdicts on item pages."""
    named = list(evidence.pages) if evidence else []
    defaults = [page for page in item.pages if page in page_ids]
    return list(dict.fromkeys(named + defaults))


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
    loc = Locator(model.data_root)
    catalogue = model.catalogue
    oit = model.oit
    rel = rel_of(oit.source_file, "oit") if oit else oit_rel(catalogue.ita_year)
    checker = None
    if online:  # only then touches the network (and loads the HTTP modules)
        from .online import UrlChecker

        checker = UrlChecker(timeout=url_timeout)
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
    deadline = passed_deadline(catalogue, today)
    scores = compute(catalogue, {r.item.key: r.score for r in results})
    assessment = Assessment(model, today, results, scores, problems=problems or Problems(), online=online,
                            unreachable=checker.unreachable() if checker else {})
    assessment.notes = _overall_notes(model, today, loc, rel)
    if deadline:
        assessment.notes.append(
            f"วันที่ตรวจเลยวันสุดท้ายที่ผู้ประเมินตรวจหลักฐาน ITA {catalogue.ita_year} ({thai.thai_date(deadline)}) แล้ว "
            "เอกสารหรือคำชี้แจงที่ลงวันที่หลังจากนั้นไม่นับในการประเมินปีนี้")
    if not own_hosts(model):
        assessment.notes.append("site.yaml ยังไม่มี site_url หรือ main_site_url จึงตรวจไม่ได้ว่าหลักฐานอยู่บนเว็บไซต์ของหน่วยงาน")
    return assessment


def own_hosts(model: Model) -> set[str]:
    """Host names of the organisation's own websites: the ITA site and the main website."""
    hosts = set()
    for url in (model.site.site_url, getattr(model.site, "main_site_url", None)):
        host = urlsplit(url).hostname if url else None
        if host:
            hosts.add(host.lower().removeprefix("www."))
    return hosts


# Hosts that are never an organisation's own website: social media, file shares, free blogs.
THIRD_PARTY_HOSTS = (
    "facebook.com", "fb.com", "fb.watch", "fb.me", "drive.google.com", "docs.google.com", "forms.gle", "goo.gl",
    "blogspot.com", "line.me", "lin.ee", "youtube.com", "youtu.be", "tiktok.com", "instagram.com", "twitter.com",
    "x.com", "dropbox.com", "onedrive.live.com", "1drv.ms", "sharepoint.com", "mediafire.com", "scribd.com",
)


def on_third_party_host(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return any(host == known or host.endswith("." + known) for known in THIRD_PARTY_HOSTS)


def on_own_site(url: str, hosts: set[str]) -> bool:
    """An address on one of the organisation's websites (or their subdomains); a relative one is on it."""
    host = urlsplit(url).hostname
    if not host:
        return True
    host = host.lower().removeprefix("www.")
    return any(host == own or host.endswith("." + own) for own in hosts)


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


@dataclass
class _Gathered:
    """What `_usable` collects about one item's declared evidence."""

    item: CatalogueItem
    where: Callable[..., str]            # file:line of a field of the item's evidence
    today: dt.date
    deadline: dt.date | None             # the evaluators' deadline, once passed
    hosts: set[str]                      # the organisation's own websites
    usable: Usable = field(default_factory=Usable)
    broken: list[Finding] = field(default_factory=list)
    notes: list[Finding] = field(default_factory=list)
    human: list[Finding] = field(default_factory=list)
    offsite: list[tuple[str, str, str]] = field(default_factory=list)  # (title, host, where)

    @property
    def cutoff(self) -> dt.date:
        """Evidence dated after this does not count."""
        return self.deadline or self.today

    def after_cutoff(self, day: dt.date) -> str:
        if day <= self.today:
            return f"หลังวันสุดท้ายที่ผู้ประเมินตรวจหลักฐาน ({thai.thai_date(self.deadline)})"
        return f"หลังวันที่ตรวจ ({thai.thai_date(self.today)})"

    def elsewhere(self, url: str) -> bool:
        """On another host than the organisation's; without its hosts, only the well-known
        third-party hosts are known to be elsewhere."""
        if self.hosts:
            return not on_own_site(url, self.hosts)
        return on_third_party_host(url)

    def unknown_host(self, title: str, url: str, where: str) -> None:
        """Without site_url/main_site_url nobody can tell whether this host is the organisation's."""
        host = urlsplit(url).hostname
        if host and not self.hosts:
            self.human.append(Finding("human", f"{HUMAN_TEXT}: '{title}' อยู่ที่ {host} ตรวจไม่ได้ว่าเป็นเว็บไซต์ของหน่วยงาน "
                                               "เพราะ site.yaml ยังไม่มี site_url หรือ main_site_url", [where]))


def _usable(model: Model, item: CatalogueItem, evidence: Evidence | None, page_ids: set[str], today: dt.date,
            loc: Locator, rel: str, file_exists, url_status,
            own_pages: bool = False) -> tuple[Usable, list[Finding], list[Finding], list[Finding]]:
    """What of the declared evidence exists today; broken evidence (findings), notes, human checks.
    `own_pages`: generated pages of the site already answer the item (evidence elsewhere is extra)."""
    if evidence is None:
        return Usable(), [], [], []
    gathered = _Gathered(item, lambda *keys: loc.where(rel, "items", item.key, *keys), today,
                         passed_deadline(model.catalogue, today), own_hosts(model))
    _gather_documents(gathered, evidence, loc, rel, file_exists, url_status)
    _gather_links(gathered, evidence, url_status)
    _gather_pages(gathered, evidence, model, page_ids)
    _gather_nothing(gathered, evidence)
    if gathered.offsite:
        _judge_offsite(gathered.usable, gathered.offsite, gathered.hosts, gathered.broken, gathered.notes, own_pages)
    return gathered.usable, gathered.broken, gathered.notes, gathered.human


def _gather_documents(g: _Gathered, evidence: Evidence, loc: Locator, rel: str, file_exists, url_status) -> None:
    key = g.item.key
    for index, document in enumerate(evidence.documents):
        where = g.where("documents", index)
        written = document.file or document.url or loc.value(rel, "items", key, "documents", index, "file") \
            or loc.value(rel, "items", key, "documents", index, "url")
        if (document.file and not file_exists(document.file)) or not (document.file or document.url):
            # validation drops a reference it rejects: read what the user wrote
            g.usable.broken_documents.append((index, document))
            shown = f"'{written}' " if written else ""
            g.broken.append(Finding("file", f"เอกสาร '{document.title}' อ้างไฟล์หรือลิงก์ {shown}ที่ไม่มีอยู่หรือใช้ไม่ได้ "
                                            "ให้ตรวจชื่อไฟล์ในโฟลเดอร์ข้อมูล (ตัวพิมพ์เล็ก/ใหญ่และนามสกุล) หรือแก้ลิงก์", [where]))
            continue
        status = url_status(document.url) if document.url else None
        if status is not None and not status[0]:
            g.usable.broken_documents.append((index, document))
            g.notes.append(Finding("note", f"เปิดลิงก์เอกสาร '{document.title}' ไม่ได้ ({status[1]}) จึงไม่นับ", [where]))
        elif document.date and document.date > g.cutoff:
            g.usable.future_documents.append((index, document))
            g.notes.append(Finding("note", f"ไม่นับ '{document.title}' เพราะลงวันที่ {thai.thai_date(document.date)} "
                                           f"{g.after_cutoff(document.date)}", [where]))
        elif document.url and not document.file and g.elsewhere(document.url):
            g.offsite.append((document.title, urlsplit(document.url).hostname or document.url, where))
        else:
            g.usable.documents.append((index, document))
            if document.url and not document.file:
                g.unknown_host(document.title, document.url, where)


def _gather_links(g: _Gathered, evidence: Evidence, url_status) -> None:
    # a channel (E-Service, Q&A, complaints) may be a system on another host that the website links to
    channel_item = any(c.check in CHANNEL_CHECKS for c in g.item.components)
    for index, link in enumerate(evidence.links):
        status = url_status(link.url)
        where = g.where("links", index)
        if status is not None and not status[0]:
            g.usable.broken_links.append((index, link))
            g.notes.append(Finding("note", f"เปิดลิงก์ '{link.title}' ไม่ได้ ({status[1]}) จึงไม่นับ", [where]))
        elif not channel_item and g.elsewhere(link.url):
            g.offsite.append((link.title, urlsplit(link.url).hostname or link.url, where))
        else:
            g.usable.links.append((index, link))
            if not channel_item:
                g.unknown_host(link.title, link.url, where)


def _gather_pages(g: _Gathered, evidence: Evidence, model: Model, page_ids: set[str]) -> None:
    for page in evidence.pages:
        where = g.where("pages")
        if page not in page_ids:
            g.broken.append(Finding("page", f"ไม่มีหน้า '{page}' ในเว็บไซต์", [where]))
        elif page_has_data(model, page, page_ids):
            g.usable.pages.append(page)
        else:
            g.usable.empty_pages.append(page)
            g.notes.append(Finding("note", f"หน้า '{page}' ยังไม่มีข้อมูล จึงไม่นับเป็นหลักฐาน", [where]))


def _gather_nothing(g: _Gathered, evidence: Evidence) -> None:
    """A "nothing to report" statement counts only where the catalogue allows one, and once dated."""
    nothing = evidence.nothing_to_report
    if not nothing:
        return
    where = g.where("nothing_to_report")
    if not g.item.allows_nothing_to_report:
        g.broken.append(Finding("not_allowed", f"ข้อ {g.item.code} ไม่รับคำชี้แจงว่าไม่มีข้อมูลที่ต้องรายงาน "
                                               "ผู้ประเมินต้องเห็นหลักฐานของข้อนี้ (รับคำชี้แจงเฉพาะข้อที่บัญชีรายการกำหนด "
                                               "เช่น สถิติเรื่องร้องเรียน)", [where]))
    elif nothing.date and nothing.date > g.cutoff:
        g.usable.future_nothing = nothing
        g.notes.append(Finding("note", f"คำชี้แจงว่าไม่มีข้อมูลลงวันที่ {thai.thai_date(nothing.date)} "
                                       f"{g.after_cutoff(nothing.date)} จึงไม่นับ", [where]))
    else:
        g.usable.nothing_to_report = nothing


def _judge_offsite(usable: Usable, offsite: list[tuple[str, str, str]], hosts: set[str],
                   broken: list[Finding], notes: list[Finding], own_pages: bool) -> None:
    """Evidence only on other hosts fails the item; beside evidence on the own site it is only noted."""
    listed = "; ".join(f"'{title}' ({host})" for title, host, _ in offsite)
    where = [w for _, _, w in offsite]
    own = ", ".join(sorted(hosts)) or "site.yaml ยังไม่มี site_url หรือ main_site_url"
    if own_pages or usable.documents or usable.links or usable.pages or usable.nothing_to_report:
        notes.append(Finding("note", f"ไม่นับหลักฐานที่อยู่นอกเว็บไซต์ของหน่วยงาน ({own}): {listed}", where))
    else:
        broken.append(Finding("offsite", f"หลักฐานอยู่นอกเว็บไซต์ของหน่วยงานเท่านั้น: {listed} ผู้ประเมินต้องเห็นข้อมูล"
                                         f"บนเว็บไซต์ของหน่วยงาน ({own}) ให้แนบไฟล์ (file:) หรือเผยแพร่บนเว็บไซต์ของหน่วยงานแล้วใส่ลิงก์นั้น",
                              where))


def _assess_item(model: Model, item: CatalogueItem, evidence: Evidence | None, page_ids: set[str], today: dt.date,
                 loc: Locator, rel: str, file_exists, url_status) -> ItemResult:
    """One item's verdict: its components by their rules, its documents by the item's time
    window, then one status with the reasons that led to it."""
    pages = [p for p in item_pages(item, evidence, page_ids) if page_has_data(model, p, page_ids)]
    usable, broken, notes, human = _usable(model, item, evidence, page_ids, today, loc, rel, file_exists, url_status,
                                           own_pages=bool(pages))
    has_evidence = _declared(evidence, usable, page_ids) or bool(pages)
    evidence_where = loc.where(rel, "items", item.key) if evidence else loc.where(rel, "items")
    ctx = Context(model, item, evidence, usable, loc, rel, file_exists, url_status, today)

    components, reasons, satisfied_by = _judge_components(ctx, has_evidence, evidence_where, human)
    only_future_statement = _only_future_statement(usable)
    # an item that fails for a reason of its own (a missing file, a statement not yet due) gets no
    # staff check of its dates on top of it
    period = _judge_period(ctx, satisfied_by, has_evidence, only_future_statement or bool(broken),
                           evidence_where, human)
    notes += period.notes
    reasons = _with_period_reasons(reasons, broken, period, human)
    if only_future_statement:
        reasons, notes = _explain_future_statement(ctx, reasons, notes)

    looked_at = list(dict.fromkeys([evidence_where] + [w for c in components for w in c.where]))
    status, reasons = _status(ctx, has_evidence, reasons, human, evidence_where, looked_at)
    return ItemResult(item, status, reasons, components, period, human, notes, has_evidence, evidence_where,
                      looked_at, pages)


def _declared(evidence: Evidence | None, usable: Usable, page_ids: set[str]) -> bool:
    """The evidence file says something about the item (pages the site lacks count: they are reported)."""
    return bool(evidence and (evidence.documents or evidence.links or evidence.nothing_to_report
                              or usable.pages or (set(evidence.pages) - set(page_ids))))


def _judge_components(ctx: Context, has_evidence: bool, evidence_where,
                      human: list[Finding]) -> tuple[list["ComponentResult"], list[Finding], str | None]:
    """Each component by its rule (or for a person, when it has none); the failures as reasons,
    and the message of the first period-aware rule that passed (the period check trusts it)."""
    components, reasons, satisfied_by = [], [], None
    for component in ctx.item.components:
        if not component.check:
            components.append(_human_component(component, has_evidence, evidence_where, human))
            continue
        outcome = _run_rule(component, ctx)
        components.append(ComponentResult(component.id, component.title, component.check,
                                          "met" if outcome.ok else "not_met",
                                          outcome.message, outcome.where, outcome.confirm))
        if not outcome.ok:
            reasons.append(Finding(outcome.cause, f"{component.title}: {outcome.message}", outcome.where, component.id))
            continue
        if outcome.confirm:
            human.append(Finding("human", f"{HUMAN_TEXT}: {outcome.confirm}", outcome.where, component.id))
        if component.check in PERIOD_AWARE and satisfied_by is None:
            satisfied_by = outcome.message
    return components, reasons, satisfied_by


def _human_component(component, has_evidence: bool, evidence_where, human: list[Finding]) -> "ComponentResult":
    """A component no rule can decide: a staff check when there is evidence to look at."""
    if not has_evidence:
        return ComponentResult(component.id, component.title, None, "not_met", "ไม่มีหลักฐานให้เจ้าหน้าที่ตรวจ")
    human.append(Finding("human", f"{HUMAN_TEXT}: {component.title}", [evidence_where], component.id))
    return ComponentResult(component.id, component.title, None, "human", HUMAN_TEXT)


def _run_rule(component, ctx: Context) -> Outcome:
    function = RULES.get(component.check)
    if function is None:  # the catalogue tests forbid this; never pass it silently
        return Outcome(False, f"ไม่รู้จักกฎตรวจ '{component.check}' (ดู generator/catalogues/vocabulary.yaml)")
    return function(ctx)


def _only_future_statement(usable: Usable) -> bool:
    """A "nothing to report" statement dated after the check is all there is: the item waits for that date."""
    return usable.future_nothing is not None and not (
        usable.documents or usable.links or usable.pages or usable.nothing_to_report or usable.future_documents)


def _judge_period(ctx: Context, satisfied_by: str | None, has_evidence: bool, fails_already: bool,
                  evidence_where, human: list[Finding]) -> PeriodResult:
    """The item's documents against its time window; an undecided window is a staff check."""
    model, item, usable, key = ctx.model, ctx.item, ctx.usable, ctx.item.key
    where = lambda *path: ctx.loc.where(ctx.oit_rel, "items", key, *path)  # noqa: E731 - tiny local alias
    documents = [(where("documents", i), d) for i, d in usable.documents]
    future = [(where("documents", i), d) for i, d in usable.future_documents]
    nothing = (where("nothing_to_report"), usable.nothing_to_report) if usable.nothing_to_report else None
    period = period_rules.check(item.period, model.catalogue.ita_year, ctx.today, documents, future, nothing,
                                satisfied_by, year_from=item.year_from,
                                deadline=passed_deadline(model.catalogue, ctx.today))
    if period.state == "human" and not has_evidence:
        period.state, period.message = "not_met", "ยังไม่มีข้อมูล"
    elif period.state == "human" and not fails_already:
        human.append(Finding("human", f"{HUMAN_TEXT}: {period.message}", [evidence_where]))
    return period


def _with_period_reasons(reasons: list[Finding], broken: list[Finding], period: PeriodResult,
                         human: list[Finding]) -> list[Finding]:
    """The components' reasons, then the broken evidence, then the period's findings; future
    documents already explained by a component failure are not repeated."""
    explained = {w for r in reasons if r.kind in ("future", "late") for w in r.where}
    reasons = reasons + broken
    reasons += [f for f in period.findings if not (f.kind in ("future", "late") and set(f.where) <= explained)]
    human += [Finding("human", f"{HUMAN_TEXT}: {f.message}", f.where) for f in period.findings if f.kind == "undecided"]
    return reasons


def _explain_future_statement(ctx: Context, reasons: list[Finding],
                              notes: list[Finding]) -> tuple[list[Finding], list[Finding]]:
    """The components fail only because the statement does not count yet: say why, once."""
    where = [ctx.loc.where(ctx.oit_rel, "items", ctx.item.key, "nothing_to_report")]
    deadline = passed_deadline(ctx.model.catalogue, ctx.today)
    reasons = [r for r in reasons if r.kind != "component"] + [
        _statement_not_counted(ctx.usable.future_nothing.date, ctx.today, deadline, where)]
    notes = [n for n in notes if not (n.kind == "note" and n.where == where)]
    return reasons, notes


def _status(ctx: Context, has_evidence: bool, reasons: list[Finding], human: list[Finding], evidence_where,
            looked_at: list) -> tuple[str, list[Finding]]:
    """missing, incomplete, stale or complete, with the reasons to show (their causes first)."""
    if not has_evidence:
        missing = Finding("missing", _missing_message(ctx.model, ctx.item, ctx.evidence, ctx.loc, ctx.oit_rel),
                          [evidence_where])
        return "missing", [missing] + [r for r in reasons if r.kind in ("file", "page")]
    if any(r.kind in INCOMPLETE_KINDS for r in reasons):
        return "incomplete", _causes_first(reasons, INCOMPLETE_KINDS)
    if any(r.kind in STALE_KINDS for r in reasons):
        return "stale", _causes_first(reasons, STALE_KINDS)
    extra = f" มีส่วนที่{HUMAN_TEXT} {len(human)} รายการ" if human else ""
    return "complete", [Finding("complete", f"ครบทุกองค์ประกอบที่ตรวจได้และเป็นไปตามช่วงเวลา{extra}", looked_at)]


# Evidence that does not count (a file not there, only off-site, a statement the item refuses) is why
# the components that read it fail: fixing it is the first thing to do.
ROOT_CAUSES = {"file", "page", "offsite", "not_allowed"}


def _causes_first(reasons: list[Finding], kinds: set[str]) -> list[Finding]:
    """The reasons that give the item its status first, root causes before what follows from
    them: the first reason is the one to fix."""
    return sorted(reasons, key=lambda reason: (reason.kind not in kinds, reason.kind not in ROOT_CAUSES))


def _statement_not_counted(day: dt.date, today: dt.date, deadline: dt.date | None, where: list[str]) -> Finding:
    """Why a "nothing to report" statement does not count: dated after the evaluators' deadline
    (once passed), or after the day of the check."""
    if deadline and day <= today:
        return Finding("late", f"คำชี้แจงว่าไม่มีข้อมูลลงวันที่ {thai.thai_date(day)} หลังวันสุดท้ายที่ผู้ประเมินตรวจหลักฐาน "
                               f"({thai.thai_date(deadline)}) จึงไม่นับในการประเมินปีนี้", where)
    return Finding("future", f"คำชี้แจงว่าไม่มีข้อมูลลงวันที่ {thai.thai_date(day)} หลังวันที่ตรวจ "
                             f"({thai.thai_date(today)}) จึงยังไม่นับ ให้แก้วันที่ให้ตรงกับวันที่ออกคำชี้แจงจริง", where)


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
