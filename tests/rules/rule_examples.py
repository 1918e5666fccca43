"""Fixtures for the rule tests: every rule's examples, as pytest parameters."""

from __future__ import annotations

import pytest

from notesense.rules.engine import ALL_RULES


def bad_examples():
    return [
        pytest.param(rule, i, bad, id=f"{rule.code}-bad{i}")
        for rule in ALL_RULES
        for i, bad in enumerate(rule.BAD)
    ]


def good_examples():
    return [
        pytest.param(rule, source, id=f"{rule.code}-good{i}")
        for rule in ALL_RULES
        for i, source in enumerate(rule.GOOD)
    ]
