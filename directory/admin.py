from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.utils import timezone

from geodata.models import Commune

from .enums import HubRole
from .hub_services import (
    HubServiceError,
    invitation_create,
    invitation_resend,
    signalement_set_status,
)
from .models import (
    Hub,
    HubImport,
    HubToken,
    Invitation,
    Lieu,
    LieuChange,
    Membership,
    Signalement,
)
from .services import lieux_detach


def base_url_of(request):
    return request.build_absolute_uri("/").rstrip("/")


class ReadOnlyAdmin(admin.ModelAdmin):
    """A list to look at: records written by the application (history, imports, keys)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class HubAdminForm(forms.ModelForm):
    """The hub, plus the e-mail of an admin to invite (the same invitation as the workspace)."""

    admin_email = forms.EmailField(
        label="Inviter un administrateur du hub (courriel)",
        required=False,
        max_length=150,
        help_text="Une invitation à devenir administrateur du hub part à cette adresse à "
        "l'enregistrement. Le lien est valable quelques jours.",
    )

    class Meta:
        model = Hub
        fields = ["nom", "slug", "departements", "communes", "courriel", "telephone"]
        help_texts = {
            "departements": "Codes séparés par des virgules, par exemple : 42,69,2A,974. "
            "Sans département ni commune, le hub couvre toute la France.",
            "communes": "Codes INSEE séparés par des virgules, par exemple : 69123,42218.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.fields["admin_email"].label = "Courriel du premier administrateur"

    def clean_departements(self):
        codes = [code.strip().upper() for code in self.cleaned_data["departements"] if code]
        known = set(
            Commune.objects.filter(departement__in=codes).values_list("departement", flat=True)
        )
        unknown = [code for code in codes if code not in known]
        if unknown:
            raise forms.ValidationError(f"Départements inconnus : {', '.join(unknown)}.")
        return sorted(set(codes))

    def clean_communes(self):
        codes = [code.strip().upper() for code in self.cleaned_data["communes"] if code]
        known = set(Commune.objects.filter(code_insee__in=codes).values_list("pk", flat=True))
        unknown = [code for code in codes if code not in known]
        if unknown:
            raise forms.ValidationError(f"Codes INSEE inconnus : {', '.join(unknown)}.")
        return sorted(set(codes))


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["user", "role", "created_at"]
    readonly_fields = ["created_at"]
    raw_id_fields = ["user"]
    verbose_name_plural = "membres"


class InvitationInline(admin.TabularInline):
    """Invitations are made with the field above (so that the e-mail leaves), not here."""

    model = Invitation
    extra = 0
    fields = ["email", "role", "invited_by", "created_at", "accepted_at"]
    readonly_fields = fields
    can_delete = True
    verbose_name_plural = "invitations"

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Hub)
class HubAdmin(admin.ModelAdmin):
    form = HubAdminForm
    list_display = ["nom", "slug", "territoire", "member_count", "courriel"]
    search_fields = ["nom", "slug", "courriel"]
    prepopulated_fields = {"slug": ["nom"]}
    inlines = [MembershipInline, InvitationInline]
    fieldsets = [
        (None, {"fields": ["nom", "slug"]}),
        ("Territoire", {"fields": ["departements", "communes"]}),
        ("Contact", {"fields": ["courriel", "telephone"]}),
        ("Administrateur", {"fields": ["admin_email"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_count=Count("memberships"))

    @admin.display(description="territoire")
    def territoire(self, hub):
        parts = []
        if hub.departements:
            parts.append("dép. " + ", ".join(hub.departements))
        if hub.communes:
            parts.append(f"{len(hub.communes)} commune(s)")
        return " ; ".join(parts) or "toute la France"

    @admin.display(description="membres", ordering="member_count")
    def member_count(self, hub):
        return hub.member_count

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        email = form.cleaned_data.get("admin_email")
        if not email:
            return
        try:
            invitation = invitation_create(
                hub=form.instance,
                email=email,
                role=HubRole.ADMIN,
                invited_by=request.user,
                base_url=base_url_of(request),
            )
        except HubServiceError as error:
            self.message_user(request, error.message, messages.WARNING)
        except OSError:
            self.message_user(
                request,
                f"L'invitation de {email} est enregistrée mais le courriel n'a pas pu partir : "
                "renvoyez-la depuis la liste des invitations.",
                messages.ERROR,
            )
        else:
            self.message_user(
                request,
                f"Invitation d'administrateur envoyée à {invitation.email}.",
                messages.SUCCESS,
            )


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user_email", "hub", "role", "created_at"]
    list_filter = ["role", "hub"]
    search_fields = ["user__email", "hub__nom"]
    list_select_related = ["user", "hub"]
    raw_id_fields = ["user"]
    readonly_fields = ["created_at"]

    @admin.display(description="courriel", ordering="user__email")
    def user_email(self, membership):
        return membership.user.email


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Invitations are sent from the hub's page (so the e-mail leaves); here they are listed,
    sent again (a new link) or deleted (the link stops working)."""

    list_display = ["email", "hub", "role", "invited_by", "created_at", "accepted_at"]
    list_filter = ["role", "hub", ("accepted_at", admin.EmptyFieldListFilter)]
    search_fields = ["email", "hub__nom"]
    list_select_related = ["hub", "invited_by"]
    readonly_fields = ["hub", "email", "role", "invited_by", "created_at", "accepted_at"]
    actions = ["resend"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_resend_permission(self, request):
        return request.user.has_perm("directory.add_invitation")

    @admin.action(
        description="Renvoyer les invitations sélectionnées (nouveau lien)", permissions=["resend"]
    )
    def resend(self, request, queryset):
        sent = 0
        for invitation in queryset.filter(accepted_at__isnull=True).select_related("hub"):
            try:
                invitation_resend(
                    invitation=invitation, invited_by=request.user, base_url=base_url_of(request)
                )
            except (HubServiceError, OSError) as error:
                self.message_user(request, f"{invitation.email} : {error}", messages.ERROR)
            else:
                sent += 1
        self.message_user(request, f"{sent} invitation(s) renvoyée(s).", messages.SUCCESS)


@admin.register(Lieu)
class LieuAdmin(admin.ModelAdmin):
    """Read-only here: places change through imports and the hub workspace, which keep the
    search columns, the import fingerprint and the history in step. One action: free places
    from their hub (another hub can then attach them from its workspace)."""

    actions = ["detach_from_hub"]
    list_display = ["nom", "commune", "code_postal", "hub", "import_source", "date_maj"]
    list_filter = ["hub", "import_source", "point_source"]
    search_fields = ["nom", "commune", "code_postal", "source_id"]
    list_select_related = ["hub"]
    show_full_result_count = False  # no COUNT(*) over the whole directory on each page

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description="Détacher de leur hub")
    def detach_from_hub(self, request, queryset):
        detached = lieux_detach(lieux=queryset, user=request.user)
        self.message_user(request, f"Lieux détachés de leur hub : {detached}.", messages.SUCCESS)


@admin.register(LieuChange)
class LieuChangeAdmin(ReadOnlyAdmin):
    list_display = ["at", "lieu", "hub", "user_email", "action"]
    list_filter = ["action", "hub"]
    search_fields = ["lieu__nom", "user_email"]
    list_select_related = ["lieu", "hub"]
    date_hierarchy = "at"
    show_full_result_count = False
    fields = ["at", "lieu", "hub", "user", "user_email", "action", "changes"]
    readonly_fields = fields


@admin.register(HubImport)
class HubImportAdmin(ReadOnlyAdmin):
    """The uploaded file itself (content) is neither loaded nor shown."""

    list_display = ["created_at", "hub", "filename", "user", "confirmed_at"]
    list_filter = ["hub"]
    search_fields = ["filename", "hub__nom"]
    list_select_related = ["hub", "user"]
    fields = ["hub", "user", "filename", "created_at", "confirmed_at", "preview", "result"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).defer("content")


@admin.register(HubToken)
class HubTokenAdmin(ReadOnlyAdmin):
    """API keys: only their prefix is shown, never the digest. A key can be revoked here."""

    list_display = [
        "name",
        "hub",
        "prefix",
        "created_by",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["hub", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "prefix", "hub__nom"]
    list_select_related = ["hub", "created_by"]
    fields = ["name", "hub", "prefix", "created_by", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = fields
    actions = ["revoke"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("digest")

    @admin.action(description="Révoquer les clés sélectionnées", permissions=["revoke"])
    def revoke(self, request, queryset):
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(request, f"{count} clé(s) révoquée(s).", messages.SUCCESS)

    def has_revoke_permission(self, request):
        return request.user.has_perm("directory.change_hubtoken")


@admin.register(Signalement)
class SignalementAdmin(admin.ModelAdmin):
    list_display = ["created_at", "lieu", "hub", "status", "contact_email", "processed_by"]
    list_filter = ["status", "hub"]
    list_editable = ["status"]
    search_fields = ["lieu__nom", "message", "contact_email"]
    list_select_related = ["lieu", "hub", "processed_by"]
    raw_id_fields = ["lieu"]
    readonly_fields = ["created_at", "processed_by", "processed_at"]
    date_hierarchy = "created_at"

    def save_model(self, request, obj, form, change):
        """A status changed here is recorded like in the workspace (who, when)."""
        if change and "status" in form.changed_data:
            signalement_set_status(signalement=obj, status=obj.status, user=request.user)
            other = [name for name in form.changed_data if name != "status"]
            if other:
                obj.save(update_fields=other)
            return
        super().save_model(request, obj, form, change)
