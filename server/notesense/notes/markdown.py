"""Markdown → sections, using markdown-it-py's block tokens (their `map` gives exact source lines).

Structure comes from the parser, never from regexes: fences inside list items, tilde fences, setext
headings and HTML blocks are whatever CommonMark says they are. Prose is kept *as written* (source
lines minus code, headings, rules, HTML comments and Typora's `[toc]`), because the compiler shows it
to the user as documentation and must not lose their Markdown or their Chinese.
"""

from __future__ import annotations

import functools
import html
import re
import shlex
import textwrap
from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.token import Token

from notesense.notes.classify import PYTHON_LABELS, guess_kind, looks_like_code, statement_like
from notesense.notes.includes import Include
from notesense.notes.model import DEFAULT_VARIANT, LIST_BULLET, CodeBlock, Passage, Section, navigates, variants_meet
from notesense.notes.repl import opens_session

# One parser per process: building a MarkdownIt instance costs far more than parsing a small note.
# Inline parsing is switched off and done lazily, only for headings and for paragraphs that can hold
# a link or a comment: it is about 40% of markdown-it's time and most prose has neither.
_MD = MarkdownIt("commonmark").enable(["table", "strikethrough"]).disable(["inline", "text_join"])
# A link's destination is normalised (parsed, punycoded, percent-encoded: ~30 µs) at every link, and
# notes repeat their links (the same doc page under every section): each one is worked out once.
_MD.normalizeLink = functools.lru_cache(maxsize=4096)(_MD.normalizeLink)  # type: ignore[method-assign]

_COMMENT = re.compile(r"<!--.*?-->", re.S)
_HINT = re.compile(r"<!--\s*notesense\s*:(.*?)-->", re.S)
_BARE_URL = re.compile(r"https?://[^\s<>()\[\]{}\"'`，。；、）（【】《》]+")
_URL_TRAIL = ".,;:!?*_~"
_BLANK_RUN = re.compile(r"\n{3,}")
_MARKUP_CHARS = frozenset("*_`[]<>&\\!~")
# an underscore escaped inside a word or ending it (`pivot\_table`, `read\_csv`, `np.c\_ `: what HTML-to-Markdown
# converters and web clippers write): the name as it renders, since there `_` opens no emphasis either way
_WORD_ESCAPE = re.compile(r"(?<=[A-Za-z0-9])\\_(?=[A-Za-z0-9]|[ \t]|$)", re.M)
# a bracket escaped (`meshgrid\( \*xi \)`, `a\['x'\]`: what Typora and GitBook write): as it renders
_BRACKET_ESCAPE = re.compile(r"\\([()\[\]])")
# a line of a reference listing written as prose, no bullets: a call's signature, then (after a wide gap
# or straight into Chinese) what it does ("searchsorted(a, v[, side, sorter])    Find indices where …",
# "meshgrid( *xi, **kwargs ) 从坐标向量返回坐标矩阵"), or the signature alone
_ENTRY_LINE = re.compile(
    r"(?:类\s*)?[A-Za-z_][A-Za-z0-9_.]*(?:(\()[^\n]*?\)[`*_]*(?:[ \t]{2,}\S|[ \t]*[\u4e00-\u9fff]|[ \t]*$)|[ \t]{2,}\S)")
# d2l-book markup: `:begin_tab:`pytorch``…`:end_tab:` wraps prose for one framework's readers; a line
# that is only a role (`:label:`sec_x``, `:width:`300px``) is layout, not prose
_BEGIN_TAB = re.compile(r"^\s*:begin_tab:`([^`]*)`\s*$")
_END_TAB = re.compile(r"^\s*:end_tab:\s*$")
_ROLE_LINE = re.compile(r"^\s*:[a-z_]+:`[^`]*`\s*$")
# an Obsidian vault's metadata in the text: a line of tags (`#seed #pytorch`), a field (`upstream: [[Pytorch]]`,
# Dataview's `status:: done`): what the note is filed under, no prose
_METADATA_LINE = re.compile(
    r"\s*(?:(?:#[^\s#\[\]()]+\s*)+|[^\W\d][\w -]{0,30}::?\s*(?:\[\[[^\]\n]+\]\]\s*,?\s*)+|[^\W\d][\w -]{0,30}::\s.*)")
# a field the template leaves empty (`upstream:`): metadata beside such lines, a label elsewhere
_EMPTY_FIELD = re.compile(r"\s*[^\W\d][\w -]{0,30}::?\s*")
# a container's fence and its title: `::: details 等价实现`, `:::`, `:::{admonition,note}`, `:::tip[Title]`
_CONTAINER = re.compile(r"^\s*:{3,}\s*(?:\{[^}]*\}|[A-Za-z][\w-]*)?\s*\[?([^\]\n]*?)\]?\s*$")
# a GitHub alert or Obsidian callout's first line: `> [!NOTE]`, `> [!tip]- 标题`
_ALERT = re.compile(r"^(\s*(?:>\s*)+)\[!([A-Za-z]+)\][+-]?\s*(.*?)\s*$")
# MyST's admonitions in a fence: ```{note}, ```{admonition} Title
_ADMONITION_FENCE = re.compile(
    r"\s*\{(?:note|tip|hint|important|warning|caution|attention|danger|error|seealso|admonition)\}", re.IGNORECASE)
_TAB_MARK = re.compile(r"^#@tab\s+(.+)$")
# MyST's ```{literalinclude} path (Jupyter Book): another file's code, by path; its options (`_OPTION_LINE`) as
# `:lines: 3-9` atop the fence's body
_LITERAL_INCLUDE = re.compile(r"\s*\{literalinclude\}\s+(\S.*?)\s*$")
# a directive's options atop its fence's body (MyST's ```{code-cell} and ```{code-block}: `:tags: [hide-input]`
# lines, or a `---` … `---` YAML block): settings for the book's build, no line of the code
_OPTION_LINE = re.compile(r"^\s*:([\w-]+):(?:\s(.*)|$)")
# Typora's `[toc]`, CSDN's `@[TOC](文章目录)`: a table of contents the editor draws, not prose
_TOC = re.compile(r"^\s*@?\[toc\](?:\([^)\n]*\))?\s*$", re.I)
_STRONG_HTML = frozenset({"<strong>", "<b>", "<kbd>"})
# link text that names an API: a dotted name or a call (`pandas.DataFrame.merge`, `field_size_limit(n)`)
_LINKED_NAME = re.compile(r"[A-Za-z_]\w*(?:(?:\.[A-Za-z_]\w*)+(?:\([^()]*\))?|\([^()]*\))")


def parse_sections(text: str, first_line: int = 1, notebook: bool = False, include: Include | None = None) -> list[Section]:
    """Split Markdown `text` into sections; `first_line` is the file line of `text`'s first line;
    `notebook`: the text is a notebook's cells (`ipynb.convert`), whose outputs are kept apart;
    `include`: the reader of the files its ```{literalinclude} fences name (none are read without it)."""
    if "\r" in text:  # markdown-it normalises line endings; the line list must match its maps
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if "{%" in text:  # Hexo / Jekyll blog posts: `{% codeblock lang:python %}` … `{% endcodeblock %}`
        lines = _liquid_fences(lines)
        text = "\n".join(lines)
    if "!!! " in text or "??? " in text or "???+ " in text or '=== "' in text:  # MkDocs (Material) sites
        lines = _indented_asides(lines)
        text = "\n".join(lines)
    if "$$" in text:  # display math: its lines are no Markdown of their own
        lines = _math_lines(lines)
        text = "\n".join(lines)
    env: dict = {}
    tokens = _MD.parse(text, env)
    repaired = _repair_list_fences(lines, tokens)
    if _SPACELESS_ANYWHERE.search(text):
        repaired = _spaceless_headings(repaired or lines, tokens) or repaired
    if _NUMBERED_UNDERLINE.search(text):
        repaired = _numbered_underlines(repaired or lines, tokens) or repaired
    if repaired is not None:
        lines, env = repaired, {}
        text = "\n".join(lines)
        tokens = _MD.parse(text, env)
    hidden = bytearray(len(lines) + 1)  # 1 = not prose (code, heading, comment, rule, [toc])
    builder = _Builder(lines, hidden, first_line, env, include)
    builder.tagged = text.startswith("#@tab") or "\n#@tab" in text  # a line that starts so (one scan in C)
    lists = tables = 0
    skip_to = 0
    in_bold = False  # the section open was titled by a bold line
    header: list[str] = []  # the open table's column titles
    row: list[str] | None = None  # inside a table's body: the cells of the row being read
    row_span: list[int] | None = None
    for i, token in enumerate(tokens):
        if i < skip_to:
            continue
        kind = token.type
        if kind == "blockquote_open" and token.map and lines[token.map[0]].lstrip().startswith(">>>"):
            # an interpreter session pasted without a fence reads as nested quotes: it is a transcript
            skip_to = _closing(tokens, i)
            _transcript(builder, lines, token.map[0], token.map[1])
            continue
        if kind == "paragraph_open" and token.map and opens_session(lines[token.map[0]]):
            # an IPython session pasted as text (`In [1]:` … `Out[1]:` paragraphs): a transcript too
            skip_to, end = _session(tokens, i, lines)
            _transcript(builder, lines, token.map[0], end)
            continue
        if kind == "paragraph_open" and token.level == 0 and token.map and not _labelled(tokens, i) and (
                bold := _bold_heading(tokens[i + 1].content.lstrip().split("\n", 1)[0].rstrip(),
                                      in_bold and "\n" not in tokens[i + 1].content.strip())):
            # a line that is all bold and says no sentence ("**1) nn.Conv2d()**", "**模型保存**"), alone or
            # over the paragraph's other lines: a notebook's or a post's heading written in bold, under every
            # real heading above it (the deepest level: the next heading of any kind ends it)
            in_bold = True
            skip_to = _closing(tokens, i)
            start, end = token.map
            builder.heading(Token("heading_open", "h6", 1, map=[start, start + 1]), Token("inline", "", 0, content=bold))
            rest = tokens[i + 1].content.lstrip().partition("\n")[2]
            if rest.strip():
                builder.inline(Token("inline", "", 0, map=[start + 1, end], content=rest), lists, tables > 0)
            continue
        if kind == "blockquote_open" and token.level == 0 and token.map and (quoted := _quoted_code(tokens, i, lines)):
            # lines of code pasted into a quote (`> import pickle`, the next lines lazily quoted): a block
            # the note set off as a quote instead of a fence
            skip_to = _closing(tokens, i)
            builder.code(Token("fence", "code", 0, map=token.map, content=quoted), "", token.map[0])
            continue
        if kind == "paragraph_open" and token.map and token.level == 0 and _unfenced_code(lines[token.map[0]:token.map[1]]):
            # lines of code written as a paragraph, each with its comment (`shutil.rmtree(path)  #删除…`):
            # a block the note forgot to fence
            skip_to = _closing(tokens, i)
            _transcript(builder, lines, token.map[0], token.map[1])
            continue
        if kind in ("bullet_list_open", "ordered_list_open"):
            lists += 1
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists -= 1
        elif kind == "table_open":
            tables += 1
            header = []
        elif kind == "table_close":
            tables -= 1
        elif kind == "tbody_open":
            row = []
        elif kind == "tbody_close":
            row = None
        elif kind == "tr_open" and row is not None:
            row_span, row = token.map, []
        elif kind == "tr_close" and row is not None:
            builder.row(row_span, header, row)
        elif kind == "inline" and tables and tokens[i - 1].type == "th_open":
            header.append(token.content.strip())
        elif kind == "heading_open":
            builder.heading(token, tokens[i + 1])
            in_bold = False
        elif kind == "fence" and token.map and (_ADMONITION_FENCE.match(token.info) or (
                _boxed_prose(token.content, token.info.strip().lower()))):
            # prose in a fence, its fence's lines no part of it: MyST's ```{note} (Jupyter Book), an aside; or
            # ```text over "- Decoding is going the other way around: …", a notebook whose author boxes their
            # words; or ```python over "axhspan() / axvspan()" and "这两个函数分别用于设置…的参考区域。"
            start, end = token.map
            builder.hide((start, start + 1))
            builder.hide((end - 1, end))
            builder.inline(Token("inline", "", 0, map=[start + 1, end - 1], content=token.content), lists, tables > 0)
        elif kind == "fence":
            builder.code(token, token.info.strip(), token.map[0] + 1 if token.map else 0)
        elif kind == "code_block":
            sentences = token.map is not None and _SENTENCES.search(token.content) is not None
            if token.map and (aligned := _aligned_rows(lines, *token.map)):
                # a table of names and what they do aligned with spaces ("    solve    解线性方程组Ax = b"
                # under "常用的numpy.linalg函数", as a book prints it): each line a row of a table
                head, rows = aligned
                builder.hide(token.map)
                for at, cells in rows:
                    builder.row((at, at + 1), head, cells)
            elif looks_like_code(token.content):
                builder.code(token, "", token.map[0] if token.map else 0)
            elif not (notebook and sentences) and (tokens[i - 1].type == "fence" or guess_kind(token.content) == "output"):
                # what the block above printed: an exported notebook indents its outputs (a notebook's own
                # markdown cell indented as a whole, "    注意：方式3的返回值为…" under a code cell, is its
                # author's sentences: a notebook keeps its outputs out of its cells)
                builder.hide(token.map)
            elif sentences:
                # sentences indented as a block ("    如果你有单个样本，只需使用 ``input.unsqueeze(0)`` 来添加…"
                # inside a notebook's `<div class="alert">` note converted from reStructuredText): prose
                builder.prose_lines(token.map)
        elif kind == "html_block":
            builder.html(token)
        elif kind == "hr" or kind == "paragraph_open" and token.map and _RULE.fullmatch(lines[token.map[0]].strip()) \
                and token.map[1] - token.map[0] == 1:
            builder.hide(token.map)  # a rule; also one of `===` a blank line parts from the paragraph it would underline
            if kind == "paragraph_open":
                skip_to = _closing(tokens, i)
        elif kind == "inline" and tokens[i - 1].type != "heading_open":
            if row is not None:
                row.append(token.content.strip())
            builder.inline(token, lists, tables > 0)
    return builder.finish()


def _aligned_rows(lines: Sequence[str], start: int, end: int) -> tuple[list[str], list[tuple[int, list[str]]]] | None:
    """An indented block that is a table aligned with spaces: its column titles (a first line of words
    that name no API, "函数   说明") and its rows, each a name (or names: "abs、fabs") then what it
    does, two spaces or more apart. None for anything else: code, output, a paragraph indented."""
    filled = [(at, lines[at].strip()) for at in range(start, end) if lines[at].strip()]
    head: list[str] = []
    if filled and not _ALIGNED_ROW.fullmatch(filled[0][1]) and len(cells := _COLUMN_GAP.split(filled[0][1])) == 2 \
            and not any(c in filled[0][1] for c in "()=[]{}"):
        head, filled = cells, filled[1:]
    rows = [(at, _COLUMN_GAP.split(line, 1)) for at, line in filled if _ALIGNED_ROW.fullmatch(line)]
    return (head, rows) if len(rows) >= _ALIGNED_ROWS and len(rows) == len(filled) else None


# a row of such a table: a name or names, a gap of two spaces or more, words (not `=`, `(`, an operator
# after the name: `x  = 1` is code)
_ALIGNED_ROW = re.compile(r"[A-Za-z_][\w.]*(?:\s*[,，、/]\s*[A-Za-z_][\w.]*)*(?:\(\))?\s{2,}(?![=+\-*/%<>!(\[.,:#])\S.*")
_COLUMN_GAP = re.compile(r"\s{2,}")
_ALIGNED_ROWS = 3  # fewer rows than this are not told from two lines of something else


_BANNER_RULE = re.compile(r"\A[=-]{3,}[ \t]*\n\s*")  # the rule a banner's title is written under
# words of a sentence: Chinese prose, or four English words in a row
_SENTENCES = re.compile(r"[\u4e00-\u9fff]{2}|[A-Za-z]+ [A-Za-z]+ [A-Za-z]+ [A-Za-z]+")
_PROSE_LABELS = frozenset({"text", "txt", "plain", "plaintext"})  # what a fence says it holds: no program


def _boxed_prose(text: str, label: str) -> bool:
    """Whether a fence labelled as text holds sentences (two lines in three at least, bullets or not) and
    nothing a reader of code would take for a program, its output or settings; or one labelled as Python
    (or not at all) holds Chinese sentences so, and no program: a Chinese word printed is no sentence
    ("张三 18 男"), one that a stop or a comma ends or parts is ("h ~ horizontal，水平的")."""
    lines = [line for line in text.split("\n") if line.strip()]
    if label in _PROSE_LABELS:
        kinds, sentence = ("other", "config"), _SENTENCES
    elif not label or label in PYTHON_LABELS:  # (what a fence of Chinese sentences may still be labelled)
        kinds, sentence = ("other",), _CHINESE_SENTENCE
    else:
        return False
    # the sentences are counted first: most fences hold none, and then no parse of their code is needed
    # (a sentence's colon, "around: from vocabulary indices", makes no setting of it)
    return bool(lines) and 3 * sum(1 for line in lines if sentence.search(line)) >= 2 * len(lines) \
        and guess_kind(text) in kinds


_CHINESE_SENTENCE = re.compile(r"[\u4e00-\u9fff][，。：；！？]|[，。：；！？][\u4e00-\u9fff]|[\u4e00-\u9fff]{8}")


# a table cell that is one call in code marks (`operator.attrgetter(*attrs)`)
_BOXED_CALL = re.compile(r"`[A-Za-z_][\w.]*\([^`]*\)`")
# a notebook exporter's copy of a cell's rich output (pandas' HTML table, its scoped style): what the code
# showed, not what the note says
_EXPORTED_OUTPUT = re.compile(r'<style\b|<table\b[^>]*\bclass="dataframe"', re.IGNORECASE)
# what a web page loads or embeds (`<script async src="…widgets.js">`, an `<iframe>` player): no words of the note
_PAGE_MACHINERY = re.compile(r"\s*<(?:script|iframe|link|meta|noscript|object|embed)\b", re.IGNORECASE)
_HTML_PRE = re.compile(r"<pre\b([^>]*)>(?:\s*<code\b([^>]*)>)?(.*?)(?:</code>\s*)?</pre\s*>", re.IGNORECASE | re.DOTALL)
_PRE_LANGUAGE = re.compile(r"""class\s*=\s*["']?(?:language-|lang-)?([\w+#-]+)""")
_HTML_PARAGRAPH = re.compile(r"\s*<(?:p|div|span|font|center)\b", re.IGNORECASE)
_HTML_HEADING = re.compile(r"\s*<h([1-6])\b[^>]*>(.*?)</h\1\s*>[ \t]*(?:\n|$)", re.IGNORECASE | re.DOTALL)
_RULE = re.compile(r"={3,}")
_STRUCK = re.compile(r"~~[^~\n]+~~")
_BREAK_LINE = re.compile(r"\s*<br\s*/?>", re.IGNORECASE)
_LEADING_BREAKS = re.compile(r"^(?:\s|<br\s*/?>)+", re.IGNORECASE)
_TABLE_OPEN = re.compile(r"<table\b", re.IGNORECASE)
_HTML_ROW = re.compile(r"<tr\b[^>]*>(.*?)</tr\s*>", re.IGNORECASE | re.DOTALL)
_HTML_CELL = re.compile(r"<t[hd]\b[^>]*>(.*?)</t[hd]\s*>", re.IGNORECASE | re.DOTALL)
_TABLE_CLOSE = re.compile(r"</table\s*>", re.IGNORECASE)
_IMAGE_ONLY = re.compile(r"\s*(?:<[^>]*>\s*)*<img\b[^>]*>\s*(?:<[^>]*>\s*)*", re.IGNORECASE)
_ANY_TAG = re.compile(r"<[^>]*>")
_HTML_MARKS = ((re.compile(r"<code\b[^>]*>(.*?)</code\s*>", re.IGNORECASE), r"`\1`"),
               (re.compile(r"<(strong|b)\b[^>]*>(.*?)</\1\s*>", re.IGNORECASE), r"**\2**"),
               (_ANY_TAG, ""))


def _html_text(line: str) -> str:
    """One line of an HTML paragraph as Markdown prose: its marks kept, its other tags and entities gone."""
    for pattern, replacement in _HTML_MARKS:
        line = pattern.sub(replacement, line)
    return html.unescape(line)


_LIQUID_OPEN = re.compile(r"^(\s*)\{%-?\s*(codeblock|highlight|code|ace)\b(.*?)-?%\}\s*$")
_LIQUID_CLOSE = re.compile(r"^(\s*)\{%-?\s*end(?:codeblock|highlight|code|ace)\s*-?%\}\s*$")
_LIQUID_LANG = re.compile(r"""\blang\s*[:=]\s*['"]?([\w+#-]+)""")


# the tags a blog engine wraps prose in (Hexo's `{% cq %}…{% endcq %}`, NexT's `{% note info %}`, GitBook's
# `{% hint style="info" %}`, Jekyll's `{% raw %}`): marks of the page, no words of the note
_LIQUID_WRAPPER = re.compile(
    r"\{%-?\s*(?:end)?(?:cq|centerquote|blockquote|pullquote|quote|note|hint|tabs|tab|raw|details|fold|folding|"
    r"alert|callout|collapse|label|tip|warning|info|success|danger)\b[^%\n]*-?%\}")


def _liquid_fences(lines: list[str]) -> list[str]:
    """Blog engines' code tags as fences, line for line (so every line number stays): Hexo's
    `{% codeblock [title] lang:python %}` and `{% code %}`, Jekyll's `{% highlight python %}`, GitBook's ace
    editor `{%ace edit=true, lang='python'%}` … `{%endace%}`; their wrappers of prose (`_LIQUID_WRAPPER`)
    taken out of the prose's lines, a fence's lines kept as written."""
    out = list(lines)
    opened: int | None = None
    fenced = False
    for index, line in enumerate(lines):
        if opened is None and _FENCE_LINE.match(line):
            fenced = not fenced
        elif opened is None and not fenced and "{%" in line and _LIQUID_WRAPPER.search(line):
            out[index] = line = _LIQUID_WRAPPER.sub("", line)
        if opened is None and (m := _LIQUID_OPEN.match(line)):
            args = m[3].strip()
            lang = _LIQUID_LANG.search(args)
            info = lang[1] if lang else (args.split()[0] if m[2] == "highlight" and args else "")
            out[index] = f"{m[1]}~~~~~~{info}"
            opened = index
        elif opened is not None and (m := _LIQUID_CLOSE.match(line)):
            out[index] = f"{m[1]}~~~~~~"
            opened = None
    if opened is not None:  # never closed: the tag was prose after all
        out[opened] = lines[opened]
    return out


# MkDocs' admonitions and content tabs: `!!! note "注意"`, `??? tip`, `???+ warning`, `=== "PyTorch"`, each
# over its body indented four spaces
# an admonition's marker and title (`!!! note "Why do we need seeds?"`), or a content tab's (`=== "PyTorch"`)
_INDENTED_ASIDE = re.compile(r'^(\s*)(?:(?:!!!|\?\?\?\+?)\s+[A-Za-z][\w-]*(?:\s+"([^"\n]*)")?|===\+?\s+"[^"\n]*")\s*$')
_FENCE_LINE = re.compile(r"^\s*(?:```|~~~)")
# an admonition title that says something (two words, or four Chinese characters), not a label ("Note", "注意")
_SAYING_TITLE = re.compile(r"[A-Za-z]\w*\W+[A-Za-z]|[\u4e00-\u9fff]{4}")


def _indented_asides(lines: list[str]) -> list[str]:
    """MkDocs' admonitions and content tabs as the prose and code of their bodies, line for line: the
    marker line blank, or an admonition's title as a line of prose when it says something (`!!! note
    "Create a tensor with a fixed seed"` is what the note says of the block in it; `"注意"` labels),
    the body unindented by the four spaces that put it inside (Markdown would read an indented body as
    a code block, its prose and fences lost)."""
    out = list(lines)
    fenced = False
    body: str | None = None  # the indentation of the open aside's body
    for index, line in enumerate(lines):
        if body is not None:
            if not line.strip():
                continue
            if line.startswith(body):
                out[index] = line = line[4:]
            else:
                body = None
        if _FENCE_LINE.match(line):
            fenced = not fenced
            continue
        if not fenced and (aside := _INDENTED_ASIDE.match(line)):
            out[index] = f"{aside[1]}{title}" if _SAYING_TITLE.search(title := (aside[2] or "").strip()) else ""
            body = aside[1] + "    "
    return out


# a line inside display math that Markdown would read as its own: a heading's underline (`=` under "J = \\begin{bmatrix}
# …", the equation's next line), a rule, an item, a quote, a heading
_MATH_MARKUP = re.compile(r"^( {0,3})([-=+*#>])")


def _math_lines(lines: list[str]) -> list[str]:
    """`lines` with the Markdown marks that open a line inside a `$$ … $$` block escaped (`\\=`): a notebook's
    multi-line equation stays one paragraph, never a setext heading titled with its first lines. A block
    ends at its closing `$$` or at a blank line, as its paragraph does (a `$$` left open, or written
    inline, escapes nothing further); fenced code is left alone."""
    out = list(lines)
    inside = fenced = False
    for index, line in enumerate(lines):
        if _FENCE_LINE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        if not line.strip():
            inside = False
            continue
        if inside and "$$" not in line:
            out[index] = _MATH_MARKUP.sub(r"\1\\\2", line, count=1)
        if line.count("$$") % 2:
            inside = not inside
    return out


def _transcript(builder: "_Builder", lines: list[str], start: int, end: int) -> None:
    """Lines [start, end) as one code block, read as an interpreter transcript."""
    content = "\n".join(lines[start:end]) + "\n"
    builder.code(Token("fence", "code", 0, map=[start, end], content=content), "", start)


_BOLD_LINE = re.compile(r"\*\*([^*\n]+)\*\*")
_CALL_ARGS = re.compile(r"(?<=\w)\([^()\n]*\)")  # a signature's parameters, marked as code or not
_INLINE_CODE = re.compile(r"`[^`\n]*`")
_SENTENCE_MARK = re.compile(r"[。，,；;！!？?]")
_SENTENCE_END = re.compile(r"[。.！!？?…]\s*$|[:：]")  # a sentence's close, or a label's colon
# a definition said of its subject ("**StepLR 是一种「分段式学习率衰减」策略**", "**A tensor is an n-d array**"):
# a sentence however short, where a title asks (`什么是`, "What is") or names
_DEFINES = re.compile(r"\S\s*(?:是一[种个类]|是指|指的是)|^(?!(?:what|why|how|when|where|which|who)\b)\w.*?\s(?:is|are)\s+(?:an?|the)\s",
                      re.IGNORECASE)


# a heading's attributes at its end, `{#id}` or `{.class}` (Pandoc, kramdown, GitBook exports)
_HEADING_ATTRIBUTES = re.compile(r"\s*\{\s*[#.][^{}\n]*\}\s*$")


def _labelled(tokens: list[Token], i: int) -> bool:
    """Whether the paragraph opening at `i` follows a short label ending in a colon ("返回值：", "Returns:"),
    alone in its paragraph: what it says, in bold or not ("**每次进行验证的分数列表**"), is the label's value,
    no heading."""
    if i < 3 or tokens[i - 1].type != "paragraph_close" or tokens[i - 2].type != "inline":
        return False
    label = tokens[i - 2].content.strip()
    return "\n" not in label and len(label) <= _MAX_LABEL and label.endswith((":", "："))


_MAX_LABEL = 16  # characters: "返回值：", "Return value:"; a longer line ending in a colon introduces a part


def _bold_heading(line: str, next_part: bool = False) -> str | None:
    """The title of a line that is one bold span of a few words ("**模型保存**", "**1) nn.Conv2d()**", "**4.8
    `transforms.ColorJitter(brightness=0, …)`**": a signature's parameters count for nothing), or None
    for a sentence or a label that leads into what follows ("**介绍 3 种改进的激活函数：**"). `next_part`:
    the line stands alone in its paragraph under a part the note titled in bold, where the next part's
    bold title may hold a comma ("**OK, let's build the game**"); one that ends a sentence or labels
    ("**Tuples are immutable!**", "**小练习：…**") or defines (`_DEFINES`) is still emphasis."""
    bold = _BOLD_LINE.fullmatch(line)
    if bold is None:
        return None
    title = bold[1].strip()
    words = _CALL_ARGS.sub("()", _INLINE_CODE.sub("", title))
    if not title or len(words) > 40 or title.endswith((":", "：")) or _DEFINES.search(words) or _SENTENCE_MARK.search(words) and not (
            next_part and not _SENTENCE_END.search(words)):
        return None
    return title


_ATTRIBUTE_CALL = re.compile(r"\w\.\w+\(")  # `shutil.move(`, `df.head(`
# an attribute or a call, then its comment: "arr.ndim        # attribute", "len(arr)  # 长度"
_COMMENTED_NAME = re.compile(r"(?:[A-Za-z_]\w*(?:\.\w+)+(?:\([^()\n]*\))?|[A-Za-z_]\w*\([^()\n]*\))\s+#\s*\S.*")


_IMPORT_LINE = re.compile(r"(?:import\s+[\w.]+|from\s+[\w.]+\s+import\s+[\w(*])[\w.,()* ]*")
_QUOTE_MARK = re.compile(r"^ {0,3}> ?")


def _unfenced_code(lines: list[str]) -> bool:
    """Whether a paragraph's lines are all Python statements or imports (each may end in a comment, Chinese
    kept; a line may be a comment alone), two at least, one calling a module's or an object's function:
    code, not prose naming code. Import lines alone are code however few (`from sklearn.cluster import
    KMeans` on a line of its own, over a section on `KMeans(n_clusters=8, …)`): what the note's
    later code and prose name comes from them. So are lines of attributes and calls each with its comment
    ("arr.ndim        # attribute" over "arr.sum()       # method"), a cheat sheet left unfenced."""
    if len(lines) >= 2 and all(_COMMENTED_NAME.fullmatch(line.strip()) for line in lines):
        return True
    code = [c for line in lines if (c := line.split("#", 1)[0].strip())]
    if code and all(_IMPORT_LINE.fullmatch(c) for c in code):
        return guess_kind("\n".join(code)) == "python"
    if len(code) < 2 or not all(statement_like(c) or _IMPORT_LINE.fullmatch(c) for c in code):
        return False
    return any(_ATTRIBUTE_CALL.search(c) for c in code) and guess_kind("\n".join(lines)) in ("python", "signature")


def _quoted_code(tokens: list[Token], index: int, lines: list[str]) -> str | None:
    """The code a quote (`tokens[index]`, a `blockquote_open`) holds, its marks taken off, when it holds
    paragraphs alone and their lines are code (`_unfenced_code`); else None."""
    after = _closing(tokens, index)
    if any(t.type not in ("paragraph_open", "inline", "paragraph_close") for t in tokens[index + 1:after - 1]):
        return None
    start, end = tokens[index].map
    quoted = [_QUOTE_MARK.sub("", line) for line in lines[start:end]]
    return "\n".join(quoted) + "\n" if _unfenced_code(quoted) else None


def _session(tokens: list[Token], index: int, lines: list[str]) -> tuple[int, int]:
    """(the token index past, the line past) the paragraphs from `tokens[index]` on that go on an
    IPython session: each starts with an `In [n]:` or `Out[n]:` prompt, or is indented output."""
    after = _closing(tokens, index)
    end = tokens[index].map[1]
    while after < len(tokens) and (token := tokens[after]).map and token.level == tokens[index].level and (
            token.type == "code_block" or token.type == "paragraph_open" and opens_session(lines[token.map[0]], first=False)):
        end = token.map[1]
        after = _closing(tokens, after) if token.nesting == 1 else after + 1
    return after, end


def _closing(tokens: list[Token], index: int) -> int:
    """The index just past the token that closes `tokens[index]` (an `_open` token)."""
    depth = 0
    for j in range(index, len(tokens)):
        depth += tokens[j].nesting
        if depth == 0:
            return j + 1
    return len(tokens)


def _repair_list_fences(lines: list[str], tokens: list[Token]) -> list[str] | None:
    """Re-indent code that slipped out of a fence opened inside a list item, or None if none did.

    Editors (Typora especially) let a line inside a list item's fence start at column 0. CommonMark
    then ends the list, the fence with it, and the stray closing fence opens a new one that swallows
    the rest of the note, headings included. Such a fence is one that ends, inside a container,
    on a line that is not its closing fence; indenting its lines up to the real closer (line count
    unchanged, so every line number stays right) and parsing again restores what the author meant.
    """
    fixed: list[str] | None = None
    for token in tokens:
        if token.type != "fence" or token.level == 0 or token.map is None:
            continue
        start, end = token.map
        marker = token.markup
        if _closes(lines[end - 1], marker) or end >= len(lines):
            continue
        indent = lines[start][: len(lines[start]) - len(lines[start].lstrip())]
        closer = _stray_closer(lines, end, marker)
        if not indent or closer is None:
            continue
        fixed = fixed if fixed is not None else list(lines)
        for index in range(start + 1, closer + 1):
            line = fixed[index]
            if line.strip() and not line.startswith(indent):
                fixed[index] = indent + line.lstrip() if index == closer else indent + line
    return fixed


# a heading written without the space CommonMark wants ("##list函数", "###pop和remove": what older editors
# and blog engines took), two `#` at least, since one opens an Obsidian tag (`#pandas`) as often
_SPACELESS = re.compile(r"#{2,6}(?=[^\s#])")
# with such headings in the note, one `#` over words that are no tag line ("#列表(3)"; not "#!/bin/sh")
_SPACELESS_TOP = re.compile(r"#(?=[^\s#!])")
_SPACELESS_ANYWHERE = re.compile(f"^{_SPACELESS.pattern}", re.M)  # one scan of the note, in C


def _spaceless_headings(lines: list[str], tokens: list[Token]) -> list[str] | None:
    """The note's lines with a space after the marks of each heading written without one, or None
    if it has no `##`-deep one. Only paragraphs' lines (never code); line numbers unchanged."""
    candidates = [index for token in tokens if token.type == "paragraph_open" and token.level == 0 and token.map
                  for index in range(*token.map) if lines[index].startswith("#")]
    if not any(_SPACELESS.match(lines[index]) for index in candidates):
        return None
    fixed = list(lines)
    for index in candidates:
        line = lines[index]
        m = _SPACELESS.match(line) or (_SPACELESS_TOP.match(line) if not _METADATA_LINE.fullmatch(line) else None)
        if m:
            fixed[index] = f"{line[:m.end()]} {line[m.end():]}"
    return fixed


def _numbered_underlines(lines: list[str], tokens: list[Token]) -> list[str] | None:
    """The note's lines with the number of each numbered title underlined as a setext heading
    ("1. np.union1d()" over "--------" or "========", a plain-text note's sections) escaped, so that it
    reads as the heading its author wrote, not as a list item (and a rule); None if there is none. Only
    an item of a top-level numbered list whose first line is directly over the underline; line numbers
    unchanged."""
    fixed: list[str] | None = None
    for index, token in enumerate(tokens):
        if token.type != "list_item_open" or token.level != 1 or token.markup not in (".", ")") or not token.map:
            continue
        start, end = token.map
        if start + 1 >= len(lines) or not (under := _UNDERLINE.fullmatch(lines[start + 1])):
            continue
        if under[1][0] == "-":  # "----" ends the list: a rule right after this one-line item
            after = _closing(tokens, index)
            if end != start + 1 or after + 1 >= len(tokens) or tokens[after].type != "ordered_list_close" \
                    or tokens[after + 1].type != "hr":
                continue
        if m := _NUMBER_MARK.match(lines[start]):
            fixed = fixed or list(lines)
            fixed[start] = f"{m[1]}\\{lines[start][m.end(1):]}"
    return fixed


# a numbered title over a setext underline: "1. np.union1d()" then "----------------" (or "====")
_NUMBERED_UNDERLINE = re.compile(r"(?m)^ {0,3}\d{1,9}[.)] [^\n]+\n {0,3}(?:-{3,}|={3,})[ \t]*$")
_UNDERLINE = re.compile(r" {0,3}(-{3,}|={3,})[ \t]*")
_NUMBER_MARK = re.compile(r"( {0,3}\d{1,9})[.)] ")


def _stray_closer(lines: list[str], start: int, marker: str) -> int | None:
    """The first fence line from `start` on, if it is a bare closer and no heading comes before it."""
    for index in range(start, len(lines)):
        line = lines[index]
        if line.lstrip().startswith(marker[0] * 3):
            return index if _closes(line, marker) else None
        if line.startswith("#") and line.lstrip("#")[:1] in (" ", ""):
            return None  # a heading: the fence really ended, the author did not mean to continue it
    return None


def _closes(line: str, marker: str) -> bool:
    stripped = line.strip()
    return stripped.startswith(marker) and not stripped.strip(marker[0])


_CALLOUT_END = re.compile(r"[【\[]\s*END\s*[】\]]", re.IGNORECASE)
# a heading that names one side of the section above it (its prototype, what it does, its parameters, an
# example), numbered or not ("1. 功能", "二、参数说明", "Example:"), not a topic of its own
_ASPECT = re.compile(
    r"(?:[^\w\s]+\s*)?(?:[(（]?(?:\d+|[一二三四五六七八九十]+)[.、)）]\s*)?"
    r"(?:(?:简单|基本|函数|方法|主要|详细|常用|具体|一句话|代码|使用|功能|参数|核心|工作|实现|的)*"
    r"(?:解释|详解|介绍|简介|说明|功能|作用|用途|原型|签名|定义|声明|描述|含义|概述|参数|参数列表|返回|返回值|示例|例子|举例|实例|原理"
    r"|代码|例程|用法|使用|使用方法|注意|注意事项|备注)(?:示例|举例|代码)?"
    r"|api|examples?|usage|parameters|arguments|args|returns?|return values?|description|signature|syntax|notes?"
    r"|overview|summary|definition|explanation|purpose|how\s+it\s+works)\s*[:：]?",
    re.IGNORECASE,
)

# a heading that only says an example follows ("Example", "示例：", "2. 代码示例"), of what the section before it explains
_EXAMPLE = re.compile(
    r"(?:[(（]?(?:\d+|[一二三四五六七八九十]+)[.、)）]\s*)?(?:代码|使用|简单|基本)?(?:示例|例子|举例|实例|用例)(?:代码)?"
    r"|(?:an? |code |usage )?examples?|example usage",
    re.IGNORECASE,
)


# a name between dollars, as Typora users mark code ("$pipeline$", "$nn.Linear$"): three characters or more,
# no TeX in it (`$x$`, `$\\alpha$` and `$W^T$` are mathematics)
_MATH_NAME = re.compile(r"(?<![$\w\\])\$(?=[A-Za-z0-9_.]{3})([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\$(?![$\w])")


def _fence_options(content: str) -> dict[str, str]:
    """A MyST directive's options atop its fence's body (`:lines: 3-9`, `:pyobject: train`)."""
    options: dict[str, str] = {}
    for line in content.split("\n"):
        if not (m := _OPTION_LINE.match(line)):
            break
        options[m[1]] = (m[2] or "").strip()
    return options


def _docstring_only(code: str) -> str:
    """The text of a block that is nothing but one triple-quoted string, dedented; "" for any other."""
    body = code.strip()
    quote = body[:3]
    if quote not in ('"""', "'''") or len(body) < 7 or not body.endswith(quote) or body.count(quote) != 2:
        return ""
    return textwrap.dedent(body[3:-3].strip("\n")).strip()


class _Builder:
    """Accumulates sections while walking the token stream once."""

    def __init__(self, lines: list[str], hidden: bytearray, first_line: int, env: dict, include: Include | None = None) -> None:
        self.env = env  # reference-link definitions found by the block parser
        self.lines = lines
        self.hidden = hidden
        self.first_line = first_line
        self.sections: list[Section] = []
        self.stack: list[tuple[int, str]] = []
        self.current = Section(heading=(), line=1, prose="")
        self.start = 0  # 0-based line where the current section's content starts
        self.block_spans: list[tuple[int, int]] = []  # 0-based [start, end) of each block's lines
        self.tagged = False  # the note tags blocks `#@tab X`: an untagged block is the default reader's
        self.variant = ""  # inside `:begin_tab:`X``…`:end_tab:`
        self.pending: dict[str, str] = {}  # hints seen since the last block: they belong to the next one
        self.include = include  # the reader of the files ```{literalinclude} fences name

    def heading(self, open_token: Token, inline: Token) -> None:
        span = open_token.map or [self.start, self.start]
        level = int(open_token.tag[1:])
        # a plain-text note's banner, "=====" over the title and under it: a setext heading whose first
        # line is the rule above; the title is what stands under it
        title = _BANNER_RULE.sub("", inline.content) if inline.content[:3] in ("===", "---") else inline.content
        title = _HEADING_ATTRIBUTES.sub("", title)  # "认证 {#认证}": the anchor a GitBook or Pandoc export writes
        links: list[str] = []
        if _MARKUP_CHARS.intersection(title):
            children = self.children(title)
            title = _plain(children)
            # a heading that links its name to the reference page (`## [Namedtuple](…#collections.namedtuple)`)
            links = [href for c in children if c.type == "link_open" and (href := str(c.attrs.get("href", "")))
                     and not href.startswith("#")]
        if _METADATA_LINE.fullmatch(title) and "[[" in inline.content:
            self.hide(span)  # `###### upstream: [[Deep Learning]]`: a field set as a heading, no section
            return
        if _ASPECT.fullmatch(title.strip()) and self.current.heading == tuple(t for n, t in self.stack if n < level):
            # "### 函数原型", "### 功能", "### 代码示例" right under "## np.argsort": one side of what the
            # section above is about, read as part of it (its description then leads into its example)
            self.hide(span)
            return
        if _EXAMPLE.fullmatch(title.strip()) and self.stack and self.stack[-1][0] == level \
                and self.current.heading == tuple(t for _, t in self.stack) and self._prose(self.start, span[0]):
            # "#### Example" right after "#### Inverse Matrix" and its prose: the example of what that
            # section explains, read as part of it
            self.hide(span)
            return
        self._close(span[0])
        while self.stack and self.stack[-1][0] >= level:
            self.stack.pop()
        if not _CALLOUT_END.fullmatch(title.strip()):
            self.stack.append((level, " ".join(title.split())))
        # else "#### 【END】" closes the callout its level opened ("#### 【NOTE】…"): what follows is the
        # section the callout interrupted again, not a section of its own
        self.current = Section(
            heading=tuple(title for _, title in self.stack), line=span[0] + self.first_line, prose="", links=links,
            heading_links=tuple(links),
        )
        self.hide(span)
        self.start = span[1]
        self.pending = {}

    def code(self, token: Token, info: str, content_start: int) -> None:
        """Record a code block; `content_start` is the 0-based line of its first content line."""
        span = token.map
        if span is None:
            return
        self.hide(span)
        if (target := _LITERAL_INCLUDE.match(info)) is not None:
            # ```{literalinclude} ../src/train.py: the file's text (its options atop the fence's body), or nothing
            found = self.include(target[1], _fence_options(token.content)) if self.include else None
            if found is not None:
                self.current.blocks.append(CodeBlock(info=found[1] or "python", text=found[0] + "\n",
                                                     line=content_start + self.first_line - 1, variant=self.variant))
                self.block_spans.append((span[0], span[1]))
            return
        if not token.content.strip():
            return
        if docs := _docstring_only(token.content):
            # a block that is one string ('"""使用 sklearn.datasets.make_regression 方法来构建…"""'): the
            # note's words set as a docstring, read as its prose
            self._passage(content_start, span, docs, [], 0, self.variant)
            return
        first, newline, rest = token.content.partition("\n")
        mark = _TAB_MARK.match(first.strip())
        variant = mark[1].strip() if mark else (DEFAULT_VARIANT if self.tagged else "")
        # the marker line says which reader the block is for (`variant`): book markup, no code a hover
        # shows or a completion inserts; left blank, so the block's lines stay the note's
        text = newline + rest if mark else token.content
        if info.lstrip().startswith("{"):
            text = _blank_directive_options(text)
        self.current.blocks.append(
            CodeBlock(info=info, text=text, line=content_start + self.first_line, variant=variant, hints=self.pending)
        )
        self.pending = {}
        self.block_spans.append((span[0], span[1]))

    def html(self, token: Token) -> None:
        for match in _HINT.finditer(token.content):
            self.hint(_parse_hints(match.group(1)))
        if token.content.lstrip().startswith("<!--") and token.content.rstrip().endswith("-->") \
                or _EXPORTED_OUTPUT.search(token.content) or _PAGE_MACHINERY.match(token.content):
            self.hide(token.map)
        elif token.map is not None and (heading := _HTML_HEADING.match(token.content)):
            # `<h3 align='Left'>Plotting Original Data</h3>`: a notebook's heading written as HTML opens a
            # section as `###` would; lines after it in the same block are its HTML prose
            start, end = token.map
            rows = heading[0].rstrip("\n").count("\n") + 1
            self.heading(Token("heading_open", f"h{heading[1]}", 1, map=[start, start + rows]),
                         Token("inline", "", 0, content=" ".join(_html_text(heading[2]).split())))
            if start + rows < end and token.content[heading.end():].strip():
                self.prose_lines((start + rows, end))
        elif token.map is not None and (pre := _HTML_PRE.fullmatch(token.content.strip())):
            # `<pre>` in a blog's post (`string.partition(str)` over "    有点像 find()和 split()的结合体…",
            # `<pre><code class="python">`): preformatted text, a block as a fence's is
            text = html.unescape(_ANY_TAG.sub("", pre[3]))
            language = _PRE_LANGUAGE.search(f"{pre[2] or ''} {pre[1]}")  # `<code class="python">`, else `<pre class=…>`
            first = token.map[0] + text.startswith("\n")  # its first line, that of `<pre>` or the next
            self.code(Token("fence", "pre", 0, map=token.map, content=text.removeprefix("\n")), language[1] if language else "", first)
        elif token.map is not None and _HTML_PARAGRAPH.match(token.content):
            self.prose_lines(token.map)
        elif token.map is not None and _TABLE_OPEN.match(token.content.lstrip()):
            self._html_table(token.map[0], token.content)

    def _html_table(self, first: int, html: str) -> None:
        """A table written as HTML (`<tr><td>re.finditer(pattern, string)</td><td>…返回一个迭代器</td></tr>`):
        each row a passage, as a Markdown table's row is (`row`); a `<th>` row titles the columns."""
        header: list[str] = []
        for row in _HTML_ROW.finditer(html):
            found = list(_HTML_CELL.finditer(row[1]))
            cells = [_html_text(" ".join(cell[1].split())).strip() for cell in found]
            if "<th" in row[1].lower():
                header = cells
            elif found:  # the row's line is its first cell's
                line = first + html.count("\n", 0, row.start(1) + found[0].start())
                self.row((line, first + html.count("\n", 0, row.end()) + 1), header, cells)

    def prose_lines(self, span: Sequence[int]) -> None:
        """Lines of prose that Markdown reads as something else: paragraphs written as HTML (`<p>shift函数是
        对数据进行移动的操作…</p>`, pasted from a web page), sentences indented as a code block. Their text
        is prose, line for line, with `<code>`/`<strong>` as Markdown marks; a table among them is data,
        not prose."""
        table = False
        for index in range(span[0], min(span[1], len(self.lines))):
            line = self.lines[index]
            if _TABLE_OPEN.search(line):
                table = True
            if table or _IMAGE_ONLY.fullmatch(line):
                self.hidden[index] = 1
            else:
                self.lines[index] = _html_text(line)
            if _TABLE_CLOSE.search(line):
                table = False
        text = "\n".join(self.lines[i] for i in range(span[0], min(span[1], len(self.lines))) if not self.hidden[i])
        if text.strip():
            self.passage(span, self.children(text), 0)

    def children(self, content: str) -> list[Token]:
        children: list[Token] = []
        _MD.inline.parse(content, _MD, self.env, children)
        return children

    def inline(self, token: Token, depth: int = 0, in_table: bool = False) -> None:
        content = token.content
        if _TOC.match(content) or (("#" in content or ":" in content) and _metadata(content.split("\n"))):
            self.hide(token.map)
            return
        lines = content.split("\n") if "<br" in content and token.map is not None and not in_table else ()
        if len(lines) > 1 and all(_BREAK_LINE.match(line) for line in lines[1:]) and token.map[1] - token.map[0] == len(lines):
            # lines that each open with `<br>` (`<br>&emsp;类似单位矩阵的数组，<b>np.eye(N,M,k)</b>，…`): one
            # paragraph in Markdown, a line of its own to the reader, each about its own name
            children = []
            for offset, line in enumerate(lines):
                own = self.children(line)
                self.passage((token.map[0] + offset, token.map[0] + offset + 1), own, depth)
                children += own
        else:
            may_link = "://" in content or "<" in content or "](" in content
            may_name = "`" in content or "*" in content or "<" in content
            children = self.children(content) if may_link or may_name or ("[" in content and self.env.get("references")) else []
            if token.map is not None and not in_table:
                self.passage(token.map, children, depth)
        links = self.current.links
        for child in children:
            if child.type == "link_open":
                href = str(child.attrs.get("href", ""))
                if href and not href.startswith("#"):
                    links.append(href)
            elif child.type == "text" and "://" in child.content:
                links.extend(m.group(0).rstrip(_URL_TRAIL) for m in _BARE_URL.finditer(child.content))
            elif child.type == "html_inline" and "notesense" in child.content:
                for match in _HINT.finditer(child.content):
                    self.hint(_parse_hints(match.group(1)))

    def row(self, span: Sequence[int] | None, header: Sequence[str], cells: Sequence[str]) -> None:
        """A cheat sheet's table row (`` `pd.read_sql()` | 读取 SQL 查询 | `sql, con` ``) as a passage
        that reads as a sentence: the first cell, what the second says of it, then the others under
        their column titles, so that the row explains the API it starts with as a bullet would."""
        if span is not None and len(cells) == 1 and _BOXED_CALL.fullmatch(cells[0]):
            # `| glob.glob(pathname, *, recursive=False) |` alone in its row: a signature shown in a box,
            # over the paragraphs that document it, as a line of its own would be
            self._passage(span[0], span, cells[0], self.children(cells[0]), 0, self.variant)
            return
        if span is None or len(cells) < 2:
            return
        titles = [*header, *[""] * len(cells)]
        # a first cell left blank or dashed (`- | dir() | …` beside `T | class bool() | …`, a row under
        # the group above it): the row is about the first cell that says something
        filled = [(title, cell) for title, cell in zip(titles, cells) if cell.strip("- ")]
        if filled and (current := _STRUCK.sub("", filled[0][1])).strip("- ") and current != filled[0][1]:
            # `~~.values~~<br>.to_numpy()`: the name struck out is the one the row no longer uses
            filled[0] = (filled[0][0], _LEADING_BREAKS.sub("", current))
        if len(filled) < 2:
            return
        text = f"{filled[0][1]}：{filled[1][1]}" + "".join(
            f"；{title}：{cell}" if title else f"；{cell}" for title, cell in filled[2:]
        )
        self._passage(span[0], span, text, self.children(text), 1, self.variant)

    def hint(self, hints: dict[str, str]) -> None:
        self.current.hints.update(hints)
        self.pending.update(hints)

    def passage(self, span: Sequence[int], children: list[Token], depth: int) -> None:
        """Record one paragraph or list item as a `Passage`; d2l-book tab markers set the reader it
        is for and, like role-only lines, are hidden from the prose."""
        kept: list[str] = []
        first_kept = span[0]
        marked = False
        variant = self.variant
        for index in range(span[0], min(span[1], len(self.lines))):
            line = self.lines[index]
            if line.lstrip()[:1] == ":":  # as every marker line does (most prose is decided here)
                opened = _BEGIN_TAB.match(line)
                if opened or _END_TAB.match(line) or _ROLE_LINE.match(line):
                    self.hidden[index] = marked = 1
                    if opened:
                        self.variant = variant = opened[1].strip()
                    elif not _ROLE_LINE.match(line):
                        self.variant = ""
                    continue
                if container := _CONTAINER.match(line):  # `::: tip 提示` … `:::` (VuePress, Docusaurus, MyST)
                    self.hidden[index] = marked = 1
                    if container[1]:
                        if not kept:
                            first_kept = index
                        kept.append(f"**{container[1]}**")
                    continue
            elif "[!" in line and (alert := _ALERT.match(line)):  # `> [!NOTE]` (GitHub, Obsidian)
                line = self.lines[index] = f"{alert[1]}**{alert[3] or alert[2].capitalize()}**"  # the prose's too
            if not self.hidden[index]:
                if not kept:
                    first_kept = index
                kept.append(line)
        if not kept:
            return
        if marked and children:  # the markers' own backticks are not inline code of the prose
            children = self.children("\n".join(kept))
        first = LIST_BULLET.sub("", kept[0], count=1) if depth else kept[0]
        text = "\n".join([first.strip(), *(k.strip() for k in kept[1:])]).strip()
        if "<!--" in text:
            text = _COMMENT.sub("", text).strip()
        text = _unescaped(text)
        lines = text.split("\n")
        if not depth and len(lines) == len(kept) == span[1] - span[0] and _entry_lines(lines):
            for index, line in enumerate(lines):  # each entry of a listing without bullets: an item of its own
                self._passage(span[0] + index, (span[0] + index, span[0] + index + 1), line,
                              self.children(line), 1, variant)
        elif text:
            self._passage(first_kept, span, text, children, depth, variant, bool(depth) and first == kept[0])

    def _passage(self, first: int, span: Sequence[int], text: str, children: list[Token], depth: int,
                 variant: str, continued: bool = False) -> None:
        code: list[str] = []
        strong: list[str] = []
        open_strong: list[str] | None = None
        linked: list[str] | None = None  # the text of a link to documentation, while inside one
        for child in children:
            kind = child.type
            if kind == "code_inline":
                code.append(child.content)
                if open_strong is not None:
                    open_strong.append(child.content)
            elif kind == "strong_open" or (kind == "html_inline" and child.content.lower() in _STRONG_HTML):
                open_strong = []
            elif kind == "strong_close" or (kind == "html_inline" and child.content.startswith("</")):
                if open_strong is not None and "".join(open_strong).strip():
                    strong.append("".join(open_strong).strip())
                open_strong = None
            elif kind in ("text", "text_special") and open_strong is not None:
                open_strong.append(child.content)
            if kind == "link_open" and not navigates(str(child.attrs.get("href", ""))):
                linked = []
            elif kind == "link_close" and linked is not None:
                if _LINKED_NAME.fullmatch(words := "".join(linked).strip()):
                    strong.append(words)
                linked = None
            elif kind in ("text", "code_inline") and linked is not None:
                linked.append(child.content)
        if "$" in text:  # "HuggingFace的 $pipeline$ 是…": a name set as math is the note's code mark
            code.extend(m[1] for m in _MATH_NAME.finditer(text))
        follows = bool(self.block_spans) and self.block_spans[-1][1] == span[0]
        self.current.passages.append(
            Passage(line=first + self.first_line, end=span[1] - 1 + self.first_line, text=text, item=depth > 0,
                    depth=depth, continued=continued, code=tuple(code), strong=tuple(strong), variant=variant,
                    follows=follows)
        )

    def hide(self, span: Sequence[int] | None) -> None:
        if span is not None:
            self.hidden[span[0]:span[1]] = b"\x01" * (span[1] - span[0])

    def _close(self, end: int) -> None:
        """Finish the current section, whose content runs from `self.start` up to line `end`."""
        section = self.current
        cursor = self.start
        group_start = self.start
        for index, (start, stop) in enumerate(self.block_spans):
            if not index or self._prose(cursor, start):
                group_start = cursor
            # alternatives written one after another (one per framework, or code then its output)
            # share the prose that introduced the first of them
            lead_end = start if group_start == cursor else self.block_spans[index - 1][0]
            lead_start = self._entry_start(group_start, lead_end) if self.lines[start][:1].isspace() else group_start
            section.lead.append(self._lead(lead_start, lead_end, section.blocks[index].variant))
            cursor = stop
        section.prose = self._prose(self.start, end)
        section.links = list(dict.fromkeys(section.links))
        if section.heading or section.prose or section.blocks or section.hints or section.links:
            self.sections.append(section)
        self.block_spans = []

    def _entry_start(self, start: int, end: int) -> int:
        """Where the prose leading into a block nested in a list starts: in an outline of entries (the
        prose since the last block all list items), at its entry's own item — "- [`numpy.meshgrid`]"
        over its description and "- Signature:", not the previous entry's parameters before it."""
        lo, hi = start + self.first_line, end + self.first_line
        items = [p for p in self.current.passages if lo <= p.line < hi and not p.continued]
        if not items or not all(p.item for p in items):
            return start
        top = min(p.depth for p in items)
        return max(p.line for p in items if p.depth == top) - self.first_line

    def _lead(self, start: int, end: int, variant: str) -> str:
        """The prose on 0-based lines [start, end); in a note with framework tabs, only what a reader
        of the block's `variant` sees."""
        if not self.tagged:
            return self._prose(start, end)
        lo, hi = start + self.first_line, end + self.first_line
        return "\n\n".join(
            p.text for p in self.current.passages if lo <= p.line < hi and variants_meet(p.variant, variant)
        )

    def _prose(self, start: int, end: int) -> str:
        kept: list[str] = []
        for index in range(start, min(end, len(self.lines))):
            if not self.hidden[index]:
                kept.append(self.lines[index].rstrip())
        text = "\n".join(kept)
        if "<!--" in text:
            text = _COMMENT.sub("", text)
        return _squeeze_blank_lines(_unescaped(text)).strip("\n").strip()

    def finish(self) -> list[Section]:
        self._close(len(self.lines))
        return self.sections


def _blank_directive_options(text: str) -> str:
    """`text` with the directive options atop it blanked (`_OPTION_LINE`, or a `---` YAML block), line
    for line: what is left is the cell's code at the note's own line numbers."""
    lines = text.split("\n")
    closing = next((k for k in range(1, len(lines)) if lines[k].strip() == "---"), None) if lines[0].strip() == "---" else None
    if closing is not None:
        end = closing + 1
    else:
        end = next((k for k, line in enumerate(lines) if not _OPTION_LINE.match(line)), len(lines))
    return "\n" * end + "\n".join(lines[end:]) if end else text


def _plain(children: list[Token]) -> str:
    """A heading's text without Markdown markup (`**x**` → `x`, `` `f()` `` → `f()`)."""
    parts: list[str] = []
    for child in children:
        if child.type in ("text", "text_special", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(child.content)
    return " ".join("".join(parts).split())


def _parse_hints(body: str) -> dict[str, str]:
    """`key=value key2=a,b` (values may be quoted) → dict; words without `=` are ignored."""
    try:
        words = shlex.split(body)
    except ValueError:
        words = body.split()
    hints: dict[str, str] = {}
    for word in words:
        key, sep, value = word.partition("=")
        if sep and key:
            hints[key.strip()] = value.strip()
    return hints


def _unescaped(text: str) -> str:
    """Prose with the underscores escaped inside words (`_WORD_ESCAPE`) and the brackets escaped
    (`_BRACKET_ESCAPE`) as they render; brackets that would then open a link (`\\](`) stay escaped."""
    if "\\_" in text:
        text = _WORD_ESCAPE.sub("_", text)
    if ("\\(" in text or "\\[" in text) and "\\](" not in text and "\\]\\(" not in text:
        text = _BRACKET_ESCAPE.sub(r"\1", text)
    return text


def _entry_lines(lines: Sequence[str]) -> bool:
    """Whether a paragraph's lines are a reference listing's entries (`_ENTRY_LINE`), a signature among
    them and one saying what it does at least (a name, a wide gap, then words is an entry too:
    "mgrid      是 nd_grid 实例"): each line is then an entry of its own, as a list's item is."""
    entries = [_ENTRY_LINE.match(line) for line in lines]
    return len(lines) > 1 and all(entries) and any(m[1] for m in entries) and any(
        not m.group().endswith(")") for m in entries)


def _squeeze_blank_lines(text: str) -> str:
    """Collapse runs of blank lines (left where code was removed) into one paragraph break."""
    return _BLANK_RUN.sub("\n\n", text) if "\n\n\n" in text else text


def _metadata(lines: list[str]) -> bool:
    """Whether a paragraph's lines are an Obsidian note's metadata (`#seed` over `upstream:`): each a
    tag line, a field, or a field left empty, one of them more than an empty field."""
    filed = False
    for line in lines:
        if _METADATA_LINE.fullmatch(line):
            filed = True
        elif not _EMPTY_FIELD.fullmatch(line):
            return False
    return filed

