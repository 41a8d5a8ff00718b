"""Shapes of the diagnostic API, for validation of the location parameters and for the
OpenAPI schema. The answers themselves are checked by the pure core (flow.validate_answers),
which names the question at fault."""

from rest_framework import serializers

from .questionnaire import Mode


class EvaluationRequestSerializer(serializers.Serializer):
    answers = serializers.DictField(
        help_text="Réponses {question: code} ; une liste de codes pour une question à choix "
        "multiples (besoins). Les codes sont ceux de /api/diagnostic/questionnaire/."
    )
    mode = serializers.ChoiceField(
        choices=[m.value for m in Mode],
        help_text="« moi » : la personne répond ; « accompagne » : un professionnel remplit "
        "avec elle.",
    )
    code_insee = serializers.RegexField(
        r"^(\d{5}|2[ABab]\d{3})$",
        required=False,
        help_text="Code INSEE de la commune, pour chercher des lieux proches.",
    )
    code_postal = serializers.RegexField(
        r"^\d{5}$",
        required=False,
        help_text="Code postal, à la place du code INSEE.",
    )


class ErrorSerializer(serializers.Serializer):
    question = serializers.CharField(
        required=False, help_text="La question en cause (ou « mode », « answers »)."
    )
    param = serializers.CharField(
        required=False, help_text="Le paramètre de lieu en cause (code_insee, code_postal)."
    )
    kind = serializers.CharField()
    message = serializers.CharField(help_text="Le problème, en français.")


class ErrorsSerializer(serializers.Serializer):
    errors = ErrorSerializer(many=True)


class ChoiceSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.JSONField(help_text="Texte, ou {moi, accompagne} sans paramètre mode.")
    icon = serializers.CharField(allow_null=True)


class QuestionSerializer(serializers.Serializer):
    id = serializers.CharField()
    dimension = serializers.CharField()
    text = serializers.JSONField(help_text="Texte, ou {moi, accompagne} sans paramètre mode.")
    help = serializers.JSONField(allow_null=True)
    multiple = serializers.BooleanField()
    optional = serializers.BooleanField()
    place_filter = serializers.BooleanField(
        help_text="Question facultative, seulement pour choisir les lieux."
    )
    choices = ChoiceSerializer(many=True)


class SkipRuleSerializer(serializers.Serializer):
    code = serializers.CharField()
    when = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))
    skips = serializers.ListField(child=serializers.CharField())
    inferred = serializers.CharField(allow_null=True)
    description = serializers.CharField()


class QuestionnaireSerializer(serializers.Serializer):
    version = serializers.CharField()
    modes = serializers.DictField(child=serializers.CharField())
    dimensions = serializers.DictField(child=serializers.CharField())
    questions = QuestionSerializer(many=True)
    skip_rules = SkipRuleSerializer(many=True)


class QuestionnaireParamsSerializer(serializers.Serializer):
    mode = serializers.ChoiceField(
        choices=[m.value for m in Mode],
        required=False,
        help_text="Les textes dans ce mode ; sans mode, chaque texte est {moi, accompagne}.",
    )


class LinkSerializer(serializers.Serializer):
    label = serializers.CharField()
    url = serializers.CharField()


class OpeningSerializer(serializers.Serializer):
    etat = serializers.ChoiceField(choices=["ouvert", "ferme", "inconnu"])
    texte = serializers.CharField()
    prochain_changement = serializers.DateTimeField(allow_null=True)


class NearbyPlaceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    nom = serializers.CharField()
    url = serializers.CharField(help_text="Fiche du lieu sur ce site.")
    distance_km = serializers.FloatField()
    adresse = serializers.CharField()
    commune = serializers.CharField()
    ouverture = OpeningSerializer()
    telephone = serializers.CharField()
    prise_rdv = serializers.CharField()
    modalites_acces = serializers.ListField(child=serializers.CharField())
    gratuit = serializers.BooleanField()
    itinerant = serializers.BooleanField()


class NearbySerializer(serializers.Serializer):
    rayon_km = serializers.IntegerField()
    elargi = serializers.BooleanField(help_text="Recherche élargie faute de lieu plus près.")
    criteres_retires = serializers.ListField(
        child=serializers.CharField(), help_text="besoins, criteres : retirés faute de lieu."
    )
    notes = serializers.ListField(child=serializers.CharField())
    annuaire_url = serializers.CharField()
    lieux = NearbyPlaceSerializer(many=True)


class ProfileSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    services = serializers.ListField(child=serializers.CharField())
    filters = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))
    preferences = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))
    explanation = serializers.CharField()
    reasons = serializers.ListField(child=serializers.CharField())
    links = LinkSerializer(many=True)
    lieux = NearbySerializer(required=False, help_text="Seulement avec un lieu donné.")


class LocationSerializer(serializers.Serializer):
    code_insee = serializers.CharField()
    label = serializers.CharField()


class EvaluationSerializer(serializers.Serializer):
    questionnaire_version = serializers.CharField()
    mode = serializers.CharField()
    answers = serializers.DictField(child=serializers.JSONField())
    indices = serializers.DictField(child=serializers.IntegerField(allow_null=True))
    digital_level = serializers.CharField()
    digital_level_label = serializers.CharField()
    skills_assessed = serializers.BooleanField()
    skills = serializers.DictField(child=serializers.IntegerField(allow_null=True))
    inferred_skills = serializers.ListField(child=serializers.CharField())
    admin_level = serializers.CharField()
    admin_level_label = serializers.CharField()
    urgent_domain = serializers.CharField(allow_null=True)
    priority = serializers.BooleanField()
    priority_reasons = serializers.ListField(child=serializers.CharField())
    priority_note = serializers.CharField()
    profiles = ProfileSerializer(many=True)
    needs_filters = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField())
    )
    public_preferences = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField())
    )
    location = LocationSerializer(
        allow_null=True, help_text="La commune où les lieux sont cherchés."
    )
