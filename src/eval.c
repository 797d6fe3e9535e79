/* eval.c -- clustering figures, the same as ../shared/tools/score.py.
 *
 * Pairwise precision/recall (pairs of articles put together), BCubed
 * precision/recall (per-article overlap of predicted and gold story),
 * the pairwise figures over cross-language pairs only, story counts, and
 * with graded pairs the same-story precision/recall. Counting uses the
 * contingency cells (pred story, gold story), found by sorting, so no step
 * looks at all pairs: O(n log n).
 */
#include "td_config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "hash.h"
#include "json.h"
#include "tidings.h"
#include "xmalloc.h"

/* Interned strings: name -> dense int. */
typedef struct strtab {
    char **s;
    size_t n, cap;
    uint32_t *slots;
    size_t scap;
} strtab;

static void st_release(strtab *t)
{
    for (size_t i = 0; i < t->n; i++)
        xfree(t->s[i]);
    xfree(t->s);
    xfree(t->slots);
    memset(t, 0, sizeof *t);
}

static size_t st_probe(const strtab *t, const char *s)
{
    size_t i = hash_bytes(s, strlen(s), 3) & (t->scap - 1);
    while (t->slots[i] != UINT32_MAX && strcmp(t->s[t->slots[i]], s))
        i = (i + 1) & (t->scap - 1);
    return i;
}

static uint32_t st_intern(strtab *t, const char *s)
{
    if ((t->n + 1) * 2 > t->scap) {
        xfree(t->slots);
        t->scap = t->scap ? t->scap * 2 : 64;
        t->slots = xmalloc(t->scap * sizeof *t->slots);
        memset(t->slots, 0xff, t->scap * sizeof *t->slots);
        for (size_t i = 0; i < t->n; i++)
            t->slots[st_probe(t, t->s[i])] = (uint32_t)i;
    }
    size_t i = st_probe(t, s);
    if (t->slots[i] != UINT32_MAX)
        return t->slots[i];
    xgrow((void **)&t->s, &t->cap, t->n + 1, sizeof *t->s);
    t->s[t->n] = xstrdup(s);
    t->slots[i] = (uint32_t)t->n;
    return (uint32_t)t->n++;
}

typedef struct gold_row {
    uint32_t id, lang;
    long story; /* -1: no gold label */
} gold_row;

typedef struct pair_row {
    uint32_t id1, id2;
    double overall;
} pair_row;

#define N_FIG 20
struct td_eval {
    strtab ids, langs, stories, preds;
    gold_row *gold;
    size_t n_gold, cap_gold;
    long *pred;            /* by id: pred story, -1 none */
    size_t cap_pred;
    pair_row *pairs;
    size_t n_pairs, cap_pairs;
    const char *names[N_FIG];
    double vals[N_FIG];
    int is_int[N_FIG];
    size_t n_fig;
};

td_eval *td_eval_new(void)
{
    return xcalloc(1, sizeof(td_eval));
}

void td_eval_free(td_eval *ev)
{
    if (!ev)
        return;
    st_release(&ev->ids);
    st_release(&ev->langs);
    st_release(&ev->stories);
    st_release(&ev->preds);
    xfree(ev->gold);
    xfree(ev->pred);
    xfree(ev->pairs);
    xfree(ev);
}

static void ensure_pred(td_eval *ev)
{
    size_t old = ev->cap_pred;
    if (ev->ids.n <= old)
        return;
    xgrow((void **)&ev->pred, &ev->cap_pred, ev->ids.n, sizeof *ev->pred);
    for (size_t i = old; i < ev->cap_pred; i++)
        ev->pred[i] = -1;
}

void td_eval_add_gold(td_eval *ev, const char *id, const char *lang, const char *story)
{
    xgrow((void **)&ev->gold, &ev->cap_gold, ev->n_gold + 1, sizeof *ev->gold);
    gold_row *g = &ev->gold[ev->n_gold++];
    g->id = st_intern(&ev->ids, id);
    g->lang = st_intern(&ev->langs, lang ? lang : "");
    g->story = story ? (long)st_intern(&ev->stories, story) : -1;
    ensure_pred(ev);
}

void td_eval_add_pred(td_eval *ev, const char *id, const char *story)
{
    uint32_t i = st_intern(&ev->ids, id);
    ensure_pred(ev);
    ev->pred[i] = (long)st_intern(&ev->preds, story);
}

void td_eval_add_pair(td_eval *ev, const char *id1, const char *id2, double overall)
{
    xgrow((void **)&ev->pairs, &ev->cap_pairs, ev->n_pairs + 1, sizeof *ev->pairs);
    pair_row *p = &ev->pairs[ev->n_pairs++];
    p->id1 = st_intern(&ev->ids, id1);
    p->id2 = st_intern(&ev->ids, id2);
    p->overall = overall;
    ensure_pred(ev);
}

static void fig(td_eval *ev, const char *name, double v, int is_int)
{
    ev->names[ev->n_fig] = name;
    ev->vals[ev->n_fig] = v;
    ev->is_int[ev->n_fig++] = is_int;
}

static double f1(double p, double r)
{
    return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
}

static double c2(double n)
{
    return n * (n - 1) / 2;
}

/* One labelled article for counting. */
typedef struct item {
    long pred, gold;
    uint32_t lang;
} item;

static int by_pred_gold_lang(const void *a, const void *b)
{
    const item *x = a, *y = b;
    if (x->pred != y->pred)
        return x->pred < y->pred ? -1 : 1;
    if (x->gold != y->gold)
        return x->gold < y->gold ? -1 : 1;
    return x->lang < y->lang ? -1 : x->lang > y->lang;
}

static int by_pred_lang(const void *a, const void *b)
{
    const item *x = a, *y = b;
    if (x->pred != y->pred)
        return x->pred < y->pred ? -1 : 1;
    return x->lang < y->lang ? -1 : x->lang > y->lang;
}

static int by_gold_lang(const void *a, const void *b)
{
    const item *x = a, *y = b;
    if (x->gold != y->gold)
        return x->gold < y->gold ? -1 : 1;
    return x->lang < y->lang ? -1 : x->lang > y->lang;
}

/* Sum over groups (equal under `grp`) of C(size,2) and of the cross-language
 * pairs C(size,2) - sum_lang C(k,2). Items must be sorted by (grp, lang). */
static void group_pairs(const item *it, size_t n, int (*same)(const item *, const item *),
                        double *pairs, double *cross)
{
    *pairs = *cross = 0;
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        double same_lang = 0;
        while (j < n && same(&it[i], &it[j])) {
            size_t k = j;
            while (k < n && same(&it[i], &it[k]) && it[k].lang == it[j].lang)
                k++;
            same_lang += c2((double)(k - j));
            j = k;
        }
        double all = c2((double)(j - i));
        *pairs += all;
        *cross += all - same_lang;
        i = j;
    }
}

static int same_cell(const item *a, const item *b)
{
    return a->pred == b->pred && a->gold == b->gold;
}

static int same_pred(const item *a, const item *b)
{
    return a->pred == b->pred;
}

static int same_gold(const item *a, const item *b)
{
    return a->gold == b->gold;
}

static void compute(td_eval *ev)
{
    ev->n_fig = 0;
    /* the gold rows with a story, de-duplicated by id (the last wins) */
    long *row_of = xmalloc((ev->ids.n + 1) * sizeof *row_of);
    for (size_t i = 0; i <= ev->ids.n; i++)
        row_of[i] = -1;
    for (size_t i = 0; i < ev->n_gold; i++)
        row_of[ev->gold[i].id] = (long)i;
    size_t n = 0, missing = 0;
    item *it = xmalloc((ev->n_gold + 1) * sizeof *it);
    long next_missing = (long)ev->preds.n;
    for (size_t i = 0; i < ev->n_gold; i++) {
        const gold_row *g = &ev->gold[i];
        if (row_of[g->id] != (long)i || g->story < 0)
            continue;
        long p = ev->pred[g->id];
        if (p < 0) {
            missing++;
            p = next_missing++; /* a missing article is its own singleton */
        }
        it[n].pred = p;
        it[n].gold = g->story;
        it[n].lang = g->lang;
        n++;
    }
    fig(ev, "articles_gold", (double)n, 1);
    fig(ev, "articles_missing_in_pred", (double)missing, 1);
    if (n) {
        double tp, tpx, pp, ppx, gp, gpx;
        qsort(it, n, sizeof *it, by_pred_gold_lang);
        group_pairs(it, n, same_cell, &tp, &tpx);
        /* BCubed from cell sizes */
        double bp = 0, br = 0;
        size_t i = 0;
        /* cell sizes, pred sizes, gold sizes */
        long *gsize = xcalloc(ev->stories.n + 1, sizeof *gsize);
        for (size_t k = 0; k < n; k++)
            gsize[it[k].gold]++;
        while (i < n) {
            size_t j = i;
            while (j < n && it[j].pred == it[i].pred)
                j++;
            double psz = (double)(j - i);
            size_t a = i;
            while (a < j) {
                size_t b = a;
                while (b < j && it[b].gold == it[a].gold)
                    b++;
                double cell = (double)(b - a);
                bp += cell * (cell / psz);
                br += cell * (cell / (double)gsize[it[a].gold]);
                a = b;
            }
            i = j;
        }
        size_t n_pred_stories = 0;
        for (size_t k = 0; k < n; k++)
            n_pred_stories += k == 0 || it[k].pred != it[k - 1].pred;
        qsort(it, n, sizeof *it, by_pred_lang);
        group_pairs(it, n, same_pred, &pp, &ppx);
        qsort(it, n, sizeof *it, by_gold_lang);
        group_pairs(it, n, same_gold, &gp, &gpx);
        size_t n_gold_stories = 0;
        for (size_t k = 0; k < n; k++)
            n_gold_stories += k == 0 || it[k].gold != it[k - 1].gold;
        double p = pp ? tp / pp : 1.0, r = gp ? tp / gp : 1.0;
        fig(ev, "pairwise_p", p, 0);
        fig(ev, "pairwise_r", r, 0);
        fig(ev, "pairwise_f1", f1(p, r), 0);
        bp /= (double)n;
        br /= (double)n;
        fig(ev, "bcubed_p", bp, 0);
        fig(ev, "bcubed_r", br, 0);
        fig(ev, "bcubed_f1", f1(bp, br), 0);
        if (gpx > 0) {
            double xp = ppx ? tpx / ppx : 1.0, xr = tpx / gpx;
            fig(ev, "xling_pairwise_p", xp, 0);
            fig(ev, "xling_pairwise_r", xr, 0);
            fig(ev, "xling_pairwise_f1", f1(xp, xr), 0);
        }
        fig(ev, "stories_gold", (double)n_gold_stories, 1);
        fig(ev, "stories_pred", (double)n_pred_stories, 1);
        xfree(gsize);
    }
    if (ev->n_pairs) {
        double pos = 0, neg = 0, tp = 0, fp = 0;
        for (size_t i = 0; i < ev->n_pairs; i++) {
            const pair_row *q = &ev->pairs[i];
            long a = ev->pred[q->id1], b = ev->pred[q->id2];
            int same = a >= 0 && b >= 0 && a == b;
            if (q->overall <= 1.5) {
                pos++;
                tp += same;
            } else if (q->overall >= 2.5) {
                neg++;
                fp += same;
            }
        }
        double p = tp + fp > 0 ? tp / (tp + fp) : 1.0, r = pos > 0 ? tp / pos : 1.0;
        fig(ev, "pairs_pos", pos, 1);
        fig(ev, "pairs_neg", neg, 1);
        fig(ev, "samestory_p", p, 0);
        fig(ev, "samestory_r", r, 0);
        fig(ev, "samestory_f1", f1(p, r), 0);
    }
    xfree(it);
    xfree(row_of);
}

int td_eval_report(td_eval *ev, FILE *fp)
{
    compute(ev);
    buf b;
    buf_init(&b, 1 << 16);
    for (size_t i = 0; i < ev->n_fig; i++) {
        if (ev->is_int[i])
            fprintf(fp, "%s: %.0f\n", ev->names[i], ev->vals[i]);
        else
            fprintf(fp, "%s: %.4f\n", ev->names[i], ev->vals[i]);
    }
    buf_putc(&b, '{');
    for (size_t i = 0; i < ev->n_fig; i++) {
        json_put_key(&b, ev->names[i], i == 0);
        if (ev->is_int[i])
            buf_printf(&b, "%.0f", ev->vals[i]);
        else
            buf_printf(&b, "%.17g", ev->vals[i]);
    }
    buf_puts(&b, "}\n");
    int rc = b.rc;
    if (!rc && fwrite(b.ptr, 1, b.len, fp) != b.len)
        rc = TD_ERR_IO;
    buf_release(&b);
    return rc;
}

double td_eval_figure(td_eval *ev, const char *name)
{
    compute(ev);
    for (size_t i = 0; i < ev->n_fig; i++)
        if (!strcmp(ev->names[i], name))
            return ev->vals[i];
    return NAN;
}

/* ---------------------------------------------------------------------
 * loading
 * ------------------------------------------------------------------- */
enum { LOAD_GOLD, LOAD_PRED, LOAD_PAIRS };

static void diag(td_diag_fn fn, void *user, const char *path, unsigned long line,
                 const char *field, const char *msg)
{
    td_diag d = {TD_ERROR, TD_ERR_INVALID, path, line, field, msg, 0};
    if (fn)
        fn(user, &d);
}

/* A story label as text: strings as they are, numbers in decimal, null
 * as NULL (no label). */
static const char *label_of(json_doc *d, const char *key, char *tmp, size_t cap)
{
    size_t n;
    int t = json_field_type(d, key);
    if (t == JT_STRING || t == JT_NUMBER) {
        const char *s = json_field_str(d, key, &n, 1);
        if (s)
            return s;
        double v;
        if (json_field_num(d, key, &v)) {
            snprintf(tmp, cap, "%.17g", v);
            return tmp;
        }
    }
    return NULL;
}

static int load(td_eval *ev, const char *path, int kind, td_diag_fn fn, void *user)
{
    FILE *fp = !strcmp(path, "-") ? stdin : diag_fopen(path, fn, user);
    if (!fp)
        return TD_ERR_IO;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    unsigned long ln = 0;
    while ((len = getline(&line, &cap, fp)) >= 0) {
        ln++;
        size_t n = (size_t)len;
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r' || line[n - 1] == ' '))
            n--;
        if (!n)
            continue;
        json_doc *d;
        json_err err;
        if (json_doc_parse(line, n, &d, &err)) {
            diag(fn, user, path, ln, NULL, err.msg);
            continue;
        }
        char t1[64], t2[64];
        size_t l;
        if (kind == LOAD_PAIRS) {
            const char *a = label_of(d, "id1", t1, sizeof t1);
            const char *b = label_of(d, "id2", t2, sizeof t2);
            double o;
            if (!a || !b)
                diag(fn, user, path, ln, !a ? "id1" : "id2", "missing");
            else if (!json_field_num(d, "overall", &o))
                diag(fn, user, path, ln, "overall", "missing or not a number");
            else
                td_eval_add_pair(ev, a, b, o);
        } else {
            const char *id = json_field_str(d, "id", &l, 1);
            const char *story = label_of(d, "story", t1, sizeof t1);
            if (!id) {
                diag(fn, user, path, ln, "id", "missing");
            } else if (kind == LOAD_GOLD) {
                const char *lang = json_field_str(d, "lang", &l, 0);
                td_eval_add_gold(ev, id, lang, story);
            } else if (!story) {
                diag(fn, user, path, ln, "story", "missing");
            } else {
                td_eval_add_pred(ev, id, story);
            }
        }
        json_doc_free(d);
    }
    free(line); /* allocated by getline */
    if (fp != stdin)
        fclose(fp);
    return TD_OK;
}

int td_eval_load_gold(td_eval *ev, const char *path, td_diag_fn fn, void *user)
{
    return load(ev, path, LOAD_GOLD, fn, user);
}

int td_eval_load_pred(td_eval *ev, const char *path, td_diag_fn fn, void *user)
{
    return load(ev, path, LOAD_PRED, fn, user);
}

int td_eval_load_pairs(td_eval *ev, const char *path, td_diag_fn fn, void *user)
{
    return load(ev, path, LOAD_PAIRS, fn, user);
}

/* ---------------------------------------------------------------------
 * pair similarity: Pearson r
 * ------------------------------------------------------------------- */
typedef struct series {
    char key[32];
    double sx, sy, sxx, syy, sxy;
    size_t n;
} series;

static void series_add(series *s, double x, double y)
{
    s->sx += x;
    s->sy += y;
    s->sxx += x * x;
    s->syy += y * y;
    s->sxy += x * y;
    s->n++;
}

static double series_r(const series *s)
{
    if (s->n < 2)
        return NAN;
    double n = (double)s->n;
    double cxy = s->sxy - s->sx * s->sy / n;
    double cxx = s->sxx - s->sx * s->sx / n, cyy = s->syy - s->sy * s->sy / n;
    return cxx > 0 && cyy > 0 ? cxy / sqrt(cxx * cyy) : NAN;
}

static int cmp_series(const void *a, const void *b)
{
    return strcmp(((const series *)a)->key, ((const series *)b)->key);
}

int td_eval_pairs_report(const char *pairs, const char *pred, FILE *out, td_diag_fn fn,
                         void *user)
{
    /* predicted similarities by "id1\tid2" */
    strtab keys;
    memset(&keys, 0, sizeof keys);
    double *sim = NULL;
    size_t cap = 0;
    FILE *fp = diag_fopen(pred, fn, user);
    if (!fp)
        return TD_ERR_IO;
    char *line = NULL;
    size_t lcap = 0;
    ssize_t len;
    char key[1100];
    while ((len = getline(&line, &lcap, fp)) >= 0) {
        json_doc *d;
        json_err err;
        if (len <= 1 || json_doc_parse(line, (size_t)len, &d, &err))
            continue;
        size_t l1, l2;
        const char *a = json_field_str(d, "id1", &l1, 1);
        char a_copy[520];
        snprintf(a_copy, sizeof a_copy, "%.*s", (int)(a ? l1 : 0), a ? a : "");
        const char *b = json_field_str(d, "id2", &l2, 1);
        double v;
        if (a && b && json_field_num(d, "similarity", &v)) {
            snprintf(key, sizeof key, "%s\t%.*s", a_copy, (int)l2, b);
            uint32_t k = st_intern(&keys, key);
            xgrow((void **)&sim, &cap, (size_t)k + 1, sizeof *sim);
            sim[k] = v;
        }
        json_doc_free(d);
    }
    fclose(fp);
    series all;
    memset(&all, 0, sizeof all);
    memcpy(all.key, "all", 4);
    series *by = NULL;
    size_t n_by = 0, missing = 0;
    fp = diag_fopen(pairs, fn, user);
    if (!fp) {
        free(line); /* allocated by getline */
        st_release(&keys);
        xfree(sim);
        return TD_ERR_IO;
    }
    while ((len = getline(&line, &lcap, fp)) >= 0) {
        json_doc *d;
        json_err err;
        if (len <= 1 || json_doc_parse(line, (size_t)len, &d, &err))
            continue;
        size_t l1, l2, ll1, ll2;
        const char *a = json_field_str(d, "id1", &l1, 1);
        char a_copy[520];
        snprintf(a_copy, sizeof a_copy, "%.*s", (int)(a ? l1 : 0), a ? a : "");
        const char *b = json_field_str(d, "id2", &l2, 1);
        double overall;
        if (a && b && json_field_num(d, "overall", &overall)) {
            snprintf(key, sizeof key, "%s\t%.*s", a_copy, (int)l2, b);
            long k = -1;
            if (keys.scap) {
                uint32_t v = keys.slots[st_probe(&keys, key)];
                k = v == UINT32_MAX ? -1 : (long)v;
            }
            if (k < 0) {
                missing++;
            } else {
                series_add(&all, sim[k], -overall);
                const char *la = json_field_str(d, "lang1", &ll1, 0);
                char pair[32];
                snprintf(pair, sizeof pair, "%.*s-", (int)(la ? ll1 : 0), la ? la : "");
                const char *lb = json_field_str(d, "lang2", &ll2, 0);
                size_t pl = strlen(pair);
                snprintf(pair + pl, sizeof pair - pl, "%.*s", (int)(lb ? ll2 : 0), lb ? lb : "");
                size_t i;
                for (i = 0; i < n_by; i++)
                    if (!strcmp(by[i].key, pair))
                        break;
                if (i == n_by) {
                    by = xrealloc(by, (n_by + 1) * sizeof *by);
                    memset(&by[n_by], 0, sizeof *by);
                    snprintf(by[n_by].key, sizeof by[n_by].key, "%s", pair);
                    n_by++;
                }
                series_add(&by[i], sim[k], -overall);
            }
        }
        json_doc_free(d);
    }
    fclose(fp);
    free(line); /* allocated by getline */
    if (n_by)
        qsort(by, n_by, sizeof *by, cmp_series);
    fprintf(out, "pairs_missing_in_pred: %zu\n", missing);
    fprintf(out, "pearson_all: %.4f\nn_all: %zu\n", series_r(&all), all.n);
    for (size_t i = 0; i < n_by; i++)
        fprintf(out, "pearson_%s: %.4f\nn_%s: %zu\n", by[i].key, series_r(&by[i]), by[i].key,
                by[i].n);
    xfree(by);
    xfree(sim);
    st_release(&keys);
    return TD_OK;
}
