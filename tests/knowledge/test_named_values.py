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


def test_a_browser_named_driver_above_the_code_that_makes_it_is_selenium_s(tmp_path: Path) -> None:
    """A note on Selenium lists what `driver` can do before the block that makes the driver: the
    section names no library, the note's code does, and a `driver` of a note on Selenium is its browser."""
    library = compile_notes(tmp_path, {"selenium.md": """
        ## 使用
        - 设置浏览器窗口大小
            - 将浏览器设置一个指定大小
                - `driver.set_window_size(100, 50)`

        ## 防止被检测

        ```python
        from selenium import webdriver
        options = webdriver.ChromeOptions()
        options.add_argument("--headless")
        browser = webdriver.Chrome(options=options)
        browser.get("https://www.baidu.com")
        ```
        """})
    user = "from selenium import webdriver\n\nd = webdriver.Firefox()\nd.set_window_size(1366, 768)\n"
    entry = first_entry(library, user, "set_window_size")
    assert entry is not None and "将浏览器设置一个指定大小" in entry, entry


def test_a_tokenizer_and_a_model_a_note_on_transformers_never_binds_are_its_own(tmp_path: Path) -> None:
    """`tokenizer.batch_decode(...)` and `model.generate(...)` written in prose of a note on Hugging Face
    are a tokenizer's and a model's, whichever class the user's file loads them with."""
    library = compile_notes(tmp_path, {"generate.md": """
        ## 生成

        ```python
        from transformers import AutoModelForCausalLM, AutoTokenizer
        ```

        `model.generate(**inputs, max_new_tokens=20)` 逐个生成新的 token，直到遇到结束符或达到长度上限。

        `tokenizer.batch_decode(outputs, skip_special_tokens=True)` 把一批 id 还原成文本。
        """})
    user = ("from transformers import AutoModelForSeq2SeqLM, AutoTokenizer\n\ntok = AutoTokenizer.from_pretrained('t5-small')\n"
            "m = AutoModelForSeq2SeqLM.from_pretrained('t5-small')\nout = m.generate(**tok('hi', return_tensors='pt'))\n"
            "text = tok.batch_decode(out)\n")
    entry = first_entry(library, user, "batch_decode")
    assert entry is not None and "把一批 id 还原成文本" in entry, entry
    entry = first_entry(library, user.rsplit("text =", 1)[0], "generate")
    assert entry is not None and "直到遇到结束符" in entry, entry
