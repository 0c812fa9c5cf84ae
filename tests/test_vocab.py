"""The shared vocabulary: numerals, dates and namespaces spoken one way by every stage."""

from __future__ import annotations

from plangen.core.vocab import chinese_number, date_range, format_date, parse_date
from plangen.document.ooxml.ns import qn
from plangen.review.plandiff import display_value


def test_chinese_numerals_for_headings_and_stages() -> None:
    shown = [chinese_number(n) for n in (1, 9, 10, 11, 19, 20, 23, 99)]
    assert shown == ["一", "九", "十", "十一", "十九", "二十", "二十三", "九十九"]


def test_dates_as_documents_print_them() -> None:
    assert format_date("2014-02-04") == "2014年2月4日"
    assert format_date("2014-02-04", with_year=False) == "2月4日"
    assert format_date("3月中旬") == "3月中旬"  # not a date: kept as written
    assert parse_date("2014-02-30") is None
    assert date_range("2014-02-24", "2014-04-30") == "2014年2月24日至4月30日"
    assert date_range("2014-12-01", "2015-01-31") == "2014年12月1日至2015年1月31日"


def test_the_diff_report_shows_dates_as_the_documents_do() -> None:
    assert display_value("2014-07-05", "date") == format_date("2014-07-05") == "2014年7月5日"


def test_qualified_names() -> None:
    assert qn("w:t") == "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"
    assert qn("mc:Fallback").endswith("markup-compatibility/2006}Fallback")


def test_numbers_beyond_ninety_nine_are_named_too() -> None:
    shown = [chinese_number(n) for n in (100, 101, 110, 111, 1000, 1001, 1010, 1100, 9999, 10000)]
    assert shown == [
        "一百",
        "一百零一",
        "一百一十",
        "一百一十一",
        "一千",
        "一千零一",
        "一千零一十",
        "一千一百",
        "九千九百九十九",
        "10000",
    ]
