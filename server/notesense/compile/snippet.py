"""Turning one cleaned block into the parts of a snippet record: body, prefixes, id, doc, language.

Each piece is a pure function of the block and its section so a recompile gives the same bytes.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import re
from collections.abc import Sequence

from notesense.compile.context import words
from notesense.library.model import escape, unsaid
from notesense.library.words import PICTURE, language
from notesense.notes.classify import pasted_output_line, without_printed

DOC_CAP = 1500  # characters of prose kept per snippet: a hover, not the whole note
MAX_PREFIXES = 8

_INLINE_HTML = re.compile(r"</?(?:strong|em|b|i|u|span|font|mark|code|br|sup|sub)\b[^>]*>", re.I)
# a line of nothing but images that link somewhere: `<a href="…colab…"><img src="…badge.svg"/></a>`, `[![CI](…)](…)`
_BADGE = re.compile(r"^[ \t]*(?:(?:<a\b[^>]*>\s*<img\b[^>]*>\s*</a>|\[!\[[^\]\n]*\]\([^)\n]*\)\]\([^)\n]*\))[ \t]*)+$\n?",
                    re.I | re.M)
_SLUG_BAD = re.compile(r"[^a-z0-9_]+")
_CLASSES = frozenset({"pandas.DataFrame", "pandas.Series", "torch.Tensor", "numpy.ndarray"})
_STOPWORDS = frozenset("a an and as at by for from in is it of on or the to vs with how what why use using".split())


def build_body(code: str, tree: ast.Module | None, placeholder: str | None, shift: int = 0,
               nodes: Sequence[ast.AST] | None = None) -> str:
    """The snippet body: the escaped code, with every use of `placeholder` (the variable the snippet
    is about, e.g. the DataFrame in `dfa.loc[..]`) made tab stop 1 with its own name as the default.
    `nodes`: the tree's nodes when the caller has them (`semantic.walk`), not walked again.

    Only `ast.Name` nodes are replaced, never text in strings or comments, and each position is
    checked against the source; if anything does not line up the plain escaped code is used.
    """
    if not placeholder or tree is None or "\r" in code:
        return escape(code)
    lines = code.split("\n")
    spots: list[tuple[int, int]] = []
    for node in ast.walk(tree) if nodes is None else nodes:
        if isinstance(node, ast.Name) and node.id == placeholder:
            line = node.lineno - 1 - shift  # `shift`: how far the tree's lines were moved down (`flow`)
            if line >= len(lines):
                return escape(code)
            col = len(lines[line].encode("utf-8")[: node.col_offset].decode("utf-8", "replace"))
            if lines[line][col:col + len(placeholder)] != placeholder:
                return escape(code)
            spots.append((line, col))
    if not spots:
        return escape(code)
    out: list[str] = []
    by_line: dict[int, list[int]] = {}
    for line, col in sorted(set(spots)):
        by_line.setdefault(line, []).append(col)
    stop = "${1:" + placeholder + "}"
    for i, text in enumerate(lines):
        cursor = 0
        parts: list[str] = []
        for col in by_line.get(i, ()):
            parts.append(escape(text[cursor:col]))
            parts.append(stop)
            cursor = col + len(placeholder)
        parts.append(escape(text[cursor:]))
        out.append("".join(parts))
    return "\n".join(out)


def _tail(symbol: str) -> str:
    return symbol.rsplit(".", 1)[-1]


def build_prefixes(symbols: Sequence[str], local_names: dict[str, str], heading: str) -> list[str]:
    """What a user types to get the snippet: `chunk`, `torch.chunk`, `df.loc`, and the heading's
    ASCII words ("loc 操作 / iloc 操作" -> loc, iloc)."""
    out: list[str] = []
    for symbol in symbols[:3]:
        tail = _tail(symbol)
        out.append(tail)
        owner = symbol.rpartition(".")[0]
        if owner in ("pandas.DataFrame", "pandas.Series"):
            out.append(f"df.{tail}" if owner == "pandas.DataFrame" else f"s.{tail}")
        elif owner not in _CLASSES and symbol in local_names and local_names[symbol] != tail:
            out.append(local_names[symbol])
    for token in words(heading):
        if len(token) > 1 and token.lower() not in _STOPWORDS:
            out.append(token.lower())
    return list(dict.fromkeys(p for p in out if p))[:MAX_PREFIXES]


def slug(symbols: Sequence[str], heading: str) -> str:
    """The readable part of an id: the main symbol's last name, else the heading's ASCII words."""
    if symbols:
        text = _tail(symbols[0]).lower()
    else:
        text = "-".join(w.lower() for w in words(heading)[:4])
    text = _SLUG_BAD.sub("-", text).strip("-")[:40].strip("-")
    return text or "snippet"


def snippet_id(context: str, slug_text: str, note: str, heading: Sequence[str], index: int | str) -> str:
    """`<context>.<slug>-<hash>`: the hash covers only the note path, the heading path and the block's
    index within its section, so adding or editing other notes or sections never renames it."""
    key = "\0".join([note, "\x1f".join(heading), str(index)])
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]
    return f"{context}.{slug_text}-{digest}"


def clean_prose(text: str) -> str:
    """Prose as written, minus inline HTML tags pasted from web pages (`<strong>`, `<em>`) and the
    badges a notebook opens with (an "Open in Colab" image linked), with wiki links (Obsidian, Foam,
    Logseq) read as their text."""
    if "<a" in text or "[![" in text:
        text = _BADGE.sub("", text)
    if "<" in text:  # a line break inside a table's cell (`regex<br>Returns list`) still parts two words
        text = _INLINE_HTML.sub(lambda m: " " if m[0][1:3].lower() == "br" else "", text)
    if "&nbsp;" in text:  # the spacer some editors put between paragraphs, or before one to indent it
        text = _SPACER.sub("", text)
    if "[[" in text:
        text = _CODE_SPAN.sub(lambda m: m[0] if m[0].startswith("`") else WIKI_LINK.sub(_link_text, m[0]), text)
    if "版权" in text or "著作权" in text:
        text = _REPOST_FOOTER.sub("", text)
    return _squeeze(text).strip()


# What CSDN, Zhihu and Jianshu append to text copied from them: a rule, the licence line, the author and
# the site ("作者：… 链接：… 来源：知乎 著作权归作者所有。…"). The link to the original stays: it is the source.
_REPOST_FOOTER = re.compile(
    r"^[ \t]*[—─\-_=]{8,}[ \t]*\n(?=[ \t]*版权声明)"
    r"|^[ \t]*版权声明[：:][^\n]*(?:原创|转载|版权)[^\n]*\n?"
    r"|^[ \t]*作者[：:][^\n]*\n(?=[ \t]*链接[：:])"
    r"|^[ \t]*来源[：:][ \t]*(?:知乎|简书|CSDN|掘金|博客园|思否|SegmentFault)[^\n]*\n?(?=[ \t]*著作权)"
    r"|^[ \t]*著作权归作者所有[^\n]*\n?",
    re.MULTILINE,
)


# `[[pd.cut()]]` reads `pd.cut()`, `[[class pd.Window#滑动窗口|返回Rolling对象]]` its alias, `[[Note#Part]]`
# `Note > Part`, an embed `![[figure.png]]` nothing. Nested lists written in prose (`x = [[1, 2]]`,
# `np.array([[1, 2]])`) and anything inside backticks are no links.
WIKI_LINK = re.compile(r"(?<![A-Za-z0-9_\])'\"(=,\[])(!?)\[\[([^\[\]\n|'\"]+?)(?:\|([^\[\]\n]+))?\]\]")
_CODE_SPAN = re.compile(r"`[^`\n]*`|[^`]+|`")
_NAMING = re.compile(r"[A-Za-z\u3400-\u9fff]")


def _link_text(link: re.Match[str]) -> str:
    if not _NAMING.search(link[2]):  # `[[1, 2]]`: numbers, a nested list
        return link[0]
    if link[1]:
        return ""
    if link[3]:
        return link[3].strip()
    note, _, part = link[2].partition("#")
    return f"{note.strip()} > {part.strip()}" if part.strip() else note.strip()


_BLANK_RUN = re.compile(r"\n{3,}")
_SPACER = re.compile(r"^(?:[ \t]*&nbsp;)+[ \t]*", re.MULTILINE)


def _squeeze(text: str) -> str:
    """Runs of blank lines as one paragraph break."""
    return _BLANK_RUN.sub("\n\n", text) if "\n\n\n" in text else text


# a short phrase that ends in a colon (`Wrong:`, `**正确写法：**`, `输出：`) or in a marked aside and a colon
# (`也可以先 contiguous 再 view（正确）：`), not a sentence that leads into its block
# ("独立双样本 t 检验的目的在于判断两组样本之间是否有显著差异：" says what the block shows)
_LABEL = re.compile(r"^(?:[^\n。！？；.!?;]{1,20}|[^\n。！？；.!?;]{1,40}[)）])[:：]$")


def without_labels(prose: str, leads: Sequence[str]) -> str:
    """The prose minus the labels that only introduced a code block (`Wrong:`, `**正确写法：**`,
    `输出：`): the block is not part of the prose, so its label would dangle before whatever follows."""
    return drop_labels(prose, lead_labels(leads))


def lead_labels(leads: Sequence[str]) -> frozenset[str]:
    """The labels among a section's block leads (what `without_labels` drops), found once per section."""
    last_lines = (lead.strip().rsplit("\n", 1)[-1] for lead in leads)
    return frozenset(label for line in last_lines if _LABEL.match(label := line.strip().strip("*_>#- \t")))


def drop_labels(prose: str, labels: frozenset[str]) -> str:
    if not labels:
        return prose
    return "\n".join(line for line in prose.split("\n") if line.strip().strip("*_>#- \t") not in labels)


def own_lead(lead: str, labels: frozenset[str]) -> str:
    """A block's lead for its own doc: a caption (`Wrong:`, `输出：`, `正确写法：`, `For example:`) is
    dropped, a label that says what the block does (`删除文件：`, `字符串的分割：`, `Read a file:`) is
    kept: for this block it is the explanation, however short."""
    return drop_labels(lead, frozenset(label for label in labels if _caption(label)))


# the words of a caption: what kind of block follows, not what it does
_CAPTION_WORDS = re.compile(
    r"输出|结果|如下|所示|例子|示例|示范|演示|例如|比如|举例|测试|运行|代码|写法|用法|正确|错误|报错|注意|显示|效果"
    r"|应该|应|改为|改成|换成|写成|下面|以下|看看|一下|一个|另|先|再|又|也|的|是|为|会|得到|可以|我们|这样|这里|如"
    r"|\b(?:output|results?|examples?|e\.g|for|such|as|follows?|wrong|right|correct|incorrect|bad|good|note"
    r"|code|usage|test|returns?|prints?|gives?|like|this|these|here|below|the|is|are|an?|and|or|then|now"
    r"|see|try|run|out|instead|fixed|before|after|yields?|shows?)\b",
    re.IGNORECASE,
)
_SAYS_SOMETHING = re.compile(r"[\u3400-\u9fff]{2}|[A-Za-z_]{3}")


@functools.lru_cache(maxsize=4096)  # every block of a section asks about all the section's labels again
def _caption(label: str) -> bool:
    """Whether a label only names a kind of block: nothing of it is left once caption words go."""
    return not _SAYS_SOMETHING.search(_CAPTION_WORDS.sub(" ", label))


def join_doc(prose: str, lead: str) -> str:
    """The block's lead sentence first (it says what this block shows), then the rest of the
    section's prose, capped at a paragraph or line boundary; both cleaned already (`clean_prose`: a
    section's prose is cleaned once for all its blocks)."""
    if lead and lead in prose:
        rest = prose.replace(lead, "", 1).strip()
        doc = f"{lead}\n\n{rest}" if rest else lead
    elif lead:
        rest = unsaid(prose, lead)  # a notebook block's lead: the section's cells before it, which the prose holds too
        doc = f"{lead}\n\n{rest}" if rest else lead
    else:
        doc = prose
    return trim_doc(_without_pictures(doc, DOC_CAP))


def _without_pictures(doc: str, cap: int) -> str:
    """A doc longer than `cap` without its paragraphs of pictures alone (a note's first block leads
    in from its title on, through its screenshots): the words that say what the block shows are not
    cut off for them; the doc itself when it fits."""
    if len(doc) <= cap or ("![" not in doc and "<img" not in doc):
        return doc
    return "\n\n".join(p for p in doc.split("\n\n") if PICTURE.sub("", p).strip())


def trim_doc(doc: str, cap: int = DOC_CAP) -> str:
    """Prose for a hover: pasted program output (tracebacks, progress bars, training logs, an
    exporter's output figures) left out, blank-line runs squeezed, capped at a paragraph or line
    boundary."""
    if "\n" in doc or "%|" in doc or "![" in doc:
        doc = "\n".join(line for line in without_printed(doc).split("\n") if not pasted_output_line(line))
    doc = _squeeze(doc).strip()
    if len(doc) <= cap:
        return doc
    cut = doc.rfind("\n", 0, cap)
    if cut < cap // 2:
        cut = cap
    return doc[:cut].rstrip() + " …"
