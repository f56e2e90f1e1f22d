"""Every entry under seeds/ is read or refused: nothing the build skips goes unnoticed.

A claims file renamed to `.yml`, an `.MD` article, a hidden `.x.md`, a stray
`agencies2.yaml` or a sub-folder would otherwise simply not be read, and its
rows would vanish from the dataset without a word. This walk looks at every
entry (with lstat only: nothing is opened, so a FIFO or device cannot block
the build) and refuses whatever no reader takes and the allow-list does not
name, with the rename that would make it read.

The readers in inputs.py still guard the files they open (symlinks, folders,
FIFOs named like seeds); this walk skips exactly those names so that nothing is
reported twice.
"""

from __future__ import annotations

import os
import stat

from ..errors import Problem

# -- the layout: the one place that says what may live under seeds/ ----------------------
FOLDERS = {"articles": ".md", "claims": ".yaml", "operations": ".yaml"}  # folder → suffix the readers take
REFERENCE_FOLDER = "reference"
COVERAGE_FOLDER = "coverage"  # *.yaml logs, read by the coverage checks
DRAFT_SUFFIX = ".draft.yaml"  # `tco-ops draft` output in claims/, waiting for a curator's review
ALLOWED_FILES = {  # files at seeds/ that no build step reads, on purpose (documented in seeds/README.md)
    "README.md": "how to write seeds",
    "EXCLUDED.md": "sources looked at and left out, and why",
}

_KIND = {stat.S_IFIFO: "a FIFO (named pipe)", stat.S_IFCHR: "a character device", stat.S_IFBLK: "a block device",
         stat.S_IFSOCK: "a socket", stat.S_IFDIR: "a folder", stat.S_IFLNK: "a symbolic link"}


def file_kind(mode: int) -> str:
    return _KIND.get(stat.S_IFMT(mode), "not a regular file")


def scan(root, reference_files: tuple[str, ...]) -> list[Problem]:
    """Problems for every entry under `root` (the seeds/ folder) that the build would not read."""
    problems: list[Problem] = []
    root = os.fspath(root)
    for entry in _entries(root):
        rel = f"seeds/{entry.name}"
        if entry.name in FOLDERS:
            if not entry.is_symlink() and not entry.is_dir(follow_symlinks=False):
                problems.append(_not_folder(rel, entry))
            elif entry.is_dir(follow_symlinks=False):
                _scan_folder(entry.path, rel, FOLDERS[entry.name], problems)
            continue  # a symlinked folder is reported by its reader
        if entry.name in (REFERENCE_FOLDER, COVERAGE_FOLDER):
            if entry.is_symlink():
                problems.append(Problem(rel, None, "symbolic links are not followed in seeds/", None,
                                        "replace the link with a real folder"))
            elif not entry.is_dir(follow_symlinks=False):
                problems.append(_not_folder(rel, entry))
            elif entry.name == REFERENCE_FOLDER:
                _scan_reference(entry.path, rel, reference_files, problems)
            else:
                _scan_coverage(entry.path, rel, problems)
            continue
        if entry.name in ALLOWED_FILES:
            _must_be_regular(entry, rel, problems)
            continue
        problems.append(_unexpected(rel, entry, _root_hint(entry.name, entry.is_dir(follow_symlinks=False))))
    return problems


def _entries(folder: str):
    with os.scandir(folder) as it:
        # Names, not DirEntry objects, are sorted: cheap at 200,000 files.
        return sorted(it, key=lambda e: e.name)


def _scan_folder(folder: str, rel_folder: str, suffix: str, problems: list[Problem]) -> None:
    for entry in _entries(folder):
        name = entry.name
        if name.endswith(suffix) and not name.startswith("."):
            continue  # the reader opens it and reports a wrong type or name itself
        rel = f"{rel_folder}/{name}"
        problems.append(_unexpected(rel, entry, _rename_hint(name, suffix, entry.is_dir(follow_symlinks=False))))


def _scan_reference(folder: str, rel_folder: str, known: tuple[str, ...], problems: list[Problem]) -> None:
    import difflib

    for entry in _entries(folder):
        if entry.name in known:
            continue  # read (or refused) by read_meta
        rel = f"{rel_folder}/{entry.name}"
        near = difflib.get_close_matches(entry.name.lower(), known, n=1, cutoff=0.6)
        hint = (f"the reference files are {', '.join(known)}; "
                + (f"did you mean {near[0]}? merge its entries into seeds/reference/{near[0]} and remove this file"
                   if near else "move its entries into one of them and remove this file"))
        problems.append(_unexpected(rel, entry, hint))


def _scan_coverage(folder: str, rel_folder: str, problems: list[Problem]) -> None:
    for entry in _entries(folder):
        rel = f"{rel_folder}/{entry.name}"
        if entry.name.endswith(".yaml") and not entry.name.startswith("."):
            _must_be_regular(entry, rel, problems)
        else:
            problems.append(_unexpected(rel, entry, _rename_hint(entry.name, ".yaml",
                                                                 entry.is_dir(follow_symlinks=False))))


def _must_be_regular(entry: os.DirEntry, rel: str, problems: list[Problem]) -> None:
    mode = entry.stat(follow_symlinks=False).st_mode
    if stat.S_ISLNK(mode):
        problems.append(Problem(rel, None, "symbolic links are not followed in seeds/", None,
                                "replace the link with the file itself"))
    elif not stat.S_ISREG(mode):
        problems.append(Problem(rel, None, f"is {file_kind(mode)}, not a regular file", None,
                                "remove it from seeds/; only plain files are allowed"))


def _not_folder(rel: str, entry: os.DirEntry) -> Problem:
    kind = file_kind(entry.stat(follow_symlinks=False).st_mode)
    return Problem(rel, None, f"is {kind}, expected a folder", None, f"replace it with a folder named {entry.name}")


def _unexpected(rel: str, entry: os.DirEntry, hint: str) -> Problem:
    mode = entry.stat(follow_symlinks=False).st_mode
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        return Problem(rel, None, f"is {file_kind(mode)}, not a seed file; the build does not read it", None,
                       "remove it from seeds/; only plain files are allowed")
    what = "folder" if stat.S_ISDIR(mode) else "file"
    return Problem(rel, None, f"unexpected {what}: the build does not read it", entry.name, hint)


_SAME_KIND = {".yaml": ("yaml", "yml"), ".md": ("md", "markdown")}


def _rename_hint(name: str, suffix: str, is_dir: bool) -> str:
    if is_dir:
        return f"sub-folders are not read; move its files up (each named <id>{suffix}) and remove the folder"
    stem, dot, ext = name.lstrip(".").rpartition(".")
    if dot and stem.strip(".") and ext.lower() in _SAME_KIND[suffix]:
        hidden = " (hidden files are not read)" if name.startswith(".") else ""
        return f"did you mean {stem}{suffix}? rename it to {stem}{suffix}{hidden}"
    return f"the build reads only <id>{suffix} files here; rename it to <id>{suffix} or move it out of seeds/"


def _root_hint(name: str, is_dir: bool) -> str:
    allowed = ", ".join([*FOLDERS, REFERENCE_FOLDER, COVERAGE_FOLDER])
    files = ", ".join(ALLOWED_FILES)
    if name.startswith("."):
        return f"hidden entries are not read; remove it (seeds/ holds the folders {allowed} and {files})"
    import difflib

    near = difflib.get_close_matches(name.lower(), [*FOLDERS, REFERENCE_FOLDER, COVERAGE_FOLDER, *ALLOWED_FILES],
                                     n=1, cutoff=0.6)
    mean = f"did you mean {near[0]}? " if near else ""
    return f"{mean}seeds/ holds the folders {allowed} and the files {files}; move it or remove it"
