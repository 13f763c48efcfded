"""Deterministic question understanding: which intent, which programmes, which profile.

Readable rules, not a model: French and English phrasings of each intent,
programme aliases (``corpus/programmes.yaml``), statuses and other profile
words (``vocabulary``), and numbers ("depuis 12 ans", "since 4 years"). A
question it does not recognise returns None and goes to retrieval.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Literal

from assistant.programmes import Programme, asked_about, mentioned, subject
from assistant.rules.eligibility import Profile, canonical_diploma
from assistant.rules.engine import FACT_KINDS, AlsoKind, Intent, IntentKind
from assistant.rules.models import CriterionKind, EventKind
from assistant.rules.vocabulary import ALL, CONTRACTS, DIPLOMAS, EMPLOYERS, PROFESSIONS, STATUSES, Term, find, find_all
from assistant.text import PAST_ACT, first_alternative, fold, normalise

# A host, not a head of one ("mon chef d'équipe peut être mon encadrant ?", "can my unit head be…"): the nouns of
# the place, then what says where one is hosted or who heads it.
_HOSTING = r"(?: d(?:'|\s)accueil)?\b"
_NOT_A_HEAD = r"(?! (?:head|director|chief|leader|manager|supervisor)\b)"
# Where the applicant would be hosted, asked as an option: "le labo d'accueil peut être un CIC ?", "can my host lab be
# a clinical investigation centre?" (the host condition).
HOST_MAY_BE = re.compile(
    rf"(?<!d')\b(?:labo(?:ratoire)?|lab|laboratory|unite|unit|structure|equipe|team|host)s?{_HOSTING}{_NOT_A_HEAD}"
    r"[^?.]{0,40}?"
    r"\b(?:peu[xt]|peuvent|pourrai[st]?|pourraient|can|could|may)(?:-(?:il|elle))? (?:aussi |also |bien |quand meme )?"
    r"(?:etre|be) (?=(?:un|une|a|an|dans|in|at|hosted|accueillie?)\b)"
    r"|\b(?:can|could|may) (?:my |the |our |her |his |their )?(?:host )?(?:lab|laboratory|unit|team|host)s?\b"
    rf"{_NOT_A_HEAD}[^?.]{{0,40}}?\bbe (?=(?:a|an|in|at|hosted)\b)"
    # "is a CIC ok as host?", "un CIC ça va comme labo d'accueil ?"
    r"|\b(?:is|are) (?P<option>(?:a |an )?[\w-]+) (?:ok|okay|fine|acceptable|accepted|allowed) as (?:a |the |my )?host\b"
    r"|\b(?:ca va|c'est bon|c'est ok|ca passe|accepte|acceptee?) comme (?:labo|laboratoire|unite|structure) d'accueil\b"
    # "on peut faire son poste d'accueil dans un CIC ?", "can I do my PhD in a CIC?"
    r"|\b(?:faire|effectuer|realiser|do|carry out)\b (?:son|mon|sa|ma|le|la|his|her|my|the) (?:postes? d(?:'|\s)accueil|these|phd|contrat"
    r"|projet|project|recherche|research|pa|ci)\b[^?.]{0,20}?\b(?:dans|en|au sein d'|in|at) (?=(?:un|une|a|an)\b)"
    # "un CIC peut-il être lieu d'accueil ?", "can a CIC be the host lab?": the option first
    r"|\b(?P<option_first>(?:un|une|le|la|a|an|the) [\w'-]+(?: [\w'-]+)?) (?:peut-il|peut-elle|peut|pourrait|can|could|may)"
    r" (?:aussi |also |bien |quand meme )?(?:etre|be|serve as|servir de) (?:un |une |le |la |the |a |an |my |mon )?"
    r"(?:lieu|labo(?:ratoire)?|lab|laboratory|structure|unite|unit|host|site|place)s?"
    r"(?: (?:d'accueil|of hosting|for hosting|hote|host|lab|laboratory))?\b"
    r"|\b(?:can|could|may) (?P<option_asked>(?:a|an|the) [\w'-]+(?: [\w'-]+)?) (?:also |still )?(?:be|serve as)"
    r" (?:the |a |an |my |our )?(?:host|lab|laboratory|unit|place|site)s?\b"
    # "could I be hosted in a CIC instead?", "je peux être accueillie dans un CIC ?"
    r"|\b(?:can|could|may) (?:i|we|she|he|they|one) (?:also |still )?be hosted (?:in|at|by) (?=(?:a|an)\b)"
    r"|\b(?:puis-je|je peux|pourrais-je|peut-on|on peut|peut-elle|peut-il|elle peut|il peut) (?:aussi |quand meme )?"
    r"(?:etre )?accueilli(?:e|s|es)? (?:dans|en|au sein d') (?=(?:un|une)\b)"
)
# The host condition asked as a requirement: "le labo doit forcément être Inserm ?", "does the host lab have to be an
# Inserm one?".
HOST_REQUIRED = re.compile(
    rf"(?<!d')\b(?:labo(?:ratoire)?|lab|laboratory|unite|unit|structure|host)s?{_HOSTING}{_NOT_A_HEAD}[^?.]{{0,30}}?"
    r"\b(?:doit|doivent|has to|have to|must|needs? to)(?: forcement| obligatoirement| necessarily| absolument)? (?:etre|be)"
    # (Inserm itself, no other option nor choice: not "un CIC", "à Paris", "Inserm ou CNRS", "100 % Inserm")
    r" (?:une? |an? )?(?:(?:unite|unit|labo|lab|laboratoire|laboratory|structure)s? )?(?:de recherche |research )?"
    r"(?:de l'|d')?inserm(?: one| unit| research unit)?\b(?![^?]{0,40}\b(?:ou|or)\b)"
)
# Any host asked for ("le labo ça peut être n'importe lequel ?", "can it be any lab?"): the host condition, a "non"
# when the text names where.
HOST_ANY = re.compile(
    r"\b(?:labo\w*|lab|laboratory|unite|unit|equipe|team|structure|host)s?\b[^?.]{0,30}\bn'importe (?:lequel|laquelle"
    r"|quel(?:le)?s?|ou|lesquels)\b|\bn'importe (?:quel(?:le)?|quels|quelles) (?:labo\w*|unite|equipe|structure)s?\b"
    r"|\b(?:any|whichever|whatever) (?:lab|laboratory|unit|team|host)s?\b(?! (?:is|are) (?:ok|fine))"
    r"|\b(?:labo|lab|laboratoire|unite|equipe) de mon choix\b|\b(?:lab|laboratory|unit) of my choice\b"
)
# Intents in the order they are tried: the first that matches wins ("jusqu'à quand peut-on
# candidater" asks for a deadline, not for eligibility).
# A moment other than the deadline's, at which one would apply.
_LATER = (
    r"\b(?:la semaine prochaine|next week|demain|tomorrow|apres-demain|des maintenant|right now|plus tard|later"
    r"|instead|ce soir|tonight|ce week-end|this weekend|lundi|monday|en (?:janvier|fevrier|mars|avril|mai|juin"
    r"|juillet|aout|septembre|octobre|novembre|decembre)|in (?:january|february|march|april|may|june|july|august"
    r"|september|october|november|december)|a la rentree|after the summer"
    r"|(?:dans|in) (?:\d{1,3}|une|an|one|deux|two) ?(?:min(?:ute)?s?|mn|h|heures?|hours?))\b"
)
# A start asked as being in place already, or not yet ("le CER est-il déjà en place ?").
_IN_PLACE = r"\b(?:deja|already|pas encore|not yet)\s+(?:\w+\s+)?(?:en place|in place|mise? en place|up and running)\b"
# The start of a promotion ("début de la promo").
_PROMOTION_START = r"\b(?:debut|demarrage|rentree) (?:de la |du |of the )?(?:promo(?:tion)?|parcours|cohorte?)\b"
# A length one asks to do: "je peux faire 4 ans ?", "can I stay 4 years?" (a length, even from someone who says who
# they are).
_CAN_I_DO_A_LENGTH = (
    r"\b(?:peux|puis|peut|pourrai|pourrais)(?:-je|-on)? (?:faire|rester|effectuer|prolonger|travailler) \d+ (?:ans?|annees"
    r"|mois)|\bcan (?:i|we|one) (?:do|stay|spend|work|extend) (?:it )?(?:for )?\d+ (?:years?|months?)"
)
# (a length done before applying is the applicant's: "faire 1 an de master 2 puis candidater au CER ?")
_THEN_APPLY = re.compile(
    r"\b(?:puis|ensuite|then|avant de|before)\b[^?.]{0,20}\b(?:candidater|postuler|apply|applying)\b"
)
# Approvals asked for: "faut-il l'accord de mon hôpital ?", "do I need any approvals?", "quels accords ?".
_APPROVALS_ASKED = re.compile(
    r"\b(?:do|does|would|will) (?:i|we|one|you|he|she|they) (?:need|require)\b[^?]{0,30}\b(?:approvals?|consents?"
    r"|agreements?|sign-?offs?|authori[sz]ations?)\b|\b(?:faut-il|faut|faudra-t-il|besoin d(?:e |')|necessite)"
    r" ?(?:l'|un |une |les |des |d')?(?:accords?|autorisations?|aval)\b"
    r"|\bquel(?:le)?s (?:accords|autorisations)\b|\b(?:what|which) (?:approvals|authori[sz]ations)\b"
    r"|\bapprovals? (?:are |is )?(?:required|needed)\b"
)


# A step asked of every applicant ("tout le monde passe une audition ?", "is everyone interviewed?").
EVERYONE_STEP = re.compile(
    r"\b(?:tout le monde|tous les candidats|toutes les candidates|chaque candidate?|everyone|everybody"
    r"|every (?:applicant|candidate)|all (?:the )?(?:applicants|candidates))"
    r"(?: (?:qui|who) (?:candidate|candidatent|postule|postulent|applies|apply))?(?: (?:pour|au|aux|a la|for|to)"
    r" [\w' -]{0,40}?)?"
    r" (?:(?:passe|passent|aura|auront|a|ont|est|sont|sera|seront|gets?|will get|has|have|goes|go)(?: droit a)?"
    r" (?:une |un |l'|an |a )?(?:audition|oral|entretien|interview)|(?:est|sont|sera|seront|(?:will )?be)"
    r" (?:auditionnee?s?|interviewed))\b(?![^?]*\b(?:preselect\w*|shortlist\w*|apres|after)\b)"
    # "is everyone who applies for a CI interviewed?"
    r"|\b(?:is|are|will|does|do)\s+(?:everyone|everybody|every (?:applicant|candidate)|all (?:the )?(?:applicants"
    r"|candidates))(?: (?:who|that) appl(?:y|ies))?(?: (?:for|to) [\w' -]{0,40}?)? (?:be )?(?:interviewed|get an interview"
    r"|have an interview)\b(?![^?]*\b(?:preselect\w*|shortlist\w*|after)\b)"
)
_INTENTS: tuple[tuple[IntentKind, str], ...] = (
    (
        "duration",
        _CAN_I_DO_A_LENGTH
        + r"|\bhow much time (?:does|do|will|would) (?:[\w'-]+ ){0,6}(?:take|require|need|involve|last)\b"
        r"|\b\d+ (?:ans|annees|mois) (?:obligatoire(?:ment)?|forcement|minimum)\b|\b(?:obligatoirement|forcement) \d+ (?:ans|annees|mois)\b"
        r"|\b(?:is it|must it be|does it have to be) (?:always |necessarily )?\d+ (?:years|months)\b"
        r"|^(?![\s\S]*\b(?:appel|inscri\w*|candidatures?|depot|call|registration|applications?)\b)[\s\S]*?"
        r"(?:\bdure(?:nt|ra|ront)? jusqu'(?:a|au) quand\b|\b(?:financ\w*|soutien|paye|remuner\w*|funded|paid) [^?]{0,30}"
        r"jusqu'(?:a|au) quand\b|\bjusqu'(?:a|au) quand (?:dure(?:nt|ra|ront)?|va durer)\b"
        r"|\blasts? until when\b|\buntil when does (?:it|the \w+) last\b)",
    ),
    (
        "suggest",
        r"quel(?:le)?s? (?:dispositif|programme|parcours|appel)s?\b(?! hauts?)|which (?:inserm )?(?:programme|program|scheme|call)"
        r"|what (?:programme|program|scheme) (?:is|would|should|could|fits|suits)|a quoi (?:puis-je|je peux|pourrais-je)"
        r"|\b(?:lequel|laquelle|lesquel(?:le)?s)(?: des (?:deux|trois|programmes|dispositifs))? (?:choisir|prendre"
        r"|me (?:conviendrai(?:en)?t|convien(?:nen)?t|concerne(?:nt)?|correspond(?:ent)?|va|vont|irai(?:en)?t)|est pour moi|est (?:fait|faite|adapte|adaptee) pour moi"
        r"|permet(?:tent|trai(?:en)?t)?|laisse(?:nt)?|garde(?:nt)?|convien(?:nen)?t|conviendrai(?:en)?t)\b"
        r"|\b(?:lequel|laquelle) (?:des deux )?(?:vise|cible|s'adresse a)\b|\bwhich (?:one )?(?:targets|is aimed at|is meant for)\b"
        # "lequel est prévu pour ce profil ?", "which one is designed for someone like her?"
        r"|\b(?:lequel|laquelle|lesquel(?:le)?s|which(?: one)?) (?:est|serait|sont|is|would be) (?:le plus |the most |best )?"
        r"(?:prevue?s?|faite?s?|concue?s?|destinee?s?|adaptee?s?|pensee?s?|meant|designed|intended|suited) (?:pour|for)"
        r" (?:moi|me|mon|ma|ce|cette|cet|un|une|a|an|someone|quelqu'un|people|celui|celle|ceux|this|my|her|his|them|eux|elle"
        r"|lui|(?:les|des|le|la|l'|the) ?(?!(?:janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre"
        r"|decembre|january|february|march|april|may|june|july|august|september|october|november|december|\d)))"
        r"|\b(?:lequel|laquelle|lesquel(?:le)?s) (?:[\w'-]+ ){0,2}(?:correspond(?:ent)?|convien(?:nen)?t|s'appliquen?t|colle(?:nt)?)"
        r" (?:a|avec) (?:mon|ma) (?:profil|situation|cas|parcours)\b"
        r"|\bwhich (?:one )?(?:should i|to) (?:choose|pick)\b|\bwhich (?:fits|suits) me\b"
        r"|\bwhich (?:is|would be) (?:better|best|right) for me\b"
        r"|\bwhich (?:one|of (?:the|these|them|the two)(?: \w+)?) (?:fits|suits|applies to|concerns|is for|is right for"
        r"|is better for|lets|allows|would (?:fit|suit))\b"
        r"|\b(?:quelles? (?:sont les |est la )?|what(?:'s| is| are) the )differences? (?:entre|between)\b"
        r"|\bhow do (?:the )?[^?]{2,40}\b(?:and|et)\b[^?]{2,40}\bdiffer\b"
        r"|\ben quoi (?:les? |la |l')?[^?]{2,40}\bet\b[^?]{2,40}\b(?:sont(?:-ils|-elles)? differente?s|different|se distinguent)"
        r"|\b(?:il y a|y a-t-il|existe-t-il|y aurait-il) (?:autre chose|d'autres (?:dispositifs|programmes|possibilites|options))"
        r"\s*\?|\b(?:is there|are there) (?:something|anything) else\s*\?|\bany other (?:programmes?|options|schemes?)\b",
    ),
    (
        "deadline",
        r"date limite|deadline|jusqu'(?:a|au) quand|cloture|dernier delai|encore ouvert|toujours ouvert|still open"
        r"|\bdate et (?:l'|l )?heure limites?\b|\bheure limite\b"  # "c'est quoi la date et l'heure limite de dépôt ?"
        r"|(?<!')\b(?:c'est|est-ce|est-il|est-elle|sont-ils|sont-elles|is it|are they|is the \w+) (?:\w+ ){0,3}"
        r"(?:ouverte?s?|open)\b(?! (?:a|aux|to|pour|for)\b(?! (?:candidatures?|inscriptions?|depots?|applications?)\b))"
        r"|is (?:it|the call) (?:still )?open|\b(?:is|are) (?:any|one|some) of (?:[\w'()-]+ ){1,7}(?:currently |still )?open\b"
        r"|\bwhich (?:ones? |of them )?(?:is|are) (?:currently |still )?open\b|combien de (?:jours|temps|semaines|heures) (?:(?:il|me|nous|vous|lui) ){0,2}rest"
        r"|how (?:many|much) (?:days|time)(?! (?:of|per|a year|off|does|do|will|would|is (?:needed|required|involved))\b)|\b(?:il )?(?:me|nous|vous|lui|leur) rest(?:e|ent) combien\b"
        r"|\bhave (?:\w+ )?left\b|\btime (?:left|remaining)\b|\bremaining time\b|\bencore bon\b"
        r"|(?<!dure )(?<!durer )(?<!rester )(?<!reste )\bencore (?:\w+ )?combien de (?:jours|temps|semaines|heures)\b"
        r"|days left|jours restants|trop tard|too late|avant quand|due date|when (?:is|are) (?:\w+ )*(?:due|closing)"
        r"|\b(?:encore|toujours|still) (?:possible|faisable|jouable)(?: (?:aujourd'hui|today|ce soir|tonight|la|now|maintenant))?"
        r"\s*(?:\?|$)"
        r"|\b(?:encore|toujours|still) possible (?:de (?:candidater|postuler|deposer|s'inscrire)|to (?:apply|submit))\b"
        r"|quand (?!meme\b)(?:[\w'-]+ )*(?:deposer|candidater|postuler|envoyer|rendre)|until when|by when|closing date"
        r"|when (?:must|should|do) i (?:apply|submit|send)|when (?:can|do) (?:i|we) apply"
        r"|jusqu'(?:a|au) quelle (?:heure|date)|a quelle heure|what time|\bopen call\b|appel (?:est )?(?:encore )?ouvert"
        r"|still accepting|\bencore (?:\w+ ){0,3}(?:candidater|postuler|deposer|envoyer|s'inscrire)"
        # "on peut toujours candidater ?" ("tjs"): still, not always
        r"|\b(?:peux|peut|pouvons|pouvez|puis-je|peut-on|pourrais|pourrait)(?: \w+)? toujours (?:\w+ ){0,2}"
        r"(?:candidater|postuler|deposer|envoyer|s'inscrire)\b"
        # (nothing said after it that makes "toujours" always, or asks a verdict: "… en CDD", "… sans l'accord")
        r"(?![^?]*\b(?:si|sans|en|avec|meme|par|plusieurs|chaque|deux|fois|annee|comme|tant)\b)"
        r"|still (?:\w+ ){0,3}(?:apply|submit|send|register|e-?mail)|encore possible (?:de |d')(?:candidater|postuler|deposer|envoyer)"
        r"|\bopen (?:at the moment|currently|today)\b(?! (?:to|for)\b)"
        # (for a call, not for a group: "pour les CI", not "pour les vétérinaires")
        r"|\b(?:inscriptions?|candidatures?)\b(?:(?! (?:pour|aux?|to|for) (?!(?:les |le |la |l'|the )?(?:ci|pa|hp|cer|contrats?"
        r"|postes?|hauts?|parcours|programmes?|dispositifs?)\b))[^?]){0,40}\b(?:sont|est) (?:deja |encore |bien |toujours )?"
        r"ouvertes?\b(?! (?:a|aux|pour|to|for)\b)"
        r"|\b(?:are|is) (?:the )?(?:registrations?|applications?|submissions?)\b[^?]{0,50}\bopen\b(?! (?:to|for)\b)"
        r"|\bstill (?:in time|on time|(?:ok|okay|fine|alright) to (?:submit|apply|send|register|upload))\b|\b(?:ca|c'|cela) passe(?:ra|rait)? (?:encore|toujours)\b"
        r"|\bencore le temps\b|\bstill (?:have )?time\b"
        r"|\b(?:suis-je|je suis|j'suis|on est|sommes-nous|am i|are we|is it|c'est|ca reste) (?:encore |toujours |still |bien )?"
        r"(?:dans les temps|in time)\s*\?|\bcut-?off\b|\bdate butoir\b|\bfin des (?:depots|candidatures|inscriptions)"
        r"|\blast (?:day|date) to\b|\bdernier jour pour\b|\bderniere date pour\b|\bencore temps\b"
        r"|\bc'est (?:mort|fichu|cuit|rape|foutu)\b"
        # Having missed it: "j'ai raté la date ?", "did I miss the deadline?" (not a document missed)
        r"|\b(?:j'ai|ai-je|have i|did i) (?:deja |already |just )?(?:rate|loupe|manque|missed|miss)"
        r" (?:la |le |l'|the )?(?:date limite|deadline|cut-?off|delai|coche|date|it\b)\b"
        r"(?! (?:de |d'|of )(?:la |l'|the )?(?:preselection|audition|interview|resultat|result))|\btolerance\b(?! (?:sur|on|for) )|\bgrace period\b|\bdelai (?:de grace|supplementaire)\b|\blate (?:submission|application)s?\b"
        r"|\b(?:can|could|may) (?:i|we) (?:already|now) (?:submit|apply|send)\b|\b(?:deja|des maintenant) (?:deposer|envoyer|soumettre)\b"
        # Applying now: "on peut déposer maintenant ?", "can I apply now?"
        # (not where, how, what or to whom to send now: "que dois-je envoyer maintenant ?", "un mail au contact")
        r"|^(?![^?]*\b(?:ou(?! (?:je|j'|on|il|pas|bien|dois)\b)|comment|where|how|qui|who|whom|quoi|que|qu'|quels?|quelles?"
        r"|what|which|contacts?|mails?|e-mails?|emails?|lettres?|letters?|documents?|pieces?)\b)[^?]*\b(?:candidater|postuler"
        r"|deposer|envoyer|soumettre|apply|submit|send)\b[^?.]{0,60}? (?:des )?(?:maintenant|aujourd'hui|des a present"
        r"|right now|now)(?: ou (?:je dois |il faut |faut-il )?attendre| or (?:should i |do i )?wait)?\s*\?"
        r"|\bouverte?s? (?:en ce moment|actuellement|maintenant|aujourd'hui)\b(?! (?:a|aux|pour)\b)"
        r"|\b(?:currently|now) open\b(?! (?:to|for)\b)|\bopen (?:right )?now\b(?! (?:to|for)\b)"
        # Applying now, asked last: "je voulais postuler au HP, c'est possible en ce moment ?" (not "actuellement en
        # disponibilité, puis-je candidater ?", nor where or how to apply now).
        r"|^(?![^?]*\b(?:ou|comment|where|how|qui|who)\b)[^?]*\b(?:candidater|postuler|deposer|envoyer|soumettre|submit"
        r"|apply|send|possible)\b[^?]{0,60}\b(?:en ce moment|actuellement|currently|at the moment)\s*\?"
        r"|\bdl\s*\?+\s*$"  # "PA dl ?": the deadline
        # "PA ouvert ?", "CI open?" (not "le parcours m'est-il ouvert ?", which asks a verdict)
        # (nor "combien de postes sont ouverts ?", which asks a number)
        r"|^\W*(?![^?]*\b(?:m'|t'|lui|leur|nous|vous|me|moi|combien|quels?|quelles?|lequel|laquelle|lesquel\w*|how"
        r"|which|what|qui|who|ou|where|pourquoi|why)\b)(?:[\w'-]+ ){1,5}(?:ouverte?s?|open)\s*\?+\s*$"
        # "Lequel est ouvert aux candidatures en ce moment ?": which call is open now.
        r"|\b(?:lequel|laquelle|lesquels|lesquelles|which (?:one|ones|calls?|programmes?))\b[^?]{0,30}\b(?:est|sont|is|are)"
        r" (?:encore |still |currently )?(?:ouverte?s?|open)\b"
        r"|\bget (?:my|the|an) application in\b"
        r"|\bferme(?:nt|ra|ront)?\b|\bcloses? (?:first|when|on|at)\b"
        r"|\bwhen (?:does|do|will) (?:[\w'-]+ ){1,6}close\b|\bwhich (?:one )?closes\b"
        # Applying at a moment: "je pourrai candidater en octobre ?", "could I submit it next week instead?"
        rf"|\b(?:candidater|postuler|deposer|depose|envoyer|envoie|soumettre|soumets|submit|apply|send)\b[^?]{{0,60}}"
        rf"(?:{_LATER})"
        rf"|(?:{_LATER})[^?]{{0,30}}\b(?:candidater|postuler|deposer|envoyer|soumettre|submit|apply|send)\b",
    ),
    (
        "eligibility",
        r"\beligib|puis-je (?:candidater|postuler|demander|beneficier|pretendre|obtenir|deposer|soumettre)|est-ce que je peux"
        r"|ai-je le droit|can i (?:still |even |also )?(?:apply|benefit|join|take part|participate|enter)|can i get (?:in|into|accepted|selected|a place|a spot|one)\b|could i (?:apply|join|enter|get in|take part)|am i allowed|qui peut(?! me | m')|who (?:can|may)(?! i | we )"
        r"|who is allowed|(?:m'|lui |leur |nous )?(?:est|sont)-(?:il|elle|ils|elles) ouverts? (?:a|aux)\b(?! (?:candidatures?|inscriptions?|depots?)\b)|m'est-(?:il|elle) ouvert"
        r"|\b(?:me|nous|lui|leur) (?:est|sont)-(?:il|elle|ils|elles) (?:ouverte?s?|accessibles?)\b"
        r"|\bopen to (?!the public)(?:me|\w+s)\b|\bquels? (?:est le |sont les )?publics?\b"
        # What stands in the way of applying: "mon détachement m'empêche-t-il de postuler ?", "does it stop me from applying?"
        r"|\b(?:m'|l'|les |nous )?empeche(?:nt)?(?:-t-(?:il|elle))?[^?.]{0,30}\b(?:postuler|candidater|deposer|beneficier)"
        r"|\b(?:prevents?|stops?|keeps?|bars?|excludes?) (?:me|us|him|her|them) from (?:applying|taking part|being eligible)"
        # Being one of those it is for: "je fais partie du public ?", "suis-je concerné ?", "do I qualify?"
        r"|\b(?:je fais|fais-je|on fait|nous faisons) partie (?:du|des) (?:public|beneficiaires)(?: \w+){0,3}\s*\?"
        r"|\b(?:suis-je|je suis|serais-je|je serais|sommes-nous) (?:bien )?concernee?s?\s*\?|\bdo (?:i|we) qualify\b"
        r"|\b(?:rentrerais|entrerais|rentrerait|entrerait)(?:-je)? dans (?:le |la |les |l')?(?:criteres|cadre|cases"
        r"|conditions|public|cible|dispositif|programme|parcours|cer|ci|pa|hp|contrat|poste)\b"
        r"|\b(?:je )?(?:rentre|entre)(?:-je)? dans (?:le |la |les |l')?(?:criteres|cadre|cases|conditions|public|cible"
        r"|cer|ci|pa|hp|dispositif|programme|parcours|contrat|poste)\b"
        # "est-ce que je pourrais passer par un poste d'accueil pour financer ma thèse ?": applying to it
        r"|\b(?:pourrais|peux|puis|pourrai|pourrait|peut)(?:-je|-il|-elle|-on)? passer par (?:un|une|le|les|l') ?"
        r"(?:postes? d'accueil|contrats? d'interface|parcours|cer|ci|pa|hp|programme|dispositif)\b|\bdo i (?:fit|meet) (?:the )?(?:criteria|profile|bill)"
        r"|\bam i (?:in|part of|among) (?:the )?(?:target|audience|public|people|those)|\bpublics? (?:vise|cible|concerne)s?|en termes de public|parmi les publics|target (?:audience|group)"
        r"|\bpeu(?:t|vent)[- ](?:il|elle|ils|elles|on)s? (?:candidater|postuler|demander|beneficier|pretendre|obtenir)"
        r"|\b(?:can|may) (?:a|an) \w+ (?:apply|get|benefit)|(?:conditions?|criteres?) (?:d'acces|requis(?:es)?|d'eligibilite|pour (?:candidater|postuler))"
        r"|requirements|faut-il (?:etre|avoir)|do i need (?:to be|to have|an? (?:degree|diploma|master|phd|doctorate|thesis|status|contract|approval))|est-il necessaire d'avoir|suffit"
        r"|a qui s'adresse|s'adresse a qui|pour qui\b|destine a qui|who (?:is|are) (?!(?:[\w'-]+ ){0,4}?(?:contact|person|email|address|point))(?:[\w'-]+ ){0,4}(?:for|aimed at)\b"
        r"|intended for|aimed at|quelle anciennete|how (?:much|many years of) seniority|doivent (?:venir|etre issus)"
        r"|come from|quels accords|quelles autorisations|(?:what|which) (?:approvals|authori[sz]ations)|approvals? (?:are )?(?:required|needed)|(?:doit|doit-il|doit-elle) etre(?! (?:signee?s?|envoyee?s?|deposee?s?|redigee?s?|jointe?s?|remise?s?|fournie?s?"
        r"|transmise?s?|ecrite?s?|datee?s?|adressee?s?|faite?s?|completee?s?|televersee?s?|traduite?s?)\b)"
        r"|\b(?:i|we|you|one|applicants?|candidates?|(?:the|my|our) (?:host )?(?:lab|laboratory|unit|team)) (?:has|have) to be"
        r"|\b(?:do|does) (?:i|we|you|one|an? applicant|the applicant|the lab|my lab) (?:need|have) to be\b"
        r"|\b(?:m2|master|thesis|degree|diploma|phd|doctorate)s?\b[^?.]{0,30}\b(?:has|have) to be\b|\b(?:which|what) (?:degrees?|diplomas?|qualifications?)|quels? (?:diplomes?|titres)"
        r"|\bqualif(?:y|ies|ied)\b|\bje (?:peux|pourrais)(?: (?:quand meme|quand-meme|meme|aussi|malgre tout))? "
        r"(?:candidater|postuler|demander|pretendre|beneficier|m'inscrire|faire (?:un|une|le|la) (?:contrat|poste|ci|pa|hp|cer"
        r"|parcours|demande|candidature))"
        r"|\bs'(?:il|ils|elle|elles) (?:peut|peuvent|pourrait|pourraient) (?:candidater|postuler|pretendre|beneficier)\b"
        r"|(?:^|[.:;,] ?)(?:il|ils|elle|elles) (?:peut|peuvent|pourrait|pourraient) (?:candidater|postuler|pretendre|beneficier)\b"
        r"|\b(?:j'ai|ai-je|a-t-(?:il|elle|on)|ont-(?:ils|elles)|avons-nous|avez-vous) (?:bien )?(?:le )?droit (?:de (?:candidater"
        r"|postuler|m'inscrire|s'inscrire|beneficier|deposer)|(?:a|au|aux) (?:la |le |l'|un |une )?(?:contrats?|postes?|ci|pa|hp"
        r"|cer|parcours|programme|dispositif|hauts?))\b|\b(?:am i|is (?:he|she)|are they) entitled\b"
        r"|\bif (?:he|she|they) (?:can|could|may) (?:apply|join|take part)\b"
        r"|\b(?:puis-je|je peux|pourrais-je) (?:presenter|deposer|soumettre|envoyer) (?:ma|une) candidature"
        r"|\b(?:rentre|entre|corresponds?|reponds?|remplis|coche)(?:-je)? (?:dans |a |aux )?(?:les |tous les )?(?:criteres|conditions)\b"
        r"|\b(?:rentre|suis|est|reste)(?:-je)? (?:bien )?dans les clous\b"
        r"|\bouverte?s? (?:a|aux) (?:des |les )?(?:[\w'-]+ ){0,2}comme (?:moi|nous|elle|lui)\b|\bopen to (?:\w+ ){0,2}like me\b"
        r"|\b(?:ouverte?s?|accessibles?|adaptee?s?) (?:a|pour) (?:mon|ma|son|sa|notre|votre) (?:profil|situation|cas|statut)\b"
        r"|\b(?:open|available) to (?:my|someone with my) (?:profile|situation|status)\b"
        r"|\b(?:can|could|may|would) (?:she|he|they|my colleague|a colleague) (?:still )?(?:apply|get (?:in|one|a)|benefit|join"
        r"|qualify|be eligible)\b"
        r"|\b(?:do|would) i (?:meet|fit|match|tick) (?:the |all the )?(?:criteria|requirements|conditions|boxes)\b"
        r"|\bapply to me\b|\bs'applique(?:-t-il|-t-elle)? a (?:moi|mon cas)\b"
        r"|\b(?:covers?|include|includes|concerns?) (?:me|someone like me|people like me|my (?:case|situation|profile))\b(?! for)"
        r"|\b(?:couvre|couvrirait|concerne|concernerait|inclut|inclurait|englobe)(?:rait)? (?:mon cas|ma situation"
        r"|quelqu'un comme moi|les gens comme moi|des gens comme moi)\b"
        r"|\b(?:me|nous|lui|leur) (?:permet|permettent|permettrait|permettraient)(?:-il|-elle)? (?:de |d')(?:candidater|postuler"
        r"|beneficier|pretendre|acceder)\b|\b(?:allows?|entitles?|qualif(?:y|ies)) (?:me|us|him|her|them) to apply\b"
        # ("ça passe par EVA ?", "ou ça passe ailleurs ?": where something goes, no verdict)
        r"|\bca passe\b(?! (?:ailleurs|par|a|au|aux|chez|dans|sur|directement|vers|en)\b)|\bjouable\b|\b(?:ca|cela) (?:marche|fonctionne) (?:avec|pour) (?:un|une|mon|ma|mes|des|les) (?:these|master|m2|diplome|doctorat|phd"
        r"|statut|contrat|cdd|cdi)\b|\btoo (?:senior|junior|old|young)\b|\btrop (?:ancien|jeune|vieux|senior|junior)"
        r"|\bis my (?:[\w'-]+ ){0,2}(?:ok|okay|eligible|fine|accepted)\b|\bgo for\b|\brecevable\b|\bseniority\b|\banciennete\b"
        r"|\b(?:c'est|ca passe) (?:ok|okay|acceptable|bon) pour (?:les?|la|l'|une?) ?(?:postes?|contrats?|parcours|ci|pa|hp"
        r"|cer|programme|dispositif|accueil|interface|hauts?)\b"
        r"|\bremplis(?:-je)? (?:bien )?(?:les|toutes les) (?:conditions|criteres)|\bmeet (?:all )?(?:the )?(?:criteria|requirements|conditions)\b"
        r"|accords? de qui|approval from whom|\bpossible (?:quand meme|pour moi)\b|\b(?:candidature|dossier) (?:est-elle|serait-elle) recevable"
        # "le CER c'est pour moi ?", "is the CER for me?": a verdict on the programme named (which fits, when none is).
        r"|\b(?:c'est|c|est-ce|ce serait|c'est bien|c'est fait) pour moi\b(?!\s*(?:ou|de|d'|a)\b)"
        r"|\b(?:is|are) (?:it|this|that|they|the (?:[\w'-]+ ){0,3}(?:programmes?|programs?|calls?|schemes?|positions?|posts?"
        r"|contracts?|parcours|cer|ci|pa|hp)) (?:really )?for me\b(?!\s*(?:or|to)\b)"
        # "do I need any approvals?", "faut-il l'accord de mon hôpital ?": the approvals condition.
        rf"|{_APPROVALS_ASKED.pattern}|{HOST_MAY_BE.pattern}|{HOST_REQUIRED.pattern}"
        r"|\bmust i (?:hold|have|be)\b|de qui (?:[\w'-]+ ){0,4}(?:l')?accords?|whose (?:approval|consent|agreement|sign-?off|signature)s?"
        r"|\bpuis-je (?:integrer|participer|rejoindre|entrer)|\bdepuis combien de temps\b|\bsince how long\b"
        r"|\bhow long (?:must|should|do|does) (?:i|you|one|a \w+) (?:have )?(?:been|be|work)"
        r"|(?:^|[:,] ?|\w )(?:c'est |est-ce |ca serait |serait-ce )?possible\s*\?",
    ),
    (
        "opening",
        r"a partir de quand (?:[\w'-]+ ){0,5}(?:inscri|candidat|postul|depos|regist|apply)|ouverture des (?:inscriptions|candidatures)"
        # "which one opens first: PA or CI?", "lequel ouvre en premier ?"
        r"|\b(?:ouvre(?:nt)?|ouvrira|opens?|open up|starts?|commencent?)\b (?:[\w'-]+ ){0,2}?(?:first|en premier|le premier"
        r"|la premiere|earlier|earliest|plus tot|avant l'autre|before the other)\b"
        r"|quand (?:[\w'-]+ )*(?:s'inscrire|inscriptions?)"
        r"|\bil faut (?:encore )?attendre\b|\b(?:dois|faut)-(?:je|il) attendre\b|\b(?:should|must) i wait\b|\bdo i (?:have|need) to wait\b"
        r"|\bwhen (?:does|do|will) (?:the )?registrations? (?:\w+ ){0,8}?(?:start|open|begin)\b"
        r"|\b(?:deja|maintenant|quand|encore|aujourd'hui|des a present)\b[^?]{0,40}\b[ms]'inscrire\b"
        r"|\b[ms]'inscrire\b[^?]{0,40}\b(?:deja|maintenant|possible|quand|aujourd'hui|des a present)\b"
        # ("before they start the application, is there an e-mail…?" asks whom to write to, not when it opens)
        r"|\b(?:commence|debute|ouvre)n?t? les inscriptions"
        r"|(?<!before they )(?<!before i )(?<!before we )(?<!before you )(?<!before he )(?<!before she )"
        r"\b(?:start|begin) (?:applying|my application|the application)"
        r"|\b(?:can|may) (?:i|we) (?:already |now )?(?:register|sign up)|\bwhen (?:[\w'-]+ ){0,4}(?:register|sign up)"
        r"|\bque (?:ca|cela|l'appel|les inscriptions|les candidatures) (?:ouvre|ouvrent|commence|commencent|debute|debutent)\b"
        r"|\b(?:open|opens|start|starts) today\b|inscriptions? (?:ouvre|commence|debute)|\binscriptions? (?:sont|est|seront) (?:deja |encore )?ouvertes?\b|quand ouvre|(?:registrations?|applications?) open|opening date",
    ),
    (
        "event",
        r"audition|entretien|interview|pre-?selection|pre-?select(?:ed|ionne)|shortlist|resultat|result|prise de fonction|prise d'effet"
        r"|\boral\b|\boraux\b|\bfind out\b|\bsavoir si\b|\bsaurai\b|\bkicks? off\b|\bhear back\b"
        r"|\b(?:une|la|ma|leur|notre|votre) reponse\b"
        r"|prendre (?:mes |ses |leurs |nos |vos )?fonctions|take up (?:the |my |their )?(?:post|position|duties)"
        r"|\bpren(?:dre|d|nent|dront)(?:-t?-?(?:il|elle|ils|elles))? effet|\btakes? effect"
        r"|commence|debut du contrat|demarr|start|lancement|launch"
        rf"|{_IN_PLACE}|{_PROMOTION_START}",
    ),
    (
        "duration",
        r"\bduree|combien de temps|how long(?! (?:can|should|must|may|is|are|do|does) (?:the |my |a |an |your )?"
        r"(?:cv|letter|cover letter|note|project|research project|dossier|file|document|application|text|summary|resume"
        r"|abstract)s?\b)|combien d'annees|how many years|\bdure(?:nt)?\b|duration|\blasts?\b(?!'| (?:year|years|month|time|call|edition|week|day|date|one|round)\b)"
        r"|temps (?:plein|partiel)|\bmi-?temps\b|\bhalf[- ]time\b|full[- ]time|part[- ]time|temps (?:de recherche|consacre)|part du temps|research time"
        r"|time (?:for|on|spent on|devoted to|dedicated to) research|share of (?:the |my )?time"
        r"|\bhow much of (?:the |my |their |your )?time\b|\b(?:what|which) (?:part|share|portion|proportion|percentage) of"
        r" (?:the |my |their |your )?time\b|\btime (?:goes|go|is spent|is devoted) (?:to|on) research|\brenouvel(?!ee?s?\b)|\b(?:est|sera|etre) renouvele|\bprolong|\brenew|\bextend(?:ed|able)?\b",
    ),
    (
        "contact",
        r"\bcontact(?!es?\b|ent\b)|\b(?:je|on) contacte\b|\btu contactes\b|\bnous contactons\b|\bvous contactez\b"
        r"|\bcontact(?:e|es|ent) qui\b"
        # "l'adresse à laquelle ils peuvent écrire", "an address they can write to"
        # "une adresse à lui communiquer ?", "à qui il peut poser ses questions"
        r"|\badresse (?:e-?mail |mail |electronique )?a (?:lui|leur|me|nous|vous) (?:communiquer|transmettre|donner|indiquer)\b"
        r"|\ba qui (?:il|elle|ils|elles|on|je|nous) (?:peut|peuvent|peux|pouvons|pourrait|pourraient|pourrais|doit|doivent"
        r"|dois) (?:poser|adresser|envoyer) (?:ses|leurs|mes|nos|sa|leur|ma|les|des) questions?\b"
        r"|\badresse (?:e-?mail |mail |electronique |de messagerie )?(?:a laquelle|ou|pour) (?:[\w'-]+ ){0,3}(?:ecrire"
        r"|joindre|contacter|adresser|poser)\b|\baddress (?:to which |where |that )?(?:[\w'-]+ ){0,3}(?:can |could |should )?"
        r"(?:write|e-?mail|reach|contact)\b"
        r"|\b(?:j'ecris|j'envoie|je m'adresse|je demande)(?: (?:mon|ma|mes|le|la|les|ce|cette) (?:question|demande|mail"
        r"|message)s?(?: [\w'-]+){0,4}?)? a qui\b"
        r"|\bnoms? des (?:personnes|responsables|gestionnaires|interlocuteurs) (?:en charge|responsables|qui gerent|indiquees"
        r"|citees|mentionnees|nommees|qui signent|en bas)\b(?![^?]{0,30}\b(?:comite|jury|committee|panel)\b)"
        # "qui sont les interlocuteurs côté Inserm pour cet appel" (not "mon interlocuteur RH m'a dit…")
        r"|\b(?:qui sont les|noms? des|liste des) interlocut(?:eur|rice)s\b(?! (?:du|de la|des) (?:jury|comite))"
        r"|\binterlocut(?:eur|rice)s? (?:[\w'-]+ ){0,3}?(?:cote |a l'|de l'|chez l')inserm\b"
        r"|\b(?:y a-t-il|y a t il|ya t il|existe-t-il|est-ce qu'il y a) (?:un|une|des) (?:interlocut\w+|contacts?|referente?s?"
        r"|correspondante?s?|personnes?)\b|\binterlocut(?:eur|rice)s? (?:de|pour) (?:cet|l')appel\b"
        r"|\b(?:personnes?|interlocuteurs?|contacts?) referente?s\b|\breferente?s? (?:de l'appel|du programme|de l'inserm"
        r"|indiquee?s)\b|\b(?:who are )?the referents? (?:for|of) the (?:call|programme|program)\b"
        r"|\b(?:names? of )?the (?:people|persons?|staff) in charge of\b"
        # "c qui la personne du département de l'évaluation indiquée sur l'appel ?": the contact named there
        r"|\b(?:qui est|qui sont|c'est qui|c qui|qui c'est) (?:la|les|le) (?:personnes?|interlocut\w+|contacts?|referente?s?)"
        r" (?:[\w'-]+ ){0,6}?(?:indiquee?s?|citee?s?|mentionnee?s?|nommee?s?|listee?s?)\b"
        # "which HR person is listed on the call?", "quelle personne est citée dans l'appel ?"
        r"|\b(?:which|what) (?:\w+ ){0,2}(?:person|people|persons|contacts?|staff|names?) (?:is|are) (?:listed|named"
        r"|mentioned|given|cited)\b|\bquelles? (?:\w+ ){0,2}personnes? (?:est|sont) (?:citee?s?|mentionnee?s?|nommee?s?"
        r"|indiquee?s?)\b"
        # "qui sont les personnes responsables du programme ?": the people the call names
        r"|\bqui (?:sont|est) (?:les |la |le )?(?:personnes?|responsables?|interlocuteurs?|interlocutrices?|gestionnaires?"
        r"|referents?|referentes?) (?:(?:responsables?|en charge|qui gerent) )?(?:du programme|de l'appel|du dispositif"
        r"|des postes|du poste|des contrats|du contrat|du parcours|des hauts|du cer|de ce programme|de cet appel)\b"
        r"|\bwho (?:is|are) (?:the )?(?:people|persons?|staff|person|managers?|officers?) (?:in charge|responsible)"
        r" (?:of|for) (?:the |this )?(?:programme|program|call|scheme|interface contracts?|host positions?|postes?)\b"
        r"|\b(?:comment|qui) (?:les |la |le |vous )?joindre\b|\bjoindre (?:le service|l'equipe|le programme"
        r"|quelqu'un|une personne|par (?:mail|e-mail|telephone))|adresse (?:e-?mail|mail|electronique)|\ba quelle adresse\b|\b(?:what|which) address\b|e-?mail|\bmail\b|qui (?:contacter|ecrire)"
        r"|\ba qui (?:je |j')?(?:ecri[st]?|envoie|m'adresse|pose|demande)\b"
        r"|\b(?:l'|les |le |la )(?:envoie|envoyer|envoyez|adresse|adresser|transmets|transmettre|transmet) a qui\b"
        r"|\b(?:send|submit|address) (?:it|them|this|my \w+) to whom\b|\bwho do (?:i|we) send (?:it|them|this|my \w+) to\b"
        r"|\ba qui (?:puis-je|dois-je|peut-on|faut-il|je peux|je dois|on peut|on doit|pouvons-nous|devons-nous|pourrions-nous"
        r"|nous pouvons|nous devons|pourrais-je|pourrait-on|peut-il|peut-elle|doit-il|doit-elle|pouvez-vous|vous pouvez)"
        r" (?:ecrire|m'adresser|nous adresser|s'adresser|envoyer|poser|demander)\b|\bqui (?:je |j')(?:contacte|ecris|appelle)\b"
        r"|renseignements|who (?:exactly )?(?:should|do|can|may) i (?:write|contact|ask|e-?mail|call)|whom"
        r"|(?:^|, et |\bet )a qui\s*\?*\s*$|\bqui (?:gere|s'occupe|est en charge|est responsable)\b(?! (?:de la |du |des |de l')?(?:selection|evaluation"
        r"|salaire|audition|entretien|jury|remuneration|paie))|\bquels? (?:services?|departements?) (?:[\w'-]+ ){0,3}"
        r"(?:gere|gerent|s'occupe|s'occupent|en charge|responsables?)\b|\bwho (?:runs|manages|handles|is in charge of"
        r"|is responsible for) (?:the )?(?:call|programme|program|scheme|applications)\b|\bwhich (?:department|office)s? (?:runs|manages|handles|is in charge)\b",
    ),
    (
        "documents",
        r"pieces?|\bdocuments?\b|\bsignatures\b|\b(?:quelles?|which|what) signatures?\b"
        r"|\bsignatures? (?:requises?|necessaires?|needed|required)\b|\b(?:\d+|one|two|three|four|five|six|deux|trois|quatre|cinq) pages?\b|doit contenir|doit comporter|composer le dossier|contenu du dossier"
        r"|application (?:file|package) contain|\b(?:have|has|need|needs) to (?:include|contain)\b|\bmust (?:include|contain)\b|what (?:should|must|does) (?:the|my|an?) (?:[\w-]+ )?application|\bcv\b|lettre|\bletters?\b"
        r"|what goes (?:into|in)\b|\bgo(?:es)? (?:in|into) (?:the |my |an? )?(?:[\w'-]+ )?(?:application|file|dossier|package)"
        r"|page limits?|limite de pages|nombre de pages|(?:que (?:faut-il )?|qu'est-ce qu'(?:il faut|on doit) )mettre dans (?:le|mon) dossier"
        r"|\b(?:envoyer|fournir|joindre|deposer|rendre|envoie|envoies|fournis|joins|depose|rends) quoi\b"
        r"|\bquoi (?:envoyer|fournir|joindre)\b"
        r"|\b(?:qu'est-ce qu'il (?:faut|faudrait|faudra)|que (?:faut|faudrait|faudra)-il|qu'est-ce que je (?:dois|devrais|devrai)"
        r"|que (?:dois|devrais|devrai)-je|qu'est-ce qu'on (?:doit|devrait)) (?:envoyer|fournir|joindre|transmettre)\b"
        r"|\b(?:fournir|joindre|mettre) dans (?:le|mon|son) dossier\b"
        r"|\b(?:qu'est-ce qu'on|qu'est-ce que je|que|quoi) (?:\w+ )?(?:met|mets|mettre|mettons|inclure|joindre) "
        r"(?:dans|a) (?:le|mon|un|notre) dossier|\bon (?:met|mets|joint) quoi\b|what (?:do i|to|should i|must i) (?:need to |have to )?(?:put|include|send|provide|submit)\b"
        r"|dossier (?:de candidature )?(?:doit )?(?:contient|contenir|comprend|comprendre|comporte)",
    ),
    (
        "funding",
        r"financ|\bfund(?:ing|ed|s)?\b|salaire|salary|remuner|\bpaid\b|\bpaye|indemnite|who pays|qui paie|\bverse(?:ra|nt)?\b"
        # "qui me paie ?", "who will pay me?", "je deviens salarié de l'Inserm ?"
        r"|\bqui (?:me |nous |te |vous |le |la |les |lui )?(?:paie|paiera|remunere|remunerera)\b"
        r"|\bwho (?:will |would )?pays? (?:me|us|him|her|them)\b"
        r"|\b(?:deviens|deviendrai|devenir|serai|serais|become|will i be|would i be|am i|suis-je)\s+(?:un |une |an? )?"
        r"(?:salariee?|employee?)\s+(?:de |du |d'|of |by )?(?:l'|the )?inserm\b"
        r"|\bmoney\b|\bargent\b|\bcompensat|\bcredits\b(?! ects)|\bpayroll\b"
        # What it pays for: "what does the contract pay for?", "que couvre le financement ?"
        r"|\bpays? for\b"
        # ("what topics does the training cover?": what it teaches, not what it pays for)
        r"|(?<!topics )(?<!subjects )(?<!themes )(?<!training )(?<!course )(?<!formation )(?<!cours )(?<!sessions )"
        r"\b(?:covers?|couvre(?:nt)?)\b(?! letters?\b| (?:me|us|him|her|them|someone|somebody|people|anyone|students?"
        r"|applicants?)\b)|\bpaie quoi\b",
    ),
    (
        "selection",
        r"\bselection(?:ne|nes|nent|nee|nees|ner)?\b|\bselect(?:s|ed|ion)?\b|\bjury\b|\bcomite (?:de selection|ad hoc)"
        r"|\bcommittee|\bpanel\b|\bevalu(?:e|es|ee|ees|ent|er|era|erait|eront|eraient|ated?|ation)\b"
        r"|\bchoisi(?:t|s|es|ssent)?\b|\bchosen\b|\bcriteres? (?:de )?(?:selection|choix|evaluation)|\bquels criteres"
        # "quels sont les critères pour être retenu ?", "criteria to get in/be picked"
        r"|\bcriteres? (?:pour |d')(?:etre |se faire )?(?:retenue?s?|prise?s?|admise?s?|accepte\w*)\b"
        r"|\bcriteria (?:to|for) (?:get(?:ting)? (?:in|picked|accepted)|be(?:ing)? (?:picked|accepted|admitted))\b"
        r"|selection criteri|\bwhat criteri|\bon what (?:basis|criteri)|who (?:decides|chooses|picks|interviews|sits on|is on)|qui (?:decide|choisit|auditionne|fait passer|siege)"
        r"|\bjug(?:e|es|ee|ees|ent|er|era|eront)\b|\bjudged?\b|\bwho reviews\b|\breview(?:s|ed)? (?:the )?applications\b"
        r"|\b(?:what|quoi) (?:do|does|will) (?:they|the (?:jury|committee|panel)) look at\b|\bassess(?:ed|es|ment)?\b"
        # Whether there is a step of selection: "y a-t-il un oral ?", "is there an interview?"
        r"|\by a[ -]?t[ -]?(?:il|'il) (?:une? )?(?:audition|oral|entretien|interview|epreuve)s?"
        r"(?:\s*\?| (?:pour|dans|lors|for|in) (?:le|la|les|l'|the|un|une|a) )"
        # "est-ce qu'il y a un oral ou c'est uniquement sur dossier ?", "y a un entretien ou juste le dossier ?"
        r"|\b(?:est-ce qu'il y a|est ce qu'il y a|il y a|y a|y'a|ya) (?:une? )?(?:audition|oral|entretien|interview|epreuve)s?"
        r"(?:\s*\?| ou (?:c'est |juste |seulement |uniquement |que )*(?:sur |le )?dossier\b| (?:pour|lors|for|in) (?:le|la|les|l'"
        r"|the|un|une|a) | dans (?:le|la|les|l') (?!(?:premiere|1ere|deuxieme|seconde|2e|quinzaine|semaine|mois)\b))"
        # "c'est uniquement sur dossier ?", "c juste sur dossier ou ya un oral", "sur dossier uniquement ?"
        r"|\b(?:selection|evaluation|c'est|c|se fait|sont evalues|est evalue) (?:uniquement |seulement |juste |que )+sur dossier\b"
        r"(?! papier)|\bsur dossier (?:uniquement|seulement)\b"
        r"|\b(?:is there|are there|will there be) (?:an? |any )?(?:interview|oral|audition)s?(?:\s*\?| (?:for|in) )"
        r"|\b(?:faut-il|dois-je|doit-on|il faut) (?:passer|preparer) (?:une? )?(?:audition|oral|entretien)(?:\s*\?| (?:pour|for) )"
        # "tout le monde passe une audition ?", "is everyone who applies interviewed?"
        r"|" + EVERYONE_STEP.pattern,
    ),
    (
        "calendar",
        r"calendrier|calendar|timeline|dates? (?:cles|importantes)|key dates|quelles sont les dates|what are the dates"
        r"|\b(?:les|quelles|what are the|next) (?:prochaines )?(?:etapes|steps)\b|\bwhat happens (?:next|after (?:i|we) (?:apply|submit)|after the (?:deadline|application))\b"
        r"|\bapres (?:le|mon|la|ma) (?:depot|candidature|dossier)\b|\bafter (?:i|we) (?:apply|submit)",
    ),
    (
        "how_to_apply",
        r"comment (?:candidater|postuler|s'inscrire|deposer|faire)|how (?:do|can|to) (?:i )?(?:apply|register)"
        r"|ou (?:deposer|candidater|postuler|s'inscrire|envoyer)|where (?:\w+ )?(?:do|can|should) i (?:apply|send|submit|register|sign up|upload)"
        r"|\bwhere (?:i|we) (?:must |should |can |have to )?(?:apply|send|submit|register|upload|put|file)\b"
        r"(?! (?:my |our |the |any )?(?:questions?|queries|e-?mails?)\b)"
        r"|\b(?:upload|submit) (?:it|my \w+|the \w+|them)?\s*(?:\w+ ){0,3}(?:on|to|via) (?:which|what) (?:platform|site|website)\b"
        r"|comment (?:je |on |puis-je |peut-on |dois-je )?(?:candidat|postul|inscri|depos)|which platform|quelle plateforme"
        r"|(?:ou|comment) (?:[ms]'|vous )?inscrire|\b[ms]'inscri(?:t|s|re|vent) ou\b|\bon (?:candidate|postule|depose|envoie) ou\b"
        r"|\b(?:je l'|on l'|je les |on les )(?:envoie|envoies|depose|transmets) ou\b"
        r"|\b(?:j'envoie|on envoie|je depose|on depose|je transmets|on transmet|je soumets|on soumet)\b[^?.]{0,25}\bou\s*\?"
        # "et j'envoie mon dossier à qui ?": where the file goes (the answer gives the platform and the contact).
        r"|\b(?:j'envoie|on envoie|je transmets|on transmet|je depose)(?: (?:mon|ma|mes|le|la|les|notre|nos) (?:dossier|candidature"
        r"|pieces)s?(?: [\w'-]+){0,4}?| tout ca| tout| le tout| ca)? a qui\b"
        r"|a quelle adresse (?:\w+ )?(?:envoyer|deposer|adresser)"
        # "le dossier HP se dépose sur EVA ?", "ça s'envoie par mail ?": the way the file goes
        r"|\bse (?:depose|deposent|soumet|soumettent|transmet|transmettent|envoie|envoient) (?:sur|via|par|ou|a)\b"
        # "me demande à qui il doit adresser son dossier complet", "la marche à suivre": where and how the file goes
        r"|\ba qui (?:[\w'-]+ ){0,3}(?:adresser|envoyer|transmettre|remettre|deposer) (?:[\w'-]+ ){0,2}?"
        r"(?:dossier|candidature|pieces)s?\b|\b(?:marche|procedure|demarche)s? a suivre\b"
        # "l'envoyer avant quelle date et à quelle adresse ?": where the file goes, and when.
        r"|\b(?:envoyer|deposer|adresser|transmettre|send|submit)\b[^?.]{0,40}\b(?:a quelle adresse|to (?:which|what) address)\b"
        # "déposé sur EVA ou envoyé par mail ?", "uploaded on EVA or sent by e-mail?": how the file goes in.
        r"|\b(?:envoy\w*|depos\w*|transmet\w*|soumet\w*|soumis\w*|send|sent|submit\w*|upload\w*|go|goes|file|dossier)\b[^?]{0,40}"
        r"(?:\b(?:par|by|via) (?:e-?)?mail ou\b|\bou (?:l'|les |le )?(?:envoye\w* |envoie\w* |transmet\w* )?(?:par|by) (?:e-?)?mail\b"
        r"|\b(?:sur|on|via|to) eva ou\b|\bor (?:be |is |are )?(?:sent |send |e-?mailed |submitted )?(?:by|via) e-?mail\b)"
        # "ça se demande où ?", "on la demande où ?", "où faire la demande ?": where one asks for it.
        r"|\b(?:ca|cela|il|elle|ils|elles|on) (?:se|le|la|les) (?:demande|obtien)n?t? ou\s*\?"
        r"|\bou (?:est-ce qu'on |on |je )(?:le |la |les )?(?:demande|obtient)\b|\bou (?:le |la |les )?(?:demander|obtenir)\s*\?"
        r"|\bou (?:faire|faut-il faire|je fais|on fait) (?:la |ma |une |sa )?demande\s*\?"
        r"|\bwhere (?:do|can|should) (?:i|we|you|one) (?:request|ask for|get) (?:it|one|them)\b",
    ),
)

_EVENTS: tuple[tuple[EventKind, str], ...] = (
    ("preselection", r"pre-?selection|pre-?select(?:ed|ionnee?s?)|shortlist"),
    ("auditions", r"audition|entretien|interview|\boral\b|\boraux\b"),
    (
        "results",
        # ("savoir si je suis pris", not "savoir si l'Inserm verse quelque chose")
        r"resultat|result|\bfind out\b|\bmade it\b|\bsavoir si\b(?=[^?.]{0,30}\b(?:pris|prise|retenue?|acceptee?|selectionnee?"
        r"|admise?|laureate?|reussi|obtenu|(?:j'ai|j'aurai|ai|aurai|obtiens|obtiendrai|decroche) (?:le|la|un|une|mon|ma))\b)"
        r"|\bsaurai\b|\bhear back\b|\bbe notified\b"
        # ("merci de votre réponse" closes a message: it asks for no result)
        r"|\b(?:une|la|leur|notre|ma) reponse\b|(?<!merci de )(?<!merci pour )(?<!attente de )\bvotre reponse\b"
        # ("si je suis retenu, je prendrais mes fonctions quand ?": being chosen supposed, not asked)
        r"|(?<!si je suis )(?<!si on est )(?<!une fois )(?<!if i am )(?<!if i'm )(?<!once )\bretenus?\b|\bselected or not\b",
    ),
    (
        "promotion_launch",
        r"lancement|launch|promotion (?:commence|demarr|debut)|\bkicks? off\b"
        rf"|{_PROMOTION_START}"
        r"|\b(?:promo(?:tion)?|cohort|parcours) (?:start|begin)s?\b|\b(?:start|beginning) of the (?:promo(?:tion)?|cohort)\b",
    ),
    (
        "start",
        r"prise de fonction|prise d'effet|commence|debut du contrat|demarr|start|\bbegins?\b|\bdebute"
        rf"|{_IN_PLACE}|pren(?:dre|drais|drai|drait|drons|driez|dra|ds|d) (?:mes |ses |leurs |nos |vos )?fonctions"
        r"|take up|\bpren(?:dre|d|nent|dront)(?:-t?-?(?:il|elle|ils|elles))? effet|\btakes? effect",
    ),
)

_ACRONYM_IN_LABEL = re.compile(r"\b[A-Z][A-Z0-9]+(?:-[A-Z0-9]+)*\b")
_YEARS = re.compile(
    r"(?:depuis|since|for|pendant|during|(?:il )?y a|y'a|ya)\s+(\d{1,2}(?:[.,]\d{1,2})?)\s*(?:ans?|annees?|years?)"
    r"|(\d{1,2}(?:[.,]\d{1,2})?)\s*(?:ans?|annees?|years?)\s*(?:d'anciennete|of seniority|as (?:a )?(?:permanent|titulaire)|de titulaire"
    r"|a l'inserm|at inserm|titulaire|ago)"
    # "ça fait 2 ans que je suis titulaire", "it's been 4 years since I was tenured": what follows says of what.
    r"|\b(?:ca|cela|ce) (?:fait|fera|va faire|faisait) (?:deja |presque |bientot |environ |tout juste )?"
    r"(\d{1,2}(?:[.,]\d{1,2})?)\s*(?:ans?|annees?) (?=que|qu')"
    r"|\bit(?:'s| is| has) been (?:almost |nearly |about |just )?(\d{1,2}(?:[.,]\d{1,2})?)\s*years? (?=since|that)"
)
# A dated step is asked for only with a word of time: "Comment se passent les auditions ?" is not.
_TIME_CUE = re.compile(
    r"\bquand\b|\b(?:deja|already|encore|still|pas encore|not yet) (?:\w+ )?(?:en place|in place|up and running)\b|\bdates?\b|\bjours?\b|\bmois\b|\bperiode\b|a quel(?:le)? (?:moment|epoque)|a partir de"
    r"|\bwhen\b|\bwhat day\b|\bwhich (?:day|month)\b|\bmonth\b|\bdate\b|ont lieu|aura lieu|auront lieu"
    r"|take place|held\b|\bhappen|\b(?:at|in) the same time\b|\ben meme temps\b|\bau meme moment\b|seront(?:-ils|-elles)? (?:publies|affiches|connus)|\bpublie(?:e|s|es|ra|ront)?\b|\bpublished\b|\bposted\b|\bpublication des resultats\b|affich|announced|annonce"
    r"|\b(?:en|in|des|from|debut|fin|early|late) (?:janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre"
    r"|novembre|decembre|january|february|march|april|may|june|july|august|september|october|november|december)\b"
)
# The rules hold no amounts: "how much" questions go to retrieval (which says when the texts are silent).
_MONEY = (
    # ("la grille salariale d'un MCU-PH ?", "the PH pay scale": a figure the texts never give)
    r"\bgrilles? (?:salariales?|indiciaires?|des salaires|de salaire|de remuneration)|\b(?:salary|pay) (?:scales?|grids?|bands?)"
    r"|\bechelons? (?:de salaire|salaria\w*)|\bmontant|\bamount of money|\beuros?\b|€|\bsalaires? (?:mensuel|annuel|brut|net)|\b(?:monthly|yearly|annual) (?:salary|pay)"
    r"|\bcombien (?:[\w'-]+ ){0,2}(?:d'argent|touche|toucherai|toucherais|gagne|gagnerai|gagnerais|coute|paie|verse|rapporte"
    r"|paye|payee|payes|remunere|remuneree|indemnise)\b"
    r"|\b(?:paye|payee|payes|remunere|remuneree|indemnise|verse|versee)s? combien\b"  # "c'est payé combien ?"
    r"|\bhow much (?:money|funding|is paid|does (?:\w+ )+(?:pay|earn|get|receive))"
    # "how much exactly is the compensation…", "how much will the stipend be"
    r"|\bhow much (?:\w+ )?(?:is|are|will|would|does) (?:the |my |our |this |that )?(?:[\w-]+ )?(?:compensation|indemnity"
    r"|allowance|stipend|salary|grant|funding|payment|pay|sum|fee|reimbursement)\b"
    r"|\bc'est (?:quoi|combien) (?:le |la |mon |ma )?(?:salaire|montant|remuneration)\b"
    r"|\b(?:le |mon |la |ma )?(?:salaire|remuneration) c'est (?:quoi|combien)\b"
    r"|\bquel (?:est|sera) (?:le|mon) (?:salaire|montant)|\bwhat(?:'s| is| will be) (?:the|my) (?:[\w-]+ ){0,2}salary"
    r"|\bwhat(?:'s| is| will be| would be) (?:the|my) (?:exact |total |yearly |annual |monthly )?(?:amount|sum|figure)\b"
    r"(?! (?:of|for) (?:the )?(?:participants|people|positions|places|posts|candidates|applicants|students|laureates"
    r"|time|number)\b)"
    r"|\b(?:gross|net) (?:monthly |yearly |annual )?(?:salary|pay)\b"
    r"|\bcombien\b[^?.]{0,20}\b(?:salaire|remuneration|paye|salary)\b|\b(?:salaire|remuneration|salary)\b[^?.]{0,20}"
    r"\b(?:combien|how much)\b"
    r"|\b(?:ecart|difference|grille)s? (?:de |des )?(?:salaires?|remunerations?)|\b(?:salary|pay) (?:gap|difference|scale|grid|range)"
    r"|\bcombien\b(?! d(?:e |')(?!argent\b|euros?\b))"  # "combien de personnes chaque année" counts people
    r"[^?.]{0,40}\b(?:par|chaque) (?:mois|an|annee)\b|\bhow much\b[^?.]{0,40}\b(?:per|a|each) (?:month|year)\b"
)
_AMOUNT = re.compile(_MONEY + r"|\bcombien\b(?! de (?:temps|jours|annees|mois))|how (?:much|many)|\bamount|\bnumber of")
_MONEY_QUESTION = re.compile(_MONEY)


def events_named(text: str) -> tuple[EventKind, ...]:
    """The steps of a call a folded question names (interviews, results, start...)."""
    return tuple(e for e, pattern in _EVENTS if re.search(pattern, text))


def asks_window(text: str) -> bool:
    """Whether a folded sentence asks about a call's window: its deadline or its opening ("j'ai encore le temps ?")."""
    return any(re.search(pattern, text) for kind, pattern in _INTENTS if kind in ("deadline", "opening"))


def asks_amount(question: str) -> bool:
    """Whether a question asks for an amount of money ("quel est le montant", "salaire mensuel", "how much money")."""
    return bool(_MONEY_QUESTION.search(fold(question)))


def asks_count(question: str) -> bool:
    """Whether a question asks for a number ("combien de postes", "how many applicants")."""
    return bool(_COUNT.search(fold(question)))


# People counted with no noun: "on est combien à être pris ?", "combien sont retenus ?", "how many get in?".
PEOPLE_COUNTED = re.compile(
    r"\bon (?:est|sera|serait|sont) combien\b|\bcombien (?:sont|seront|sommes|serons|en prennent|en prend)\b"
    r"|\bhow many (?:of us|are (?:taken|selected|admitted|accepted|chosen)|get (?:in|selected|accepted|chosen))\b"
)
_COUNT = re.compile(
    rf"\bcombien d(?:e |')(?!temps\b)|\bhow many\b|\bnumber of\b|\bnombre de\b|{PEOPLE_COUNTED.pattern}"
)
_VOCABULARY_ACRONYMS = frozenset(
    m.group(0) for term in ALL.values() for text in (term.fr, term.en) for m in _ACRONYM_IN_LABEL.finditer(text)
)
# An employer's name ("AP-HP" is a university hospital): the applicant's, not another body's (grades are not: "IR" may
# name a recruitment competition, see _GRADES).
_EMPLOYER_WORD = re.compile("|".join(f"(?:{p})" for term in EMPLOYERS for p in term.patterns))
# Upper-case words of questions that name nothing ("I", "PhD" is handled by the vocabulary).
# The words of medical studies and hospital careers are no bodies either ("une carrière HU", "mon rang aux ECN").
_QUESTION_CAPITALS = frozenset(
    {
        "I",
        "OK",
        "FAQ",
        "SVP",
        "PHD",
        "MD",
        "CV",
        "M2",
        "HU",
        "ECN",
        "EDN",
        "ECOS",
        "DES",
        "DFASM",
        "DFGSM",
        "DFASM1",
        "UMR",
        "UMRS",
        "UPR",
        "USR",
    }
    | {"DFASM2", "DFASM3", "R2C"}
    # Degrees, however abbreviated ("only did the M1", "a DVM"): the applicant's, not a body's.
    | {"M1", "M2R", "MSC", "BSC", "DVM", "HDR", "L3"}
    # An employer's own departments ("I work in the HR department", "la DRH de mon CHU"): the asker's, not a body.
    | {"HR", "RH", "DRH", "DAM", "RRH"}
)
# Research grades applicants give as their status ("je suis CR Inserm"), unless a recruitment exam for the grade is
# asked about ("le concours CR 2026").
_GRADES = frozenset({"CR", "DR", "IR", "IE", "AI", "CRCN", "CRHC", "DRCE", "IGE", "IGR", "MCF"})
_CONTEST = re.compile(r"(?:concours|competition|exam|recrutement|recruitment)\s+(?:de |d'|des |for |of )?$", re.I)
_AS_STATUS = re.compile(r"(?:^|\b(?:je suis|suis|i'm|i am|as an?|en tant que|etant)\s+(?:une? |an? )?)\W*$", re.I)
# Negation in the clause before a word. French "plus" alone is "also" ("j'ai en plus un master"):
# it negates only after "ne"/"n'".
_NEGATION = re.compile(
    r"\b(?:pas|jamais|sans|aucun|no|not|never|without|don't|haven't|hasn't|isn't|aren't|am not|do not|doesn't|didn't"
    r"|won't|wasn't|weren't|can't|cannot)\b"
    r"|\bn(?:e\b|')[^,.;]*\bplus\b|\bno longer\b|\bni\b|\bnor\b|\bneither\b|\bnon\b"
)
_NOT_YET = re.compile(
    r"\bpas encore\b|\bnot yet\b|\bpour l'instant\b|(?<!ne )\bl'aurai\b(?! pas| jamais)|\bwill have\b|\bbientot\b|\bsoon\b"
)
_FIRST_PERSON = re.compile(r"\b(?:je|j'|moi|mon|ma|mes|i|i'm|my|me|nous|notre|nos|we|our)\b")


# The one condition a verdict question names: "la condition d'ancienneté", "the degree requirement".
_CRITERIA: tuple[tuple[CriterionKind, str], ...] = (
    ("seniority", r"anciennete|seniority|tenure"),
    ("diploma", r"diplomes?|diplomas?|degrees?"),
    ("status", r"statut|status"),
    ("profession", r"profession"),
    ("employer", r"employer"),
    ("paid_by", r"remuneration|salary|pay"),
)
_CRITERION_NAMED = re.compile(
    r"\b(?:condition|critere|exigence|requirement|criterion)s? (?:d'|de |du |des |of |on |about |sur )?(?:la |l'|le |les |the )?"
    r"(?P<a>[\w'-]+)|\b(?P<b>[\w'-]+) (?:requirement|criterion)s?\b"  # French names the condition first
)


JudgedAt = Literal["deposit", "closing", "start"]
# When a condition is asked to be held: at the deposit ("au moment où je dépose mon dossier", "when I apply"), at the
# call's closing ("à la date limite"), or at the start ("à la prise de poste", "by the time I start").
_JUDGED_AT: tuple[tuple[JudgedAt, re.Pattern[str]], ...] = (
    (
        "deposit",
        re.compile(
            r"\b(?:au moment (?:du depot|de (?:deposer|candidater|postuler|la candidature|l'inscription|m'inscrire"
            r"|mon inscription|ma candidature|mon dossier)"
            r"|ou (?:je|l'on|on|nous|vous|il|elle) (?:depos|candidat|postul|m'inscri|s'inscri|nous inscri|envoi)\w*)"
            r"|(?:des|lors) (?:du depot|de la candidature|de l'inscription)|a la candidature|au depot"
            r"|quand je (?:depose|candidate|postule|m'inscris)|en (?:deposant|candidatant|postulant)"
            r"|avant (?:de (?:deposer|candidater|postuler|m'inscrire)|(?:le|mon|son|leur|notre) depot)"
            r"|at the time (?:of (?:application|applying|submission)|i (?:apply|submit))|when i (?:apply|submit|register)"
            r"|(?:at|upon|on) (?:application|submission)|before (?:applying|i apply|submitting))\b"
        ),
    ),
    (
        "closing",
        re.compile(
            r"\b(?:a la (?:date (?:de )?)?cloture|a la date limite|au moment de la cloture"
            r"|(?:at|by) the (?:closing date|deadline|close of the call))\b"
        ),
    ),
    (
        "start",
        re.compile(
            r"\b(?:(?:a|avant|pour|au moment de) la (?:date de )?prise de (?:fonction|poste)|au (?:debut|demarrage) du"
            r" (?:contrat|poste)|quand je (?:commence|demarre)|(?:at|by) the (?:start|time i start)|when i (?:start|take up)"
            r"|(?:on|before) taking up)\b"
        ),
    ),
)
# A condition asked as a requirement ("dois-je déjà avoir mon M2 … ?", "do I need my MSc when I apply?"): a yes or no.
_MUST_HOLD = re.compile(
    r"\b(?:dois|doit|devons|devez|faut|faudra|faudrait|need|needs|must|have to|has to|required|requis|requise"
    r"|necessaire|obligatoire|exige|exigee|exigees|exiges|mandatory|compulsory|needed|indispensable)\b"
)
# The diploma or the seniority as what is held ("avoir mon M2", "soutenu ma thèse", "le M2 est exigé", "ancienneté
# requise"), not as a document to send ("joindre mon diplôme de M2") nor beside another ask ("avec mon M2, faut-il
# une lettre ?").
_HOLDING_BEFORE = re.compile(
    r"\b(?:avoir|eu|aurai|aurais|aura|obtenu|soutenu|valide|fini|termine|titulaire|detenir|possede|hold|have|had|obtained|completed"
    r"|finished|defended|got|get|need|needs|require|requires|faut|faut-il|faudra|faudrait|exige)\b(?: [\w'-]+){0,3} ?$"
)
_HOLDING_AFTER = re.compile(
    r"^\)?(?: [\w'-]+){0,2} (?:(?:est|soit|sont)(?:-(?:il|elle|ils|elles))? |is |be )?(?:exigee?s?|requise?s?|obligatoires?|necessaires?|demandee?s?"
    r"|required|needed|mandatory|compte|counts|acquise?s?|obtenue?s?|validee?s?|soutenue?s?|defended|passed)\b"
    # "le M2 recherche, il faut l'avoir au moment du dépôt ?", "my M2, do I need to have it when I apply?"
    r"|^(?: [\w'-]+){0,4} (?:l'avoir|l'obtenir|l'aie|l'ai|l'aurai|have it|hold it|get it|obtain it)\b"
)
_A_CONDITION_HELD = re.compile(r"\b(?:anciennete|seniority)\b")
_ASKS_WHICH = re.compile(r"\b(?:quel|quels|quelle|quelles|quoi|what|which)\b|(?:^|[,:;?]\s*)que\b|\bqu'est-ce\b")
_SENT = re.compile(
    r"\b(?:joindre|fournir|envoyer|transmettre|deposer (?:une |la )?copie|copie|attach|send|provide|submit)\b"
)


def judged_at(text: str) -> tuple[JudgedAt, ...]:
    """When a folded question asks a diploma or the seniority to be held ("dois-je avoir mon M2 au moment du dépôt
    ?" → the deposit; "au dépôt ou à la prise de poste ?" → both), in the question sentence that names it; ()
    otherwise."""
    for question in [q for q in re.findall(r"[^.!?]*\?", text)] or [text]:
        if _SENT.search(question):
            continue  # "dois-je joindre mon diplôme de M2 au dépôt ?": a document
        if _A_CONDITION_HELD.search(question) and re.search(r"\d", question):
            continue  # "faut-il 3 ans d'ancienneté à la date limite ?": the number asked, not the moment
        held = _A_CONDITION_HELD.search(question) or _diploma_held(question)
        moments = tuple(at for at, pattern in _JUDGED_AT if pattern.search(question))
        if held and moments:
            return moments
    return ()


def _diploma_held(question: str) -> bool:
    """Whether a folded question speaks of a diploma as held ("avoir mon M2", "le M2 est exigé")."""
    return any(
        _HOLDING_BEFORE.search(question[: m.start()]) or _HOLDING_AFTER.search(question[m.end() :])
        for term in DIPLOMAS
        for pattern in term.patterns
        for m in re.finditer(pattern, question)
    )


def diploma_required(text: str) -> bool:
    """Whether a folded question asks whether a diploma is required, at no moment ("Is a research master's
    required?", "faut-il un M2 pour le PA ?"), not which one nor sent as a document."""
    questions = [q for q in re.findall(r"[^.!?]*\?", text)] or [text]
    return any(
        must_hold(q) and not _SENT.search(q) and not _OTHER_ROLE.search(q) and _diploma_held(q) for q in questions
    )


# A diploma asked of another role than the applicant's: "faut-il un M2 pour être encadrant ?".
_OTHER_ROLE = re.compile(
    r"\b(?:pour|afin d') ?(?:etre|devenir) (?:l'|le |la |un |une )?(?:encadr|direct|tuteur|tutrice|respons|jury|membre"
    r"|referent|superv|coordin)|\bto (?:be|become|act as) (?:a |an |the )?(?:supervisor|director|tutor|mentor|member"
    r"|referee|coordinator|head)\b|\b(?:l'|le |la |the |my |mon |ma )(?:encadrant|directeur|directrice|tuteur|tutrice"
    r"|supervisor|director|mentor)\w* (?:doit|must|needs?|has to)\b"
)


def must_hold(text: str) -> bool:
    """Whether a folded question asks a condition as a requirement, not in the negative nor which one ("dois-je
    avoir … ?", not "je ne l'aurai pas encore, ça passe ?" nor "quel diplôme faut-il ?")."""
    return bool(_MUST_HOLD.search(text)) and not negated(text) and not _ASKS_WHICH.search(text)


def criterion_named(text: str) -> CriterionKind | None:
    """The one condition a folded question names ("je remplis la condition d'ancienneté ?", "faut-il l'accord de mon
    hôpital ?"), if one."""
    if _APPROVALS_ASKED.search(text) and not _CRITERION_NAMED.search(text):
        return "approval"
    if _PAY_REQUIRED.search(text) and not _CRITERION_NAMED.search(text):
        return "paid_by"
    if HOST_MAY_BE.search(text) or HOST_REQUIRED.search(text) or HOST_ANY.search(text):
        return "host"
    if judged_at(text):  # "dois-je avoir mon M2 au moment du dépôt ?": that condition, and when it is judged
        return "diploma" if find(text, DIPLOMAS) or not re.search(r"anciennete|seniority", text) else "seniority"
    if diploma_required(text):  # "Is a research master's (M2) required?": whether the text requires it
        return "diploma"
    found = set()
    for m in _CRITERION_NAMED.finditer(text):
        word = m.group("a") or m.group("b")
        found |= {kind for kind, pattern in _CRITERIA if re.fullmatch(pattern, word)}
    return found.pop() if len(found) == 1 else None


def negated(text: str) -> bool:
    """Whether a folded message says "not" ("pas", "jamais", "no longer", "n'… plus"), other than in saying what
    the asker does not know ("je ne sais pas s'il faut…", "I'm not sure whether…")."""
    return bool(_NEGATION.search(UNSURE.sub(" ", text)))


# Not knowing, which negates nothing asked: "je ne sais pas si", "je ne suis pas sûr que", "I don't know whether".
UNSURE = re.compile(
    r"\b(?:je ne sais pas|je sais pas|j'ignore|je ne suis pas (?:sur|certaine?)|je suis pas (?:sur|certaine?)"
    r"|i (?:don't|do not) know|i'm not sure|i am not sure|not sure)\b(?: (?:si|s'|que|qu'|if|whether))?"
)


def speaks_of_self(text: str) -> bool:
    """Whether a folded message speaks of the one writing ("je suis PH", "my colleague"), not only of a group."""
    return bool(_FIRST_PERSON.search(text))


_ENGLISH_WORDS = frozenset(
    [
        "the",
        "is",
        "are",
        "what",
        "when",
        "who",
        "how",
        "can",
        "i",
        "for",
        "a",
        "an",
        "do",
        "does",
        "my",
        "am",
        "of",
        "to",
        "and",
        "your",
        "you",
        "please",
        "with",
        "in",
        "it",
        "this",
        "that",
        "which",
        "where",
        "will",
        "should",
        "have",
        "has",
        "there",
        "be",
        "any",
    ]
)
_FRENCH_WORDS = frozenset(
    [
        "le",
        "la",
        "les",
        "est",
        "quel",
        "quelle",
        "quels",
        "quelles",
        "quand",
        "qui",
        "comment",
        "je",
        "pour",
        "un",
        "une",
        "des",
        "du",
        "de",
        "suis",
        "mon",
        "ma",
        "et",
        "vous",
        "votre",
        "avec",
        "dans",
        "sur",
        "que",
        "ce",
        "il",
        "y",
        "en",
        "au",
        "aux",
        "ou",
        "sont",
        "peut",
    ]
)


def language(text: str) -> str:
    """'en' or 'fr' from a few frequent words; French when unsure."""
    words = re.findall(r"[a-z']+", fold(text))
    en = sum(w in _ENGLISH_WORDS for w in words) - len(re.findall(r"(?<!\w)à(?!\w)", text.lower()))  # "à" is no "a"
    fr = sum(w in _FRENCH_WORDS or bool(_ELIDED.match(w)) for w in words)  # "l'AP-HP", "d'interface"
    return "en" if en > fr else "fr"


_ELIDED = re.compile(r"(?:l|d|qu|j|n|s|c|m|t)'[a-z]")


_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]+(?:-[A-Z0-9]+)*\b")


# A funder or body named in full: "la Fondation pour la Recherche Médicale", "the European Research Council".
_BODY = re.compile(
    r"\b(?:Fondation|Foundation|Agence|Agency|Ligue|League|Fonds|Fund)"
    r"(?:\s+(?:(?:pour|de|du|des|la|le|les|contre|sur|for|of|the|against|on)\s+|[ld]['’])*[A-ZÀ-Ý][\w'’-]*)+"
    r"|\b(?:(?!(?:The|This|That|Which|What|Whose|A|An|Le|La|Les|Quel|Quelle|Quels|Quelles)\b)[A-ZÀ-Ý][\w'’-]* ){1,3}"
    r"(?:Council|Foundation|Agency|Fund|League)\b"
    # A prize is another competition: "le Grand Prix Inserm", "the Inserm Prize", "un prix de l'Académie"
    r"|\b(?:[Gg]rands? )?(?:[Pp]rix|[Pp]rizes?|[Aa]wards?)\b(?:\s+(?:de l'|de la |du |d'|des )?[\w'’-]+)?"
)


def corpus_acronyms(texts: list[str]) -> frozenset[str]:
    """The upper-case words (acronyms) the corpus uses, PH, CHU, EVA, AMPS..., and the bodies it names in full."""
    return frozenset(
        m.group(0) for text in texts for pattern in (_ACRONYM, _BODY) for m in pattern.finditer(normalise(text))
    )


def strangers(question: str, programmes: list[Programme], known_acronyms: frozenset[str]) -> set[str]:
    """Acronyms a question uses that neither the corpus, a programme's names nor the profile words use, in a
    question that names no programme ("la date limite de l'ANR"); one that names a programme is about it, whatever
    else it names ("je suis IE", "M2R", "FYI")."""
    named = bool(mentioned(question, programmes))
    aliases = {m.group(0) for p in programmes for n in p.names() for m in _ACRONYM.finditer(n)} | _VOCABULARY_ACRONYMS
    text = normalise(question)
    used = set()
    for m in _ACRONYM.finditer(text):
        if _LABEL.match(text, m.end()):
            continue  # "SYSTEM OVERRIDE:", "NOTE:": shouted labels, not names of programmes or bodies
        before = text[max(0, m.start() - 30) : m.start()]
        if (
            m.group(0) in _GRADES
            and not _CONTEST.search(before)
            and (_AS_STATUS.search(before) or re.match(r"\s+(?:inserm|cnrs|titulaire)\b", text[m.end() :], re.I))
        ):
            continue  # "je suis CR Inserm": a status, not the name of a body or a competition
        another = _ANOTHER_CALL.search(before) or _GRANT_AFTER.match(text, m.end())
        if _EMPLOYER_WORD.search(fold(m.group(0))) and (
            _WORKS_AT.search(fold(before))
            or (named and not _FUNDER_BEFORE.search(before) and not _CALL_AFTER.match(text, m.end()))
        ):
            # "PU-PH à l'AP-HP": where the applicant works ("l'appel de l'AP-HP" is another body's); "la convention
            # avec l'AP-HM" in a question on a programme: a hospital of the applicant's, not another call
            continue
        if named and not another:
            continue  # "je suis IE", "M2R": words of a question about a programme it names
        used.add(m.group(0))
    if not named and not speaks_of_self(fold(question)):
        # A body named in full ("la Fondation pour la Recherche Médicale"), in a question about it: not one where
        # the asker works or holds a grant ("j'ai une bourse de la Fondation X"), nor beside a programme named.
        used |= {m.group(0) for m in _BODY.finditer(text) if not mentioned(m.group(0), programmes)}
    elif not named:
        # ... but one applied to is asked about, whoever speaks: "comment je peux candidater au Grand Prix Inserm ?"
        used |= {
            m.group(0)
            for m in _BODY.finditer(text)
            if _APPLYING_TO.search(fold(text[max(0, m.start() - 30) : m.start()]))
            and not mentioned(m.group(0), programmes)
        }
    return used - known_acronyms - aliases - _QUESTION_CAPITALS


# Applying to what follows: "candidater au", "postuler à la", "apply for the", "s'inscrire au".
_APPLYING_TO = re.compile(
    r"\b(?:candidater|candidate|postuler|postule|concourir|participer|inscrire|apply|applying|enter|submit)\s+"
    r"(?:a |au |aux |a la |a l'|pour (?:le |la |l')?|for (?:the )?|to (?:the )?)?(?:[\w'-]+\s+){0,2}$"
)


_LABEL = re.compile(r"(?:\s+[A-Z]+)*\s*:")
# An acronym introduced as a call, a funder or a grant names something else: "l'appel ANR JCJC", "une bourse FRM".
# "an ERC Starting Grant", "la bourse ANR JCJC": an acronym followed by the name of a grant is another funder's.
_GRANT_AFTER = re.compile(
    r"\s+(?:(?:starting|consolidator|advanced|synergy|jcjc|prc)\s+)?(?:grants?|fellowships?|bourses?|awards?)\b",
    re.IGNORECASE,
)
# "L'AP-HP a son propre appel", "AP-HP fellowship": the hospital's own call, another body's.
_CALL_AFTER = re.compile(
    r"\W*(?:[\w'-]+\s+){0,3}(?:appels?|calls?|fellowships?|bourses?|grants?|programmes?|programs?)\b", re.IGNORECASE
)
_FUNDER_BEFORE = re.compile(
    r"(?:appel|call|programme|program|bourse|grant|fellowship|financement|funding|funder)s?\s+(?:de l'|du |des |d'|of )?"
    r"(?:[A-Za-z'-]+\s+)?$",
    re.IGNORECASE,
)
_ANOTHER_CALL = re.compile(
    r"(?:appel|call|programme|program|bourse|grant|fellowship|financement|funding|funder|de l'|du|des|the|l')\s*"
    r"(?:[A-Za-z'-]+\s+)?$",
    re.IGNORECASE,
)


# A diploma named by its pronoun: "je l'obtiens en juin", "I get it in June".
_IT_OBTAINED = re.compile(
    r"\b(?:je |j')?l'(?P<verb>obtiens|obtiendrai|obtiendrais|aurai|aurais|valide|validerai|soutiens|soutiendrai"
    r"|passe|passerai)\b|\b(?P<en>i (?:get|got|obtain|complete|finish|defend|pass|will get|will have|will obtain)) it\b"
)


# Whether two programmes are one and the same: "c'est la même chose ?", "are they the same thing?"
_SAME_THING = re.compile(
    r"\b(?:la meme chose|pareils?|the same thing|the same (?:programme|program|scheme)|similaires?|similar|equivalents?"
    r"|interchangeables?|se ressemblent|alike)\b"
    # or how they differ, or which to go for: "what's the difference?", "should I look at X or Y?"
    r"|\b(?:quelles?|what(?:'s| is| are)(?: the)?|la|les) differences?\b|\bdifferences? (?:entre|between)\b"
    r"|\bcompar(?:er|aison|e them|ison)\b|\bversus\b|\bvs\b"
    r"|\bshould i (?:look at|go for|choose|pick|apply (?:to|for)|consider)\b|\bje (?:choisis|prends|vise) (?:quoi|lequel)\b"
)


def _aspect_asked(sentence: str) -> bool:
    """Whether a sentence comparing programmes asks only their dates, steps or lengths ("auditions PA vs CI : à
    quelle période ?"), which each one's answer gives, not the comparison table."""
    kinds = {kind for kind, pattern in _INTENTS if kind != "suggest" and re.search(pattern, sentence)}
    return bool(kinds) and kinds <= _ASPECTS


# A diploma that counts for a programme: "ma thèse d'exercice compte pour le CER ?", "is my MSc valid for it?"
_COUNTS_FOR = re.compile(
    r"(?:(?<!un )(?<!mon )(?<!le )(?<!ton )(?<!votre )\bcompte(?:nt|ra|rait)?(?:[- ]t[- ](?:il|elle|ils|elles))?"
    r"|\b(?:est|sont)(?:-(?:il|elle|ils|elles))? (?:valables?|acceptee?s?|reconnue?s?|suffisante?s?)|\bsuffit|\bcounts?"
    r"|\b(?:is|are) (?:my |the |a )?(?:[\w'-]+ ){0,3}(?:valid|accepted|recogni[sz]ed|enough))(?: (?:bien|aussi|also|too))?"
    r" (?:pour|for)\b(?! (?:la |le |the |l')?(?:selection|evaluation|dossier|much|beaucoup|rien|nothing|eva|calcul"
    r"|anciennete|seniority)\b)"
)
# "je peux déjà candidater ?", "can I already apply?", of no one's situation: whether it has opened yet (déjà, not
# "encore"); "en 5e année, puis-je déjà postuler ?" asks whether that stage is enough.
_ALREADY_APPLY = re.compile(
    r"\b(?:peux|peut|puis|pourrai|pourrais|pouvons|peuvent)(?:-je|-on)? (?:deja|des maintenant|des a present) "
    r"(?:candidater|postuler|deposer|envoyer)\b|\b(?:can|may) (?:i|we|one) already (?:apply|submit|send)\b"
)
# A follow-up that names only a year: "et pour 2027 ?", "and in 2025?", "l'an prochain, en 2027 ?".
_YEAR_ELLIPSIS = re.compile(
    r"(?:(?:et|and|mais|but|ok|d'accord)[ ,]+)?(?:pour|en|in|for|dans|l'an prochain|next year|l'annee)?[ ,]*"
    r"(?:l'appel |la promo(?:tion)? |the call |the )?(?:19|20)\d\d(?:\s*[-/]\s*(?:19|20)?\d\d)?\s*\??"
)


def year_only(text: str) -> bool:
    """Whether a folded follow-up names only a year ("et pour 2027 ?"): a call's edition, asked the same question."""
    return _YEAR_ELLIPSIS.fullmatch(text.strip()) is not None


# A group that may apply to a programme, asked of no one in particular: "un cadre administratif peut candidater aux
# HP ?", "les ingénieurs peuvent faire le parcours ?", "could a team leader join?" (not a length: "peuvent faire 4 ans ?").
_GROUP_MAY = re.compile(
    r"\b(?:peut|peuvent|pourrait|pourraient)(?:-(?:il|elle|ils|elles|on))? (?:aussi |egalement |bien )?"
    r"(?:candidater|postuler|faire|participer|integrer|rejoindre|beneficier|acceder|pretendre|s'inscrire|entrer|suivre)\b"
    r"(?! (?:\d|plus|moins|combien))"
    r"|\b(?:can|could|may) (?:an? |the )?(?:[\w'-]+ ){1,3}?(?:apply|join|take part|enter|do|follow)\b(?! \d)"
)
# A situation said, then whether it works for a programme: "MCU-PH odonto, ça marche pour le CI ?", "le CI, ça le fait
# pour moi ?", "would that work for the PA?" (not "ça marche comment ?").
_WORKS_FOR = re.compile(
    r"\b(?:ca|cela|c'est|c) ?(?:marche|passe|colle|le fait|fonctionne|joue|jouable|ok|bon)\b(?: (?:aussi|quand meme|bien"
    r"|encore))?(?: (?:pour|avec)\b|\s*\?)(?![^?]{0,20}\bcomment\b)"
    r"|\b(?:does|would|will) (?:it|that|this) work for\b"
)
# What a group asks beside whether it may apply: a way, a condition, another thing ("sans l'accord de son
# directeur", "à distance", "la communauté Alumni"): not answered by who the programme takes.
BESIDE_APPLYING = re.compile(
    r"\b(?:sans|without|a distance|remote\w*|en ligne|online|alumni|si|s'il|if|sauf|unless|avec|with|pendant|during"
    r"|apres|after|avant|before|en meme temps|at the same time|plusieurs|twice|deux fois|comment|how)\b"
)
# A piece of the applicant's record that counts for a programme: "le nb de publis compte pour les PA ?".
_WHAT_COUNTS = re.compile(
    r"\b(?:publications?|publis?|articles?|cv|parcours|travaux|experience|projet|project|papers?)\b[^?.]{0,30}"
    r"\b(?:compte(?:nt)?(?:[- ]t[- ](?:il|elle|ils|elles))?|counts?|matters?) (?:pour|for)\b"
)
# Closed to someone: "le CI m'est-il fermé ?", "m'est donc fermé", "fermé aux pharmaciens ?", "closed to PhD students?".
# Who pays the applicant, said of oneself: part of the profile, no question on funding.
_PAID_SAID = re.compile(
    r"\b(?:je suis |suis |etant |being |i am |i'm )?(?:paye|payee|remunere|remuneree|paid|salarie|salariee)"
    r" (?:par|by) (?:l'|le |la |les |mon |ma |the |my )?[\w-]{2,}\b(?!')(?: en ce moment| actuellement| currently)?\b(?!\s*\?)"
)
_CLOSED_TO = re.compile(
    r"\b(?:m'|me |nous |lui |leur )(?:est|sont)\b(?:[- ](?:il|elle|ils|elles))?(?: \w+)? (?:fermee?s?|interdite?s?"
    r"|ouverte?s?|accessibles?)\b|\b(?:open|available|accessible) to (?:me|us|him|her)\b"
    r"|\bfermee?s? (?:aux|pour|a) (?!\d|quelle|minuit|midi|partir)(?:moi|nous|eux|lui|elle|les|des|un|une"
    r"|(?:[\w-]+ ){0,2}[\w-]+s)\b"
    r"|\b(?:closed|off-limits) to (?!applications|new)(?:me|us|him|her|them|(?:[\w-]+ ){0,2}[\w-]+s)\b"
)
# What a comparison may ask of each programme it names, answered for each: their dates, their steps, their lengths.
_ASPECTS = frozenset({"deadline", "opening", "event", "calendar", "duration"})
# A length the question states, to be checked ("c'est 5 ans ?", "is it 3 years?").
_STATED_LENGTH = re.compile(
    r"(?<!ca fait )(?<!qui )(?<!projet )\b(?:c'est|c|ca dure|ca sera|is it|it's|it is|will it be|does it last|dure"
    r"|durera|lasts?|peut(?:-il|-elle)? (?:durer|aller jusqu'a)|pourrait durer|can (?:it )?last|could (?:it )?last"
    # ("can be stretched to 4 years", "peut être prolongé à 4 ans")
    r"|(?:be|etre) (?:stretched|extended|prolonged|prolongee?|etendue?|allongee?|porte|portee) (?:to|a|jusqu'a))"
    r" (?:bien |vraiment |really |still |only |seulement |aussi |also )?(\d+) (ans?|annees?|years?|mois"
    r"|months?)(?: (?:pour|for) (?:moi|me|un|une|a|an|les|the)?(?: ?[\w-]+)?)?(?: aussi| also| too| egalement)?"
    # (a circumstance after it: "peut durer 4 ans si ma thèse prend du retard ?", still the length checked)
    # (not who the asker is: "un PA peut durer 3 ans si je suis PH ?" asks a verdict)
    r"(?: (?:si|if|quand|when|en cas de|in case)\b(?! (?:je suis|j'suis|je passe|je deviens|i am|i'm|im|i become|on est)\b)"
    r"[^?]{0,60})?"
    # ("le CI dure 5 ans pour un PHC, c'est bien ça ?", "… for a PHC, is that right?": the length, to confirm)
    r"(?:,?\s*(?:c'est (?:bien |vraiment )?(?:ca|vrai|exact|correct)|est-ce (?:bien )?(?:vrai|exact|correct)"
    r"|(?:is|was) (?:that|this|it) (?:really )?(?:right|correct|true|so)|right|correct|non|hein|n'est-ce pas))?\s*\?"
)
# A length that is the applicant's, not the contract's ("l'ancienneté requise c'est 3 ans ?").
_NOT_THE_CONTRACT = re.compile(r"\b(?:anciennete|seniority|experience|titulaire|tenure|cdd|projet|project|ou|or)\b")


# A document of the file, then how long it may be: "the note d'intention — how long can it be?", "le CV, combien de
# pages ?".
DOCUMENT_LENGTH = re.compile(
    r"\b(?:note d'intention|note|cv|curriculum|lettre|letter|resume|statement|projet de recherche|research project)s?\b"
    r"[^?]{0,80}?\b(?:how long (?:can|should|must|may|is|are) (?:it|they|this|that) (?:be)?|combien de pages|how many pages"
    r"|quelle longueur|what length|longueur max\w*|taille max\w*|page limit|limite de pages)"
)


# Which of several is made for a purpose: "lequel est fait pour préparer une thèse ?", "which one is meant for doing
# a PhD?".
_FOR_A_PURPOSE = re.compile(
    r"\b(?:lequel|laquelle|lesquel(?:le)?s|which(?: one)?) (?:est|serait|sont|is|would be) (?:le plus |the most |best )?"
    r"(?:prevue?s?|faite?s?|concue?s?|destinee?s?|adaptee?s?|pensee?s?|meant|designed|intended|suited|made) (?:pour|for)"
    r" (?:preparer|faire|obtenir|soutenir|realiser|passer|finir|terminer|preparing|doing|getting|completing|finishing)\b"
)


_CHOOSING = re.compile(r"\b(?:hesite\w*|j'hesite|entre|between|choisir|choose)\b")


# Lengths offered as a choice, and who or what settles it: "entre 2 et 3 ans", "2 ou 3 ans", "2 or 3 years".
_LENGTH_CHOICE = re.compile(
    r"\b(?:\d|deux|trois|quatre|cinq|two|three|four|five)(?: ans| years)? (?:ou|et|or|and|a|to) "
    r"(?:\d|deux|trois|quatre|cinq|two|three|four|five) (?:ans|annees|years)\b"
)
# Lengths of the asker's own (seniority, studies, a contract held) or asked of a verdict: not the contract's.
_NOT_THE_CONTRACTS = re.compile(
    r"\b(?:anciennete|seniority|experience|internat|residency|these|phd|cdd|cdi|titulaire|tenure|il me reste|j'ai fait"
    r"|i have|i've|i did|eligible\w*|candidater|postuler|apply|qualify|pretendre)\b"
)
_DECIDED = re.compile(r"\b(?:choisi\w*|choose[sd]?|chooses|decide\w*|depend\w*|determine\w*|fixe|sets?)\b")


def stated_length(text: str) -> tuple[int, Literal["years", "months"]] | None:
    """The length a folded question states to be checked ("c'est 5 ans ?" → (5, "years")), if any."""
    m = _STATED_LENGTH.search(text)
    if m is None or _NOT_THE_CONTRACT.search(text[max(0, text.rfind(".", 0, m.start()) + 1) : m.end()]):
        return None
    return int(m.group(1)), "months" if m.group(2).startswith(("mois", "month")) else "years"


# Sending something: the file's contents are asked, whatever they are for.
_PROVIDE = re.compile(
    r"\b(?:fournir|joindre|envoyer|transmettre|mettre dans (?:le|mon) dossier|provide|submit|send|include|attach)\b"
)


_WHICH_OF_SEVERAL = re.compile(
    r"\b(?:lesquel(?:le)?s|lequel|laquelle)\b(?! (?:des (?:deux|trois) )?(?:programmes?|dispositifs?|appels?))"
    r"|\bqui d'entre (?:nous|eux|elles)\b|\bwhich (?:one )?of (?:us|them|the two)\b"
    r"|\bqui (?:peut|peuvent|pourra|pourront|pourrait|est eligible|remplit)\b|\bwho (?:can|could|may|is eligible)\b"
    # "Alice … ; Bob … Sont-ils tous les deux éligibles ?", "are they both eligible?"
    r"|\b(?:tous|toutes) (?:les )?deux\b|\bsont-(?:ils|elles)\b|\b(?:are|can) (?:they|we) both\b|\bboth of (?:us|them)\b"
)
_TOO_LATE = re.compile(r"\btrop tard\b|\btoo late\b")
# ... unless it names applying or the window: "titulaire depuis 5 ans, c'est trop tard pour candidater ?"
_WINDOW_WORDS = re.compile(
    r"\b(?:candidater|postuler|deposer|s'inscrire|inscription\w*|apply|submit|register|encore|still|date|deadline"
    r"|cloture|closed?)\b"
)


def parse(
    question: str,
    programmes: list[Programme],
    history: tuple[str, ...] = (),
    known_acronyms: frozenset[str] | None = None,
) -> Intent | None:
    """The intent of a question, or None when the rules do not recognise it.

    With ``known_acronyms`` (the corpus's, see ``corpus_acronyms``), a question that names an
    acronym the corpus never uses ("la date limite de l'ANR") is about something else: None.
    """
    if known_acronyms is not None and strangers(question, programmes, known_acronyms):
        return None
    text = fold(question)
    if history and (it := _IT_OBTAINED.search(text)) and len(said := find(fold(history[-1]), DIPLOMAS)) == 1:
        # "et si je l'obtiens en juin ?" after "pas encore de master 2 recherche": the diploma just spoken of.
        text = f"{text[: it.start()]}{it.group('verb') or it.group('en')} {fold(ALL[said[0]].fr)}{text[it.end() :]}"
    named_here = tuple(asked_about(question, programmes))
    if history and named_here and _ELLIPSIS.search(text):
        # "Et pour les postes d'accueil ?" after a question on a deadline: the same question, about these.
        previous = parse(history[-1], programmes, history[:-1], known_acronyms)
        if previous is not None:
            return previous.model_copy(update={"programmes": named_here, "lang": language(question)})
    if history and not named_here and year_only(text):
        # "et pour 2027 ?" after a question on the CI's deadline: the same question, of that year's call.
        previous = parse(history[-1], programmes, history[:-1], known_acronyms)
        if previous is not None:
            return previous.model_copy(update={"lang": language(question)})
    profile = parse_profile(text)
    compared = find(text, STATUSES)
    if _WHICH_OF_SEVERAL.search(text) and (len(re.findall(r"\b(?:depuis|since|for)\b", text)) > 1 or len(compared) > 1):
        # "Sophie, IR depuis 7 ans, et Julien, CR depuis 18 mois : lesquels peuvent candidater ?": two people, no one
        # profile to judge (the conditions are said, each reader checks theirs)
        profile = Profile()
    if (
        len(named_here) == 2
        and profile.is_empty()  # ("je suis PHC : le CI durera plus longtemps qu'un PA ?" is the PHC's length)
        and text.count("?") <= 1  # (nor is another question dropped)
        and _HOW_LONG_IT_LASTS.search(text)
        and (than := _LONGER_THAN.search(text))
        and not _WHICH_ONE.search(than.group(0))
    ):
        # "Un contrat d'interface peut-il durer plus longtemps qu'un poste d'accueil ?": the two lengths, and which.
        before = text[: than.start()] + " " + than.group("first")
        first, second = mentioned(before, programmes), mentioned(than.group("second"), programmes)
        if len(first) == 1 and len(second) == 1 and first != second:
            return Intent(
                kind="duration",
                programmes=(first[0], second[0]),
                relation="shorter" if than.group("shorter") else "longer",
                lang=language(question),
            )
    if len(compared) > 1 and named_here and (_SAME.search(text) or _LONGER.search(text)):
        # "Mon collègue PHC et moi MCU-PH, même durée de contrat d'interface ?", "plus long pour un PU-PH que pour un
        # PHC ?": a yes or no, and each one's length ("qui a le plus long ?": each one's).
        statuses, relation = _lengths_compared(text, compared)
        return Intent(
            kind="duration", programmes=named_here, statuses=statuses, relation=relation, lang=language(question)
        )
    if (
        history
        and not named_here
        and not profile.is_empty()
        and _AS_SOMEONE.search(text)
        and (_ELLIPSIS.search(text) or not _asks_of_its_own(text, profile))
    ):
        # "Et si je suis PHC ?" after "Combien de temps dure un contrat d'interface pour un PU-PH ?": the same
        # question, for this applicant, however long the situation it says ("et si je suis titulaire depuis 4 ans
        # mais en détachement, payée par l'université ?").
        previous = parse(history[-1], programmes, history[:-1], known_acronyms)
        if previous is not None and previous.kind != "suggest":
            return previous.model_copy(update={"profile": profile, "lang": language(question)})
    if history and not named_here and not profile.is_empty() and _CHANGES.search(text):
        # "J'ai eu 18 mois de congé parental, ça change quelque chose ?" after asking for a verdict: the same
        # question, with what the applicant adds about themselves.
        previous = parse(history[-1], programmes, history[:-1], known_acronyms)
        if previous is not None and previous.kind != "suggest":
            return previous.model_copy(
                update={"profile": _merged(previous.profile, profile), "lang": language(question)}
            )
    named = named_here or tuple(subject(question, programmes, history))
    events = events_named(text)
    lang = language(question)
    asking = _SET_ASIDE.sub(" ", text)  # "apart from my CV, what else do they assess?": not the CV
    if "?" in PAST_ACT.sub(" ", asking):
        asking = PAST_ACT.sub(" ", asking)  # "j'ai déposé mon dossier en février, quand saura-t-on… ?": not the deposit
    if profile.paid_by_inserm is not None:
        asking = _PAID_SAID.sub(" ", asking)  # "chercheur (payé par l'Inserm), les HP me sont ouverts ?": who I am
    matching = [(kind, pattern) for kind, pattern in _INTENTS if re.search(pattern, asking)]
    if (
        not profile.is_empty()
        and any(kind == "eligibility" for kind, _ in matching)
        and not (re.search(_CAN_I_DO_A_LENGTH, asking) and not _THEN_APPLY.search(asking))
    ):
        # "Engineer since 2013: can I still apply?": a situation and a question on applying ask for a verdict
        # (which says whether the call is open too), but "je peux faire 4 ans pour finir ma thèse ?" a length.
        matching.sort(key=lambda m: m[0] != "eligibility")
    if (
        (profile.diplomas or profile.contract or profile.status)
        and _COUNTS_FOR.search(asking)
        and all(k != "eligibility" for k, _ in matching)
    ):
        # "ma thèse d'exercice compte pour le CER ?", "does my MSc count for the host position?": a verdict on it.
        matching.insert(0, ("eligibility", _COUNTS_FOR.pattern))
    elif not matching and profile.is_empty() and _ALREADY_APPLY.search(asking):
        matching.insert(0, ("opening", _ALREADY_APPLY.pattern))
    elif not matching and named_here and (profile.status or profile.profession) and _WORKS_FOR.search(asking):
        # "dentiste hospitalier (MCU-PH odonto), ça marche pour le CI ?": a verdict for that situation
        matching.insert(0, ("eligibility", _WORKS_FOR.pattern))
    elif (
        not matching
        and named_here
        and profile.status is not None
        and _GROUP_MAY.search(asking)
        and not negated(asking)
        and not BESIDE_APPLYING.search(asking)
    ):
        # "un cadre administratif peut candidater aux HP ?": a verdict for the group (its status named or not).
        matching.insert(0, ("eligibility", _GROUP_MAY.pattern))
    elif not matching and named_here and profile.is_empty() and _WHAT_COUNTS.search(asking):
        # "le nb de publis compte pour les postes d'accueil ?": what counts in the selection.
        matching.insert(0, ("selection", _WHAT_COUNTS.pattern))
    if judged_at(asking) and named:
        # "est-ce que je dois déjà avoir mon M2 au moment où je dépose mon dossier en février ?": a condition and when
        # it is judged, a verdict (the condition said first), not the window.
        matching.insert(0, ("eligibility", _JUDGED_AT[0][1].pattern))
    elif named and HOST_ANY.search(asking) and all(k != "eligibility" for k, _ in matching):
        # "ok et le labo ça peut être n'importe lequel ?": the host condition
        matching.insert(0, ("eligibility", HOST_ANY.pattern))
    elif named and diploma_required(asking) and all(k != "eligibility" for k, _ in matching):
        # "la thèse d'exercice est-elle exigée pour le PA ?": whether the text requires that diploma.
        matching.insert(0, ("eligibility", _MUST_HOLD.pattern))
    elif not profile.is_empty() and _BLOCKS.search(text) and all(k != "eligibility" for k, _ in matching):
        # "thèse d'exercice en septembre : ça bloque ?": what the applicant says of themselves asks a verdict.
        matching.insert(0, ("eligibility", _BLOCKS.pattern))
    seniority = profile.tenure_years is not None or profile.inserm_years is not None or profile.inserm_since is not None
    if (
        seniority
        and _TOO_LATE.search(asking)
        and not _WINDOW_WORDS.search(asking)
        and all(k != "eligibility" for k, _ in matching)
    ):
        # "titularisé en 2014, ça fait 11 ans… trop tard pour les HP ?": too senior, a verdict (which says where
        # the call stands too), not only the window.
        matching.insert(0, ("eligibility", _TOO_LATE.pattern))
    kinds = {kind for kind, _ in matching}
    if {"documents", "selection"} <= kinds and not _DOCUMENTS_ASKED.search(asking):
        # "would my lab count in the selection, or is it all about my CV?": a CV named is not a list asked for.
        matching.sort(key=lambda m: m[0] == "documents")
    comparing = [a for a in re.findall(r"[^.!?]*\?", asking) if _SAME_THING.search(a)]
    if len(named_here) > 1 and comparing and not all(_aspect_asked(a) for a in comparing):
        # "le CER et le poste d'accueil, c'est la même chose ?": the two side by side, whatever else is asked
        # (but "auditions PA vs CI : à quelle période ?" asks each one's interviews).
        return Intent(kind="suggest", programmes=named_here, profile=profile, lang=lang)
    if (len(named_here) > 1 or _CHOOSING.search(asking)) and named_here and _FOR_A_PURPOSE.search(asking):
        # "j'hésite entre un PA et le CCA Inserm-Bettencourt : lequel est fait pour préparer une thèse ?": the named
        # programmes side by side, each with what it is for (of no programme named, the texts that say what for).
        matching = [("suggest", _FOR_A_PURPOSE.pattern), *(m for m in matching if m[0] != "suggest")]
    if stated_length(asking):
        # "Je suis PHU, le CI c'est 5 ans pour moi aussi ?": a length checked for this applicant, not a verdict.
        matching = [("duration", _STATED_LENGTH.pattern), *(m for m in matching if m[0] != "duration")]
    elif _LENGTH_CHOICE.search(asking) and _DECIDED.search(asking) and not _NOT_THE_CONTRACTS.search(asking):
        # "c'est moi qui choisis entre 2 et 3 ans ? ça dépend de quoi ?", "2 or 3 years, who decides?": the length
        # and what the text says it depends on, not the selection.
        matching = [("duration", _LENGTH_CHOICE.pattern), *(m for m in matching if m[0] != "duration")]
    if DOCUMENT_LENGTH.search(asking):
        # "the note d'intention — what should it cover and how long can it be?": the file's limit, not a contract's.
        matching = [
            ("documents", DOCUMENT_LENGTH.pattern),
            *(m for m in matching if m[0] not in ("documents", "duration")),
        ]
    if {"documents", "funding"} <= kinds and _PROVIDE.search(asking):
        # "que faut-il fournir dans le dossier pour le soutien financier ?": what to send, for the funding.
        matching.sort(key=lambda m: m[0] != "documents")
    if profile.is_empty() and _PAGES.search(text):
        # "ma note d'intention fait 4 pages, ça passe ?": a length is the file's limit, not a verdict on the applicant.
        matching.sort(key=lambda m: m[0] != "documents")
    sentences = _SENTENCE_END.split(text)
    asked = [s for s in sentences if "?" in s]
    if asked and len(asked) < len(sentences):
        # "Je suis rémunérée par l'Inserm. Puis-je candidater ?": the sentences that ask come before those that tell.
        matching.sort(key=lambda m: not any(re.search(m[1], s) for s in asked))
    last = _WRITE_TO_LAST.search(text)
    if _WRITE_TO.search(text) or (last and "?" not in text[: last.start()]):  # (not "deadline? who do I contact?")
        # "À qui puis-je écrire pour une question sur mon éligibilité ?": whom to write to, whatever about.
        matching.sort(key=lambda m: m[0] != "contact")
    if any(kind == "how_to_apply" for kind, _ in matching):
        # "Où déposer le dossier ? par mail à l'adresse de contact ?": the address to apply at is how to apply.
        matching.sort(key=lambda m: m[0] == "contact")
    if any(kind == "calendar" for kind, _ in matching):
        # "Le calendrier de sélection après la date limite": a calendar holds the deadline, not the reverse.
        matching.sort(key=lambda m: m[0] != "calendar")
    elif profile.is_empty() and {kind for kind, _ in matching} & {"deadline", "opening"}:
        # "Je peux m'inscrire aujourd'hui ?": nothing said of the applicant, so the ask is when, not who.
        matching.sort(key=lambda m: m[0] == "eligibility")
    if _CLOSED_TO.search(asking):
        # "le parcours m'est-il fermé ?", "fermé aux pharmaciens ?", "closed to PhD students?": a verdict, not the
        # call's window.
        matching = [m for m in matching if m[0] != "eligibility"]
        matching.insert(0, ("eligibility", _CLOSED_TO.pattern))
    for kind, pattern in matching:
        if kind == "event" and (not events or not _TIME_CUE.search(text) or not named):
            continue  # "quand auront lieu les entretiens d'embauche ?": no programme, not the calls' steps
        if kind in FACT_KINDS and kind != "contact" and not named:
            continue  # these facts are per programme ("aidez-moi à rédiger ma lettre" names none)
        if _wants_a_number(kind, _ask_of(text, pattern)):
            continue
        also = _other_facts(asking, kind, pattern)
        if kind == "selection" and _TIME_CUE.search(_ask_of(asking, pattern)) and "event" not in also:
            also = (*also, "event")  # "quand les dossiers sont-ils évalués ?": when first (see compose)
        return Intent(
            kind=kind,
            programmes=named,
            events=events if kind == "event" or "event" in also else (),
            also=also,
            profile=profile,
            lang=lang,
        )
    # "Je suis PHC, contrat d'interface ?": who the applicant is, and a programme.
    who = (
        profile.status or profile.profession or profile.contract or profile.employer or profile.inserm_unit is not None
    )
    if who and named_here and _FIRST_PERSON.search(text) and not _AMOUNT.search(text) and not _OTHER_ASK.search(text):
        return Intent(kind="eligibility", programmes=named, profile=profile, lang=lang)
    return None


_WRITE_TO = re.compile(
    r"^\W*(?:(?:bonjour|hello|hi)\W+)?(?:a qui (?:puis-je|dois-je|peut-on|faut-il|je peux|je dois|ecrire|m'adresser"
    r"|pouvons-nous|devons-nous)"
    r"|(?:to )?whom (?:exactly )?(?:should|do|can|may) i|who (?:exactly )?(?:should|do|can|may) i (?:write|contact|ask|e-?mail|call)"
    r"|qui (?:contacter|ecrire))"
)
# What asks for the file's contents, not only names a piece of it.
_DOCUMENTS_ASKED = re.compile(
    r"pieces?|\bdocuments?\b|\bfournir|\bjoindre|\benvoyer|\binclude|\bcontain|\bsend\b|\bsubmit|\bprovide|\bsignatures?"
    r"|\bpages?\b|contenu|composer|comporter|contenir|comprendre"
)
# What a message sets aside before asking: "apart from my CV and publications, what else…", "à part le CV, …".
_SET_ASIDE = re.compile(
    r"\b(?:apart from|aside from|besides|other than|in addition to|a part (?=le |la |les |l'|mon |ma |mes |du |des )"
    r"|en dehors (?:de|du|des)|hormis|en plus (?:de|du|des)|au-dela (?:de|du|des))\b[^,?;:]*(?=,)"
)
# "…une question sur mon éligibilité, je contacte qui ?": whom to write to, asked last.
_WRITE_TO_LAST = re.compile(
    r"\b(?:je (?:contacte|demande a|m'adresse a|pose (?:la |ma )?question a)|j'ecris a|j'envoie (?:ca |ma question )?a"
    r"|contacter|ecrire a|s'adresser a) qui\s*\?*\s*$|\bwho (?:exactly )?(?:do|should|can) i (?:contact|ask|write to|e-?mail)"
    r"(?: (?:for|about) (?:that|this|it|[\w'-]+ (?:kind|sort|type) of (?:question|query)))?\s*\?*"
    r"(?:\s*(?:merci|thanks|many thanks|thank you|cordialement|best|regards)\b[^?]{0,40})?\s*$"
)
_WORKS_AT = re.compile(r"(?:\ba|\bau|\baux|\bchez|\bat|\bin|\bdans|\bfor|\bpour)\s+(?:l'|le |la |les |the )?\s*$")
_PAGES = re.compile(r"\b(?:\d+|deux|two|trois|three|quatre|four|cinq|five) pages?\b|\bpage limits?\b")
_BLOCKS = re.compile(
    r"\b(?:ca|cela|ceci|c'est) (?:me )?(?:bloque|bloquant|genant|redhibitoire|un probleme|pose (?:un )?probleme)\b"
    r"|\bbloquant\b|\b(?:is (?:that|it|this) a problem|does (?:that|it|this) (?:block|prevent|stop|rule me out|disqualify))\b"
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
# An ask no pattern knows ("does Inserm help with the visa?"): a profile and a programme beside it ask no verdict.
_OTHER_ASK = re.compile(
    r"(?:^|[.?!]\s*)(?:does|do|did|what|how|why|which|where|comment|pourquoi|combien|qu'est-ce)\b"
    # "Under the CER, what's the minimum research period during residency if I get a post?": a thing asked
    r"|\b(?:what(?:'s| is| are) the|quel(?:le)?s? (?:est|sont) (?:la|le|les|l'))\b"
    r"(?![^?]*\b(?:for me|pour moi|in my case|dans mon cas|my case|mon cas|verdict)\b)",
    re.MULTILINE,
)
# Where a message asks a second thing: "...quels diplômes, et faut-il une lettre de motivation ?"
_ASKS = re.compile(
    r"\?|;|, et |, and | et (?=est-ce )| and (?=(?:is|are|do|does|what|who|where|how|when|the) )"
    # "je dois envoyer quoi, à quelle adresse ?", "what do I send, and where?"
    r"|,? (?:et )?(?=a (?:qui|quelle|quel)\b)|, (?=(?:where|to whom|to which)\b)"
    r"| et (?=(?:la|le|les|l'|quand|quelle|quel|combien|qui|comment)\b)"
    r"| et (?:si oui |dans ce cas )?(?=pour (?:combien|quelle|quel|quels|quelles|qui|quand)\b)| and (?=for how long\b)"
)


def _ask_of(text: str, pattern: str) -> str:
    """The ask of a message (see ``_ASKS``) in which ``pattern`` is first found."""
    return next((ask for ask in _ASKS.split(text) if re.search(pattern, ask)), text)


def _wants_a_number(kind: IntentKind, ask: str) -> bool:
    """Funding and selection facts hold no amounts nor counts: "how many were selected?" is not theirs."""
    return kind in ("funding", "selection") and bool(_AMOUNT.search(ask))


def _other_facts(text: str, kind: IntentKind, asked: str) -> tuple[AlsoKind, ...]:
    """What the other asks of a message want beside ``kind`` (the asks ``asked``, its pattern, does not match):
    facts (contacts, documents, funding, selection), a deadline, a duration, a step of the call ("CI deadline? and
    when are results out?")."""
    found: list[AlsoKind] = []
    main = True
    for ask in _ASKS.split(text):
        kinds = [k for k, pattern in _INTENTS if re.search(pattern, ask)]
        if re.search(asked, ask):
            # The main ask asks nothing else; a later one may ask a fact beside the same words ("when are the
            # interviews, and who interviews?": the jury).
            kinds = [] if main else [k for k in kinds if k in FACT_KINDS and k != kind][:1]
            main = False
        first = kinds[0] if kinds else None
        if first is None or first == kind or _wants_a_number(first, ask):
            continue
        other: AlsoKind | None = FACT_KINDS.get(first)
        if first in ("duration", "deadline") or (first == "event" and events_named(ask) and _TIME_CUE.search(ask)):
            other = first
        if other and other not in found:
            found.append(other)
    return tuple(found)


# A follow-up that only names what it is now about.
# Two positions asked to be compared on a contract's length.
_SAME = re.compile(
    r"\b(?<!en )(?<!at the )(?:meme|same|identique|pareil|egale?|aussi long(?:ue)?|as long)\b[^?]{0,40}\b(?:duree|length|long|temps|ans"
    r"|years|contrat|contract|duration)|\b(?:duree|length|combien de temps|how long)\b[^?]{0,40}\b(?:meme|same|identique|pareil)\b"
)
# One position's length set against another's: "plus long pour un PU-PH que pour un PHC ?", "shorter for a PHC?".
_LONGER = re.compile(
    r"\b(?:plus (?:long(?:ue)?s?|longtemps|de temps)|longer|more time|(?P<shorter>plus courte?s?|moins long(?:ue)?s?"
    r"|moins longtemps|shorter|less time|moins de temps))\b"
)
# ... with the two positions named on either side of "que"/"than" ("... pour un PU-PH que pour un PHC").
_LONGER_THAN = re.compile(_LONGER.pattern + r"(?P<first>[^?]{0,60}?)\b(?:que|qu'|than)\b(?P<second>[^?]{0,60})")
# A programme's own length, not the time to prepare its file, a letter's length or a seniority.
_HOW_LONG_IT_LASTS = re.compile(
    r"\b(?:dur(?:e|ent|er|era|eront|erait|ee)|lasts?|length|(?:est|sont|is|are)(?:-(?:il|elle|ils|elles))? (?:plus|moins)"
    r" (?:long|longue|courte?)s?|(?:is|are) (?:it |they )?(?:longer|shorter))\b"
    r"(?![^?]{0,40}\b(?:remplir|preparer|rediger|fill|prepare|write|apply|postuler|candidater|dossier|file|anciennete"
    r"|seniority|lettre|letter|note)\b)"
)
# What asks which one, or offers a choice: each one's length, no yes or no.
_WHICH_ONE = re.compile(r"\b(?:qui|lequel|laquelle|lesquels|which|who|ou|or)\b")


def _asks_of_its_own(text: str, profile: Profile) -> bool:
    """Whether a follow-up that says who asks ("et si je suis PHC en CHU depuis deux ans, …") also asks something of
    its own (the documents, the selection, whom to contact), once who pays the asker is set aside."""
    asking = _PAID_SAID.sub(" ", text) if profile.paid_by_inserm is not None else text
    return text.count("?") > 1 or any(
        kind != "eligibility" and re.search(pattern, asking) for kind, pattern in _INTENTS
    )


def _lengths_compared(
    text: str, compared: list[str]
) -> tuple[tuple[str, ...], Literal["same", "longer", "shorter", "each"]]:
    """The positions a question compares, in the order its comparison sets them, and what it asks of their lengths."""
    if _SAME.search(text):
        return tuple(compared), "same"
    than = _LONGER_THAN.search(text)
    if than and not _WHICH_ONE.search(than.group(0)):
        first, second = find(than.group("first"), STATUSES), find(than.group("second"), STATUSES)
        if len(first) == 1 and len(second) == 1 and first != second:
            return (first[0], second[0]), "shorter" if than.group("shorter") else "longer"
    return tuple(compared), "each"


# A follow-up that only says who asks now: "et si je suis PHC ?", "and for an MCU-PH?", "et moi, interne ?".
_AS_SOMEONE = re.compile(
    r"^\W*(?:ok\W+|merci\W+|thanks\W+)*(?:et|and|what|how)(?: si| if| about)? (?:je suis|j'etais|i'm|i am|i was"
    r"|pour (?:un|une|les?|moi)|for (?:a|an|me)|moi|me|en tant que|as (?:a|an))\b"
)
# Whether something just said alters the answer: "ça change quelque chose ?", "does that matter?"
_CHANGES = re.compile(
    r"\b(?:ca|cela|that|it|this) (?:change|changes|changerait|changera|would change|matters?|joue|compte|counts?)\b"
    r"|\b(?:est-ce|c'est) (?:un )?probleme\b|\bis (?:that|it|this) a problem\b|\bdoes (?:that|it|this) (?:change|matter|count)\b"
    r"|\by a-t-il une incidence\b|\best-ce que ca change\b"
    # Whether it works out with what was just said, asked last: "…, ça passe ?", "would that work?", "is that OK?"
    r"|\b(?:ca|cela) (?:passe|passerait|suffit|suffirait)\s*\?+\s*$"
    r"|\b(?:would|does|will) (?:that|it|this) (?:work|do|be (?:ok|okay|fine|enough))\s*\?+\s*$"
    r"|\bis (?:that|it|this) (?:ok|okay|fine|enough)\s*\?+\s*$"
)


def _merged(before: Profile, added: Profile) -> Profile:
    """A profile said in two messages: what the later one says wins, what it leaves unsaid is kept."""
    said = {k: v for k, v in added.model_dump().items() if v not in (None, frozenset(), ())}
    return before.model_copy(update=said)


_ELLIPSIS = re.compile(
    r"^\W*(?:ok\W+|merci\W+|thanks\W+)*(?:et(?: si)?|and(?: if)?|what if|what about|how about|same (?:question )?for"
    r"|idem pour|meme question pour)"
    r"\b(?:\s+(?:pour|for|the one for|celle des?|celui des?|ceux des?|celles des?|du|de la|des|les?|la|l'))*\s*[^?]{0,60}\?*\s*$"
)


# Being paid by Inserm asked as a condition: "faut-il être payé par l'Inserm ?", "do I need to be paid by Inserm?".
_PAY_REQUIRED = re.compile(
    r"\b(?:faut-il|faut|faudra-t-il|doit-on|dois-je|doit-il|doit-elle|must (?:i|one|you|we)|(?:do|does) (?:i|one|you|we)"
    r" (?:need|have) to|need to|have to|necessaire d')\s*(?:etre |be )?(?:\w+ )?(?:paye|remunere|paid)"
)


# Places of work outside the public hospitals ("clinique privée", "cabinet libéral"): two of them say one thing.
_OUTSIDE_HOSPITALS = frozenset({"clinique-privee", "exercice-liberal", "autre-hopital"})


# What is said of the applicant's supervisor, unit head or head of department ("mon encadrant est médecin chercheur
# là-bas", "my PI is a DR at Inserm"): no words of the applicant's own profile.
_SUPERVISOR_SAID = re.compile(
    r"\b(?:mon|ma|notre|son|sa|leur|my|our|his|her|their) (?:future? )?(?:encadrante?|directeur|directrice"
    r"|chef|cheffe|superviseur|supervisor|pi|mentor|tuteur|tutrice|responsable)"
    r"(?: (?:de these|d'unite|de l'unite|du labo|du laboratoire|de service|d'equipe|de l'equipe|of the lab|of the unit))?"
    # (where the supervisor works says where the applicant would be hosted: "mon directeur est dans une UMR CNRS")
    r"(?:,| (?:est|sera|serait|etait|is|will be|would be|was))(?! (?:dans|a|au|aux|en|chez|in|at|based|located|situee?)\b)"
    r"(?:(?! et moi\b| and i\b| moi je\b| mais moi\b)[^.?!;:,])*"
)

_THIRD_PERSON = re.compile(r"\b(?:lui|il|elle|ils|elles|eux|he|she|him|her|they|them)\b")


def parse_profile(text: str) -> Profile:
    """The profile words of a folded question (see ``fold``); what is denied or ambiguous stays unknown."""
    text = first_alternative(text)  # "open to pharmacists too, or only to MDs?": the pharmacists
    without_supervisor = _SUPERVISOR_SAID.sub(" ", text)
    if not _THIRD_PERSON.search(without_supervisor):
        # "mon encadrant est médecin chercheur": not the applicant's position ("mon chef est PU-PH : ouvert aux PU-PH
        # comme lui ?" asks of the head's)
        text = without_supervisor
    held, missing = _diplomas(text)
    paid = None
    if _PAY_REQUIRED.search(text):
        pass  # "faut-il être payé par l'Inserm ?" asks the condition, says nothing of the applicant
    elif re.search(r"(?:paye|remunere)e?s? par l'inserm|paid by inserm|inserm (?:\w+ )?(?:pays|paid|salary)", text):
        paid = not re.search(r"(?:pas|not|no longer|plus) (?:\w+ )?(?:paye|remunere|paid)", text)
    payer = re.search(r"(?:paye|remunere)e?s? par (?:le |la |l'|une? )?([\w-]+)|paid by (?:a |an |the )?([\w-]+)", text)
    if paid is None and payer and (payer.group(1) or payer.group(2)) != "inserm":
        paid = False  # paid by the CNRS, a university...
    payer = re.search(
        # (not "avec un contrat d'interface, qui me paie ?": who pays, asked)
        r"\b(?:l'|le |la )?([\w-]+),? qui (?:me |la |le |les |lui |nous |vous |te )?(?:paie|paye|remunere|verse)\b(?!\s*\?)"
        r"|\b(?:my |her |his |their )?([\w-]+),? (?:which |who )?pays (?:me|my salary|her|him|them|her salary|his salary)\b"
        r"(?!\s*\?)",
        text,
    )
    if paid is None and payer and (payer.group(1) or payer.group(2)) not in ("inserm", "who", "qui"):
        paid = False  # "c'est l'université qui me paie"
    if paid is None and _OTHER_BODYS_POST.search(text):
        paid = False  # "DR CNRS affecté dans une unité Inserm": a post of another body is paid by it
    seconded = _SECONDED.search(text)  # a civil servant seconded (en détachement) is paid by the body hosting them
    if paid is None and seconded:
        paid = next(g for g in seconded.groups() if g) == "inserm"
    elsewhere = _elsewhere(text)
    status = _one(text, STATUSES)
    places = tuple(t for t in EMPLOYERS if t.id != "inserm")
    employer = _one(text, places)
    if (
        employer is None
        and status is None
        and not _NEGATION.search(text)  # "ni en clinique privée ni en libéral"
        and (said := find(text, places))
        and set(said) <= _OUTSIDE_HOSPITALS
    ):
        employer = said[0]  # "médecin libéral, j'exerce en clinique privée": outside public hospitals either way
    if employer == "exercice-liberal" and status is not None:
        employer = None  # "PH, j'exerce aussi en cabinet": a hospital post says where one works, a practice beside it
    return Profile(
        status=status,
        profession=_one(text, PROFESSIONS),
        diplomas=frozenset(held) if held else None,
        missing_diplomas=frozenset(missing),
        inserm_years=_inserm_years(text),
        tenure_years=_tenure_years(text),
        inserm_since=_inserm_since(text),
        contract=_one(text, CONTRACTS),
        employer=employer,
        paid_by_inserm=paid,
        diploma_dates=_diploma_dates(text),
        approvals=_approvals(text),
        inserm_unit=False if elsewhere and not _affirmed(text, _INSERM_UNIT) else _affirmed(text, _INSERM_UNIT),
        host_elsewhere=elsewhere or None,
        career_breaks=_affirmed(text, _BREAKS),
        diploma_before_studies=_diploma_before_studies(text),
    )


# When a doctorate was obtained against the medical studies' later cycles (DFASM, internat), said in the same
# sentence as the diploma: "thèse soutenue pendant mon internat", "PhD before going back to med school".
_DOCTORATE_WORD = re.compile(r"\b(?:these|thesis|phd|doctorat|doctorate|defen[cs]e|soutenu|soutenance)")
_BEFORE_STUDIES = re.compile(
    r"\b(?:avant|before) (?:l'entree en |d'entrer en |mon entree en |le |mon |my |entering |starting |going back to "
    r"|returning to |coming back to |(?:de )?(?:reprendre|retourner en) )?(?:dfasm|2e cycle|second cycle|externat"
    r"|med school|medical school|les etudes medicales|medical studies|medecine)"
    # "I got into med school through a passerelle after a PhD", "entré en médecine par passerelle après ma thèse"
    r"|\b(?:into|entered|joined|started|entree?|rentree?|integree?|admise?|admitted)\b[^.?]{0,40}\b(?:med school"
    r"|medical school|medecine|etudes medicales|passerelle)[^.?]{0,40}\b(?:after|apres) (?:a |an |my |un |une |mon |ma )?"
    r"(?:phd|doctorate|doctorat|these|thesis)"
    # "PhD in chemistry first, then admitted to med school", "thèse de sciences puis médecine"
    r"|\b(?:phd|doctorate|doctorat|these|thesis)\b[^.?]{0,40}\b(?:then|puis|ensuite|before|avant de|avant d')\b[^.?]{0,30}"
    r"\b(?:med school|medical school|medecine|etudes medicales|dfasm)"
)
_NOT_HELD = re.compile(
    r"\b(?:abandon\w*|quit|stopped|arrete\w*|en cours|ongoing|will|i'll|vais|going to|start|starting|commencer|commence"
    r"|prepare\w*|plan|planning|compte)\b"
)
_DURING_STUDIES = re.compile(
    r"\b(?:pendant|durant|during|in|en) (?:mon |ma |l'|my |the |cours d')?(?:internat|residency|dfasm\d?|3e cycle"
    r"|troisieme cycle)\b|\b(?:fin|end) (?:du |de |of )?(?:dfasm|the dfasm)\d?\b|\bafter (?:i )?(?:started|starting"
    r"|entering|entered) (?:dfasm|residency)|\bapres (?:le debut du |l'entree en |mon entree en )dfasm"
)


def _diploma_before_studies(text: str) -> bool | None:
    for sentence in re.split(r"(?<=[.!?;])\s+", text):
        if not _DOCTORATE_WORD.search(sentence) or _NOT_HELD.search(sentence):
            continue  # ("I'll start a PhD after my residency, then…", "my PhD, which I abandoned": none held)
        # ("avant d'entrer en DFASM" names the DFASM as what comes after: no "en DFASM" of its own)
        if _DURING_STUDIES.search(_BEFORE_STUDIES.sub(" ", sentence)):
            return False
        if _BEFORE_STUDIES.search(sentence):
            return True
    return None


_INSERM_UNIT = re.compile(
    r"\bunites? (?:de recherche )?(?:de l')?inserm\b|\binserm (?:research )?unit|\blaboratoire (?:de l')?inserm\b"
)
# A host laboratory of another organisation: "une unité CNRS sans tutelle Inserm", "a university lab".
_OTHER_UNIT = re.compile(
    r"\b(?:unite|labo(?:ratoire)?|lab|unit|equipe|team)s? (?:de recherche )?(?:du |de l'|de la )?(?:cnrs|inrae|inria|"
    r"cea|ird|universit\w*|pasteur)\b|\b(?:cnrs|university|inrae|inria|cea|ird) (?:research )?"
    r"(?:unit|lab(?:oratory)?|team)s?\b"
    # "une UMR CNRS", "a CNRS/university UMR", "sans tutelle Inserm", "with no Inserm affiliation"
    r"|\bumrs? (?:du |de l'|de la )?(?:cnrs|inrae|universit\w*)|\b(?:cnrs|universit\w*)(?:[/ -]\w+)? umrs?\b"
    r"|\b(?:sans|pas de|aucune|no|without) (?:\w+ )?(?:tutelle|affiliation|label) (?:de l')?inserm\b"
    r"|\b(?:no|without) inserm (?:affiliation|label)\b|\bnon[- ]inserm (?:unit|lab|labo|laboratoire|unite)"
)
_BODIES = r"(?:cnrs|inrae|inria|cea|ird|universite|university|pasteur)"
_OTHER_BODYS_POST = re.compile(
    # The applicant's own post ("je suis DR CNRS", "DR CNRS affecté dans une unité Inserm", "I'm a CNRS researcher"),
    # not a husband's or a director's: at the start of the message or after "je suis", "I'm", "en tant que".
    r"(?:(?:^|[.!?\]]\s*)\W*(?:(?:bonjour|hello|hi)\W+)?(?:une? |a |an )?|\b(?:je suis|suis|i'm|i am|en tant que|as)\s+"
    r"(?:une? |a |an )?)"
    r"(?:(?:dr|cr|ir|ie|directeur de recherche|directrice de recherche|chargee? de recherche|chercheu(?:r|se)"
    rf"|ingenieure?|maitre de conferences|mcf|researcher|engineer|scientist)s? (?:au |a l'|du |de l')?{_BODIES}\b"
    rf"|{_BODIES} (?:researcher|engineer|scientist|research director)s?\b)"
)


def _elsewhere(text: str) -> bool:
    """Whether the host laboratory is another body's: "une UMR CNRS", "sans tutelle Inserm"; a joint unit ("UMR
    CNRS/Inserm") is Inserm's too, and a denied one ("pas une unité CNRS") says nothing."""
    for m in _OTHER_UNIT.finditer(text):
        said_without = re.search(r"\b(?:sans|pas de|aucune|no|without|non)\b", m.group(0))
        window = text[max(0, m.start() - 12) : m.end() + 12]
        joint = re.search(r"(?<!pas )(?<!non )(?<!not )(?<!no )(?<!sans )(?<!hors )\binserm", window)
        if (said_without or not joint) and not _denied(text, m.start()):
            return True
    return False


_SECONDED = re.compile(
    r"\b(?:en )?detache?e? (?:a|au|aupres d[eu]|dans|chez) (?:l'|la |le |une? )?([\w-]+)|\b(?:en )?detachement "
    r"(?:a|au|aupres d[eu]|dans|chez) (?:l'|la |le |une? )?([\w-]+)|\bseconded to (?:the |a |an )?([\w-]+)"
)
_APPROVAL = re.compile(r"\baccords?\b|\bapprovals?\b|\bautorisations?\b")
_REFUSED = re.compile(r"\brefus|\bdenied\b|\bdeclined\b")
_BREAKS = re.compile(
    r"\binterruptions?\b|\bcareer breaks?\b|\bconge (?:maternite|parental|maladie)\b|\bmaternity leave\b"
)


def _affirmed(text: str, pattern: re.Pattern[str]) -> bool | None:
    """True when the question says it, False when it denies it, None when it is silent."""
    starts = [m.start() for m in pattern.finditer(text)]
    if not starts:
        return None
    return not all(_denied(text, start) for start in starts)


def _approvals(text: str) -> bool | None:
    """Whether the applicant has the approvals: a refusal or "without" settles no; both (or "les accords") yes."""
    mentions = [m.start() for m in _APPROVAL.finditer(text)]
    if not mentions:
        return None
    if _REFUSED.search(text) or any(_denied(text, start) for start in mentions):
        return False
    if _APPROVALS_ASKED.search(text):
        return None  # "do I need any approvals from my hospital?" says nothing of having them
    plural = re.search(r"\baccords\b|\bapprovals\b|\bautorisations\b|\bles deux\b|\bboth\b|\bcelui\b", text)
    return True if plural else None


def _one(text: str, group: tuple[Term, ...]) -> str | None:
    """The one value of a group the question affirms; denied ones are dropped, two or more is unknown."""
    affirmed = []
    of_self = []
    asked = []  # named as what the call may want ("or only for MDs?"), not as what the applicant is
    found = find(text, group)
    spans = {
        term_id: [m.span() for t in group if t.id == term_id for p in t.patterns for m in re.finditer(p, text)]
        for term_id in found
    }
    every = [(span, term_id) for term_id, its in spans.items() for span in its]
    for term_id in found:
        # A match inside another term's longer one is part of it: "hospital practitioner" in "contract hospital
        # practitioner" names no PH.
        starts = [
            s
            for s, e in spans[term_id]
            if not any(o != term_id and a <= s and e <= b and b - a > e - s for (a, b), o in every)
        ]
        if starts and not any(_denied(text, start) for start in starts):
            affirmed.append(term_id)
            if any(_SELF.search(text[max(0, start - 40) : start]) for start in starts):
                of_self.append(term_id)
            elif all(_ASKED_OF.search(text[max(0, start - 30) : start]) for start in starts):
                asked.append(term_id)
    if len(affirmed) > 1:
        # "PHU (AHU)": a value glossed in parentheses right after another is that one's other name, not a second.
        ends = {e for term_id in affirmed for _, e in spans[term_id]}
        glossed = [
            term_id
            for term_id in affirmed
            if all(
                re.search(r"\s*\(\s*$", text[:start]) and _gloss_of(text, start, ends) for start, _ in spans[term_id]
            )
        ]
        if len(glossed) == len(affirmed) - 1:
            affirmed = [t for t in affirmed if t not in glossed]
            of_self = [t for t in of_self if t not in glossed]
    if len(affirmed) > 1 and len(of_self) == 1 and len(affirmed) == 1 + len(asked):
        return of_self[0]  # "I'm a veterinarian... or is it only for MDs?": the one said of the applicant
    return affirmed[0] if len(affirmed) == 1 else None


def _gloss_of(text: str, start: int, ends: set[int]) -> bool:
    """Whether the parenthesis a match at ``start`` opens with follows another match ("PHU (AHU)")."""
    before = text[:start].rstrip()
    return before.endswith("(") and len(before[:-1].rstrip()) in ends


# What the applicant says they are, just before a profile word: "je suis", "I'm a", "en tant que".
# (or as whom a programme is for: "the interface contracts for hospital practitioners")
_ASKED_OF = re.compile(
    r"\b(?:or|ou|only|just|seulement|uniquement|reserve\w*|reserved|que)\b[^.,;:!?]*$|\b(?:for|pour|destinee?s? a|aimed at)\s+(?:les\s+|des\s+|the\s+)?$|\bdestinee?s? aux\s+$"
)
_SELF = re.compile(
    r"\b(?:je suis|j'suis|suis|i'm|i am|im|en tant que|as an?|i work as an?|je travaille comme)\s+(?:une?\s+|an?\s+)?(?:[\w-]+\s+)?$"
)


def _clause_before(text: str, position: int) -> str:
    """The words before ``position`` in its clause (back to the last punctuation or 'but')."""
    before = text[:position]
    cut = max(before.rfind(c) for c in ",.;:!?()")
    # An item of a list goes with the words before the list: "not a doctor, pharmacist or dentist".
    after = text[position : position + 80]
    while cut > 0 and before[cut] == "," and _continues_list(before[cut + 1 :], after):
        cut = max(before.rfind(c, 0, cut) for c in ",.;:!?()")
    clause = before[cut + 1 :]
    return re.split(r"\b(?:mais|but|maintenant|now|aujourd'hui|today)\b", clause)[-1]


# Words that start a clause of its own after a comma (a subject, a verb, "but"): without one, the words
# after the comma go on the list before it.
_LIST_END = re.compile(r"^\s*(?:[\w'-]+\s+){0,3}(?:or|ou|ni|nor)\s*$")
_LIST_GOES_ON = re.compile(r"^[\w' -]{0,40}?\b(?:or|ou|ni|nor)\b")


def _continues_list(segment: str, after: str) -> bool:
    """Whether the word at a position is an item of a list begun before the comma: "not a doctor, pharmacist or
    dentist" (a bare item, with "or" closing the list around it). "Sans doctorat, titulaire d'un master 2" is not."""
    if _LIST_END.match(segment):  # "..., pharmacist or |dentist"
        return True
    return not segment.strip(" -'") and bool(_LIST_GOES_ON.match(after))  # "..., |pharmacist or dentist"


def _denied(text: str, position: int) -> bool:
    return bool(_NEGATION.search(_clause_before(text, position)))


# Years asked as the condition, not said of the applicant: "do I need 3 years of seniority?", "faut-il 3 ans ?".
# (just before the number: "I need help: I've been tenured for 2 years" says the applicant's)
_YEARS_REQUIRED = re.compile(
    r"\b(?:need|needs|needed|must have|have to have|requires?|faut|faut-il|faudra|faudrait|exige|exigent)"
    r"(?: (?:avoir|have|of|at least|au moins|plus de|more than|d'au moins|exactement|exactly|bien|really))? $"
)


def _tenure_years(text: str) -> float | None:
    """Years as a tenured employee, wherever: "titularisé il y a 2 ans", "titulaire depuis 4 ans"."""
    for match in _YEARS.finditer(text):
        start = max(text.rfind(c, 0, match.start()) for c in ",;.") + 1
        if _YEARS_REQUIRED.search(text[start : match.start()]):
            continue
        # (what "ça fait 2 ans que …" says, after it)
        said = text[start : match.start()] if match.group(1) or match.group(2) else _clause_after(text, match.end())
        if _TITULAIRE.search(said):
            return _years_of(match)
    return None


def _years_of(match: re.Match[str]) -> float:
    return float(next(g for g in match.groups() if g).replace(",", "."))


def _clause_end(text: str, position: int) -> int:
    """Where the clause a position is in ends: at the next comma or end of sentence."""
    return min((e for e in (text.find(c, position) for c in ",.;?!") if e >= 0), default=len(text))


def _clause_after(text: str, position: int) -> str:
    return text[position : _clause_end(text, position)]


def _inserm_years(text: str) -> float | None:
    """Years of seniority, counted only in a clause that speaks of Inserm or of seniority."""
    for match in _YEARS.finditer(text):
        start = text.rfind(",", 0, match.start()) + 1
        end = _clause_end(text, match.end())
        clause = text[start:end]
        if _YEARS_REQUIRED.search(text[start : match.start()]):
            continue  # "faut-il 3 ans d'ancienneté ?": the condition asked
        if not (match.group(1) or match.group(2)):
            # "ça fait 5 ans que je suis titulaire au CNRS et je suis arrivée à l'Inserm l'an dernier": what follows
            # "que", up to the next clause, and not another employer's
            clause = re.split(r" (?:et|mais|puis|and|but) ", _clause_after(text, match.end()))[0]
            if _ANOTHER_EMPLOYER.search(clause) or re.search(r"\b(?:territoria\w*|hospitali\w*|d'etat)\b", clause):
                continue
        # "Ingénieure Inserm, titulaire depuis 6 ans": tenure, in a message about Inserm, is tenure at Inserm.
        if re.search(r"inserm|anciennete|seniority", clause) or (_TENURE.search(clause) and "inserm" in text):
            return _years_of(match)
    return None


_MONTH_NUMBERS = {
    name: number
    for number, names in enumerate(
        [
            ("janvier", "january", "jan"),
            ("fevrier", "february", "feb"),
            ("mars", "march", "mar"),
            ("avril", "april", "apr"),
            ("mai", "may"),
            ("juin", "june", "jun"),
            ("juillet", "july", "jul"),
            ("aout", "august", "aug"),
            ("septembre", "september", "sep", "sept"),
            ("octobre", "october", "oct"),
            ("novembre", "november", "nov"),
            ("decembre", "december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH_NAMES = "|".join(sorted(_MONTH_NUMBERS, key=len, reverse=True))
_SINCE = re.compile(
    r"\b(?:en|in|depuis|since|des|from|le|on|au|a)\s+(?:(\d{1,2})(?:er|st|nd|rd|th)?\s+)?"
    rf"(?:({_MONTH_NAMES})\.?\s+)?((?:19|20)\d{{2}})\b"
)
# When a diploma is (or will be) obtained: _SINCE's words and those of a plan ("prévue pour mars 2027", "by 2027").
_OBTAINED = re.compile(_SINCE.pattern.replace(r"\b(?:en|in|", r"\b(?:pour|for|vers|around|by|d'ici|en|in|", 1))
# A diploma to be prepared, not one held: "je veux faire ma thèse de sciences", "to do a PhD".
_PLANNED = re.compile(
    r"(?:\b(?:veux|voudrais|souhaite|souhaiterais|aimerais|compte|vais|envisage|projet de|pour|want to|would like to"
    r"|wish to|plan to|hope to|going to|to)\s+(?:\w+\s+)?(?:faire|preparer|commencer|debuter|realiser|entamer|poursuivre"
    r"|do|start|begin|pursue|prepare|undertake)|\ben cours de|\b(?:inscrite?|enrolled) en|\bcurrently doing"
    r"|\b(?:je |j')?(?:prepare|redige|ecris|termine|finis)\b|\b(?:i am |i'm )?(?:preparing|writing|finishing)\b"
    r"|\b(?:for|in order to|so as to) (?:doing|preparing|starting|pursuing|do|prepare|start|pursue)"
    r"|\ben vue (?:de|d') (?:faire|preparer|realiser))"
    r"\s+(?:(?:ma|mon|une?|la|le|sa|son|my|a|an|the)\s+)?(?:[\w'-]+\s+)?$"
)
_NOT_BEFORE = re.compile(
    r"\b(?:(?:pas|not|only|qu') ?(?:avant|before)|(?:only |seulement )?(?:after|apres)|no earlier than)\s+"
    r"(?:(?:le |the )?\d{1,2}(?:er|st|nd|rd|th)?\s+)?"
    rf"(?:({_MONTH_NAMES})\.?\s+)?((?:19|20)\d{{2}})\b"
)
# Becoming tenured, not moving ("recrutée il y a 2 ans" may follow years of tenure elsewhere).
_TITULAIRE = re.compile(r"titularis|titulaire(?! d'| de | du | des )|\btenured?\b")
_TENURE = re.compile(
    r"titularis|titulaire(?! d'| de | du | des )|tenure|permanent|fonctionnaire|recrut|hired|joined|entree?s? a|integr"
)


# An employer other than Inserm named with a tenure ("titulaire au CHU depuis 2019", "tenured at the CNRS since").
# (the research bodies and the employers the vocabulary knows, and the other places people name)
_ANOTHER_EMPLOYER = re.compile(
    rf"\b{_BODIES}\b|{_EMPLOYER_WORD.pattern}|\b(?:chr|hopital|hospital|faculte|clinique|curie|institut|institute"
    r"|inrap|anses|ifremer|entreprise|company|prive|private)\b"
)
# The grades of a research body's staff: tenure said of them, no other body named, is the Inserm tenure asked of
# Hauts potentiels applicants.
_RESEARCH_GRADES = frozenset({"chercheur", "ingenieur"})


def _inserm_since(text: str) -> tuple[dt.date, dt.date] | None:
    """The first and last day the applicant may have become a permanent Inserm employee, from a date that follows
    a word of tenure in a clause about Inserm ("titularisée à l'Inserm en janvier 2023", "tenured at Inserm since
    2019"); "né en 1985" or "thèse en 2012" are not. Two such dates that disagree settle nothing."""
    found: set[tuple[dt.date, dt.date]] = set()
    previous = 0
    for match in _SINCE.finditer(text):
        clause = max(text.rfind(c, 0, match.start()) for c in ",.;?!") + 1
        end = _clause_end(text, match.end())
        lead = text[max(clause, previous) : match.start()]  # the words since the clause or the last date began
        previous = match.end()
        about_inserm = re.search(r"inserm|anciennete|seniority", text[clause:end]) or (
            ("inserm" in text or (_RESEARCH_GRADES & set(find(text, STATUSES)) and not _ANOTHER_EMPLOYER.search(text)))
            and not _OTHER_BODYS_POST.search(text)  # "CR Inserm, recrutée au concours en 2023"
        )
        if not (_TENURE.search(lead) and about_inserm) or (_ANOTHER_EMPLOYER.search(lead) and "inserm" not in lead):
            continue  # "PH titulaire au CHU de Rennes depuis 2019": a hospital's tenure, not Inserm's
        day, month, year = match.group(1), match.group(2), int(match.group(3))
        if month is None:
            found.add((dt.date(year, 1, 1), dt.date(year, 12, 31)))
            continue
        number = _MONTH_NUMBERS[month]
        last = calendar.monthrange(year, number)[1]
        if day is None or not 1 <= int(day) <= last:
            found.add((dt.date(year, number, 1), dt.date(year, number, last)))
        else:
            found.add((dt.date(year, number, int(day)), dt.date(year, number, int(day))))
    return found.pop() if len(found) == 1 else None


def _diploma_dates(text: str) -> tuple[tuple[str, dt.date, dt.date], ...]:
    """The diplomas said with the month or year they are (or will be) obtained: "ma thèse d'exercice ne sera
    soutenue qu'en janvier 2027", "I'll defend my thèse d'exercice in June 2026"."""
    found: dict[str, tuple[dt.date, dt.date]] = {}
    for term_id, start in find_all(text, DIPLOMAS):
        clause = re.split(r"[,.;?!]", text[start : start + 80])[0]
        # "ma thèse, c'est pas avant 2028": past a comma only when the clause goes on about the same diploma.
        window = re.split(r"[.;?!]|,(?! c'est| ce sera| it's| it will| prevue?)", text[start : start + 60])[0]
        later = _NOT_BEFORE.search(window)
        if later is not None and term_id not in found:  # "ma thèse c'est pas avant 2028": that year or after
            first = dt.date(int(later.group(2)), _MONTH_NUMBERS[later.group(1)] if later.group(1) else 1, 1)
            found[term_id] = (first, dt.date(first.year + 10, 12, 31))
            continue
        match = _OBTAINED.search(clause)
        if match is None or term_id in found:
            continue
        day, month, year = match.group(1), match.group(2), int(match.group(3))
        if month is None:
            found[term_id] = (dt.date(year, 1, 1), dt.date(year, 12, 31))
            continue
        number = _MONTH_NUMBERS[month]
        last = calendar.monthrange(year, number)[1]
        if day is not None and 1 <= int(day) <= last:
            found[term_id] = (dt.date(year, number, int(day)), dt.date(year, number, int(day)))
        else:
            found[term_id] = (dt.date(year, number, 1), dt.date(year, number, last))
    return tuple((canonical_diploma(d), first, last) for d, (first, last) in found.items())


def _diplomas(text: str) -> tuple[list[str], list[str]]:
    """Diplomas held and diplomas denied; "not yet" settles nothing (they may be held by the date the rule says)."""
    held: list[str] = []
    missing: list[str] = []
    for diploma in find_all(text, DIPLOMAS):
        term_id, start = diploma
        clause = _clause_before(text, start)
        if _PLANNED.search(clause):
            continue  # "je veux faire ma thèse de sciences": neither held nor lacking, a plan
        if _NEGATION.search(clause):
            if not _NOT_YET.search(clause + text[start : start + 60]):
                missing.append(term_id)
        else:
            held.append(term_id)
    if "master2" in missing:
        missing.append("master2-recherche")  # no master 2 at all: no research one either
    return sorted(set(held) - set(missing)), sorted(set(missing))
