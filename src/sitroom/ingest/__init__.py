"""Ingest: turn whatever users collect news in into ``Article`` records, stored once each.

Public surface: ``ingest_into`` (read + deduplicate + store, one outcome per article or failure),
``read_inputs``/``read_path`` (inputs -> articles or a readable ``IngestError``) and the report
records ``Outcome``/``IngestReport``.
"""

from sitroom.ingest.errors import IngestError
from sitroom.ingest.options import ColumnMapping, FetchOptions, IngestOptions, InputFormat
from sitroom.ingest.readers import iter_inputs, read_inputs, read_path
from sitroom.ingest.report import IngestReport, Outcome, Status
from sitroom.ingest.service import Ingestor, ingest_into

__all__ = [
    "ColumnMapping",
    "FetchOptions",
    "IngestError",
    "IngestOptions",
    "IngestReport",
    "Ingestor",
    "InputFormat",
    "Outcome",
    "Status",
    "ingest_into",
    "iter_inputs",
    "read_inputs",
    "read_path",
]
