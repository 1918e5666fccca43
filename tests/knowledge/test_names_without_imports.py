"""Names a note's code binds otherwise than the file would: a typing form imported from
`typing_extensions` where Python is older is typing's own (`TypeIs`); a plain class the note's code defines
(`class Counter:`) is the note's, whatever class of a library shares its name; a compound name called
without its import (`StratifiedKFold(5)`) is the one library's that has it. Every note here is written for
the test."""

from __future__ import annotations

from pathlib import Path

from written import compile_notes, first_entry

POST = """
    # Narrowing with TypeIs

    ```python
    import sys
    if sys.version_info >= (3, 13):
        from typing import TypeIs
    else:
        from typing_extensions import TypeIs

    def is_text(value: object) -> TypeIs[str]:
        return isinstance(value, str)
    ```

    A function annotated this way tells the checker what its argument is in both branches.

    ## Returning the instance

    ```python
    from typing import Self

    class Counter:
        def bump(self) -> Self:
            self.n += 1
            return self
    ```

    `Counter` hands itself back from `bump`, so calls chain.
    """


def test_a_backported_typing_form_is_typing_s_own(tmp_path: Path) -> None:
    library = compile_notes(tmp_path, {"typing.md": POST})
    assert any("typing.TypeIs" in s.symbols for s in library.snippets)
    assert not any(symbol.startswith("typing_extensions") for s in library.snippets for symbol in s.symbols)
    entry = first_entry(library, "from typing import TypeIs\n\ndef is_int(v: object) -> TypeIs[int]: ...\n", "TypeIs")
    assert entry is not None and "in both branches" in entry, entry


def test_a_class_the_post_defines_is_no_library_s(tmp_path: Path) -> None:
    library = compile_notes(tmp_path, {"typing.md": POST})
    assert not any(symbol.endswith(".Counter") for s in library.snippets for symbol in s.symbols)


def test_a_class_built_anew_on_a_library_s_base_keeps_the_api_s_name(tmp_path: Path) -> None:
    """`class LSTM(nn.Module):` writes torch's LSTM anew: prose on `LSTM` still speaks of the API."""
    library = compile_notes(tmp_path, {"lstm.md": """
        # Writing an LSTM by hand

        `LSTM` keeps a cell state beside its hidden state, so gradients survive long sequences.

        ```python
        import torch.nn as nn

        class LSTM(nn.Module):
            def __init__(self, size):
                super().__init__()
                self.gates = nn.Linear(size, 4 * size)
        ```
        """})
    entry = first_entry(library, "import torch.nn as nn\n\nrnn = nn.LSTM(8, 16)\n", "LSTM")
    assert entry is not None and "cell state beside" in entry, entry


def test_a_compound_name_called_without_its_import_is_the_one_library_s(tmp_path: Path) -> None:
    """A post that shows no import calls `StratifiedKFold(5)` and `cross_val_score(...)`: names only
    scikit-learn has, whichever libraries the post imports; a function the post defines itself, even
    so named, is its own."""
    library = compile_notes(tmp_path, {"cv.md": """
        # Tuning

        ```python
        import numpy as np
        ```

        ## Folds

        `StratifiedKFold` keeps each class's share the same in every fold.

        ```python
        cv = StratifiedKFold(5)
        scores = cross_val_score(model, X, y, cv=cv)
        ```

        ## My own splitter

        ```python
        def train_test_split(rows):
            return rows[:10], rows[10:]

        head, tail = train_test_split(list(range(20)))
        ```
        """})
    entry = first_entry(library, "from sklearn.model_selection import StratifiedKFold\n\ncv = StratifiedKFold(n_splits=3)\n",
                        "StratifiedKFold")
    assert entry is not None and "same in every fold" in entry, entry
    assert any("sklearn.model_selection.cross_val_score" in s.symbols for s in library.snippets)
    assert not any("sklearn.model_selection.train_test_split" in s.symbols for s in library.snippets)


def test_a_compound_name_is_words_joined_or_capitalised_an_acronym_counting_as_one() -> None:
    """`SGDClassifier` and `KFold` are compound (an acronym, then a word), `train_test_split` too; an
    acronym alone (`PCA`), a plain word (`Counter`, `scatter`) or a name several APIs share is not."""
    from notesense.analysis import public_api

    assert public_api.sole_named("SGDClassifier") == "sklearn.linear_model.SGDClassifier"
    assert public_api.sole_named("KFold") == "sklearn.model_selection.KFold"
    assert public_api.sole_named("train_test_split") == "sklearn.model_selection.train_test_split"
    assert [public_api.sole_named(name) for name in ("PCA", "Counter", "scatter", "fit_transform")] == [None] * 4


def test_a_method_written_bare_is_the_note_s_library_s_when_the_section_s_has_none(tmp_path: Path) -> None:
    """A post tagged Matplotlib whose code is pandas': `.value_counts()` in its prose is no method of an
    Axes or a Figure, and so a frame's."""
    library = compile_notes(tmp_path, {"eda.md": """
        ---
        tags: [Matplotlib]
        ---

        # Exploring the scores

        ```python
        import pandas as pd
        scores = pd.read_csv("scores.csv")
        ```

        ## Checking the states

        The `.value_counts()` method lists how often each state occurs, the most frequent first.
        """})
    entry = first_entry(library, "import pandas as pd\n\nact = pd.read_csv('act.csv')\nact['State'].value_counts()\n",
                        "value_counts")
    assert entry is not None and "the most frequent first" in entry, entry


def test_hugging_face_names_a_note_never_imports_are_the_library_s(tmp_path: Path) -> None:
    """Notes on Hugging Face often show no import: `AutoTokenizer.from_pretrained(…)` in one block makes
    the tokenizer a later block's `tok.tokenize(…)` is on, and a file that imports it meets that note on
    the method, whichever tokenizer class it loads; a class the note defines under such a name is its own."""
    library = compile_notes(tmp_path, {"tokenizer.md": """
        # Tokenizers

        ```python
        tok = AutoTokenizer.from_pretrained("bert-base-chinese")
        ```

        ## Splitting a sentence

        ```python
        tokens = tok.tokenize("我正在学习自然语言处理")
        ```

        `tokenize` cuts the sentence into the vocabulary's sub-words without adding special tokens.
        """, "mine.md": """
        # My own loader

        ```python
        class AutoConfig:
            def load(self):
                return {}

        settings = AutoConfig().load()
        ```
        """})
    code = "from transformers import BertTokenizerFast\n\ntok = BertTokenizerFast.from_pretrained('bert')\nparts = tok.tokenize('hi')\n"
    entry = first_entry(library, code, "tokenize")
    assert entry is not None and "without adding special tokens" in entry, entry
    assert not any(symbol.startswith("transformers.AutoConfig") for s in library.snippets for symbol in s.symbols)


def test_an_acronym_class_called_in_a_note_that_imports_nothing_is_the_libraries(tmp_path: Path) -> None:
    """A course's notes that show no import: `svm = SVC(kernel="linear")` then `svm.support_` is scikit-learn's
    SVC, whose support vectors the prose explains; a note whose prose names another library ("Keras") keeps
    its acronym (`LSTM(64)`) unread, and so does a class the note defines itself."""
    library = compile_notes(tmp_path, {"Support-vectors.md": """
        # Support vectors

        If an example is not a support vector, removing it has no effect on the model.

        ```python
        svm = SVC(kernel="linear")
        svm.fit(X, y)
        X_small = X[svm.support_]
        ```
        """, "keras.md": """
        # Recurrent layers

        With Keras an LSTM layer keeps a state across the steps of a sequence.

        ```python
        model.add(LSTM(64))
        ```
        """, "mine.md": """
        # My own PCA

        ```python
        class PCA:
            pass

        p = PCA()
        ```
        """})
    user = "from sklearn.svm import SVC\nsvm = SVC(kernel='linear').fit(X, y)\nprint(svm.support_)\n"
    entry = first_entry(library, user, "support_")
    assert entry is not None and "removing it has no effect" in entry, entry
    symbols = {s for record in library.snippets for s in record.symbols}
    assert "torch.nn.LSTM" not in symbols and "sklearn.decomposition.PCA" not in symbols, symbols
