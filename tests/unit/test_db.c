/* test_db.c -- the database: two runs equal one, stable ids, re-ingest,
 * merges and redirects, schema versions. */
#include "td_config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "json.h"
#include "tidings.h"
#include "xmalloc.h"

void test_db_runs(void);
void test_db_merges(void);
void test_db_schema(void);

/* The demo corpus, read with the library's reader. */
typedef struct corpus {
    td_input *in;
    td_article a[64];
    char *buf[64][3];
    size_t n;
} corpus;

static char *dupn(const char *s, size_t n)
{
    char *p = xmalloc(n + 1);
    if (p) {
        memcpy(p, s ? s : "", n);
        p[n] = 0;
    }
    return p;
}

static void load(corpus *c)
{
    memset(c, 0, sizeof *c);
    const char *paths[] = {"demo/articles.jsonl"};
    if (td_input_open(paths, 1, NULL, NULL, &c->in))
        return;
    td_article a;
    while (c->n < 64 && td_input_next(c->in, &a) == TD_OK) {
        td_article *d = &c->a[c->n];
        *d = a;
        d->id = c->buf[c->n][0] = dupn(a.id, a.id_len);
        d->text = c->buf[c->n][1] = dupn(a.text, a.text_len);
        d->title = c->buf[c->n][2] = dupn(a.title, a.title_len);
        d->lang = d->date = d->source = d->url = d->extra = NULL;
        d->lang_len = d->date_len = d->source_len = d->url_len = d->extra_len = 0;
        /* keep date and source: they matter for the order and cleaning */
        d->date = a.date ? dupn(a.date, a.date_len) : NULL;
        d->date_len = a.date_len;
        d->source = a.source ? dupn(a.source, a.source_len) : NULL;
        d->source_len = a.source_len;
        c->n++;
    }
    td_input_free(c->in);
}

static void unload(corpus *c)
{
    for (size_t i = 0; i < c->n; i++) {
        for (int k = 0; k < 3; k++)
            xfree(c->buf[i][k]);
        xfree((void *)c->a[i].date);
        xfree((void *)c->a[i].source);
    }
}

static long story_of(td_db *db, const char *id)
{
    char *json;
    size_t len;
    if (td_db_article_json(db, id, &json, &len))
        return -1;
    json_doc *d;
    json_err e;
    long v = -1;
    if (!json_doc_parse(json, len, &d, &e)) {
        size_t n;
        const char *s = json_field_str(d, "story", &n, 1);
        v = s ? strtol(s, NULL, 10) : -1;
        json_doc_free(d);
    }
    td_free(json);
    return v;
}

static void tmpname(char *out, size_t n, const char *tag)
{
    snprintf(out, n, "/tmp/td_test_%s_%ld.db", tag, (long)getpid());
    char side[300];
    unlink(out);
    snprintf(side, sizeof side, "%s-wal", out);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", out);
    unlink(side);
}

void test_db_runs(void)
{
    corpus c;
    load(&c);
    CHECK(c.n == 39, "demo corpus read: %zu", c.n);
    /* in processing order, so that splitting keeps the order */
    size_t order[64];
    td_processing_order(c.a, c.n, order);
    td_article sorted[64];
    for (size_t i = 0; i < c.n; i++)
        sorted[i] = c.a[order[i]];
    char p1[256], p2[256];
    tmpname(p1, sizeof p1, "one");
    tmpname(p2, sizeof p2, "two");
    char err[512];
    td_db *one, *two;
    CHECK_EQ_INT(td_db_open(p1, NULL, &one, err, sizeof err), TD_OK);
    CHECK_EQ_INT(td_db_open(p2, NULL, &two, err, sizeof err), TD_OK);
    int rcs[64];
    uint32_t st1[64], st2[64];
    CHECK_EQ_INT(td_db_ingest(one, sorted, c.n, NULL, NULL, rcs, st1), TD_OK);
    size_t half = c.n / 2;
    CHECK_EQ_INT(td_db_ingest(two, sorted, half, NULL, NULL, rcs, st2), TD_OK);
    td_db_close(two); /* the second run is another process in real life */
    CHECK_EQ_INT(td_db_open(p2, NULL, &two, err, sizeof err), TD_OK);
    CHECK_EQ_INT(td_db_ingest(two, sorted + half, c.n - half, NULL, NULL, rcs, st2 + half),
                 TD_OK);
    int same = 1, stable = 1;
    for (size_t i = 0; i < c.n; i++) {
        same &= st1[i] == st2[i] && story_of(one, sorted[i].id) == story_of(two, sorted[i].id);
        if (i < half)
            stable &= story_of(two, sorted[i].id) == (long)st2[i];
    }
    CHECK(same, "two runs give the same stories as one");
    CHECK(stable, "stories of the first run keep their ids");
    /* the same as `cluster` in memory */
    td_engine *e;
    td_options o;
    td_options_init(&o);
    td_engine_new(&o, &e);
    uint32_t ste[64];
    int rce[64];
    td_engine_add_batch(e, c.a, c.n, NULL, NULL, rce, ste);
    int as_cluster = 1;
    for (size_t i = 0; i < c.n; i++)
        as_cluster &= story_of(one, c.a[i].id) == (long)ste[i] + 1;
    CHECK(as_cluster, "ingest gives the stories of cluster");
    td_engine_free(e);

    /* re-ingest: a reported no-op */
    long n_before = td_db_n_articles(two), s_before = td_db_n_stories(two);
    uint32_t st3[64];
    CHECK_EQ_INT(td_db_ingest(two, sorted, 3, NULL, NULL, rcs, st3), TD_OK);
    CHECK(rcs[0] == TD_ERR_DUPLICATE && st3[0] == st2[0], "re-ingest answers the story");
    CHECK(td_db_n_articles(two) == n_before && td_db_n_stories(two) == s_before,
          "re-ingest stores nothing");
    CHECK_EQ_INT(td_db_check(two, stderr), TD_OK);
    CHECK_EQ_INT(td_db_check(one, stderr), TD_OK);

    /* queries */
    char *json;
    size_t len;
    td_db_query q = {NULL, "ru", NULL, 5, 0};
    CHECK_EQ_INT(td_db_stories_json(two, &q, &json, &len), TD_OK);
    CHECK(strstr(json, "Петрова") != NULL && strstr(json, "Rotterdam") == NULL,
          "lang filter: %.200s", json);
    td_free(json);
    q.lang = NULL;
    q.text = "Elowen";
    CHECK_EQ_INT(td_db_stories_json(two, &q, &json, &len), TD_OK);
    CHECK(strstr(json, "Elowen") && !strstr(json, "Petrova"), "text filter");
    td_free(json);
    CHECK_EQ_INT(td_db_story_json(two, 999999, &json, &len), TD_ERR_NOT_FOUND);
    CHECK_EQ_INT(td_db_story_json(two, (long)st2[0], &json, &len), TD_OK);
    CHECK(strstr(json, "\"timeline\":[{") && strstr(json, "\"history\":[{") &&
              strstr(json, sorted[0].id),
          "story json");
    td_free(json);
    CHECK_EQ_INT(td_db_similar_json(two, "c-es-1", 3, &json, &len), TD_OK);
    static const char nearest[] = "{\"id\":\"c-es-1\",\"similar\":[{\"id\":\"c-";
    CHECK(!strncmp(json, nearest, sizeof nearest - 1),
          "the nearest article reports the same storm: %s", json);
    td_free(json);
    CHECK_EQ_INT(td_db_similar_json(two, "nope", 3, &json, &len), TD_ERR_NOT_FOUND);
    td_db_close(one);
    td_db_close(two);
    tmpname(p1, sizeof p1, "one");
    tmpname(p2, sizeof p2, "two");
    unload(&c);
}

static td_article plain(const char *id, const char *text)
{
    td_article a;
    memset(&a, 0, sizeof a);
    a.id = id;
    a.id_len = strlen(id);
    a.text = text;
    a.text_len = strlen(text);
    return a;
}

void test_db_merges(void)
{
    /* m2 joins m1's story and also reaches m3's: their centroids are close,
     * so the younger story (m3's) is absorbed and redirects */
    td_article arts[3] = {
        plain("m1", "alpha bravo charlie delta echo foxtrot alpha bravo charlie delta echo "
                    "foxtrot"),
        plain("m3", "alpha bravo charlie golf hotel india alpha bravo charlie golf hotel "
                    "india"),
        plain("m2", "alpha bravo charlie delta echo golf alpha bravo charlie delta echo golf"),
    };
    char p[256], err[512];
    tmpname(p, sizeof p, "merge");
    td_options o;
    td_options_init(&o);
    /* CLD2 calls m1 "und" and the others "en", so m2 meets m1's story
     * across languages: no lead is asked of it here (x_margin) */
    o.params = "threshold=0.6,merge=0.5,w_ent=0,w_date=0,x_margin=0";
    td_db *db;
    CHECK_EQ_INT(td_db_open(p, &o, &db, err, sizeof err), TD_OK);
    int rcs[3];
    uint32_t st[3];
    CHECK_EQ_INT(td_db_ingest(db, arts, 2, NULL, NULL, rcs, st), TD_OK);
    CHECK(st[0] == 1 && st[1] == 2, "two stories first: %u %u", st[0], st[1]);
    CHECK_EQ_INT(td_db_ingest(db, arts + 2, 1, NULL, NULL, rcs, st + 2), TD_OK);
    CHECK_EQ_INT(st[2], 1);
    CHECK_EQ_INT(td_db_n_stories(db), 1);
    CHECK_EQ_INT(story_of(db, "m3"), 1); /* its membership moved */
    char *json;
    size_t len;
    CHECK_EQ_INT(td_db_story_json(db, 2, &json, &len), TD_OK);
    CHECK(strstr(json, "\"id\":1,") && strstr(json, "\"redirected_from\":2") &&
              strstr(json, "\"event\":\"merged\"") && strstr(json, "\"m3\""),
          "story 2 redirects to 1, whose history records the merge: %.300s", json);
    td_free(json);
    CHECK_EQ_INT(td_db_check(db, stderr), TD_OK);
    td_db_close(db);
    /* reopening replays the same merge */
    CHECK_EQ_INT(td_db_open(p, &o, &db, err, sizeof err), TD_OK);
    CHECK_EQ_INT(td_db_check(db, stderr), TD_OK);
    CHECK_EQ_INT(td_db_n_stories(db), 1);
    td_db_close(db);
    tmpname(p, sizeof p, "merge");
}

void test_db_schema(void)
{
    char p[256], err[512];
    tmpname(p, sizeof p, "schema");
    /* not a database */
    FILE *fp = fopen(p, "w");
    if (fp) {
        fputs("this is not a database, just text that is long enough to matter\n", fp);
        fclose(fp);
    }
    td_db *db;
    CHECK(td_db_open(p, NULL, &db, err, sizeof err) != TD_OK && db == NULL, "text file refused");
    CHECK(strstr(err, p) != NULL, "error names the file: %s", err);
    tmpname(p, sizeof p, "schema");
    /* an empty file is a new database at the current version */
    fp = fopen(p, "w");
    if (fp)
        fclose(fp);
    CHECK_EQ_INT(td_db_open(p, NULL, &db, err, sizeof err), TD_OK);
    CHECK_EQ_INT(td_db_n_articles(db), 0);
    CHECK_EQ_INT(td_db_check(db, stderr), TD_OK);
    td_db_close(db);
    tmpname(p, sizeof p, "schema");
    /* a directory that does not exist */
    CHECK(td_db_open("/nonexistent/dir/x.db", NULL, &db, err, sizeof err) != TD_OK,
          "missing directory");
    CHECK(strstr(err, "/nonexistent/dir/x.db") != NULL, "names the path: %s", err);
}
