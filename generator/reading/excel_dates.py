"""Turn Excel's date serials and ISO 8601 cell texts into the datetime, date, time and timedelta values openpyxl gives.

A date in a sheet is a number of days since the workbook's epoch (30 December 1899, or 1 January 1904 in the Mac
calendar) shown in a date format; Excel counts 29 February 1900, a day that never was, so serials below 61 are one
day off in the 1900 calendar. A fraction of a day alone (0 ≤ serial < 1) is a time of day; in a duration format
([h]:mm:ss) the serial is a length of time. Cells of type "d" hold ISO 8601 text instead. openpyxl's rules are
followed to the millisecond, so that a list reads the same whoever reads it.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from .workbook_parts import WINDOWS_EPOCH

_MILLISECONDS_A_DAY = 86_400_000
_ISO = re.compile(r"(?P<date>(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2}))?T?"
                  r"(?P<time>(?P<hour>\d{2}):(?P<minute>\d{2})(:(?P<second>\d{2})(?P<fraction>\.\d{1,3})?)?)?Z?")
_DURATION = re.compile(r"PT((?P<hours>\d+)H)?((?P<minutes>\d+)M)?((?P<seconds>\d+(\.\d{1,3})?)S)?")


def from_serial(serial: int | float, epoch: datetime, duration: bool = False) -> datetime | time | timedelta:
    """The value of a serial in a date style (``duration``: in an elapsed-time style); OverflowError or ValueError
    for a serial beyond the calendar."""
    if duration:
        length = timedelta(days=serial)
        if length.microseconds:  # kept to the millisecond
            length = timedelta(seconds=length.total_seconds() // 1, microseconds=round(length.microseconds, -3))
        return length
    days, fraction = divmod(serial, 1)
    within_day = timedelta(milliseconds=round(fraction * _MILLISECONDS_A_DAY))
    if 0 <= serial < 1 and within_day.days == 0:  # a time of day
        minutes, seconds = divmod(within_day.seconds, 60)
        hours, minutes = divmod(minutes, 60)
        return time(hours, minutes, seconds, within_day.microseconds)
    if 0 < serial < 60 and epoch == WINDOWS_EPOCH:
        days += 1  # before Excel's 29 February 1900
    return epoch + timedelta(days=days) + within_day


def from_iso(text: str) -> datetime | date | time | timedelta | None:
    """The value of a cell of type "d": a date, a time, both, or a duration (PT1H30M); ValueError otherwise."""
    if not text:
        return None
    found = _ISO.match(text)
    if found and any(found.groups()):
        parts = found.groupdict()
        number = {key: int(parts[key]) if parts[key] else 0
                  for key in ("year", "month", "day", "hour", "minute", "second")}
        microsecond = int(float(parts["fraction"]) * 1_000_000) if parts["fraction"] else 0
        if not parts["date"]:
            return time(number["hour"], number["minute"], number["second"], microsecond)
        if not parts["time"]:
            return date(number["year"], number["month"], number["day"])
        return datetime(number["year"], number["month"], number["day"], number["hour"], number["minute"],
                        number["second"], microsecond)
    found = _DURATION.match(text)
    if found and any(found.groups()):
        return timedelta(**{key: float(value) if value else 0 for key, value in found.groupdict().items()})
    raise ValueError(f"not an ISO 8601 date, time or duration: {text}")
