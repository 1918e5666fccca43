"""The batch pass over files: parallel, cached, atomic `--fix`, and the text/json/sarif/github reports."""
