"""What Chinese notes call an API in words: "最大池化" for `nn.MaxPool2d`, "混淆矩阵" for `confusion_matrix`.

A course note often explains a layer or a metric under its Chinese name ("- 最大池化是在每个小窗口里取最大
的那个值…") and only later calls it in code (`nn.MaxPool2d(2)`). The name counts only where the note's own
code uses an API of that last name (`spoken_names`), so "全连接层" is `torch.nn.Linear` in a PyTorch note
and nothing in a note on SQL joins. Data, read where a passage or a heading opens with the name
(`explain.mentions`, `explain.heading_names`).

English prose says a name in its words ("Layer normalization is similar to batch normalization" for
`nn.LayerNorm`, "Cross entropy" for `nn.CrossEntropyLoss`, "the train test split" for
`train_test_split`): the words of a name of two words or more (`english_term`) count as it where each
opens a word of the prose, the kind a class's name ends in ("Loss") may be left out, and the sentence
or heading opens with them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from notesense.library.words import NAME_WORD, TERMS

_LOSS_WORD = "损失"


def spoken_names(symbols: Iterable[str]) -> dict[str, str]:
    """Chinese name or English words -> the one API of `symbols` (what a note's code uses) it names,
    longest names first; a name two of them could have (`最大池化` over both `MaxPool1d` and `MaxPool2d`,
    "batch norm" over `BatchNorm1d` and `BatchNorm2d`) names neither."""
    found: dict[str, set[str]] = {}
    for symbol in dict.fromkeys(symbols):
        last = symbol.rpartition(".")[2]
        for term in (*TERMS.get(last, ()), *filter(None, [english_term(last)])):
            found.setdefault(term, set()).add(symbol)
            if term.endswith(_LOSS_WORD) and len(term) > len(_LOSS_WORD) + 1:
                # the kind left out, as English prose leaves "loss" out: "交叉熵在 pytorch 中已经内置了"
                found.setdefault(term[:-len(_LOSS_WORD)], set()).add(symbol)
    return {term: next(iter(owners)) for term, owners in sorted(found.items(), key=lambda item: -len(item[0]))
            if len(owners) == 1}


def english_term(name: str) -> str | None:
    """The words English prose says a name in (`LayerNorm` "layer norm", `CrossEntropyLoss` "cross
    entropy loss", `train_test_split` "train test split", `KMeans` "k means"), lower-cased; None for a
    name of one word or with a word of one letter after its first (`MaxPool2d` is "max pool": its
    dimension is no word)."""
    words = [w.lower() for w in NAME_WORD.findall(name) if not _DIMENSION.fullmatch(w)]
    if name[:1].islower() and words and words[0] in _PLAIN_VERBS:
        return None  # `setUp`, `is_available`, `get_item`: "Set up the model…" is English
    # a class opening with a capital letter alone says it as a letter ("K-means" for `KMeans`)
    lettered = name[:1].isupper() and len(words[0]) == 1 if words else False
    return " ".join(words) if len(words) >= 2 and all(len(w) >= 2 for w in words[1 if lettered else 0:]) else None


def spoken_at(text: str, at: int, spoken: Iterable[str]) -> str | None:
    """The term of `spoken` that `text` says at offset `at`: a Chinese name as written, English words
    each opening a word of the text, joined by spaces or hyphens, case aside ("Layer normalization" says
    "layer norm"), the kind a class's name ends in left out or not ("Cross-entropy" says "cross entropy loss")."""
    for term in spoken:
        if _is_english(term):
            if _english(term).match(text, at):
                return term
        elif text.startswith(term, at):
            return term
    return None


def spoken_in(text: str, spoken: Iterable[str]) -> list[tuple[int, str]]:
    """Where `text` says each English term of `spoken`, as `spoken_at` reads it: (offset, term)."""
    low = text.lower()
    return [(m.start(), term) for term in spoken if _is_english(term) and term.split(" ", 1)[0] in low
            for m in _english(term).finditer(text)]


def _is_english(term: str) -> bool:
    """An `english_term` (words of ASCII joined by spaces), not a Chinese name."""
    return term.isascii() and " " in term


@cache
def _english(term: str) -> re.Pattern[str]:
    words = term.split(" ")
    kind = len(words) > 2 and words[-1] in _KINDS  # "cross entropy (loss)"
    # a letter is itself alone ("K-means", not "kernel means"); a word may go on ("normalization" says "norm")
    body = r"[\s-]+".join(rf"{re.escape(w)}{'' if len(w) == 1 else '[a-z]*'}" for w in (words[:-1] if kind else words))
    tail = rf"(?:[\s-]+{re.escape(words[-1])}[a-z]*)?" if kind else ""
    return re.compile(rf"(?<![A-Za-z0-9_]){body}{tail}(?![A-Za-z0-9_])", re.IGNORECASE)


_DIMENSION = re.compile(r"\d+d?")
_KINDS = frozenset({"loss", "layer", "classifier", "regressor"})
# words a method's name may open with that English sentences open with as often
_PLAIN_VERBS = frozenset({"set", "get", "is", "has", "to", "add", "do", "make", "run", "put", "pop", "update", "tear"})
