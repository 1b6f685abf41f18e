"""Dates as official documents write them."""

import datetime


def chinese_date(day: datetime.date) -> str:
    """2019年4月3日: no leading zeros, the same in any interface language."""
    return f"{day.year}年{day.month}月{day.day}日"
