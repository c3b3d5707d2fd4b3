"""Kazakh formats Django does not ship (it has none for kk, and fell back to the American
"Қар. 23, 2026" and its 12-hour "3 Т.Қ."): dates as the country's documents write them
(23.11.2026), the 24-hour clock, weeks from Monday. Public pages name their own formats."""

DATE_FORMAT = "d.m.Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "d.m.Y H:i"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
FIRST_DAY_OF_WEEK = 1
