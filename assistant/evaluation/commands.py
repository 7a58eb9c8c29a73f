"""`mlops-assistant eval`: run eval suites, write reports, compare with an earlier report, gate on thresholds."""

from __future__ import annotations

from pathlib import Path

import typer

from assistant.config import PROJECT_ROOT
from assistant.errors import AssistantError

DEFAULT_CACHE = PROJECT_ROOT / "evals" / ".cache"


def register(app: typer.Typer) -> None:
    @app.command("eval")
    def eval_command(
        suite: str = typer.Option(None, "--suite", help="Run only cases in this suite (offline, core, adversarial)."),
        provider: str = typer.Option(None, "--provider", help="Provider to draft with (default: offline)."),
        prompt_version: str = typer.Option(None, "--prompt-version", help="Prompt version to use where it exists."),
        compare: Path = typer.Option(None, "--compare", help="An earlier report (folder or report.json) to compare with."),
        report_dir: Path = typer.Option(Path("evals/reports/latest"), "--report", help="Folder for report.json, report.md, junit.xml."),
        no_suite_metrics: bool = typer.Option(False, "--no-suite-metrics", help="Skip the retrieval and guardrail sets."),
        replay: Path = typer.Option(None, "--replay", envvar="MLOPS_ASSISTANT_EVAL_REPLAY",
                                    help="Answer provider calls from the vcrpy cassettes in this folder (<case id>.yaml); "
                                         "nothing is sent. E.g. --provider anthropic --replay tests/cassettes/evals"),
        cache: Path = typer.Option(None, "--cache", help="Response cache folder for generative runs (default: evals/.cache)."),
        no_cache: bool = typer.Option(False, "--no-cache", help="Do not read or write the response cache."),
        rubric_repeats: int = typer.Option(None, "--rubric-repeats", min=0,
                                           help="Model-graded rubric runs per case (default: 3 with a generative provider, 0 offline)."),
        thresholds_file: Path = typer.Option(None, "--thresholds", help="Thresholds file (default: evals/thresholds.yaml)."),
    ) -> None:
        """Score drafts on the eval cases; exit 1 when a threshold in evals/thresholds.yaml fails."""
        # Lazy: the CLI loads a command's stack (models, stores) only when that command runs.
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        # Lazy: the CLI loads a command's stack (models, stores) only when that command runs.
        from assistant.evaluation.harness import run_suite
        from assistant.evaluation.report import compare as compare_reports
        from assistant.evaluation.report import load_report, to_markdown, write_reports
        from assistant.evaluation.thresholds import THRESHOLDS_FILE, load_thresholds

        console = Console(stderr=True)
        try:
            earlier = load_report(compare) if compare else None
            thresholds = load_thresholds(thresholds_file or THRESHOLDS_FILE)
            # Replays are free and must not fill (or be answered from) the cache unless asked to.
            cache_dir = None if no_cache else (cache or (None if replay else DEFAULT_CACHE))
            with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                          TimeElapsedColumn(), console=console) as bar:
                task = bar.add_task("eval", total=None)

                def progress(what: str, done: int, total: int) -> None:
                    bar.update(task, description=f"eval: {what}", completed=done, total=total)

                report = run_suite(suite, provider=provider, prompt_version=prompt_version,
                                   with_suite_metrics=not no_suite_metrics, progress=progress, thresholds=thresholds,
                                   replay=replay, cache_dir=cache_dir, rubric_repeats=rubric_repeats)
            comparison = compare_reports(report, earlier) if earlier else None
            paths = write_reports(report, report_dir, comparison)
        except AssistantError as exc:
            typer.echo(f"Error: {exc}", err=True)
            raise typer.Exit(2) from exc
        typer.echo(to_markdown(report, comparison))
        typer.echo(f"Reports: {', '.join(str(p) for p in paths.values())}", err=True)
        raise typer.Exit(0 if report.passed else 1)
