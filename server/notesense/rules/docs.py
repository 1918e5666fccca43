"""Rule documentation, generated from the rules themselves (`notesense rule NS101`, `docs/rules.md`)."""

from __future__ import annotations

import inspect
from collections.abc import Sequence

from notesense.library.model import Pitfall
from notesense.rules.base import Rule

_SECTIONS = ("What it does", "Why is this bad?", "Example", "Use instead")
_CODE_SECTIONS = ("Example", "Use instead")
_FIX_WORDS = {
    "safe": "safe fix",
    "unsafe": "unsafe fix (review it: it may change behaviour)",
    "mixed": "safe fix where the intent is clear, unsafe otherwise",
    "none": "no automatic fix",
}


def rule_sections(rule: type[Rule]) -> tuple[str, dict[str, str]]:
    """The docstring's summary line and its ruff-style sections."""
    doc = inspect.cleandoc(rule.__doc__ or "")
    summary, _, rest = doc.partition("\n")
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in rest.splitlines():
        header = line.strip().rstrip(":")
        if not line.startswith(" ") and (header in _SECTIONS or header + "?" in _SECTIONS):
            current = sections.setdefault(header if header in _SECTIONS else header + "?", [])
        elif current is not None:
            current.append(line)
    return summary.strip(), {k: inspect.cleandoc("\n".join(v)) for k, v in sections.items()}


def render_rule_markdown(rule: type[Rule]) -> str:
    summary, sections = rule_sections(rule)
    out = [
        f"## {rule.code} {rule.name}",
        "",
        summary,
        "",
        f"- Message: {rule.message}",
        f"- 提示: {rule.hint}",
        f"- Runs in files that import `{rule.context}`; severity: {rule.severity}; {_FIX_WORDS[rule.fix_safety]}",
        f"- Explained in `notes/{rule.note}` (or in your own note about it, when you have one)",
    ]
    for name in _SECTIONS:
        body = sections.get(name)
        if not body:
            continue
        out += ["", f"### {name}", ""]
        out += ["```python", body, "```"] if name in _CODE_SECTIONS else [body]
    return "\n".join(out) + "\n"


def render_all() -> str:
    """The whole `docs/rules.md`."""
    from notesense.rules.engine import ALL_RULES

    lines = [
        "# Rules",
        "",
        "Generated from `server/notesense/rules/` by `notesense.rules.docs.render_all()`; "
        "`notesense rule CODE` prints one of them.",
        "",
        "| Code | Name | Context | Severity | Fix |",
        "| --- | --- | --- | --- | --- |",
    ]
    lines += [f"| {r.code} | {r.name} | {r.context} | {r.severity} | {r.fix_safety} |" for r in ALL_RULES]
    return "\n".join(lines) + "\n\n" + "\n".join(render_rule_markdown(r) for r in ALL_RULES)


def render_learned(pitfalls: Sequence[Pitfall], not_learned: Sequence[tuple[str, int, str]] = ()) -> str:
    """`notesense rule --learned`: each learned rule's pattern, fix, note and self-check, then the
    pitfalls the notes describe that taught no rule (note:line and why)."""
    out: list[str] = []
    for p in pitfalls:
        rule = p.rule
        state = "enabled" if p.enabled else f"DISABLED: {p.check}"
        fix = "no fix (a hint linking the note)" if rule.fix is None else f"{'safe' if p.safe else 'unsafe'} fix"
        out += [f"{p.id}  {p.title}  [{p.context}, {p.severity}, {fix}; self-check {state}]",
                f"  note: {p.source.note}:{p.source.line}"]
        if p.message:
            out.append(f"  message: {p.message}")
        if p.hint:
            out.append(f"  hint: {p.hint}")
        out.append("  pattern:")
        out += [f"    {line}" for line in rule.pattern.splitlines()]
        if rule.where:
            out.append("  where: " + ", ".join(f"${name} is a {kind}" for name, kind in rule.where))
        if rule.not_inside:
            out.append("  not inside: " + "; ".join(rule.not_inside))
        if rule.fix is not None:
            out.append("  fix:")
            out += [f"    {line}" for line in rule.fix.splitlines()]
        out.append("")
    if not pitfalls:
        out += ["no learned rules", ""]
    if not_learned:
        out.append("pitfalls that taught no rule:")
        out += [f"  {note}:{line}: {reason}" for note, line, reason in not_learned]
        out.append("")
    return "\n".join(out)
