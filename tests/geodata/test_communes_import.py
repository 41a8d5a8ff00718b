from django.core.management import call_command

from geodata.communes_import import full_name, import_communes
from geodata.models import Commune


def test_full_name_puts_the_article_back():
    assert full_name("Abergement-Clémenciat", "5") == "L'Abergement-Clémenciat"
    assert full_name("Havre", "2") == "Le Havre"
    assert full_name("Lyon", "0") == "Lyon"


def test_second_import_changes_nothing():
    summary = import_communes()
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 34_875)


def test_import_repairs_a_changed_commune_and_keeps_unknown_ones():
    Commune.objects.filter(code_insee="42218").update(nom="Sainté", population=1)
    extra = Commune.objects.create(
        code_insee="99999",
        nom="Commune disparue",
        nom_recherche="commune disparue",
        departement="99",
        region="99",
        centre=Commune.objects.get(code_insee="42218").centre,
        centre_source="mairie",
    )
    summary = import_communes()
    assert (summary.created, summary.updated, summary.not_in_source) == (0, 1, 1)
    assert Commune.objects.get(code_insee="42218").nom == "Saint-Étienne"
    assert Commune.objects.filter(pk=extra.pk).exists()


def test_command_prints_a_summary(capsys):
    call_command("import_communes")
    out = capsys.readouterr().out
    assert "created=0 updated=0 unchanged=34875" in out
