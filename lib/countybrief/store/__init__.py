"""Stage 3: the versioned extracted-data store (Parquet, see ``schema``)."""

from .parquet import Store, build_tables, has_store, open_store, write_store, write_tables
from .schema import SCHEMA_VERSION

__all__ = ["SCHEMA_VERSION", "Store", "build_tables", "has_store", "open_store", "write_store", "write_tables"]
