"""Chat scoring runners (issue 22).

    python evals/real/chat_eval.py intents [--set evals/data/chat/intents_blind.yaml] [--out DIR]

`intents_blind.yaml` is a DEVELOPMENT set since issue 22's router rework (its failures were read); pass a held-out
set with --set for a blind figure. `intents_dev.yaml` ([text, intent, sections] rows) is read too.
    python evals/real/chat_eval.py questions [--snapshots DIR ...] [--project NAME ...] [--reuse] [--out DIR]
                                             [--questions evals/real/questions2]

`intents` calls `assistant.drafting.intent.route(text)` (-> .intent, .sections) on every labelled utterance.
`--product DIR` measures another checkout of the product (e.g. a branch exported with `git archive`) instead
of this one: its router and CLI are run there, in subprocesses.
`questions` ingests each project (the real-document runner's step, reused with --reuse), then asks every
question of evals/real/questions/<project>.yaml with `python -m assistant chat --project P --message Q --json`
(with --batch: all of a project's questions through the same turn function in one process).
Either is skipped, saying why, while the interface it calls is absent from this build. No quality gate.
"""

from __future__ import annotations

import argparse
import importlib
import json
import shlex
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from assistant.errors import AssistantError  # noqa: E402
from assistant.evaluation.chat_scoring import (  # noqa: E402
    intents_markdown,
    judge_answer,
    load_questions,
    load_utterances,
    score_intents,
    summarise_answers,
)
from assistant.evaluation.real_gold import GOLD_DIR, REAL_DIR, load_all  # noqa: E402
from assistant.evaluation.real_run import _cli, ingest_project, snapshot_roots  # noqa: E402

INTENT_SET = ROOT / "evals" / "data" / "chat" / "intents_blind.yaml"
QUESTIONS_DIR = REAL_DIR / "questions"
DEFAULT_OUT = REAL_DIR / "reports"
DEFAULT_WORK = REAL_DIR / ".work"
ROUTER = "assistant.drafting.intent"


_ROUTE_ALL = (
    "import json, sys\n"
    f"from {ROUTER} import route\n"
    "out = []\n"
    "for text in json.load(sys.stdin):\n"
    "    r = route(text)\n"
    "    out.append({'intent': str(getattr(r.intent, 'value', r.intent)), 'sections': list(r.sections or [])})\n"
    "print(json.dumps(out))\n"
)


def _router_in(product: Path, texts: list[str]) -> Callable[[str], SimpleNamespace]:
    """Route every text with the router of another checkout of the product (run there, in a subprocess)."""
    done = subprocess.run([sys.executable, "-c", _ROUTE_ALL], cwd=product, input=json.dumps(texts),
                          capture_output=True, text=True, timeout=1800)
    if done.returncode != 0:
        raise LookupError(f"the router in {product} failed: {done.stderr.strip()[-400:]}")
    routed = {t: SimpleNamespace(**r) for t, r in zip(texts, json.loads(done.stdout.splitlines()[-1]), strict=True)}
    return routed.__getitem__


def run_intents(args: argparse.Namespace, command: str) -> int:
    items = load_utterances(args.set)
    try:
        if args.product:
            route = _router_in(args.product, [u.text for u in items])
        else:
            route = importlib.import_module(ROUTER).route
    except (ImportError, AttributeError, LookupError) as exc:
        print(f"skipped: the intent router `{ROUTER}.route` is not in this build ({exc})", file=sys.stderr)
        return 0
    result = score_intents(items, route)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "chat_intents.json").write_text(json.dumps({"command": command, **result}, indent=1))
    text = intents_markdown(result, command)
    (args.out / "chat_intents.md").write_text(text)
    print(text)
    return 0


def _ask(project: str, home: Path, question: str, product: Path | None) -> dict:
    done = _cli(["assistant", "chat", "--project", project, "--message", question, "--json"], home, 600, product)
    if done.returncode == 2 and "--json" in (done.stderr or ""):
        raise LookupError("`chat --json` is not in this build")
    try:
        return json.loads(done.stdout)
    except json.JSONDecodeError:
        return {"answer": "", "citations": [], "error": f"exit {done.returncode}: {(done.stderr or done.stdout)[-400:]}"}


_ASK_ALL = (
    "import json, sys\n"
    "from assistant.drafting.chat import handle_turn\n"
    "from assistant.llm import get_provider\n"
    "project, questions = json.load(sys.stdin)\n"
    "provider = get_provider()\n"
    "out = []\n"
    "for q in questions:\n"
    "    final = [e for e in handle_turn(project, q, provider=provider) if e.kind == 'final'][-1]\n"
    "    out.append({'intent': final.data.get('intent', 'unclear'), 'answer': final.text, 'citations': [\n"
    "        {'document': c.get('document', ''), 'heading': c.get('heading', ''), 'chunk_id': c.get('chunk_id', ''),\n"
    "         'text': c.get('snippet', '')} for c in final.data.get('citations', [])]})\n"
    "print(json.dumps(out))\n"
)


def _ask_all(project: str, home: Path, questions: list[str], product: Path | None) -> list[dict]:
    """Every question in one process (the models load once): the same JSON per turn as `chat --message --json`."""
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith("MLOPS_ASSISTANT_")}
    env.update(MLOPS_ASSISTANT_HOME=str(home), HF_HUB_OFFLINE="1", ANONYMIZED_TELEMETRY="False")
    done = subprocess.run([sys.executable, "-c", _ASK_ALL], cwd=product or ROOT, env=env, capture_output=True,
                          text=True, timeout=3600, input=json.dumps([project, questions]))
    if done.returncode != 0:
        raise AssistantError(f"{project}: the questions failed: {done.stderr.strip()[-600:]}")
    return json.loads(done.stdout.splitlines()[-1])


def run_questions(args: argparse.Namespace, command: str) -> int:
    roots = snapshot_roots(args.snapshots)
    report: dict = {"command": command, "projects": {}}
    everything = []
    for gold in load_all(GOLD_DIR, args.project or None):
        qfile = args.questions / f"{gold.project}.yaml"
        if not qfile.is_file():
            continue
        print(f"[chat] {gold.project}: ", end="", file=sys.stderr, flush=True)
        try:
            run = ingest_project(gold, roots, args.work / gold.project, reuse=args.reuse, product=args.product)
        except AssistantError as exc:
            print(f"failed: {exc}", file=sys.stderr)
            report["projects"][gold.project] = {"skipped": f"ingest failed: {exc}"}
            continue
        if run.skipped:
            print(f"skipped: {run.skipped}", file=sys.stderr)
            report["projects"][gold.project] = {"skipped": run.skipped}
            continue
        results = []
        try:
            questions = load_questions(qfile)
            if args.batch:
                replies = _ask_all(gold.project, run.home, [q.question for q in questions], args.product)
                results = [judge_answer(q, r) for q, r in zip(questions, replies, strict=True)]
            for q in [] if args.batch else questions:
                results.append(judge_answer(q, _ask(gold.project, run.home, q.question, args.product)))
        except LookupError as exc:
            print(f"skipped: {exc}", file=sys.stderr)
            report["skipped"] = str(exc)
            break
        everything += results
        report["projects"][gold.project] = {"summary": summarise_answers(results), "answers": results}
        print(json.dumps(report["projects"][gold.project]["summary"]), file=sys.stderr)
    report["overall"] = summarise_answers(everything)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "chat_questions.json").write_text(json.dumps(report, indent=1))
    lines = ["# Factual chat questions on real projects", "", f"Reproduce: `{command}`", "",
             "| project | n | correct | correct + right passage | right passage | terms in answer |",
             "|---|---|---|---|---|---|"]
    for name, p in report["projects"].items():
        s = p.get("summary")
        lines.append(f"| {name} | " + (" | ".join(str(s[k]) for k in ("n", "correct", "correct_with_right_passage",
                                                                    "right_passage", "terms_in_answer"))
                                       if s else f"skipped: {p.get('skipped')}") + " |")
    o = report["overall"]
    lines.append(f"| **all** | {o['n']} | {o['correct']} | {o['correct_with_right_passage']} | {o['right_passage']} "
                 f"| {o['terms_in_answer']} |")
    if report.get("skipped"):
        lines += ["", f"Skipped: {report['skipped']}"]
    text = "\n".join(lines) + "\n"
    (args.out / "chat_questions.md").write_text(text)
    print(text)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="what", required=True)
    intents = sub.add_parser("intents", help="intent accuracy on the labelled utterance set")
    intents.add_argument("--set", type=Path, default=INTENT_SET,
                         help="labelled utterances (default: intents_blind.yaml, a development set since issue 22)")
    intents.add_argument("--out", type=Path, default=DEFAULT_OUT)
    intents.add_argument("--product", type=Path, help="a checkout of the product whose router to measure")
    questions = sub.add_parser("questions", help="factual questions on the real projects")
    questions.add_argument("--snapshots", type=Path, action="append", default=[])
    questions.add_argument("--project", action="append", default=[])
    questions.add_argument("--reuse", action="store_true", help="reuse an ingested data home in --work")
    questions.add_argument("--work", type=Path, default=DEFAULT_WORK)
    questions.add_argument("--batch", action="store_true",
                           help="ask a project's questions in one process (models load once) instead of one CLI call each")
    questions.add_argument("--out", type=Path, default=DEFAULT_OUT)
    questions.add_argument("--questions", type=Path, default=QUESTIONS_DIR,
                           help="folder of <project>.yaml question files (default evals/real/questions, a development "
                                "set; evals/real/questions2 was written blind)")
    questions.add_argument("--product", type=Path, help="a checkout of the product to ingest and chat with")
    args = parser.parse_args(argv)
    command = "python evals/real/chat_eval.py " + " ".join(
        shlex.quote(a) for a in (argv if argv is not None else sys.argv[1:]))
    try:
        return run_intents(args, command) if args.what == "intents" else run_questions(args, command)
    except AssistantError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
