"""What is particular to each language, one module per language, and the registry that serves it.

As spaCy's ``lang/`` folders: the recogniser, the tagger and the knowledge
base are language-independent and ask :func:`get` what a language does (its
affixes and clitics, which other languages' names it borrows, which tagger
serves it and how far the model is trusted, how it capitalises, its compound
verbs).  Families share modules (:mod:`.turkic`, :mod:`.slavic`,
:mod:`.arabic_script`).  A new language is one module here declaring
``LANGUAGE`` (plus its titles and stopwords in ``data/lexicon``), listed in
``_MODULES``.

:func:`variants`, the candidate base forms of an inflected word that every
dictionary lookup uses, lives here too.
"""

from __future__ import annotations

import importlib
from functools import lru_cache

from . import slavic, turkic
from .base import Language
from .inflection import script_of

_MODULES = ("ar", "az", "ba", "en", "fa", "kk", "ky", "ru", "tr", "tt", "uk", "uz")

# Languages with nothing of their own beyond their family's.
_FAMILY = [
    Language("be", script="Cyrl", cyrillic=slavic.cyrillic_stems, borrows=frozenset({"ru"}), capitalises_first_word_only=True),
    *(Language(c, script="Cyrl", cyrillic=slavic.cyrillic_stems) for c in ("bg", "sr", "mk")),
    Language("tg", script="Cyrl", borrows=frozenset({"ru"})),
    *(Language(c, script="Cyrl") for c in ("mn", "cv", "sah")),
    Language("ur", script="Arab", borrows=frozenset({"fa"})),
    *(Language(c, script="Arab") for c in ("ps", "ckb", "ug")),
    *(Language(c, latin=turkic.latin_stems) for c in ("tk", "kk-latn")),
]

# Text whose language is not known: any family's endings may be on a word.
UNKNOWN = Language(
    "und",
    cyrillic=lambda w: turkic.cyrillic_stems(w) + slavic.oblique_stems(w),
    latin=turkic.latin_stems,
)


@lru_cache(maxsize=1)
def registry() -> dict[str, Language]:
    out = {lang.code: lang for lang in _FAMILY}
    for name in _MODULES:
        lang = importlib.import_module(f"{__name__}.{name}").LANGUAGE
        out[lang.code] = lang
    return out


@lru_cache(maxsize=256)
def get(code: str | None) -> Language:
    """What ``code`` does; a language without a module behaves as :class:`Language` defaults say."""
    if code is None:
        return UNKNOWN
    return registry().get(code) or Language(code)


def codes_in_script(script: str) -> frozenset[str]:
    return frozenset(c for c, lang in registry().items() if lang.script == script)


@lru_cache(maxsize=300_000)
def variants(word: str, lang: str | None) -> tuple[str, ...]:
    """``word`` (already folded) and its plausible base forms, longest first."""
    forms = [word]
    # A hyphen or apostrophe before an ending is how Kazakh, Turkish and
    # Uzbek attach case to acronyms and foreign names: "ҰҚШҰ-ға", "Türkiye'de".
    for sep in ("-", "'", "’", "ʼ"):
        if sep in word:
            head = word.rsplit(sep, 1)[0]
            if len(head) >= 2:
                forms.append(head)
    language = get(lang)
    script = script_of(word)
    if script == "Cyrl":
        forms += language.cyrillic(word)
    elif script == "Arab":
        forms += language.arabic(word)
    else:
        forms += language.latin(word)
        if word.endswith("'s") or word.endswith("’s"):
            forms.append(word[:-2])
    return tuple(dict.fromkeys(forms))
