"""`tco-ops validate --installed` and `--version X`: prove a copy of the data is intact, without the seeds.

For the installed data (the wheel's, or a checkout's published files) or a
downloaded release, every table is checked: its SHA-256 against datapackage.json
(installed) or the release registry (downloaded), that it reads as Parquet with
the published dtypes, the pandera models, and the cross-table checks (keys,
foreign keys, every published value supported by a claim). The quote check needs
the archived article texts, which only a checkout's seeds/ hold: it is left to
plain `tco-ops validate` in a checkout, and the output says so.
"""

from __future__ import annotations

from . import integrity, loader
from .errors import DataIntegrityError, TcoOpsError


def check(version: str | None = None) -> tuple[str, list[str], int]:
    """(what was checked, problems, tables checked) for the installed data, or release `version` as downloaded."""
    from .schema import TABLES
    from .schema.frames import to_pandas

    integrity.forget()  # a validation hashes every file again, whatever this process checked before
    try:
        src = loader.source(version=version)
    except DataIntegrityError as exc:  # datapackage.json itself damaged: a failed check, not a usage error
        return f"{'release ' + version if version else 'installed data'}", [str(exc)], 0
    where = (f"release {src.version} in {src.folder} (SHA-256 from the release registry)" if src.version
             else f"installed data in {src.folder} (SHA-256 from datapackage.json)")
    if version is not None and src.version is None:
        where = f"release {version}, the installed version: its {where}"
    problems, frames = [], {}
    for name in src.package.names:
        if src.version and not src.path(name).exists():
            continue  # a tables=[...] download: only what was fetched is checked
        try:
            frames[name] = to_pandas(loader.read_arrow(src, name))
        except (TcoOpsError, TypeError, ValueError) as exc:
            problems.append(str(exc))
    unknown = sorted(set(src.package.names) - set(TABLES))
    if unknown:
        problems.append(f"{src.package.path} lists tables this tco-ops does not know: {', '.join(unknown)} "
                        "(upgrade tco-ops: pip install -U tco-ops)")
    if not problems and set(frames) == set(TABLES):
        problems += [str(p) for p in _models(frames)]
    elif not problems:  # a tables=[...] download: what is there is intact, the rest cannot be checked
        where += (f"; only {', '.join(frames)} downloaded, so pandera and the cross-table checks did not run "
                  f"(they need every table: tco-ops download {src.version})")
    return where, problems, len(frames)


def _models(frames: dict) -> list:
    """pandera per table (every failure at once), then the cross-table checks that need no seeds."""
    from .build.pipeline import pandera_problems
    from .schema.crosscheck import check_keys, check_support

    problems = pandera_problems(frames, "the file is not what tco-ops publishes")
    if not problems:
        problems = check_keys(frames) + check_support(frames)
    return problems


def main(version: str | None, note: str | None = None) -> int:
    """Print the result of check(); 0 if intact, 1 with every problem on stderr."""
    import sys

    if note:
        print(note)
    where, problems, n = check(version)
    if problems:
        print(f"validate FAILED ({where}): {len(problems)} problem(s)", file=sys.stderr)
        for p in problems:
            print(f"- {p}", file=sys.stderr)
        return 1
    print(f"validate OK: {where}: {n} table(s) match their SHA-256, pass pandera and the cross-table checks "
          "(the quote check needs the archived texts: plain `tco-ops validate` runs it in a checkout)")
    return 0

