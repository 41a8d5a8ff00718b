from django.db import models


class CentreSource(models.TextChoices):
    CONTOUR = "contour", "point dans le contour"
    MAIRIE = "mairie", "adresse de la mairie"
    CODE_POSTAL = "code_postal", "moyenne des communes du même code postal"


class Precision(models.TextChoices):
    HOUSENUMBER = "housenumber", "numéro"
    STREET = "street", "rue"
    LOCALITY = "locality", "lieu-dit"
    MUNICIPALITY = "municipality", "commune"
    COMMUNE = "commune", "centre de la commune (repli)"
