"""Blog notes use values they never define (`ax`, `model`) and say what a line does in a comment above
it; a Keras model's methods are one API whichever way the model was made. Every note here is written
for the test."""

from __future__ import annotations

from pathlib import Path

from notesense.analysis import api
from notesense.notes.classify import commented_lines
from written import compile_notes, first_entry

PLOTS = """
    ---
    title: matplotlib 画图笔记
    categories: matplotlib
    ---
    ## Axes 的常用方法
    ```python
    ax.set_xlim(0, 10)                          # 横轴范围
    ax.set_xticks([1, 2, 3])                    # 只在这几个位置画刻度
    ax.set_xticklabels(['一', '二', '三'])      # 和 set_xticks 配合，把刻度换成文字
    ```
    """

TRAINING = """
    ---
    title: 模型的两种模式
    categories: pytorch
    ---
    ## 切换模式
    ```python
    # 训练模式：Dropout 随机丢弃，BatchNorm 更新统计量
    model.train()

    # 推理模式：关掉 Dropout，BatchNorm 用记下的均值方差
    model.eval()
    ```

    ## 用别人训练好的模型
    ```python
    import torch
    model = torch.hub.load('pytorch/vision', 'resnet18')
    model.eval()
    ```
    """

KERAS = """
    ---
    title: keras 训练
    ---
    ## fit 的参数
    ```python
    from tensorflow import keras
    model = keras.Sequential([keras.layers.Dense(10, activation='softmax')])
    model.compile(optimizer='adam', loss='sparse_categorical_crossentropy')
    ```
    fit 时给 `validation_split=0.1` 就会从训练数据里自动留出一成做验证集，不用自己切分。
    ```python
    history = model.fit(x_train, y_train, epochs=5, validation_split=0.1)
    ```
    """


def test_an_undefined_ax_in_a_matplotlib_note_is_an_axes(tmp_path: Path) -> None:
    library = compile_notes(tmp_path, {"plots.md": PLOTS})
    user = ("import matplotlib.pyplot as plt\n\nfig, ax = plt.subplots()\nax.bar(range(3), [5, 7, 2])\n"
            "ax.set_xticks(range(3))\nax.set_xticklabels(['a', 'b', 'c'])\n")
    entry = first_entry(library, user, "set_xticklabels")
    assert entry is not None and "把刻度换成文字" in entry and "plots.md:9" in entry


def test_a_comment_line_above_a_statement_says_what_it_does() -> None:
    found = commented_lines("# 训练模式\nmodel.train()\n\n# 推理模式\nmodel.eval()\n# 一个旁白\n\nx = 1\n")
    assert [(index, code, comment) for index, code, comment, _ in found] == [
        (1, "model.train()", "训练模式"), (4, "model.eval()", "推理模式")]
    # inside a function a comment narrates a step, and so does one over several statements
    assert commented_lines("def f(model):\n    # 训练模式\n    model.train()\n    # 推理模式\n    model.eval()\n") == []
    steps = "# 1. 先建一个循环单元\ncell = nn.RNNCell(3, 4)\nstate = torch.zeros(1, 4)\n\n# 2. 推理模式\nmodel.eval()\n# 3. 训练模式\nmodel.train()\n"
    assert [index for index, *_ in commented_lines(steps)] == [5, 7]


def test_the_section_whose_comments_explain_an_api_comes_before_a_block_that_only_calls_it(tmp_path: Path) -> None:
    library = compile_notes(tmp_path, {"modes.md": TRAINING})
    user = "import torch\nfrom torch import nn\n\nnet = nn.Sequential(nn.Linear(4, 2), nn.Dropout(0.2))\nnet.eval()\n"
    entry = first_entry(library, user, "eval")
    assert entry is not None and "关掉 Dropout" in entry and "modes.md:11" in entry


def test_a_keras_models_methods_are_models_whichever_way_it_was_made(tmp_path: Path) -> None:
    assert api.public_name("keras.models.Sequential.fit") == "keras.Model.fit"
    assert api.public_name("tensorflow.keras.models.Model.evaluate") == "keras.Model.evaluate"
    assert api.public_name("keras.Sequential.add") == "keras.Sequential.add"  # Sequential's own
    library = compile_notes(tmp_path, {"keras.md": KERAS})
    user = ("from tensorflow import keras\n\nmodel = keras.models.load_model('clf.keras')\n"
            "model.fit(x, y, epochs=3, validation_split=0.2)\n")
    entry = first_entry(library, user, "fit")
    assert entry is not None and "自动留出一成做验证集" in entry
