/* test_feat.c -- analysis of whole articles. */
#include "td_config.h"

#include <string.h>

#include "feat.h"
#include "harness.h"
#include "lexicon.h"
#include "places.h"
#include "stop.h"
#include "uni.h"
#include "tidings.h"

void test_feat_fields(void);
void test_feat_entities(void);
void test_feat_places_caseless(void);
void test_feat_dates(void);
void test_feat_german_nouns(void);
void test_feat_sound_names(void);
void test_feat_zh_names(void);

static td_article art(const char *title, const char *text, const char *lang,
                      const char *date)
{
    td_article a;
    memset(&a, 0, sizeof a);
    a.id = "x";
    a.id_len = 1;
    a.title = title;
    a.title_len = title ? strlen(title) : 0;
    a.text = text;
    a.text_len = strlen(text);
    a.lang = lang;
    a.lang_len = lang ? strlen(lang) : 0;
    a.date = date;
    a.date_len = date ? strlen(date) : 0;
    return a;
}

static const feat_term *term(const feat_doc *d, const char *disp)
{
    for (size_t i = 0; i < d->n_terms; i++)
        if (!strcmp(feat_str(d, d->terms[i].str), disp))
            return &d->terms[i];
    return NULL;
}

static int has_ent(const feat_doc *d, const char *disp, int phrase)
{
    for (size_t i = 0; i < d->n_ents; i++)
        if (d->ents[i].phrase == phrase && !strcmp(feat_str(d, d->ents[i].str), disp))
            return 1;
    return 0;
}

void test_feat_fields(void)
{
    stop_set *st = stop_new();
    feat_shared sh = {st, NULL, NULL, NULL};
    feat_analyzer *an = feat_analyzer_new(&sh);
    feat_doc d;
    int tr;
    td_article a = art("Ambassador recalled",
                       "The ambassador was recalled on Tuesday after talks.\n\nLater the "
                       "minister said the ambassador would return. Ambassadors rarely leave.",
                       NULL, NULL);
    CHECK_EQ_INT(feat_analyze(an, &a, 0, &d, &tr), TD_OK);
    CHECK_EQ_STR(d.lang, "en");
    CHECK_EQ_STR(d.title, "Ambassador recalled");
    const feat_term *amb = term(&d, "ambassador");
    /* title 3 + lead 2 + body 1 + "ambassadors" (same stem, body) 1 */
    CHECK(amb && amb->tf == 7.0f && amb->title_tf == 1.0f, "ambassador tf %f",
          amb ? amb->tf : -1.0);
    CHECK(term(&d, "the") == NULL, "stopwords are dropped");
    CHECK(term(&d, "ambassadors") == NULL, "inflections share the first form's entry");
    for (size_t i = 1; i < d.n_terms; i++)
        CHECK(d.terms[i - 1].h < d.terms[i].h, "terms sorted and unique");
    feat_doc_release(&d);

    /* no title: a short first line becomes the title */
    a = art(NULL, "Storm floods Valencia\nThree people died in the floods on Monday.", "en",
            NULL);
    CHECK_EQ_INT(feat_analyze(an, &a, 0, &d, &tr), TD_OK);
    CHECK(d.title && d.title_derived && !strcmp(d.title, "Storm floods Valencia"),
          "derived title");
    feat_doc_release(&d);

    /* noise only: nothing to cluster on */
    a = art(NULL, "Accessibility links\nShare this article\nPlease enter your comment!",
            "en", NULL);
    CHECK_EQ_INT(feat_analyze(an, &a, 0, &d, &tr), TD_ERR_EMPTY);
    CHECK_EQ_INT(d.cs.dropped[CLEAN_PATTERN], 3);
    feat_doc_release(&d);
    feat_analyzer_free(an);
    stop_free(st);
}

void test_feat_entities(void)
{
    stop_set *st = stop_new();
    feat_shared sh = {st, NULL, NULL, NULL};
    feat_analyzer *an = feat_analyzer_new(&sh);
    feat_doc d;
    int tr;
    td_article a = art(NULL,
                       "Russian President Vladimir Putin met Ursula von der Leyen in Moscow. "
                       "Yesterday the talks ended. Moscow said the NATO summit would follow. "
                       "Putin spoke on Tuesday.",
                       "en", NULL);
    feat_analyze(an, &a, 0, &d, &tr);
    CHECK(has_ent(&d, "Putin", 0), "Putin");
    CHECK(has_ent(&d, "Moscow", 0), "Moscow (sentence-initial, but also mid-sentence)");
    CHECK(has_ent(&d, "NATO", 0), "acronym");
    CHECK(!has_ent(&d, "Yesterday", 0), "sentence-initial common word is no entity");
    CHECK(!has_ent(&d, "Tuesday", 0), "weekday is no entity");
    CHECK(has_ent(&d, "Ursula von der Leyen", 1), "name with connectors");
    CHECK(has_ent(&d, "Vladimir Putin", 1) && !has_ent(&d, "President Vladimir Putin", 1) &&
              !has_ent(&d, "Russian President Vladimir Putin", 1),
          "the name without the title before it");
    feat_doc_release(&d);
    /* titles of other first letters, and connectors of other lengths */
    a = art(NULL,
            "Talks went on. Later Secretary Antony Blinken met Mohammed bin Salman in Riyadh, "
            "and Mayor Sadiq Khan met Premier Li Qiang. The fans of Leonardo da Vinci "
            "waited.",
            "en", NULL);
    feat_analyze(an, &a, 0, &d, &tr);
    CHECK(has_ent(&d, "Antony Blinken", 1) && !has_ent(&d, "Secretary Antony Blinken", 1),
          "secretary is a title");
    CHECK(has_ent(&d, "Sadiq Khan", 1) && !has_ent(&d, "Mayor Sadiq Khan", 1),
          "mayor is a title");
    CHECK(has_ent(&d, "Li Qiang", 1) && !has_ent(&d, "Premier Li Qiang", 1),
          "premier is a title");
    CHECK(has_ent(&d, "Mohammed bin Salman", 1) && has_ent(&d, "Leonardo da Vinci", 1),
          "bin and da join a name");
    feat_doc_release(&d);
    feat_analyzer_free(an);
    stop_free(st);
}

/* German capitalises every noun: a capital there tells a name only of a
 * word the dictionary does not know, writes with a capital in English too,
 * or that names a country. */
void test_feat_german_nouns(void)
{
    char err[256];
    lexicon *lx = lexicon_open(TD_LEXICON_DEFAULT, err, sizeof err);
    CHECK(lx != NULL, "lexicon: %s", err);
    if (!lx)
        return;
    stop_set *st = stop_new();
    feat_shared sh = {st, NULL, NULL, lx};
    feat_analyzer *an = feat_analyzer_new(&sh);
    feat_doc d;
    int tr;
    td_article a = art(NULL,
                       "Im Hafen von Rotterdam streiken seit Dienstag die Hafenarbeiter. Die "
                       "Gewerkschaft FNV Havens fordert mehr Lohn, sagte Niek Stam. Auch in "
                       "Frankreich und Belgien wird der Streik beobachtet.",
                       "de", NULL);
    CHECK_EQ_INT(feat_analyze(an, &a, 0, &d, &tr), TD_OK);
    CHECK_EQ_STR(d.lang, "de");
    CHECK(!has_ent(&d, "Hafen", 0) && !has_ent(&d, "Gewerkschaft", 0) &&
              !has_ent(&d, "Lohn", 0) && !has_ent(&d, "Streik", 0),
          "common nouns are no names");
    CHECK(has_ent(&d, "Rotterdam", 0), "a city English capitalises too");
    CHECK(has_ent(&d, "FNV", 0) && has_ent(&d, "Stam", 0), "acronym and surname");
    CHECK(has_ent(&d, "Niek Stam", 1), "the full name");
    CHECK(has_ent(&d, "Frankreich", 0), "a country the dictionary knows");
    /* the same words in English are kept as names where capitalised */
    feat_doc_release(&d);
    a = art(NULL, "Dockworkers in the Port of Rotterdam went on strike, said Niek Stam.", "en",
            NULL);
    CHECK_EQ_INT(feat_analyze(an, &a, 0, &d, &tr), TD_OK);
    CHECK(has_ent(&d, "Port", 0) && has_ent(&d, "Rotterdam", 0), "English is unchanged");
    feat_doc_release(&d);
    feat_analyzer_free(an);
    stop_free(st);
    lexicon_close(lx);
}

static int has_key(const feat_doc *d, const char *key)
{
    uint64_t h = feat_key("e:", key, strlen(key));
    for (size_t i = 0; i < d->n_ents; i++)
        if (d->ents[i].h == h)
            return 1;
    return 0;
}

static size_t n_names(const feat_doc *d)
{
    size_t k = 0;
    for (size_t i = 0; i < d->n_ents; i++)
        k += d->ents[i].phrase == FEAT_ENT_NAME;
    return k;
}

/* Japanese writes foreign names in katakana, Hindi in Devanagari, neither
 * with capitals: such words give the name key English spellings give. */
void test_feat_sound_names(void)
{
    stop_set *st = stop_new();
    feat_shared sh = {st, NULL, NULL, NULL};
    feat_analyzer *an = feat_analyzer_new(&sh);
    static const struct {
        const char *lang, *text, *keys[3];
    } cases[] = {
        {"ja", "バイデン大統領は東京でメルケル氏と会談した。バイデン氏は記者会見で経済について話した。",
         {"bdn", NULL, NULL}},
        /* chi for ti, n for m before p, r for l */
        {"ja", "プーチン大統領はトランプ氏、クリントン氏と会談した。プーチン氏は話した。",
         {"ptn", "trmp", "klntn"}},
        {"en", "President Biden met Chancellor Merkel in Tokyo.", {"bdn", NULL, NULL}},
        {"hi", "राष्ट्रपति बाइडन ने वाशिंगटन में पुतिन से बात की। बाइडन ने कहा कि बातचीत अच्छी रही।",
         {"bdn", "ptn", NULL}},
    };
    feat_doc d;
    int tr;
    for (size_t c = 0; c < TD_ARRAY_LEN(cases); c++) {
        td_article a = art(NULL, cases[c].text, cases[c].lang, NULL);
        CHECK_EQ_INT(feat_analyze(an, &a, 0, &d, &tr), TD_OK);
        CHECK_EQ_STR(d.lang, cases[c].lang);
        for (size_t k = 0; k < 3 && cases[c].keys[k]; k++)
            CHECK(has_key(&d, cases[c].keys[k]), "case %zu: key %s", c, cases[c].keys[k]);
        feat_doc_release(&d);
    }
    /* kanji and hiragana words are no names */
    td_article a = art(NULL, "東京の経済は昨年よりも大きく成長したと政府は発表した。経済の成長は続く。",
                       "ja", NULL);
    CHECK_EQ_INT(feat_analyze(an, &a, 0, &d, &tr), TD_OK);
    CHECK(n_names(&d) == 0, "no katakana, no names: %zu", n_names(&d));
    feat_doc_release(&d);
    feat_analyzer_free(an);
    stop_free(st);
}

/* Chinese transliterates foreign names in characters the segmenter cuts
 * apart (普京 -> 普 京): CC-CEDICT's names are found across the pieces. */
void test_feat_zh_names(void)
{
    char err[256];
    lexicon *lx = lexicon_open(TD_LEXICON_DEFAULT, err, sizeof err);
    CHECK(lx != NULL, "lexicon: %s", err);
    if (!lx)
        return;
    if (!lexicon_find(lx, "zh", "朝鲜", strlen("朝鲜"))) { /* built without CC-CEDICT */
        lexicon_close(lx);
        return;
    }
    stop_set *st = stop_new();
    feat_shared sh = {st, NULL, NULL, lx};
    feat_analyzer *an = feat_analyzer_new(&sh);
    feat_doc d;
    int tr;
    td_article a = art(NULL, "普京和拜登在日内瓦举行会谈。普京表示会谈很有建设性。", "zh", NULL);
    CHECK_EQ_INT(feat_analyze(an, &a, 0, &d, &tr), TD_OK);
    CHECK_EQ_STR(d.lang, "zh");
    CHECK(has_key(&d, "ptn") && has_key(&d, "bdn"), "Putin and Biden in Chinese");
    feat_doc_release(&d);
    /* three pieces (特 朗 普), after a run that is no name */
    a = art(NULL, "美国前总统特朗普周二在纽约发表讲话。", "zh", NULL);
    CHECK_EQ_INT(feat_analyze(an, &a, 0, &d, &tr), TD_OK);
    CHECK(has_key(&d, "trmp"), "Trump in Chinese, from three segments");
    feat_doc_release(&d);
    feat_analyzer_free(an);
    stop_free(st);
    lexicon_close(lx);
}

void test_feat_dates(void)
{
    stop_set *st = stop_new();
    feat_shared sh = {st, NULL, NULL, NULL};
    feat_analyzer *an = feat_analyzer_new(&sh);
    feat_doc d;
    int tr;
    td_article a = art(NULL, "Het kabinet besloot op 17 maart dat de wet op 1 januari ingaat.",
                       "nl", "2021-03-18");
    feat_analyze(an, &a, 0, &d, &tr);
    CHECK_EQ_INT(d.date_prec, 3);
    CHECK_EQ_INT(d.date_days, datex_days(2021, 3, 18));
    CHECK_EQ_INT(d.n_dates, 2);
    if (d.n_dates == 2) {
        /* years resolved from the article date: March is this year, a later
         * month (January after March? no: January is earlier) this year too */
        CHECK(d.dates[0].y == 2021 && d.dates[0].m == 3 && d.dates[0].d == 17, "17 maart");
        CHECK(d.dates[1].y == 2021 && d.dates[1].m == 1 && d.dates[1].d == 1, "1 januari");
    }
    feat_doc_release(&d);
    a = art(NULL, "On December 30 the vote was held.", "en", "2021-01-02");
    feat_analyze(an, &a, 0, &d, &tr);
    CHECK(d.n_dates == 1 && d.dates[0].y == 2020, "December before a January date is last year");
    feat_doc_release(&d);
    feat_analyzer_free(an);
    stop_free(st);
}

/* Scripts without capitals give no name candidates: their words are looked
 * up among the places all the same, so Chinese and Arabic articles name the
 * countries an English one names; a Latin-script common word does not. */
void test_feat_places_caseless(void)
{
    stop_set *st = stop_new();
    uni_ctx *u = uni_new();
    places *p = places_new(u);
    feat_shared sh = {st, NULL, p, NULL};
    feat_analyzer *an = feat_analyzer_new(&sh);
    static const struct {
        const char *lang, *text;
    } cases[] = {
        {"zh", "德国总理访问土耳其。德国和土耳其讨论了移民问题。"},
        {"ar", "زار المستشار تركيا أمس. ناقشت ألمانيا وتركيا قضية الهجرة في ألمانيا."},
    };
    for (size_t i = 0; i < TD_ARRAY_LEN(cases); i++) {
        feat_doc d;
        int tr;
        td_article a = art(NULL, cases[i].text, cases[i].lang, NULL);
        CHECK_EQ_INT(feat_analyze(an, &a, 0, &d, &tr), TD_OK);
        CHECK(has_ent(&d, "TR", FEAT_ENT_PLACE), "%s: Turkey", cases[i].lang);
        CHECK(has_ent(&d, "DE", FEAT_ENT_PLACE), "%s: Germany", cases[i].lang);
        feat_doc_release(&d);
    }
    /* English: "turkey" the bird, in lower case, is no place */
    feat_doc d;
    int tr;
    td_article a = art(NULL, "We roasted a turkey for dinner and ate it with friends.", "en", NULL);
    CHECK_EQ_INT(feat_analyze(an, &a, 0, &d, &tr), TD_OK);
    CHECK(!has_ent(&d, "TR", FEAT_ENT_PLACE), "a lower-case word in English");
    feat_doc_release(&d);
    feat_analyzer_free(an);
    places_free(p);
    uni_free(u);
    stop_free(st);
}
