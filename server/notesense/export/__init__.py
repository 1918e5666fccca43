"""Plain-snippet exports of the library for people who want snippets without the server."""
