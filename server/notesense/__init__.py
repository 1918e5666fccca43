"""notesense: your own Markdown notes as editor knowledge (completions, hovers, quick-fixes, lint)."""

import warnings

__version__ = "0.2.0"

# notesense parses other people's code (the blocks of notes, the files and cells it lints) and never runs
# it. What Python's compiler says of that code (`1if x`: "invalid decimal literal"; `"\d"`: an invalid
# escape sequence) is not notesense's to print on stderr, in every process that parses (a worker
# process imports this package too). That code is parsed under a pseudo-name ("<unknown>", "<cell 3>").
warnings.filterwarnings("ignore", category=SyntaxWarning, module="<")
warnings.filterwarnings("ignore", category=DeprecationWarning, module="<")
