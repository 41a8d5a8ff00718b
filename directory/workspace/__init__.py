"""The hub workspace (/espace/): members keep their hub's places up to date.

Each module owns its pages and their URL patterns; permissions are decided in
directory.permissions, changes made through directory.services."""
