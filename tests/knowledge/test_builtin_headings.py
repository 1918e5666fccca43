"""A language course explains builtins that no call writes: an exception a heading names (`except
ZeroDivisionError:` then hovers it) and a decorator its prose writes as applied (`@classmethod`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from written import compile_notes, first_entry


def test_a_heading_s_exception_explains_it(tmp_path: Path) -> None:
    library = compile_notes(tmp_path, {"exceptions.md": """
        # Errors and Exceptions

        ## `ZeroDivisionError`

        Zero division error occurs when we try to divide a number by zero.

        ## `IndexError`

        It occurs when an index is out of range.
        """})
    entry = first_entry(library, "try:\n    ratio = a / b\nexcept ZeroDivisionError:\n    ratio = 0\n", "ZeroDivisionError")
    assert entry is not None and "divide a number by zero" in entry, entry


def test_prose_on_an_applied_decorator_explains_it(tmp_path: Path) -> None:
    library = compile_notes(tmp_path, {"oop.md": """
        # Class Methods and Static Methods

        ## Class Methods

        Class methods are bound to the class instead of the instance.

        A class method is created with the `@classmethod` decorator before a function definition.

        ```python
        class Animal:
            legs = 4

            @classmethod
            def print_legs(cls):
                print(cls.legs)
        ```
        """})
    source = "class Angle:\n    @classmethod\n    def from_degrees(cls, d):\n        return cls(d)\n"
    entry = first_entry(library, source, "classmethod")
    assert entry is not None and "decorator before a function definition" in entry, entry


@pytest.mark.parametrize(("notes", "source", "word", "said", "elsewhere", "kind"), [
    # "4. Sets - Unique Collections" in a note on Python explains `set`; "Sets" in a note on Redis (its
    # `SADD`) and "Sorting lists" (a task on lists) do not
    ({"a_redis.md": "# Redis Core Data Structures\n\n## Sets\n\nUnordered collections of unique strings.\n\n"
                    "```bash\nSADD key member\n```\n",
      "b_python.md": "# Data Structures in Python\n\n### 4. Sets - Unique Collections\n\n"
                     "**Characteristics**: Unordered, mutable, unique elements only\n",
      "c_sorting.md": "# Python tips\n\n## Sorting lists\n\n`sorted()` returns a new list.\n"},
     "words = ['a', 'b', 'a']\nvocab = set(words)\n", "set(", "unique elements only", "c_sorting.md", "list"),
    # "## dictionary", the singular noun alone, over bullets on what a dictionary is explains `dict`;
    # "## List comprehension" (a noun with a word after it) is about something else
    ({"a_dictionary.md": "## dictionary\n\n- stores data in key-value pairs\n- it is mutable\n\n"
                         "-create an empty dictionary:\n```\ndictA = dict()\ndictB = {}\n```\n",
      "b_comprehension.md": "# Python tips\n\n## List comprehension\n\nBuilds a new list in one expression.\n"},
     "pairs = [('a', 1), ('b', 2)]\nd = dict(pairs)\n", "dict(", "key-value pairs", "b_comprehension.md", "list"),
])
def test_a_heading_naming_a_type_by_its_noun_explains_the_type(
        tmp_path: Path, notes: dict[str, str], source: str, word: str, said: str, elsewhere: str, kind: str) -> None:
    library = compile_notes(tmp_path, notes)
    entry = first_entry(library, source, word)
    assert entry is not None and said in entry, entry
    assert all(kind not in s.symbols for s in library.snippets if s.source.note == elsewhere)


def test_a_heading_naming_a_decorator_explains_it(tmp_path: Path) -> None:
    """"## The @property decorator" over what properties are: the section explains `property`, before
    its subsection that lists the decorators one line each."""
    library = compile_notes(tmp_path, {"encapsulation.md": """
        # Encapsulation

        ## The @property decorator

        - They look like regular object variables but are capable of attaching custom behavior to the class.

        ### Decorators that are used to create a property in python

        - `@property`: used for creating a getter
        - `@<property_name>.setter`: Used for creating a setter
        """})
    source = "class Account:\n    @property\n    def balance(self):\n        return self._balance\n"
    entry = first_entry(library, source, "property")
    assert entry is not None and "custom behavior" in entry, entry


def test_a_heading_that_spells_out_a_builtin_names_it(tmp_path: Path) -> None:
    """"# Class Method" over bullets on what a class method is: `@classmethod` shows them. "# Data Frame"
    spells no builtin."""
    library = compile_notes(tmp_path, {"ClassMethod.md": """
        # Class Method

         - Class methods are bound to the class and not to an instance of it.
         - They can read and change class-level variables.

        ## example
        ```py
        class Counter:
            count = 0
            @classmethod
            def reset(cls):
                cls.count = 0
        ```
        """})
    code = "class Config:\n    n = 0\n\n    @classmethod\n    def reset(cls):\n        cls.n = 0\n"
    entry = first_entry(library, code, "classmethod")
    assert entry is not None and "bound to the class" in entry, entry


def test_an_exceptions_compound_name_in_a_heading_names_it(tmp_path: Path) -> None:
    """"## do not use `StopIteration`" over why a generator should return instead: a hover on
    `raise StopIteration` shows it."""
    library = compile_notes(tmp_path, {"generators.md": """
        # Generators

        ## do not use `StopIteration`

        Since Python 3.7 a generator that raises it ends in a RuntimeError: a plain return ends the generator.

        ```python
        def gen():
            yield 1
            return
        ```
        """})
    entry = first_entry(library, "def gen():\n    yield 1\n    raise StopIteration\n", "StopIteration")
    assert entry is not None and "a plain return ends the generator" in entry, entry


def test_a_section_about_no_api_is_found_in_passing_by_what_it_calls(tmp_path: Path) -> None:
    """"the preferred method … is using the Numpy function, `logical_and()`, `logical_or()` and
    `logical_not()`": a section with no subject of its own still answers a hover on the functions it
    writes as calls (passing mentions, after any section about them)."""
    library = compile_notes(tmp_path, {"numpy.md": """
        # Numpy

        ```python
        a = np.array([1, 2, 3])
        ```

        ## Operator overloading in 'np'

        ### Boolean Operators

        In case of Boolean Operators over Numpy arrays, the preferred method of operation is using the Numpy function, `logical_and()`, `logical_or()` and `logical_not()`. These are Numpy array equivalents of `and`, `or` and `not` found in base Python.
        """})
    entry = first_entry(library, "import numpy as np\nboth = np.logical_and(a > 1, a < 5)\n", "logical_and")
    assert entry is not None and "equivalents of" in entry, entry


def test_a_frame_nothing_binds_in_a_note_on_matplotlib_is_pandas(tmp_path: Path) -> None:
    """`df.boxplot(column=…, by=…)` in notes on matplotlib that never import pandas: `df` is the frame
    everyone means by it, so the section explains `DataFrame.boxplot`."""
    library = compile_notes(tmp_path, {"matplotlib.md": """
        # MatPlotLib

        ### Histograms

        ```python
        plt.hist(x)
        plt.show()
        ```

        ### Box Plots

        In the example below, we pass the columns to be plotted into the `column` argument.

        ```python
        df.boxplot(column = 'column_name', by = "continent")
        ```

        The lines that extend from a boxplot are called **whiskers**.
        """})
    source = "import pandas as pd\ndf = pd.read_csv('gapminder.csv')\ndf.boxplot(column='lifeExp', by='continent')\n"
    entry = first_entry(library, source, "boxplot")
    assert entry is not None and "called **whiskers**" in entry, entry


def test_a_bare_name_under_headings_naming_a_builtin_type_is_that_type_s_member(tmp_path: Path) -> None:
    """"Python 字典 › 方法 › fromkeys" is dict's `fromkeys`, though the note's code later calls it only on an
    OrderedDict (`OrderedDict.fromkeys('abcde')`)."""
    library = compile_notes(tmp_path, {"collect_dict.md": """
        # Python 字典

        ## 方法

        ### fromkeys

        `classmethod fromkeys(iterable[, value])`

        `fromkeys()` 是类方法，创建一个新的字典。所有值都只引用一个单独的实例。

        ## OrderedDict

        ```python
        from collections import OrderedDict
        d = OrderedDict.fromkeys("abcde")
        d.move_to_end("b")
        ```
        """})
    entry = first_entry(library, "fields = ['name', 'age']\nrecord = dict.fromkeys(fields, '')\n", "fromkeys")
    assert entry is not None and "只引用一个单独的实例" in entry, entry


def test_a_note_with_no_title_named_for_a_builtin_type_by_its_file_owns_the_names_it_lists(tmp_path: Path) -> None:
    """"Python字符串常用函数.md" opens with "# 转换类函数" over a table of `lower()`, `title()`: no heading says
    whose, the file's name does (the string's)."""
    library = compile_notes(tmp_path, {"python/Python字符串常用函数.md": """
        # 转换类函数
        |函数| 描述 |
        |--|--|
        | [lower()](https://www.runoob.com/python3/python3-string-lower.html) | 大写 => 小写 |
        |[title()](https://www.runoob.com/python3/python3-string-title.html)|将字符串中的所有单词的首字母大写，其余字母全部小写|
        # 填充类函数
        |函数| 描述 |
        |--|--|
        |  [zfill(width)](https://www.runoob.com/python3/python3-string-zfill.html) |  返回指定长度的字符串，原字符串右对齐，前面填充0 |
        """})
    entry = first_entry(library, "order_no = 42\nlabel = str(order_no).zfill(6)\n", "zfill")
    assert entry is not None and "前面填充0" in entry, entry
