"""Notes → snippet records: context, symbols, bodies, ids, the per-note cache and the deterministic YAML."""
