"""A heading that writes a name after a dot ("# .sort()") names the method, not the library's function
spelt so, which the notebook sets it against; a dotted heading whose name no class has ("### .eye") names
the function. Every note here is written for the test."""

from __future__ import annotations

from pathlib import Path

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


def test_a_dotted_heading_names_the_method(tmp_path: Path) -> None:
    library = compile_notes(tmp_path, {"sorting.md": NOTE})
    entry = first_entry(library, "import numpy as np\n\nx = np.array([2, 1])\ny = np.sort(x)\n", "sort(")
    assert entry is not None and "sorted copy" in entry, entry
    entry = first_entry(library, "import numpy as np\n\nx = np.array([2, 1])\nx.sort()\n", "sort(")
    assert entry is not None and "the array itself changes" in entry, entry
    entry = first_entry(library, "import numpy as np\n\nI = np.eye(4)\n", "eye")
    assert entry is not None and "ones on its diagonal" in entry, entry
