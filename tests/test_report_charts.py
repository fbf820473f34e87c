"""Slide chart figures (outreach/report/charts.py) as data, without drawing them: the trend's axis says
large numbers the reader's way (1.5万 in Chinese, 15,000 in English)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from outreach.filters import Filters
from outreach.report import charts
from outreach.report.facts import ReportFacts

MONTHS = [dt.date(2014, 5, 1), dt.date(2014, 6, 1)]


def facts() -> ReportFacts:
    monthly = pd.DataFrame({"period": MONTHS, "type": ["repost", "repost"], "actions": [12_000, 23_000]})
    return ReportFacts(filters=Filters(*MONTHS), period_from=MONTHS[0], period_to=MONTHS[1], masked=True,
                       figures={}, monthly=monthly)


def test_the_trend_axis_counts_in_wan_in_chinese():
    fig = charts.monthly_trend(facts(), "light", "zh", 1500, 560)
    assert list(fig.layout.yaxis.ticktext)[:4] == ["0", "5,000", "1万", "1.5万"]


def test_the_trend_axis_counts_in_thousands_in_english():
    fig = charts.monthly_trend(facts(), "light", "en", 1500, 560)
    assert list(fig.layout.yaxis.ticktext)[:4] == ["0", "5,000", "10,000", "15,000"]
    assert not any("万" in text for text in fig.layout.yaxis.ticktext)
