"""Spreadsheets in and out of the backend (django-import-export).

- `escaping`: the formula guard every export applies (the 汇总表 too) and every import takes off;
- `readers` and `writers`: the XLSX and CSV formats and the limits that refuse a file as a whole;
- `widgets`: one cell to a value and back (dates, counts, choices, units by code, points);
- `absentee_cells`: a session's absentees and whom it makes up for, each as one cell;
- `resources/`: which columns a file of organisations, sessions or reflections has, one module
  per file, scoped to the user, writing through `campaign.services` like the admin's forms;
- `forms`, `jobs` and `admin`: the import and export pages of the admin, and imports run once;
- `private_hooks`: the one override of a private method of the library, pinned by a test.
"""
