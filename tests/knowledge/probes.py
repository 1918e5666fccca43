"""Hover probe sets written from reading the corpora (before any tuning), shared by the knowledge and LSP tests.

Each probe names an API that a note *explains*, the note(s) that explain it, a few words of that
note's own prose the hover must show (any one of `phrases`), and realistic user code with the cursor
on the name (`needle`: the text to find on the probe's last line that mentions it, `offset`: columns
into it). Only short phrases are quoted, never the notes' text.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2].parent / "shared"
REAL_NOTES = ROOT / "notes"
D2L = ROOT / "corpora" / "d2l-zh"


@dataclass(frozen=True)
class Probe:
    symbol: str
    notes: tuple[str, ...]  # file names (shared notes) or `chapter/stem` (d2l) of the explaining notes
    phrases: tuple[str, ...]  # the hover's first entry shows at least one of these
    code: str
    needle: str
    offset: int = 1

    def position(self) -> tuple[int, int]:
        """0-based (line, col) of the needle on the last line that holds it."""
        lines = self.code.split("\n")
        for index in range(len(lines) - 1, -1, -1):
            col = lines[index].find(self.needle)
            if col >= 0:
                return index, col + self.offset
        raise AssertionError(f"{self.needle!r} not in the code of {self.symbol}")


def _p(symbol: str, notes: str, phrases: str, code: str, needle: str, offset: int = 1) -> Probe:
    return Probe(symbol, tuple(notes.split()), tuple(phrases.split("|")), code, needle, offset)


N0, N1, N3, N4 = "000_1700fd55b3d378da.txt", "001_6f70469d1cf142b9.txt", "003_3fb3d11378fa74db.txt", "004_af413dbf380ae3a2.txt"
TORCH = "import torch\n\n"
NP = "import numpy as np\n\n"

# APIs the shared notes explain in prose (a heading, a bullet, a sentence), many with no code at all.
SHARED: list[Probe] = [
    _p("shutil.rmtree", N3, "递归删除文件", "import shutil\n\nshutil.rmtree('build')\n", "rmtree"),
    _p("shutil.copyfile", N3, "都需是文件名", "import shutil\n\nshutil.copyfile('a.txt', 'b.txt')\n", "copyfile"),
    _p("shutil.copy", N3, "可以是目录名", "import shutil\n\nshutil.copy('a.txt', 'out/')\n", "copy("),
    _p("torch.clamp", N3, "限制在范围", TORCH + "y = torch.clamp(x, min=0, max=1)\n", "clamp"),
    _p("numpy.triu", N0, "上下三角矩阵", NP + "upper = np.triu(a)\n", "triu"),
    _p("numpy.tril", N0, "上下三角矩阵", NP + "lower = np.tril(a)\n", "tril"),
    _p("torch.squeeze", f"{N1} {N3}", "去掉维数为 1|维度为1", TORCH + "y = torch.squeeze(x)\n", "squeeze"),
    _p("torch.unsqueeze", N1, "对数据维度进行扩充", TORCH + "y = torch.unsqueeze(x, 0)\n", "unsqueeze"),
    _p("torch.nn.Module.train", f"{N1} {N3}", "每一批数据的均值和方差",
       TORCH + "import torch.nn as nn\n\nmodel = nn.Sequential(nn.Linear(4, 2), nn.Dropout(0.5))\nmodel.train()\n", "train"),
    _p("torch.nn.Module.eval", f"{N1} {N3}", "全部训练数据的均值和方差",
       TORCH + "import torch.nn as nn\n\n\nclass Net(nn.Module):\n    pass\n\n\nmodel = Net()\nmodel.eval()\n", "eval"),
    _p("torch.ge", N3, "比较两个相同形状的tensor", TORCH + "mask = torch.ge(a, b)\n", "ge("),
    _p("torch.Tensor.ge", N1, "获取 bool 掩码", TORCH + "y_pred = torch.rand(8)\nmask = y_pred.ge(0.5)\n", "ge("),
    _p("torch.Tensor.fill_", N3, "全部变为value", TORCH + "t = torch.empty(3)\nt.fill_(1.0)\n", "fill_"),
    _p("torch.utils.data.DataLoader", N3, "dataset是必选的",
       "from torch.utils.data import DataLoader\n\nloader = DataLoader(ds, batch_size=32)\n", "DataLoader("),
    _p("torch.nn.DataParallel", N3, "多个GPU来加速训练", TORCH + "net = torch.nn.DataParallel(net)\n", "DataParallel"),
    _p("torch.nn.Parameter", N3, "可以训练的类型parameter",
       TORCH + "import torch.nn as nn\n\nw = nn.Parameter(torch.zeros(3))\n", "Parameter"),
    _p("torch.nn.Linear", N3, "全连接层", TORCH + "import torch.nn as nn\n\nfc = nn.Linear(3, 32)\n", "Linear"),
    _p("torch.manual_seed", N3, "随机数都是固定的", TORCH + "torch.manual_seed(1)\n", "manual_seed"),
    _p("torch.cuda.device_count", N3, "可用GPU的数量", TORCH + "n = torch.cuda.device_count()\n", "device_count"),
    _p("torch.multiprocessing.spawn", N3, "杀死其余进程",
       "import torch.multiprocessing as mp\n\nmp.spawn(main_worker, nprocs=2)\n", "spawn"),
    _p("torch.distributed.init_process_group", N3, "初始化进程组",
       "import torch.distributed as dist\n\ndist.init_process_group('nccl')\n", "init_process_group"),
    _p("torch.cat", N3, "竖着拼", TORCH + "c = torch.cat((a, b), 0)\n", "cat"),
    _p("torch.optim.lr_scheduler.ReduceLROnPlateau", N3, "降低网络的学习率",
       "from torch.optim.lr_scheduler import ReduceLROnPlateau\n\nscheduler = ReduceLROnPlateau(optimizer, 'min')\n",
       "ReduceLROnPlateau("),
    _p("torch.nn.functional.pad", N3, "填充方式",
       "import torch.nn.functional as F\n\ny = F.pad(x, (1, 1, 1, 1))\n", "pad"),
    _p("cv2.flip", N3, "翻转图片", "import cv2\n\nimg2 = cv2.flip(img, 1)\n", "flip"),
    _p("cv2.pyrDown", N3, "下采样", "import cv2\n\nsmall = cv2.pyrDown(img)\n", "pyrDown"),
    _p("cv2.findContours", N3, "查找检测物体的轮廓",
       "import cv2\n\ncontours, hierarchy = cv2.findContours(binary, cv2.RETR_TREE, cv2.CHAIN_APPROX_SIMPLE)\n",
       "findContours"),
    _p("cv2.contourArea", N3, "格林公式", "import cv2\n\narea = cv2.contourArea(cnt)\n", "contourArea"),
    _p("cv2.boundingRect", N3, "水平正矩形", "import cv2\n\nx, y, w, h = cv2.boundingRect(cnt)\n", "boundingRect"),
    _p("cv2.minAreaRect", N3, "最小外接矩形", "import cv2\n\nrect = cv2.minAreaRect(cnt)\n", "minAreaRect"),
    _p("cv2.absdiff", N3, "差分图", "import cv2\n\ndiff = cv2.absdiff(a, b)\n", "absdiff"),
    _p("cv2.imshow", N3, "一闪而过", "import cv2\n\ncv2.imshow('img', image)\n", "imshow"),
    _p("os.path.join", N3, "合成一个路径", "import os\n\np = os.path.join(root, name)\n", "join"),
    _p("os.path.exists", N3, "是否存在这个路径", "import os\n\nok = os.path.exists(p)\n", "exists"),
    _p("os.walk", N3, "文件名等信息", "import os\n\nfor root, dirs, files in os.walk('.'):\n    pass\n", "walk"),
    _p("glob.glob", N3, "符合规则的所有文件路径", "import glob\n\nfiles = glob.glob('*.png')\n", "glob("),
    _p("hasattr", N3, "是否包含对应的属性", "ok = hasattr(obj, 'name')\n", "hasattr"),
    _p("numpy.save", N3, "保存数组到filename", NP + "np.save('a.npy', arr)\n", "save"),
    _p("numpy.load", N3, "从npy文件中提取数组", NP + "arr = np.load('a.npy')\n", "load"),
    _p("numpy.vstack", N3, "竖直方向", NP + "c = np.vstack((a, b))\n", "vstack"),
    _p("numpy.hstack", N3, "水平方向", NP + "c = np.hstack((a, b))\n", "hstack"),
    _p("numpy.clip", N3, "某个区间范围内", NP + "y = np.clip(x, 3, 8)\n", "clip"),
    _p("numpy.expand_dims", N3, "对应pytorch的unsqueeze", NP + "y = np.expand_dims(x, 0)\n", "expand_dims"),
    _p("numpy.atleast_1d", N3, "至少一维", NP + "y = np.atleast_1d(1)\n", "atleast_1d"),
    _p("numpy.prod", N3, "连乘操作", NP + "p = np.prod(x, axis=1)\n", "prod"),
    _p("numpy.mod", N3, "余数", NP + "r = np.mod(a, b)\n", "mod"),
    _p("numpy.ndarray.flatten", N3, "压缩成一维数组", NP + "a = np.array([[1, 2], [3, 4]])\nb = a.flatten()\n", "flatten"),
    _p("torch.Tensor.repeat", N3, "某个维度进行复制",
       TORCH + "temp = torch.ones((32, 1, 3, 3))\ntarget = temp.repeat(1, 3, 1, 1)\n", "repeat"),
    _p("torch.Tensor.detach", f"{N1} {N3}", "计算图中分离|中断梯度计算",
       TORCH + "a = torch.tensor([1.0], requires_grad=True)\nb = a.detach()\n", "detach"),
    _p("torch.masked_select", N1, "布尔掩码", TORCH + "y = torch.masked_select(x, mask)\n", "masked_select"),
    _p("torch.chunk", N1, "均匀的分割", TORCH + "parts = torch.chunk(x, 4, dim=0)\n", "chunk"),
    _p("torch.cuda.synchronize", N1, "同步", TORCH + "torch.cuda.synchronize()\n", "synchronize"),
    _p("torch.Tensor.pin_memory", N1, "固定缓冲区", TORCH + "x = torch.ones(3)\ny = x.pin_memory()\n", "pin_memory"),
    _p("torch.no_grad", N3, "不会进行梯度计算", TORCH + "with torch.no_grad():\n    pass\n", "no_grad"),
    _p("zip", N1, "打包成一个个元组", "pairs = list(zip(a, b))\n", "zip"),
    _p("globals", N1, "全局变量", "g = globals()\n", "globals"),
    _p("collections.namedtuple", N1, "继承自 tuple 的子类",
       "from collections import namedtuple\n\nUser = namedtuple('User', ['name'])\n", "namedtuple("),
    _p("multiprocessing.SimpleQueue", N1, "安全地传递数据",
       "import multiprocessing\n\nq = multiprocessing.SimpleQueue()\n", "SimpleQueue"),
    _p("matplotlib.pyplot.tight_layout", N4, "整理布局", "import matplotlib.pyplot as plt\n\nplt.tight_layout()\n",
       "tight_layout"),
    _p("matplotlib.pyplot.figure", N4, "控制figure属性", "import matplotlib.pyplot as plt\n\nplt.figure(figsize=(4, 3))\n",
       "figure"),
    _p("random.seed", N3, "随机数生成器的种子", "import random\n\nrandom.seed(0)\n", "seed"),
    _p("re.sub", N3, "删除标点符号", "import re\n\ns = re.sub(r'[^\\w\\s]', '', text)\n", "sub"),
    _p("torch.mul", N3, "矩阵点乘", TORCH + "c = torch.mul(a, b)\n", "mul"),
    _p("numpy.random.choice", N3, "一维对象", NP + "s = np.random.choice(a, size=3)\n", "choice"),
]

# APIs the d2l-zh textbook explains (its Chinese files; `*_origin.md` is the English twin).
PRE, LIN, DLC = "chapter_preliminaries/", "chapter_linear-networks/", "chapter_deep-learning-computation/"
NN = TORCH + "from torch import nn\n\n"
D2L_PROBES: list[Probe] = [
    _p("torch.arange", PRE + "ndarray", "创建一个行向量", TORCH + "x = torch.arange(12)\n", "arange"),
    _p("torch.Tensor.reshape", PRE + "ndarray", "改变一个张量的形状",
       TORCH + "x = torch.arange(12)\nX = x.reshape(3, 4)\n", "reshape"),
    _p("torch.Tensor.numel", PRE + "ndarray", "元素的总数", TORCH + "x = torch.arange(12)\nn = x.numel()\n", "numel"),
    _p("torch.zeros", PRE + "ndarray", "所有元素都设置为0", TORCH + "z = torch.zeros((2, 3, 4))\n", "zeros"),
    _p("torch.ones", f"{PRE}ndarray {PRE}lookup-api", "设置为1", TORCH + "o = torch.ones((2, 3, 4))\n", "ones"),
    _p("torch.randn", PRE + "ndarray", "标准高斯分布", TORCH + "w = torch.randn(3, 4)\n", "randn"),
    _p("torch.tensor", PRE + "ndarray", "Python列表", TORCH + "t = torch.tensor([[2, 1], [1, 2]])\n", "tensor("),
    _p("torch.exp", PRE + "ndarray", "一元运算符", TORCH + "y = torch.exp(x)\n", "exp"),
    _p("torch.cat", PRE + "ndarray", "端对端地叠起来", TORCH + "Z = torch.cat((X, Y), dim=0)\n", "cat"),
    _p("torch.Tensor.item", PRE + "ndarray", "Python标量", TORCH + "a = torch.tensor([3.5])\nv = a.item()\n", "item"),
    _p("torch.Tensor.numpy", PRE + "ndarray", "转换为NumPy张量", TORCH + "X = torch.ones(2)\nA = X.numpy()\n", "numpy("),
    _p("torch.zeros_like", PRE + "ndarray", "分配一个全", TORCH + "Z = torch.zeros_like(Y)\n", "zeros_like"),
    _p("pandas.read_csv", PRE + "pandas", "加载原始数据集", "import pandas as pd\n\ndata = pd.read_csv('house.csv')\n",
       "read_csv"),
    _p("pandas.DataFrame.iloc", PRE + "pandas", "位置索引",
       "import pandas as pd\n\ndata = pd.read_csv('house.csv')\ninputs = data.iloc[:, 0:2]\n", "iloc"),
    _p("pandas.DataFrame.fillna", PRE + "pandas", "同一列的均值",
       "import pandas as pd\n\ninputs = pd.read_csv('house.csv')\ninputs = inputs.fillna(inputs.mean())\n", "fillna"),
    _p("pandas.get_dummies", PRE + "pandas", "视为一个类别",
       "import pandas as pd\n\ninputs = pd.get_dummies(inputs, dummy_na=True)\n", "get_dummies"),
    _p("torch.mv", PRE + "linear-algebra", "矩阵-向量积", TORCH + "y = torch.mv(A, x)\n", "mv"),
    _p("torch.Tensor.cumsum", PRE + "linear-algebra", "累积总和",
       TORCH + "A = torch.ones(3, 4)\nC = A.cumsum(axis=0)\n", "cumsum"),
    _p("torch.mm", PRE + "linear-algebra", "矩阵乘法", TORCH + "C = torch.mm(A, B)\n", "mm"),
    _p("torch.norm", PRE + "linear-algebra", "范数", TORCH + "n = torch.norm(u)\n", "norm"),
    _p("torch.dot", PRE + "linear-algebra", "点积", TORCH + "d = torch.dot(x, y)\n", "dot"),
    _p("torch.Tensor.clone", PRE + "linear-algebra", "分配新内存", TORCH + "A = torch.ones(2)\nB = A.clone()\n", "clone"),
    _p("torch.Tensor.backward", PRE + "autograd", "自动计算",
       TORCH + "x = torch.arange(4.0, requires_grad=True)\ny = 2 * torch.dot(x, x)\ny.backward()\n", "backward"),
    _p("torch.Tensor.detach", PRE + "autograd", "丢弃计算图",
       TORCH + "x = torch.arange(4.0, requires_grad=True)\ny = x * x\nu = y.detach()\n", "detach"),
    _p("torch.Tensor.requires_grad_", PRE + "autograd", "存储梯度",
       TORCH + "x = torch.arange(4.0)\nx.requires_grad_(True)\n", "requires_grad_"),
    _p("torch.nn.Sequential", DLC + "model-construction", "定义了一种特殊的",
       NN + "net = nn.Sequential(nn.Linear(20, 256), nn.ReLU(), nn.Linear(256, 10))\n", "Sequential"),
    _p("torch.nn.Linear", f"{LIN}linear-regression-concise {DLC}model-construction", "全连接层",
       NN + "layer = nn.Linear(2, 1)\n", "Linear"),
    _p("torch.nn.MSELoss", LIN + "linear-regression-concise", "均方误差", NN + "loss = nn.MSELoss()\n", "MSELoss"),
    _p("torch.optim.SGD", LIN + "linear-regression-concise", "超参数字典",
       NN + "net = nn.Linear(2, 1)\ntrainer = torch.optim.SGD(net.parameters(), lr=0.03)\n", "SGD"),
    _p("torch.utils.data.DataLoader", LIN + "linear-regression-concise", "数据迭代器",
       "from torch.utils import data\n\nloader = data.DataLoader(dataset, batch_size, shuffle=True)\n", "DataLoader"),
    _p("torch.save", DLC + "read-write", "分别读写", TORCH + "torch.save(x, 'x-file')\n", "save"),
    _p("torch.load", DLC + "read-write", "分别读写", TORCH + "x2 = torch.load('x-file')\n", "load"),
    _p("torch.nn.Module.load_state_dict", DLC + "read-write", "直接读取文件中存储的参数",
       NN + "clone = nn.Linear(2, 1)\nclone.load_state_dict(torch.load('mlp.params'))\n", "load_state_dict"),
    _p("torch.device", DLC + "use-gpu", "CPU和GPU可以用", TORCH + "cpu = torch.device('cpu')\n", "device"),
    _p("torch.cuda.device_count", DLC + "use-gpu", "查询可用gpu的数量", TORCH + "n = torch.cuda.device_count()\n",
       "device_count"),
    _p("torch.nn.Dropout", "chapter_multilayer-perceptrons/dropout", "暂退概率", NN + "drop = nn.Dropout(0.5)\n", "Dropout"),
    _p("torch.jit.script", "chapter_computational-performance/hybridize", "转换模型",
       TORCH + "net = torch.jit.script(net)\n", "script"),
    _p("torch.cuda.synchronize", "chapter_computational-performance/auto-parallelism", "所有流中的所有核心",
       TORCH + "torch.cuda.synchronize()\n", "synchronize"),
    _p("torch.nn.MaxPool2d", "chapter_convolutional-neural-networks/pooling", "步幅与汇聚窗口的大小相同",
       NN + "pool2d = nn.MaxPool2d(3)\n", "MaxPool2d"),
    _p("torch.nn.RNN", "chapter_recurrent-neural-networks/rnn-concise", "循环神经网络层",
       NN + "rnn_layer = nn.RNN(28, 256)\n", "RNN"),
    _p("torch.nn.functional.one_hot", "chapter_recurrent-neural-networks/rnn-scratch", "三维张量",
       "import torch\nfrom torch.nn import functional as F\n\nY = F.one_hot(X.T, 28)\n", "one_hot"),
    _p("torch.bmm", "chapter_attention-mechanisms/nadaraya-waston", "批量矩阵乘法", TORCH + "Z = torch.bmm(X, Y)\n", "bmm"),
    _p("dir", PRE + "lookup-api", "可以调用哪些函数和类", TORCH + "print(dir(torch.distributions))\n", "dir"),
    _p("help", PRE + "lookup-api", "更具体说明", TORCH + "help(torch.ones)\n", "help"),
    _p("torch.nn.init.normal_", DLC + "parameters", "标准差为0.01的高斯随机变量",
       NN + "nn.init.normal_(m.weight, mean=0, std=0.01)\n", "normal_"),
    _p("torch.nn.init.constant_", DLC + "parameters", "给定的常数", NN + "nn.init.constant_(m.weight, 1)\n", "constant_"),
    _p("torch.optim.Adam", "chapter_optimization/adam", "Adam算法", TORCH + "trainer = torch.optim.Adam(params, lr=0.01)\n",
       "Adam"),
    _p("torch.normal", LIN + "linear-regression-scratch", "正态分布",
       TORCH + "w = torch.normal(0, 0.01, size=(2, 1), requires_grad=True)\n", "normal("),
]


SEPARATOR = "\n\n---\n\n"


def first_entry(markdown: str) -> str:
    """The first (explaining) entry of a hover: what the user reads before anything else."""
    return markdown.split(SEPARATOR, 1)[0]


def right_first(probe: Probe, markdown: str | None, root: Path) -> str | None:
    """Why the hover does not show the right note first (None when it does)."""
    if not markdown:
        return "no hover"
    entry = first_entry(markdown)
    wanted = []
    for note in probe.notes:
        path = root / note if "." in note.rsplit("/", 1)[-1] else root / f"{note}.md"
        wanted.append(path.resolve().as_uri())
        if path.suffix == ".md":
            wanted.append(path.with_name(f"{path.stem}_origin.md").resolve().as_uri())
    if not any(f"{uri}#L" in entry for uri in wanted):
        return "another note first: " + entry.splitlines()[0][:80]
    if not any(phrase in entry for phrase in probe.phrases):
        return "right note, but without the phrase"
    return None
