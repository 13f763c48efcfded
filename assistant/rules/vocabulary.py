"""The words of profiles: statuses, professions, diplomas, contracts, employers.

Each canonical value has a French and an English label, and the patterns by
which a question names it. Patterns are matched on text normalised by
``assistant.text.normalise`` and folded to lower case without accents.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Term(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    fr: str
    en: str
    patterns: tuple[str, ...]  # regular expressions over folded lower-case text


def _t(id: str, fr: str, en: str, *patterns: str) -> Term:
    return Term(id=id, fr=fr, en=en, patterns=patterns)


STATUSES = (
    _t(
        "ancien-interne",
        "ancien interne",
        "former resident",
        r"\bancien(?:ne)?s? internes?\b",
        r"\bex-? ?internes?\b",
        r"\bformer (?:intern|resident)s?\b",
        r"\bused to be (?:an? )?(?:intern|resident)\b",
    ),
    _t(
        "interne",
        "interne",
        "resident (interne)",
        r"(?<!ancien )(?<!ancienne )(?<!anciens )(?<!anciennes )(?<!ex-)(?<!ex )\binternes?\b",
        r"(?<!former )\b(?:intern|resident)s?\b",
        r"(?<!former )\b(?:residency|internship)\b",
        # "en dernier semestre d'internat", "je finis mon internat": still an interne.
        r"\b(?:semestre|annee|fin|finis|termine|pendant|durant) (?:de |d'|mon |l')?internat\b|\ben (?:cours d')?internat\b",
    ),
    _t(
        "cca",
        "chef de clinique-assistant (CCA)",
        "chef de clinique-assistant (CCA)",
        r"\bchef(?:fe)?s? de clinique\b",
        r"\bccas?\b(?! inserm|[ -]bettencourt)",
    ),
    _t(
        "ahu",
        "assistant hospitalo-universitaire (AHU)",
        "assistant hospitalo-universitaire (AHU)",
        r"\bassistante?s? hospitalo-universitaires?\b",
        r"\bahus?\b",
    ),
    _t(
        "phc",
        "praticien hospitalier contractuel (PHC)",
        "contract hospital practitioner (PHC)",
        r"\bpraticien(?:ne)?s? hospitali(?:er|ere)s? contractuel(?:le)?s?\b",
        r"\bph contractuel(?:le)?s?\b",
        r"\bphcs?\b",
        r"\bcontract(?:ual)? hospital (?:practitioner|doctor|physician)s?\b",
    ),
    _t(
        "phu",
        "praticien hospitalo-universitaire (PHU)",
        "hospital-university practitioner (PHU)",
        r"\bpraticien(?:ne)?s? hospitalo-universitaires?\b",
        r"\bpraticien(?:ne)?s? hospitali(?:er|ere)s? universitaires?\b",
        r"\bphus?\b",
    ),
    # A professor or lecturer is PU-PH or MCU-PH only with the hospital post ("praticien hospitalier").
    _t(
        "pu-ph",
        "professeur des universités-praticien hospitalier (PU-PH)",
        "university professor-hospital practitioner (PU-PH)",
        r"\bpu[- ]?phs?\b",
        r"\bprofesseure?s? des universites[- ]+praticien(?:ne)?s? hospitali(?:er|ere)s?\b",
    ),
    _t(
        "mcu-ph",
        "maître de conférences des universités-praticien hospitalier (MCU-PH)",
        "associate professor-hospital practitioner (MCU-PH)",
        r"\bmcu[- ]?phs?\b",
        r"\bmaitre(?:sse)?s? de conferences[^,.;:!?]{0,30}praticien(?:ne)?s? hospitali(?:er|ere)s?\b",
    ),
    _t(
        "ph",
        "praticien hospitalier (PH)",
        "hospital practitioner (PH)",
        r"(?<![-\w])phs?\b(?!-)(?! contractuel)(?! universitaire)",
        r"\bpraticien(?:ne)?s? hospitali(?:er|ere)s?\b(?! contractuel(?:le)?s?)(?! universitaires?)",
        r"\bhospital practitioners?\b",
    ),
    _t("ingenieur", "ingénieur", "engineer", r"\bingenieure?s?\b", r"\bengineers?\b", r"\b(?:ie|ir|ige|igr)\b"),
    _t(
        "chercheur",
        "chercheur",
        "researcher",
        r"\bchercheu(?:r|se)s?\b",
        r"\bresearchers?\b",
        r"(?<!mon )(?<!ma )(?<!my )(?<!son )(?<!sa )(?<!his )(?<!her )(?<!leur )\bchargee? de recherche\b",
        r"(?<!mon )(?<!ma )(?<!my )(?<!son )(?<!sa )(?<!his )(?<!her )(?<!leur )\b(?:crcn|crhc|cr1|cr2)\b",
    ),
    # The trades a programme may list among those it takes (Hauts potentiels: « chercheurs, ingénieurs, responsables
    # de plateformes, cadres administratifs ou encore chefs d'équipe »); "mon chef d'équipe" is someone else.
    _t(
        "cadre-administratif",
        "cadre administratif",
        "administrative manager",
        r"\bcadres? (?:administrati(?:f|fs|ve|ves)|de l'administration)\b",
        r"\b(?:administrative|admin) (?:managers?|officers?|executives?|staff)\b",
    ),
    _t(
        "chef-equipe",
        "chef d'équipe",
        "team leader",
        r"(?<!mon )(?<!ma )(?<!notre )(?<!son )(?<!sa )(?<!leur )(?<!votre )\bchef(?:fe)?s? d'equipe\b",
        r"(?<!my )(?<!our )(?<!his )(?<!her )(?<!their )(?<!your )\bteam (?:leaders?|heads?)\b",
    ),
    _t(
        "responsable-plateforme",
        "responsable de plateforme",
        "platform manager",
        r"(?<!mon )(?<!ma )(?<!notre )(?<!son )(?<!sa )(?<!leur )(?<!votre )\bresponsables? de (?:la )?plate-?formes?\b",
        r"(?<!my )(?<!our )(?<!his )(?<!her )(?<!their )(?<!your )\b(?:platform|core facility) (?:managers?|heads?|leaders?)\b",
    ),
    _t(
        "etudiant",
        "étudiant",
        "student",
        r"\betudiante?s?\b",
        r"\bstudents?\b",
        # A doctoral student is a student, not a hospital post ("doctorante en biologie").
        r"(?<!post-)(?<!post)(?<!des )(?<!les )(?<!une )(?<!un )(?<!mes )(?<!nos )(?<!ses )(?<!deux )(?<!trois )\bdoctorante?s?\b",
        r"\bdoctoral (?:students?|candidates?)\b",
    ),
)

PROFESSIONS = (
    _t(
        "medecin",
        "médecin",
        "physician",
        r"\bmedecins?\b",
        r"\ben medecine\b",
        r"\b(?:interne|internat|etudiante?|etudes|annee|externe|des|semestre) (?:en |de )(?:medecine|med)\b",
        r"\bin medicine\b",
        r"\b(?:physician|medical doctor|md)s?\b",
        r"\bmedical (?:resident|intern|student)s?\b",
        # A physician's specialty ("oncologue", "medical oncologist", "pédiatre"), not a scientist's ("biologiste").
        r"\b(?:onco|cardio|nephro|pneumo|neuro|gastro-?entero|hepato-?gastro-?entero|hemato|dermato|rhumato|endocrino"
        r"|gyneco|ophtalmo|ophthalmo|uro|gastro|geronto|stomato|diabeto|allergo|infectio|radio)(?:logue|logist)e?s?\b",
        # A physician's specialty as a field of training ("interne en 4e année de cardiologie"; not "biologie
        # médicale", which pharmacists train in too, nor a vet's "chirurgie des animaux").
        r"\b(?:interne|internat|residency|resident)\s+(?:en |de |d'|in )?(?:(?:\d+(?:e|eme|ere|er|th|st|nd|rd)?|premiere"
        r"|derniere|first|last|final) (?:annee|year) (?:de |d'|en |of |in )?)?(?:cardiologie|oncologie|pediatrie|psychiatrie"
        r"|chirurgie(?! dentaire| orale| des animaux| veterinaire)|anesthesie|radiologie|neurologie|pneumologie|nephrologie"
        r"|dermatologie|rhumatologie|endocrinologie|gynecologie|ophtalmologie|urologie|geriatrie|hematologie"
        r"|gastro-?enterologie|hepato-?gastro-?enterologie|medecine interne|medecine generale|medecine d'urgence"
        r"|reanimation|cardiology|oncology|pediatrics|psychiatry|surgery|anesthesiology|radiology|neurology"
        r"|internal medicine|general practice|emergency medicine)\b",
        r"\b(?:pediatre|pediatrician|psychiatre|psychiatrist|anesthesiste|anesthetist|anesthesiologist|urgentiste"
        r"|internist|generaliste|general practitioner|gp|radiotherapeute)s?\b",
        r"\bchirurgien(?:ne)?s?\b(?![- ]dentiste)|(?<!dental )(?<!oral )\bsurgeons?\b",
    ),
    _t(
        "pharmacien",
        "pharmacien",
        "pharmacist",
        r"\bpharmacien(?:ne)?s?\b",
        r"\ben pharmacie\b",
        r"\b(?:interne|internat|etudiante?|etudes|annee|externe|des|semestre) (?:en |de )pharma(?:cie)?\b",
        r"\bin pharmacy\b",
        r"\bpharmacy (?:resident|intern|student)s?\b",
        r"\bpharmacists?\b",
    ),
    _t(
        "odontologiste",
        "odontologiste",
        "dentist",
        r"\bodontologistes?\b",
        r"\ben (?:odontologie|chirurgie dentaire|odonto)\b",
        r"\b(?:interne|internat|etudiante?|etudes|annee) (?:en |d')(?:odontologie|chirurgie dentaire)\b",
        r"\bin dentistry\b",
        r"\bdentistes?\b",
        r"\bdentists?\b",
        r"\bdental (?:resident|intern|student|surgeon)s?\b",
    ),
    _t("veterinaire", "vétérinaire", "veterinarian", r"\bveterinaires?\b", r"\bvet(?:erinarian)?s?\b"),
    # Health and research professions no call names: enough to say "not one of those the text lists".
    _t(
        "autre-profession",
        "autre profession (infirmier, biologiste, sage-femme...)",
        "another profession (nurse, biologist, midwife...)",
        r"\binfirmier(?:e|s|es)?\b",
        r"\bnurses?\b",
        r"\bbiologistes?\b",
        r"\bbiologists?\b",
        r"\bsages?-femmes?\b",
        r"\bmidwi(?:fe|ves)\b",
        r"\bkinesitherapeutes?\b",
        r"\bphysiotherapists?\b",
        r"\bpsychologues?\b",
        r"\bpsychologists?\b",
    ),
)

DIPLOMAS = (
    _t(
        "master2-recherche",
        "master 2 recherche",
        "research master's (M2)",
        r"\bmaster ?2 (?:de )?recherche\b",
        r"\bm2 ?r(?:echerche)?\b",
        r"\b(?:m2|master ?2) (?:en )?research\b",
        r"\bresearch (?:m2|master ?2)\b",
        r"\bresearch master'?s?\b",
        r"\bmaster'?s? (?:degree )?in research\b",
    ),
    # A master 2 not said to be a research one: it does not settle "master2 recherche".
    _t(
        "master2",
        "master 2 (recherche ou non, à préciser)",
        "master's degree (research or not, to be said)",
        r"\bmaster ?2\b",
        r"\bm2\b",
        r"\bmaster'?s?\b",
    ),
    _t(
        "these-exercice",
        "thèse d'exercice",
        "practice thesis (thèse d'exercice)",
        r"\bthese d'exercice\b",
        r"\bmedical thesis\b",
        r"\bpractice thesis\b",
        # Said word for word in English: "my thesis of exercise", "the exercise thesis", "thesis d'exercice".
        r"\b(?:thesis|these) (?:of|for) (?:the )?(?:exercise|practice|practise)\b",
        r"\b(?:exercise|exercice) thesis\b",
        r"\bthesis d'exercice\b",
        # A doctorate in medicine, pharmacy or dentistry is a practice thesis, not a research one.
        r"\bdoctorat (?:d'etat )?en (?:medecine|pharmacie|chirurgie dentaire|odontologie)\b",
        r"\bdocteur en (?:medecine|pharmacie|chirurgie dentaire)\b",
        r"\b(?:md|pharmd)\b",
    ),
    _t(
        "doctorat",
        "doctorat (thèse de recherche)",
        "doctorate (PhD)",
        r"\bdoctorat\b",
        r"\bphd\b",
        r"\bthese (?:de sciences?|de recherche|en sciences?)\b",
        r"\bdoctorate\b",
    ),
)

CONTRACTS = (
    _t(
        "titulaire",
        "titulaire (fonctionnaire)",
        "tenured civil servant",
        r"\btitulaires?\b(?! d'| de | du | des | d )",
        r"\bfonctionnaires?\b",
        r"\btenured\b",
        r"\btitularise(?:e|s|es)?\b",
        r"\bcivil servant\b",
        # Recruited through a competitive exam ("recrutée au concours 2023"): a civil servant.
        r"\brecrutee?s? (?:au|par|sur) concours\b",
        r"\b(?:hired|recruited) (?:through|via|by) (?:a |the )?(?:competitive )?(?:exam|concours)\b",
    ),
    _t("cdi", "CDI", "permanent contract (CDI)", r"\bcdi\b", r"\bpermanent contract\b"),
    _t("cdd", "CDD", "fixed-term contract (CDD)", r"\bcdd\b", r"\bfixed[- ]term\b", r"\btemporary contract\b"),
)

EMPLOYERS = (
    _t(
        "chu",
        "centre hospitalier universitaire (CHU)",
        "university hospital (CHU)",
        r"\bchu\b",
        r"\bchru\b",
        r"\bcentres? hospitaliers? universitaires?\b",
        r"\buniversity hospital\b",
        # The university hospitals of Paris, Marseille and Lyon go by their own names.
        r"\bap-?h[pm]\b",
        r"\bassistance publique\b",
        r"\bhcl\b",
        r"\bhospices civils de lyon\b",
    ),
    _t(
        "crlc",
        "centre régional de lutte contre le cancer (CRLC)",
        "regional cancer centre (CRLC)",
        r"\bcrlcc?\b",
        r"\bclcc\b",
        r"\bcentres? (?:regionaux? )?de lutte contre le cancer\b",
        r"\bcancer cent(?:re|er)\b",
    ),
    _t(
        "clinique-privee",
        "clinique privée",
        "private clinic",
        r"\bcliniques? privees?\b",
        r"\bprivate (?:for-profit |non-profit )?(?:clinic|hospital)\b",
    ),
    _t(
        "autre-hopital",
        "centre hospitalier non universitaire",
        "non-university hospital",
        r"\bcentres? hospitaliers? (?:generaux|general|non universitaires?)\b",
        r"\bhopital general\b",
        r"\bch (?:general|generaux|non universitaire|peripherique|de proximite)\b",
        r"\bchg\b",
        r"\bhopita(?:l|ux) (?:peripherique|de proximite)s?\b",
        r"\bgeneral hospital\b",
        r"\bnon-university hospital\b",
    ),
    _t(
        "exercice-liberal",
        "exercice libéral (cabinet de ville)",
        "private practice",
        r"\b(?:medecin|praticien|pharmacien|dentiste|chirurgien-dentiste|generaliste|specialiste|infirmier|kine)"
        r"(?:ne|ienne|e)? (?:\w+ )?liberale?\b",
        r"\bcabinet (?:de ville|medical|liberal|prive|de groupe)\b",
        r"\binstallee? en (?:ville|cabinet|liberal)\b",
        r"\b(?:private|office-based) practice\b",
        r"\bin private practice\b",
    ),
    _t("inserm", "Inserm", "Inserm", r"\b(?:paye|remunere)e? par l'inserm\b", r"\bpaid by inserm\b"),
)

ALL = {term.id: term for group in (STATUSES, PROFESSIONS, DIPLOMAS, CONTRACTS, EMPLOYERS) for term in group}
# Values a criterion may name that are not profile words.
OTHER_LABELS = {
    "unite-inserm": ("une unité de recherche de l'Inserm", "an Inserm research unit"),
    "cic": ("centre d'investigation clinique (CIC)", "clinical investigation centre (CIC)"),
    "directeur-etablissement": (
        "l'accord du directeur de l'établissement hospitalier",
        "the hospital director's approval",
    ),
    "directeur-unite": ("l'accord du directeur de l'unité Inserm", "the Inserm unit director's approval"),
    "these-recherche": ("une thèse de recherche", "a research thesis (doctorate)"),
}


def find_all(text: str, group: tuple[Term, ...]) -> list[tuple[str, int]]:
    """(id, position) of each mention of a group's terms, in order; a match inside a longer one is dropped."""
    import re

    spans: list[tuple[int, int, str]] = []
    for term in group:
        for pattern in term.patterns:
            spans += [(m.start(), m.end(), term.id) for m in re.finditer(pattern, text)]
    kept = [
        s
        for s in spans
        if not any(o != s and o[0] <= s[0] and s[1] <= o[1] and o[1] - o[0] > s[1] - s[0] for o in spans)
    ]
    return [(term_id, start) for start, _, term_id in sorted(kept)]


def find(text: str, group: tuple[Term, ...]) -> list[str]:
    """Ids of the terms of a group that a folded text names, in order, each once."""
    return list(dict.fromkeys(term_id for term_id, _ in find_all(text, group)))


def label(value: str, lang: str = "fr") -> str:
    """The human label of a vocabulary id, in French or English."""
    if value in ALL:
        return ALL[value].fr if lang == "fr" else ALL[value].en
    fr, en = OTHER_LABELS.get(value, (value, value))
    return fr if lang == "fr" else en
