from mydirection.testing import (  # noqa: F401  (shared fixtures)
    access_log_checkpoints,
    no_personal_data_in_logs,
    private_files,
    world,
)
