"""What the editor asks for (completion, hover, search), as pure functions over a Library and a Document."""
