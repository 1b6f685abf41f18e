"""Participation reports: the dashboard at `/reports/` and the 汇总表 (summary table).

A request stays in this folder: `urls` → `views` → `filters` (the query string) → `report` (every
figure, aggregated by the database over the user's scope) → `charts` and `summary` (the file),
with the templates in `templates/campaign/reports/`.
"""
