"""Load a course folder into the model, checking everything and reporting all problems."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import (Any, Callable, Dict, Generic, Hashable, Iterable, Iterator, List, Optional,
                    Protocol, Sequence, Set, Tuple, Type, TypeVar)

from pydantic import BaseModel, TypeAdapter, ValidationError

from scormbuild.errors import (CourseError, Diagnostic, Diagnostics, Location, MEGABYTE,
                               megabytes)
from scormbuild.load import plain_text, quiz_loader
from scormbuild.load.files import CourseFolder
from scormbuild.load.limits import LESSON_SIZE, MANIFEST_TITLE_SPM, VERSION_BYTES
from scormbuild.load.markdown_source import (PAGE_IDS, InlineMarkdown, LinkContext, Markdown,
                                             only_comments, render_inline,
                                             render_lesson, render_markdown, split_front_matter)
from scormbuild.load.schema import validate
from scormbuild.load.theme import load_theme
from scormbuild.load.text_lines import source_lines
from scormbuild.load import yaml_record
from scormbuild.load.yaml_source import YamlSource, parse_yaml
from scormbuild.model import Course, Lesson, MediaFile, Module, Quiz, pack_text, unpack_text
from scormbuild.resources import OVERRIDE_FOLDER
from scormbuild.source_format import (CourseFile, GlossaryEntry, LessonFront, ModuleFile,
                                        QuizFile, Reference)

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")
# Notes for authors at the top of the course folder (a review log, change notes): never packaged.
AUTHOR_NOTES = frozenset({"README.md", "REVIEW.md", "CHANGELOG.md"})
RESERVED_PAGES = {"start", "references", "glossary", "results", "completion", "index"}
FILE_MODELS: Tuple[Type[BaseModel], ...] = (CourseFile, ModuleFile, QuizFile)
# every model a YAML text of the course is read into: their prose keys (plain_text.prose_keys)
TEXT_MODELS: Tuple[Type[BaseModel], ...] = FILE_MODELS + (Reference, GlossaryEntry, LessonFront)
# dates that cannot come before dates.created (a literature cut-off may)
AFTER_CREATED = ("released", "updated", "review", "expires")


@dataclass(frozen=True)
class Listed(Generic[M]):
    """An entry of a YAML list (references, glossary) that validated, and where it stands."""

    value: M
    source: YamlSource
    index: int

    @property
    def where(self) -> Location:
        return self.source.locate((self.index,))

    def at(self, field: str) -> Location:
        """Where one of the entry's fields has its value."""
        return self.source.locate((self.index, field))


@dataclass
class _LessonDraft:
    """A lesson read but not yet rendered: every lesson is read (its page id is needed for
    links) before the first is rendered, so its Markdown waits compressed (docs/performance.md,
    "Memory")."""

    path: Path
    module: ModuleFile
    front: LessonFront
    body_packed: bytes  # the Markdown after the front matter, UTF-8, zlib level 1
    offset: int
    page_id: str
    where: Location
    title_at: Location

    @property
    def body(self) -> str:
        return unpack_text(self.body_packed)


START_PAGE = "start.html"  # the page course.yaml's texts are shown on (render/plan.py)


class CourseLoader:
    """One loading run: holds the diagnostics and what has been read so far."""

    def __init__(self, root: Path, label: str, store: Optional[LoadStore] = None,
                 exclude: Sequence[Path] = ()):
        self.folder = CourseFolder(root.resolve(), label, tuple(p.resolve() for p in exclude))
        self.markdown: Markdown = store.render_lesson if store is not None else render_lesson
        self.texts: InlineMarkdown = store.render_inline if store is not None else render_inline
        self.store = store  # lesson front matter and YAML files already read (a cache)
        self.diagnostics = Diagnostics()
        self.used: Set[Path] = set()
        self.lesson_pages: Dict[Path, str] = {}  # lesson source -> page file, once all are read
        self.reference_ids: Set[str] = set()
        self.reference_numbers: Dict[str, int] = {}  # by first citation, in learner order
        self.language = "en"
        self.literature_cutoff = ""
        self.objectives_known = True   # False once a file that defines objectives failed
        self.references_known = True   # False when the reference list failed to load
        self.uncertain_folders: Set[Path] = set()  # may hold lessons nobody could list
        self.cited: Set[str] = set()
        self.reference_locations: Dict[str, Location] = {}
        self.question_ids: List[Tuple[str, Location]] = []
        self.listed_lessons: Dict[Path, Location] = {}  # each lesson's first listing
        self.quiz_uses: Dict[Path, Location] = {}  # each quiz file's first use
        self.misnamed: Set[str] = set()  # expected file names found only as a near name
        self.page_ids: List[Tuple[str, Location]] = []
        self.invalid_ids: Set[str] = set()  # entries already reported: no cascade of errors
        self.resolved = self.folder.real  # one path resolver for the run
        self.media_at: Dict[Path, Location] = {}  # each referenced file's first use
        self.anchors: Dict[str, Tuple[str, Set[str]]] = {}  # page -> (source, heading ids)
        # links to a heading: (page the text is on, or None; target page or ""; anchor; where)
        self.fragment_links: List[Tuple[Optional[str], str, str, Location]] = []

    # -- reading ---------------------------------------------------------------------------
    def read_yaml(self, path: Path) -> Optional[YamlSource]:
        """Read and parse a YAML file; with a store, a file read before without a problem
        comes back from it as it was parsed (load.yaml_record), marks and all."""
        self.used.add(path)
        text = self.folder.read_text(path, self.diagnostics)
        if text is None:
            return None
        display = self.folder.display(path)
        if self.store is not None:
            record = self.store.yaml_record(display, text)
            if record is not None:
                known = yaml_record.decode(record)
                if known is not None and known.path == display and known.line_offset == 0:
                    return known
                self.store.yaml_spoiled()
        problems = len(self.diagnostics.items)
        source = parse_yaml(text, display, self.diagnostics,
                            prose_keys=plain_text.prose_keys(*TEXT_MODELS))
        if self.store is not None and source is not None \
                and len(self.diagnostics.items) == problems:
            kept = yaml_record.encode(source)
            if kept is not None:
                self.store.keep_yaml_record(display, text, kept)
        return source

    def load_model(self, model: Type[M], path: Path) -> Tuple[Optional[M], Optional[YamlSource]]:
        source = self.read_yaml(path)
        if source is None:
            return None, None
        what = getattr(model, "what", "this file")
        ask = "" if model is CourseFile else ": is the right file named?"
        if not isinstance(source.data, dict):
            shape = "a list" if isinstance(source.data, list) else \
                "empty" if source.data is None else "one text"
            self.diagnostics.error(source.location((1, 1)), f"this file is {shape}, but {what} "
                                                            f"is a set of fields (key: value "
                                                            f"lines){ask}")
            return None, source
        other = _looks_like(model, source.data)
        if other is not None:
            self.diagnostics.error(source.location((1, 1)), f"this file looks like "
                                                            f"{getattr(other, 'what', '')}, "
                                                            f"not {what}{ask}")
            return None, source
        value = validate(model, source, self.diagnostics)
        if value is not None:
            plain_text.check(value, source, self.diagnostics)
        return value, source

    def load_list(self, model: Type[M], path: Path) -> Optional[List[Listed[M]]]:
        """Validate a YAML list of entries; each valid entry comes with where it stands.

        None when the file cannot be read as a list at all (reported).
        """
        source = self.read_yaml(path)
        if source is None:
            return None
        if source.data is None:
            return []
        if not isinstance(source.data, list):
            self.diagnostics.error(source.location((1, 1)), "expected a list of entries")
            return None
        items = [validate(model, source, self.diagnostics, (i,)) for i in range(len(source.data))]
        for i, item in enumerate(items):
            if item is not None:
                plain_text.check(item, source, self.diagnostics, (i,))
        self.invalid_ids.update(str(raw["id"]) for item, raw in zip(items, source.data)
                                if item is None and isinstance(raw, dict) and "id" in raw)
        return [Listed(item, source, i) for i, item in enumerate(items) if item is not None]

    def resolve(self, source: YamlSource, key: Tuple, ref: str, what: str,
                base: Optional[Path] = None, folder_ok: bool = False) -> Optional[Path]:
        base = base or self.folder.root
        return self.folder.resolve(base, ref, source.locate(key), self.diagnostics, what,
                                   folder_ok)

    # -- the course ------------------------------------------------------------------------
    def load(self) -> Course:
        root = self.folder.root
        course_path = root / "course.yaml"
        if not course_path.is_file():
            near = self.folder.near_name(course_path)
            raise CourseError([Diagnostic(Location(self.folder.display(course_path)), "error",
                                          f"no course.yaml here: found '{near.name}'; rename "
                                          "it to 'course.yaml'" if near is not None else
                                          "no course.yaml here: is this a course folder?")])
        self.folder.check_file_count(self.diagnostics)
        self.diagnostics.raise_if_failed()
        info, source = self.load_model(CourseFile, course_path)
        if info is None or source is None:  # reported; still check every other file
            info, source = self._salvage(course_path, source)
        self.language = info.language
        # (course.yaml salvaged after errors may have no valid dates)
        self.literature_cutoff = str(getattr(info.dates, "literature_cutoff", None) or "")
        references = self._load_references(info, source)
        glossary = self._load_glossary(info, source)
        modules = self._load_module_files(info, source)
        objective_ids = self._objective_ids(info, source, modules)
        lessons = self._read_lessons(modules)
        pages = {p: f"{_slug(p.stem)}.html" for p in self.listed_lessons}  # failed to load
        pages.update(self._unlisted_pages())
        pages.update({p: d.page_id + ".html" for p, d in lessons.items()})
        self.lesson_pages = pages  # quiz and course texts link to lessons too
        # Texts are rendered in the order a learner meets them, so that references are
        # numbered by first citation: the start page, then each module's lessons and check.
        course_lines = source_lines(course_path.read_text(encoding="utf-8", errors="replace"))
        start_anchors: List[str] = []  # both texts are on the start page: one set of ids
        how_to_complete = self._render_text(info.how_to_complete or "", course_path, source,
                                            "how_to_complete", course_lines, start_anchors)
        disclaimer = self._render_text(info.disclaimer, course_path, source, "disclaimer",
                                       course_lines, start_anchors)
        self.anchors[START_PAGE] = (source.path, {*start_anchors, *PAGE_IDS})
        built_modules = tuple(self._build_module(m, src, p, lessons, pages, objective_ids)
                              for m, src, p in modules)
        final = self._load_quiz(info.final_assessment, source, ("final_assessment",), "assessment",
                                objective_ids)
        survey = self._load_quiz(info.survey, source, ("survey",), "survey", objective_ids)
        self._check_completion(info, source)
        self._check_dates(info, source)
        self._check_title_length(info, source)
        self._check_page_ids()
        self._check_fragments()
        theme = load_theme(info.theme, source, self.diagnostics,
                           lambda key, ref, what: self._use(self.resolve(source, key, ref, what)),
                           lambda path: path.relative_to(root).as_posix())
        if not self.diagnostics.errors:  # otherwise a file that failed to load looks unused
            self._check_unused_references(references)
            self._warn_unused_files()
        return Course(info=info, modules=built_modules, final_assessment=final, survey=survey,
                      references=self._numbered(references), glossary=tuple(glossary),
                      media=self._collect_media(info), disclaimer_html=disclaimer,
                      how_to_complete_html=how_to_complete, root=root, label=self.folder.label,
                      theme=theme)

    def _salvage(self, path: Path, source: Optional[YamlSource]) -> Tuple[CourseFile, YamlSource]:
        """course.yaml has errors (reported): keep its valid fields, find the modules if need be.

        The result is only used to check the rest of the course: the run fails anyway.
        """
        data = source.data if source is not None and isinstance(source.data, dict) else {}
        values = {name: _valid_field(CourseFile, name, data) for name in CourseFile.model_fields}
        if values["objectives"] is None:
            self.objectives_known = False
        if values["modules"] is None:
            values["modules"] = self._discover_modules()
        placeholders = {"objectives": [], "disclaimer": "", "language": self.language}
        values = {k: placeholders.get(k) if v is None else v for k, v in values.items()}
        return (CourseFile.model_construct(**values),
                source if source is not None else YamlSource(self.folder.display(path), None))

    def _discover_modules(self) -> List[str]:
        """Module folders found on disk, for when course.yaml cannot say which they are."""
        root = self.folder.root
        found = sorted(p.parent for p in root.rglob("module.yaml")
                       if OVERRIDE_FOLDER not in p.relative_to(root).parts[:1])
        return [p.relative_to(root).as_posix() or "." for p in found]

    def _unlisted_pages(self) -> Dict[Path, str]:
        """Markdown files that may be lessons of a module that failed to load.

        Links to them are not reported: the module's own error is the root cause.
        """
        pages: Dict[Path, str] = {}
        for folder in self.uncertain_folders:
            for path in folder.rglob("*.md"):
                pages[self.resolved(path)] = f"{_slug(path.stem)}.html"
        return pages

    def _use(self, path: Optional[Path]) -> Optional[Path]:
        """Package a file that course.yaml names (it is then not reported as unused)."""
        if path is not None:
            self.used.add(path)
        return path

    def _load_references(self, info: CourseFile, source: YamlSource) -> List[Reference]:
        path = self._optional_file(info.references, "references.yaml", source, ("references",))
        if path is None:
            self.references_known = "references.yaml" not in self.misnamed
            return []
        found = self.load_list(Reference, path)
        self.references_known = found is not None and "references.yaml" not in self.misnamed
        located = found or []
        self._check_unique([(entry.value.id, entry.where) for entry in located], "reference id")
        for entry in located:
            if not entry.value.authors and not entry.value.publisher:
                self.diagnostics.warning(entry.where, f"reference '{entry.value.id}' names "
                                                      "neither 'authors' nor a 'publisher'")
        self._check_same_doi(located)
        self.reference_locations = {entry.value.id: entry.where for entry in located}
        refs = [entry.value for entry in located]
        # an entry already reported in references.yaml stays citable: no cascade of errors
        self.reference_ids = {ref.id for ref in refs} | self.invalid_ids
        return refs

    def _numbered(self, refs: List[Reference]) -> Tuple[Reference, ...]:
        """The reference list in citation order; references never cited come last."""
        last = len(self.reference_numbers) + 1
        return tuple(sorted(refs, key=lambda ref: self.reference_numbers.get(ref.id, last)))

    def _check_same_doi(self, refs: List[Listed[Reference]]) -> None:
        """One work under two ids (its DOI twice; DOIs ignore case) is listed, and numbered,
        twice in the reference list."""
        for first, again in _repeats(refs, lambda e: e.value.doi.casefold() if e.value.doi else None):
            if again.value.id != first.value.id:  # the same id twice is an error of its own
                self.diagnostics.warning(
                    again.at("doi"), f"reference '{again.value.id}' has the DOI of reference "
                                     f"'{first.value.id}' ({first.at('doi')}): learners would see "
                                     "one work twice in the reference list, under two numbers; "
                                     "keep one entry and cite its id")

    def _load_glossary(self, info: CourseFile, source: YamlSource) -> List[GlossaryEntry]:
        path = self._optional_file(info.glossary, "glossary.yaml", source, ("glossary",))
        entries = (self.load_list(GlossaryEntry, path) or []) if path else []
        for first, again in _repeats(entries, lambda e: _said(e.value.term)):
            self.diagnostics.error(again.at("term"), f"glossary term '{again.value.term}' is "
                                                     f"already defined at {first.at('term')} "
                                                     f"('{first.value.term}'): learners would "
                                                     "read two definitions of one term; keep one")
        return [entry.value for entry in entries]

    def _optional_file(self, named: Optional[str], default: str, source: YamlSource,
                       key: Tuple) -> Optional[Path]:
        if named is not None:
            return self.resolve(source, key, named, key[0])
        path = self.folder.root / default
        if path.is_file():
            return path
        self._report_near_name(path)
        return None

    def _report_near_name(self, expected: Path) -> None:
        """A file missing under its own name but there under a near one (References.yaml)."""
        near = self.folder.near_name(expected)
        if near is not None:
            self.misnamed.add(expected.name)
            self.used.add(near)
            self.diagnostics.error(Location(self.folder.display(near)),
                                   f"found '{near.name}'; rename it to '{expected.name}' (the "
                                   "only name scormbuild reads)")

    def _load_module_files(self, info: CourseFile, source: YamlSource
                           ) -> List[Tuple[ModuleFile, YamlSource, Path]]:
        found = []
        listed: Dict[Path, Location] = {}
        for i, ref in enumerate(info.modules):
            path = self._module_file(source, i, ref)
            if path is not None and path in listed:
                self.diagnostics.error(source.locate(("modules", i)), f"module '{ref}' is listed "
                                                                      f"twice (first at "
                                                                      f"{listed[path]})")
                continue
            if path is not None:
                listed[path] = source.locate(("modules", i))
            module, module_source = self.load_model(ModuleFile, path) if path else (None, None)
            if path is not None and module is not None and module_source is not None:
                found.append((module, module_source, path))
            else:  # reported; what it would have defined is unknown, not missing
                self.objectives_known = False
                self.uncertain_folders.add(path.parent if path else self.folder.root)
        self.page_ids += [(m.id, src.locate(("id",))) for m, src, _ in found]
        return found

    def _module_file(self, source: YamlSource, i: int, ref: str) -> Optional[Path]:
        path = self.resolve(source, ("modules", i), ref, "module", folder_ok=True)
        if path is None or not path.is_dir():
            return path
        if not (path / "module.yaml").is_file():
            near = self.folder.near_name(path / "module.yaml")
            found = f": found '{near.name}'; rename it to 'module.yaml'" if near else ""
            if near is not None:
                self.used.add(near)
            self.diagnostics.error(source.locate(("modules", i)),
                                   f"module folder '{ref}' has no module.yaml{found}")
            self.uncertain_folders.add(path)
            return None
        return path / "module.yaml"

    def _objective_ids(self, info: CourseFile, source: YamlSource,
                       modules: List[Tuple[ModuleFile, YamlSource, Path]]) -> Optional[Set[str]]:
        pairs = [(o.id, source.locate(("objectives", i, "id"))) for i, o in enumerate(info.objectives)]
        for module, src, _ in modules:
            pairs += [(o.id, src.locate(("objectives", i, "id"))) for i, o in enumerate(module.objectives)]
        self._check_unique(pairs, "objective id")
        return {p[0] for p in pairs} if self.objectives_known else None

    def _check_unique(self, pairs: List[Tuple[str, Location]], what: str) -> None:
        for (_, first), (value, where) in _repeats(pairs, lambda pair: pair[0]):
            self.diagnostics.error(where, f"{what} '{value}' is already used at {first}")

    # -- lessons ---------------------------------------------------------------------------
    def _read_lessons(self, modules: List[Tuple[ModuleFile, YamlSource, Path]]
                      ) -> Dict[Path, _LessonDraft]:
        drafts: Dict[Path, _LessonDraft] = {}
        for module, source, path in modules:
            own: List[_LessonDraft] = []
            for i, ref in enumerate(module.lessons):
                lesson_path = self.resolve(source, ("lessons", i), ref, "lesson", path.parent)
                if lesson_path is None:
                    self.uncertain_folders.add(path.parent)
                    continue
                if lesson_path in self.listed_lessons:
                    self.diagnostics.error(source.locate(("lessons", i)),
                                           f"lesson '{ref}' is listed twice (first at "
                                           f"{self.listed_lessons[lesson_path]})")
                    continue
                self.listed_lessons[lesson_path] = source.locate(("lessons", i))
                draft = self._read_lesson(lesson_path, module)
                if draft is not None:
                    drafts[lesson_path] = draft
                    own.append(draft)
            self._check_lesson_titles(own)
        self.page_ids += [(d.page_id, d.where) for d in drafts.values()]
        return drafts

    def _check_lesson_titles(self, lessons: List[_LessonDraft]) -> None:
        """Lessons of one module are told apart by their titles in the contents (a lesson
        copied as a template keeps the title it was copied with)."""
        for first, again in _repeats(lessons, lambda draft: _said(draft.front.title)):
            self.diagnostics.warning(again.title_at, f"lesson title '{again.front.title}' is also "
                                                     "the title of "
                                                     f"{self.folder.display(first.path)}, in the "
                                                     "same module: learners could not tell the "
                                                     "two apart in the contents; retitle one")

    def _read_lesson(self, path: Path, module: ModuleFile) -> Optional[_LessonDraft]:
        self.used.add(path)
        display = self.folder.display(path)
        text = self.folder.read_text(path, self.diagnostics, LESSON_SIZE)
        if text is None:
            return None
        front_text, body, offset = split_front_matter(text)
        if front_text is None:
            opened = text.lstrip("\ufeff").split("\n", 1)[0].strip() == "---"
            self.diagnostics.error(Location(display, 1, 1), (
                "the front matter opened by '---' on line 1 is never closed: end it with a line "
                "'---' before the lesson text") if opened else (
                "a lesson starts with a front-matter block ('---', title: …, '---')"))
            return None
        known = (self.store.front_matter(display, front_text)
                 if self.store is not None else None)
        front: Optional[LessonFront] = None
        if known is not None:  # validated when it was kept; checked again, it costs little
            try:
                front = LessonFront.model_validate(known["front"])
                where, title_at = Location(*known["where"]), Location(*known["title_at"])
            except (ValidationError, TypeError):  # damaged on disk: read it again
                front = None
                assert self.store is not None
                self.store.front_spoiled()
        if front is None:
            problems = len(self.diagnostics.items)
            source = parse_yaml(front_text, display, self.diagnostics, line_offset=1,
                                prose_keys=plain_text.prose_keys(*TEXT_MODELS))
            if source is None:
                return None
            if not isinstance(source.data, dict):
                self.diagnostics.error(Location(display, 2, 1),
                                       "the front matter must be a mapping (title: …)")
                return None
            front = validate(LessonFront, source, self.diagnostics)
            if front is None:
                return None
            plain_text.check(front, source, self.diagnostics)
            where = source.locate(("id",)) if front.id else Location(display, 1, 1)
            title_at = source.locate(("title",))
            if self.store is not None and len(self.diagnostics.items) == problems:
                self.store.keep_front_matter(display, front_text, front.model_dump(), where,
                                             title_at)
        if not body.strip():
            self.diagnostics.warning(Location(display, offset, 1),
                                     "the lesson has front matter but no text after it: "
                                     "learners would see an empty page")
        elif only_comments(body):
            self.diagnostics.warning(Location(display, offset, 1),
                                     "the lesson's only text is a comment, which is not shown: "
                                     "learners would see an empty page")
        page_id = front.id or f"{module.id}-{_slug(path.stem)}"
        return _LessonDraft(path, module, front, pack_text(body), offset, page_id, where,
                            title_at)

    def _context(self, path: Path, offset: int, lessons: Dict[Path, str]) -> LinkContext:
        return LinkContext(root=self.folder.root, file=path, display=self.folder.display(path),
                           line_offset=offset, lesson_pages=lessons,
                           reference_ids=self.reference_ids,
                           reference_numbers=self.reference_numbers, diagnostics=self.diagnostics,
                           references_known=self.references_known, language=self.language,
                           literature_cutoff=self.literature_cutoff, resolved=self.resolved,
                           media_at=self.media_at,
                           excluded=self.folder.excluded)

    def _render_lesson(self, draft: _LessonDraft, pages: Dict[Path, str]) -> Lesson:
        ctx = self._context(draft.path, draft.offset, pages)
        packed = self.markdown(draft.body, ctx)
        self.used.update(ctx.media)
        self.cited.update(ctx.cited)
        page = draft.page_id + ".html"
        # the lesson's heading ids, and the ids the page templates give
        self.anchors[page] = (ctx.display, {*ctx.anchors, *PAGE_IDS})
        self.fragment_links.extend((page, *link) for link in ctx.fragments)
        return Lesson(id=draft.page_id, title=draft.front.title, minutes=draft.front.minutes,
                      body_packed=packed, cited=tuple(ctx.cited),
                      source=self.folder.display(draft.path))

    def _render_text(self, text: str, path: Path, source: YamlSource, key: str,
                     yaml_lines: List[str], anchors: List[str]) -> str:
        """A Markdown text of course.yaml, shown on the start page."""
        lines, columns = _text_start(yaml_lines, source.locate((key,)))
        ctx = self._context(path, lines, self.lesson_pages)
        ctx.display, ctx.column_offset, ctx.anchors = source.path, columns, anchors
        ctx.heading_floor = ctx.heading_level = 2  # under an h2 of templates/start.html
        html = render_markdown(text, ctx)
        self.used.update(ctx.media)
        self.cited.update(ctx.cited)
        self.fragment_links.extend((START_PAGE, *link) for link in ctx.fragments)
        return html

    # -- modules and quizzes ---------------------------------------------------------------
    def _build_module(self, module: ModuleFile, source: YamlSource, path: Path,
                      drafts: Dict[Path, _LessonDraft], pages: Dict[Path, str],
                      objective_ids: Optional[Set[str]]) -> Module:
        lessons = []
        for ref in module.lessons:
            if "\x00" in ref:
                continue  # reported when the lessons were read; resolve() would raise
            lesson_path = self.resolved(path.parent / ref)
            draft = drafts.get(lesson_path)
            if draft is not None and draft.body_packed:  # listed twice: reported when read
                lessons.append(self._render_lesson(draft, pages))
                draft.body_packed = b""  # rendered: free the Markdown
        check = self._load_quiz(module.knowledge_check, source, ("knowledge_check",),
                                "knowledge-check", objective_ids, path.parent)
        return Module(id=module.id, title=module.title, objectives=tuple(module.objectives),
                      lessons=tuple(lessons), knowledge_check=check)

    def _load_quiz(self, ref: Optional[str], source: YamlSource, key: Tuple, kind: str,
                   objective_ids: Optional[Set[str]], base: Optional[Path] = None) -> Optional[Quiz]:
        if ref is None:
            return None
        path = self.resolve(source, key, ref, key[0].replace("_", " "), base)
        if path is None:
            return None
        if path in self.quiz_uses:
            self.diagnostics.error(source.locate(key), f"quiz '{ref}' is already used at "
                                                       f"{self.quiz_uses[path]}: a quiz file can "
                                                       "be used once")
            return None
        self.quiz_uses[path] = source.locate(key)
        spec, quiz_source = self.load_model(QuizFile, path)
        if spec is None or quiz_source is None:
            return None
        self.page_ids.append((spec.id, quiz_source.locate(("id",))))
        if spec.kind != kind:
            self.diagnostics.error(quiz_source.locate(("kind",)),
                                   f"this quiz is used as the {key[0].replace('_', ' ')}, "
                                   f"so its kind must be '{kind}', not '{spec.kind}'")
        quiz_loader.check_quiz(spec, quiz_source, self.diagnostics, objective_ids,
                               self.reference_ids if self.references_known else None)
        for n, question in enumerate(spec.questions):
            self.cited.update(question.reference)
            self.question_ids.append((question.id, quiz_source.locate(("questions", n, "id"))))

        yaml_lines = source_lines(path.read_text(encoding="utf-8", errors="replace"))

        def render(text: str, at: Tuple) -> str:
            lines, columns = _text_start(yaml_lines, quiz_source.locate(at))
            ctx = self._context(path, lines, self.lesson_pages)
            ctx.display, ctx.column_offset = quiz_source.path, columns
            html = self.texts(text, ctx)
            self.used.update(ctx.media)
            self.cited.update(ctx.cited)
            self.fragment_links.extend((None, *link) for link in ctx.fragments)
            return html

        quiz = quiz_loader.render_quiz(spec, quiz_source.path, render)
        for question in spec.questions:  # shown after the question's texts, so numbered after
            for cited in question.reference:
                if cited in self.reference_ids:
                    self.reference_numbers.setdefault(cited, len(self.reference_numbers) + 1)
        return quiz

    def _check_completion(self, info: CourseFile, source: YamlSource) -> None:
        if info.completion.require_survey and info.survey is None:
            self.diagnostics.error(source.locate(("completion", "require_survey")),
                                   "require_survey is true but the course has no 'survey'")
        given = source.data.get("completion") if isinstance(source.data, dict) else None
        if info.final_assessment is None and isinstance(given, dict):
            for key in ("passing_score", "attempts"):
                if key in given:
                    self.diagnostics.warning(source.locate(("completion", key)),
                                             f"{key} has no effect: the course has no "
                                             "final_assessment")
        score = info.completion.passing_score
        if 0 < score <= 1:  # a fraction typed for a percentage: 0.8 would mean 0.8 %
            self.diagnostics.warning(source.locate(("completion", "passing_score")),
                                     f"passing_score is a percentage (0-100), so {score:g} means "
                                     f"{score:g} %: did you mean {score * 100:g}?")

    def _check_title_length(self, info: CourseFile, source: YamlSource) -> None:
        """The course title is the package's title in the LMS: beyond the SPM it may be cut. The
        version goes into the package file names (limits.VERSION_BYTES)."""
        size = len(str(info.version or "").encode("utf-8"))
        if size > VERSION_BYTES:
            self.diagnostics.error(
                source.locate(("version",)),
                f"the version is {size} bytes long; it goes into the package file names "
                f"(<id>-<version>-<edition>.zip), which file systems limit to 255 bytes: shorten "
                f"it to {VERSION_BYTES} bytes or fewer (a letter of another alphabet takes 2 to 4)")
        length = len(info.title or "")
        if length > MANIFEST_TITLE_SPM:
            self.diagnostics.warning(
                source.locate(("title",)),
                f"the title is {length} characters long; it is the package's title in the LMS "
                f"(imsmanifest.xml <title>), and an LMS need keep only {MANIFEST_TITLE_SPM} (the "
                "smallest permitted maximum of SCORM's content packaging, the same in SCORM 1.2 "
                "and 2004; no LMS documents its own limit): shorten it to "
                f"{MANIFEST_TITLE_SPM} or fewer")

    def _check_dates(self, info: CourseFile, source: YamlSource) -> None:
        """A review, update, release or expiry date before the course was created is a typo."""
        dates = info.dates
        created = getattr(dates, "created", None)
        if not isinstance(created, str):
            return  # course.yaml failed to load: reported
        for name in AFTER_CREATED:
            value = getattr(dates, name, None)
            if isinstance(value, str) and _before(value, created):
                self.diagnostics.error(source.locate(("dates", name)),
                                       f"dates: {name} ({value}) is before created ({created})")

    def _check_page_ids(self) -> None:
        """Modules, lessons and quizzes each become a page: their ids share one namespace.

        Question ids must be unique across the course too (they name LMS interactions).
        """
        for page_id, where in self.page_ids:
            if page_id in RESERVED_PAGES:
                self.diagnostics.error(where, f"id '{page_id}' is reserved for a built-in page")
        self._check_unique(self.page_ids, "page id (module, lesson or quiz)")
        self._check_unique(self.question_ids, "question id")

    def _check_fragments(self) -> None:
        """Every '#anchor' link names a heading of the lesson it points to (markdown_source
        names each heading as GitHub does); a dead anchor would open the page at its top."""
        for own, page, anchor, where in self.fragment_links:
            target = page or own
            if target is None:
                self.diagnostics.error(where, f"'#{anchor}' links to a heading of this text, "
                                              "which has none: link to a lesson's heading "
                                              f"('lesson.md#{anchor}')")
                continue
            if target not in self.anchors:
                continue  # the lesson failed to load: reported
            source, ids = self.anchors[target]
            if anchor in ids:
                continue
            near = difflib.get_close_matches(anchor, sorted(ids), n=1)
            headings = sorted(ids - set(PAGE_IDS))
            hint = (f": did you mean '#{near[0]}'?" if near else
                    f"; its headings' anchors are {', '.join(repr(h) for h in headings[:6])}"
                    f"{' …' if len(headings) > 6 else ''}" if headings else "; it has no headings")
            lesson = "this page" if page == "" else f"'{source}'"
            self.diagnostics.error(where, f"link '#{anchor}': {lesson} has no heading with "
                                          f"that anchor (a heading's text in lower case, "
                                          f"spaces as '-', punctuation dropped){hint}")

    def _check_unused_references(self, refs: List[Reference]) -> None:
        for ref in refs:
            if ref.id not in self.cited:
                self.diagnostics.warning(self.reference_locations[ref.id],
                                         f"reference '{ref.id}' is never cited")

    def _warn_unused_files(self) -> None:
        """Warn about files in the course folder that nothing uses (template overrides aside)."""
        root = self.folder.root
        for path in sorted(root.rglob("*")):
            parts = path.relative_to(root).parts
            if parts[0] == OVERRIDE_FOLDER or parts[-1].startswith(".") or self.folder.ignored(path):
                continue  # template overrides, dot-files, folders never read (course_tree)
            if len(parts) == 1 and parts[0] in AUTHOR_NOTES:
                continue
            if path.is_file() and self.resolved(path) not in self.used:
                self.diagnostics.warning(Location(self.folder.display(path)),
                                         "file is not used by the course (not packaged)")

    def _collect_media(self, info: CourseFile) -> Tuple[MediaFile, ...]:
        """Package every file that a lesson, quiz or course text references."""
        root = self.folder.root
        limit = info.size_warnings.media_file_mb
        media = []
        for path in sorted(self.used):
            if path.suffix.lower() in (".yaml", ".yml", ".md"):
                continue
            rel = path.relative_to(root).as_posix()
            size = path.stat().st_size
            if size > limit * MEGABYTE:
                self.diagnostics.warning(Location(self.folder.display(path)),
                                         f"media file is {megabytes(size)}, above "
                                         f"{limit:g} MB: learners on slow networks wait for it; "
                                         "compress or resize it (limit: size_warnings.media_file_mb "
                                         "in course.yaml)")
            media.append(MediaFile(source=path, package_path=rel, size=size,
                                   used_at=self.media_at.get(path)))
        return tuple(media)


def _valid_field(model: Type[BaseModel], name: str, data: Dict[str, Any]) -> Any:
    """The field's value if it is valid on its own, else its default, else None."""
    field = model.model_fields[name]
    if name in data:
        try:
            return TypeAdapter(field.rebuild_annotation()).validate_python(data[name])
        except ValidationError:
            pass
    return None if field.is_required() else field.get_default(call_default_factory=True)


def _repeats(entries: Iterable[T], key: Callable[[T], Optional[Hashable]]
             ) -> Iterator[Tuple[T, T]]:
    """(first, again) for each entry whose key an earlier entry has (a key of None: none)."""
    first: Dict[Hashable, T] = {}
    for entry in entries:
        value = key(entry)
        if value is None:
            continue
        if value in first:
            yield first[value], entry
        else:
            first[value] = entry


def _said(text: str) -> str:
    """A text as learners tell it from another: case and runs of spaces ignored."""
    return " ".join(text.split()).casefold()


def _before(date: str, other: str) -> bool:
    """Partial ISO dates (2024, 2024-05, 2024-05-01): before only at the precision both have."""
    size = min(len(date), len(other))
    return date[:size] < other[:size]


def _looks_like(model: Type[BaseModel], data: Dict[str, Any]) -> Optional[Type[BaseModel]]:
    """Another kind of course file whose fields are all this file's keys, where some of them
    are not the expected model's (module.yaml named as a quiz)."""
    keys = {str(k) for k in data}
    if keys <= set(model.model_fields):
        return None
    return next((other for other in FILE_MODELS
                 if other is not model and keys <= set(other.model_fields)), None)


def _slug(stem: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
    return slug or "lesson"


class LoadStore(Protocol):
    """What a loading run can take from a cache instead of doing the work again: rendered
    lessons and quiz texts, lesson front matter that validated, and YAML files that parsed
    without a problem (scormbuild.cache.BuildCache.loading gives one for a file listing)."""

    def render_lesson(self, text: str, ctx: LinkContext) -> bytes: ...

    def render_inline(self, text: str, ctx: LinkContext) -> str: ...

    def front_matter(self, display: str, text: str) -> Optional[Dict[str, Any]]: ...

    def keep_front_matter(self, display: str, text: str, front: Dict[str, Any],
                          where: Location, title_at: Location) -> None: ...

    def front_spoiled(self) -> None: ...

    def yaml_record(self, display: str, text: str) -> Optional[bytes]: ...

    def keep_yaml_record(self, display: str, text: str, record: bytes) -> None: ...

    def yaml_spoiled(self) -> None: ...


def load_course(path: Path, label: Optional[str] = None, strict: bool = False,
                store: Optional[LoadStore] = None,
                exclude: Sequence[Path] = ()) -> Tuple[Course, Diagnostics]:
    """Load and check a course; raise CourseError listing every problem if any is an error.

    Each lesson's Markdown is rendered to packed HTML (render_lesson) and each inline text of
    a quiz to HTML (render_inline), unless `store`, a cache, has them; the build passes one.
    """
    loader = CourseLoader(Path(path), label if label is not None else str(path), store, exclude)
    course = loader.load()
    loader.diagnostics.raise_if_failed(strict)
    return course, loader.diagnostics


def _text_start(yaml_lines: List[str], where: Location) -> Tuple[int, int]:
    """Lines and columns before the first character of a YAML scalar's text (after a quote,
    or on the line below a | or > block indicator), so diagnostics in the text point into YAML."""
    line, col = (where.line or 1) - 1, (where.col or 1) - 1
    here = yaml_lines[line] if line < len(yaml_lines) else ""
    indicator = here[col:col + 1]
    if indicator in ("|", ">"):
        below = yaml_lines[line + 1] if line + 1 < len(yaml_lines) else ""
        return line + 1, len(below) - len(below.lstrip())
    return line, col + (1 if indicator in ("'", '"') else 0)
