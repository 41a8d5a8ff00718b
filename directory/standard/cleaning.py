"""Cleaning and repairing single values, one function per kind of field.

Each function returns the clean value and writes what it changed, or set aside, to `notes`.
A value that cannot be made valid is left empty and kept in notes.unknown_values.
"""

import datetime
import html
import json
import math
import re
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache

from .outcome import Notes
from .record import PIVOT_PLACEHOLDER, RESUME_MAX_LENGTH
from .vocabulary import normalize_key

# --- Text ----------------------------------------------------------------------------------

# UTF-8 read as Windows-1252 ("Ã©" for "é", "â€™" for "’"): fixed by encoding back.
MOJIBAKE = re.compile("[ÃÂâ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u2013-\u2122]")
# json.dumps(value, ensure_ascii=False), without building an encoder on every call.
to_json = json.JSONEncoder(ensure_ascii=False).encode
HTML_ENTITY = re.compile(r"&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);")
BLANK_LINES = re.compile(r"\n{3,}")


def as_text(value) -> str:
    """Any JSON or CSV value as text ("" for null)."""
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dict | list):
        return to_json(value)
    return str(value)


# Values meaning "nothing" (compared without case, accents or punctuation).
PLACEHOLDERS = {
    "nc",
    "n c",
    "na",
    "n a",
    "neant",
    "null",
    "none",
    "aucun",
    "aucune",
    "non renseigne",
}
DIGIT = re.compile(r"[0-9]")  # kept by normalize_key, and in no placeholder


def is_blank(value) -> bool:
    """Empty, or a placeholder meaning empty: "-", "/", "N/A", "néant", "null"."""
    if value is None:
        return True
    if not isinstance(value, str):
        if isinstance(value, dict | list):
            return not value
        if isinstance(value, int | float):  # numbers (and booleans) are values
            return False
    text = str(value).strip()
    if not text.strip("-–—/.?_* "):
        return True
    return len(text) < 16 and not DIGIT.search(text) and normalize_key(text) in PLACEHOLDERS


def fix_mojibake(text: str) -> str:
    if text.isascii() or not MOJIBAKE.search(text):
        return text
    try:
        return text.encode("cp1252").decode("utf-8")
    except UnicodeError:
        return text


def clean_text(field_name: str, value, notes: Notes, *, multiline: bool = False) -> str:
    raw = as_text(value)
    if not raw:
        return ""
    text = fix_mojibake(raw)
    if text != raw:
        notes.repair(field_name, "encodage corrigé", f"{raw} → {text}")
    if "&" in text and HTML_ENTITY.search(text):  # "ao&ucirc;t" copied from a web page
        text = html.unescape(text)
        notes.repair(field_name, "entités HTML décodées")
    if multiline:
        text = text.replace("\r\n", "\n")
        lines = [" ".join(line.split()) for line in text.split("\n")]
        cleaned = BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
    else:
        cleaned = " ".join(text.split())
    if cleaned != text:
        notes.repair(field_name, "espaces superflus retirés")
    return cleaned


def truncate_resume(resume: str, detail: str, notes: Notes) -> tuple[str, str]:
    """The schema caps presentation_resume at 280 characters: cut at a word, and keep the
    whole text in presentation_detail (empty, or not already containing it)."""
    if len(resume) <= RESUME_MAX_LENGTH:
        return resume, detail
    cut = resume[: RESUME_MAX_LENGTH - 1]
    if " " in cut:
        cut = cut[: cut.rfind(" ")]
    short = cut.rstrip(" ,;:.-–") + "…"
    if not detail:
        detail = resume
        where = "texte entier dans presentation_detail"
    elif resume not in detail:
        detail = f"{resume}\n\n{detail}"
        where = "texte entier ajouté en tête de presentation_detail"
    else:
        where = "texte entier déjà dans presentation_detail"
    notes.repair("presentation_resume", "tronqué à 280 caractères", where)
    return short, detail


# --- Identifiers ---------------------------------------------------------------------------

PIVOT_PATTERN = re.compile(r"^[a-zA-Z0-9]{9,14}$")
PIVOT_SEPARATORS = re.compile(r"[\s.\-]")
SIRET_IN_TEXT = re.compile(r"(?<!\d)\d{14}(?!\d)")


def clean_pivot(value, notes: Notes) -> str:
    raw = as_text(value).strip()
    if not raw or set(raw) <= {"0"}:
        if raw != PIVOT_PLACEHOLDER:
            notes.repair("pivot", "absent, remplacé par 00000000000000", raw)
        return PIVOT_PLACEHOLDER
    compact = PIVOT_SEPARATORS.sub("", raw)
    if PIVOT_PATTERN.match(compact):
        if compact != raw:
            notes.repair("pivot", "séparateurs retirés", f"{raw} → {compact}")
        return compact
    siret = SIRET_IN_TEXT.search(compact)  # "34106240403159/APE:8790B"
    if siret:
        notes.repair("pivot", "SIRET extrait", f"{raw} → {siret[0]}")
        return siret[0]
    notes.repair("pivot", "invalide, remplacé par 00000000000000", raw)
    notes.unknown("pivot", raw)
    return PIVOT_PLACEHOLDER


# --- Address -------------------------------------------------------------------------------

POSTCODE_IN_TEXT = re.compile(r"(?<!\d)(\d{5})(?!\d)")
POSTCODE_SEPARATORS = re.compile(r"[\s.]")
FIVE_DIGITS = re.compile(r"\d{5}")
FOUR_DIGITS = re.compile(r"\d{4}")
INSEE_PATTERN = re.compile(r"^([013-9]\d|2[AB1-9])\d{3}$")
# Communes whose postcode belongs to a neighbouring département (communes 2026).
POSTCODE_ACROSS_BORDER = {
    ("03", "42"),
    ("04", "05"),
    ("04", "06"),
    ("07", "48"),
    ("15", "43"),
    ("24", "33"),
    ("26", "05"),
    ("39", "01"),
    ("51", "52"),
    ("71", "21"),
    ("74", "01"),
    ("83", "13"),
    ("86", "37"),
    ("91", "94"),
}


def clean_postcode(value, notes: Notes, *, commune: str, adresse: str) -> str:
    """Five digits; a number that lost its leading zero (1000 → 01000) is padded; a missing
    postcode is taken from the commune or address text when it holds exactly one."""
    raw = as_text(value).strip()
    digits = POSTCODE_SEPARATORS.sub("", raw)
    if FIVE_DIGITS.fullmatch(digits):
        if digits != raw:
            notes.repair("code_postal", "espaces retirés", f"{raw} → {digits}")
        return digits
    if FOUR_DIGITS.fullmatch(digits):
        notes.repair("code_postal", "zéro initial rétabli", f"{raw} → 0{digits}")
        return "0" + digits
    if not raw:
        for source, text in (("commune", commune), ("adresse", adresse)):
            found = POSTCODE_IN_TEXT.findall(text)
            if len(found) == 1:
                notes.repair("code_postal", f"repris du champ {source}", found[0])
                return found[0]
    return ""


def clean_insee(value, notes: Notes, *, code_postal: str) -> str:
    raw = as_text(value).strip().upper()
    if not raw:
        return ""
    code = "0" + raw if FOUR_DIGITS.fullmatch(raw) else raw
    if not INSEE_PATTERN.match(code):
        notes.unknown("code_insee", raw)
        return ""
    if code != raw:
        notes.repair("code_insee", "zéro initial rétabli", f"{raw} → {code}")
    if code_postal and not _same_departement(code, code_postal):
        notes.repair(
            "code_insee", "ne correspond pas au code postal, retiré", f"{code} / {code_postal}"
        )
        return ""
    return code


def departement(code: str) -> str:
    """Département of an INSEE code or postcode: "75", "2A", "974"."""
    return code[:3] if code[:2] in ("97", "98") else code[:2]


def _same_departement(code_insee: str, code_postal: str) -> bool:
    insee, postal = departement(code_insee), departement(code_postal)
    if insee in ("2A", "2B"):
        return postal == "20"
    return insee == postal or (insee, postal) in POSTCODE_ACROSS_BORDER


# --- Coordinates -----------------------------------------------------------------------------

# Generous boxes (lat min, lat max, lon min, lon max) of each territory, by postcode prefix.
TERRITORIES = {
    "971": (15.7, 18.2, -63.3, -60.8),  # Guadeloupe, Saint-Barthélemy, Saint-Martin
    "972": (14.3, 15.0, -61.4, -60.7),
    "973": (2.0, 6.0, -55.0, -51.0),
    "974": (-21.5, -20.8, 55.1, 56.0),
    "975": (46.7, 47.2, -56.5, -56.0),
    "976": (-13.1, -12.5, 44.9, 45.4),
    "986": (-14.5, -13.0, -178.5, -176.0),
    "987": (-28.0, -7.0, -155.0, -134.0),
    "988": (-23.0, -19.0, 163.0, 169.0),
}
METROPOLE = (41.2, 51.2, -5.3, 9.7)


def parse_number(value) -> float | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    else:
        try:
            number = float(Decimal(str(value).strip().replace(",", ".")))
        except (ArithmeticError, ValueError):  # "abc", "sNaN"
            return None
    return number if math.isfinite(number) else None


def clean_coordinates(
    latitude, longitude, notes: Notes, *, code_postal: str
) -> tuple[float | None, float | None]:
    """Coordinates inside the territory of the postcode, else none (the importer geocodes
    places without coordinates): out of range, swapped, (0, 0) or elsewhere are dropped."""
    if latitude in (None, "") and longitude in (None, ""):
        return None, None
    lat, lon = parse_number(latitude), parse_number(longitude)
    if lat is None or lon is None:
        what = "illisibles ou incomplètes"
    else:
        box = TERRITORIES.get(code_postal[:3], METROPOLE) if code_postal else None
        if box is None:
            inside = -90 <= lat <= 90 and -180 <= lon <= 180 and (lat, lon) != (0, 0)
            swapped = False
        else:
            inside = _in_box(lat, lon, box)
            swapped = not inside and _in_box(lon, lat, box)
        if inside:
            return lat, lon
        if swapped:
            what = "latitude et longitude inversées"
        elif not (-90 <= lat <= 90 and -180 <= lon <= 180):
            what = "hors limites"
        else:
            what = "hors du territoire du code postal"
    shown = f"{as_text(latitude)}, {as_text(longitude)}"
    notes.repair("coordonnees", f"{what}, retirées", shown)
    return None, None


def _in_box(lat: float, lon: float, box) -> bool:
    return box[0] <= lat <= box[1] and box[2] <= lon <= box[3]


# --- Contact -------------------------------------------------------------------------------

# Prefixes the schema allows, with the national number length used to check them.
PHONE_PREFIXES = {
    "33": 9,
    "590": 9,
    "594": 9,
    "262": 9,
    "596": 9,
    "269": 9,
    "687": 6,
    "689": 8,
    "508": 6,
    "681": 6,
}
# Overseas départements dial their own country code, not +33.
OVERSEAS_NATIONAL = {
    **dict.fromkeys(("0590", "0690", "0691"), "590"),
    **dict.fromkeys(("0594", "0694"), "594"),
    **dict.fromkeys(("0262", "0263", "0692", "0693", "0269", "0639"), "262"),
    **dict.fromkeys(("0596", "0696", "0697"), "596"),
}
# Collectivités whose local numbers have no leading zero: country code by postcode prefix.
LOCAL_NUMBERING = {"975": "508", "986": "681", "987": "689", "988": "687"}
PHONE_SEPARATOR = re.compile(r"\s*(?:/|;|\||,|\bou\b|\bet\b)\s*")
NON_DIGITS = re.compile(r"\D")


def clean_phone(value, notes: Notes, *, code_postal: str) -> str:
    raw = " ".join(as_text(value).split())
    if not raw:
        return ""
    candidates = [part for part in PHONE_SEPARATOR.split(raw) if part]
    for index, candidate in enumerate(candidates):
        phone = international_phone(candidate, code_postal)
        if phone:
            others = [part for i, part in enumerate(candidates) if i != index]
            if others:
                notes.repair("telephone", "un seul numéro gardé", f"{raw} → {phone}")
                for other in others:
                    notes.unknown("telephone", other)
            elif phone != raw:
                notes.repair("telephone", "format international", f"{raw} → {phone}")
            return phone
    notes.unknown("telephone", raw)
    return ""


def international_phone(text: str, code_postal: str = "") -> str | None:
    """'04 74 24 03 08', '0474240308', '+33 (0)4…', '0033…', '474240308' → '+33474240308';
    '0694 02 09 05' → '+594694020905'; a 6-digit New Caledonia number → '+687…'."""
    text = text.replace("(0)", "")
    plus = text.lstrip().startswith("+") or text.lstrip().startswith("00")
    digits = NON_DIGITS.sub("", text)
    if text.lstrip().startswith("00"):
        digits = digits[2:]
    if plus and not (len(digits) == 10 and digits.startswith("0")):  # "+0147…": stray "+"
        for prefix, length in PHONE_PREFIXES.items():
            if digits.startswith(prefix):
                national = digits[len(prefix) :]
                if prefix not in LOCAL_NUMBERING.values():
                    national = national.removeprefix("0")  # "+33 (0)4…", "+330156…"
                return _checked(prefix, national, length)
        return None
    if len(digits) == 10 and digits.startswith("0"):
        prefix = OVERSEAS_NATIONAL.get(digits[:4], "33")
        return _checked(prefix, digits[1:], 9)
    local = LOCAL_NUMBERING.get(code_postal[:3])
    if local and len(digits) == PHONE_PREFIXES[local]:
        return f"+{local}{digits}"
    if len(digits) == 9 and not digits.startswith("0") and not local:
        return f"+33{digits}"  # leading zero lost in a spreadsheet
    for prefix, length in PHONE_PREFIXES.items():  # country code without "+"
        if digits.startswith(prefix) and len(digits) == len(prefix) + length:
            return f"+{digits}"
    return None


def _checked(prefix: str, national: str, length: int) -> str | None:
    if prefix == "33" and len(national) != length:
        return None
    if not 6 <= len(national) <= 9:
        return None
    return f"+{prefix}{national}"


EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
EMAIL_SEPARATOR = re.compile(r"[\s;,|/]+")


def clean_emails(values: Iterable[str], notes: Notes) -> list[str]:
    """Valid addresses of the values (lists separated by spaces, ';', ',', '|' or '/'); a
    value with an invalid part is kept whole in unknown_values ("mdsba@cc montsdupilat.fr")."""
    emails = []
    for value in values:
        invalid = False
        for part in EMAIL_SEPARATOR.split(value):
            email = part.strip().removeprefix("mailto:").strip(".<>()")
            if is_blank(email):  # "a@b.fr - c@d.fr"
                continue
            if not EMAIL.match(email):
                invalid = True
                continue
            if email not in emails:
                emails.append(email)
            if email != part.strip():
                notes.repair("courriels", "adresse nettoyée", f"{part.strip()} → {email}")
        if invalid:
            notes.unknown("courriels", value)
    return emails


URL = re.compile(r"^https?://[^\s/?#]+\.[^\s/?#]{2,}([/?#]\S*)?$", re.I)
BARE_DOMAIN = re.compile(r"^(www\.)?[a-z0-9][a-z0-9.-]*\.[a-z]{2,}(/\S*)?$", re.I)
URL_SEPARATOR = re.compile(r"\s*[;,\s]\s*(?=https?://|www\.)")


def clean_url(field_name: str, value: str, notes: Notes) -> str:
    url = value.strip()
    if not url:
        return ""
    if URL.match(url):
        return url
    if BARE_DOMAIN.match(url):
        fixed = f"https://{url}"
        notes.repair(field_name, "schéma https:// ajouté", f"{url} → {fixed}")
        return fixed
    notes.unknown(field_name, url)
    return ""


def split_urls(text: str) -> list[str]:
    """Several URLs in one value: split on '|', or on ';', ',' or spaces before a new URL."""
    parts = []
    for chunk in text.split("|"):
        parts.extend(URL_SEPARATOR.split(chunk))
    return [part.strip() for part in parts if part.strip()]


# --- Date ----------------------------------------------------------------------------------

# Before this date a date_maj is an export's placeholder (1970-01-01, 1969-12-31), not an update.
OLDEST_PLAUSIBLE_DATE = datetime.date(2000, 1, 1)
ISO_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?$")
FRENCH_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:[T ].*)?$")


def parse_date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return _parse_date_text(as_text(value).strip())


@lru_cache(maxsize=4096)  # many rows were updated on the same days
def _parse_date_text(text: str) -> datetime.date | None:
    match = ISO_DATE.match(text)
    if match:
        year, month, day = match.groups()
    else:
        match = FRENCH_DATE.match(text)
        if not match:
            return None
        day, month, year = match.groups()
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        return None


def clean_date(value, notes: Notes, *, default: datetime.date, default_origin: str):
    """date_maj as a date. A missing, unreadable or placeholder date is replaced by `default`
    (see reading.default_date_maj for where it comes from), with a repair note."""
    raw = as_text(value).strip()
    date = parse_date(value) if raw else None
    if date is not None and date >= OLDEST_PLAUSIBLE_DATE:
        if raw != date.isoformat():
            notes.repair("date_maj", "format ISO", f"{raw} → {date.isoformat()}")
        return date
    if not raw:
        what = "absente"
    elif date is None:
        what = "illisible"
        notes.unknown("date_maj", raw)
    else:
        what = "date par défaut d'un export"
    detail = f"{raw} → {default}" if raw else default.isoformat()
    notes.repair("date_maj", f"{what}, remplacée par la {default_origin}", detail)
    return default
