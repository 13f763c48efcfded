from pathlib import Path

import pytest
from fpdf import FPDF

from assistant.cleaning import clean_markdown, words
from assistant.corpus import load_corpus, parse_document, read_document
from assistant.errors import CorpusError, InputError
from assistant.ingest import (
    Overrides,
    add_document,
    detect_language,
    first_url,
    html_to_markdown,
    infer_meta,
    looks_hard_wrapped,
    read_source,
    render,
    slug,
)
from assistant.programmes import load_programmes
from tests.conftest import CORPUS, SOURCES

DEADLINE = "Date limite de dépôt des candidatures le 19 février 2027 - 17 heures"
ELIGIBILITY = (
    "Les postes d'accueil sont destinés à des internes, chefs de clinique assistants ou assistants "
    "hospitalo-universitaires, médecins, pharmaciens ou odontologistes, titulaires d'un master2 recherche et de la "
    "thèse d'exercice à la date de prise de fonction."
)
DURATION = "La durée du contrat proposé est de deux ans ou trois ans à plein temps (selon l'avancée dans le parcours)."
ACROSS_PAGES = (
    "Un comité ad hoc composé d'hospitalo-universitaires et de chercheurs effectuera une présélection des "
    "candidats sur dossier qui sera suivie de leur audition."
)

HTML = """<!DOCTYPE html>
<html lang="fr"><head><title>Titre de l'onglet</title><style>p { color: red; }</style>
<script>var html = "<p>texte du script</p>";</script></head>
<body>
<nav><ul><li><a href="/">Accueil</a></li><li>Plan du site</li></ul></nav>
<main>
<h1>Programme 2027 Postes d&#39;accueil pour internes, assistants</h1>
<p>L'Inserm poursuit sa politique de formation
   à la recherche &amp; par la recherche.<br>Deuxième ligne&nbsp;: ici.</p>
<h2>Calendrier</h2>
<ul>
  <li><p>Présélections : 2<sup>ème</sup> quinzaine du mois d'avril</p></li>
  <li>Date limite le <strong>19 février 2027 - 17 heures</strong></li>
</ul>
<p>Renseignements : <a href="mailto:postesdaccueil.siege@inserm.fr">postesdaccueil.siege@inserm.fr</a>
ou <a href="mailto:aide@inserm.fr?subject=Question">écrivez-nous</a>, sur
<a href="https://pro.inserm.fr/postes-daccueil">le site Inserm pro</a>.</p>
<script>document.write("écrit par le script")</script>
</main>
</body></html>
"""


def _pdf(path: Path, *pages: list[str]) -> Path:
    """A real PDF: each page a list of paragraphs, wrapped by fpdf2 into hard lines (core font, latin-1)."""
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for paragraphs in pages:
        pdf.add_page()
        for paragraph in paragraphs:
            pdf.multi_cell(0, 6, paragraph)
            pdf.ln(3)
    pdf.output(str(path))
    return path


@pytest.fixture()
def corpus(isolated: Path) -> Path:
    return isolated / "corpus"


def _listing(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


# --- reading each format -------------------------------------------------------------------------------------------


def test_pdf_lines_are_joined_back_into_paragraphs_across_a_page_break(tmp_path: Path) -> None:
    first, rest = ACROSS_PAGES.split(" effectuera ")
    source = _pdf(
        tmp_path / "appel.pdf",
        ["Programme 2027 Postes d'accueil", ELIGIBILITY, DURATION, first],
        [f"effectuera {rest}", DEADLINE],
    )
    from pypdf import PdfReader

    raw = "\n".join(page.extract_text() for page in PdfReader(source).pages)
    assert ELIGIBILITY not in raw and "\n" in raw  # the PDF really has hard line breaks
    body = read_source(source)
    lines = body.splitlines()
    for paragraph in (ELIGIBILITY, DURATION, ACROSS_PAGES, DEADLINE):
        assert paragraph in lines, body
    assert lines[0] == "Programme 2027 Postes d'accueil"
    assert words(body) == words(raw)


def test_pdf_keep_lines_leaves_the_extraction_as_it_is(tmp_path: Path) -> None:
    source = _pdf(tmp_path / "appel.pdf", [ELIGIBILITY])
    assert ELIGIBILITY not in read_source(source, join_lines=False)


def test_html_page_becomes_markdown(tmp_path: Path) -> None:
    source = tmp_path / "page.html"
    source.write_text(HTML, encoding="utf-8")
    body = read_source(source)
    assert body.startswith("# Programme 2027 Postes d'accueil pour internes, assistants\n\n")
    assert (
        "L'Inserm poursuit sa politique de formation à la recherche & par la recherche.\nDeuxième ligne\xa0: ici."
        in body
    )
    assert "## Calendrier\n\n- Présélections : 2ème quinzaine du mois d'avril\n- Date limite le 19 février 2027" in body
    assert (
        "Renseignements : postesdaccueil.siege@inserm.fr ou écrivez-nous (aide@inserm.fr), sur le site Inserm pro."
        in body
    )
    for gone in ("script", "color", "Accueil", "Plan du site", "onglet", "<", "&amp;", "**"):
        assert gone not in body, gone


@pytest.mark.parametrize(
    ("html", "markdown"),
    [
        ("<h3>Titre</h3><p>Texte</p>", "### Titre\n\nTexte"),
        ("<ul><li>a<li>b</ul><p>après</p>", "- a\n- b\n\naprès"),
        ("<ol><li>un<ul><li>deux</li></ul></li></ol>", "- un\n- deux"),
        ('<p><a href="mailto:x@y.fr"></a></p>', "x@y.fr"),
        ('<p><a href="mailto:x@y.fr">x@y.fr</a></p>', "x@y.fr"),
        ('<p><a href="https://a.fr/b">le site</a></p>', "le site"),
        ("<p>a&lt;b &eacute;t&eacute;</p>", "a<b été"),
        ("<p>une<br/>deux</p>", "une\ndeux"),
        ("<head><title>T</title></head><body>corps</body>", "corps"),
        ("<style>x{}</style><noscript>n</noscript><p>vu</p>", "vu"),
    ],
)
def test_html_to_markdown_cases(html: str, markdown: str) -> None:
    assert html_to_markdown(html).strip() == markdown


def test_markdown_is_cleaned(tmp_path: Path) -> None:
    source = tmp_path / "appel.md"
    source.write_text("# Titre 2027\n\nLe **20 février** : [EVA](#), <https://pro.inserm.fr/a>  \n", encoding="utf-8")
    assert read_source(source) == "# Titre 2027\n\nLe 20 février : EVA, https://pro.inserm.fr/a\n"


@pytest.mark.parametrize("name", sorted(p.name for p in SOURCES.glob("*.txt")) if SOURCES.is_dir() else [])
def test_the_captured_sources_keep_their_wording(name: str) -> None:
    """Each real source comes out with the same words; only the PDF extraction (the CER) has its lines joined."""
    raw = (SOURCES / name).read_text(encoding="utf-8")
    body = read_source(SOURCES / name)
    assert words(body) == words(raw)
    document = next(d for d in load_corpus(CORPUS) if d.meta.source == name)
    unmarked = [line.lstrip("#").strip() for line in document.body.strip().splitlines()]
    assert [line.lstrip("#").strip() for line in body.strip().splitlines()] == unmarked
    assert (body != clean_markdown(raw)) == name.startswith("contrat-engagement-recherche")


@pytest.mark.parametrize(
    ("text", "hard"),
    [
        ("Une phrase coupée au milieu\nde sa ligne, puis encore\ncoupée ici et\nlà.", True),
        ("Une ligne entière.\nUne autre ligne entière.\n", False),
        ("- une liste\n- de choses\n- en minuscules\n", False),
        ("Titre\n\nParagraphe entier, sans coupure.\n", False),
        ("Une seule coupure\nici. Puis rien.\nFin.\nEncore.\nEt encore.\n", False),
    ],
)
def test_looks_hard_wrapped(text: str, hard: bool) -> None:
    assert looks_hard_wrapped(text) is hard


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("appel.docx", b"PK\x03\x04", "unknown file type '.docx'"),
        ("appel", b"texte", "unknown file type '(none)'"),
        ("appel.pdf", b"%PDF-1.4\nceci n'est pas un PDF\n%%EOF", "unreadable PDF"),
        ("appel.pdf", b"", "unreadable PDF"),
        ("appel.txt", "caf\xe9".encode("latin-1"), "not UTF-8 text (byte 3)"),
        ("appel.txt", b"  \n\n ", "no text found in the file"),
        ("appel.html", b"<html><script>seul</script></html>", "no text found in the file"),
        ("appel.md", b"---\nid: x\n---\nTexte\n", "starts with a front matter block"),
        ("appel.txt", b"a\0b", "NUL"),
    ],
)
def test_unreadable_sources_are_named_errors(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    source = tmp_path / name
    source.write_bytes(content)
    with pytest.raises(CorpusError) as caught:
        read_source(source)
    assert str(caught.value).startswith(f"{source}: ") and message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_encrypted_and_empty_pdfs(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.cell(0, 10, "Texte protégé")
    pdf.set_encryption(owner_password="o", user_password="u")
    pdf.output(str(tmp_path / "secret.pdf"))
    with pytest.raises(CorpusError, match="encrypted PDF"):
        read_source(tmp_path / "secret.pdf")
    blank = FPDF()
    blank.add_page()
    blank.output(str(tmp_path / "blank.pdf"))
    with pytest.raises(CorpusError, match="no text in the PDF"):
        read_source(tmp_path / "blank.pdf")


# --- metadata --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "# Programme 2027 Postes d'accueil pour internes\n\nVoir https://example.org/a et "
            "https://pro.inserm.fr/postes-daccueil.\n",
            {
                "title": "Programme 2027 Postes d'accueil pour internes",
                "programmes": ["postes-accueil"],
                "edition": "2027",
                "year": 2027,
                "url": "https://pro.inserm.fr/postes-daccueil",
                "language": "fr",
            },
        ),
        (
            "Appel à candidatures\nCalendrier promotion 2027 – 2028\n\nLe parcours Hauts potentiels est ouvert.\n",
            {"title": "Appel à candidatures", "programmes": ["hauts-potentiels"], "edition": "2027-2028", "url": None},
        ),
        (
            "## Contrats d'interface pour hospitaliers\n\nThe call is open to the applicants of the hospitals (see "
            "<https://example.org/x>).\n",
            {"programmes": ["contrats-interface"], "edition": None, "year": None, "url": "https://example.org/x"},
        ),
    ],
)
def test_metadata_is_inferred(corpus: Path, text: str, expected: dict[str, object]) -> None:
    fields, origins, missing = infer_meta(
        clean_markdown(text), Path("Appel 2027.txt"), load_programmes(corpus), Overrides()
    )
    for name, value in expected.items():
        assert fields[name] == value, name
    assert fields["id"] == "appel-2027" and origins["id"] == "file name"
    assert (fields["kind"], fields["publisher"], fields["source"]) == ("call", "Inserm", "Appel 2027.txt")
    assert origins["title"] == "inferred" and origins["kind"] == "default"
    assert any(m.startswith("edition:") for m in missing) == (fields["edition"] is None)
    assert any(m.startswith("url:") for m in missing) == (fields["url"] is None)


def test_options_override_inference(corpus: Path) -> None:
    given = Overrides(
        id="pa-2027",
        title="Mon titre",
        programmes=["CIHU", "postes-accueil"],
        edition="2027-2028",
        year=2026,
        url="https://pro.inserm.fr/x",
        kind="overview",
        publisher="AMPS",
        language="en",
    )
    fields, origins, missing = infer_meta(
        "# Postes d'accueil 2030\n\nTexte.\n", Path("x.txt"), load_programmes(corpus), given
    )
    assert fields["programmes"] == ["contrats-interface", "postes-accueil"]  # a name works as well as an id
    assert (fields["id"], fields["title"], fields["edition"], fields["year"]) == (
        "pa-2027",
        "Mon titre",
        "2027-2028",
        2026,
    )
    assert (fields["url"], fields["kind"], fields["publisher"], fields["language"]) == (
        "https://pro.inserm.fr/x",
        "overview",
        "AMPS",
        "en",
    )
    assert {origins[k] for k in given.model_fields if k != "id"} | {origins["id"]} == {"given"}
    assert missing == []


@pytest.mark.parametrize(
    ("text", "error", "message"),
    [
        ("# Un appel sans programme 2027\n\nTexte.\n", CorpusError, "no programme named"),
        ("Une première ligne qui est une phrase sur les postes d'accueil.\nSuite.\n", CorpusError, "pass --title"),
    ],
)
def test_what_cannot_be_inferred_is_an_error(corpus: Path, text: str, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        infer_meta(text, Path("x.txt"), load_programmes(corpus), Overrides())


def test_unknown_programme_option(corpus: Path) -> None:
    with pytest.raises(InputError, match="unknown programme 'nope'"):
        infer_meta("# Postes d'accueil\n", Path("x.txt"), load_programmes(corpus), Overrides(programmes=["nope"]))


@pytest.mark.parametrize(
    ("text", "language"),
    [("Les candidats sont des internes et des assistants.", "fr"), ("The call is open to the applicants.", "en")],
)
def test_detect_language(text: str, language: str) -> None:
    assert detect_language(text) == language


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("voir (https://pro.inserm.fr/a/b).", "https://pro.inserm.fr/a/b"),
        ("https://example.org/x, puis https://pro.inserm.fr/y", "https://pro.inserm.fr/y"),
        ("http://pro.inserm.fr/ancien seulement", None),
    ],
)
def test_first_url(text: str, url: str | None) -> None:
    assert first_url(text) == url


@pytest.mark.parametrize(
    ("stem", "expected"),
    [("Postes d'accueil 2027", "postes-d-accueil-2027"), ("Appel_CIHU__2027 (v2)", "appel-cihu-2027-v2"), ("éé", "ee")],
)
def test_slug(stem: str, expected: str) -> None:
    assert slug(stem) == expected


def test_render_reproduces_the_corpus_files() -> None:
    for document in load_corpus(CORPUS):
        assert render(document.meta, document.body) == document.path.read_text(encoding="utf-8"), document.id


# --- writing into the corpus ----------------------------------------------------------------------------------------


def test_add_writes_a_valid_document(corpus: Path, tmp_path: Path) -> None:
    source = _pdf(tmp_path / "Postes accueil 2027.pdf", ["Programme 2027 Postes d'accueil pour internes", ELIGIBILITY])
    result = add_document(source, corpus, Overrides(id="postes-accueil-2027"))
    assert result.path == corpus / "postes-accueil-2027.md"
    document = parse_document(result.path, result.path.read_bytes())
    assert document.meta == result.meta and ELIGIBILITY in document.body
    assert result.meta.programmes == ["postes-accueil"] and result.meta.edition == "2027"
    assert result.meta.source == "Postes accueil 2027.pdf"
    assert any("no rules file" in note and "corpus/README.md" in note for note in result.notes)
    assert any(m.startswith("url:") for m in result.missing)
    assert [d.id for d in load_corpus(corpus)].count("postes-accueil-2027") == 1
    assert not [p for p in corpus.iterdir() if p.name.endswith(".tmp")]


def test_add_refuses_and_writes_nothing(corpus: Path, tmp_path: Path) -> None:
    before = _listing(corpus)
    existing = tmp_path / "nouveau.md"
    existing.write_text("# Programme 2027 Postes d'accueil\n\nUn texte neuf.\n", encoding="utf-8")
    copy = tmp_path / "copie.txt"
    copy.write_text(read_document(CORPUS / "postes-accueil-2026.md").body, encoding="utf-8")  # the same words
    cases = [
        (existing, Overrides(id="postes-accueil-2026"), "exists already: pass --replace"),
        (copy, Overrides(id="postes-accueil-copie"), "same text as postes-accueil-2026.md"),
        (existing, Overrides(id="x", programmes=["inconnu"]), "unknown programme 'inconnu'"),
        (existing, Overrides(id="Pas Un Slug"), "field id"),
        (existing, Overrides(id="x", kind="memo"), "field kind"),
        (tmp_path / "absent.md", Overrides(), "file not found"),
    ]
    for source, given, message in cases:
        with pytest.raises((CorpusError, InputError), match=message.replace("(", r"\(")):
            add_document(source, corpus, given)
        assert _listing(corpus) == before, message


def test_replace_overwrites_the_document(corpus: Path, tmp_path: Path) -> None:
    source = tmp_path / "nouveau.md"
    source.write_text("# Programme 2026 Postes d'accueil\n\nUne version corrigée.\n", encoding="utf-8")
    result = add_document(source, corpus, Overrides(id="postes-accueil-2026"), replace=True)
    assert result.body == "# Programme 2026 Postes d'accueil\n\nUne version corrigée.\n"
    assert not any("no rules file" in note for note in result.notes)
