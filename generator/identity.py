"""The organisation's own look on every page: logo (header and favicon), primary colour,
and the footer (name, address, phone, official e-mail, date of the data).

`apply_identity(config, model)` turns the model into MkDocs configuration values; the
theme (generator/theme/main.html) reads them from `config.extra.prongsai_identity`. The primary
colour must keep white text (header) and links on white readable: WCAG AA asks for a
contrast of at least 4.5:1, checked here so the organisation hears of it at build time.
"""

from __future__ import annotations

import re
from pathlib import Path

from . import load, thai
from .model import Model
from .problems import Problems

DEFAULT_PRIMARY = "#3f51b5"  # Material's indigo, the theme's colour before any choice
AA_NORMAL_TEXT = 4.5
_HEX = re.compile(r"^#([0-9a-fA-F]{6})$")


# --- colour ------------------------------------------------------------------------------

def _rgb(colour: str) -> tuple[int, int, int]:
    digits = _HEX.match(colour).group(1)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{max(0, min(255, round(c))):02x}" for c in rgb)


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of an sRGB colour "#rrggbb"."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    high, low = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _mix(colour: str, other: str, share: float) -> str:
    """`colour` with `share` (0–1) of `other` mixed in."""
    a, b = _rgb(colour), _rgb(other)
    return _hex(tuple(x + (y - x) * share for x, y in zip(a, b)))


def colour_css(primary: str) -> str:
    """Material's colour variables for a custom primary colour (palette "custom")."""
    dark = _mix(primary, "#000000", 0.2)
    light = _mix(primary, "#ffffff", 0.15)
    return (
        "[data-md-color-primary=custom]{"
        f"--md-primary-fg-color:{primary};--md-primary-fg-color--light:{light};"
        f"--md-primary-fg-color--dark:{dark};--md-primary-bg-color:#fff;"
        "--md-primary-bg-color--light:#ffffffb3;"
        f"--md-typeset-a-color:{primary}}}"
        "[data-md-color-accent=custom]{"
        f"--md-accent-fg-color:{dark};--md-accent-fg-color--transparent:{dark}1a;"
        "--md-accent-bg-color:#fff;--md-accent-bg-color--light:#ffffffb3}"
    )


def check_colour(colour: str, problems: Problems, file: str, line: int | None) -> None:
    """Warns when white text on the colour (and the colour's links on white) is hard to read."""
    ratio = contrast_ratio(colour, "#ffffff")
    if ratio < AA_NORMAL_TEXT:
        problems.warning(
            file, line, "primary_color",
            f"สี {colour} อ่อนเกินไป: ตัวอักษรสีขาวบนสีนี้ (และลิงก์สีนี้บนพื้นขาว) มีความต่างของสี "
            f"{ratio:.2f}:1 ต่ำกว่าเกณฑ์ {AA_NORMAL_TEXT}:1 (WCAG AA) ผู้สูงอายุและผู้มีปัญหาสายตาจะอ่านยาก "
            f"ให้เลือกสีเข้มขึ้น เช่น {_darken_until_readable(colour)}",
        )


def _darken_until_readable(colour: str) -> str:
    """The same hue, darkened in small steps until white text on it reaches AA."""
    for step in range(1, 21):
        candidate = _mix(colour, "#000000", step * 0.05)
        if contrast_ratio(candidate, "#ffffff") >= AA_NORMAL_TEXT:
            return candidate
    return "#000000"


def _line_of(path: Path, key: str) -> int | None:
    """Line of `key:` in a YAML file, so the message points at it (None when not found)."""
    try:
        for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if text.startswith(f"{key}:"):
                return number
    except OSError:
        return None
    return None


# --- footer and logo ---------------------------------------------------------------------

def _css_string(text: str) -> str:
    """Text for a CSS string in double quotes inside a <style> element."""
    text = " ".join(str(text).split())
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")


def _tel(phone: str) -> str:
    """tel: target of a phone number as written ("044-000-100 ต่อ 101" → "044000100")."""
    first = re.split(r"\s*(?:ต่อ|#|,)", thai.to_arabic_digits(phone), maxsplit=1)[0]
    return re.sub(r"[^0-9+]", "", first)


def footer_values(model: Model) -> dict:
    org = model.organisation
    contacts = org.contacts
    digits = getattr(model.site, "thai_digits", False)
    return {
        "name": org.name,
        "print_name": _css_string(org.name),
        "address": " ".join(org.address.split()),
        # the number as shown follows site.yaml's digits; its tel: target stays Arabic
        "phones": [{"text": thai.to_thai_digits(phone) if digits else phone, "tel": _tel(phone)}
                   for phone in contacts.phone if _tel(phone)],
        "email": contacts.email[0] if contacts.email else "",
        "updated": thai.thai_date(model.generated_on, digits),
        "digits": "thai" if digits else "arabic",  # for numbers the theme's scripts write
    }


def apply_identity(config, model: Model) -> Problems:
    """Sets theme.logo, theme.favicon, the palette and extra.prongsai_identity from the
    model; returns the warnings (a primary colour too light to read)."""
    problems = Problems()
    if model.organisation.logo:
        config["theme"]["logo"] = model.organisation.logo
        config["theme"]["favicon"] = model.organisation.logo
    identity = footer_values(model)
    colour = model.site.primary_color
    if colour and _HEX.match(colour):
        colour = colour.lower()
        site_file = model.data_root / "site.yaml"
        check_colour(colour, problems, load.display_path(model.data_root, site_file),
                     _line_of(site_file, "primary_color"))
        identity["colour_css"] = colour_css(colour)
        config["theme"]["palette"] = [{"scheme": "default", "primary": "custom", "accent": "custom"}]
    extra = config["extra"] if config.get("extra") is not None else {}
    extra["prongsai_identity"] = identity
    config["extra"] = extra
    return problems
