from django.db import migrations


class Migration(migrations.Migration):
    """New columns have no statistics until PostgreSQL analyses the table; without them it
    misjudges `archive_le IS NULL` (every public search) and picks slow plans."""

    dependencies = [("directory", "0006_fermeture_message_default")]

    operations = [migrations.RunSQL("ANALYZE directory_lieu", migrations.RunSQL.noop)]
