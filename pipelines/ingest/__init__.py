"""Where data enters: readers that turn each source's files, as delivered, into tidy frames.

Pure functions of a file and its contract (``sources/contracts/*.yaml``): no Dagster, no
warehouse. Each reader returns the rows it loaded and the rows it quarantined, with the
lineage of every row (file, sha256, sheet, row number).
"""
