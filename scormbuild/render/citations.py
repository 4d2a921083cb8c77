"""References written in one citation style: Vancouver, as the NLM's *Citing Medicine* gives it.

Authors write the parts of a reference (authors, title, journal or publisher, year, details);
the punctuation between them is the style's, so a missing or doubled full stop in the source
never reaches the learner:

    Journal:  Authors. Title. Journal. Year;Volume(Issue):Pages. doi: DOI. PMID: N.
    Other:    Authors. Title [Internet]. Publisher; Year. Details. Available from: URL
"""

from __future__ import annotations

from typing import List

from markupsafe import Markup, escape

from scormbuild.source_format import Reference

_END = (".", "?", "!")


def _element(text: str) -> str:
    """One element of a reference without its closing full stop ('?' and '!' stay)."""
    text = text.strip()
    while text.endswith(".") and not text.endswith("et al."):
        text = text[:-1].rstrip()
    return text


def _sentence(text: str) -> Markup:
    """Close an element with a full stop unless it already ends a sentence."""
    text = text.strip()
    return escape(text if text.endswith(_END) else text + ".")


def _link(href: str, text: str) -> Markup:
    return Markup('<a href="{0}" target="_blank" rel="noopener noreferrer" class="external">{1}</a>'
                  ).format(href, text)


def _source(ref: Reference) -> Markup:
    """Where the work appeared: 'Journal. Year;details.' or 'Publisher; Year. Details.'"""
    year = str(ref.year) if ref.year else "[date unknown]"
    if ref.journal:
        issue = f"{year};{_element(ref.details)}" if ref.details else year
        return _sentence(_element(ref.journal)) + " " + _sentence(issue)
    parts: List[Markup] = []
    where = f"{_element(ref.publisher)}; {year}" if ref.publisher else year
    parts.append(_sentence(where))
    if ref.details:
        parts.append(_sentence(ref.details))
    return Markup(" ").join(parts)


def format_reference(ref: Reference) -> Markup:
    """One reference as learners read it, in the Vancouver style, with its links."""
    parts: List[Markup] = []
    if ref.authors:
        parts.append(_sentence(_element(ref.authors)))
    internet = " [Internet]" if ref.url and not ref.journal else ""
    title = _element(ref.title)
    parts.append(_sentence(title + internet) if not internet else escape(title + internet) + ".")
    parts.append(_source(ref))
    if ref.doi:
        parts.append(Markup("doi: {0}.").format(_link(f"https://doi.org/{ref.doi}", ref.doi)))
    if ref.pmid:
        parts.append(Markup("PMID: {0}.").format(
            _link(f"https://pubmed.ncbi.nlm.nih.gov/{ref.pmid}/", ref.pmid)))
    if ref.url:
        parts.append(Markup("Available from: {0}").format(_link(ref.url, ref.url)))
    return Markup(" ").join(parts)
