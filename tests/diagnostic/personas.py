"""Answer sets for the tests: a common path and small builders around it."""

from diagnostic.questionnaire import SKILL_ITEMS

# The most common path: every screen is shown (device, internet, all six skills).
COMMON = {
    "appareil": "smartphone",
    "internet": "oui_maison",
    "email": "oui_seul",
    "allumer": "seul",
    "chercher": "seul",
    "message": "peu_aide",
    "document": "guide",
    "securite": "ne_sait_pas",
    "probleme": "guide",
    "demarches": "parfois_aide",
    "identifiants": "connus",
    "urgence": "non",
    "envie": "oui_maintenant",
    "entourage": "pas_toujours",
}

# No device: the six skill screens are skipped.
NO_DEVICE = {key: value for key, value in COMMON.items() if key not in SKILL_ITEMS} | {
    "appareil": "aucun",
    "internet": "jamais",
    "email": "non",
}


def answers(base=COMMON, **changes):
    """`base` with some answers changed; None removes an answer."""
    result = dict(base)
    for key, value in changes.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = value
    return result


def with_skills(*codes, base=COMMON, **changes):
    """`base` with the six skill items answered `codes`, in questionnaire order."""
    assert len(codes) == len(SKILL_ITEMS)
    return answers(base, **dict(zip(SKILL_ITEMS, codes, strict=True)), **changes)


def with_acquired(gate, others, base=COMMON, **changes):
    """Skill answers with the gate item acquired or not and `others` of the five other items
    acquired ("peu_aide", the threshold) and the rest not ("guide", just below)."""
    rest = ["peu_aide"] * others + ["guide"] * (5 - others)
    return with_skills("peu_aide" if gate else "guide", *rest, base=base, **changes)
