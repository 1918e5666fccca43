"""A post on Python's typing: a form imported from `typing_extensions` where Python is older is typing's
own (`TypeIs`), and a plain class the post's code defines (`class Counter:`) is the post's, whatever class
of a library shares its name. Every note here is written for the test."""

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
