"""classify: each kind of rule fires on what it is for and not on article prose."""
import datetime
from pathlib import Path

import numpy as np
import pytest

import pipeline
from pipeline.rules.metadata import date_wording, parse_byline, parse_date, to_utc
from pipeline.classifier import classify_blocks, classify_line

PROSE = ("The committee met for three hours and agreed that the budget would be published "
         "before the end of the month, with a summary for residents.")


@pytest.mark.parametrize("line,category", [
    ("Subscribe to our newsletter", "newsletter"),
    ("Newsletter abonnieren", "newsletter"),
    ("Inscrivez-vous à notre newsletter", "newsletter"),
    ("Leave a reply", "comments"),
    ("Schreibe einen Kommentar", "comments"),
    ("Lascia un commento", "comments"),
    ("Related articles", "promo"),
    ("Lesen Sie auch", "promo"),
    ("Te puede interesar", "promo"),
    ("Share on Facebook", "chrome"),
    ("Tags: politics, budget", "chrome"),
    ("This article is more than 2 years old", "chrome"),
    ("Image 3 of 12", "media"),
    ("A harbour at dawn (Photo: Jane Roe/Agency)", "media"),
    ("£28,000 - £32,000 per annum", "job_ads"),
    # teaser links, paywall and follow calls, moderation notices, in several languages
    ("Lea también: El gobierno anuncia un nuevo plan de vivienda", "promo"),
    ("À lire aussi » Les marchés reculent avant la décision", "promo"),
    ("Leia mais: Governo anuncia novo plano", "promo"),
    ("Czytaj także: Rząd zapowiada nowy plan", "promo"),
    ("To view the full story, please subscribe to the Daily Record.", "newsletter"),
    ("Subscribe now to our digital edition for the full story.", "newsletter"),
    ("Follow the Courier on Twitter and Instagram @courier.", "chrome"),
    ("Síguenos en Facebook y Twitter", "chrome"),
    ("Únete a nuestro canal de WhatsApp", "chrome"),
    ("Join our Telegram channel", "chrome"),
    ("Please note that comments are moderated before they appear.", "comments"),
    ("Kommentare\u00a0werden moderiert.", "comments"),
    ("| Ähnliche\u00a0Artikel |", "promo"),
    # support appeals, disclosures and notices
    ("Unabhängiger Journalismus kostet Geld: Unterstützen Sie uns mit einem monatlichen Beitrag.", "promo"),
    ("Wesprzyj nas darowizną.", "promo"),
    ("Some links in this guide are affiliate links: we may earn a commission if you buy.", "promo"),
    ("Wenn du über diese Links kaufst, erhalten wir eine kleine Provision.", "promo"),
    ("© 2021 Example Media. This story may not be reprinted without written permission.", "chrome"),
    ("Medically reviewed by a registered nurse.", "chrome"),
    ("Klicken Sie auf den Button, um den Inhalt von einer externen Karte zu laden.", "chrome"),
    ("Video verfügbar bis 31.12.2030", "chrome"),
    ("Wir nutzen Cookies, um die Website für Sie zu verbessern.", "chrome"),
    ("Abbildung 2: Verlauf der Temperatur über das Jahr", "media"),
    ("Schauen Sie in unseren Wochen-Newsletter!", "newsletter"),
    ("Diese Artikel könnten dich ebenfalls interessieren:", "promo"),
    ("Lesen Sie hier: Die Stadt plant einen neuen Radweg", "promo"),
    ("Über den Autor", "byline"),
    ("Redakteurin im Ressort Politik.", "byline"),
    ("Kennen Sie schon unseren Podcast? Jede Woche eine neue Folge.", "promo"),
    ("Die neue Ausgabe ist ab sofort am Kiosk und im Abo erhältlich.", "promo"),
    ("Schlagworte", "chrome"),
    ("Posted 3 May 2021 | Category: Local news", "chrome"),
    # a header over links for further reading, and a credit closing a caption's sentence
    ("Weitere Informationen zum Radverkehr:", "chrome"),
    ("Más información:", "chrome"),
    ("Zusatzinformationen:", "chrome"),
    ("Die Brücke am Morgen nach der Öffnung (Foto: Jane Roe/Agentur).", "media"),
    # a read-on link inside a short block, read-also labels, comment prompts and widgets
    ("The council will vote on the plan next week. Read more »", "chrome"),
    ("Kostenlos registrieren und weiterlesen", "chrome"),
    ("Mehr lesen: Die Stadt plant einen neuen Radweg", "promo"),
    ("Dejá tu comentario", "comments"),
    ("Neueste Kommentare", "promo"),
    # the same furniture in the other languages of the lexicons
    ("Aller au contenu principal", "chrome"),
    ("Przejdź do treści", "chrome"),
    ("Vorheriger Artikel", "chrome"),
    ("Articolo successivo", "chrome"),
    ("Imprimer l’article", "chrome"),
    ("Auf Facebook teilen", "chrome"),
    ("Schlagwörter: Politik, Wirtschaft", "chrome"),
    ("Diese Website verwendet Cookies.", "chrome"),
    ("Termos de uso", "chrome"),
    ("Conditions d'utilisation", "chrome"),
    ("Potrebbe interessarti anche", "promo"),
    ("Você também pode gostar", "promo"),
    ("Dit vind je misschien ook leuk", "promo"),
    ("Powiązane artykuły", "promo"),
    ("Contenido patrocinado", "promo"),
    ("Steun onze journalistiek", "promo"),
    ("Abonneer nu", "newsletter"),
    ("Hinterlasse einen Kommentar", "comments"),
    ("Leggi di più", "chrome"),
    # article tools, ad breaks, subscriber notices, credits
    ("Click to share on Twitter (Opens in new window)", "chrome"),
    ("Link kopieren", "chrome"),
    ("Écouter cet article", "chrome"),
    ("Zgłoś błąd", "chrome"),
    ("Deel dit artikel", "chrome"),
    ("Story continues below advertisement", "promo"),
    ("Weiter nach der Anzeige", "promo"),
    ("Article réservé aux abonnés", "newsletter"),
    ("Sei già abbonato? Accedi", "newsletter"),
    ("Masz już konto? Zaloguj się", "newsletter"),
    ("Photo by Jane Roe on Unsplash", "media"),
    ("The mayor at the opening. (AP Photo/Jane Roe)", "media"),
    ("Getty Images", "media"),
    ("Posted in Uncategorized", "chrome"),
    ("Síguenos en Google News", "chrome"),
    ("Recommended Videos", "promo"),
    # breadcrumbs, form furniture, job listing fields, captions
    ("Startseite > Nachrichten > Politik", "chrome"),
    ("News › Politics › Europe", "chrome"),
    ("Vous êtes ici : Accueil", "chrome"),
    ("Ordina per: Più recenti", "chrome"),
    ("Lectura de 4 minutos", "chrome"),
    ("Gepubliceerd op 3 maart 2021", "chrome"),
    ("Zaloguj się, aby odpowiedzieć", "comments"),
    ("Carregar mais comentários", "comments"),
    ("Il tuo indirizzo email non sarà pubblicato. I campi obbligatori sono contrassegnati *", "comments"),
    ("Votre e-mail", "newsletter"),
    ("Al suscribirte aceptas nuestra política de privacidad.", "newsletter"),
    ("Bedankt voor je inschrijving!", "newsletter"),
    ("Solliciteer nu", "job_ads"),
    ("Gehalt: 45.000 € - 55.000 €", "job_ads"),
    ("Type de contrat : CDI", "job_ads"),
    ("Bildunterschrift", "media"),
    ("Fot. Jan Kowalski / PAP", "media"),
])
def test_line_rules(line, category):
    label = classify_line(line)
    assert label is not None and label[0] == category, label


@pytest.mark.parametrize("line", [
    PROSE,
    "Residents who subscribe to the council's alerts will be told about closures in advance of the works.",
    "She said the newsletter she founded in 1990 had grown into a national magazine with a large readership.",
    "More than 200 people were evacuated: the river rose two metres overnight.",
    "Follow-up studies on the drug showed that patients on the trial recovered faster than expected.",
    "Mira Nair, la directora india, presentó su nueva película en el festival de Venecia.",
    "Die Gemeinde bittet die Anwohner, die Arbeiten zu unterstützen und die Straße frei zu halten.",
    "The author of the report said the figures would be revised next year.",
    "Die Stadtwerke verdienen an jedem Anschluss, sagte der Bürgermeister.",
    "Weitere Informationen gibt es beim Bürgeramt.",
    "More information on the closures will follow next week.",
    "Additional information",  # without the colon it may head the article's own contact details
    "Readers who want to read more about the history of the bridge will find the council's archive open on weekdays.",
    "Children who read more books do better at school.",  # a read-on phrase inside a sentence
    "I wish I could read more.",
    "Regulamin konkursu zmieniono w zeszłym tygodniu, jak podali organizatorzy.",
    "Der nächste Artikel der Serie erscheint am Montag.",
    "Il prossimo articolo sarà dedicato alla storia del porto.",
    "Termos de uso da água foram discutidos pela câmara municipal na terça-feira.",
    "The photo by the river was taken on a phone, she said.",
    "Posted in Berlin for three years, he learned German.",
    "Readers can report an error to the standards editor, the paper said in its policy.",
    "Das Gericht will den Fehler melden, sagte die Sprecherin am Montag.",
    "Published in 1851, the novel sold poorly at first.",
    "Temperatures of > 40 degrees were measured in the south on Monday.",  # one ">" is not a trail
    "Your email to the council was answered within a week, she said.",
    "The salary of the mayor: a question the council discussed for an hour on Monday.",
    "Show more compassion, the bishop told the crowd.",
    "Page 12 of the report lists every closure.",
    "Accept all the risks, the coach said, or stay at home.",
    "The name * marks a required field in the census form, the office explained.",
    "Report comment threads to the moderators, the editor wrote in a guide for readers.",
    "Presented by the mayor, the plan was approved on Monday.",
    "— Jane Doe (@janedoe) March 3, 2021",  # an embedded tweet's signature is the tweet's
    "Labels on the bottles will change next year, the ministry said.",
    "Archives of the city were moved to a new building in 2019.",
    "Additional reporting by Jane Roe.",  # the dev annotations count reporting credits as article
    "The ministry declined to comment on the report.",  # "to comment" is a login prompt only at the start
    "Die Sprecherin wollte sich nicht äußern, um zu kommentieren fehle ihr die Zeit.",
    "The team won 3 to 1 of 5 games this season.",  # a range "of" a total, but no listing word
    "Die Umfrage ergab, dass 1 bis 3 von 10 Befragten das Angebot kennen.",
    "She asked readers to share their views on the plan at the town hall.",
    "Der Minister wollte den Bericht nicht kommentieren.",  # a comment button only alone on its line
    "De minister reageerde verbaasd op het nieuws.",
    "The minister had no comments on the report.",
    "Fiber helps digestion.",  # a newsletter noun only as a word, and not in a sentence
    "The press briefing was short.",
    "The hospital issued two bulletins on Monday.",
    "El boletín oficial publicó la ley ayer.",
    "Prices range from $539 to $899.",  # a money range is pay alone on its line or per period
    "| $10,000-$50,000 | 0.40% | 0.25% |",
    "Tickets cost €20 to €35 at the door.",
    "Werbung ist für viele Firmen wichtig.",  # an ad label opens no sentence
    "Anzeige erstattet hat die Polizei am Montag.",
    "Sponsored by the city, the festival runs all week.",
    "Follow these steps shared on Twitter to stay safe on the train.",  # a follow call names us or a Name
])
def test_line_rules_leave_prose_alone(line):
    assert classify_line(line) is None


def test_author_box_at_the_end_goes_with_its_header():
    texts = [PROSE] * 3 + ["Über die Autorin", "Jane Roe ist Journalistin und lebt in Köln. Sie schreibt über Stadtpolitik."]
    labels, _ = classify_blocks(texts, use_model=False)
    assert labels[:3] == [None] * 3
    assert labels[3] == ("byline", "byline.bio_header")
    assert labels[4] == ("byline", "byline.bio_under_header")


def test_author_box_header_mid_article_takes_nothing_after_it():
    texts = [PROSE] * 3 + ["Zur Person"] + [PROSE] * 5
    labels, _ = classify_blocks(texts, use_model=False)
    assert labels[4:] == [None] * 5


def test_comment_section_needs_evidence_and_runs_on():
    texts = [PROSE] * 3 + ["2 Comments", "Alex says:", "I agree with this.", "Reply"]
    labels, _ = classify_blocks(texts)
    assert [lab and lab[0] for lab in labels[3:]] == ["comments"] * 4
    assert labels[:3] == [None] * 3


def test_lone_comment_header_does_not_swallow_the_article():
    texts = [PROSE] * 3 + ["Comments", PROSE, PROSE]
    labels, _ = classify_blocks(texts)
    assert labels[4] is None and labels[5] is None


def test_job_board_needs_salary_evidence():
    board = ["Latest jobs", "Project Officer", "City Council", "£30,000 - £34,000", "Apply now: by Friday"]
    labels, _ = classify_blocks([PROSE] * 3 + board)
    assert all(lab and lab[0] == "job_ads" for lab in labels[3:])
    labels, _ = classify_blocks([PROSE] * 3 + ["Latest jobs", PROSE])
    assert labels[4] is None


def test_headline_and_byline_top_matter():
    texts = ["By Jane Doe", "Harbour plan approved after long debate", PROSE, PROSE]
    labels, meta = classify_blocks(texts)
    assert labels[0][0] == "byline" and labels[1][0] == "title"
    assert meta["author"] == "Jane Doe" and meta["title"] == texts[1]


def test_not_a_headline():
    """A dateline, a picture credit or a "posted by" line opening the text is not its
    headline; headlines that start with the same words still are."""
    for first in ("WASHINGTON —", "Courtesy of the city archive", "Foto: Stadtarchiv",
                  "Posted by Jane Doe and John Roe - Security team", "Gespeichert von admin am"):
        labels, meta = classify_blocks([first, PROSE, PROSE])
        assert meta["title"] is None and (labels[0] is None or labels[0][0] != "title"), first
    for headline in ("Washington - a city divided", "Credit card fees to fall next year",
                     "Posted letters arrive late again", "NHS cuts fail abuse victims"):
        labels, meta = classify_blocks([headline, PROSE, PROSE])
        assert meta["title"] == headline, headline


def test_html_headline_must_match_the_page_title():
    """trafilatura usually drops a page's headline: the first short block of an HTML
    page is the headline only when the page's own title says so."""
    texts = ["Harbour plan approved after long debate", PROSE, PROSE]
    labels, meta = classify_blocks(texts, html=True, meta_title="Council budget for next year")
    assert labels[0] is None and meta["title"] is None
    for page_title in ("harbour plan  approved after long debate",
                       "Harbour plan approved after long debate | The Example Times"):
        labels, meta = classify_blocks(texts, html=True, meta_title=page_title)
        assert labels[0] == ("title", "title.first_short_block") and meta["title"] == texts[0]
    assert classify_blocks(texts, html=True, meta_title=None)[0][0] is None
    assert classify_blocks(texts)[0][0] == ("title", "title.first_short_block")  # text input: as before


def test_caption_duplicate_beside_its_credit():
    texts = [PROSE, "A harbour at dawn", "A harbour at dawn (Photo: J. Roe)", PROSE]
    labels, _ = classify_blocks(texts)
    assert labels[1][0] == "media" and labels[2][0] == "media"


@pytest.mark.parametrize("text,expected", [
    ("14 July 2015", "2015-07-14"),
    ("July 14, 2015", "2015-07-14"),
    ("3. Mai 2020", "2020-05-03"),
    ("14 de julio de 2015", "2015-07-14"),
    ("2015-07-14", "2015-07-14"),
    ("14.07.2015", "2015-07-14"),
    ("no date here", None),
])
def test_parse_date(text, expected):
    assert parse_date(text) == expected


UTC = datetime.timezone.utc


@pytest.mark.parametrize("text,wording,instant", [
    ("Jane Doe | 14 July 2015", "14 July 2015", datetime.datetime(2015, 7, 14, tzinfo=UTC)),
    ("Von Max Muster | 3. Mai 2020 um 9.05 Uhr", "3. Mai 2020 um 9.05 Uhr", datetime.datetime(2020, 5, 3, 9, 5, tzinfo=UTC)),
    ("July 14, 2015 at 2:30 pm", "July 14, 2015 at 2:30 pm", datetime.datetime(2015, 7, 14, 14, 30, tzinfo=UTC)),
    ("Updated 2015-07-14T14:30:00+02:00", "2015-07-14T14:30:00+02:00", datetime.datetime(2015, 7, 14, 12, 30, tzinfo=UTC)),
    ("14 July 2015 - 18:45 GMT+1", "14 July 2015 - 18:45 GMT+1", datetime.datetime(2015, 7, 14, 17, 45, tzinfo=UTC)),
    ("14.07.2015, 23:10 UTC", "14.07.2015, 23:10 UTC", datetime.datetime(2015, 7, 14, 23, 10, tzinfo=UTC)),
    ("3. Mai 2020 - 12 Kommentare", "3. Mai 2020", datetime.datetime(2020, 5, 3, tzinfo=UTC)),
    ("no date here", None, None),
])
def test_date_wording_and_instant(text, wording, instant):
    """The wording kept beside the date, and the UTC instant read from it: a time of
    day kept when written, a zone converted, no time midnight."""
    assert date_wording(text) == wording
    assert to_utc(wording) == instant


@pytest.mark.parametrize("line,author", [
    ("Written by John Smith", "John Smith"),
    ("Geschrieben von Max Muster", "Max Muster"),
    ("Écrit par Jean Dupont", "Jean Dupont"),
    ("Escrito por Juan Pérez", "Juan Pérez"),
    ("Scritto da Mario Rossi", "Mario Rossi"),
    ("Geschreven door Jan Jansen", "Jan Jansen"),
    ("Napisała Anna Nowak", "Anna Nowak"),
])
def test_byline_words_in_eight_languages(line, author):
    body = "\n\n".join(["The river ran dry for years; now the water is back, and with it the birds and the people."] * 3)
    cleaned = pipeline.clean(f"How the river came back to the town\n\n{line}\n\n{body}")
    assert cleaned.author == author and line not in cleaned.text


def test_parse_byline_rejects_prose():
    assert parse_byline("By Jane Doe") == ("Jane Doe", None)
    assert parse_byline("Jane Doe 14 July 2015") == ("Jane Doe", "14 July 2015")  # the date as written
    assert parse_byline("By the end of the year the plan had been dropped entirely by everyone involved.") is None


def test_every_label_names_a_rule():
    texts = ["Home", "By Jane Doe", "Harbour plan approved", PROSE, PROSE, "Share", "Related articles",
             "Another story title", "Sign up for our newsletter"]
    labels, _ = classify_blocks(texts)
    for lab in labels:
        assert lab is None or (lab[0] and lab[1])


def test_template_lines_repeated_across_a_site():
    from pipeline.classifier.templates import _mark_templates

    docs = []
    for k in range(4):
        texts = ["Home | News | Sport", f"Story number {k} about the harbour", PROSE, "Follow us everywhere"]
        docs.append((texts, [None] * len(texts)))
    _mark_templates(docs, ["example.org"] * 4)
    for texts, labels in docs:
        assert labels[0] == ("chrome", "template.repeated_across_site")
        assert labels[3] == ("chrome", "template.repeated_across_site")
        assert labels[1] is None and labels[2] is None


def test_template_lines_need_several_documents():
    from pipeline.classifier.templates import _mark_templates

    docs = [(["Follow us everywhere", PROSE], [None, None]) for _ in range(2)]
    _mark_templates(docs, ["example.org"] * 2)
    assert all(lab is None for _, labels in docs for lab in labels)


def test_credit_line_after_the_article_is_a_byline_but_a_sentence_is_not():
    labels, _ = classify_blocks([PROSE] * 6 + ["Von Max Muster und Erika Musterfrau"])
    assert labels[6] == ("byline", "byline.after_article")
    labels, _ = classify_blocks([PROSE] * 6 + ["By the end of the day"])
    assert labels[6] is None


@pytest.mark.parametrize("text,ends", [
    ("The vote was close.", True), ("Was it?  ", True), ("He said: “it is over.”", True),
    ("See the list:", True), ("end. )", False), ("A headline", False), ("", False), ("“Quoted”", False),
])
def test_ends_sentence(text, ends):
    from pipeline.rules.table import ends_sentence
    assert ends_sentence(text) is ends


@pytest.mark.parametrize("url", [
    "https://www.Example.com/a/b?x=1#f", "http://user:pw@host:8080/path", "https://host?q=1", "https://host#frag",
    "https://host", "ftp://h/x", "https://a.b/c://d", "http://[::1]:80/x", " https://sp.ace/x",
    "https://x.y\\z/", "https://ho\nst/", "not a url ://x", "svn+ssh://h/x",
])
def test_site_is_the_host_urlsplit_finds(url):
    from urllib.parse import urlsplit

    from pipeline.classifier.templates import site_of

    assert site_of(url, None) == urlsplit(url).netloc.lower()


@pytest.mark.parametrize("texts", [
    ["Share", "share", "Read more"], ["Share  this", "share this"], [" lead", "trail ", "x"],
    ["a\u00a0b", "A B"], ["ΟΔΟΣ", "İstanbul"], ["x" * 200, "Short"], [],
])
def test_short_folds_equal_folding_each_block(texts):
    from pipeline.rules import table as T
    from pipeline.classifier.common import _fold, _short_folds

    assert _short_folds(texts) == [_fold(t) if len(t) <= T.REPEAT_MAX_CHARS else None for t in texts]


def test_teaser_precheck_lets_through_every_block_the_teaser_pattern_matches():
    """``_may_end_in_media_word`` must never reject a block ``_TEASER_SUFFIX`` matches:
    every media word ends in a letter or a digit, or is one of the listed "x." ones."""
    import re as re_

    from pipeline.classifier import context as C
    from pipeline.rules.lexicons import MEDIA_WORDS

    dotted = [w for w in MEDIA_WORDS.split("|") if not re_.search(r"(?:\w|\\d\+)$", w)]
    assert sorted(w.replace("\\", "") for w in dotted) == sorted(C._MEDIA_WORDS_ENDING_IN_A_DOT)
    samples = ["Mayor opens bridge Photo", "Storm damage FOT.", "Chart of prices Fig. 3", "Team Abb.",
               "Hafen Bildquelle", "Our new office thumbnails", "Le port Crédit", "Widok Zdjęcie",
               "A headline image d'illustration"]
    for text in samples:
        assert C._TEASER_SUFFIX.match(text), text
        assert C._may_end_in_media_word(text), text
    assert not C._may_end_in_media_word("A sentence that ends like prose.")


def test_furniture_in_eight_languages_is_caught_by_a_line_rule():
    """A coverage floor for the lexicons: common furniture lines (skip links,
    share and print tools, paywall and newsletter forms, comment-form lines,
    breadcrumbs, captions, job fields, cookie buttons, app prompts, pagination,
    comment-thread controls, embeds, shop and platform buttons, partner labels,
    blog-platform furniture, result counts, comment login prompts and moderation
    notices, pay ranges)
    in en, de, fr, es, it, pt, nl and pl. The batch engine (RE2 screens, then the rule)
    labels them as the rules do one by one."""
    from pipeline.rules.linematch import classify_lines

    path = Path(__file__).parent / "data" / "furniture_lines.txt"
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    one_by_one = [classify_line(ln) for ln in lines]
    missed = [ln for ln, label in zip(lines, one_by_one) if label is None]
    assert len(lines) > 800 and not missed, missed
    assert classify_lines(lines) == one_by_one


def test_news_copy_with_furniture_words_is_left_alone():
    """The other side of the coverage floor: sentences of news copy that use the
    lexicons' words ("declined to comment", "Die Anzeige wurde erstattet", "Copyright
    law was reformed") in the eight languages. A rule that takes one removes article
    text."""
    from pipeline.rules.linematch import classify_lines

    path = Path(__file__).parent / "data" / "news_copy_lines.txt"
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    taken = [(ln, classify_line(ln)) for ln in lines if classify_line(ln) is not None]
    assert len(lines) >= 55 and not taken, taken
    assert classify_lines(lines) == [None] * len(lines)


def test_promo_header_takes_its_list_and_stops_at_the_next_subheading():
    """A related-stories box inside the article: the header takes the marked items
    under it, and stops at the first line without the list's mark (the article's next
    subheading), which stays with the prose after it."""
    box = ["Related stories", "- Council approves the new bus lanes", "- Harbour plan delayed again",
           "The vote", PROSE]
    labels, _ = classify_blocks([PROSE] * 2 + box, use_model=False)
    assert labels[2] == ("promo", "promo.header")
    assert labels[3] == labels[4] == ("promo", "promo.list_under_header")
    assert labels[5] is None and labels[6] is None
    unmarked = ["Related stories", "Council approves the new bus lanes", "Harbour plan delayed again"]
    labels, _ = classify_blocks([PROSE] * 2 + unmarked, use_model=False)
    assert labels[3:] == [("promo", "promo.list_under_header")] * 2


def test_comment_count_in_the_page_header_opens_no_thread():
    """A full page's header: menu items, then the article's comment count and its
    date (a timestamp, like a comment's) above the article. A thread follows an
    article's prose, so nothing here is a comment section; after the article, the
    same opener still opens one."""
    menu = ["Politik", "Wirtschaft", "Sport", "Kultur", "Wissen", "Panorama", "Ratgeber", "Wetter", "Verkehr",
            "Über uns", "Hessen", "Meinung", "Frankfurt", "Service", "Thema", "Leserbriefe", "Reise", "Digital",
            "Gesundheit", "Karriere", "Immobilien", "Auto", "Podcasts", "Newsticker", "Archiv", "Veranstaltungen",
            "Rhein-Main und Umgebung", "Nachrichten aus der Region", "Eintracht Frankfurt", "Kultur und Freizeit",
            "Anzeigenmärkte der Region", "Hintergründe und Analysen", "Bilder des Tages", "Lokales aus Offenbach",
            "Stadtteile im Überblick", "Mobilität und Klima"]
    assert sum(map(len, menu)) >= 400  # more text before the count than an article's first paragraph
    head = ["5 Kommentare", "04.05.20 14:50"]
    labels, _ = classify_blocks(menu + head + [PROSE] * 3, use_model=False)
    assert labels[len(menu)] == ("comments", "comments.count_header")
    assert all(lab is None for lab in labels[-3:])
    thread = ["5 Kommentare", "Jane Roe, 04.05.20 14:50", "I agree with the council on this one, it was time."]
    labels, _ = classify_blocks([PROSE] * 3 + thread, use_model=False)
    assert labels[-1] == ("comments", "comments.section")


def _rules_the_classifier_writes() -> set[str]:
    """Every rule name a pass of ``pipeline.classifier`` writes into a label, read from
    its source: the string literals in the rule half of each ``x[i] = (category, rule)``
    assignment (an f-string's fields read as "<feature>")."""
    import ast

    def strings(node):
        if isinstance(node, ast.JoinedStr):
            yield "".join(v.value if isinstance(v, ast.Constant) else "<feature>" for v in node.values)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.value
        else:  # e.g. "byline.author" if author else "byline.dateline"
            for child in ast.iter_child_nodes(node):
                yield from strings(child)

    names = set()
    for path in sorted((Path(pipeline.__file__).parent / "classifier").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Subscript)
                    and isinstance(node.value, ast.Tuple) and len(node.value.elts) == 2):
                names.update(strings(node.value.elts[1]))
    return names


def test_every_rule_the_classifier_writes_is_in_the_table():
    """The context passes' rules are listed in ``CONTEXT_RULES``, exactly: none missing,
    none stale, none that is a line rule's name too."""
    from pipeline.rules import table as T

    written = _rules_the_classifier_writes()
    listed = [r.name for r in T.CONTEXT_RULES]
    assert len(written) >= 18 and "model.block_score:<feature>" in written and "repeat_of_boilerplate" in written
    assert sorted(written) == sorted(listed)
    assert not set(listed) & {r.name for r in T.LINE_RULES}


def test_every_removed_block_names_a_rule_in_the_table():
    """Over the quality sample (both forms, the whole stage chain, templates and model
    included): every removal's rule is a line rule or a context rule, in that rule's
    category ("*": one of the categories), and the model's rules name a feature."""
    import gzip
    import json

    from eval.textform import clean_docs
    from pipeline.rules import table as T
    from pipeline.classifier.threads import FEATURE_NAMES as THREAD_FEATURES
    from pipeline.rules.features import FEATURE_NAMES

    with gzip.open(Path(__file__).parent / "data" / "quality_sample.jsonl.gz", "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    removed = []
    for form in ("scraped", "fulltext"):
        removed += clean_docs([r[form] for r in rows])[2]
    category_of = {r.name: r.category for r in (*T.LINE_RULES, *T.CONTEXT_RULES)}
    categories = {c for c in category_of.values() if c != "*"}
    fired = set()
    for row in removed:
        rule = row["rule"]
        if rule.startswith("model.block_score:"):
            assert rule.split(":", 1)[1] in FEATURE_NAMES, rule
            rule = "model.block_score:<feature>"
        if rule.startswith("comments.thread_start:"):
            assert rule.split(":", 1)[1] in THREAD_FEATURES, rule
            rule = "comments.thread_start:<feature>"
        assert rule in category_of, row
        assert row["category"] == category_of[rule] or (category_of[rule] == "*" and row["category"] in categories), row
        fired.add(rule)
    context = {r.name for r in T.CONTEXT_RULES}
    assert len(fired & context) >= 10  # the sample reaches most context passes


def test_a_price_list_with_ranges_is_not_a_job_board():
    """A pay range is a job ad's only beside other job-ad evidence; the same ranges in a
    price list stay (lines written for the test)."""
    article = ["What does it cost to publish a book? The answer depends on the route you take, "
               "and on how much of the work you do yourself, as the following overview shows."]
    prices = ["- Editing: from $500 to $3,000", "- Cover design: $300 - $1,500", "- Printing: $2 - $6 per copy"]
    labels, _ = classify_blocks(article + prices)
    assert labels[1:] == [None] * len(prices), labels
    listing = ["Senior Accountant", "London", "£45,000 - £55,000", "Recruiter: Example Finance Ltd"]
    labels, _ = classify_blocks(article + listing)
    assert labels[3] == ("job_ads", "job_ads.salary_range"), labels


def test_the_last_paragraph_after_a_newsletter_box_stays():
    """A newsletter box set inside the article, then its last paragraph, then the
    comments: the paragraph is prose, not the box's tail (lines written for the test)."""
    body = ("The harbour bridge reopened on Monday after eighteen months of repairs, and the first commuters "
            "crossed it before dawn. The council said the work came in under budget and ahead of the winter.")
    last = ("Repairs to the southern approach road will follow next spring, the council said, and are "
            "expected to close one lane for about six weeks.")
    page = "\n\n".join(["Bridge reopens after repairs", body, body, "Sign up for our newsletter",
                        "Our morning briefing is on the way", last, "3 comments", "Pat says:",
                        "Great news, I cross it every day and the detour was a nightmare."])
    cleaned = pipeline.clean(page)
    assert last in cleaned.text
    assert "Sign up for our newsletter" not in cleaned.text and "Pat says:" not in cleaned.text


def _paragraph(i: int) -> str:
    return (f"Paragraph {i} of the report says what the council decided about the bridge, "
            f"and why the vote on item {i} went the way it did last night.")


def test_a_second_copy_of_the_article_goes_and_the_first_stays():
    article = ["Bridge vote", *[_paragraph(i) for i in range(5)]]
    texts = article + ["Share this:"] + article[1:]
    labels, _ = classify_blocks(texts, use_model=False)
    copy = labels[len(article) + 1:]
    assert all(lab == ("chrome", "chrome.repeated_copy") for lab in copy)
    assert all(lab is None for lab in labels[1:len(article)])


def test_a_repeated_paragraph_or_two_is_not_a_copy():
    """A pull quote, or a comment quoting the article, repeats one or two paragraphs:
    fewer than REPEATED_COPY_MIN_PROSE_BLOCKS, so nothing is taken."""
    paras = [_paragraph(i) for i in range(6)]
    texts = paras[:3] + [paras[1], paras[2]] + paras[3:]
    labels, _ = classify_blocks(texts, use_model=False)
    assert all(lab is None for lab in labels)


def test_a_comment_count_in_figures_opens_the_thread_below_it_without_other_evidence():
    """A scraper's text keeps the count and the comments and drops the names, dates and
    reply links: "12 comments" after the article opens the section all the same. A
    count in words ("Two responses to the crisis") is an article's heading, and a
    count of nought opens nothing."""
    comments = ["I agree with the council on this one, it was time.", "Same here, well done everyone."]
    for header in ("12 comments", "3 Kommentare zu „Der neue Hafen“", "{ 12 comments… join the discussion }"):
        labels, _ = classify_blocks([PROSE] * 3 + [header] + comments, use_model=False)
        assert labels[3] == ("comments", "comments.count_header"), header
        assert labels[4:] == [("comments", "comments.section")] * 2, header
    for header in ("Two responses to the crisis", "0 comments", "12 comments | Politics"):
        labels, _ = classify_blocks([PROSE] * 3 + [header] + [PROSE] * 2, use_model=False)
        assert labels[4:] == [None, None], header


def test_a_block_the_model_removes_is_named_after_the_thread_pass_reading_of_it():
    """With no furniture beside it, a removed block is a comment where the thread pass
    gave it comment odds, else chrome; furniture beside it names it first."""
    from pipeline.classifier.model import _removed_category

    model = ("model", "f")
    assert _removed_category([None, model, None], 1, 2.5) == "comments"
    assert _removed_category([None, model, None], 1, -2.5) == "chrome"
    assert _removed_category([None, model, None], 1, None) == "chrome"  # outside the pass's run
    assert _removed_category([("promo", "promo.header"), model, None], 1, 2.5) == "promo"
    assert _removed_category([("title", "title.x"), model, ("newsletter", "n")], 1, 2.5) == "newsletter"
    from pipeline.classifier.model import _odds_of

    odds = [None, (3, np.array([1.5, -2.0]))]  # document 1: blocks 3 and 4 were scored
    assert _odds_of(odds, 1, 3) == 1.5 and _odds_of(odds, 1, 4) == -2.0
    assert _odds_of(odds, 1, 2) is None and _odds_of(odds, 1, 5) is None and _odds_of(odds, 0, 3) is None
    assert _odds_of(None, 1, 3) is None
