"""The formula guard: no cell of a file the portal writes is ever run as a formula.

- A cell that starts with =, +, -, @ (or a tab or carriage return) is written with a leading
  apostrophe: '=SUM(A1) for =SUM(A1).
- A spreadsheet opening a CSV in a locale that splits on ";" (or a user choosing "," "|" or tab
  in an import dialog) cuts a cell such as `x;=1+1` into `x` and `=1+1`, and quoting the cell
  does not stop it: the quote is not at the start of a ";" field. So inside a cell, a formula
  start that follows one of those separators (after spaces or a double quote) gets the
  apostrophe too: `x;'=1+1`.

On import the apostrophes are taken off again, so an exported file imports unchanged. Done here
rather than by django-import-export, whose escape drops the "=" (a title would change), leaves
+, - and @ alone, and turns every XLSX cell into text.
"""

import re

# Characters that make a spreadsheet read a cell as a formula (OWASP's list for CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_GUARD = "'"
# A separator some spreadsheet may split a CSV line on, then spaces or a quote, then a formula.
_INNER = re.compile(r"""([;,|\t]\s*"?)(?=[=+\-@\t\r])""")
_INNER_GUARDED = re.compile(r"""([;,|\t]\s*"?)'(?=[=+\-@\t\r])""")
# The same in PostgreSQL's regular expressions, for files written by the database (the tab and
# carriage return as the characters themselves).
_INNER_SQL = '([;,|\t][[:space:]]*"?)([-=+@\t\r])'


def escape_formula(value):
    """The cell value a spreadsheet shows as text, never runs: '=SUM(A1) for =SUM(A1)."""
    if not isinstance(value, str):
        return value
    value = _INNER.sub(r"\1" + FORMULA_GUARD, value)
    if value.startswith(FORMULA_STARTS):
        return FORMULA_GUARD + value
    return value


def unescape_formula(value: str) -> str:
    """The value `escape_formula` was given."""
    if value.startswith(FORMULA_GUARD) and value[1:].startswith(FORMULA_STARTS):
        value = value[1:]
    return _INNER_GUARDED.sub(r"\1", value)


def escaped_sql(column: str, vendor: str) -> tuple[str, list[str]]:
    """The same guard as `escape_formula`, in SQL, for files written by the database (COPY).
    SQLite has no regular expressions: there it calls `escape_formula` itself (registered as
    the SQL function formula_guard by `register_sqlite_function`)."""
    if vendor != "postgresql":
        return f"formula_guard({column})", []
    inner = f"regexp_replace({column}, %s, %s, 'g')"
    starts = ", ".join(["%s"] * len(FORMULA_STARTS))
    sql = f"CASE WHEN substr({inner}, 1, 1) IN ({starts}) THEN %s || {inner} ELSE {inner} END"
    replace = [_INNER_SQL, r"\1" + FORMULA_GUARD + r"\2"]
    return sql, [*replace, *FORMULA_STARTS, FORMULA_GUARD, *replace, *replace]


def register_sqlite_function(sender, connection, **kwargs) -> None:
    """`formula_guard(text)` in SQLite (connected to Django's connection_created signal)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "formula_guard", 1, escape_formula, deterministic=True
        )
