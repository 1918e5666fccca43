"""Notes kept in an Obsidian vault, one file per API (`nn.Embedding.md`): the template's tag lines,
fields and empty slots are no explanation, and the note named for the API explains it first."""

from __future__ import annotations

from pathlib import Path

from notesense.notes.markdown import parse_sections
from written import compile_notes, first_entry

TEMPLATE = (
    "#seed #pytorch\nupstream: [[Pytorch]]\nstatus:: growing\n\n---\n\n**links**:\n\n"
    "[pytorch documentation](https://pytorch.org/docs/stable/generated/{name}.html)\n\n---\n"
)


def test_tag_lines_and_fields_are_no_prose() -> None:
    """A line of tags and a field (`upstream: [[Pytorch]]`, `status:: growing`), written as a paragraph or
    as a heading, are what the note is filed under: no passage, no section."""
    sections = parse_sections("#seed #incubator\nupstream: [[Pytorch]]\n\n###### up:: [[Deep Learning]]\n\n"
                              "## Embeddings\n\nSee: the docs.\n\n```python\n#seed is a comment here\n```\n")
    assert [s.heading for s in sections if s.passages] == [("Embeddings",)], [(s.heading, s.prose) for s in sections]
    assert all("upstream" not in s.prose and "#seed" not in s.prose for s in sections)
    assert sections[-1].blocks[0].text.startswith("#seed is a comment")  # code keeps its comments


def test_a_vault_note_named_for_its_api_explains_it_before_a_passing_mention(tmp_path: Path) -> None:
    """`nn.Embedding.md` opens with its template (tags, a field, a label over a link to the docs): that
    says nothing, so the hover shows the note's own words, before another note's section whose heading
    uses the word and whose prose says it more often."""
    library = compile_notes(tmp_path, {
        "Transformers.md": """\
            # Transformer Components

            ## Positional Embedding

            Positional embedding learns an embedding for each position, through layers like `nn.Embedding`;
            the embeddings are added to the token embeddings.
            """,
        "nn.Embedding.md": TEMPLATE.format(name="torch.nn.Embedding")
        + "\n### Introduction\n\n`nn.Embedding` is a layer that turns sparse categorical data into dense vectors.\n",
    })
    first = first_entry(library, "import torch.nn as nn\nlayer = nn.Embedding(10, 3)\n", "Embedding")
    assert first is not None and "sparse categorical data" in first, first
    assert "upstream" not in first and "links" not in first, first


def test_a_heading_that_spells_out_its_apis_short_name_is_about_it_before_an_example_of_it(tmp_path: Path) -> None:
    """"### Stochastic Gradient Descent (SGD)" names `optim.SGD` by the short name it spells out (not
    `Gradient`); the section that says what SGD is answers before "## Example: Using `optim.SGD`"."""
    library = compile_notes(tmp_path, {"Pytorch Optimizers.md": """\
        # PyTorch Optimizers

        ## Commonly Used Optimizers

        ### Stochastic Gradient Descent (SGD)

        The grandfather of all optimization algorithms. Basic yet effective.

        ```python
        optimizer = optim.SGD(model.parameters(), lr=0.01)
        ```

        ## Example: Using `optim.SGD`

        Here's a simple example demonstrating the use of `optim.SGD`.

        ```python
        import torch.nn as nn
        import torch.optim as optim
        model = nn.Linear(2, 1)
        optimizer = optim.SGD(model.parameters(), lr=0.01)
        ```
        """})
    first = first_entry(library, "import torch.optim as optim\nopt = optim.SGD(params, lr=0.1)\n", "SGD")
    assert first is not None and "grandfather of all" in first, first
    assert all("torch.Gradient" not in s.symbols for s in library.snippets)


def test_a_chat_answer_pasted_under_the_template_gives_no_opening_record(tmp_path: Path) -> None:
    """A vault note whose template slots are left empty (`#seed` over `upstream:`, `Brain Dump:`) and
    whose body is a pasted chat answer ("Certainly! Here's …:" above its headings) opens with nothing
    said: no record, no tag line or empty field in any doc."""
    library = compile_notes(tmp_path, {"Incremental PCA.md": """\
        #seed
        upstream:

        ---

        **links**:

        ---

        Brain Dump:

        Certainly! Here's a markdown document tailored to your application's use case:

        ---

        # Real-Time Visualization Using Incremental PCA

        ## Why Incremental PCA?

        - **Dynamic Data**: new embeddings are folded into the projection as they arrive.
        """})
    assert all(s.source.heading for s in library.snippets), [(s.source.heading, s.doc) for s in library.snippets]
    assert not any("#seed" in s.doc or "upstream" in s.doc or "Certainly" in s.doc for s in library.snippets)


def test_a_class_named_in_words_is_that_class_and_a_bold_name_is_what_the_note_imports_later(tmp_path: Path) -> None:
    """A heading "Incremental PCA" in a note on sklearn is `IncrementalPCA`, not the `PCA` one of its
    words spells; "**PCA** is a technique …" above the block that imports `PCA` is about that class, so
    hovering `PCA` shows those words first; "Linear Transformation" in a note whose code uses only
    numpy names no torchvision class."""
    library = compile_notes(tmp_path, {
        "Principal Component Analysis (PCA).md": """\
            ### Details:

            **PCA** is a technique that transforms a high-dimensional dataset into a lower-dimensional subspace.

            ### Linear Transformation

            Each principal component is a linear combination of the original features.

            ```python
            import numpy as np
            w = np.linalg.eigh(np.cov(X.T))
            ```

            ### Code Example:

            ```python
            from sklearn.decomposition import PCA
            pca = PCA(n_components=2)
            reduced = pca.fit_transform(X)
            ```
            """,
        "dimensionality reduction.md": """\
            # Dimensionality reduction with scikit-learn

            ## Incremental PCA

            Fits the components one mini-batch at a time, for data that does not fit in memory.

            ```python
            from sklearn.decomposition import IncrementalPCA
            ipca = IncrementalPCA(n_components=2, batch_size=10)
            ```
            """,
    })
    first = first_entry(library, "from sklearn.decomposition import PCA\npca = PCA(n_components=3)\n", "PCA")
    assert first is not None and "lower-dimensional subspace" in first, first
    incremental = [s for s in library.snippets if s.source.heading[-1:] == ("Incremental PCA",)]
    assert incremental and all(s.symbols[:1] == ("sklearn.decomposition.IncrementalPCA",) for s in incremental), incremental
    assert not any(x.startswith("torchvision") for s in library.snippets for x in s.symbols)


def test_a_section_asking_what_an_api_is_is_about_it_as_much_as_one_showing_how_to_use_it(tmp_path: Path) -> None:
    """"## What is `nn.Parameter`?" names the API and nothing else, as "## How to use `nn.Parameter`?"
    does: the hover opens on what it is, not on the usage section below it alone."""
    library = compile_notes(tmp_path, {"nn.Parameter.md": """\
        # Understanding `nn.Parameter` in PyTorch

        ## What is `nn.Parameter`?

        `nn.Parameter` is a kind of Tensor that is automatically registered as a parameter of a module.

        ## How to use `nn.Parameter`?

        Here's a basic usage:

        ```python
        import torch
        import torch.nn as nn
        class CustomLayer(nn.Module):
            def __init__(self):
                super().__init__()
                self.weights = nn.Parameter(torch.randn(3, 3))
        ```
        """})
    first = first_entry(library, "import torch\nfrom torch import nn\nscale = nn.Parameter(torch.ones(16))\n", "Parameter")
    assert first is not None and "a kind of Tensor" in first, first


def test_a_heading_that_spells_out_its_apis_name_is_about_it_alone(tmp_path: Path) -> None:
    """"### Cross-Entropy Loss (`nn.CrossEntropyLoss`)": the words spell the class's name, so the
    section is about it alone and answers before "## Example: Using `nn.CrossEntropyLoss`"."""
    library = compile_notes(tmp_path, {"Pytorch Criterion.md": """\
        # PyTorch Criterion

        ### Mean Squared Error Loss (`nn.MSELoss`)

        Typically used for regression problems.

        ```python
        criterion = nn.MSELoss()
        ```

        ### Cross-Entropy Loss (`nn.CrossEntropyLoss`)

        Commonly used for classification tasks.

        ```python
        criterion = nn.CrossEntropyLoss()
        ```

        ## Example: Using `nn.CrossEntropyLoss`

        Here's a simple example that demonstrates how to use `nn.CrossEntropyLoss` in a classification problem.

        ```python
        import torch
        import torch.nn as nn
        criterion = nn.CrossEntropyLoss()
        loss = criterion(torch.randn(4, 3), torch.tensor([2, 1, 0, 2]))
        ```
        """})
    first = first_entry(library, "import torch.nn as nn\nloss_fn = nn.CrossEntropyLoss()\n", "CrossEntropyLoss")
    assert first is not None and "Commonly used for classification tasks" in first, first
