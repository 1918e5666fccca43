"""What Chinese notes call an API in words: "最大池化" for `nn.MaxPool2d`, "混淆矩阵" for `confusion_matrix`.

A course note often explains a layer or a metric under its Chinese name ("- 最大池化是在每个小窗口里取最大
的那个值…") and only later calls it in code (`nn.MaxPool2d(2)`). The name counts only where the note's own
code uses an API of that last name (`spoken_names`), so "全连接层" is `torch.nn.Linear` in a PyTorch note
and nothing in a note on SQL joins. Data, read where a passage or a heading opens with the name
(`explain.mentions`, `explain.heading_names`)."""

from __future__ import annotations

from collections.abc import Iterable

# the last name of an API -> what Chinese prose calls it (`spoken_names` tries the longest name first)
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


def spoken_names(symbols: Iterable[str]) -> dict[str, str]:
    """Chinese name -> the one API of `symbols` (what a note's code uses) it names, longest names first;
    a name two of them could have (`最大池化` over both `MaxPool1d` and `MaxPool2d`) names neither."""
    found: dict[str, set[str]] = {}
    for symbol in dict.fromkeys(symbols):
        for term in TERMS.get(symbol.rpartition(".")[2], ()):
            found.setdefault(term, set()).add(symbol)
    return {term: next(iter(owners)) for term, owners in sorted(found.items(), key=lambda item: -len(item[0]))
            if len(owners) == 1}
