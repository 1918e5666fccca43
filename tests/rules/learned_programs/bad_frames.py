"""Sales report, written before pandas 2: several removed spellings, none of them like the notes'."""
import io

import pandas

CSV = "day,store,revenue,qty\n2024-01-03,north,10.5,1\n2024-01-03,south,7.25,2\nbroken,line,with,too,many\n2024-02-10,north,3.0,4\n"


def load(text) -> pandas.DataFrame:
    frame = pandas.read_csv(io.StringIO(text), sep=",", error_bad_lines=False)
    frame["day"] = pandas.to_datetime(frame["day"])
    return frame


report = load(CSV)
wide = report.pivot("day", "store", "revenue")
labels = report[["store"]].applymap(str.upper)
per_month = report.set_index("day")[["revenue"]].resample("M").sum()
indexed = report.set_index(["store", "day"])
by_store = indexed[["qty"]].sum(level="store")
pairs = dict((key, value) for key, value in report["qty"].iteritems())

assert wide.loc[pandas.Timestamp("2024-02-10"), "north"] == 3.0
assert labels["store"].tolist() == ["NORTH", "SOUTH", "NORTH"]
assert per_month["revenue"].tolist() == [17.75, 3.0]
assert by_store.loc["north", "qty"] == 5
assert pairs == {0: 1, 1: 2, 2: 4}
