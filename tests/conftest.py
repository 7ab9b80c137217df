from mydirection.testing import world  # noqa: F401  (the shared personas fixture)
