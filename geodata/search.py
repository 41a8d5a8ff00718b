"""Commune search: by name (accent, case and hyphen insensitive), postal code or INSEE code."""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import TrigramSimilarity, TrigramWordSimilarity
from django.db.models import Case, F, IntegerField, Q, When
from django.db.models.functions import Greatest

from .models import Commune
from .text import normalize_name

CODE_RE = re.compile(r"^(\d{5}|2[AB]\d{3})$", re.IGNORECASE)
MAX_QUERY_LENGTH = 100
DEFAULT_LIMIT = 10
MAX_LIMIT = 50


class InvalidQuery(ValueError):
    """The search text cannot be used; the message says why, in French."""


@dataclass(frozen=True)
class CommuneQuery:
    code: str | None = None
    name: str | None = None


def parse_query(text):
    """Tell a postal or INSEE code from a name; raise InvalidQuery with a message otherwise."""
    text = (text or "").strip()
    if not text:
        raise InvalidQuery("Indiquez un nom de commune, un code postal ou un code INSEE.")
    if len(text) > MAX_QUERY_LENGTH:
        raise InvalidQuery(f"La recherche dépasse {MAX_QUERY_LENGTH} caractères.")
    compact = text.replace(" ", "")
    if CODE_RE.match(compact):
        return CommuneQuery(code=compact.upper())
    if compact.isdigit():
        raise InvalidQuery("Un code postal ou un code INSEE compte 5 caractères.")
    name = normalize_name(text)
    if len(name.replace(" ", "")) < 2:
        raise InvalidQuery("Indiquez au moins deux lettres du nom de la commune.")
    return CommuneQuery(name=name)


def search_communes(text, limit=DEFAULT_LIMIT):
    """Best match first: exact, then prefix, then fuzzy; ties by population."""
    query = parse_query(text)
    communes = Commune.objects.all()
    if query.code:
        code = query.code
        return list(
            communes.filter(
                Q(code_insee=code)
                | Q(codes_postaux__contains=[code])
                | Q(codes_rattaches__contains=[code])
            )
            .annotate(
                rank=Case(When(code_insee=code, then=0), default=1, output_field=IntegerField())
            )
            .order_by("rank", F("population").desc(nulls_last=True), "nom")[:limit]
        )
    name = query.name
    # Exact and prefix matches come from a btree range scan; the costlier trigram search only
    # runs when they do not fill the list (misspellings, a word from the middle of a name).
    found = list(
        communes.filter(nom_recherche__startswith=name)
        .annotate(
            rank=Case(When(nom_recherche=name, then=0), default=1, output_field=IntegerField())
        )
        .order_by("rank", F("population").desc(nulls_last=True), "nom")[:limit]
    )
    if len(found) == limit:
        return found
    fuzzy = (
        communes.filter(
            Q(nom_recherche__trigram_similar=name) | Q(nom_recherche__trigram_word_similar=name)
        )
        .exclude(nom_recherche__startswith=name)
        .annotate(
            similarity=Greatest(
                TrigramSimilarity("nom_recherche", name),
                TrigramWordSimilarity(name, "nom_recherche"),
            )
        )
        .order_by("-similarity", F("population").desc(nulls_last=True), "nom")
    )
    return found + list(fuzzy[: limit - len(found)])
