"""Genre lexicons: the words boilerplate is written in, per language.

These are phrases of the *genre* (how every site words a newsletter prompt or a
comment header), never sentences or names taken from any one page. Each entry is a
regular-expression fragment; the rule table in ``table.py`` decides where a fragment
may match (whole line, line start, anywhere) and how long the block may be.

Languages: en, de, fr, es, it, pt, nl, pl.
"""

# --- comments ---------------------------------------------------------------------
COMMENT_NOUNS = (
    r"comments?|responses?|replies|reply|reactions?|"
    r"kommentare?|antworten|reaktionen|"
    r"commentaires?|réponses?|réactions?|"
    r"comentarios?|respuestas?|"
    r"commenti|commento|risposte?|"
    r"comentários?|respostas?|"
    r"reacties?|opmerkingen|"
    r"komentarz[ey]?|komentarzy|odpowied[zź]i?"
)
NUMBER_WORDS = (
    r"\d+|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"ein|eine|zwei|drei|vier|fünf|un|une|deux|trois|uno|una|dos|tres|due|"
    r"um|uma|dois|één|twee|drie|jeden|dwa|trzy"
)
# "Leave a reply", "Kommentar schreiben", "Laisser un commentaire", ...
COMMENT_PROMPTS = (
    r"leave a (reply|comment)|post a comment|add (a|your) comment|write a comment|"
    r"join the (discussion|conversation)|comments? (are|is) (now )?closed|"
    r"you must be logged in to post a comment|log ?in to (reply|comment)|"
    r"be the first to comment|show comments|view comments|"
    r"(schreibe|schreiben sie) einen kommentar|kommentar (schreiben|verfassen|abgeben)|"
    r"kommentare (sind )?geschlossen|"
    r"laisser un commentaire|laissez un commentaire|ajouter un commentaire|"
    r"les commentaires sont fermés|réagir à cet article|"
    r"deja un comentario|deja tu comentario|dejá tu comentario|d[eé]janos tu comentario|escribe un comentario|los comentarios están cerrados|"
    r"lascia un commento|scrivi un commento|i commenti sono chiusi|"
    r"deixe um comentário|deixe uma resposta|os comentários estão fechados|"
    r"laat een reactie achter|plaats een reactie|"
    r"dodaj komentarz|zostaw komentarz|komentarze są wyłączone|"
    r"schreib einen kommentar|hinterlasse (einen|deinen) kommentar|hinterlassen sie (einen|ihren) kommentar|"
    r"kommentare insgesamt|diskutieren sie mit|"
    r"nur (angemeldete|registrierte) (benutzer|nutzer|user) können|(to|um) (leave a comment|kommentare zu schreiben)|"
    r"publier un commentaire|view (all )?comments|show all comments|alle kommentare anzeigen|"
    r"(log ?in|sign in) to (reply|comment)|zum (antworten|kommentieren) anmelden|connectez-vous pour (répondre|commenter)|"
    r"inicia sesión para (responder|comentar)|accedi per (rispondere|commentare)|faça login para (responder|comentar)|"
    r"log in om te reageren|zaloguj się,? (aby|by) (odpowiedzieć|skomentować)|"
    r"(load|show|view) more comments|weitere kommentare (laden|anzeigen)|(voir|afficher|charger) plus de commentaires|"
    r"cargar más comentarios|(carica|mostra) altri commenti|carregar mais comentários|meer reacties (laden|tonen)|"
    r"(załaduj|pokaż) więcej komentarzy|"
    r"campos obligatorios|campi obbligatori|campos obrigatórios|(verplichte|vereiste) velden|wymagane pola|"
    # an invitation to have one's say
    r"share your (thoughts|views|opinion)|(teilen sie|teile) (ihre|deine) meinung|partagez votre (avis|opinion)|"
    r"comparte tu opinión|condividi la tua opinione|(compartilhe|partilhe) (a )?sua opinião|deel (je|uw) mening|"
    r"podziel się (swoją )?opinią|"
    # comment-form and comment-platform boilerplate (WordPress, Akismet, Disqus)
    r"save my name, e-?mail|meinen namen, e-?mail|enregistrer mon nom|guardar mi nombre|salva il mio nome|"
    r"salvar meus dados|mijn naam, e-?mail|zapisz moje dane|"
    r"(uses|verwendet|utilise|utiliza|usa|gebruikt|używa) akismet|powered by disqus|view the discussion thread"
)
# A comment button or an empty thread's label, alone on its line: as words in a sentence
# they are news copy ("wollte das nicht kommentieren", "reageerde", "had no comments").
COMMENT_BUTTONS = (
    r"(jetzt )?kommentieren( sie)?|keine kommentare|no comments( yet)?|reageer|reageren|skomentuj|commenter|comentar|commenta"
)
# A thread's moderation notice, above or below it: it explains itself at some length.
COMMENT_MODERATION = (
    r"comments are (moderated|reviewed)|(we ask|please ensure) that comments|e-?mail address(es)? will not be published|"
    r"(some|your|reader|readers'?) comments (may|will) be (re)?published|"
    r"(not always possible|unable) to publish (all|every) (comments?|contributions|that (have been|were) (submitted|received))|"
    r"kommentare werden (moderiert|geprüft|freigeschaltet)|les commentaires sont modérés|"
    r"los comentarios (son|están|serán) moderados|i commenti sono moderati|os comentários são moderados|"
    r"reacties worden gemodereerd|komentarze są moderowane"
)
# "To comment, please log in", "Para comentar debes registrarte": at the start of the
# line only ("declined to comment" is news copy).
COMMENT_LOGIN_PROMPTS = (
    r"(to|in order to) (comment|post a comment)|um (zu kommentieren|kommentieren zu können|einen kommentar)|"
    # "Um den Beitrag kommentieren zu können, müssen Sie eingeloggt sein": the login
    # it asks for, not just the verb ("Um das Urteil kommentieren zu können, brauche er Zeit")
    r"um .{1,60} kommentieren zu können, (müssen sie|musst du) (\w+ )?(eingeloggt|angemeldet|registriert)|"
    r"pour (commenter|laisser un commentaire|réagir)|para (comentar|dejar un comentario|poder comentar)|"
    r"per (commentare|lasciare un commento)|om te reageren|aby (komentować|skomentować|dodać komentarz)"
)
# The verb after a commenter's name: "Jane says:", "Max sagt:".
COMMENTER_VERBS = (
    r"says|said|wrote|writes|replied|"
    r"sagt|schreibt|schrieb|meint|antwortete|"
    r"dit|a dit|écrit|a écrit|"
    r"dice|dijo|escribió|"
    r"scrive|ha scritto|dice:|"
    r"diz|disse|escreveu|"
    r"zegt|schreef|"
    r"pisze|napisał|napisała|odpowiedział"
)
# Words that make "<...> replied:" a sentence that tells of a reply ("To which the mayor
# simply replied:"), not a commenter's name before the verb.
NARRATIVE_WORDS = (
    r"he|she|they|we|which|who|then|and|but|so|simply|just|"
    r"er|sie|wir|und|aber|dann|einfach|"
    r"il|elle|ils|nous|et|mais|puis|"
    r"él|ella|ellos|pero|entonces|"
    r"lui|lei|loro|ma|poi|"
    r"hij|zij|wij|maar|toen|"
    r"ona|oni|ale|potem|"
    r"ele|ela|eles|mas|depois"
)
REPLY_WORDS = r"reply|antworten|répondre|responder|rispondi|responder|beantwoorden|reageren|odpowiedz|report|melden"

# A comment thread's own controls and form: reply and report links, house rules,
# the reply form's buttons and required-field labels.
COMMENT_CONTROLS = (
    r"(like|reply|report|share)(\s*[·•|]\s*(like|reply|report|share|\d+\s*\w+( ago)?))+|"
    r"report (this )?comment|kommentar melden|signaler ce commentaire|denunciar (este )?(comentario|comentário)|"
    r"segnala (il |questo )?commento|reactie melden|zgłoś komentarz|"
    r"community (guidelines|standards|rules)|comment(ing)? (policy|guidelines|rules)|netiquette|community-richtlinien|"
    r"(kommentar|diskussions)regeln|charte de modération|normas de (participación|la comunidad)|regole della community|"
    r"regras da comunidade|huisregels|regulamin komentarzy|"
    r"(view|show|see|hide) (all )?(\d+ )?repl(y|ies)( \(\d+\))?|antworten (anzeigen|ausblenden)|voir les réponses|"
    r"ver (las )?respuestas|visualizza( le)? risposte|ver (as )?respostas|bekijk (de )?reacties|zobacz odpowiedzi|"
    r"reply to this comment|auf diesen kommentar antworten|répondre à ce commentaire|responder a este (comentario|comentário)|"
    r"rispondi a questo commento|reageer op deze reactie|odpowiedz na ten komentarz|"
    r"cancel reply|antwort(en)? abbrechen|annuler la réponse|cancelar (respuesta|resposta)|annulla (la )?risposta|"
    r"reactie annuleren|anuluj odpowiedź|"
    r"(post|submit) (your )?comment|kommentar (abschicken|absenden)|publier (le|un|votre) commentaire|"
    r"publicar (comentario|comentário)|pubblica (il )?commento|reactie plaatsen|opublikuj komentarz|"
    r"(name|e-?mail|website|webseite|site web|sitio web|sito web|nome|naam|imię|nombre|nom|comment|kommentar|"
    r"commentaire|comentario|commento|comentário|reactie|komentarz)\s*\*"
)
# The comment form's "notify me of new comments" box.
COMMENT_NOTIFY = (
    r"notify me of (new|follow-up) (posts|comments|replies)|benachrichtige mich|benachrichtigen sie mich|prévenez-moi|"
    r"avertissez-moi|recibir un correo electrónico con los (siguientes comentarios|comentarios)|"
    r"avvisami (via|per) e-?mail|receber um aviso de novos comentários|notifique-me|stuur mij een e-mail als er|"
    r"powiadom mnie o nowych"
)

# --- newsletter -------------------------------------------------------------------
NEWSLETTER_NOUNS = (
    r"newsletters?|bulletins?|e-?mail updates?|briefings?|digest|mailing list|"
    r"infolettre|lettre d'information|boletín|boletim|nieuwsbrief|biuletyn"
)
NEWSLETTER_PHRASES = (
    # the sign-up form's consent line and its thank-you
    r"by (subscribing|signing up)|mit (der|ihrer|deiner) anmeldung|en vous inscrivant|al (suscribirte|suscribirse)|"
    r"iscrivendoti|ao (assinar|se inscrever|se cadastrar)|door (je|u) in te schrijven|zapisując się|"
    r"thanks? (you )?for (subscribing|signing up)|danke für (ihre|deine) anmeldung|merci (pour|de) votre inscription|"
    r"gracias por (suscribirte|tu suscripción)|grazie per (esserti iscritt|l['’]iscrizione)|"
    r"obrigad[oa] por (se inscrever|assinar)|bedankt voor (je|uw) inschrijving|dziękujemy za (zapisanie|subskrypcję)|"
    r"enter your e-?mail|your e-?mail address|sign ?up for (our|free)|subscribe to our|"
    r"get (our|the) .{0,40}(newsletter|bulletin|briefing)|delivered (straight )?to your inbox|"
    r"straight to your inbox|in your inbox|"
    r"newsletter abonnieren|jetzt abonnieren|zum newsletter anmelden|ihre e-?mail-adresse|"
    r"abonnez-vous|inscrivez-vous à (notre|la) (newsletter|lettre)|votre adresse e-?mail|"
    r"suscríbete|suscribirse a|tu (correo|e-?mail)|"
    r"iscriviti alla newsletter|iscriviti|la tua e-?mail|"
    r"assine (a|nossa) newsletter|inscreva-se|seu e-?mail|"
    r"schrijf je in|aanmelden voor de nieuwsbrief|je e-?mailadres|"
    r"zapisz się|zaprenumeruj|twój (adres )?e-?mail|"
    # an own newsletter named, or the promise that comes with signing up
    r"(unseren?|unserem|our|notre|nuestro|il nostro|onze|nasz) [\w-]*newsletter|"
    r"never miss .{0,40}(sign ?up|subscribe)|by e-?mail and never miss|"
    r"zapraszamy (też |również |także )?do (subskrypcji|prenumeraty)|"
    r"hier klicken und .{0,40}(registrieren|anmelden|abonnieren)|click here to (subscribe|sign up|register)|"
    r"(erhalten sie|erhältst du|get) exklusive (angebote|vorteile|inhalte|rabatte)"
)
NEWSLETTER_CALLS = (
    r"sign ?up|subscribe|subscribe now|join (now|us|today|our)|register now|"
    r"abonnieren|anmelden|registrieren|"
    r"s'abonner|s'inscrire|abonnez-vous|inscrivez-vous|"
    r"suscríbete|suscribirse|regístrate|"
    r"iscriviti|abbonati|"
    r"assine|inscreva-se|"
    r"abonneer|inschrijven|"
    r"subskrybuj|zapisz się"
)

# A newsletter form's e-mail field, alone on its line.
EMAIL_FIELDS = (
    r"(your|ihre|deine|votre|tu|la tua|seu|o seu|je|uw|twój) (e-?mail( address)?|e-?mail-adresse|adresse e-?mail|"
    r"correo( electrónico)?|indirizzo e-?mail|endereço de e-?mail|e-?mailadres|adres e-?mail)"
)

# --- promo ------------------------------------------------------------------------
PROMO_HEADERS = (
    r"latest( news| stories| articles| posts)?|related( news| stories| articles| posts| content| topics)?|"
    # "related <things>" and "more news" where the other languages put them
    r"articles liés|dans la même rubrique|(notas|temas|entradas|publicaciones|artículos|noticias) relacionad[oa]s|"
    r"más leíd[oa]s|(articoli|notizie|post) correlat[ie]|altre notizie|"
    r"(matérias|posts|notícias|artigos|publicações) relacionad[oa]s|saiba mais|meer nieuws|"
    r"gerelateerd(e (artikelen|berichten))?|polecane( artykuły)?|więcej (artykułów|wiadomości)|"
    r"(you|we think you) (may|might) (also )?(like|enjoy|be interested in)|recommended( for you| stories| reading)?|"
    r"more (from|on|in|stories|news|articles) ?.{0,30}|most (read|popular|viewed|shared|commented)|"
    r"recommended (videos|articles)|lee también|lea también|"
    r"popular( now| posts| stories)?|trending( now)?|top stories|editor'?s picks|also read|read (also|next|more)|"
    r"further reading|see also|more like this|around the web|from around the web|sponsored( content| stories| links)?|"
    r"promoted( stories| content)?|advertisement|advertising|paid content|partner content|"
    r"neueste (artikel|beiträge|nachrichten)|aktuelle (nachrichten|artikel|beiträge)|mehr zum thema|"
    r"das könnte (sie|dich) auch interessieren|weitere (artikel|beiträge|nachrichten|themen)|lesen sie auch|"
    r"(diese|folgende|weitere) (artikel|beiträge|themen|rezepte|produkte) könnten (dich|sie|euch) (auch |ebenfalls )?interessieren|"
    r"das könnte (sie|dich|euch) (auch |ebenfalls )?interessieren|you (may|might) also be interested in|"
    r"(also|auch|aussi|también|anche) (on|auf|sur|en|su) [\w-]+\.[a-z]{2,4}|"
    r"auch interessant|ähnliche (artikel|beiträge)|weitere (artikel|beiträge|nachrichten) zu(m| diesem) thema|meistgelesen|am meisten gelesen|empfehlungen|anzeige|werbung|"
    r"à lire aussi|a lire aussi|lire aussi|sur le même sujet|articles similaires|les plus lus|publicité|"
    r"dernières (nouvelles|actualités)|vous aimerez aussi|"
    r"te puede interesar|le puede interesar|noticias relacionadas|lo más leído|también (te|le) puede interesar|publicidad|"
    r"más sobre .{0,30}|más noticias|te recomendamos|le recomendamos|"
    r"últimas noticias|artículos relacionados|"
    r"leggi anche|articoli correlati|potrebbe (interessarti|piacerti)( anche)?|ti potrebbe (anche )?interessare|"
    r"i più letti|pubblicità|ultime notizie|"
    r"leia também|veja também|notícias relacionadas|artigos relacionados|mais lidas|publicidade|últimas notícias|"
    r"(você|voce) (também )?(pode|poderá|vai) gostar|"
    r"lees ook|gerelateerde artikelen|meest gelezen|advertentie|laatste nieuws|"
    r"dit vind je (misschien|wellicht) ook leuk|misschien ook interessant|"
    r"czytaj (też|także|również)|zobacz (też|także|również)|najczęściej czytane|reklama|najnowsze|"
    r"(powiązane|podobne|polecane) (artykuły|wpisy|teksty)|"
    r"gesponserte?r? (inhalt|beitrag|artikel)|contenu sponsorisé|contenido patrocinado|contenuto sponsorizzato|"
    r"conteúdo patrocinado|gesponsorde inhoud|(artykuł|treść|materiał) sponsorowan[ya]|"
    r"das thema könnte (dich|sie) auch interessieren|das könnte dich auch interessieren|empfohlene (beiträge|artikel)|"
    r"mehr themen|mehr zum thema.{0,30}|schon gelesen|auch lesen|top-themen.{0,30}|weitere beiträge.{0,40}|"
    r"kommentierte artikel|vorschau auf den nächsten artikel|kommende (events|termine|veranstaltungen)|"
    r"beliebte (beiträge|artikel)|ähnliche beiträge|verwandte (beiträge|artikel|themen)|passend zum thema|"
    # a widget listing readers' latest comments across the site
    r"(neueste|letzte|aktuelle) kommentare|(latest|recent) comments|derniers commentaires|últimos comentarios|"
    r"ultimi commenti|najnowsze komentarze|"
    # a blog's list of its latest posts
    r"recent (posts|entries)|articles récents|entradas recientes|articoli recenti|posts recentes|recente berichten|"
    r"najnowsze wpisy"
)
# The label of a link to another story at the start of a line: "Read more: <headline>",
# "Lea también: <titular>". Only with the ":" or "»" that joins it to the link.
READ_ALSO_LABELS = (
    r"read (more|also|next)|also read|see also|related( stories| articles)?|watch|listen|more|don'?t miss|"
    r"recommended|"
    r"lesen sie auch|lesen sie hier|lesen sie (dazu|mehr)|hier lesen|lies hier|auch lesen|lies auch|mehr lesen|mehr dazu|mehr zum thema|siehe auch|weiterlesen|"
    r"à lire aussi|a lire aussi|à lire également|lire aussi|lire également|à lire|voir aussi|à voir aussi|à voir|"
    r"à découvrir|sur le même sujet|"
    r"lea también|lee también|lea más|lee más|lea|vea también|ve también|ver también|vea|mira también|mira|mire|"
    r"le puede interesar|te puede interesar|también (le|te) puede interesar|te recomendamos|le recomendamos|"
    r"relacionad[oa]s?|"
    r"leggi anche|leggi pure|vedi anche|guarda anche|potrebbe interessarti|"
    r"leia também|leia mais|veja também|veja mais|saiba mais|"
    r"lees ook|lees meer|zie ook|bekijk ook|"
    r"czytaj (też|także|również|więcej)|zobacz (też|także|również)|przeczytaj (też|także|również)|polecamy"
)
# The header of a list of links for further reading on the subject: "Weitere
# Informationen:", "More information:", "Más información:". Alone on its line and
# closed by the colon that opens the list (the rule is full-line), with at most a short
# "on <topic>": without the colon it may head the article's own contact details.
MORE_INFO_HEADERS = (
    r"(further|more|additional) info(rmation)?|"
    r"(weitere|mehr|zusätzliche|weiterführende) info(rmationen|s)?|zusatzinfo(rmationen|s)?|"
    r"plus d'info(rmation)?s?|(pour )?en savoir plus|"
    r"más información|(maggiori|ulteriori|altre) informazioni|mais informações|meer informatie|więcej informacji"
)
DONATION_PHRASES = (
    r"make a donation|donate(\s+(now|today|here|to (us|our))\b|\W*$)|"
    r"support (us|our (work|journalism|reporting))|help (fund|support) (us|our|the)|"
    r"become a (member|supporter|patron)|help fund|"
    r"jetzt spenden|spenden sie|unterstützen sie (uns|unsere)|unterstütze\b|"
    r"faire un don|faites un don|soutenez-nous|"
    r"haz una donación|dona ahora|apóyanos|"
    r"fai una donazione|sostienici|"
    r"faça uma doação|apoie|"
    r"doneer|steun ons|"
    r"wesprzyj|przekaż darowiznę"
)

# An advert's break in the article: "Story continues below advertisement".
AD_BREAKS = (
    r"(story|article) continues below( (this )?(advertisement|ad))?|scroll (down )?to continue( with content)?|"
    r"continue reading below|advertisement - (scroll|continue) .{0,30}|"
    r"weiter nach der anzeige|(der )?artikel wird unter(halb|hab) (der anzeige )?fortgesetzt|lesen sie nach der anzeige weiter|"
    r"la suite (de l['’]article )?après (la|cette) publicité|"
    r"(el )?artículo continúa (abajo|debajo|después de la publicidad)|continúa después de la publicidad|"
    r"(l['’]articolo )?continua dopo la pubblicità|continua (após|depois d)a publicidade|"
    r"(het )?artikel gaat (verder )?(na|onder) de advertentie|dalsza część (artykułu )?pod reklamą"
)
# Prompts to install a site's app.
APP_PROMPTS = (
    r"(download|get|install) (our|the) app|open in (the )?app|(jetzt )?(die|unsere) app (herunterladen|laden|installieren)|"
    r"téléchargez (notre |l['’])application|descarga (nuestra|la) app|scarica (la nostra |l['’])app|baixe (o )?nosso app|"
    r"download (onze|de) app|pobierz (naszą )?aplikację"
)
# "Listen on Spotify", "Auf YouTube ansehen".
PLATFORMS = r"youtube|spotify|apple podcasts|google podcasts|soundcloud|deezer|amazon music|tiktok|twitch|vimeo"
PLATFORM_CALLS = (
    rf"(watch|listen|subscribe|follow us|available) (on|at) ({PLATFORMS})|"
    rf"(jetzt )?(auf|bei) ({PLATFORMS}) (ansehen|anhören|hören|abonnieren)|jetzt auf ({PLATFORMS}) (anhören|ansehen)|"
    rf"(regarder|écouter) sur ({PLATFORMS})|(ver|escuchar) en ({PLATFORMS})|(guarda|ascolta) su ({PLATFORMS})|"
    rf"(assistir|ouça|ouvir) (no|na) ({PLATFORMS})|(bekijk|luister) op ({PLATFORMS})|(obejrzyj|posłuchaj) na ({PLATFORMS})"
)
# A shop's buttons and promises, and an event's calendar link.
SHOPS = r"amazon|ebay|otto|zalando|bol\.com|allegro|fnac|mediamarkt|walmart|best buy|target"
SHOP_CALLS = (
    r"add to (cart|basket|bag|calendar|wishlist)|in den warenkorb|zum kalender hinzufügen|ajouter au (panier|calendrier)|"
    r"añadir al (carrito|calendario)|aggiungi al (carrello|calendario)|adicionar ao (carrinho|calendário)|"
    r"(in|toevoegen aan) (de )?(winkelwagen|agenda)|dodaj do (koszyka|kalendarza)|"
    r"buy (it )?now|jetzt kaufen|acheter( maintenant)?|comprar( ahora)?|acquista( ora)?|compre( agora)?|nu kopen|kup teraz|"
    r"free shipping|kostenloser versand|livraison gratuite|envío gratis|spedizione gratuita|frete grátis|"
    r"gratis verzending|darmowa dostawa|"
    rf"(check|see|view) (the )?price (on|at) .{{1,30}}|(bei|auf) ({SHOPS}) (ansehen|kaufen)|"
    rf"voir le prix (sur|chez) .{{1,30}}|ver precio en .{{1,30}}|vedi (il )?prezzo su .{{1,30}}|"
    rf"ver preço (na|no|em) .{{1,30}}|bekijk (de )?prijs (bij|op) .{{1,30}}|sprawdź cenę( .{{1,30}})?"
)
# "Sponsored by", "In partnership with": whose content it is.
PARTNER_LABELS = (
    r"(sponsored|presented|powered|brought to you) by|in (partnership|association|collaboration) with|"
    r"präsentiert von|in (zusammenarbeit|kooperation) mit|en (partenariat|collaboration) avec|"
    r"en colaboración con|patrocinado por|in collaborazione con|em parceria com|in samenwerking met|we współpracy z"
)

# --- chrome -----------------------------------------------------------------------
SOCIAL_NAMES = (
    r"facebook|twitter|linkedin|instagram|youtube|whatsapp|pinterest|reddit|tumblr|"
    r"google news|xing|tiktok|telegram|flipboard|pocket|mastodon|threads|bluesky|e-?mail|print|"
    r"drucken|imprimer|imprimir|stampa|afdrukken|drukuj|"
    r"inhaltsverzeichnis|table of contents|sommaire|índice|indice|inhoudsopgave|spis treści"
)
# "Follow us on Instagram", "Síguenos en Facebook": the calls to follow the site elsewhere.
FOLLOW_CALLS = (
    # "Follow us on", "Follow @jdoe on", "Follow Jane Doe on": a name is capitalised
    # ("Follow these steps shared on Twitter to..." is news copy)
    r"follow (us|me|@[\w.]+|(the )?(?-i:[A-Z])[\w.]*(\s(?-i:[A-Z])[\w.]*){0,3}) (on|at)|join us on|"
    r"folgen sie uns|folge uns|"
    r"suivez-nous|"
    r"síguenos|siguenos|"
    r"seguici|"
    r"siga-nos|nos siga|"
    r"volg ons|"
    r"obserwuj nas"
)
# "our Telegram channel", "nuestro canal de YouTube": an invitation to a channel.
CHANNEL_INVITES = (
    r"\b(our|nuestro|nuestra|notre|unser(en)?|nosso|il nostro|ons|nasz|tenemos( un)?|we have( an?)?) (\w+ )?"
    r"(canal|channel|kanal|chaîne|canale|grupo|group|gruppe|groupe) (de |on |auf |bei |sur |su |no |op |na )?"
    r"(telegram|whatsapp|youtube|tiktok|instagram|signal)|"
    r"\b(our|join|notre|unser(en)?|rejoignez|únete a) (\w+ )?(telegram|whatsapp|youtube|signal)[- ]"
    r"(channel|group|kanal|gruppe|chaîne|groupe|canal|grupo)"
)
LIKE_PHRASES = (
    r"like this|likes?|(?:%d |\d+ )?(?:bloggers like this|bloggern gefällt das)|gefällt mir|j'aime|me gusta|mi piace|curtir|"
    r"vind ik leuk|lubię to|\d+ (likes|shares)"
)
UPDATED_PHRASES = (
    r"(last )?updated( on| at)?\b|zuletzt aktualisiert|aktualisiert( am)?|stand:|veröffentlicht( am)?|"
    r"mis à jour|publié le|actualizado|publicado|aggiornato|pubblicato|atualizado|bijgewerkt|aktualizacja|opublikowano|"
    r"(published|gepubliceerd|geplaatst)( on| at| op)?\s*:?\s*(\d|(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|maart|mei|okt)\w*\b)"
)
PAYWALL_PHRASES = (
    r"to continue reading|continue reading|read the full (article|story)|subscribe to (read|continue)|"
    r"(to )?(view|read|see|get|access) the (full|whole|entire|rest of the) (story|article)|"
    r"(please )?subscribe (now |today )?(to|for)\b.{0,60}\b(full (story|article)|to (read|continue))|"
    r"if you('|’)?re (seeing this|already a subscriber)|first-time subscribers|"
    r"this (article|content) is (only )?(for|available to) (subscribers|members)|already a subscriber|"
    r"jetzt weiterlesen|weiterlesen mit|dieser (artikel|inhalt) ist (nur )?für abonnenten|bereits abonnent|"
    r"pour lire la suite|pour accéder en illimité|déjà abonné|réservé aux abonnés|"
    r"para seguir leyendo|ya eres suscriptor|per continuare a leggere|(sei )?già abbonato|"
    r"para continuar lendo|já é assinante|lees verder met|al abonnee|czytaj dalej|masz już subskrypcję|"
    r"subscribe for (unlimited|full|digital) access|(exklusiv|nur) für (abonnenten|abonnentinnen|abonnierende)|"
    r"(article|contenu) réservé aux abonnés|(contenido|artículo) exclusivo para (suscriptores|socios)|"
    r"(contenuto|articolo) riservato agli abbonati|conteúdo exclusivo para assinantes|alleen voor abonnees|"
    r"(treść|artykuł) dostępn[ya] (tylko )?dla (subskrybentów|prenumeratorów)|"
    r"(already have an account|sie haben bereits ein konto|du hast bereits ein konto|vous avez déjà un compte|"
    r"¿?ya tienes (una )?cuenta|hai già un account|já tem (uma )?conta|heb je al een account|masz już konto)\b.{0,30}|"
    r"jetzt (kostenlos |gratis )?(registrieren|anmelden|abonnieren|testen)"
)
# An appeal for money or support anywhere in a short block ("... brauchen wir deine
# Unterstützung", "Wesprzyj nas darowizną"): the phrases say who is asked for what.
SUPPORT_APPEALS = (
    r"support (us|our (work|journalism|reporting)|independent journalism)\b|your support (helps|keeps|makes)|"
    r"(brauchen|benötigen) wir (deine|ihre|eure) (unterstützung|hilfe)|"
    r"unterstütze (uns (mit|jetzt|durch|monatlich|einmalig|\()|unser(e|en)? (magazin|arbeit|journalismus|redaktion|blog))|"
    r"unterstützen sie (uns (mit|jetzt|durch|monatlich|einmalig|\()|unsere (arbeit|redaktion)|unseren journalismus)|"
    r"journalismus kostet|"
    r"soutenez-nous|soutenez notre (travail|journalisme|rédaction)|"
    r"apóyanos|apoya nuestro (trabajo|periodismo)|"
    r"sostienici|sostieni il nostro (lavoro|giornalismo)|"
    r"steun (ons|onze (journalistiek|redactie|organisatie|werk))|apoie (o )?nosso (trabalho|jornalismo)|"
    r"wesprzyj nas|wesprzyj nasz"
)
# The site advertising its own products: its magazine's new issue, its tools.
SELF_PROMOTION = (
    r"(kennst du|kennen sie|kennt ihr) (schon|bereits) unser|(have you|did you) (seen|tried|heard of|heard about) our|"
    r"connaissez-vous (déjà )?not|¿?conoces (ya )?nuestr|"
    r"(die |the )?(aktuelle|neue|latest|current|new) (ausgabe|heft|issue|edition) .{0,60}"
    r"(bestellen|kiosk|im abo|e-?paper|erhältlich|on sale|newsstands?|order (it|now|your))"
)
# Affiliate and advertiser disclosures: the site is paid when a reader follows a link.
AFFILIATE_DISCLOSURES = (
    r"affiliate[- ]links?|advertiser disclosure|"
    r"(we|i) (may )?(earn|receive|get|make) (a )?(small )?(commission|compensation)|"
    r"advertisers? (do(es)?n'?t|do(es)? not) influence|"
    r"provisions?-?links?|(wir|ich) (erhalten|bekommen|verdienen) (dabei |dafür |ggf\. |gegebenenfalls |eventuell )?"
    r"(eine )?(kleine )?provision|(erhalten|bekommen|verdienen) (wir|ich) (dabei |dafür |ggf\. |gegebenenfalls |eventuell )?"
    r"(eine )?(kleine )?provision|als amazon-partner verdiene|"
    r"hat keinerlei einfluss auf (unsere|die) (empfehlung|bewertung|auswahl)|"
    r"liens? (d'affiliation|affiliés?|sponsorisés)|nous (percevons|touchons) une (petite )?commission|"
    r"enlaces? de afiliados?|recibimos una comisión|link (di affiliazione|affiliati)|riceviamo una commissione|"
    r"linki afiliacyjne|linki partnerskie"
)
# Notices that a text was checked by experts ("Medically reviewed by ...").
REVIEW_NOTICES = (
    r"(medically|medical|fact)[- ]?(reviewed|checked) by|"
    r"(von|durch) (medizinern|ärzten|ärztinnen|fachärzten|experten) geprüft|(ärztlich|medizinisch|fachlich) geprüft|"
    r"relu par un médecin|revisado por (un )?médico|revisionato da un medico"
)
# Placeholders for embedded content (maps, videos, posts) that loads only on consent,
# and the media library's availability line.
EMBED_NOTICES = (
    r"(klicken sie|klicke|klick) auf den .{0,20}button,? um .{0,80} zu laden|"
    r"mit dem laden (des|der) (inhalts?|videos?|karte|beitrags|tweets?) akzeptieren|externe inhalte (laden|anzeigen)|"
    r"ich bin damit einverstanden, dass mir externe inhalte|"
    r"(click|tap) (on )?the .{0,20}button .{0,20}to load|load(ing)? (external )?content from|"
    r"(video|audio|sendung|podcast) (ist )?verfügbar bis\b"
)
ENJOYED_PHRASES = (
    r"if you (enjoyed|liked) (reading )?this|did you (enjoy|like) this|"
    r"hat (dir|ihnen) (dieser|der) (artikel|beitrag) gefallen|gefällt (dir|ihnen) unser|"
    r"vous avez aimé cet article|te ha gustado este artículo|ti è piaciuto questo articolo|"
    r"gostou deste artigo|vond je dit artikel leuk|podobał ci się ten artykuł"
)
SHARE_WORDS = (
    r"share|tweet|pin it|"
    r"teilen|twittern|"
    r"partager|partagez|"
    r"compartir|comparte|"
    r"condividi|"
    r"partilhar|compartilhar|compartilhe|teilen mit|share this|share with|"
    r"delen|deel|"
    r"udostępnij|podziel się"
)
NAV_WORDS = (
    r"home|homepage|menu|main menu|navigation|search|skip to (main )?content|back to top|to top|top|"
    r"previous( post| article)?|next( post| article)?|older posts|newer posts|log ?in|log ?out|sign in|register|"
    r"contact( us)?|about( us)?|sitemap|imprint|"
    r"startseite|suche|zum inhalt springen|nach oben|zurück|weiter|anmelden|abmelden|kontakt|"
    r"accueil|rechercher|retour en haut|précédent|suivant|connexion|"
    r"inicio|buscar|volver arriba|anterior|siguiente|contacto|"
    r"cerca|torna su|precedente|successivo|contatti|"
    r"início|pesquisar|voltar ao topo|próximo|contato|"
    r"zoeken|terug naar boven|vorige|volgende|"
    r"strona główna|szukaj|do góry|poprzedni|następny|kontakt|regulamin|"
    r"se connecter|s['’]inscrire|iniciar sesión|registrarse|accedi|registrati|entrar|cadastre-se|inloggen|"
    # footer links, blog archives and search boxes
    r"blog archive|archives?|archiv|archivo|archivio|arquivo|archief|archiwum|"
    r"search for|suche nach|pesquisar por|zoeken naar|"
    r"advertise( with us)?|werben( bei uns)?|mediadaten|annoncer|anuncie( aqui)?|adverteren|reklama u nas|"
    r"über uns|à propos( de nous)?|quiénes somos|chi siamo|quem somos|over ons|o nas|"
    r"registreren|zaloguj się|zarejestruj się|einloggen|"
    r"back to (the )?article|zurück zum (artikel|beitrag)|retour à l['’]article|volver al artículo|"
    r"torna all['’]articolo|voltar ao artigo|terug naar (het )?artikel|wróć do artykułu|"
    r"zur startseite|back to home|retour à l['’]accueil|volver (al inicio|a la portada)|torna alla home|"
    r"voltar (à|para a) (página inicial|home)|terug naar (home|de homepage)|wróć do strony głównej|"
    # previous / next article, print links
    r"(vorherige[rs]?|nächste[rs]?) (artikel|beitrag)|article (précédent|suivant)|(artículo|entrada) (anterior|siguiente)|"
    r"(articolo|post) (precedente|successivo)|(artigo|post) anterior|próximo (artigo|post)|(vorig|volgend) (artikel|bericht)|"
    r"(poprzedni|następny) (artykuł|wpis)|print (this )?(article|page|story)|(artikel|seite) drucken|"
    r"imprimer (l['’]article|la page|cet article)|imprimir (artículo|noticia|página)|stampa (articolo|la pagina)"
)
# A footer's link to the site's terms, alone on its line (at the start of a sentence
# the same words can be the article's: "Termos de uso da água ...").
TERMS_LINKS = (
    r"conditions (générales )?d['’]utilisation|términos (de uso|y condiciones)|condiciones de uso|"
    r"termini (di utilizzo|d['’]uso|e condizioni)|condizioni d['’]uso|termos (de uso|e condições)|"
    r"gebruiksvoorwaarden|algemene voorwaarden"
)
# "Skip to content" links, longer than a bare navigation word.
SKIP_LINKS = (
    r"skip to (the )?(main )?(content|navigation)|skip navigation|(direkt )?zum (haupt)?inhalt( springen)?|"
    r"aller au contenu( principal)?|passer au contenu( principal)?|saltar al contenido( principal)?|ir al contenido( principal)?|"
    r"vai al contenuto( principale)?|salta al contenuto( principale)?|(ir|saltar|pular) para o conteúdo( principal)?|"
    r"(ga )?naar (de )?(hoofd)?inhoud|spring naar (de )?inhoud|przejdź do (treści|zawartości)( głównej)?"
)
LEGAL_PHRASES = (
    r"all rights reserved|copyright|©|privacy (policy|notice|settings)|terms (of (use|service)|and conditions)|"
    r"this (article|content|story) is the copyrighted|(written )?permission must be obtained|"
    r"cookie (policy|settings|preferences)|legal notice|disclaimer|"
    r"alle rechte vorbehalten|impressum|datenschutz(erklärung|hinweise)?|nutzungsbedingungen|agb|"
    r"tous droits réservés|mentions légales|politique de confidentialité|alle angaben ohne gewähr|"
    r"sofern nicht anders (angegeben|ausgewiesen|vermerkt)|"
    r"todos los derechos reservados|aviso legal|política de privacidad|"
    r"tutti i diritti riservati|note legali|informativa (sulla )?privacy|"
    r"todos os direitos reservados|política de privacidade|"
    r"alle rechten voorbehouden|privacybeleid|"
    r"wszelkie prawa zastrzeżone|polityka prywatności"
)
COOKIE_PHRASES = (
    r"(this|our) (web)?site uses cookies|we use cookies|accept (all )?cookies|"
    r"diese (web)?seite verwendet cookies|diese (website|webseite|site|seite) (verwendet|nutzt|benutzt) cookies|wir (verwenden|nutzen|setzen) cookies|(verwenden|nutzen|setzen) wir cookies|cookies akzeptieren|"
    r"ce site utilise des cookies|nous utilisons des cookies|accepter les cookies|"
    r"este sitio (web )?utiliza cookies|utilizamos cookies|aceptar cookies|"
    r"questo sito (web )?utilizza (i )?cookie|utilizziamo (i )?cookie|"
    r"este site (utiliza|usa) cookies|utilizamos cookies|usamos cookies|"
    r"deze (web)?site (maakt gebruik van|gebruikt) cookies|"
    r"ta strona (używa|wykorzystuje) (plików )?cookies?"
)
TAG_LABELS = (
    r"tags?|tagged|tagged with|filed under|categor(y|ies)|topics?|keywords|posted in|"
    r"labels?|schlagw(ö|o)rt(e|er)?|stichw(ö|o)rt(e|er)?|themen|kategorien?|rubrik|"
    r"étiquettes|mots-clés|catégories?|thèmes?|"
    r"etiquetas|categorías?|temas|"
    r"etichette|categorie|argomenti|"
    r"marcadores|categorias|"
    r"trefwoorden|categorieën|"
    r"tagi|kategorie|tematy"
)
PERMALINK_PHRASES = (
    r"bookmark the permalink|this entry was posted|posted in .{0,80} tagged|permalink|"
    r"dieser (beitrag|eintrag) wurde .{0,60} veröffentlicht|"
    r"cette entrée a été publiée|esta entrada fue publicada|questo articolo è stato pubblicato"
)
LOADING_PHRASES = (
    r"(?:downloading|generating|preparing) (?:pdf|file|download)|please wait|loading\.{0,3}$|bitte warten|wird geladen|chargement|cargando|caricamento|"
    r"carregando|laden\.{0,3}$|lädt\.{0,3}$|ładowanie|javascript (is )?(disabled|required)|enable javascript|"
    r"your browser does not support|ihr browser unterstützt .{0,40}nicht|votre navigateur ne (prend pas en charge|supporte pas)|"
    r"tu navegador no (admite|soporta|es compatible)|il tuo browser non supporta|seu navegador não (suporta|é compatível)|"
    r"je browser ondersteunt .{0,30}niet|twoja przeglądarka nie obsługuje"
)
# "All rights reserved" in each language, for footers that also carry a "©".
RIGHTS_RESERVED = (
    r"all rights reserved|alle rechte vorbehalten|tous droits réservés|todos los derechos reservados|"
    r"tutti i diritti riservati|todos os direitos reservados|alle rechten voorbehouden|wszelkie prawa zastrzeżone"
)
# "Read more", "Weiterlesen": a link to the rest of a story, alone or with its reading time.
READ_ON_LINKS = (
    r"read more|continue reading|weiterlesen|mehr lesen|lire la suite|leer más|seguir leyendo|leggi tutto|"
    r"continua a leggere|leggi di più|sigue leyendo|continúa leyendo|continue lendo|leia mais|continuar lendo|lees verder|lees meer|czytaj dalej|czytaj więcej"
)
# After a read-on link the minutes alone are a reading time; on its own line a reading
# time must say so ("5 min read", "Lesezeit: 4 Minuten"): "15 minutes" may be a recipe's.
MINUTES = r"\d+\s*(min(ute)?s?|minuten|minutos|minuti|minut)\.?"
READING_WORDS = r"read|reading|lesezeit|lesedauer|de lecture|de lectura|di lettura|de leitura|leestijd|czytania"
READING_TIME = (
    rf"{MINUTES}\s*({READING_WORDS})|"
    r"(reading time|lesezeit|lesedauer|temps de lecture|tiempo de lectura|tempo di lettura|tempo de leitura|leestijd|"
    r"czas czytania)\s*:?\s*\d+\s*\w*|"
    r"(lecture|lectura( de)?|lettura|leitura)\s*:?\s*\d+\s*min\w*|"
    r"(ten|this) (tekst|text|article) (przeczytasz|takes|will take) .{1,30}"
)
# "This article is over 6 years old", "Dieser Artikel ist älter als ein Jahr".
AGE_NOTICES = (
    r"this (article|story|post) is (over|more than) .{1,30} old|"
    r"this (article|story|post) (was published|is from) .{1,30} ago|"
    r"dieser (artikel|beitrag) ist (über|mehr als|älter als) .{1,30}( alt)?|"
    r"cet article (a|date de) (plus de )?.{1,30}|este artículo tiene más de .{1,30}|"
    r"questo articolo ha più di .{1,30}|dit artikel is (meer dan )?.{1,30} oud"
)
EDITION_WORDS = r"issue|edition|vol\.?|volume|no\.|ausgabe|heft|numéro|número|numero|nummer|wydanie|nr\.?"

# The buttons around an article: share it, copy its link, listen to it, report an error.
ARTICLE_TOOLS = (
    r"click to (share|email|print)( on [\w. ]+)?( \(opens in (a )?new window\))?|\(?opens in (a )?new (window|tab)\)?|"
    r"copy (the )?link|link copied!?|link (kopieren|kopiert)|copier le lien|lien copié|copiar (el )?enlace|enlace copiado|"
    r"copia (il )?link|link copiato|copiar (o )?link|link copiado|kopieer (de )?link|link gekopieerd|kopiuj link|"
    r"link skopiowany|"
    r"(diesen |den )?(artikel|beitrag) teilen|partager (l['’]article|cet article)|compartir (esta )?(noticia|artículo)|"
    r"condividi (l['’]articolo|questo articolo)|compartilhe (este|esta) (artigo|notícia|matéria)|"
    r"deel (dit|deze) (artikel|bericht|pagina)|udostępnij (artykuł|wpis)|"
    r"listen to (this )?(article|story)|artikel (anhören|vorlesen)|vorlesen|écouter (cet |l['’])article|"
    r"escuchar (esta )?(noticia|artículo)|ascolta (l['’]articolo|questo articolo)|ouça (este|o) (artigo|texto)|"
    r"luister naar (dit|het) artikel|posłuchaj (tego )?artykułu|"
    r"report (an error|a typo|a correction|this)|send us a tip|fehler (gefunden|melden|entdeckt)|"
    r"signaler une erreur|reportar (un )?error|segnala (un )?errore|reportar erro|meld een fout|zgłoś błąd"
)
# Where a page puts the reader: "Home > News > Politics", "You are here: Home".
BREADCRUMB_HOMES = r"home|homepage|startseite|accueil|inicio|portada|início|strona główna"
YOU_ARE_HERE = (
    r"you are here|sie sind hier|du bist hier|vous êtes ici|usted está aquí|estás aquí|ti trovi qui|sei qui|"
    r"você está aqui|u bent hier|je bent hier|jesteś tutaj|jesteś w"
)
# Sorting controls over a comment thread or a listing.
SORT_LABELS = r"sort(ed)? by|sortieren nach|sortiert nach|trier par|ordenar por|ordina per|sorteer op|sortuj( według)?"
# The order of a thread or a listing.
SORT_ORDERS = (
    r"(newest|oldest|latest) first|top comments|most (liked|recent)|(neueste|älteste) zuerst|plus (récents|anciens)|"
    r"más (recientes|antiguos)|più (recenti|vecchi)|mais (recentes|antigos)|(nieuwste|oudste) eerst|"
    r"od (najnowszych|najstarszych)"
)
# Buttons and widgets of a page: cookie banners, app and notification prompts, video
# players, pagination, "show more", breaking-news labels, a jump to the recipe.
UI_CONTROLS = (
    r"(accept|reject|decline|allow) (all( cookies)?|cookies)|manage (preferences|cookies|settings|consent)|"
    r"alle (akzeptieren|ablehnen|cookies akzeptieren)|(cookie-)?einstellungen (verwalten|anpassen)|tout (accepter|refuser)|"
    r"(aceptar|rechazar) (todo|todas)|(accetta|rifiuta) tutti|(aceitar|rejeitar) (tudo|todos)|alles (accepteren|weigeren)|"
    r"(zaakceptuj|odrzuć) wszystkie|"
    r"turn on notifications|(benachrichtigungen|push-mitteilungen) (aktivieren|erlauben)|activer les notifications|"
    r"activar (las )?notificaciones|attiva (le )?notifiche|ativar (as )?notificações|meldingen (aanzetten|inschakelen)|"
    r"włącz powiadomienia|"
    r"(page|seite|página|pagina|strona) \d+ (of|von|sur|de|di|van|z) \d+|"
    r"show (more|less|all)|(mehr|weniger|alle) anzeigen|voir (plus|moins|tout)|ver (más|menos|todo|mais)|"
    r"mostra (di più|di meno|tutto)|toon (meer|minder|alles)|pokaż (więcej|mniej|wszystko)|"
    r"breaking( news)?|eilmeldung|liveticker|dernière minute|última hora|ultim['’]ora|pilne|"
    # (not a recipe card's own print and rating buttons: labelled, they would end the
    # article before the nutrition facts that follow them)
    r"jump to (the )?recipe|zum rezept springen"
)
# A listing's count of what it shows: "Showing 1-10 of 19 results", "Es werden die
# Artikel 1 bis 10 von insgesamt 19 angezeigt". A range "of" a total, and a word of
# listings on the same short line.
RESULT_RANGE = r"\d+\s*(-|–|to|bis|à|a|al|tot|do)\s*\d+\s+(of|von|sur|de|di|van|z|dari)\s+(insgesamt\s+|total\s+)?\d+"
RESULT_WORDS = (
    r"showing|results?|items?|entries|products|angezeigt|anzeige|ergebnisse?|einträge[n]?|produkte[n]?|artikel[n]?|"
    r"affichage|résultats?|articles|produits|mostrando|resultados?|artículos|productos|visualizza(ti|ndo)|risultati|"
    r"articoli|prodotti|exibindo|produtos|itens|resultaten|producten|wyniki|wyświetlanie|produkty"
)
# "12.3k followers"
FOLLOWER_NOUNS = r"followers?|fans|abonnenten|abonnés|seguidores|seguaci|volgers|obserwujących"
# What a blog platform prints around a post: its footer credit, feeds, pager, follow box.
BLOG_PLATFORM = (
    r"wordpress\.org|(blog|create a (free )?website or blog) at wordpress\.com|bloggen auf wordpress\.com|"
    r"bloguer sur wordpress\.com|erstelle eine website wie diese mit wordpress\.com|los geht['’]s|"
    r"(proudly )?powered by (wordpress|blogger)|bereitgestellt von blogger|propulsé par wordpress|funciona con wordpress|"
    r"(orgogliosamente )?powered by wordpress|orgulhosamente mantido com wordpress|ondersteund door wordpress|"
    r"dumnie wspierane przez wordpress|theme( by|:) .{1,40}|"
    r"(entries|comments|kommentar|eintrags|beitrags)[- ]?feed|rss[- ]feed|"
    r"subscribe to: (post comments|posts|comments) \(atom\)|"
    r"((newer|older) posts?\s*){1,2}(home)?|"
    r"follow (this )?blog via e-?mail|join [\d,.]+ other (followers|subscribers)"
)

# --- media ------------------------------------------------------------------------
MEDIA_WORDS = (
    r"photo|picture|pic|image|img|foto|bild|fotografie|illustration|grafik|graphic|video|"
    r"credit|crédit|crédito|credito|quelle|source|fuente|fonte|bron|źródło|zdjęcie|fot\.|"
    r"titelbild|beitragsbild|symbolbild|bildquelle|bildnachweis|fotonachweis|bildrechte|"
    r"illustration|image d'illustration|imagen|immagine|imagem|afbeelding|obraz|"
    r"abbildung|abb\.|figure \d+|fig\. ?\d+|grafico|gráfico|graphique|wykres|rycina|"
    r"photo credit|fotocredit|crédit photo|crédito de la foto|crédito da foto|credito foto|"
    r"file photo|archive photo|archive image|archivbild|archivfoto|photo d['’]archive|photo d['’]archives|"
    r"imagen de archivo|"
    r"foto d['’]archivio|foto de arquivo|archiefbeeld|archieffoto|zdjęcie ilustracyjne"
)
PHOTO_AGENCIES = r"getty images|reuters|afp|ap photo|dpa|epa|shutterstock|istock|imago|picture alliance|keystone"
GALLERY_OF = r"of|von|de|di|sur|van|z|/"

# A video player's own label.
VIDEO_CONTROLS = (
    r"play video|video abspielen|lire la vidéo|reproducir (el )?vídeo|riproduci (il )?video|reproduzir (o )?vídeo|"
    r"video afspelen|odtwórz (wideo|film)"
)
# The label an embedded post's player leaves in the text.
SOCIAL_EMBEDS = (
    r"view this (post|photo|video) on (instagram|facebook|twitter|tiktok|x)|"
    r"(diesen|dieses) (beitrag|foto|video) auf instagram ansehen|voir cette (publication|photo|vidéo) sur instagram|"
    r"ver esta (publicación|foto) en instagram|visualizza questo (post|foto) su instagram|"
    r"ver (essa|esta) (foto|publicação) no instagram|dit bericht op instagram bekijken|wyświetl ten post na instagramie"
    # (not the embedded post's own words, its author line or a tweet's signature:
    # the dev annotations count an embedded tweet, signature and all, as article)
)
# "Photo courtesy of the city council"
COURTESY_CREDITS = (
    r"(photo|image|picture|foto|bild|imagen|immagine|imagem|afbeelding|zdjęcie)s? (courtesy (of )?|"
    r"mit freundlicher genehmigung|avec l['’]aimable autorisation|cortesía de|per gentile concessione|cortesia de|"
    r"met dank aan|dzięki uprzejmości)"
)

# --- job ads ----------------------------------------------------------------------
JOB_BOARD_HEADERS = (
    r"jobs|job board|vacancies|careers|job (listings|offers|openings)|latest jobs|featured jobs|"
    r"stellenangebote|stellenmarkt|jobbörse|karriere|"
    r"offres d'emploi|emplois|recrutement|"
    r"empleos?|ofertas de (empleo|trabajo)|bolsa de trabajo|"
    r"offerte di lavoro|lavora con noi|"
    r"vagas|ofertas de emprego|"
    r"vacatures|"
    r"oferty pracy|praca"
)
SALARY_WORDS = (
    r"salary|per annum|p\.a\.|per hour|per year|pay award|"
    r"gehalt|brutto|vergütung|"
    r"salaire|rémunération|"
    r"salario|sueldo|"
    r"stipendio|retribuzione|"
    r"salário|remuneração|"
    r"salaris|"
    r"wynagrodzenie"
)
RECRUITER_WORDS = (
    r"recruiter|employer|closing date|apply (now|by)|"
    r"arbeitgeber|bewerbungsfrist|jetzt bewerben|"
    r"employeur|postuler|"
    r"empleador|inscribirse|"
    r"datore di lavoro|candidati|"
    r"empregador|candidate-se|"
    r"werkgever|solliciteer|"
    r"pracodawca|aplikuj|"
    # the kind of contract
    r"job type|employment type|contract type|anstellungsart|beschäftigungsart|vertragsart|type de contrat|"
    r"tipo de contrato|tipo di contratto|dienstverband|soort contract|rodzaj umowy|typ umowy"
)
# "Apply now" under a listing.
APPLY_CALLS = (
    r"apply (now|today|here|online)|(jetzt )?(online )?bewerben|postuler( maintenant| en ligne)?|"
    r"(aplicar|postular|postúlate)( ahora| aquí)?|candidati( ora| subito| online)?|candidate-se( agora| aqui)?|"
    r"solliciteer( nu| direct| online)?|aplikuj( teraz| online)?"
)
CURRENCY = r"[£$€¥₹]|\b(?:eur|usd|gbp|chf|pln|zł)\b"

# --- byline -----------------------------------------------------------------------
# The header of the box about the author at an article's end: "Über den Autor", "Zur Person".
AUTHOR_BIO_HEADERS = (
    r"about the (author|writer)s?|(the )?author|"
    r"(über|ueber) (den|die) (autor|autorin|autoren|verfasser|verfasserin)|zur person|(der|die) autor(in)?|autor(in)?|"
    r"à propos de l'auteur|l'auteur|sobre (el|la) autor(a)?|l'autore|sull'autore|sobre o autor|over de auteur|o autorze"
)
# The role line of such a box: "Redakteur im Ressort Wirtschaft", "Reporter at the Tribune".
AUTHOR_ROLES = (
    r"redakteur(in)?|korrespondent(in)?|reporter(in)?|volontär(in)?|ressortleiter(in)?|"
    r"editor|staff writer|correspondent|senior writer|"
    r"rédacteur|rédactrice|journaliste|periodista|redactor(a)?|redattore|redattrice|dziennikarz|dziennikarka"
)
BY_WORDS = (
    r"by|written by|words by|von|par|por|di|door|autor|auteur|autore|autora|author|text|tekst|redakcja|"
    r"geschrieben von|verfasst von|écrit par|rédigé par|escrito por|redactado por|scritto da|"
    r"geschreven door|napisał[a]?|autorstwa"
)
MONTHS = {
    # en
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
    # de
    "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "mai": 5, "juni": 6, "juli": 7,
    "oktober": 10, "dezember": 12, "okt": 10, "dez": 12,
    # fr
    "janvier": 1, "février": 2, "mars": 3, "avril": 4, "juin": 6, "juillet": 7, "août": 8,
    "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12,
    # es
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
    "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
    # it
    "gennaio": 1, "febbraio": 2, "aprile": 4, "maggio": 5, "giugno": 6, "luglio": 7,
    "settembre": 9, "ottobre": 10, "dicembre": 12,
    # pt
    "janeiro": 1, "fevereiro": 2, "março": 3, "maio": 5, "junho": 6, "julho": 7,
    "setembro": 9, "outubro": 10, "novembro": 11, "dezembro": 12,
    # nl
    "januari": 1, "februari": 2, "maart": 3, "mei": 5, "augustus": 8,
    # pl (nominative and genitive)
    "styczeń": 1, "stycznia": 1, "luty": 2, "lutego": 2, "marzec": 3, "marca": 3,
    "kwiecień": 4, "kwietnia": 4, "maj": 5, "maja": 5, "czerwiec": 6, "czerwca": 6,
    "lipiec": 7, "lipca": 7, "sierpień": 8, "sierpnia": 8, "wrzesień": 9, "września": 9,
    "październik": 10, "października": 10, "listopad": 11, "listopada": 11,
    "grudzień": 12, "grudnia": 12,
}

# --- stop words (for content density; jusText's idea, a short list per language) ---
STOP_WORDS = {
    "en": "the a an and or of to in on for with is are was were be been it this that as by at from he she they we you not but have has had his her their its which who will would can said",
    "de": "der die das und oder zu in im am an auf für mit ist sind war waren sein es ein eine einen dem den des nicht sich auch als bei von vom aus wie nach wird werden hat haben dass sie er wir ich",
    "fr": "le la les et ou de des du un une à au aux en dans sur pour par avec est sont était ce cette qui que il elle ils nous vous pas ne se plus son sa ses",
    "es": "el la los las y o de del un una en con por para es son era que se no su sus al lo como más pero este esta ha han",
    "it": "il lo la i gli le e o di del della un una in con per è sono era che si non suo sua al nel come più ma questo questa ha hanno",
    "pt": "o a os as e ou de do da dos das um uma em no na com por para é são era que se não seu sua ao como mais mas este esta tem",
    "nl": "de het een en of van in op voor met is zijn was waren dat die niet ook als bij aan uit hij zij we ze er te om maar",
    "pl": "i w na z do się nie że to jest jak po o od za przez dla ale lub czy był była było są także oraz jego jej ich",
}


# --- comment register ---------------------------------------------------------------
# The words a reader's comment is written in, as opposed to an article's: the thread
# pass (pipeline/classifier/threads.py) counts them as features of a block, it never
# removes a line for one word. Whole words, lower case, in the eight languages.
# Speaking as oneself: "I", "ich", "je", "yo", "io", "ik", "ja", "eu".
FIRST_PERSON_WORDS = (
    "i|i'm|i've|i'd|i'll|im|ive|me|my|mine|myself|"
    "ich|mich|mir|mein|meine|meinen|meinem|meiner|"
    "je|j|moi|mon|ma|mes|"
    "yo|mí|mío|mía|"
    "io|mio|mia|miei|"
    "ik|mij|mijn|"
    "ja|mnie|mój|moja|moje|mojego|"
    "eu|meu|minha"
)
# Speaking to someone: the author or another reader ("you", "du", "dir", "euch").
SECOND_PERSON_WORDS = (
    "you|your|yours|you're|you've|yourself|u|ur|"
    "du|dich|dir|dein|deine|deinen|deinem|deiner|euch|euer|eure|"
    "tu|te|toi|ton|ta|tes|vous|votre|vos|"
    "tú|ti|tuyo|usted|"
    "tuo|tua|tuoi|"
    "jij|jou|jouw|"
    "ty|ciebie|tobie|twój|twoja|"
    "você|vocês|teu|tua"
)
# A comment opening with a greeting, often with a name and a comma ("Hey Tanja,").
GREETINGS = (
    r"hi|hey|hello|hiya|howdy|dear|good\s+(?:morning|evening|afternoon)|"
    r"hallo|huhu|hallöchen|servus|moin|grüß\s+dich|liebe|lieber|liebes|guten\s+(?:morgen|tag|abend)|"
    r"bonjour|salut|coucou|bonsoir|"
    r"hola|buenos\s+días|buenas|"
    r"ciao|salve|buongiorno|"
    r"hoi|hallo|dag|beste|"
    r"cześć|witam|dzień\s+dobry|"
    r"olá|oi|bom\s+dia"
)
# Thanks, to the author or to another reader: the words that carry it ("thank you",
# "vielen Dank", "dank je" are counted by their word of thanks).
THANKS_WORDS = (
    "thanks|thank|thx|danke|dankeschön|dank|merci|gracias|grazie|bedankt|dziękuję|dzięki|obrigado|obrigada"
)
# A reader's verdict on the post ("Great post!", "Toller Artikel", "Super recette").
PRAISE_WORDS = (
    "great|awesome|amazing|wonderful|fantastic|excellent|lovely|brilliant|helpful|informative|"
    "toll|toller|tolle|super|klasse|genial|wunderbar|hilfreich|spannend|"
    "génial|magnifique|bravo|"
    "excelente|maravilloso|"
    "ottimo|bellissimo|bellissima|fantastico|"
    "geweldig|mooi|prachtig|"
    "świetny|świetne|"
    "ótimo|maravilhoso"
)
# A comment's sign-off, alone on its line ("LG", "Liebe Grüße", "Cheers", "Saludos").
SIGNOFFS = (
    r"lg|vg|liebe\s+grüße|viele\s+grüße|beste\s+grüße|herzliche\s+grüße|gruß|grüße|"
    r"cheers|best|regards|best\s+regards|kind\s+regards|warm\s+regards|xo|xoxo|hugs|"
    r"bisous|amicalement|cordialement|"
    r"saludos|un\s+saludo|abrazos|"
    r"saluti|un\s+saluto|"
    r"groetjes|groeten|"
    r"pozdrawiam|pozdrowienia|"
    r"abraços|beijos"
)
