"""An Giang science-and-technology productivity database: the Dagster code.

Where things are:
- ``ingest/``      readers that turn the sources' files (as delivered) into tidy Polars frames
- ``generate/``    the synthetic-source generator behind ``productivity generate``
- ``lib/``         reusable pieces: SQLMesh wrapper, Great Expectations runner, warehouse I/O
- ``defs/``        the Dagster definitions, one folder per layer: ingest, transform, quality
- ``definitions.py`` loads ``defs/``; ``cli.py`` is the ``productivity`` command
"""
