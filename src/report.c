/* report.c -- stories out: JSONL, a text table, and explanations.
 *
 * A story's articles are listed most central first: centrality is the
 * cosine of the article's term vector with the story centroid. The story
 * title is the title of its most central article that has one; the label
 * joins the names most of its articles mention with its heaviest terms.
 */
#include "td_config.h"

#include <math.h>
#include <stdio.h>
#include <sys/types.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "engine_int.h"
#include "json.h"
#include "xmalloc.h"

typedef struct member {
    uint32_t art;
    double cent;
} member;

typedef struct count {
    const char *key;
    size_t n;
    double w;
} count;

typedef struct sview {
    member *m;
    size_t n;
    count *langs, *sources;
    size_t n_langs, n_sources;
    long first, last;
    const char *title;
    buf label;
} sview;

static int cmp_member(const void *a, const void *b)
{
    const member *x = a, *y = b;
    if (x->cent != y->cent)
        return x->cent > y->cent ? -1 : 1;
    return x->art < y->art ? -1 : x->art > y->art;
}

static int cmp_count(const void *a, const void *b)
{
    const count *x = a, *y = b;
    if (x->n != y->n)
        return x->n > y->n ? -1 : 1;
    if (x->w != y->w)
        return x->w > y->w ? -1 : 1;
    return strcmp(x->key, y->key);
}

static void bump(count **c, size_t *n, const char *key, double w)
{
    for (size_t i = 0; i < *n; i++)
        if (!strcmp((*c)[i].key, key)) {
            (*c)[i].n++;
            (*c)[i].w += w;
            return;
        }
    *c = xrealloc(*c, (*n + 1) * sizeof **c);
    (*c)[*n] = (count){key, 1, w};
    (*n)++;
}

/* Case-insensitive ASCII substring test, for label de-duplication. */
static int contains_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle), h = strlen(hay);
    for (size_t i = 0; i + n <= h; i++) {
        size_t k = 0;
        while (k < n && ((hay[i + k] | 32) == (needle[k] | 32)))
            k++;
        if (k == n)
            return 1;
    }
    return 0;
}

/* Labels read the names of a story's most central articles only: enough
 * to find what most of it mentions, and a bounded cost for any size. */
#define LABEL_ARTICLES 200

/* How the story's articles write a name: as its English articles do
 * (labels are read in English), else in Latin letters, else as the others
 * do; of those, the spelling most of them use, then the heavier, then the
 * more central article's. */
typedef struct spelling {
    const char *key, *surf; /* vocab strings: compared by address */
    size_t n;
    unsigned rank;          /* vocab_rank of surf */
    double w;
} spelling;

static int better_spelling(const spelling *x, const spelling *y)
{
    if (x->rank != y->rank)
        return x->rank > y->rank;
    if (x->n != y->n)
        return x->n > y->n;
    return x->w > y->w;
}

static const char *spelled(const spelling *sp, size_t n, const char *key)
{
    const spelling *best = NULL;
    for (size_t i = 0; i < n; i++)
        if (sp[i].key == key && (!best || better_spelling(&sp[i], best)))
            best = &sp[i];
    return best ? best->surf : key;
}

static void make_label(td_engine *e, uint32_t s, sview *v)
{
    count *names = NULL;
    spelling *sp = NULL;
    size_t nn = 0, nsp = 0, cap_sp = 0;
    for (size_t i = 0; i < v->n && i < LABEL_ARTICLES; i++) {
        const art *a = &e->arts[v->m[i].art];
        for (uint32_t k = 0; k < a->n_phr; k++) {
            const char *key = vocab_str(e->voc, a->phr[k]);
            const char *surf = vocab_str(e->surf, a->phr_s[k]);
            bump(&names, &nn, key, a->phr_w[k]);
            size_t j = 0;
            while (j < nsp && !(sp[j].key == key && sp[j].surf == surf))
                j++;
            if (j == nsp) {
                xgrow((void **)&sp, &cap_sp, nsp + 1, sizeof *sp);
                sp[nsp++] = (spelling){key, surf, 0, vocab_rank(e->surf, a->phr_s[k]), 0};
            }
            sp[j].n++;
            sp[j].w += a->phr_w[k];
        }
    }
    if (nn)
        qsort(names, nn, sizeof *names, cmp_count);
    buf_init(&v->label, 1024);
    const char *chosen[3];
    size_t nc = 0;
    /* the names most articles mention; a full name replaces a part of it
     * chosen before ("Vries" -> "Jan de Vries") */
    for (size_t i = 0; i < nn; i++) {
        const char *key = spelled(sp, nsp, names[i].key); /* as the articles write it */
        int inside = 0, replaced = 0;
        for (size_t k = 0; k < nc && !inside; k++)
            inside = contains_ci(chosen[k], key);
        if (inside)
            continue;
        size_t kept = 0;
        for (size_t k = 0; k < nc; k++) {
            if (contains_ci(key, chosen[k])) {
                if (replaced)
                    continue; /* a second part of the same name: drop it */
                chosen[kept++] = key;
                replaced = 1;
            } else {
                chosen[kept++] = chosen[k];
            }
        }
        nc = kept;
        if (!replaced && nc < 3)
            chosen[nc++] = key;
    }
    for (size_t k = 0; k < nc; k++) {
        if (k)
            buf_puts(&v->label, ", ");
        buf_puts(&v->label, chosen[k]);
    }
    /* the heaviest English concepts (the words of English articles, the
     * dictionary senses of the others) that are not part of the names;
     * native terms when there are none */
    const svec *c = cluster_cons(e->cl, s);
    if (!c->n)
        c = cluster_text(e->cl, s);
    uint32_t idx[12];
    size_t k = svec_top(c, 12, idx), kw = 0;
    for (size_t i = 0; i < k && kw < 3; i++) {
        const char *t = vocab_str(e->voc, c->ids[idx[i]]);
        if (t[0] == '#' || strlen(t) < 3)
            continue;
        int dup = 0;
        for (size_t j = 0; j < nc; j++)
            if (contains_ci(chosen[j], t))
                dup = 1;
        if (dup)
            continue;
        buf_puts(&v->label, kw == 0 ? (nc ? ": " : "") : ", ");
        buf_puts(&v->label, t);
        kw++;
    }
    xfree(names);
    xfree(sp);
}

static void view(td_engine *e, uint32_t s, sview *v)
{
    memset(v, 0, sizeof *v);
    size_t n;
    const uint32_t *mem = cluster_members(e->cl, s, &n);
    const svec *c = cluster_text(e->cl, s);
    double cn = svec_norm(c);
    v->m = xmalloc(n * sizeof *v->m);
    v->n = n;
    v->first = v->last = FEAT_DATE_NONE;
    for (size_t i = 0; i < n; i++) {
        const art *a = &e->arts[mem[i]];
        v->m[i].art = mem[i];
        v->m[i].cent = a->closed ? a->cent : art_centrality(a, c, cn);
        bump(&v->langs, &v->n_langs, a->lang, 0);
        if (a->source)
            bump(&v->sources, &v->n_sources, a->source, 0);
        if (a->date_days != FEAT_DATE_NONE) {
            if (v->first == FEAT_DATE_NONE || a->date_days < v->first)
                v->first = a->date_days;
            if (v->last == FEAT_DATE_NONE || a->date_days > v->last)
                v->last = a->date_days;
        }
    }
    qsort(v->m, n, sizeof *v->m, cmp_member);
    if (v->n_langs)
        qsort(v->langs, v->n_langs, sizeof *v->langs, cmp_count);
    if (v->n_sources)
        qsort(v->sources, v->n_sources, sizeof *v->sources, cmp_count);
    for (size_t i = 0; i < n && !v->title; i++)
        v->title = e->arts[v->m[i].art].title;
    make_label(e, s, v);
}

static void view_release(sview *v)
{
    xfree(v->m);
    xfree(v->langs);
    xfree(v->sources);
    buf_release(&v->label);
}

/* y-m-d of a day number (inverse of datex_days). */
static void civil(long days, char out[32])
{
    long z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp < 10 ? mp + 3 : mp - 9;
    long y = yoe + era * 400 + (m <= 2);
    snprintf(out, 32, "%04d-%02d-%02d", (int)y, (int)m, (int)d);
}

static void put_date(buf *b, long days)
{
    if (days == FEAT_DATE_NONE) {
        buf_puts(b, "null");
        return;
    }
    char d[32];
    civil(days, d);
    json_put_cstr(b, d);
}

static int flush(buf *b, FILE *fp)
{
    int rc = b->rc;
    if (!rc && b->len && fwrite(b->ptr, 1, b->len, fp) != b->len)
        rc = TD_ERR_IO;
    buf_reset(b);
    return rc;
}

int td_engine_write_stories_jsonl(td_engine *e, FILE *fp)
{
    buf b;
    buf_init(&b, (size_t)1 << 30);
    int rc = TD_OK;
    for (uint32_t s = 0; s < cluster_n_stories(e->cl) && !rc; s++) {
        if (cluster_is_merged(e->cl, s))
            continue;
        sview v;
        view(e, s, &v);
        buf_puts(&b, "{");
        json_put_key(&b, "story", 1);
        buf_printf(&b, "%u", s + 1);
        json_put_key(&b, "label", 0);
        json_put_str(&b, v.label.ptr ? v.label.ptr : "", v.label.len);
        json_put_key(&b, "title", 0);
        json_put_cstr(&b, v.title);
        json_put_key(&b, "size", 0);
        buf_printf(&b, "%zu", v.n);
        json_put_key(&b, "langs", 0);
        buf_putc(&b, '[');
        for (size_t i = 0; i < v.n_langs; i++) {
            if (i)
                buf_putc(&b, ',');
            json_put_cstr(&b, v.langs[i].key);
        }
        buf_putc(&b, ']');
        json_put_key(&b, "sources", 0);
        buf_putc(&b, '[');
        for (size_t i = 0; i < v.n_sources; i++) {
            if (i)
                buf_putc(&b, ',');
            json_put_cstr(&b, v.sources[i].key);
        }
        buf_putc(&b, ']');
        json_put_key(&b, "first", 0);
        put_date(&b, v.first);
        json_put_key(&b, "last", 0);
        put_date(&b, v.last);
        json_put_key(&b, "storyline", 0);
        buf_printf(&b, "%u", td_engine_storyline(e, s) + 1);
        json_put_key(&b, "articles", 0);
        buf_putc(&b, '[');
        for (size_t i = 0; i < v.n; i++) {
            if (i)
                buf_putc(&b, ',');
            json_put_cstr(&b, e->arts[v.m[i].art].id);
        }
        buf_puts(&b, "]}\n");
        view_release(&v);
        rc = flush(&b, fp);
    }
    buf_release(&b);
    return rc;
}

int td_engine_write_text(td_engine *e, FILE *fp)
{
    buf b;
    buf_init(&b, (size_t)1 << 30);
    int rc = TD_OK;
    size_t ns = cluster_n_stories(e->cl);
    buf_printf(&b, "%zu articles in %zu stories\n", e->n_arts, td_engine_n_stories(e));
    for (uint32_t s = 0; s < ns && !rc; s++) {
        if (cluster_is_merged(e->cl, s))
            continue;
        sview v;
        view(e, s, &v);
        buf_printf(&b, "\nstory %u  %zu article%s  ", s + 1, v.n, v.n == 1 ? "" : "s");
        for (size_t i = 0; i < v.n_langs; i++)
            buf_printf(&b, "%s%s", i ? " " : "[", v.langs[i].key);
        buf_puts(&b, "]");
        if (v.first != FEAT_DATE_NONE) {
            char d1[32], d2[32];
            civil(v.first, d1);
            civil(v.last, d2);
            if (v.first == v.last)
                buf_printf(&b, "  %s", d1);
            else
                buf_printf(&b, "  %s .. %s", d1, d2);
        }
        uint32_t line = td_engine_storyline(e, s);
        if (line != s)
            buf_printf(&b, "  (storyline %u)", line + 1);
        buf_printf(&b, "\n  %s\n", v.label.len ? v.label.ptr : "(no label)");
        for (size_t i = 0; i < v.n; i++) {
            const art *a = &e->arts[v.m[i].art];
            buf_printf(&b, "  - %-24s %-3s %s\n", a->id, a->lang,
                       a->title ? a->title : "(untitled)");
        }
        view_release(&v);
        rc = flush(&b, fp);
    }
    if (!rc)
        rc = flush(&b, fp);
    buf_release(&b);
    return rc;
}

/* The key names of a (cluster.h), each marked '-' when b does not mention it. */
static void key_names(const td_engine *e, FILE *fp, const art *a, const art *b)
{
    fprintf(fp, "  key names of %s:", a->id);
    for (uint32_t i = 0; i < a->n_keys; i++)
        fprintf(fp, " %s%s", svec_has(&b->v->ents, a->keys[i]) ? "" : "-",
                vocab_str(e->voc, a->keys[i]));
    fprintf(fp, "%s\n", a->n_keys ? "" : " none");
}

/* ---------------------------------------------------------------------
 * explain
 * ------------------------------------------------------------------- */
typedef struct contrib {
    uint32_t id;
    double w;
} contrib;

static int cmp_contrib(const void *a, const void *b)
{
    const contrib *x = a, *y = b;
    if (x->w != y->w)
        return x->w > y->w ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

static void shared(td_engine *e, FILE *fp, const char *what, const svec *a, const svec *b,
                   double total)
{
    contrib *c = xmalloc(((size_t)a->n + 1) * sizeof *c);
    size_t n = 0;
    uint32_t i = 0, j = 0;
    while (i < a->n && j < b->n) {
        if (a->ids[i] == b->ids[j]) {
            c[n].id = a->ids[i];
            c[n++].w = (double)svec_w(a)[i] * svec_w(b)[j];
            i++;
            j++;
        } else if (a->ids[i] < b->ids[j]) {
            i++;
        } else {
            j++;
        }
    }
    qsort(c, n, sizeof *c, cmp_contrib);
    fprintf(fp, "  shared %s: %zu (cosine %.4f)\n", what, n, total);
    for (size_t k = 0; k < n && k < 15; k++)
        fprintf(fp, "    %-28s %.4f\n", vocab_str(e->voc, c[k].id), c[k].w);
    if (n > 15)
        fprintf(fp, "    ... and %zu more\n", n - 15);
    xfree(c);
}

static void describe(td_engine *e, FILE *fp, const art *a)
{
    fprintf(fp, "  %s [%s] %s\n    story %u", a->id, a->lang, a->title ? a->title : "(untitled)",
            cluster_resolve(e->cl, a->story) + 1);
    if (a->best_story == UINT32_MAX)
        fprintf(fp, " (opened: no candidate story)\n");
    else if (a->ambiguous == 2)
        fprintf(fp,
                " (joined with score %.4f, %u candidates: a story in another language scored"
                " higher but led the next by only %.4f < %.2f)\n",
                a->best_score, a->n_candidates, a->best_lead,
                cluster_params_of(e->cl)->x_margin);
    else if (a->ambiguous)
        fprintf(fp,
                " (opened: best candidate story %u scored %.4f across languages, but led the"
                " next by only %.4f < %.2f)\n",
                a->best_story + 1, a->best_score, a->best_lead,
                cluster_params_of(e->cl)->x_margin);
    else if (a->best_story == a->story)
        fprintf(fp, " (joined with score %.4f, %u candidates)\n", a->best_score,
                a->n_candidates);
    else
        fprintf(fp, " (opened: best candidate story %u scored %.4f < %.4f)\n",
                a->best_story + 1, a->best_score, a->best_thr);
    /* the story it was placed in may have been absorbed since */
    uint32_t cur = a->story;
    for (size_t m = 0; m < e->n_merges; m++) {
        const struct merge_event *g = &e->merges[m];
        if (g->gone != cur)
            continue;
        const char *by = e->arts[g->article].id;
        if (g->lone)
            fprintf(fp,
                    "    its story %u was absorbed by story %u when %s joined that: it then"
                    " scored %.4f against it (threshold %.4f)\n",
                    cur + 1, g->keep + 1, by, g->score, g->thr);
        else
            fprintf(fp,
                    "    its story %u merged into story %u when %s joined both (centroid"
                    " cosine %.4f)\n",
                    cur + 1, g->keep + 1, by, g->score);
        cur = g->keep;
    }
}

int td_engine_explain(td_engine *e, const char *id1, const char *id2, FILE *fp)
{
    long i1 = engine_find(e, id1, strlen(id1)), i2 = engine_find(e, id2, strlen(id2));
    if (i1 < 0 || i2 < 0) {
        fprintf(fp, "unknown article id: %s\n", i1 < 0 ? id1 : id2);
        return TD_ERR_NOT_FOUND;
    }
    const art *a = &e->arts[i1], *b = &e->arts[i2];
    const cluster_params *p = cluster_params_of(e->cl);
    cluster_doc da, db;
    engine_doc_of(a, &da);
    engine_doc_of(b, &db);
    cluster_score sc;
    cluster_score_pair(e->cl, &da, &db, &sc);
    fprintf(fp, "explain %s %s\n", a->id, b->id);
    describe(e, fp, a);
    describe(e, fp, b);
    fprintf(fp, "  same story: %s\n",
            cluster_resolve(e->cl, a->story) == cluster_resolve(e->cl, b->story) ? "yes" : "no");
    int cross = strcmp(a->lang, b->lang) != 0;
    fprintf(fp,
            "  pair score %.4f %s threshold %.4f (%s)\n"
            "    = time %.4f x (%.2f x text %.4f + %.2f x entities %.4f + %.2f x concepts %.4f"
            " + %.2f x numbers %.4f + %.2f x dates %.4f) x (1 - %.2f x date conflict %.0f)"
            " x (1 - %.2f x name conflict %.2f)\n",
            sc.score, sc.score >= sc.thr ? ">=" : "<", sc.thr,
            cross ? "across languages" : "same language", sc.time,
            cross ? p->w_xtext : p->w_text, sc.text, cross ? p->w_xent : p->w_ent, sc.ent,
            cross ? p->w_xcon : p->w_con, sc.con, cross ? p->w_xnum : 0.0, sc.num, p->w_date,
            sc.date, p->w_dconf, sc.dconf, cross ? p->w_xnconf : p->w_nconf, sc.nconf);
    key_names(e, fp, a, b);
    key_names(e, fp, b, a);
    shared(e, fp, "terms", &a->text, &b->text, sc.text);
    shared(e, fp, "entities and places", &a->v->ents, &b->v->ents, sc.ent);
    shared(e, fp, "English concepts", &a->v->cons, &b->v->cons, sc.con);
    fprintf(fp, "  dates mentioned:");
    for (size_t i = 0; i < a->n_dates; i++)
        fprintf(fp, " %04d-%02d-%02d", a->dates[i].y, a->dates[i].m, a->dates[i].d);
    fprintf(fp, " |");
    for (size_t i = 0; i < b->n_dates; i++)
        fprintf(fp, " %04d-%02d-%02d", b->dates[i].y, b->dates[i].m, b->dates[i].d);
    if (sc.dconf > 0)
        fprintf(fp, " (conflict: no two days within %d days)", p->dconf_days);
    fprintf(fp, "\n");
    cluster_score ss;
    cluster_score_story(e->cl, &db, cluster_resolve(e->cl, a->story), &ss);
    fprintf(fp,
            "  %s against the story of %s (now): score %.4f (text %.4f, entities %.4f, name "
            "conflict %.2f)\n",
            b->id, a->id, ss.score, ss.text, ss.ent, ss.nconf);
    return TD_OK;
}

/* ---------------------------------------------------------------------
 * story rows for the store
 * ------------------------------------------------------------------- */
static char *json_str_list(const count *c, size_t n)
{
    buf b;
    buf_init(&b, 1 << 20);
    buf_putc(&b, '[');
    for (size_t i = 0; i < n; i++) {
        if (i)
            buf_putc(&b, ',');
        json_put_cstr(&b, c[i].key);
    }
    buf_putc(&b, ']');
    return buf_take(&b, NULL);
}

void engine_story_info(td_engine *e, uint32_t s, story_info *out)
{
    memset(out, 0, sizeof *out);
    sview v;
    view(e, s, &v);
    out->label = xstrdup(v.label.ptr ? v.label.ptr : "");
    out->title = v.title ? xstrdup(v.title) : NULL;
    out->langs_json = json_str_list(v.langs, v.n_langs);
    out->sources_json = json_str_list(v.sources, v.n_sources);
    out->size = v.n;
    out->n_langs = v.n_langs;
    out->n_sources = v.n_sources;
    if (v.first != FEAT_DATE_NONE) {
        civil(v.first, out->first);
        civil(v.last, out->last);
        for (size_t i = 0; i < v.n; i++) {
            long d = e->arts[v.m[i].art].date_days;
            out->recent += d != FEAT_DATE_NONE && d >= v.last - 2;
        }
    } else {
        out->recent = v.n;
    }
    view_release(&v);
}

void engine_story_info_release(story_info *si)
{
    xfree(si->label);
    xfree(si->title);
    xfree(si->langs_json);
    xfree(si->sources_json);
    memset(si, 0, sizeof *si);
}

char *engine_article_entities_json(const td_engine *e, size_t i)
{
    const art *a = &e->arts[i];
    buf b;
    buf_init(&b, 1 << 16);
    buf_putc(&b, '[');
    for (uint32_t k = 0; k < a->n_phr; k++) {
        if (k)
            buf_putc(&b, ',');
        json_put_cstr(&b, vocab_str(e->surf, a->phr_s[k]));
    }
    buf_putc(&b, ']');
    return buf_take(&b, NULL);
}

char *engine_article_terms_json(const td_engine *e, size_t i)
{
    const art *a = &e->arts[i];
    uint32_t idx[10];
    size_t k = svec_top(&a->text, 10, idx);
    buf b;
    buf_init(&b, 1 << 16);
    buf_putc(&b, '[');
    for (size_t j = 0; j < k; j++) {
        if (j)
            buf_putc(&b, ',');
        json_put_cstr(&b, vocab_str(e->voc, a->text.ids[idx[j]]));
    }
    buf_putc(&b, ']');
    return buf_take(&b, NULL);
}

char *engine_article_dates_json(const td_engine *e, size_t i)
{
    const art *a = &e->arts[i];
    buf b;
    buf_init(&b, 1 << 16);
    buf_putc(&b, '[');
    for (size_t j = 0; j < a->n_dates; j++) {
        const datex_date *d = &a->dates[j];
        if (j)
            buf_putc(&b, ',');
        if (d->y && d->d)
            buf_printf(&b, "\"%04d-%02d-%02d\"", d->y, d->m, d->d);
        else if (d->y)
            buf_printf(&b, "\"%04d-%02d\"", d->y, d->m);
        else
            buf_printf(&b, "\"--%02d-%02d\"", d->m, d->d);
    }
    buf_putc(&b, ']');
    return buf_take(&b, NULL);
}

/* ---------------------------------------------------------------------
 * storylines
 * ------------------------------------------------------------------- */
typedef struct line_of {
    uint32_t line, story;
    long first;
} line_of;

static int cmp_line_of(const void *a, const void *b)
{
    const line_of *x = a, *y = b;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    if (x->first != y->first)
        return x->first < y->first ? -1 : 1;
    return x->story < y->story ? -1 : x->story > y->story;
}

int td_engine_write_storylines(td_engine *e, FILE *fp)
{
    size_t ns = cluster_n_stories(e->cl), n = 0;
    line_of *all = xmalloc((ns ? ns : 1) * sizeof *all);
    for (uint32_t s = 0; s < ns; s++)
        if (!cluster_is_merged(e->cl, s))
            all[n++] = (line_of){td_engine_storyline(e, s), s, cluster_first(e->cl, s)};
    qsort(all, n, sizeof *all, cmp_line_of); /* one pass groups each storyline */
    buf b;
    buf_init(&b, (size_t)1 << 30);
    int rc = TD_OK;
    for (size_t i = 0; i < n && !rc;) {
        size_t j = i;
        while (j < n && all[j].line == all[i].line)
            j++;
        if (j - i >= 2) {
            buf_printf(&b, "{\"storyline\":%u,\"stories\":[", all[i].line + 1);
            for (size_t k = i; k < j; k++) {
                sview v;
                view(e, all[k].story, &v);
                buf_printf(&b, "%s{\"story\":%u,\"title\":", k > i ? "," : "",
                           all[k].story + 1);
                json_put_cstr(&b, v.title);
                buf_puts(&b, ",\"label\":");
                json_put_str(&b, v.label.ptr ? v.label.ptr : "", v.label.len);
                buf_printf(&b, ",\"size\":%zu,\"first\":", v.n);
                put_date(&b, v.first);
                buf_puts(&b, ",\"last\":");
                put_date(&b, v.last);
                buf_putc(&b, '}');
                view_release(&v);
            }
            buf_puts(&b, "]}\n");
            rc = flush(&b, fp);
        }
        i = j;
    }
    xfree(all);
    buf_release(&b);
    return rc;
}
