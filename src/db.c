/* db.c -- the living news desk: td_db_* of tidings.h.
 *
 * The database is the record: articles as given, the story each got, the
 * stories as they are now, and their history. The in-memory engine is
 * rebuilt from it on open by replaying the stored articles in their
 * stored order (the engine is deterministic, so the replay reproduces the
 * stored assignments; td_db_check verifies it). Before each write
 * transaction a writer replays what other processes stored since it last
 * looked, so the CLI and the server can share one file.
 */
#include "td_config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "engine_int.h"
#include "json.h"
#include "store.h"
#include "td_limits.h"
#include "xmalloc.h"

/* Storylines are rewritten after every ingest while the database holds
 * fewer than STORYLINE_EVERY stories; past that, whenever the number of
 * stories has grown by STORYLINE_GROWTH since the last time, so that the
 * work over a long stream stays O(n log n), not O(n^2). */
#define STORYLINE_EVERY 2000
#define STORYLINE_GROWTH 1.05

struct td_db {
    store *st;
    td_engine *e;
    size_t lines_at;       /* stories when storylines were last written */
    int64_t next_seq;      /* the engine holds articles 0..next_seq-1 */
    unsigned long mismatches;
};

void td_free(void *p)
{
    xfree(p);
}

static void now_iso(char out[32])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

typedef struct replay_ctx {
    td_db *db;
    int rc;
} replay_ctx;

static int replay_one(void *user, const store_article *r)
{
    replay_ctx *x = user;
    td_db *db = x->db;
    if (r->seq != (int64_t)td_engine_n_articles(db->e))
        return TD_ERR_STORE; /* a gap: store_check reports it */
    uint32_t story;
    int rc = td_engine_add(db->e, &r->a, "db", (unsigned long)r->seq, &story);
    if (rc != TD_OK && rc != TD_ERR_EMPTY)
        return TD_ERR_STORE;
    if (db->e->arts[r->seq].story != r->story)
        db->mismatches++;
    db->next_seq = r->seq + 1;
    return TD_OK;
}

static int catch_up(td_db *db)
{
    replay_ctx x = {db, 0};
    return store_each_article(db->st, db->next_seq, replay_one, &x);
}

int td_db_open(const char *path, const td_options *o, td_db **out, char *err, size_t errlen)
{
    *out = NULL;
    err[0] = 0;
    td_db *db = xcalloc(1, sizeof *db);
    int rc = store_open(path, 0, &db->st, err, errlen);
    if (rc) {
        xfree(db);
        return rc;
    }
    td_options opt;
    if (o)
        opt = *o;
    else
        td_options_init(&opt);
    opt.diag = NULL; /* stored articles were reported when they came in */
    if (td_engine_new(&opt, &db->e)) {
        snprintf(err, errlen, "%s: cannot start the engine", path);
        td_db_close(db);
        return TD_ERR_INTERNAL;
    }
    db->e->opt.diag = o ? o->diag : NULL;
    db->e->opt.diag_user = o ? o->diag_user : NULL;
    td_diag_fn keep = db->e->opt.diag;
    db->e->opt.diag = NULL;
    rc = catch_up(db);
    db->e->opt.diag = keep;
    if (rc) {
        snprintf(err, errlen, "%s: cannot read the stored articles: %s", path,
                 store_errmsg(db->st));
        td_db_close(db);
        return rc;
    }
    *out = db;
    return TD_OK;
}

void td_db_close(td_db *db)
{
    if (!db)
        return;
    td_engine_free(db->e);
    store_close(db->st);
    xfree(db);
}

/* Write the current state of story s. */
static int put_story(td_db *db, uint32_t s, const char *now)
{
    story_info si;
    engine_story_info(db->e, s, &si);
    store_story r = {s, si.label, si.title, si.langs_json, si.sources_json,
                     si.first[0] ? si.first : NULL, si.last[0] ? si.last : NULL,
                     (int64_t)si.size, (int64_t)si.n_langs, (int64_t)si.n_sources,
                     (int64_t)si.recent, now};
    int rc = store_put_story(db->st, &r);
    engine_story_info_release(&si);
    return rc;
}

int td_db_ingest(td_db *db, const td_article *a, size_t n, const char *const *files,
                 const unsigned long *lines, int *rcs, uint32_t *stories)
{
    char now[32];
    now_iso(now);
    for (size_t i = 0; i < n; i++) {
        rcs[i] = TD_OK;
        stories[i] = 0;
    }
    int rc = store_begin(db->st);
    if (rc)
        return rc;
    rc = catch_up(db);
    if (rc) {
        store_rollback(db->st);
        return rc;
    }
    size_t before = td_engine_n_articles(db->e), merges_before = td_engine_n_merges(db->e);
    uint32_t *st_tmp = xmalloc((n ? n : 1) * sizeof *st_tmp);
    /* articles already stored: a no-op, answered with their story */
    td_article *fresh = xmalloc((n ? n : 1) * sizeof *fresh);
    const char **ffiles = xmalloc((n ? n : 1) * sizeof *ffiles);
    unsigned long *flines = xmalloc((n ? n : 1) * sizeof *flines);
    size_t *from = xmalloc((n ? n : 1) * sizeof *from);
    int *frcs = xmalloc((n ? n : 1) * sizeof *frcs);
    uint32_t *fst = xmalloc((n ? n : 1) * sizeof *fst);
    size_t nf = 0;
    for (size_t j = 0; j < n; j++) {
        long old = a[j].id_len ? engine_find(db->e, a[j].id, a[j].id_len) : -1;
        st_tmp[j] = UINT32_MAX;
        if (old >= 0) {
            rcs[j] = TD_ERR_DUPLICATE;
            stories[j] = td_engine_article_story(db->e, (size_t)old) + 1;
            continue;
        }
        fresh[nf] = a[j];
        ffiles[nf] = files ? files[j] : NULL;
        flines[nf] = lines ? lines[j] : 0;
        from[nf++] = j;
    }
    td_engine_add_batch(db->e, fresh, nf, ffiles, flines, frcs, fst);
    for (size_t f = 0; f < nf; f++) {
        rcs[from[f]] = frcs[f];
        st_tmp[from[f]] = fst[f];
    }
    xfree(fresh);
    xfree(ffiles);
    xfree(flines);
    xfree(from);
    xfree(frcs);
    xfree(fst);
    size_t after = td_engine_n_articles(db->e);
    /* the new articles are engine indexes before..after (processing
     * order); row_of maps each back to its input row */
    long *row_of = xmalloc((after - before + 1) * sizeof *row_of);
    for (size_t i = 0; i < after - before; i++)
        row_of[i] = -1;
    for (size_t j = 0; j < n; j++) {
        if ((rcs[j] != TD_OK && rcs[j] != TD_ERR_EMPTY) || st_tmp[j] == UINT32_MAX)
            continue;
        long i = engine_find(db->e, a[j].id, a[j].id_len);
        if (i >= (long)before)
            row_of[i - (long)before] = (long)j;
    }
    uint32_t *touched = xmalloc((after - before + td_engine_n_merges(db->e) + 1) *
                                sizeof *touched);
    size_t n_touched = 0;
    for (size_t i = before; i < after && !rc; i++) {
        const art *x = &db->e->arts[i];
        long k = row_of[i - before];
        char *ents = engine_article_entities_json(db->e, i);
        char *terms = engine_article_terms_json(db->e, i);
        char *dates = engine_article_dates_json(db->e, i);
        store_article r;
        memset(&r, 0, sizeof r);
        r.seq = (int64_t)i;
        if (k >= 0)
            r.a = a[k];
        r.lang = x->lang;
        r.clean_title = x->title;
        r.story = x->story;
        r.score = x->best_score;
        r.added = now;
        r.entities = ents;
        r.terms = terms;
        r.dates = dates;
        rc = k < 0 ? TD_ERR_INTERNAL : store_put_article(db->st, &r);
        if (!rc)
            rc = store_set_membership(db->st, (int64_t)i, td_engine_article_story(db->e, i));
        if (!rc) {
            int opened = x->best_story == UINT32_MAX || x->best_story != x->story ||
                         x->best_score < cluster_params_of(db->e->cl)->threshold;
            char detail[96];
            snprintf(detail, sizeof detail, "score %.4f", x->best_score);
            rc = store_add_history(db->st, x->story, now, opened ? "opened" : "joined", x->id,
                                   opened ? NULL : detail);
        }
        touched[n_touched++] = td_engine_article_story(db->e, i);
        xfree(ents);
        xfree(terms);
        xfree(dates);
    }
    for (size_t m = merges_before; m < td_engine_n_merges(db->e) && !rc; m++) {
        td_merge mg;
        td_engine_merge(db->e, m, &mg);
        uint32_t gone = mg.gone, keep = mg.keep;
        size_t ai = mg.article;
        char detail[160];
        if (mg.lone)
            snprintf(detail, sizeof detail,
                     "story %u (one article) absorbed into %u: its score %.4f, threshold %.4f",
                     gone + 1, keep + 1, mg.score, mg.thr);
        else
            snprintf(detail, sizeof detail, "story %u absorbed into %u: centroid cosine %.4f",
                     gone + 1, keep + 1, mg.score);
        rc = put_story(db, gone, now); /* make sure the row exists */
        if (!rc)
            rc = store_redirect(db->st, gone, keep, now);
        if (!rc)
            rc = store_add_history(db->st, keep, now, "merged", db->e->arts[ai].id, detail);
        if (!rc)
            rc = store_add_history(db->st, gone, now, "redirected", db->e->arts[ai].id, detail);
        touched[n_touched++] = keep;
    }
    for (size_t t = 0; t < n_touched && !rc; t++) {
        int dup = 0;
        for (size_t u = 0; u < t; u++)
            dup |= touched[u] == touched[t];
        if (!dup)
            rc = put_story(db, touched[t], now);
    }
    /* storylines may change for any story: write those that did (the
     * statement only touches rows whose value differs) */
    size_t ns = cluster_n_stories(db->e->cl);
    if (ns < STORYLINE_EVERY || (double)ns >= (double)db->lines_at * STORYLINE_GROWTH) {
        for (uint32_t st = 0; st < (uint32_t)ns && !rc; st++)
            if (!cluster_is_merged(db->e->cl, st))
                rc = store_set_storyline(db->st, st, td_engine_storyline(db->e, st));
        if (!rc)
            db->lines_at = ns;
    }
    if (!rc)
        rc = store_commit(db->st);
    if (rc) {
        /* nothing was stored: the engine now holds articles the store does
         * not, so rebuild it from the store */
        store_rollback(db->st);
        td_options o = db->e->opt;
        td_engine *rebuilt;
        if (td_engine_new(&o, &rebuilt) == TD_OK) {
            td_engine_free(db->e);
            db->e = rebuilt;
            db->next_seq = 0;
            rebuilt->opt.diag = NULL;
            (void)catch_up(db);
            rebuilt->opt.diag = o.diag;
        }
        for (size_t i = 0; i < n; i++) {
            if (rcs[i] == TD_OK || rcs[i] == TD_ERR_EMPTY)
                rcs[i] = rc;
            if (rcs[i] != TD_ERR_DUPLICATE || st_tmp[i] != UINT32_MAX)
                stories[i] = 0;
        }
    } else {
        db->next_seq = (int64_t)after;
        for (size_t i = 0; i < n; i++)
            if (st_tmp[i] != UINT32_MAX)
                stories[i] = td_engine_story_redirect(db->e, st_tmp[i]) + 1;
    }
    xfree(touched);
    xfree(row_of);
    xfree(st_tmp);
    return rc;
}

static int finish_json(buf *b, int rc, char **json, size_t *len)
{
    if (rc) {
        buf_release(b);
        *json = NULL;
        if (len)
            *len = 0;
        return rc;
    }
    *json = buf_take(b, len);
    return TD_OK;
}

int td_db_stories_json(td_db *db, const td_db_query *q, char **json, size_t *len)
{
    buf b;
    buf_init(&b, (size_t)64 << 20);
    store_query sq = {q ? q->since : NULL, q ? q->lang : NULL, q ? q->text : NULL,
                      q ? q->limit : 0, q ? q->offset : 0};
    return finish_json(&b, store_stories_json(db->st, &sq, &b), json, len);
}

int td_db_stories_text(td_db *db, const td_db_query *q, int format, FILE *fp)
{
    char *json;
    size_t len;
    int rc = td_db_stories_json(db, q, &json, &len);
    if (rc)
        return rc;
    json_doc *d;
    json_err e;
    rc = json_doc_parse(json, len, &d, &e) ? TD_ERR_INTERNAL : TD_OK;
    size_t n = rc ? 0 : json_doc_array_len(d, "stories");
    for (size_t i = 0; i < n && !rc; i++) {
        size_t el;
        char *row = json_doc_array_item(d, "stories", i, &el);
        if (format == TD_JSONL) {
            fwrite(row, 1, el, fp);
            fputc('\n', fp);
        } else {
            json_doc *r;
            if (!json_doc_parse(row, el, &r, &e)) {
                size_t k;
                const char *id = json_field_str(r, "id", &k, 1);
                char idb[24];
                snprintf(idb, sizeof idb, "%.*s", (int)(id ? k : 0), id ? id : "");
                const char *size = json_field_str(r, "size", &k, 1);
                char szb[24];
                snprintf(szb, sizeof szb, "%.*s", (int)(size ? k : 0), size ? size : "");
                const char *title = json_field_str(r, "title", &k, 0);
                int tl = (int)(title ? k : 0);
                const char *label = json_field_str(r, "label", &k, 0);
                fprintf(fp, "%5s  %4s  %.*s\n             %.*s\n", idb, szb, tl,
                        title ? title : "", (int)(label ? k : 0), label ? label : "");
                json_doc_free(r);
            }
        }
        xfree(row);
    }
    if (d && !rc)
        json_doc_free(d);
    td_free(json);
    return rc ? rc : ferror(fp) ? TD_ERR_IO : TD_OK;
}

int td_db_story_json(td_db *db, long id, char **json, size_t *len)
{
    buf b;
    buf_init(&b, (size_t)64 << 20);
    return finish_json(&b, store_story_json(db->st, id, &b), json, len);
}

int td_db_article_json(td_db *db, const char *id, char **json, size_t *len)
{
    buf b;
    buf_init(&b, (size_t)64 << 20);
    return finish_json(&b, store_article_json(db->st, id, &b), json, len);
}

typedef struct near {
    uint32_t art;
    double score;
} near;

static int cmp_near(const void *x, const void *y)
{
    const near *a = x, *b = y;
    if (a->score != b->score)
        return a->score > b->score ? -1 : 1;
    return a->art < b->art ? -1 : a->art > b->art;
}

int td_db_similar_json(td_db *db, const char *id, int k, char **json, size_t *len)
{
    /* others may have stored articles since we last looked */
    if (catch_up(db))
        return TD_ERR_STORE;
    long i = engine_find(db->e, id, strlen(id));
    if (i < 0)
        return TD_ERR_NOT_FOUND;
    if (k <= 0 || k > (int)TD_MAX_SIMILAR)
        k = 10;
    cluster_doc d;
    engine_doc_of(&db->e->arts[i], &d);
    uint32_t cands[TD_MAX_CANDIDATES];
    size_t nc = cluster_candidates(db->e->cl, &d, cands, TD_MAX_CANDIDATES);
    near *nb = NULL;
    size_t nn = 0, cap = 0;
    for (size_t c = 0; c < nc && nn < TD_MAX_SIMILAR_SCORED; c++) {
        size_t m;
        const uint32_t *mem = cluster_members(db->e->cl, cands[c], &m);
        for (size_t j = 0; j < m && nn < TD_MAX_SIMILAR_SCORED; j++) {
            if ((long)mem[j] == i)
                continue;
            cluster_doc o;
            engine_doc_of(&db->e->arts[mem[j]], &o);
            cluster_score sc;
            cluster_score_pair(db->e->cl, &d, &o, &sc);
            xgrow((void **)&nb, &cap, nn + 1, sizeof *nb);
            nb[nn++] = (near){mem[j], sc.max > 0 ? sc.score / sc.max : 0};
        }
    }
    if (nn)
        qsort(nb, nn, sizeof *nb, cmp_near);
    buf b;
    buf_init(&b, 1 << 20);
    buf_puts(&b, "{\"id\":");
    json_put_cstr(&b, db->e->arts[i].id);
    buf_puts(&b, ",\"similar\":[");
    for (size_t j = 0; j < nn && j < (size_t)k; j++) {
        const art *x = &db->e->arts[nb[j].art];
        if (j)
            buf_putc(&b, ',');
        buf_puts(&b, "{\"id\":");
        json_put_cstr(&b, x->id);
        buf_puts(&b, ",\"title\":");
        json_put_cstr(&b, x->title);
        buf_puts(&b, ",\"lang\":");
        json_put_cstr(&b, x->lang);
        buf_printf(&b, ",\"story\":%u,\"similarity\":", td_engine_article_story(db->e, nb[j].art) + 1);
        json_put_num(&b, nb[j].score < 0 ? 0 : nb[j].score > 1 ? 1 : nb[j].score);
        buf_putc(&b, '}');
    }
    buf_puts(&b, "]}");
    xfree(nb);
    return finish_json(&b, b.rc, json, len);
}

long td_db_n_articles(td_db *db)
{
    return (long)store_count(db->st, "articles");
}

long td_db_n_stories(td_db *db)
{
    return (long)store_count(db->st, "stories");
}

int td_db_check(td_db *db, FILE *fp)
{
    char err[512];
    if (store_check(db->st, err, sizeof err)) {
        fprintf(fp, "check failed: %s\n", err);
        return TD_ERR_STORE;
    }
    if (catch_up(db)) {
        fprintf(fp, "check failed: cannot replay the stored articles\n");
        return TD_ERR_STORE;
    }
    if (db->mismatches) {
        fprintf(fp, "check failed: %lu stored story assignments differ from the replay\n",
                db->mismatches);
        return TD_ERR_STORE;
    }
    if ((long)td_engine_n_articles(db->e) != td_db_n_articles(db) ||
        (long)td_engine_n_stories(db->e) != td_db_n_stories(db)) {
        fprintf(fp, "check failed: engine has %zu articles / %zu stories, store %ld / %ld\n",
                td_engine_n_articles(db->e), td_engine_n_stories(db->e), td_db_n_articles(db),
                td_db_n_stories(db));
        return TD_ERR_STORE;
    }
    return td_engine_check(db->e, fp) ? TD_ERR_STORE : TD_OK;
}
