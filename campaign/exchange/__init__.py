"""Spreadsheets in and out of the backend (django-import-export).

- `escaping`: the formula guard every export applies (the 汇总表 too) and every import takes off;
- `readers`: the XLSX and CSV readers and the limits that refuse a file as a whole;
- `widgets`: one cell to a value and back (dates, counts, choices, units by code, points);
- `resources`: which columns a file of organisations, sessions or reflections has, scoped to
  the user, writing through `campaign.services` like the admin's forms;
- `forms` and `admin`: the import and export pages of the admin.
"""
