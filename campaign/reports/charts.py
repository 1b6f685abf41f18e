"""Charts drawn on the server as SVG geometry: no script, no font, nothing from the internet."""

from dataclasses import dataclass

from django.utils import formats

# A bar chart row: the label takes the left 30 % of the width, the bar up to 55 %, the value follows.
LABEL_SHARE, BAR_SHARE = 30, 55


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    percent: float  # of the largest value

    @property
    def width(self) -> str:
        return f"{BAR_SHARE * self.percent / 100:.1f}%"

    @property
    def value_x(self) -> str:
        return f"{LABEL_SHARE + BAR_SHARE * self.percent / 100 + 1:.1f}%"


def bars(rows: list[dict], *, label: str, value: str) -> list[Bar]:
    largest = max((row[value] for row in rows), default=0) or 1
    return [Bar(str(row[label]), row[value], 100 * row[value] / largest) for row in rows]


@dataclass(frozen=True)
class Line:
    points: str  # an SVG polyline's points in a 100 × 40 box
    labels: list[str]  # first, middle and last month
    peak: int


def line(rows: list[dict], *, value: str, width: int = 100, height: int = 40) -> Line:
    values = [row[value] for row in rows]
    peak = max(values, default=0)
    if len(values) < 2:
        values = values * 2 or [0, 0]
    step = width / (len(values) - 1)
    top = peak or 1
    points = " ".join(
        f"{i * step:.2f},{height - height * v / top:.2f}" for i, v in enumerate(values)
    )
    months = [row["month"] for row in rows]
    picks = (months[0], months[len(months) // 2], months[-1]) if months else ()
    labels = [formats.date_format(month, "YEAR_MONTH_FORMAT") for month in picks]
    return Line(points, labels, peak)
