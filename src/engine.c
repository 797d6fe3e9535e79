/* engine.c -- implements include/tidings.h by composing the modules.
 *
 *   td_engine_add(article)
 *     -> feat_analyze        (clean, langid, tokens, stems, entities, dates)
 *     -> to_vectors          (vocab ids, df, tf-idf, unit length)
 *     -> cluster_add         (candidates from the index, score, join/open)
 *
 * td_engine_add_batch() runs the analysis of a block of articles on
 * several threads (each with its own analyzer), then the vector and
 * cluster steps one article at a time in the processing order, so the
 * result does not depend on the number of threads.
 */
#include "td_config.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "clean.h"
#include "cluster.h"
#include "feat.h"
#include "hash.h"
#include "json.h"
#include "lexicon.h"
#include "places.h"
#include "stop.h"
#include "lmodel.h"
#include "pair.h"
#include "svec.h"
#include "td_limits.h"
#include "tidings.h"
#include "vocab.h"
#include "xmalloc.h"
#include "engine_int.h"

const char *td_strerror(int rc)
{
    switch (rc) {
    case TD_OK: return "ok";
    case TD_ERR_INVALID: return "invalid input";
    case TD_ERR_TOO_LARGE: return "too large";
    case TD_ERR_NOT_FOUND: return "not found";
    case TD_ERR_IO: return "input/output error";
    case TD_ERR_STORE: return "database error";
    case TD_ERR_BUSY: return "busy";
    case TD_ERR_DUPLICATE: return "duplicate id";
    case TD_ERR_EMPTY: return "empty";
    case TD_ERR_INTERNAL: return "internal error";
    }
    return "unknown error";
}

int td_lexicon_build(const char *dictd_dir, const char *cedict, const char *out, FILE *log,
                     char *err, size_t errlen)
{
    return lexicon_build(dictd_dir, cedict, out, log, err, errlen);
}

int td_places_build(const char *out, char *err, size_t errlen)
{
    uni_ctx *u = uni_new();
    places *p = u ? places_new(u) : NULL;
    int rc = p && places_save(p, out) == 0 ? 0 : -1;
    if (rc)
        snprintf(err, errlen, "%s: cannot build or write the places table", out);
    places_free(p);
    uni_free(u);
    return rc;
}

void td_options_init(td_options *o)
{
    memset(o, 0, sizeof *o);
}

/* What a->v points to once freed: empty, never written. */
static art_views no_views;

/* Free an article's vectors but its text: entities, concepts, places,
 * title terms, numbers. */
static void release_views(art *a)
{
    if (a->v == &no_views)
        return;
    svec_release(&a->v->ents);
    svec_release(&a->v->cons);
    svec_release(&a->v->geo);
    svec_release(&a->v->ttl);
    svec_release(&a->v->nums);
    xfree(a->v);
    a->v = &no_views;
}

/* A story leaves the live window (cluster_set_closing): its articles keep
 * their centrality in it (computed as report.c would at the end: the story
 * cannot change any more) and the heaviest terms the store lists (none
 * when stories_only), and free their other vectors. */
static void on_close(void *user, uint32_t s)
{
    td_engine *e = user;
    size_t n;
    const uint32_t *mem = cluster_members(e->cl, s, &n);
    const svec *c = cluster_text(e->cl, s);
    double cn = svec_norm(c);
    for (size_t i = 0; i < n; i++) {
        art *a = &e->arts[mem[i]];
        a->cent = art_centrality(a, c, cn);
        a->closed = 1;
        if (e->opt.stories_only) {
            svec_release(&a->text);
        } else {
            svec_prune(&a->text, ARTICLE_CLOSED_TERMS);
            svec_shrink(&a->text);
        }
        release_views(a);
    }
}

static void on_decision(void *user, const double *x, uint32_t article, uint32_t s);

int td_engine_new(const td_options *o, td_engine **out)
{
    *out = NULL;
    td_engine *e = xcalloc(1, sizeof *e);
    if (o)
        e->opt = *o;
    cluster_params_default(&e->params);
    if (e->opt.threshold > 0)
        e->params.threshold = e->opt.threshold;
    if (e->opt.window_days > 0)
        e->params.window_days = e->opt.window_days;
    if (e->opt.live_days > 0)
        e->params.live_days = e->opt.live_days;
    if (e->opt.params && cluster_params_parse(&e->params, e->opt.params)) {
        td_engine_free(e);
        return TD_ERR_INVALID;
    }
    if (e->opt.join && strcmp(e->opt.join, "rule")) {
        char err[512];
        const char *path = strcmp(e->opt.join, "model") ? e->opt.join : NULL;
        e->join_model = xmalloc(sizeof *e->join_model);
        if (join_model_load(e->join_model, path, err, sizeof err)) {
            if (e->opt.diag) {
                td_diag d = {TD_ERROR, TD_ERR_INVALID, path ? path : "models/join.tsv (built in)",
                             0, NULL, err, 0};
                e->opt.diag(e->opt.diag_user, &d);
            }
            td_engine_free(e);
            return TD_ERR_INVALID;
        }
        e->params.join = e->join_model;
    }
    if (e->opt.train_join || e->opt.keep_gold)
        e->gold = vocab_new();
    e->stop = stop_new();
    e->seen = clean_seen_new();
    /* places: the table made at build time, else built now from ICU */
    const char *pp = getenv("TIDINGS_PLACES");
#ifdef TD_PLACES_DEFAULT
    if (!pp)
        pp = TD_PLACES_DEFAULT;
#endif
    e->places = pp && *pp ? places_load(pp) : NULL;
    if (!e->places) {
        uni_ctx *u = uni_new();
        e->places = u ? places_new(u) : NULL;
        uni_free(u);
    }
    /* the lexicon: optional; without it there are no pivot concepts */
    const char *lp = e->opt.lexicon ? e->opt.lexicon : getenv("TIDINGS_LEXICON");
#ifdef TD_LEXICON_DEFAULT
    if (!lp)
        lp = TD_LEXICON_DEFAULT;
#endif
    if (lp && *lp) {
        char lerr[256], msg[400];
        e->lex = lexicon_open(lp, lerr, sizeof lerr);
        if (!e->lex && e->opt.diag) { /* runs on, but not silently weaker */
            size_t n = strlen(lp);
            const char *why = !strncmp(lerr, lp, n) && !strncmp(lerr + n, ": ", 2) ? lerr + n + 2
                                                                                : lerr;
            snprintf(msg, sizeof msg,
                     "%s; clustering without translated concepts (cross-language "
                     "stories are weaker)",
                     why);
            td_diag d = {TD_WARNING, TD_ERR_IO, lp, 0, "lexicon", msg, 0};
            e->opt.diag(e->opt.diag_user, &d);
        }
    }
    feat_shared sh = {e->stop, e->seen, e->places, e->lex};
    e->an = feat_analyzer_new(&sh);
    if (!e->an) {
        td_engine_free(e);
        return TD_ERR_INTERNAL;
    }
    e->voc = vocab_new();
    e->surf = vocab_new();
    e->cl = cluster_new(&e->params);
    if (!o->keep_all && !o->train_join && !o->keep_gold)
        cluster_set_closing(e->cl, 1, on_close, e);
    if (o->train_join)
        cluster_set_decisions(e->cl, on_decision, e);
    e->id_cap = 1024;
    e->id_slots = xmalloc(e->id_cap * sizeof *e->id_slots);
    memset(e->id_slots, 0xff, e->id_cap * sizeof *e->id_slots);
    *out = e;
    return TD_OK;
}

static void art_release(art *a)
{
    xfree(a->n_dates ? (void *)a->dates : a->id); /* art_strings' block */
    svec_release(&a->text);
    release_views(a);
}

void td_engine_free(td_engine *e)
{
    if (!e)
        return;
    for (size_t i = 0; i < e->n_arts; i++)
        art_release(&e->arts[i]);
    xfree(e->arts);
    xfree(e->id_slots);
    xfree(e->lang_code);
    xfree(e->lang_n);
    xfree(e->merges);
    xfree(e->lat);
    xfree(e->lines);
    feat_analyzer_free(e->an);
    stop_free(e->stop);
    clean_seen_free(e->seen);
    places_free(e->places);
    lexicon_close(e->lex);
    vocab_free(e->voc);
    vocab_free(e->surf);
    cluster_free(e->cl);
    xfree(e->join_model);
    xfree(e->pair_model);
    engine_join_examples_free(e);
    vocab_free(e->gold);
    xfree(e);
}

/* ---------------------------------------------------------------------
 * article ids
 * ------------------------------------------------------------------- */
static size_t id_probe(const td_engine *e, const char *id, size_t n)
{
    size_t i = hash_bytes(id, n, 0x1d) & (e->id_cap - 1);
    while (e->id_slots[i] != UINT32_MAX) {
        const char *x = e->arts[e->id_slots[i]].id;
        if (strlen(x) == n && !memcmp(x, id, n))
            break;
        i = (i + 1) & (e->id_cap - 1);
    }
    return i;
}

long engine_find(const td_engine *e, const char *id, size_t n)
{
    uint32_t v = e->id_slots[id_probe(e, id, n)];
    return v == UINT32_MAX ? -1 : (long)v;
}

static void id_insert(td_engine *e, uint32_t idx)
{
    if ((e->n_arts + 1) * 2 > e->id_cap) {
        xfree(e->id_slots);
        e->id_cap *= 2;
        e->id_slots = xmalloc(e->id_cap * sizeof *e->id_slots);
        memset(e->id_slots, 0xff, e->id_cap * sizeof *e->id_slots);
        for (size_t i = 0; i < e->n_arts; i++)
            e->id_slots[id_probe(e, e->arts[i].id, strlen(e->arts[i].id))] = (uint32_t)i;
    }
    const char *id = e->arts[idx].id;
    e->id_slots[id_probe(e, id, strlen(id))] = idx;
}

/* ---------------------------------------------------------------------
 * features -> vectors
 * ------------------------------------------------------------------- */
/* Count one more article of language `lang`; returns the new count and
 * sets *no to the language's number. */
static uint64_t count_lang(td_engine *e, const char *lang, uint32_t *no)
{
    for (size_t i = 0; i < e->n_langs; i++)
        if (!strcmp(e->lang_code[i], lang)) {
            *no = (uint32_t)i;
            return ++e->lang_n[i];
        }
    *no = (uint32_t)e->n_langs;
    size_t cap = e->cap_langs;
    xgrow((void **)&e->lang_code, &cap, e->n_langs + 1, sizeof *e->lang_code);
    cap = e->cap_langs;
    xgrow((void **)&e->lang_n, &cap, e->n_langs + 1, sizeof *e->lang_n);
    e->cap_langs = cap;
    memcpy(e->lang_code[e->n_langs], lang, sizeof e->lang_code[0]);
    e->lang_n[e->n_langs] = 1;
    return e->lang_n[e->n_langs++];
}

/* Build the unit tf-idf vector of entries (ids[i], tf[i]); n_docs is the
 * article count the idf is relative to. The term frequency is sublinear
 * (1 + ln tf) from one occurrence on and linear below: a share of a
 * mention (an abjad key, a place, a dictionary name: feat.h) counts for
 * that share, never for less than nothing. */
static void weigh(const vocab *v, svec *out, const uint32_t *ids, const float *tf, size_t n,
                  size_t keep, uint64_t n_docs)
{
    svec_clear(out);
    for (size_t i = 0; i < n; i++) {
        double f = tf[i] >= 1 ? 1.0 + log(tf[i]) : tf[i];
        svec_push(out, ids[i], (float)(f * vocab_idf_n(v, ids[i], n_docs)));
    }
    svec_sort(out);
    svec_prune(out, keep);
    double norm = svec_norm(out);
    if (norm > 0)
        svec_scale(out, 1.0 / norm);
    svec_shrink(out); /* kept for the article's life: no slack */
}

/* How fit a name's surface s in an article of language lang is to stand
 * for its key in labels (vocab_intern_ranked): English first (labels are
 * read in English), then any other Latin spelling, then other scripts. */
static unsigned name_rank(const char *lang, const char *s)
{
    if (!strcmp(lang, "en"))
        return 2;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p >= 0x80 && (*p < 0xc3 || *p > 0xc9) && (*p & 0xc0) != 0x80)
            return 0; /* a lead byte beyond U+024F (Latin Extended-B) */
    return 1;
}

/* Levenshtein distance of a and b (ASCII case folded), at most cap + 1. */
static size_t edit_distance(const char *a, const char *b, size_t cap)
{
    size_t na = strlen(a), nb = strlen(b);
    if (na > 63 || nb > 63)
        return cap + 1;
    size_t row[64];
    for (size_t j = 0; j <= nb; j++)
        row[j] = j;
    for (size_t i = 1; i <= na; i++) {
        size_t diag = row[0], low = row[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t up = row[j];
            int same = (a[i - 1] | 32) == (b[j - 1] | 32);
            size_t best = diag + !same;
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
            if (best < low)
                low = best;
        }
        if (low > cap)
            return cap + 1;
    }
    return row[nb];
}

/* The rank a name's surface s gets (name_rank), unless the key already
 * shows a Latin spelling that s is not a variant of: keys are lossy
 * (Frank and French share one), and a label is to show the name its
 * articles wrote. */
static unsigned display_rank(const td_engine *e, uint64_t h, const char *lang, const char *s)
{
    unsigned r = name_rank(lang, s);
    uint32_t id = vocab_find(e->voc, h);
    if (id == UINT32_MAX || r <= vocab_rank(e->voc, id) || vocab_rank(e->voc, id) == 0)
        return r;
    const char *old = vocab_str(e->voc, id);
    size_t n = strlen(s) > strlen(old) ? strlen(s) : strlen(old), cap = n / 3 ? n / 3 : 1;
    return edit_distance(old, s, cap) <= cap ? r : 0;
}

/* The article's key names: of the candidates (is_key, ids the entity
 * ids), those its entity vector kept, the heaviest N_KEY_NAMES (ties by
 * id; a place named twice is one). */
static void key_names(art *a, const uint32_t *ids, const float *tf, const unsigned char *is_key,
                      size_t m)
{
    a->n_keys = 0;
    float kw[N_KEY_NAMES];
    for (size_t i = 0; i < m; i++) {
        if (!is_key[i] || !svec_has(&a->v->ents, ids[i]))
            continue;
        int dup = 0;
        for (uint32_t k = 0; k < a->n_keys; k++)
            dup |= a->keys[k] == ids[i];
        if (dup)
            continue;
        size_t j = a->n_keys;
        if (j == N_KEY_NAMES) {
            if (kw[j - 1] > tf[i] || (kw[j - 1] == tf[i] && a->keys[j - 1] < ids[i]))
                continue;
            j--;
        } else {
            a->n_keys++;
        }
        while (j > 0 && (kw[j - 1] < tf[i] || (kw[j - 1] == tf[i] && a->keys[j - 1] > ids[i]))) {
            kw[j] = kw[j - 1];
            a->keys[j] = a->keys[j - 1];
            j--;
        }
        kw[j] = tf[i];
        a->keys[j] = ids[i];
    }
}

static void to_vectors(td_engine *e, const feat_doc *d, art *a)
{
    size_t n = d->n_terms, m = 0;
    uint32_t *ids = xmalloc((n + d->n_ents + 1) * sizeof *ids);
    float *tf = xmalloc((n + d->n_ents + 1) * sizeof *tf);
    vocab_add_doc(e->voc);
    uint64_t n_lang = count_lang(e, d->lang, &a->lang_no);
    for (size_t i = 0; i < n; i++) {
        const feat_term *t = &d->terms[i];
        const char *s = feat_str(d, t->str);
        ids[i] = vocab_intern(e->voc, t->h, s, strlen(s));
        tf[i] = t->tf;
        vocab_add_df(e->voc, ids[i]);
    }
    weigh(e->voc, &a->text, ids, tf, n, TD_MAX_DOC_TERMS, n_lang);
    /* the numbers, weighed over all languages: they are written alike in
     * most (ids[] keeps the term order) */
    {
        uint32_t *nid = xmalloc((n + 1) * sizeof *nid);
        float *ntf = xmalloc((n + 1) * sizeof *ntf);
        size_t k = 0;
        for (size_t i = 0; i < n; i++)
            if (d->terms[i].kind == FEAT_TERM_NUM) {
                nid[k] = ids[i];
                ntf[k++] = d->terms[i].tf;
            }
        weigh(e->voc, &a->v->nums, nid, ntf, k, TD_MAX_DOC_TERMS, vocab_n_docs(e->voc));
        xfree(nid);
        xfree(ntf);
    }
    /* the title's terms (pair similarity): ids[] keeps the term order */
    {
        size_t k = 0;
        for (size_t i = 0; i < n; i++)
            if (d->terms[i].title_tf > 0) {
                ids[k] = ids[i];
                tf[k++] = d->terms[i].title_tf;
            }
        weigh(e->voc, &a->v->ttl, ids, tf, k, TD_MAX_DOC_TERMS, n_lang);
    }

    /* entities: single tokens, places and abjad keys form the vector;
     * names and phrases are label material */
    unsigned char *label_ok = xmalloc(d->n_ents + 1);
    unsigned char *is_key = xmalloc(d->n_ents + 1);
    uint64_t *key_place = xmalloc((d->n_ents + 1) * sizeof *key_place);
    uint32_t *surf = xmalloc((d->n_ents + 1) * sizeof *surf);
    typedef struct { uint32_t id; float w; uint32_t sid; } idw;
    idw phr[TD_MAX_ENTITIES];
    size_t np = 0;
    uint32_t gid[TD_MAX_ENTITIES];
    float gw[TD_MAX_ENTITIES];
    size_t ng = 0;
    for (size_t i = 0; i < d->n_ents; i++) {
        const feat_ent *x = &d->ents[i];
        const char *s = feat_str(d, x->str);
        size_t sl = strlen(s);
        unsigned rank = x->phrase == FEAT_ENT_NAME ? display_rank(e, x->h, d->lang, s) : 0;
        uint32_t id = vocab_intern_ranked(e->voc, x->h, s, sl, rank);
        vocab_add_df(e->voc, id);
        uint32_t sid = x->phrase == FEAT_ENT_PHRASE || x->phrase == FEAT_ENT_NAME
                           ? vocab_intern_ranked(e->surf, feat_key("s:", s, sl), s, sl,
                                                 name_rank(d->lang, s))
                           : 0;
        if ((x->phrase == FEAT_ENT_PLACE || x->phrase == FEAT_ENT_CITY) && ng < TD_MAX_ENTITIES) {
            gid[ng] = id;
            gw[ng++] = x->w;
        }
        if (x->phrase == FEAT_ENT_PHRASE) {
            if (np < TD_MAX_ENTITIES)
                phr[np++] = (idw){id, x->w, sid};
        } else if (x->phrase == FEAT_ENT_CITY) {
            /* cities are no entities: a language's catalogue may lack a
             * city that another's has, and the entities would differ (a
             * city's name is an entity already) */
        } else {
            ids[m] = id;
            tf[m] = x->w;
            surf[m] = sid;
            /* a key name (cluster.h) is one the title or lead gives and
             * the body names again (a teaser's names, a headline repeated
             * in Title Case, are said once); a place is known by its id in
             * every language, and an acronym differs between them (UN,
             * ONU): none */
            is_key[m] = x->phrase == FEAT_ENT_NAME && x->first < d->n_head && x->in_body &&
                        !x->acronym;
            key_place[m] = x->place;
            label_ok[m++] = x->phrase == FEAT_ENT_NAME;
        }
    }
    /* places alone (pair similarity: geography) */
    weigh(e->voc, &a->v->geo, gid, gw, ng, TD_MAX_ENTITIES, n_lang);
    /* stable order for pruning ties: by id */
    weigh(e->voc, &a->v->ents, ids, tf, m, TD_MAX_ENTITIES, n_lang);
    {
        /* a place's id, now that every entity of the article has one */
        uint32_t *key_id = xmalloc((m + 1) * sizeof *key_id);
        for (size_t i = 0; i < m; i++)
            key_id[i] = key_place[i] ? vocab_find(e->voc, key_place[i]) : ids[i];
        key_names(a, key_id, tf, is_key, m);
        xfree(key_id);
    }
    xfree(is_key);
    xfree(key_place);
    /* label phrases and single names: keep the heaviest */
    for (size_t i = 0; i < m && np < TD_MAX_ENTITIES; i++)
        if (label_ok[i])
            phr[np++] = (idw){ids[i], tf[i] * 0.9f, surf[i]};
    xfree(label_ok);
    xfree(surf);
    /* pivot concepts */
    {
        size_t nc = d->n_cons;
        uint32_t *cid = xmalloc((nc + 1) * sizeof *cid);
        float *ctf = xmalloc((nc + 1) * sizeof *ctf);
        for (size_t i = 0; i < nc; i++) {
            const feat_term *t = &d->cons[i];
            const char *s = feat_str(d, t->str);
            cid[i] = vocab_intern(e->voc, t->h, s, strlen(s));
            ctf[i] = t->tf < 1e-6f ? 1e-6f : t->tf;
            vocab_add_df(e->voc, cid[i]);
        }
        weigh(e->voc, &a->v->cons, cid, ctf, nc, TD_MAX_DOC_TERMS, vocab_n_docs(e->voc));
        xfree(cid);
        xfree(ctf);
    }
    for (size_t i = 0; i < np; i++) { /* insertion sort by weight desc, id asc */
        idw x = phr[i];
        size_t j = i;
        while (j > 0 && (phr[j - 1].w < x.w || (phr[j - 1].w == x.w && phr[j - 1].id > x.id))) {
            phr[j] = phr[j - 1];
            j--;
        }
        phr[j] = x;
    }
    a->n_phr = 0;
    for (size_t i = 0; i < np && a->n_phr < N_LABEL_PHRASES; i++) {
        a->phr[a->n_phr] = phr[i].id;
        a->phr_s[a->n_phr] = phr[i].sid;
        a->phr_w[a->n_phr++] = phr[i].w;
    }
    xfree(ids);
    xfree(tf);
}

/* Per-language calibration of the join threshold, for joins within one
 * language (cluster.c adds it only then). The same-language text cosine has
 * a different scale per language: agglutinative Turkish and clitic-rich
 * Arabic share more stems between unrelated articles, German and Spanish
 * fewer. On the semeval2022_task8 development pairs the best thresholds per
 * language were ar 0.33-0.36, tr 0.33-0.36, en 0.26-0.29, fr 0.28-0.31,
 * de 0.21-0.26, es 0.20-0.27 (text cosine alone), and a cross-validated
 * model with per-language terms gained 0.025 pairwise F1. The offsets are
 * kept below the best fit (+0.12/-0.06) on purpose. Other languages: 0. */
static const struct {
    const char *lang;
    double adj;
} lang_threshold_adj[] = {
    {"ar", +0.10}, {"tr", +0.10}, {"de", -0.05}, {"es", -0.05},
};

static double lang_adj(const char *lang)
{
    for (size_t i = 0; i < TD_ARRAY_LEN(lang_threshold_adj); i++)
        if (!strcmp(lang, lang_threshold_adj[i].lang))
            return lang_threshold_adj[i].adj;
    return 0;
}

void engine_doc_of(const art *a, cluster_doc *cd)
{
    cd->source = 0;
    if (a->source && *a->source) {
        uint64_t h = hash_bytes(a->source, strlen(a->source), 0x5c);
        cd->source = (uint32_t)(h ^ (h >> 32));
        if (!cd->source)
            cd->source = 1;
    }
    cd->thr_adj = lang_adj(a->lang);
    cd->text = &a->text;
    cd->ents = &a->v->ents;
    cd->cons = &a->v->cons;
    cd->dates = a->dates;
    cd->n_dates = a->n_dates;
    cd->date_days = a->date_days;
    cd->lang = a->lang_no;
    cd->nums = &a->v->nums;
    cd->keys = a->keys;
    cd->n_keys = a->n_keys;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void record_latency(td_engine *e, double s)
{
    xgrow((void **)&e->lat, &e->cap_lat, e->n_lat + 1, sizeof *e->lat);
    e->lat[e->n_lat++] = (float)s;
}

/* Training: assign the article to the story of its gold label (the
 * "story" field among the input's extra fields); an article without one
 * opens a story of its own. */
/* The gold story number of an input record (the "story" field among its
 * extra fields), numbered in order of first appearance; UINT32_MAX when it
 * has none. */
static uint32_t gold_of(td_engine *e, const td_article *in)
{
    uint32_t gid = UINT32_MAX;
    json_doc *j;
    json_err err;
    if (in->extra_len && !json_doc_parse(in->extra, in->extra_len, &j, &err)) {
        size_t n;
        const char *g = json_field_str(j, "story", &n, 1);
        if (g)
            gid = vocab_intern(e->gold, hash_bytes(g, n, 0x901d), g, n);
        json_doc_free(j);
    }
    return gid;
}

/* Training: a decision cluster_add is about to make for an article about
 * story s is right when more than half of s's articles are of the
 * article's gold story. Articles without a gold
 * story give no example. */
static void on_decision(void *user, const double *x, uint32_t article, uint32_t s)
{
    td_engine *e = user;
    const art *a = &e->arts[article];
    if (a->gold == UINT32_MAX)
        return;
    size_t n;
    const uint32_t *m = cluster_members(e->cl, s, &n);
    size_t same = 0;
    for (size_t i = 0; i < n; i++)
        same += e->arts[m[i]].gold == a->gold;
    engine_join_example(e, x, 2 * same > n);
}

/* The article's mentioned dates, id, title, source and date string in
 * one block (a million articles: one allocation each instead of five),
 * the dates first for their alignment: a->dates owns it when there are
 * any, a->id otherwise (art_release). */
static void art_strings(art *a, const td_article *in, const feat_doc *d)
{
    size_t nd = d->n_dates * sizeof *a->dates, nt = d->title ? strlen(d->title) + 1 : 0,
           ns = in->source_len ? in->source_len + 1 : 0, nw = in->date_len ? in->date_len + 1 : 0;
    char *p = xmalloc(nd + in->id_len + 1 + nt + ns + nw);
    if (d->n_dates) {
        a->dates = (datex_date *)(void *)p;
        memcpy(a->dates, d->dates, nd);
        a->n_dates = (uint32_t)d->n_dates;
        p += nd;
    }
    a->id = p;
    memcpy(p, in->id, in->id_len);
    p[in->id_len] = '\0';
    p += in->id_len + 1;
    if (nt) {
        a->title = memcpy(p, d->title, nt);
        p += nt;
    }
    if (ns) {
        a->source = memcpy(p, in->source, ns - 1);
        p[ns - 1] = '\0';
        p += ns;
    }
    if (nw) {
        a->date = memcpy(p, in->date, nw - 1);
        p[nw - 1] = '\0';
    }
}

/* Record an analysed article and assign its story. */
static uint32_t commit(td_engine *e, const td_article *in, feat_doc *d)
{
    double t0 = now_s();
    xgrow((void **)&e->arts, &e->cap_arts, e->n_arts + 1, sizeof *e->arts);
    uint32_t idx = (uint32_t)e->n_arts;
    art *a = &e->arts[idx];
    memset(a, 0, sizeof *a);
    a->v = xcalloc(1, sizeof *a->v);
    art_strings(a, in, d);
    memcpy(a->lang, d->lang, sizeof a->lang);
    a->date_days = d->date_days;
    a->n_tokens = d->n_tokens > UINT32_MAX ? UINT32_MAX : (uint32_t)d->n_tokens;
    to_vectors(e, d, a);
    e->n_arts++;
    id_insert(e, idx);
    double t1 = now_s();
    e->t_vectors += t1 - t0;
    cluster_doc cd;
    engine_doc_of(a, &cd);
    cluster_score best;
    a->gold = e->gold ? gold_of(e, in) : UINT32_MAX;
    a->story = cluster_add(e->cl, idx, &cd, &best);
    if (e->opt.stories_only) /* nothing reads them again (the centroids have them) */
        release_views(a);
    e->t_assign += now_s() - t1;
    if (best.merged != UINT32_MAX) {
        xgrow((void **)&e->merges, &e->cap_merges, e->n_merges + 1, sizeof *e->merges);
        e->merges[e->n_merges++] =
            (struct merge_event){best.merged, a->story, idx, 0, best.merge_cos, 0};
    }
    for (unsigned i = 0; i < best.n_absorbed; i++) {
        xgrow((void **)&e->merges, &e->cap_merges, e->n_merges + 1, sizeof *e->merges);
        e->merges[e->n_merges++] = (struct merge_event){
            best.absorbed[i], a->story, idx, 1, best.absorb_score[i], best.absorb_thr[i]};
    }
    a->best_score = (float)best.score;
    a->best_thr = (float)best.thr;
    a->best_story = best.story;
    a->n_candidates = best.n_candidates;
    a->best_lead = (float)best.lead;
    a->ambiguous = (unsigned char)best.ambiguous;
    return a->story;
}

static void warn(td_engine *e, const char *file, unsigned long line, const char *field,
                 int code, const char *msg)
{
    if (!e->opt.diag)
        return;
    td_diag d = {TD_WARNING, code, file ? file : "-", line, field, msg, 0};
    e->opt.diag(e->opt.diag_user, &d);
}

static void report_duplicate(td_engine *e, const td_article *a, const char *file,
                             unsigned long line)
{
    if (!e->opt.diag)
        return;
    char msg[TD_MAX_ID_BYTES + 64];
    snprintf(msg, sizeof msg, "duplicate id \"%.*s\"; record skipped",
             (int)(a->id_len > TD_MAX_ID_BYTES ? TD_MAX_ID_BYTES : a->id_len), a->id);
    td_diag dg = {TD_ERROR, TD_ERR_DUPLICATE, file ? file : "-", line, "id", msg, 0};
    e->opt.diag(e->opt.diag_user, &dg);
}

static int check_id(td_engine *e, const td_article *a, const char *file,
                    unsigned long line)
{
    if (!a->id || !a->id_len)
        return TD_ERR_INVALID;
    if (engine_find(e, a->id, a->id_len) >= 0) {
        report_duplicate(e, a, file, line);
        return TD_ERR_DUPLICATE;
    }
    return TD_OK;
}

static int finish(td_engine *e, const td_article *a, const char *file, unsigned long line,
                  feat_doc *d, int arc, int truncated, uint32_t *story)
{
    if (truncated)
        warn(e, file, line, "text", TD_ERR_TOO_LARGE,
             "text longer than the article cap; the rest was not analysed");
    if (arc == TD_ERR_EMPTY)
        warn(e, file, line, "text", TD_ERR_EMPTY,
             "nothing left to cluster on after cleaning; a story of its own");
    uint32_t s = commit(e, a, d);
    if (story)
        *story = s;
    return arc == TD_ERR_EMPTY ? TD_ERR_EMPTY : TD_OK;
}

/* Per-source boilerplate: lines of article `seq`. The source is cut like
 * feat_analyze cuts it, so both see the same key. */
static void register_lines(td_engine *e, const td_article *a, uint32_t seq)
{
    if (!a->source_len)
        return;
    char src[256];
    snprintf(src, sizeof src, "%.*s", (int)(a->source_len < 255 ? a->source_len : 255),
             a->source);
    clean_seen_add(e->seen, src, a->text, a->text_len, seq);
    if (a->title)
        clean_seen_add_title(e->seen, src, a->title, a->title_len, seq);
}

int td_engine_add(td_engine *e, const td_article *a, const char *file, unsigned long line,
                  uint32_t *story)
{
    int rc = check_id(e, a, file, line);
    if (rc)
        return rc;
    double t0 = now_s();
    uint32_t seq = (uint32_t)e->n_arts;
    clean_seen_forget(e->seen, seq);
    register_lines(e, a, seq);
    feat_doc d;
    int truncated;
    int arc = feat_analyze(e->an, a, seq, &d, &truncated);
    rc = finish(e, a, file, line, &d, arc, truncated, story);
    feat_doc_release(&d);
    record_latency(e, now_s() - t0);
    return rc;
}

/* ---------------------------------------------------------------------
 * batches
 * ------------------------------------------------------------------- */
typedef struct batch_job {
    td_engine *e;
    const td_article *a;
    const size_t *order;   /* processing order: indexes into a */
    const uint32_t *seqs;  /* sequence number of a[i] */
    size_t lo, hi;         /* the block being analysed: order[lo..hi) */
    feat_doc *docs;        /* by position in the block */
    int *arc, *trunc;
    unsigned char *skip;   /* by index into a */
    atomic_size_t next;
} batch_job;

typedef struct worker {
    batch_job *job;
    feat_analyzer *an;
} worker;

static void analyse_some(batch_job *j, feat_analyzer *an)
{
    for (;;) {
        size_t k = atomic_fetch_add(&j->next, 1);
        if (j->lo + k >= j->hi)
            break;
        size_t i = j->order[j->lo + k];
        if (j->skip[i]) {
            feat_doc_init(&j->docs[k]);
            continue;
        }
        j->arc[k] = feat_analyze(an, &j->a[i], j->seqs[i], &j->docs[k], &j->trunc[k]);
    }
}

static void *worker_main(void *p)
{
    worker *w = p;
    analyse_some(w->job, w->an);
    return NULL;
}

/* Start job j on the worker threads ws[1..threads) (the calling thread
 * joins in with analyse_some). Returns the threads started, in tid. */
static int start_job(batch_job *j, worker *ws, int threads, pthread_t *tid)
{
    atomic_init(&j->next, 0);
    int started = 0;
    for (int t = 1; t < threads; t++) {
        ws[t].job = j;
        if (ws[t].an && pthread_create(&tid[started], NULL, worker_main, &ws[t]) == 0)
            started++;
    }
    return started;
}

/* Processing order: by date where given (stable); an undated article
 * keeps its place after the dated article before it. */
typedef struct okey {
    long key;
    size_t i;
} okey;

static int cmp_okey(const void *a, const void *b)
{
    const okey *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

#define BATCH_BLOCK 512

void td_processing_order(const td_article *a, size_t n, size_t *order)
{
    okey *k = xmalloc((n ? n : 1) * sizeof *k);
    long last = FEAT_DATE_NONE;
    for (size_t i = 0; i < n; i++) {
        datex_date dd;
        if (a[i].date_len && datex_parse_iso(a[i].date, a[i].date_len, &dd)) {
            long days = datex_days(dd.y, dd.m, dd.d);
            /* a date-time sorts after the plain date of the same day */
            last = days;
        }
        k[i].key = last;
        k[i].i = i;
    }
    qsort(k, n, sizeof *k, cmp_okey);
    for (size_t i = 0; i < n; i++)
        order[i] = k[i].i;
    xfree(k);
}

void td_engine_add_batch(td_engine *e, const td_article *a, size_t n,
                         const char *const *files, const unsigned long *lines, int *rcs,
                         uint32_t *stories)
{
    td_engine_add_batch_cb(e, a, n, files, lines, rcs, stories, NULL, NULL);
}

void td_engine_add_batch_cb(td_engine *e, const td_article *a, size_t n,
                            const char *const *files, const unsigned long *lines, int *rcs,
                            uint32_t *stories, void (*done)(void *user, size_t i), void *user)
{
    size_t *order = xmalloc((n ? n : 1) * sizeof *order);
    td_processing_order(a, n, order);

    /* per-source boilerplate lines are counted over the whole batch
     * first, so the first articles of a source are cleaned as well as the
     * last; duplicates are found here too */
    unsigned char *skip = xcalloc(n ? n : 1, 1);
    for (size_t oi = 0; oi < n; oi++) {
        size_t i = order[oi];
        stories[i] = UINT32_MAX;
        rcs[i] = TD_OK;
    }
    /* duplicate ids: against the engine, and within the batch (the first
     * in input order wins), through a hash set of the batch's ids */
    size_t bcap = 16;
    while (bcap < n * 2)
        bcap *= 2;
    size_t *bset = xmalloc(bcap * sizeof *bset);
    for (size_t i = 0; i < bcap; i++)
        bset[i] = SIZE_MAX;
    for (size_t i = 0; i < n; i++) {
        const char *file = files ? files[i] : NULL;
        unsigned long line = lines ? lines[i] : 0;
        int rc = check_id(e, &a[i], file, line);
        if (!rc) {
            size_t h = hash_bytes(a[i].id, a[i].id_len, 0x1d) & (bcap - 1);
            while (bset[h] != SIZE_MAX) {
                const td_article *o = &a[bset[h]];
                if (o->id_len == a[i].id_len && !memcmp(o->id, a[i].id, a[i].id_len)) {
                    rc = TD_ERR_DUPLICATE;
                    report_duplicate(e, &a[i], file, line);
                    break;
                }
                h = (h + 1) & (bcap - 1);
            }
            if (!rc)
                bset[h] = i;
        }
        if (rc) {
            rcs[i] = rc;
            skip[i] = 1;
            continue;
        }
    }
    xfree(bset);
    /* sequence numbers in processing order; lines registered up front
     * (clean_seen counts only articles up to each one's own number) */
    uint32_t *seqs = xmalloc((n ? n : 1) * sizeof *seqs);
    uint32_t next_seq = (uint32_t)e->n_arts;
    clean_seen_forget(e->seen, next_seq);
    for (size_t oi = 0; oi < n; oi++) {
        size_t i = order[oi];
        if (skip[i])
            continue;
        seqs[i] = next_seq++;
        register_lines(e, &a[i], seqs[i]);
    }

    int threads = e->opt.threads > 1 ? e->opt.threads : 1;
    if (threads > 64)
        threads = 64;
    worker *ws = xcalloc((size_t)threads, sizeof *ws);
    feat_shared sh = {e->stop, e->seen, e->places, e->lex};
    for (int t = 1; t < threads; t++)
        ws[t].an = feat_analyzer_new(&sh);
    ws[0].an = e->an;

    /* Blocks of BATCH_BLOCK articles, analysed ahead of their assignment:
     * while this thread assigns the stories of block b (in order: that
     * part is sequential), the workers analyse block b + 1, and this
     * thread joins them when it is done. Analysis reads nothing the
     * assignment writes, so the output is the same for every number of
     * threads. Two sets of per-block results take turns. */
    feat_doc *docs[2];
    int *arc[2], *trunc[2];
    for (int h = 0; h < 2; h++) {
        docs[h] = xmalloc(BATCH_BLOCK * sizeof *docs[h]);
        arc[h] = xmalloc(BATCH_BLOCK * sizeof *arc[h]);
        trunc[h] = xmalloc(BATCH_BLOCK * sizeof *trunc[h]);
    }
    batch_job jobs[2];
    pthread_t tid[64];
    int started = 0;
    double t_job = 0, t_other = 0; /* the running job's start; assignment meanwhile */
    for (size_t lo = 0, b = 0; lo < n; lo += BATCH_BLOCK, b++) {
        size_t hi = lo + BATCH_BLOCK < n ? lo + BATCH_BLOCK : n;
        batch_job *job = &jobs[b & 1];
        if (lo == 0) { /* the first block: nothing to assign meanwhile */
            *job = (batch_job){e, a, order, seqs, lo, hi, docs[0], arc[0], trunc[0], skip, 0};
            t_job = now_s();
            started = start_job(job, ws, threads, tid);
        }
        /* finish the analysis of this block, helping the workers */
        analyse_some(job, e->an);
        for (int t = 0; t < started; t++)
            pthread_join(tid[t], NULL);
        started = 0;
        /* per-article latency: its share of the block's analysis (wall
         * time, less what this thread spent assigning the block before)
         * plus its own assignment */
        double share = (now_s() - t_job - t_other) / (double)(hi - lo);
        if (share < 0)
            share = 0;
        /* start the next block's analysis */
        size_t nlo = hi, nhi = nlo + BATCH_BLOCK < n ? nlo + BATCH_BLOCK : n;
        if (nlo < n) {
            batch_job *nj = &jobs[(b + 1) & 1];
            int h = (int)((b + 1) & 1);
            *nj = (batch_job){e, a, order, seqs, nlo, nhi, docs[h], arc[h], trunc[h], skip, 0};
            t_job = now_s();
            started = start_job(nj, ws, threads, tid);
        }
        double ta = now_s();
        for (size_t p = lo; p < hi; p++) {
            size_t i = order[p];
            feat_doc *d = &job->docs[p - lo];
            double tc = now_s();
            if (!skip[i])
                rcs[i] = finish(e, &a[i], files ? files[i] : NULL, lines ? lines[i] : 0, d,
                                job->arc[p - lo], job->trunc[p - lo], &stories[i]);
            feat_doc_release(d);
            if (!skip[i])
                record_latency(e, share + now_s() - tc);
            if (done)
                done(user, i); /* a[i] is not read again */
        }
        t_other = now_s() - ta;
    }
    for (size_t i = 0; i < n; i++) /* stories may have merged since */
        if (stories[i] != UINT32_MAX)
            stories[i] = cluster_resolve(e->cl, stories[i]);
    for (int t = 1; t < threads; t++) {
        if (ws[t].an) {
            double tt[FEAT_T_N];
            feat_times(ws[t].an, tt);
            for (int k = 0; k < FEAT_T_N; k++)
                e->t_feat[k] += tt[k];
        }
        feat_analyzer_free(ws[t].an);
    }
    xfree(ws);
    for (int h = 0; h < 2; h++) {
        xfree(docs[h]);
        xfree(arc[h]);
        xfree(trunc[h]);
    }
    xfree(skip);
    xfree(seqs);
    xfree(order);
}

/* ---------------------------------------------------------------------
 * queries
 * ------------------------------------------------------------------- */
uint32_t td_engine_storyline(td_engine *e, uint32_t story)
{
    size_t ns = cluster_n_stories(e->cl);
    if (story >= ns)
        return story;
    if (!e->lines || e->lines_at != e->n_arts + 1) {
        xfree(e->lines);
        e->lines = xmalloc((ns ? ns : 1) * sizeof *e->lines);
        cluster_storylines(e->cl, e->params.storyline, e->lines);
        e->lines_at = e->n_arts + 1;
    }
    return e->lines[story];
}

static int cmp_float(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return x < y ? -1 : x > y;
}

void td_engine_stats(const td_engine *e, td_stats *out)
{
    memset(out, 0, sizeof *out);
    double t[FEAT_T_N];
    feat_times(e->an, t);
    out->clean = t[FEAT_T_CLEAN] + e->t_feat[FEAT_T_CLEAN];
    out->langid = t[FEAT_T_LANGID] + e->t_feat[FEAT_T_LANGID];
    out->tokens = t[FEAT_T_TOKENS] + e->t_feat[FEAT_T_TOKENS];
    out->features = t[FEAT_T_FEATURES] + e->t_feat[FEAT_T_FEATURES];
    out->vectors = e->t_vectors;
    out->assign = e->t_assign;
    out->articles = e->n_arts;
    out->bytes = vocab_bytes(e->voc) + vocab_bytes(e->surf) + cluster_bytes(e->cl) +
                 clean_seen_bytes(e->seen);
    out->stories = td_engine_n_stories(e);
    out->closed = cluster_n_closed(e->cl);
    out->heap_alloc = xmalloc_heap(&out->heap_in_use, &out->heap_free, &out->heap_mapped);
    for (size_t i = 0; i < e->n_arts; i++) {
        const art_views *v = e->arts[i].v;
        out->bytes += svec_bytes(&e->arts[i].text) + sizeof(art);
        if (v != &no_views)
            out->bytes += svec_bytes(&v->ents) + svec_bytes(&v->cons) + svec_bytes(&v->geo) +
                          svec_bytes(&v->nums) + svec_bytes(&v->ttl) + sizeof *v;
    }
    if (e->n_lat) {
        float *l = xmalloc(e->n_lat * sizeof *l);
        memcpy(l, e->lat, e->n_lat * sizeof *l);
        qsort(l, e->n_lat, sizeof *l, cmp_float);
        out->latency_p50 = l[e->n_lat / 2];
        out->latency_p99 = l[(e->n_lat * 99) / 100 < e->n_lat ? (e->n_lat * 99) / 100 : e->n_lat - 1];
        xfree(l);
    }
}

size_t td_engine_n_articles(const td_engine *e)
{
    return e->n_arts;
}

size_t td_engine_n_stories(const td_engine *e)
{
    return cluster_n_stories(e->cl) - e->n_merges;
}

uint32_t td_engine_story_redirect(const td_engine *e, uint32_t story)
{
    return story < cluster_n_stories(e->cl) ? cluster_resolve(e->cl, story) : story;
}

size_t td_engine_n_merges(const td_engine *e)
{
    return e->n_merges;
}

void td_engine_merge(const td_engine *e, size_t i, td_merge *out)
{
    const struct merge_event *m = &e->merges[i];
    out->gone = m->gone;
    out->keep = m->keep;
    out->article = m->article;
    out->lone = m->lone;
    out->score = m->score;
    out->thr = m->thr;
}

long td_engine_find_article(const td_engine *e, const char *id)
{
    return engine_find(e, id, strlen(id));
}

const char *td_engine_article_id(const td_engine *e, size_t i)
{
    return e->arts[i].id;
}

const char *td_engine_article_lang(const td_engine *e, size_t i)
{
    return e->arts[i].lang;
}

const char *td_engine_article_title(const td_engine *e, size_t i)
{
    return e->arts[i].title;
}

uint32_t td_engine_article_story(const td_engine *e, size_t i)
{
    return cluster_resolve(e->cl, e->arts[i].story);
}

int td_engine_check(td_engine *e, FILE *fp)
{
    char err[256];
    if (vocab_check(e->voc, err, sizeof err) ||
        cluster_check(e->cl, e->n_arts, err, sizeof err)) {
        fprintf(fp, "check failed: %s\n", err);
        return TD_ERR_INTERNAL;
    }
    for (size_t i = 0; i < e->n_arts; i++) {
        if (engine_find(e, e->arts[i].id, strlen(e->arts[i].id)) != (long)i) {
            fprintf(fp, "check failed: article %zu not found by its id\n", i);
            return TD_ERR_INTERNAL;
        }
        if (svec_check(&e->arts[i].text) || svec_check(&e->arts[i].v->ents)) {
            fprintf(fp, "check failed: vector of article %zu invalid\n", i);
            return TD_ERR_INTERNAL;
        }
    }
    return TD_OK;
}
