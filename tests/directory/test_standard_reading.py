"""Reading the standard's files in every shape: CSV or JSON, v1 or v0.1, France Services."""

import datetime
import io
import json

import pytest

from directory.standard import FileFormatError, ReadSummary, inspect_bytes, read_bytes, read_file

V1_HEADER = (
    "id,pivot,nom,commune,code_postal,code_insee,adresse,complement_adresse,latitude,longitude,"
    "typologie,telephone,courriels,site_web,horaires,presentation_resume,presentation_detail,"
    "source,itinerance,structure_parente,date_maj,services,publics_specifiquement_adresses,"
    "prise_en_charge_specifique,frais_a_charge,dispositif_programmes_nationaux,formations_labels,"
    "autres_formations_labels,modalites_acces,modalites_accompagnement,fiche_acces_libre,prise_rdv"
)
V1_ROW = (
    "lieu-1,43493312300029,Anonymal,Reims,51100,51454,12 BIS RUE DE LECLERCQ,,49.25,4.03,"
    "TIERS_LIEUX|ASSO,+33180059880,contact@laquincaillerie.tl|responsable@laquincaillerie.tl,"
    "https://www.laquincaillerie.tl/,"
    '"Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00",Formations aux outils numériques.,,Hubik,'
    "Fixe,,2024-04-02,Maîtrise des outils numériques du quotidien|Loisirs et créations numériques,"
    "Jeunes|Femmes,Surdité,Gratuit sous condition|Payant,Aidants Connect|Conseillers numériques,"
    "Formé à « Mon Espace Santé »,Label et la bête,Se présenter|Téléphoner,"
    "En autonomie|Accompagnement individuel,,https://www.rdv-solidarites.fr/"
)

V0_CSV = (
    "id;nom;pivot;commune;code_postal;adresse;latitude;longitude;courriel;services;"
    "publics_accueillis;conditions_acces;labels_nationaux;labels_autres;modalites_accompagnement;"
    "accessibilite;date_maj\n"
    '12;Espace numérique;;Lyon;69003;265 rue Duguesclin;45,7566;4,8497;"a@ex.fr";'
    '"Prendre en main un ordinateur;Accéder à du matériel";"Jeunes (16-26 ans)";'
    '"Gratuit : Je peux accéder gratuitement au lieu et à ses services";"CNFS;APTIC";ZRR;'
    '"Seul : j\'ai accès à du matériel et une connexion";'
    "https://acceslibre.beta.gouv.fr/app/x/;2022-06-16\n"
)

FRANCE_SERVICES_CSV = (
    "id_fs,insee_dep,lib_fs,adresse,complement_adresse,insee_com,code_postal,lib_com,latitude,"
    "longitude,mail,telephone,h_lundi,h_mardi,h_mercredi,h_jeudi,h_vendredi,h_samedi,commentaire,"
    "itinerance,format_fs,groupe,labellisation\r\n"
    "1,01,France services de Valserhône,5-9 Rue des Papetiers,,01033,01200,Valserhône,"
    "46.1060711578546,5.8260084241619,franceservices@ccpb01.fr,04 50 56 87 49,"
    "09:00 - 12:00 / 13:30 - 17:00,09:00 - 12:00 / 13:30 - 17:00,09:00 - 12:00,"
    "09:00 - 12:00 / 13:30 - 17:00,09:00 - 12:00 / 13:30 - 16:00,-,,Oui,Site principal,,"
    "Espace labellisé 01/01/2020\r\n"
)


def read(text, **kwargs):
    data = text.encode() if isinstance(text, str) else text
    return list(read_bytes(data, **kwargs))


def test_csv_v1_with_pipes_gives_every_field():
    [outcome] = read(f"{V1_HEADER}\n{V1_ROW}\n")
    record = outcome.record
    assert outcome.errors == [] and outcome.repairs == [] and outcome.unknown_values == {}
    assert (outcome.line, outcome.source_id) == (2, "lieu-1")
    assert record.typologie == ["TIERS_LIEUX", "ASSO"]
    assert record.courriels == ["contact@laquincaillerie.tl", "responsable@laquincaillerie.tl"]
    assert record.services == [
        "Maîtrise des outils numériques du quotidien",
        "Loisirs et créations numériques",
    ]
    assert record.frais_a_charge == ["Gratuit sous condition", "Payant"]
    assert record.itinerance == ["Fixe"]
    assert (record.latitude, record.longitude) == (49.25, 4.03)
    assert record.date_maj == datetime.date(2024, 4, 2)
    assert record.horaires == "Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00"
    assert record.complement_adresse == "" and record.fiche_acces_libre == ""


def test_csv_with_bom_crlf_and_semicolons_in_v0_1():
    data = "\ufeff".encode() + V0_CSV.replace("\n", "\r\n").encode()
    [outcome] = read(data)
    record = outcome.record
    assert record.id == "12" and record.pivot == "00000000000000"
    assert (record.latitude, record.longitude) == (45.7566, 4.8497)
    assert record.courriels == ["a@ex.fr"]
    assert record.services == [
        "Maîtrise des outils numériques du quotidien",
        "Accès internet et matériel informatique",
    ]
    assert record.publics_specifiquement_adresses == ["Jeunes"]
    assert record.frais_a_charge == ["Gratuit"]
    assert record.dispositif_programmes_nationaux == ["Conseillers numériques"]
    assert record.autres_formations_labels == ["ZRR", "Pass numérique (APTIC)"]
    assert record.modalites_accompagnement == ["En autonomie"]
    assert record.fiche_acces_libre == "https://acceslibre.beta.gouv.fr/app/x/"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_csv_saved_as_utf_16_with_its_mark(encoding):
    data = ("\ufeff" + V0_CSV).encode(encoding)
    [outcome] = read(data)
    assert outcome.record.id == "12" and outcome.record.courriels == ["a@ex.fr"]


def test_nul_characters_are_dropped():
    data = V0_CSV.encode().replace(b"a@ex.fr", b"a@ex\x00.fr")
    [outcome] = read(data)
    assert outcome.record.courriels == ["a@ex.fr"]


def test_v0_1_misspelt_conditions_access_column():
    text = (
        "id,nom,commune,code_postal,adresse,date_maj,conditions_access\n"
        "1,Lieu,Foix,09000,1 rue,2022-04-15,Gratuit\n"
    )
    assert read(text)[0].record.frais_a_charge == ["Gratuit"]


def test_v1_values_under_v0_column_names():
    """As in the Charente file: v1 values, v0.1 columns (labels_nationaux, courriel)."""
    text = (
        "id,nom,commune,code_postal,adresse,date_maj,labels_nationaux,courriel,services\n"
        "1,Lieu,Cognac,16100,1 rue,2023-04-01,CNFS;France Services,x@y.fr,"
        "Aide aux démarches administratives|Compréhension du monde numérique\n"
    )
    record = read(text)[0].record
    assert record.dispositif_programmes_nationaux == ["Conseillers numériques", "France Services"]
    assert record.courriels == ["x@y.fr"]
    assert record.services == [
        "Aide aux démarches administratives",
        "Compréhension du monde numérique",
    ]


def test_csv_line_numbers_count_physical_lines():
    text = (
        "id,nom,commune,code_postal,adresse,date_maj,presentation_detail\n"
        '1,A,Reims,51100,1 rue,2024-01-01,"sur\ndeux lignes"\n'
        "\n"
        "2,B,Reims,51100,2 rue,2024-01-01,\n"
    )
    outcomes = read(text)
    assert [outcome.line for outcome in outcomes] == [2, 5]
    assert outcomes[0].record.presentation_detail == "sur\ndeux lignes"


def test_json_list_with_numbers_and_nulls():
    rows = [
        {
            "id": 7,
            "nom": "Lieu",
            "commune": "Nouméa",
            "code_postal": 98800,
            "adresse": "104 avenue Koenig",
            "latitude": -22.23,
            "longitude": 166.47,
            "telephone": None,
            "services": ["Aide aux démarches administratives"],
            "date_maj": "2023-11-05",
        }
    ]
    [outcome] = read(json.dumps(rows))
    assert outcome.line == 1
    assert outcome.record.id == "7" and outcome.record.code_postal == "98800"
    assert outcome.record.services == ["Aide aux démarches administratives"]
    assert outcome.record.telephone == ""


@pytest.mark.parametrize("key", ["data", "lieux", "results", "anything"])
def test_json_object_wrapping_a_list(key):
    row = {"id": "a", "nom": "L", "commune": "Reims", "code_postal": "51100", "adresse": "r"}
    wrapped = {"meta": {"count": 1}, key: [{**row, "date_maj": "2024-01-01"}]}
    assert read(json.dumps(wrapped))[0].record.nom == "L"


def test_geojson_feature_collection_takes_the_point():
    feature = {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [4.03, 49.25]},
        "properties": {
            "id": "a",
            "nom": "L",
            "commune": "Reims",
            "code_postal": "51100",
            "adresse": "r",
            "date_maj": "2024-01-01",
        },
    }
    record = read(json.dumps({"type": "FeatureCollection", "features": [feature]}))[0].record
    assert (record.latitude, record.longitude) == (49.25, 4.03)


def test_france_services_row_through_its_adapter():
    [outcome] = read(FRANCE_SERVICES_CSV, name="2022-12-france-services.csv")
    record = outcome.record
    assert record.id == "1" and record.nom == "France services de Valserhône"
    assert (record.commune, record.code_postal, record.code_insee) == (
        "Valserhône",
        "01200",
        "01033",
    )
    assert record.telephone == "+33450568749"
    assert record.courriels == ["franceservices@ccpb01.fr"]
    assert (
        record.horaires
        == "Mo,Tu,Th 09:00-12:00,13:30-17:00; We 09:00-12:00; Fr 09:00-12:00,13:30-16:00"
    )
    assert record.itinerance == ["Itinérant"]
    assert record.typologie == ["RFS"]
    assert record.dispositif_programmes_nationaux == ["France Services"]
    assert record.services == ["Aide aux démarches administratives"]
    assert record.frais_a_charge == ["Gratuit"]
    assert record.date_maj == datetime.date(2022, 12, 1)
    assert "date_maj: absente, remplacée par la date du nom de fichier (2022-12-01)" in (
        outcome.repairs
    )


def test_read_file_accepts_a_path_and_an_uploaded_file(tmp_path):
    path = tmp_path / "2024-03-lieux.csv"
    path.write_text("id,nom,commune,code_postal,adresse\n1,L,Reims,51100,r\n", encoding="utf-8")
    [from_path] = read_file(path)
    assert from_path.record.date_maj == datetime.date(2024, 3, 1)  # from the file name
    upload = io.BytesIO(path.read_bytes())
    [from_upload] = read_file(upload, name="upload.csv", date_maj_default=datetime.date(2024, 5, 6))
    assert from_upload.record.date_maj == datetime.date(2024, 5, 6)


def test_windows_1252_file_is_decoded():
    text = "id;nom;commune;code_postal;adresse;date_maj\n1;Médiathèque;Sète;34200;r;2024-01-01\n"
    record = read(text.encode("cp1252"))[0].record
    assert (record.nom, record.commune) == ("Médiathèque", "Sète")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "vide"),
        (b"{not json", "JSON illisible"),
        (b'{"count": 3}', "Aucune liste"),
        (b"juste une ligne sans separateur\n", "En-tête CSV"),
    ],
)
def test_unreadable_files_raise_a_french_error(data, message):
    with pytest.raises(FileFormatError, match=message):
        read(data)


def test_inspect_lists_ignored_columns():
    info = inspect_bytes(b"id;nom;structureId;commune\n1;a;x;b\n")
    assert (info.format, info.delimiter, info.encoding) == ("csv", ";", "utf-8")
    assert info.ignored_columns == ["structureId"]
    france_services = inspect_bytes(FRANCE_SERVICES_CSV.encode())
    assert france_services.france_services
    assert france_services.ignored_columns == ["insee_dep", "format_fs", "labellisation"]


def test_summary_counts_rows_reasons_repairs_and_unknown_values():
    text = (
        "id,nom,commune,code_postal,adresse,date_maj,frais_a_charge,telephone,pivot\n"
        "1,A,Reims,51100,r,2024-01-01,gratuit,04 74 24 03 08,43493312300029\n"
        ",B,Reims,51100,r,2024-01-01,Adhésion,,\n"
        "3,C,Reims,51100,r,2024-01-01,Adhésion,,00000000000000\n"
    )
    summary = ReadSummary.of(read(text))
    assert (summary.rows, summary.accepted, summary.rejected, summary.repaired_rows) == (3, 2, 1, 1)
    assert summary.rejections == {"id: identifiant absent": 1}
    assert summary.repairs == {
        "frais_a_charge: orthographe corrigée": 1,
        "telephone: format international": 1,
    }
    assert summary.unknown_values == {"frais_a_charge": {"Adhésion": 2}}
    assert summary.lines()[0] == "3 lignes : 2 acceptées, 1 rejetées, 1 réparées"
