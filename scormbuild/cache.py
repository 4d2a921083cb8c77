"""The build cache: rendered lessons and quiz texts, deflated entries, compiled templates and
rendered pages, found by digest.

Where: ``<out>/.scormbuild-cache/<course key>/`` (beside the zips it serves; deleting it, or
building with ``--no-cache``, only makes the next build slower), in one pack file with an
index (``scormbuild.pack_store``), each entry named ``<kind>/<key>``. Seven kinds of entry:

* ``lessons/<key>``: a lesson's Markdown rendered to HTML (packed as ``model.Lesson``
  holds it, in base64, so that a hit is not compressed again), with the problems found, the
  files it uses (and where it first uses each, which diagnostics about a file name) and the
  references it cites in order. The key digests everything the rendering
  reads: the Markdown text and where it sits (file, display name, front-matter lines), the
  course's lesson pages, reference ids and the reference numbers already given, the language,
  the list of files in the course folder (links and images are checked against it) and
  scormbuild's own code (``stamp.code_fingerprint``).
* ``texts/<key>``: a quiz's inline text (prompt, choice, feedback, …) rendered to HTML, with
  the same record and a key of the same kind (the text, its file, line and column, the
  references, the language, the course's files and code).
* ``fronts/<key>``: a lesson's front matter that parsed and validated without a problem
  (its fields, and where its id and its title are), keyed by its text, the lesson's display name and the
  code; parsing YAML with positions is the dearest part of reading a lesson. A front matter
  with any problem is never kept, so its problems are reported by every build.
* ``yaml/<key>``: a YAML file of the course (course.yaml, a module, a quiz, the references …)
  that parsed without a problem, as ``load.yaml_record`` writes it: its values and where each
  key and value stood, keyed by its text, its display name and the code. It is validated
  again on every build (pydantic), only not parsed.
* ``deflate/<sha256 of the bytes>``: the deflated bytes of a file the build makes or copies
  that is not a page (the course data script, the theme, the runtime's static files) or of a
  page that is not cached (a course with its own templates).
* ``templates/<key>``: a compiled page template (``render.compiled_templates``), after
  the SHA-256 of the compiled code. The key digests Jinja's key (the template's name and file)
  and scormbuild's code, which sets the Jinja environment's options; Jinja itself checks the
  template's source and its own bytecode version before it uses one.
* ``pages/<key>``: a rendered page, deflated as the zips hold it, with its CRC-32 and size
  (``PackedPage``): a hit goes into the zips without being read as text. The key digests
  scormbuild's code (templates included), the template's name, the page's position in the
  page sequence, everything every page sees (the whole course, the sequence, …) with lesson
  HTML left out, and the HTML of the lessons the page's item holds (``render.page_keys``
  says why that is sound). A course with its own templates has no page entries.

A hit returns exactly what the work would have produced, so the cache never changes output
bytes (``tests/test_incremental.py`` compares zips built with and without it). An entry that
was damaged on disk is not used: a lesson record that does not parse or whose HTML does not
unpack, a page or compiled template whose digest does not match, deflated bytes that do not
inflate to the bytes they stand for are counted as misses and the work is done again (and
the pack store checks every entry's CRC-32 before that). After a build the entries it did not
use are forgotten. Until the course has checked clean a build's new entries wait in a spool
file (``package.spool``), not in memory: a failed build writes nothing. With no folder the cache
lives in memory, for a long-running caller such as a preview server.
"""

from __future__ import annotations

import base64
import hashlib
import contextlib
import json
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Optional, Set, Tuple

from scormbuild.errors import Diagnostic, Diagnostics, Location
from scormbuild.package import zip_writer
from scormbuild.package.entries import Member
from scormbuild.package.spool import Spool, Spooled
from scormbuild.pack_store import PackStore
from scormbuild.stamp import code_fingerprint, course_key

if TYPE_CHECKING:
    from scormbuild.load.markdown_source import LinkContext

CACHE_FOLDER = ".scormbuild-cache"


def cache_folder(out_dir: Path, root: Path) -> Path:
    return out_dir / CACHE_FOLDER / course_key(root)


def _digest(*parts: Any) -> str:
    return hashlib.sha256(json.dumps(parts, default=str).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class PackedPage:
    """A rendered page as the page cache keeps it: deflated as every zip stores it, with the
    CRC-32 and size its zip headers need, so that a hit neither reads nor deflates its text.

    On disk: the SHA-256 of what follows, the CRC-32 (4 bytes) and size (8 bytes), big-endian,
    then the deflated bytes. Any damage changes the digest, so a damaged entry is a miss and
    can never put a corrupt member into a zip."""

    crc: int
    size: int
    deflated: bytes

    @classmethod
    def of(cls, text: str) -> PackedPage:
        member = zip_writer.prepare_bytes("", text.encode("utf-8"), compress=True)
        assert member.data is not None
        return cls(member.crc, member.size, member.data)

    @classmethod
    def from_record(cls, record: bytes) -> Optional[PackedPage]:
        if len(record) < 44 or hashlib.sha256(record[32:]).digest() != record[:32]:
            return None
        return cls(int.from_bytes(record[32:36], "big"), int.from_bytes(record[36:44], "big"),
                   record[44:])

    def record(self) -> bytes:
        body = self.crc.to_bytes(4, "big") + self.size.to_bytes(8, "big") + self.deflated
        return hashlib.sha256(body).digest() + body

    def text(self) -> str:
        """The page itself (a preview serves it)."""
        return zlib.decompress(self.deflated, -15).decode("utf-8")

    def member(self, path: str) -> Member:
        return Member(path, zip_writer.DEFLATED, self.crc, self.size, len(self.deflated),
                      data=self.deflated)


class BuildCache:
    """Content-addressed entries in a folder (or in memory); counts hits and misses per kind."""

    def __init__(self, folder: Optional[Path] = None):
        self.folder = folder
        self.hits: Counter[str] = Counter()
        self.misses: Counter[str] = Counter()
        self._memory: Dict[str, bytes] = {}
        self._used: Set[str] = set()
        self._pending: Dict[str, Spooled] = {}  # new entries of a folder, not yet written
        self._spool = Spool(folder) if folder is not None else None
        self._store = PackStore(folder) if folder is not None else None
        self._context: Tuple[Any, Any, str] = (None, None, "")  # _context_key's last answer
        self._pages: Optional[Tuple[Dict[Path, str], Tuple[int, Path], str]] = None
        self._numbers: Tuple[Optional[Dict[str, int]], int, str] = (None, 0, "")

    def __len__(self) -> int:
        """Entries held in memory (all of them for a cache without a folder)."""
        return len(self._memory)

    def held(self, kind: str) -> int:
        """Entries of one kind held in memory."""
        return sum(1 for name in self._memory if name.startswith(kind + "/"))

    # -- storage ---------------------------------------------------------------------------
    def get(self, kind: str, key: str) -> Optional[bytes]:
        name = f"{kind}/{key}"
        self._used.add(name)
        data = self._memory.get(name)
        if data is None and name in self._pending:
            data = self._pending[name].read()
        if data is None and self._store is not None:
            data = self._store.read(name)
        (self.hits if data is not None else self.misses)[kind] += 1
        return data

    def put(self, kind: str, key: str, data: bytes) -> None:
        """Keep in memory, or for a folder in the spool until flush() writes it (a failed build
        writes nothing)."""
        if self._spool is None:
            self._memory[f"{kind}/{key}"] = data
        else:
            self._pending[f"{kind}/{key}"] = self._spool.add(data)

    def flush(self, keep: Optional[Set[str]] = None) -> None:
        """Write the entries waiting in the spool (pack_store: appended to the pack); with
        `keep`, forget every stored entry not named there at the same time."""
        assert self._store is not None and self._spool is not None
        pending, self._pending = self._pending, {}
        if pending or keep is not None:  # a cache that cannot be written: a slower next build
            with contextlib.suppress(OSError):
                self._store.append(((name, item.read()) for name, item in pending.items()),
                                   keep=keep)
        self._spool.close()

    def prune(self) -> None:
        """Write what is pending; forget what this build did not use (one build's entries)."""
        if self._store is None:
            self._memory = {k: v for k, v in self._memory.items() if k in self._used}
        else:
            self.flush(keep=self._used)
            self._store.close()
        self._used = set()

    def _spoiled(self, kind: str) -> None:
        """An entry that was found but cannot be used (damaged on disk): count it as a miss;
        the work is done again and its result replaces the entry."""
        self.hits[kind] -= 1
        self.misses[kind] += 1

    # -- what is cached ----------------------------------------------------------------------
    def deflate(self, data: bytes) -> bytes:
        """The page's deflated bytes; an entry that does not inflate to exactly these bytes is
        not used, so a damaged cache cannot put a corrupt member into a zip (checking costs
        about 10 µs per page)."""
        key = hashlib.sha256(data).hexdigest()
        stored = self.get("deflate", key)
        if stored is not None and not _inflates_to(stored, data):
            self._spoiled("deflate")
            stored = None
        if stored is None:
            stored = zip_writer.deflate(data)
            self.put("deflate", key, stored)
        return stored

    def compiled(self, name: str) -> Optional[bytes]:
        """A compiled template (render.compiled_templates; `name` is Jinja's key).

        Jinja checks the template's source and its own version, not the compiled code, which a
        damaged entry could change without making it unloadable: each entry starts with the
        SHA-256 of the code it holds."""
        stored = self.get("templates", _digest(code_fingerprint(), name))
        if stored is None:
            return None
        if hashlib.sha256(stored[32:]).digest() != stored[:32]:
            self._spoiled("templates")
            return None
        return stored[32:]

    def keep_compiled(self, name: str, data: bytes) -> None:
        self.put("templates", _digest(code_fingerprint(), name),
                 hashlib.sha256(data).digest() + data)

    def page(self, key: str) -> Optional[PackedPage]:
        """A rendered page, deflated as the zips hold it (render.pages; `key` digests its
        template context). An entry whose digest does not match is a miss."""
        data = self.get("pages", _digest(code_fingerprint(), key))
        if data is None:
            return None
        page = PackedPage.from_record(data)
        if page is None:
            self._spoiled("pages")
        return page

    def keep_page(self, key: str, text: str) -> PackedPage:
        """Keep a page just rendered; the build puts the same deflated bytes into its zips."""
        page = PackedPage.of(text)
        self.put("pages", _digest(code_fingerprint(), key), page.record())
        return page

    def loading(self, listing: str) -> LoadingRun:
        """The cache as one loading run uses it (course_loader.LoadStore); `listing` digests
        which course files exist."""
        return LoadingRun(self, listing)

    def front_matter(self, display: str, text: str) -> Optional[Dict[str, Any]]:
        """A lesson's front matter as it validated, and where its id and its title are
        (course_loader)."""
        stored = self.get("fronts", _text_key(display, text))
        if stored is None:
            return None
        try:
            record = json.loads(stored)
            if isinstance(record, dict) and isinstance(record.get("front"), dict) \
                    and all(isinstance(record.get(place), list) and len(record[place]) == 3
                            for place in ("where", "title_at")):
                return record
        except ValueError:
            pass
        self._spoiled("fronts")
        return None

    def front_spoiled(self) -> None:
        """The front matter found did not validate again (damaged on disk): a miss."""
        self._spoiled("fronts")

    def yaml_record(self, display: str, text: str) -> Optional[bytes]:
        """A YAML file as it parsed (load.yaml_record), keyed by its name and text."""
        return self.get("yaml", _text_key(display, text))

    def keep_yaml_record(self, display: str, text: str, record: bytes) -> None:
        self.put("yaml", _text_key(display, text), record)

    def yaml_spoiled(self) -> None:
        """The YAML record found did not read back (damaged): a miss."""
        self._spoiled("yaml")

    def keep_front_matter(self, display: str, text: str, front: Dict[str, Any],
                          where: Location, title_at: Location) -> None:
        record = {"front": front, "where": [where.path, where.line, where.col],
                  "title_at": [title_at.path, title_at.line, title_at.col]}
        self.put("fronts", _text_key(display, text), json.dumps(record).encode("utf-8"))

    def _rendered(self, kind: str, listing: str, text: str, ctx: LinkContext) -> bytes:
        """A Markdown text of one kind (_RENDERINGS) rendered, or replayed from its record."""
        key = hashlib.sha256("\x00".join([  # only the text (last) may hold a NUL
            self._context_key(listing, ctx), str(ctx.file), ctx.display, str(ctx.line_offset),
            str(ctx.column_offset), self._numbers_text(ctx.reference_numbers), text]
        ).encode("utf-8", "surrogateescape")).hexdigest()  # a path need not be UTF-8
        work, check = _RENDERINGS[kind]
        stored = self.get(kind, key)
        if stored is not None:
            replayed = _replay(stored, ctx, check)
            if replayed is not None:
                return replayed
            self._spoiled(kind)
        found, outer = Diagnostics(), ctx.diagnostics
        first_use: Dict[Path, Location] = {}  # where this text first uses each file
        outer_uses = ctx.media_at
        ctx.diagnostics, ctx.media_at = found, first_use
        try:
            html = work(text, ctx)
        finally:
            ctx.diagnostics, ctx.media_at = outer, outer_uses
        outer.extend(found.items)
        for path, where in first_use.items():
            outer_uses.setdefault(path, where)
        record = {"html": base64.b64encode(html).decode("ascii"), "cited": ctx.cited,
                  "media": sorted(p.relative_to(ctx.root).as_posix() for p in ctx.media),
                  "media_at": [[p.relative_to(ctx.root).as_posix(), w.path, w.line, w.col]
                               for p, w in first_use.items()],
                  "diagnostics": [_diagnostic_record(d) for d in found.items],
                  "anchors": ctx.anchors,
                  "fragments": [[page, anchor, w.path, w.line, w.col]
                                for page, anchor, w in ctx.fragments]}
        self.put(kind, key, json.dumps(record).encode("utf-8"))
        return html

    def _context_key(self, listing: str, ctx: LinkContext) -> str:
        """The digest of what every text of a loading run shares: code, course files, language,
        literature cut-off, references, lesson pages. Computed again only when one of them
        changed: the reference set is compared by identity (held here, so that a new set cannot
        reuse a freed one's id) and size (it only grows during a run)."""
        marks = (listing, len(ctx.reference_ids), ctx.references_known, ctx.language,
                 ctx.literature_cutoff, ctx.root, self._pages_digest(ctx.lesson_pages, ctx.root))
        held_ids, held_marks, key = self._context
        if held_ids is not ctx.reference_ids or held_marks != marks:
            key = _digest(code_fingerprint(), listing, str(ctx.root), ctx.language,
                          ctx.literature_cutoff, sorted(ctx.reference_ids),
                          ctx.references_known, marks[-1])
            self._context = (ctx.reference_ids, marks, key)
        return key

    def _numbers_text(self, numbers: Dict[str, int]) -> str:
        """The reference numbers given so far, as the key holds them; written again only when
        a number was added (numbers are only ever added during a run: the map is held here
        and compared by identity and size)."""
        held, size, text = self._numbers
        if held is not numbers or size != len(numbers):
            text = json.dumps(list(numbers.items()))
            self._numbers = (numbers, len(numbers), text)
        return text

    def _pages_digest(self, pages: Dict[Path, str], root: Path) -> str:
        """The lesson page map's digest, computed once per map. Lessons and quiz texts
        alternate within a module: a quiz text's map is empty, a lesson's holds every lesson
        (held here by identity, with its size: it only grows during a run)."""
        if not pages:
            return ""
        held = self._pages
        if held is None or held[0] is not pages or held[1] != (len(pages), root):
            held = self._pages = (pages, (len(pages), root), _digest(
                sorted((p.relative_to(root).as_posix(), page) for p, page in pages.items())))
        return held[2]


class LoadingRun:
    """A BuildCache seen by one loading run (course_loader.LoadStore): lessons and quiz texts
    rendered or replayed under the run's file listing, lesson front matter and YAML files."""

    def __init__(self, cache: BuildCache, listing: str):
        self._cache, self._listing = cache, listing

    def render_lesson(self, text: str, ctx: LinkContext) -> bytes:
        return self._cache._rendered("lessons", self._listing, text, ctx)

    def render_inline(self, text: str, ctx: LinkContext) -> str:
        return self._cache._rendered("texts", self._listing, text, ctx).decode("utf-8")

    def front_matter(self, display: str, text: str) -> Optional[Dict[str, Any]]:
        return self._cache.front_matter(display, text)

    def keep_front_matter(self, display: str, text: str, front: Dict[str, Any],
                          where: Location, title_at: Location) -> None:
        self._cache.keep_front_matter(display, text, front, where, title_at)

    def front_spoiled(self) -> None:
        self._cache.front_spoiled()

    def yaml_record(self, display: str, text: str) -> Optional[bytes]:
        return self._cache.yaml_record(display, text)

    def keep_yaml_record(self, display: str, text: str, record: bytes) -> None:
        self._cache.keep_yaml_record(display, text, record)

    def yaml_spoiled(self) -> None:
        self._cache.yaml_spoiled()


def _render_lesson(text: str, ctx: LinkContext) -> bytes:
    from scormbuild.load.markdown_source import render_lesson

    return render_lesson(text, ctx)


def _render_inline(text: str, ctx: LinkContext) -> bytes:
    from scormbuild.load.markdown_source import render_inline

    return render_inline(text, ctx).encode("utf-8")


# Each kind of Markdown text kept: how it is rendered to bytes, and how the bytes of a record
# are read back (a damaged record is a miss): a lesson's HTML packed as model.Lesson holds it
# (a hit is not compressed again), a quiz text's HTML as UTF-8.
_RENDERINGS: Dict[str, Tuple[Callable[[str, LinkContext], bytes], Callable[[bytes], str]]] = {
    "lessons": (_render_lesson, lambda data: zlib.decompress(data).decode("utf-8")),
    "texts": (_render_inline, lambda data: data.decode("utf-8")),
}


def _text_key(display: str, text: str) -> str:
    key = "\x00".join([code_fingerprint(), display, text])
    return hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()  # any path


def _diagnostic_record(d: Diagnostic) -> List[Any]:
    return [d.location.path, d.location.line, d.location.col, d.severity, d.message]


def diagnostic_from_record(record: List[Any]) -> Diagnostic:
    path, line, col, severity, message = record
    return Diagnostic(Location(path, line, col), severity, message)


def _replay(stored: bytes, ctx: LinkContext, check: Callable[[bytes], str]) -> Optional[bytes]:
    """Leave ctx as rendering would have: problems, files used and where each is first used,
    citations and their numbers, heading anchors and links to anchors; return the HTML's
    bytes, which `check` reads back whole. None, with ctx untouched, for a record that cannot
    be read."""
    try:
        record = json.loads(stored)
        diagnostics = [diagnostic_from_record(r) for r in record["diagnostics"]]
        media = [ctx.root / rel for rel in record["media"]]
        first_uses = [(ctx.root / rel, Location(path, line, col))
                      for rel, path, line, col in record["media_at"]]
        cited = [str(key) for key in record["cited"]]
        anchors = [str(anchor) for anchor in record["anchors"]]
        fragments = [(str(page), str(anchor), Location(path, line, col))
                     for page, anchor, path, line, col in record["fragments"]]
        packed = base64.b64decode(record["html"], validate=True)
        check(packed)
        if not all(isinstance(w.path, str) for w in
                   [*(d.location for d in diagnostics), *(f[2] for f in fragments)]):
            return None
    except (ValueError, KeyError, TypeError, zlib.error):  # damaged: render it again
        return None
    ctx.diagnostics.extend(diagnostics)
    ctx.media.update(media)
    for path, where in first_uses:  # in the order the lesson uses them
        ctx.media_at.setdefault(path, where)
    ctx.anchors.extend(anchors)
    ctx.fragments.extend(fragments)
    for key in cited:
        ctx.reference_numbers.setdefault(key, len(ctx.reference_numbers) + 1)
        if key not in ctx.cited:
            ctx.cited.append(key)
    return packed


def _inflates_to(deflated: bytes, data: bytes) -> bool:
    try:
        inflater = zlib.decompressobj(-15)
        return inflater.decompress(deflated) == data and inflater.eof
    except zlib.error:
        return False
