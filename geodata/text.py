"""Text normalisation shared by the commune search and its index column."""

import re
import unicodedata

ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae"})


def normalize_name(text):
    """'Saint-Étienne', 'st etienne' and 'SAINT ETIENNE' all give 'saint etienne'."""
    text = unicodedata.normalize("NFKD", text.translate(LIGATURES))
    text = "".join(char for char in text if not unicodedata.combining(char)).lower()
    words = re.sub(r"[^a-z0-9]+", " ", text).split()
    return " ".join(ABBREVIATIONS.get(word, word) for word in words)
