"""`make bench`: measured speed and scale of a refresh (not part of `make test`)."""
