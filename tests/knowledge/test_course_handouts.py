"""Course handouts typed in Typora: headings numbered against the name ("1.Tensor.register_hook"), a
note's sections numbered under no title ("0 SummaryWriter"), a label ending a paragraph of formulas
("nn.CrossEntropyLoss:") and screenshots between a note's title and its first example. Each hid the
section that explains an API behind one that only lists it, shows it or pictures it."""

from __future__ import annotations

from pathlib import Path

from notesense.notes.markdown import parse_sections
from written import compile_notes, first_entry

TORCH = "import torch\nimport torch.nn as nn\n\n"
SHOT = '<img src="hooks.assets/image-20210104192909444.png" alt="image-20210104192909444" style="zoom:50%;" />'


def test_a_heading_numbered_against_the_name_names_it(tmp_path: Path) -> None:
    """`#### **1.Tensor.register_hook**`: the number's dot is none of the name's. The section under it
    explains the method, and answers before the note's opening list that only names it."""
    library = compile_notes(tmp_path, {"hooks.md": f"""
        第三周：钩子函数

        钩子：不改主体，加额外功能
        1. torch.Tensor.register_hook(hook)
        2. torch.nn.Module.register_forward_hook

        #### **1.Tensor.register_hook**
        功能：给张量登记一个反向传播时调用的函数
        函数只有一个输入，即张量的梯度

        {SHOT}

        #### 2.Module.register_forward_hook
        功能：给模块登记前向传播之后调用的函数
        """})
    code = TORCH + "w = torch.ones(2, requires_grad=True)\nh = w.register_hook(lambda g: g * 2)\n"
    entry = first_entry(library, code, "register_hook")
    assert entry is not None and "反向传播时调用" in entry, entry
    forward = first_entry(library, TORCH + "net = nn.Linear(2, 2)\nnet.register_forward_hook(print)\n", "register_forward_hook")
    assert forward is not None and "前向传播之后" in forward, forward


def test_a_numbered_section_is_no_title_the_note_opens_with(tmp_path: Path) -> None:
    """Under no `#` title, "#### 0 SummaryWriter" over screenshots and a remark is one section of a
    sequence, not a note titled by the class: the bold label that says what the class does answers first."""
    library = compile_notes(tmp_path, {"board.md": f"""
        第五周：可视化工具

        #### 工具简介

        **SummaryWriter**
        功能：提供写入事件文件的高级接口
        主要属性：
        log_dir：事件文件的输出文件夹

        #### 0 SummaryWriter

        {SHOT}

        设了 log_dir 后 comment 不起作用

        #### 1 add_scalar

        记录标量
        """})
    code = "from torch.utils.tensorboard import SummaryWriter\n\nwriter = SummaryWriter(log_dir='runs')\n"
    entry = first_entry(library, code, "SummaryWriter(")
    assert entry is not None and "写入事件文件的高级接口" in entry, entry


def test_a_label_that_ends_a_paragraph_heads_the_next(tmp_path: Path) -> None:
    """"nn.CrossEntropyLoss:" on the last line of a paragraph of formulas introduces the paragraph after
    it: the hover shows that paragraph (whatever other APIs it names) and not the formulas above, and
    links the label's own line."""
    library = compile_notes(tmp_path, {"loss.md": """
        # 损失函数

        交叉熵 = 信息熵 + 相对熵

        交叉熵： $\\mathrm{H}(P, Q)=-\\sum_{i=1}^{N} P\\left(x_{i}\\right) \\log Q\\left(x_{i}\\right)$
        自信息： $\\mathrm{I}(x)=-\\log [p(x)]$
        nn.CrossEntropyLoss:

        把 nn.LogSoftmax() 与 nn.NLLLoss() 合在一起，算交叉熵

        - weight：每一类的损失权重
        """})
    code = TORCH + "loss_fn = nn.CrossEntropyLoss()\n"
    entry = first_entry(library, code, "CrossEntropyLoss")
    assert entry is not None and "合在一起，算交叉熵" in entry and "每一类的损失权重" in entry, entry
    assert "自信息" not in entry, entry
    assert "loss.md:7" in entry, entry


def test_screenshots_give_way_to_the_words_over_an_example(tmp_path: Path) -> None:
    """A note's first example leads in from its title on, through a dozen screenshots: past the length
    a hover keeps, the pictures go first, and the paragraph right over the example is kept."""
    shots = "\n\n".join([SHOT] * 20)
    note = (f"第六周：随机失活\n\n随机失活：训练时随机让一些神经元不工作\n\n{shots}\n\n"
            "`nn.Dropout`\n功能：随机失活层\np：被舍弃的概率\n训练时权重都乘以 1/(1-p)\n\n"
            "```python\ntorch.nn.Dropout(p=0.5, inplace=False)\n```\n")
    library = compile_notes(tmp_path, {"dropout.md": note})
    entry = first_entry(library, TORCH + "drop = nn.Dropout(p=0.2)\n", "Dropout")
    assert entry is not None and "被舍弃的概率" in entry and "随机失活层" in entry, entry
    assert "image-20210104192909444" not in entry, entry


def test_a_call_alone_under_a_heading_says_less_than_its_parameters(tmp_path: Path) -> None:
    """"#### 法1：保存整个Module" over the line `torch.save(net, path)` shows a call, as code does; the list
    at the note's top that says what `torch.save`'s parameters are answers first."""
    library = compile_notes(tmp_path, {"week7.md": f"""
        第七周：模型保存

        {SHOT}

        1. torch.save
          主要参数:
          obj：要保存的对象
          f：输出的路径

        2. torch.load
          主要参数:
          f：文件的路径

        #### 法1：保存整个Module
        torch.save(net, path)
        #### 法2：只保存参数
        torch.save(net.state_dict(), path)
        """})
    entry = first_entry(library, TORCH + "torch.save(model, 'm.pt')\n", "save(")
    assert entry is not None and "要保存的对象" in entry, entry


def test_a_chinese_name_of_an_api_the_code_calls_explains_it(tmp_path: Path) -> None:
    """"- 二维卷积是……" opens a bullet in a note whose code calls `nn.Conv2d`: the bullet explains Conv2d,
    and answers before the example that only calls it. A note that never calls it gets nothing from the
    same words."""
    note = """
        # 卷积层

        ## 原理

        - 二维卷积是用一个小卷积核在图像上滑动，每到一处先乘再加，得到一个输出值

        ## 代码

        ```python
        import torch
        import torch.nn as nn
        conv = nn.Conv2d(in_channels=1, out_channels=1, kernel_size=3)
        y = conv(torch.randn(1, 1, 5, 5))
        ```
        """
    library = compile_notes(tmp_path, {"conv.md": note})
    entry = first_entry(library, TORCH + "layer = nn.Conv2d(3, 16, 3)\n", "Conv2d")
    assert entry is not None and "先乘再加" in entry, entry
    words_only = compile_notes(tmp_path / "words", {"conv.md": note.split("## 代码")[0]})
    found = first_entry(words_only, TORCH + "layer = nn.Conv2d(3, 16, 3)\n", "Conv2d")
    assert found is None or "先乘再加" not in found, found


def test_a_loss_named_without_its_kind_is_the_loss_the_code_makes(tmp_path: Path) -> None:
    """"交叉熵衡量两个分布…" says "交叉熵损失" with the kind left out, as English prose says "cross entropy" for
    `nn.CrossEntropyLoss`, in a note whose code makes one; in a note whose code makes another loss, nothing."""
    note = """
        # 多分类

        交叉熵衡量两个分布相似性的一种度量方式，二分类的 loss 是它的特殊情况。

        ```python
        import torch.nn as nn
        criterion = nn.CrossEntropyLoss()
        ```
        """
    library = compile_notes(tmp_path, {"ce.md": note})
    entry = first_entry(library, TORCH + "loss_fn = nn.CrossEntropyLoss()\n", "CrossEntropyLoss")
    assert entry is not None and "度量方式" in entry, entry
    assert [s.aboutness("torch.nn.CrossEntropyLoss") for s in library.for_symbol("torch.nn.CrossEntropyLoss")
            if s.is_explanation] == [3]
    # the shorter name counts only where the note's code makes that loss
    other = compile_notes(tmp_path / "other", {"mse.md": note.replace("nn.CrossEntropyLoss()", "nn.MSELoss()")})
    assert not other.for_symbol("torch.nn.CrossEntropyLoss")


def test_a_chinese_heading_names_the_metric_the_code_calls(tmp_path: Path) -> None:
    """"## 6.混淆矩阵" over prose, in a note whose code calls `confusion_matrix` elsewhere: its words answer."""
    library = compile_notes(tmp_path, {"metrics.md": """
        # 模型评估

        ## 6.混淆矩阵

        评估分类问题的基础工具：行是真实类别，列是预测类别

        ## 7.代码

        ```python
        from sklearn.metrics import confusion_matrix, accuracy_score
        print(confusion_matrix(y_true, y_pred))
        print(accuracy_score(y_true, y_pred))
        ```
        """})
    code = "from sklearn.metrics import confusion_matrix\n\ncm = confusion_matrix(y, p)\n"
    entry = first_entry(library, code, "confusion_matrix(")
    assert entry is not None and "行是真实类别" in entry, entry


def test_prose_that_opens_with_the_name_answers_before_prose_that_repeats_it(tmp_path: Path) -> None:
    """"用 y.backward() 做反向传播，求出各个叶子张量的梯度" says what backward does; a later paragraph on
    keeping the graph names `backward()` twice on the way to another matter: the first answers first."""
    library = compile_notes(tmp_path, {"autograd.md": """
        # 自动微分

        ```python
        import torch
        x = torch.ones(2, requires_grad=True)
        y = (x * 2).sum()
        ```

        ## 1. 求梯度

        用 y.backward() 做反向传播，求出各个叶子张量的梯度。

        ## 2. 保留计算图

        框架在你调用 `y.backward()` 时建好计算图，调用一次 `y.backward()` 之后图就被释放，想再求一次就要保留它。
        """})
    code = TORCH + "x = torch.ones(2, requires_grad=True)\nx.sum().backward()\n"
    entry = first_entry(library, code, "backward")
    assert entry is not None and "求出各个叶子张量的梯度" in entry, entry


def test_a_chinese_name_counts_for_any_api_a_long_example_calls(tmp_path: Path) -> None:
    """"- 最大池化是……" in a note whose one example calls a dozen APIs, `nn.MaxPool2d` among the last: the
    example's record keeps its first few names, but the bullet still explains MaxPool2d."""
    library = compile_notes(tmp_path, {"pool.md": """
        # 池化层

        ## 池化操作

        - 最大池化是在每个小窗口里取最大的那个值，保留最显著的特征

        ## 实现

        ```python
        import numpy as np
        import torch
        import torch.nn as nn
        a = np.array([[1.0, 2.0], [3.0, 4.0]]).astype(np.float32)
        t = torch.from_numpy(a).view(1, 1, 2, 2)
        conv = nn.Conv2d(1, 1, kernel_size=1)
        y = torch.round(conv(t))
        z = torch.sigmoid(y).flatten()
        pool = nn.MaxPool2d(kernel_size=2)
        print(pool(y))
        ```
        """})
    entry = first_entry(library, TORCH + "pool = nn.MaxPool2d(2)\n", "MaxPool2d")
    assert entry is not None and "取最大的那个值" in entry, entry


def test_a_signature_whose_quote_the_editor_curled_is_the_api_it_writes(tmp_path: Path) -> None:
    """A handout pasted through a blog editor: `reduction='mean’` under a heading that shortens the
    name ("nn.MSE"); the block is still `nn.MSELoss`, explained by the line over it."""
    library = compile_notes(tmp_path, {"losses.md": """
        #### **「6 nn.MSE」**

        用于回归问题，计算输入与目标之差的平方。

        ```python
        nn.MSELoss(size_average =None, reduce=None, reduction='mean\u2019)
        ```
        """})
    source = "import torch.nn as nn\nloss_fn = nn.MSELoss()\n"
    entry = first_entry(library, source, "MSELoss(")
    assert entry is not None and "之差的平方" in entry, entry


def test_a_call_written_out_with_a_slip_is_the_api_it_writes(tmp_path: Path) -> None:
    """`threshold_mode\\'rel'`: a call copied with its defaults and a slip in them, under a heading that
    spells the class otherwise ("ReduceLRonPlateau"); the block is a signature of that class."""
    library = compile_notes(tmp_path, {"lr.md": """
        #### 5.ReduceLRonPlateau

        功能:监控一个指标，指标多轮不再下降时把学习率调小

        ```python
        lr_scheduler.ReduceLROnPlateau(optimizer, mode='min', factor=0.1, patience=10,
        verbose=False, threshold=0.0001, threshold_mode\\'rel', cooldown=0, min_lr =0,
        eps=1e-08)
        ```
        """})
    source = ("import torch\nfrom torch.optim.lr_scheduler import ReduceLROnPlateau\n"
              "opt = torch.optim.Adam(torch.nn.Linear(2, 1).parameters())\nsched = ReduceLROnPlateau(opt, patience=3)\n")
    entry = first_entry(library, source, "ReduceLROnPlateau(opt")
    assert entry is not None and "指标多轮不再下降" in entry, entry


def test_a_section_of_screenshots_alone_answers_after_any_words(tmp_path: Path) -> None:
    """"#### BatchNorm2d" over a screenshot and nothing else, after a section that lists the layer among
    its siblings and says what their parameters mean: the words answer first."""
    library = compile_notes(tmp_path, {"bn.md": f"""
        #### 批标准化的三个层

        nn.BatchNorm1d、nn.BatchNorm2d、nn.BatchNorm3d 都有这些参数：

        - num_features：一个样本的特征数量
        - momentum：用指数加权平均估计当前的均值和方差

        #### BatchNorm2d

        {SHOT}
        """})
    source = TORCH + "bn = nn.BatchNorm2d(16)\n"
    entry = first_entry(library, source, "BatchNorm2d(")
    assert entry is not None and "指数加权平均" in entry, entry


def test_a_name_set_as_math_is_marked_as_code(tmp_path: Path) -> None:
    """Typora users mark a name with dollars: "HuggingFace的 $pipeline$ 是一个非常便捷的接口" explains
    `transformers.pipeline`, imported only in the examples below; `$x$` and `$W^T$` stay mathematics."""
    library = compile_notes(tmp_path, {"llm.md": """
        # 预训练大模型

        ## 2. 使用大模型

        HuggingFace的 $pipeline$ 是一个非常便捷的接口，它封装了许多常见的NLP任务。$x$ 与 $W^T$ 是公式。

        ### 2.2 文本分类

        文本分类任务是最常见的任务之一。

        ```python
        from transformers import pipeline
        classifier = pipeline('sentiment-analysis')
        ```
        """})
    source = "from transformers import pipeline\nasr = pipeline('automatic-speech-recognition')\n"
    entry = first_entry(library, source, "pipeline(")
    assert entry is not None and "非常便捷的接口" in entry, entry
    sections = parse_sections((tmp_path / "llm.md").read_text(encoding="utf-8"))
    passage = next(p for s in sections for p in s.passages if "$pipeline$" in p.text)
    assert passage.code == ("pipeline",), passage.code


def test_a_block_that_is_one_docstring_is_the_note_s_prose(tmp_path: Path) -> None:
    """A handout writes its explanation as a docstring alone in a fence ("使用 sklearn.datasets.make_regression
    方法来构建…" in triple quotes): those are the note's words on the API, read as its prose."""
    library = compile_notes(tmp_path, {"regression.md": '''
        练习：使用pytorch对线性回归项目进行重构。

        ```python
        """
            使用 sklearn.datasets.make_regression 方法来构建一个模拟的回归数据集。

            返回:
            - X: 生成的特征矩阵。
        """
        ```

        ```python
        from sklearn.datasets import make_regression
        X, y, coef = make_regression(n_samples=100, n_features=5, coef=True)
        ```
        '''})
    source = "from sklearn.datasets import make_regression\nX, y = make_regression(n_samples=50)\n"
    entry = first_entry(library, source, "make_regression(n")
    assert entry is not None and "模拟的回归数据集" in entry, entry


def test_a_block_s_opening_docstring_is_the_note_s_words_on_it(tmp_path: Path) -> None:
    """A notebook cell that opens with a docstring in words says what it shows ("sklearn中提供了
    train_test_split 函数，用于数据集的划分"), before a cell elsewhere that only calls it."""
    library = compile_notes(tmp_path, {
        "a_cv.md": "# 交叉验证\n\n```python\nfrom sklearn.model_selection import train_test_split\n"
                   "x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.2)  # Hold-Out 保留交叉验证\n```\n",
        "b_split.md": '# 数据集划分\n\n```python\n"""\n加载数据集时一般需要自主进行训练集、测试集的划分\n'
                      'sklearn中提供了 train_test_split 函数，用于数据集的划分\n"""\n'
                      "from sklearn.model_selection import train_test_split\n"
                      "x_train, x_test, y_train, y_test = train_test_split(x, y, train_size=0.8, shuffle=True)\n```\n",
    })
    source = "from sklearn.model_selection import train_test_split\nparts = train_test_split(X, y)\n"
    entry = first_entry(library, source, "train_test_split(X")
    assert entry is not None and "用于数据集的划分" in entry, entry
