"""The conformance report: ``conformance.md`` and ``conformance.html``.

Each transaction of the contract states one rule ("a plain user may not create a ticket
code"), so the report lists them by group and resource, each with its verdict:
conforms, does not conform (expected and real status, what the validator said, the body
diff) or not checked (and why). One line on top gives the verdict with the counts.
"""

from __future__ import annotations

import html
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from harness._summary import body_diff
from harness.results_log import Result

CONFORMS, DOES_NOT, NOT_CHECKED = "conforms", "does not conform", "not checked"
VERDICTS = (DOES_NOT, NOT_CHECKED, CONFORMS)


def verdict_of(result: Result) -> str:
    if result.outcome == "skip":
        return NOT_CHECKED
    return CONFORMS if result.outcome == "pass" else DOES_NOT


@dataclass(frozen=True)
class Subject:
    """What was checked, and how: shown on top of the report."""

    endpoint: str
    seeder: str
    how: str  # what the seeder does, in a few words


def counts(results: list[Result]) -> dict[str, int]:
    return {verdict: sum(verdict_of(r) == verdict for r in results) for verdict in VERDICTS}


def verdict_line(results: list[Result]) -> str:
    count = counts(results)
    word = "DOES NOT CONFORM" if count[DOES_NOT] or not results else "CONFORMS"
    return (
        f"{word}: {count[CONFORMS]} of {len(results)} rules conform, {count[DOES_NOT]} do not,"
        f" {count[NOT_CHECKED]} not checked"
    )


def _by_resource(results: list[Result]) -> dict[str, dict[str, list[Result]]]:
    grouped: dict[str, dict[str, list[Result]]] = defaultdict(lambda: defaultdict(list))
    for result in results:
        group, _, rest = result.name.partition(" > ")
        grouped[group][rest.partition(" > ")[0]].append(result)
    return grouped


def _rule(result: Result) -> str:
    return result.name.rsplit(" > ", 1)[-1]


def _notes(result: Result) -> str:
    return "; ".join(result.not_checked)


def markdown(results: list[Result], subject: Subject) -> str:
    lines = [
        "# Conformance report",
        "",
        f"Server: `{subject.endpoint}`. Seeder: `{subject.seeder}` ({subject.how}).",
        "",
        f"**{verdict_line(results)}**",
        "",
        "| group | conforms | does not conform | not checked |",
        "|---|---|---|---|",
    ]
    grouped = _by_resource(results)
    for group, resources in grouped.items():
        count = counts([r for members in resources.values() for r in members])
        lines.append(f"| {group} | {count[CONFORMS]} | {count[DOES_NOT]} | {count[NOT_CHECKED]} |")
    for group, resources in grouped.items():
        lines += ["", f"## {group}"]
        for resource, members in resources.items():
            lines += ["", f"### {resource}", ""]
            for result in members:
                verdict = verdict_of(result)
                line = (
                    f"- **{verdict}**: {_rule(result)} (`{result.method} {result.uri}`,"
                    f" expected {result.expected_status}"
                )
                line += ")" if verdict == NOT_CHECKED else f", got {result.real_status})"
                if result.not_checked:
                    line += f"; not checked: {_notes(result)}"
                lines.append(line)
                if verdict == DOES_NOT:
                    lines += ["", "  ```", *(f"  {m}" for m in result.message.splitlines())]
                    lines += ["  ```", "", "  ```diff"]
                    lines += [f"  {d}" for d in body_diff(result).splitlines()] + ["  ```", ""]
    return "\n".join(lines) + "\n"


def html_page(results: list[Result], subject: Subject) -> str:
    escape = html.escape
    css = {CONFORMS: "pass", DOES_NOT: "fail", NOT_CHECKED: "skip"}
    parts = [
        "<!doctype html><meta charset='utf-8'><title>Conformance report</title>",
        "<style>body{font-family:sans-serif;margin:2em}.fail{color:#b00}.pass{color:#070}"
        ".skip{color:#a60}pre{background:#f4f4f4;padding:.5em;overflow:auto}"
        "td,th{padding:.2em .8em;text-align:left}</style>",
        "<h1>Conformance report</h1>",
        f"<p>Server: <code>{escape(subject.endpoint)}</code>. Seeder:"
        f" <code>{escape(subject.seeder)}</code> ({escape(subject.how)}).</p>",
        f"<p><strong>{escape(verdict_line(results))}</strong></p>",
    ]
    for group, resources in _by_resource(results).items():
        parts.append(f"<h2>{escape(group)}</h2>")
        for resource, members in resources.items():
            parts.append(
                f"<h3>{escape(resource)}</h3><table><tr><th>verdict</th><th>rule</th>"
                "<th>request</th><th>expected</th><th>real</th><th>not checked</th></tr>"
            )
            for r in members:
                verdict = verdict_of(r)
                real = "" if verdict == NOT_CHECKED else str(r.real_status)
                parts.append(
                    f"<tr class='{css[verdict]}'><td>{verdict}</td><td>{escape(_rule(r))}</td>"
                    f"<td>{escape(r.method)} {escape(r.uri)}</td><td>{r.expected_status}</td>"
                    f"<td>{real}</td><td>{escape(_notes(r))}</td></tr>"
                )
                if verdict == DOES_NOT:
                    parts.append(
                        f"<tr><td></td><td colspan='5'><pre>{escape(r.message)}</pre>"
                        f"<pre>{escape(body_diff(r))}</pre></td></tr>"
                    )
            parts.append("</table>")
    return "\n".join(parts) + "\n"


def write_conformance_reports(
    results: list[Result], directory: Path, subject: Subject
) -> list[Path]:
    markdown_path, html_path = directory / "conformance.md", directory / "conformance.html"
    markdown_path.write_text(markdown(results, subject), encoding="utf-8")
    html_path.write_text(html_page(results, subject), encoding="utf-8")
    return [markdown_path, html_path]
