"""A record's language (`words.language`): every compiled record asks it of its title and doc, so it
counts letters without a regex scan where it can, and answers as the letter-run definition does."""

from __future__ import annotations

import random
import re

import pytest

from notesense.library import words

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af]")
_LATIN = re.compile(r"[A-Za-z]")


def _by_definition(text: str) -> str:
    cjk, latin = len(_CJK.findall(text)), len(_LATIN.findall(text))
    if cjk + latin == 0:
        return "en"
    share = 3 * cjk / (3 * cjk + latin)
    return "zh" if share >= 0.6 else "en" if share <= 0.15 else "mixed"


def test_language_answers_as_the_letter_share_defines_it() -> None:
    rng = random.Random(9)
    alphabet = "aZq _.\n1，。：（）空值处理返回张量ひらカナ한글ﬁÉéß€\u3400\u9fff\uf900\u4dc0"
    texts = ["", "df.fillna(0)", "返回一个新的张量", "Returns a new tensor. 返回", "ÉÉÉ", "，。"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60))) for _ in range(3000)]
    for text in texts:
        assert words.language(text) == _by_definition(text), text
    assert {words.language(t) for t in texts} == {"en", "zh", "mixed"}


class _Counted:
    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern, self.scans = pattern, 0

    def findall(self, text: str) -> list[str]:
        self.scans += 1
        return self.pattern.findall(text)


def test_language_scans_a_text_once_and_an_ascii_text_never(monkeypatch: pytest.MonkeyPatch) -> None:
    counted = _Counted(words._CJK_LETTERS)
    monkeypatch.setattr(words, "_CJK_LETTERS", counted)
    assert words.language("Splits the input along a dimension.") == "en"
    assert counted.scans == 0
    assert words.language("函数会将输入张量沿着指定维度均匀分割 chunk") == "zh"
    assert counted.scans == 1
