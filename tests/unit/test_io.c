/* test_io.c -- reader, eval, the engine end to end. */
#include "td_config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine_int.h"
#include "harness.h"
#include "tidings.h"
#include "td_limits.h"
#include "xmalloc.h"

void test_reader(void);
void test_reader_spans(void);
void test_eval(void);
void test_engine(void);
void test_engine_label_english(void);
void test_engine_weights_positive(void);
void test_engine_batch_threads(void);
void test_engine_batch_blocks(void);
void test_engine_batch_release(void);
void test_engine_live_window(void);
void test_stages_matter(void);

typedef struct diags {
    int n_err, n_warn;
    char last_field[32];
    unsigned long last_line;
    char last_msg[256];
} diags;

static void on_diag(void *user, const td_diag *d)
{
    diags *g = user;
    if (d->severity == TD_ERROR)
        g->n_err++;
    else
        g->n_warn++;
    snprintf(g->last_field, sizeof g->last_field, "%s", d->field ? d->field : "");
    g->last_line = d->line;
    snprintf(g->last_msg, sizeof g->last_msg, "%s", d->message);
}

static void write_file(const char *path, const char *content, size_t n)
{
    FILE *fp = fopen(path, "wb");
    if (fp) {
        fwrite(content, 1, n, fp);
        fclose(fp);
    }
}

void test_reader(void)
{
    char dir[] = "/tmp/td_reader_XXXXXX";
    CHECK(mkdtemp(dir) != NULL, "mkdtemp");
    char p1[256], p2[256], p3[256], sub[256];
    snprintf(p1, sizeof p1, "%s/b.jsonl", dir);
    snprintf(sub, sizeof sub, "%s/sub", dir);
    mkdir(sub, 0755);
    snprintf(p2, sizeof p2, "%s/sub/001_x.txt", dir);
    snprintf(p3, sizeof p3, "%s/a.bin", dir); /* not .txt/.jsonl: ignored in dirs */
    const char *jl = "{\"id\":\"a\",\"text\":\"one\",\"lang\":\"en\",\"extra\":1}\n"
                     "\n"
                     "{\"id\":\"b\",\"text\":\"\"}\n"
                     "{\"text\":\"no id\"}\n"
                     "{\"id\":7,\"text\":\"numeric id\",\"date\":\"soon\"}\n"
                     "not json\n"
                     "{\"id\":\"c\",\"text\":\"three\",\"title\":42}\n";
    write_file(p1, jl, strlen(jl));
    const char *txt = " date 2021-05-03\nHeadline here\n\nBody text of the article.";
    write_file(p2, txt, strlen(txt));
    write_file(p3, "x", 1);
    diags g;
    memset(&g, 0, sizeof g);
    const char *paths[] = {dir};
    td_input *in;
    CHECK_EQ_INT(td_input_open(paths, 1, on_diag, &g, &in), TD_OK);
    td_article a;
    const char *want_ids[] = {"a", "7", "c", "001_x"};
    size_t k = 0;
    while (td_input_next(in, &a) == TD_OK) {
        if (k < 4)
            CHECK(a.id_len == strlen(want_ids[k]) && !memcmp(a.id, want_ids[k], a.id_len),
                  "record %zu id %.*s", k, (int)a.id_len, a.id);
        if (k == 0)
            CHECK(a.extra && !strcmp(a.extra, "{\"extra\":1}"), "unknown fields kept");
        if (k == 1)
            CHECK(a.date == NULL, "bad date dropped");
        if (k == 2)
            CHECK(a.title == NULL, "non-string title dropped");
        if (k == 3) {
            CHECK(a.date_len == 10 && !memcmp(a.date, "2021-05-03", 10), "txt date header");
            CHECK(a.title_len == 13 && !memcmp(a.title, "Headline here", 13), "txt title");
            CHECK(a.text_len > 0 && strstr(a.text, "Body text") != NULL, "txt body");
        }
        k++;
    }
    CHECK_EQ_INT(k, 4);
    /* errors: empty text (line 3), no id (4), not json (6); warnings: date, title */
    CHECK_EQ_INT(g.n_err, 3);
    CHECK_EQ_INT(g.n_warn, 2);
    CHECK_EQ_INT(td_input_skipped(in), 3);
    td_input_free(in);

    /* an unreadable path: reported, nothing else lost */
    memset(&g, 0, sizeof g);
    const char *paths2[] = {"/nonexistent/file.jsonl", p1};
    td_input_open(paths2, 2, on_diag, &g, &in);
    k = 0;
    while (td_input_next(in, &a) == TD_OK)
        k++;
    CHECK_EQ_INT(k, 3);
    CHECK_EQ_INT(td_input_skipped(in), 4);
    td_input_free(in);
    unlink(p1);
    unlink(p2);
    unlink(p3);
    rmdir(sub);
    rmdir(dir);
}

/* Lines are read a buffered span at a time: a record longer than the
 * stream's buffer, a raw NUL inside a line (not JSON: reported at its own
 * line), a line over TD_MAX_LINE_BYTES (skipped, the next one read at the
 * right line number) and a last line without a newline, from a file and
 * from memory. */
void test_reader_spans(void)
{
    enum { LONG = 300000 };
    size_t over = (size_t)TD_MAX_LINE_BYTES + 10;
    size_t cap = LONG + over + 256;
    char *data = xmalloc(cap);
    size_t n = 0;
#define PUT(lit) (memcpy(data + n, lit, sizeof lit - 1), n += sizeof lit - 1)
    PUT("{\"id\":\"long\",\"text\":\"");
    for (size_t i = 0; i < LONG; i++)
        data[n++] = (char)('a' + i % 26);
    PUT("!\"}\n{\"id\":\"nul\",\"text\":\"a");
    data[n++] = '\0';
    PUT("b\"}\n");
    memset(data + n, ' ', over); /* line 3: over the cap */
    n += over;
    data[n++] = '\n';
    PUT("{\"id\":\"last\",\"text\":\"end of it\"}");
#undef PUT
    char dir[] = "/tmp/td_spans_XXXXXX";
    CHECK(mkdtemp(dir) != NULL, "mkdtemp");
    char path[256];
    snprintf(path, sizeof path, "%s/s.jsonl", dir);
    write_file(path, data, n);
    for (int mem = 0; mem < 2; mem++) {
        diags g;
        memset(&g, 0, sizeof g);
        td_input *in = NULL;
        const char *paths[] = {path};
        if (mem)
            CHECK_EQ_INT(td_input_open_mem(data, n, "s.jsonl", on_diag, &g, &in), TD_OK);
        else
            CHECK_EQ_INT(td_input_open(paths, 1, on_diag, &g, &in), TD_OK);
        td_article a;
        size_t k = 0;
        int long_ok = 0, last_ok = 0;
        while (in && td_input_next(in, &a) == TD_OK) {
            if (a.id_len == 4 && !memcmp(a.id, "long", 4))
                long_ok = a.text_len == LONG + 1 && a.text[LONG] == '!' &&
                          a.text[LONG - 1] == (char)('a' + (LONG - 1) % 26);
            if (a.id_len == 4 && !memcmp(a.id, "last", 4))
                last_ok = a.text_len == 9 && !memcmp(a.text, "end of it", 9);
            k++;
        }
        CHECK(k == 2 && long_ok && last_ok, "%s: %zu records, long %d, last %d",
              mem ? "memory" : "file", k, long_ok, last_ok);
        CHECK(g.n_err == 2 && td_input_skipped(in) == 2, "%s: %d errors, %lu skipped",
              mem ? "memory" : "file", g.n_err, in ? td_input_skipped(in) : 0);
        CHECK(g.last_line == 3, "%s: the long line reported at line %lu",
              mem ? "memory" : "file", g.last_line);
        td_input_free(in);
    }
    unlink(path);
    rmdir(dir);
    xfree(data);
}

void test_eval(void)
{
    /* gold: {a,b,c} {d,e}; pred: {a,b} {c,d} {e}; langs a,c,e en; b,d nl */
    td_eval *ev = td_eval_new();
    const char *ids[] = {"a", "b", "c", "d", "e"};
    const char *langs[] = {"en", "nl", "en", "nl", "en"};
    const char *gold[] = {"G1", "G1", "G1", "G2", "G2"};
    const char *pred[] = {"1", "1", "2", "2", "3"};
    for (int i = 0; i < 5; i++) {
        td_eval_add_gold(ev, ids[i], langs[i], gold[i]);
        td_eval_add_pred(ev, ids[i], pred[i]);
    }
    /* pairs together in pred: ab, cd (2); in gold: ab ac bc de (4); both: ab */
    CHECK(fabs(td_eval_figure(ev, "pairwise_p") - 0.5) < 1e-12, "pairwise p");
    CHECK(fabs(td_eval_figure(ev, "pairwise_r") - 0.25) < 1e-12, "pairwise r");
    /* BCubed p: a 1, b 1, c 1/2, d 1/2, e 1 -> 4/5; r: a 2/3 b 2/3 c 1/3 d 1/2 e 1/2 */
    CHECK(fabs(td_eval_figure(ev, "bcubed_p") - 0.8) < 1e-12, "bcubed p");
    CHECK(fabs(td_eval_figure(ev, "bcubed_r") - (2.0 / 3 + 2.0 / 3 + 1.0 / 3 + 0.5 + 0.5) / 5) <
              1e-12,
          "bcubed r");
    /* cross-language: pred ab (en-nl), cd (en-nl); gold ab, bc, de; both: ab */
    CHECK(fabs(td_eval_figure(ev, "xling_pairwise_p") - 0.5) < 1e-12, "xling p");
    CHECK(fabs(td_eval_figure(ev, "xling_pairwise_r") - 1.0 / 3) < 1e-12, "xling r");
    CHECK_EQ_INT((int)td_eval_figure(ev, "stories_pred"), 3);
    td_eval_add_pair(ev, "a", "b", 1.0); /* together: tp */
    td_eval_add_pair(ev, "c", "a", 1.0); /* apart: fn */
    td_eval_add_pair(ev, "c", "d", 4.0); /* together: fp */
    td_eval_add_pair(ev, "x", "y", 2.0); /* neither positive nor negative */
    CHECK(fabs(td_eval_figure(ev, "samestory_p") - 0.5) < 1e-12, "samestory p");
    CHECK(fabs(td_eval_figure(ev, "samestory_r") - 0.5) < 1e-12, "samestory r");
    CHECK(isnan(td_eval_figure(ev, "no_such")), "unknown figure");
    td_eval_free(ev);

    /* an article missing from the prediction is a singleton */
    ev = td_eval_new();
    td_eval_add_gold(ev, "a", "en", "G");
    td_eval_add_gold(ev, "b", "en", "G");
    td_eval_add_pred(ev, "a", "1");
    CHECK_EQ_INT((int)td_eval_figure(ev, "articles_missing_in_pred"), 1);
    CHECK(fabs(td_eval_figure(ev, "pairwise_r")) < 1e-12, "missing breaks the pair");
    td_eval_free(ev);
}

static td_article mk(const char *id, const char *title, const char *text, const char *date)
{
    td_article a;
    memset(&a, 0, sizeof a);
    a.id = id;
    a.id_len = strlen(id);
    a.title = title;
    a.title_len = title ? strlen(title) : 0;
    a.text = text;
    a.text_len = strlen(text);
    a.date = date;
    a.date_len = date ? strlen(date) : 0;
    return a;
}

/* Three English articles about two events, plus a Dutch one on the first. */
static const char *const T[][4] = {
    {"s1", "Storm floods Valencia, three dead",
     "Storm Elowen flooded Valencia on Monday and three people died. Rescuers saved dozens "
     "of residents in Paiporta and Catarroja as the rain kept falling.", "2025-10-28"},
    {"s2", "Valencia counts the dead after Storm Elowen",
     "Three people died when Storm Elowen flooded Valencia. Residents of Paiporta and "
     "Catarroja were rescued from flooded streets by emergency teams.", "2025-10-29"},
    {"r1", "Central bank raises interest rates",
     "The European Central Bank raised its interest rate to 3.25 percent on Thursday, "
     "Christine Lagarde said in Frankfurt, citing inflation of 3.1 percent.", "2025-07-24"},
    {"r2", "Lagarde defends rate rise",
     "Christine Lagarde defended the European Central Bank interest rate rise to 3.25 "
     "percent, saying inflation of 3.1 percent was too high.", "2025-07-25"},
};

void test_engine(void)
{
    td_engine *e;
    diags g;
    memset(&g, 0, sizeof g);
    td_options o;
    td_options_init(&o);
    o.diag = on_diag;
    o.diag_user = &g;
    CHECK_EQ_INT(td_engine_new(&o, &e), TD_OK);
    uint32_t s[4];
    for (int i = 0; i < 4; i++) {
        td_article a = mk(T[i][0], T[i][1], T[i][2], T[i][3]);
        CHECK_EQ_INT(td_engine_add(e, &a, "t", (unsigned long)i + 1, &s[i]), TD_OK);
    }
    CHECK(s[0] == s[1], "the two storm articles share a story");
    CHECK(s[2] == s[3], "the two rate articles share a story");
    CHECK(s[0] != s[2], "the events are apart");
    CHECK_EQ_INT(td_engine_n_stories(e), 2);
    td_article dup = mk("s1", NULL, "again", NULL);
    uint32_t sd;
    CHECK_EQ_INT(td_engine_add(e, &dup, "t", 9, &sd), TD_ERR_DUPLICATE);
    CHECK(g.n_err == 1 && !strcmp(g.last_field, "id") && g.last_line == 9,
          "duplicate reported with line and field");
    CHECK_EQ_INT(td_engine_n_articles(e), 4);
    CHECK_EQ_INT(td_engine_find_article(e, "r2"), 3);
    CHECK_EQ_STR(td_engine_article_lang(e, 0), "en");
    CHECK_EQ_INT(td_engine_check(e, stderr), TD_OK);
    double sim;
    CHECK_EQ_INT(td_engine_similarity(e, "s1", "s2", &sim), TD_OK);
    double sim2;
    td_engine_similarity(e, "s1", "r1", &sim2);
    CHECK(sim > sim2 && sim > 0.3, "similarity: same event %.3f > other %.3f", sim, sim2);
    CHECK_EQ_INT(td_engine_similarity(e, "s1", "zz", &sim), TD_ERR_NOT_FOUND);

    FILE *fp = tmpfile();
    CHECK_EQ_INT(td_engine_write_stories_jsonl(e, fp), TD_OK);
    rewind(fp);
    char line[4096];
    int lines = 0, saw = 0;
    while (fgets(line, sizeof line, fp)) {
        lines++;
        if (strstr(line, "\"articles\":[\"s") && strstr(line, "\"first\":\"2025-10-28\"") &&
            strstr(line, "\"last\":\"2025-10-29\"") && strstr(line, "\"size\":2"))
            saw = 1;
    }
    fclose(fp);
    CHECK(lines == 2 && saw, "stories jsonl: %d lines", lines);
    fp = tmpfile();
    CHECK_EQ_INT(td_engine_explain(e, "s1", "s2", fp), TD_OK);
    rewind(fp);
    size_t got = fread(line, 1, sizeof line - 1, fp);
    line[got] = 0;
    fclose(fp);
    CHECK(strstr(line, "same story: yes") && strstr(line, "elowen"), "explain names terms");
    /* a title the source gave an earlier article too is its boilerplate:
     * the article is then titled by its first line */
    static const char kw[] = "Local news, headlines, sport, weather, traffic";
    td_article k1 = mk("k1", kw, "Bridge closed after crack found\n\nEngineers shut the bridge.",
                       NULL);
    td_article k2 = mk("k2", kw, "Library reopens after repairs\n\nThe library opened again.",
                       NULL);
    k1.source = k2.source = "kw.example";
    k1.source_len = k2.source_len = strlen("kw.example");
    uint32_t sk;
    CHECK_EQ_INT(td_engine_add(e, &k1, "t", 10, &sk), TD_OK);
    CHECK_EQ_INT(td_engine_add(e, &k2, "t", 11, &sk), TD_OK);
    CHECK_EQ_STR(td_engine_article_title(e, 4), kw);
    CHECK_EQ_STR(td_engine_article_title(e, 5), "Library reopens after repairs");
    td_engine_free(e);
}

/* A name key stands for every spelling of a name; a story's label spells
 * it as an English article does, whichever article came first. */
void test_engine_label_english(void)
{
    static const char *const A[][3] = {
        {"n1", "Poetin ontvangt Scholz in Moskou",
         "De Russische president Poetin heeft bondskanselier Scholz ontvangen in Moskou. "
         "Poetin en Scholz spraken over gas."},
        {"e1", "Putin meets Scholz in Moscow",
         "Russian President Putin received Chancellor Scholz in Moscow. Putin and Scholz "
         "discussed gas supplies."},
    };
    td_engine *e;
    td_options o;
    td_options_init(&o);
    CHECK_EQ_INT(td_engine_new(&o, &e), TD_OK);
    for (int i = 0; i < 2; i++) {
        td_article a = mk(A[i][0], A[i][1], A[i][2], "2022-02-15");
        a.lang = i ? "en" : "nl";
        a.lang_len = 2;
        uint32_t s;
        CHECK_EQ_INT(td_engine_add(e, &a, "t", (unsigned long)i + 1, &s), TD_OK);
    }
    FILE *fp = tmpfile();
    CHECK_EQ_INT(td_engine_write_stories_jsonl(e, fp), TD_OK);
    rewind(fp);
    char all[8192];
    size_t got = fread(all, 1, sizeof all - 1, fp);
    all[got] = 0;
    fclose(fp);
    CHECK(strstr(all, "\"label\":\"") && strstr(all, "Putin") && !strstr(all, "Poetin"),
          "labels spell the name as English does: %s", all);
    td_engine_free(e);

    /* name keys are lossy (French and Frank share one): a label spells a
     * name as the story's own articles do */
    static const char *const B[][3] = {
        {"f1", "French farmers block Paris ring road",
         "French farmers blocked the ring road around Paris with tractors. The French "
         "union said the protest would go on."},
        {"k1", "Frank Moreels calls Antwerp port strike",
         "Union leader Frank Moreels called a strike in the port of Antwerp. Moreels said "
         "Frank talks with the government had failed."},
    };
    CHECK_EQ_INT(td_engine_new(&o, &e), TD_OK);
    for (int i = 0; i < 2; i++) {
        td_article a = mk(B[i][0], B[i][1], B[i][2], "2022-02-15");
        uint32_t s;
        CHECK_EQ_INT(td_engine_add(e, &a, "t", (unsigned long)i + 1, &s), TD_OK);
    }
    fp = tmpfile();
    CHECK_EQ_INT(td_engine_write_stories_jsonl(e, fp), TD_OK);
    rewind(fp);
    got = fread(all, 1, sizeof all - 1, fp);
    all[got] = 0;
    fclose(fp);
    /* the line of the strike story */
    char *line = strstr(all, "Moreels");
    while (line && line > all && line[-1] != '\n')
        line--;
    char *end = line ? strchr(line, '\n') : NULL;
    if (end)
        *end = 0;
    CHECK(line && strstr(line, "\"label\":\"") && strstr(line, "Frank") && !strstr(line, "French"),
          "the strike story's label says nothing of French: %s", line ? line : all);
    td_engine_free(e);
}

/* Every weight of every article vector is positive: a share of a mention
 * (a dictionary sense less common than the first, an abjad key of a word
 * the dictionary knows) is a small weight, not a negative one. */
void test_engine_weights_positive(void)
{
    td_engine *e;
    td_options o;
    td_options_init(&o);
    CHECK_EQ_INT(td_engine_new(&o, &e), TD_OK);
    /* "Streik" is "strike", and "stoppage" a third as often: once in the
     * body that sense counts a third */
    td_article a = mk("a1", "Hafenarbeiter legen Rotterdam lahm",
                      "Die Hafenarbeiter in Rotterdam haben am Dienstag die Arbeit niedergelegt.\n\n"
                      "Die Gewerkschaft spricht von einem Streik von vierundzwanzig Stunden.",
                      NULL);
    a.lang = "de";
    a.lang_len = 2;
    uint32_t s;
    CHECK_EQ_INT(td_engine_add(e, &a, "t", 1, &s), TD_OK);
    const art *x = &e->arts[0];
    const svec *v[] = {&x->text, &x->v->ents, &x->v->cons, &x->v->geo, &x->v->ttl, &x->v->nums};
    size_t bad = 0, all = 0;
    for (size_t k = 0; k < TD_ARRAY_LEN(v); k++)
        for (uint32_t i = 0; i < v[k]->n; i++, all++)
            bad += !(svec_w(v[k])[i] > 0);
    CHECK(all > 10 && bad == 0, "%zu of %zu weights not positive", bad, all);
    td_engine_free(e);
}

void test_engine_batch_threads(void)
{
    /* the same input gives the same stories for 1 and 4 threads, and the
     * batch order follows the dates */
    td_article a[40];
    char ids[40][16];
    for (int i = 0; i < 40; i++) {
        snprintf(ids[i], sizeof ids[i], "x%02d", i);
        int k = i % 4;
        a[i] = mk(ids[i], T[k][1], T[k][2], T[k][3]);
    }
    uint32_t s1[40], s4[40];
    int rc1[40], rc4[40];
    td_options o;
    td_options_init(&o);
    td_engine *e1, *e4;
    td_engine_new(&o, &e1);
    td_engine_add_batch(e1, a, 40, NULL, NULL, rc1, s1);
    o.threads = 4;
    td_engine_new(&o, &e4);
    td_engine_add_batch(e4, a, 40, NULL, NULL, rc4, s4);
    int same = 1;
    for (int i = 0; i < 40; i++)
        same &= s1[i] == s4[i] && rc1[i] == rc4[i];
    CHECK(same, "1 and 4 threads agree");
    CHECK(s1[0] == s1[4] && s1[0] == s1[1] && s1[2] == s1[3] && s1[0] != s1[2],
          "grouping by event");
    /* the rate story (July) was processed before the storm (October) */
    CHECK(s1[2] < s1[0], "date order: story of July %u before October %u", s1[2], s1[0]);
    td_engine_free(e1);
    td_engine_free(e4);
}

/* td_engine_add_batch_cb: each article is handed back once, after which
 * the engine never reads it (here its text and title are freed and the
 * pointers cleared: the ASan build catches any later read), and the
 * stories are those of td_engine_add_batch. */
typedef struct handed {
    td_article *a;
    int *calls; /* by index into a */
} handed;

static void hand_back(void *user, size_t i)
{
    handed *h = user;
    h->calls[i]++;
    xfree((void *)h->a[i].text);
    xfree((void *)h->a[i].title);
    h->a[i].text = h->a[i].title = NULL;
    h->a[i].text_len = h->a[i].title_len = 0;
}

void test_engine_batch_release(void)
{
    td_article ref[40], a[40];
    char ids[40][16];
    for (int i = 0; i < 40; i++) {
        snprintf(ids[i], sizeof ids[i], "x%02d", i);
        int k = i % 4;
        ref[i] = mk(ids[i], T[k][1], T[k][2], T[k][3]);
        a[i] = ref[i];
        a[i].text = xstrdup(ref[i].text);
        a[i].title = ref[i].title ? xstrdup(ref[i].title) : NULL;
    }
    xfree((void *)a[7].text);
    xfree((void *)a[7].title);
    a[7] = a[6]; /* a duplicate id: skipped, still handed back */
    a[7].text = xstrdup(ref[6].text);
    a[7].title = ref[6].title ? xstrdup(ref[6].title) : NULL;
    ref[7] = ref[6];
    uint32_t s1[40], s2[40];
    int rc1[40], rc2[40];
    td_options o;
    td_options_init(&o);
    o.threads = 2;
    td_engine *e1, *e2;
    td_engine_new(&o, &e1);
    td_engine_add_batch(e1, ref, 40, NULL, NULL, rc1, s1);
    td_engine_new(&o, &e2);
    int calls[40] = {0};
    handed h = {a, calls};
    td_engine_add_batch_cb(e2, a, 40, NULL, NULL, rc2, s2, hand_back, &h);
    int same = 1, once = 1;
    for (int i = 0; i < 40; i++) {
        same &= s1[i] == s2[i] && rc1[i] == rc2[i];
        once &= h.calls[i] == 1 && a[i].text == NULL;
    }
    CHECK(same, "the same stories when the articles are handed back");
    CHECK(once, "every article handed back exactly once");
    CHECK_EQ_INT(rc2[7], TD_ERR_DUPLICATE);
    int titles = td_engine_n_articles(e1) == td_engine_n_articles(e2);
    for (size_t k = 0; titles && k < td_engine_n_articles(e1); k++) {
        const char *t1 = td_engine_article_title(e1, k), *t2 = td_engine_article_title(e2, k);
        titles = (!t1 && !t2) || (t1 && t2 && !strcmp(t1, t2));
    }
    CHECK(titles, "the engine kept its own copies of the titles");
    td_engine_free(e1);
    td_engine_free(e2);
}

/* Batches longer than a block (512 articles) are analysed a block ahead of
 * their assignment: the stories are the same for 1 and 3 threads, every
 * article is handed back once, and nothing reads a handed-back text (the
 * ASan build). A made-up word that changes every 97 articles gives each
 * stretch of the batch some vocabulary of its own. */
void test_engine_batch_blocks(void)
{
    enum { N = 1300 };
    td_article *a[2];
    char(*ids)[16] = xcalloc(N, sizeof *ids);
    uint32_t *st[2];
    int *rc[2];
    td_engine *e[2];
    handed h[2];
    for (int r = 0; r < 2; r++) {
        a[r] = xcalloc(N, sizeof *a[r]);
        st[r] = xcalloc(N, sizeof *st[r]);
        rc[r] = xcalloc(N, sizeof *rc[r]);
        h[r].a = a[r];
        h[r].calls = xcalloc(N, sizeof *h[r].calls);
        for (int i = 0; i < N; i++) {
            snprintf(ids[i], sizeof ids[i], "b%04d", i);
            int k = i % 4;
            char text[512];
            snprintf(text, sizeof text, "%s Report number zq%dx.", T[k][2], i / 97);
            a[r][i] = mk(ids[i], NULL, "", T[k][3]);
            a[r][i].text = xstrdup(text);
            a[r][i].text_len = strlen(text);
            a[r][i].title = xstrdup(T[k][1]);
            a[r][i].title_len = strlen(T[k][1]);
        }
        td_options o;
        td_options_init(&o);
        o.threads = r ? 3 : 1;
        td_engine_new(&o, &e[r]);
        td_engine_add_batch_cb(e[r], a[r], N, NULL, NULL, rc[r], st[r], hand_back, &h[r]);
    }
    int same = 1, once = 1;
    for (int i = 0; i < N; i++) {
        same &= st[0][i] == st[1][i] && rc[0][i] == rc[1][i] && rc[0][i] == TD_OK;
        once &= h[0].calls[i] == 1 && h[1].calls[i] == 1;
    }
    CHECK(same, "three blocks: 1 and 3 threads give the same stories");
    CHECK(once, "every article handed back once");
    CHECK(st[0][0] == st[0][N - 4] && st[0][2] == st[0][N - 2] && st[0][0] != st[0][2],
          "the events of the first block and of the last agree: %u %u, %u %u", st[0][0],
          st[0][N - 4], st[0][2], st[0][N - 2]);
    for (int r = 0; r < 2; r++) {
        td_engine_free(e[r]);
        xfree(a[r]);
        xfree(st[r]);
        xfree(rc[r]);
        xfree(h[r].calls);
    }
    xfree(ids);
}

/* Each stage of the pipeline changes the outcome of a small case: if a
 * stage were disabled, one of these would fail. */
void test_stages_matter(void)
{
    td_options o;
    td_options_init(&o);
    struct {
        const char *why;
        td_article a, b;
        int together;
    } cases[] = {
        /* cleaning: shared boilerplate alone must not join two articles */
        {"noise removal",
         mk("n1", "Harbour reopens", "The harbour of Kiel reopened after repairs.\n"
            "Please enter your comment!\nPlease enter your name here\nShare this article\n"
            "Accessibility links\nWe use cookies to improve your experience.", NULL),
         mk("n2", "Orchestra tours", "The Leipzig orchestra starts a tour of Japan.\n"
            "Please enter your comment!\nPlease enter your name here\nShare this article\n"
            "Accessibility links\nWe use cookies to improve your experience.", NULL),
         0},
        /* stemming: only inflected forms are shared */
        {"stemming",
         mk("m1", "Elections postponed", "Regional elections were postponed; observers "
            "questioned the postponement of voting in provinces.", NULL),
         mk("m2", "Election postponing", "Observer questions regional election, "
            "postponing vote in province.", NULL),
         1},
        /* stopwords: only function words are shared */
        {"stopwords",
         mk("w1", "It was on the", "It was on the table and it was not for them but "
            "for us, and all of that was there.", NULL),
         mk("w2", "It was on the", "It was on the roof and it was not for them but for "
            "us, and all of that was there.", NULL),
         0},
        /* dates: the same story text far apart in time is two stories */
        {"time window",
         mk("d1", "Dock strike in Kiel", "Dockworkers in Kiel went on strike over pay.",
            "2020-01-10"),
         mk("d2", "Dock strike in Kiel", "Dockworkers in Kiel went on strike over pay.",
            "2024-06-10"),
         0},
    };
    for (size_t i = 0; i < TD_ARRAY_LEN(cases); i++) {
        td_engine *e;
        td_engine_new(&o, &e);
        uint32_t sa, sb;
        td_engine_add(e, &cases[i].a, NULL, 0, &sa);
        td_engine_add(e, &cases[i].b, NULL, 0, &sb);
        CHECK((sa == sb) == cases[i].together, "%s: stories %u %u", cases[i].why, sa, sb);
        td_engine_free(e);
    }
}

/* Read a whole temporary file into a string (xfree it). */
static char *slurp_tmp(FILE *fp)
{
    long n = ftell(fp);
    char *b = xmalloc((size_t)(n > 0 ? n : 0) + 1);
    rewind(fp);
    size_t got = n > 0 ? fread(b, 1, (size_t)n, fp) : 0;
    b[got] = 0;
    return b;
}

/* The live window (30 days here) changes memory, not stories: 24 events
 * four days apart, three reports each, clustered with and without closing,
 * give the same stories, labels and article order, and the closing engine
 * holds less; one that keeps only what stories need (stories_only) gives
 * them too, in less again, and keeps no article's entities. */
void test_engine_live_window(void)
{
    enum { EV = 24, PER = 3, N = EV * PER };
    static const char *const syl[] = {"ka", "to", "ri", "me", "sa", "lo", "ven", "dra",
                                      "ne", "mi", "sto", "ber", "an", "el", "or", "un"};
    static char ids[N][32], dates[N][32], titles[N][128], texts[N][640];
    td_article a[N];
    for (int ev = 0; ev < EV; ev++) {
        char w[6][10]; /* the event's own made-up names and words */
        for (int k = 0; k < 6; k++)
            snprintf(w[k], sizeof w[k], "%s%s%s", syl[(ev + k) % 16], syl[(ev * 3 + k * 5) % 16],
                     syl[(ev * 7 + k) % 16]);
        for (int k = 0; k < 3; k++)
            w[k][0] = (char)(w[k][0] - 32); /* names: capitalised */
        for (int r = 0; r < PER; r++) {
            int i = ev * PER + r;
            int day = 1 + ev * 4 + r; /* 2025-01-01 onwards, 96 days */
            snprintf(ids[i], sizeof ids[i], "e%02d-%d", ev, r);
            snprintf(dates[i], sizeof dates[i], "2025-%02d-%02d", 1 + (day - 1) / 28,
                     1 + (day - 1) % 28);
            snprintf(titles[i], sizeof titles[i], "%.9s meets %.9s in %.9s", w[0], w[1], w[2]);
            snprintf(texts[i], sizeof texts[i],
                     "The minister %.9s met %.9s in %.9s on Tuesday to discuss the %.9s and "
                     "the %.9s. Report %d says the talks on the %.9s went on for hours, and "
                     "%.9s promised more %.9s.",
                     w[0], w[1], w[2], w[3], w[4], r + 1, w[5], w[1], w[3]);
            a[i] = mk(ids[i], titles[i], texts[i], dates[i]);
        }
    }
    uint32_t st[3][N];
    int rc[3][N];
    char *out[3];
    td_stats stats[3];
    size_t ents_left = 0;
    for (int keep = 0; keep < 3; keep++) {
        td_options o;
        td_options_init(&o);
        o.keep_all = keep == 1;
        o.stories_only = keep == 2;
        o.live_days = 30;
        td_engine *e;
        CHECK_EQ_INT(td_engine_new(&o, &e), TD_OK);
        td_engine_add_batch(e, a, N, NULL, NULL, rc[keep], st[keep]);
        CHECK_EQ_INT(td_engine_check(e, stderr), TD_OK);
        td_engine_stats(e, &stats[keep]);
        for (size_t i = 0; keep == 2 && i < e->n_arts; i++)
            ents_left += e->arts[i].v->ents.n + e->arts[i].v->nums.n + e->arts[i].v->ttl.n;
        FILE *fp = tmpfile();
        CHECK_EQ_INT(td_engine_write_stories_jsonl(e, fp), TD_OK);
        CHECK_EQ_INT(td_engine_write_storylines(e, fp), TD_OK);
        out[keep] = slurp_tmp(fp);
        fclose(fp);
        td_engine_free(e);
    }
    int same = 1, grouped = 1;
    for (int i = 0; i < N; i++) {
        same &= st[0][i] == st[1][i] && rc[0][i] == rc[1][i];
        same &= st[0][i] == st[2][i] && rc[0][i] == rc[2][i];
        grouped &= st[0][i] == st[0][(i / PER) * PER];
    }
    CHECK(same && grouped, "stories agree (%d) and follow the events (%d)", same, grouped);
    CHECK(!strcmp(out[0], out[1]) && !strcmp(out[0], out[2]),
          "stories and storylines written alike");
    CHECK(stats[2].closed == stats[0].closed && stats[2].bytes < stats[0].bytes,
          "stories only: %zu closed, held %zu < %zu bytes", stats[2].closed, stats[2].bytes,
          stats[0].bytes);
    CHECK(ents_left == 0, "stories only: %zu entries left in articles' other vectors",
          ents_left);
    CHECK(stats[0].closed >= EV - 8 && stats[1].closed == 0, "closed %zu and %zu",
          stats[0].closed, stats[1].closed);
    CHECK(stats[0].bytes < stats[1].bytes, "held %zu < %zu bytes", stats[0].bytes,
          stats[1].bytes);
    for (int k = 0; k < 3; k++)
        xfree(out[k]);
}
