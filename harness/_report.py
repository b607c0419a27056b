"""Reading Dredd's xunit report back: what ran, what passed, what failed."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class TestCase:
    name: str
    seconds: float
    outcome: str  # "passed", "failed", "error" or "skipped"
    message: str = ""


@dataclass(frozen=True)
class ContractReport:
    cases: list[TestCase] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, outcome: str) -> int:
        return sum(1 for case in self.cases if case.outcome == outcome)

    @property
    def total(self) -> int:
        return len(self.cases)


# Dredd's xunit reporter copies ANSI colour codes into failure messages; control
# characters are not allowed in XML 1.0, so they are dropped before parsing.
NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def read_xunit(path: Path) -> ContractReport:
    root = ET.fromstring(NOT_XML.sub("", path.read_text(encoding="utf-8", errors="replace")))
    cases = []
    for element in root.iter("testcase"):
        outcome, message = "passed", ""
        for child, name in (("failure", "failed"), ("error", "error"), ("skipped", "skipped")):
            found = element.find(child)
            if found is not None:
                outcome, message = name, (found.text or found.get("message") or "").strip()
                break
        cases.append(
            TestCase(element.get("name", ""), float(element.get("time", 0) or 0), outcome, message)
        )
    return ContractReport(cases, float(root.get("time", 0) or 0))
