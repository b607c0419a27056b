"""The human reports of a run: ``contract.md`` and ``contract.html``.

Grouped by resource group and then by outcome; every failure shows the expected and
real status, what the validator said (by JSON pointer), and a diff of the expected example
against the real body.
"""

from __future__ import annotations

import difflib
import html
import json
from collections import defaultdict
from pathlib import Path

from harness._causes import validator_lines
from harness.results_log import Result

OUTCOMES = ("fail", "skip", "pass")


def _pretty(body: str) -> list[str]:
    try:
        return json.dumps(json.loads(body), indent=2, sort_keys=True).splitlines()
    except ValueError:
        return body.splitlines()


def body_diff(result: Result) -> str:
    diff = difflib.unified_diff(
        _pretty(result.expected_body),
        _pretty(result.real_body),
        "expected (example)",
        "real",
        lineterm="",
    )
    return "\n".join(diff)


def _by_group(results: list[Result]) -> dict[str, dict[str, list[Result]]]:
    grouped: dict[str, dict[str, list[Result]]] = defaultdict(lambda: defaultdict(list))
    for result in results:
        grouped[result.group][result.outcome].append(result)
    return grouped


def verdict(results: list[Result]) -> str:
    counts = {outcome: sum(r.outcome == outcome for r in results) for outcome in OUTCOMES}
    word = "PASSED" if not counts["fail"] and not counts["skip"] else "FAILED"
    return (
        f"{word}: {counts['pass']} passed, {counts['fail']} failed, {counts['skip']} skipped"
        f" of {len(results)} transactions"
    )


def markdown(results: list[Result], title: str = "Contract run") -> str:
    lines = [f"# {title}", "", f"**{verdict(results)}**", ""]
    lines += ["| group | passed | failed | skipped |", "|---|---|---|---|"]
    grouped = _by_group(results)
    for group, outcomes in grouped.items():
        counts = [len(outcomes.get(outcome, [])) for outcome in ("pass", "fail", "skip")]
        lines.append(f"| {group} | {counts[0]} | {counts[1]} | {counts[2]} |")
    for group, outcomes in grouped.items():
        lines += ["", f"## {group}"]
        for outcome in OUTCOMES:
            for result in outcomes.get(outcome, []):
                lines.append(
                    f"- **{outcome}** {result.name} (`{result.method} {result.uri}`,"
                    f" expected {result.expected_status}, got {result.real_status})"
                )
                if outcome == "fail":
                    lines += ["", "  ```", *(f"  {m}" for m in validator_lines(result))]
                    lines += ["  ```", "", "  ```diff"]
                    lines += [f"  {d}" for d in body_diff(result).splitlines()] + ["  ```", ""]
    return "\n".join(lines) + "\n"


def html_page(results: list[Result], title: str = "Contract run") -> str:
    escape = html.escape
    parts = [
        "<!doctype html><meta charset='utf-8'>",
        f"<title>{escape(title)}</title>",
        "<style>body{font-family:sans-serif;margin:2em}.fail{color:#b00}.pass{color:#070}"
        ".skip{color:#a60}pre{background:#f4f4f4;padding:.5em;overflow:auto}"
        "td,th{padding:.2em .8em;text-align:left}</style>",
        f"<h1>{escape(title)}</h1><p><strong>{escape(verdict(results))}</strong></p>",
    ]
    for group, outcomes in _by_group(results).items():
        parts.append(
            f"<h2>{escape(group)}</h2><table><tr><th>outcome</th><th>transaction</th>"
            "<th>request</th><th>expected</th><th>real</th></tr>"
        )
        for outcome in OUTCOMES:
            for r in outcomes.get(outcome, []):
                parts.append(
                    f"<tr class='{outcome}'><td>{outcome}</td><td>{escape(r.name)}</td>"
                    f"<td>{escape(r.method)} {escape(r.uri)}</td><td>{r.expected_status}</td>"
                    f"<td>{r.real_status}</td></tr>"
                )
                if outcome == "fail":
                    said = escape("\n".join(validator_lines(r)))
                    parts.append(
                        f"<tr><td></td><td colspan='4'><pre>{said}</pre>"
                        f"<pre>{escape(body_diff(r))}</pre></td></tr>"
                    )
        parts.append("</table>")
    return "\n".join(parts) + "\n"


def write_reports(results: list[Result], directory: Path, stem: str = "contract") -> list[Path]:
    markdown_path, html_path = directory / f"{stem}.md", directory / f"{stem}.html"
    markdown_path.write_text(markdown(results), encoding="utf-8")
    html_path.write_text(html_page(results), encoding="utf-8")
    return [markdown_path, html_path]
