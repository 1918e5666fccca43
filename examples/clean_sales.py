"""Clean a month of sales exports before the weekly report.

A small, realistic pandas script with the pitfalls people hit: chained assignment that silently does
nothing under pandas 3, a removed `DataFrame.append`, and `fillna(method=...)`.
"""

import pandas as pd


def load(path: str) -> pd.DataFrame:
    sales = pd.read_csv(path, parse_dates=["day"])
    sales["region"] = sales["region"].str.strip()
    return sales


def clean(sales: pd.DataFrame, refunds: pd.DataFrame) -> pd.DataFrame:
    # negative quantities are data-entry errors: zero them
    sales[sales.quantity < 0]["quantity"] = 0
    # shops that did not report carry the previous day's price forward
    sales["price"] = sales["price"].fillna(method="ffill")
    sales = sales.append(refunds)
    sales["revenue"] = sales["quantity"] * sales["price"]
    return sales


if __name__ == "__main__":
    import sys

    print(clean(load(sys.argv[1]), load(sys.argv[2])).groupby("region")["revenue"].sum())
