"""The rule table: every pattern and threshold the classifier uses, as data.

A ``LineRule`` labels one block from its own text. How far it may reach is set by
``max_chars``: a genre phrase in a short block is boilerplate, the same phrase inside a
long paragraph is article text ("subscribe" in a story about subscriptions). ``match``
says where the pattern must sit: the whole block, its start, or anywhere.

Section, structure and context rules live in ``pipeline/classifier/`` as code (one
module per pass), but their names are listed here (``CONTEXT_RULES``) and their
thresholds are named here so they can be read, tuned and cited in one place.
"""
from __future__ import annotations

import dataclasses
import re
from typing import NamedTuple

from pipeline.rules import lexicons as L


_LITERAL_SPACE = re.compile(r"(?<!\\) ")


@dataclasses.dataclass(frozen=True)
class LineRule:
    name: str
    category: str
    pattern: str
    max_chars: int
    match: str = "any"  # full | start | any
    # Starts a section of this category that runs on (see SectionRule handling).
    opens_section: bool = False
    # What the RE2 screen (``pipeline.rules.linematch``) looks for instead of the whole
    # pattern: a looser pattern that accepts every line the rule does. For a rule whose
    # tail (a date, no sentence after it) would swell the screens' automaton.
    screen: str | None = None

    @property
    def spaced_pattern(self) -> str:
        """The pattern with each literal space standing for any one whitespace
        character: scraped text joins words with no-break and thin spaces too."""
        return _LITERAL_SPACE.sub(r"\\s", self.pattern)

    @property
    def spaced_screen(self) -> str:
        """``screen`` (else the pattern) spaced as ``spaced_pattern``."""
        return _LITERAL_SPACE.sub(r"\\s", self.pattern if self.screen is None else self.screen)

    def compile(self):
        """A function text -> match or None. Anchored rules use ``match``, which fails at
        the first character instead of trying every position as ``search`` does."""
        body = self.spaced_pattern
        if self.match == "full":
            return re.compile(rf"\W*(?:{body})\W*$", re.IGNORECASE).match
        if self.match == "start":
            return re.compile(rf"\W*(?:{body})", re.IGNORECASE).match
        return re.compile(body, re.IGNORECASE).search


# ---------------------------------------------------------------------------------
# Thresholds (characters unless stated). Named so that a reader of a removal can find
# why a block was short enough to count.
# ---------------------------------------------------------------------------------
SHORT_LINE = 40          # a bare keyword line ("SIGN UP", "Share", "Latest News")
PROMPT_LINE = 160        # a one-sentence call to action
NOTICE_LINE = 300        # a legal, cookie or permalink notice
CAPTION_LINE = 300       # a caption with a credit
DISCLOSURE_LINE = 600    # an affiliate disclosure, which explains itself at length
READ_ON_INLINE = 100     # a short block with a "Read more" link in it: a teaser or a paywall prompt

TITLE_MIN_CHARS = 10
TITLE_MAX_CHARS = 200
TITLE_SEARCH_BLOCKS = 4       # the headline sits among the first few blocks
TITLE_MIN_BODY_CHARS = 200    # ...and is followed by at least this much body text
BYLINE_MAX_CHARS = 100
BYLINE_SEARCH_BLOCKS = 4

# A section header only opens a section once this much article text precedes it, so a
# "3 comments" counter in the top matter cannot swallow the article.
SECTION_MIN_CONTENT_BEFORE = 300
# A comment thread is confirmed by a commenter line, reply link or timestamp within
# this many blocks of its opener.
COMMENT_EVIDENCE_WINDOW = 8
COMMENT_EVIDENCE_RULES = ("comments.commenter_says", "comments.reply_link", "comments.prompt",
                          "comments.button", "comments.moderation_notice", "comments.login_prompt",
                          "comments.count_header", "comments.commenter_by")
# A job board is confirmed by salary or recruiter evidence within this many blocks of
# its header, and runs until the last evidence (or repeat of a section line).
JOB_EVIDENCE_WINDOW = 8
# Tail rules: an unlabelled block after the article has ended (only boilerplate after
# it) and directly after after-article boilerplate is part of that boilerplate.
TAIL_BLOCK_MAX_CHARS = 300
TAIL_SHORT_MAX_CHARS = 80
AFTER_ARTICLE_CATEGORIES = ("promo", "newsletter", "job_ads", "comments")
# Prose: a block that reads as running text, by length and a sentence ending, or by
# length alone when long. The article is the span from the first to the last prose.
PROSE_MIN_CHARS = 80
PROSE_LONG_CHARS = 200
# Short fragments (no sentence ending) after the last prose block are page furniture.
TAIL_FRAGMENT_MAX_CHARS = 100
# Short fragments before the first prose block (other than the headline) likewise.
HEAD_FRAGMENT_MAX_CHARS = 60
# A promo header ("Related articles") takes the short teaser lines listed under it.
PROMO_LIST_ITEM_MAX_CHARS = 160
# Template lines: a short non-prose line found in at least this many documents of one
# site (URL host, else the source's folder) within a batch, and in at least this
# share of them, is the site's furniture.
TEMPLATE_MIN_DOCS = 3
TEMPLATE_MIN_SHARE = 0.3
# The learned pass scores only blocks up to this length: longer blocks are prose by
# any measure, and skipping them keeps the model off the hot path.
MODEL_MAX_CHARS = 400
# An author box at the end: its header takes the blocks after it when there are at
# most this many, each at most this long, and nothing else follows.
BIO_MAX_BLOCKS = 3
BIO_MAX_CHARS = 600
# Repeated lines: a short line seen this many times in one document is template text
# when its first copy was already labelled boilerplate.
REPEAT_MAX_CHARS = 120
# A second copy of the article: a run of blocks repeating, in order, blocks earlier in
# the document, is a copy (a scraper that read the page twice, a print version below)
# when at least this many distinct ones are prose of PROSE_MIN_CHARS or more. One repeated
# paragraph (a pull quote, a comment quoting the article) is never a copy.
REPEATED_COPY_MIN_PROSE_BLOCKS = 3


# "£30,000 - £34,000", "$45k to $60k", "€ 2.400 bis 3.000"
_AMOUNT = r"\d(?:[\d,.]|\s\d{3}\b)*"  # "31,650", "45.000", "35 000"
_PAY_RANGE = rf"(?:{L.CURRENCY})\s?{_AMOUNT}\s*k?\s*(?:-|–|to|bis|à|a)\s*(?:{L.CURRENCY})?\s?\d"

LINE_RULES: tuple[LineRule, ...] = (
    # comments
    # "12 comments", "3 Kommentare zu „…“", "{ 12 comments… join the discussion }"
    LineRule("comments.count_header", "comments",
             rf"(?:{L.NUMBER_WORDS})\s+(?:{L.COMMENT_NOUNS})(?:\s+(?:to|on|zu|à|a|para|op|do)\b.*"
             rf"|\s*(?:…|\.\.\.)\s*[^.!?]{{0,60}})?\s*:?",
             TITLE_MAX_CHARS + 40, "full", opens_section=True),
    LineRule("comments.header", "comments", rf"(?:{L.COMMENT_NOUNS})\s*(?:\(\d+\))?", SHORT_LINE, "full",
             opens_section=True),
    LineRule("comments.prompt", "comments", L.COMMENT_PROMPTS, PROMPT_LINE, "any", opens_section=True),
    LineRule("comments.button", "comments", rf"(?:{L.COMMENT_BUTTONS})(?:\s*\(\d+\))?", SHORT_LINE // 2, "full",
             opens_section=True),
    LineRule("comments.moderation_notice", "comments", L.COMMENT_MODERATION, NOTICE_LINE, "any", opens_section=True),
    LineRule("comments.login_prompt", "comments", rf"(?:{L.COMMENT_LOGIN_PROMPTS})\b", PROMPT_LINE, "start",
             opens_section=True),
    # A name (any handle: "by geekmux ( 1040042 ) writes:") before the verb, not a
    # sentence telling of a reply ("To which the mayor simply replied:").
    LineRule("comments.commenter_says", "comments",
             rf"(?:\d+\.\s*)?(?![^.!?]*?\b(?:{L.NARRATIVE_WORDS})\b)[^.!?]{{1,60}}?\s(?:{L.COMMENTER_VERBS})\s*:",
             100, "full", opens_section=True,
             screen=rf"(?:\d+\.\s*)?[^.!?]{{1,60}}?\s(?:{L.COMMENTER_VERBS})\s*:"),
    LineRule("comments.reply_link", "comments", rf"(?:{L.REPLY_WORDS})(?:\s*↓)?", 20, "full"),
    LineRule("comments.control", "comments", L.COMMENT_CONTROLS, SHORT_LINE + 20, "full"),
    LineRule("comments.notify", "comments", L.COMMENT_NOTIFY, PROMPT_LINE, "start"),
    LineRule("comments.commenter_by", "comments", rf"(?:{L.COMMENT_NOUNS}) (?:by|von|de|di|door|od)\b.{{0,60}}",
             100, "full", opens_section=True),
    # newsletter
    LineRule("newsletter.call", "newsletter",
             rf"(?:{L.NEWSLETTER_CALLS})(?:\s+(?:now|today|here|jetzt|hier|nu|maintenant|ahora|ora|agora|teraz))?",
             SHORT_LINE, "full"),
    # A short line naming the newsletter ("Our newsletter", "Newsletter abonnieren"):
    # the noun as a word, and no sentence after it ("The newsletter reached 10,000
    # readers.", "The press briefing was short." are news copy).
    LineRule("newsletter.noun_line", "newsletter", rf"\b(?:{L.NEWSLETTER_NOUNS})\b[^.!?]*$", PROMPT_LINE // 2),
    LineRule("newsletter.phrase", "newsletter", L.NEWSLETTER_PHRASES, PROMPT_LINE),
    LineRule("newsletter.paywall", "newsletter", L.PAYWALL_PHRASES, PROMPT_LINE, "start"),
    LineRule("newsletter.email_field", "newsletter", rf"(?:{L.EMAIL_FIELDS})\s*\*?", SHORT_LINE, "full"),
    LineRule("newsletter.imperative", "newsletter",
             rf"(?:{L.NEWSLETTER_CALLS})\b.{{0,80}}\b(?:{L.NEWSLETTER_NOUNS}|e-?mail|inbox|updates|alerts|"
             r"(best|latest|top) (content|stories|news|articles)|of the week|weekly|daily)",
             PROMPT_LINE, "start"),
    # promo
    LineRule("promo.header", "promo", L.PROMO_HEADERS, SHORT_LINE + 20, "full"),
    LineRule("promo.read_more_prefix", "promo",
             rf"(?:{L.READ_ALSO_LABELS})\s*[:»>]", PROMPT_LINE, "start"),
    # An ad label with at most a short remainder ("Anzeige | Partner content"), not a
    # sentence that opens with the word ("Werbung ist für viele Firmen wichtig.").
    LineRule("promo.affiliate", "promo",
             r"^\W*(?:anzeige|werbung|advertisement|sponsored|publicité|publicidad)\b[^.!?]{0,40}$|"
             r"^.{0,60}\baffiliate[- ]links?\b.{0,40}$",
             SHORT_LINE * 2),
    LineRule("promo.donation", "promo", L.DONATION_PHRASES, PROMPT_LINE, "start"),
    LineRule("promo.ad_break", "promo", L.AD_BREAKS, SHORT_LINE * 2, "full"),
    LineRule("promo.enjoyed", "promo", L.ENJOYED_PHRASES, NOTICE_LINE, "start"),
    LineRule("promo.self_promotion", "promo", L.SELF_PROMOTION, NOTICE_LINE, "start"),
    LineRule("promo.support_appeal", "promo", L.SUPPORT_APPEALS, NOTICE_LINE),
    LineRule("promo.affiliate_disclosure", "promo", L.AFFILIATE_DISCLOSURES, DISCLOSURE_LINE),
    # chrome
    LineRule("chrome.permalink", "chrome", L.PERMALINK_PHRASES, NOTICE_LINE),
    # "Posted in News, Politics": a few category names, not a clause
    LineRule("chrome.posted_in", "chrome", r"(?:posted|filed) (?:in|under)(?:\s+[\w&'’-]+[,/|]?){1,5}", SHORT_LINE * 2,
             "full"),
    # a bare "Suivez-nous"; with a network named, chrome.follow_us takes it
    LineRule("chrome.follow_call", "chrome", rf"(?:{L.FOLLOW_CALLS}|follow us)", SHORT_LINE // 2, "full"),
    LineRule("chrome.loading", "chrome", L.LOADING_PHRASES, PROMPT_LINE, "start"),
    LineRule("chrome.age_notice", "chrome", L.AGE_NOTICES, PROMPT_LINE // 2, "start"),
    LineRule("chrome.edition", "chrome", rf"(?:{L.EDITION_WORDS})\s*\d+(?:[/.,-]\d+)?", SHORT_LINE // 2, "full"),
    LineRule("chrome.social", "chrome", rf"(?:{L.SOCIAL_NAMES})(?:\s+\w+)?", SHORT_LINE // 2, "full"),
    LineRule("chrome.share", "chrome",
             rf"(?:{L.SHARE_WORDS})(?:\s+(?:this|on|via|the|article|story|post|artikel|beitrag|auf|sur|en|su|no|op|na)\b.*)?",
             SHORT_LINE, "full"),
    LineRule("chrome.nav", "chrome", L.NAV_WORDS, SHORT_LINE // 2, "full"),
    LineRule("chrome.skip_link", "chrome", L.SKIP_LINKS, SHORT_LINE, "full"),
    LineRule("chrome.breadcrumb", "chrome", rf"(?:{L.BREADCRUMB_HOMES})\s*[>»›/|]\s*[^.!?]{{1,80}}",
             PROMPT_LINE // 2, "full"),
    # "News > Politics > Europe": at least two separators between short segments
    LineRule("chrome.breadcrumb_trail", "chrome", r"(?:[^>»›.!?]{1,30}\s[>»›]\s){2,6}[^>»›.!?]{1,40}",
             PROMPT_LINE // 2, "full"),
    LineRule("chrome.you_are_here", "chrome", rf"(?:{L.YOU_ARE_HERE})\s*:", PROMPT_LINE // 2, "start"),
    LineRule("chrome.sort_control", "chrome", rf"(?:{L.SORT_LABELS})\s*:?\s*[^.!?]{{0,30}}", SHORT_LINE, "full"),
    LineRule("chrome.sort_order", "chrome", L.SORT_ORDERS, SHORT_LINE // 2, "full"),
    LineRule("chrome.share_on", "chrome",
             rf"(?:auf|bei|via|on|sur|en|su|no|op|na)\s+(?:{L.SOCIAL_NAMES})\s+(?:{L.SHARE_WORDS})", SHORT_LINE, "full"),
    LineRule("chrome.article_tools", "chrome", L.ARTICLE_TOOLS, SHORT_LINE + 20, "full"),
    LineRule("chrome.ui_control", "chrome", L.UI_CONTROLS, SHORT_LINE, "full"),
    LineRule("chrome.result_count", "chrome",
             rf"\b(?:{L.RESULT_WORDS})\b.*\b(?:{L.RESULT_RANGE})\b|\b(?:{L.RESULT_RANGE})\b.*\b(?:{L.RESULT_WORDS})\b",
             SHORT_LINE * 2),
    LineRule("promo.app_prompt", "promo", L.APP_PROMPTS, SHORT_LINE, "full"),
    LineRule("media.video_control", "media", L.VIDEO_CONTROLS, SHORT_LINE // 2, "full"),
    LineRule("media.social_embed", "media", L.SOCIAL_EMBEDS, PROMPT_LINE // 2, "full"),
    LineRule("promo.platform_call", "promo", L.PLATFORM_CALLS, SHORT_LINE + 20, "full"),
    LineRule("promo.shop_call", "promo", L.SHOP_CALLS, SHORT_LINE + 20, "full"),
    LineRule("promo.partner_label", "promo", rf"^\W*(?:{L.PARTNER_LABELS})\s+[^.!?]{{1,40}}$", SHORT_LINE + 20),
    LineRule("chrome.blog_platform", "chrome", L.BLOG_PLATFORM, SHORT_LINE * 2, "full"),
    LineRule("chrome.blogger_posted_by", "chrome", r"posted by .{1,40} at \d{1,2}:\d{2}(?:\s?[ap]\.?m\.?)?",
             SHORT_LINE * 2, "full"),
    LineRule("chrome.follower_count", "chrome", rf"[\d.,]+\s*[km]?\s*(?:{L.FOLLOWER_NOUNS})", SHORT_LINE // 2, "full"),
    LineRule("chrome.like_button", "chrome", L.LIKE_PHRASES, SHORT_LINE, "full"),
    LineRule("chrome.follow_us", "chrome", rf"(?:{L.FOLLOW_CALLS})\s.{{0,60}}?\b(?:{L.SOCIAL_NAMES})", NOTICE_LINE,
             "start"),
    LineRule("chrome.channel_invite", "chrome", L.CHANNEL_INVITES, PROMPT_LINE),
    LineRule("chrome.contact", "chrome", r"(?:tel\.?|telefon|phone|fax|e-?mail)\s*[:.]?\s*[+\d(]", PROMPT_LINE // 2, "start"),
    # "Updated 5 hours ago", "Veröffentlicht am 16.08.2019": a date or time follows,
    # and no sentence ("Updated figures show a rise.", "Publicado en 1851, el libro
    # se vendió mal." are news copy); a dot only after a digit or in "a.m.".
    LineRule("chrome.updated", "chrome",
             rf"(?:{L.UPDATED_PHRASES})(?:[^.!?\d]{{0,30}}\d\.?(?:[^.!?]|\d\.|[ap]\.m\.)*$|\W*$)",
             PROMPT_LINE // 2, "start", screen=L.UPDATED_PHRASES),
    LineRule("chrome.tags", "chrome", rf"(?:{L.TAG_LABELS})\s*:", NOTICE_LINE, "start"),
    LineRule("chrome.tag_label", "chrome", L.TAG_LABELS, SHORT_LINE // 2, "full"),
    LineRule("chrome.tags_inline", "chrome", r"\b(?:category|categories|kategorie|kategorien|catégorie|categoría|categoria)\s*:\s*\S",
             PROMPT_LINE // 2),
    # A footer's legal line: "©" anywhere at its start, else a legal phrase followed by
    # a year, a mark or "by", or ending a short line that is no sentence ("Impressum
    # Datenschutz Kontakt"). "Copyright law was reformed in 2019." is news copy.
    LineRule("chrome.legal", "chrome",
             rf"©|(?:{L.LEGAL_PHRASES})(?:\s*(?:[:|©\-–·•/,.]|\(c\)|\d|by\b)|[^.!?]{{0,60}}$)",
             PROMPT_LINE // 2, "start", screen=rf"©|(?:{L.LEGAL_PHRASES})"),
    LineRule("chrome.terms_link", "chrome", L.TERMS_LINKS, SHORT_LINE, "full"),
    LineRule("chrome.copyright_sign", "chrome", r"©|\(c\)\s*\d{4}", PROMPT_LINE // 2),
    LineRule("chrome.rights_footer", "chrome",
             rf"(?:©|\(c\)|copyright\b).{{0,200}}?(?:{L.RIGHTS_RESERVED})|(?:{L.RIGHTS_RESERVED}).{{0,200}}?(?:©|\(c\)|copyright\b)",
             NOTICE_LINE),
    LineRule("chrome.more_info_header", "chrome",
             rf"(?:{L.MORE_INFO_HEADERS})(?: (?:zum|zur|zu|on|about|sur|sobre|su|over|o) [^.!?:]{{1,40}})?\s*:",
             SHORT_LINE * 2, "full"),
    LineRule("chrome.read_on", "chrome", rf"(?:{L.READ_ON_LINKS})(?:\s*[»›>→…]+)?(?:\s*(?:{L.READING_TIME}|{L.MINUTES}))?",
             SHORT_LINE, "full"),
    # The link closes the block, followed by nothing but a link mark: "... Weiterlesen »",
    # "Register free and continue reading". Not "I wish I could read more." (a sentence).
    LineRule("chrome.read_on_inline", "chrome",
             rf"\b(?:{L.READ_ON_LINKS})\s*(?:[»›>→]+|…|\.\.\.|\[…\]|\[\.\.\.\])?\s*$", READ_ON_INLINE),
    LineRule("chrome.reading_time", "chrome", L.READING_TIME, SHORT_LINE, "full"),
    LineRule("chrome.cookie", "chrome", L.COOKIE_PHRASES, NOTICE_LINE),
    LineRule("chrome.copyright_notice", "chrome", r"(?:©|\(c\)|copyright)\s*\d{4}", NOTICE_LINE, "start"),
    LineRule("chrome.review_notice", "chrome", L.REVIEW_NOTICES, PROMPT_LINE),
    LineRule("chrome.embed_notice", "chrome", L.EMBED_NOTICES, NOTICE_LINE),
    # author box (byline: it says who wrote the article, not the article)
    LineRule("byline.bio_header", "byline", L.AUTHOR_BIO_HEADERS, SHORT_LINE, "full"),
    LineRule("byline.author_role", "byline",
             rf"(?:{L.AUTHOR_ROLES})\s+(?:in|im|bei|für|der|des|at|for|of|à|de|en|di|w)\b[^.!?]{{0,80}}\.?",
             BYLINE_MAX_CHARS, "full"),
    # media
    LineRule("media.credit_paren", "media", rf"\((?:{L.MEDIA_WORDS})s?\s*:[^)]*\)[.\s]*$", CAPTION_LINE),
    LineRule("media.credit_label", "media", rf"(?:{L.MEDIA_WORDS})s?(?:\s+\w+)?\s*:\s*\S", CAPTION_LINE // 2, "start"),
    LineRule("media.label_only", "media", rf"(?:{L.MEDIA_WORDS})s?(?:\s+\w+)?\s*:?", SHORT_LINE // 2, "full"),
    LineRule("media.agency_credit", "media",
             rf"(?:[(/|©]\s*|photo:?\s*)(?:{L.PHOTO_AGENCIES})\b[^)]{{0,40}}\)?\s*$", CAPTION_LINE),
    LineRule("media.stock_credit", "media",
             r"(?:photo|foto|image|bild|imagen|immagine|imagem|zdjęcie)\s+(?:by|von|de|di|door|od|por|par)\s+"
             r"[^.!?]{1,60}?\s+(?:on|auf|sur|en|su|no|op|na)\s+(?:unsplash|pexels|pixabay|flickr)", CAPTION_LINE // 2, "full"),
    LineRule("media.agency_slash_credit", "media",
             rf"\((?:{L.PHOTO_AGENCIES})(?:\s+(?:photo|foto)s?)?\s*/[^)]{{1,60}}\)[.\s]*$", CAPTION_LINE),
    LineRule("media.agency_alone", "media", rf"(?:{L.PHOTO_AGENCIES})", SHORT_LINE // 2, "full"),
    LineRule("media.fot_credit", "media", r"fot\.\s+\S", CAPTION_LINE // 2, "start"),
    LineRule("media.courtesy_credit", "media", rf"(?:{L.COURTESY_CREDITS}).{{1,60}}", CAPTION_LINE // 2, "full"),
    LineRule("media.caption_label", "media",
             r"(?:image caption|caption|bildunterschrift|légende|pie de foto|didascalia|legenda|bijschrift|podpis zdjęcia)",
             SHORT_LINE // 2, "full"),
    LineRule("media.gallery_counter", "media",
             rf"(?:{L.MEDIA_WORDS}|slide)?\s*\d+\s*(?:{L.GALLERY_OF})\s*\d+", SHORT_LINE // 2, "full"),
    LineRule("media.bare_word", "media", rf"(?:{L.MEDIA_WORDS})s?", SHORT_LINE // 2, "full"),
    # job ads (single-line evidence; the board itself is a section)
    # A pay range on a listing's line: not in a sentence ("Prices range from $539 to
    # $899.") and not in a table row with rates ("| $10,000-$50,000 | 0.40% |").
    LineRule("job_ads.salary_range", "job_ads", rf"^[^|%]*{_PAY_RANGE}(?:[^|%]*[^|%.!?\s])?\s*$", PROMPT_LINE),
    LineRule("job_ads.salary_word", "job_ads", rf"(?:{L.SALARY_WORDS})", SHORT_LINE // 2, "full"),
    LineRule("job_ads.recruiter", "job_ads", rf"(?:{L.RECRUITER_WORDS})\s*:", PROMPT_LINE // 2, "start"),
    LineRule("job_ads.apply", "job_ads", L.APPLY_CALLS, SHORT_LINE, "full"),
    LineRule("job_ads.salary_label", "job_ads",
             r"(?:salary|gehalt|salaire|salario|sueldo|stipendio|salário|salaris|wynagrodzenie)\s*:\s*[^.!?]{0,60}\d",
             PROMPT_LINE // 2, "start"),
)


class ContextRule(NamedTuple):
    name: str
    category: str  # "*": taken from another block, as the description says
    description: str


# The rules the passes after the line rules write (``pipeline/classifier/``, the
# module in brackets), so that every rule a label can name is in this table.
CONTEXT_RULES: tuple[ContextRule, ...] = (
    # top matter (top_matter.py)
    ContextRule("byline.author_date", "byline", "an author and a date among the first blocks"),
    ContextRule("byline.author", "byline", "an author's name among the first blocks"),
    ContextRule("byline.dateline", "byline", "a date alone among the first blocks"),
    ContextRule("title.first_short_block", "title", "the first unlabelled block, short and no sentence, "
                "with body text after it (on an HTML page: matching the page's title)"),
    # sections (sections.py)
    ContextRule("comments.section", "comments", "everything after a confirmed comment-thread opener (a "
                "count in figures, or an opener with a commenter, reply or timestamp line below)"),
    # threads (threads.py)
    ContextRule("comments.thread_start:<feature>", "comments", "the first block of a comment thread found "
                "where the article ends, naming the feature that weighed most there"),
    ContextRule("comments.thread", "comments", "a block of that thread, up to the last block that is not "
                "other furniture (the thread's own controls included)"),
    ContextRule("job_ads.board_header", "job_ads", "a job-board header with job-ad evidence close below it"),
    ContextRule("job_ads.board_section", "job_ads", "a job board's blocks, up to its last evidence line"),
    # lists under a header (lists.py)
    ContextRule("promo.list_under_header", "promo", "the teaser lines listed under a promo header"),
    ContextRule("byline.bio_under_header", "byline", "the few short blocks closing a document under an "
                "author box's header"),
    # context (context.py)
    ContextRule("media.caption_duplicate", "media", "a caption printed again beside its credit"),
    ContextRule("promo.teaser_card", "promo", "a teaser card: '<headline> image', '<headline>', its standfirst"),
    ContextRule("repeat_of_boilerplate", "*", "a short line repeated in the document, its first copy "
                "boilerplate (that copy's category)"),
    ContextRule("chrome.repeated_copy", "chrome", "a run of blocks repeating earlier blocks in order, at "
                "least REPEATED_COPY_MIN_PROSE_BLOCKS of them prose: a second copy of the article"),
    ContextRule("tail.after_boilerplate", "*", "after the article, a short block after after-article "
                "boilerplate with only boilerplate after it (the category of the block before it)"),
    # outside the article (outside.py)
    ContextRule("byline.after_article", "byline", "a 'By Jane Doe' credit line after the last prose"),
    ContextRule("tail.fragment_after_article", "chrome", "a fragment after the last prose, once furniture "
                "showed the article had ended"),
    ContextRule("head.fragment_before_article", "chrome", "a fragment before the headline or the page "
                "header's furniture, above the first prose"),
    # per batch (templates.py, model.py)
    ContextRule("template.repeated_across_site", "chrome", "a short non-prose line repeated across "
                "documents of one site"),
    ContextRule("model.block_score:<feature>", "*", "the block model's call, naming the feature that "
                "weighed most (the nearest furniture neighbour's category, else chrome)"),
    # the user's rules (user.py; the config's [rules] table, pipeline/rules/user.py)
    ContextRule("user.phrase", "*", "a short block holding a phrase the config adds to a category "
                "(that category)"),
)


# What extraction left out of an HTML page (pipeline/stages/page_diff.py): removed rows
# whose offsets point into the page's whole text (``repaired.parquet``'s page_text),
# each named for the markup around it.
EXTRACTION_RULES: tuple[ContextRule, ...] = tuple(
    ContextRule(f"extract.{c}", c, f"page text extraction left out, inside markup naming {c}")
    for c in ("comments", "newsletter", "job_ads", "promo", "media", "chrome")
) + (ContextRule("extract.page", "chrome", "other page text extraction left out (no markup names it)"),)


# Job board headers are not labelled alone: they open a board only with evidence.
JOB_BOARD_HEADER = re.compile(rf"^\W*(?:\w+\s+){{0,3}}(?:{L.JOB_BOARD_HEADERS})\W*$", re.IGNORECASE)

# "March 3, 2015 at 10:42 pm", "3. März 2015 um 10:42", "12/03/2015 10:42"
COMMENT_TIMESTAMP = re.compile(
    r"\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?|\b\d+\s+(?:minutes?|hours?|days?|weeks?|months?|years?|"
    r"minuten?|stunden?|tagen?|wochen?|monaten?|jahren?)\s+(?:ago|her)\b|\bvor\s+\d+\s+\w+",
    re.IGNORECASE,
)
# Table rows and bare links are data, even when short.
TABLE_OR_LINK = re.compile(r"\||https?://|www\.")
# What is not a headline, however short and unpunctuated: each alternative says what.
NOT_A_TITLE = re.compile(
    r"^\s*(?:[-•*·–—>|]\s|[\"„“”«»]|\d+[.)]\s)|https?://"  # a list item, a quotation, a link
    r"|^(?-i:[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ .,'/-]*)\s*[—–-]\s*$"  # a dateline left alone: "WASHINGTON —"
    r"|^\s*(?:courtesy of|photos?:|fotos?:|bild:|credits?:)"  # a picture's credit
    # a post's "posted by" line: "Posted by Jane Doe and John Roe - Security team"
    r"|^\s*(?:posted|written|submitted|gespeichert|geschrieben|verfasst|publié|publicado|pubblicato|"
    r"gepubliceerd|opublikowano)\s+(?:by|von|par|por|da|door|przez)\b",
    re.IGNORECASE,
)

# Blocks that end like a sentence. A title or a tail fragment does not.
SENTENCE_PUNCT = ".!?…:;"
SENTENCE_CLOSERS = "'\"’”»)"


def ends_sentence(text: str) -> bool:
    """Ends in sentence punctuation, then any closing quotes or brackets, then any
    whitespace: the regex ``[.!?…:;]['"’”»)]*\\s*$`` without one that tries every position."""
    s = text.rstrip().rstrip(SENTENCE_CLOSERS)
    return s != "" and s[-1] in SENTENCE_PUNCT

COMPILED_LINE_RULES: tuple[tuple[LineRule, object], ...] = tuple((r, r.compile()) for r in LINE_RULES)

# A first quick screen: a block longer than every rule's reach cannot match any.
MAX_RULE_CHARS = max(r.max_chars for r in LINE_RULES)

# The thread pass (pipeline/classifier/threads.py). A run of blocks is a comment thread
# when its blocks' summed comment log-odds reach the model's threshold (chosen out of fold
# on the labelled threads' development pages by ``make train-threads``, kept in
# ``thread_model.json`` beside the weights), and the
# article before it keeps at least THREAD_MIN_ARTICLE_SHARE of the page's prose. A
# block's neighbours' register is averaged over THREAD_CONTEXT_BLOCKS on either side.
THREAD_MIN_ARTICLE_SHARE = 0.2
THREAD_CONTEXT_BLOCKS = 3
# A block the learned block model removes with no furniture beside it to be named
# after is a comment where the thread pass gave it comment log-odds above this (even
# odds): "labels tell the truth" for the comments of a thread the pass did not take.
MODEL_COMMENT_LOG_ODDS = 0.0
