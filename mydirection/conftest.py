from mydirection.testing import access_log_checkpoints, no_personal_data_in_logs, world  # noqa: F401  (shared fixtures)
