"""A heading that writes a name after a dot ("# .sort()") names the method, not the library's function
spelt so, which the notebook sets it against; a dotted heading whose name no class has ("### .eye") names
the function. Every note here is written for the test."""

from __future__ import annotations

from pathlib import Path

import pytest
from written import compile_notes, first_entry

NOTE = """
    # Sorting arrays

    ```python
    import numpy as np
    a = np.array([3, 1, 2])
    ```

    ## .sort()

    Sorting in place: the array itself changes.

    ```python
    c = np.sort(a)
    ```

    ```python
    a.sort()
    ```

    ## sort()

    Hands back a sorted copy and leaves the array as it was.

    ```python
    b = np.sort(a)
    ```

    ## .eye

    A square array with ones on its diagonal.

    ```python
    I = np.eye(3)
    ```
    """


@pytest.mark.parametrize(("source", "word", "said"), [
    ("import numpy as np\n\nx = np.array([2, 1])\ny = np.sort(x)\n", "sort(", "sorted copy"),
    ("import numpy as np\n\nx = np.array([2, 1])\nx.sort()\n", "sort(", "the array itself changes"),
    ("import numpy as np\n\nI = np.eye(4)\n", "eye", "ones on its diagonal"),
])
def test_a_dotted_heading_names_the_method(tmp_path: Path, source: str, word: str, said: str) -> None:
    entry = first_entry(compile_notes(tmp_path, {"sorting.md": NOTE}), source, word)
    assert entry is not None and said in entry, entry


ATTRIBUTES = """
    # 数组属性

    ```python
    import numpy as np
    a = np.arange(6).reshape(2, 3)
    print(a.shape)
    ```

    ### 5. 数组的秩 .ndim

    输出数组的秩，也就是轴的个数。
    """


def test_a_member_written_after_the_heading_s_words_is_named(tmp_path: Path) -> None:
    """"数组的秩 .ndim": the member its leading dot marks, after the heading's words, is what the section
    explains."""
    library = compile_notes(tmp_path, {"属性.md": ATTRIBUTES})
    entry = first_entry(library, "import numpy as np\n\nx = np.zeros((2, 3))\nprint(x.ndim)\n", "ndim")
    assert entry is not None and "轴的个数" in entry, entry
