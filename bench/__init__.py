"""`make bench`: the portal at city scale, measured over HTTP (see run.py)."""
