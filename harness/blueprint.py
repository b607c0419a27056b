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
from pathlib import Path

from harness._files import write_atomically
from harness._paths import BLUEPRINT_DIR as SOURCE_DIR


def sources(source_dir: Path = SOURCE_DIR) -> list[Path]:
    """The group files in contract order (their names start with a number)."""
    return sorted(source_dir.glob("[0-9]*.apib"))


def assemble(source_dir: Path = SOURCE_DIR) -> str:
    parts = [path.read_text(encoding="utf-8").strip() + "\n" for path in sources(source_dir)]
    if not parts:
        raise FileNotFoundError(f"no blueprint/NN-*.apib files in {source_dir}")
    return "\n".join(parts)


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
