"""Who pays whom, as a question asks it ("c'est l'Inserm qui me paie ?", "is the hospital compensated?").

A funding fact of the rules says who pays whom (``assistant.rules.models.Payment``); a yes or no on it is
answered only when the question names, in a role that can be read, the party paid, and, if it names one,
the party paying. Anything less certain gets no yes or no: the funding sentences are quoted as they are.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.rules.models import Party
from assistant.rules.parser import negated
from assistant.text import asked_sentences, first_alternative, question_sentences

_ARTICLE = r"(?:(?:l'|le |la |les |mon |ma |mes |son |sa |leur |the |my |their |his |her |an? )\s*)?"

# Each party as questions name it, in a folded text (``text.fold``). The lab comes first: "l'unité Inserm" is a
# lab, not the institute; "un établissement hospitalier" is the hospital.
_PARTIES: tuple[tuple[Party, str], ...] = (
    (
        "lab",
        r"(?:(?:host|hosting|research|inserm) )?(?:labo|laboratoire|lab|unite|unit|equipe|team)s?"
        r"(?: (?:inserm|de recherche|d'accueil|research))?",
    ),
    (
        "hospital",
        r"(?:hopital|hospital|chu|chr|ch|ap-hp|aphp|hcl|ap-hm|etablissement(?: hospitalier| de sante| d'origine)?"
        r"|partenaire hospitalier|employeur|employer|institution|hospital trust)s?",
    ),
    ("university", r"(?:universite|university|fac|faculte|faculty)s?(?! hospital)"),
    ("inserm", r"inserm"),
)
_PARTY = {party: re.compile(rf"\b{_ARTICLE}(?P<who>{words})\b") for party, words in _PARTIES}

_PAY = (
    r"(?:paie|paient|paye|payee|payes|payees|payent|payer|paiera|payera|pay|pays|paid|paying|remunere|remunerent|remunerer|remunerera"
    r"|remuneree|verse|versent|verser|versera|versee|finance|financent|financer|financera|financee|funds?|funded"
    r"|compense|compensent|compenser|compensera|compensee|compensated|compensates?|indemnise|indemnisee|indemnisent"
    r"|indemniser|indemnisera|reimburse[sd]?|rembourse|remboursee|give|gives|giving|donne|donnent|donnera|accorde"
    r"|accordent|accordera|alloue|allouent|payroll)"
)
# The one a contract is for, named: "le praticien", "the doctor" (a yes or no on their pay is one on the applicant's).
_BENEFICIARY = (
    r"(?:clinician|practitioner|praticien|medecin|docteur|doctor|physician|pharmacien|pharmacist|beneficiary"
    r"|beneficiaire|laureate|laureat|applicant|candidat|fellow)e?s?"
)
# The applicant as the one paid: "me paie", "je suis payé", "mon salaire", "I get paid", "pay me", "my salary".
_APPLICANT_PAID = re.compile(
    rf"\b(?:me|m'|nous|vous) ?{_PAY}\b|\b(?:je|j'|on|nous|vous) (?:suis|serai|serais|reste|resterai|resterais"
    rf"|sommes|serons|restons|etes|serez|restez|continue a etre|continuerai a etre) (?:toujours |encore |bien )?{_PAY}"
    r"|\b(?:mon|ma|notre|votre) (?:salaire|remuneration|paie|paye|traitement)\b"
    rf"|\bmoi qui (?:suis|serai|serais|serait|sera) (?:\w+ )?{_PAY}"  # "c'est moi qui suis payé par l'Inserm ?"
    # the beneficiary's salary: "une partie du salaire du CCA", "the laureate's salary"
    r"|\b(?:salaire|remuneration|traitement|salary) (?:du|de la|des|d'un|d'une|of the|of an?) (?:cca|chefs? de clinique\w*"
    r"|laureate?s?|beneficiaire|praticien|candidate?|interne|winner|beneficiary|fellow)\b(?! rempla\w*| replacement)"
    rf"|\bi (?:am|will be|would be|get|stay|remain|keep being|still get)(?: still)? {_PAY}"
    rf"|\b{_PAY} (?:me|us)\b|\bmy (?:salary|pay|wage|wages)\b"
    # the beneficiary named: "does Inserm pay the clinician directly?", "l'Inserm paie le praticien ?"
    rf"|\b{_PAY} (?:directly |directement )?(?:the |le |la |les |her |his |their )?{_BENEFICIARY}\b"
    r"|\bpaid by\b[^?]{{0,30}}\bwhile i\b"
    rf"|\b(?:is|are|will|would) (?:the |our |his |her |their )?{_BENEFICIARY} (?:still )?(?:be )?(?:still )?{_PAY}\b"
    r"|\b(?:je|j') (?:garde|conserve|touche|toucherai|toucherais|percois|percevrai)\b|\bi (?:still )?(?:keep|receive|get) my\b"
    rf"|\b(?:will|would|am|do|shall|should) i (?:still )?(?:be|get|stay|remain)? ?(?:still )?{_PAY}"
    r"|\b(?:do|will|would|shall|should|can) i (?:still )?(?:get|receive|earn) (?:an? |any |some )?(?:\w+ )?"
    r"(?:salary|pay|wage|wages|stipend)\b"
    # The applicant an HR agent writes about: "elle reste payée par l'hôpital ?", "does she stay on the payroll?"
    # (a person said before "il": "le CI, il est financé par l'Inserm ?" is the contract)
    r"|\b(?:praticien\w*|ph|phc|phu|pu-ph|mcu-ph|medecin\w*|candidat\w*|agent\w*|collegue\w*|interne\w*|cca|chef\w*"
    r"|collaborat\w*|laureat\w*|beneficiaire\w*|docteur\w*|pharmacien\w*|chercheu\w*|ingenieu\w*|salarie\w*)\b"
    rf"[^?]*\b(?:il|elle|ils|elles) (?:est|sera|serait|reste|restera|resterait|demeure|continue a etre"
    rf"|continuera a etre) (?:toujours |encore |bien )?{_PAY}"
    rf"|\b(?:does|will|would|is|do|are) (?:he|she|they) (?:still )?(?:be |get |stay |remain )?(?:still )?{_PAY}"
    r"|\b(?:he|she|they) (?:stays?|remains?|is|will be|will stay|will remain) (?:still )?(?:paid|on (?:the |our |his |her "
    r"|their )?(?:\w+ )?payroll)"
    r"|\b(?:stay|remain)s? on (?:the |our |his |her |their |my )?(?:\w+ )?payroll\b"
)
# The party paying: "par l'Inserm", "by my hospital", "c'est l'Inserm qui paie", "l'Inserm me verse".
_BY = re.compile(r"\b(?:par|by|from|de la part de) (?P<rest>.+)")
_CLEFT = re.compile(r"\b(?:c'est|est-ce|is it|it is|it's) (?P<rest>.+?) (?:qui|that|who) ")
# A salary said with its payer as adjective: "mon salaire hospitalier", "my hospital salary".
_OWN_SALARY = re.compile(
    r"\b(?:salaire|remuneration|traitement) (?:hospitali(?:er|ere)|de l'hopital|du chu)\b"
    r"|\b(?:hospital|chu) (?:salary|pay|payroll)\b"
)
# A party followed by what it receives: "l'hôpital est-il compensé ?", "does the lab get money?".
_RECEIVES = (
    rf"(?:\s\w+){{0,2}}? (?:est|sera|serait|is|are|gets?|will get|receives?|recoit|recevra|touche|touchera|percoit)"
    rf"(?:-(?:il|elle|ils|elles))?(?: \w+)?\s*(?:{_PAY}|de l'argent|money|une? (?:indemnite|compensation|contrepartie"
    r"|financement)|funding|compensation|des credits|credits|un budget|a budget)"
)
_MONEY = (
    r"salaire|salary|remuneration|argent|money|financement|funding|indemnite|compensation|contrepartie|credits|budget"
)
_PARTICIPLE = r"(?:paid|compensated|funded|financed|reimbursed|remunerated|indemnified)"
# A party asked if it is paid, the verb first: "is the hospital compensated?", "does the lab get money?".
_ASKED_IF_PAID = (
    r"\b(?:(?:is|are|was|were)\s+{article}(?:{party})\s+(?:\w+\s+)?"
    + _PARTICIPLE
    + r"|(?:will|would|should)\s+{article}(?:{party})\s+(?:\w+\s+)?be\s+(?:\w+\s+)?"
    + _PARTICIPLE
    + r"|(?:does|do|will|would|est-ce que|est ce que)\s+{article}(?:{party})\s+(?:\w+\s+)?"
    r"(?:get|receive|recoit|recevra|touche|touchera|percoit)s?)\b"
)
# A wh-question ("pendant le CI, qui me paie ?", "who pays the hospital?") asks a party, not a yes or no; an
# either-or ("Inserm or my hospital?") is no yes or no either. The cleft "c'est l'Inserm qui me paie ?" is one.
_WH = re.compile(
    r"\b(?:qui|who|whom|which|what|quel|quelle|quels|quelles|combien|how|comment|ou|or|where|pourquoi|why)\b"
    # ("quand un de ses PH obtient un CI", "when I start": a clause of time, no question of when)
    r"|\b(?:quand|when)\b(?! (?:une?|le|la|les|l'|je|j'|il|elle|on|nous|vous|ils|elles|mon|ma|mes|son|sa|ses|leur"
    r"|a|an|the|i|he|she|we|they|my|his|her|their|its|our|your|you|one|someone|somebody)\b)"
    # ("quand l'hôpital reçoit-il la compensation ?": a subject, then the verb inverted, asks when)
    r"|\b(?:quand|when)\b[^?.,;]*\b\w+-(?:t-)?(?:il|elle|ils|elles|on)\b"
)
# What is paid, said as something other than the payment itself ("mes frais de déplacement", "mes gardes", "une
# prime", "une indemnité" for oneself): the funding sentences do not settle it either way (but a lab's money is for
# its costs: "money for the lab's research costs?").
_OTHER_THING = re.compile(
    r"\b(?:prime|bonus|deplacements?|travel|(?:mes|les|des|de|my) gardes?|astreintes?|heures|hours|overtime|indemnite"
    r"|allowance)\b"
)
_COSTS = re.compile(r"\b(?:frais|costs?|expenses?|depenses)\b")
# How much of it ("tout mon salaire", "plus", "an extra salary"): a yes is not settled by a sentence that says the
# payment, but a no is, by one that names another as the payee's only payer (no extra salary from Inserm when the
# hospital alone pays the practitioner).
_HOW_MUCH = re.compile(
    r"\b(?:tout|toute|totalite|totalement|entierement|integralement|100|entire|entirely|fully|whole|all of|plus|more"
    r"|extra|additional|supplementaire|supplement|augmente\w*|increase\w*|raise|second|deuxieme|2e|double|on top"
    r"|full(?![- ]time)|complete?|integrale?)\b"
)
# Money besides the applicant's salary ("des crédits pour le labo en plus du salaire ?"): no more of the lab's own.
_BESIDE_SALARY = re.compile(
    r"\ben plus (?:du|de (?:mon|son|leur|la)) (?:salaire|remuneration)\b"
    r"|\b(?:on top of|besides|in addition to) (?:the|my|his|her|their) (?:salary|pay)\b"
)
# The manner asked after the yes or no ("l'Inserm compense quelque chose à l'hôpital, et sous quelle forme ?"): the
# funding sentences quoted under the yes or no say it.
_MANNER = re.compile(
    r",?\s*\b(?:et|and) (?:sous quelle forme|comment|de quelle (?:maniere|facon)|how|in what (?:form|way)"
    r"|in which form)\s*(?=\?)"
)


# Each party's roles, compiled once: paying ("l'Inserm (me) paie …", with what follows), asked if it is paid ("is
# the hospital compensated?"), or paid ("à l'hôpital", "l'hôpital reçoit une compensation").
_PAYING = {
    party: re.compile(rf"{_PARTY[party].pattern}\s+(?:me |m'|nous |vous |lui |leur )?{_PAY}\b(?P<object>.*)")
    for party in _PARTY
}
_ASKED_IF = {party: re.compile(_ASKED_IF_PAID.format(article=_ARTICLE, party=words)) for party, words in _PARTIES}
_PAID_TO = {
    party: re.compile(rf"\b(?:a|au|aux|to|pour|for)\s+{_ARTICLE}(?:{words})\b|{_PARTY[party].pattern}{_RECEIVES}")
    for party, words in _PARTIES
}
_PAY_VERB = re.compile(rf"\b{_PAY}\b")
_ABOUT_PAY = re.compile(rf"\b{_PAY}\b|{_MONEY}")
_OTHER_PAYER = re.compile(
    r"\b(?:ministere|ministry|fondation|foundation|l'ars|ars|region|l'etat|the state|cnrs|anr|assurance"
    r" maladie|cpam|mutuelle)\b"
)
# A person named by the place they work at is the person, no party: "the hospital doctor", "hospital physicians".
_HOSPITAL_PERSON = re.compile(
    r"\bhospital (?=(?:doctor|physician|practitioner|clinician|consultant|pharmacist|dentist|staff)s?\b)"
)
_PROGRAMME_NAMES = re.compile(
    r"(?<!fondation )(?<!foundation )\b(?:programme )?(?:inserm[- ])?bettencourt\b|\bpostes? d'accueil (?:de l')?inserm\b"
)


# The programme itself said to pay ("le contrat d'interface paie mon salaire ?", "does the contract cover my salary?"):
# its own money, Inserm's, or what the text says the contract funds.
_PROGRAMME_PAYS = re.compile(
    r"\b(?:contrats?|contracts?|programmes?|programs?|dispositifs?|schemes?|postes?|positions?|parcours|ci|pa|cer|cca"
    r"|it|ca|cela)\b(?: [\w'-]+){0,4}? (?:lui-meme |itself )?(?:paie|paye|paiera|payera|finance|financera|couvre"
    r"|couvrira|verse|versera|prend en charge|pays?|funds?|covers?|finances)\b"
)


class AskedPayment(BaseModel):
    """The payment a yes or no question asks about: who is paid, and by whom when the question says it."""

    model_config = ConfigDict(frozen=True)

    payer: Party | None = None
    payee: Party
    negative: bool = Field(
        default=False, description="Asked in the negative ('l'Inserm ne me paie pas ?'): answered 'si', not 'oui'."
    )
    how_much: bool = Field(
        default=False,
        description="Asked of how much is paid ('an extra salary', 'tout mon salaire'): only a no settles it.",
    )
    by_programme: bool = Field(
        default=False,
        description="The programme itself asked to pay ('le CI paie mon salaire ?'): a yes from what the contract or "
        "Inserm pays, a no from another party named as the payee's only payer.",
    )


def _party(text: str) -> Party | None:
    """The one party a stretch of text names first, if any."""
    found = [(m.start(), party) for party, pattern in _PARTY.items() if (m := pattern.search(text))]
    return min(found)[1] if found else None


# Being an employee of a party is being paid by it: "je deviens salarié de l'Inserm ?", "am I employed by Inserm?".
_EMPLOYEE = re.compile(
    r"\b(?:deviens|deviendrai|deviendrais|devenir|serai|serais|become|will i be|would i be|am i|suis-je)\s+"
    r"(?:un |une |an? )?(?:salariee?|employee?|agent)\s+(?:de |du |d'|of |by )?(?P<rest>[\w' -]{2,30})"
)


def asked_payment(folded: str) -> AskedPayment | None:
    """The payment a message asks about, from its first question that asks one ("Avec un CI, qui me paie ? Je deviens
    salarié de l'Inserm ?" → Inserm pays the applicant?)."""
    folded = _MANNER.sub("", first_alternative(folded))  # "money for the lab, or only the salary?": for the lab
    for question in question_sentences(folded):
        if (asked := _asked_payment(question)) is not None:
            return asked
    return _asked_payment(folded)


def _asked_payment(folded: str) -> AskedPayment | None:
    """The payment a folded yes or no question asks about ("c'est l'Inserm qui me paie ?" → Inserm pays the
    applicant; "l'hôpital est-il indemnisé ?" → the hospital is paid); None for a wh-question or when the party
    paid cannot be told."""
    folded = _PROGRAMME_NAMES.sub(" ", folded)  # "CCA Inserm-Bettencourt" names no party
    folded = _HOSPITAL_PERSON.sub("", folded)  # "does Inserm pay the hospital doctor?": the doctor
    if _OTHER_PAYER.search(folded):
        return None  # "le ministère paie le salaire du CCA ?": a payer the texts never name
    employee = _EMPLOYEE.search(folded)
    if employee is not None and not _WH.search(folded) and (employer := _party(employee.group("rest"))):
        return AskedPayment(payer=employer, payee="applicant", negative=negated(folded))
    if not _ABOUT_PAY.search(folded):
        return None
    if _WH.search(_CLEFT.sub(" ", folded)):
        return None
    payer: Party | None = None
    if (by := _BY.search(folded)) is not None:
        payer = _party(by.group("rest")[:40])
    if payer is None and (cleft := _CLEFT.search(folded)) is not None:
        payer = _party(cleft.group("rest"))
    if payer is None and _OWN_SALARY.search(folded):
        payer = "hospital"
    paid: Party | None = None  # the object of "l'Inserm paie l'hôpital"
    asked = {party for party, pattern in _ASKED_IF.items() if pattern.search(folded)}  # paid, not paying
    programme_pays = _PROGRAMME_PAYS.search(folded) if payer is None else None
    by_programme = programme_pays is not None
    if programme_pays is not None:  # "le CI paie l'hôpital ?": the hospital
        paid = _party(folded[programme_pays.end() : programme_pays.end() + 30].split(" pour ")[0])
    if payer is None and not by_programme:
        for party, pattern in _PAYING.items():
            if party in asked:
                continue
            if (m := pattern.search(folded)) is not None:
                payer, paid = party, _party(m.group("object")[:30].split(" pour ")[0])
                break
    payees: list[Party] = ["applicant"] if _APPLICANT_PAID.search(folded) else [paid] if paid else []
    for party, pattern in _PAID_TO.items():
        if party != payer and party not in payees and (party in asked or pattern.search(folded)):
            payees.append(party)
    # Two parties that may be the one paid ("le labo reçoit-il un financement pour mon salaire ?"): no yes or no.
    if len(payees) != 1 or payees[0] == payer:
        return None
    payee = payees[0]
    if _OTHER_THING.search(folded) or (payee != "lab" and _COSTS.search(folded)):
        return None  # (a lab's money is for its costs: "money for the lab's research costs?")
    asked_in = " ".join(re.findall(r"[^.!?]*\?", folded)) or folded  # the sentences that ask, not the greeting
    if payer is None and any(p != payee and _PARTY[p].search(asked_in) for p in _PARTY):
        return None  # "est-ce que mon hôpital continue de me payer ?": a party named in no role that can be read
    # The negation of the ask itself, not of a clause after it ("… for the time he will no longer spend with us").
    verb = _PAY_VERB.search(folded)
    ask = folded[: verb.end() + 12] if verb is not None else folded
    # (from the ask's own clause: "je n'ai pas su répondre… : est-ce l'Inserm qui me paie ?" is not negative)
    start = max(folded.rfind(mark, 0, verb.start() if verb else len(folded)) for mark in ".:;") + 1
    return AskedPayment(
        payer=payer,
        payee=payee,
        negative=negated(ask[start:]),
        how_much=_HOW_MUCH.search(folded if payee == "applicant" else _BESIDE_SALARY.sub(" ", folded)) is not None,
        by_programme=by_programme,
    )


# Funding held elsewhere, said of oneself (or of students like oneself): "j'ai déjà un financement ENS", "je suis déjà
# financé par l'École de l'Inserm", "I already have ENS funding", "les étudiants qui ont déjà une bourse" (not "le CER
# est-il déjà financé ?", nor a funding that has ended).
_HELD_ELSEWHERE = re.compile(
    r"\b(?:je suis|j'suis|suis|i am|i'm|im)\s+(?:deja |already )?(?:financee?|funded)\b"
    r"|(?:^\W*|\b(?:deja|already) )(?:financee?|funded) (?:par|by) (?:l'ens|ens|l'ecole|the ens|the ecole|une? |mon |ma"
    r" |my |an? )"
    r"|\b(?:j'ai|jai|i have|i've|ive|i already have|i've already got|je touche|je percois|i get|i receive|qui ont|ayant"
    r"|possedant|who have|who already have)\s+(?:deja |already )?(?:un |une |an? |my |des )?(?:[\w']+ ){0,3}"
    r"(?:financements?|bourses?|funding|stipends?|grants?|scholarships?|allocations?)\b"
)
_ENDED = re.compile(r"\b(?:termine\w*|fini\w*|ended|finished|expired|over|arrete\w*|plus de financement)\b")
# Another funding named as what is combined ("avec ma bourse ENS", "with my École de l'Inserm funding").
_OTHER_FUNDING_NAMED = re.compile(
    r"\b(?:bourses?|autres? financements?|other funding|stipends?|grants?|scholarships?|ens|ecole de l'inserm"
    r"|(?:mon|ma|my|un|une|an?) (?:\w+ )?(?:financement|funding))\b"
)
# Adding one pay to the other ("cumuler", "combine", "on top of"), or being taken all the same ("être inclus",
# "entrer", "join", "still be part of it"); the pay itself asked beside joining ("inclus avec financement ?").
_COMBINE = re.compile(r"\bcumul\w*|\bcombin\w*|\bon top of\b")
_JOIN = re.compile(
    r"\b(?:inclus\w*|integr\w*|entrer|rentrer|rejoindre|faire partie|participer|candidater|postuler|beneficier"
    r"|join|be part|be included|take part|get in|enter|apply)\b"
)
_PAY_ASKED = re.compile(r"\b(?:avec (?:le |son )?financement|remuneration|paid|pay|salaire|salary|toucher|touche)\b")


def asked_other_funding(folded: str) -> Literal["combine", "join"] | None:
    """What a funding question asks of funding held elsewhere: whether the pay adds to it ("je peux cumuler avec ma
    bourse ENS ?"), or whether one who holds it is still taken ("déjà financé, je peux quand même entrer dans le CER
    ?"), in the sentences that ask; None otherwise."""
    asked = asked_sentences(folded)
    if negated(asked) or _ENDED.search(folded):
        return None
    held = _HELD_ELSEWHERE.search(folded)
    if _COMBINE.search(asked) and (held or _OTHER_FUNDING_NAMED.search(asked)):
        return "combine"
    if held and _JOIN.search(asked) and not _PAY_ASKED.search(asked):
        return "join"
    return None
