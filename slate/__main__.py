"""The command line: `python -m slate validate`, `export`, `add`, `schema` and `synth`.

Exit codes: 0 done, 1 the data has problems (each printed as file:line: field: message),
2 the command line itself is wrong (one line saying what).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from slate.assess import assess_day
from slate.claims import changes
from slate.export import describe, to_csv, to_ics, to_json, to_yaml
from slate.knowledge import Day
from slate.load import DATA_ENV, SlateError, content_hash, data_folder, inert, load_slate
from slate.models import Slate, Status
from slate.query import Filters, apply_filters, base_frame, day_frame, fold, options
from slate.store import FileExistsInFolderError, add_files, name_problem
from slate.synthetic import synthetic_slate, write_slate_folder


class _Parser(argparse.ArgumentParser):
    """argparse that reports a bad command line in one line, not a usage screen."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def _status(text: str) -> str:
    try:
        return Status(text.strip().lower().replace(" ", "_").replace("-", "_")).value
    except ValueError:
        known = ", ".join(s.value for s in Status)
        raise argparse.ArgumentTypeError(f"unknown status {text!r} (one of: {known})") from None


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {text!r}") from None


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m slate", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    data_help = f"data folder (default: ${DATA_ENV}, else the built-in seeds/)"

    validate = commands.add_parser("validate", help="check a data folder, listing every problem")
    validate.add_argument("--data", metavar="DIR", help=data_help)

    export = commands.add_parser("export", help="write the (filtered) slate to stdout")
    export.add_argument("--data", metavar="DIR", help=data_help)
    export.add_argument(
        "--format", choices=("csv", "json", "yaml", "ics"), default="csv",
        help="csv (the table), json (records with a meta header), yaml (a data file that "
        "loads back), ics (release dates as a calendar)",
    )  # fmt: skip
    export.add_argument(
        "--status", action="append", type=_status, default=[], metavar="S",
        help="keep projects with this status (repeatable)",
    )  # fmt: skip
    export.add_argument(
        "--director", action="append", default=[], metavar="NAME",
        help="keep projects by this director (repeatable; case and accents ignored)",
    )  # fmt: skip
    export.add_argument(
        "--as-of", type=_date, default=None, metavar="YYYY-MM-DD",
        help="date the flags are computed for (default: today)",
    )  # fmt: skip
    add = commands.add_parser(
        "add", help="add report files to a data folder, if the folder stays valid with them"
    )
    add.add_argument("files", nargs="+", metavar="FILE", help="report files (.yaml)")
    add.add_argument("--data", metavar="DIR", help=data_help)
    commands.add_parser("schema", help="print the JSON Schema of a data file (seeds/schema.json)")

    synth = commands.add_parser(
        "synth", help="write the deterministic synthetic slate (for benchmarks) as a data folder"
    )
    synth.add_argument("--projects", type=_count, required=True, metavar="N")
    synth.add_argument("--seed", type=int, default=42, metavar="S", help="(default: 42)")
    synth.add_argument("--out", required=True, metavar="DIR", help="a new or empty folder")
    synth.add_argument("--format", choices=("yaml", "json"), default="yaml")
    synth.add_argument(
        "--files", type=_count, default=None, metavar="K",
        help="split the projects over K files (default: one per 10,000 projects)",
    )  # fmt: skip
    return parser


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {text!r}")
    return value


def synth(args: argparse.Namespace) -> int:
    """Write the synthetic slate into a new or empty folder, then check it loads."""
    out = Path(args.out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        print(f"{inert(str(out))}: not an empty folder; refusing to overwrite", file=sys.stderr)
        return 2
    files = args.files or max(1, args.projects // 10_000)
    slate = synthetic_slate(args.projects, seed=args.seed)
    write_slate_folder(slate, out, files=files, form=args.format)
    del slate
    loaded = load_slate(out)
    print(
        f"wrote {inert(str(out))}: {len(loaded.projects)} projects, {len(loaded.events)} events,"
        f" {len(loaded.sources)} sources ({args.format}, seed {args.seed})"
    )
    return 0


def schema_text() -> str:
    """The JSON Schema that editors use to check a data file as it is typed."""
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$comment": "Generated by `python -m slate schema` from slate/models.py; do not edit.",
        **Slate.model_json_schema(),
    }
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "schema":
        print(schema_text(), end="")
        return 0
    if args.command == "synth":
        return synth(args)
    folder = data_folder(args.data)
    try:
        slate = load_slate(folder)
    except SlateError as error:
        print(error, file=sys.stderr)
        return 1
    if args.command == "add":
        return _add(folder, slate, [Path(f) for f in args.files])

    if args.command == "validate":
        # The folder's name is shown as problems show it: inert, and whole in any locale.
        sys.stdout.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
        print(
            f"ok: {inert(str(folder))}: {len(slate.projects)} projects, "
            f"{len(slate.events)} events, {len(slate.sources)} sources"
        )
        return 0

    as_of = args.as_of or dt.date.today()
    # Every format says what the sources had said by the day, and no more.
    day = Day.of(slate, as_of)
    frame = day_frame(day, base_frame(slate), assess_day(day))
    known = {fold(d) for d in options(frame, "director")}
    for name in args.director:
        if fold(name) not in known:
            print(f"note: no project has a director named {name!r}", file=sys.stderr)
    rows = apply_filters(
        frame, Filters(statuses=tuple(args.status), directors=tuple(args.director))
    )
    filters = Filters(statuses=tuple(args.status), directors=tuple(args.director))
    slate = day.view
    if args.format == "csv":
        text = to_csv(rows)
    elif args.format == "json":
        data = {"folder": inert(str(folder)), "sha256": content_hash(folder)}
        meta = describe(slate, rows, as_of=as_of, filters=filters.as_dict(), data=data)
        text = to_json(rows, slate, meta)
    elif args.format == "yaml":
        header = [
            f"Exported by `python -m slate export --format yaml` from {inert(str(folder))}",
            f"on {dt.date.today().isoformat()}, filters: {filters.describe()}.",
        ]
        text = to_yaml(slate, list(rows["id"]), header)
    else:
        text, left_out = to_ics(rows, slate)
        if left_out:
            print(f"note: {left_out} projects with no release date left out", file=sys.stderr)
    sys.stdout.reconfigure(encoding="utf-8", newline="")  # type: ignore[union-attr]
    sys.stdout.write(text)
    return 0


def _add(folder: Path, before: Slate, files: list[Path]) -> int:
    """Check the folder with the new files in it; only if all is well, copy them in."""
    documents = []
    for path in files:
        try:
            documents.append((path.name, path.read_bytes()))
        except OSError as error:
            print(f"{inert(str(path))}: cannot be read: {error.strerror}", file=sys.stderr)
            return 1
    names = [name for name, _ in documents]
    unfit = [problem for name in names if (problem := name_problem(name))]
    if unfit:
        print(f"not added: {inert('; '.join(unfit))}; nothing was written", file=sys.stderr)
        return 1
    if len(set(names)) != len(names) or any((folder / n).exists() for n in names):
        taken = sorted({n for n in names if names.count(n) > 1 or (folder / n).exists()})
        print(
            f"not added: {', '.join(inert(n) for n in taken)} already in {inert(str(folder))} "
            "(a report is added as a new file; nothing was written)",
            file=sys.stderr,
        )
        return 1
    try:
        after = load_slate(folder, extra=documents)
    except SlateError as error:
        print(error, file=sys.stderr)
        print("nothing was written", file=sys.stderr)
        return 1
    try:
        written = add_files(folder, documents)
    except (FileExistsInFolderError, OSError, ValueError) as error:
        print(f"not added: {inert(str(error))}; nothing was written", file=sys.stderr)
        return 1
    sys.stdout.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
    for path in written:
        print(f"added {inert(str(path))}")
    found = changes(before, after)
    for change in found:
        for line in change.lines():
            print(inert(line))
    if not found:
        print("no project changed (the claims restate what the folder already says)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
