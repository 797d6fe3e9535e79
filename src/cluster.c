/* cluster.c -- online story clustering, one article at a time. */
#include "td_config.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cluster.h"
#include "feat.h"
#include "lmodel.h"
#include "td_limits.h"
#include "xmalloc.h"

/* =====================================================================
 * The parameter table. Tuned on the development halves of ../shared/data
 * (ecbplus, semeval2022_task8, seeds, ntrex128, wmt_docs) with
 *     tools/tune.py bin/tidings ../shared/data w_text=1 w_ent=0.1,0.15 \
 *         w_date=0.1 threshold=0.25,0.27,0.29
 *     tools/tune.py bin/tidings ../shared/data w_xent=1,1.5,2,3 w_xtext=1
 *     tools/tune.py bin/tidings ../shared/data w_xent=1.5,2 w_xcon=0.5,1 threshold=0.26,0.3
 * and every change is checked by `make eval` against eval/floors.txt.
 *
 *   w_text        weight of the native-term cosine
 *   w_ent         weight of the entity cosine
 *   w_date        weight of shared day-precise mentioned dates
 *   w_xtext       w_text for a story without the article's language
 *   w_xent        w_ent for a story without the article's language
 *   w_con, w_xcon cosine of English pivot concepts (lexicon.h), same
 *                 language and across languages
 *   w_dconf       share of the score lost when the article and the story
 *                 both mention day-precise dates and none of the
 *                 article's is within dconf_days of one of the story's
 *                 (a year left unstated matches any year): two events
 *                 told of different days. Tuned with
 *     tools/tune.py bin/tidings ../shared/data w_dconf=0.25,0.35,0.5 \
 *         dconf_days=1,5,14,30
 *                 and checked on seeded shuffles of the undated sets
 *                 (stronger penalties gain in file order only)
 *   w_nconf       share of the score lost when the key names conflict
 *   w_xnconf      (cluster.h: names(a, s)), within one language and across.
 *                 Both at 0 / 0.2 / 0.3 / 0.4, BCubed F1 in file order
 *                 (mean of three shuffles): ecbplus, whose topics pair two
 *                 events of the same people, 0.909 (0.905) / 0.901 (0.918)
 *                 / 0.911 (0.925) / 0.901 (0.925); ntrex128 0.939 (0.884)
 *                 / 0.936 (0.890) / 0.942 (0.894) / 0.930 (0.890), its
 *                 cross-language precision 0.884 / 0.892 / 0.941 / 0.946;
 *                 wmt_docs 0.925 (0.904) / 0.932 (0.905) / 0.929 (0.903)
 *                 / 0.927 (0.900); seeds 0.824 / 1 / 1 / 1; semeval
 *                 same-story F1 0.852 (0.853) / 0.847 (0.850) / 0.854
 *                 (0.857) / 0.844 (0.844). The second case alone (a story's
 *                 key name missing) gives seeds and ntrex128 their gains;
 *                 without it ecbplus was 0.920 in file order (0.919
 *                 shuffled: there it splits the Lindsay Lohan rehab story
 *                 between the articles before and after Betty Ford).
 *                 w_xnconf 0: semeval 0.839 (0.852), ntrex128 0.934
 *                 (0.883), wmt_docs 0.931 (0.907)
 *   w_src         added to the threshold (within one language) for a
 *                 story that only the article's own source has told so
 *                 far: a source's articles share its house vocabulary.
 *                 On semeval2022_task8, 17 of 44 wrong same-story pairs
 *                 were two articles of one source (1 of 23 missed ones);
 *                 0.05 / 0.1 / 0.15 / 0.25 gave same-story F1 0.839 /
 *                 0.851 / 0.847 / 0.833 (0: 0.842), wmt_docs 0.922 / 0.924
 *                 / 0.924 / 0.924 (0: 0.920), the others unchanged
 *   w_xnum        across languages, weight of the cosine of the numbers
 *                 (idf over all languages): a translation or a report
 *                 of the same event gives the same figures
 *   x_margin      across languages, the best story must lead the second
 *                 by this much; if it does not, the best story of the
 *                 article's own language that reaches its threshold is
 *                 taken, or a story opened: a subject match scores close
 *                 to several stories, a translation or report of one
 *                 event stands out. w_xnum and x_margin tuned together
 *                 (0..1, 0.1..0.5) on ntrex128 and wmt_docs in file
 *                 order and 5 and 3 seeded shuffles, checked on semeval
 *                 (whose articles meet other languages too)
 *   x_min_ent     across languages, a story whose entity cosine with the
 *                 article is below this scores 0 (a few shared generic
 *                 names are no evidence of one event)
 *   threshold     join the best story when its score reaches this
 *   tau_days      time decay of the score (exp(-gap/tau))
 *   window_days   stories further than this from the article are not
 *                 candidates (when both have dates)
 *   live_days     stories whose last join is further than this (and
 *                 window_days) behind the newest article are closed
 *                 (cluster_set_closing): memory stays bounded, and an
 *                 article up to this late still finds its story
 *   n_query_terms heaviest article terms looked up in the index
 *   n_post_terms  heaviest article terms posted for its story
 *   scan          postings read per query term, newest first (at most
 *                 TD_MAX_POSTINGS_SCAN): the candidate scan of a large
 *                 archive costs about what a small one's does. 300,000
 *                 synthetic articles (--live-days 30): 2,000 / 200 / 100
 *                 / 50 postings gave BCubed F1 0.9677 / 0.9676 / 0.9683
 *                 / 0.9692, pairwise F1 0.9331 / 0.9408 / 0.9412 /
 *                 0.9416, candidates+assignment 131.6 / - / 110.5 /
 *                 105.3 s (a term's old postings name stories days away,
 *                 which rarely join; an event's rarer terms, with short
 *                 lists, find it). All of ../shared/data in one stream
 *                 (4,519 articles): the same stories from 2,000 down to
 *                 200, BCubed F1 0.9137 -> 0.9134 at 100 (each set alone:
 *                 the same down to 20)
 *   n_cands       candidates scored in full, the ones sharing the most
 *                 query-term weight (at most TD_MAX_CANDIDATES); fewer
 *                 lose joins on the development sets (48: wmt_docs
 *                 0.930 -> 0.929, semeval same-story 0.857 -> 0.852)
 *   storyline     stories whose entity centroids' cosine reaches this
 *                 belong to one storyline (cluster_storylines)
 *   merge         when an article reaches the threshold with two stories
 *                 and their text centroids' cosine reaches this, the
 *                 younger story is absorbed by the older (its id then
 *                 redirects to the survivor)
 *   absorb        when an article joins a story s, the stories of one
 *                 article in its language among its candidates that
 *                 scored at least absorb x their threshold with it are
 *                 scored again, as documents, against s grown by it:
 *   absorb_margin s absorbs one when that score reaches its threshold x
 *                 (1 + absorb_margin) (at most CLUSTER_ABSORB_MAX per
 *                 join; s of one language only). An article that opened
 *                 a story before its event's other reports came was
 *                 matched against one article at a time. Ninth session,
 *                 with the lead-name exemption of names(a, s) (NCONF_LEAD_MIN):
 *                 absorb 0 / 0.5 at margin 0 / 0.05 / 0.1 / 0.15 / 0.2:
 *                 ecbplus 0.918 (50 stories) / 0.928 (41) / 0.927 (42) /
 *                 0.927 (42) / 0.920 (45) / 0.918 (46), semeval
 *                 same-story 0.854 / 0.847 / 0.856 / 0.857 / 0.857 /
 *                 0.857; ntrex128, wmt_docs and seeds unchanged
 * =================================================================== */
static const cluster_params defaults = {
    .w_text = 1.00,
    .w_ent = 0.10,
    .w_date = 0.10,
    .w_xtext = 1.00,
    .w_xent = 2.00,
    .x_min_ent = 0.0,
    .w_dconf = 0.25,
    .w_nconf = 0.30,
    .w_xnconf = 0.30,
    .w_src = 0.10,
    .dconf_days = 7,
    .x_margin = 0.30,
    .w_xnum = 0.50,
    .w_con = 0.0,
    .w_xcon = 0.5,
    .threshold = 0.26,
    .tau_days = 10.0,
    .window_days = 30,
    .live_days = 90,
    .n_query_terms = 24,
    .n_post_terms = 24,
    .scan = 200,
    .n_cands = TD_MAX_CANDIDATES,
    .merge = 0.60,
    .absorb = 0.5,
    .absorb_margin = 0.1,
    .storyline = 0.35,
};

void cluster_params_default(cluster_params *p)
{
    *p = defaults;
}

/* Hold the bounded parameters to their limits (a table built in code as
 * well as one parsed): the query and posting terms to 64, the postings
 * read and the candidates scored to td_limits.h (none: the limit). */
static void params_bound(cluster_params *p)
{
    if (p->n_query_terms > 64)
        p->n_query_terms = 64;
    if (p->n_post_terms > 64)
        p->n_post_terms = 64;
    if (p->scan < 1 || p->scan > (int)TD_MAX_POSTINGS_SCAN)
        p->scan = (int)TD_MAX_POSTINGS_SCAN;
    if (p->n_cands < 1 || p->n_cands > (int)TD_MAX_CANDIDATES)
        p->n_cands = (int)TD_MAX_CANDIDATES;
}

int cluster_params_parse(cluster_params *p, const char *spec)
{
    static const struct {
        const char *name;
        size_t off;
        int is_int;
    } fields[] = {
        {"w_text", offsetof(cluster_params, w_text), 0},
        {"w_ent", offsetof(cluster_params, w_ent), 0},
        {"w_date", offsetof(cluster_params, w_date), 0},
        {"w_xtext", offsetof(cluster_params, w_xtext), 0},
        {"w_xent", offsetof(cluster_params, w_xent), 0},
        {"x_min_ent", offsetof(cluster_params, x_min_ent), 0},
        {"w_dconf", offsetof(cluster_params, w_dconf), 0},
        {"dconf_days", offsetof(cluster_params, dconf_days), 1},
        {"w_nconf", offsetof(cluster_params, w_nconf), 0},
        {"w_xnconf", offsetof(cluster_params, w_xnconf), 0},
        {"w_src", offsetof(cluster_params, w_src), 0},
        {"x_margin", offsetof(cluster_params, x_margin), 0},
        {"w_xnum", offsetof(cluster_params, w_xnum), 0},
        {"w_con", offsetof(cluster_params, w_con), 0},
        {"w_xcon", offsetof(cluster_params, w_xcon), 0},
        {"threshold", offsetof(cluster_params, threshold), 0},
        {"tau_days", offsetof(cluster_params, tau_days), 0},
        {"window_days", offsetof(cluster_params, window_days), 1},
        {"live_days", offsetof(cluster_params, live_days), 1},
        {"n_query_terms", offsetof(cluster_params, n_query_terms), 1},
        {"n_post_terms", offsetof(cluster_params, n_post_terms), 1},
        {"scan", offsetof(cluster_params, scan), 1},
        {"n_cands", offsetof(cluster_params, n_cands), 1},
        {"merge", offsetof(cluster_params, merge), 0},
        {"absorb", offsetof(cluster_params, absorb), 0},
        {"absorb_margin", offsetof(cluster_params, absorb_margin), 0},
        {"storyline", offsetof(cluster_params, storyline), 0},
    };
    const char *s = spec;
    while (s && *s) {
        const char *eq = strchr(s, '=');
        if (!eq)
            return -1;
        size_t nl = (size_t)(eq - s);
        char *end;
        double v = strtod(eq + 1, &end);
        if (end == eq + 1 || (*end && *end != ','))
            return -1;
        size_t i;
        for (i = 0; i < TD_ARRAY_LEN(fields); i++)
            if (strlen(fields[i].name) == nl && !strncmp(fields[i].name, s, nl))
                break;
        if (i == TD_ARRAY_LEN(fields))
            return -1;
        char *base = (char *)p + fields[i].off;
        if (fields[i].is_int) {
            if (v < 1 || v > 64 * 1024)
                return -1;
            *(int *)(void *)base = (int)v;
        } else {
            *(double *)(void *)base = v;
        }
        s = *end ? end + 1 : end;
    }
    params_bound(p);
    return 0;
}

#define STORY_DATES 32 /* distinct mentioned dates kept per story */
#define STORY_KEYS 16  /* key names counted per story */

/* The text centroid of a story's articles in one language. */
typedef struct lang_part {
    uint32_t lang;
    svec text;
    double norm;
} lang_part;

/* What the candidate scan reads of every story it meets, kept apart from
 * the stories in one array (c->hot, by story number): the stories a scan
 * passes over share cache lines. In the story itself these were one cache
 * miss a posting: at 300,000 articles, 62% of the scan's time went to
 * loading the redirect of the next story. */
typedef struct story_hot {
    uint32_t redirect;          /* UINT32_MAX, or the story that absorbed this one */
    uint32_t mark;              /* candidate stamp */
    float acc;                  /* candidate accumulator */
    int32_t first, last;        /* days of its first and last dated member
                                   (FEAT_DATE_NONE before one) */
    unsigned char closed;       /* out of the live window (cluster_set_closing) */
} story_hot;

typedef struct story {
    svec text, ents;            /* all languages */
    double text_norm, ents_norm;
    svec cons;                  /* pivot concepts */
    double cons_norm;
    svec nums;                  /* numbers */
    double nums_norm;
    lang_part *parts;           /* per language, in order of arrival; none
                                   while every member is in lang0 (the
                                   part would equal text: not kept twice) */
    uint32_t n_parts;
    uint32_t lang0;             /* the first member's language */
    uint32_t source0;           /* the first member's source (0: none) */
    float thr_adj0;             /* the first member's cluster_doc.thr_adj */
    unsigned char one_source;   /* every member is from source0 */
    long seen;                  /* the stream date (newest article date) at
                                   its last join, FEAT_DATE_NONE before one */
    uint32_t *members;
    uint32_t n_members, cap_members;
    datex_date *dates;          /* distinct day-precise dates mentioned, at
                                   most STORY_DATES (out of line: most
                                   stories mention few) */
    uint32_t n_dates, cap_dates;
    uint64_t langs;    /* bit (lang % 64) of each member's language */
    uint32_t key_id[STORY_KEYS]; /* key names of its members (cluster_doc.keys) */
    uint16_t key_n[STORY_KEYS];  /* ... and how many members lead with each */
    uint32_t n_keys;
} story;

/* Running mean of the article vectors of one language (pruned). */
typedef struct background {
    svec sum;
    uint64_t n;
    double b; /* |sum / n|^2 */
} background;

#define BG_TERMS 4000   /* terms kept in a language's running sum */
#define BG_MIN_DOCS 20  /* before this, a language has no background */

struct cluster {
    cluster_params p;
    background *bg;
    size_t n_bg;
    story *stories;
    size_t n_stories, cap_stories;
    story_hot *hot;             /* n_stories, apart from the stories */
    size_t cap_hot;
    invidx *index;
    uint32_t stamp;
    uint32_t *cands;
    size_t cap_cands;
    /* the article being assigned, scattered by term id (text, entities,
     * concepts), so that each candidate's cosines cost one pass over its
     * centroids instead of a merge with the article's vectors */
    float *dense[3];
    uint64_t *bits[3]; /* which ids of dense are set: a small, cached filter */
    size_t cap_dense;
    /* closing (cluster_set_closing) */
    int closing;
    cluster_close_fn close_fn;
    void *close_user;
    cluster_decision_fn decision_fn; /* training: each join decision */
    void *decision_user;
    long newest; /* the latest article date seen */
    struct live { long seen; uint32_t s; } *liveq; /* liveq[q_head..n_liveq): a queue */
    size_t n_liveq, cap_liveq, q_head;
    size_t n_closed;
    size_t swept_at; /* n_closed at the last sweep of the index */
    svec_scratch scratch; /* of svec_add_keep */
};

cluster *cluster_new(const cluster_params *p)
{
    cluster *c = xcalloc(1, sizeof *c);
    c->p = p ? *p : defaults;
    params_bound(&c->p);
    c->newest = FEAT_DATE_NONE;
    c->index = invidx_new();
    return c;
}

void cluster_free(cluster *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n_stories; i++) {
        svec_release(&c->stories[i].text);
        svec_release(&c->stories[i].ents);
        svec_release(&c->stories[i].cons);
        svec_release(&c->stories[i].nums);
        for (uint32_t k = 0; k < c->stories[i].n_parts; k++)
            svec_release(&c->stories[i].parts[k].text);
        xfree(c->stories[i].parts);
        xfree(c->stories[i].members);
        xfree(c->stories[i].dates);
    }
    xfree(c->stories);
    xfree(c->hot);
    xfree(c->liveq);
    xfree(c->cands);
    for (int v = 0; v < 3; v++) {
        xfree(c->dense[v]);
        xfree(c->bits[v]);
    }
    for (size_t i = 0; i < c->n_bg; i++)
        svec_release(&c->bg[i].sum);
    xfree(c->bg);
    svec_scratch_release(&c->scratch);
    invidx_free(c->index);
    xfree(c);
}

const cluster_params *cluster_params_of(const cluster *c)
{
    return &c->p;
}

static int same_date(const datex_date *a, const datex_date *b)
{
    return a->m == b->m && a->d == b->d && (a->y == b->y || !a->y || !b->y);
}

/* Share of a's day-precise dates found in the set b (capped at 2). */
static double date_share(const datex_date *a, size_t na, const datex_date *b, size_t nb)
{
    int shared = 0, total = 0;
    for (size_t i = 0; i < na; i++) {
        if (!a[i].d)
            continue;
        int dup = 0;
        for (size_t k = 0; k < i; k++)
            if (a[k].d && same_date(&a[k], &a[i]))
                dup = 1;
        if (dup)
            continue;
        total++;
        for (size_t j = 0; j < nb; j++)
            if (b[j].d && same_date(&a[i], &b[j])) {
                shared++;
                break;
            }
    }
    if (!total)
        return 0;
    return (shared > 2 ? 2 : shared) / 2.0;
}

/* Days between two mentioned day-precise dates; when a year is not
 * stated, the distance of the days of the year (around the year's end). */
static long mention_gap(const datex_date *a, const datex_date *b)
{
    if (a->y && b->y) {
        long g = datex_days(a->y, a->m, a->d) - datex_days(b->y, b->m, b->d);
        return g < 0 ? -g : g;
    }
    long g = datex_days(2001, a->m, a->d) - datex_days(2001, b->m, b->d);
    if (g < 0)
        g = -g;
    return g > 365 - g ? 365 - g : g;
}

/* 1 when a and b both mention day-precise dates and none of a's lies
 * within max_gap days of one of b's: the two tell of different days. */
static double date_conflict(const datex_date *a, size_t na, const datex_date *b, size_t nb,
                            int max_gap)
{
    int any_a = 0, any_b = 0;
    for (size_t j = 0; j < nb; j++)
        any_b |= b[j].d != 0;
    if (!any_b)
        return 0;
    for (size_t i = 0; i < na; i++) {
        if (!a[i].d)
            continue;
        any_a = 1;
        for (size_t j = 0; j < nb; j++)
            if (b[j].d && mention_gap(&a[i], &b[j]) <= max_gap)
                return 0;
    }
    return any_a;
}

/* The key names of a story (or of one article: n NULL, each counted once). */
typedef struct keyset {
    const uint32_t *id;
    const uint16_t *n;
    uint32_t len, members;
} keyset;

/* 1 when d's entities hold id: through its scattered bits when scoring
 * with them (bits non-NULL, cap their size in ids), else a search. */
static int doc_has_ent(const cluster_doc *d, const uint64_t *bits, size_t cap, uint32_t id)
{
    if (bits)
        return id < cap && (bits[id >> 6] >> (id & 63) & 1);
    return svec_has(d->ents, id);
}

/* names(a, s) of cluster.h: 1 when a leads with names, and with one that
 * no article of s mentions while s's articles (at least half of them) lead
 * with one a does not mention, or a does not mention a name that at least
 * two and at least half of s's articles lead with. Not within a
 * language when a's heaviest name is one that most of s's articles lead
 * with and s has NCONF_LEAD_MIN articles or more. */
#define NCONF_LEAD_MIN 3

static double name_conflict(const cluster_doc *d, const uint64_t *bits, size_t cap,
                            const svec *sents, const keyset *k, int cross)
{
    if (!d->n_keys || !k->len) /* an article that leads with no name */
        return 0;
    /* a story of NCONF_LEAD_MIN articles or more, most of which lead with
     * the article's heaviest name, is that name's story: the reports of
     * one event vary in the other names they lead with (the rehab, then
     * the lawyer), so no conflict within a language. Two fights of one
     * boxer are then kept apart by the text, and by the dates when known. */
    for (uint32_t i = 0; i < k->len && !cross && k->members >= NCONF_LEAD_MIN; i++)
        if (k->id[i] == d->keys[0] && 2 * (unsigned)(k->n ? k->n[i] : 1) >= k->members)
            return 0;
    int new_a = 0;
    for (uint32_t i = 0; i < d->n_keys && !new_a; i++)
        new_a = !svec_has(sents, d->keys[i]);
    for (uint32_t i = 0; i < k->len; i++) {
        unsigned n = k->n ? k->n[i] : 1;
        if (2 * n >= k->members && (new_a || n >= 2) && !doc_has_ent(d, bits, cap, k->id[i]))
            return 1;
    }
    return 0;
}

static double gap_days(long d, long first, long last)
{
    if (d == FEAT_DATE_NONE || first == FEAT_DATE_NONE)
        return -1;
    if (d < first)
        return (double)(first - d);
    if (d > last)
        return (double)(d - last);
    return 0;
}

/* Chance similarity b of language number lang (0 when unknown). */
static double cluster_background(const cluster *c, uint32_t lang)
{
    return lang < c->n_bg ? c->bg[lang].b : 0;
}

static void bg_add(cluster *c, const cluster_doc *d)
{
    if (d->lang >= c->n_bg) {
        size_t n = (size_t)d->lang + 1;
        c->bg = xrealloc(c->bg, n * sizeof *c->bg);
        memset(c->bg + c->n_bg, 0, (n - c->n_bg) * sizeof *c->bg);
        c->n_bg = n;
    }
    background *g = &c->bg[d->lang];
    svec_add_keep(&g->sum, d->text, 1.0, BG_TERMS, &c->scratch);
    g->n++;
    double norm = svec_norm(&g->sum) / (double)g->n;
    g->b = g->n >= BG_MIN_DOCS ? norm * norm : 0;
    if (g->b > 0.5)
        g->b = 0.5;
}

static double chance_corrected(double cos, double b)
{
    double v = (cos - b) / (1.0 - b);
    return v > 0 ? v : 0;
}

static uint64_t lang_bit(uint32_t lang)
{
    return (uint64_t)1 << (lang % 64);
}

/* svec_dot(a, b) where a is scattered in dense (NULL: a itself): the same
 * products added in the same (id) order, so the same value to the bit. */
static double dot(const svec *a, const float *dense, const uint64_t *bits, size_t cap,
                  const svec *b)
{
    if (!dense)
        return svec_dot(a, b);
    double s = 0;
    const float *bw = svec_w(b);
    for (uint32_t j = 0; j < b->n; j++) {
        uint32_t id = b->ids[j];
        if (id < cap && (bits[id >> 6] >> (id & 63) & 1))
            s += (double)dense[id] * bw[j];
    }
    return s;
}

static void score_parts(const cluster *c, const cluster_doc *d, const float *const *dense,
                        const svec *text, double text_norm, const svec *ents, double ents_norm,
                        const svec *cons, double cons_norm, const svec *nums,
                        double nums_norm, const datex_date *dates, size_t n_dates, long first,
                        long last, const keyset *keys, int cross, cluster_score *out)
{
    const cluster_params *p = &c->p;
    double wt = cross ? p->w_xtext : p->w_text, we = cross ? p->w_xent : p->w_ent;
    double wc = cross ? p->w_xcon : p->w_con;
    const float *dt = dense ? dense[0] : NULL, *de = dense ? dense[1] : NULL,
                *dc = dense ? dense[2] : NULL;
    const uint64_t *const *bits = (const uint64_t *const *)c->bits;
    size_t cap = c->cap_dense;
    /* the concepts' cosine, when it counts: in the score, or in what the
     * join model or its training reads (cluster_join_features); the
     * candidates of cluster_add (dense) under the rule with a zero
     * weight skip the pass over their concept centroids */
    int want_con = wc != 0 || !dense || c->p.join || c->decision_fn;
    out->con = want_con && cons_norm > 0 && d->cons && d->cons->n
                   ? dot(d->cons, dc, bits[2], cap, cons) / cons_norm
                   : 0;
    out->text = text_norm > 0 ? dot(d->text, dt, bits[0], cap, text) / text_norm : 0;
    /* the language's chance similarity is that of two unrelated articles
     * in it; across languages the text shares only numbers and names */
    if (!cross)
        out->text = chance_corrected(out->text, cluster_background(c, d->lang));
    out->ent = ents_norm > 0 && d->ents->n ? dot(d->ents, de, bits[1], cap, ents) / ents_norm : 0;
    out->num = cross && nums_norm > 0 && d->nums && d->nums->n
                   ? svec_dot(d->nums, nums) / nums_norm
                   : 0;
    out->date = date_share(d->dates, d->n_dates, dates, n_dates);
    double gap = gap_days(d->date_days, first, last);
    out->gap = gap;
    out->time = gap < 0 ? 1.0 : exp(-gap / p->tau_days);
    out->dconf = date_conflict(d->dates, d->n_dates, dates, n_dates, p->dconf_days);
    out->nconf = name_conflict(d, dense ? bits[1] : NULL, cap, ents, keys, cross);
    double wn = cross ? p->w_xnum : 0;
    out->score = out->time *
                 (wt * out->text + we * out->ent + wc * out->con + wn * out->num +
                  p->w_date * out->date) *
                 (1.0 - p->w_dconf * out->dconf) *
                 (1.0 - (cross ? p->w_xnconf : p->w_nconf) * out->nconf);
    out->max = wt + we + wc + wn + p->w_date;
    out->cross = cross;
    if (cross && out->ent < p->x_min_ent)
        out->score = 0;
}

static lang_part *part_of(const story *st, uint32_t lang)
{
    for (uint32_t k = 0; k < st->n_parts; k++)
        if (st->parts[k].lang == lang)
            return &st->parts[k];
    return NULL;
}

/* The centroid of st's articles in language lang (and its norm), or NULL
 * when st has none. */
static const svec *lang_text(const story *st, uint32_t lang, double *norm)
{
    if (!st->n_parts) {
        if (!st->n_members || st->lang0 != lang)
            return NULL;
        *norm = st->text_norm;
        return &st->text;
    }
    const lang_part *lp = part_of(st, lang);
    if (!lp)
        return NULL;
    *norm = lp->norm;
    return &lp->text;
}

/* Give st its first language's part (a copy of text) before a second
 * language joins. */
static void split_parts(story *st)
{
    if (st->n_parts || !st->n_members)
        return;
    st->parts = xmalloc(sizeof *st->parts);
    st->n_parts = 1;
    st->parts[0].lang = st->lang0;
    svec_init(&st->parts[0].text);
    svec_add(&st->parts[0].text, &st->text, 1.0);
    st->parts[0].norm = st->text_norm;
}

static void score_story(const cluster *c, const cluster_doc *d, const float *const *dense,
                        uint32_t s, cluster_score *out)
{
    const story *st = &c->stories[s];
    memset(out, 0, sizeof *out);
    out->story = s;
    /* the same language: its own part of the story; another: the whole */
    double lnorm = 0;
    const svec *lt = lang_text(st, d->lang, &lnorm);
    keyset k = {st->key_id, st->key_n, st->n_keys, st->n_members};
    if (lt)
        score_parts(c, d, dense, lt, lnorm, &st->ents, st->ents_norm, &st->cons,
                    st->cons_norm, &st->nums, st->nums_norm, st->dates, st->n_dates,
                    c->hot[s].first, c->hot[s].last, &k, 0, out);
    else
        score_parts(c, d, dense, &st->text, st->text_norm, &st->ents, st->ents_norm, &st->cons,
                    st->cons_norm, &st->nums, st->nums_norm, st->dates, st->n_dates,
                    c->hot[s].first, c->hot[s].last, &k, 1, out);
}

void cluster_score_story(const cluster *c, const cluster_doc *d, uint32_t s,
                         cluster_score *out)
{
    score_story(c, d, NULL, s, out);
}

/* Scatter views (text, entities, concepts; NULL: none) into c->dense
 * (on), or clear what was scattered. */
static void scatter_views(cluster *c, const svec *const *views, int on)
{
    if (on) {
        uint32_t top = 0;
        for (int v = 0; v < 3; v++)
            for (uint32_t i = 0; views[v] && i < views[v]->n; i++)
                if (views[v]->ids[i] >= top)
                    top = views[v]->ids[i] + 1;
        if (top > c->cap_dense) {
            size_t cap = c->cap_dense ? c->cap_dense : 1024;
            while (cap < top)
                cap *= 2;
            for (int v = 0; v < 3; v++) {
                c->dense[v] = xrealloc(c->dense[v], cap * sizeof *c->dense[v]);
                c->bits[v] = xrealloc(c->bits[v], cap / 64 * sizeof *c->bits[v]);
                memset(c->bits[v] + c->cap_dense / 64, 0,
                       (cap - c->cap_dense) / 64 * sizeof *c->bits[v]);
            }
            c->cap_dense = cap;
        }
    }
    for (int v = 0; v < 3; v++)
        for (uint32_t i = 0; views[v] && i < views[v]->n; i++) {
            uint32_t id = views[v]->ids[i];
            c->dense[v][id] = svec_w(views[v])[i];
            if (on)
                c->bits[v][id >> 6] |= (uint64_t)1 << (id & 63);
            else
                c->bits[v][id >> 6] &= ~((uint64_t)1 << (id & 63));
        }
}

static void scatter(cluster *c, const cluster_doc *d, int on)
{
    const svec *views[3] = {d->text, d->ents, d->cons};
    scatter_views(c, views, on);
}

/* Add x to the language part lang of st. */
static void part_add(cluster *c, story *st, uint32_t lang, const svec *x)
{
    lang_part *lp = part_of(st, lang);
    if (!lp) {
        st->parts = xrealloc(st->parts, (st->n_parts + 1) * sizeof *st->parts);
        lp = &st->parts[st->n_parts++];
        lp->lang = lang;
        svec_init(&lp->text);
        lp->norm = 0;
    }
    svec_add_keep(&lp->text, x, 1.0, TD_MAX_STORY_TERMS, &c->scratch);
    lp->norm = svec_norm(&lp->text);
}

static const svec empty_vec;

/* The threshold an article d is held to: across languages the bare one;
 * within one, plus the language's offset and, for a story only d's own
 * source has told so far, w_src (see threshold_for). */
static double threshold_of(const cluster *c, const cluster_doc *d, int cross, int own_source)
{
    if (cross)
        return c->p.threshold;
    return c->p.threshold + d->thr_adj + (own_source ? c->p.w_src : 0);
}

void cluster_score_pair(const cluster *c, const cluster_doc *a, const cluster_doc *b,
                        cluster_score *out)
{
    memset(out, 0, sizeof *out);
    out->story = UINT32_MAX;
    keyset k = {b->keys, NULL, b->n_keys, 1};
    score_parts(c, a, NULL, b->text, svec_norm(b->text), b->ents, svec_norm(b->ents), b->cons,
                b->cons ? svec_norm(b->cons) : 0, b->nums ? b->nums : &empty_vec,
                b->nums ? svec_norm(b->nums) : 0, b->dates, b->n_dates, b->date_days,
                b->date_days, &k, a->lang != b->lang, out);
    out->thr = threshold_of(c, a, out->cross, a->source && a->source == b->source);
}

#define CAND_AHEAD 8 /* postings read ahead of the one looked at */

/* Candidate stories: those posted under the article's heaviest terms,
 * ranked by the summed weight of the terms they share with it. */
static size_t candidates(cluster *c, const cluster_doc *d)
{
    c->stamp++;
    if (c->stamp == 0) { /* wrapped: clear every mark */
        for (size_t i = 0; i < c->n_stories; i++)
            c->hot[i].mark = 0;
        c->stamp = 1;
    }
    size_t nc = 0, scan = (size_t)c->p.scan;
    const svec *views[2] = {d->text, d->ents};
    uint32_t idx[64];
    for (int v = 0; v < 2; v++) {
        const svec *x = views[v];
        size_t k = svec_top(x, (size_t)c->p.n_query_terms < 64 ? (size_t)c->p.n_query_terms : 64,
                            idx);
        for (size_t i = 0; i < k; i++) {
            size_t n;
            const uint32_t *pl = invidx_list(c->index, x->ids[idx[i]], &n);
            size_t scanned = 0;
            for (size_t j = n; j-- > 0 && scanned < scan; scanned++) {
                if (j >= CAND_AHEAD) /* the stories are spread over the table */
                    __builtin_prefetch(&c->hot[pl[j - CAND_AHEAD]]);
                uint32_t sid = cluster_resolve(c, pl[j]);
                story_hot *st = &c->hot[sid];
                if (st->closed)
                    continue;
                if (d->date_days != FEAT_DATE_NONE && st->first != FEAT_DATE_NONE) {
                    double g = gap_days(d->date_days, st->first, st->last);
                    if (g > c->p.window_days)
                        continue;
                }
                if (st->mark != c->stamp) {
                    st->mark = c->stamp;
                    st->acc = 0;
                    xgrow((void **)&c->cands, &c->cap_cands, nc + 1, sizeof *c->cands);
                    c->cands[nc++] = sid;
                }
                st->acc += svec_w(x)[idx[i]];
            }
        }
    }
    return nc;
}

/* Keep the TD_MAX_CANDIDATES candidates with the largest accumulated
 * weight (ties: older story first), moved to the front of c->cands. */
static size_t keep_best(cluster *c, size_t nc)
{
    size_t k = (size_t)c->p.n_cands, m = 0;
    uint32_t best[TD_MAX_CANDIDATES];
    for (size_t i = 0; i < nc; i++) {
        uint32_t s = c->cands[i];
#define BETTER(x, y) (c->hot[x].acc > c->hot[y].acc || \
                      (c->hot[x].acc == c->hot[y].acc && (x) < (y)))
        if (m == k && !BETTER(s, best[m - 1]))
            continue;
        size_t p = m < k ? m++ : k - 1;
        while (p > 0 && BETTER(s, best[p - 1])) {
            best[p] = best[p - 1];
            p--;
        }
        best[p] = s;
#undef BETTER
    }
    memcpy(c->cands, best, m * sizeof *best);
    return m;
}

/* Add date x to st unless it has it (st->n_dates < STORY_DATES). */
static void story_date(story *st, const datex_date *x)
{
    for (uint32_t j = 0; j < st->n_dates; j++)
        if (same_date(&st->dates[j], x) && st->dates[j].y == x->y)
            return;
    if (st->n_dates == st->cap_dates) {
        st->cap_dates = st->cap_dates ? st->cap_dates * 2 : 2;
        if (st->cap_dates > STORY_DATES)
            st->cap_dates = STORY_DATES;
        st->dates = xrealloc(st->dates, st->cap_dates * sizeof *st->dates);
    }
    st->dates[st->n_dates++] = *x;
}

static void add_dates(story *st, const cluster_doc *d)
{
    for (size_t i = 0; i < d->n_dates && st->n_dates < STORY_DATES; i++)
        if (d->dates[i].d)
            story_date(st, &d->dates[i]);
}

/* Count key name id n times more in st (a new one takes the place of one
 * that a single member gave, when the table is full). */
static void count_key(story *st, uint32_t id, unsigned n)
{
    uint32_t i, low = UINT32_MAX;
    for (i = 0; i < st->n_keys && st->key_id[i] != id; i++)
        if (st->key_n[i] == 1)
            low = i;
    if (i == st->n_keys) {
        if (st->n_keys < STORY_KEYS)
            st->n_keys++;
        else if (low != UINT32_MAX)
            i = low;
        else
            return;
        st->key_id[i] = id;
        st->key_n[i] = 0;
    }
    unsigned v = st->key_n[i] + n;
    st->key_n[i] = (uint16_t)(v > UINT16_MAX ? UINT16_MAX : v);
}

static void post_terms(cluster *c, uint32_t s, const cluster_doc *d)
{
    uint32_t idx[64];
    const svec *views[2] = {d->text, d->ents};
    for (int v = 0; v < 2; v++) {
        size_t k = svec_top(views[v], (size_t)c->p.n_post_terms < 64 ? (size_t)c->p.n_post_terms : 64,
                            idx);
        for (size_t i = 0; i < k; i++) { /* storylines read the entity lists whole */
            if (v)
                invidx_post_keep(c->index, views[v]->ids[idx[i]], s);
            else
                invidx_post(c->index, views[v]->ids[idx[i]], s);
        }
    }
}

/* Move everything of story `gone` into `keep`; `gone` redirects there. */
static void merge_into(cluster *c, uint32_t keep, uint32_t gone)
{
    story *k = &c->stories[keep], *g = &c->stories[gone];
    if (!g->one_source || g->source0 != k->source0)
        k->one_source = 0;
    if (k->n_parts || g->n_parts || k->lang0 != g->lang0) {
        split_parts(g); /* before text takes g */
        split_parts(k);
    } /* else one language: its part is text */
    svec_add_keep(&k->text, &g->text, 1.0, TD_MAX_STORY_TERMS, &c->scratch);
    k->text_norm = svec_norm(&k->text);
    svec_add_keep(&k->ents, &g->ents, 1.0, TD_MAX_STORY_TERMS, &c->scratch);
    k->ents_norm = svec_norm(&k->ents);
    svec_add_keep(&k->cons, &g->cons, 1.0, TD_MAX_STORY_TERMS, &c->scratch);
    k->cons_norm = svec_norm(&k->cons);
    svec_release(&g->cons);
    g->cons_norm = 0;
    svec_add_keep(&k->nums, &g->nums, 1.0, TD_MAX_STORY_TERMS, &c->scratch);
    k->nums_norm = svec_norm(&k->nums);
    svec_release(&g->nums);
    g->nums_norm = 0;
    for (uint32_t i = 0; i < g->n_members; i++) {
        if (k->n_members == k->cap_members) {
            k->cap_members = k->cap_members ? k->cap_members * 2 : 4;
            k->members = xrealloc(k->members, k->cap_members * sizeof *k->members);
        }
        k->members[k->n_members++] = g->members[i];
    }
    story_hot *kh = &c->hot[keep], *gh = &c->hot[gone];
    if (gh->first != FEAT_DATE_NONE) {
        if (kh->first == FEAT_DATE_NONE || gh->first < kh->first)
            kh->first = gh->first;
        if (kh->last == FEAT_DATE_NONE || gh->last > kh->last)
            kh->last = gh->last;
    }
    for (uint32_t i = 0; i < g->n_dates && k->n_dates < STORY_DATES; i++)
        story_date(k, &g->dates[i]);
    xfree(g->dates);
    g->dates = NULL;
    g->n_dates = g->cap_dates = 0;
    k->langs |= g->langs;
    for (uint32_t i = 0; i < g->n_keys; i++)
        count_key(k, g->key_id[i], g->key_n[i]);
    for (uint32_t i = 0; i < g->n_parts; i++) {
        part_add(c, k, g->parts[i].lang, &g->parts[i].text);
        svec_release(&g->parts[i].text);
    }
    xfree(g->parts);
    g->parts = NULL;
    g->n_parts = 0;
    svec_release(&g->text);
    svec_release(&g->ents);
    xfree(g->members);
    g->members = NULL;
    g->n_members = g->cap_members = 0;
    g->text_norm = g->ents_norm = 0;
    gh->redirect = keep;
}

/* ---------------------------------------------------------------------
 * the join decision
 * ------------------------------------------------------------------- */
const char *const cluster_join_feat[CLUSTER_JOIN_NFEAT] = {
    "margin", "text", "ent", "con", "date", "time", "cross", "names", "dconflict",
};

/* The threshold d must reach with the story of sc: plus the language's
 * offset within one language, and plus w_src for a story that only the
 * article's own source has told so far (a source's articles share its
 * house vocabulary: sections, bylines, the formulas of its police or
 * market reports, more than other sources' reports of one event do). */
static double threshold_for(const cluster *c, const cluster_doc *d, const cluster_score *sc)
{
    int own = 0;
    if (d->source && sc->story < c->n_stories) {
        const story *st = &c->stories[sc->story];
        own = st->one_source && st->source0 == d->source;
    }
    return threshold_of(c, d, sc->cross, own);
}

void cluster_join_features(const cluster *c, const cluster_doc *d, const cluster_score *sc,
                           double *x)
{
    x[0] = sc->score - threshold_for(c, d, sc);
    x[1] = sc->text;
    x[2] = sc->ent;
    x[3] = sc->con;
    x[4] = sc->date;
    x[5] = sc->time;
    x[6] = sc->cross;
    x[7] = sc->nconf;
    x[8] = sc->dconf;
}

void cluster_join_features_pair(const cluster *c, const cluster_doc *a, const cluster_doc *b,
                                double *x)
{
    cluster_score sc;
    cluster_score_pair(c, a, b, &sc);
    cluster_join_features(c, a, &sc, x);
}

/* Set sc->thr and sc->join (the score: what candidates are ranked by),
 * and return 1 when the decision says join: the rule's score against its
 * threshold (cluster.h), or the model's log-odds (sc->model) against 0. */
static int decide(const cluster *c, const cluster_doc *d, cluster_score *sc)
{
    sc->thr = threshold_for(c, d, sc);
    sc->join = sc->score;
    if (c->p.join) {
        double x[CLUSTER_JOIN_NFEAT];
        cluster_join_features(c, d, sc, x);
        sc->model = lmodel_logit(c->p.join, c->p.join->n_targets > 1 && sc->cross, x);
        return sc->model >= 0;
    }
    return sc->score >= sc->thr;
}

/* Add the article to story s (s == n_stories: a new story). */
static void assign(cluster *c, uint32_t s, uint32_t article, const cluster_doc *d)
{
    if (s == c->n_stories) {
        xgrow((void **)&c->stories, &c->cap_stories, c->n_stories + 1, sizeof *c->stories);
        xgrow((void **)&c->hot, &c->cap_hot, c->n_stories + 1, sizeof *c->hot);
        c->n_stories++;
        story *st = &c->stories[s];
        memset(st, 0, sizeof *st);
        st->seen = FEAT_DATE_NONE;
        story_hot *h = &c->hot[s];
        memset(h, 0, sizeof *h);
        h->first = h->last = FEAT_DATE_NONE;
        h->redirect = UINT32_MAX;
    }
    story *st = &c->stories[s];
    story_hot *h = &c->hot[s];
    if (!st->n_members) {
        st->lang0 = d->lang;
        st->source0 = d->source;
        st->thr_adj0 = (float)d->thr_adj;
        st->one_source = d->source != 0;
    } else {
        if (d->lang != st->lang0)
            split_parts(st); /* before text takes d */
        if (d->source != st->source0)
            st->one_source = 0;
    }
    svec_add_keep(&st->text, d->text, 1.0, TD_MAX_STORY_TERMS, &c->scratch);
    st->text_norm = svec_norm(&st->text);
    if (st->n_parts)
        part_add(c, st, d->lang, d->text);
    svec_add_keep(&st->ents, d->ents, 1.0, TD_MAX_STORY_TERMS, &c->scratch);
    st->ents_norm = svec_norm(&st->ents);
    if (d->nums && d->nums->n) {
        svec_add_keep(&st->nums, d->nums, 1.0, TD_MAX_STORY_TERMS, &c->scratch);
        st->nums_norm = svec_norm(&st->nums);
    }
    if (d->cons) {
        svec_add_keep(&st->cons, d->cons, 1.0, TD_MAX_STORY_TERMS, &c->scratch);
        st->cons_norm = svec_norm(&st->cons);
    }
    if (st->n_members == st->cap_members) {
        st->cap_members = st->cap_members ? st->cap_members * 2 : 4;
        st->members = xrealloc(st->members, st->cap_members * sizeof *st->members);
    }
    st->members[st->n_members++] = article;
    st->langs |= lang_bit(d->lang);
    if (d->date_days != FEAT_DATE_NONE) {
        if (h->first == FEAT_DATE_NONE || d->date_days < h->first)
            h->first = (int32_t)d->date_days;
        if (h->last == FEAT_DATE_NONE || d->date_days > h->last)
            h->last = (int32_t)d->date_days;
    }
    add_dates(st, d);
    for (uint32_t i = 0; i < d->n_keys; i++)
        count_key(st, d->keys[i], 1);
    post_terms(c, s, d);
    bg_add(c, d);
}

/* ---------------------------------------------------------------------
 * closing: the live window
 * ------------------------------------------------------------------- */
/* The queue of stories by the stream date of their last join: pushed in
 * order (the stream date never falls), popped from the front, entries
 * made stale by a later join skipped. */
static void live_push(cluster *c, long seen, uint32_t s)
{
    if (c->q_head > 4096 && c->q_head * 2 > c->n_liveq) { /* reclaim the front */
        memmove(c->liveq, c->liveq + c->q_head, (c->n_liveq - c->q_head) * sizeof *c->liveq);
        c->n_liveq -= c->q_head;
        c->q_head = 0;
    }
    xgrow((void **)&c->liveq, &c->cap_liveq, c->n_liveq + 1, sizeof *c->liveq);
    c->liveq[c->n_liveq++] = (struct live){seen, s};
}

#define LONE_MAX 16 /* stories of one article an article's join may consider */

/* Terms a closed story keeps of its text and concept centroids: its label
 * reads the heaviest 12 (report.c). */
#define CLOSED_TERMS 16

static void close_story(cluster *c, uint32_t s)
{
    if (c->close_fn)
        c->close_fn(c->close_user, s);
    story *st = &c->stories[s];
    svec_prune(&st->text, CLOSED_TERMS);
    svec_shrink(&st->text);
    st->text_norm = svec_norm(&st->text);
    svec_prune(&st->cons, CLOSED_TERMS);
    svec_shrink(&st->cons);
    st->cons_norm = svec_norm(&st->cons);
    svec_release(&st->nums);
    st->nums_norm = 0;
    for (uint32_t k = 0; k < st->n_parts; k++)
        svec_release(&st->parts[k].text);
    xfree(st->parts);
    st->parts = NULL;
    st->n_parts = 0;
    c->hot[s].closed = 1;
    c->n_closed++;
}

/* The live window: live_days, and never less than the candidate window. */
static long live_days(const cluster *c)
{
    return c->p.live_days > c->p.window_days ? c->p.live_days : c->p.window_days;
}

/* Is the story a posting names closed (directly or merged into one)? */
static int posting_closed(void *user, uint32_t s)
{
    cluster *c = user;
    return c->hot[cluster_resolve(c, s)].closed;
}

/* Closed stories are never candidates, but their postings stay in the
 * lists and take the scan budget of long ones (the parameter scan): every
 * CLUSTER_SWEEP closings, the text-term lists drop them (the entity lists
 * keep them: storylines link closed stories too). */
#define CLUSTER_SWEEP 4096

/* Close the stories whose last join was more than live_days ago in stream
 * time (the newest article date seen then and now) and that have dates.
 * In a stream in date order no article can reach them any more: their
 * last date is at most the stream date of their last join. */
static void close_old(cluster *c)
{
    long cut = c->newest - live_days(c);
    while (c->q_head < c->n_liveq && c->liveq[c->q_head].seen < cut) {
        struct live x = c->liveq[c->q_head++];
        const story_hot *h = &c->hot[x.s];
        if (h->redirect != UINT32_MAX || h->closed || c->stories[x.s].seen != x.seen ||
            h->last == FEAT_DATE_NONE)
            continue; /* merged, closed, joined again since, or undated */
        close_story(c, x.s);
    }
    if (c->n_closed - c->swept_at >= CLUSTER_SWEEP) {
        invidx_sweep(c->index, posting_closed, c);
        c->swept_at = c->n_closed;
    }
}

void cluster_set_closing(cluster *c, int on, cluster_close_fn fn, void *user)
{
    c->closing = on;
    c->close_fn = fn;
    c->close_user = user;
}

int cluster_is_closed(const cluster *c, uint32_t s)
{
    return s < c->n_stories && c->hot[s].closed;
}

size_t cluster_n_closed(const cluster *c)
{
    return c->n_closed;
}

size_t cluster_n_postings(const cluster *c)
{
    return invidx_n_postings(c->index);
}

/* Stories of one article that the article's story s, grown by it, now
 * wins: an article that opened a story before the others of its event
 * came (and so scored against one article at a time) joins them now. The
 * lone article is scored as a document against s by the same rule (or
 * model), within its language only; s absorbs it (the older id is kept)
 * when it joins and its score also clears its threshold by absorb_margin.
 * Records each absorption in b; returns s's id after them. */
static uint32_t absorb_lone(cluster *c, uint32_t s, const uint32_t *lone, size_t n,
                            cluster_score *b)
{
    for (size_t i = 0; i < n && b->n_absorbed < CLUSTER_ABSORB_MAX; i++) {
        uint32_t g = lone[i];
        const story *o = &c->stories[g];
        if (g == s || c->hot[g].redirect != UINT32_MAX || c->hot[g].closed || o->n_members != 1)
            continue;
        /* in a story of several languages, the part of the lone article's
         * language may be the joining article alone: only a story of one
         * language (two members at least, the article one of them) */
        const story *t = &c->stories[s];
        if (t->n_parts || t->lang0 != o->lang0)
            continue;
        cluster_doc gd;
        memset(&gd, 0, sizeof gd);
        gd.text = &o->text;
        gd.ents = &o->ents;
        gd.cons = &o->cons;
        gd.nums = &o->nums;
        gd.dates = o->dates;
        gd.n_dates = o->n_dates;
        gd.date_days = c->hot[g].first;
        gd.lang = o->lang0;
        gd.thr_adj = o->thr_adj0;
        gd.source = o->source0;
        gd.keys = o->key_id;
        gd.n_keys = o->n_keys;
        cluster_score sc;
        score_story(c, &gd, NULL, s, &sc);
        sc.thr = threshold_for(c, &gd, &sc);
        if (sc.cross || sc.score < sc.thr * (1 + c->p.absorb_margin))
            continue;
        if (c->decision_fn) { /* training: the join decision decides this too */
            double x[CLUSTER_JOIN_NFEAT];
            cluster_join_features(c, &gd, &sc, x);
            c->decision_fn(c->decision_user, x, o->members[0], s);
        }
        if (!decide(c, &gd, &sc))
            continue;
        uint32_t keep = s < g ? s : g, gone = s < g ? g : s;
        merge_into(c, keep, gone);
        s = keep;
        b->absorbed[b->n_absorbed] = gone;
        b->absorb_score[b->n_absorbed] = sc.score;
        b->absorb_thr[b->n_absorbed] = sc.thr;
        b->n_absorbed++;
    }
    return s;
}

/* Ask the memory for what scoring story s reads: its record (deep 0), or
 * the ids of its text and entity centroids (deep 1, once the record is
 * in; of a story in several languages, its first language's part). A
 * million articles keep tens of thousands of stories live; each
 * candidate's centroids are cold, and a few hundred ids each. Only a
 * hint: what is scored does not depend on it. */
static void prefetch_story(const cluster *c, uint32_t s, int deep)
{
    const story *st = &c->stories[s];
    if (!deep) {
        for (size_t o = 0; o < sizeof *st; o += 64)
            __builtin_prefetch((const char *)st + o);
        __builtin_prefetch(&c->hot[s]);
        return;
    }
    const svec *v[2] = {st->n_parts ? &st->parts[0].text : &st->text, &st->ents};
    for (int k = 0; k < 2; k++)
        for (size_t o = 0; o < v[k]->n * sizeof *v[k]->ids; o += 64)
            __builtin_prefetch((const char *)v[k]->ids + o);
}

uint32_t cluster_add(cluster *c, uint32_t article, const cluster_doc *d, cluster_score *best)
{
    cluster_score b, b2;
    memset(&b, 0, sizeof b);
    b.story = UINT32_MAX;
    b.score = b.join = -HUGE_VAL;
    b2 = b;
    int b_ok = 0, b2_ok = 0;
    cluster_score bl; /* the best same-language candidate that says join */
    bl.story = UINT32_MAX;
    bl.join = -HUGE_VAL;
    size_t nc = candidates(c, d);
    if (nc > (size_t)c->p.n_cands)
        nc = keep_best(c, nc);
    if (nc)
        scatter(c, d, 1);
    uint32_t lone[LONE_MAX]; /* stories of one article close to the article */
    size_t n_lone = 0;
    if (nc)
        prefetch_story(c, c->cands[0], 1);
    if (nc > 1)
        prefetch_story(c, c->cands[1], 0);
    for (size_t i = 0; i < nc; i++) {
        cluster_score sc;
        if (i + 1 < nc)
            prefetch_story(c, c->cands[i + 1], 1);
        if (i + 2 < nc)
            prefetch_story(c, c->cands[i + 2], 0);
        score_story(c, d, (const float *const *)c->dense, c->cands[i], &sc);
        int ok = decide(c, d, &sc);
        if (c->p.absorb > 0 && n_lone < LONE_MAX && c->stories[c->cands[i]].n_members == 1 &&
            !sc.cross && sc.score >= c->p.absorb * sc.thr)
            lone[n_lone++] = c->cands[i];
        if (ok && !sc.cross && (sc.join > bl.join || (sc.join == bl.join && sc.story < bl.story)))
            bl = sc;
        if (sc.join > b.join || (sc.join == b.join && sc.story < b.story)) {
            b2 = b;
            b2_ok = b_ok;
            b = sc;
            b_ok = ok;
        } else if (sc.join > b2.join || (sc.join == b2.join && sc.story < b2.story)) {
            b2 = sc;
            b2_ok = ok;
        }
    }
    if (nc)
        scatter(c, d, 0);
    if (b.story == UINT32_MAX)
        b.score = -1;
    b.n_candidates = (unsigned)nc;
    b.merged = UINT32_MAX;
    b.merge_cos = 0;
    /* across languages the evidence is names, numbers and translated
     * words, which stories on the same subject share too: a translation
     * or report of one event stands out from the other candidates, a
     * subject match does not. When the best story is in another language
     * and does not stand out, the best story of the article's own
     * language that reaches its threshold is taken, or a story opened. */
    b.lead = b.story != UINT32_MAX
                 ? b.score - (b2.story != UINT32_MAX && b2.score > 0 ? b2.score : 0)
                 : 0;
    b.ambiguous = 0;
    if (b_ok && b.cross && b.lead < c->p.x_margin) {
        if (bl.story != UINT32_MAX) {
            double lead = b.lead;
            b = bl;
            b.n_candidates = (unsigned)nc;
            b.merged = UINT32_MAX;
            b.merge_cos = 0;
            b.lead = lead;
            b.ambiguous = 2;
            b2.story = UINT32_MAX; /* no merge with the passed-over story */
        } else {
            b_ok = 0;
            b.ambiguous = 1;
        }
    }
    /* training: a decision the join rule or model makes (not one the
     * cross-language lead made), before assign changes the story */
    if (c->decision_fn && b.story != UINT32_MAX && b.ambiguous != 1) {
        double x[CLUSTER_JOIN_NFEAT];
        cluster_join_features(c, d, &b, x);
        c->decision_fn(c->decision_user, x, article, b.story);
    }
    uint32_t s = b.story != UINT32_MAX && b_ok ? b.story : (uint32_t)c->n_stories;
    int joined = s == b.story;
    assign(c, s, article, d);
    story *st = &c->stories[s];
    /* the article bridges two stories that are one: merge them (the
     * second story reached the bare threshold, or the model's 0.5) */
    if (s == b.story && b2.story != UINT32_MAX &&
        (c->p.join ? b2_ok : b2.score >= c->p.threshold)) {
        story *o = &c->stories[b2.story];
        double cn = st->text_norm * o->text_norm;
        double cosc = cn > 0 ? svec_dot(&st->text, &o->text) / cn : 0;
        if (cosc >= c->p.merge) {
            uint32_t keep = s < b2.story ? s : b2.story, gone = s < b2.story ? b2.story : s;
            merge_into(c, keep, gone);
            b.merged = gone;
            b.merge_cos = cosc;
            s = keep;
        }
    }
    b.n_absorbed = 0;
    if (joined)
        s = absorb_lone(c, s, lone, n_lone, &b);
    if (c->closing) {
        if (d->date_days != FEAT_DATE_NONE &&
            (c->newest == FEAT_DATE_NONE || d->date_days > c->newest))
            c->newest = d->date_days;
        if (c->newest != FEAT_DATE_NONE) {
            c->stories[s].seen = c->newest;
            live_push(c, c->newest, s);
            close_old(c);
        }
    }
    if (best)
        *best = b;
    return s;
}

void cluster_set_decisions(cluster *c, cluster_decision_fn fn, void *user)
{
    c->decision_fn = fn;
    c->decision_user = user;
}

static uint32_t uf_find(uint32_t *p, uint32_t x)
{
    while (p[x] != x) {
        p[x] = p[p[x]];
        x = p[x];
    }
    return x;
}

/* Storylines: the stories read per name. Bounded work per story: 8 names
 * x STORYLINE_SCAN centroid cosines (a million articles made 248,864
 * stories; at 8 x 2,000 cosines each the storylines had run more than 6
 * minutes when the run was stopped). */
#define STORYLINE_SCAN 200

void cluster_storylines(cluster *c, double level, uint32_t *line)
{
    size_t ns = c->n_stories;
    for (size_t s = 0; s < ns; s++)
        line[s] = (uint32_t)s;
    for (size_t s = 0; s < ns; s++) {
        const story *st = &c->stories[s];
        if (c->hot[s].redirect != UINT32_MAX || st->ents_norm <= 0)
            continue;
        uint32_t idx[8];
        size_t k = svec_top(&st->ents, 8, idx);
        c->stamp++;
        /* st's entities scattered: each cosine is one pass over the other's */
        const svec *views[3] = {NULL, &st->ents, NULL};
        scatter_views(c, views, 1);
        for (size_t i = 0; i < k; i++) {
            size_t n;
            const uint32_t *pl = invidx_list(c->index, st->ents.ids[idx[i]], &n);
            /* a long list: the STORYLINE_SCAN stories posted just before s
             * (lists grow in story order, but for the stories a later
             * article joined: near enough to find the neighbours in time) */
            size_t end = n > STORYLINE_SCAN ? ids_lower_bound(pl, 0, n, (uint32_t)s) : n;
            size_t scanned = 0;
            for (size_t j = end; j-- > 0 && scanned < STORYLINE_SCAN; scanned++) {
                uint32_t t = cluster_resolve(c, pl[j]);
                story *o = &c->stories[t];
                if (t >= s || c->hot[t].mark == c->stamp || o->ents_norm <= 0)
                    continue; /* each pair once, from the younger story */
                c->hot[t].mark = c->stamp;
                double cosv = dot(&st->ents, c->dense[1], c->bits[1], c->cap_dense, &o->ents) /
                              (st->ents_norm * o->ents_norm);
                if (cosv >= level) {
                    uint32_t a = uf_find(line, (uint32_t)s), b = uf_find(line, t);
                    if (a != b)
                        line[a > b ? a : b] = a < b ? a : b; /* the oldest is the root */
                }
            }
        }
        scatter_views(c, views, 0);
    }
    for (size_t s = 0; s < ns; s++)
        line[s] = uf_find(line, cluster_resolve(c, (uint32_t)s));
}

size_t cluster_candidates(cluster *c, const cluster_doc *d, uint32_t *out, size_t cap)
{
    size_t nc = candidates(c, d);
    if (nc > (size_t)c->p.n_cands)
        nc = keep_best(c, nc);
    size_t k = nc < cap ? nc : cap;
    if (k) /* no story found yet: c->cands is still NULL */
        memcpy(out, c->cands, k * sizeof *out);
    return k;
}

uint32_t cluster_resolve(const cluster *c, uint32_t s)
{
    while (s < c->n_stories && c->hot[s].redirect != UINT32_MAX)
        s = c->hot[s].redirect;
    return s;
}

int cluster_is_merged(const cluster *c, uint32_t s)
{
    return c->hot[s].redirect != UINT32_MAX;
}

size_t cluster_n_stories(const cluster *c)
{
    return c->n_stories;
}

const uint32_t *cluster_members(const cluster *c, uint32_t s, size_t *n)
{
    *n = c->stories[s].n_members;
    return c->stories[s].members;
}

const svec *cluster_text(const cluster *c, uint32_t s)
{
    return &c->stories[s].text;
}

const svec *cluster_ents(const cluster *c, uint32_t s)
{
    return &c->stories[s].ents;
}

const svec *cluster_cons(const cluster *c, uint32_t s)
{
    return &c->stories[s].cons;
}

long cluster_first(const cluster *c, uint32_t s)
{
    return c->hot[s].first;
}

long cluster_last(const cluster *c, uint32_t s)
{
    return c->hot[s].last;
}

size_t cluster_bytes(const cluster *c)
{
    size_t b = c->cap_stories * sizeof(story) + c->cap_hot * sizeof(story_hot) +
               invidx_bytes(c->index) + c->cap_liveq * sizeof *c->liveq;
    for (size_t i = 0; i < c->n_stories; i++) {
        b += svec_bytes(&c->stories[i].text) + svec_bytes(&c->stories[i].ents) +
             svec_bytes(&c->stories[i].cons) + svec_bytes(&c->stories[i].nums) +
             c->stories[i].cap_members * sizeof(uint32_t) +
             c->stories[i].cap_dates * sizeof(datex_date);
        for (uint32_t k = 0; k < c->stories[i].n_parts; k++)
            b += svec_bytes(&c->stories[i].parts[k].text) + sizeof(lang_part);
    }
    return b;
}

int cluster_check(const cluster *c, size_t n_articles, char *err, size_t errlen)
{
    unsigned char *seen = xcalloc(n_articles ? n_articles : 1, 1);
    int rc = 0;
    size_t total = 0;
    for (size_t s = 0; s < c->n_stories && !rc; s++) {
        const story *st = &c->stories[s];
        const story_hot *h = &c->hot[s];
        if (h->redirect != UINT32_MAX) {
            if (st->n_members || cluster_resolve(c, (uint32_t)s) == s) {
                snprintf(err, errlen, "cluster: merged story %zu has members or loops", s);
                rc = -1;
                break;
            }
            continue;
        }
        if (st->n_members == 0) {
            snprintf(err, errlen, "cluster: story %zu is empty", s);
            rc = -1;
            break;
        }
        for (uint32_t i = 0; i < st->n_members; i++) {
            uint32_t a = st->members[i];
            if (a >= n_articles || seen[a]) {
                snprintf(err, errlen, "cluster: article %u in two stories or unknown", a);
                rc = -1;
                break;
            }
            seen[a] = 1;
            total++;
        }
        if (!rc && (svec_check(&st->text) || svec_check(&st->ents))) {
            snprintf(err, errlen, "cluster: centroid of story %zu not sorted or not finite", s);
            rc = -1;
        }
        if (!rc && fabs(svec_norm(&st->text) - st->text_norm) > 1e-6 * (1 + st->text_norm)) {
            snprintf(err, errlen, "cluster: stale norm on story %zu", s);
            rc = -1;
        }
        if (!rc && h->closed &&
            (st->n_parts || h->last == FEAT_DATE_NONE || h->last > st->seen ||
             st->seen >= c->newest - live_days(c))) {
            snprintf(err, errlen, "cluster: story %zu closed but live or holding parts", s);
            rc = -1;
        }
        if (!rc && h->first != FEAT_DATE_NONE && h->first > h->last) {
            snprintf(err, errlen, "cluster: story %zu date range reversed", s);
            rc = -1;
        }
    }
    if (!rc && total != n_articles) {
        snprintf(err, errlen, "cluster: %zu articles in stories, %zu added", total, n_articles);
        rc = -1;
    }
    xfree(seen);
    if (!rc)
        rc = invidx_check(c->index, (uint32_t)c->n_stories, err, errlen);
    return rc;
}
