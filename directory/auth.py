"""Hub members log in with their e-mail address and password."""

import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

logger = logging.getLogger(__name__)


class EmailBackend(ModelBackend):
    """Finds the account by e-mail, case-insensitively (or, for site admins created with
    `createsuperuser`, by user name). The login form's field is still called `username`
    (Django's and django-axes' convention); it holds the e-mail address."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        email = (username or kwargs.get("email") or "").strip()
        if not email or password is None:
            return None
        User = get_user_model()
        users = list(User.objects.filter(email__iexact=email)[:2]) or list(
            User.objects.filter(username=email)[:1]
        )
        if len(users) != 1:
            if users:
                logger.warning("Plusieurs comptes ont le courriel %s : connexion refusée", email)
            # Same work as a real check, so timing does not tell whether the account exists.
            get_user_model()().set_password(password)
            return None
        user = users[0]
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
