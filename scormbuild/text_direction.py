"""Which way a course's language is written: the one list of right-to-left languages.

Every page of a course in one of them is laid out right to left (``dir="rtl"`` on its
``<html>``: templates/head.html), so that punctuation, lists and tables run as its readers read.
"""

from __future__ import annotations

# Languages whose usual script runs right to left (CLDR's likely scripts: Arabic, Hebrew, Thaana,
# Syriac, N'Ko), by their BCP 47 language subtag; 'iw' and 'ji' are the old codes of Hebrew and
# Yiddish. Kurdish ('ku') is written in Latin letters unless its tag says otherwise; Central
# Kurdish is 'ckb'.
RIGHT_TO_LEFT_LANGUAGES = frozenset({
    "ar", "arc", "ckb", "dv", "fa", "he", "iw", "ji", "ks", "lrc", "mzn", "nqo", "prs", "ps",
    "sd", "syr", "ug", "ur", "yi",
})
# Scripts that run right to left, by their BCP 47 script subtag, which decides over the
# language's usual one ('pa-Arab', 'az-Arab', 'ku-Arab' right to left; 'ur-Latn' left to right).
RIGHT_TO_LEFT_SCRIPTS = frozenset({
    "adlm", "arab", "hebr", "mand", "nkoo", "rohg", "samr", "syrc", "thaa",
})


def direction(language: str) -> str:
    """'rtl' for a language tag written right to left ('he', 'ar-EG', 'pa-Arab'), else 'ltr'."""
    subtags = language.lower().split("-")
    # the script follows the language, or its extended language ('zh-yue-Hant')
    script = next((s for s in subtags[1:3] if len(s) == 4 and s.isalpha()), None)
    if script is not None:
        return "rtl" if script in RIGHT_TO_LEFT_SCRIPTS else "ltr"
    return "rtl" if subtags[0] in RIGHT_TO_LEFT_LANGUAGES else "ltr"
