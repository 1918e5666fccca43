"""Understanding a Python file: ONE model of it, built once per version and asked by everything.

- `document.Document` — one version of a file: its lines, imports, the one (tolerant) parse,
  the semantic model and the kinds, each computed once, on first use;
- `recover` — the tolerant parse: a statement being typed is cut out, the rest still parses;
- `semantic.SemanticModel` — scopes, bindings, which bindings reach a position, one statement walker;
- `kinds.Kinds` — what expressions hold (DataFrame, Tensor, nn.Module …), flow-aware, and the public
  API name a reference denotes; `kinds.analyse(text)` for any Python text (notes, notebook cells);
- `api` — the one table of pandas/numpy/torch/tensorflow facts (shared with the compiler);
- `imports` — a file's imports and aliases (cheap, tolerant); `resolve` / `quick` — the symbol at an
  editor position, fast on a version not analysed yet.

The query API is documented in `docs/analysis.md`.
"""
