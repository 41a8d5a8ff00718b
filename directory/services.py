"""Operations that change the directory's data (HackSoft style: keyword-only functions)."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse

from .models import Signalement

logger = logging.getLogger(__name__)


def report_recipients(hub):
    """Who reads a report: the hub's contact addresses when the hub has some, else the admins.

    The Hub model has no contact address yet (hub accounts come with the hub issue); a
    `courriels` or `courriel` attribute is used as soon as it exists."""
    addresses = []
    if hub is not None:
        contact = getattr(hub, "courriels", None) or getattr(hub, "courriel", None) or []
        addresses = [contact] if isinstance(contact, str) else list(contact)
    return addresses or [address for _, address in settings.ADMINS]


def signalement_create(*, lieu, categories, message, contact_email="", base_url=""):
    """Record a report on a place for its hub, then tell the hub (or the admins) by e-mail.

    The report is kept even when the e-mail cannot be sent: the hub workspace lists it."""
    signalement = Signalement.objects.create(
        lieu=lieu,
        hub=lieu.hub,
        categories=list(categories),
        message=message.strip(),
        contact_email=contact_email.strip(),
    )
    recipients = report_recipients(lieu.hub)
    if not recipients:
        logger.warning("Signalement %s enregistré, mais personne à prévenir", signalement.pk)
        return signalement
    labels = "\n".join(f"- {label}" for label in signalement.get_categories_display())
    sheet = base_url + reverse("lieu-detail", args=[lieu.pk])
    body = (
        f"Un signalement a été fait sur la fiche « {lieu.nom} » ({lieu.commune}).\n"
        f"{sheet}\n\n"
        f"Ce qui ne va pas :\n{labels or '- (non précisé)'}\n\n"
        f"Message :\n{signalement.message or '(aucun message)'}\n\n"
        f"Courriel de la personne : {signalement.contact_email or '(non donné)'}\n"
        f"Responsable : {lieu.hub.nom if lieu.hub else 'aucun hub : administrateurs'}\n"
    )
    try:
        send_mail(
            "[Aiguillage] Signalement : " + " ".join(lieu.nom.split())[:150],
            body,
            None,  # DEFAULT_FROM_EMAIL
            recipients,
            fail_silently=False,
        )
    except OSError:
        logger.exception("Signalement %s : le courriel n'a pas pu partir", signalement.pk)
    return signalement
