"""Protocol classes whose generated methods are compiled when first used, not when the server starts.

lsprotocol defines about 560 attrs classes. For each one attrs writes the source of its `__init__`,
`__repr__` and `__eq__` (`__hash__` too for a frozen one) and compiles it as the class is made: about
half the CPU of importing `lsprotocol.types`, which is the largest part of a server start, while the
editor waits for its first hover. A session makes objects of a few dozen of those classes.

Within `compiled_on_first_use()`, attrs' compile step hands back stand-ins instead. A stand-in
compiles its class's methods (attrs' own source, attrs' own compile step) the first time one of them
is looked up: an object made, compared or printed, or the method read off the class. The real function
then takes its place on the class, so each class behaves as attrs made it. An attrs whose compile
step is not the one this was written for (another signature) is left to compile as it always did.
"""

from __future__ import annotations

import inspect
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

_COMPILE = "_linecache_and_compile"  # attrs' step: (script, filename, globs, locals=None) -> the names it defined
_SIGNATURE = ["script", "filename", "globs", "locals"]
_lock = threading.Lock()  # two threads may look up a method of the same class first


class _Script:
    """The generated source of one class's methods, compiled at most once."""

    __slots__ = ("_compile", "_args", "_defined")

    def __init__(self, compile_: Callable[..., dict[str, Any]], args: tuple[str, str, dict[str, Any]]) -> None:
        self._compile = compile_
        self._args = args
        self._defined: dict[str, Any] | None = None

    def function(self, name: str) -> Any:
        if self._defined is None:
            self._defined = self._compile(*self._args)
            self._args = ()  # the source is in the line cache now, as attrs puts it there
        return self._defined[name]


class _Defined:
    """What attrs' compile step returns: the names the source defines, each a stand-in (`_Method`)."""

    __slots__ = ("_script",)

    def __init__(self, script: _Script) -> None:
        self._script = script

    def __getitem__(self, name: str) -> _Method:
        return _Method(self._script, name)


class _Method:
    """One generated method, in its class's namespace until it is first looked up. What attrs sets on
    the function (`__qualname__`, `__doc__`, `__annotations__`, ...) is kept here and set on it then."""

    __slots__ = ("_script", "__dict__")

    def __init__(self, script: _Script, name: str) -> None:
        self._script = script
        self.__name__ = name

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        owner = owner if owner is not None else type(obj)
        with _lock:
            function = self._script.function(self.__name__)
            for key, value in vars(self).items():
                setattr(function, key, value)
            for cls in owner.__mro__:
                if vars(cls).get(self.__name__) is self:
                    setattr(cls, self.__name__, function)
                    break
        return function if obj is None else function.__get__(obj, owner)


def _attrs_compile() -> tuple[Any, Callable[..., dict[str, Any]]] | None:
    """(attrs' module, its compile step) when the step is the one stand-ins are made for, else None."""
    try:
        from attr import _make
    except ImportError:
        return None
    step = getattr(_make, _COMPILE, None)
    if step is None or list(inspect.signature(step).parameters) != _SIGNATURE:
        return None
    return _make, step


@contextmanager
def compiled_on_first_use() -> Iterator[None]:
    """Within the block, attrs classes made get their generated methods as stand-ins (see the module)."""
    found = _attrs_compile()
    if found is None:
        yield
        return
    module, step = found

    def deferred(script: str, filename: str, globs: dict[str, Any], locals: Any = None) -> Any:
        if locals is not None:  # not a class's methods (a `__getattr__` for cached properties): as it was
            return step(script, filename, globs, locals)
        return _Defined(_Script(step, (script, filename, globs)))

    setattr(module, _COMPILE, deferred)
    try:
        yield
    finally:
        setattr(module, _COMPILE, step)
