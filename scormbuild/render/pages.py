"""Render the learner pages with Jinja2: once per build, the same bytes for every edition."""

from __future__ import annotations


from pathlib import Path
from typing import TYPE_CHECKING, Callable, Dict, Iterator, List, Optional, Tuple, Union

from jinja2 import (ChoiceLoader, Environment, FileSystemLoader, PrefixLoader, StrictUndefined,
                    TemplateError, TemplateNotFound, TemplateSyntaxError, pass_context,
                    select_autoescape)
from jinja2.runtime import Context
from markupsafe import Markup

from scormbuild import __version__
from scormbuild.dates import format_date
from scormbuild.errors import CourseError, Diagnostic, Location, display_path
from scormbuild.model import Course
from scormbuild.render import plan
from scormbuild.render.browser_support import SUPPORT
from scormbuild.render.citations import format_reference
from scormbuild.render.compiled_templates import CompiledTemplates
from scormbuild.render.theme_css import THEME_CSS, has_theme_css, theme_css
from scormbuild.resources import OVERRIDE_FOLDER, static_dir, templates_dir
from scormbuild.text_direction import direction
from scormbuild.source_format import Reference

if TYPE_CHECKING:
    from scormbuild.cache import BuildCache, PackedPage

# A page: its text, or, from the page cache, its deflated bytes (scormbuild.cache.PackedPage)
Page = Union[str, "PackedPage"]


_COMPILED: Dict[str, bytes] = {}  # for the life of the process


def environment(course_root: Optional[Path] = None,
                store: Optional[BuildCache] = None) -> Environment:
    """Course overrides first, built-ins last; 'builtin/NAME' always reaches the original.

    Compiled templates are kept (render.compiled_templates): in memory for the life of the
    process, in the build cache if there is one, and the built-in ones with the installation."""
    builtin = FileSystemLoader(str(templates_dir()))
    search: List[str] = []
    if course_root is not None and (course_root / OVERRIDE_FOLDER).is_dir():
        search.append(str(course_root / OVERRIDE_FOLDER))
    search.append(str(templates_dir()))
    env = Environment(loader=ChoiceLoader([FileSystemLoader(search),
                                           PrefixLoader({"builtin": builtin})]),
                      autoescape=select_autoescape(["html", "xml", "j2"]),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True,
                      bytecode_cache=CompiledTemplates(_COMPILED, [str(templates_dir())], store),
                      auto_reload=False)  # one build reads each template once: no stat per include
    env.filters["human_date"] = human_date
    env.filters["direction"] = direction
    env.filters["citation"] = _formatted_once()
    env.globals["reference_entry"] = _reference_entries(env)
    return env


def _reference_entries(env: Environment) -> Callable[[Reference], Markup]:
    """`reference.html` (the course's override, else the built-in) rendered once per reference.

    Lessons cite the same references again and again: an `{% include %}` per citation copied the
    whole page context each time (a third of page rendering at 1000 lessons). The template sees
    `ref` and the globals, in lesson pages and on the references page alike.
    """
    done: Dict[int, Tuple[Reference, Markup]] = {}

    def entry(ref: Reference) -> Markup:
        if id(ref) not in done:  # the reference is kept with its text, so its id stays its own
            done[id(ref)] = (ref, Markup(env.get_template("reference.html").render(ref=ref)))
        return done[id(ref)][1]
    return entry


def _formatted_once() -> Callable[[Reference], Markup]:
    """format_reference, each reference formatted once per environment (lessons repeat them)."""
    done: Dict[int, Tuple[Reference, Markup]] = {}

    def citation(ref: Reference) -> Markup:
        if id(ref) not in done:  # the reference is kept with its text, so its id stays its own
            done[id(ref)] = (ref, format_reference(ref))
        return done[id(ref)][1]
    return citation


@pass_context
def human_date(context: Context, value: Optional[str]) -> str:
    """A course date as the course language writes it (scormbuild.dates)."""
    return format_date(value, context["info"].language)


def render_pages(course: Course) -> Dict[str, str]:
    """Every page of the course, keyed by its package path."""
    return {path: page if isinstance(page, str) else page.text()
            for path, page in iter_pages(course)}


def iter_pages(course: Course, store: Optional[BuildCache] = None) -> Iterator[Tuple[str, Page]]:
    """Every page with its package path, one at a time (a build packs each as it comes).

    With a build cache, a page whose template context is unchanged comes from the cache
    instead of being rendered (scormbuild.render.page_keys), deflated as the zips hold it,
    and a page rendered is kept there and yielded the same way (a PackedPage, not its text);
    not for a course with its own templates, which may read anything.
    """
    env = environment(course.root, store)
    pages = plan.sequence(course)
    resources = plan.resource_pages(course)
    common = {"course": course, "info": course.info, "pages": pages, "resources": resources,
              "toc": plan.table_of_contents(pages),
              "generator": f"scormbuild {__version__}", "theme": course.theme,
              "theme_css": has_theme_css(course.theme), "browsers": SUPPORT,
              "reference_numbers": {r.id: n for n, r in enumerate(course.references, 1)},
              "minutes": sum(lesson.minutes or 0 for lesson in course.lessons())}
    render = _renderer(env, common, course, store)
    try:
        yield "index.html", render("shell.html", "index", None, {"root": ""})
        by_id = _page_objects(course)
        # A page's own values follow from the shared ones and its position (page_keys).
        for index, page in enumerate(pages + resources):
            own = {"root": "../", "page": page, "item": by_id.get(page.id),
                   "previous": pages[index - 1] if 0 < index < len(pages) else None,
                   "next": pages[index + 1] if index + 1 < len(pages) else None}
            yield page.href, render(f"{_template_for(page)}.html", str(index), own["item"], own)
    except Exception as exc:
        where = _override_location(exc, course)
        if where is None:
            raise  # no course template involved: a scormbuild bug, worth its traceback
        raise CourseError([Diagnostic(where, "error", _template_message(exc))]) from exc
    yield "runtime/course-data.js", plan.course_data_script(course)
    if has_theme_css(course.theme):
        yield THEME_CSS, theme_css(course.theme)


Render = Callable[[str, str, object, Dict[str, object]], Page]


def _renderer(env: Environment, common: Dict[str, object], course: Course,
              store: Optional[BuildCache]) -> Render:
    """render(template name, position, item, the page's own values) -> the page, from the
    cache when it can (the key: scormbuild.render.page_keys)."""
    def render(name: str, _position: str, _item: object, own: Dict[str, object]) -> str:
        return env.get_template(name).render(common, **own)

    if store is None or (course.root / OVERRIDE_FOLDER).is_dir():
        return render
    from scormbuild.render.page_keys import held_html, shared_digest

    try:
        shared = shared_digest(common)
    except TypeError:  # a value page_keys does not know (tests digest every model): render
        return render

    def cached(name: str, position: str, item: object, own: Dict[str, object]) -> Page:
        key = f"{shared} {name} {position} {held_html(item)}"
        found = store.page(key)
        if found is None:
            found = store.keep_page(key, env.get_template(name).render(common, **own))
        return found
    return cached


def _override_location(exc: BaseException, course: Course) -> Optional[Location]:
    """The course's own template file and line where a rendering error happened, if any.

    Jinja2 rewrites tracebacks so that template code appears as frames of the template file at
    its own line numbers; the innermost frame in the course's templates/ folder is the place.
    """
    folder = (course.root / OVERRIDE_FOLDER).resolve()
    places = [(exc.filename, exc.lineno)] if isinstance(exc, TemplateSyntaxError) else []
    tb = exc.__traceback__
    while tb is not None:
        places.append((tb.tb_frame.f_code.co_filename, tb.tb_lineno))
        tb = tb.tb_next
    found = None
    for filename, line in places:
        path = Path(filename or "").resolve()
        if filename and path.is_relative_to(folder):
            found = Location(display_path(path, course.root, course.label), line)
    return found


def _template_message(exc: BaseException) -> str:
    if isinstance(exc, TemplateNotFound):
        return (f"template error: no template '{exc.name}' in the course's templates/ folder "
                "or among the built-in ones")
    if isinstance(exc, TemplateError):
        return f"template error: {exc.message}"
    return f"template error: {type(exc).__name__}: {exc}"


def _template_for(page: plan.PagePlan) -> str:
    return page.id if page.kind in ("start", "completion", "resource") else page.kind


def _page_objects(course: Course) -> Dict[str, object]:
    found: Dict[str, object] = {}
    for module in course.modules:
        found[module.id] = module
        for lesson in module.lessons:
            found[lesson.id] = lesson
    for quiz in course.quizzes():
        found[quiz.id] = quiz
    return found


def static_files() -> Dict[str, Path]:
    """CSS and runtime scripts copied as they are (adapters are chosen per edition)."""
    root = static_dir()
    return {p.relative_to(root).as_posix(): p for p in sorted(root.rglob("*"))
            if p.is_file() and not p.name.startswith("adapter-")}


def adapter_file(name: str) -> Path:
    return static_dir() / "runtime" / name


