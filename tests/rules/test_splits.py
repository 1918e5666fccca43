"""scikit-learn's splitters give back what they were given: the train and test parts of a DataFrame
are DataFrames (`train_test_split`), and a cross-validator's folds are row-position arrays whose
`.iloc`/`.loc` rows are a DataFrame. Chained assignment on those frames (the most common ML code:
Géron's housing notebook fills a column so) is then found as on any frame."""

from __future__ import annotations

import textwrap

from notesense.analysis import api
from notesense.rules.engine import check_source


def codes(code: str) -> list[tuple[str, int]]:
    return [(f.code, f.line) for f in check_source(textwrap.dedent(code))]


def test_the_parts_train_test_split_gives_are_of_their_arguments_kinds() -> None:
    assert codes("""\
        import pandas as pd
        from sklearn.model_selection import train_test_split
        df = pd.read_csv("a.csv")
        X_train, X_test, y_train, y_test = train_test_split(df, df["y"], test_size=0.2)
        X_train["a"].fillna(0, inplace=True)
        y_test[y_test > 1] = 0
        rows_train, rows_test = train_test_split([[1, 2], [3, 4]])
        rows_train[0][1] = 5
        """) == [("NS101", 5)]


def test_a_cross_validators_folds_select_frames() -> None:
    assert codes("""\
        import pandas as pd
        from sklearn.model_selection import KFold, StratifiedShuffleSplit
        df = pd.read_csv("a.csv")
        for train, test in KFold(n_splits=5).split(df):
            fold = df.iloc[train]
            fold["b"].fillna(0, inplace=True)
        split = StratifiedShuffleSplit(n_splits=1, test_size=0.2)
        for train_index, test_index in split.split(df, df["y"]):
            strat = df.loc[train_index]
        sample = strat[strat.isnull().any(axis=1)].head()
        sample["c"].fillna(0, inplace=True)
        """) == [("NS101", 6), ("NS101", 11)]


def test_folds_unpack_to_arrays() -> None:
    assert api.method_result("sklearn.model_selection.KFold", "split") == api.FOLDS
    assert api.unpacked_element(api.FOLDS) == api.NDARRAY
    assert api.unpacked_argument("sklearn.model_selection.train_test_split", 3, 2) == 1
    assert api.unpacked_argument("sklearn.model_selection.train_test_split", 4, 2) is None
