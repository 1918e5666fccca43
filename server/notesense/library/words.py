"""Search terms of mixed Chinese/English text: ASCII words and CJK bigrams.

Chinese has no spaces, so a query "空值处理" must meet "fillna 空值处理" without a segmenter: both
become the bigrams 空值 / 值处 / 处理. A single CJK character is kept as a term when it stands alone.
ASCII words are lower-cased, and dotted or snake names also yield their parts (`df.fillna` → `df`,
`fillna`, `df.fillna`), so a search for `fillna` finds `pandas.DataFrame.fillna`.
"""

from __future__ import annotations

import re

# a label on a line of its own (`**links**:`, `Brain Dump:`, "**Options:**", "输出："): a note template's empty
# slot, or words that lead into what follows and say nothing of it
LABEL_LINE = re.compile(r"^[ \t]*(?:\*\*[^*\n]+\*\*[ \t]*[:：]?|[^\n:：]{1,30}[:：])[ \t]*$", re.MULTILINE)
# a note's references ("参考资料", "References", "Further reading"), as a heading or a label over a list of links
REFERENCES_TITLE = re.compile(r"[\W\d_]*(?:参考(?:资料|文献|链接|文章)?|references?|further\s+reading|see\s+also|延伸阅读|相关(?:链接|阅读|资源)"
                              r"|(?:(?:additional|further|learning|online|other|useful)\s+)?(?:resources|links)|learn\s+more"
                              r"|推荐阅读|扩展阅读|学习资源)"
                              r"[\W_]*", re.IGNORECASE)
# a picture, Markdown or HTML (`![](loss.png)`, `<img src=…>`): nothing a hover can show as words
PICTURE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)|<img\b[^>]*>", re.IGNORECASE)
# text in words, not code nor a stray string: a Chinese character, or two English words and more
# ("# 默认按行排序的索引", "# sum across rows", a docstring "sklearn中提供了…")
CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")  # a Chinese character: a word of Chinese prose
# a pictograph a list item or heading opens with ("- ✅ Cosine similarity compares…", "⚠️", "👉", "📌"):
# a mark, as a bullet is, never a word
_PICTOGRAPHS = "\u2190-\u21ff\u2300-\u23ff\u2460-\u24ff\u25a0-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff\ufe0f\u200d"
PICTOGRAPH = re.compile(f"[{_PICTOGRAPHS}]")
# a character that is neither ASCII nor a pictograph: prose in a language other than English
UNENGLISH = re.compile(f"[^\\x00-\\x7f{_PICTOGRAPHS}]")
IN_WORDS = re.compile(rf"{CJK_CHAR.pattern}|[A-Za-z]{{2,}} [A-Za-z]{{2,}} ")
# what a heading writes between the name it is about and what that is ("Series - One-dimensional
# labeled array", "pd.to_datetime() — Parsing Dates", "view()：共享内存的变形"); a hyphen inside words is none
GLOSS_MARK = r"\s*(?:—+|–|\s-\s|[:：])\s*"
# a title or caption that ends by saying it holds examples of what it names ("2，einsum基础范例", "einsum
# examples", a cell's docstring "Tensor.unsqueeze 和 Tensor.squeeze 方法示例")
EXAMPLES_END = re.compile(r"(?:范例|示例|例子|实例|演示|\bexamples?)\s*[:：]?\s*$", re.IGNORECASE)
# the last name of an API -> what Chinese prose calls it ("最大池化" for `MaxPool2d`): read by the compiler's
# glossary (`compile.glossary.spoken_names`, which tries the longest name first) and by ranking (a heading that
# asks "什么是逻辑回归？")
TERMS: dict[str, tuple[str, ...]] = {
    "MaxPool1d": ("最大池化",), "MaxPool2d": ("最大池化",), "MaxPool3d": ("最大池化",),
    "AvgPool1d": ("平均池化",), "AvgPool2d": ("平均池化",), "AvgPool3d": ("平均池化",),
    "Conv1d": ("一维卷积",), "Conv2d": ("二维卷积",), "Conv3d": ("三维卷积",),
    "BatchNorm1d": ("批量归一化", "批归一化", "批标准化"), "BatchNorm2d": ("批量归一化", "批归一化", "批标准化"),
    "LayerNorm": ("层归一化", "层标准化"),
    "Dropout": ("随机失活",),
    "Linear": ("全连接层", "线性层"),
    "Embedding": ("嵌入层", "词嵌入"),
    "Flatten": ("展平层",),
    "CrossEntropyLoss": ("交叉熵损失",), "MSELoss": ("均方误差损失", "均方误差"), "L1Loss": ("平均绝对误差",),
    "BCELoss": ("二分类交叉熵", "二元交叉熵"),
    "LSTM": ("长短期记忆网络", "长短期记忆"), "GRU": ("门控循环单元",), "RNN": ("循环神经网络",),
    "SGD": ("随机梯度下降",),
    "confusion_matrix": ("混淆矩阵",), "accuracy_score": ("准确率",), "precision_score": ("精确率",),
    "recall_score": ("召回率",), "roc_auc_score": ("AUC值",), "classification_report": ("分类报告",),
    "train_test_split": ("数据集划分", "划分数据集"), "cross_val_score": ("交叉验证",), "KFold": ("K折交叉验证",),
    "GridSearchCV": ("网格搜索",),
    "StandardScaler": ("标准化",), "MinMaxScaler": ("归一化",), "OneHotEncoder": ("独热编码",),
    "LabelEncoder": ("标签编码",),
    "LinearRegression": ("线性回归",), "LogisticRegression": ("逻辑回归",),
    "DecisionTreeClassifier": ("决策树",), "RandomForestClassifier": ("随机森林",),
    "KMeans": ("K均值聚类", "K均值"), "PCA": ("主成分分析",), "KNeighborsClassifier": ("K近邻", "KNN算法"),
}
# the words of an API's name: `LayerNorm` → Layer, Norm; `train_test_split` → train, test, split; `MaxPool2d`
# → Max, Pool, 2d; `KMeans` → K, Means
NAME_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+[a-z]*")
_ASCII = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.]*")
_CJK_LETTERS = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af]+")  # runs: fewer matches
_LATIN_LETTERS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def terms(text: str) -> set[str]:
    """The distinct search terms of `text`."""
    out: set[str] = set()
    for m in _ASCII.finditer(text):
        word = m.group().strip(".").lower()
        if not word:
            continue
        out.add(word)
        if "." in word or "_" in word:
            out.update(p for p in re.split(r"[._]", word) if len(p) > 1)
    for m in _CJK_RUN.finditer(text):
        run = m.group()
        if len(run) == 1:
            out.add(run)
        else:
            out.update(run[i : i + 2] for i in range(len(run) - 1))
    return out


def language(text: str) -> str:
    """`zh`, `en` or `mixed` by the share of CJK characters among letters (a Chinese character
    carries about a word, so CJK counts triple against Latin letters)."""
    if text.isascii():
        return "en"  # no CJK letter: English whatever the letters (one check in C, no scan)
    cjk = sum(map(len, _CJK_LETTERS.findall(text)))
    ascii_part = text.encode("ascii", "ignore")  # Latin letters counted by a byte table, not a regex scan
    latin = len(ascii_part) - len(ascii_part.translate(None, _LATIN_LETTERS))
    if cjk + latin == 0:
        return "en"
    share = 3 * cjk / (3 * cjk + latin)
    if share >= 0.6:
        return "zh"
    if share <= 0.15:
        return "en"
    return "mixed"
