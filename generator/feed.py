"""The Atom feed of disclosures (/feed.xml), newest first: every dated document of every
published ITA year's OIT evidence, every dated measures report, the plan's announcement and
each project's recorded progress, so that a citizen, a journalist or the national catalogue
learns what was published without visiting the site. Every page announces it in its head
(generator/theme/main.html).

Links point at the document itself when the site publishes its file, else at the page that
shows it (an item page lists the documents that live on other sites): every link of the feed
resolves to a file of the built site. They are absolute under site.yaml's `site_url`, else
relative to the feed, which sits at the site's root (RFC 4287 resolves them against the
feed's own address). Entry ids are `urn:uuid:` names made from the organisation, the address
and the title, so that they stay the same when `site_url` is set later. Dates carry Thai time
(+07:00); the feed's `updated` is its newest entry's date, so the same data gives the same
file.
"""

from __future__ import annotations

import datetime as dt
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from .model import Model
from .opendata import Addresses, project_progress
from .render import generated_digits

PATH = "feed.xml"
ATOM = "http://www.w3.org/2005/Atom"
MEDIA_TYPE = "application/atom+xml"


@dataclass(frozen=True)
class Entry:
    title: str
    date: dt.date
    link: str
    summary: str


def _atom_time(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00+07:00"


def _evidence_entries(model: Model, links: Addresses, own) -> list[Entry]:
    entries = []
    for year in model.years:
        year_model = model.for_year(year)
        if not (year_model.oit and year_model.catalogue):
            continue
        for item in year_model.catalogue.items:
            evidence = year_model.oit.evidence.get(item.key)
            for document in evidence.documents if evidence else []:
                if document.date is None:
                    continue
                link = links.file(document.file) if document.file else links.page(f"ita/{year}/{item.slug}")
                entries.append(Entry(document.title, document.date, link,
                                     own(f"หลักฐาน ITA {year} ข้อ {item.code} {item.title}")))
    return entries


def _report_entries(model: Model, links: Addresses, own) -> list[Entry]:
    return [Entry(report.title, report.report_date, links.page(report.page_id),
                  own(f"รายงานมาตรการส่งเสริมคุณธรรมและความโปร่งใส ปีงบประมาณ {report.fiscal_year}"))
            for report in model.measures if report.report_date]


def _plan_entries(model: Model, links: Addresses, own) -> list[Entry]:
    plan = model.plan
    if plan is None:
        return []
    entries = []
    if plan.announcement:
        entries.append(Entry(plan.announcement.title, plan.announcement.date, links.page("plan"),
                             own(f"ประกาศใช้แผน ปีงบประมาณ {plan.start_year}–{plan.end_year}")))
    for project in plan.projects:
        for year, record in sorted(project_progress(project).items()):
            if record.date:
                entries.append(Entry(own(f"ผลการดำเนินงานปีงบประมาณ {year}: ") + project.title, record.date,
                                     links.page(project.page_id), own(f"สถานะ: {record.status}")))
    return entries


def entries(model: Model, page_sources: dict[str, str]) -> list[Entry]:
    """Every dated disclosure once (the same file may answer several items or years), newest first."""
    links = Addresses(model, page_sources, PATH)

    def own(text: str) -> str:
        return generated_digits(text, model.site.thai_digits)

    found = _evidence_entries(model, links, own) + _report_entries(model, links, own) + _plan_entries(model, links, own)
    unique = list({(e.link, e.title, e.date): e for e in found}.values())
    return sorted(unique, key=lambda e: (e.date, e.title), reverse=True)


def _entry_id(model: Model, entry: Entry) -> str:
    """The same id whether the link is absolute (site_url set) or relative to the feed."""
    site_url = (model.site.site_url or "").rstrip("/")
    path = entry.link[len(site_url) + 1:] if site_url and entry.link.startswith(site_url + "/") else entry.link
    name = f"{model.organisation.name}|{path}|{entry.title}|{entry.date.isoformat()}"
    return uuid.uuid5(uuid.NAMESPACE_URL, name).urn


def feed_xml(model: Model, page_sources: dict[str, str]) -> str:
    found = entries(model, page_sources)
    site_url = model.site.site_url
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "th"})

    def sub(parent, tag: str, text: str | None = None, **attributes) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
        if text is not None:
            element.text = text
        return element

    name = model.organisation.name
    sub(root, "title", f"เอกสารเผยแพร่ของ{name}")
    sub(root, "subtitle", "เอกสารและรายงานที่เผยแพร่บนเว็บไซต์ เรียงจากใหม่ไปเก่า")
    sub(root, "id", site_url or uuid.uuid5(uuid.NAMESPACE_URL, f"{name}|{PATH}").urn)
    newest = found[0].date if found else model.as_of
    sub(root, "updated", _atom_time(newest))
    author = sub(root, "author")
    sub(author, "name", name)
    sub(root, "link", rel="alternate", type="text/html", href=site_url or "./")
    if site_url:
        sub(root, "link", rel="self", type=MEDIA_TYPE, href=site_url.rstrip("/") + "/" + PATH)
    for entry in found:
        element = sub(root, "entry")
        sub(element, "title", entry.title)
        sub(element, "id", _entry_id(model, entry))
        sub(element, "updated", _atom_time(entry.date))
        sub(element, "published", _atom_time(entry.date))
        sub(element, "link", rel="alternate", href=entry.link)
        sub(element, "summary", entry.summary)
    ET.indent(root, space=" ")
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def files(model: Model, pages) -> dict[str, str]:
    return {PATH: feed_xml(model, {page.id: page.src for page in pages})}
