"""``mydirection evaluate``: estimate a treatment effect from any CSV file.

A thin wrapper: arguments in, ``mydirection.evaluation.cli.evaluate`` out. Any problem with
the input ends the command with one line on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mydirection.evaluation.cli import (
    EvaluateRequest,
    evaluate,
    parse_caliper,
    parse_column_list,
)
from mydirection.evaluation.stats import EvaluationError

USAGE_EXIT = 2


class Command(BaseCommand):
    # Nothing here touches the database or the project's configuration checks; skipping
    # them keeps the command quick and usable on an analyst's laptop.
    requires_system_checks: list[str] = []
    help = (
        "Estimate the effect of a 0/1 treatment on an outcome from a CSV file, adjusting for "
        "covariates (regression adjustment, IPW, AIPW or propensity-score matching)."
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)

        def one_line_error(message: str) -> NoReturn:
            # argparse prints its usage block too; one line is kinder in a script's log.
            if not parser.called_from_command_line:
                raise CommandError(message, returncode=USAGE_EXIT)
            sys.stderr.write(f"error: {message} (see 'mydirection evaluate --help')\n")
            sys.exit(USAGE_EXIT)

        parser.error = one_line_error  # type: ignore[method-assign]
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--csv", required=True, help="the CSV file, one row per person")
        parser.add_argument("--treatment", required=True, help="0/1 treatment column")
        parser.add_argument("--outcome", required=True, help="outcome column")
        parser.add_argument("--covariates", required=True, help="comma-separated covariate columns")
        parser.add_argument("--estimator", choices=["ra", "ipw", "aipw", "match"], default="ra")
        parser.add_argument("--outcome-model", choices=["linear", "logit"], default="linear")
        parser.add_argument("--effect", choices=["atet", "ate"], default="atet")
        parser.add_argument(
            "--treatment-model",
            choices=["logit", "probit"],
            default="logit",
            help="propensity-score model for ipw, aipw and match (default logit)",
        )
        parser.add_argument(
            "--treatment-covariates",
            help="covariates for the treatment model, if not the same as --covariates",
        )
        parser.add_argument(
            "--caliper",
            help="matching caliper in SDs of the logit propensity score (default 0.2; 'none')",
        )
        parser.add_argument(
            "--bootstrap",
            type=int,
            default=0,
            metavar="N",
            help="bootstrap replications for the standard error (default: robust, analytic)",
        )
        parser.add_argument("--seed", type=int, default=None, help="seed for the bootstrap")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            tcov = options.get("treatment_covariates")
            request = EvaluateRequest(
                csv=Path(options["csv"]),
                treatment=options["treatment"],
                outcome=options["outcome"],
                covariates=parse_column_list(options["covariates"]),
                estimator=options["estimator"],
                outcome_model=options["outcome_model"],
                effect=options["effect"],
                treatment_model=options["treatment_model"],
                treatment_covariates=(
                    None if tcov is None else parse_column_list(tcov, "treatment covariates")
                ),
                bootstrap=options["bootstrap"],
                seed=options["seed"],
                caliper=parse_caliper(options.get("caliper")),
                output_format=options["format"],
            )
            output = evaluate(request)
        except EvaluationError as exc:
            if getattr(self, "_called_from_command_line", False):
                # Django would print "CommandError: ..."; an analyst needs only the reason.
                self.stderr.write(f"error: {exc}")
                sys.exit(USAGE_EXIT)
            raise CommandError(str(exc), returncode=USAGE_EXIT) from None
        self.stdout.write(output)
