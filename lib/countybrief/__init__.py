"""countybrief: county poverty-alleviation briefings from scraped articles.

Pipeline stages, one package each: ``ingest`` (read and normalise articles),
``extract`` (figures, regions, provenance), ``store`` (versioned Parquet data),
``params`` (one parameters file per region) and ``render`` (papermill + nbconvert).
"""

__version__ = "0.1.0"
