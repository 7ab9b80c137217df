"""Server logs without query strings.

A query string can hold personal data: the search page's ``?q=`` is a person's name. Whatever
serves the application (gunicorn through ``mydirection.serving``, or ``runserver`` in
development) logs paths with the query string taken off.
"""

import logging
import re

# A "?" that starts a query: straight after a path or address character and followed by at
# least one character, up to whitespace or a quote (the ends of a request line or of a quoted
# field in a log line). A question mark ending a sentence is left alone.
_QUERY = re.compile(r"(?<=[^\s\"'?])\?[^\s\"']+")


def without_query(text: str) -> str:
    """``text`` with the query string of every URL or request line in it removed.

    >>> without_query('"GET /search/?q=Alex+Quinn HTTP/1.1" 200')
    '"GET /search/ HTTP/1.1" 200'
    """
    return _QUERY.sub("", text)


class NoQueryStrings(logging.Filter):
    """A logging filter that takes query strings out of a record's message and arguments.

    Put on a logger whose records carry request lines, e.g. ``django.server`` (runserver
    logs ``"GET /search/?q=... HTTP/1.1"``).
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = without_query(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(
                without_query(arg) if isinstance(arg, str) else arg for arg in record.args
            )
        elif isinstance(record.args, dict):
            record.args = {
                key: without_query(value) if isinstance(value, str) else value
                for key, value in record.args.items()
            }
        return True
