"""Explanations: what a note's *prose* says about an API, as knowledge records of their own.

Much of what people write down has no code: a heading `### shutil.rmtree` over one line of inline
code, `### torch.clamp` with a signature in backticks, `numpy.triu` alone on a line, a bullet
`<strong>torch.squeeze(): </strong>这个函数…`, a paragraph on `model.train()`. Each of those becomes
an explanation record (`Snippet` of kind `prose`) carrying the API it explains, the note's own words,
links and provenance.

Names are read from headings, inline code, bold spans, call-shaped words (`zip()`) and dotted words,
then resolved the way code is (the note's imports and conventional aliases, the section's code, the
inferred kind of a receiver, the library the headings name) and kept only when they are real public
API (`analysis.public_api`): a name that resolves to nothing is never invented. Prose about no API
stays searchable as a record with what it names in passing, if anything.
"""

from __future__ import annotations

import ast
import builtins
import functools
import keyword
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import TypeVar

from notesense.analysis import api, public_api
from notesense.analysis.imports import (
    CONVENTIONAL_ALIASES, PROVIDED_BY, ImportMap, dotted_name, parse_imports_tolerant, with_foundations,
)
from notesense.compile.context import (
    AMBIGUOUS_STDLIB, LIBRARY_WORDS, NUMBERING, PYTHON, STDLIB, context_of_texts, symbols_library,
)
from notesense.compile.snippet import WIKI_LINK, clean_prose, language, slug, snippet_id, trim_doc, without_labels
from notesense.compile.glossary import spoken_at, spoken_in
from notesense.compile.symbols import (
    CLASS_NOUNS, CONTRAST_EN, CONTRAST_ZH, DECORATOR, DISPLAY, FILE_SUFFIXES, PARAMETER_AFTER, alone_in_sentence, builtin_owner, builtin_owners, defers, heading_type, line_at,
    a_noun, is_task, names_only,
    opening_type, opens_sentence, measured_against, parameter_named, qualify_written, sentence_cased, short_name, task_names, uncontrasted,
)
from notesense.library.model import CALLED, EXPLAINED, MENTIONED, NAMED, PROSE, SHOWN, Snippet, Source
from notesense.library.words import CJK_CHAR, LABEL_LINE, PICTOGRAPH, REFERENCES_TITLE, UNENGLISH
from notesense.notes.classify import (
    PYTHON_LABELS,
    captioned_parts,
    cheat_sheet_entries,
    code_line_count,
    commented_lines,
    fix_optional_args,
    guess_kind,
    is_pasted_output,
    listing_entries,
    names_call,
    parses_line,
    statement_like,
)
from notesense.notes.model import Note, Passage, Section, links_note_file, navigates, variants_meet
from notesense.paths import file_stem

MAX_SYMBOLS = 6
_T = TypeVar("_T")
PASSAGE_DOC = 900  # characters of prose kept for a passage-level explanation (it is one point)

# API names are ASCII: `\w` would also take in the Chinese around them (`nn.Sequential定义了`), and a
# Chinese character right before a name (`调用dir函数`) does not make it part of a longer word.
_ID = r"[A-Za-z_][A-Za-z0-9_]*"
_BEFORE = r"(?<![A-Za-z0-9_./\\-])"
_NAME = re.compile(rf"{_BEFORE}((?:{_ID}\.)*{_ID})(\s*\()?")
# a dotted name, its call (`plt.xlim(a, b)` in plain prose: call-shaped, a name of interest) in group 2;
# a call's values (a number, a string) make it an example of a call
_DOTTED = re.compile(rf"{_BEFORE}({_ID}(?:\.{_ID})+)(\([^()\n]{{0,40}}\))?(?![A-Za-z0-9_/-])")
_DOT_NAME = re.compile(r"\.[A-Za-z_]")  # what every `_DOTTED` name writes, found by a fast literal search
_VALUES = re.compile(r"[0-9'\"]")
_CALL_ARGUMENTS = re.compile(r"\(.*\)\s*$")  # a call's arguments written after a name (`seed(seed=None)`)
_CALLED_WORD = re.compile(rf"{_BEFORE}({_ID})\(\)")
# a method called with its receiver left out, in prose as code spans have it (`.detach()`): "除非你调用
# .retain_grad()", "then call .item() on it" (a dot after a word, a bracket or a quote is that value's)
_METHOD_CALLED = re.compile(rf"(?<![A-Za-z0-9_.)\]'\"/\\-])\.({_ID})\(\)")
# with its arguments: `setDaemon(True)`, a signature's many (`state_dict(destination=None, prefix='', keep_vars=False)`,
# printable ASCII but brackets, where Chinese words in brackets say what something is)
_CALLED_WITH = re.compile(rf"{_BEFORE}({_ID})\(([^()\n]{{1,40}}|[\x20-\x27\x2a-\x7e]{{41,100}})\)")
_SHAPE = re.compile(r"[\s\d.,…xX×*]+")  # "shape(...,2)", "size(3, 4)": dimensions written out, no call
# links, Windows paths and file names are not API names; each alternative is anchored (a literal, or
# the start of an ASCII run) so that a long line of prose costs linear time
_URL = re.compile(
    r"https?://\S+|www\.\S+|\]\([^)]*\)|[A-Za-z]:\\\S+"
    r"|(?<![A-Za-z0-9_/\\.-])[A-Za-z0-9_/\\.-]+\.(?:png|jpe?g|gif|svg|md|html?|py|txt|pdf)\b"
)
_TAG = re.compile(r"</?[A-Za-z][^>]*>")  # also a code span's placeholder: `<format string> % <datum>`
_MARKUP = re.compile(rf"{_TAG.pattern}|\*\*|__|==|~~")
# a call written out with parameter names (a signature), not an example: `clamp(input, min=None, *, out=None)`.
# Parameters are kept apart by `,`, `[` or `]`, so there is one way to read a signature: a default that
# cannot be matched (`names=("a", "b")`) fails in linear time instead of retrying every split of the names
_PARAM = r"(?:\*{0,2}[A-Za-z_]\w*(?:\s*[:=]\s*[^,()\[\]]+)?|\*|/|\.\.\.)\s*"
_PARAMS = rf"\s*(?:{_PARAM})?(?:[\[\],]\s*(?:{_PARAM})?)*"
_SIGNATURE = re.compile(
    rf"^\s*(?:class\s+)?([A-Za-z_][\w.]*)\s*\(({_PARAMS})\)\s*(?:(?:->|→)\s*[\w.\[\], ]+)?\s*$"
)
# a parameter's name in a signature's parentheses (`np.info(optimize.fmin)` passes a value: no parameter)
_PARAM_NAME = re.compile(r"(?:^|[,\[\]])\s*\*{0,2}([A-Za-z_]\w*)(?![\w.(])")
# words after a name that say the sentence is about it: `reshape`函数, hasattr() 方法, the Linear class
_CUE = re.compile(r"^(?:[`*_」\]]|</[a-z]+>)*\s*(?:\(\)\s*)?(?:函数|方法|类|属性|模块|层|参数|操作|function|method|class|module|attribute|:|：|是|就是|用于|用来|可以|主要)")
_BUILTINS = frozenset(n for n in dir(builtins) if not n.startswith("_"))
_FILE_SUFFIXES = FILE_SUFFIXES | {"csv", "json", "html", "pdf"}  # in prose, a name ending so is a file too
_ARGS = re.compile(r"\([^()]*\)")
# a name alone in brackets, after anything but a name (no call's argument): "张量运算(torch.einsum)"
_BRACKETED_NAME = re.compile(r"(?<![A-Za-z0-9_\])])[(（]\s*`?([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+(?:\(\))?)`?\s*[)）]"
                             # and one word in brackets after Chinese words: "分离(detach)", "暂退层（Dropout）"
                             r"|(?<=[\u4e00-\u9fff])[(（]\s*`?([A-Za-z_]\w{2,}(?:\(\))?)`?\s*[)）]")
# the words that give an example ("such as `StandardScaler`", "例如 `nn.ReLU`"): before a name, or opening an aside
_EXAMPLE_WORDS = r"such as|for (?:example|instance),?|例如|比如|譬如"
_INSTANCE_CUE = re.compile(rf"(?:\blike|\be\.g\.,?|\b(?:{_EXAMPLE_WORDS})|[(（]如)[\s*_`\[]*$", re.IGNORECASE)
_EXCEPTIONS = frozenset(n for n in _BUILTINS if isinstance(c := getattr(builtins, n), type) and issubclass(c, BaseException))
_KEYWORD = re.compile(r"\s*=(?!=)")  # after a name: it is given a value (a keyword argument, a setting)
_HEADING_FILLER = re.compile(r"[\W\d_]+|和|与|及|以及|函数|方法|操作|的用法|用法|介绍|的作用|作用")
_STOPWORDS = frozenset("a an and as at by for from in is it of on or the to vs with how what why use using".split())
_LEADING_MARKUP = re.compile(rf"(?:\s|[-*+>(\[]|\[[ xX]?\]|<[^>]+>|\*\*|__|`|{PICTOGRAPH.pattern})*")
_PHRASE = re.compile(r"\s*[A-Za-z]+(?:\s+[A-Za-z]+)+\s*")  # plain words, no code
_QUOTED = re.compile(r"\s*(?:'[^'\n]*'|\"[^\"\n]*\")\s*")  # a string literal
_FORMULA = re.compile(r"[×÷π−√∑∏∈≤≥≠⌊⌋·]")  # a sign of mathematics no Python code is written with
_SPAN_NAME = re.compile(rf"{_ID}(?:\.{_ID})*(?:\(.*\))?")  # a code/bold span that is a name or a call
# a verb or an article a sentence may open with before the name it is about: "使用 X 根据…创建", "Use `X` to…",
# "The `StreamHandler` class sends…"
# a quoted warning or error opens the passage: what it says next is the API it is about
_MESSAGE_HEAD = re.compile(r"[A-Z][A-Za-z]*(?:Warning|Error|Exception):\s*")
# (and a label or keyword that says what follows is the API: "api：sklearn.preprocessing.MinMaxScaler (…)",
# a reference page's "class sklearn.tree.DecisionTreeClassifier(criterion='gini', …)")
_LEAD_VERB = re.compile(r"(?:使用|利用|调用|通过|用|Use |Using |Call |The |An? |class |(?:api|API|接口|函数|方法)\s*[:：]\s*)[\s`*_]*")
# a library said to provide what the sentence is about: "另外，sklearn 提供了 [TfidfVectorizer](…)，集成了 …",
# "PyTorch also provides `torch.nn.init`…"
_PROVIDES = re.compile(r"(?:(?:另外|此外|同时|而且|Also|Additionally|In addition)\s*[，,]\s*)?(?:[A-Za-z][\w.-]*\s*(?:中|里)?\s*[，,]?\s*)?"
                       r"(?:还|也|also\s+)?(?:提供了?|provides|offers)\s*(?:一个|一种|an?\s+|the\s+)?(?:类|函数|方法|class\s+|function\s+)?[\s`*_\[]*")
# (a method may be written without its receiver: "`.to_csv()`, `.to_excel()`")
_NAME_LIST = re.compile(r"[\s`*_,，、;；/]*(\.?[A-Za-z_][A-Za-z0-9_.]*(?:\(\))?)[\s`*_,，、;；/]*")  # ASCII: "torch.repeat和…" says something
_DOTTED_NAME = re.compile(rf"\s*({_ID}(?:\.{_ID})+(?:\(\))?)\s*")  # `numpy.triu` on a line of its own
# a plain word the prose calls a function, method or class: `drop_duplicates 方法`, "the apply method"
# (group 2: a Chinese cue, where an ASCII word is code; in English prose it may be a plain word)
_CUED_WORD = re.compile(rf"{_BEFORE}({_ID})(?:\s*\(\))?\s*(?:(函数|方法|类)|(?:functions?|methods?|class(?:es)?)\b)")
_CUES = re.compile("函数|方法|类|function|method|class")  # one of them anywhere: `_CUED_WORD` may match
# a name joined to the next by "或者", "和", "、", "or", "and" ("set_xlim或者set_ylim函数", "`dumps` and `loads`
# functions"): the cue after the last is every one's, an earlier one's when it is spelt as code (`set_xlim`, `getLogger`, `f()`)
_JOINED_BEFORE = re.compile(rf"{_BEFORE}({_ID})(\s*\(\))?\s*(?:或者|或|和|与|及|、|/|,|，|\s+or\s+|\s+and\s+)\s*$")
_SPELT_AS_CODE = re.compile(r"._|[a-z][A-Z]")
# the name a definition list's entry opens with, unmarked: "resolve: 把相对路径转化成绝对路径",
# "heappushpop(heap, item)" over the line that says what it does; or several that share it (`triu/tril：…`)
# an entry's name, then a colon, a dash between spaces ("dumps - 将Python对象处理成JSON格式的字符串") or a line break
# or a wide gap ("searchsorted(a, v[, side])    Find indices where …", as a reference page lists it), after a
# signature or in a listing's entry
_ENTRY_HEAD = re.compile(
    rf"({_ID})(\([^()\n]*\))?[`*_]*[ \t]*(?:[:：][ \t]*(?=\S)|(?<=[ \t])[-–—][ \t]+(?=\S)|\n(?=\s*\S)|(?P<gap>(?<=[ \t]{{2}}))(?=\S))")
_ENTRY_HEADS = re.compile(rf"((?:{_ID}/)+{_ID})[`*_]*[ \t]*[:：][ \t]*(?=\S)")
_ID_RE = re.compile(_ID)
_SIGNATURE_HEAD = re.compile(rf"[\s`*_]*(?:类\s*)?{_ID}(?:\.{_ID})*\(([^\n]*?)\)")
# a word Chinese prose says is called ("调用 backward", "调用zero_grad"): code, though unmarked
_CALLED_AFTER = re.compile(rf"调用\s*({_ID})(?![A-Za-z0-9_.(])")
# a CamelCase name (`ParameterList`, `ImageFolder`) in Chinese prose, which rarely marks code: an API's
# name where the section's library has one so spelt (English prose has "PyTorch", "GitHub" as words)
_DEVICES = frozenset({"cpu", "cuda", "gpu", "mps", "tpu", "xla"})  # "查看cuda版本": the device, not `Tensor.cuda`
# a lower-case word against Chinese: right after or before a Chinese character, or in brackets after one
# ("重置索引（reindex）"); the only words `mentions` reads so, found by the scan rather than tested one by one
_EMBEDDED_WORD = re.compile(rf"(?<![A-Za-z0-9_.`'\"/\\-])(?:(?<={CJK_CHAR.pattern})|(?<={CJK_CHAR.pattern}[(（])|(?=[a-z0-9_]+{CJK_CHAR.pattern}))"
                            r"([a-z][a-z0-9_]{2,})(?![A-Za-z0-9_.(`'\"/-])")
# a capitalised word that is a name spelt as code (`BCEWithLogitsLoss`, `MaxPool2d`, `RLock`; never `Lock`, `PCA`,
# `VGG16`): a lower-case letter in it, and a capital after its first; whole (`_CAMEL_NAME`) or in prose (`_CAMEL_WORD`)
_CAMEL_NAME = re.compile(r"(?=[A-Z0-9]*[a-z])(?=[A-Z][A-Za-z0-9]*[A-Z])[A-Z][A-Za-z0-9]*")
_CAMEL_WORD = re.compile(rf"{_BEFORE}({_CAMEL_NAME.pattern})(?![A-Za-z0-9_.(])")
# a word the prose calls a layer ("dropout层", "RNNCell层", "the `Linear` layer"): the framework's layer class
# (in English only a marked name: "the RNN layer" and "the output layer" are the prose's own words)
_LAYER_WORD = re.compile(rf"{_BEFORE}({_ID})[`*_]*\s*层|`({_ID})`\s*layers?\b")
_LAYER_AFTER = re.compile(r"[`*_]*\s*层")
_LAYER_HOMES = {"torch": "torch.nn"}  # where each library keeps its layers (only listed ones: nothing invented)
# a member written with what it belongs to: "list 的 sort 方法", "DataFrame的merge", "a tensor's `view`",
# "numpy 的 where 函数"
# read around each 的 / 's: the owner right before it (with 对象, 类 … after it), the member right after
_OF_MARK = re.compile(r"的|['’]s\b")
_OWNER_BEFORE = re.compile(rf"{_BEFORE}({_ID}|张量|列表|字典|字符串|元组|集合|数组|文件)(?:\s*(?:对象|类|实例|类型|模块|库))?\s*$")
_MEMBER_AFTER = re.compile(rf"\s*[`*]*({_ID})(?![A-Za-z0-9_])")
_OWNER_WINDOW = 48  # characters before the mark an owner is looked for in
# words after a library's possessive that say what kind of thing follows, or qualify it ("TensorFlow's module
# `initializers`", "PyTorch's own"): English, no function of the library
_NOT_MEMBERS = frozenset({"module", "modules", "function", "functions", "method", "methods", "class", "classes", "api", "apis",
                          "library", "package", "way", "own", "new", "main", "default", "built"})
_MEMBER_CUE = re.compile(r"[`*]*\s*(?:\(|(?:method|function|attribute|property)\b)", re.IGNORECASE)
_OWNER_ENDS = frozenset("量表典串组合象类例型块库件")  # last characters of the Chinese owner words above
# "the sort method of a list", "the `group` method of a Match object": the member first, its owner after
_MEMBER_OF = re.compile(
    rf"{_BEFORE}[`*]*({_ID})[`*]*(?:\(\))?\s+(?:method|function|attribute|property)\s+of\s+(?:an?\s+|the\s+)?[`*]*({_ID})(?![A-Za-z0-9_])")

# The classes a method written on an unknown receiver belongs to, per library, most likely first.
_LIBRARY_CLASSES: dict[str, tuple[str, ...]] = {
    "torch": ("torch.Tensor", "torch.nn.Module", "torch.optim.Optimizer"),
    "numpy": ("numpy.ndarray",),
    "pandas": ("pandas.DataFrame", "pandas.Series"),
    "pathlib": ("pathlib.Path",),
    # `.scatter()`, `.legend()` in a note on matplotlib: pyplot's functions, else an Axes' or a Figure's
    "matplotlib": ("matplotlib.pyplot", "matplotlib.axes.Axes", "matplotlib.figure.Figure"),
}


@dataclass(slots=True)
class Scope:
    """What names in one section's prose can mean."""

    names: ImportMap  # the note's imports and aliases so far, every reader's
    library: str | None  # the library the headings (or title, tags) name
    code: dict[str, list[str]]  # symbols the section's code uses, by variant ('' for all)
    kind_of: Callable[[str, str], str | None] = lambda _name, _variant: None  # a variable's kind, per variant
    note_library: str | None = None  # the library the note's code is mostly about (for `model.eval()`)
    # every library the note's code uses, most used first: a torch book's chapter whose cells mostly
    # call torchvision still means torch's `Dataset` when its prose says "继承PyTorch自身的Dataset类"
    note_libraries: tuple[str, ...] = ()
    classes: tuple[str, ...] = ()  # classes the section's prose names: "torch.Tensor 可以调用该函数"
    titled: tuple[str, ...] = ()  # classes the note's title names by a word (`_title_classes`), the builtin type the headings do
    # per reader (a framework tab): the imports of the blocks written for it, so that `nn.Sequential`
    # in PyTorch-tab prose is torch's even when an MXNet block imported `nn` first
    by_variant: dict[str, ImportMap] = field(default_factory=dict)
    # what a cheat sheet's `<placeholder>` holds (`<con>` = sqlite3.Connection), shared by the note's sections
    placeholders: dict[str, str] = field(default_factory=dict)
    # the members of classes the whole note's code uses, by last name (`pivot` -> `pandas.DataFrame.pivot`)
    note_methods: dict[str, list[str]] = field(default_factory=dict)
    # the section's parameter lists: its signatures' parameter names, or None when its heading names a
    # call (`### torch.utils.data.DataLoader()`): then every bare `name：…` entry is one of its parameters
    # (`_parameters`, worked out once a passage asks: most never do)
    parameters: Callable[[], frozenset[str] | None] = frozenset
    exercises: bool = False  # the note is a set of exercises: its numbered headings are tasks (`is_task`)
    binds: Callable[[str], bool] = lambda _name: False  # whether the note's code binds a name (`def plot`)
    assigns: Callable[[str], bool] = lambda _name: False  # whether it gives a name a value (`px = …`), no import
    own_class: Callable[[str], bool] = lambda _name: False  # whether it defines a class so named (`class Counter:`)
    # what the note's imports bind anywhere in it, the first binding of each name: "**PCA** is a technique
    # …" above the block that imports `PCA` from sklearn.decomposition speaks of that class
    later: dict[str, str] = field(default_factory=dict)
    # the standard modules the note's code imports, in any block (`import itertools`): a library's
    # function may as well be a method of its classes (`sort` in a note on pandas that imports numpy)
    standard: tuple[str, ...] = ()
    # what the note's prose calls the APIs its code uses ("最大池化" -> `torch.nn.MaxPool2d`, "layer norm" -> `torch.nn.LayerNorm`: `glossary`)
    spoken: dict[str, str] = field(default_factory=dict)
    # the APIs the code of the sections under this one uses (`_code_spelt`), worked out when a heading asks
    below: Callable[[], tuple[str, ...]] = tuple
    # the APIs of modules and classes the whole note's code uses, by last name (`apis_by_name`): what
    # Chinese prose means by an English word it writes unmarked ("solve适用于满秩矩阵")
    note_apis: dict[str, list[str]] = field(default_factory=dict)
    # the module the list item above the passage opens with ("- `shutil`：…" over "  - `rmtree`递归删除"):
    # what a bare name in an outline's entry under it is a function of
    outline: str | None = None
    above: tuple[str, ...] = ()  # the classes the headings above the section name ("### Module" over "#### 常见的函数")
    # the classes a note with no library was taken to name by their names alone (`_concept`): what a
    # reader of the theory writes, said as much as code calling it says, never as a section on the API
    concepts: set[str] = field(default_factory=set)
    # the module the note's folders spell (`utils/data/`: `torch.utils.data`, `context.folder_module`): what
    # a bare name in a note kept along a library's tree is a member of ("数据集合：Dataset")
    folder_module: str | None = None
    # the module the note is the reference page of (`titled_module`): what a bare ``shuffle()`` it writes
    # as code is a function of
    page_module: str | None = None
    # the library's classes the section's heading writes as words ("`.apply()` on a Series"): whose a
    # method written without its receiver is, after the classes the prose marks
    heading_classes: tuple[str, ...] = ()

    def imports(self, variant: str) -> list[ImportMap]:
        """The import maps prose written for `variant` reads: its readers' own first, then everyone's."""
        own = [names for v, names in self.by_variant.items() if v and variant and variants_meet(v, variant)]
        return [*own, self.names]


@dataclass(slots=True)
class Mention:
    """A name the prose writes, resolved: where it stands and how strongly it is marked."""

    symbol: str
    start: int  # offset in the passage text
    signature: str = ""
    strong: bool = False  # code span, bold, call-shaped, or followed by a cue word
    passed: bool = False  # written only among another call's arguments (`a.insert(bisect.bisect_left(a, x), x)`)
    starts: list[int] = field(default_factory=list)  # where each of its occurrences stands


@dataclass(slots=True)
class _Unit:
    passage: Passage
    mentions: list[Mention] = field(default_factory=list)
    subjects: list[str] = field(default_factory=list)


def resolve(
    token: str, scope: Scope, variant: str = "", marked: bool = False, called: bool = False, member: bool = False,
    coded: bool = False,
) -> str | None:
    """The public API a written name stands for, or None. `marked`: written as code, bold, a call or
    with a cue word, so a bare word may be looked up in the section's library; `called`: written as
    a call or with a cue word, which a builtin (`zip()`, `hasattr` 函数) needs to count; `member`:
    written as a method without its receiver (`.detach()`), never a module's function; `coded`: written
    as code (a code span, a call), so a bare name may mean what the note's code calls in another cell."""
    token = token.strip().strip(".")
    if "." in token and token.rpartition(".")[2].startswith("__"):
        # `object.__format__` as written; `nn.Module.__init__(self)`, a special method the API table does
        # not list, is about the class
        if found := _resolve_dotted(token, scope, variant, marked and called):
            return found
        token = token.rpartition(".")[0]
    if not token or token.startswith("_") or token.rsplit(".", 1)[-1].lower() in _FILE_SUFFIXES:
        return None
    if "." in token:
        if member or token.startswith("str."):
            # `.str.lower()` under pandas: an accessor's method on the library's class; so is `str.strip()`
            # in a note on pandas ("* str.strip():删除左右两侧的空白" under "字符串"), Python's own elsewhere
            found = _first_member(_library_classes(scope), token) or _library_function(scope, token)
            if found:  # (`.random.seed` in a note on numpy: `np.random.seed`, not the standard module's)
                return found
        return _resolve_dotted(token, scope, variant, marked and called and coded)
    code = [s for v, syms in scope.code.items() if variants_meet(v, variant) for s in syms]
    spelt = [symbol for symbol in code if symbol.rsplit(".", 1)[-1] == token]
    if member:  # "# .sort()" over code calling `np.sort(a)` and `a.sort()`: the method, however the code spells it too
        spelt = [symbol for symbol in spelt if public_api.held_by_class(symbol)]
    if not spelt and not code and (token in _BUILTINS or member):
        # "## format用法" whose words introduce the sub-sections below, each with its example
        # (`'{} {}'.format(a, b)`): the method their code calls, not the builtin spelt so; and "## Shifting
        # Rows (`.shift()`)" over "### Shift Execution Example" calling `df['status'].shift(1)`: a series'
        spelt = [symbol for symbol in scope.below() if symbol.rsplit(".", 1)[-1] == token
                 and (not member or public_api.held_by_class(symbol))]
    if spelt:  # "scan 和 map" over code calling both `map` and `theano.map`: the section's library's
        library = scope.library or scope.note_library
        own = f"{library}." if library else ""
        return next((symbol for symbol in spelt if own and symbol.startswith(own)), spelt[0])
    if called and scope.above and (found := _first_member((*scope.classes, *scope.heading_classes, *scope.above), token)
                                   or _unlisted_member(scope.above, token)):
        # "- cpu()  # 将model para转换到cpu" under "### Module": the class's method, not `torch.cpu` (a class
        # the section's own words name first: "`nn.Linear`… calls a method named `forward`" is Linear's); of
        # a class the table does not list, the member as written ("**3. add_histogram()**" under "0 SummaryWriter")
        return found
    if member:  # the classes the prose names, the heading's words, then those the section's library's methods belong to
        # (or the library's own function, its module left out: "### `.eye`" in a note whose code calls `np.eye`)
        return _first_member((*scope.classes, *scope.heading_classes, *_library_classes(scope)), token) or \
            _library_function(scope, token) or _builtin_method(token, scope)
    for names in scope.imports(variant):
        if token in names.names:
            return public_api.canonical(names.names[token]) if "." in names.names[token] else None
    if not marked:
        return None
    if scope.outline and (found := _module_function(token, scope.outline)):
        return found  # "  - `rmtree`递归删除" under "- `shutil`：…"
    if scope.folder_module and (found := _module_function(token, scope.folder_module)):
        return found  # "数据集合：Dataset" in `utils/data/`; "张量分发：scatter" in `distributed/`, not `torch.scatter`
    if scope.page_module and (coded or called) and token[:1].islower() and (found := _module_function(token, scope.page_module)):
        # "mixed up with ``shuffle()``" on the page "random --- Pseudorandom Number Generators" (a function:
        # "Random Integers" over its section says random numbers, not the class `random.Random`)
        return found
    if (target := scope.later.get(token)) and "." in target and (found := public_api.canonical(target)):
        return found
    low = token.lower()
    if token[:1].isupper() and scope.own_class(token):
        return None  # "`Counter` now returns `Self`" over `class Counter:`: the note's class, not `typing.Counter`
    if token[:1].isupper():  # "Tensor" names the class `torch.Tensor`, not the code's `t.tensor(...)`
        spelt_class = public_api.class_named(token)  # `Optimizer`: `torch.optim.Optimizer`, whatever re-exports it
        for library in dict.fromkeys((scope.library, scope.note_library)):
            if library and public_api.is_public(f"{library}.{token}"):
                return f"{library}.{token}"
            if library and spelt_class and spelt_class.startswith(f"{library}."):
                return spelt_class
    for symbol in code:  # "Detach 函数" over code that calls `x.detach()`
        if symbol.rsplit(".", 1)[-1].lower() == low and (coded or not sentence_cased(token, symbol, len(set(code)))):
            return symbol
    if found := _first_member(scope.classes, token):  # "ge(num)函数" where the prose says the Tensor has it
        return found
    called_on = scope.note_methods.get(token, ()) if coded else ()
    if len(called_on) == 1:  # a bare `pivot` where the note's code, in some cell, calls it on a frame
        # (under headings naming a builtin type, "Python 字典 › 方法 › fromkeys", that type's own member,
        # whatever class the note's code later calls it on: `OrderedDict.fromkeys('abcde')`)
        return _first_member(tuple(t for t in scope.titled if t in api.BUILTIN_TYPES), token) or called_on[0]
    if scope.assigns(token) and not token[:1].isupper() or token in scope.standard:
        # "对于上例的func函数" over `def func(x)`: the note's own function, not `torch.func` (what it
        # imports, `from scipy import optimize`, is the library's still); "`random` 的种子" in a note that
        # imports `random`: that module, not `torch.random`
        return None
    if coded and not called_on and token[:1].islower() and token not in _BUILTINS and not public_api.class_named(token) \
            and (used := _note_api(token, scope, classes=False)):
        # "`read_parquet` vs `scan_parquet`" over code that calls `pl.scan_parquet(...)`: the one function
        # so named the note's code uses (a class, "`ndarray` in MXNet", "*tensor class*", is named in
        # passing as often)
        return used
    if called and coded and token not in _BUILTINS and not scope.classes and (found := _module_function_called(token, scope)):
        # written as a call (`text()`), not a heading's one word ("nan 元素处理"), where the prose names no
        # class whose method it may be ("`Event` 是…标志：`set()`…`wait(timeout)`")
        return found
    if scope.library and scope.library != PYTHON and public_api.is_closed(scope.library) \
            and (coded or called or not (token.isalpha() and token.islower())):
        # `cross_val_score` under sklearn: the library's one name that ends so (the library's own name,
        # as in the heading "re 正则", names the library, not a member spelt like it: `re.Match.re`);
        # a lowercase word only in bold is an English word stressed ("keep the **values** small")
        found = _library_member(token, scope.library, exact=False, called=called)
        if found and not _another_class_s(found, scope):
            return found
    elif coded and scope.note_library and public_api.is_closed(scope.note_library) and token != scope.note_library:
        # `to_numeric` written as code in a notebook about pandas whose headings name no library: the
        # library's own function of that name, or its one member that ends so (`tz_localize`, a method of
        # both frames and series, stays unresolved: the note does not say whose)
        found = _library_member(token, scope.note_library, exact=True)
        if found and not _another_class_s(found, scope):
            return found
    if coded and called and not scope.binds(token) and not any(
            public_api.is_public(f"{library}.{token}") for library in scope.note_libraries):
        # "`wait()` 方法将会阻塞线程" over code that makes an `Event`: the one class made there that has it
        # (where no library the note uses has a function so named, "sigmoid函数" is torch's, and the note
        # does not define one: "定义一个`plot`函数")
        if found := _sole_member(_code_classes(scope, variant), token):
            return found
    if coded and token[:1].isupper() and not scope.library:
        # a class the note's code never imports (`class MyDataset(Dataset)`), written as code or called
        # a class in the prose: the one class so named in a library the note's code uses
        for library in with_foundations(scope.note_libraries):
            if library != scope.note_library and public_api.is_closed(library):
                found = public_api.find_suffix(token, library)
                if found:
                    return found
    if coded and token in _BUILTINS and (found := _first_member(scope.titled, token)):
        return found  # "在 `eval()` 模式下" in a note titled "Module": the class's method, not the builtin
    if (called or coded and token in _EXCEPTIONS) and token in _BUILTINS and public_api.is_public(token) and (
            not token[:1].isupper() or token in _EXCEPTIONS):
        return token  # `zip()`, `hasattr` 函数, a heading's exception ("## `ZeroDivisionError`")
    if coded and len(token) >= 6 and token not in STDLIB and not public_api.is_method_name(token) and (
            found := _sole_member(scope.standard, token)):
        # "- `permutations` 排列" in a note whose code does `import itertools`, before or after; a short
        # word in code marks is more often the note's own (`name`, `X`), a module's name the module, and
        # a method's name (`replace`, `sample()`) a method of what the prose speaks of
        return found
    if coded and (found := _first_member(scope.titled, token)):
        return found  # a bare `zero_grad()` in a note titled "优化器optimizer的概念", when nothing else says whose
    if called and token[:1].islower() and not any(library and library != PYTHON for library in (scope.library, scope.note_library)):
        return _builtin_method(token, scope)  # "需要先将消息encode()成bytes格式" in a note on plain Python
    return None


def _builtin_method(token: str, scope: Scope) -> str | None:
    """The one builtin type with the method `token` (of several, the one the headings name): whose a
    method is that a note on plain Python calls bare ("encode()成bytes格式"), or that any note writes
    without its receiver once no class of its library has it ("the list method .sort()"); else, of a
    method no such type has, the file object's `open()` gives ("`readlines()` 把文本文件中每行…")."""
    owner = builtin_owner(token, next((t for t in scope.titled if t in api.BUILTIN_TYPES), None))
    if owner is None and not builtin_owners(token) and public_api.is_public(f"{api.TEXT_FILE}.{token}"):
        owner = api.TEXT_FILE
    return f"{owner}.{token}" if owner else None


# a lookup in the API table alone, whose misses cost a scan of the library's names (a heading's word, "Pandas",
# "Argwhere"); asked again for the headings above every section and the words notes on a library share
@functools.lru_cache(maxsize=1 << 14)
def _library_member(token: str, library: str, exact: bool, called: bool = False) -> str | None:
    """`library`'s name `token` (with `exact`, only one that is that name itself, not an alias of another),
    else its one member that ends so — never a member spelt like the library's own name; `called`:
    written as a call, so of a method and an attribute so named (`re.Match.groups()`, `re.Pattern.groups`)
    the method."""
    written = f"{library}.{token}"
    named = public_api.canonical(written)
    if named and (not exact or named == written):
        return api.public_name(named)  # io's `open` is the builtin
    if token == library or token in _BUILTINS:  # "`list`" in a torch note is the builtin, not `torch.hub.list`
        return None
    # the one that ends so, spellings of one API counting once (`pathlib.PurePath.stem`, `pathlib.Path.stem`),
    # and a module's function counting for its classes' methods of that name (`numpy.random.shuffle` for
    # `numpy.random.Generator.shuffle`: the function a note names bare, the method being its new spelling)
    found, functions = _spellings(token, library)
    if len(functions) == 1:
        module = functions[0].rpartition(".")[0]
        if all(name.startswith(f"{module}.") for name in found):
            return functions[0]
    if called and len(found) > 1:
        found = {name for name in found if not api.is_property(*name.rsplit(".", 1))}
    return found.pop() if len(found) == 1 else None


def _another_class_s(symbol: str, scope: Scope) -> bool:
    """Whether `symbol` is a member of a class other than one the section is about, of the same library:
    `max_features` under "2. TfidfVectorizer" is that class's parameter, which the API table does not
    list, not the attribute of `RandomTreesEmbedding`, the one class the table has it for."""
    if not public_api.held_by_class(symbol):
        return False
    owner = symbol.rpartition(".")[0]
    library = owner.partition(".")[0]
    return any(c != owner and c.partition(".")[0] == library for c in (*scope.classes, *scope.heading_classes, *scope.above))


def methods_by_name(symbols: Iterable[str]) -> dict[str, list[str]]:
    """The members of classes among `symbols` (`pandas.DataFrame.pivot`: a value of a known kind has
    it, unlike a module's function), by last name, each once, in order."""
    out: dict[str, list[str]] = {}
    for symbol in dict.fromkeys(symbols):
        parts = symbol.rsplit(".", 2)
        if len(parts) == 3 and parts[1][:1].isupper():
            out.setdefault(parts[2], []).append(symbol)
    return out


def apis_by_name(symbols: Iterable[str]) -> dict[str, list[str]]:
    """The APIs among `symbols` a module or class holds (`numpy.linalg.solve`, `torch.Tensor.view`; a
    builtin type's method says nothing of the note's library), by last name, each once, in order."""
    out: dict[str, list[str]] = {}
    for symbol in dict.fromkeys(symbols):
        owner, _, name = symbol.rpartition(".")
        if owner and owner not in api.BUILTIN_TYPES:
            out.setdefault(name, []).append(symbol)
    return out


def _note_api(word: str, scope: Scope, classes: bool) -> str | None:
    """The one API named `word` that the note's code uses (`Scope.note_apis`), as code names it; a
    module never, a listed class only with `classes`; None when it uses none or several."""
    used = {api.public_name(symbol) for symbol in scope.note_apis.get(word, ())
            if symbol not in public_api.MODULES and (classes or symbol not in public_api.CLASSES)}
    return used.pop() if len(used) == 1 else None


def _module_function(word: str, module: str | None) -> str | None:
    """`module`'s function or class named `word` itself (`pickle.dumps`), not a submodule (`os.path`)."""
    found = _library_member(word, module, exact=True) if module else None
    return found if found not in public_api.MODULES else None


def _module_function_called(word: str, scope: Scope) -> str | None:
    """The one function named `word` among the modules of the section's library (the note's) whose
    functions the note's code calls (`Scope.note_apis`): "`text()`函数可以在任意位置添加文本内容" over
    `plt.plot(...)` is pyplot's, not the module `matplotlib.text`."""
    library = (scope.library or scope.note_library or "").partition(".")[0]
    modules = {owner for name, used in scope.note_apis.items() if name[:1].islower() for symbol in used
               if (owner := symbol.rpartition(".")[0]) in public_api.MODULES}
    found = {f"{module}.{word}" for module in modules if public_api.is_public(f"{module}.{word}")
             and (not library or library == PYTHON or module.partition(".")[0] == library)}
    return api.public_name(found.pop()) if len(found) == 1 and not found & public_api.MODULES else None


def _opening_module(passage: Passage) -> str | None:
    """The module a list item opens with as code ("`shutil`：更多和系统相关的…", "`os.path`: …"), or None."""
    span = passage.code[0] if passage.code else ""
    if not span or not passage.text.lstrip(" -*+").startswith(f"`{span}`"):
        return None
    return span if span in public_api.MODULES and (span in STDLIB or span.partition(".")[0] in STDLIB) else None


def _introduced_module(passage: Passage) -> str | None:
    """The one submodule a paragraph names as code ("For images, we often use `torchvision.transforms`
    for preprocessing"), whose names the list after it goes on to write bare ("- `ToTensor`: Convert
    image to tensor"); None where it names none or several."""
    named = {span for span in passage.code if "." in span and span in public_api.MODULES}
    return named.pop() if len(named) == 1 else None


def _dotted_owner(section: Section) -> str | None:
    """The one class that has every method the section writes with a leading dot, two at least
    ("The `.cpu()` function … The `.detach()` function … the `.numpy()` function": a tensor's, whatever
    library the heading's words name): whose a method written without its receiver is."""
    members = {m[1] for passage in section.passages for span in passage.code
               if (m := _DOTTED_ALONE.fullmatch(span)) and "." not in m[1]}
    if len(members) < 2:
        return None
    owners = [cls for cls in _DOTTED_OWNERS if all(public_api.is_public(f"{cls}.{member}") for member in members)]
    return owners[0] if len(owners) == 1 else None


# the classes `_dotted_owner` chooses among: those people call methods of, and each library's own
_DOTTED_OWNERS = tuple(dict.fromkeys((*public_api.CLASSES, *(c for cs in _LIBRARY_CLASSES.values() for c in cs))))


def _library_classes(scope: Scope) -> tuple[str, ...]:
    """The classes a method of the section's library, then of the note's, most likely belongs to: a
    heading that names a module without such classes ("Finding the warnings") leaves the note's, and so
    does a method the section's library has none of (`.value_counts()` in a post tagged Matplotlib whose
    code is pandas')."""
    section = _LIBRARY_CLASSES.get(scope.library or "", ())
    if not scope.note_library or scope.note_library == scope.library:
        return section
    return (*section, *_LIBRARY_CLASSES.get(scope.note_library, ()))


def possessives(text: str, scope: Scope, variant: str = "") -> list[tuple[int, int, str]]:
    """(start, end, symbol) of each member the text writes with its owner ("list 的 sort 方法",
    "DataFrame的merge", "Match 对象的 group 方法", "张量的 view 方法", "a tensor's `view` method", "the
    sort method of a list", "numpy 的 where 函数"), when the owner names a module, a class or a
    variable of a known kind and the member is public API there."""
    if "的" not in text and "'s" not in text and "’s" not in text and " of " not in text:
        return []  # no mark either way of reading a member with its owner (`_OF_MARK`, `_MEMBER_OF`)
    out: list[tuple[int, int, str]] = []
    pairs: list[tuple[int, int, str, str]] = []
    for mark in _OF_MARK.finditer(text):
        before = text[max(mark.start() - 8, 0):mark.start()].rstrip()[-1:]
        if not before or not (before.isascii() or before in _OWNER_ENDS):
            continue  # "我们的", "计算图的": Chinese prose, not an API's owner (most 的 end here)
        low = max(mark.start() - _OWNER_WINDOW, 0)
        owner = _OWNER_BEFORE.search(text, low, mark.start())
        member = _MEMBER_AFTER.match(text, mark.end()) if owner else None
        if owner and member and (mark[0] == "的" or _writes_member(text, owner[1], member)):
            pairs.append((owner.start(1), member.end(1), owner[1], member[1]))
    if " of " in text:
        pairs += [(m.start(1), m.end(2), m[2], m[1]) for m in _MEMBER_OF.finditer(text)]
    for start, end, written, member in sorted(pairs):
        module = _MODULE_OWNERS.get(written) or _MODULE_OWNERS.get(written.lower()) \
            or (written if written in STDLIB and written not in AMBIGUOUS_STDLIB else None)
        # "Pandas的Merge", "DataFrame的Merge": a member capitalised as a topic word, its owner's one so spelt in any case
        titled = member[:1].isupper() and member[1:].islower()
        if module is not None:
            symbol = public_api.canonical(f"{module}.{member}") or (public_api.member_ignoring_case(module, member) if titled else None)
        else:
            owner = CLASS_NOUNS.get(written) or _owner(written, scope, variant)
            symbol = f"{owner}.{member}" if owner else None
            if symbol and public_api.is_closed(symbol) and not public_api.is_public(symbol):
                symbol = public_api.member_ignoring_case(owner, member) if titled and owner else None
        if symbol:
            out.append((start, end, symbol))
    return out


# words that name a module when they own a member ("numpy 的 where 函数", "np 的 where")
_MODULE_OWNERS = {**{w: lib for w, lib in LIBRARY_WORDS.items() if w == lib}, **CONVENTIONAL_ALIASES}


def _writes_member(text: str, owner: str, member: re.Match[str]) -> bool:
    """Whether an English possessive ("X's y") writes an API's member, not English ("the model's
    parameters"): the member as code ("a tensor's `view` method", "df's sort_values()"), or a library's
    name owning its function ("NumPy's argsort returns…"; not "TensorFlow's high-level APIs", "its module")."""
    if "`" in member[0] or "*" in member[0] or _MEMBER_CUE.match(text, member.end()):
        return True
    return owner.lower() in _MODULE_OWNERS and member[1].lower() not in _NOT_MEMBERS and not text.startswith("-", member.end())


def _owner(word: str, scope: Scope, variant: str) -> str | None:
    """The class a possessive's owner names: a builtin type (`list`), a class (`DataFrame`, `tensor`,
    `KMeans` under sklearn) or a variable of a known kind (`df`, `model`)."""
    if word in api.BUILTIN_TYPES:
        return word
    kind = scope.kind_of(word, variant) or public_api.class_named(word)
    if kind:
        return kind
    symbol = resolve(word, scope, variant, marked=True)
    if symbol and symbol.rpartition(".")[2][:1].isupper():
        return symbol
    kinds = api.conventional_kinds(word)
    return kinds[0] if kinds else None


def _code_tails(scope: Scope, token: str, variant: str) -> list[str]:
    return [s for v, syms in scope.code.items() if variants_meet(v, variant) for s in syms if s.rsplit(".", 1)[-1] == token]


def _resolve_dotted(token: str, scope: Scope, variant: str, call: bool = False) -> str | None:
    """`call`: written as a call in code marks (`jinja2.utils.htmlsafe_json_dumps()`): a function's
    full path in a package nothing else here knows is taken as written."""
    head, _, rest = token.partition(".")
    imports = scope.imports(variant)
    # `px.values` where the note's code made `px` its prices: the note's value, not plotly.express
    mine = head in CONVENTIONAL_ALIASES and scope.assigns(head) and not any(head in names.names for names in imports)
    qualified = None if mine else qualify_written(token, imports)
    if qualified is not None:
        found = public_api.canonical(qualified)
        if found is None and (fixed := public_api.corrected(qualified)) \
                and fixed in scope.note_apis.get(fixed.rpartition(".")[2], ()):
            return fixed  # "nn.Sequetial：按照顺序包装多个网络层" over code that calls `nn.Sequential`
        return found or _module_class_member(qualified)
    if found := _module_class_member(token):
        return found
    if head in api.BUILTIN_TYPES:  # `dict.get()`, `str.join`: a builtin type's method, when it has one
        return token if public_api.is_public(token) else None
    cls = public_api.class_named(head) if head[:1].isupper() else None
    if cls and any(target.partition(".")[0] == cls.partition(".")[0] for names in scope.imports(variant)
                   for target in names.names.values()):
        return public_api.canonical(f"{cls}.{rest}")  # `DataFrame.pipe` in a note whose code imports pandas
    kind = scope.kind_of(head, variant)
    if kind and not _rival(scope, kind):
        if not public_api.is_closed(kind):
            return f"{kind}.{rest}"
        return public_api.canonical(f"{kind}.{rest}") or _through_attributes(kind, rest)
    if "." not in rest and head[:1].islower():
        # `opt.zero_grad()` over code that makes layers: the optimizer's, as its name says, where the note
        # is about that library (not a rival framework's); else `model.predict_proba` over code that fits a
        # RandomForestClassifier
        libraries = {scope.library, scope.note_library, *scope.note_libraries}
        owners = [owner for owner in api.conventional_kinds(head) if owner.partition(".")[0] in libraries
                  and not _rival(scope, owner)]
        if found := _first_member(owners, rest) or _sole_member(_code_classes(scope, variant), rest):
            return found
    if "." in rest:  # `df.col1.str.contains('sub')`: through a frame's column and its accessor
        if found := next(filter(None, (_through_attributes(owner, rest) for owner in api.conventional_kinds(head))), None):
            return found
    else:
        for owner in api.conventional_kinds(head):
            if public_api.is_public(f"{owner}.{rest}") and not _rival(scope, owner):
                return f"{owner}.{rest}"
        # `ax.set_xticks` in a matplotlib note; the note's libraries only where the section names none
        # (`driver.set_window_size(100, 50)` above the block that imports Selenium)
        if owner := api.named_kind(head, rest, {scope.library} - {None} or {scope.note_library, *scope.note_libraries} - {None}):
            return f"{owner}.{rest}"
        if head[:1].islower() and (found := _first_member(scope.titled, rest)):
            return found  # `a.issubset(b)` under "# Sets"
        for owner in _library_classes(scope):
            if public_api.is_public(f"{owner}.{rest}") and head[:1].islower() and len(head) <= 8:
                return f"{owner}.{rest}"
        if (scope.library or scope.note_library) in (PYTHON, None) and head[:1].islower():
            # `counters.setdefault(key, 0)` in notes on plain Python: the one builtin type with the method
            if found := _sole_member(api.BUILTIN_TYPES, rest):
                return found
    # `lr_scheduler.ReduceLROnPlateau` under torch, or in a note whose code uses torch
    for library in (scope.library,) if scope.library else (scope.note_library, *scope.note_libraries):
        if library and public_api.is_closed(library) and (found := public_api.find_suffix(token, library)):
            return found
    if call and rest.count(".") >= 1 and _PACKAGE.fullmatch(head) and head not in ("self", "cls") \
            and not api.conventional_kinds(head):  # `df.col1.str.match()` is no package `df`'s function
        return token if not public_api.is_closed(head) else None
    return None


_PACKAGE = re.compile(r"[a-z][a-z0-9_]*")


def _module_class_member(written: str) -> str | None:
    """A standard module's name before a member only one of its classes has: "Use ``datetime.strptime()``"
    names `datetime.datetime.strptime`, as `from datetime import datetime` spells it."""
    module, _, member = written.partition(".")
    return public_api.find_suffix(written, module) if module in STDLIB and member and "." not in member else None


def _through_attributes(kind: str, rest: str) -> str | None:
    """`ddi.index.levels` for a frame `ddi`: the member of what the attributes before it hold (the
    frame's index), named as the user's code names it."""
    *path, member = rest.split(".")
    for attr in path:
        kind = api.attribute_result(kind, attr) or ""
        if not kind:
            return None
    symbol = api.member_name(kind, member)
    return symbol if public_api.is_public(symbol) else None


def _rival(scope: Scope, owner: str) -> bool:
    """Whether `owner`, a kind a value's name suggests, is another deep-learning framework's than the
    library the section is about: `model.compile(...)` under Keras is no torch Module's, `model.fit(X, y)`
    under scikit-learn no Keras model's, though the note's other sections use both."""
    root = owner.partition(".")[0]
    library = scope.library
    return (root in api.FRAMEWORKS and (library in api.FRAMEWORKS or library in _MODEL_LIBRARIES)
            and library not in (root, PROVIDED_BY.get(root)))


# libraries whose users fit models of their own kind (`model.fit(X, y)`, `model.score`): a section on
# one of them speaks of no deep-learning framework's model
_MODEL_LIBRARIES = frozenset({"sklearn", "xgboost", "lightgbm", "catboost", "statsmodels"})


def _library_function(scope: Scope, name: str) -> str | None:
    """`library.name` for the section's library or the note's, where it is public: a name written with
    a leading dot and no class of the library has it is the library's own (`.eye`, `.random.seed`).
    (Not `_module_function`: its `canonical` takes `random.random.seed` for a name, where the heading's
    words made the standard `random` the section's library.)"""
    return next((f"{library}.{name}" for library in dict.fromkeys((scope.library, scope.note_library))
                 if library and library != PYTHON and public_api.is_public(f"{library}.{name}")), None)


def _first_member(owners: Iterable[str], member: str) -> str | None:
    """`owner.member` for the first of `owners` that has `member` listed."""
    return next((f"{owner}.{member}" for owner in owners if public_api.is_public(f"{owner}.{member}")), None)


def _unlisted_member(owners: Sequence[str], member: str) -> str | None:
    """`owner.member` for the first of `owners` (a heading's classes) whose library the table does not list:
    nothing here can say the note is wrong, and the note writes the member under the class it names."""
    owner = owners[0] if owners else None
    return f"{owner}.{member}" if owner and not public_api.is_closed(owner) and member.isidentifier() else None


def _sole_member(owners: Iterable[str], member: str) -> str | None:
    """`owner.member` for the one of `owners` that has `member` listed; None for none or several."""
    found = [f"{owner}.{member}" for owner in owners if public_api.is_public(f"{owner}.{member}")]
    return found[0] if len(found) == 1 else None


def _code_classes(scope: Scope, variant: str) -> list[str]:
    """The library classes the section's code makes or calls methods of (`RandomForestClassifier` for
    `clf = RandomForestClassifier(); clf.fit(...)`), in order."""
    out: list[str] = []
    for v, symbols in scope.code.items():
        if variants_meet(v, variant):
            for symbol in symbols:
                owner = symbol.rpartition(".")[0]
                for cls in (symbol, owner):
                    if cls.rpartition(".")[2][:1].isupper() and "." in cls and cls not in out:
                        out.append(cls)
    return out


def mentions(passage: Passage, scope: Scope) -> list[Mention]:
    """Every API name the passage writes, in order of appearance, each once (the strongest mark kept)."""
    text = passage.text
    found: dict[str, Mention] = {}

    def add(token: str, start: int, marked: bool, signature: str = "", called: bool = False, member: bool = False,
            symbol: str | None = None, coded: bool = False, passed: bool = False) -> str | None:
        """`passed`: written among another call's arguments (never what the passage is about, if only so)."""
        cue = bool(_CUE.match(text[start + len(token):start + len(token) + 8])) if start >= 0 else False
        where = start if start >= 0 else len(text)  # not found as written: never taken for the lead word
        if not symbol and not called and start >= 0:
            symbol = _module_named(token, text, start + len(token))
        if not symbol and start >= 0:
            symbol = _of_module_before(token, text, start)
        symbol = symbol or resolve(token, scope, passage.variant, marked, called or cue, member, coded or called)
        if not symbol and (coded or called) and not member and (value := _VALUE_MEMBER.fullmatch(token)):
            # "To convert `Tensor` `x` to NumPy array, use `x.numpy()`": a short value's member, of a
            # class the passage named before it (under a heading on NumPy and torch both)
            symbol = _first_member((s for s in found if s.rpartition(".")[2][:1].isupper()), value[1])
        if not symbol and start >= 0 and (coded or called) and not (member or passed) and not scope.assigns(token):
            # what the line says whose it is, else a compound name only one library has (`train_test_split`函数
            # in a learning diary whose notes have no code)
            symbol = coded and _of_library_on_line(token, text, start) or _sole_named(token, scope)
        if symbol is None or (token in _LIBRARY_NAMES and not called and symbol not in (token, f"{token}.{token}")):
            return None  # "`numpy` 数组" is the library, not `Tensor.numpy` (`tqdm` is tqdm's own `tqdm`)
        symbol = api.public_name(symbol)  # as code names it: `tf.keras.layers.Dense` is `keras.layers.Dense`
        if "." not in token:  # `reshape` over code in several frameworks: each one's reshape
            for other in _code_tails(scope, token, passage.variant):
                if other != symbol and other not in found:
                    found[other] = Mention(other, where, "", marked or cue, passed=passed)
        seen = found.get(symbol)
        if seen is None:
            seen = found[symbol] = Mention(symbol, where, signature, marked or cue, passed=passed)
        else:
            seen.strong = seen.strong or marked or cue
            seen.passed = seen.passed and passed
            seen.signature = seen.signature or signature
            seen.start = min(seen.start, where)
        if start >= 0:
            seen.starts.append(start)
        return symbol

    if not passage.item and (label := _NAME_LABEL.fullmatch(text)) and "\n" not in text.strip():
        # "hexbin", "小提琴图violinplot" on a line of their own over the paragraphs that explain them (a
        # note listing what each chart does): a name, as a heading would write it; of the library's
        # functions, pyplot's for the Axes method it calls (`plt.hexbin` is `ax.hexbin`: `api.mirrors`)
        add(label[1], label.start(1), True, coded=True, symbol=resolve(label[1], scope, passage.variant, True, False, False, True)
            or _mirrored_function(label[1], scope.library or scope.note_library))
    lead = len(_LEADING_MARKUP.match(text).group())  # where its words open, past bullets and marks
    if scope.spoken:  # "- 最大池化是在每个小窗口里取最大的那个值…" in a note whose code calls `nn.MaxPool2d`
        if term := spoken_at(text, lead, scope.spoken):
            add(term, lead, True, symbol=scope.spoken[term])
        # and a sentence that opens with the English words of one ("Layer normalization is similar to
        # batch normalization, but…" in a post whose code makes `nn.LayerNorm(2)`)
        for at, term in spoken_in(text, scope.spoken) if text.isascii() or not UNENGLISH.search(text) else ():
            if at != lead and opens_sentence(text, at):
                add(term, at, True, symbol=scope.spoken[term])
    linked: list[str] = []  # the APIs links' addresses name
    linked_text: set[str] = set()  # what those links' words write: read as the address says, not again
    for m in _DOC_LINK.finditer(text) if "](" in text else ():
        if m.start() and text[m.start() - 1] == "!":
            continue  # a picture (`![Inception_module_detail.png](images/…)`): its file, no reference page
        # `[SpooledTemporaryFile](…/tempfile.html#tempfile.SpooledTemporaryFile)`: the address of a
        # reference page names in full the API the link's words (or the passage's code) name short, with
        # its parameters or not (`[random.seed(seed=None)](…/numpy.random.seed.html)`: numpy's)
        for written in (m[1], *passage.code):
            name = _CALL_ARGUMENTS.sub("", written.strip("`* ")).strip("`*() ")
            if symbol := _linked_api(name, m[2]):
                at = text.find(written)
                add(name, at if at >= 0 else m.start(1), True, symbol=symbol, coded=True)
                linked.append(symbol)
                linked_text.update((written, written.strip("`* ")))
                break
    for m in _STRING_METHOD.finditer(text) if ".join" in text or "'." in text or '".' in text else ():
        # "应该用''.join() 来取代", `" ".join(words)`: a method called on a string written out is str's
        if public_api.is_public(symbol := f"str.{m[1]}"):
            add(m[1], m.start(1), True, called=True, symbol=symbol)
    code_spans = len(passage.code)
    # an entry that opens with its call's signature ("empty( `shape`, dtype, order )  创建一块空数据"):
    # the spans among its arguments name its parameters, no API
    head = _SIGNATURE_HEAD.match(text) if passage.item and "(" in text else None
    # the library a class spelt in words in bold belongs to: the section's, or the note's in a section with no code
    worded_library = (scope.library if scope.library != PYTHON else None) or scope.note_library
    spanned: set[int] = set()  # where a name of a code or bold span stands: read there as the span has it
    searched: dict[str, int] = {}  # a span written twice: its second one stands after the first
    for number, span in enumerate((*passage.code, *passage.strong)):
        at = _find_span(text, span, searched.get(span, 0))
        searched[span] = at + len(span) if at >= 0 else len(text)
        if span in linked_text or head and head.start(1) <= at < head.end(1):
            continue
        if number < code_spans and (_PHRASE.fullmatch(span) or _QUOTED.fullmatch(span) or _FORMULA.search(span)):
            # `load string`: words in code marks, no name; `"mean"`: a value, a string; `lr_t = lr_min +
            # 0.5 × (1 + cos(π × t / T_max))`: a formula, whose `cos` is no library's
            continue
        words = (_TAG if number < code_spans else _MARKUP).sub(" ", span)  # `__init__()` is code, no bold
        if _file_name(words):
            continue  # `cat.10000.jpg`, `data/train.csv`: a file the note names, not an API
        if number < code_spans and words.lstrip().startswith("from ") and (
                imported := parse_imports_tolerant(words).names):
            # a code span that imports names (`from sklearn.model_selection import train_test_split`, a
            # cheat sheet's row): it names what it imports, in full
            for target in imported.values():
                name = target.rpartition(".")[2]
                add(target, at + span.find(name, span.find(" import ")) if at >= 0 else -1, True, coded=True)
            continue
        decorator = words.lstrip().startswith("@")  # `@classmethod`: applied, as a call is
        method = words.lstrip().startswith(".")  # `.detach()`: a method, its receiver left out
        if method:
            words = words.replace(".", " ", 1)
        signature = span.strip() if _SIGNATURE.match(_MARKUP.sub("", span).rstrip(": ：")) else ""
        if number >= code_spans and worded_library and " " in words.strip() and (
                spelt := public_api.titled_class(_ASIDE.sub("", words).strip())) and spelt.startswith(f"{worded_library}."):
            # "**Logistic Regression (LR)** is …" in a note on sklearn; "the **leaky ReLU** is specially
            # popular" in a section with no code of a note whose code is torch's
            add(words.strip(), at, True, symbol=spelt)
            continue
        arguments = -1  # where the arguments of the span's outer call open (a library's, or a method)
        # "A transformer (like `StandardScaler`)", "例如 `nn.ReLU`": an instance of what the passage speaks of
        # and so is one named in an aside ("(i.e., classes with `__iter__()` and `next()`)")
        instance = at > 0 and (bool(_INSTANCE_CUE.search(text, max(0, at - 16), at)) or _in_aside(text, at))
        for index, m in enumerate(_NAME.finditer(words)):
            if index and not m[2] and "." not in m[1]:
                continue  # in `f(a, b)` only the callee is a name of interest
            if not m[2] and _KEYWORD.match(words, m.end(1)):
                continue  # `errors='coerce'`, `how='left'`: an argument, not an API
            if not m[2] and "." not in m[1] and words.startswith("[", m.end(1)):
                if m[1][:1].isupper() and public_api.is_public(f"typing.{m[1]}"):
                    # `Generator[BinaryFile, None, None]`, `Optional[str]`: a type hint's generic, typing's
                    add(m[1], at + m.start(1) if at >= 0 else -1, True, symbol=f"typing.{m[1]}", coded=True)
                elif (column := _COLUMN_MEMBER.match(words, m.start(1))) and api.DATAFRAME in api.conventional_kinds(m[1]) \
                        and (of_column := _through_attributes(api.SERIES, column[1])) and (column[2] or api.is_property(*of_column.rsplit(".", 1))):
                    # `df[x].nunique()`, `df['a'].str.contains(…)`: a frame's column is a series
                    add(column[1], at + column.start(1) if at >= 0 else -1, True, signature if index == 0 else "",
                        bool(column[2]), symbol=of_column, coded=True)
                continue  # `tensor[None]`, `df['a']`: a value indexed, not the function spelt so
            if index == 0 and not m[2] and "." not in m[1] and at >= 0 and (
                    PARAMETER_AFTER.match(text, at + len(span)) or m[1] in (scope.parameters() or ())):
                # "接受一个`device`参数", "the `dim` argument", "`copy`：是否复制数据" under a signature that takes
                # `copy=None`: a parameter's name, not an API
                continue
            # a span the text spells differently (markup inside a bold span): where its name first stands
            where = at + m.start(1) if at >= 0 else text.find(m[1])
            # a call written among another's arguments is passed to it (`a.insert(bisect.bisect_left(a, x), x)`,
            # `insort_left(a, x, hi=len(a))`): the span is about the outer call; a builtin that shows or converts
            # (`print(df.head())`, `list(d.items())`) leaves it the inner one's
            inner = arguments >= 0 and words.count(")", arguments, m.start()) <= words.count("(", arguments, m.start())
            added = add(m[1], where, True, signature if index == 0 else "", bool(m[2]) or (decorator and index == 0),
                        method and index == 0, coded=number < code_spans, passed=inner or instance)
            spanned.add(where)
            if index == 0 and signature:
                break
            if index == 0 and added and m[2] and at >= 0 and not (inner or instance):
                _chained(words, m.end(), added, at, found, add)
            if arguments < 0 and m[2] and m[1] not in _BUILTINS:
                arguments = m.end()
    plain = _unnumbered(_unlinked(_blank_markup(text)))
    chinese = CJK_CHAR.search(plain) is not None  # Chinese prose marks no code: a name in it is written as one
    for m in _DOTTED.finditer(plain) if _DOT_NAME.search(plain) else ():  # most prose has none: no scan
        if any(symbol.endswith(f".{m[1]}") for symbol in linked) or m.start(1) in spanned:
            continue  # the short name of an API a link's address names in full; a span's name, read above
        # `plt.xlim(a, b)` is written as what it is; `torch.rand(2,2)`, with values, as an example, in
        # passing in English prose, where code is marked; Chinese prose marks none ("你可以用
        # df.info(memory_usage='deep') 查看内存消耗"): a call written out there is code it speaks of
        called = bool(m[2]) and not _VALUES.search(m[2])
        # and a name spelt out from its module ("进程池（multiprocessing.Pool）") is one too, as is one an
        # aside gives alone for what the words before it describe ("Disable gradient computations (torch.no_grad)")
        head = m[1].partition(".")[0]
        spelt = chinese and head in public_api.MODULES or bool(_BRACKETED_NAME.match(plain, m.start(1) - 1)) and head in _MODULE_OWNERS
        # and in any prose, a full path from a package down ("| Davies-Bouldin Index | … | sklearn.metrics.davies_bouldin_score |")
        full = m[1].count(".") >= 2 and m[1].partition(".")[0] in public_api.MODULES
        add(m[1], m.start(1), called or full or spelt or chinese and bool(m[2]), called=called)
    for m in DECORATOR.finditer(plain) if "@" in plain else ():
        if m.start(1) not in spanned:  # "通过@staticmethod装饰器即可…": a decorator is applied, as a call is
            add(m[1], m.start(1), True, called=True)
    for m in _CALLED_WORD.finditer(plain) if "()" in plain else ():
        if m.start(1) not in spanned:  # a span's call (`StandardScaler()` after "like"): read above, as the span has it
            add(m[1], m.start(1), True, called=True)
    for m in _METHOD_CALLED.finditer(plain) if "()" in plain else ():
        if m.start(1) not in spanned:
            add(m[1], m.start(1), True, called=True, member=True)
    for m in _CALLED_WITH.finditer(plain) if chinese and "(" in plain else ():
        # "线程可以通过setDaemon(True)被设置为守护线程": a call written out; not a builtin's name, which a
        # parameter list writes with its type ("input(Tensor) - 输入张量"), nor math's `f(x)`
        if len(m[1]) >= 3 and m[1] not in _BUILTINS and not _SHAPE.fullmatch(m[2]):
            add(m[1], m.start(1), True, called=True)
    for start, line in _code_lines(text):  # a line of code standing in the prose (a plain-text note)
        for m in _NAME.finditer(line):
            if m[2] and "." in m[1]:
                add(m[1], start + m.start(1), True, called=True)
    for start, _end, symbol in possessives(plain, scope, passage.variant):
        add(symbol, start, True, symbol=symbol)
    described = False  # the passage is an entry on a parameter of the section's call ("`index`：是否将df的index…")
    dotted = text.startswith(".", lead)  # `.pct_change()：Percent change …`: a method, its receiver left out
    lead += dotted
    entry = None
    if (listed := _ENTRY_HEADS.match(text, lead)) or (
            (entry := _ENTRY_HEAD.match(text, lead)) and (entry["gap"] is None or entry[2] or passage.item)):
        # a member the entry explains, never a parameter of the call the section is about
        # (`stride: 卷积核每次移动的步长` under `nn.Conv2d(…, stride, …)`) nor a builtin (`type：…`);
        # several may share one line (`|triu/tril|上三角/下三角|`)
        heads = [(m[0], listed.start(1) + m.start(), "", False) for m in _ID_RE.finditer(listed[1])] if listed else [
            (entry[1], entry.start(1), entry[0].split("\n", 1)[0].strip(" :：") if entry[2] else "", bool(entry[2]))]
        library = scope.library or scope.note_library
        for name, start, signature, called in heads:
            # (an entry written with its own arguments is a call: `load_state_dict(state_dict, …)` above
            # leaves "state_dict(destination=None, …)  # 返回…" the method's entry)
            if not called and ((parameters := scope.parameters()) is None or name in parameters):
                described = True  # what the entry says of a parameter names its other APIs in passing
                continue
            # the entry says whose it is ("map：应用在单独一个Series的每个元素中"): that class's, a builtin's
            # name included
            builtin = name in _BUILTINS
            if not builtin and resolve(name, scope, passage.variant, True, called, dotted):
                add(name, start, True, signature, called, dotted)
                continue
            held = _written_owner(text[start + len(name):], name, library)
            if held is None and builtin:
                continue
            # an item's head (a bullet, a table's row: `trace：对角线元素之和`) stands where a name goes: what
            # else names nothing may be the note's library's own function so named (`torch.trace`)
            own = held or (f"{library}.{name}" if passage.item and library and library != PYTHON
                           and public_api.is_public(f"{library}.{name}") else None)
            add(name, start, True, signature, called, symbol=own)
    for m in _CUED_WORD.finditer(plain) if _CUES.search(plain) else ():
        if m[0].endswith(("class", "类")) and (cls := public_api.class_named(m[1])):
            # "the *tensor class*", "张量类": the class, not `torch.tensor`; in a note whose code uses other
            # libraries ("the [**Dataset**](…tf/data/Dataset) class" over TensorFlow code), no library's of theirs
            root = cls.partition(".")[0]
            if root in STDLIB or "." not in cls or not scope.note_libraries or root in with_foundations(scope.note_libraries):
                add(m[1], m.start(1), True, symbol=cls)
        elif m[2] or m[1] not in _BUILTINS:  # `hash 函数` is code; "a good hash function" is English
            add(m[1], m.start(1), True, called=True)
            if not m[0].endswith(("class", "类")):
                for word, start in _joined_before(plain, m.start(1)):
                    add(word, start, True, called=True)
    for m in _CALLED_AFTER.finditer(plain) if "调用" in plain else ():
        add(m[1], m.start(1), True, called=True)  # "通过调用 backward 我们可以…": a name the prose says is called
    for m in _CAMEL_WORD.finditer(plain) if chinese or scope.note_apis else ():
        if chinese:  # "还有ParameterList，它是…": Chinese prose marks no code; "如聚类、KMeans 可视化等": an example
            add(m[1], m.start(1), True, coded=True, passed=_listed_example(plain, m.start(1), m.end(1)))
        elif m.start(1) not in spanned and (used := _note_api(m[1], scope, classes=True)):
            # "ReLU is the default choice for hidden layers": a name spelt as code, unmarked, that the note's
            # code uses ("PyTorch", "GitHub" are no API it uses); unmarked, the passage's subject only where
            # it opens it ("Create a DataFrame from the list" is about making one)
            add(m[1], m.start(1), False, symbol=used)
    # the standard module the headings name ("### Python的pickle模块"): its functions are what its words
    # are, whether or not the note's code calls them ("dumps将所传入的变量的值序列化为一个bytes")
    module = scope.library if scope.library in STDLIB else None
    unused: list[tuple[str, int, bool]] = []  # embedded words the note's code does not use
    embedded: list[tuple[int, int, str]] = []  # (start, end, API) of those it does
    for m in _EMBEDDED_WORD.finditer(plain) if chinese and (scope.note_apis or module) else ():
        # Chinese prose marks no code: an English word written against Chinese ("solve适用于满秩矩阵",
        # "view和reshape的区别", "用train_test_split把数据集…") is the one API of that name the note's code
        # uses, if it uses one (a name it imports is that API; one it assigns or defines is its own)
        word, start, end = m[1], m.start(1), m.end(1)
        # "重置索引（reindex）可以…": the name in brackets after the words for it, as a heading glosses one
        glossed = start >= 2 and plain[start - 1] in "(（" and end < len(plain) and plain[end] in ")）" \
            and CJK_CHAR.match(plain[start - 2]) is not None
        if word in _BUILTINS or start in spanned or not (
                glossed or start and CJK_CHAR.match(plain[start - 1]) or end < len(plain) and CJK_CHAR.match(plain[end])):
            continue
        if word in _DEVICES or word in public_api.MODULES or scope.assigns(word):
            continue  # a module's name ("numpy是…的核心库") is the module, no method spelt like it
        if not (used := _note_api(word, scope, classes=True) or _module_function(word, module)):
            unused.append((word, start, glossed))
            continue
        if (imported := scope.later.get(word)) is None or api.public_name(imported) == used:
            add(word, start, glossed, symbol=used)
            embedded.append((start, end, used))
    for word, start, glossed in unused:
        # "reshape和view的区别" in a note whose code calls `reshape` only: names joined so are of one kind,
        # the other is what it belongs to (`torch.Tensor.view`), if that has a public member so named
        if member := _joined_member(plain, word, start, embedded):
            add(word, start, glossed, symbol=member)
    for m in _LAYER_WORD.finditer(plain) if "层" in plain or "layer" in plain else ():
        if layer := _layer(m[1] or m[2], scope):
            add(m[1] or m[2], m.start(1) if m[1] else m.start(2), True, symbol=layer)
    if described:
        for mention in found.values():
            mention.passed = True  # "df的index" in the entry on `to_sql`'s `index`: not what it explains
    return sorted(found.values(), key=lambda mention: mention.start)


def _joined_member(text: str, word: str, start: int, embedded: list[tuple[int, int, str]]) -> str | None:
    """The member named `word` of what a name joined to it by "和", "与", "、", "/" … (`_JOINED`) belongs
    to, that name being one the note's code uses (`embedded`: start, end, its API)."""
    end = start + len(word)
    for other_start, other_end, symbol in embedded:
        between = text[end:other_start] if other_start >= end else text[other_end:start]
        owner = symbol.rpartition(".")[0]
        if owner and _JOINED.fullmatch(between) and public_api.is_public(member := f"{owner}.{word}"):
            return member
    return None


def _joined_before(text: str, end: int) -> Iterator[tuple[str, int]]:
    """The names spelt as code joined to the one at `end` by "或者", "、", "and" … (`_JOINED_BEFORE`), last first."""
    while (m := _JOINED_BEFORE.search(text, max(0, end - 64), end)) and (m[2] or _SPELT_AS_CODE.search(m[1])):
        yield m[1], m.start(1)
        end = m.start(1)


_CHAIN_STEP = re.compile(rf"\s*\.\s*({_ID})\s*\(")


def _chained(words: str, opened: int, first: str, at: int, found: dict[str, Mention],
             add: Callable[..., str | None]) -> None:
    """The calls chained onto the span's first (`players.team.value_counts().nlargest(2)`): each one on
    what the one before it returns, as the code's own inference types it; the last is what the span
    shows, the ones before it its receivers, on their way to it ("To get only the top counts, use …")."""
    kind = _returned(first)
    chain = [first]
    depth, position = 1, opened
    while kind is not None and position < len(words):
        char = words[position]
        depth += (char == "(") - (char == ")")
        position += 1
        if depth or not (step := _CHAIN_STEP.match(words, position)):
            if depth < 0 or not depth and char == ")":
                break
            continue
        member = api.member_name(kind, step[1])
        if not public_api.is_public(member) or (symbol := add(step[1], at + step.start(1), True, called=True,
                                                               symbol=member, coded=True)) is None:
            break
        chain.append(symbol)
        kind = api.method_result(kind, step[1])
        depth, position = 1, step.end()
    for symbol in chain[:-1]:
        if len(found[symbol].starts) == 1:
            found[symbol].passed = True


def _returned(symbol: str) -> str | None:
    """What a call of the public API `symbol` gives: a function's or a class's result, else a method's
    on an instance of its class."""
    if (kind := api.call_result(symbol)) is not None:
        return kind
    owner, _, method = symbol.rpartition(".")
    return api.method_result(api.instance_kind(owner) or owner, method) if owner else None


# a line's number written against its name, no space ("1.torch.cuda.device_count(): 计算…"): its dot is none of the name's
_NUMBERED = re.compile(r"(?m)^([ \t]*\d{1,2})\.(?=[A-Za-z_])")


def _unnumbered(text: str) -> str:
    """`text` with the dot of a number opening a line before a word blanked ("1.flatten" reads "1 flatten").
    Searched first: most text has none, and `sub` with a template costs a Python call every time."""
    return _NUMBERED.sub(r"\1 ", text) if _NUMBERED.search(text) else text


_ASIDE = re.compile(r"\s*[(（][^()（）]*[)）]")  # a parenthesised aside: "(LR)", "（最小二乘）"
_DOC_LINK = re.compile(r"\[([^\[\]\n]{1,120})\]\(([^()\s]+)\)")
_PAGE_NAME = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+")


def _written_owner(text: str, member: str, library: str | None) -> str | None:
    """The class of `library` that `text` names first ("Series" in "应用在单独一个Series的每个元素中")
    when it has `member`; None when it names none that has."""
    found = [(m.start(), cls) for cls in _LIBRARY_CLASSES.get(library or "", ())
             if public_api.is_public(f"{cls}.{member}")
             and (m := re.search(rf"(?<![A-Za-z0-9_.]){cls.rpartition('.')[2]}(?![A-Za-z0-9_])", text))]
    return f"{min(found)[1]}.{member}" if found else None


def _linked_api(written: str, address: str) -> str | None:
    """The API a link's address names (its anchor, or its page: `…/generated/torch.nn.Conv2d.html`) when
    it ends with the name the link's words write; None for any other link."""
    if not _SPAN_NAME.fullmatch(written):
        return None
    tail = written.rpartition(".")[2]
    if tail.lower() in _FILE_SUFFIXES:
        return None  # `[data.csv](data/data.csv)`: a file
    return next((public_api.canonical(name) for name in _page_names(address) if name.rpartition(".")[2] == tail), None)


def _page_names(address: str) -> Iterator[str]:
    """The dotted names a reference page's address writes: its anchor, then its page's name
    (`…/generated/torch.nn.Conv2d.html#torch.nn.Conv2d`)."""
    page = address.rsplit("/", 1)[-1]
    for candidate in (page.partition("#")[2], page.partition("#")[0].removesuffix(".html")):
        if _PAGE_NAME.fullmatch(candidate):
            yield candidate


# a call or signature written anywhere (`nn.Conv2d(input_channel, output_channel, stride)`), its arguments
# over lines too (a signature written one parameter a line), a tuple among them too (`randint(min, max, size=(r, c))`)
_CALL_TEXT = re.compile(r"[A-Za-z_][\w.]*\(((?:[^()]|\([^()]*\))*)\)")


def _parameters(section: Section) -> frozenset[str] | None:
    """The names the section's calls and signatures take as parameters (heading, prose, code), which a
    list under them describes one by one; None when the heading names a call or a class without its
    parameters (`### torch.utils.data.DataLoader()`, `## torch.nn.DataParallel`): a list there is
    its parameters. A heading that writes them (`mkdir(mode=511, parents=False)`) says which they are."""
    heading = section.heading[-1] if section.heading else ""
    called = [call[1] for call in _CALL_TEXT.finditer(heading)]
    if (called and not any(args.strip() for args in called)) or (not called and any(
            part[:1].isupper() for m in _DOTTED.finditer(heading) for part in m[1].split(".")[1:])):
        return None
    texts = (heading, section.prose, *(block.text for block in section.blocks))
    return frozenset(m[1] for text in texts if "(" in text for call in _CALL_TEXT.finditer(text)
                     for m in _PARAM_NAME.finditer(call[1]))


def _asked_once(work: Callable[[], _T]) -> Callable[[], _T]:
    """`work`, done the first time its answer is asked and kept (lighter to make than `functools.cache`)."""
    kept: list[_T] = []

    def answer() -> _T:
        if not kept:
            kept.append(work())
        return kept[0]
    return answer


def heading_link_api(section: Section) -> str | None:
    """The API a heading names through the reference page it links to: a heading that is one name, in
    whatever letter case it writes it (`## [Namedtuple](…/collections.html#collections.namedtuple)`,
    `## [chain.from_iterable](…#itertools.chain.from_iterable)`), or a heading in words with one link, to
    the page of one function or class (`### [Log Loss](…/generated/sklearn.metrics.log_loss.html)`,
    `### [Standard Scaling](…#sklearn.preprocessing.StandardScaler)`): a course's notes follow the
    reference so, titling each section as the guide does and linking the API it is about."""
    written = section.heading[-1].strip() if section.heading else ""
    if not _SPAN_NAME.fullmatch(written):
        own = set(section.heading_links)
        return _linked_page(own.pop()) if len(own) == 1 else None
    tail = written.partition("(")[0].rpartition(".")[2].lower()
    return next((found for address in section.links if (found := _linked_page(address))
                 and found.rpartition(".")[2].lower() == tail), None)


def _linked_page(address: str) -> str | None:
    """The function or class whose reference page `address` is (its anchor, else its page's name); None
    for a page on a module (`…/library/os.path.html`: a guide to many) or on no API."""
    for candidate in _page_names(address):
        if (found := public_api.canonical(candidate)) and public_api.is_public(found):
            tail = found.rpartition(".")[2]
            return None if tail[:1].islower() and public_api.members(found) else found
    return None


def _in_aside(text: str, at: int) -> bool:
    """Whether `at` stands in brackets that open as an aside does ("(i.e., …", "(e.g. …", "（例如…"):
    what is named there illustrates the sentence, which is about something else."""
    depth = 0
    for i in range(at - 1, max(at - 200, 0) - 1, -1):
        char = text[i]
        if char in ")）":
            depth += 1
        elif char in "(（":
            if not depth:
                return _ASIDE_OPENING.match(text, i + 1) is not None
            depth -= 1
        elif char == "\n" and i + 1 < len(text) and text[i + 1] == "\n":
            return False  # a paragraph apart
    return False


def _listed_example(text: str, start: int, end: int) -> bool:
    """Whether the name at [start, end) is an item of a list of examples in Chinese prose ("适用于…任务，如聚类、
    KMeans 可视化、信息检索等"): after "如"/"例如"/"比如" in its clause, among items parted by "、" or before the
    "等" that closes the list. It illustrates the sentence, which is about something else."""
    opened = max(text.rfind(mark, 0, start) for mark in _CLAUSE_ENDS) + 1
    cue = None
    for cue in _EXAMPLE_CUE.finditer(text, opened, start):
        pass
    if cue is None:
        return False
    closes = [at for mark in _CLAUSE_ENDS if (at := text.find(mark, end)) >= 0]
    after = text[end:min(closes, default=len(text))]
    return "、" in text[cue.end():start] or after.lstrip().startswith("、") or "等" in after


_CLAUSE_ENDS = ("。", "；", ";", "！", "？", "!", "?", "\n", "，", ",")
_EXAMPLE_CUE = re.compile(r"例如|比如|譬如|诸如|如(?![果何此下同今意])")
_ASIDE_OPENING = re.compile(rf"\s*(?:i\.\s?e\.|e\.\s?g\.|{_EXAMPLE_WORDS})", re.IGNORECASE)


def _find_span(text: str, span: str, start: int) -> int:
    """Where code span `span` stands in `text` from `start`: as a whole word (`SVC` is not the end of
    `LinearSVC` written before it, `device` not the member of `paddle.device`), else its first
    occurrence; -1 when it is not there."""
    at = first = text.find(span, start)
    while at > 0 and (text[at - 1].isalnum() or text[at - 1] in "_.") and text[at - 1].isascii():
        at = text.find(span, at + 1)
    return at if at >= 0 else first


def _file_name(span: str) -> bool:
    """A code span that is a file's name or path: one word ending in a file suffix, or a folder's
    (`data/`, `checkpoints/`)."""
    word = span.strip()
    if word.endswith(("/", "\\")) and len(word) > 1 and not any(c.isspace() for c in word):
        return True
    return "." in word and word.rsplit(".", 1)[1].lower() in _FILE_SUFFIXES and not any(c.isspace() or c in "()=,"
                                                                                       for c in word)


def _blank_markup(text: str) -> str:
    """`text` with its markup (tags, `**`, `__`, `==`, `~~`) blanked out, offsets kept; a code span is
    left as written (`__init__()` is no bold "init")."""
    if "<" in text or "**" in text or "__" in text or "==" in text or "~~" in text:
        return _MARKUP_OR_CODE.sub(lambda m: m.group() if m[1] else " " * len(m.group()), text)
    return text


_MARKUP_OR_CODE = re.compile(rf"(`+)[^`]+?\1|{_MARKUP.pattern}")


_FILE_NAME_END = re.compile(r"\.(?:png|jpe?g|gif|svg|md|html?|py|txt|pdf)\b")


def _unlinked(text: str) -> str:
    """`text` with links, paths and file names (`_URL`) blanked; most prose has none, and the test for
    the literal each needs is far cheaper than the substitution's scan."""
    if "://" in text or "www." in text or "](" in text or ":\\" in text or _FILE_NAME_END.search(text):
        return _URL.sub(" ", text)
    return text


def _code_lines(text: str) -> Iterator[tuple[int, str]]:
    """(offset, line) of each line of a passage that is a Python statement calling a method or a
    module's function (`df = df.drop_duplicates(subset=['id'])`): code written into the prose, as
    plain-text notes do, which names its API as surely as a code span."""
    if "(" not in text:
        return
    offset = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if "." in stripped and statement_like(stripped) and parses_line(fix_optional_args(stripped)):
            yield offset + line.find(stripped), stripped
        offset += len(line) + 1


def _subjects(unit: _Unit, named: Sequence[str]) -> list[str]:
    """The names a passage is *about*: the first thing it says, or a name it marks as its topic among
    few others — unless the heading already says what the section is about (`named`) and the name is
    not a member of it: under "Signal processing: scipy.signal", "`scipy.signal.welch` computes…" is
    about welch."""
    if not unit.mentions:
        return []  # most prose names nothing: none of the reading below can find a subject there
    lead = len(_LEADING_MARKUP.match(unit.passage.text).group())
    if _QUESTION.fullmatch(unit.passage.text, lead):
        return []  # "What is the difference between `StandardScaler` and `MinMaxScaler`?": asked, no answer
    if listed := _ENTRY_HEADS.match(unit.passage.text, lead):  # `gt/lt/ge：大于/小于/大于等于`: each one
        lead = listed.end(1)
    elif verb := _LEAD_VERB.match(unit.passage.text, lead) or _PROVIDES.match(unit.passage.text, lead):
        lead = verb.end()  # "使用 torch.utils.data.TensorDataset 根据Tensor…", "另外，sklearn 提供了 [TfidfVectorizer](…)"
    elif quoted := _MESSAGE_HEAD.match(unit.passage.text, lead):  # "FutureWarning: DataFrame.swapaxes is deprecated"
        lead = quoted.end()
    # the names it marks, resolved or not (`read_snli`, `SNLIDataset` and `DataLoader`: three), one word
    # read in several frameworks counting once
    spans = {span.strip() for span in (*unit.passage.code, *unit.passage.strong)}
    marked = {span for span in spans if _SPAN_NAME.fullmatch(span) and not keyword.iskeyword(span)}  # `True` is no name
    # a signature's parameters named again ("`torch.permute(input, dims)`, where the `input` gets…"): no API
    marked -= {m[1] for span in marked if (sig := _SIGNATURE.match(span)) for m in _PARAM_NAME.finditer(sig[2])}
    written = max(len({mention.start for mention in unit.mentions}), len(marked))
    # a passage that opens with a keyword in code marks ("`yield`能够临时挂起当前函数…在下一次执行`next()`
    # 方法时…") is about that statement: a name later in it is not its subject
    keyworded = bool((opening := _CODE_WORD.match(unit.passage.text, lead)) and keyword.iskeyword(opening[1]))
    out: list[str] = []
    starts = [at for mention in unit.mentions for at in mention.starts]
    elsewhere = _navigation(unit.passage)
    joined = -1  # where the name that opens it ends, while names joined to it follow ("dumps和dump都是…")
    for mention in unit.mentions:
        near_start = mention.start <= lead + 2 or bool(joined >= 0 and _JOINED.fullmatch(unit.passage.text, joined, mention.start))
        if mention.passed:
            continue  # `a.insert(bisect.bisect_left(a, x), x)`: passed to the call the span is about
        if defers(unit.passage.text, mention.start) or any(a <= mention.start < b for a, b in elsewhere):
            continue  # "有关`DataLoader`的详细介绍，请参阅…", a link to the note on it: explained elsewhere
        if _CONTRAST.search(unit.passage.text, max(mention.start - 24, 0), mention.start) or (
                _COMPARED_WITH.search(unit.passage.text, max(mention.start - 4, 0), mention.start)
                and _LIKE.match(unit.passage.text, _name_end(unit.passage.text, mention.start))) or (
                measured_against(unit.passage.text, mention.start)
                and _MORE.match(unit.passage.text, _name_end(unit.passage.text, mention.start))):
            # "We will use `LinearSVC`, because in comparison to `SVC` it scales better": LinearSVC's; "这个转换
            # 可能比MinMaxScaler更好": the transform's;
            # "与Series的apply方法类似，DataFrame中也有…": the frame's; "和`pd.date_range`一样，`pd.period_range`
            # 也有…": period_range's (the dots of the name compared with are no sentence's end)
            continue
        # a member of a module the heading names, under whichever name it is written (`torch.no_grad` is
        # `torch.autograd.no_grad`: a sentence on it under "Autograd" explains it)
        strict = bool(named) and not any(mention.symbol.startswith(f"{n}.") or (
            n in public_api.MODULES and public_api.is_public(f"{n}.{mention.symbol.rpartition('.')[2]}")) for n in named)
        if near_start or (not strict and not keyworded and mention.strong and (
                written <= 2 or any(opens_sentence(unit.passage.text, at) or alone_in_sentence(unit.passage.text, at, starts)
                                    for at in mention.starts))):
            out.append(mention.symbol)
            if near_start and (name := _NAME_AT.match(unit.passage.text, mention.start)):
                joined = name.end()
        if not near_start:
            joined = -1
    return out


# a passage that only asks (a review list's "Why does `torch.no_grad()` matter in validation?", "`lambda`函数有
# 返回值吗？"): one sentence, a question mark its end
_QUESTION = re.compile(r"(?:Q\s*[:：.]\s*)?[^\n.!?。！？]*[?？][\s*_]*")
# the libraries of the API table, by the names they are imported as
_LIBRARY_NAMES = frozenset(module.partition(".")[0] for module in public_api.THIRD_PARTY_MODULES)
# a method called on a short string literal (`''.join(…)`, `", ".join(…)`, `'a.b.c.txt'.rsplit('.', 1)`):
# a longer quote is a sentence quoted
_STRING_METHOD = re.compile(r"""(?<![A-Za-z0-9_'"])(?:'[^'\n]{0,24}'|"[^"\n]{0,24}")\.([a-z_]+)\(""")
# what joins two names a sentence opens with into its subject ("dumps和dump", "`loc`、`iloc`", "view and reshape")
_JOINED = re.compile(r"[`*_)）]*\s*(?:和|与|及|以及|跟|、|,|，|/|and|or)\s*[`*_]*", re.IGNORECASE)
_NAME_AT = re.compile(r"[A-Za-z0-9_.]+(?:\(\))?")
_CODE_WORD = re.compile(r"`?(\w+)`")  # a word in code marks (the opening mark may be read as leading markup)


def _name_end(text: str, at: int) -> int:
    """Where the name written at `at` ends (`pd.date_range()`: its dots are no sentence's end)."""
    name = _NAME_AT.match(text, at)
    return name.end() if name else at


# words that set a name against the one a sentence is about ("in comparison to `SVC`", "与`view`不同")
_CONTRAST = re.compile(rf"(?:{CONTRAST_EN}|{CONTRAST_ZH})\s*(?:the\s+)?[`*_]*$", re.IGNORECASE)
# "与`view`类似", "跟 Series 的 apply 方法一样": what the sentence is about is set beside the name
_COMPARED_WITH = re.compile(r"(?:与|跟|和|同)\s*[`*_]*$")
_LIKE = re.compile(r"[^，。；：,.;:\n]{0,16}?(?:类似|相似|不同|一样|相同|相比|相仿|有区别)")
# "比MinMaxScaler更好", "比 `apply` 还要快": after a name the sentence measures its subject against (`measured_against`)
_MORE = re.compile(r"[`*_()（）]*\s*(?:更|还要|还|要)")
_LINK_TEXT = re.compile(r"\[([^\[\]\n]*)\]\(\s*<?([^)\s>]*)")


def _navigation(passage: Passage) -> list[tuple[int, int]]:
    """Where the passage has the text of a link to another note or a place in one (an index of notes, a
    table of contents, an Obsidian `[[Note|title]]`): a name written there is what that note explains. A
    list item that opens with such a link and says little more ("- [[Histogram|Histogram]] (`plt.hist()` /
    `ax.hist()`)" in a map of content) is that note's entry, whole."""
    text = passage.text
    if "](" not in text and "[[" not in text:
        return []
    links = [m.span(1) for m in _LINK_TEXT.finditer(text) if navigates(m[2])] if "](" in text else []
    links += [m.span() for m in WIKI_LINK.finditer(text) if not m[1]] if "[[" in text else []  # (an embed `![[…]]` links nothing)
    opening = len(_LEADING_MARKUP.match(text).group())  # (past the link's own brackets)
    if passage.item and any(start <= opening <= end for start, end in links) and "\n" not in text.strip() and len(
            _SPANS_AND_LINKS.sub("", text[max(end for _, end in links):]).strip(" ()/,，、:：-")) <= 24:
        return [(0, len(text))]
    return links


_SPANS_AND_LINKS = re.compile(rf"`[^`\n]*`|{WIKI_LINK.pattern}|\[[^\[\]\n]*\]\([^)\n]*\)")


def heading_names(heading: str, scope: Scope, spoken: Sequence[str] = ()) -> list[Mention]:
    """The APIs a heading names: `torch.clamp`, `chunk()函数` (under torch), `copyfile copy` (under
    shutil), `Squeeze 和 Unsqueeze 函数`, `model.train()`. `spoken`: what the section's prose names;
    a word the heading marks that could be several APIs is the one of them the prose names
    ("抽样--sample函数" over `df.sample(n=1)`: a frame's, not a series'). Each is spelt as code names it
    (`api.public_name`), as the prose's and the code's are: "Understanding LSTM" over Keras code is
    `keras.layers.LSTM`, the API the examples under it call, not `tensorflow.keras.layers.LSTM`."""
    return [m if (public := api.public_name(m.symbol)) == m.symbol else replace(m, symbol=public)
            for m in _heading_names(heading, scope, spoken)]


def _heading_names(heading: str, scope: Scope, spoken: Sequence[str]) -> list[Mention]:
    if title := _page_title(heading):
        # a reference page's title ("heapq — Heap queue algorithm", "8.4. heapq --- 堆队列算法"): its module
        return [Mention(title[1], title.start(1), "", True)]
    # a dash run is the heading's separator ("抽样--sample函数"), no option's `--`
    full = _unnumbered(_DASHES.sub(lambda m: " " * len(m.group()), _HEADING_MARKUP.sub(lambda m: m[1] or " ", heading.replace("\\", ""))))
    full = uncontrasted(_LABEL.sub(lambda m: " " * len(m[0]), full))
    if (asked := _WHAT_IS.fullmatch(full)) and (symbol := _asked(asked[1] or asked[2], scope)):
        return [Mention(symbol, full.find(asked[1] or asked[2]), "", True)]  # "What is a Series?": the section defines it
    if (dotted := _DOTTED_ALONE.fullmatch(full)) and (symbol := resolve(dotted[1], scope, marked=True, called=True, member=True)):
        # "### `.eye`", "### `.random.seed`" in a notebook on numpy: a method written without its receiver,
        # or the library's own function without its module
        return [Mention(symbol, dotted.start(1), "", True)]
    if (short := short_name(full)) and short[2].lower() not in LIBRARY_WORDS and (
            symbol := resolve(short[2], scope, marked=True, called=True, coded=True) or _concept(short[2], scope)) \
            and symbol not in _MODULE_OWNERS.values():
        # "Stochastic Gradient Descent (SGD)": the heading's own short name for what it is about is the API
        return [Mention(symbol, short.start(2), "", True)]
    words_only = NUMBERING.sub("", full).strip()
    if (" " in words_only or "-" in words_only) and (cls := public_api.titled_class(words_only)) and (
            _as_concept(cls, scope) or _may_be(cls, scope)):
        # "Incremental PCA", "Logistic Regression", "5. Leaky ReLU": a class's name written as words is
        # that class, not the class one of the words spells (`PCA`, `ReLU`); "# t-SNE" in a note on the theory
        return [Mention(cls, 0, "", True)]
    if (" " in words_only or "-" in words_only) and (function := _spelt_function(_ASIDE.sub("", words_only), scope)):
        return [Mention(function, 0, "", True)]  # "### F1-Score (Harmonic Mean)": `f1_score`
    # "四，任意维张量运算(torch.einsum)": a name in brackets after words is what the heading is about
    text = _BRACKETED_NAME.sub(lambda m: f" {m[1] or m[2]} ", full) if "(" in full or "（" in full else full
    while "(" in text:  # `f(input, dim)`: the parameters are not names of interest
        shorter = _ARGS.sub("()", text)
        if shorter == text:
            break
        text = shorter
    words = [w for w, _call in _NAME.findall(text)]
    rest = _HEADING_FILLER.sub("", _NAME.sub("", text))
    # "copyfile copy", "Squeeze Unsqueeze", "Boxplot Interpretation": names, where a phrase in sentence case
    # is words ("Backpropagate all things": its `all` no `torch.all`)
    phrase = " ".join(words)
    only_names = not rest and len(words) <= 3 and not any(w.lower() in _STOPWORDS for w in words) and not (
        len(words) > 1 and phrase.replace(" ", "").isalpha() and phrase == phrase.capitalize())
    # Chinese words for what it does, then the names ("旋转 RandomRotation", "翻转 RandomHorizontalFlip与
    # RandomVerticalFlip"): a gloss over names, as much as names alone ("ImageNet的发展" is about its history)
    glossed = bool(words) and len(words) <= 3 and bool(_GLOSS_FIRST.fullmatch(text.strip()))
    # an exercise's task ("4. How to find the memory size of any array (★☆☆)", "Q28. Compute the square
    # of x"): its words say what to do, the solution under it shows the API; only code it writes names one
    task = is_task(full, scope.exercises)
    owned = [] if task else possessives(text, scope)
    out: list[Mention] = [Mention(symbol, start, "", True) for start, _end, symbol in owned]
    code_apis = len({symbol for symbols in scope.code.values() for symbol in symbols})  # (`sentence_cased`)
    for m in _NAME.finditer(text):
        coded = text[m.start() - 1:m.start()] == "`"
        if task and not task_names(m[1], bool(m[2]) or coded):
            continue
        if any(start <= m.start() < end for start, end, _symbol in owned):
            continue  # "KMeans 的 fit_predict 方法" names KMeans.fit_predict, not KMeans
        token, called = m[1], bool(m[2]) or text[m.start() - 1:m.start()] == "@"  # "The @property decorator": applied
        if not called and (phrase := _NOUN_PHRASES.get(token)) and phrase.search(text, 0, m.start()):
            continue  # "Time Series Handling" is about time series, not pandas' Series
        if parameter_named(text, token, m.end(), called):
            continue  # "Stack/Unstack with dropna Parameter", "dim 参数": a keyword's name, not the API spelt so
        if measured_against(text, m.start()):
            continue  # "How to sum a small array faster than np.sum?": what the section does better than
        after = text[m.end():m.end() + 6]
        # an exception's compound name ("## do not use `StopIteration`") is the exception, as a cue word makes a name
        cue = bool(cued := _CUE.match(after)) or (token in _EXCEPTIONS and sum(map(str.isupper, token)) >= 2)
        if cue and cued and cued[0].strip(" `*_") in ":：" and token != next(
                (w for w in words if w.lower() not in LIBRARY_WORDS), token):
            cue = False  # "Loss function: MSE": a label's last word before its colon ("Pandas merge: …" is merge's)
        if not coded and a_noun(text, m):
            continue  # "1. Shape - The dimensions of a tensor", "Sorting an array": a noun, not `torch.tensor`
        # a lower-case name written against Chinese words ("Pandas reindex重置索引") is code: Chinese marks none
        embedded = token[:1].islower() and token not in LIBRARY_WORDS and (
            CJK_CHAR.match(text, m.end()) is not None or m.start() > 0 and CJK_CHAR.match(text, m.start() - 1) is not None)
        marked = called or "." in token or cue or only_names or len(words) == 1 or embedded
        if not called and (module := _module_named(token, text, m.end(), heading=True)):
            symbol = module
        else:
            symbol = (_LAYER_AFTER.match(text, m.end()) and _layer(token, scope)) or resolve(
                token, scope, marked=marked, called=called or cue or only_names or len(words) == 1, coded=called or cue)
        alone = only_names and len(words) == 1  # "## Search" over "Match anywhere … `re.search(r'K', data)`"
        if symbol is None and "." not in token and len(said := {
                x for x in spoken if x.rpartition(".")[2] == token or alone and x.rpartition(".")[2] == token.lower()
                and not sentence_cased(token, x, code_apis)
        }) == 1 and (marked or "." in next(iter(said))):
            # a word of it the name of an API its prose names ("dup, dup2, tmpfile and stdout" over "using
            # os.dup and os.dup2 to redirect…"), in a heading's capitals when it is that word alone: the
            # heading lists what its prose explains
            symbol = said.pop()
        if symbol is None and marked and scope.library and "." not in token and token.lower() != scope.library:
            symbol = _case_insensitive(token, scope.library)
        if symbol is None and only_names and scope.note_library and _CAMEL_NAME.fullmatch(token):
            # "## RMSProp" over the note's own optimizer class, in a note whose code trains with torch: a class's
            # name spelt as code is the library's however it capitalises it (`torch.optim.RMSprop`)
            symbol = public_api.class_ignoring_case(token, scope.note_library)
        family: list[str] = []
        if symbol is None and marked and "." not in token and (family := _code_spelt(token, scope)):
            symbol = family[0]  # "#### RMSProp" over `optim.RMSprop(...)`, "## Xavier 初始化" over `init.xavier_normal_(...)`
        if symbol is None and (only_names or glossed) and not scope.library and _CAMEL_NAME.fullmatch(token):
            symbol = _distinct_class(token, scope)
        if symbol is None and only_names and len(words) == 1:
            symbol = _concept(token, scope)  # "## Dropout" in a lecture note
        if symbol is None and only_names and len(words) == 1 and token in public_api.MODULES and (
                coded or _uses_module(token, scope)):
            # "## `collections`", or "## logging" over a note that imports it: a section under a
            # module's bare name is about the module ("# string" over links on str is a word)
            symbol = token
        if symbol and all(symbol != o.symbol for o in out):
            at = full.find(token)
            written = full[at:].strip() if at >= 0 else ""
            signature = written if called and _SIGNATURE.match(written) else ""
            # a plain word after other words ("仅支持 Tensor", "既支持 PIL Image，又支持 Tensor") names what
            # the section's APIs take, not an API the heading is about (as "merge 合并两个表" is): it keeps
            # no passage under it from its own subject
            strong = called or cue or only_names or "." in token or coded or not _HEADING_FILLER.sub("", text[:m.start()])
            out.append(Mention(symbol, m.start(), signature, strong))
            out.extend(Mention(other, m.start(), "", strong) for other in family[1:] if all(other != o.symbol for o in out))
    for m in _MEMBER_WRITTEN.finditer(text) if "." in text else ():
        # "5. 数组的秩 .ndim", "张量 .cuda() 返回新的对象": a member after the heading's words, its receiver left out
        # (a file's suffix, "查看 .pyc 文件", is no class's member)
        if (symbol := resolve(m[1], scope, marked=True, called=True, member=True)) and all(symbol != o.symbol for o in out):
            out.append(Mention(symbol, m.start(1), "", True))
    if not out and scope.spoken:  # "6.混淆矩阵" in a note whose code calls `confusion_matrix`
        lead = _ORDINAL.match(full).end()
        if term := spoken_at(full, lead, scope.spoken):  # "## Layer Normalization" over `nn.LayerNorm(2)`
            out.append(Mention(scope.spoken[term], lead, "", True))
    return out


# a name written alone with a leading dot, its receiver or module left out (`.eye`, `.random.seed`, `.cpu()`)
_ORDINAL = re.compile(r"\s*(?:\d{1,2}(?:\.\d{1,2})*[.、)）]?|[一二三四五六七八九十]{1,3}[、.．]|[(（][一二三四五六七八九十\d]{1,3}[)）])?\s*")
# "### `.eye`", "## 3.3 `.clip()`": a name with its leading dot, numbered or not
_DOTTED_ALONE = re.compile(rf"{_ORDINAL.pattern}\.((?:{_ID}\.)*{_ID})\s*(?:\(\s*\))?\s*")


_DASHES = re.compile(r"-{2,}|—+")
# a member written with its leading dot after a heading's words or a stop: ".ndim" in "5. 数组的秩 .ndim"
_MEMBER_WRITTEN = re.compile(rf"(?:(?<=[\s：:，,、（(])|(?<=[\u4e00-\u9fff]))\.({_ID})(?![A-Za-z0-9_.])")
# a division's label opening a heading ("Module 4.1: Understanding nn.Module", "Task 2 - …", "Layer 1:"): a course's
# module, a list's task, not the class spelt so (`torch.nn.Module`, `asyncio.Task`)
_LABEL = re.compile(r"^\s*[A-Z][a-z]+\s+\d+(?:\.\d+)*\s*(?=[:：.\-–—])")  # ("Series 101" is the class's primer)
# a heading that asks what an API is: "What is a Series?", "What are DataFrames", "什么是 Tensor", "Tensor 是什么？"
_WHAT_IS = re.compile(r"[^\w]*(?:what\s+(?:is|are)\s+(?:an?\s+|the\s+)?|什么是\s*)`?([A-Za-z_][\w.]*)`?\s*[?？]?\s*"
                      r"|[^\w]*`?([A-Za-z_][\w.]*)`?\s*是什么\s*[?？]?\s*", re.IGNORECASE)
# a class spelt as the noun of a common phrase that a title-cased heading capitalises: the words before it
_NOUN_PHRASES = {"Series": re.compile(r"\btime[\s-]*$", re.IGNORECASE)}
# the title of a module's reference page, as the Python docs write it: "[8.4. ]name — words"
_DOC_TITLE = re.compile(r"\s*(?:\d+(?:\.\d+)*\.?\s+)?[`*]*([a-z_][\w.]*)[`*]*\s+(?:—+|-{3})\s*\S")
# a heading's markup, but a special method's name ("### \_\_index\_\_", "## __init__") kept whole
_HEADING_MARKUP = re.compile(rf"(?<![A-Za-z0-9_])(__[A-Za-z][A-Za-z0-9_]*?__)(?![A-Za-z0-9_])|{_MARKUP.pattern}")


def _spelt_builtin(heading: str) -> str | None:
    """The builtin a heading of two or three words spells out (`Class Method` is `classmethod`,
    `Static Methods` is `staticmethod`, `Frozen Set` is `frozenset`); None for any other heading."""
    words = _ASCII_WORD.findall(heading)
    if not 2 <= len(words) <= 3 or _SPELT_REST.sub("", heading):
        return None
    joined = "".join(words).lower()
    for name in (joined, joined[:-1] if joined.endswith("s") else ""):
        if name in _BUILTINS and public_api.is_public(name):
            return name
    return None


_SPELT_REST = re.compile(r"[A-Za-z]+|[\s\d.:#`*_()-]")  # what else a spelt-out heading may hold: numbering, marks


def titled_module(note: Note) -> str | None:
    """The module a note is the reference page of, its title saying so ("random --- Pseudorandom Number
    Generators", "heapq — Heap queue algorithm"): what a bare ``shuffle()`` in it is a function of."""
    title = _page_title(next((section.heading[0] for section in note.sections if section.heading), ""))
    return title[1] if title else None


def _page_title(heading: str) -> re.Match[str] | None:
    """A module reference page's title ("heapq — Heap queue algorithm"), its module the first group."""
    title = _DOC_TITLE.match(heading)
    return title if title and title[1] in public_api.MODULES else None


def _on_python(note: Note, section: Section) -> bool:
    """Whether the note is on Python itself, where "Sets" are Python's (not Redis' `SADD` sets): a
    notebook, Python named in its path, title or headings, or a block labelled Python, or left
    unlabelled and Python (`dictA = dict()` under "## dictionary")."""
    return note.path.endswith(".ipynb") or "python" in f"{note.path} {note.title} {' '.join(section.heading)}".lower() \
        or any(block.info.lower() in PYTHON_LABELS or not block.info.strip() and guess_kind(block.text) == "python"
               for s in note.sections for block in s.blocks)




def _may_be(cls: str, scope: Scope) -> bool:
    """Whether the section may be about `cls`: its library is the section's, or the section names
    none and the note's code imports the class, or uses that library and no other framework (a "Transformer" in a
    TensorFlow note is not keras', "Linear Transformation" in a note on PCA's maths not torchvision's)."""
    library = cls.partition(".")[0]
    if scope.library:
        return scope.library == library
    if cls in scope.later.values():  # the note's code imports the class itself ("### A. Min-Max Scaling" over
        return True                  # a demo whose `from sklearn.preprocessing import MinMaxScaler` is numpy's)
    return library in scope.note_libraries and not _other_framework(library, scope.note_libraries)


def _other_framework(library: str, libraries: Iterable[str]) -> bool:
    """Whether one of `libraries` is a deep-learning framework other than `library`."""
    return any(other in api.FRAMEWORKS and other != library for other in libraries)


_SPELT_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")
_WORDS_ONLY = re.compile(r"[A-Za-z0-9\s\-]+")  # a heading of words and nothing else


def _spelt_function(words: str, scope: Scope) -> str | None:
    """The function a heading writes in words, snake case taken apart ("F1-Score": `f1_score`, "Mean
    Squared Error", "Train Test Split"): one the note's code imports, else the one function so named
    in the section's library (a closed one)."""
    parts = _SPELT_WORD.findall(words)
    if not 2 <= len(parts) <= 4 or _WORDS_ONLY.sub("", words):
        return None
    name = "_".join(part.lower() for part in parts)
    if imported := {api.public_name(t) for t in scope.later.values() if t.rpartition(".")[2] == name}:
        return imported.pop() if len(imported) == 1 else None
    library = scope.library or scope.note_library
    if not library or library == PYTHON or not public_api.is_closed(library):
        return None
    found = public_api.find_suffix(name, library)
    return found if found and found.rpartition(".")[2][:1].islower() else None


def _heading_classes(headings: Sequence[str], scope: Scope) -> list[str]:
    """The classes the headings above a section name, the innermost heading's first."""
    return [m.symbol for heading in reversed(headings) for m in heading_names(heading, scope)
            if m.strong and m.symbol.rpartition(".")[2][:1].isupper()]


def _worded_classes(heading: str, library: str | None) -> tuple[str, ...]:
    """The classes of `library` a heading writes as capitalised words ("`.apply()` on a Series": `pandas.Series`)."""
    if not library:
        return ()
    return tuple(dict.fromkeys(f"{library}.{word}" for word in _CLASS_WORD.findall(heading)
                               if f"{library}.{word}" in public_api.CLASSES))


_CLASS_WORD = re.compile(r"(?<!Time )(?<!time )\b[A-Z][A-Za-z0-9]+\b")  # "Time Series" is the topic, not the class


def _asked(token: str, scope: Scope) -> str | None:
    """The API a heading asks about ("What are DataFrames?"): as written, else its singular."""
    for name in (token, token[:-1] if token.endswith("s") and len(token) > 3 else ""):
        if name and (symbol := resolve(name, scope, marked=True, called=True, coded=True) or _distinct_class(name, scope)):
            return symbol
    return None


def _concept(token: str, scope: Scope) -> str | None:
    """The class a heading of a note on the theory names by its name alone, the note having no code and
    no library but that class's (a folder of notes on scikit-learn holding "# t-SNE") ("## Dropout",
    "### Adagrad", "## Principal component analysis (PCA)"): the one class the libraries spell so, which
    is what a reader of it writes. Noted in `scope.concepts`: the section is about the idea, and speaks
    of the class as much as code calling it does."""
    cls = public_api.titled_class(token)
    return _as_concept(cls, scope) if cls else None


def _as_concept(cls: str, scope: Scope) -> str | None:
    """`cls`, noted in `scope.concepts`, where the note is one on the theory (`_concept`): no code, or code
    that works the idea out in NumPy and plots it ("## 5、Adam" over `m = beta1 * m + (1 - beta1) * g`);
    else None."""
    root = cls.partition(".")[0]
    others = {*scope.note_libraries, scope.library or scope.note_library} - {None, root} - _FROM_SCRATCH
    if others or root in _FROM_SCRATCH or root in scope.note_libraries:
        return None
    scope.concepts.add(cls)
    return cls


_FROM_SCRATCH = frozenset({"numpy", "matplotlib", "math", "random"})  # what a note works an idea out with


def _distinct_class(token: str, scope: Scope) -> str | None:
    """"### BCEWithLogitsLoss" (a heading that is names alone) in a note whose headings and code name no
    library: the one listed class spelt so, a name too particular to be a word (several capitals), of a
    library the note's code uses if it uses any ("ImageNet的发展" is about something else)."""
    cls = public_api.class_named(token)
    if cls is None or cls.rpartition(".")[2] != token:
        return None
    return cls if not scope.note_libraries or cls.partition(".")[0] in scope.note_libraries else None


# a heading of Chinese words, then up to three names joined by a connective ("翻转 RandomHorizontalFlip与RandomVerticalFlip")
_GLOSS_FIRST = re.compile(rf"{CJK_CHAR.pattern}+[\s:：、-]*[A-Za-z_][\w.]*(?:\s*(?:与|和|及|、|/|,|，|and)\s*[A-Za-z_][\w.]*){{0,2}}")


def _title_classes(title: str, scope: Scope) -> tuple[str, ...]:
    """The classes the note's title names by a word of their own (the `optimizer` of
    "优化器optimizer的概念"): whose a bare `zero_grad()` in its prose is, last of all."""
    found = (public_api.class_named(word) for word in _ASCII_WORD.findall(title))
    return tuple(cls for cls in dict.fromkeys(found) if cls and _may_be(cls, scope))


_ASCII_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]+")  # a dotted name's parts each: "Series.to_frame" names Series


_MODULE_AFTER = re.compile(r"[`*_]*\s*(?:模块|module\b|包|package\b|库|library\b)", re.IGNORECASE)


def _uses_module(module: str, scope: Scope) -> bool:
    """Whether the note's code imports `module` or the section's code calls into it."""
    return module in scope.standard or module in scope.names.modules or any(
        symbol.startswith(module) and symbol[len(module):len(module) + 1] in ("", ".")
        for symbols in scope.code.values() for symbol in symbols)


def _module_named(token: str, text: str, end: int, heading: bool = False) -> str | None:
    """The module a name followed by "模块"/"module" names: in a heading ("re 模块", "The `json`
    module") any module, which the section is about; in prose one with a function spelt as it is ("the
    `pprint` module", "glob 模块简介": the module, not `glob.glob`), which a sentence that uses the package
    ("we import the `pandas` package") does not make its subject. None otherwise (the name resolves as any other)."""
    if not _MODULE_AFTER.match(text, end) or not public_api.is_closed(token) or token not in public_api.MODULES:
        return None
    return token if heading or public_api.is_public(f"{token}.{token.rpartition('.')[2]}") else None


def _of_module_before(token: str, text: str, start: int) -> str | None:
    """The function of the module the words just before a name say it is in ("copy 模块中的 `copy()`",
    "the `os` module's `listdir()`", "`itertools` 中提供了一个 `zip_longest(…)`"): `copy.copy`, whoever
    else has a method so spelt."""
    m = _MODULE_BEFORE.search(text, max(0, start - 40), start)
    if not m or "." in token or not public_api.is_closed(module := m[1]):
        return None
    return f"{module}.{token}" if public_api.is_public(f"{module}.{token}") else None


def _of_library_on_line(token: str, text: str, start: int) -> str | None:
    """The API of the module or library that the line a name is written on says it is from, where
    nothing else resolves it ("`accuracy_score(x, y)` - `sklearn.metrics` class for calculating…",
    "`mutual_info_score(x, y)` - Scikit-Learn class for…", "… This is a function from pandas"): a
    lecture's list of functions in a note with no code, whose entries say whose each one is. A module's
    own name ("NumPy 和 `random` 的种子") stays unresolved."""
    if "." in token or token in _BUILTINS or token in STDLIB or token in public_api.MODULES:
        return None
    line = line_at(text, start)
    for m in _CODED_MODULE.finditer(line):  # the module in code marks, the most precise
        if m[1] in public_api.MODULES and (found := public_api.canonical(f"{m[1]}.{token}")):
            return api.public_name(found)
    library = context_of_texts((line,))  # a library whose names the table lists: no name is invented
    return _library_member(token, library, exact=False) if library and public_api.is_closed(library) else None


def _spellings(token: str, library: str) -> tuple[set[str], list[str]]:
    """The listed names of `library` that end with `token`, as code spells them, and those of them a
    module holds rather than a class (its functions)."""
    found = {api.public_name(name) for name in public_api.suffix_matches(token, library)}
    return found, [name for name in found if not public_api.held_by_class(name)]


def _mirrored_function(token: str, library: str | None) -> str | None:
    """The one function of a library's module named `token` whose other spellings in it are the same
    operation's (`matplotlib.pyplot.hexbin` beside `Axes.hexbin`), or None."""
    if not library or library == PYTHON or not public_api.is_closed(library):
        return None
    found, functions = _spellings(token, library)
    return functions[0] if len(functions) == 1 and all(api.mirrors(name, functions[0]) for name in found) else None


def _sole_named(token: str, scope: Scope) -> str | None:
    """The one module function or class so named (`public_api.sole_named`), of a library the note uses
    or in a note that uses none: "Keras 卷积层默认 `channels_last`" names no `torch.channels_last`, and a
    method (`is_set()` of whichever Event) is its receiver's."""
    found = public_api.sole_named(token)
    if found is None or public_api.held_by_class(found):
        return None
    libraries = {scope.library, scope.note_library, *scope.note_libraries} - {None, PYTHON}
    return found if not libraries or found.partition(".")[0] in libraries else None


_CODED_MODULE = re.compile(r"`([a-z_]\w*(?:\.\w+)+)`")  # a module in code marks: `sklearn.metrics`
# a name alone on its line, after the words for it or not: "hexbin", "小提琴图violinplot", "尖峰栅格图eventplot"
_NAME_LABEL = re.compile(r"\s*(?:[\u4e00-\u9fff]{1,12}\s*)?([a-z][a-z0-9_]{2,}[a-z0-9])\s*")
_VALUE_MEMBER = re.compile(rf"[a-z][a-z0-9_]{{0,7}}\.({_ID})")  # `x.numpy`, `arr.T`: a short value's member
# a column of a frame and what is read of it: `df[x].nunique(`, `df['a'].str.contains(`
_COLUMN_MEMBER = re.compile(rf"{_ID}\[\s*(?:'[^'\]]*'|\"[^\"\]]*\"|{_ID})\s*\]\.({_ID}(?:\.{_ID})?)(\s*\()?")


# "copy 模块中的 `copy()`", "the `os` module's `listdir()`", "在标准库 `itertools` 中提供了一个 `zip_longest(…)`",
# "标准库 `functools` 提供了 `partial()` 的函数"
_MODULE_BEFORE = re.compile(r"([a-z_][\w.]*)[`*]*\s*(?:(?:模块|包|库|module|package)\s*(?:中的|里的|里面的|内的|的|'s)?"
                            r"|(?:模块|库)?(?:中|里)?(?:还)?(?:提供了?|有)(?:一个|的)?)\s*[`*]*\Z")


def _layer(token: str, scope: Scope) -> str | None:
    """The layer class a word called a layer names in the section's (or the note's) framework:
    `dropout` → `torch.nn.Dropout`, `RNNCell` → `torch.nn.RNNCell`; None when it names none."""
    for library in dict.fromkeys((scope.library, scope.note_library, *scope.note_libraries)):
        home = _LAYER_HOMES.get(library or "")
        found = public_api.member_ignoring_case(home, token) if home else None
        if found and found.rpartition(".")[2][:1].isupper():
            return found
    return None


def _code_spelt(token: str, scope: Scope) -> list[str]:
    """The APIs the section's code uses that a heading's word spells other than as code: the same name
    cased otherwise ("RMSProp" for `torch.optim.RMSprop`), else the family the word opens ("Xavier" for
    `xavier_normal_` and `xavier_uniform_`). The code must use them, the section's or that of the
    sections under it: a word alone names nothing."""
    low = token.lower()
    if len(low) < 4 or not token.isascii():
        return []
    used = dict.fromkeys((*(symbol for symbols in scope.code.values() for symbol in symbols), *scope.below()))
    same = [s for s in used if s.rpartition(".")[2].lower() == low and not sentence_cased(token, s, len(used))]
    return same or [s for s in used if s.rpartition(".")[2].lower().startswith(f"{low}_")]


def _case_insensitive(token: str, library: str) -> str | None:
    """`Squeeze` under torch → `torch.squeeze`, `Argwhere` under numpy → `numpy.argwhere`."""
    if library == PYTHON:
        low = token.lower()
        return low if low in _BUILTINS and public_api.is_public(low) else None
    if not public_api.is_closed(library):
        return None
    return public_api.member_ignoring_case(library, token)


def name_over(note: Note, section: Section) -> str:
    """What names the API of the note's first section when that opens under a heading of its own
    ("## 1️⃣ Leaf Tensor" in `叶子张量：is_leaf.md`, "# 简介" in `RNN详解及其实现.md`): the note's title,
    else its file name, when every English word in it is spelt as code (`is_leaf`, `QMainWindow`,
    `RNN`) and names no library; "" otherwise. `index.md`, `array-broadcasting.ipynb` or "PyTorch
    入门" name a topic, and text before the first heading has that name as its heading already."""
    if not (note.sections and section is note.sections[0] and section.heading):
        return ""
    name = note.name
    words = _STEM_WORD.findall(name)
    if words and all(_spelt_as_code(word) and word.lower() not in LIBRARY_WORDS for word in words):
        return name
    return ""


_STEM_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")


def _opened_by(note: Note, section: Section, above: Section | None) -> str:
    """The heading right above `section` (`above`: the section before it) when that heading has nothing
    of its own (no prose, no code) and `section` is the first under it: the words under a heading, however
    titled, begin with this section. "" otherwise, and for the note's title (its one top heading:
    "# Transformer" over "## Normalization" is the note's subject, the sections under it its parts)."""
    if len(section.heading) < 2:
        return ""
    if above is None or above.heading != section.heading[:-1] or above.passages or above.blocks:
        return ""
    if len(above.heading) == 1 and not any(len(s.heading) == 1 and s.heading != above.heading for s in note.sections):
        return ""
    return above.heading[-1]


def _spelt_as_code(word: str) -> bool:
    """`is_leaf`, `torch.cat`, `QMainWindow`, `RNN`: not an English word."""
    return "_" in word or "." in word.strip(".") or any(c.isupper() for c in word[1:])


def section_heading(note: Note, section: Section) -> str:
    """The heading `section` stands under (`Note.heading_of`), a file name that opens with its library
    read as words ("pandas_apply" is "pandas apply": a note on `apply`, where `read_csv.md` is one name)."""
    heading = note.heading_of(section)
    if not section.heading and (m := _LIBRARY_FILE.match(heading)) and m[1].lower() in LIBRARY_WORDS:
        return f"{m[1]} {m[2]}"
    return heading


_LIBRARY_FILE = re.compile(r"([A-Za-z]+)[_-](\w.*)")


def section_library(note: Note, section: Section, folders: Iterable[str], coded: Collection[str] = (),
                    module: str | None = None) -> str | None:
    """The library a section is about: the innermost heading that names one, the title, the tags, the
    `folders` the note is kept in, the library of the `module` those folders spell (`folder_module`);
    else that of the class the note's title (or file name) is (`LinearRegression.md`, "# Logistic
    Regression"), unless the note's code (`coded`: the libraries it uses) is another framework's (a
    "Transformer.md" whose code is TensorFlow's)."""
    found = context_of_texts(note.around(section), folders)
    if found is None and module:
        return module.partition(".")[0]
    if found is None and (cls := public_api.titled_class(note.name)):
        library = cls.partition(".")[0]
        return None if _other_framework(library, coded) else library
    return found


def explain_section(
    note: Note,
    section: Section,
    scope: Scope,
    coded: dict[str, int],
    hints: dict[str, str],
    leading: Collection[str] = (),
    before: Section | None = None,
) -> list[Snippet]:
    """The explanation records of one section. `coded`: how much the section's code snippets are
    about each symbol; what they already name or explain (with the same prose and an example) gets
    no second record. `leading`: what each code snippet is first about (its main symbols); `before`:
    the note's section before this one."""
    heading = section_heading(note, section)
    scope.parameters = _asked_once(lambda: _parameters(section))
    # the classes the prose names, each from where it is named on, the one named last first: a bare
    # `step()` in the list under "**`Optimizer`还有以下的方法：**" is the optimizer's, not the module's
    # nor that of `torch.optim.SGD`, listed before it
    units: list[_Unit] = []
    classes: tuple[str, ...] = ()
    scope.titled = _title_classes(note.name, scope)
    scope.heading_classes = _worded_classes(section.heading[-1] if section.heading else "", scope.library or scope.note_library)
    if owner := _dotted_owner(section):
        scope.heading_classes = (*scope.heading_classes, owner)
    # `discard()` in a table under "### Set Methods", a post titled "String", a note with no title whose file
    # is named for it ("Python字符串常用函数.md" over "# 转换类函数" and a table of `lower()`, `title()`)
    if topic := heading_type((file_stem(note.path), *note.trail(section))):
        scope.titled = (*scope.titled, topic)
    scope.above = _heading_classes(section.heading[:-1], scope) if heading and len(section.heading) > 1 else ()
    parents: list[tuple[int, str | None]] = []  # the open list items above: (depth, the module each opens with)
    introduced: str | None = None  # the submodule a paragraph of the section last named, alone, as code
    # the list items stand under a references label ("参考文章"), and which of them link an article
    cited, linked = False, False
    for passage in section.passages:
        while parents and (not passage.item or parents[-1][0] >= passage.depth):
            parents.pop()
        if not passage.item:
            cited, linked = REFERENCES_TITLE.fullmatch(passage.text.strip()) is not None, False
        linked = linked or cited and "](" in passage.text
        scope.outline = next((module for _depth, module in reversed(parents) if module), None) or \
            (introduced if passage.item else None)
        if passage.item:
            parents.append((passage.depth, _opening_module(passage)))
        elif module := _introduced_module(passage):
            introduced = module
        if not is_pasted_output(passage.text):
            scope.classes = classes
            units.append(unit := _Unit(passage, mentions(passage, scope)))
            if linked and passage.item and "](" not in passage.text:
                # "- aiohttp框架中使用`ThreadPoolExecutor()`" under a link to an article: what it is about, in passing
                # (a link named for the API, "[DataFrame.pipe](…) threads your own…", says more of it)
                for mention in unit.mentions:
                    mention.passed = True
            if unit.mentions and (named := [m.symbol for m in unit.mentions if m.symbol.rpartition(".")[2][:1].isupper()]):
                classes = (*named, *(c for c in classes if c not in named))
    scope.classes = tuple(dict.fromkeys(
        m.symbol for u in units for m in u.mentions if m.symbol.rpartition(".")[2][:1].isupper()
    ))
    if heading and len(section.heading) > 1:
        # "#### setLevel(level)" under "### logging.Logger": a method of the class a heading above names
        scope.classes = (*scope.classes, *(c for c in scope.above if c not in scope.classes))
    for index, unit in enumerate(units):
        # a bullet that is a call alone over the paragraph documenting it ("- enumerate(iter)"), as a reference
        # page lays out its functions: that call, however plainly written
        if not unit.mentions and _alternating(units, index) and (alone := _CALL_ALONE.fullmatch(unit.passage.text)) \
                and (symbol := resolve(alone[1], scope, unit.passage.variant, marked=True, called=True, coded=True)):
            unit.mentions = [Mention(api.public_name(symbol), alone.start(1), "", True, starts=[alone.start(1)])]
        elif not unit.mentions and (label := _labelled_outline(units, index)) \
                and (symbol := resolve(label[1], scope, unit.passage.variant, True, False, False, True)
                     or _mirrored_function(label[1], scope.library or scope.note_library)
                     or resolve(label[1], scope, unit.passage.variant, True, False, True, True)):
            # "1. flatten" over "    - return a copy of the original data", "2. 展平ravel" over its own: an
            # outline whose items are names, each over the items that say what it does (a function of the
            # library, else a method of its classes)
            unit.mentions = [Mention(api.public_name(symbol), label.start(1), "", True, starts=[label.start(1)])]
    said = [m.symbol for u in units for m in u.mentions]
    named = heading_names(heading, scope, said) if heading else []
    if len(named) > 1 and any("." in m.symbol for m in named):
        # "Auto enumerate" over `RED = auto()`: a plain word beside the API the section's code uses is a word,
        # not the builtin spelt so, unless the heading writes it as code or the code calls it
        code = "\n".join(block.text for block in section.blocks)
        named = [m for m in named if m.symbol not in _BUILTINS or f"{m.symbol}(" in code or f"{m.symbol}(" in heading or f"`{m.symbol}" in heading]
    if not named and (over := name_over(note, section)):  # a note kept one file per API, opening under a heading
        named = heading_names(over, scope, said)
    title = ""
    if not named and (opened := _opened_by(note, section, before)):
        # "## 2. TfidfVectorizer", nothing under it but "### 方法重点", "### 参数速览", "### 示例代码": its first
        # sub-section is the heading's own words on the API, however its title reads, and is titled by it
        if named := heading_names(opened, scope, said):
            heading = title = opened
    # (its words may spell the page's class too: "[Standard Scaling](…StandardScaler.html)")
    linked = heading_link_api(section) if len({m.symbol for m in named}) <= 1 else None
    if linked and named and named[0].symbol != linked:
        linked = None
    if linked:
        named = [Mention(linked, 0, "", True)]  # the heading names it as surely as when it writes it alone
    if not named and heading and len(_ASCII_WORD.findall(heading)) <= 5 and (kind := opening_type(heading)) \
            and _on_python(note, section):
        named = [Mention(kind, 0, "", True)]  # "4. Sets - Unique Collections", "## 字典": the builtin type
    if not named and heading and (builtin := _spelt_builtin(heading)) and _on_python(note, section):
        named = [Mention(builtin, 0, "", True)]  # "# Class Method", "## Static Methods": the decorator
    hinted = [api.public_name(s) for s in re.split(r"[,\s]+", hints.get("symbols", "")) if s]
    named_symbols = hinted or [m.symbol for m in named]
    signature = next((m.signature for m in named if m.signature), "")
    topics = hinted or [m.symbol for m in named if m.strong]
    headline = NAMED if hinted or linked is not None or names_only(heading, named_symbols) else EXPLAINED
    headed = bool(named_symbols) and coded.get(named_symbols[0], -1) < headline  # the heading's own record
    # what the heading's record carries, or a code snippet already explains: no passage's subject then
    carried = set(named_symbols) if headed else {s for s in named_symbols if coded.get(s, -1) >= EXPLAINED}
    parents: list[_Unit] = []  # the items enclosing the one read, outermost first
    # a heading that links to another note's file (a README's contents: "## [官方十分钟入门解析](…/10minutesToPandas.ipynb)"
    # over the list of what that notebook covers): what the section names, that note explains
    contents = any(links_note_file(link) for link in section.heading_links)
    for index, unit in enumerate(units):
        depth = unit.passage.depth
        while parents and parents[-1].passage.depth >= depth:
            parents.pop()
        if unit.passage.item:
            parents.append(unit)
        if contents or index and units[index - 1].subjects and _boxed_signature(units, index - 1):
            continue  # a contents entry; or it documents the signature above it, whatever it compares that with
        unit.subjects = [s for s in _subjects(unit, topics) if s not in carried]
        if len(parents) > 1 and unit is parents[-1] and set(unit.subjects) <= set(parents[-2].subjects):
            # "- `chain`: combine …" over "  - `it = itertools.chain(a, b)`": the sub-item is its example
            unit.subjects = []
    out: list[Snippet] = []
    if headed:
        signature = signature or next(
            (m.signature for u in units for m in u.mentions if m.symbol == named_symbols[0] and m.signature), ""
        )
        # an entry of a list or a table (`| np.arange(…) | 创建等步长数组 |` under "Numpy ndarray") has its
        # own record: the section names it in passing, it does not explain it
        explained = [s for u in units if not u.passage.item and not u.passage.depth for s in u.subjects]
        passing = [m.symbol for u in units for m in u.mentions]
        symbols, about = _rank(named_symbols, explained, passing, headline)
        doc = trim_doc(clean_prose(without_labels(section.prose, section.lead)))
        # the opening of a note kept one file per API is its template's slots (`**links**:` over a link)
        # before the words its sections hold
        if (doc and not (not section.heading and _says_nothing(doc))) or signature:
            out.append(_record(note, section, "h", symbols, about, doc, signature, section.links, hints, title=title))
    # the last unit the last record's words went on to, and that record's unit: a paragraph that goes on
    # about the same subjects is part of it (`_same_subjects`), no record of its own
    went_on, opened = -1, -1
    for index, unit in enumerate(units):
        if not unit.subjects:
            continue
        if index <= went_on and _same_subjects(units[opened], unit):
            continue
        subjects = [s for s in dict.fromkeys(unit.subjects) if coded.get(s, -1) < EXPLAINED]
        if not subjects:
            continue
        caption = _caption(units, index)
        doc, skipped, went_on = _passage_doc(units, index, caption)
        opened = index
        others = [m.symbol for m in unit.mentions if m.symbol not in subjects]
        sig = next((m.signature for m in unit.mentions if m.symbol == subjects[0] and m.signature), "")
        if not _outline_entry(units, index) and not caption and (
                (_bare_names(unit.passage.text) or _only_links(unit.passage.text)) and not _documented_signature(units, index)):
            # names and nothing said of them (a caption at most), or a list of links to the docs: a mention
            # (unless the bullet heads the items nested under it: "- [`numpy.eye`](…)" over what it does)
            subjects, others = [], [*subjects, *others]
        symbols, about = _rank([], subjects, others)
        links = _links(doc) or ()
        line = unit.passage.line + skipped if skipped else None
        out.append(_record(note, section, f"p{index}", symbols, about, doc, sig, links, {}, line, title))
    out.extend(_listed(note, section, scope, coded, leading))
    if not out and not section.blocks and section.prose.strip() and not named_symbols:
        doc = trim_doc(clean_prose(without_labels(section.prose, section.lead)))
        if doc:  # no subject: kept so that search still finds it, and a hover on what it writes as code
            # or calls finds it in passing ("the Numpy function, `logical_and()`, `logical_or()` and …")
            passing = list(dict.fromkeys(m.symbol for u in units for m in u.mentions if m.strong))[:MAX_SYMBOLS]
            out.append(_record(note, section, "s", passing, [MENTIONED] * len(passing), doc, "", section.links, {}))
    if scope.concepts:
        out = [replace(r, about=tuple(min(a, CALLED) if s in scope.concepts else a for s, a in zip(r.symbols, r.about)))
               for r in out]
    return out


def _listed(note: Note, section: Section, scope: Scope, coded: dict[str, int], leading: Collection[str]
            ) -> Iterator[Snippet]:
    """A record per commented entry of a reference listing (`listing_entries`): the entry's own comment
    is what the note says about that API, at the entry's own line. Elsewhere, a line of code with a
    comment of prose on it (`a.chunk(chunks=3, dim=1)  # 尽量均匀分为三份`, a cheat sheet written as
    code) calls the API it is about, in the note's words, unless the section's code already shows it or
    a block is about it first: as much about it as a block that calls it (a comment may only say what
    happened: `# 加载成功`), or, where the line is its block (a notebook's one-line cell
    `np.square(arr)  # 求平方`), as much as an example shown under its explanation."""
    # the dotted names the headings and title write, whose members a listing's entries may be (asked only then)
    owners = _asked_once(lambda: [m[1] for text in (*section.heading, note.title) for m in _DOTTED.finditer(text)])
    shown = {symbol for symbol, level in coded.items() if level >= SHOWN} | set(leading)
    sheets = [cheat_sheet_entries(block.text) for block in section.blocks]
    for number, block in enumerate(section.blocks):
        listing = listing_entries(block.text)
        for index, token, written, comment in listing:
            symbol = resolve(token, scope, block.variant, marked=True, called="(" in written) or _owned(token, owners())
            if symbol is None:
                continue
            signature = written if "(" in written and _SIGNATURE.match(written) else ""
            doc = trim_doc(clean_prose(comment), PASSAGE_DOC)
            yield _record(note, section, f"l{number}.{index}", [symbol], [EXPLAINED], doc, signature, (), {},
                          line=block.line + index)
        for index, token, comment in [] if listing else captioned_parts(block.text):
            # `'''torch.randn()'''` over "# initialization: random values subjective to normal distribution":
            # a part of a long cell captioned with the API it shows, in the words under its caption
            symbol = resolve(token, scope, block.variant, marked=True, called=True)
            if symbol is None:
                continue
            shown.add(symbol)
            yield _record(note, section, f"p{number}.{index}", [symbol], [EXPLAINED], trim_doc(clean_prose(comment), PASSAGE_DOC),
                          "", (), {}, line=block.line + index)
        commented = [] if listing or sheets[number] else commented_lines(block.text)
        if not commented:
            continue  # (most blocks: nothing below to count or weigh)
        one_line = code_line_count(block.text) == 1
        level = SHOWN if len(commented) == 1 and one_line else CALLED
        # a comment over a cell's one line speaks of its call when it names it (`# nunique: NaN 不算`);
        # "# Add date column" over `df['d'] = pd.date_range(...)` says what the line does with it
        apart = one_line and "\n" in block.text.strip()
        for index, code, comment, statement in commented:
            symbol = _named_call(statement, comment, scope, block.variant) or _line_call(statement, scope, block.variant)
            if symbol is None or symbol in shown or apart and symbol.rpartition(".")[2] not in comment:
                continue
            shown.add(symbol)  # the first line that says it, once per section
            doc = trim_doc(f"`{code}` — {clean_prose(comment)}", PASSAGE_DOC)
            yield _record(note, section, f"k{number}.{index}", [symbol], [level], doc, "", (), {},
                          line=block.line + index)
    yield from _cheat_sheet(note, section, scope, sheets)


def _cheat_sheet(note: Note, section: Section, scope: Scope, listed: list[list[tuple[int, str, list[str], str]]]
                 ) -> Iterator[Snippet]:
    """A record per commented call line of a cheat-sheet block (`cheat_sheet_entries`), in the words of its
    comment. The section's imports join the note's (the block does not parse, so no code snippet brings them), and
    what a line assigns to a placeholder is typed so that a later `<con>.commit()` is `Connection.commit`."""
    if not any(listed):
        return
    for number, (block, entries) in enumerate(zip(section.blocks, listed)):
        if "import" in block.text:  # `from collections import deque` in a block of its own, then its cheat sheet
            for local, target in parse_imports_tolerant(block.text).names.items():
                scope.names.names.setdefault(local, target)
        for index, target, names, comment in entries:
            symbols = list(dict.fromkeys(s for s in (_cheat_symbol(n, scope, block.variant) for n in names) if s))
            if not symbols:
                continue
            if target.startswith("<"):
                kind = _cheat_result(names[0], symbols[0], scope)
                if kind:
                    scope.placeholders[target] = kind
            doc = trim_doc(clean_prose(comment), PASSAGE_DOC)
            if doc:
                symbols = symbols[:MAX_SYMBOLS]
                yield _record(note, section, f"c{number}.{index}", symbols, [EXPLAINED] * len(symbols), doc, "", (),
                              {}, line=block.line + index)


def _cheat_symbol(name: str, scope: Scope, variant: str) -> str | None:
    """The public API a cheat-sheet line calls: a module's function or class through the note's imports,
    a builtin, or `<recv>.member` on the kind an earlier line gave that placeholder."""
    if not name.startswith("<"):
        return resolve(name, scope, variant, marked=True, called=True)
    kind, member = _held(name, scope)
    if not kind or not member or "." in member:
        return None
    symbol = api.member_name(kind, member)
    return symbol if public_api.is_public(symbol) else None


def _held(name: str, scope: Scope) -> tuple[str | None, str]:
    """(the kind an earlier line gave the placeholder of `<recv>.member`, the member)."""
    holder, _, member = name.partition(">.")
    return scope.placeholders.get(f"{holder}>"), member


def _cheat_result(name: str, symbol: str, scope: Scope) -> str | None:
    """The kind the call on a cheat-sheet line gives its target."""
    if name.startswith("<"):
        kind, member = _held(name, scope)
        return api.method_result(kind, member) if kind else None
    return api.call_result(symbol) or api.library_class(symbol)  # as the file's own code is typed


def _named_call(statement: ast.stmt, comment: str, scope: Scope, variant: str) -> str | None:
    """The API of the call inside a commented line that its comment names ("# itemgetter() 函数也支持多个
    keys" over `sorted(rows, key=itemgetter('lname', 'fname'))`: itemgetter's, not sorted's), or None."""
    for node in ast.walk(statement):
        if isinstance(node, ast.Call) and (name := getattr(node.func, "attr", None) or getattr(node.func, "id", None)) \
                and len(name) > 2 and names_call(comment, name):
            return _line_call(ast.Expr(value=node), scope, variant)
    return None


def _line_call(statement: ast.stmt, scope: Scope, variant: str) -> str | None:
    """The API a commented line is about: what its outermost call calls (`a1 = torch.diag_embed(d)`,
    past a call that only displays it: `print(torch.initial_seed())`) or what its subscript indexes
    (`df.loc['a':'b', 'c']`); at the end of a chain (`df.groupby('k')['v'].transform(f)`), the method
    the section's typed code names so, or the attribute it reads (`arr.T`). An assertion says something
    about a result instead."""
    value = statement.value if isinstance(statement, (ast.Expr, ast.Assign, ast.AugAssign, ast.AnnAssign)) else None
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id in DISPLAY \
            and len(value.args) == 1:
        value = value.args[0]
    if isinstance(value, ast.Call):
        target, called = value.func, True
    elif isinstance(value, ast.Subscript):
        target, called = value.value, False
    elif isinstance(value, ast.Attribute) and isinstance(statement, ast.Expr):  # `data.ndim  # 数组维度的个数`
        target, called = value, False
    else:
        return None
    dotted = dotted_name(target)
    if dotted is None:  # the end of a chain: the method the typed code names so
        return resolve(target.attr, scope, variant, marked=False, called=called) if isinstance(target, ast.Attribute) else None
    if "." not in dotted and not called:
        return None
    found = resolve(dotted, scope, variant, marked=False, called=called)
    if found is None and "." not in dotted and dotted not in _BUILTINS:
        # `terminate() # 立即终止子进程` listed under `p = Process(target=demo)`: the method of the one
        # class the section's code makes that has it
        found = _sole_member(_code_classes(scope, variant), dotted)
    return found


def _owned(token: str, owners: Sequence[str]) -> str | None:
    """`Response.status_code` under the heading "class requests.Response": the member of the class the
    heading (or the note's title) names, when it has one (or when the table does not list that library:
    the note writes the member under the class it names, so nothing is invented)."""
    head, _, rest = token.partition(".")
    for owner in owners:
        if owner.rpartition(".")[2] != head:
            continue
        candidate = f"{owner}.{rest}"
        if public_api.is_public(candidate):
            return public_api.canonical(candidate) or candidate
        if not public_api.is_closed(owner.split(".", 1)[0]):
            return candidate
    return None


def _rank(
    named: Sequence[str], explained: Sequence[str], passing: Sequence[str], headline: int = NAMED
) -> tuple[list[str], list[int]]:
    symbols: list[str] = []
    about: list[int] = []
    for level, group in ((headline, named), (EXPLAINED, explained), (MENTIONED, passing)):
        for symbol in group:
            if symbol not in symbols and len(symbols) < MAX_SYMBOLS:
                symbols.append(symbol)
                about.append(level)
    return symbols, about


def _documented_signature(units: list[_Unit], index: int) -> bool:
    """A signature standing alone (`torch.save(obj, f, pickle_module)`) over the passages that say what
    its parameters are ("obj：保存的对象…"), or, on a line of its own rather than in a list, over a
    paragraph that names no API of its own ("返回匹配 `pathname` 的…路径名列表"): an API's
    documentation, the reference page's format, not a list of names."""
    passage = units[index].passage
    sig = _SIGNATURE.match(_signature_text(passage))
    if sig is None:
        return False
    params = {m[1] for m in _PARAM_NAME.finditer(sig[2])} - {"self", "cls", "args", "kwargs"}
    if not params:
        # `**sklearn.ensemble.RandomForestClassifier()**` on a line of its own over "**n_estimators**：决策树数量",
        # "**max_depth**：…": its parameters, each a paragraph headed by its name
        return not passage.item and sum(bool(_PARAMETER_ENTRY.match(u.passage.text))
                                        for u in units[index + 1:index + 7]) >= 2
    if _boxed_signature(units, index):
        return True
    described = re.compile(rf"^[\s`*_-]*(?:{'|'.join(map(re.escape, params))})\b", re.M)  # a line opening with one
    return any(described.search(u.passage.text) for u in units[index + 1:index + 8])


# a paragraph headed by a parameter's name: "**n_estimators**：决策树数量", "`max_depth`: the deepest…"
_PARAMETER_ENTRY = re.compile(r"[\s*_`-]*(?:\*\*|`)[A-Za-z_]\w*(?:\s*=\s*[^*`\n]{0,20})?(?:\*\*|`)\s*[:：]")


def _caption(units: list[_Unit], index: int) -> list[int]:
    """The list item a bare call is nested in, when that item names no API of its own: its label and
    paragraphs say what the call does ("- 交叉表：" / "交叉表用于计算一列数据…" over "  - pd.crosstab(value1, value2)");
    [] for any other passage. Calls listed together under one caption (`data.pivot_table()`,
    `DataFrame.pivot_table(...)`) share it, and so does a class it names beside them (the owner of the call)."""
    unit = units[index]
    if not unit.passage.item or not unit.subjects or not _names_alone(unit.passage.text):
        return []
    owners = {s.rpartition(".")[0] for s in unit.subjects}
    found: list[int] = []  # the caption's paragraphs, last first
    for j in range(index - 1, -1, -1):
        before = units[j].passage
        if before.depth > unit.passage.depth:
            continue  # nested under a call listed before it
        if before.depth == unit.passage.depth:
            if found or not (_bare_names(before.text) or _CALL_ALONE.fullmatch(before.text)):
                return []
            continue  # a call listed before it under the same caption
        if not before.item or any(m.symbol not in owners for m in units[j].mentions):
            return []
        found.append(j)
        if not before.continued:
            return found[::-1]
    return []


def _names_alone(text: str) -> bool:
    """One name or call and nothing said (`_bare_names`), or alternatives (`torch.rand()/randn()`), however
    its brackets are typed (`data.pivot_table(）` with a full-width closer); a list (`.to_csv()`,
    `.to_excel()`) is what an outline's topic covers, where a call under a caption is what it describes."""
    if _CALL_ALONE.fullmatch(text):
        return True
    return _bare_names(text) and (not _LISTED.search(text) or len(_names(_ARGS.sub("()", text), _NAME_LIST)) == 1)


_CALL_ALONE = re.compile(r"[\s`*]*([A-Za-z_][\w.]*)\s*[(（][^\n()（）]*[)）][\s`*]*")  # (its callee's name)
_LISTED = re.compile("[,，、]")  # what separates the names of a list


def _signature_text(passage: Passage) -> str:
    """What a passage that may be a signature writes, marks aside; a link's words where it is one link
    and nothing else (`[random.seed(seed=None)](…/numpy.random.seed.html)`: the reference page's
    signature, copied with its address)."""
    text = passage.text.strip()
    if (link := _DOC_LINK.fullmatch(text)) is not None:
        text = link[1]
    return text.strip("`*-+ ")


def _boxed_signature(units: list[_Unit], index: int) -> bool:
    """A signature on a line (or in a table cell) of its own, not in a list, over a paragraph that
    does not open with an API's name: that paragraph documents it ("返回一个 `iterator`，它会产生与
    `glob()` 相同的结果" under `glob.iglob(pathname, …)`), whatever else it names."""
    passage = units[index].passage
    if index + 1 >= len(units) or passage.item and not _alternating(units, index):
        return False
    sig = _SIGNATURE.match(_signature_text(passage))
    if sig is None or not passage.item and (
            "=" not in sig[2] and "*" not in sig[2] and "/" not in sig[2] and sig[2].count(",") < 1):
        return False  # `print(df)` over "输出如下：" is an example and what it printed, not a signature
    after = units[index + 1]
    lead = len(_LEADING_MARKUP.match(after.passage.text).group())
    return not after.passage.item and not _bare_names(after.passage.text) \
        and all(m.start > lead + 2 for m in after.mentions)


def _labelled_outline(units: list[_Unit], index: int) -> re.Match[str] | None:
    """The name an item is alone (`_NAME_LABEL`, the words for it before it or not) over items nested
    under it, in a list where another item is one too: an outline of names, each over what is said of it."""
    def label(at: int) -> re.Match[str] | None:
        if not (0 <= at < len(units) - 1 and units[at].passage.item and units[at + 1].passage.item
                and units[at + 1].passage.depth > units[at].passage.depth):
            return None
        return _NAME_LABEL.fullmatch(units[at].passage.text)

    found = label(index)
    depth = units[index].passage.depth
    if found and any(label(at) and units[at].passage.depth == depth for at in range(len(units)) if at != index):
        return found
    return None


def _alternating(units: list[_Unit], index: int) -> bool:
    """A bullet that is a call alone, between paragraphs that alternate with such bullets ("- enumerate(iter)",
    "接受一个可迭代对象作为参数…", "- len(seq)", "返回 seq 的长度"): a reference page's layout, each
    paragraph the documentation of the bullet above it."""
    def bullet(at: int) -> bool:
        return 0 <= at < len(units) and units[at].passage.item and _CALL_ALONE.fullmatch(units[at].passage.text) is not None

    def paragraph(at: int) -> bool:
        return 0 <= at < len(units) and not units[at].passage.item and not _bare_names(units[at].passage.text)

    return bullet(index) and paragraph(index + 1) and (bullet(index + 2) and paragraph(index + 3)
                                                       or bullet(index - 2) and paragraph(index - 1))


def _bare_names(text: str) -> bool:
    """`nn.GRU, nn.LSTM`, `* nn.Embedding`, "- `genfromtxt`" or a summary's "- `np.average(arr, axis)`":
    only API names (each dotted, called or in code marks; a call's arguments aside), nothing said; after
    a short caption of what they are and before an ellipsis ("丰富的函数支持: resample(), truncate(), ..."; one
    name after a label is what the label says, "Signature: `axis(*v, **kwargs)`")."""
    if (listed := _ETC.search(text)) is not None:
        text = _CAPTION.sub("", text[:listed.start()], count=1)
    names = _names(_ARGS.sub("()", text) if "(" in text else text, _NAME_LIST)
    return bool(names) and all("." in n or n.endswith("()") or f"`{n}`" in text for n in names)


_CAPTION = re.compile(r"^[^:：`()\n]{1,16}[:：]\s*(?=\S)")  # "丰富的函数支持: " before the names it lists
_ETC = re.compile(r"[\s,，、]*(?:\.\.\.|…+|等)[\s。.]*$")  # "…, ..." after them


def _outline_entry(units: list[_Unit], index: int) -> bool:
    """A bullet that is a name alone ("- re.compile()") over paragraphs nested under it that say
    nothing of another API: an outline's entry, headed by the name its paragraphs explain."""
    unit = units[index]
    if not unit.passage.item or index + 1 >= len(units):
        return False
    child = units[index + 1]
    return _its_own(unit, child) or (child.passage.depth > unit.passage.depth and set(child.subjects) <= set(unit.subjects))


def _its_own(unit: _Unit, follower: _Unit) -> bool:
    """`follower` is a later paragraph of `unit`'s list item that speaks of nothing `unit` does not, or
    of what the item names alone ("- `random.randint()`" over "It is similar to `randrange()` but …":
    another API compared with it, never named first)."""
    if not follower.passage.continued:
        return False
    if set(follower.subjects) <= set(unit.subjects):
        return True
    lead = len(_LEADING_MARKUP.match(follower.passage.text).group())
    return bool(unit.subjects) and _names_alone(unit.passage.text) and all(m.start > lead + 2 for m in follower.mentions)


def _only_links(text: str) -> bool:
    """A passage of links and nothing else ("[sklearn.metrics.precision_score](https://…)" under
    "reference"): it says where an API is explained, not what it is."""
    return "](" in text and not _WHOLE_LINK.sub("", text).strip(" \t\n-*+>|,.;:，。；：、0-9")




def _says_nothing(doc: str) -> bool:
    """Prose of labels and links alone (`**links**:` over a link to the docs): where the note's template
    leaves room for words, not words; or besides them one line that leads into what follows ("Here's a
    markdown document tailored to your use case:", a chat answer's opening pasted above its headings)."""
    rest = _WHOLE_LINK.sub("", LABEL_LINE.sub("", doc)).strip()
    return not re.search(r"\w", rest) or ("\n" not in rest and rest.endswith((":", "：")))


_WHOLE_LINK = re.compile(r"!?\[[^\[\]\n]*\]\([^)\n]*\)|<https?://[^>\s]*>|https?://\S+")


def _names(text: str, name: re.Pattern[str]) -> list[str]:
    """The names `text` is made of, read one `name` match at a time; [] when anything else stands in
    it. One regex repeating a name over the whole text would try every way of splitting `ab.cdab.cd`
    into names before failing on the prose after it: exponential in the length of the run."""
    names = []
    at = 0
    while at < len(text):
        m = name.match(text, at)
        if m is None or m.end() == at:
            return []
        names.append(m[1])
        at = m.end()
    return names


def _same_subjects(unit: _Unit, follower: _Unit) -> bool:
    """A paragraph that goes on about what the one before it explains, and about nothing else
    ("`basicConfig(**kwargs)` 函数会…" then "`basicConfig()` 支持以下关键字参数" over its table): one explanation."""
    return bool(follower.subjects) and set(follower.subjects) == set(unit.subjects) and not follower.passage.item \
        and not unit.passage.item


def _passage_doc(units: list[_Unit], index: int, caption: Sequence[int] = ()) -> tuple[str, int, int]:
    """A passage with the prose right around it: a short caption before a bare list of names
    ("上下三角矩阵" over `numpy.triu`), and what follows until the next passage about something
    else (a bullet's sub-items, the next sentences); after the `caption` it is nested under (`_caption`).
    With the lines of the passage it leaves out at its top (those above a label that ends it), and the
    index of the last passage it takes in."""
    unit = units[index]
    parts: list[str] = [units[j].passage.text for j in caption]
    if not parts and index and _names(unit.passage.text, _DOTTED_NAME):
        before = units[index - 1].passage
        if len(before.text) <= 80 and not units[index - 1].subjects:
            parts.append(before.text)
    # a paragraph that ends in a label naming the API ("…$$\nnn.CrossEntropyLoss:"): the label heads
    # the paragraphs after it, whatever they name, and the lines above it are about something else
    label = _TRAILING_LABEL.search(unit.passage.text) if index + 1 < len(units) else None
    if label and not any(label.start(1) <= m.start < label.end(1) for m in unit.mentions if m.symbol in unit.subjects):
        label = None  # "…the result. Example:": a label, of no API
    parts.append(label[1] if label else unit.passage.text)
    size = sum(map(len, parts))
    own = True  # the followers so far are the item's own paragraphs or nested under it
    last = index
    for position, follower in enumerate(units[index + 1:], index + 1):
        nested = follower.passage.depth > unit.passage.depth or (own and _its_own(unit, follower)) or (
            position == index + 1 and _alternating(units, index))  # the paragraph under "- len(seq)" says what it does
        own = own and nested
        if label and len(parts) == 1 + len(caption):
            nested = True  # the label's first paragraph
        elif (follower.subjects and not nested and not _same_subjects(unit, follower)) or size >= PASSAGE_DOC:
            break
        if not nested and unit.passage.item and (not follower.passage.item or follower.passage.depth < unit.passage.depth):
            break  # past the item: prose after the list, or the next item of a list it is nested in
        parts.append(("  " * max(follower.passage.depth - unit.passage.depth, 0)) + follower.passage.text)
        size += len(follower.passage.text)
        last = position
    skipped = unit.passage.text.count("\n", 0, label.start(1)) if label else 0
    return trim_doc(clean_prose("\n\n".join(parts)), PASSAGE_DOC), skipped, last


# the last line of a paragraph that is one name and a colon ("nn.CrossEntropyLoss:", "**`Tensor.view`：**")
_TRAILING_LABEL = re.compile(rf"(?:^|\n)([`*_]*(?:{_ID}\.)*{_ID}(?:\(\))?[`*_]*[ \t]*[:：][`*_]*)[ \t]*$")
_LINK = re.compile(r"\]\((https?://[^)\s]+)\)|(?<![(\[])(https?://[^\s<>()\[\]{}\"'`，。；、）（【】《》]+)")


def _links(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys((m[1] or m[2]).rstrip(".,;:!?*_~") for m in _LINK.finditer(text)))


def _record(
    note: Note,
    section: Section,
    key: str,
    symbols: list[str],
    about: list[int],
    doc: str,
    signature: str,
    links: Iterable[str],
    hints: dict[str, str],
    line: int | None = None,
    title: str = "",
) -> Snippet:
    """`title`: what the record is titled when not its own heading (the heading over a sub-section it opens)."""
    heading = section.heading[-1] if section.heading else ""
    modules = [head for s in symbols if "." in s and (head := s.split(".")[0]) not in api.BUILTIN_TYPES]  # `dict.get`: no module
    context = hints.get("context") or symbols_library(symbols) or PYTHON
    title = title or note.heading_of(section)  # `排除计算图.md`, no heading: titled `排除计算图`
    tails = list(dict.fromkeys(s.rsplit(".", 1)[-1] for s in symbols[:3]))
    requires = tuple(dict.fromkeys(modules))
    return Snippet(
        id=snippet_id(context, slug(symbols, heading), note.path, section.heading, key),
        context=context,
        title=title,
        body="",
        code="",
        source=Source(note.path, line or _line(section, key), note.trail(section)),
        prefix=tuple(tails) if signature else (),
        symbols=tuple(symbols),
        requires=requires,
        doc=doc,
        lang=language(f"{title}\n{doc}"),
        links=tuple(dict.fromkeys(links)),
        kind=PROSE,
        signature=signature,
        about=tuple(about),
    )


def _line(section: Section, key: str) -> int:
    if key.startswith("p"):
        passages = [p for p in section.passages if not is_pasted_output(p.text)]
        index = int(key[1:])
        if index < len(passages):
            return passages[index].line
    return section.line
