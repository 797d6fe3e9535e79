/* pair.c -- pair similarity on seven dimensions, and training the models
 * (pair.h, lmodel.h, docs/MODELS.md). */
#include "td_config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "buf.h"
#include "diag.h"
#include "json.h"
#include "pair.h"
#include "td_limits.h"
#include "xmalloc.h"

extern const unsigned char models_pair_tsv[], models_join_tsv[];
extern const size_t models_pair_tsv_len, models_join_tsv_len;

const char *const pair_feat[PAIR_NFEAT] = {
    "text",     /* native-term cosine, chance-corrected (0 across languages) */
    "text_raw", /* native-term cosine (across languages: numbers, cognates) */
    "ent",      /* entity-key cosine */
    "con",      /* English pivot concept cosine */
    "geo",      /* cosine of the places named */
    "title",    /* cosine of the titles' native terms */
    "dates",    /* share of day-precise mentioned dates in common */
    "gap",      /* log(1 + days between publication dates), 0 when unknown */
    "undated",  /* 1 when either publication date is unknown */
    "cross",    /* 1 when the languages differ */
    "x_ent",    /* cross * ent */
    "x_con",    /* cross * con */
    "len_ratio", /* |log(tokens a / tokens b)| */
    "len_min",  /* log(1 + tokens of the shorter) */
    "text_sqrt", /* sqrt(text): the scale of small cosines */
    "ent_sqrt", /* sqrt(ent) */
    "con_sqrt", /* sqrt(con) */
    "title_sqrt", /* sqrt(title) */
    "text_ent", /* sqrt(text * ent): both views agree */
    "ent_shared", /* log(1 + entity keys in common) */
    "con_shared", /* log(1 + pivot concepts in common) */
    "same_story", /* 1 when the clustering put both in one story */
};

const char *const pair_targets[PAIR_NMODEL] = {
    "overall", "geography", "entities", "time", "narrative", "style", "tone",
    /* the same, for two articles in different languages */
    "overall_x", "geography_x", "entities_x", "time_x", "narrative_x", "style_x", "tone_x",
};

/* Which pairs train each target: those within one language (0) or across
 * (1), by the feature "cross". */
#define PAIR_CROSS 9
static const signed char pair_target_cross[PAIR_NMODEL] = {0, 0, 0, 0, 0, 0, 0,
                                                            1, 1, 1, 1, 1, 1, 1};

/* Entries two sorted vectors have in common. */
static size_t n_shared(const svec *a, const svec *b)
{
    size_t i = 0, j = 0, k = 0;
    while (i < a->n && j < b->n) {
        if (a->ids[i] < b->ids[j])
            i++;
        else if (a->ids[i] > b->ids[j])
            j++;
        else
            k++, i++, j++;
    }
    return k;
}

void pair_features(const td_engine *e, const art *a, const art *b, double *x)
{
    cluster_doc da, db;
    cluster_score ab, ba;
    engine_doc_of(a, &da);
    engine_doc_of(b, &db);
    cluster_score_pair(e->cl, &da, &db, &ab);
    cluster_score_pair(e->cl, &db, &da, &ba);
    int cross = strcmp(a->lang, b->lang) != 0;
    double text = cross ? 0 : (ab.text + ba.text) / 2;
    double ent = svec_dot(&a->v->ents, &b->v->ents), con = svec_dot(&a->v->cons, &b->v->cons);
    double ta = a->n_tokens + 1.0, tb = b->n_tokens + 1.0;
    int undated = a->date_days == FEAT_DATE_NONE || b->date_days == FEAT_DATE_NONE;
    x[0] = text;
    x[1] = svec_dot(&a->text, &b->text);
    x[2] = ent;
    x[3] = con;
    x[4] = svec_dot(&a->v->geo, &b->v->geo);
    x[5] = svec_dot(&a->v->ttl, &b->v->ttl);
    x[6] = (ab.date + ba.date) / 2;
    x[7] = undated ? 0 : log1p(fabs((double)(a->date_days - b->date_days)));
    x[8] = undated;
    x[9] = cross;
    x[10] = cross * ent;
    x[11] = cross * con;
    x[12] = fabs(log(ta / tb));
    x[13] = log(ta < tb ? ta : tb);
    x[14] = sqrt(text > 0 ? text : 0);
    x[15] = sqrt(ent > 0 ? ent : 0);
    x[16] = sqrt(con > 0 ? con : 0);
    x[17] = sqrt(x[5] > 0 ? x[5] : 0);
    x[18] = x[14] * x[15];
    x[19] = log1p((double)n_shared(&a->v->ents, &b->v->ents));
    x[20] = log1p((double)n_shared(&a->v->cons, &b->v->cons));
    x[21] = cluster_resolve(e->cl, a->story) == cluster_resolve(e->cl, b->story);
}

/* ---------------------------------------------------------------------
 * models
 * ------------------------------------------------------------------- */
static char *slurp(const char *path, size_t *n, char *err, size_t errlen)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        snprintf(err, errlen, "cannot open: %s", strerror(errno));
        return NULL;
    }
    buf b;
    buf_init(&b, TD_MAX_MODEL_BYTES + 1);
    char tmp[4096];
    size_t k;
    while (b.len <= TD_MAX_MODEL_BYTES && (k = fread(tmp, 1, sizeof tmp, fp)) > 0)
        buf_add(&b, tmp, k);
    int bad = ferror(fp);
    fclose(fp);
    if (bad || b.rc || b.len > TD_MAX_MODEL_BYTES) {
        if (bad)
            snprintf(err, errlen, "cannot read");
        else
            snprintf(err, errlen, "larger than %u bytes", TD_MAX_MODEL_BYTES);
        buf_release(&b);
        return NULL;
    }
    return buf_take(&b, n);
}

static int load(lmodel *m, const char *path, const unsigned char *dflt, size_t dflt_len,
                const char *const *feat, size_t nf, char *err, size_t errlen)
{
    if (!path)
        return lmodel_parse(m, (const char *)dflt, dflt_len, feat, nf, err, errlen);
    size_t n;
    char *text = slurp(path, &n, err, errlen);
    if (!text)
        return -1;
    int rc = lmodel_parse(m, text, n, feat, nf, err, errlen);
    xfree(text);
    return rc;
}

int pair_model_load(lmodel *m, const char *path, char *err, size_t errlen)
{
    if (load(m, path, models_pair_tsv, models_pair_tsv_len, pair_feat, PAIR_NFEAT, err, errlen))
        return -1;
    for (size_t t = 0; t < PAIR_NMODEL; t++)
        if (m->n_targets != PAIR_NMODEL || strcmp(m->target[t], pair_targets[t])) {
            snprintf(err, errlen, "the targets must be %s ... %s, in order", pair_targets[0],
                     pair_targets[PAIR_NMODEL - 1]);
            return -1;
        }
    return 0;
}

int join_model_load(lmodel *m, const char *path, char *err, size_t errlen)
{
    return load(m, path, models_join_tsv, models_join_tsv_len, cluster_join_feat,
                CLUSTER_JOIN_NFEAT, err, errlen);
}

/* The engine's pair model, loaded on first use (td_options.pair_model). */
static const lmodel *model_of(td_engine *e, td_diag_fn fn, void *user)
{
    if (e->pair_model)
        return e->pair_model;
    char err[512];
    lmodel *m = xmalloc(sizeof *m);
    if (pair_model_load(m, e->opt.pair_model, err, sizeof err)) {
        xfree(m);
        if (fn) {
            td_diag d = {TD_ERROR, TD_ERR_INVALID,
                         e->opt.pair_model ? e->opt.pair_model : "models/pair.tsv (built in)", 0,
                         NULL, err, 0};
            fn(user, &d);
        }
        return NULL;
    }
    e->pair_model = m;
    return m;
}

/* The probabilities of the seven dimensions for features x: from the
 * "_x" targets when the languages differ. */
static void predict(const lmodel *m, const double *x, double p[PAIR_NTARGETS])
{
    size_t off = x[PAIR_CROSS] != 0 ? PAIR_X : 0;
    for (size_t t = 0; t < PAIR_NTARGETS; t++)
        p[t] = lmodel_prob(m, off + t, x);
}

/* Estimates on the 1..4 scale for the pair (a, b), in pair_targets order,
 * and the similarity p(overall). */
static double estimate(const td_engine *e, const lmodel *m, const art *a, const art *b,
                       double est[PAIR_NTARGETS])
{
    double x[PAIR_NFEAT], p[PAIR_NTARGETS];
    pair_features(e, a, b, x);
    predict(m, x, p);
    for (size_t t = 0; t < PAIR_NTARGETS; t++)
        est[t] = 4 - 3 * p[t];
    return p[0];
}

/* The articles id1 and id2 and the pair model: TD_OK, TD_ERR_NOT_FOUND
 * (an unknown id) or TD_ERR_INVALID (no model; reported to the engine's
 * diag callback). */
static int pair_of(td_engine *e, const char *id1, const char *id2, const art **a,
                   const art **b, const lmodel **m)
{
    long i1 = engine_find(e, id1, strlen(id1)), i2 = engine_find(e, id2, strlen(id2));
    if (i1 < 0 || i2 < 0)
        return TD_ERR_NOT_FOUND;
    *m = model_of(e, e->opt.diag, e->opt.diag_user);
    if (!*m)
        return TD_ERR_INVALID;
    *a = &e->arts[i1];
    *b = &e->arts[i2];
    return TD_OK;
}

int td_engine_similarity(td_engine *e, const char *id1, const char *id2, double *sim)
{
    const art *a, *b;
    const lmodel *m;
    double est[PAIR_NTARGETS];
    *sim = 0;
    int rc = pair_of(e, id1, id2, &a, &b, &m);
    if (!rc)
        *sim = estimate(e, m, a, b, est);
    return rc;
}

/* ---------------------------------------------------------------------
 * pairs files
 * ------------------------------------------------------------------- */
typedef int (*pair_fn)(void *user, json_doc *d, const art *a, const art *b);

/* Call fn for each line {"id1","id2",...} of path whose ids are both
 * known; report the others (file, line, field) through diag. */
static int each_pair(td_engine *e, const char *path, pair_fn fn, void *user, td_diag_fn diag,
                     void *diag_user)
{
    FILE *fp = diag_fopen(path, diag, diag_user);
    if (!fp)
        return TD_ERR_IO;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    unsigned long ln = 0;
    int rc = TD_OK;
    while (rc == TD_OK && (len = getline(&line, &cap, fp)) >= 0) {
        ln++;
        json_doc *d;
        json_err err;
        if ((size_t)len <= 1)
            continue;
        if (json_doc_parse(line, (size_t)len, &d, &err)) {
            td_diag dg = {TD_ERROR, err.code, path, ln, NULL, err.msg, err.column};
            if (diag)
                diag(diag_user, &dg);
            continue;
        }
        size_t l1 = 0, l2 = 0;
        const char *a = json_field_str(d, "id1", &l1, 1);
        const char *b = json_field_str(d, "id2", &l2, 1);
        long i1 = a ? engine_find(e, a, l1) : -1, i2 = b ? engine_find(e, b, l2) : -1;
        if (i1 < 0 || i2 < 0) {
            td_diag dg = {TD_ERROR, TD_ERR_NOT_FOUND, path, ln, i1 < 0 ? "id1" : "id2",
                          (i1 < 0 ? !a : !b) ? "missing" : "unknown article id", 0};
            if (diag)
                diag(diag_user, &dg);
        } else {
            rc = fn(user, d, &e->arts[i1], &e->arts[i2]);
        }
        json_doc_free(d);
    }
    free(line); /* allocated by getline */
    fclose(fp);
    return rc;
}

typedef struct compare_ctx {
    td_engine *e;
    const lmodel *m;
    FILE *out;
    buf b;
} compare_ctx;

static int compare_one(void *user, json_doc *d, const art *a, const art *b)
{
    (void)d;
    compare_ctx *cx = user;
    double est[PAIR_NTARGETS];
    double sim = estimate(cx->e, cx->m, a, b, est);
    buf_reset(&cx->b);
    buf_puts(&cx->b, "{");
    json_put_key(&cx->b, "id1", 1);
    json_put_cstr(&cx->b, a->id);
    json_put_key(&cx->b, "id2", 0);
    json_put_cstr(&cx->b, b->id);
    json_put_key(&cx->b, "similarity", 0);
    json_put_num(&cx->b, sim);
    for (size_t t = 0; t < PAIR_NTARGETS; t++) {
        json_put_key(&cx->b, pair_targets[t], 0);
        json_put_num(&cx->b, est[t]);
    }
    buf_puts(&cx->b, "}\n");
    if (cx->b.rc || fwrite(cx->b.ptr, 1, cx->b.len, cx->out) != cx->b.len)
        return TD_ERR_IO;
    return TD_OK;
}

int td_compare_pairs(td_engine *e, const char *pairs, FILE *out, td_diag_fn fn, void *user)
{
    compare_ctx cx = {e, model_of(e, fn, user), out, {0}};
    if (!cx.m)
        return TD_ERR_INVALID;
    buf_init(&cx.b, 1 << 16);
    int rc = each_pair(e, pairs, compare_one, &cx, fn, user);
    buf_release(&cx.b);
    return rc;
}

int td_compare_explain(td_engine *e, const char *id1, const char *id2, FILE *fp)
{
    const art *a, *b;
    const lmodel *m;
    int rc = pair_of(e, id1, id2, &a, &b, &m);
    if (rc)
        return rc;
    double x[PAIR_NFEAT], est[PAIR_NTARGETS];
    pair_features(e, a, b, x);
    double sim = estimate(e, m, a, b, est);
    fprintf(fp, "compare %s (%s) %s (%s)\n", a->id, a->lang, b->id, b->lang);
    fprintf(fp, "  similarity %.3f\n", sim);
    fprintf(fp, "  estimates (1 = very similar .. 4 = very dissimilar):\n");
    for (size_t t = 0; t < PAIR_NTARGETS; t++)
        fprintf(fp, "    %-10s %.2f\n", pair_targets[t], est[t]);
    /* what moved the overall estimate, largest first */
    size_t to = x[PAIR_CROSS] != 0 ? PAIR_X : 0;
    size_t order[PAIR_NFEAT];
    double contrib[PAIR_NFEAT];
    for (size_t j = 0; j < PAIR_NFEAT; j++) {
        order[j] = j;
        contrib[j] = m->w[to][j] * (x[j] - m->mean[j]) / m->sd[j];
    }
    for (size_t i = 1; i < PAIR_NFEAT; i++) /* insertion sort by |contribution| */
        for (size_t j = i; j > 0 && fabs(contrib[order[j]]) > fabs(contrib[order[j - 1]]); j--) {
            size_t t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    fprintf(fp, "  features (value, and its push on the log-odds of \"same story\"):\n");
    for (size_t i = 0; i < PAIR_NFEAT; i++)
        fprintf(fp, "    %-10s %7.4f  %+.3f\n", pair_feat[order[i]], x[order[i]],
                contrib[order[i]]);
    return TD_OK;
}

/* ---------------------------------------------------------------------
 * training
 * ------------------------------------------------------------------- */
typedef struct examples {
    double *X;      /* n rows of nf */
    double *Y;      /* n rows of PAIR_NMODEL (pairs; NaN: not graded) or 1 (join) */
    char (*lang)[16]; /* pairs: "en" or "de-en" */
    uint64_t *group;  /* join: the decision (article) each example belongs to */
    size_t n, cap, nf, ny;
    size_t n_graded;  /* pairs: the first n_graded are graded pairs (cross-
                         validated); the others come from gold stories */
    uint64_t n_pair_groups;
} examples;

static void ex_push(examples *ex, const double *x, const double *y, const char *lang,
                    uint64_t group)
{
    if (ex->n == ex->cap) {
        ex->cap = ex->cap ? ex->cap * 2 : 1024;
        ex->X = xrealloc(ex->X, ex->cap * ex->nf * sizeof *ex->X);
        ex->Y = xrealloc(ex->Y, ex->cap * ex->ny * sizeof *ex->Y);
        ex->lang = xrealloc(ex->lang, ex->cap * sizeof *ex->lang);
        ex->group = xrealloc(ex->group, ex->cap * sizeof *ex->group);
    }
    ex->group[ex->n] = group;
    memcpy(ex->X + ex->n * ex->nf, x, ex->nf * sizeof *x);
    memcpy(ex->Y + ex->n * ex->ny, y, ex->ny * sizeof *y);
    snprintf(ex->lang[ex->n], sizeof ex->lang[0], "%s", lang ? lang : "");
    ex->n++;
}

static void ex_release(examples *ex)
{
    xfree(ex->X);
    xfree(ex->Y);
    xfree(ex->lang);
    xfree(ex->group);
}

typedef struct train_ctx {
    td_engine *e;
    examples ex;
    unsigned long missing;
} train_ctx;

static int train_pair(void *user, json_doc *d, const art *a, const art *b)
{
    train_ctx *tc = user;
    double x[PAIR_NFEAT], y[PAIR_NMODEL];
    for (size_t t = 0; t < PAIR_NTARGETS; t++) {
        double v;
        if (!json_field_num(d, pair_targets[t], &v) || v < 1 || v > 4) {
            tc->missing++;
            return TD_OK; /* a pair without every grade teaches nothing here */
        }
        y[t] = (4 - v) / 3;
    }
    for (size_t t = 0; t < PAIR_NTARGETS; t++)
        y[PAIR_X + t] = y[t];
    char lang[16];
    if (!strcmp(a->lang, b->lang))
        snprintf(lang, sizeof lang, "%s", a->lang);
    else if (strcmp(a->lang, b->lang) < 0)
        snprintf(lang, sizeof lang, "%s-%s", a->lang, b->lang);
    else
        snprintf(lang, sizeof lang, "%s-%s", b->lang, a->lang);
    pair_features(tc->e, a, b, x);
    /* the group keeps the pair's article numbers (cross-validated output) */
    uint64_t ia = (uint64_t)(a - tc->e->arts), ib = (uint64_t)(b - tc->e->arts);
    ex_push(&tc->ex, x, y, lang, ia << 32 | ib);
    return TD_OK;
}

/* Fit every target of m on the examples whose index i satisfies
 * (i % folds != hold) (hold < 0: all) and whose grade on it is known. With
 * want, target t is fitted on the examples whose feature `cross` is 0
 * (want[t] == 0) or not (want[t] == 1). With prior, every target is
 * pulled toward that model (lmodel_fit_prior). */
static int held(const examples *ex, size_t i, size_t folds, long hold)
{
    return hold >= 0 && i < ex->n_graded && (long)(i % folds) == hold;
}

static void fit_all(lmodel *m, const examples *ex, size_t folds, long hold, double l2,
                    const double *prior, size_t cross, const signed char *want,
                    size_t *used /* OUT, may be NULL */)
{
    size_t n = 0, nf = ex->nf;
    double *X = xmalloc((ex->n + 1) * nf * sizeof *X), *y = xmalloc((ex->n + 1) * sizeof *y);
    for (size_t i = 0; i < ex->n; i++)
        if (!held(ex, i, folds, hold))
            memcpy(X + n++ * nf, ex->X + i * nf, nf * sizeof *X);
    lmodel_standardize(m, X, n);
    for (size_t t = 0; t < m->n_targets; t++) {
        n = 0;
        for (size_t i = 0; i < ex->n; i++) {
            double v = ex->Y[i * ex->ny + (ex->ny > 1 ? t : 0)];
            if (held(ex, i, folds, hold) || isnan(v))
                continue; /* held out, or not graded on this dimension */
            if (want && want[t] >= 0 && (ex->X[i * nf + cross] != 0) != want[t])
                continue;
            memcpy(X + n * nf, ex->X + i * nf, nf * sizeof *X);
            y[n++] = v;
        }
        if (used)
            used[t] = n;
        lmodel_fit_prior(m, t, X, y, NULL, n, l2, prior);
    }
    xfree(X);
    xfree(y);
}

/* Fit the pair model. A dimension across languages with fewer than
 * PAIR_MIN_X graded pairs across languages is estimated from overall_x the
 * way that dimension follows "overall" within one language: a one-feature
 * logistic fit of its grades on the overall log-odds (same-language pairs)
 * gives logit_t = a + b * logit_overall, and so weights b * w(overall_x),
 * bias a + b * bias(overall_x). used[t] gets the examples of target t. */
#define PAIR_MIN_X 30

static void fit_pairs_used(lmodel *m, const examples *ex, size_t folds, long hold, double l2,
                           size_t used[PAIR_NMODEL])
{
    fit_all(m, ex, folds, hold, l2, NULL, PAIR_CROSS, pair_target_cross, used);
    double *z = xmalloc((ex->n + 1) * sizeof *z), *y = xmalloc((ex->n + 1) * sizeof *y);
    static const char *const one[] = {"overall_logit"}, *const tgt[] = {"t"};
    for (size_t t = PAIR_X + 1; t < PAIR_NMODEL; t++) {
        if (used[t] >= PAIR_MIN_X)
            continue;
        size_t n = 0;
        for (size_t i = 0; i < ex->n; i++) {
            const double *x = ex->X + i * ex->nf;
            double v = ex->Y[i * ex->ny + t - PAIR_X];
            if (held(ex, i, folds, hold) || isnan(v) || x[PAIR_CROSS] != 0)
                continue;
            z[n] = lmodel_logit(m, 0, x);
            y[n++] = v;
        }
        lmodel c;
        lmodel_init(&c, one, 1, tgt, 1);
        lmodel_standardize(&c, z, n);
        double a = 0, b = 1;
        if (n && !lmodel_fit(&c, 0, z, y, NULL, n, l2)) {
            b = c.w[0][0] / c.sd[0];
            a = c.bias[0] - b * c.mean[0];
        }
        m->bias[t] = a + b * m->bias[PAIR_X];
        for (size_t j = 0; j < m->n_feat; j++)
            m->w[t][j] = b * m->w[PAIR_X][j];
    }
    xfree(z);
    xfree(y);
}

static void fit_pairs(lmodel *m, const examples *ex, size_t folds, long hold, double l2)
{
    size_t used[PAIR_NMODEL];
    fit_pairs_used(m, ex, folds, hold, l2, used);
}

/* Pairs across languages from the gold stories of g's articles, graded on
 * overall_x only: 1 for two articles of one story (each article with the
 * next two of its story in another language), 4 for an article and the
 * first article of each of up to two candidate stories (cluster.h) of
 * another gold story in another language: the near misses. The graded
 * pairs (SemEval) are within one language; these teach the model what
 * "the same story" looks like across languages. */
#define GOLD_POS_PER_ARTICLE 2
#define GOLD_NEG_PER_ARTICLE 2

static int cmp_u64(const void *x, const void *y)
{
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return a < b ? -1 : a > b;
}

static void gold_pairs(train_ctx *tc, td_engine *g, size_t *pos, size_t *neg)
{
    size_t n = g->n_arts;
    /* by gold story, then in processing order: (gold << 32 | index) */
    uint64_t *order = xmalloc((n + 1) * sizeof *order);
    for (size_t i = 0; i < n; i++)
        order[i] = (uint64_t)g->arts[i].gold << 32 | i;
    qsort(order, n, sizeof *order, cmp_u64);
    double x[PAIR_NFEAT], y[PAIR_NMODEL];
    for (size_t i = 0; i < n; i++) {
        const art *a = &g->arts[order[i] & 0xffffffffu];
        if (a->gold == UINT32_MAX)
            continue;
        for (size_t k = 1, took = 0; took < GOLD_POS_PER_ARTICLE && i + k < n; k++) {
            const art *b = &g->arts[order[i + k] & 0xffffffffu];
            if (b->gold != a->gold)
                break;
            if (!strcmp(a->lang, b->lang))
                continue;
            for (size_t t = 0; t < PAIR_NMODEL; t++)
                y[t] = t == PAIR_X ? 1.0 : NAN;
            pair_features(g, a, b, x);
            ex_push(&tc->ex, x, y, "", 0);
            ++*pos;
            took++;
        }
        cluster_doc d;
        uint32_t cand[8];
        engine_doc_of(a, &d);
        size_t nc = cluster_candidates(g->cl, &d, cand, 8), took = 0;
        for (size_t k = 0; k < nc && took < GOLD_NEG_PER_ARTICLE; k++) {
            size_t nm;
            const uint32_t *m = cluster_members(g->cl, cluster_resolve(g->cl, cand[k]), &nm);
            if (!nm || g->arts[m[0]].gold == a->gold || g->arts[m[0]].gold == UINT32_MAX ||
                !strcmp(g->arts[m[0]].lang, a->lang))
                continue;
            for (size_t t = 0; t < PAIR_NMODEL; t++)
                y[t] = t == PAIR_X ? 0.0 : NAN;
            pair_features(g, a, &g->arts[m[0]], x);
            ex_push(&tc->ex, x, y, "", 0);
            ++*neg;
            took++;
        }
    }
    xfree(order);
}

int td_train_pairs(td_engine *e, const char *pairs, td_engine *const *gold, size_t n_gold,
                   const td_train_options *o, FILE *out, FILE *report, td_diag_fn fn,
                   void *user)
{
    train_ctx tc = {e, {.nf = PAIR_NFEAT, .ny = PAIR_NMODEL}, 0};
    int rc = each_pair(e, pairs, train_pair, &tc, fn, user);
    if (rc) {
        ex_release(&tc.ex);
        return rc;
    }
    tc.ex.n_graded = tc.ex.n;
    size_t pos = 0, neg = 0;
    for (size_t k = 0; k < n_gold; k++)
        gold_pairs(&tc, gold[k], &pos, &neg);
    if (report && n_gold)
        fprintf(report, "pairs across languages from gold stories: %zu of one story, %zu near misses\n", pos, neg);
    if (tc.ex.n_graded < 10) {
        td_diag d = {TD_ERROR, TD_ERR_INVALID, pairs, 0, NULL,
                     "fewer than 10 usable pairs (both ids known, every grade 1..4)", 0};
        if (fn)
            fn(user, &d);
        ex_release(&tc.ex);
        return TD_ERR_INVALID;
    }
    lmodel m;
    lmodel_init(&m, pair_feat, PAIR_NFEAT, pair_targets, PAIR_NMODEL);
    size_t folds = o->folds > 1 ? (size_t)o->folds : 0;
    if (folds) {
        /* cross-validated estimates: each pair predicted by the model
         * fitted without its fold */
        size_t n = tc.ex.n_graded;
        double *pred = xmalloc(n * PAIR_NTARGETS * sizeof *pred);
        for (size_t f = 0; f < folds; f++) {
            lmodel cv;
            lmodel_init(&cv, pair_feat, PAIR_NFEAT, pair_targets, PAIR_NMODEL);
            fit_pairs(&cv, &tc.ex, folds, (long)f, o->l2);
            for (size_t i = f; i < n; i += folds)
                predict(&cv, tc.ex.X + i * PAIR_NFEAT, pred + i * PAIR_NTARGETS);
        }
        if (o->cv_out) {
            buf b;
            buf_init(&b, 1 << 16);
            for (size_t i = 0; i < n; i++) {
                buf_reset(&b);
                buf_puts(&b, "{");
                json_put_key(&b, "id1", 1);
                json_put_cstr(&b, e->arts[tc.ex.group[i] >> 32].id);
                json_put_key(&b, "id2", 0);
                json_put_cstr(&b, e->arts[tc.ex.group[i] & 0xffffffffu].id);
                json_put_key(&b, "similarity", 0);
                json_put_num(&b, pred[i * PAIR_NTARGETS]);
                for (size_t t = 0; t < PAIR_NTARGETS; t++) {
                    json_put_key(&b, pair_targets[t], 0);
                    json_put_num(&b, 4 - 3 * pred[i * PAIR_NTARGETS + t]);
                }
                buf_puts(&b, "}\n");
                fwrite(b.ptr, 1, b.len, o->cv_out);
            }
            buf_release(&b);
        }
        if (report) {
            double *a = xmalloc(n * sizeof *a), *b = xmalloc(n * sizeof *b);
            fprintf(report, "pairs: %zu usable, %lu without every grade\n", n, tc.missing);
            fprintf(report, "%d-fold cross-validated Pearson r (estimate vs grade):\n", o->folds);
            for (size_t t = 0; t < PAIR_NTARGETS; t++) {
                for (size_t i = 0; i < n; i++) {
                    a[i] = pred[i * PAIR_NTARGETS + t];
                    b[i] = tc.ex.Y[i * PAIR_NMODEL + t];
                }
                fprintf(report, "  %-10s %.4f\n", pair_targets[t], lmodel_pearson(a, b, n));
            }
            /* overall, per language (pair) with at least 10 pairs */
            fprintf(report, "overall by language:\n");
            for (size_t i = 0; i < n; i++) {
                int seen = 0;
                for (size_t k = 0; k < i && !seen; k++)
                    seen = !strcmp(tc.ex.lang[k], tc.ex.lang[i]);
                if (seen)
                    continue;
                size_t k = 0;
                for (size_t j = i; j < n; j++)
                    if (!strcmp(tc.ex.lang[j], tc.ex.lang[i])) {
                        a[k] = pred[j * PAIR_NTARGETS];
                        b[k++] = tc.ex.Y[j * PAIR_NMODEL];
                    }
                if (k >= 10)
                    fprintf(report, "  %-8s %4zu pairs  %.4f\n", tc.ex.lang[i], k,
                            lmodel_pearson(a, b, k));
            }
            xfree(a);
            xfree(b);
        }
        xfree(pred);
    }
    size_t used[PAIR_NMODEL];
    fit_pairs_used(&m, &tc.ex, 1, -1, o->l2, used);
    if (report)
        for (size_t t = PAIR_X + 1; t < PAIR_NMODEL; t++)
            if (used[t] < PAIR_MIN_X)
                fprintf(report, "%s: %zu graded pairs across languages; estimated from overall_x\n",
                        pair_targets[t], used[t]);
    ex_release(&tc.ex);
    char note[2560];
    snprintf(note, sizeof note,
             "pair model: logistic regression per SemEval-2022 Task 8 dimension (within\n"
             "one language; NAME_x: across languages, overall_x also from gold stories),\n"
             "y = (4 - grade) / 3; estimate = 4 - 3 p. l2 %g. Made by:\n%s",
             o->l2, o->command ? o->command : "tidings train --pairs");
    return lmodel_write(&m, out, note) ? TD_ERR_IO : TD_OK;
}

/* ---------------------------------------------------------------------
 * the join decision
 * ------------------------------------------------------------------- */
/* Examples of one clustering decision share a group: the article's number
 * for the decision the rule made about it, a number of its own (above
 * PAIR_GROUP) for each direction of a graded pair. */
#define PAIR_GROUP ((uint64_t)1 << 40)

static void join_example(td_engine *e, const double *x, int label, uint64_t group)
{
    double y = label;
    if (!e->join_ex) {
        e->join_ex = xcalloc(1, sizeof *e->join_ex);
        e->join_ex->nf = CLUSTER_JOIN_NFEAT;
        e->join_ex->ny = 1;
    }
    ex_push(e->join_ex, x, &y, NULL, group);
}

void engine_join_example(td_engine *e, const double *x, int label)
{
    join_example(e, x, label, e->n_arts);
}

void engine_join_examples_free(td_engine *e)
{
    if (e->join_ex)
        ex_release(e->join_ex);
    xfree(e->join_ex);
    e->join_ex = NULL;
}

typedef struct join_pairs_ctx {
    td_engine *train, *e;
    size_t pos, neg;
} join_pairs_ctx;

static int join_pair(void *user, json_doc *d, const art *a, const art *b)
{
    join_pairs_ctx *jc = user;
    double v;
    if (!json_field_num(d, "overall", &v) || (v > 1.5 && v < 2.5))
        return TD_OK; /* between "same story" and "different" */
    cluster_doc da, db;
    engine_doc_of(a, &da);
    engine_doc_of(b, &db);
    double x[CLUSTER_JOIN_NFEAT];
    int label = v <= 1.5;
    uint64_t g = PAIR_GROUP + (jc->train->join_ex ? jc->train->join_ex->n_pair_groups : 0);
    cluster_join_features_pair(jc->e->cl, &da, &db, x);
    join_example(jc->train, x, label, g);
    cluster_join_features_pair(jc->e->cl, &db, &da, x);
    join_example(jc->train, x, label, g + 1);
    jc->train->join_ex->n_pair_groups += 2;
    if (label)
        jc->pos++;
    else
        jc->neg++;
    return TD_OK;
}

int td_train_join_pairs(td_engine *train, td_engine *e, const char *pairs, FILE *report,
                        td_diag_fn fn, void *user)
{
    join_pairs_ctx jc = {train, e, 0, 0};
    int rc = each_pair(e, pairs, join_pair, &jc, fn, user);
    if (report && !rc)
        fprintf(report, "join examples from %s: %zu pairs of one story, %zu of different ones\n",
                pairs, jc.pos, jc.neg);
    return rc;
}

/* How well the decisions go on the examples with the biases shifted by
 * shift[0] (same language) and shift[1] (across): each group is one
 * decision (join its best candidate when the log-odds reach 0). F1 of
 * "joined the right story": a right join counts once, a wrong join is a
 * false positive, and a group whose right story was a candidate but was
 * not joined is a false negative. */
static double decisions_f1(const examples *ex, const double *logit, const double *shift)
{
    size_t tp = 0, fp = 0, fn = 0;
    for (size_t i = 0; i < ex->n;) {
        size_t j = i, best = i;
        int has_gold = 0;
        double bv = -HUGE_VAL;
        for (; j < ex->n && ex->group[j] == ex->group[i]; j++) {
            double v = logit[j] + shift[ex->X[j * ex->nf + CLUSTER_JOIN_CROSS] != 0];
            if (v > bv) {
                bv = v;
                best = j;
            }
            has_gold |= ex->Y[j] > 0.5;
        }
        int right = ex->Y[best] > 0.5;
        if (bv >= 0 && right)
            tp++;
        else if (bv >= 0)
            fp++;
        if (has_gold && !(bv >= 0 && right))
            fn++;
        i = j;
    }
    return tp ? 2.0 * (double)tp / (double)(2 * tp + fp + fn) : 0;
}

int td_train_join(td_engine *e, const td_train_options *o, FILE *out, FILE *report)
{
    static const char *const target[] = {"same", "cross"};
    examples *ex = e->join_ex;
    if (!ex || ex->n < 10)
        return TD_ERR_INVALID;
    size_t pos[2] = {0, 0}, all[2] = {0, 0};
    for (size_t i = 0; i < ex->n; i++) {
        int cross = ex->X[i * ex->nf + CLUSTER_JOIN_CROSS] != 0;
        all[cross]++;
        pos[cross] += ex->Y[i] > 0.5;
    }
    if (report)
        fprintf(report,
                "join examples: %zu decisions about stories of the article's language (%zu "
                "right to join), %zu about others (%zu)\n",
                all[0], pos[0], all[1], pos[1]);
    lmodel m;
    lmodel_init(&m, cluster_join_feat, CLUSTER_JOIN_NFEAT, target, 2);
    static const signed char want[2] = {0, 1};
    /* the rule as a logistic model: log-odds rule_prior x margin, so that
     * P >= 0.5 exactly when the rule joins */
    double prior[CLUSTER_JOIN_NFEAT + 1] = {0};
    prior[1 + CLUSTER_JOIN_MARGIN] = o->rule_prior;
    fit_all(&m, ex, 1, -1, o->l2, o->rule_prior > 0 ? prior : NULL, CLUSTER_JOIN_CROSS, want,
            NULL);
    double *logit = xmalloc(ex->n * sizeof *logit);
    for (size_t i = 0; i < ex->n; i++) {
        const double *x = ex->X + i * ex->nf;
        logit[i] = lmodel_logit(&m, x[CLUSTER_JOIN_CROSS] != 0, x);
    }
    double best[2] = {0, 0}, zero[2] = {0, 0};
    double f0 = decisions_f1(ex, logit, zero), bf = f0;
    /* the fit maximises the likelihood; the clustering wants the joins
     * right: without a prior, move each bias to where the decisions' F1 is
     * highest (with the rule as prior, the biases stay: moved to fit the
     * training sets, they failed on the sets left out) */
    for (int a = -16; a <= 32 && o->rule_prior <= 0; a++)
        for (int b = -16; b <= 32; b++) {
            double sh[2] = {a * 0.25, b * 0.25};
            double f = decisions_f1(ex, logit, sh);
            if (f > bf + 1e-12) {
                bf = f;
                best[0] = sh[0];
                best[1] = sh[1];
            }
        }
    xfree(logit);
    m.bias[0] += best[0];
    m.bias[1] += best[1];
    if (report && o->rule_prior > 0)
        fprintf(report, "decisions F1 on the examples %.4f (the rule as prior, biases kept)\n",
                f0);
    else if (report)
        fprintf(report, "decisions F1 on the examples %.4f; biases moved by %+.2f, %+.2f: %.4f\n",
                f0, best[0], best[1], bf);
    char note[2560], how[256];
    if (o->rule_prior > 0)
        snprintf(how, sizeof how,
                 "Fitted as the rule (log-odds %g x margin) plus corrections: the penalty\n"
                 "l2 %g pulls bias and weights toward the rule, not toward 0.",
                 o->rule_prior, o->l2);
    else
        snprintf(how, sizeof how,
                 "Each bias is then moved to where the F1 of the training decisions is highest.\n"
                 "l2 %g.", o->l2);
    snprintf(note, sizeof note,
             "join model: logistic regression, P(candidate story is the article's story),\n"
             "one target for stories with the article's language (same), one for\n"
             "stories without it (cross); join the most probable candidate when P >= 0.5.\n"
             "%s Made by:\n%s",
             how, o->command ? o->command : "tidings train --join");
    return lmodel_write(&m, out, note) ? TD_ERR_IO : TD_OK;
}
