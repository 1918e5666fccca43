"""The compile report: what was read, what became snippets, what was set aside and why, and which
note code does not parse (file and line), so a person can go and fix their notes.

Rendering with rich lives in `render_summary` and imports rich there: the language server builds
reports too and must not pay for rich at start-up.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console


@dataclass(slots=True)
class CompileReport:
    """Counts and findings of one compile, in note order; `to_dict` is the JSON report."""

    notes_found: int = 0
    notes_read: int = 0
    notes_cached: int = 0  # served from the per-note cache
    python_blocks: int = 0  # code blocks that are Python by content
    snippets_per_context: dict[str, int] = field(default_factory=dict)
    set_aside: list[tuple[str, int, str]] = field(default_factory=list)  # (note, line, reason)
    parse_errors: list[tuple[str, int, str]] = field(default_factory=list)  # (note, line, message)
    unreadable: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    note_problems: list[tuple[str, int, str]] = field(default_factory=list)  # (note, line, why): read, not as written
    pitfalls: int = 0  # learned rules that passed their self-check
    pitfall_problems: list[tuple[str, int, str]] = field(default_factory=list)  # (note, line, why not / disabled)
    seconds: float = 0.0

    @property
    def snippets(self) -> int:
        return sum(self.snippets_per_context.values())

    def set_aside_counts(self) -> dict[str, int]:
        """Reasons, most frequent first."""
        counts = Counter(reason for _, _, reason in self.set_aside)
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))

    def to_dict(self) -> dict[str, Any]:
        """The `--report FILE.json` document."""
        return {
            "notes_found": self.notes_found,
            "notes_read": self.notes_read,
            "notes_cached": self.notes_cached,
            "python_blocks": self.python_blocks,
            "snippets": self.snippets,
            "snippets_per_context": dict(sorted(self.snippets_per_context.items())),
            "set_aside_counts": self.set_aside_counts(),
            "set_aside": [{"note": n, "line": line, "reason": r} for n, line, r in self.set_aside],
            "parse_errors": [{"note": n, "line": line, "message": m} for n, line, m in self.parse_errors],
            "unreadable": [{"path": p, "reason": r} for p, r in self.unreadable],
            "note_problems": [{"note": n, "line": line, "reason": r} for n, line, r in self.note_problems],
            "pitfalls": self.pitfalls,
            "pitfall_problems": [{"note": n, "line": line, "reason": r} for n, line, r in self.pitfall_problems],
            "seconds": round(self.seconds, 3),
        }


def render_summary(report: CompileReport, console: Console, *, max_rows: int = 8) -> None:
    """A one-screen summary: totals, snippets per context, set-aside reasons, broken code, bad files."""
    from rich.table import Table

    console.print(
        f"[bold]notesense compile[/]: {report.notes_read} notes read"
        f" ({report.notes_cached} from cache), {report.snippets} snippets"
        f" from {report.python_blocks} Python blocks, {report.pitfalls} learned pitfall rules"
        f" in {report.seconds:.2f}s"
    )
    contexts = Table(title="snippets per context", title_justify="left", show_edge=False, pad_edge=False)
    contexts.add_column("context")
    contexts.add_column("snippets", justify="right")
    ranked = sorted(report.snippets_per_context.items(), key=lambda kv: (-kv[1], kv[0]))
    for context, count in ranked[:max_rows]:
        contexts.add_row(context, str(count))
    if len(ranked) > max_rows:
        contexts.add_row(f"… {len(ranked) - max_rows} more", str(sum(c for _, c in ranked[max_rows:])))
    console.print(contexts)
    reasons = report.set_aside_counts()
    if reasons:
        aside = Table(title="set aside (blocks, and lines inside blocks)", title_justify="left", show_edge=False, pad_edge=False)
        aside.add_column("reason")
        aside.add_column("count", justify="right")
        for reason, count in list(reasons.items())[:max_rows]:
            aside.add_row(reason, str(count))
        console.print(aside)
    _listing(console, "note code that does not parse", [f"{n}:{line}: {m}" for n, line, m in report.parse_errors], max_rows)
    _listing(console, "files not read", [f"{p}: {r}" for p, r in report.unreadable], max_rows)
    _listing(console, "notes not read as written", [f"{n}:{line}: {r}" for n, line, r in report.note_problems], max_rows)
    _listing(console, "pitfalls not learned or disabled", [f"{n}:{line}: {r}" for n, line, r in report.pitfall_problems],
             max_rows)


def _listing(console: Console, title: str, rows: list[str], max_rows: int) -> None:
    if not rows:
        return
    console.print(f"[bold yellow]{title}[/] ({len(rows)})")
    for row in rows[:max_rows]:
        console.print(f"  {row}", markup=False, highlight=False)
    if len(rows) > max_rows:
        console.print(f"  … {len(rows) - max_rows} more (see --report)")
