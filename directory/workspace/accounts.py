"""Workspace: logging in and out (by e-mail), password reset, accepting an invitation.

There is no public sign-up: an account is only created by accepting an invitation.
Brute force is handled by django-axes (settings AXES_*): its lockout page is
templates/directory/espace/verrouille.html.
"""

from axes.models import AccessAttempt
from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.shortcuts import redirect, render
from django.urls import path, reverse_lazy
from django.views.decorators.http import require_http_methods

from ..email_limits import RESET_EVERY, may_send
from ..hub_services import (
    HubServiceError,
    InvitationInvalid,
    invitation_accept,
    invitation_expires_at,
    invitation_from_token,
    normalize_email,
    user_create_from_invitation,
)

# Shared desk computers: a session ends 8 hours after logging in at most.
SESSION_MAX_AGE = 8 * 60 * 60
LOGIN_BACKEND = "directory.auth.EmailBackend"


class EmailAuthenticationForm(AuthenticationForm):
    """Django's login form; its `username` field holds the e-mail address."""

    username = forms.EmailField(
        label="Adresse électronique",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    error_messages = {
        # The same message whether the account exists or not.
        "invalid_login": (
            "Adresse électronique ou mot de passe incorrect. Vérifiez-les et réessayez "
            "(attention aux majuscules dans le mot de passe)."
        ),
        "inactive": "Adresse électronique ou mot de passe incorrect.",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["password"].label = "Mot de passe"
        self.fields["username"].error_messages.update(
            {
                "required": "Saisissez votre adresse électronique.",
                "invalid": "Saisissez une adresse électronique valide, par exemple nom@exemple.fr.",
            }
        )
        self.fields["password"].error_messages["required"] = "Saisissez votre mot de passe."

    def clean_username(self):
        # One spelling per account for django-axes too: "Alice@X.fr" and "alice@x.fr" share
        # their failure count instead of giving an attacker 5 tries per spelling.
        return normalize_email(self.cleaned_data["username"])


class LoginView(auth_views.LoginView):
    form_class = EmailAuthenticationForm
    template_name = "directory/espace/connexion.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        self.request.session.set_expiry(SESSION_MAX_AGE)
        return response

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs):
        return super().get_context_data(session_hours=SESSION_MAX_AGE // 3600, **kwargs)


class LogoutView(auth_views.LogoutView):
    """POST only (Django's LogoutView refuses GET)."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.success(request, "Vous êtes déconnecté·e.")
        return response


class EmailPasswordResetForm(PasswordResetForm):
    email = forms.EmailField(
        label="Adresse électronique",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
        error_messages={
            "required": "Saisissez votre adresse électronique.",
            "invalid": "Saisissez une adresse électronique valide, par exemple nom@exemple.fr.",
        },
    )

    def get_users(self, email):
        """Nobody, when a link was sent to this address less than RESET_EVERY ago: the page
        answers the same either way."""
        if not may_send("mot-de-passe", email, every=RESET_EVERY):
            return iter(())
        return super().get_users(email)


class PasswordResetView(auth_views.PasswordResetView):
    """Always answers "sent" (Django's view): it never tells whether an account exists."""

    form_class = EmailPasswordResetForm
    template_name = "directory/espace/mot_de_passe_oublie.html"
    email_template_name = "directory/emails/mot_de_passe.txt"
    subject_template_name = "directory/emails/mot_de_passe_sujet.txt"
    success_url = reverse_lazy("espace-mot-de-passe-envoye")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "directory/espace/mot_de_passe_nouveau.html"
    success_url = reverse_lazy("espace-mot-de-passe-termine")

    def form_valid(self, form):
        response = super().form_valid(form)
        # A new password lifts the lock on the account (not on the network address).
        AccessAttempt.objects.filter(username__iexact=form.user.email).delete()
        AccessAttempt.objects.filter(username__iexact=form.user.get_username()).delete()
        return response


def _invitation_page(request, invitation, *, form=None, status=200, situation):
    context = {
        "invitation": invitation,
        "hub": None,  # no workspace navigation: the person is not a member yet
        "invited_hub": invitation.hub,
        "expires_at": invitation_expires_at(invitation),
        "form": form,
        "situation": situation,
        "login_url": reverse_lazy("espace-connexion"),
    }
    return render(request, "directory/espace/invitation.html", context, status=status)


@require_http_methods(["GET", "POST"])
def invitation(request, token):
    """Accept an invitation.

    - Nobody has an account with the invited e-mail: the person chooses a password, gets an
      account and the membership, and is logged in.
    - An account exists: its owner must be logged in with it, then confirms with a button (a
      POST, so that mail scanners opening the link accept nothing).
    - Logged in with another account: refused, the page says to log out first.
    """
    try:
        invitation = invitation_from_token(token)
    except InvitationInvalid as error:
        status = 400 if error.reason == "invalide" else 410
        return render(
            request,
            "directory/espace/invitation_invalide.html",
            {"reason": error.reason, "message": error.message},
            status=status,
        )

    email = normalize_email(invitation.email)
    user = request.user
    if user.is_authenticated:
        if normalize_email(user.email) != email:
            return _invitation_page(request, invitation, situation="autre_compte", status=403)
        if request.method == "POST":
            return _accept(request, invitation, user)
        return _invitation_page(request, invitation, situation="confirmer")

    if get_user_model().objects.filter(email__iexact=email).exists():
        return _invitation_page(request, invitation, situation="se_connecter")

    new_user = get_user_model()(username=email, email=email)
    if request.method == "POST":
        form = NewAccountPasswordForm(new_user, request.POST)
        if form.is_valid():
            try:
                user, membership = user_create_from_invitation(
                    invitation=invitation, password=form.cleaned_data["new_password1"]
                )
            except InvitationInvalid as error:
                return _invalid(request, error)
            except HubServiceError as error:
                messages.error(request, error.message)
                return redirect("espace-connexion")
            login(request, user, backend=LOGIN_BACKEND)
            request.session.set_expiry(SESSION_MAX_AGE)
            messages.success(
                request,
                f"Bienvenue ! Votre compte est créé et vous êtes membre du hub "
                f"« {membership.hub.nom} ».",
            )
            return redirect("espace-hub", slug=membership.hub.slug)
        return _invitation_page(request, invitation, form=form, situation="nouveau", status=400)
    form = NewAccountPasswordForm(new_user)
    return _invitation_page(request, invitation, form=form, situation="nouveau")


def _invalid(request, error):
    return render(
        request,
        "directory/espace/invitation_invalide.html",
        {"reason": error.reason, "message": error.message},
        status=400 if error.reason == "invalide" else 410,
    )


def _accept(request, invitation, user):
    try:
        membership = invitation_accept(invitation=invitation, user=user)
    except InvitationInvalid as error:
        return _invalid(request, error)
    messages.success(request, f"Vous êtes maintenant membre du hub « {membership.hub.nom} ».")
    return redirect("espace-hub", slug=membership.hub.slug)


class NewAccountPasswordForm(SetPasswordForm):
    """The password of a new account, checked by Django's password validators (the unsaved
    user is given so that a password too close to the e-mail is refused)."""

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.fields["new_password1"].label = "Mot de passe"
        self.fields["new_password2"].label = "Le même mot de passe, une seconde fois"
        for name in ("new_password1", "new_password2"):
            self.fields[name].error_messages["required"] = "Saisissez le mot de passe."


urlpatterns = [
    path("connexion/", LoginView.as_view(), name="espace-connexion"),
    path("deconnexion/", LogoutView.as_view(), name="espace-deconnexion"),
    path("mot-de-passe/", PasswordResetView.as_view(), name="espace-mot-de-passe"),
    path(
        "mot-de-passe/envoye/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="directory/espace/mot_de_passe_envoye.html"
        ),
        name="espace-mot-de-passe-envoye",
    ),
    path(
        "mot-de-passe/termine/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="directory/espace/mot_de_passe_termine.html"
        ),
        name="espace-mot-de-passe-termine",
    ),
    path(
        "mot-de-passe/<uidb64>/<token>/",
        PasswordResetConfirmView.as_view(),
        name="espace-mot-de-passe-nouveau",
    ),
    path("invitation/<str:token>/", invitation, name="espace-invitation"),
]
