"""Per-article work: read, check, resolve and locate one article's claims.

Articles are independent once the reference files and operation ids are
known, so this is the unit that runs in parallel and that the cache keeps.
A unit's cache key hashes the article's and its claims' bytes together with
everything else its result depends on (the code, the reference files, the
operation ids), so a change to any of them invalidates it. A unit is stored
under the hash of the bytes it was built from (Unit.read), never of bytes read
before or after: an editor saving between the two would otherwise file a unit
under the wrong key, and a later build would reuse it for the other bytes.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problem
from . import seed_files
from .inputs import Article, read_article_unit
from .resolve import Claim, Reference, resolve_article_claims

CACHE_FORMAT = 2
PARALLEL_FROM = 400  # below this many articles, starting workers costs more than it saves


@dataclass
class Unit:
    article: Article | None
    claims: list[Claim]
    problems: list[Problem]
    read: dict[str, str] = field(default_factory=dict)  # {file: sha256} of the bytes this unit was built from


def process(root: Path, article_id: str, ref: Reference, op_ids: frozenset) -> Unit:
    problems: list[Problem] = []
    with seed_files.recording() as read:
        article, raw = read_article_unit(root, article_id, problems)
    claims = resolve_article_claims(raw, article, ref, op_ids, problems)
    return Unit(article, claims, problems, dict(read))


def _unit_files(root: Path, article_id: str) -> tuple[str, str]:
    base = root.parent
    return ((root / "articles" / f"{article_id}.md").relative_to(base).as_posix(),
            (root / "claims" / f"{article_id}.yaml").relative_to(base).as_posix())


# -- parallel ------------------------------------------------------------------
_WORKER: dict = {}


def _init(root: Path, ref: Reference, op_ids: frozenset) -> None:
    _WORKER.update(root=root, ref=ref, op_ids=op_ids)


def _work(batch: list[str]) -> list[tuple[str, Unit]]:
    return [(i, process(_WORKER["root"], i, _WORKER["ref"], _WORKER["op_ids"])) for i in batch]


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def run(root: Path, ids: list[str], ref: Reference, op_ids: frozenset, jobs: int) -> dict[str, Unit]:
    if jobs <= 1 or len(ids) < PARALLEL_FROM:
        return {i: process(root, i, ref, op_ids) for i in ids}
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    size = max(50, len(ids) // (jobs * 8))
    batches = [ids[k:k + size] for k in range(0, len(ids), size)]
    # fork, not spawn/forkserver: those re-import __main__, which fails under `python -`
    # and in notebooks. Workers are forked before the build has used pyarrow or pandas,
    # so no thread of theirs holds a lock to inherit.
    ctx = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    with ProcessPoolExecutor(jobs, mp_context=ctx, initializer=_init, initargs=(root, ref, op_ids)) as pool:
        return {i: unit for done in pool.map(_work, batches) for i, unit in done}


# -- cache ---------------------------------------------------------------------
def code_fingerprint() -> str:
    """Hash of the code that turns seeds into units; a new version of it invalidates the cache."""
    package = Path(__file__).resolve().parent.parent
    h = hashlib.sha256(str(CACHE_FORMAT).encode())
    for path in sorted([*package.glob("build/*.py"), package / "vocab.py", package / "errors.py"]):
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


class UnitCache:
    """{article_id: (key, Unit)} in one pickle file beside the checkout (never committed)."""

    def __init__(self, path: Path | None, salt: str):
        self.path, self.salt = path, salt
        self.entries: dict[str, tuple[str, Unit]] = {}
        self.hits = 0
        if path is not None and path.is_file():
            try:
                with open(path, "rb") as handle:
                    stored_salt, entries = pickle.load(handle)
                if stored_salt == salt:
                    self.entries = entries
            except Exception:  # a corrupt or old cache is just a cold cache
                self.entries = {}

    def key(self, root: Path, article_id: str) -> str | None:
        """The key of the files as they are now (None: not cacheable, let process() report them)."""
        digests = []
        for rel in _unit_files(root, article_id):
            path = root.parent / rel
            if not os.path.lexists(path):
                digests.append(seed_files.MISSING)
                continue
            data = seed_files.read_bytes(path, rel, [])  # a link, FIFO or folder is never opened
            if data is None:
                return None
            digests.append(hashlib.sha256(data).hexdigest())
        return self._key(digests)

    def key_of(self, root: Path, article_id: str, unit: Unit) -> str | None:
        """The key of the bytes `unit` was built from; None if it did not read them all."""
        digests = [unit.read.get(rel, seed_files.MISSING) for rel in _unit_files(root, article_id)]
        if digests[0] == seed_files.MISSING or seed_files.CHANGED in digests:
            return None
        return self._key(digests)

    def _key(self, digests: list[str]) -> str:
        return hashlib.sha256("\0".join([self.salt, *digests]).encode()).hexdigest()

    def get(self, article_id: str, key: str | None) -> Unit | None:
        entry = self.entries.get(article_id)
        if key is not None and entry is not None and entry[0] == key:
            self.hits += 1
            return entry[1]
        return None

    def save(self, fresh: dict[str, tuple[str, Unit]]) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + f".{os.getpid()}.tmp")
        with open(tmp, "wb") as handle:
            pickle.dump((self.salt, fresh), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, self.path)


def reference_fingerprint(root: Path, op_ids: frozenset, read: dict[str, str] | None = None) -> str:
    """Hash of the reference files and operation ids; from `read` ({file: sha256} of the bytes the
    reference was built from) when given, so that the salt describes that reference and no later one."""
    h = hashlib.sha256()
    if read is not None:
        for rel in sorted(read):
            if "/reference/" in rel or "/operations/" in rel:
                h.update(f"{rel}\0{read[rel]}\0".encode())
    else:
        from .inputs import REFERENCE_FILES

        for name in REFERENCE_FILES.values():
            path = root / "reference" / name
            h.update(name.encode() + b"\0" + (path.read_bytes() if path.is_file() else b"<missing>") + b"\0")
    h.update("\n".join(sorted(op_ids)).encode())
    return h.hexdigest()


def run_cached(root: Path, ids: list[str], ref: Reference, op_ids: frozenset, jobs: int,
               cache_path: Path | None, read: dict[str, str] | None = None) -> tuple[dict[str, Unit], int]:
    """Units for every article, reusing cached ones whose inputs are unchanged; (units, cache hits).

    `read`: {file: sha256} of the reference and operation files `ref` was built from.
    """
    cache = UnitCache(cache_path, code_fingerprint() + reference_fingerprint(root, op_ids, read))
    keys = {i: cache.key(root, i) for i in ids} if cache_path is not None else {i: None for i in ids}
    units: dict[str, Unit] = {}
    missing = []
    for i in ids:
        hit = cache.get(i, keys[i])
        if hit is not None:
            units[i] = hit
        else:
            missing.append(i)
    fresh = run(root, missing, ref, op_ids, jobs)
    units.update(fresh)
    for i in fresh:  # file each new unit under the bytes it was built from, not those hashed before
        keys[i] = cache.key_of(root, i, fresh[i]) if keys[i] is not None else None
    if cache_path is not None and (missing or set(cache.entries) != set(ids)):
        cache.save({i: (keys[i], units[i]) for i in ids if keys[i] is not None})
    return {i: units[i] for i in ids}, cache.hits
