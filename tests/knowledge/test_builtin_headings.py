"""A language course explains builtins that no call writes: an exception a heading names (`except
ZeroDivisionError:` then hovers it) and a decorator its prose writes as applied (`@classmethod`)."""

from __future__ import annotations

from pathlib import Path

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
