"""Enumerations of the national standard (lieux de médiation numérique v1.0.2).

Values are the standard's exact French strings (what files carry and what exports must
write); labels are what users read, in plain French.
"""

from django.db import models


class Service(models.TextChoices):
    AIDE_DEMARCHES = (
        "Aide aux démarches administratives",
        "Aide aux démarches administratives (CAF, impôts, santé, retraite…)",
    )
    OUTILS_QUOTIDIEN = (
        "Maîtrise des outils numériques du quotidien",
        "Prendre en main un ordinateur, un smartphone ou une tablette",
    )
    INSERTION_PRO = (
        "Insertion professionnelle via le numérique",
        "Chercher un emploi ou une formation, créer son entreprise",
    )
    UTILISATION_SECURISEE = (
        "Utilisation sécurisée du numérique",
        "Se protéger en ligne : arnaques, mots de passe, données personnelles",
    )
    PARENTALITE = (
        "Parentalité et éducation avec le numérique",
        "Accompagner ses enfants dans leurs usages du numérique et leur scolarité",
    )
    LOISIRS_CREATIONS = (
        "Loisirs et créations numériques",
        "Loisirs et créations : photo, vidéo, jeux, fabrication numérique",
    )
    COMPREHENSION_MONDE = (
        "Compréhension du monde numérique",
        "Comprendre le numérique : réseaux sociaux, information, citoyenneté",
    )
    ACCES_INTERNET_MATERIEL = (
        "Accès internet et matériel informatique",
        "Accès libre à internet et à un ordinateur",
    )
    MATERIEL_PRIX_SOLIDAIRE = (
        "Acquisition de matériel informatique à prix solidaire",
        "Acheter un ordinateur ou un téléphone à petit prix",
    )


class Public(models.TextChoices):
    """publics_specifiquement_adresses: a place open to everyone lists none."""

    JEUNES = "Jeunes", "Jeunes"
    ETUDIANTS = "Étudiants", "Étudiants"
    FAMILLES_ENFANTS = "Familles et/ou enfants", "Familles et enfants"
    SENIORS = "Seniors", "Seniors"
    FEMMES = "Femmes", "Femmes"


class PriseEnCharge(models.TextChoices):
    SURDITE = "Surdité", "Personnes sourdes ou malentendantes"
    HANDICAPS_MOTEURS = "Handicaps moteurs", "Personnes en situation de handicap moteur"
    HANDICAPS_MENTAUX = "Handicaps mentaux", "Personnes en situation de handicap mental"
    ILLETTRISME = "Illettrisme", "Personnes en situation d'illettrisme"
    LANGUES_ANGLAIS = "Langues étrangères (anglais)", "Accueil en anglais"
    LANGUES_AUTRES = "Langues étrangères (autres)", "Accueil dans d'autres langues étrangères"
    DEFICIENCE_VISUELLE = "Déficience visuelle", "Personnes aveugles ou malvoyantes"


class Frais(models.TextChoices):
    GRATUIT = "Gratuit", "Gratuit"
    GRATUIT_SOUS_CONDITION = "Gratuit sous condition", "Gratuit sous conditions"
    PAYANT = "Payant", "Payant"


class Dispositif(models.TextChoices):
    AIDANTS_CONNECT = "Aidants Connect", "Aidants Connect (démarches faites à votre place)"
    BIBLIOTHEQUES_NUMERIQUE_REFERENCE = (
        "Bibliothèques numérique de référence",
        "Bibliothèque numérique de référence",
    )
    CERTIFICATION_PIX = "Certification PIX", "Certification PIX (compétences numériques)"
    CONSEILLERS_NUMERIQUES = "Conseillers numériques", "Conseillers numériques"
    EMMAUS_CONNECT = "Emmaüs Connect", "Emmaüs Connect"
    FRANCE_SERVICES = "France Services", "France Services"
    GRANDE_ECOLE_NUMERIQUE = "Grande école du numérique", "Grande école du numérique"
    CROIX_ROUGE = "La Croix Rouge", "La Croix-Rouge"
    POINT_NUMERIQUE_CAF = "Point d'accès numérique CAF", "Point d'accès numérique de la CAF"
    PROMENEURS_DU_NET = "Promeneurs du net", "Promeneurs du Net"
    RELAIS_NUMERIQUE = "Relais numérique (Emmaüs Connect)", "Relais numérique d'Emmaüs Connect"


class FormationLabel(models.TextChoices):
    # The schema's pattern has no space in "Étapes numériques(La Poste)": exports must match it.
    MON_ESPACE_SANTE = "Formé à « Mon Espace Santé »", "Formé à « Mon Espace Santé »"
    DUPLEX = "Formé à « DUPLEX » (illettrisme)", "Formé à « DUPLEX » (illettrisme)"
    ARNIA = (
        "Arnia/MedNum BFC (Bourgogne-Franche-Comté)",
        "Arnia / MedNum BFC (Bourgogne-Franche-Comté)",
    )
    REEMPLOI_NORMANDIE = (
        "Collectif ressources et acteurs réemploi (Normandie)",
        "Collectif ressources et acteurs réemploi (Normandie)",
    )
    ETAPES_NUMERIQUES = "Étapes numériques(La Poste)", "Étapes numériques (La Poste)"
    FABRIQUES_TERRITOIRE = "Fabriques de Territoire", "Fabriques de Territoire"
    ECLAIREURS_NUMERIQUE = (
        "Les Éclaireurs du numérique (Drôme)",
        "Les Éclaireurs du numérique (Drôme)",
    )
    MES_PAPIERS = "Mes Papiers (Métropole de Lyon)", "Mes Papiers (Métropole de Lyon)"
    ORDI_3_0 = "ORDI 3.0", "ORDI 3.0"
    SUD_LABS = "SUD LABS (PACA)", "SUD LABS (PACA)"


class ModaliteAcces(models.TextChoices):
    SE_PRESENTER = "Se présenter", "Venir sur place"
    TELEPHONER = "Téléphoner", "Téléphoner"
    CONTACTER_PAR_MAIL = "Contacter par mail", "Envoyer un courriel"
    RDV_EN_LIGNE = "Prendre un RDV en ligne", "Prendre rendez-vous en ligne"
    PAS_DE_PUBLIC = "Ce lieu n'accueille pas de public", "Ce lieu n'accueille pas de public"
    FICHE_PRESCRIPTION = (
        "Envoyer un mail avec une fiche de prescription",
        "Sur orientation d'un professionnel (fiche de prescription par courriel)",
    )


class ModaliteAccompagnement(models.TextChoices):
    EN_AUTONOMIE = "En autonomie", "En autonomie, avec du matériel et une connexion"
    INDIVIDUEL = "Accompagnement individuel", "Accompagnement individuel"
    ATELIER_COLLECTIF = "Dans un atelier collectif", "Dans un atelier collectif"
    A_DISTANCE = "À distance", "À distance (téléphone ou visioconférence)"


class Itinerance(models.TextChoices):
    ITINERANT = "Itinérant", "Itinérant (bus, camion, permanences mobiles)"
    FIXE = "Fixe", "Lieu fixe"


class Typologie(models.TextChoices):
    """Structure types: the data·inclusion vocabulary the standard refers to."""

    ACI = "ACI", "Atelier et chantier d'insertion"
    ACIPHC = "ACIPHC", "Atelier chantier d'insertion premières heures en chantier"
    AFPA = "AFPA", "Agence nationale pour la formation professionnelle des adultes (AFPA)"
    AI = "AI", "Association intermédiaire"
    ASE = "ASE", "Aide sociale à l'enfance"
    ASSO = "ASSO", "Association"
    ASSO_CHOMEUR = "ASSO_CHOMEUR", "Association de chômeurs"
    AUTRE = "Autre", "Autre"
    AVIP = "AVIP", "Crèche à vocation d'insertion professionnelle"
    BIB = "BIB", "Bibliothèque, médiathèque"
    CAARUD = "CAARUD", "Centre d'accueil et de réduction des risques pour usagers de drogues"
    CADA = "CADA", "Centre d'accueil de demandeurs d'asile"
    CAF = "CAF", "Caisse d'allocations familiales"
    CAP_EMPLOI = "CAP_EMPLOI", "Cap emploi"
    CAVA = "CAVA", "Centre d'adaptation à la vie active"
    CC = "CC", "Communauté de communes"
    CCAS = "CCAS", "Centre communal d'action sociale"
    CCONS = "CCONS", "Chambre consulaire (CCI, chambre des métiers, d'agriculture)"
    CD = "CD", "Conseil départemental"
    CDAS = "CDAS", "Centre départemental d'action sociale"
    CFP = "CFP", "Centre des finances publiques"
    CHRS = "CHRS", "Centre d'hébergement et de réinsertion sociale"
    CHU = "CHU", "Centre d'hébergement d'urgence"
    CIAS = "CIAS", "Centre intercommunal d'action sociale"
    CIDFF = "CIDFF", "Centre d'information sur les droits des femmes et des familles"
    CITMET = "CITMET", "Cité des métiers"
    CMP = "CMP", "Centre médico-psychologique"
    CMS = "CMS", "Centre médico-social"
    CPAM = "CPAM", "Caisse primaire d'assurance maladie"
    CPH = "CPH", "Centre provisoire d'hébergement"
    CS = "CS", "Centre social"
    CSAPA = "CSAPA", "Centre de soins, d'accompagnement et de prévention en addictologie"
    CSC = "CSC", "Centre socio-culturel"
    DEETS = "DEETS", "Direction de l'économie, de l'emploi, du travail et des solidarités"
    DEPT = "DEPT", "Services sociaux du département"
    DIPLP = "DIPLP", "Délégation interministérielle à la lutte contre la pauvreté"
    E2C = "E2C", "École de la deuxième chance"
    EA = "EA", "Entreprise adaptée"
    EATT = "EATT", "Entreprise adaptée de travail temporaire"
    EI = "EI", "Entreprise d'insertion"
    EITI = "EITI", "Entreprise d'insertion par le travail indépendant"
    ENM = "ENM", "Espace numérique mobile"
    EPCI = "EPCI", "Intercommunalité"
    EPI = "EPI", "Espace public internet"
    EPIDE = "EPIDE", "Établissement pour l'insertion dans l'emploi (EPIDE)"
    EPN = "EPN", "Espace public numérique"
    ES = "ES", "Épicerie solidaire"
    ESS = "ESS", "Entreprise de l'économie sociale et solidaire"
    ETABL_PRI = "ETABL_PRI", "Établissement privé"
    ETABL_PUB = "ETABL_PUB", "Établissement public"
    ETAT = "ETAT", "Service de l'État"
    ETTI = "ETTI", "Entreprise de travail temporaire d'insertion"
    EVS = "EVS", "Espace de vie sociale"
    FABLAB = "FABLAB", "Fablab, atelier partagé"
    FAIS = "FAIS", "Fédération d'acteurs de l'insertion et de la solidarité"
    FT = "FT", "France Travail (ex-Pôle emploi)"
    GEIQ = "GEIQ", "Groupement d'employeurs pour l'insertion et la qualification"
    HUDA = "HUDA", "Hébergement d'urgence pour demandeurs d'asile"
    LA_POSTE = "LA_POSTE", "Bureau de poste, agence postale"
    MDE = "MDE", "Maison de l'emploi"
    MDEF = "MDEF", "Maison de l'emploi et de la formation"
    MDPH = "MDPH", "Maison départementale des personnes handicapées"
    MDS = "MDS", "Maison départementale des solidarités"
    MJC = "MJC", "Maison des jeunes et de la culture"
    ML = "ML", "Mission locale"
    MQ = "MQ", "Maison de quartier"
    MSA = "MSA", "Mutualité sociale agricole"
    MSAP = "MSAP", "Maison de services au public"
    MUNI = "MUNI", "Mairie, services municipaux"
    OACAS = "OACAS", "Organisme d'accueil communautaire et d'activités solidaires"
    ODC = "ODC", "Organisation délégataire d'un département"
    OF = "OF", "Organisme de formation"
    OIL = "OIL", "Opérateur d'intermédiation locative"
    OPCS = "OPCS", "Organisation porteuse de la clause sociale"
    PAD = "PAD", "Point d'accès au droit"
    PENSION = "PENSION", "Pension de famille, résidence accueil"
    PI = "PI", "Point information"
    PIJ_BIJ = "PIJ_BIJ", "Point ou bureau information jeunesse"
    PIMMS = "PIMMS", "Point information médiation multi-services (PIMMS)"
    PJJ = "PJJ", "Protection judiciaire de la jeunesse"
    PLIE = "PLIE", "Plan local pour l'insertion et l'emploi"
    PREF = "PREF", "Préfecture, sous-préfecture"
    PREVENTION = "PREVENTION", "Service ou club de prévention"
    REG = "REG", "Région"
    RESSOURCERIE = "RESSOURCERIE", "Ressourcerie"
    RFS = "RFS", "France Services"
    RS_FJT = "RS_FJT", "Résidence sociale, foyer de jeunes travailleurs"
    SCP = "SCP", "Services et clubs de prévention"
    SPIP = "SPIP", "Service pénitentiaire d'insertion et de probation"
    TIERS_LIEUX = "TIERS_LIEUX", "Tiers-lieu, espace de coworking"
    UDAF = "UDAF", "Union départementale des associations familiales"


# The directory's own choices (not from the standard).


class HubRole(models.TextChoices):
    ADMIN = "admin", "administrateur du hub"
    EDITOR = "editeur", "éditeur"


class ChangeAction(models.TextChoices):
    CREATE = "creation", "création"
    UPDATE = "modification", "modification"
    CONFIRM = "confirmation", "confirmé à jour"
    CLOSE = "fermeture", "fermeture temporaire"
    REOPEN = "reouverture", "fin de la fermeture temporaire"
    ARCHIVE = "archivage", "archivage"
    RESTORE = "restauration", "restauration"
    IMPORT = "import", "import d'un fichier"
    ATTACH = "rattachement", "rattachement au hub"
