"""The floor for the page benchmarks: a bare page through the same request handling.

The view below renders the base layout (header, navigation, footer) with no content, through
every middleware, session, second-factor check and context processor a real page goes
through, so a page's time over this one is what the page itself costs. Only the benchmarks
mount it: ``use_floor()`` points ``ROOT_URLCONF`` at this module, which adds the one path to
the project's own URLs (production's URLconf has no such page).
"""

import statistics
import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.test import Client
from django.urls import include, path, reverse


def bare(request: HttpRequest) -> HttpResponse:
    return render(request, "layouts/base.html", {})


urlpatterns = [
    path("benchmark-floor/", bare, name="benchmark-floor"),
    path("", include("mydirection.urls")),
]


def use_floor() -> str:
    """Mount the floor page for this process and return its URL."""
    settings.ROOT_URLCONF = __name__
    return reverse("benchmark-floor")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def interleaved(
    calls: dict[str, Callable[[], object]], repeats: int, warmups: int = 3
) -> dict[str, tuple[float, float]]:
    """Each call's median and 95th-percentile milliseconds, timed in rounds (every call once
    a round, the floor among them), so that a machine whose load changes during the run
    slows every page alike and the ratios to the floor stay comparable."""
    for call in calls.values():
        for _ in range(warmups):
            call()
    timings: dict[str, list[float]] = {name: [] for name in calls}
    for _ in range(repeats):
        for name, call in calls.items():
            start = time.perf_counter()
            call()
            timings[name].append((time.perf_counter() - start) * 1000)
    return {
        name: (statistics.median(values), percentile(values, 0.95))
        for name, values in timings.items()
    }


def getter(client: Client, url: str) -> Callable[[], object]:
    """A GET of ``url`` that stops the benchmark unless the page answers 200."""

    def get() -> object:
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        return response

    return get


def print_rounds(pages: list[tuple[str, Client, str]], repeats: int, warmups: int = 3) -> None:
    """Time ``pages`` (name, signed-in client, URL; the floor first) in rounds and print a
    Markdown row each: median, 95th percentile, ratio to the floor, queries."""
    from django.db import reset_queries

    from mydirection.testing import page_queries

    print("| page | median ms | 95th percentile ms | ratio to the floor (median) | queries |")
    print("| --- | ---: | ---: | ---: | ---: |")
    reset_queries()
    counts = {name: page_queries(client, url) for name, client, url in pages}
    times = interleaved(
        {name: getter(client, url) for name, client, url in pages}, repeats, warmups
    )
    floor = times[pages[0][0]][0]
    for name, (median, p95) in times.items():
        print(
            f"| {name} | {median:.1f} | {p95:.1f} | {median / floor:.1f} | {counts[name]} |",
            flush=True,
        )
