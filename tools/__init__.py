"""Development tools kept out of the production package ``pipelines``."""
