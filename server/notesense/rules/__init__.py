"""The pitfall rules, one module each, and the engine that runs and fixes them."""
