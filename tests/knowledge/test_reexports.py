"""A module a note reaches through another that hands it on: `from pylab import mpl` is matplotlib,
as `import matplotlib as mpl` in the user's file is. Every note here is written for the test."""

from __future__ import annotations

from pathlib import Path

from notesense.analysis import api
from written import compile_notes, first_entry


def test_pylab_hands_on_matplotlib_and_pyplot() -> None:
    assert api.public_name("pylab.mpl.rcParams") == "matplotlib.rcParams"
    assert api.public_name("matplotlib.pylab.plt.subplots") == "matplotlib.pyplot.subplots"


def test_a_font_set_through_pylab_answers_the_rcparams_hover(tmp_path: Path) -> None:
    library = compile_notes(tmp_path, {"中文显示问题.md": """
        # 中文显示问题

        ## 动态设置参数

        在脚本中动态设置参数，这样就避免了更改配置文件的麻烦：

        ```python
        from pylab import mpl

        mpl.rcParams['font.sans-serif'] = ['FangSong']  # 指定默认字体
        mpl.rcParams['axes.unicode_minus'] = False
        ```
        """})
    entry = first_entry(library, "import matplotlib as mpl\n\nmpl.rcParams['font.size'] = 12\n", "rcParams")
    assert entry is not None and "避免了更改配置文件的麻烦" in entry, entry
