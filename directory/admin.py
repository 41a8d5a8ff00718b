from django.contrib import admin

from .models import Hub, Lieu, Signalement


@admin.register(Hub)
class HubAdmin(admin.ModelAdmin):
    list_display = ["nom", "slug"]
    search_fields = ["nom"]
    prepopulated_fields = {"slug": ["nom"]}


@admin.register(Lieu)
class LieuAdmin(admin.ModelAdmin):
    """Read-only here: places change through imports (and the hub workspace to come), which
    keep the search columns and the import fingerprint in step."""

    list_display = ["nom", "commune", "code_postal", "hub", "import_source", "date_maj"]
    list_filter = ["hub", "import_source", "point_source"]
    search_fields = ["nom", "commune", "code_postal", "source_id"]
    list_select_related = ["hub"]
    show_full_result_count = False  # no COUNT(*) over the whole directory on each page

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Signalement)
class SignalementAdmin(admin.ModelAdmin):
    list_display = ["created_at", "lieu", "hub", "status", "contact_email"]
    list_filter = ["status", "hub"]
    list_editable = ["status"]
    search_fields = ["lieu__nom", "message", "contact_email"]
    list_select_related = ["lieu", "hub"]
    raw_id_fields = ["lieu"]
    readonly_fields = ["created_at"]
    date_hierarchy = "created_at"
