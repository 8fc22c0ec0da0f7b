"""extract: trafilatura's main text and the page's own metadata, then the text stages."""
from __future__ import annotations

import datetime

import pipeline
from pipeline.stages.extract import extract_html
from test_readers import COMMENT, PAGE_HTML, PAGE_URL, PARAGRAPHS

NO_META = (None, None, None)


def test_main_text_and_page_metadata():
    text, url, title, author, date = extract_html(PAGE_HTML, None, *NO_META)
    assert all(p in text for p in PARAGRAPHS)
    assert title == "Harbour bridge reopens after repairs"
    assert author == "Jane Doe"
    assert date == "2023-04-05"  # ISO 8601, as the documents table wants


def test_comments_and_page_chrome_are_left_out():
    text, *_ = extract_html(PAGE_HTML, None, *NO_META)
    assert COMMENT not in text
    assert "Home" not in text.split("\n") and "Copyright" not in text


def test_what_the_reader_knows_wins_over_what_the_page_says():
    _, url, title, author, date = extract_html(PAGE_HTML, PAGE_URL, "Given title", "Given Author", "2020-01-01")
    assert (url, title, author, date) == (PAGE_URL, "Given title", "Given Author", "2020-01-01")


def test_byline_word_is_not_part_of_the_author():
    page = PAGE_HTML.replace('content="Jane Doe"', 'content="Par Jeanne Dupont"')
    assert extract_html(page, None, *NO_META)[3] == "Jeanne Dupont"


def test_a_page_with_nothing_to_extract_is_empty_not_an_error():
    text, url, title, author, date = extract_html("<html><body></body></html>", None, *NO_META)
    assert text == "" and (title, author, date) == NO_META
    assert pipeline.clean("<html><body></body></html>", html=True).status == "empty"


def test_text_stages_strip_what_trafilatura_keeps():
    """A newsletter prompt inside the article survives extraction; the text stages remove it."""
    text, *_ = extract_html(PAGE_HTML, None, *NO_META)
    assert "Sign up for our newsletter" in text
    cleaned = pipeline.clean(PAGE_HTML.encode("utf-8"), url=PAGE_URL)
    assert "Sign up for our newsletter" not in cleaned.text
    assert all(p in cleaned.text for p in PARAGRAPHS)
    assert "newsletter" in {r["category"] for r in cleaned.removed}
    assert (cleaned.title, cleaned.author, cleaned.date_text) == ("Harbour bridge reopens after repairs", "Jane Doe",
                                                                  "2023-04-05")
    assert cleaned.date == datetime.datetime(2023, 4, 5, tzinfo=datetime.timezone.utc)
    assert cleaned.language == "en"


LEAD = ("Eighteen months, three contractors and one very long detour later, the city has its bridge "
        "back and its commuters their mornings.")


def _page_with_lead(description: str, shown: bool = True) -> str:
    head = f'<meta name="description" content="{description}">\n<meta name="author"'
    standfirst = f'<header class="article-header"><div class="standfirst"><p>{LEAD}</p></div></header>'
    page = PAGE_HTML.replace('<meta name="author"', head)
    return page.replace("<article>", (standfirst if shown else "") + "<article>")


def test_lead_paragraph_left_out_by_trafilatura_is_put_back_after_the_headline():
    import trafilatura

    page = _page_with_lead(LEAD[:90] + "…")  # descriptions are often the lead cut short
    assert LEAD not in trafilatura.extract(page)
    lines = extract_html(page, None, *NO_META)[0].split("\n")
    assert lines[0] == "Harbour bridge reopens after repairs"
    assert lines[1] == LEAD  # in full, from the page, not the cut-short description
    assert lines[2] == PARAGRAPHS[0]


def test_a_description_the_page_does_not_show_adds_nothing():
    text, *_ = extract_html(_page_with_lead(LEAD, shown=False), None, *NO_META)
    assert LEAD[:40] not in text


def test_a_description_already_in_the_text_adds_nothing():
    text, *_ = extract_html(_page_with_lead(PARAGRAPHS[1]), None, *NO_META)
    assert text.count(PARAGRAPHS[1][:40]) == 1


def test_first_short_line_is_lifted_only_when_it_is_the_page_title():
    """The headline trafilatura keeps goes to the title column; when it drops the
    headline, the first short line of the body is not taken for it."""
    cleaned = pipeline.clean(PAGE_HTML.encode("utf-8"), url=PAGE_URL)
    assert "Harbour bridge reopens after repairs" not in cleaned.text
    assert ("title", "title.first_short_block") in {(r["category"], r["rule"]) for r in cleaned.removed}
    page = PAGE_HTML.replace("<h1>Harbour bridge reopens after repairs</h1>", "<h2>Three years of detours</h2>")
    cleaned = pipeline.clean(page.encode("utf-8"), url=PAGE_URL)
    assert cleaned.text.split("\n")[0] == "Three years of detours"
    assert cleaned.title == "Harbour bridge reopens after repairs"  # from the page's metadata
    assert "title" not in {r["category"] for r in cleaned.removed}


def _page_with_marked_lead(lead_html: str, between: str = "") -> str:
    """The page with ``lead_html`` above its article and no description to find it by."""
    return PAGE_HTML.replace("<article>", f"{lead_html}{between}<article>")


def test_lead_the_markup_names_is_put_back_without_a_description():
    page = _page_with_marked_lead(f'<div class="article__intro"><p>{LEAD}</p></div>')
    lines = extract_html(page, None, *NO_META)[0].split("\n")
    assert lines[1] == LEAD and lines[2] == PARAGRAPHS[0]


def test_a_teaser_card_or_a_distant_intro_is_not_taken_for_the_lead():
    card = f'<div class="teaser-text"><h3>Ferry timetable changes</h3><p>{LEAD}</p></div>'
    assert LEAD not in extract_html(_page_with_marked_lead(card), None, *NO_META)[0]
    intro = f'<div class="intro"><p>{LEAD}</p></div>'
    far = "<div>" + "Opening hours of the museum and the gardens. " * 12 + "</div>"
    assert LEAD not in extract_html(_page_with_marked_lead(intro, far), None, *NO_META)[0]


def test_a_teaser_link_repeating_the_description_is_not_the_lead():
    """The description's copy in a link card below the article is passed over; the lead
    the markup names above the body is put back instead."""
    shown = LEAD.replace("later, the city", "later, our city")  # the lead, worded apart
    page = _page_with_lead(LEAD).replace('<div class="standfirst">', '<div class="article__intro">')
    page = page.replace(f"<p>{LEAD}</p>", f"<p>{shown}</p>", 1)
    page = page.replace("<footer>", f'<div><a href="/bridge"><div class="teaser__body">{LEAD}</div></a></div><footer>')
    lines = extract_html(page, None, *NO_META)[0].split("\n")
    assert shown in lines and LEAD not in lines


def test_an_excerpt_description_finds_the_lead_above_the_body():
    """A description that is the lead followed by the body's first words (cut short)."""
    page = _page_with_lead(f"{LEAD} {PARAGRAPHS[0][:60]} [&hellip;]").replace('class="standfirst"', 'class="opening"')
    assert LEAD in extract_html(page, None, *NO_META)[0].split("\n")


def test_description_finds_the_lead_when_it_writes_a_dash_as_a_hyphen():
    shown = LEAD.replace("later, the city", "later – the city")
    page = _page_with_lead(LEAD.replace("later, the city", "later - the city")).replace(LEAD, shown, 1)
    page = page.replace('class="standfirst"', 'class="opening"')  # not found by its markup
    assert shown in extract_html(page, None, *NO_META)[0].split("\n")


def _page_with_article_body(body: str) -> str:
    """A page that shows a one-line teaser and carries its article in JSON-LD."""
    import json

    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "articleBody": body})
    teaser = "".join(f"<p>{p}</p>" for p in PARAGRAPHS[:2])
    return (f'<html><head><title>Harbour bridge reopens</title><script type="application/ld+json">{ld}'
            f'</script></head><body><article>{teaser}</article></body></html>')


def test_article_body_in_structured_data_stands_in_for_a_teaser():
    body = "\n".join(PARAGRAPHS * 3)
    text = extract_html(_page_with_article_body(body), None, *NO_META)[0]
    assert all(p in text for p in PARAGRAPHS)


def test_article_body_no_longer_than_the_text_or_with_markup_is_not_taken():
    for body in ("\n".join(PARAGRAPHS), "<p>" + "</p><p>".join(PARAGRAPHS * 3) + "</p>"):
        text = extract_html(_page_with_article_body(body), None, *NO_META)[0]
        assert PARAGRAPHS[0] in text and PARAGRAPHS[2] not in text


def test_site_name_is_dropped_from_the_page_title():
    from pipeline.stages.extract import without_site_name

    og = '<meta property="og:title" content="Harbour bridge reopens after repairs - The Example Times">'
    page = PAGE_HTML.replace('<meta name="author"', og + '<meta name="author"')
    assert extract_html(page, None, *NO_META)[2] == "Harbour bridge reopens after repairs"
    # by the host name when the page names no site, at either end, the site's own dashes kept apart
    assert without_site_name("Bridge reopens - www.Example-Times.com", None, "https://www.example-times.com/a") \
        == "Bridge reopens"
    assert without_site_name("Example Times :: Bridge reopens", None, "exampletimes.com") == "Bridge reopens"
    assert without_site_name("Bridge - reopens - City - News", "City - News", None) == "Bridge - reopens"
    # a dash inside the headline is not a site name
    assert without_site_name("Dortmund - Gladbach live", "Sports Site", "https://sports.example") \
        == "Dortmund - Gladbach live"
    assert without_site_name("Example Times", "Example Times", None) == "Example Times"


def test_a_lead_in_unclosed_markup_is_put_back_alone():
    """A headline-size element left unclosed (``<h2>`` ended by ``</h3>``) swallows the
    article; the description's own text node is the lead, not the whole element."""
    page = _page_with_lead(LEAD, shown=False).replace("<article>", f"<div><h2>{LEAD}</h3><article>")
    lines = extract_html(page, None, *NO_META)[0].split("\n")
    assert lines[1] == LEAD
    assert all(lines.count(p) == 1 for p in PARAGRAPHS)


SUBTITLE = "Eighteen months of repairs end with the bridge open to cars, bikes and the morning ferry crowd."


def test_the_subtitle_in_the_headline_group_is_put_back():
    page = PAGE_HTML.replace("<article>\n<h1>Harbour bridge reopens after repairs</h1>",
                             "<header><hgroup><h1>Harbour bridge reopens after repairs</h1>"
                             f"<h2>{SUBTITLE}</h2></hgroup></header><article>")
    lines = extract_html(page, None, *NO_META)[0].split("\n")
    assert SUBTITLE in lines and lines.index(SUBTITLE) < lines.index(PARAGRAPHS[0])


def test_a_site_tagline_in_a_headline_group_is_not_a_subtitle():
    """An hgroup whose h1 is the site's name holds the site's tagline, not this story's."""
    tagline = "News, weather and ferry times for the harbour towns and the islands beyond, since 1921."
    page = PAGE_HTML.replace("<nav>", f"<header><hgroup><h1>The Example Times</h1><h2>{tagline}</h2></hgroup></header><nav>")
    assert tagline not in extract_html(page, None, *NO_META)[0]


THREAD_PAGE = """<html><head><title>Harbour bridge reopens | The Example Times</title></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<div id="cookie-banner">We use cookies to improve your experience. Accept all cookies</div>
<article><h1>Harbour bridge reopens after repairs</h1>
{paragraphs}
</article>
<aside class="related-stories"><h3>More stories</h3><ul><li><a href="/a">Ferry fares to rise in spring</a></li>
<li><a href="/b">Council approves new cycle lanes</a></li></ul></aside>
<section id="comments" class="comments"><h3>{n} comments</h3>
{comments}
</section>
<footer><p>Copyright 2023 The Example Times</p></footer>
</body></html>"""


def test_what_extraction_left_out_of_an_html_page_is_in_the_diff(tmp_path):
    """The page's comment thread, menus, banner and teaser list are removed rows with
    categories, their offsets into the stored page text, and the report shows them with
    shares that add up."""
    import re

    import pandas as pd

    comments = [f"Reader {k} says: the detour added {k + 10} minutes to my commute every single day, "
                f"so I am glad it is over." for k in range(12)]
    html = THREAD_PAGE.format(paragraphs="\n".join(f"<p>{p}</p>" for p in PARAGRAPHS), n=len(comments),
                              comments="\n".join(f"<div class=\"comment\"><p>{c}</p></div>" for c in comments))
    src = tmp_path / "in"
    src.mkdir()
    (src / "page.html").write_text(html, encoding="utf-8")
    out = tmp_path / "out"
    pipeline.run([str(src)], out)
    removed = pd.read_parquet(out / "removed.parquet")
    page = pd.read_parquet(out / "repaired.parquet")["page_text"].iloc[0]
    dropped = removed[removed["rule"].str.startswith("extract.")]
    thread = dropped[dropped["category"] == "comments"]
    assert all(c in "\n".join(thread["text"]) for c in comments)
    assert set(thread["rule"]) == {"extract.comments"}
    assert {"chrome", "promo"} <= set(dropped["category"])
    for row in dropped.itertuples():
        assert page[row.start:row.end] == row.text
    docs = pd.read_parquet(out / "documents.parquet")
    assert all(p in docs["text"].iloc[0] for p in PARAGRAPHS)
    report = (out / "report.html").read_text(encoding="utf-8")
    shares = re.search(r"left out by extraction ([\d.]+)%, removed ([\d.]+)%, kept ([\d.]+)%", report)
    assert shares and abs(sum(float(x) for x in shares.groups()) - 100) < 0.2
    assert comments[0] in report
