"""Writes the CSVs that `examples/csv.rs` trains on, from the copies of two classic data
sets that ship inside scikit-learn (no download):

    iris_train.csv,   iris_test.csv     150 flowers, 4 measurements (cm), 3 species
    digits_train.csv, digits_test.csv   1797 handwritten digits, 8×8 pixels of 0…16, 10 digits

Each is an 80/20 split, stratified (every class keeps its share in both files), seed 0.
Every file has a header row and the class, a whole number 0…k−1, in the last column.

    pip install scikit-learn
    python3 examples/data/make_datasets.py

The CSVs are committed, so the example runs without Python; this script says where they
came from, and writes them again byte for byte.
"""

from pathlib import Path

from sklearn.datasets import load_digits, load_iris
from sklearn.model_selection import train_test_split

HERE = Path(__file__).resolve().parent
TEST_SIZE = 0.2
SEED = 0


def number(x):
    """A value as short as it can be written: 16.0 → "16", 5.1 → "5.1"."""
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def write(path, names, x, y):
    lines = [",".join(names + ["class"])]
    lines += [",".join([number(v) for v in row] + [str(int(c))]) for row, c in zip(x, y)]
    path.write_text("\n".join(lines) + "\n")
    print(f"{path.relative_to(HERE.parent.parent)}: {len(y)} rows × {len(names) + 1} columns")


def split_and_write(name, names, x, y):
    x_train, x_test, y_train, y_test = train_test_split(
        x, y, test_size=TEST_SIZE, stratify=y, random_state=SEED
    )
    write(HERE / f"{name}_train.csv", names, x_train, y_train)
    write(HERE / f"{name}_test.csv", names, x_test, y_test)


iris = load_iris()
split_and_write(
    "iris",
    ["sepal_length", "sepal_width", "petal_length", "petal_width"],
    iris.data,
    iris.target,
)

digits = load_digits()
split_and_write(
    "digits",
    [f"pixel_{r}_{c}" for r in range(8) for c in range(8)],
    digits.data,
    digits.target,
)
