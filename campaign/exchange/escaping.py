"""The formula guard: a cell that starts with =, +, -, @ (or a tab or carriage return) is written
with a leading apostrophe, so no spreadsheet runs it as a formula; on import the apostrophe is
taken off again, so an exported file imports unchanged.

Done here rather than by django-import-export, whose escape drops the "=" (a title would change),
leaves +, - and @ alone, and turns every XLSX cell into text.
"""

# Characters that make a spreadsheet read a cell as a formula (OWASP's list for CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_GUARD = "'"


def escape_formula(value):
    """The cell value a spreadsheet shows as text, never runs: '=SUM(A1) for =SUM(A1)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return FORMULA_GUARD + value
    return value


def unescape_formula(value: str) -> str:
    """The value `escape_formula` was given."""
    if value.startswith(FORMULA_GUARD) and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def escaped_sql(column: str) -> tuple[str, list[str]]:
    """The same guard as `escape_formula`, in SQL, for files written by the database (COPY)."""
    starts = ", ".join(["%s"] * len(FORMULA_STARTS))
    sql = f"CASE WHEN substr({column}, 1, 1) IN ({starts}) THEN %s || {column} ELSE {column} END"
    return sql, [*FORMULA_STARTS, FORMULA_GUARD]
