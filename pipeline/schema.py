"""The output tables' columns and Arrow types, fixed by DESIGN.md.

Other tools read these files, so the schema is written explicitly instead of being
inferred from whatever a batch happens to contain (an all-null column would otherwise
change type from one part file to the next).
"""
import pyarrow as pa

DOCUMENTS_SCHEMA = pa.schema(
    [
        ("doc_id", pa.string()),
        ("source", pa.string()),
        ("record", pa.string()),
        ("url", pa.string()),
        ("title", pa.string()),
        ("author", pa.string()),
        ("date", pa.timestamp("us", tz="UTC")),
        ("date_text", pa.string()),
        ("text", pa.string()),
        ("status", pa.string()),
        ("error", pa.string()),
        ("encoding", pa.string()),
        ("fixes", pa.list_(pa.string())),
        ("chars_in", pa.int64()),
        ("chars_out", pa.int64()),
        ("language", pa.string()),
        ("site", pa.string()),
    ]
)

REMOVED_SCHEMA = pa.schema(
    [
        ("doc_id", pa.string()),
        ("source", pa.string()),
        ("start", pa.int64()),
        ("end", pa.int64()),
        ("category", pa.string()),
        ("rule", pa.string()),
        ("text", pa.string()),
    ]
)

CATEGORIES = ("comments", "job_ads", "newsletter", "promo", "chrome", "media", "title", "byline")
STATUSES = ("ok", "empty", "error")

# The repaired text each removed block's offsets point into; the report draws from it.
# For an HTML page, also the page's whole text, which the offsets of what extraction
# left out (rules ``extract.*``) point into.
REPAIRED_SCHEMA = pa.schema(
    [
        ("doc_id", pa.string()),
        ("source", pa.string()),
        ("text", pa.string()),
        ("page_text", pa.string()),
    ]
)

OUTPUT_TABLES = {"documents": DOCUMENTS_SCHEMA, "removed": REMOVED_SCHEMA, "repaired": REPAIRED_SCHEMA}

# The report under an output folder, in the order a run publishes it (the pages
# before the file that links to them); written by ``pipeline.report``.
REPORT_OUTPUTS = ("report", "report.md", "report.html")


# Record fields a user keeps (``--keep-fields``) follow the documents' own columns, as
# strings; a field named like one of those columns is written as ``record_<name>``.
KEPT_FIELD_PREFIX = "record_"


def kept_column(name: str) -> str:
    return f"{KEPT_FIELD_PREFIX}{name}" if name in DOCUMENTS_SCHEMA.names else name


def documents_schema(keep_fields: tuple[str, ...] = ()) -> pa.Schema:
    """DOCUMENTS_SCHEMA and a string column for each kept record field."""
    schema = DOCUMENTS_SCHEMA
    for name in keep_fields:
        schema = schema.append(pa.field(kept_column(name), pa.string()))
    return schema
