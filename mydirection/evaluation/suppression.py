"""Small numbers: any count under ``SMALL_NUMBER`` people, or a share that would reveal one,
reads "fewer than 5" wherever an evaluation figure is shown or downloaded.

Kept apart from the report so the monitoring pages use it without loading the statistics.
"""

SMALL_NUMBER = 5
SUPPRESSED = f"fewer than {SMALL_NUMBER}"


def is_small(count: int) -> bool:
    return count < SMALL_NUMBER


def count_text(count: int) -> str:
    return SUPPRESSED if is_small(count) else f"{count:,}"


def share_text(count: int, total: int) -> str:
    """A percentage of ``total``, suppressed when it would reveal fewer than 5 people
    (the count itself, or the people it leaves out)."""
    if total == 0 or is_small(count) or is_small(total - count):
        return SUPPRESSED
    return f"{100 * count / total:.1f}%"
