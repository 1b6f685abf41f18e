# Dates as in Chinese (zh_Hans/formats.py): 2026-12-06, not "Dec. 6, 2026".
DATE_FORMAT = "Y-m-d"
SHORT_DATE_FORMAT = "Y-m-d"
DATETIME_FORMAT = "Y-m-d H:i"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
# Typed as in Chinese too (2026-12-06 first, the box shows it so), and as Django's English reads.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%m/%d/%Y", "%m/%d/%y"]
