"""Where 意见建议 meets the audit trail (the audit app, built beside this one, is not here yet).

One function, called where an entry belongs; it records nothing until the audit app is wired in.
"""


def audit_opinion_answered(*, opinion, by) -> None:
    """An administrator answered or closed an opinion (who, which opinion, its new status).
    To be written to the audit trail once the audit app exists."""
