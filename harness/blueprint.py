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

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIR = PROJECT_ROOT / "blueprint"
CONTRACT = SOURCE_DIR / "build" / "contract.apib"


def sources(source_dir: Path = SOURCE_DIR) -> list[Path]:
    """The group files in contract order (their names start with a number)."""
    return sorted(source_dir.glob("[0-9]*.apib"))


def assemble(source_dir: Path = SOURCE_DIR) -> str:
    parts = [path.read_text(encoding="utf-8").strip() + "\n" for path in sources(source_dir)]
    if not parts:
        raise FileNotFoundError(f"no blueprint/NN-*.apib files in {source_dir}")
    return "\n".join(parts)


def build(source_dir: Path = SOURCE_DIR, output: Path | None = None) -> Path:
    """Write the assembled contract (only when it changed) and return its path."""
    output = output or source_dir / "build" / "contract.apib"
    text = assemble(source_dir)
    if not output.exists() or output.read_text(encoding="utf-8") != text:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    return output


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=SOURCE_DIR)
    args = parser.parse_args()
    print(build(args.source))


if __name__ == "__main__":
    main()
