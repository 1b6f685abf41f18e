"""The security audit trail: who signed in, exported, imported or changed whose role, and when.

A low layer: every other app may call `audit.record(...)`; this package imports none of them.
"""


def record(request, action, **details):
    """Write one entry of the trail (see `audit.trail.record`)."""
    from accounts.audit.trail import record as write

    return write(request, action, **details)
