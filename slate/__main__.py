"""The command line: `python -m slate validate`, `export`, `add`, `import`, `date` and more.

Exit codes: 0 done, 1 the data has problems (each printed as file:line: field: message),
2 the command line itself is wrong (one line saying what).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from slate.assess import assess_day
from slate.claims import changes
from slate.dates import day_label
from slate.export import describe, to_csv, to_ics, to_json, to_yaml
from slate.importer import Upload, as_data_file, read_lists, repeated, settle, whole_file
from slate.knowledge import Day
from slate.load import DATA_ENV, Problem, SlateError, content_hash, data_folder, inert, load_slate
from slate.models import Slate, Status
from slate.press import PressDateError, Reading, read_date
from slate.query import Filters, apply_filters, base_frame, day_frame, fold, options
from slate.store import FileExistsInFolderError, add_files, name_problem, write_new
from slate.synthetic import synthetic_slate, write_slate_folder
from slate.words import plural


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
    write_help = (
        f"the data folder to add to (default: ${DATA_ENV}; never the built-in slate unless named)"
    )

    validate = commands.add_parser("validate", help="check a data folder, listing every problem")
    validate.add_argument("--data", metavar="DIR", help=data_help)

    export = commands.add_parser("export", help="write the (filtered) slate to stdout")
    export.add_argument("--data", metavar="DIR", help=data_help)
    export.add_argument(
        "--format", choices=("csv", "json", "yaml", "ics"), default="csv",
        help="csv (the table), json (records with a meta header), yaml (a data file that "
        "loads back), ics (release and filming dates as a calendar)",
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
    add.add_argument("--data", metavar="DIR", help=write_help)
    bring = commands.add_parser(
        "import", help="add a list of films (CSV, JSON or YAML) to a data folder as one new file"
    )
    bring.add_argument("files", nargs="+", metavar="FILE", help="lists of films, or an export")
    bring.add_argument("--data", metavar="DIR", help=write_help)
    bring.add_argument(
        "--source-name", type=_source_name, metavar="NAME",
        help="what the rows are cited to where the list names no sources (default: the "
        "file's name)",
    )  # fmt: skip
    bring.add_argument(
        "--published", type=_published, metavar="DATE",
        help="when the list was made, in words or EDTF (default: today)",
    )  # fmt: skip
    bring.add_argument(
        "--as-claims", action="store_true",
        help="record a film already on the slate as claims about it, not refuse it",
    )  # fmt: skip
    commands.add_parser("schema", help="print the JSON Schema of a data file (seeds/schema.json)")
    when = commands.add_parser(
        "date", help="show what a date in words ('late 2026', '2 October 2026') is stored as"
    )
    when.add_argument("words", nargs="+", metavar="WORDS", help="the date as written")
    when.add_argument(
        "--on", type=_date, default=None, metavar="YYYY-MM-DD",
        help="the day the words were written, for 'next year' (default: today)",
    )  # fmt: skip
    when.add_argument(
        "--json", action="store_true", help="print {text, edtf, label, earliest, latest}"
    )

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
    if args.command == "date":
        return _date_command(" ".join(args.words), args.on or dt.date.today(), args.json)
    if args.command in ("add", "import") and not (args.data or os.environ.get(DATA_ENV)):
        # A write lands in the folder it names: by default that would be the built-in
        # slate the app ships with, which nobody means to change by leaving a flag out.
        print(
            f"python -m slate {args.command}: say which data folder to add to, with --data DIR "
            f"or ${DATA_ENV} (the built-in slate too: --data seeds)",
            file=sys.stderr,
        )
        return 2
    folder = data_folder(args.data)
    try:
        slate = load_slate(folder)
    except SlateError as error:
        print(error, file=sys.stderr)
        return 1
    if args.command == "add":
        return _add(folder, slate, [Path(f) for f in args.files])
    if args.command == "import":
        return _import(folder, slate, args)

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
        text, left_out = to_ics(rows, slate, as_of=as_of)
        if left_out:
            print(
                f"note: {left_out} projects with no release or filming date left out",
                file=sys.stderr,
            )
    sys.stdout.reconfigure(encoding="utf-8", newline="")  # type: ignore[union-attr]
    sys.stdout.write(text)
    return 0


def _date_command(words: str, on: dt.date, as_json: bool) -> int:
    """Print what `words` would be stored as, or why they are not read (exit 2)."""
    try:
        reading = read_date(words, on=on)
    except PressDateError as error:
        print(f"python -m slate date: {inert(str(error))}", file=sys.stderr)
        return 2
    sys.stdout.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
    if as_json:
        print(json.dumps(reading.as_json(), ensure_ascii=False))
        return 0
    date = reading.date
    span = (
        f"{day_label(date.earliest) if date.earliest else 'open'} to "
        f"{day_label(date.latest) if date.latest else 'open'}"
        if date
        else "no date yet"
    )
    print(inert(reading.text))
    print(f"  stored as  {reading.edtf or '(empty: TBA)'}")
    print(f"  shown as   {reading.label}")
    print(f"  spans      {span}")
    if reading.relative:
        print(f"  read as written on {day_label(on)}")
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
    lists = [str(path) for path, (name, data) in zip(files, documents, strict=True)
             if name.lower().endswith(".csv") or _is_a_list(name, data)]  # fmt: skip
    if lists:
        # `add` takes reports whole; a list's rows are read one by one by `import`.
        for given in lists:
            print(
                inert(f"{given} is a list of films: bring it in with "
                      f"`{_PROG} import {shlex.quote(given)}`"), file=sys.stderr,
            )  # fmt: skip
        print("nothing was written", file=sys.stderr)
        return 1
    names = [name for name, _ in documents]
    unfit = [problem for name in names if (problem := name_problem(name))]
    # A name already taken stops here: read beside the file of that name, the report would
    # only have its ids reported as that file's duplicates.
    if len(set(names)) != len(names) or any((folder / n).exists() for n in names):
        taken = sorted({n for n in names if names.count(n) > 1 or (folder / n).exists()})
        print(
            f"not added: {', '.join(inert(n) for n in taken)} already in {inert(str(folder))} "
            "(a report is added as a new file; nothing was written)",
            file=sys.stderr,
        )
        return 1
    # An unfit name is said with what is wrong inside the files, not a run before it.
    problems = None
    try:
        after = load_slate(folder, extra=documents)
    except SlateError as error:
        problems = error
    if unfit or problems:
        if unfit:
            print(f"not added: {inert('; '.join(unfit))}", file=sys.stderr)
        if problems:
            print(problems, file=sys.stderr)
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


def _source_name(text: str) -> str:
    name = " ".join(text.split())
    if not name or len(name) > 300:
        raise argparse.ArgumentTypeError("a source name is 1 to 300 characters")
    return name


def _published(text: str) -> Reading:
    try:
        reading = read_date(text, on=dt.date.today())
    except PressDateError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    if reading.date.is_unknown:
        raise argparse.ArgumentTypeError(f"{text!r} gives no date: say when the list was made")
    return reading


def _import(folder: Path, before: Slate, args: argparse.Namespace) -> int:
    """The lists' rows that can be added, as one new file in the folder; the others refused
    at their lines. Exit 0 when something was added, 1 when nothing could be."""
    sys.stdout.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
    files = []
    for given in args.files:
        try:
            files.append((given, Path(given).read_bytes()))
        except OSError as error:
            print(f"{inert(given)}: cannot be read: {error.strerror}", file=sys.stderr)
            return 1
    wholes = [w for name, data in files if (w := _whole(name, data)) is not None]
    if wholes and len(files) > 1:
        print(
            f"{_PROG} import: {inert(wholes[0].name)} is a data file or an export, imported "
            "alone (see --help)", file=sys.stderr,
        )  # fmt: skip
        return 2
    if wholes:
        return _import_whole(folder, before, wholes[0], args.published)
    upload = read_lists(
        files, before, as_claims=args.as_claims, source_name=args.source_name,
        published=args.published, place="the data folder",
    )  # fmt: skip
    for note in upload.notes:
        print(f"note: {inert(note)}", file=sys.stderr)
    if upload.problems:
        for problem in upload.problems:
            print(problem, file=sys.stderr)
        print("nothing was written", file=sys.stderr)
        return 1

    def check(documents: Sequence[tuple[str, bytes]]) -> tuple[Slate | None, list[Problem]]:
        try:
            return load_slate(folder, extra=documents), []
        except SlateError as error:
            return None, error.problems

    upload, _, problems = settle(upload, check, as_json=True)
    for row in upload.rejected:
        said = f"{row.title}: " if row.title else ""
        print(inert(f"{row.file}:{row.line}: {said}{row.problem}"), file=sys.stderr)
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        print("nothing was written", file=sys.stderr)
        return 1
    if any("already on the slate as" in r.problem for r in upload.rejected) and not args.as_claims:
        print(
            "note: a film already on the slate is not added twice; --as-claims records it as "
            "claims about the one there", file=sys.stderr,
        )  # fmt: skip
    if not upload.documents:
        print(
            f"nothing added: none of the {plural(upload.rows, 'row')} could be; nothing was "
            "written", file=sys.stderr,
        )  # fmt: skip
        return 1
    ((name, data),) = upload.documents
    try:
        path = write_new(folder, name, data)
    except (FileExistsInFolderError, OSError, ValueError) as error:
        print(f"not added: {inert(str(error))}; nothing was written", file=sys.stderr)
        return 1
    print(
        f"added {inert(str(path))}: {len(upload.added)} of {plural(upload.rows, 'row')}"
        + (f" ({len(upload.rejected)} refused)" if upload.rejected else "")
    )
    for added in upload.added:
        what = "claims about" if added.claims else "new project:"
        print(inert(f"  {what} {added.title} ({added.id}), {added.file}:{added.line}"))
        if added.read:
            print(inert(f"    {added.dates_read}"))
        if added.not_recorded:
            print(inert(f"    {added.not_recorded}"))
    return 0


_PROG = "python -m slate"


def _whole(name: str, data: bytes) -> Upload | None:
    return None if name.lower().endswith(".csv") else whole_file(name, data)


def _is_a_list(name: str, data: bytes) -> bool:
    """A .json or .yaml file whose top level is a list: of films, not a report's records."""
    return name.lower().endswith((".json", ".yaml", ".yml")) and _whole(name, data) is None


def _import_whole(folder: Path, before: Slate, upload: Upload, published: Reading | None) -> int:
    """A data file or the JSON export: added whole, as `add` adds a report, under a report's
    kind of name, unless it brings a film the folder already has."""
    if upload.problems:
        for problem in upload.problems:
            print(problem, file=sys.stderr)
        return 1
    try:
        after = load_slate(folder, extra=upload.documents)
    except SlateError as error:
        print(error, file=sys.stderr)
        print("nothing was written", file=sys.stderr)
        return 1
    again = repeated(before, after)
    for project, theirs in again:
        print(
            inert(f"{upload.name}: {project.title} ({project.id}): already on the slate as "
                  f"{theirs}: not added again"), file=sys.stderr,
        )  # fmt: skip
    if again:
        print("nothing was written (a data file is added whole)", file=sys.stderr)
        return 1
    name, data = as_data_file(upload, published)
    try:
        path = write_new(folder, name, data)
    except (FileExistsInFolderError, OSError, ValueError) as error:
        print(f"not added: {inert(str(error))}; nothing was written", file=sys.stderr)
        return 1
    print(f"added {inert(str(path))}")
    for project in after.projects:
        if project.id not in before.projects_by_id:
            print(inert(f"  new project: {project.title} ({project.id})"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
