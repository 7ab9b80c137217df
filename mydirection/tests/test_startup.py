"""Starting a process and resolving a URL stays quick: the heavy libraries (pandas and the
statistics, fpdf2 for PDFs) load only when an evaluation or a PDF is asked for. Each takes
seconds to import, which every web worker, command and live test server would pay."""

import subprocess
import sys

HEAVY = ("pandas", "statsmodels", "scipy", "fpdf")

PROBE = """
import os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mydirection.settings")
import django
django.setup()
from django.urls import get_resolver
get_resolver().url_patterns
print(",".join(name for name in {heavy!r} if name in sys.modules))
"""


def test_resolving_urls_loads_no_heavy_library() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == ""
