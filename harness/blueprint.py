"""Assemble the contract from its per-group source files.

Dredd prefixes every transaction name with the API's title as soon as it is given more
than one API description, and named MSON data structures are visible only inside the
document that defines them. So the groups are written as separate files in
``blueprint/`` (numbered for order) and joined here into the one document Dredd runs,
``blueprint/build/contract.apib``: transaction names stay ``Group > Resource > Action``
and every group can use the shared data structures.
"""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass
from pathlib import Path

from harness._files import write_atomically
from harness._paths import BLUEPRINT_DIR

SOURCE_DIR = BLUEPRINT_DIR  # where the group files are read from by default


def sources(source_dir: Path = SOURCE_DIR) -> list[Path]:
    """The group files in contract order (their names start with a number)."""
    return sorted(source_dir.glob("[0-9]*.apib"))


def assemble(source_dir: Path = SOURCE_DIR) -> str:
    parts = [path.read_text(encoding="utf-8").strip() + "\n" for path in sources(source_dir)]
    if not parts:
        raise FileNotFoundError(f"no blueprint/NN-*.apib files in {source_dir}")
    return "\n".join(parts)


@dataclass(frozen=True)
class _Part:
    path: Path
    first: int  # the assembled file's line where the part starts
    lines: int  # how many lines of the assembled file it fills
    skipped: int  # blank lines left out at its start (``strip``)


class SourceMap:
    """Lines of the assembled contract back to the source files, as ``assemble`` joins
    them: drafter and Dredd report lines of the build file, the author edits the source."""

    def __init__(self, source_dir: Path = SOURCE_DIR) -> None:
        self.root = source_dir.parent
        self.parts: list[_Part] = []
        first = 1
        for path in sources(source_dir):
            text = path.read_text(encoding="utf-8")
            stripped = text.strip()
            skipped = text[: text.find(stripped)].count("\n") if stripped else 0
            lines = stripped.count("\n") + 1
            self.parts.append(_Part(path, first, lines, skipped))
            first += lines + 1  # and the blank line between two parts

    def location(self, line: int) -> str:
        """``blueprint/NN-name.apib:LINE`` for ``line`` of the assembled contract."""
        part = next((p for p in reversed(self.parts) if p.first <= line), None)
        if part is None:
            return f"{self.root.name}/build/contract.apib:{line}"
        inside = min(line - part.first, part.lines - 1)  # a separator: its part's end
        root = self.root
        shown = part.path.relative_to(root) if part.path.is_relative_to(root) else part.path
        return f"{shown}:{inside + part.skipped + 1}"

    def heading(self, transaction: str) -> str | None:
        """Where the action of ``transaction`` (``Group > Resource > Action``) is written:
        ``blueprint/NN-name.apib:LINE`` of its ``### Action [METHOD]`` heading, looked up
        after its resource's heading; ``None`` if not found."""
        *path, action = transaction.split(" > ")
        resource = path[-1] if path else None
        for part in self.parts:
            in_resource = resource is None
            lines = part.path.read_text(encoding="utf-8").splitlines()
            for number, line in enumerate(lines, start=1):
                title = re.match(r"^(#+)\s*(.*?)\s*(?:\[[^\]]*\])?\s*$", line)
                if title is None:
                    continue
                level, name = len(title.group(1)), title.group(2)
                if resource is not None and level <= 2:
                    in_resource = name == resource
                elif in_resource and name == action:
                    shown = part.path.relative_to(self.root)
                    return f"{shown}:{number}"
        return None


def expected_transaction_count(contract_text: str) -> int:
    """How many transactions the document declares: one per ``+ Response``.

    The project writes one response per request (Dredd tests only the first and drops
    the others silently), so this is what Dredd must run; fewer means it dropped some.
    """
    return sum(1 for line in contract_text.splitlines() if line.startswith("+ Response "))


def build(source_dir: Path = SOURCE_DIR, output: Path | None = None) -> Path:
    """Write the assembled contract (only when it changed) and return its path."""
    output = output or source_dir / "build" / "contract.apib"
    text = assemble(source_dir)
    if not output.exists() or output.read_text(encoding="utf-8") != text:
        write_atomically(output, text)
    return output


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=SOURCE_DIR)
    args = parser.parse_args()
    print(build(args.source))


if __name__ == "__main__":
    main()
