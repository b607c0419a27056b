"""Replays docs/adding-an-endpoint.md step by step on a copy of the repository.

Blocks with ``file=`` are applied to that file (``mode=append``, or ``replace=`` the last
line starting with the given text); ``sh`` blocks are run line by line and must succeed,
or fail where the block says ``expect=fail``.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from repo_copy import PROJECT_ROOT, copy_repository, harness

pytestmark = pytest.mark.e2e

GUIDE = PROJECT_ROOT / "docs" / "adding-an-endpoint.md"
BLOCK = re.compile(r"^```(\w+)([^\n]*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def steps(text: str) -> list[tuple[str, dict[str, str], str]]:
    found = []
    for language, info, body in BLOCK.findall(text):
        options = dict(word.split("=", 1) for word in shlex.split(info) if "=" in word)
        found.append((language, options, body))
    return found


def apply(copy: Path, options: dict[str, str], body: str) -> None:
    path = copy / options["file"]
    text = path.read_text(encoding="utf-8")
    if options.get("mode") == "append":
        text = text.rstrip("\n") + "\n\n\n" + body
    else:
        lines = text.split("\n")
        index = max(i for i, line in enumerate(lines) if line.startswith(options["replace"]))
        lines[index : index + 1] = body.rstrip("\n").split("\n")
        text = "\n".join(lines)
    path.write_text(text, encoding="utf-8")


def test_the_guide_works_step_by_step(tmp_path: Path) -> None:
    copy = copy_repository(tmp_path)
    guide_steps = steps(GUIDE.read_text(encoding="utf-8"))
    assert len(guide_steps) >= 7, "the guide lost its steps"
    transcript = []
    for language, options, body in guide_steps:
        if "file" in options:
            apply(copy, options, body)
            continue
        if language != "sh":
            continue
        for command in filter(None, body.splitlines()):
            words = shlex.split(command)
            assert words[0] == "harness", f"the guide runs only harness commands: {command}"
            result = harness(copy, *words[1:])
            transcript.append(f"$ {command}\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
            failed = result.returncode != 0
            assert failed == (options.get("expect") == "fail"), "\n".join(transcript)
    last = transcript[-1]
    assert "contract: FAILED" not in last and " 0 failed" in last, last
