"""The conformance report: ``conformance.md``, ``conformance.html``, and the causes in
``conformance.xml``.

Each transaction of the contract states one rule ("a plain user may not create a ticket
code"), so the report lists them by group and resource, each with its verdict:
conforms, does not conform (expected and real status, what the validator said, the body
diff) or not checked (and why). One line on top gives the verdict with the counts and
the number of causes; below it the failing rules grouped by cause (``harness._causes``),
most rules first, and the rules that could not be seeded grouped by the refused request,
shown once per cause. A rule that could not be seeded is not checked: it never reached
the server, so it neither conforms nor fails to.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ElementTree
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from harness._causes import Cause, SeedingCause, by_rule, seeding_causes, validator_lines
from harness._causes import group as group_by_cause
from harness._report import NOT_XML
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


def unseeded(results: list[Result]) -> int:
    return sum(r.could_not_seed is not None for r in results)


def verdict_line(results: list[Result]) -> str:
    """``DOES NOT CONFORM`` when a rule fails; ``NOT CHECKED`` when none does but some
    could not be seeded (nothing is known of them); ``CONFORMS`` otherwise."""
    count, could_not = counts(results), unseeded(results)
    if count[DOES_NOT] or not results:
        word = "DOES NOT CONFORM"
    else:
        word = "NOT CHECKED" if could_not else "CONFORMS"
    causes = len(group_by_cause(results))
    line = f"{word}: {count[CONFORMS]} of {len(results)} rules conform, {count[DOES_NOT]} do not"
    if causes:
        line += f" ({causes} cause{'s' if causes != 1 else ''})"
    line += f", {count[NOT_CHECKED]} not checked"
    if could_not:
        line += f" ({could_not} could not be seeded)"
    return line


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


def _causes_markdown(causes: list[Cause]) -> list[str]:
    if not causes:
        return []
    lines = ["", "## Failing rules by cause", "", "| rules | cause |", "|---|---|"]
    lines += [f"| {len(c.rules)} | {c.what} |" for c in causes]
    for number, cause in enumerate(causes, 1):
        example = cause.example
        lines += ["", f"### Cause {number}: {cause.what} ({len(cause.rules)} rules)", ""]
        lines += [f"Example: {example.name} (`{example.method} {example.uri}`)", "", "```"]
        lines += [*validator_lines(example), "```", "", "```diff"]
        lines += [
            *body_diff(example).splitlines(),
            "```",
            "",
            "<details><summary>rules</summary>",
            "",
        ]
        lines += [f"- {r.name}" for r in cause.rules] + ["", "</details>"]
    return lines


def _seeding_markdown(causes: list[SeedingCause]) -> list[str]:
    if not causes:
        return []
    lines = [
        "",
        "## Rules that could not be seeded",
        "",
        "The server refused to create a row these rules need: they were not checked.",
    ]
    for cause in causes:
        refused = cause.refusal
        lines += ["", f"### {cause.what} ({len(cause.rules)} rules)", ""]
        lines += ["Sent:", "", "```", str(refused["sent"]) or "(no body)", "```", ""]
        lines += ["Answered:", "", "```", str(refused["answer"]) or "(no body)", "```", ""]
        lines += ["<details><summary>rules</summary>", ""]
        lines += [f"- {r.name}" for r in cause.rules] + ["", "</details>"]
    return lines


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
    causes = group_by_cause(results)
    lines += _causes_markdown(causes) + _seeding_markdown(seeding_causes(results))
    cause_numbers = {c.what: n for n, c in enumerate(causes, 1)}
    rule_causes = by_rule(causes)
    for group_name, resources in grouped.items():
        lines += ["", f"## {group_name}"]
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
                if result.name in rule_causes:
                    numbers = ", ".join(str(cause_numbers[w]) for w in rule_causes[result.name])
                    line += f"; cause {numbers}"
                lines.append(line)
                if verdict == DOES_NOT:
                    lines += ["", "  ```", *(f"  {m}" for m in validator_lines(result))]
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
    causes = group_by_cause(results)
    if causes:
        parts.append("<h2>Failing rules by cause</h2>")
        for number, cause in enumerate(causes, 1):
            example = cause.example
            parts.append(
                f"<details><summary>Cause {number}: {escape(cause.what)}"
                f" ({len(cause.rules)} rules)</summary>"
                f"<p>Example: {escape(example.name)}</p>"
                f"<pre>{escape(chr(10).join(validator_lines(example)))}</pre>"
                f"<pre>{escape(body_diff(example))}</pre><ul>"
                + "".join(f"<li>{escape(r.name)}</li>" for r in cause.rules)
                + "</ul></details>"
            )
    unseeded_causes = seeding_causes(results)
    if unseeded_causes:
        parts.append(
            "<h2>Rules that could not be seeded</h2><p>The server refused to create a row"
            " these rules need: they were not checked.</p>"
        )
        for seeding in unseeded_causes:
            parts.append(
                f"<details><summary>{escape(seeding.what)} ({len(seeding.rules)} rules)"
                f"</summary><p>Sent:</p><pre>{escape(str(seeding.refusal['sent']))}</pre>"
                f"<p>Answered:</p><pre>{escape(str(seeding.refusal['answer']))}</pre><ul>"
                + "".join(f"<li>{escape(r.name)}</li>" for r in seeding.rules)
                + "</ul></details>"
            )
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
                        f"<tr><td></td><td colspan='5'><pre>"
                        f"{escape(chr(10).join(validator_lines(r)))}</pre>"
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
    _causes_into_xunit(directory / "conformance.xml", results)
    return [markdown_path, html_path]


def _causes_into_xunit(path: Path, results: list[Result]) -> None:
    """Dredd's xunit file, with each failing test's causes as properties (CI systems show
    them beside the test) and the number of causes on the suite."""
    if not path.exists():
        return
    text = NOT_XML.sub("", path.read_text(encoding="utf-8", errors="replace"))
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError:
        return  # Dredd was stopped mid-write: the run says so, the file stays as it is
    tree = ElementTree.ElementTree(root)
    causes = group_by_cause(results)
    rule_causes = by_rule(causes)
    suite = root if root.tag == "testsuite" else root.find("testsuite")
    if suite is None:
        return
    properties = suite.find("properties")
    if properties is None:
        properties = ElementTree.Element("properties")
        suite.insert(0, properties)
    ElementTree.SubElement(properties, "property", name="causes", value=str(len(causes)))
    for case in suite.iter("testcase"):
        found = rule_causes.get(case.get("name", ""), [])
        if found:
            case_properties = ElementTree.Element("properties")
            for what in found:
                ElementTree.SubElement(case_properties, "property", name="cause", value=what)
            case.insert(0, case_properties)
    tree.write(path, encoding="utf-8", xml_declaration=True)
