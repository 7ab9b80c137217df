"""Errors raised by the statistical core.

Every error an analyst can cause with their data is an ``EvaluationError`` with a message
written for them (one sentence, no jargon beyond what the estimate itself needs), so the
command line and the web pages can show it as it is and never a traceback.
"""


class EvaluationError(ValueError):
    """Something about the data or the request means the estimate cannot be made."""


class DataError(EvaluationError):
    """The data are unusable as given: a missing column, a non-binary treatment, too few rows."""


class SeparationError(EvaluationError):
    """A logit or probit model predicts its outcome perfectly, so its estimates do not exist."""


class ConvergenceError(EvaluationError):
    """An iterative fit did not settle on an answer."""


class OverlapError(EvaluationError):
    """Some people's estimated chance of treatment is so close to 0 or 1 that weighting fails."""
