"""Open data: the plan, the risk table, the measures reports, each ITA year's OIT evidence
list and the projects' progress as CSV and JSON files under /opendata/, described by a
Frictionless data package (datapackage.json), for the national open-data catalogue (CKAN)
and anyone who wants the numbers rather than the pages.

Machine-readable on purpose, whatever site.yaml's `digits:` says: numbers in Arabic digits
without thousands separators, dates as ISO 8601 (YYYY-MM-DD, Gregorian: what every program
reads), fiscal and ITA years as Buddhist Era integers (as the documents write them). Column
names are stable English identifiers; each column has a Thai title and description in the
package. CSV files are UTF-8 with a byte-order mark so that Excel shows the Thai.

Addresses (a project's page, a document) are absolute when site.yaml has `site_url`, else
relative to the file that holds them (../plan/ from /opendata/…), which still resolves on
whatever host serves the folder. The same rule holds for the Atom feed (generator/feed.py).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import posixpath
from dataclasses import dataclass, field
from urllib.parse import quote

from .model import Model, Project
from .readiness.assess import item_pages

FOLDER = "opendata"
PAGE_ID = FOLDER

# Used until site.yaml names a licence (`licence:`): the licence the national open-data
# catalogue suggests for government data that may be reused with attribution.
DEFAULT_LICENCE = "CC-BY-4.0"
LICENCES = {
    "CC-BY-4.0": {"name": "CC-BY-4.0", "title": "ครีเอทีฟคอมมอนส์ แสดงที่มา 4.0 สากล (CC BY 4.0)",
                  "path": "https://creativecommons.org/licenses/by/4.0/"},
    "CC0-1.0": {"name": "CC0-1.0", "title": "ครีเอทีฟคอมมอนส์ ซีซีศูนย์ 1.0 (สละสิทธิ์)",
                "path": "https://creativecommons.org/publicdomain/zero/1.0/"},
    "ODC-BY-1.0": {"name": "ODC-BY-1.0", "title": "Open Data Commons Attribution License 1.0",
                   "path": "https://opendatacommons.org/licenses/by/1-0/"},
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # Frictionless field type: string, integer, date
    title: str
    description: str = ""
    family: str = ""  # one of several columns named family + a year (budget_2566 …)


@dataclass
class Table:
    """One data file (in CSV and JSON) and its description in the data package."""
    name: str
    title: str         # Prongsai's words, like the description and the columns' titles
    description: str
    columns: list[Column]
    rows: list[dict] = field(default_factory=list)
    primary_key: list[str] = field(default_factory=list)

    @property
    def listed_columns(self) -> list[Column]:
        """The columns as the open-data page explains them: a family of year columns
        (budget_2566 … budget_2570) once, by its prefix."""
        listed, families = [], set()
        for column in self.columns:
            if not column.family:
                listed.append(column)
            elif column.family not in families:
                families.add(column.family)
                listed.append(Column(column.family, column.type, FAMILY_TITLES[column.family],
                                     f"ชื่อคอลัมน์คือ {column.family} ตามด้วยปีงบประมาณ พ.ศ. หนึ่งคอลัมน์ต่อปีของแผน "
                                     "ว่างเมื่อปีนั้นไม่ใช้งบประมาณ"))
        return listed

    @property
    def csv_path(self) -> str:
        return f"{FOLDER}/{self.name}.csv"

    @property
    def json_path(self) -> str:
        return f"{FOLDER}/{self.name}.json"


# --- addresses ------------------------------------------------------------------------------

def page_path(src: str) -> str:
    """A page source's address from the site root (use_directory_urls): plan/index.md →
    plan/, plan/projects/1.md → plan/projects/1/, index.md → ''."""
    stem = src[:-len(".md")] if src.endswith(".md") else src
    if stem == "index" or stem.endswith("/index"):
        stem = stem[:-len("index")]
    else:
        stem += "/"
    return stem


def address(site_path: str, site_url: str | None, from_file: str) -> str:
    """A site path (no leading slash) as written in a published file: absolute under
    site_url, else relative to `from_file`'s folder."""
    if site_url:
        return site_url.rstrip("/") + "/" + quote(site_path, safe="/-._~")
    here = posixpath.dirname(from_file) or "."
    relative = posixpath.relpath(site_path or ".", here)
    relative = "./" if relative == "." else relative
    if site_path.endswith("/") and not relative.endswith("/"):
        relative += "/"
    return quote(relative, safe="/-._~")


class Addresses:
    """Page and file addresses as one published file writes them."""

    def __init__(self, model: Model, page_sources: dict[str, str], from_file: str):
        self.site_url = model.site.site_url
        self.page_sources = page_sources
        self.from_file = from_file

    def page(self, page_id: str) -> str:
        if page_id not in self.page_sources:
            return ""
        return address(page_path(self.page_sources[page_id]), self.site_url, self.from_file)

    def file(self, relative: str | None) -> str:
        return address(relative, self.site_url, self.from_file) if relative else ""


# --- the tables -----------------------------------------------------------------------------

def _text(value) -> str:
    """Paragraph lists joined by blank lines; None as an empty cell."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "\n\n".join(str(item) for item in value if item)
    return str(value)


def _fiscal_years(model: Model) -> list[int]:
    return model.plan.years if model.plan else []


def projects_table(model: Model, links: Addresses) -> Table:
    years = _fiscal_years(model)
    columns = [
        Column("no", "integer", "ลำดับโครงการ"),
        Column("title", "string", "ชื่อโครงการ/กิจกรรม/มาตรการ"),
        Column("kind", "string", "ประเภท", "โครงการ กิจกรรม หรือมาตรการ"),
        Column("dimension_no", "integer", "มิติที่"),
        Column("dimension", "string", "ชื่อมิติ"),
        Column("mission_no", "string", "ภารกิจที่"),
        Column("mission", "string", "ชื่อภารกิจ"),
        Column("sub_mission_no", "string", "ภารกิจย่อยที่"),
        Column("sub_mission", "string", "ชื่อภารกิจย่อย"),
        *[Column(f"budget_{year}", "integer", f"งบประมาณปี {year} (บาท)",
                 f"งบประมาณตามแผนของปีงบประมาณ พ.ศ. {year} ว่างเมื่อไม่ใช้งบประมาณ", family="budget_")
          for year in years],
        Column("total_budget", "integer", "งบประมาณรวมทุกปี (บาท)"),
        Column("page", "string", "หน้าเว็บไซต์ของโครงการ"),
    ]
    rows = []
    for dimension in model.plan.dimensions:
        for mission in dimension.missions:
            subs = [(None, project) for project in mission.projects] + \
                   [(sub, project) for sub in mission.sub_missions for project in sub.projects]
            for sub, project in subs:
                rows.append({
                    "no": project.no, "title": project.title, "kind": project.kind,
                    "dimension_no": dimension.no, "dimension": dimension.title,
                    "mission_no": mission.no, "mission": mission.title,
                    "sub_mission_no": sub.no if sub else "", "sub_mission": sub.title if sub else "",
                    **{f"budget_{year}": project.budget.get(year) for year in years},
                    "total_budget": project.total_budget, "page": links.page(project.page_id),
                })
    return Table("plan-projects", "โครงการตามแผนปฏิบัติการป้องกันการทุจริต",
                 f"แผนปีงบประมาณ พ.ศ. {model.plan.start_year}–{model.plan.end_year} "
                 "หนึ่งแถวต่อหนึ่งโครงการ/กิจกรรม/มาตรการ พร้อมมิติ ภารกิจ และงบประมาณแต่ละปี",
                 columns, rows)


def risks_table(model: Model, links: Addresses) -> Table:
    columns = [
        Column("no", "integer", "ลำดับ"),
        Column("step", "string", "ขั้นตอน/กระบวนการที่มีความเสี่ยง"),
        Column("issue", "string", "เหตุการณ์ความเสี่ยง"),
        Column("issue_level", "string", "ระดับความเสี่ยงของเหตุการณ์"),
        Column("level", "string", "ระดับความเสี่ยงของขั้นตอน"),
        Column("controls", "string", "มาตรการควบคุมความเสี่ยง", "หนึ่งมาตรการต่อหนึ่งบรรทัด"),
        Column("control_projects", "string", "ลำดับโครงการที่ใช้ควบคุม", "คั่นด้วยเครื่องหมาย ;"),
    ]
    rows = []
    for risk in model.plan.risks:
        controls = "\n".join(control.text for control in risk.controls)
        projects = ";".join(str(c.project.no) for c in risk.controls if c.project)
        for issue in risk.issues or [None]:
            rows.append({"no": risk.no, "step": risk.step, "issue": issue.text if issue else "",
                         "issue_level": issue.level if issue else "", "level": risk.level,
                         "controls": controls, "control_projects": projects})
    fiscal = f" (ปีงบประมาณ พ.ศ. {model.plan.risk_fiscal_year})" if model.plan.risk_fiscal_year else ""
    return Table("plan-risks", "การประเมินความเสี่ยงการทุจริต",
                 f"ตารางประเมินความเสี่ยงการทุจริตของแผน{fiscal} หนึ่งแถวต่อหนึ่งเหตุการณ์ความเสี่ยง", columns, rows)


def measures_table(model: Model, links: Addresses) -> Table:
    columns = [
        Column("fiscal_year", "integer", "ปีงบประมาณ (พ.ศ.)"),
        Column("round", "string", "รอบการรายงาน", "6 เดือน หรือ 12 เดือน ว่างเมื่อรายงานไม่ได้ระบุ"),
        Column("report_title", "string", "ชื่อรายงาน"),
        Column("report_date", "date", "วันที่รายงาน"),
        Column("no", "integer", "ลำดับมาตรการ"),
        Column("instrument", "string", "แบบวัด", "IIT EIT หรือ OIT"),
        Column("title", "string", "มาตรการ"),
        Column("method", "string", "วิธีการดำเนินการ"),
        Column("responsible", "string", "ผู้รับผิดชอบ"),
        Column("period", "string", "ระยะเวลาดำเนินการ"),
        Column("period_start", "date", "วันเริ่มดำเนินการ"),
        Column("period_end", "date", "วันสิ้นสุดการดำเนินการ"),
        Column("results", "string", "ผลการดำเนินการ"),
        Column("outcomes", "string", "ผลลัพธ์"),
        Column("suggestions", "string", "ข้อเสนอแนะ"),
        Column("page", "string", "หน้าเว็บไซต์ของรายงาน"),
    ]
    rows = []
    for report in model.measures:
        for measure in report.measures:
            rows.append({
                "fiscal_year": report.fiscal_year, "round": report.report_round or "",
                "report_title": report.title, "report_date": report.report_date,
                "no": measure.no, "instrument": measure.instrument or "", "title": measure.title,
                "method": _text(measure.method), "responsible": measure.responsible,
                "period": measure.period.text, "period_start": measure.period.start,
                "period_end": measure.period.end, "results": _text(measure.results),
                "outcomes": _text(measure.outcomes), "suggestions": _text(measure.suggestions),
                "page": links.page(report.page_id),
            })
    return Table("measures", "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส",
                 "หนึ่งแถวต่อหนึ่งมาตรการของรายงานแต่ละฉบับ", columns, rows)


FAMILY_TITLES = {"budget_": "งบประมาณตามแผนแต่ละปี (บาท)"}

EVIDENCE_KINDS = {"page": "หน้าเว็บไซต์", "document": "เอกสาร", "link": "ลิงก์",
                  "nothing": "ไม่มีข้อมูลที่ต้องเผยแพร่"}


def evidence_table(model: Model, year: int, links: Addresses, page_ids: set[str], titles: dict[str, str]) -> Table:
    columns = [
        Column("ita_year", "integer", "ปีการประเมิน ITA (พ.ศ.)"),
        Column("item", "string", "ข้อ OIT"),
        Column("item_title", "string", "ชื่อข้อ"),
        Column("kind", "string", "ชนิดหลักฐาน", "หน้าเว็บไซต์ เอกสาร ลิงก์ หรือ ไม่มีข้อมูลที่ต้องเผยแพร่"),
        Column("title", "string", "ชื่อหลักฐาน"),
        Column("date", "date", "วันที่ของเอกสาร"),
        Column("fiscal_year", "integer", "ปีงบประมาณของเอกสาร (พ.ศ.)"),
        Column("url", "string", "ที่อยู่ของหลักฐาน"),
        Column("item_page", "string", "หน้าเว็บไซต์ของข้อ"),
    ]
    year_model = model.for_year(year)
    rows = []
    for item in year_model.catalogue.items:
        evidence = year_model.oit.evidence.get(item.key) if year_model.oit else None
        common = {"ita_year": year, "item": item.code, "item_title": item.title,
                  "item_page": links.page(f"ita/{year}/{item.slug}")}
        for page_id in item_pages(item, evidence, page_ids):
            rows.append({**common, "kind": EVIDENCE_KINDS["page"], "title": titles.get(page_id, page_id),
                         "url": links.page(page_id)})
        if evidence is None:
            continue
        for document in evidence.documents:
            rows.append({**common, "kind": EVIDENCE_KINDS["document"], "title": document.title,
                         "date": document.date, "fiscal_year": document.fiscal_year,
                         "url": links.file(document.file) if document.file else (document.url or "")})
        for link in evidence.links:
            rows.append({**common, "kind": EVIDENCE_KINDS["link"], "title": link.title, "url": link.url})
        if evidence.nothing_to_report:
            rows.append({**common, "kind": EVIDENCE_KINDS["nothing"], "title": evidence.nothing_to_report.reason,
                         "date": evidence.nothing_to_report.date})
    return Table(f"oit-{year}", f"รายการหลักฐานการเปิดเผยข้อมูลสาธารณะ (OIT) ปีการประเมิน ITA {year}",
                 "หนึ่งแถวต่อหลักฐานหนึ่งรายการของแต่ละข้อ OIT", columns, rows)


PROGRESS_STATUSES = ("ยังไม่เริ่ม", "กำลังดำเนินการ", "เสร็จ", "ยกเลิก")


def project_progress(project: Project) -> dict:
    """{fiscal year: Progress} (empty when the data records none)."""
    return getattr(project, "progress", None) or {}


def progress_table(model: Model, links: Addresses) -> Table:
    columns = [
        Column("project_no", "integer", "ลำดับโครงการ"),
        Column("project_title", "string", "ชื่อโครงการ/กิจกรรม/มาตรการ"),
        Column("fiscal_year", "integer", "ปีงบประมาณ (พ.ศ.)"),
        Column("status", "string", "สถานะ", " ".join(PROGRESS_STATUSES)),
        Column("planned", "integer", "งบประมาณตามแผน (บาท)"),
        Column("spent", "integer", "จ่ายจริง (บาท)"),
        Column("outputs", "string", "ผลผลิตที่ได้เทียบกับตัวชี้วัด"),
        Column("date", "date", "วันที่บันทึกผล"),
        Column("evidence", "string", "หลักฐานผลการดำเนินงาน"),
        Column("note", "string", "หมายเหตุ"),
        Column("page", "string", "หน้าเว็บไซต์ของโครงการ"),
    ]
    rows = []
    for project in model.plan.projects:
        for year, record in sorted(project_progress(project).items()):
            rows.append({
                "project_no": project.no, "project_title": project.title, "fiscal_year": year,
                "status": record.status, "planned": project.budget.get(year), "spent": record.spent,
                "outputs": _text(record.outputs), "date": record.date, "evidence": links.file(record.evidence),
                "note": record.note, "page": links.page(project.page_id),
            })
    return Table("plan-progress", "ผลการดำเนินงานของโครงการรายปี",
                 "หนึ่งแถวต่อหนึ่งโครงการต่อหนึ่งปีงบประมาณที่บันทึกผลไว้ สถานะ งบที่จ่ายจริง ผลผลิต และหลักฐาน",
                 columns, rows)


def tables(model: Model, page_sources: dict[str, str], titles: dict[str, str]) -> list[Table]:
    """Every table the data can give, in the order the page lists them; a table without rows
    is left out (an empty file tells nothing, and a tabular JSON file cannot be empty)."""
    links = Addresses(model, page_sources, f"{FOLDER}/any.csv")  # every table sits in the same folder
    page_ids = set(page_sources)
    found: list[Table] = []
    if model.plan:
        found.append(projects_table(model, links))
        if model.plan.risks:
            found.append(risks_table(model, links))
        found.append(progress_table(model, links))
    if model.measures:
        found.append(measures_table(model, links))
    for year in model.years:
        if model.catalogues.get(year):
            found.append(evidence_table(model, year, links, page_ids, titles))
    return [table for table in found if table.rows]


# --- files ----------------------------------------------------------------------------------

def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _json_value(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    if value == "":
        return None
    return value


def csv_text(table: Table) -> str:
    """UTF-8 with a BOM (written by write_text_if_changed), CRLF rows as RFC 4180 says."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([column.name for column in table.columns])
    for row in table.rows:
        writer.writerow([_cell(row.get(column.name)) for column in table.columns])
    return "\ufeff" + out.getvalue()


def json_text(table: Table) -> str:
    rows = [{column.name: _json_value(row.get(column.name)) for column in table.columns} for row in table.rows]
    return json.dumps(rows, ensure_ascii=False, indent=1) + "\n"


def licence(model: Model) -> dict:
    chosen = model.site.licence or DEFAULT_LICENCE
    return LICENCES.get(chosen, {"name": chosen, "title": chosen})


def _schema(table: Table) -> dict:
    schema: dict = {"fields": [
        {"name": c.name, "type": c.type, "title": c.title, **({"description": c.description} if c.description else {})}
        for c in table.columns
    ], "missingValues": [""]}
    if table.primary_key:
        schema["primaryKey"] = table.primary_key
    return schema


def _resource(table: Table, path: str, fmt: str) -> dict:
    resource = {"name": table.name if fmt == "csv" else f"{table.name}-json", "path": posixpath.basename(path),
                "profile": "tabular-data-resource", "title": table.title, "description": table.description,
                "format": fmt, "mediatype": "text/csv" if fmt == "csv" else "application/json",
                "encoding": "utf-8", "schema": _schema(table)}
    if fmt == "csv":
        resource["dialect"] = {"delimiter": ",", "lineTerminator": "\r\n", "header": True}
    return resource


def datapackage(model: Model, found: list[Table]) -> dict:
    org = model.organisation
    package = {
        "profile": "tabular-data-package",
        "name": "prongsai-opendata",
        "title": f"ข้อมูลเปิดด้านคุณธรรมและความโปร่งใสของ{org.name}",
        # names only the tables this organisation publishes (a new site has only its OIT list)
        "description": "ชุดข้อมูล: " + " ".join(table.title for table in found)
                       + " ตัวเลขเป็นเลขอารบิก ปีเป็นพุทธศักราช วันที่เป็นรูปแบบ ISO 8601 (ค.ศ.)",
        "licenses": [licence(model)],
        "contributors": [{"title": org.name, "role": "publisher"}],
        "keywords": ["ITA", "OIT", "คุณธรรมและความโปร่งใส", "ป้องกันการทุจริต", org.name],
        "resources": [_resource(t, t.csv_path, "csv") for t in found]
                     + [_resource(t, t.json_path, "json") for t in found],
    }
    if model.site.site_url:
        package["homepage"] = model.site.site_url
    return package


def files(model: Model, found: list[Table]) -> dict[str, str]:
    """{path in the site: text} of every data file and the data package."""
    written: dict[str, str] = {}
    for table in found:
        written[table.csv_path] = csv_text(table)
        written[table.json_path] = json_text(table)
    written[f"{FOLDER}/datapackage.json"] = json.dumps(datapackage(model, found), ensure_ascii=False, indent=1) + "\n"
    return written
