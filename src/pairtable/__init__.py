"""pairtable: collect, validate and merge the county pairing statistics form."""

__version__ = "0.1.0"
