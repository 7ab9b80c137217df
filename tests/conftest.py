from mydirection.testing import no_personal_data_in_logs, world  # noqa: F401  (shared fixtures)
