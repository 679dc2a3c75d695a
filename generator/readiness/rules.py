"""One small function per `check` name of generator/catalogues/vocabulary.yaml.

Each rule reads the one or two fields the vocabulary names and returns an
Outcome: met or not, a Thai message saying what it found, the file:line it
looked at, and, when it passes only on a condition a machine cannot see (a
chart image showing both sides), what a person has to confirm.

`cause` says what kind of failure it is: "component" (something is missing →
the item is incomplete), "stale" (present but for the wrong fiscal year),
"future" (dated after the day of the check → not yet published) or "late"
(dated after the evaluators' evidence deadline, which has passed). Rules marked
`period_aware` check the fiscal year themselves (a plan that covers the year),
so their pass also satisfies the item's time window.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable

from .. import thai
from ..catalogue import CatalogueItem
from ..model import Document, Evidence, Link, Model, NothingToReport, Person
from ..timewindow import in_fiscal_year, required_fiscal_year
from .locate import ORGANISATION, PLAN, Locator, rel_of

VACANT = "ตำแหน่งว่าง"


@dataclass
class Outcome:
    ok: bool
    message: str
    where: list[str] = field(default_factory=list)
    confirm: str | None = None  # met, but a person must confirm this
    cause: str = "component"    # component | stale | future


@dataclass
class Usable:
    """The evidence of one item that exists as of the day of the check."""

    documents: list[tuple[int, Document]] = field(default_factory=list)
    future_documents: list[tuple[int, Document]] = field(default_factory=list)
    broken_documents: list[tuple[int, Document]] = field(default_factory=list)  # file missing / unreachable
    links: list[tuple[int, Link]] = field(default_factory=list)
    broken_links: list[tuple[int, Link]] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)          # pages named in the evidence that have data
    empty_pages: list[str] = field(default_factory=list)    # named, but the data behind them is missing
    nothing_to_report: NothingToReport | None = None
    future_nothing: NothingToReport | None = None


@dataclass
class Context:
    model: Model
    item: CatalogueItem
    evidence: Evidence | None
    usable: Usable
    loc: Locator
    oit_rel: str
    file_exists: Callable[[str], bool]
    url_status: Callable[[str], tuple[bool, str] | None]  # None = not checked (offline)
    today: dt.date

    @property
    def ita_year(self) -> int:
        return self.model.catalogue.ita_year

    @property
    def wanted_fy(self) -> int:
        """The fiscal year the item's period asks for; the ITA year when it has none."""
        return required_fiscal_year(self.item.period, self.ita_year) or self.ita_year

    def org(self, *keys) -> str:
        return self.loc.where(ORGANISATION, *keys)

    def plan_at(self, *keys) -> str:
        return self.loc.where(PLAN, *keys)

    def evidence_at(self, *keys) -> str:
        return self.loc.where(self.oit_rel, "items", self.item.key, *keys)

    def url_problem(self, url: str | None) -> str | None:
        """Why a URL does not work (only with --online), else None."""
        if not url:
            return None
        status = self.url_status(url)
        if status is None or status[0]:
            return None
        return f"เปิดลิงก์ {url} ไม่ได้ ({status[1]})"


Rule = Callable[[Context], Outcome]
RULES: dict[str, Rule] = {}
PERIOD_AWARE: set[str] = set()


def rule(name: str, period_aware: bool = False):
    def register(function: Rule) -> Rule:
        RULES[name] = function
        if period_aware:
            PERIOD_AWARE.add(name)
        return function
    return register


# --- organisation.yaml ----------------------------------------------------------------------

@rule("structure.chart")
def structure_chart(ctx: Context) -> Outcome:
    chart = ctx.model.organisation.structure_chart
    rejected = None if chart else ctx.loc.value(ORGANISATION, "structure", "chart")  # dropped by validation
    where = ctx.org("structure", "chart")
    if not chart and not rejected:
        return Outcome(False, "ยังไม่มีไฟล์แผนผังโครงสร้าง (structure.chart: รูปหรือ PDF)", [where])
    if rejected or not ctx.file_exists(chart):
        return Outcome(False, f"ไฟล์แผนผังโครงสร้าง '{chart or rejected}' ใช้ไม่ได้ (ไม่พบในโฟลเดอร์ข้อมูล "
                              "หรือไม่ผ่านการตรวจ ดู prongsai validate)", [where])
    return Outcome(True, f"มีแผนผังโครงสร้าง {chart}", [where])


@rule("structure.both_sides")
def structure_both_sides(ctx: Context) -> Outcome:
    org = ctx.model.organisation
    where = [ctx.org("structure")]
    if org.structure_political and org.structure_permanent:
        return Outcome(True, f"มีส่วนราชการฝ่ายการเมือง {len(org.structure_political)} หน่วย "
                             f"และฝ่ายประจำ {len(org.structure_permanent)} หน่วย", where)
    missing = [name for name, units in (("ฝ่ายการเมือง (structure.political)", org.structure_political),
                                        ("ฝ่ายประจำ (structure.permanent)", org.structure_permanent)) if not units]
    if org.structure_chart and ctx.file_exists(org.structure_chart):
        return Outcome(True, f"โครงสร้างที่เป็นข้อความยังไม่มี{' และ'.join(missing)} แต่มีไฟล์แผนผัง", where,
                       confirm="ยืนยันว่าแผนผังโครงสร้างแสดงครบทั้งฝ่ายการเมืองและฝ่ายข้าราชการประจำ")
    return Outcome(False, f"โครงสร้างยังไม่มี{' และ'.join(missing)} (อปท. ต้องแสดงทั้งสองฝ่าย)", where)


@rule("powers.summary")
def powers_summary(ctx: Context) -> Outcome:
    where = [ctx.org("powers_and_duties", "summary")]
    if any(text.strip() for text in ctx.model.organisation.powers_summary):
        return Outcome(True, "มีสรุปหน้าที่และอำนาจเป็นถ้อยคำของหน่วยงาน", where)
    return Outcome(False, "ยังไม่มีสรุปหน้าที่และอำนาจ (powers_and_duties.summary) การลิงก์ไปตัวบทกฎหมายทั้งฉบับไม่ได้คะแนน", where)


@rule("powers.laws")
def powers_laws(ctx: Context) -> Outcome:
    laws = ctx.model.organisation.laws
    where = [ctx.org("powers_and_duties", "laws")]
    if not laws:
        return Outcome(False, "ยังไม่มีรายการกฎหมายที่เกี่ยวข้อง (powers_and_duties.laws)", where)
    broken = [p for law in laws if (p := ctx.url_problem(law.url))]
    if len(broken) == len(laws):
        return Outcome(False, "ลิงก์กฎหมายที่เกี่ยวข้องเปิดไม่ได้ทุกรายการ: " + "; ".join(broken), where)
    return Outcome(True, f"มีกฎหมายที่เกี่ยวข้อง {len(laws)} ฉบับ", where)


def _executives(ctx: Context) -> list[tuple[str, int, Person]]:
    org = ctx.model.organisation
    people = [("political", i, p) for i, p in enumerate(org.political)]
    people += [("permanent", i, p) for i, p in enumerate(org.permanent)]
    return [(side, i, p) for side, i, p in people if VACANT not in p.name]


@rule("executives.both_sides")
def executives_both_sides(ctx: Context) -> Outcome:
    org = ctx.model.organisation
    where = [ctx.org("executives")]
    if org.political and org.permanent:
        return Outcome(True, f"มีผู้บริหารฝ่ายการเมือง {len(org.political)} คน และฝ่ายประจำ {len(org.permanent)} คน", where)
    missing = [name for name, people in (("ฝ่ายการเมือง (executives.political)", org.political),
                                         ("ฝ่ายประจำ (executives.permanent)", org.permanent)) if not people]
    return Outcome(False, f"ยังไม่มีผู้บริหาร{' และ'.join(missing)} (อปท. ต้องแสดงทั้งสองฝ่าย)", where)


@rule("executives.photo")
def executives_photo(ctx: Context) -> Outcome:
    people = _executives(ctx)
    if not people:
        return Outcome(False, "ยังไม่มีรายชื่อผู้บริหาร", [ctx.org("executives")])
    without, broken, where = [], [], []
    for side, index, person in people:
        photo = person.photo
        rejected = None if photo else ctx.loc.value(ORGANISATION, "executives", side, index, "photo")
        if not photo and not rejected:
            without.append(person.name)
            where.append(ctx.org("executives", side, index))
        elif rejected or not ctx.file_exists(photo):  # a rejected reference is never opened
            broken.append(f"{person.name} ('{photo or rejected}')")
            where.append(ctx.org("executives", side, index, "photo"))
    if without or broken:
        parts = []
        if without:
            parts.append("ไม่มีรูปถ่าย: " + ", ".join(without))
        if broken:
            parts.append("ไฟล์รูปใช้ไม่ได้ (ไม่พบหรือไม่ผ่านการตรวจ): " + ", ".join(broken))
        return Outcome(False, "; ".join(parts), where)
    return Outcome(True, f"ผู้บริหารทั้ง {len(people)} คนมีรูปถ่าย", [ctx.org("executives")])


@rule("executives.contact")
def executives_contact(ctx: Context) -> Outcome:
    people = _executives(ctx)
    if not people:
        return Outcome(False, "ยังไม่มีรายชื่อผู้บริหาร", [ctx.org("executives")])
    without = [(side, i, p) for side, i, p in people if not (p.phone or p.email)]
    if without:
        return Outcome(False, "ไม่มีโทรศัพท์หรืออีเมล: " + ", ".join(p.name for _, _, p in without),
                       [ctx.org("executives", side, i) for side, i, _ in without])
    return Outcome(True, f"ผู้บริหารทั้ง {len(people)} คนมีช่องทางติดต่อ", [ctx.org("executives")])


def _present(where: list[str], value, present: str, missing: str) -> Outcome:
    """A field the data either has or lacks."""
    return Outcome(True, present, where) if value else Outcome(False, missing, where)


def _working_link(ctx: Context, url: str | None, where: list[str], present: str, missing: str) -> Outcome:
    """A link the data must have, which must also open when checked --online."""
    if not url:
        return Outcome(False, missing, where)
    if problem := ctx.url_problem(url):
        return Outcome(False, problem, where)
    return Outcome(True, present, where)


@rule("contact.address")
def contact_address(ctx: Context) -> Outcome:
    return _present([ctx.org("address")], ctx.model.organisation.address.strip(),
                    "มีที่อยู่หน่วยงาน", "ยังไม่มีที่อยู่หน่วยงาน (address)")


@rule("contact.phone")
def contact_phone(ctx: Context) -> Outcome:
    return _present([ctx.org("contacts", "phone")], ctx.model.organisation.contacts.phone,
                    "มีหมายเลขโทรศัพท์", "ยังไม่มีหมายเลขโทรศัพท์ของหน่วยงาน (contacts.phone)")


@rule("contact.fax")
def contact_fax(ctx: Context) -> Outcome:
    return _present([ctx.org("contacts", "fax")], ctx.model.organisation.contacts.fax,
                    "มีหมายเลขโทรสาร", "ยังไม่มีหมายเลขโทรสารของหน่วยงาน (contacts.fax)")


@rule("contact.email")
def contact_email(ctx: Context) -> Outcome:
    return _present([ctx.org("contacts", "email")], ctx.model.organisation.contacts.email,
                    "มีอีเมล", "ยังไม่มีอีเมลของหน่วยงาน (contacts.email)")


@rule("contact.map")
def contact_map(ctx: Context) -> Outcome:
    return _working_link(ctx, ctx.model.organisation.contacts.map_url, [ctx.org("contacts", "map_url")],
                         "มีลิงก์แผนที่ตั้ง", "ยังไม่มีลิงก์แผนที่ตั้ง (contacts.map_url)")


@rule("contact.qa_channel")
def contact_qa_channel(ctx: Context) -> Outcome:
    channels = ctx.model.organisation.qa_channels
    where = [ctx.org("qa_channels")]
    if not channels:
        return Outcome(False, "ยังไม่มีช่องทางถาม-ตอบสองทาง (qa_channels) เช่น LINE Official Account หรือกระดานถาม-ตอบ", where)
    broken = [p for channel in channels if (p := ctx.url_problem(channel.url))]
    if len(broken) == len(channels):
        return Outcome(False, "ช่องทางถาม-ตอบเปิดไม่ได้ทุกช่องทาง: " + "; ".join(broken), where)
    return Outcome(True, f"มีช่องทางถาม-ตอบ {len(channels)} ช่องทาง", where)


@rule("contact.social")
def contact_social(ctx: Context) -> Outcome:
    contacts = ctx.model.organisation.contacts
    where = [ctx.org("contacts")]
    if contacts.facebook or contacts.line:
        if contacts.facebook and not contacts.line and (problem := ctx.url_problem(contacts.facebook)):
            return Outcome(False, problem, [ctx.org("contacts", "facebook")])
        return Outcome(True, "มีช่องทางสื่อสังคม (Facebook หรือ LINE)", where)
    return Outcome(False, "ยังไม่มี Facebook หรือ LINE ของหน่วยงาน (contacts.facebook, contacts.line)", where)


@rule("contact.complaint_channel")
def contact_complaint_channel(ctx: Context) -> Outcome:
    return _working_link(ctx, ctx.model.organisation.contacts.complaint_url,
                         [ctx.org("contacts", "complaint_url")], "มีช่องทางแจ้งเรื่องร้องเรียนการทุจริต",
                         "ยังไม่มีลิงก์ช่องทางแจ้งเรื่องร้องเรียนการทุจริต (contacts.complaint_url)")


# --- plan.yaml and measures/*.yaml (they check the fiscal year themselves) -------------------

@rule("plan.present", period_aware=True)
def plan_present(ctx: Context) -> Outcome:
    plan, wanted = ctx.model.plan, ctx.wanted_fy
    if plan is None:
        return Outcome(False, "ยังไม่มีแผนปฏิบัติการป้องกันการทุจริต (plan.yaml)", [ctx.loc.display(PLAN)])
    where = [ctx.plan_at("start_year"), ctx.plan_at("end_year")]
    if not plan.covers(wanted):
        return Outcome(False, f"แผนปฏิบัติการป้องกันการทุจริตครอบคลุมปี {plan.start_year}–{plan.end_year} "
                              f"ไม่ครอบคลุมปีงบประมาณ {wanted}", where, cause="stale")
    return Outcome(True, f"แผนปี {plan.start_year}–{plan.end_year} ครอบคลุมปีงบประมาณ {wanted}", where)


@rule("plan.risk_assessment", period_aware=True)
def plan_risk_assessment(ctx: Context) -> Outcome:
    plan, wanted = ctx.model.plan, ctx.wanted_fy
    if plan is None:
        return Outcome(False, "ยังไม่มีตารางประเมินความเสี่ยงการทุจริต (plan.yaml → risk_assessment)", [ctx.loc.display(PLAN)])
    where = [ctx.plan_at("risk_assessment")]
    if not plan.risks:
        return Outcome(False, "ยังไม่มีตารางประเมินความเสี่ยงการทุจริต (plan.yaml → risk_assessment.risks)", where)
    if plan.risk_fiscal_year and plan.risk_fiscal_year != wanted:
        # The plan holds one risk table; earlier years' assessments are published as documents.
        if dated := _document_of_year(ctx, wanted):
            return dated
        return Outcome(False, f"ตารางประเมินความเสี่ยงเป็นของปีงบประมาณ {plan.risk_fiscal_year} "
                              f"แต่ข้อนี้ต้องเป็นของปีงบประมาณ {wanted}",
                       [ctx.plan_at("risk_assessment", "fiscal_year")], cause="stale")
    year = f" ปีงบประมาณ {plan.risk_fiscal_year}" if plan.risk_fiscal_year else ""
    return Outcome(True, f"มีตารางประเมินความเสี่ยง{year} {len(plan.risks)} แถว", where)


@rule("measures.report", period_aware=True)
def measures_report(ctx: Context) -> Outcome:
    reports = ctx.model.measures
    wanted = required_fiscal_year(ctx.item.period, ctx.ita_year)
    if not reports:
        return Outcome(False, "ยังไม่มีรายงานมาตรการส่งเสริมคุณธรรมและความโปร่งใส (measures/*.yaml)",
                       [ctx.loc.display("measures")])
    matching = [r for r in reports if wanted is None or r.fiscal_year == wanted]
    if not matching and (dated := _document_of_year(ctx, wanted)):
        return dated
    if not matching:
        years = ", ".join(str(r.fiscal_year) for r in reports)
        return Outcome(False, f"มีรายงานมาตรการของปีงบประมาณ {years} แต่ข้อนี้ต้องการของปีงบประมาณ {wanted}",
                       [ctx.loc.where(rel_of(r.source_file, "measures"), "fiscal_year") for r in reports],
                       cause="stale")
    found = matching[-1]
    return Outcome(True, f"มีรายงานมาตรการปีงบประมาณ {found.fiscal_year}",
                   [ctx.loc.where(rel_of(found.source_file, "measures"), "fiscal_year")])


def _document_of_year(ctx: Context, fiscal_year: int | None) -> Outcome | None:
    """A published document of the wanted fiscal year stands in for structured data of another year."""
    if fiscal_year is None:
        return None
    for index, document in ctx.usable.documents:
        if in_fiscal_year(document, fiscal_year, published_after=ctx.item.period == "previous_fy",
                          year_from=ctx.item.year_from):
            return Outcome(True, f"มีเอกสาร '{document.title}' ของปีงบประมาณ {fiscal_year}",
                           [ctx.evidence_at("documents", index)])
    return None


# --- oit/<year>.yaml: the item's own evidence --------------------------------------------------

def passed_deadline(catalogue, today: dt.date) -> dt.date | None:
    """The evaluators' evidence deadline of the year (catalogue `evidence_deadline`), once the day
    of the check is after it: evidence dated later was not there when they looked."""
    deadline = getattr(catalogue, "evidence_deadline", None)
    return deadline if deadline and today > deadline else None


def _future_outcome(ctx: Context, what: str) -> Outcome | None:
    future = ctx.usable.future_documents
    if not future:
        return None
    listed = "; ".join(f"{d.title} (ลงวันที่ {thai.thai_date(d.date)})" for _, d in future)
    where = [ctx.evidence_at("documents", i) for i, _ in future]
    deadline = passed_deadline(ctx.model.catalogue, ctx.today)
    if deadline and all(d.date <= ctx.today for _, d in future):
        return Outcome(False, f"{what}ลงวันที่หลังวันสุดท้ายที่ผู้ประเมินตรวจหลักฐาน ({thai.thai_date(deadline)}) "
                              f"จึงไม่นับในการประเมินปีนี้: {listed}", where, cause="late")
    return Outcome(False, f"{what}ลงวันที่หลังวันที่ตรวจ ({thai.thai_date(ctx.today)}) จึงยังไม่ถือว่าเผยแพร่: {listed}",
                   where, cause="future")


def _nothing_declared(ctx: Context) -> str:
    declared = ctx.usable.nothing_to_report or (ctx.evidence and ctx.evidence.nothing_to_report)
    return " (มีคำชี้แจงว่าไม่มีข้อมูลที่ต้องรายงาน แต่ข้อนี้ต้องมีเอกสาร)" if declared else ""


@rule("evidence.any")
def evidence_any(ctx: Context) -> Outcome:
    u = ctx.usable
    parts = []
    if u.documents:
        parts.append(f"เอกสาร {len(u.documents)} รายการ")
    if u.links:
        parts.append(f"ลิงก์ {len(u.links)} รายการ")
    if u.pages:
        parts.append("หน้า " + ", ".join(u.pages))
    if u.nothing_to_report:
        parts.append("คำชี้แจงว่าไม่มีข้อมูลที่ต้องรายงาน")
    if parts:
        return Outcome(True, "มี" + " ".join(parts), [ctx.evidence_at()])
    return (_future_outcome(ctx, "หลักฐาน")
            or Outcome(False, "ยังไม่มีเอกสาร ลิงก์ หน้า หรือคำชี้แจงว่าไม่มีข้อมูลที่ต้องรายงาน", [ctx.evidence_at()]))


@rule("evidence.document")
def evidence_document(ctx: Context) -> Outcome:
    documents = ctx.usable.documents
    if documents:
        return Outcome(True, f"มีเอกสาร {len(documents)} รายการ", [ctx.evidence_at("documents")])
    future = _future_outcome(ctx, "เอกสาร")
    if future:
        return future
    if ctx.usable.broken_documents:
        return Outcome(False, "เอกสารที่ระบุใช้ไม่ได้ (ไม่พบไฟล์หรือเปิดลิงก์ไม่ได้)",
                       [ctx.evidence_at("documents", i) for i, _ in ctx.usable.broken_documents])
    return Outcome(False, "ยังไม่มีเอกสาร (documents)" + _nothing_declared(ctx), [ctx.evidence_at()])


@rule("evidence.link")
def evidence_link(ctx: Context) -> Outcome:
    links = ctx.usable.links
    if links:
        return Outcome(True, f"มีลิงก์ {len(links)} รายการ", [ctx.evidence_at("links")])
    if ctx.usable.broken_links:
        return Outcome(False, "ลิงก์ที่ระบุเปิดไม่ได้ทุกรายการ",
                       [ctx.evidence_at("links", i) for i, _ in ctx.usable.broken_links])
    return Outcome(False, "ยังไม่มีลิงก์ (links) ไปยังช่องทางออนไลน์ที่ใช้งานได้", [ctx.evidence_at()])
