"""Start the notesense language server from the VS Code extension: `<python> lsp_server.py [serve args]`.

The extension carries notesense and its pure-Python dependencies in `bundled/libs` (installed there
when the .vsix is packaged), so any Python >= 3.10 runs it with nothing installed. Where notesense
comes from follows `NOTESENSE_IMPORT_STRATEGY` (the `notesense.importStrategy` setting):

- `useBundled` (default): `bundled/libs` goes first on `sys.path`, ahead of the interpreter's own
  packages, so the user's environment can never shadow a dependency with another version;
- `fromEnvironment`: the interpreter's own notesense when it has one (the bundle only fills gaps at
  the end of `sys.path`), else the bundle as with `useBundled`.

`--probe` prints one JSON line instead of serving (Python version, which notesense would run), so the
extension can explain a wrong interpreter before starting anything. The code up to the version check
runs on any Python, so an old interpreter gets a clear message instead of a syntax error.
"""

import json
import os
import sys

MINIMUM_PYTHON = (3, 10)
LIBS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "libs")
EXIT_OLD_PYTHON = 3


def python_version():
    return "%d.%d.%d" % tuple(sys.version_info[:3])


def place_notesense(strategy):
    """Put the bundle on `sys.path` for `strategy`; returns where notesense will be imported from."""
    import importlib.util

    if strategy == "fromEnvironment" and importlib.util.find_spec("notesense") is not None:
        sys.path.append(LIBS)
        return "environment"
    sys.path.insert(0, LIBS)
    return "bundled"


def main(argv):
    probe = argv[:1] == ["--probe"]
    supported = tuple(sys.version_info[:2]) >= MINIMUM_PYTHON
    minimum = "%d.%d" % MINIMUM_PYTHON
    if probe and not supported:
        found = {"python": python_version(), "executable": sys.executable, "supported": False, "minimum": minimum}
        sys.stdout.write(json.dumps(found) + "\n")
        return 0
    if not supported:
        sys.stderr.write("notesense needs Python %s or newer; %s is Python %s.\n" % (minimum, sys.executable, python_version()))
        return EXIT_OLD_PYTHON
    origin = place_notesense(os.environ.get("NOTESENSE_IMPORT_STRATEGY", "useBundled"))
    import notesense

    if probe:
        found = {
            "python": python_version(),
            "executable": sys.executable,
            "supported": True,
            "minimum": minimum,
            "origin": origin,
            "version": notesense.__version__,
            "location": os.path.dirname(os.path.abspath(notesense.__file__)),
        }
        sys.stdout.write(json.dumps(found) + "\n")
        return 0
    from notesense.cli import main as notesense_main

    return notesense_main(["serve"] + argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
