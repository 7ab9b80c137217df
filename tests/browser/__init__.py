"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Helpers for tests: ``from tests.browser.axe import assert_accessible, save_screenshot``.
"""
