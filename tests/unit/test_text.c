/* test_text.c -- clean, langid, tok, stem, stop, datex. */
#include "td_config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "clean.h"
#include "datex.h"
#include "harness.h"
#include "langid.h"
#include "lexicon.h"
#include "names.h"
#include "places.h"
#include "stem.h"
#include "stop.h"
#include "tidings.h"
#include "tok.h"
#include "uni.h"
#include "utf8.h"
#include "xmalloc.h"

void test_clean_norm(void);
void test_clean_noise(void);
void test_clean_seen(void);
void test_clean_crumbs(void);
void test_clean_seen_generations(void);
void test_langid(void);
void test_langid_staged(void);
void test_tok(void);
void test_uni_words_reentrant(void);
void test_uni_words_chunks(void);
void test_uni_memo(void);
void test_uni_fold_by_cp(void);
void test_stem(void);
void test_stop(void);
void test_datex(void);

static void norm_case(uni_ctx *u, const char *in, size_t n, const char *want)
{
    buf b;
    buf_init(&b, 1 << 20);
    CHECK_EQ_INT(clean_norm(u, in, n, &b), TD_OK);
    CHECK(b.ptr && !strcmp(b.ptr, want), "norm(%.*s) = \"%s\", want \"%s\"", (int)n, in,
          b.ptr ? b.ptr : "", want);
    buf_release(&b);
}

void test_clean_norm(void)
{
    uni_ctx *u = uni_new();
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"a  b\t\tc", "a b c"},
        {"  lead and trail  ", "lead and trail"},
        {"line1\r\nline2", "line1\nline2"},
        {"p1\n\n\n\np2", "p1\n\np2"},
        {"Tom &amp; Jerry &lt;3 &#233;t&#xE9; &nbsp;x", "Tom & Jerry <3 été x"},
        {"&bogus; &#; &amp", "&bogus; &#; &amp"},
        {"<p>Hello <b>world</b></p><p>Next</p>", "Hello world\n\nNext"},
        {"one<br>two", "one\ntwo"},
        {"a < b and c > d", "a < b and c > d"},
        {"x<script>alert(1)</script>y", "xy"},
        {"soft\xC2\xADhyphen zero\xE2\x80\x8Bwidth", "softhyphen zerowidth"},
        {"\xEF\xBB\xBF" "bom", "bom"},
        {"ﬁnal Ⅻ ＡＢＣ", "final XII ABC"},              /* NFKC */
        {"e\xCC\x81t\xC3\xA9", "été"},                     /* NFC composition */
        {"bad\xFFutf\xC3", "bad\xEF\xBF\xBDutf\xEF\xBF\xBD"}, /* U+FFFD */
        {"nbsp\xC2\xA0space", "nbsp space"},
        {"ctl\x01\x02x", "ctl x"},
        /* runs of other scripts are copied whole: where they must stop */
        {"Путин  сказал\xC2\xA0что  ", "Путин сказал что"},
        {"Путин\xE2\x80\x8B" "сказал \xC2\xAD" "да", "Путинсказал да"},
        {"日本 語\n\n\n中文 \n", "日本 語\n\n中文"},
        {"Ελλάδα \xFF αβγ\xCE", "Ελλάδα \xEF\xBF\xBD αβγ\xEF\xBF\xBD"},
        {"Ωmega\xE2\x80\xA8next\xC2\x85last\xC2\x9Fx", "Ωmega\nnext\nlast x"},
        {"Привет <b>мир</b>&amp;Ж\rЖ", "Привет мир&Ж\nЖ"},
        {"ﾃｽﾄ 2024 ｶﾀｶﾅ", "テスト 2024 カタカナ"}, /* the run, then NFKC */
        {"\xF0\x9F\x98\x80 ok \xED\xA0\x80 x", "\xF0\x9F\x98\x80 ok \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD x"},
    };
    for (size_t i = 0; i < TD_ARRAY_LEN(cases); i++)
        norm_case(u, cases[i].in, strlen(cases[i].in), cases[i].want);
    norm_case(u, "nul\0byte", 8, "nul byte");
    uni_free(u);
}

void test_clean_noise(void)
{
    uni_ctx *u = uni_new();
    static const struct {
        const char *lang, *line;
        int noise;
    } cases[] = {
        {"en", "Accessibility links", 1},
        {"en", "image caption Russia says it has called back its ambassador", 1},
        {"en", "74 copyright Getty Images", 1},
        {"en", "Please enter your comment!", 1},
        {"en", "Please enter your name here", 1},
        {"en", "Share this article", 1},
        {"en", "We use cookies to improve your experience.", 1},
        {"nl", "Lees ook: kabinet valt", 1},
        {"de", "Lesen Sie auch: Die Lage in Berlin", 1},
        {"und", "Lesen Sie auch: Die Lage in Berlin", 1},
        {"fr", "Lire aussi : la grève continue", 1},
        {"es", "Lea también: el Gobierno anuncia", 1},
        {"ru", "Читайте также: новости", 1},
        {"en", "Russia has recalled its Washington ambassador for talks.", 0},
        {"en", "The share price fell by 4 percent after the announcement.", 0},
        {"nl", "Rusland heeft zijn ambassadeur teruggeroepen.", 0},
        {"de", "Bild: Reuters", 1},
        /* each kind through the first-byte index: LINE (trailing
         * punctuation ignored), PREFIX, SHORT at the start, middle and end,
         * in several scripts; a pattern of another language does not apply */
        {"en", "Facebook.", 1},
        {"tr", "Paylaş", 1},
        {"ar", "شارك", 1},
        {"ar", "حقوق النشر: جميع الحقوق محفوظة", 1},
        {"pl", "Wydawca: wszelkie prawa zastrzeżone", 1},
        {"ru", "Фото: ТАСС", 1},
        {"en", "Photo © Jane Doe", 1},
        {"en", "Text by staff / AFP", 1},
        {"en", "© AP", 1},
        {"en", "Share this article now please", 0},
        {"fr", "Paylaş", 0},
        {"de", "Teilen Sie die Meinung der Regierung", 0},
    };
    for (size_t i = 0; i < TD_ARRAY_LEN(cases); i++)
        CHECK(clean_is_noise_line(u, cases[i].lang, cases[i].line, strlen(cases[i].line)) ==
                  cases[i].noise,
              "case %zu (%s) \"%s\"", i, cases[i].lang, cases[i].line);

    const char *doc = "Accessibility links\nHome > World > Europe\nReal news line one.\n\n"
                      "Caption repeated\nCaption repeated\nReal news line two.";
    buf b;
    buf_init(&b, 1 << 16);
    clean_stats st;
    CHECK_EQ_INT(clean_noise(u, "en", doc, strlen(doc), NULL, NULL, 0, &b, &st), TD_OK);
    CHECK_EQ_STR(b.ptr, "Real news line one.\n\nCaption repeated\nReal news line two.");
    CHECK_EQ_INT(st.dropped[CLEAN_PATTERN], 1);
    CHECK_EQ_INT(st.dropped[CLEAN_CRUMB], 1);
    CHECK_EQ_INT(st.dropped[CLEAN_REPEAT_DOC], 1);
    buf_release(&b);
    uni_free(u);
}

/* Navigation crumbs with each separator are dropped; a line with one
 * separator, or with sentence punctuation, is kept. */
void test_clean_crumbs(void)
{
    uni_ctx *u = uni_new();
    static const struct {
        const char *line;
        int crumb;
    } cases[] = {
        {"Home > World > Europe", 1},      {"Home \u203a News \u203a Europe", 1},
        {"Start \u00bb Sport \u00bb Fussball", 1}, {"Home | World | Asia", 1},
        {"News / Politics / EU", 1},       {"A \u00b7 B \u00b7 C", 1},
        {"Home > World", 0},               {"Prices / costs / rates rose.", 0},
        {"Home >World >Europe", 0},        {"Home \u00e9 World \u00e9 Europe", 0},
    };
    buf b;
    buf_init(&b, 1 << 12);
    for (size_t i = 0; i < TD_ARRAY_LEN(cases); i++) {
        clean_stats st;
        char doc[256];
        snprintf(doc, sizeof doc, "%s\nThe council met on Tuesday to vote on it.", cases[i].line);
        buf_reset(&b);
        CHECK_EQ_INT(clean_noise(u, "en", doc, strlen(doc), NULL, NULL, 0, &b, &st), TD_OK);
        CHECK(st.dropped[CLEAN_CRUMB] == (unsigned)cases[i].crumb, "case %zu \"%s\": %u dropped", i,
              cases[i].line, (unsigned)st.dropped[CLEAN_CRUMB]);
    }
    buf_release(&b);
    uni_free(u);
}

void test_clean_seen(void)
{
    uni_ctx *u = uni_new();
    clean_seen *s = clean_seen_new();
    const char *boiler = "The Daily Example, your local paper since 1901";
    char text[256];
    for (int i = 0; i < 3; i++) {
        snprintf(text, sizeof text, "Story number %d happened today.\n%s", i, boiler);
        clean_seen_add(s, "daily.example", text, strlen(text), (uint32_t)(10 + i));
        clean_seen_add(s, "daily.example", text, strlen(text), (uint32_t)(10 + i)); /* twice */
    }
    /* counts articles, not occurrences, and only those up to the asker,
     * up to CLEAN_REPEAT_MIN */
    CHECK_EQ_INT(CLEAN_REPEAT_MIN, 2);
    CHECK_EQ_INT(clean_seen_count(s, "daily.example", boiler, strlen(boiler), 99), 2);
    CHECK_EQ_INT(clean_seen_count(s, "daily.example", boiler, strlen(boiler), 11), 2);
    CHECK_EQ_INT(clean_seen_count(s, "daily.example", boiler, strlen(boiler), 10), 1);
    CHECK_EQ_INT(clean_seen_count(s, "daily.example", boiler, strlen(boiler), 9), 0);
    const char *variant = "THE Daily Example,your local paper since 1901";
    CHECK_EQ_INT(clean_seen_count(s, "daily.example", variant, strlen(variant), 99), 2);
    CHECK_EQ_INT(clean_seen_count(s, "other.example", boiler, strlen(boiler), 99), 0);
    const char *doc = "A new story begins.\nThe Daily Example, your local paper since 1901";
    buf b;
    buf_init(&b, 1 << 16);
    clean_stats st;
    clean_noise(u, "en", doc, strlen(doc), s, "daily.example", 12, &b, &st);
    CHECK_EQ_STR(b.ptr, "A new story begins.");
    CHECK_EQ_INT(st.dropped[CLEAN_REPEAT_SOURCE], 1);
    buf_reset(&b);
    clean_noise(u, "en", doc, strlen(doc), s, "daily.example", 11, &b, &st);
    CHECK_EQ_INT(st.dropped[CLEAN_REPEAT_SOURCE], 1); /* 10 had it before 11 */
    buf_reset(&b);
    clean_noise(u, "en", doc, strlen(doc), s, "daily.example", 10, &b, &st);
    CHECK_EQ_INT(st.dropped[CLEAN_REPEAT_SOURCE], 0); /* the first to have it */
    buf_reset(&b);
    clean_noise(u, "en", doc, strlen(doc), s, "other.example", 99, &b, &st);
    CHECK_EQ_INT(st.dropped[CLEAN_REPEAT_SOURCE], 0);
    /* titles count apart from lines, per source, up to the asker */
    const char *kw = "News, headlines, breaking news, sport, weather";
    clean_seen_add_title(s, "daily.example", kw, strlen(kw), 20);
    clean_seen_add_title(s, "daily.example", kw, strlen(kw), 21);
    CHECK_EQ_INT(clean_seen_count_title(s, "daily.example", kw, strlen(kw), 21), 2);
    CHECK_EQ_INT(clean_seen_count_title(s, "daily.example", kw, strlen(kw), 20), 1);
    CHECK_EQ_INT(clean_seen_count_title(s, "other.example", kw, strlen(kw), 99), 0);
    CHECK_EQ_INT(clean_seen_count(s, "daily.example", kw, strlen(kw), 99), 0);
    CHECK_EQ_INT(clean_seen_count_title(s, "daily.example", boiler, strlen(boiler), 99), 0);
    const char *kw2 = "NEWS, headlines,\nbreaking news, sport, weather";
    CHECK_EQ_INT(clean_seen_count_title(s, "daily.example", kw2, strlen(kw2), 99), 2);
    /* a line longer than the key's 256-byte blocks: the same with its
     * spaces moved and its case changed, not with one letter changed or
     * one dropped at its end */
    char longl[1024], var[1100];
    size_t ll = 0;
    for (int i = 0; ll < 700; i++)
        ll += (size_t)snprintf(longl + ll, sizeof longl - ll, "Sentence %d of the footer; ", i);
    ll += (size_t)snprintf(longl + ll, sizeof longl - ll, "end."); /* not a space last */
    for (int seq = 30; seq < 32; seq++)
        clean_seen_add(s, "long.example", longl, ll, (uint32_t)seq);
    size_t vl = 0;
    for (size_t i = 0; i < ll; i++) {
        if (longl[i] == ' ' && i % 3 == 0)
            continue; /* a space dropped */
        if (i % 37 == 0)
            var[vl++] = '\t'; /* white space added */
        var[vl++] = (char)(longl[i] >= 'a' && longl[i] <= 'z' && i % 5 == 0 ? longl[i] - 32
                                                                          : longl[i]);
    }
    CHECK(vl != ll, "the variant moved the spaces");
    CHECK_EQ_INT(clean_seen_count(s, "long.example", var, vl, 99), 2);
    CHECK_EQ_INT(clean_seen_count(s, "long.example", longl, ll - 1, 99), 0);
    memcpy(var, longl, ll);
    var[600] = var[600] == 'x' ? 'y' : 'x';
    CHECK_EQ_INT(clean_seen_count(s, "long.example", var, ll, 99), 0);
    buf_release(&b);
    clean_seen_free(s);
    uni_free(u);
}

/* The line memory by generations: an article sees its own generation and
 * the one before, whatever was registered after it; older generations are
 * dropped, and their memory with them. */
void test_clean_seen_generations(void)
{
    clean_seen *s = clean_seen_new();
    const char *line = "Subscribe to our newsletter for more local news";
    size_t n = strlen(line);
    const uint32_t G = CLEAN_SEEN_GEN;
    char text[64];
    clean_seen_add(s, "a.example", line, n, G - 2); /* generation 0 */
    clean_seen_add(s, "a.example", line, n, G + 5); /* generation 1 */
    CHECK_EQ_INT(clean_seen_count(s, "a.example", line, n, G + 5), 2);
    CHECK_EQ_INT(clean_seen_count(s, "a.example", line, n, G + 4), 1);
    clean_seen_forget(s, G + 6); /* generation 0 still read by generation 1 */
    CHECK_EQ_INT(clean_seen_count(s, "a.example", line, n, G + 4), 1);
    size_t before = clean_seen_bytes(s);
    for (uint32_t i = 0; i < 2000; i++) { /* fill generation 1 */
        snprintf(text, sizeof text, "a line of its own, number %u", i);
        clean_seen_add(s, "a.example", text, strlen(text), G + 10 + i);
    }
    CHECK(clean_seen_bytes(s) > before, "generation 1 grew");
    /* generation 2 reads 1 and 2, not 0 */
    const char *old = "Read our cookie policy before you go on";
    clean_seen_add(s, "a.example", old, strlen(old), G - 3);
    clean_seen_add(s, "a.example", old, strlen(old), 2 * G + 3);
    CHECK_EQ_INT(clean_seen_count(s, "a.example", old, strlen(old), 2 * G + 3), 1);
    CHECK_EQ_INT(clean_seen_count(s, "a.example", old, strlen(old), G + 100), 1);
    clean_seen_add(s, "a.example", line, n, 2 * G + 1);
    CHECK_EQ_INT(clean_seen_count(s, "a.example", line, n, 2 * G + 1), 2);
    clean_seen_forget(s, 3 * G);   /* generation 3: 0 and 1 are dropped */
    clean_seen_add(s, "a.example", line, n, 3 * G + 7);
    CHECK_EQ_INT(clean_seen_count(s, "a.example", line, n, 3 * G + 7), 2); /* 2G+1, 3G+7 */
    clean_seen_forget(s, 5 * G);   /* generation 5: everything before 4 dropped */
    CHECK(clean_seen_bytes(s) < before, "dropped generations give back their memory");
    clean_seen_add(s, "a.example", line, n, 5 * G);
    CHECK_EQ_INT(clean_seen_count(s, "a.example", line, n, 5 * G), 1);
    snprintf(text, sizeof text, "a line of its own, number %u", 7u);
    CHECK_EQ_INT(clean_seen_count(s, "a.example", text, strlen(text), 5 * G), 0);
    clean_seen_free(s);
}

void test_langid(void)
{
    static const struct {
        const char *text, *hint, *want;
    } cases[] = {
        {"Het kabinet heeft vandaag besloten om extra geld uit te trekken voor de bouw van "
         "woningen in de grote steden.", NULL, "nl"},
        {"The government announced on Tuesday that it will spend more money on housing in "
         "the largest cities.", NULL, "en"},
        {"Die Regierung hat am Dienstag angekündigt, mehr Geld für den Wohnungsbau in den "
         "großen Städten auszugeben.", NULL, "de"},
        {"El Gobierno anunció el martes que destinará más dinero a la vivienda en las "
         "grandes ciudades del país.", NULL, "es"},
        {"Правительство во вторник объявило, что выделит больше денег на строительство "
         "жилья в крупных городах.", NULL, "ru"},
        {"Le gouvernement a annoncé mardi qu'il consacrera davantage d'argent au logement "
         "dans les grandes villes.", NULL, "fr"},
        {"أعلنت الحكومة يوم الثلاثاء أنها ستخصص المزيد من الأموال للإسكان في المدن الكبرى",
         NULL, "ar"},
        {"政府周二宣布将拨出额外资金用于大城市的住房建设。", NULL, "zh"},
        /* CLD2 says "iw": reported as "he", and a "he" hint agrees with it */
        {"הממשלה הודיעה ביום שלישי כי תקצה כסף נוסף לדיור בערים הגדולות במדינה.", NULL,
         "he"},
        {"הממשלה הודיעה ביום שלישי כי תקצה כסף נוסף לדיור בערים הגדולות במדינה.", "he",
         "he"},
        /* a short text: the hint decides */
        {"Kabinet valt", "nl", "nl"},
        {"ok", NULL, "und"},
        /* the hint is wrong and the text is long enough: the text wins */
        {"The government announced on Tuesday that it will spend more money on housing in "
         "the largest cities.", "de", "en"},
        {"", NULL, "und"},
    };
    for (size_t i = 0; i < TD_ARRAY_LEN(cases); i++) {
        langid_result r;
        langid_detect(cases[i].text, strlen(cases[i].text), cases[i].hint, &r);
        CHECK(!strcmp(r.lang, cases[i].want), "case %zu: got %s want %s", i, r.lang,
              cases[i].want);
    }
    char out[8];
    CHECK(langid_norm_tag("NL-be", 5, out) && !strcmp(out, "nl"), "NL-be");
    CHECK(langid_norm_tag("deu", 3, out) && !strcmp(out, "de"), "deu");
    CHECK(!langid_norm_tag("dutch", 5, out), "dutch is not a tag");
    /* CLD2 answers Hebrew with the withdrawn "iw" */
    CHECK(langid_norm_tag("iw", 2, out) && !strcmp(out, "he"), "iw -> %s", out);
    CHECK(langid_norm_tag("in", 2, out) && !strcmp(out, "id"), "in -> %s", out);
    CHECK(!langid_norm_tag("und", 3, out), "und is no language");
}

/* Two-step identification: an English head and a longer Dutch tail. The
 * head decides when it is sure (English, reliable, agreeing with an "en"
 * hint or with none); the whole text decides when the head disagrees with
 * the hint, or names a language with a close sibling (Spanish). */
void test_langid_staged(void)
{
    static const char en[] =
        "The harbour authority said on Monday that the ferry crews will return to work after "
        "the union accepted the new wage offer for the coming two years. ";
    static const char nl[] =
        "De havendienst zei maandag dat de bemanningen van de veerboten weer aan het werk gaan "
        "nadat de vakbond het nieuwe loonbod voor de komende twee jaar heeft aanvaard. Volgens "
        "de woordvoerder varen de schepen vanaf woensdag weer volgens de normale dienstregeling "
        "en worden reizigers die hun overtocht hebben gemist kosteloos omgeboekt. ";
    static const char es[] =
        "La autoridad portuaria dijo el lunes que las tripulaciones de los transbordadores "
        "volverán al trabajo después de que el sindicato aceptara la nueva oferta salarial. ";
    buf b;
    buf_init(&b, 1 << 16);
    buf_add(&b, en, strlen(en));
    size_t head = b.len;
    for (int i = 0; i < 6; i++)
        buf_add(&b, nl, strlen(nl));
    langid_result r;
    langid_detect(b.ptr, b.len, NULL, &r);
    CHECK(!strcmp(r.lang, "nl"), "whole text: %s", r.lang);
    langid_detect_staged(b.ptr, b.len, head, NULL, &r);
    CHECK(!strcmp(r.lang, "en") && !strcmp(r.detected, "en"), "no hint, sure head: %s", r.lang);
    langid_detect_staged(b.ptr, b.len, head, "en", &r);
    CHECK(!strcmp(r.lang, "en"), "head agrees with the hint: %s", r.lang);
    langid_detect_staged(b.ptr, b.len, head, "nl", &r);
    CHECK(!strcmp(r.lang, "nl") && !strcmp(r.detected, "nl"), "head disagrees: %s", r.lang);
    langid_detect_staged(b.ptr, b.len, b.len, NULL, &r);
    CHECK(!strcmp(r.lang, "nl"), "first >= n is one step: %s", r.lang);
    buf_reset(&b);
    buf_add(&b, es, strlen(es));
    head = b.len;
    for (int i = 0; i < 6; i++)
        buf_add(&b, nl, strlen(nl));
    langid_detect(b.ptr, head, NULL, &r);
    CHECK(!strcmp(r.lang, "es") && r.reliable, "the Spanish head alone: %s", r.lang);
    langid_detect_staged(b.ptr, b.len, head, NULL, &r);
    CHECK(!strcmp(r.lang, "nl"), "Spanish has a sibling: the whole text decides: %s", r.lang);
    buf_release(&b);
}

typedef struct toks {
    char words[64][72];
    unsigned flags[64];
    size_t n;
} toks;

static int collect(void *user, const tok *t)
{
    toks *c = user;
    if (c->n < 64) {
        memcpy(c->words[c->n], t->fold, t->fold_len);
        c->words[c->n][t->fold_len] = 0;
        c->flags[c->n++] = t->flags;
    }
    return 0;
}

void test_tok(void)
{
    uni_ctx *u = uni_new();
    static const struct {
        const char *text;
        const char *want; /* space-joined folded tokens */
    } cases[] = {
        {"Russia recalls its envoy.", "russia recalls its envoy"},
        {"Putin's remarks, l'Élysée and Putin'in sözleri", "putin remarks élysée and putin sözleri"},
        {"STRASSE Straße", "strasse strasse"},
        {"1.000 people, 2,5 % and ١٢", "1000 people 25 and 12"},
        {"总理周二宣布政府将拨出额外资金", "总理 周二 宣布 政府 将 拨出 额外 资金"},
        {"don't stop", "don't stop"},
        {"SVR-baas Sergej", "svr baas sergej"},
        /* apostrophes past the first 8 bytes, across a word of 8 bytes'
           edge, in the last 8 and as U+2019 and U+02BC */
        {"Constantinople's Washington's Kremlin\xE2\x80\x99s Kremlin\xCA\xBCs",
         "constantinople washington kremlin kremlin"},
        {"Internationalist's d'Artagnan", "internationalist artagnan"},
    };
    for (size_t i = 0; i < TD_ARRAY_LEN(cases); i++) {
        toks c;
        memset(&c, 0, sizeof c);
        CHECK_EQ_INT(tok_run(u, cases[i].text, strlen(cases[i].text), collect, &c), 0);
        char joined[1024] = "";
        size_t jl = 0;
        for (size_t k = 0; k < c.n; k++)
            jl += (size_t)snprintf(joined + jl, sizeof joined - jl, "%s%s", k ? " " : "",
                                   c.words[k]);
        CHECK(!strcmp(joined, cases[i].want), "case %zu: \"%s\" want \"%s\"", i, joined,
              cases[i].want);
    }
    toks c;
    memset(&c, 0, sizeof c);
    const char *t = "The BBC said. Then NATO met\n\nPutin spoke 17th";
    tok_run(u, t, strlen(t), collect, &c);
    CHECK((c.flags[0] & TOK_SENT_START) && (c.flags[0] & TOK_CAP), "The: sentence start, cap");
    CHECK((c.flags[1] & TOK_ALLCAPS) && !(c.flags[1] & TOK_SENT_START), "BBC: acronym");
    CHECK(c.flags[3] & TOK_SENT_START, "Then: after a period");
    CHECK(c.flags[4] & TOK_ALLCAPS, "NATO");
    CHECK(c.flags[6] & TOK_PARA_START, "Putin: new paragraph");
    CHECK((c.flags[8] & TOK_NUM) && (c.flags[8] & TOK_ORDINAL), "17th ordinal number");
    CHECK_EQ_STR(c.words[8], "17");
    uni_free(u);
}

/* The segments of a text do not depend on what the callback does with the
 * context meanwhile (the tokenizer folds and transliterates each word
 * through it); adjacent katakana pieces are one word. */
typedef struct segs {
    uni_ctx *u;
    int busy;
    size_t n;
    size_t at[64][2];
} segs;

static int seg_cb(void *user, size_t start, size_t end, int kind)
{
    segs *g = user;
    (void)kind;
    if (g->n < 64) {
        g->at[g->n][0] = start;
        g->at[g->n][1] = end;
        g->n++;
    }
    if (g->busy) {
        static const char other[] = "Министерство иностранных дел Российской Федерации "
                                    "朝鲜外交部长李英浩表示如果朝鲜无法信任美国";
        char out[512];
        uni_fold(g->u, other, strlen(other), 1, out, sizeof out);
        uni_latin(g->u, other, strlen(other), out, sizeof out);
    }
    return 0;
}

void test_uni_words_reentrant(void)
{
    uni_ctx *u = uni_new();
    static const char *const texts[] = {
        "朝鲜表示,核裁军的前提是它可以信任美国。蓬佩奥计划下个月出访朝鲜,为第二次峰会作准备。",
        "Das Ministerium in Moskau erklärte am Dienstag, die Gespräche würden fortgesetzt.",
        "バイデン大統領は東京で会談した。",
    };
    for (size_t t = 0; t < TD_ARRAY_LEN(texts); t++) {
        segs quiet = {u, 0, 0, {{0}}}, busy = {u, 1, 0, {{0}}};
        uni_words(u, texts[t], strlen(texts[t]), seg_cb, &quiet);
        uni_words(u, texts[t], strlen(texts[t]), seg_cb, &busy);
        int same = quiet.n == busy.n && quiet.n > 3;
        for (size_t i = 0; same && i < quiet.n; i++)
            same = quiet.at[i][0] == busy.at[i][0] && quiet.at[i][1] == busy.at[i][1];
        CHECK(same, "text %zu: %zu segments alone, %zu with a busy callback", t, quiet.n,
              busy.n);
        if (t == 2)
            CHECK(quiet.at[0][0] == 0 && quiet.at[0][1] == strlen("バイデン"),
                  "katakana pieces are one word: [%zu, %zu)", quiet.at[0][0], quiet.at[0][1]);
    }
    uni_free(u);
}

/* uni_words cuts the text at spaces and memoises the segments of each
 * chunk: the same segments as ICU's iterator over the whole text, on
 * random strings of the characters the rules treat apart (marks and format
 * characters after a space, joiners, flags, apostrophes and full stops in
 * words and numbers, Hebrew quotes, katakana, Han, Thai), twice (the second
 * time from the memo). */
/* A deterministic pseudo-random number. */
static unsigned rnd_u(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return (*s >> 8) & 0xffffff;
}

typedef struct segv {
    size_t n;
    size_t at[128][3];
} segv;

static int segv_cb(void *user, size_t start, size_t end, int kind)
{
    segv *g = user;
    if (g->n < 128) {
        g->at[g->n][0] = start;
        g->at[g->n][1] = end;
        g->at[g->n][2] = (size_t)kind;
    }
    g->n++;
    return 0;
}

void test_uni_words_chunks(void)
{
    static const char *const alpha[] = {
        "a", "Z", "1", "7", ".", ",", ":", ";", "'", "_", "@", "-", "\"", "é", "\xcc\x81",
        "\xc2\xad", "\xe2\x80\x8d", "\xf0\x9f\x98\x80", "\xf0\x9f\x87\xba", "\xf0\x9f\x87\xb8",
        "א", "ב", "\xd7\xb4", " ", " ", "\n", "\t", "\r\n", "バ", "イ", "デ", "ン", "ー", "中", "国",
        "ก", "д", "\xc2\xa0", "\xe2\x80\x99", "$", "\xef\xb8\x8f", "١", "ß"};
    uni_ctx *u = uni_new(), *w = uni_new();
    unsigned seed = 11;
    int bad = 0, segs_seen = 0;
    char text[256];
    for (int pass = 0; pass < 2; pass++) {
        unsigned s = seed;
        for (int t = 0; t < 4000; t++) {
            size_t len = 0;
            int k = 1 + (int)(rnd_u(&s) % 24);
            for (int i = 0; i < k; i++) {
                const char *c = alpha[rnd_u(&s) % TD_ARRAY_LEN(alpha)];
                memcpy(text + len, c, strlen(c));
                len += strlen(c);
            }
            segv a = {0, {{0}}}, b = {0, {{0}}};
            uni_words(u, text, len, segv_cb, &a);
            uni_words_whole(w, text, len, segv_cb, &b);
            segs_seen += (int)b.n;
            if (a.n != b.n || memcmp(a.at, b.at, (a.n < 128 ? a.n : 128) * sizeof a.at[0])) {
                if (!bad)
                    CHECK(0, "pass %d, text %d \"%.*s\": %zu segments by chunks, %zu whole", pass,
                          t, (int)len, text, a.n, b.n);
                bad++;
            }
        }
    }
    CHECK(bad == 0 && segs_seen > 10000, "%d of 8000 texts differ (%d segments)", bad, segs_seen);
    uni_free(u);
    uni_free(w);
}

/* Folding and transliteration are memoised per context: a memoised
 * result is the one computed, a result that does not fit the caller's
 * buffer is refused as when it was computed, and words that share a slot
 * do not get each other's results (two contexts, opposite orders). */
void test_uni_memo(void)
{
    uni_ctx *a = uni_new(), *b = uni_new();
    char x[128], y[128];
    size_t n = uni_fold(a, "Ärzte", strlen("Ärzte"), 1, x, sizeof x);
    CHECK(n == 5 && !strcmp(x, "arzte"), "fold: %s", x);
    CHECK(uni_fold(a, "Ärzte", strlen("Ärzte"), 1, y, sizeof y) == n && !strcmp(y, x), "again");
    CHECK(uni_fold(a, "Ärzte", strlen("Ärzte"), 0, y, sizeof y) == 6 && !strcmp(y, "ärzte"),
          "the same word, marks kept: %s", y);
    CHECK(uni_fold(a, "Ärzte", strlen("Ärzte"), 1, y, 5) == 0, "too small a buffer");
    CHECK(uni_fold(a, "Ärzte", strlen("Ärzte"), 1, y, 6) == 5, "just large enough");
    n = uni_latin(a, "Москва", strlen("Москва"), x, sizeof x);
    CHECK(n == 6 && !strcmp(x, "moskva"), "latin: %s", x);
    CHECK(uni_latin(a, "Москва", strlen("Москва"), y, sizeof y) == n && !strcmp(x, y), "again");
    enum { N = 20000 };
    static const char *const stems[] = {"Зеленск", "Ελλάδ", "Ørsted", "Çağ", "Łódź"};
    char(*got)[2][128] = xcalloc(N, sizeof *got);
    int differ = 0;
    for (int pass = 0; pass < 3; pass++) /* a forward twice, then b backward */
        for (int i = 0; i < N; i++) {
            int j = pass == 2 ? N - 1 - i : i;
            uni_ctx *u = pass == 2 ? b : a;
            char w[64];
            snprintf(w, sizeof w, "%s%d", stems[j % 5], j);
            uni_fold(u, w, strlen(w), j & 1, x, sizeof x);
            uni_latin(u, w, strlen(w), y, sizeof y);
            if (pass == 0) {
                snprintf(got[j][0], sizeof got[j][0], "%s", x);
                snprintf(got[j][1], sizeof got[j][1], "%s", y);
            } else {
                differ += strcmp(x, got[j][0]) != 0 || strcmp(y, got[j][1]) != 0;
            }
        }
    xfree(got);
    CHECK_EQ_INT(differ, 0);
    uni_free(a);
    uni_free(b);
}

/* uni_fold's folding one code point at a time gives what ICU gives for
 * the whole text (uni_fold_whole): every third BMP code point alone, and
 * random strings of letters, marks, jamo and the characters whose folding
 * or composition is special (Turkish İ, ß, ﬁ, final sigma, the
 * ypogegrammeni, Hangul, Oriya vowel signs that compose, Devanagari
 * nukta), with buffers of random size. And uni_latin of ASCII (no ICU)
 * lowercases it, as ICU's transliterator does. */
void test_uni_fold_by_cp(void)
{
    uni_ctx *u = uni_new();
    char x[256], y[256], w[64];
    int differ = 0;
    for (uint32_t cp = 0x80; cp < 0x10000; cp += 3) {
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        size_t k = utf8_encode(cp, w);
        for (int strip = 0; strip < 2; strip++) {
            size_t a = uni_fold(u, w, k, strip, x, sizeof x);
            size_t b = uni_fold_whole(u, w, k, strip, y, sizeof y);
            if (a != b || memcmp(x, y, a)) {
                if (differ++ < 5)
                    fprintf(stderr, "U+%04X strip %d: %s / %s\n", (unsigned)cp, strip, x, y);
            }
        }
    }
    CHECK_EQ_INT(differ, 0);
    static const uint32_t pool[] = {
        'a', 'Z', ' ', '-', 0xC9, 0xDF, 0x130, 0x131, 0x149, 0x1F0, 0x301, 0x308, 0x306,
        0x327, 0x345, 0x390, 0x3A3, 0x3C2, 0x3C3, 0x399, 0x419, 0x439, 0x401, 0x451, 0x4E8,
        0x5B4, 0x5D0, 0x627, 0x64E, 0x915, 0x93C, 0x94D, 0x958, 0xB47, 0xB3E, 0xB4B,
        0x1100, 0x1161, 0x11A8, 0xAC00, 0xAC01, 0x1C90, 0x13F8, 0xAB70, 0x1E9E, 0x1F80,
        0x1FB3, 0x2126, 0x212B, 0xFB01, 0xFB13, 0x4E2D, 0x30D7, 0xFF21, 0xFFFD, 0x1F600,
    };
    uint64_t seed = 88172645463325252ull;
    differ = 0;
    for (int t = 0; t < 20000; t++) {
        size_t len = 0;
        seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
        int n = 1 + (int)(seed % 10);
        for (int i = 0; i < n; i++) {
            seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
            len += utf8_encode(pool[seed % TD_ARRAY_LEN(pool)], w + len);
        }
        size_t cap = 1 + (size_t)(seed >> 20) % 48;
        int strip = (int)(seed >> 40) & 1;
        size_t a = uni_fold(u, w, len, strip, x, cap);
        size_t b = uni_fold_whole(u, w, len, strip, y, cap);
        if (a != b || memcmp(x, y, a)) {
            if (differ++ < 5)
                fprintf(stderr, "\"%.*s\" strip %d cap %zu: %zu %s / %zu %s\n", (int)len, w,
                        strip, cap, a, x, b, y);
        }
    }
    CHECK_EQ_INT(differ, 0);
    CHECK(uni_latin(u, "Klitschko-Rahman 2", 18, x, sizeof x) == 18 &&
              !strcmp(x, "klitschko-rahman 2"), "latin of ASCII: %s", x);
    CHECK(uni_latin(u, "Klitschko-Rahman 2", 18, x, 18) == 0, "too small a buffer");
    CHECK(uni_latin(u, "Pétain", strlen("Pétain"), x, sizeof x) == 6 && !strcmp(x, "petain"),
          "latin with a mark: %s", x);
    uni_free(u);
}

void test_stem(void)
{
    stem_ctx *s = stem_new();
    static const struct {
        const char *lang, *a, *b; /* a and b must share a stem */
    } same[] = {
        {"en", "elections", "election"},  {"en", "recalled", "recalls"},
        {"nl", "verkiezingen", "verkiezing"}, {"de", "regierungen", "regierung"},
        {"fr", "gouvernements", "gouvernement"}, {"es", "elecciones", "elección"},
        {"ru", "правительства", "правительство"}, {"tr", "hükümetin", "hükümet"},
        {"it", "elezioni", "elezione"}, {"pt", "governos", "governo"},
    };
    for (size_t i = 0; i < TD_ARRAY_LEN(same); i++) {
        size_t la, lb;
        char a[128];
        const char *sa = stem_word(s, same[i].lang, same[i].a, strlen(same[i].a), &la);
        memcpy(a, sa, la);
        a[la] = 0;
        const char *sb = stem_word(s, same[i].lang, same[i].b, strlen(same[i].b), &lb);
        CHECK(la == lb && !memcmp(a, sb, la), "%s: %s -> %s, %s -> %.*s", same[i].lang,
              same[i].a, a, same[i].b, (int)lb, sb);
    }
    size_t l;
    const char *w = stem_word(s, "zh", "政府", strlen("政府"), &l);
    CHECK(l == strlen("政府") && !memcmp(w, "政府", l), "zh passes through");
    CHECK(stem_has("nl") && stem_has("ru") && !stem_has("zh") && !stem_has("und"),
          "stem_has");
    stem_free(s);
}

void test_stop(void)
{
    stop_set *s = stop_new();
    static const struct {
        const char *lang, *w;
        int stop;
    } cases[] = {
        {"en", "the", 1}, {"en", "ambassador", 0}, {"nl", "het", 1}, {"nl", "ambassadeur", 0},
        {"de", "und", 1}, {"fr", "les", 1}, {"es", "el", 1}, {"ru", "и", 1},
        {"ar", "في", 1}, {"zh", "的", 1}, {"tr", "ve", 1}, {"und", "the", 1},
        {"und", "putin", 0}, {"en", "het", 0},
    };
    for (size_t i = 0; i < TD_ARRAY_LEN(cases); i++)
        CHECK(stop_is(s, cases[i].lang, cases[i].w, strlen(cases[i].w)) == cases[i].stop,
              "%s %s", cases[i].lang, cases[i].w);
    for (const char *const *l = stop_langs(); *l; l++)
        CHECK(stop_is(s, *l, "\x01", 1) == 0, "no junk in %s", *l);
    stop_free(s);
}

/* Tokenise and run datex over the tokens, for tests. */
typedef struct dt_run {
    datex_tok t[128];
    char fold[128][72];
    size_t n;
    const char *text;
    size_t prev;
} dt_run;

static int dt_collect(void *user, const tok *t)
{
    dt_run *r = user;
    if (r->n >= 128)
        return 0;
    datex_tok *d = &r->t[r->n];
    memcpy(r->fold[r->n], t->fold, t->fold_len);
    r->fold[r->n][t->fold_len] = 0;
    d->surf = t->surf;
    d->surf_len = t->surf_len;
    d->fold = r->fold[r->n];
    d->fold_len = (unsigned char)t->fold_len;
    d->is_num = (t->flags & TOK_NUM) != 0;
    d->ordinal = (t->flags & TOK_ORDINAL) != 0;
    d->gap = 0;
    for (size_t i = r->prev; i < t->start; i++)
        if (r->text[i] != ' ') {
            d->gap = (unsigned char)r->text[i];
            break;
        }
    d->index = (unsigned)r->n;
    r->prev = t->end;
    r->n++;
    return 0;
}

void test_datex(void)
{
    uni_ctx *u = uni_new();
    static const struct {
        const char *text;
        int y, m, d; /* the first date found; m 0: none */
    } cases[] = {
        {"on 2021-03-17 in Moscow", 2021, 3, 17},
        {"header date 2021-05 text", 2021, 5, 0},
        {"op 17 maart zei hij", 0, 3, 17},
        {"am 17. März 2021", 2021, 3, 17},
        {"el 17 de marzo de 2021", 2021, 3, 17},
        {"17 марта в Москве", 0, 3, 17},
        {"on March 17th, 2021 the", 2021, 3, 17},
        {"Speaking on January 11 to editors", 0, 1, 11},
        {"in March 2021 they", 2021, 3, 0},
        {"le 5 mars 2020", 2020, 3, 5},
        {"17 Mart 2021 tarihinde", 2021, 3, 17},
        {"2021年3月17日", 2021, 3, 17},
        {"on 17.03.2021 at", 2021, 3, 17},
        {"Posted 2/3/2009 11:11 PM", 2009, 3, 2},
        {"He may come. 31 people", 0, 0, 0},    /* "may" alone is no date */
        {"the Mars mission on Mars", 0, 0, 0},
        {"February 30 2021", 0, 0, 0},          /* impossible date */
    };
    for (size_t i = 0; i < TD_ARRAY_LEN(cases); i++) {
        dt_run r;
        memset(&r, 0, sizeof r);
        r.text = cases[i].text;
        tok_run(u, cases[i].text, strlen(cases[i].text), dt_collect, &r);
        datex_date out[8];
        size_t k = datex_find(r.t, r.n, out, 8);
        if (!cases[i].m) {
            CHECK(k == 0, "case %zu \"%s\": want no date, got %zu", i, cases[i].text, k);
            continue;
        }
        CHECK(k >= 1 && out[0].y == cases[i].y && out[0].m == cases[i].m &&
                  out[0].d == cases[i].d,
              "case %zu \"%s\": got %zu dates, first %d-%d-%d", i, cases[i].text, k,
              k ? out[0].y : -1, k ? out[0].m : -1, k ? out[0].d : -1);
    }
    datex_date d;
    CHECK(datex_parse_iso("2021-03-17", 10, &d) && d.y == 2021 && d.m == 3 && d.d == 17, "iso");
    CHECK(datex_parse_iso("2021-03-17T10:00:00Z", 20, &d) && d.d == 17, "iso date-time");
    CHECK(datex_parse_iso("2021-05", 7, &d) && d.m == 5 && d.d == 0, "iso month");
    CHECK(!datex_parse_iso("2021-13-01", 10, &d), "month 13");
    CHECK(!datex_parse_iso("yesterday", 9, &d), "not a date");
    CHECK(!datex_parse_iso("2021-02-30", 10, &d), "Feb 30");
    CHECK_EQ_INT(datex_days(1970, 1, 1), 0);
    CHECK_EQ_INT(datex_days(2021, 3, 18) - datex_days(2021, 3, 17), 1);
    CHECK_EQ_INT(datex_days(2000, 3, 1) - datex_days(2000, 2, 28), 2); /* leap year */
    CHECK(datex_month("maart", 5) == 3 && datex_month("марта", strlen("марта")) == 3 &&
              datex_month("kasım", strlen("kasım")) == 11 && !datex_month("mayday", 6),
          "month names");
    CHECK(datex_weekday("dinsdag", 7) == 2 && datex_weekday("tuesday", 7) == 2 &&
              !datex_weekday("monde", 5),
          "weekday names");
    /* the first-byte and length filter lets every name of the tables through,
     * the longest and the shortest, in every script, and stops near misses */
    static const struct {
        const char *w;
        int m;
    } mt[] = {{"października", 10}, {"styczeń", 1}, {"декабря", 12}, {"jan", 1},
              {"mei", 5}, {"ağustos", 8}, {"září", 9}, {"listopada", 11}, {"dezember", 12},
              {"januarx", 0}, {"ja", 0}, {"декабр", 0}, {"zzz", 0}, {"", 0}};
    for (size_t i = 0; i < sizeof mt / sizeof mt[0]; i++)
        CHECK(datex_month(mt[i].w, strlen(mt[i].w)) == mt[i].m, "month %s", mt[i].w);
    CHECK(datex_weekday("воскресенье", strlen("воскресенье")) == 7 &&
              datex_weekday("poniedziałek", strlen("poniedziałek")) == 1 &&
              datex_weekday("cuma", 4) == 5 && !datex_weekday("cumartesix", 10) &&
              !datex_weekday("sun", 3),
          "weekday names: longest, shortest, near misses");
    uni_free(u);
}

void test_names(void);

void test_names(void)
{
    uni_ctx *u = uni_new();
    /* spellings of one name share a key */
    static const char *const same[][6] = {
        {"Putin", "Poetin", "Путин", "Путина", "Poutine", NULL},
        {"Peskov", "Peskow", "Песков", NULL},
        {"Zelensky", "Zelenskyj", "Selenskyj", "Зеленский", "Zelenskiy", NULL},
        {"Naryshkin", "Narisjkin", "Нарышкин", NULL},
        {"Biden", "Байден", "Байдена", NULL},
        {"Antonov", "Антонов", NULL},
        {"Erdoğan", "Erdogan", "Эрдоган", NULL},
    };
    for (size_t g = 0; g < TD_ARRAY_LEN(same); g++) {
        char k0[64], k[64];
        names_key(u, same[g][0], strlen(same[g][0]), k0, sizeof k0);
        for (size_t i = 1; same[g][i]; i++) {
            names_key(u, same[g][i], strlen(same[g][i]), k, sizeof k);
            CHECK(!strcmp(k0, k), "%s -> %s but %s -> %s", same[g][0], k0, same[g][i], k);
        }
    }
    /* different names stay apart */
    static const char *const apart[][2] = {
        {"Putin", "Biden"}, {"Peskov", "Lavrov"}, {"Antonov", "Antonio"}, {"Xi", "Li"},
    };
    for (size_t i = 0; i < TD_ARRAY_LEN(apart); i++) {
        char a[64], b[64];
        names_key(u, apart[i][0], strlen(apart[i][0]), a, sizeof a);
        names_key(u, apart[i][1], strlen(apart[i][1]), b, sizeof b);
        CHECK(strcmp(a, b), "%s and %s collide on %s", apart[i][0], apart[i][1], a);
    }
    /* abjad keys: the same name in Latin and in Arabic script */
    static const char *const abjad[][2] = {
        {"Putin", "بوتين"}, {"Biden", "بايدن"}, {"Trump", "ترامب"}, {"Merkel", "ميركل"},
        /* English spellings: silent gh, soft c, x */
        {"Kavanaugh", "كافانو"}, {"Brighton", "برايتون"}, {"Garcia", "غارسيا"},
        {"Spencer", "سبنسر"}, {"Texas", "تكساس"},
        /* Hebrew is an abjad too */
        {"Netanyahu", "נתניהו"}, {"Trump", "טראמפ"},
    };
    for (size_t i = 0; i < TD_ARRAY_LEN(abjad); i++) {
        char a[32], b[32];
        size_t la = names_abjad_key(u, abjad[i][0], strlen(abjad[i][0]), a, sizeof a);
        size_t lb = names_abjad_key(u, abjad[i][1], strlen(abjad[i][1]), b, sizeof b);
        CHECK(la && lb && !strcmp(a, b), "%s -> %s, %s -> %s", abjad[i][0], la ? a : "",
              abjad[i][1], lb ? b : "");
    }
    char k[64];
    CHECK(names_abjad_key(u, "Xi", 2, k, sizeof k) == 0, "too few consonants");
    /* gh is silent only before t or at the end: Baghdad keeps its g */
    CHECK(names_abjad_key(u, "Baghdad", 7, k, sizeof k) == 3 && !strcmp(k, "bjd"), "%s", k);
    CHECK(names_abjad_key(u, "Knight", 6, k, sizeof k) == 3 && !strcmp(k, "knt"), "%s", k);
    CHECK(names_key(u, "Xi", 2, k, sizeof k) == 3 && !strcmp(k, "ksi"), "short key %s", k);
    CHECK_EQ_INT(names_key(u, "", 0, k, sizeof k), 0);
    CHECK_EQ_INT(names_key(u, "123", 3, k, sizeof k), 0);
    uni_free(u);
}

void test_places(void);

void test_places(void)
{
    uni_ctx *u = uni_new();
    places *p = places_new(u);
    CHECK(places_size(p) > 5000, "%zu names", places_size(p));
    static const struct {
        const char *name, *code;
    } cases[] = {
        {"Rusland", "RU"},   {"Russia", "RU"},    {"Россия", "RU"},
        {"Russland", "RU"},  {"Verenigde Staten", "US"}, {"Vereinigte Staaten", "US"},
        {"Duitsland", "DE"}, {"Deutschland", "DE"}, {"Germany", "DE"}, {"Allemagne", "DE"},
        {"Nederland", "NL"}, {"Niederlande", "NL"}, {"Spanje", "ES"}, {"España", "ES"},
        {"Espagne", "ES"},   {"Türkiye", "TR"},   {"Chine", "CN"},   {"中国", "CN"},
        {"Германии", "DE"}, {"Francji", "FR"}, /* inflected: by the name key */
        /* iso-codes: official names, and their translations */
        {"Federal Republic of Germany", "DE"}, {"Russian Federation", "RU"},
        /* GeoNames cities, one id whatever the language */
        {"Den Haag", "g2747373"}, {"The Hague", "g2747373"}, {"La Haya", "g2747373"},
        {"München", "g2867714"}, {"Munich", "g2867714"}, {"Мюнхен", "g2867714"},
        {"Moskou", "g524901"}, {"Москва", "g524901"}, {"Peking", "g1816670"},
        {"北京", "g1816670"},
    };
    for (size_t i = 0; i < TD_ARRAY_LEN(cases); i++) {
        char fold[256], key[64];
        size_t f = uni_fold(u, cases[i].name, strlen(cases[i].name), 1, fold, sizeof fold);
        const char *c = places_find(p, fold, f);
        if (!c && !memchr(fold, ' ', f)) {
            size_t k = names_key(u, fold, f, key, sizeof key);
            c = places_find_key(p, key, k, fold, f);
        }
        CHECK(c && !strcmp(c, cases[i].code), "%s -> %s, want %s", cases[i].name,
              c ? c : "(none)", cases[i].code);
    }
    {
        /* without the Debian catalogues: CLDR's countries, no cities */
        places *c = places_new_from(u, NULL, NULL);
        char fold[64];
        size_t f = uni_fold(u, "Den Haag", 8, 1, fold, sizeof fold);
        CHECK(places_find(c, fold, f) == NULL, "no cities from CLDR");
        f = uni_fold(u, "Duitsland", 9, 1, fold, sizeof fold);
        const char *de = places_find(c, fold, f);
        CHECK(de && !strcmp(de, "DE"), "CLDR: Duitsland -> %s", de ? de : "(none)");
        CHECK(places_size(c) < places_size(p), "%zu < %zu names", places_size(c),
              places_size(p));
        places_free(c);
    }
    /* people are no places, by name or by name key: the keys of Biden and
     * 不丹 (Bhutan, read "bu dan"), Scholz and Seszele (pl: Seychelles)
     * are the same */
    static const char *const people[] = {"Putin", "Biden", "Trump", "Merkel", "Macron",
                                         "Johnson", "Erdogan", "Xi", "Modi", "Scholz"};
    char fold[64];
    size_t f;
    for (size_t i = 0; i < TD_ARRAY_LEN(people); i++) {
        char key[64];
        f = uni_fold(u, people[i], strlen(people[i]), 1, fold, sizeof fold);
        size_t k = names_key(u, fold, f, key, sizeof key);
        const char *c = places_find(p, fold, f);
        if (!c && k)
            c = places_find_key(p, key, k, fold, f);
        CHECK(c == NULL, "%s is no place (found %s)", people[i], c ? c : "");
    }
    /* saved and loaded, the table answers the same */
    char path[64];
    snprintf(path, sizeof path, "/tmp/td_places_%d.bin", (int)getpid());
    CHECK_EQ_INT(places_save(p, path), 0);
    places *q = places_load(path);
    CHECK(q && places_size(q) == places_size(p), "loaded %zu names", q ? places_size(q) : 0);
    f = uni_fold(u, "Verenigde Staten", strlen("Verenigde Staten"), 1, fold, sizeof fold);
    const char *c = q ? places_find(q, fold, f) : NULL;
    CHECK(c && !strcmp(c, "US"), "loaded table finds the US");
    places_free(q);
    FILE *junk = fopen(path, "w");
    if (junk) {
        fputs("TDPL but not really a table", junk);
        fclose(junk);
    }
    CHECK(places_load(path) == NULL, "a damaged file is refused");
    remove(path);
    CHECK(places_load("/nonexistent/places.bin") == NULL, "a missing file is refused");
    places_free(p);
    uni_free(u);
}

void test_lexicon(void);

/* The lexicon is built from the installed FreeDict dictionaries by make
 * (build/lexicon.bin); without it this test says so and fails. */
void test_lexicon(void)
{
    char err[256];
    lexicon *lx = lexicon_open(TD_LEXICON_DEFAULT, err, sizeof err);
    CHECK(lx != NULL, "lexicon: %s", err);
    if (!lx)
        return;
    CHECK(lexicon_size(lx) > 100000, "%zu entries", lexicon_size(lx));
    uni_ctx *u = uni_new();
    stem_ctx *st = stem_new();
    static const struct {
        const char *lang, *word, *english;
    } cases[] = {
        {"nl", "ambassadeur", "ambassador"}, {"nl", "verkiezingen", "election"},
        {"de", "Regierung", "government"},   {"de", "Streik", "strike"},
        {"fr", "gouvernement", "government"}, {"tr", "hükümet", "government"},
        {"ar", "الحكومة", "government"},      {"nl", "staking", "strike"},
        /* jpn-eng; eng-ces, eng-hin reversed; hrv-eng */
        {"ja", "政府", "government"},         {"cs", "vláda", "government"},
        {"hr", "vlada", "government"},        {"hi", "सरकार", "government"},
    };
    for (size_t i = 0; i < TD_ARRAY_LEN(cases); i++) {
        char fold[128], key[128], en[128];
        size_t f = uni_fold(u, cases[i].word, strlen(cases[i].word), 0, fold, sizeof fold);
        size_t sl;
        const char *s = stem_word(st, cases[i].lang, fold, f, &sl);
        size_t kl = uni_fold(u, s, sl, 1, key, sizeof key);
        const lex_entry *e = lexicon_find(lx, cases[i].lang, key, kl);
        /* the English concept is the English stem, keyed the same way */
        s = stem_word(st, "en", cases[i].english, strlen(cases[i].english), &sl);
        size_t el = uni_fold(u, s, sl, 1, en, sizeof en);
        uint64_t want = lexicon_concept(en, el);
        int found = 0;
        for (int k = 0; e && k < LEX_SENSES; k++)
            found |= e->concept[k] == want;
        CHECK(found, "%s %s -> %s: %s", cases[i].lang, cases[i].word, cases[i].english,
              e ? lexicon_word(lx, e->word[0]) : "(no entry)");
    }
    CHECK(lexicon_find(lx, "nl", "qqqzzz", 6) == NULL, "unknown word");
    /* the search finds every key the table holds, and none
     * between two neighbours or beyond either end */
    size_t n = lexicon_size(lx), missed = 0, false_hits = 0;
    for (size_t i = 0; i < n; i++) {
        const lex_entry *e = lexicon_at(lx, i);
        missed += lexicon_find_key(lx, e->key) != e;
        const lex_entry *next = lexicon_at(lx, i + 1);
        if ((!next || next->key > e->key + 1) && e->key + 1 != 0)
            false_hits += lexicon_find_key(lx, e->key + 1) != NULL;
        if ((i == 0 || lexicon_at(lx, i - 1)->key < e->key - 1) && e->key != 0)
            false_hits += lexicon_find_key(lx, e->key - 1) != NULL;
    }
    CHECK(missed == 0 && false_hits == 0, "%zu of %zu keys missed, %zu false hits", missed, n,
          false_hits);
    CHECK(lexicon_find_key(lx, 0) == NULL || lexicon_at(lx, 0)->key == 0, "key 0");
    CHECK(lexicon_find_key(lx, UINT64_MAX) == NULL || lexicon_at(lx, n - 1)->key == UINT64_MAX,
          "largest key");
    CHECK(lexicon_at(lx, n) == NULL, "past the end");
    CHECK(lexicon_open("/nonexistent/lexicon.bin", err, sizeof err) == NULL, "missing file");
    /* an empty lexicon opens; one whose bucket table points past its
     * entries is refused */
    char path[64];
    snprintf(path, sizeof path, "/tmp/td_test_lex_%d.bin", (int)getpid());
    uint32_t *img = xcalloc(LEX_HEADER / 4 + LEX_BUCKETS + 1, sizeof *img);
    memcpy(img, "TDLX", 4);
    img[1] = LEX_VERSION;
    size_t img_len = LEX_HEADER + (LEX_BUCKETS + 1) * sizeof *img;
    for (int pass = 0; pass < 2; pass++) {
        img[LEX_HEADER / 4 + 7] = (uint32_t)pass;
        FILE *fp = fopen(path, "wb");
        CHECK(fp && fwrite(img, 1, img_len, fp) == img_len && fclose(fp) == 0, "write %s", path);
        lexicon *l2 = lexicon_open(path, err, sizeof err);
        if (pass == 0)
            CHECK(l2 && lexicon_size(l2) == 0 && !lexicon_find_key(l2, 42), "empty: %s", err);
        else
            CHECK(!l2 && strstr(err, "bucket table"), "broken buckets: %s", l2 ? "opened" : err);
        lexicon_close(l2);
    }
    unlink(path);
    xfree(img);
    stem_free(st);
    uni_free(u);
    lexicon_close(lx);
}
