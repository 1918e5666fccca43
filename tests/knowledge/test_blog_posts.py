"""Short single-topic blog posts (Pelican, Hexo): the post's header and opening words say what its bare
code blocks are for; an exporter's copy of a cell's output is no prose; the API a block imports by name
is what it is about among plotting calls around it; a heading that writes a library's dotted name means
it, for libraries beyond the few whose whole API the table lists; a block under a label heading shows what
the section above it says; a list of links to the docs explains nothing; a heading that says in words what
its one block does leads into it. Every post here is written for the test."""

from __future__ import annotations

from pathlib import Path

import pytest

from written import compile_notes, first_entry

PELICAN = """\
Title: Bernoulli Classifier With Priors
Slug: bernoulli_priors
Summary: How to train a Bernoulli classifier with class priors in scikit-learn.
Date: 2017-09-22 12:00
Category: Machine Learning

The Bernoulli classifier assumes every feature is binary.

## Preliminaries

```python
import numpy as np
from sklearn.naive_bayes import BernoulliNB
```

## Train The Classifier

```python
clf = BernoulliNB(class_prior=[0.25, 0.5])
model = clf.fit(X, y)
```
"""

INTRO = """\
Title: Calibrate Probabilities
Date: 2017-09-22 12:00

Most classifiers give scores that are not probabilities; Platt scaling fits a sigmoid to them.

## Preliminaries

```python
from sklearn.calibration import CalibratedClassifierCV
from sklearn.svm import LinearSVC
```

## Calibrate

```python
calibrated = CalibratedClassifierCV(LinearSVC(), cv=2, method='sigmoid')
```
"""

HEXO = """\
---
title: 合并两张表
---

## 按键合并

```python
import pandas as pd
out = pd.merge(left, right, on='key')
```
"""

EXPORTED = """\
# Joining frames

## Merge two frames along the key

```python
import pandas as pd
pd.merge(left, right, on='subject_id')
```

<div>
<table border="1" class="dataframe">
  <thead><tr><th>subject_id</th><th>first_name</th></tr></thead>
  <tbody><tr><td>1</td><td>Alexandria</td></tr></tbody>
</table>
</div>

Rows whose key is in both frames are kept.
"""

ELBOW = """\
# 选K值

## 肘部法则

肘部法则：画出代价随K的变化，拐点处即合适的K。

```python
from sklearn.cluster import KMeans
import numpy as np
import matplotlib.pyplot as plt

plt.plot()
plt.xlim([0, 10])
plt.ylim([0, 10])
plt.title('Dataset')
plt.scatter(x1, x2)
plt.show()
distortions = []
for k in range(1, 10):
    model = KMeans(n_clusters=k).fit(X)
    distortions.append(sum(np.min(model.transform(X), axis=1)))
plt.plot(range(1, 10), distortions, 'bx-')
plt.xlabel('k')
plt.ylabel('Distortion')
plt.show()
```
"""

JOBLIB = """\
## 标准化模型保存

```python
from sklearn.preprocessing import StandardScaler
from sklearn.externals import joblib
scaler = StandardScaler().fit(data)
joblib.dump(scaler, 'std_scaler')
```
"""


def test_a_bare_block_is_shown_with_the_post_title_and_summary(tmp_path: Path) -> None:
    library = compile_notes(tmp_path, {"bernoulli.md": PELICAN})
    entry = first_entry(library, "from sklearn.naive_bayes import BernoulliNB\n\nclf = BernoulliNB()\n", "BernoulliNB(")
    assert entry is not None and "with class priors in scikit-learn" in entry, entry
    assert "assumes every feature is binary" in entry  # the summary, then the words the post opens with
    assert "*Bernoulli Classifier With Priors › Train The Classifier*" in entry  # the post, then the section
    assert "Title:" not in entry and "Slug:" not in entry  # the header is not prose




@pytest.mark.parametrize(("note", "source", "word", "shown"), [
    # without a summary, the post's opening words say what its blocks are for
    (INTRO, "from sklearn.calibration import CalibratedClassifierCV\n\nc = CalibratedClassifierCV(model)\n",
     "CalibratedClassifierCV(", "Platt scaling fits a sigmoid"),
    # a Hexo title leads the trail
    (HEXO, "import pandas as pd\n\npd.merge(a, b)\n", "merge", "*合并两张表 › 按键合并*"),
    # eleven plotting calls around one `KMeans(...)`: the class the block imports is one of its symbols
    (ELBOW, "from sklearn.cluster import KMeans\n\nkm = KMeans(n_clusters=3)\n", "KMeans(", "拐点处即合适的K"),
    # scikit-learn's vendored joblib is joblib
    (JOBLIB, "import joblib\n\njoblib.dump(model, 'm.pkl')\n", "dump", "标准化模型保存"),
], ids=["opening-words", "hexo-title", "imported-by-name", "vendored-joblib"])
def test_the_post_answers(tmp_path: Path, note: str, source: str, word: str, shown: str) -> None:
    entry = first_entry(compile_notes(tmp_path, {"post.md": note}), source, word)
    assert entry is not None and shown in entry, entry


def test_an_exported_dataframe_table_is_not_prose(tmp_path: Path) -> None:
    library = compile_notes(tmp_path, {"join.md": EXPORTED})
    entry = first_entry(library, "import pandas as pd\n\npd.merge(a, b)\n", "merge")
    assert entry is not None and "Rows whose key is in both frames" in entry, entry
    assert "<table" not in entry and "Alexandria" not in entry




BOOSTING = """\
## 特征重要性

### 1、xgboost.plot_importance
xgboost.plot_importance(booster, ax=None, importance_type='weight', max_num_features=None)

默认按特征被用来分裂的次数排序；设为gain更准确。

### 2、sklearn.manifold.TSNE
class sklearn.manifold.TSNE(n_components=2, perplexity=30.0)

把高维数据投影到二维来观察可分性。
"""


def test_a_heading_naming_an_api_of_any_data_library_explains_it(tmp_path: Path) -> None:
    """xgboost is no library whose API the table lists, so its dotted name is taken as written (as in
    code); scikit-learn's is listed, manifold learning included."""
    library = compile_notes(tmp_path, {"importance.md": BOOSTING})
    entry = first_entry(library, "import xgboost as xgb\n\nxgb.plot_importance(model)\n", "plot_importance")
    assert entry is not None and "设为gain更准确" in entry, entry
    entry = first_entry(library, "from sklearn.manifold import TSNE\n\nTSNE(n_components=2)\n", "TSNE(")
    assert entry is not None and "观察可分性" in entry, entry


PRECISION = """\
## 一、精确率
精确率指预测为正的样本中实际为正的比例。

&nbsp;

### 官方示例代码为：

&nbsp;

```python
from sklearn.metrics import precision_score
print(precision_score(y_true, y_pred, average='macro'))
```

## reference

[sklearn.metrics.precision_score](https://scikit-learn.org/stable/modules/generated/sklearn.metrics.precision_score.html)
[sklearn计算准确率](https://blog.csdn.net/example/article/details/1)
"""


def test_a_block_under_a_label_shows_the_section_above_and_links_explain_nothing(tmp_path: Path) -> None:
    """The code stands under a label heading with only spacers around it: it shows what "一、精确率" says.
    The reference list names the API as a link's text; it says where the API is documented, so it
    does not come first."""
    library = compile_notes(tmp_path, {"precision.md": PRECISION})
    entry = first_entry(library, "from sklearn.metrics import precision_score\n\nprecision_score(a, b)\n",
                        "precision_score(")
    assert entry is not None and "实际为正的比例" in entry and "*一、精确率 › 官方示例代码为：*" in entry, entry
    assert "&nbsp;" not in entry


JOIN = """\
Title: Join And Merge Frames
Date: 2017-09-22 12:00

## Join the two dataframes along rows

```python
df_new = pd.concat([df_a, df_b])
```
"""

TITANIC = """\
Title: Titanic With A Random Forest
Summary: Python code to make a submission to the titanic competition.
Date: 2017-09-22 12:00

## Embarked

```python
dummies = pd.get_dummies(train["Embarked"], prefix='embarked', drop_first=True)
train = pd.concat([train, dummies], axis=1)
```
"""


def test_a_heading_that_says_what_its_block_does_leads_into_it(tmp_path: Path) -> None:
    """`pd.concat` in a pipeline (one call of two, under a heading about something else) answers after
    the section whose heading says what its one call does."""
    library = compile_notes(tmp_path, {"a_titanic.md": TITANIC, "b_join.md": JOIN})
    entry = first_entry(library, "import pandas as pd\n\npd.concat([a, b])\n", "concat")
    assert entry is not None and "b_join.md" in entry and "Join the two dataframes along rows" in entry, entry


def test_a_value_s_method_is_of_the_class_the_sentence_named_it_by(tmp_path: Path) -> None:
    """"To convert `Tensor` `x` to NumPy array, use `x.numpy()`" under a heading that names NumPy before
    torch: `x` is the tensor the sentence just named, so the call is `torch.Tensor.numpy`."""
    library = compile_notes(tmp_path, {"pytorch-datatype-note.md": """\
        ---
        title: Notes on PyTorch Tensor Data Types
        tags: [PyTorch]
        ---

        # NumPy array and torch Tensor

        ## Shared memory or not?

        You can use `torch.from_numpy()` method to convert a NumPy array to a torch `Tensor`. To convert
        `Tensor` `x` to NumPy array, use `x.numpy()` to convert it to a NumPy array, which also shares the
        memory with original `Tensor`.
        """})
    code = "import torch\n\nx = torch.rand(5, 64)\narr = x.numpy()\n"
    entry = first_entry(library, code, "numpy()")
    assert entry is not None and "shares the" in entry, entry


def test_a_switch_of_torch_backends_cudnn_is_api(tmp_path: Path) -> None:
    """`torch.backends.cudnn.benchmark` is a property of the object torch puts in the module's place:
    listed as API (`RUN_TIME_MEMBERS`), the post's words on it answer the line that sets it."""
    library = compile_notes(tmp_path, {"accelerate.md": """\
        # Should we set cudnn.benchmark to True?

        Some posts recommend setting `torch.backends.cudnn.benchmark` to `True`. cudnn then tries to find
        the fastest convolution algorithm for your input shape; it only helps when that shape never changes.
        """})
    code = "import torch.backends.cudnn as cudnn\n\ncudnn.benchmark = True\n"
    entry = first_entry(library, code, "benchmark")
    assert entry is not None and "fastest convolution" in entry, entry
