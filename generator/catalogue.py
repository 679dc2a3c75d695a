"""The OIT catalogues: one file per ITA year in generator/catalogues/.

Everything about a catalogue lives here: its data format (checked like the
organisation's data), the typed objects that validate, readiness, the pages,
the importers and the Excel template use, and loading with the checks that
a new year's file must pass. A new ITA year is a new YAML file, no code change.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .fields import INVALID, Bool, Ctx, Date, Enum, Int, List, Obj, Paragraphs, Text, Year
from .load import load_yaml_file
from .problems import Problems

CATALOGUE_DIR = Path(__file__).parent / "catalogues"


def _get(record: dict, key: str, default=None):
    value = record.get(key, default)
    return default if value is None else value


# --- the data format of generator/catalogues/ita-<year>.yaml ---------------------------

PERIOD_RULES = ["none", "current_fy", "previous_fy", "first_half_current_fy"]

COMPONENT = Obj(
    {
        "id": Text(single_line=True),
        "title": Text(),
        "check": Text("กฎตรวจอัตโนมัติ (ชื่อจาก generator/catalogues/vocabulary.yaml) ไม่มี = ต้องให้คนตรวจ", single_line=True),
    },
    required=("id", "title"),
)

# How `prongsai file` tells which item a document answers: words as LAOs title such documents.
# For staff tools only: no template prints it.
RECOGNISE = Obj(
    {
        "phrases": List(Text(single_line=True), "ถ้อยคำที่ชื่อเอกสารของข้อนี้มักมี (ชื่อเอกสารมีคำนี้ = น่าจะเป็นข้อนี้มาก)"),
        "words": List(Text(single_line=True), "คำประกอบที่มักพบในเนื้อหาของเอกสารข้อนี้ (ช่วยตัดสินเมื่อชื่อกำกวม)"),
        "kinds": List(Text(single_line=True), "ชนิดเอกสารที่ใช้เป็นหลักฐานข้อนี้ได้ เช่น ประกาศ รายงาน แผน คำสั่ง คู่มือ"),
        "not": List(Text(single_line=True), "ถ้อยคำที่บอกว่าไม่ใช่ข้อนี้ แม้จะมีคำข้างต้น"),
    },
    description="คำที่ใช้จำแนกเอกสารเข้าข้อนี้ (prongsai file) ไม่แสดงบนหน้าเว็บ",
)

CATALOGUE_ITEM = Obj(
    {
        "number": Int(minimum=1, maximum=200),
        "key": Text(single_line=True),
        "title": Text(single_line=True),
        "description": Paragraphs(),
        "period": Enum(PERIOD_RULES),
        "components": List(COMPONENT),
        "pages": List(Text(single_line=True), "หน้าที่สร้างจากข้อมูลซึ่งใช้เป็นหลักฐานได้"),
        "confirmed": Bool(),
        "source": Text(),
        "year_from": Enum(["document", "date"], "อะไรบอกปีของเอกสาร: document = ช่วงที่รายงาน fiscal_year "
                          "หรือชื่อเอกสารก่อนวันที่ (ค่าเริ่มต้น) date = วันที่เผยแพร่ (ข่าว)"),
        "nothing_to_report": Bool("ข้อนี้รับคำชี้แจงว่า 'ไม่มีข้อมูลในรอบที่ประเมิน' ได้หรือไม่ (ไม่ใส่ = ไม่รับ)"),
        "notes": Paragraphs("บันทึกของผู้ดูแลบัญชีรายการ (ที่มา การอนุมาน ข้อสงสัย) ไม่แสดงบนหน้าเว็บ"),
        "recognise": RECOGNISE,
    },
    required=("number", "key", "title"),
)

CATALOGUE = Obj(
    {
        "ita_year": Year(),
        "title": Text(single_line=True),
        "source": Paragraphs(),
        "confirmed": Bool(),
        "code_prefix": Enum(["o", "O"], "การเขียนเลขข้อของปีนั้น: o1 หรือ O1"),
        "provisional_from": Year("บัญชีชั่วคราว: คัดลอกจากบัญชีของปีนี้ เพราะยังไม่มีคู่มือของปีที่ประเมิน"),
        "evidence_deadline": Date("วันสุดท้ายที่ผู้ประเมินตรวจหลักฐาน OIT ตามคู่มือของปีนั้น (ไม่ทราบ = ไม่ใส่)"),
        "evidence_deadline_source": Text("ที่มาของวันสุดท้ายที่ตรวจหลักฐาน"),
        "notes": Paragraphs("บันทึกของผู้ดูแลบัญชีรายการ ไม่แสดงบนหน้าเว็บ"),
        "indicators": List(
            Obj(
                {
                    "id": Text(single_line=True),
                    "title": Text(single_line=True),
                    "sub_indicators": List(
                        Obj(
                            {
                                "id": Text(single_line=True),
                                "title": Text(single_line=True),
                                "confirmed": Bool(),
                                "items": List(CATALOGUE_ITEM, min_items=1),
                            },
                            required=("id", "title", "items"),
                        ),
                        min_items=1,
                    ),
                },
                required=("id", "title", "sub_indicators"),
            ),
            min_items=1,
        ),
    },
    required=("ita_year", "indicators"),
)


# --- typed objects ---------------------------------------------------------------------

@dataclass
class Component:
    id: str
    title: str
    check: str | None = None


@dataclass
class Recognition:
    """Words that identify an item's documents (catalogue `recognise`); never on public pages."""

    phrases: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    not_: list[str] = field(default_factory=list)


@dataclass
class CatalogueItem:
    number: int
    key: str
    title: str
    sub_indicator_id: str
    sub_indicator_title: str
    indicator_id: str
    code_prefix: str = "o"
    description: list[str] = field(default_factory=list)
    period: str = "none"
    components: list[Component] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)
    confirmed: bool = False
    source: str = ""
    allows_nothing_to_report: bool = False  # catalogue `nothing_to_report: true`
    year_from: str = "document"  # what decides a document's year: document (period, fiscal_year, title) or date
    notes: list[str] = field(default_factory=list)  # for maintainers; templates never print them
    recognition: Recognition = field(default_factory=Recognition)  # for `prongsai file`; never printed

    @property
    def code(self) -> str:
        """As the year's manual writes it: o1 or O1."""
        return f"{self.code_prefix}{self.number}"

    @property
    def slug(self) -> str:
        """Stable URL segment: always lower-case o<N>."""
        return f"o{self.number}"


@dataclass
class SubIndicator:
    id: str
    title: str
    items: list[CatalogueItem]
    confirmed: bool = False


@dataclass
class Indicator:
    id: str
    title: str
    sub_indicators: list[SubIndicator]


@dataclass
class Catalogue:
    ita_year: int
    title: str
    indicators: list[Indicator]
    source: list[str] = field(default_factory=list)
    confirmed: bool = False
    source_file: str = ""  # the YAML file it came from
    provisional_from: int | None = None  # built from this year's catalogue before the manual appeared
    evidence_deadline: dt.date | None = None
    evidence_deadline_source: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def items(self) -> list[CatalogueItem]:
        return [item for ind in self.indicators for sub in ind.sub_indicators for item in sub.items]

    @property
    def grouping_confirmed(self) -> bool:
        """Whether every sub-indicator (which sets each item's weight) is checked against the manual."""
        return all(sub.confirmed for ind in self.indicators for sub in ind.sub_indicators)

    def item(self, key: str) -> CatalogueItem | None:
        return next((item for item in self.items if item.key == key), None)



def _recognition(record: dict) -> Recognition:
    return Recognition(phrases=_get(record, "phrases", []), words=_get(record, "words", []),
                       kinds=_get(record, "kinds", []), not_=_get(record, "not", []))


def build_catalogue(record: dict, file: str) -> Catalogue:
    ita_year = record["ita_year"]
    # Each year's manual has its own style (o1 … in 2566, O1 … in 2569); URLs always use o<N>.
    prefix = _get(record, "code_prefix", "o")
    indicators = []
    for ind in record["indicators"]:
        subs = []
        for sub in ind["sub_indicators"]:
            items = [
                CatalogueItem(
                    number=item["number"], key=item["key"], title=item["title"],
                    sub_indicator_id=sub["id"], sub_indicator_title=sub["title"],
                    indicator_id=ind["id"], code_prefix=prefix,
                    description=_get(item, "description", []), period=_get(item, "period", "none"),
                    components=[Component(c["id"], c["title"], c.get("check")) for c in _get(item, "components", [])],
                    pages=_get(item, "pages", []), confirmed=bool(item.get("confirmed", False)),
                    source=_get(item, "source", ""),
                    allows_nothing_to_report=bool(item.get("nothing_to_report", False)),
                    year_from=_get(item, "year_from", "document"),
                    notes=_get(item, "notes", []),
                    recognition=_recognition(_get(item, "recognise", {})),
                )
                for item in sub["items"]
            ]
            subs.append(SubIndicator(sub["id"], sub["title"], items, bool(sub.get("confirmed", False))))
        indicators.append(Indicator(ind["id"], ind["title"], subs))
    return Catalogue(
        ita_year=ita_year, title=_get(record, "title", f"บัญชีรายการ OIT ปี {ita_year}"),
        indicators=indicators, source=_get(record, "source", []),
        confirmed=bool(record.get("confirmed", False)), source_file=file,
        provisional_from=record.get("provisional_from"),
        evidence_deadline=record.get("evidence_deadline"),
        evidence_deadline_source=_get(record, "evidence_deadline_source", ""),
        notes=_get(record, "notes", []),
    )


def provisional_notice(catalogue: Catalogue) -> str | None:
    """One line for staff (never for the public site) when the year's list is not yet the
    NACC's: an evaluator scores against the manual, so every verdict may shift."""
    if catalogue.confirmed:
        return None
    if catalogue.provisional_from:
        return (f"บัญชีรายการ OIT ปี {catalogue.ita_year} เป็นฉบับชั่วคราว คัดลอกจากปี {catalogue.provisional_from} "
                f"เพราะยังไม่มีคู่มือ ITA {catalogue.ita_year} ของสำนักงาน ป.ป.ช. "
                "ชื่อข้อ เลขข้อ และเกณฑ์อาจเปลี่ยนเมื่อคู่มือออก")
    return (f"บัญชีรายการ OIT ปี {catalogue.ita_year} ยังไม่ได้ตรวจกับคู่มือ ITA {catalogue.ita_year} "
            "ของสำนักงาน ป.ป.ช. ให้ตรวจชื่อข้อและเกณฑ์กับคู่มือก่อนส่งจริง")



# --- loading --------------------------------------------------------------------------

_CATALOGUE_CACHE: dict = {}


def load_catalogues(problems: Problems, directory: Path = CATALOGUE_DIR) -> dict[int, Catalogue]:
    """All shipped OIT catalogues, by ITA year. A new year is a new file, no code change.
    Parsed once per process while the files are unchanged (validate, build, serve and the
    tests call this on every run; catalogues are read-only once built)."""
    key = (str(directory), tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size)
                                 for p in sorted(Path(directory).glob("*.yaml"))))
    if key not in _CATALOGUE_CACHE:
        found = Problems()
        _CATALOGUE_CACHE.clear()
        _CATALOGUE_CACHE[key] = (_load_catalogues_uncached(found, directory), list(found.items))
    catalogues, cached_problems = _CATALOGUE_CACHE[key]
    problems.items.extend(cached_problems)
    return dict(catalogues)


def _load_catalogues_uncached(problems: Problems, directory: Path) -> dict[int, Catalogue]:
    catalogues: dict[int, Catalogue] = {}
    vocabulary = _load_vocabulary(directory, problems)
    for path in sorted(directory.glob("ita-*.yaml")):
        shown = f"generator/catalogues/{path.name}"
        data = load_yaml_file(path, shown, problems)
        if data is None:
            continue
        record = CATALOGUE.check(data, Ctx(shown, "", 1, problems, None))
        if record is INVALID:
            continue
        catalogue = build_catalogue(record, shown)
        _check_catalogue(catalogue, vocabulary, problems)
        catalogues[catalogue.ita_year] = catalogue
    return catalogues


def _load_vocabulary(directory: Path, problems: Problems) -> dict:
    """Check names and page ids a catalogue may use (vocabulary.yaml)."""
    path = directory / "vocabulary.yaml"
    data = load_yaml_file(path, f"generator/catalogues/{path.name}", problems) if path.is_file() else None
    return data if isinstance(data, dict) else {}


def _check_catalogue(catalogue: Catalogue, vocabulary: dict, problems: Problems) -> None:
    """Next year's file is checked when it loads, not only by the project's tests."""
    checks, page_ids = set(vocabulary.get("checks", {})), set(vocabulary.get("pages", {}))
    numbers = [item.number for item in catalogue.items]
    if sorted(numbers) != list(range(1, len(numbers) + 1)):
        problems.error(catalogue.source_file, None, "indicators",
                       f"เลขข้อต้องเรียง 1 ถึง {len(numbers)} ไม่ซ้ำไม่ข้าม (พบ {sorted(numbers)})")
    for item in catalogue.items:
        for component in item.components:
            if checks and component.check and component.check not in checks:
                problems.error(catalogue.source_file, None, f"items.{item.key}.components.{component.id}.check",
                               f"ไม่รู้จักกฎ '{component.check}' (ดู generator/catalogues/vocabulary.yaml)")
        for page in item.pages:
            if page_ids and page not in page_ids:
                problems.error(catalogue.source_file, None, f"items.{item.key}.pages",
                               f"ไม่รู้จักหน้า '{page}' (ดู generator/catalogues/vocabulary.yaml)")
    if catalogue.provisional_from and (catalogue.confirmed or any(item.confirmed for item in catalogue.items)):
        problems.error(catalogue.source_file, None, "confirmed",
                       f"บัญชีชั่วคราว (provisional_from: {catalogue.provisional_from}) ต้องเป็น confirmed: false ทั้งไฟล์และทุกข้อ "
                       "เมื่อตรวจกับคู่มือแล้วให้ลบ provisional_from (ดู generator/catalogues/README.md)")
    seen_keys, seen_numbers = set(), set()
    for item in catalogue.items:
        if item.key in seen_keys:
            problems.error(catalogue.source_file, None, f"items.{item.key}", f"key '{item.key}' ซ้ำในบัญชีรายการปีเดียวกัน")
        if item.number in seen_numbers:
            problems.error(catalogue.source_file, None, f"items.{item.key}", f"เลขข้อ {item.number} ซ้ำ")
        seen_keys.add(item.key)
        seen_numbers.add(item.number)
