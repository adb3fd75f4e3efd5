"""The ``spark-submit`` entry point: ``sitroom spark-run`` on the master spark-submit chose.

    spark-submit --master spark://host:7077 "$(python -c 'import sitroom.scale.__main__ as m; print(m.__file__)')" \
        INPUT OUTPUT [--partitions N] [--format jsonl|parquet|text] [--csv PATH]

Also ``python -m sitroom.scale INPUT OUTPUT`` (then ``--master`` is needed, e.g. ``--master local[2]``).
"""

from __future__ import annotations

import sys

from sitroom.cli import app


def main(argv: list[str] | None = None) -> None:
    # An empty --master leaves the choice to spark-submit; a --master given after it still wins.
    app(["spark-run", "--master", "", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
