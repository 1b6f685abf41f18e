# Django 5.2's zh_Hans says "m月j日" (03月5日) though its own comment means 3月5日: as written.
MONTH_DAY_FORMAT = "n月j日"

# The backend shows and takes dates as 2026-12-06 in either language (en/formats.py): what the
# forms, the lists and the spreadsheets all write. Django's zh_Hans offers 2026/12/06 in a date
# box and lists 2026年12月6日; 2026/12/06 and 2026年12月6日 are still read when typed.
DATE_FORMAT = "Y-m-d"
SHORT_DATE_FORMAT = "Y-m-d"
DATETIME_FORMAT = "Y-m-d H:i"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y年%m月%d日 %H:%M",
]
