# Django 5.2's zh_Hans says "m月j日" (03月5日) though its own comment means 3月5日: as written.
MONTH_DAY_FORMAT = "n月j日"
