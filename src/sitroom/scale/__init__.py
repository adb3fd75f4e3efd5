"""scale: the pipeline on Apache Spark (``sitroom spark-run``, ``spark-submit sitroom/scale/__main__.py``).

``job`` wires the Spark work; ``worker`` (read, extract, place: the single-machine code per partition, stages
loaded once per Python worker) and ``corroborate`` (the corroborator per blocking key) hold what runs on the
executors; ``synthetic`` generates articles for the equality test and the benchmark. See docs/scaling.md.
"""
