"""An Giang science-and-technology productivity database: the Dagster code.

Where things are:
- ``ingest/``      readers that turn the sources' files (as delivered) into tidy Polars frames
- ``generate/``    the synthetic-source generator behind ``productivity generate``
- ``lib/``         reusable pieces: SQLMesh wrapper, Great Expectations runner, warehouse I/O
- ``defs/``        the Dagster definitions, one folder per layer: ingest, transform, quality
- ``definitions.py`` loads ``defs/``; ``cli.py`` is the ``productivity`` command
"""

import os

# SQLMesh loads a project with a pool of forked processes unless told otherwise. Forking a
# multi-threaded process (Dagster's code server, the webserver's gRPC threads) leaves threads
# and a multiprocessing resource tracker behind that keep `dagster dev` from stopping on Ctrl-C
# or SIGTERM, and forked children holding the warehouse file open. One process is enough for a
# project of this size: set before SQLMesh is imported anywhere in the project.
os.environ.setdefault("MAX_FORK_WORKERS", "1")
