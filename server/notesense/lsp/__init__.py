"""The pygls language server: thin handlers over the library, features and rules."""
