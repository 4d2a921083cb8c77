"""The build: load → check → render → package, each stage a function over the typed model.

The loading, rendering and manifest code (pydantic, Jinja2, markdown-it, lxml) is imported
inside check() and the functions it calls: a build that finds its zips up to date
(scormbuild.stamp) never needs it, and its start-up is most of its cost.
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import (TYPE_CHECKING, Callable, Dict, Iterable, List, Optional, Sequence, Tuple,
                    Union)

from scormbuild import startup
from scormbuild.cache import BuildCache, cache_folder
from scormbuild.errors import (Diagnostic, Diagnostics, InputError, Location, OutputError,
                               display_path, megabytes, MEGABYTE)
from scormbuild.package import entries as pkg
from scormbuild.package.editions import DEFAULT_EDITIONS, EDITIONS, Edition
from scormbuild.package.zip_writer import (
    ChangedSource,
    Deflater,
    Member,
    TempZip,
    WrittenZip,
    commit,
    file_crc,
    prepare,
    spooled,
    write_zip,
    zip_timestamp,
)
from scormbuild.package.spool import Spool
from scormbuild.stamp import (FileDigests, Output, Stamp, file_digest, listing_digest, read_stamp,
                              scan_tree, settings_digest, stamp_path, write_stamp)

if TYPE_CHECKING:
    from scormbuild.model import Course, MediaFile
    from scormbuild.render.pages import Page

EDITIONS_BY_KEY = {edition.key: edition for edition in EDITIONS.values()}
Progress = Callable[[str, int, int], None]  # (label, done, total)
Packer = Callable[[pkg.Entry], pkg.Entry]     # a page entry -> the same, prepared for the zip


@dataclass(frozen=True)
class BuildOptions:
    editions: Tuple[Edition, ...] = ()   # none given: what the targets recommend
    targets: Tuple[str, ...] = ("generic",)  # LMS profile names (or profile files), see lms/
    strict: bool = False
    schemas: Optional[Path] = None   # copy the official XSDs into each package


@dataclass(frozen=True)
class CourseSummary:
    """What a report says about the course; kept in the stamp for a build that is skipped."""

    id: str
    title: str
    version: str
    lessons: int
    quizzes: int

    @classmethod
    def of(cls, course: Course) -> CourseSummary:
        return cls(id=course.id, title=course.info.title, version=course.info.version,
                   lessons=len(course.lessons()), quizzes=len(course.quizzes()))

    @staticmethod
    def fits(data: Dict[str, object]) -> bool:
        """Whether a stamp's record is one (a hand edit may have made it anything)."""
        types = {"id": str, "title": str, "version": str, "lessons": int, "quizzes": int}
        return isinstance(data, dict) and set(data) == set(types) and \
            all(type(data[k]) is t for k, t in types.items())


@dataclass
class BuildResult:
    course: Optional[Course]            # None when the zips were up to date: nothing was loaded
    diagnostics: List[Diagnostic]
    summary: CourseSummary
    packages: Dict[str, Tuple[pkg.Entry, ...]] = field(default_factory=dict)
    written: List[WrittenZip] = field(default_factory=list)
    up_to_date: bool = False            # the zips of the last build were kept as they were
    cache: Optional[BuildCache] = None  # its hit and miss counts tell what was reused


def check(source: Path, options: BuildOptions, label: Optional[str] = None,
          cache: Optional[BuildCache] = None, listing: Optional[str] = None,
          packer: Optional[Packer] = None, exclude: Sequence[Path] = ()) -> BuildResult:
    """Load, check and render everything, in memory; raise CourseError on any problem.

    With a cache, a lesson whose Markdown and surroundings are unchanged is not rendered
    again (scormbuild.cache); `listing` is the digest of the course's file list, computed here
    when not given. A preview server keeps one in-memory BuildCache() across calls, so that
    after a one-lesson edit only that lesson is rendered again; the pages are in
    result.packages, ready to serve. `exclude` names folders the course must not use (a
    build's output folder, which may lie inside the course folder).
    """
    from scormbuild.lms.course_targets import check_targets
    from scormbuild.lms.profiles import editions_for, load_targets, number_digits
    from scormbuild.load.course_loader import load_course
    from scormbuild.render.pages import iter_pages

    startup.imports_done()  # a CLI run: what is loaded now lives to the end (scormbuild.startup)
    require_course_folder(Path(source), label)
    profiles = load_targets(options.targets)
    store = None
    if cache is not None:
        store = cache.loading(listing or listing_digest(scan_tree(Path(source))))
    course, diagnostics = load_course(source, label, store=store,  # warnings stop below
                                      exclude=exclude)
    shared = _shared_entries(course, iter_pages(course, cache), packer)
    packages: Dict[str, Tuple[pkg.Entry, ...]] = {}
    shown = label if label is not None else str(source)   # how the user named the course
    where = Location(display_path(course.root / "course.yaml", course.root, shown))
    editions = options.editions or editions_for(profiles) or DEFAULT_EDITIONS
    for edition in editions:
        packages[edition.key] = package_entries(course, edition, shared, options.schemas,
                                                number_digits(profiles, edition))
        _check_package_size(course, edition, packages[edition.key], where, diagnostics)
    _check_lms_record(course, editions, shown, diagnostics)
    check_targets(course, profiles, {e: packages[e.key] for e in editions}, shown, diagnostics)
    diagnostics.raise_if_failed(options.strict)
    if cache is not None and cache.folder is None:
        cache.prune()  # in memory (a preview): keep this course's lessons, not every past edit
    return BuildResult(course=course, diagnostics=diagnostics.sorted(),
                       summary=CourseSummary.of(course), packages=packages, cache=cache)


def require_course_folder(source: Path, label: Optional[str]) -> None:
    """Stop with exit 2 (nothing could be checked) when the course folder is not there."""
    shown = label if label is not None else str(source)
    try:
        there, folder = source.exists(), source.is_dir()
    except OSError as exc:  # a name the system cannot look up (over 255 bytes, say)
        raise InputError(f"{shown}: cannot look it up: {exc.strerror or exc}") from exc
    if not there:
        raise InputError(f"{shown}: no such course folder")
    if not folder:
        raise InputError(f"{shown}: not a folder (give the folder that holds course.yaml)")


def _check_package_size(course: Course, edition: Edition, entries: Sequence[pkg.Entry],
                        where: Location, diagnostics: Diagnostics) -> None:
    """Warn above the smallest documented LMS upload limit (media hardly compresses)."""
    from scormbuild.lms.upload import LARGE_PACKAGE_WHY

    limit = course.info.size_warnings.package_mb
    total = sum(entry.size for entry in entries)
    if total > limit * MEGABYTE:
        diagnostics.warning(where,
                            f"the {edition.label} package holds {megabytes(total)} of "
                            f"files, above {limit:g} MB: {LARGE_PACKAGE_WHY}; make the media "
                            "smaller (limit: size_warnings.package_mb in course.yaml)")


def _check_lms_record(course: Course, editions: Sequence[Edition], label: str,
                      diagnostics: Diagnostics) -> None:
    """Warn once, at tracking.interactions, when the worst-case learner record is too big for
    whole-record saves (Moodle's SCORM 2004 player; each edition says whether it applies)."""
    limits = [e.lms_record_limit for e in editions if e.lms_record_limit is not None]
    if not limits:
        return
    from scormbuild.lms.course_targets import option_location
    from scormbuild.render.lms_record import problem

    found = problem(course, min(limits))
    if found:
        diagnostics.warning(option_location(course, label, "tracking.interactions"), found)


def build(source: Path, out_dir: Path, options: BuildOptions, label: Optional[str] = None,
          progress: Optional[Progress] = None, use_cache: bool = True) -> BuildResult:
    """Check everything, then write one zip per edition; all or nothing.

    Incremental unless use_cache is False (the CLI's --no-cache): when nothing the last build
    read has changed and its zips are intact, they are kept as they are (scormbuild.stamp);
    otherwise unchanged lessons and pages come from the cache (scormbuild.cache).
    """
    out_dir, root = Path(out_dir), Path(source)
    require_course_folder(root, label)
    zip_timestamp()  # an unusable SOURCE_DATE_EPOCH stops the build before any work
    try:
        a_file = out_dir.exists() and not out_dir.is_dir()
    except OSError as exc:  # a name the system cannot look up (over 255 bytes, say)
        raise OutputError(f"{out_dir}: cannot look it up: {exc.strerror or exc}") from exc
    if a_file:
        raise OutputError(f"{out_dir}: the output folder is a file")
    taken_ns = time.time_ns()
    tree = scan_tree(root, exclude=[out_dir])
    settings = settings_digest(_settings(options, label))
    stamp_file = stamp_path(out_dir, root)
    previous = read_stamp(stamp_file) if use_cache else None
    if previous is not None and not CourseSummary.fits(previous.course):
        previous = None  # a hand-edited stamp: build
    digests = FileDigests(root, tree, previous)
    if previous is not None and previous.up_to_date(settings, digests, out_dir):
        return _kept(previous, digests, stamp_file, out_dir)
    cache = BuildCache(cache_folder(out_dir, root)) if use_cache else None
    deflate_with = cache.deflate if cache is not None else None
    with Spool(out_dir) as spool:
        def packer(entry: pkg.Entry) -> pkg.Entry:  # the page's text dropped, its bytes spooled
            member = spooled(prepare(entry, digests.crc, deflate_with), spool)
            return replace(entry, data=None, packed=member)
        result = check(source, options, label, cache, listing_digest(tree), packer, [out_dir])
        _write(result, out_dir, cache, deflate_with, digests, progress)
    write_stamp(stamp_file, Stamp(settings, taken_ns, digests.all(),
                                  [_output(w) for w in result.written],
                                  asdict(result.summary),
                                  [d.as_dict() for d in result.diagnostics]))
    if cache is not None:
        cache.prune()
    return result


def _write(result: BuildResult, out_dir: Path, cache: Optional[BuildCache],
           deflate_with: Optional[Deflater], digests: FileDigests,
           progress: Optional[Progress]) -> None:
    """Write each edition's zip to a temporary file, then move them all into place."""
    assert result.course is not None
    if cache is not None:
        cache.flush()  # the lessons rendered: checked clean, worth keeping even if writing fails
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{out_dir}: cannot create the output folder ({exc.strerror})") from exc
    _remove_stale_temps(out_dir)
    # a medium's CRC comes from the stamp when the file is unchanged; the writer checks it
    # against the bytes it copies, and once that fails, every CRC is taken from the files
    for crc_of in (digests.crc, file_crc):
        temps: List[Tuple[TempZip, Path]] = []
        try:
            prepared = prepare_packages(result.packages, crc_of, deflate_with)
            for key, members in prepared.items():
                edition = EDITIONS_BY_KEY[key]
                target = out_dir / zip_name(result.course, edition)
                tick = _ticker(progress, edition.label, len(members))
                temps.append((write_zip(members, out_dir, tick), target))
            result.written = [commit(temp, target) for temp, target in temps]
            return
        except ChangedSource as exc:
            if crc_of is file_crc:  # changed while this build copied it
                raise OutputError(f"{out_dir}: cannot write the package ({exc}); build "
                                  "again once nothing writes to the course folder") from exc
        except OSError as exc:
            raise OutputError(f"{out_dir}: cannot write the package ({exc.strerror or exc})") from exc
        finally:
            for temp, _ in temps:
                if temp.path.exists():
                    temp.path.unlink()


STALE_TEMP_S = 24 * 3600  # a temporary zip this old was left by a build that was killed


def _remove_stale_temps(out_dir: Path) -> None:
    """Remove the temporary zips of builds killed before they could (never a running one's)."""
    now = time.time()
    for temp in out_dir.glob(".scormbuild-*.zip.tmp"):
        with contextlib.suppress(OSError):
            if now - temp.stat().st_mtime > STALE_TEMP_S:
                temp.unlink()


def _is_file(path: Path) -> bool:
    """A regular file; False for a name the system cannot look up (over 255 bytes, say)."""
    try:
        return path.is_file()
    except OSError:
        return False


def _settings(options: BuildOptions, label: Optional[str]) -> Dict[str, object]:
    """Every option (present and future fields alike), the label diagnostics use, the XSDs."""
    settings: Dict[str, object] = {"options": asdict(options), "label": label}
    if options.schemas is not None:
        settings["schemas"] = sorted(scan_tree(options.schemas).items())
    # an LMS profile given as a file (--target my-lms.yaml): its content, not only its name
    settings["target_files"] = [[name, file_digest(Path(name)) if _is_file(Path(name)) else None]
                                for name in options.targets]
    return settings


def _output(written: WrittenZip) -> Output:
    info = written.path.stat()
    return Output(written.path.name, info.st_size, info.st_mtime_ns, written.sha256,
                  written.entries)


def _kept(stamp: Stamp, digests: FileDigests, stamp_file: Path, out_dir: Path) -> BuildResult:
    """The result of a skipped build: the last build's zips and warnings."""
    if any(record[:5] != list(digests.tree[rel]) for rel, record in stamp.files.items()):
        write_stamp(stamp_file, replace(stamp, files=digests.all()))  # touched, not changed
    diagnostics = [Diagnostic(Location(d["path"], d["line"], d["col"]), d["severity"],
                              d["message"]) for d in stamp.diagnostics]
    written = [WrittenZip(out_dir / o.name, o.size, o.sha256, o.entries) for o in stamp.outputs]
    return BuildResult(course=None, diagnostics=diagnostics,
                       summary=CourseSummary(**stamp.course), written=written, up_to_date=True)


def prepare_packages(packages: Dict[str, Tuple[pkg.Entry, ...]],
                     crc_of: Callable[[Path], int] = file_crc,
                     deflate_with: Optional[Deflater] = None) -> Dict[str, List[Member]]:
    """Prepare every distinct entry once: a page both editions hold is deflated once."""
    done: Dict[int, Member] = {}
    out: Dict[str, List[Member]] = {}
    for key, entries in packages.items():
        for entry in entries:
            if id(entry) not in done:
                done[id(entry)] = prepare(entry, crc_of, deflate_with)
        out[key] = [done[id(entry)] for entry in entries]
    return out


def zip_name(course: Course, edition: Edition) -> str:
    version = "".join(c if c.isalnum() or c in ".-_" else "-" for c in course.info.version)
    return f"{course.id}-{version}-{edition.key}.zip"


def _shared_entries(course: Course, pages: Iterable[Tuple[str, Page]],
                    packer: Optional[Packer] = None) -> List[pkg.Entry]:
    """What every edition's package holds: pages, static files and media.

    With a packer each page is prepared for the zip as it is rendered and its text dropped:
    memory holds the deflated pages, not the text too. A page from the page cache comes
    deflated already and stays so (a preview inflates the pages it serves: package.contents).
    """
    from scormbuild.render.pages import static_files

    pack = packer or (lambda entry: entry)
    found = [pack(pkg.text_entry(path, page) if isinstance(page, str)
                  else pkg.Entry(path=path, packed=page.member(path)))
             for path, page in pages]
    found += [pkg.Entry(path=path, source=src) for path, src in static_files().items()]
    found += [pkg.Entry(path=m.package_path, source=m.source) for m in course.media]
    return found


def package_entries(course: Course, edition: Edition, shared: Sequence[pkg.Entry],
                    schemas: Optional[Path], digits: Optional[int] = None
                    ) -> Tuple[pkg.Entry, ...]:
    """The complete, sorted content of one edition's package, manifest included; digits: the
    fewest integer digits a target LMS takes in a typed number (lms.profiles.number_digits)."""
    from scormbuild.package.manifest_writer import render_manifest
    from scormbuild.render.pages import adapter_file
    from scormbuild.render.suspend_budget import check as check_suspend_budget

    check_suspend_budget(course, edition.suspend_data_limit, edition.label)
    content = list(shared)
    content.append(pkg.Entry(path="runtime/adapter.js",
                             data=adapter_script(edition, adapter_file, digits)))
    control = [pkg.MANIFEST] + (list(edition.schema_files) if schemas is not None else [])
    _refuse_clashes(course, content, control)
    listed = pkg.collect(content)
    manifest = render_manifest(course, edition, pkg.listed_paths(listed))
    extra = [pkg.Entry(path=pkg.MANIFEST, data=manifest.encode("utf-8"), listed=False)]
    if schemas is not None:
        from scormbuild.xsd import edition_folder  # lxml: only when XSDs are copied

        folder = edition_folder(schemas, edition)
        extra += [pkg.Entry(path=name, source=folder / name, listed=False)
                  for name in edition.schema_files]
    return pkg.collect(list(listed) + extra)


def adapter_script(edition: Edition, adapter_file: Callable[[str], Path],
                   digits: Optional[int] = None) -> bytes:
    """The edition family's adapter with this edition's string limits (SPMs) appended.

    The 2004 adapter serves 3rd and 4th Edition alike, whose suspend_data SPMs differ (4000 and
    64000 characters): the limits come from the one edition description, not from the script.
    digits: a target LMS takes typed numbers of at most that many integer digits (Moodle's 2004
    player: 5), so the runtime asks the learner for one it takes.
    """
    limits = (f"\nScormBuild.adapter.suspendDataLimit = {edition.suspend_data_limit};"
              f"\nScormBuild.adapter.locationLimit = {edition.location_limit};\n")
    if digits is not None:
        limits += f"ScormBuild.adapter.numberDigits = {digits};\n"
    return adapter_file(edition.adapter_script).read_bytes() + limits.encode("ascii")


def _refuse_clashes(course: Course, content: Sequence[pkg.Entry], control: List[str]) -> None:
    """Report every course file packaged at one of scormbuild's own paths or under another case.

    pkg.collect refuses such clashes too, but only as a build error; here each one becomes a
    diagnostic at the file's first use in the course.
    """
    sources = {m.source for m in course.media}
    taken: Dict[str, Union[str, MediaFile]] = {
        path.lower(): path for path in control}
    taken.update((e.path.lower(), e.path) for e in content if e.source not in sources)
    diagnostics = Diagnostics()
    for media in course.media:
        other = taken.setdefault(media.package_path.lower(), media)
        if other is not media:
            diagnostics.error(media.used_at or Location(media.package_path),
                              _clash_message(media, other))
    diagnostics.raise_if_failed()


def _clash_message(media: MediaFile, other: Union[str, MediaFile]) -> str:
    if not isinstance(other, str):  # a MediaFile (imported for type checking only)
        used = f" (used at {other.used_at})" if other.used_at else ""
        whose, path = f"the course file {other.package_path}{used}", other.package_path
    else:
        whose, path = f"scormbuild's own {other}", other
    if path == media.package_path:
        return f"'{media.package_path}' would be packaged where {whose} goes: rename or move it"
    return (f"'{media.package_path}' differs only in case from {whose}: rename or move it "
            "(LMS servers that ignore case keep only one of the two)")


def _ticker(progress: Optional[Progress], label: str, total: int
            ) -> Optional[Callable[[Member], None]]:
    if progress is None:
        return None
    state = {"done": 0}

    def tick(_member: Member) -> None:
        state["done"] += 1
        progress(label, state["done"], total)
    return tick
