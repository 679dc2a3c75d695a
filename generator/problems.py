"""Problems found in the user's data, collected rather than raised one at a time.

Every problem says which file, which line, which field and what to do, in Thai,
and is printed as `file:line: field: message`.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    field: str
    message: str
    severity: str = ERROR

    def format(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else f"{self.file}"
        tag = "" if self.severity == ERROR else "คำเตือน: "
        return one_line(f"{where}: {self.field or '-'}: {tag}{self.message}")


# Line breaks and other control characters from the user's keys and values would split a
# report line (or forge another one): show them as escapes, e.g. '\n'.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: str) -> str:
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)


@dataclass
class Problems:
    """A growing list of problems; `strict` turns warnings into errors."""

    items: list[Problem] = field(default_factory=list)

    def error(self, file: str | Path, line: int | None, field_path: str, message: str) -> None:
        self.items.append(Problem(str(file), line, field_path, message, ERROR))

    def warning(self, file: str | Path, line: int | None, field_path: str, message: str) -> None:
        self.items.append(Problem(str(file), line, field_path, message, WARNING))

    def extend(self, other: "Problems") -> None:
        self.items.extend(other.items)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity == WARNING]

    def has_errors(self, strict: bool = False) -> bool:
        return bool(self.errors or (strict and self.warnings))

    def sorted(self) -> list[Problem]:
        return sorted(self.items, key=lambda p: (p.file, p.line or 0, p.severity != ERROR))

    def report(self, stream=None) -> None:
        stream = stream or sys.stderr
        for problem in self.sorted():
            print(problem.format(), file=stream)
        if self.items:
            print(
                f"พบข้อผิดพลาด {len(self.errors)} รายการ คำเตือน {len(self.warnings)} รายการ",
                file=stream,
            )


class DataError(Exception):
    """The data has errors; carries the collected problems for the caller to print."""

    def __init__(self, problems: Problems):
        super().__init__(f"{len(problems.errors)} errors")
        self.problems = problems
