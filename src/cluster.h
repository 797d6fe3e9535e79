/* cluster.h -- online story clustering, one article at a time.
 *
 * Each story keeps a centroid per view (the sum of its members' normalised
 * vectors: native terms, entities), the dates its articles mention, and
 * its date range. A new article is scored against the candidate stories
 * that the inverted index finds for its heaviest terms (never against all
 * stories), within a time window around its date when both sides have
 * dates. It joins the best candidate whose score reaches the threshold,
 * or opens a new story. Within one language the threshold moves by the
 * language's offset (engine.c) and by w_src for a story that only the
 * article's own source has told so far.
 *
 *     score = time(a, s) * ( w_text * cos(text_a, C_text(s))
 *                          + w_ent  * cos(ents_a, C_ents(s))
 *                          + w_con  * cos(cons_a, C_cons(s))
 *                          + w_date * dates(a, s) )
 *                        * (1 - w_dconf * conflict(a, s))
 *                        * (1 - w_nconf * names(a, s))
 *
 * with w_xtext, w_xent, w_xcon and w_xnconf in place of w_text, w_ent,
 * w_con and w_nconf, and
 * w_xnum * cos(nums_a, C_nums(s)) added, when none of the story's articles
 * is in the article's language: across languages the native terms share
 * only numbers and cognates, and the language-neutral entity keys
 * (names.h), the English pivot concepts and the numbers carry the
 * evidence. conflict(a, s) is 1 when both mention day-precise dates and
 * none of a's is within dconf_days of one of s's. names(a, s) is 1 when
 * the article and the story lead with different people. An article's key
 * names are those its title or lead gives and its body names again (no
 * acronyms; a place by its id); a story's are counted over its articles.
 * It is 1 when a has key names and
 *   - one of them is mentioned by no article of s, and a does not mention
 *     a key name of at least half of s's articles (two fights of one boxer
 *     against two opponents, two arrests of two players of one team), or
 *   - a does not mention a key name of at least two and at least half of
 *     s's articles (a story its articles tell through Biden's words, an
 *     article on Putin that never names Biden);
 *   but it is 0 within a language when s has three articles or more and
 *   a's heaviest key name is one at least half of them lead with (the
 *   reports of one event vary in the other names they give).
 * Across languages the best story must also lead the next by x_margin
 * (cluster.c).
 *
 *     cos(x, C)   = chance-corrected: (c - b) / (1 - b), c = x . C / |C|
 *                   (x is unit length), b = |mu_L|^2 the expected dot
 *                   product of two unrelated articles of x's language L,
 *                   with mu_L the running mean of L's article vectors:
 *                   languages and corpora whose articles share more
 *                   everyday vocabulary get the same scale as others
 *     dates(a, s) = share of a's day-precise mentioned dates that s's
 *                   articles mention too (capped at 2 dates)
 *     time(a, s)  = exp(-gap / tau), gap in days from a's date to s's date
 *                   range; 1 when either date is unknown
 *
 * Centroid update on join: C += x; then only the TD_MAX_STORY_TERMS
 * heaviest terms are kept (pruned mass is dropped, so |C| is recomputed).
 * The parameters are the single documented table in cluster.c.
 */
#ifndef TD_CLUSTER_H
#define TD_CLUSTER_H

#include <stddef.h>
#include <stdint.h>
#include "datex.h"
#include "invidx.h"
#include "svec.h"
#include "td_config.h"

typedef struct cluster_params {
    double w_text, w_ent, w_date;
    double w_xtext, w_xent; /* the same for an article whose language the
                               story does not have yet (cross-language) */
    double w_con, w_xcon;   /* weight of the pivot-concept cosine, same
                               language and across */
    double x_min_ent;       /* cross-language: no join below this entity cosine */
    double w_dconf;         /* share of the score lost when the article's and
                               the story's day-precise mentioned dates are
                               all further apart than dconf_days */
    int dconf_days;
    double w_nconf;         /* share of the score lost when key names
                               conflict (cluster.c: name_conflict) */
    double w_xnconf;        /* the same across languages */
    double w_src;           /* added to the threshold for a story only the
                               article's own source has told (cluster.c) */
    double w_xnum;          /* across languages: cosine of the numbers */
    double x_margin;        /* across languages, join only when the best story
                               leads the second by this much (see cluster.c) */
    double threshold;   /* join when score >= threshold */
    double tau_days;    /* time decay */
    int window_days;    /* hard candidate window */
    int live_days;      /* the live window (cluster_set_closing): at least
                           window_days */
    int n_query_terms;  /* heaviest terms looked up in the index */
    int n_post_terms;   /* heaviest terms of an article posted */
    int scan;           /* postings read per query term (at most
                           TD_MAX_POSTINGS_SCAN) */
    int n_cands;        /* candidates scored in full (at most
                           TD_MAX_CANDIDATES) */
    double merge;       /* merge two stories an article joins both of when
                           their centroids' cosine reaches this (> 1: never) */
    double absorb;      /* a story of one article, among the candidates of an
                           article that joins another story s and scoring
                           at least absorb x its threshold with it, is
                           absorbed by s when its article would now join s
                           (0: never) */
    double absorb_margin; /* ... and when its score with s reaches its
                           threshold x (1 + absorb_margin) */
    double storyline;   /* entity cosine that links stories into a storyline */
    const struct lmodel *join; /* learned join decision (lmodel.h) over
                               cluster_join_feat, target 0 for stories with
                               the article's language, 1 for the others: join
                               the best candidate (by score) when its
                               probability reaches 0.5; NULL: the threshold
                               rule */
} cluster_params;

/* The tuned defaults (see the table in cluster.c). */
void cluster_params_default(cluster_params *p);

/* Apply "name=value,name=value" overrides to p. Returns 0, or -1 when a
 * name is unknown or a value is not a number. */
int cluster_params_parse(cluster_params *p, const char *spec);

typedef struct cluster_doc {
    const svec *text;            /* unit-length tf-idf of native terms */
    const svec *ents;            /* unit-length entity vector (may be empty) */
    const svec *cons;            /* unit-length pivot concepts (may be empty) */
    const datex_date *dates;     /* mentioned dates */
    size_t n_dates;
    long date_days;              /* FEAT_DATE_NONE when unknown */
    uint32_t lang;               /* small language number (engine-assigned) */
    double thr_adj;              /* added to the threshold when this article
                                    would join a story of its own language */
    const svec *nums;            /* unit vector of the numbers (may be NULL) */
    uint32_t source;             /* a hash of the article's source, 0: none */
    const uint32_t *keys;        /* key names: entity ids of the names its
                                    title and lead give (may be NULL) */
    uint32_t n_keys;
} cluster_doc;

#define CLUSTER_ABSORB_MAX 4 /* stories of one article a join may absorb */

typedef struct cluster_score {
    uint32_t story;              /* UINT32_MAX: none */
    double score, text, ent, date, time, con; /* con: 0 from cluster_add when
                                    its weight is 0 under the rule (not
                                    computed; cluster_score_story has it) */
    double num;                  /* across languages: cosine of the numbers */
    double dconf;                /* 1: the mentioned dates disagree */
    double nconf;                /* 1: the key names disagree */
    double gap;                  /* days between article and story, -1: unknown */
    double thr;                  /* the threshold the rule holds the score to
                                    (cluster.c: threshold_for) */
    double join;                 /* what candidates are ranked by: the score */
    double model;                /* the join model's log-odds (with a model) */
    double max;                  /* the largest score attainable in this mode */
    int cross;                   /* scored across languages */
    double lead;                 /* score minus the second candidate's (or 0) */
    int ambiguous;               /* the best story was in another language and
                                    led the second by less than x_margin: 1 a
                                    story was opened, 2 the best of the
                                    article's language was joined instead
                                    (then lead is the passed-over one's) */
    unsigned n_candidates;
    uint32_t merged;             /* story absorbed by this assignment, or UINT32_MAX */
    unsigned n_absorbed;         /* stories of one article absorbed (absorb): */
    uint32_t absorbed[CLUSTER_ABSORB_MAX]; /* their ids (now redirected) */
    double absorb_score[CLUSTER_ABSORB_MAX], absorb_thr[CLUSTER_ABSORB_MAX];
    double merge_cos;            /* the centroid cosine that justified it */
} cluster_score;

typedef struct cluster cluster;

cluster *cluster_new(const cluster_params *p);
void cluster_free(cluster *c); /* NULL is a no-op */
const cluster_params *cluster_params_of(const cluster *c);

/* Assign article number `article` with features d: join the best story
 * or open a new one. Returns the story number (0-based, in order of
 * creation). *best (may be NULL) gets the best candidate's score, which
 * is below the threshold when a new story was opened. */
uint32_t cluster_add(cluster *c, uint32_t article, const cluster_doc *d,
                     cluster_score *best /* OUT */);

/* The learned join decision's features of an article d scored against a
 * story (sc from cluster_score_story): the rule's margin (its score minus
 * its threshold for d, so that the model starts from the rule), the
 * score's parts (text, entities, concepts, dates, time), whether the
 * story lacks the article's language, and the two conflicts (names,
 * dates). CLUSTER_JOIN_NFEAT values into x, named by cluster_join_feat.
 * Features that tell data sets apart more than events (story size,
 * languages, the language's chance similarity) were tried and left out:
 * trained on some sets, they made the model fail on the others. */
#define CLUSTER_JOIN_NFEAT 9
#define CLUSTER_JOIN_MARGIN 0 /* the rule's score minus its threshold */
#define CLUSTER_JOIN_CROSS 6 /* the feature that says "across languages" */
extern const char *const cluster_join_feat[CLUSTER_JOIN_NFEAT];
void cluster_join_features(const cluster *c, const cluster_doc *d, const cluster_score *sc,
                           double *x /* OUT [CLUSTER_JOIN_NFEAT] */);

/* The same for article a against a story made of article b alone. */
void cluster_join_features_pair(const cluster *c, const cluster_doc *a, const cluster_doc *b,
                                double *x /* OUT [CLUSTER_JOIN_NFEAT] */);

/* Training the join decision: from now on, cluster_add passes fn the
 * features of each decision it makes, the article it is about and the
 * candidate story: the best candidate by the rule's score, before the
 * article joins it or opens a story (not when the cross-language lead
 * decided); and each story of one article that the rule's margin would let
 * the joined story absorb (absorb), the decision then being about that
 * story's article. NULL: none. */
typedef void (*cluster_decision_fn)(void *user, const double *x, uint32_t article,
                                    uint32_t story);
void cluster_set_decisions(cluster *c, cluster_decision_fn fn, void *user);

/* Score d against story s without changing anything. */
void cluster_score_story(const cluster *c, const cluster_doc *d, uint32_t s,
                         cluster_score *out /* OUT */);

/* Similarity of two articles as if one were a story of its own (used by
 * explain); out->thr is the threshold a's join with that story needs. */
void cluster_score_pair(const cluster *c, const cluster_doc *a,
                        const cluster_doc *b, cluster_score *out /* OUT */);

/* Up to cap candidate stories for d (as cluster_add would consider them,
 * best first by shared term weight). Returns how many. */
size_t cluster_candidates(cluster *c, const cluster_doc *d, uint32_t *out, size_t cap);

/* Storylines: stories that continue one another. Two live stories are
 * linked when the cosine of their entity centroids reaches `level`
 * (whatever their dates); linked stories form one storyline, numbered by
 * its oldest story. line[s] (n_stories entries) gets the storyline of
 * story s (itself when unlinked; merged stories get their survivor's).
 * Candidates come from the index, so the cost is bounded per story. */
void cluster_storylines(cluster *c, double level, uint32_t *line /* OUT */);

/* The live window. With closing on, a dated story is closed once the
 * stream (the newest article date added) has moved more than live_days
 * (at least window_days) past the date it had at the story's last join.
 * In a stream in date order no article could be a candidate for it any
 * more (the candidate window), so nothing changes but memory; an article
 * that comes later than that (older than the stream by more than
 * live_days), or an undated one, is clustered among the stories still
 * open. A closed story keeps its members, dates and entity centroid
 * (storylines) and the CLOSED_TERMS heaviest terms of its text and concept
 * centroids (labels), and frees the rest. fn (may be NULL) is called first, with the full
 * centroids still there (cluster_text), so that the caller can keep what
 * it needs of the members' articles and free their vectors. Off by
 * default. */
typedef void (*cluster_close_fn)(void *user, uint32_t story);
void cluster_set_closing(cluster *c, int on, cluster_close_fn fn, void *user);
int cluster_is_closed(const cluster *c, uint32_t s);
size_t cluster_n_closed(const cluster *c);
/* Postings in the candidate index (closed stories' text-term postings
 * are swept out every CLUSTER_SWEEP closings; their entity postings stay,
 * for the storylines). */
size_t cluster_n_postings(const cluster *c);

size_t cluster_n_stories(const cluster *c);
/* The story s now lives in (itself unless it was merged: follows the
 * redirects to the survivor). */
uint32_t cluster_resolve(const cluster *c, uint32_t s);
/* 1 when s was absorbed by another story (it then has no members). */
int cluster_is_merged(const cluster *c, uint32_t s);
/* Members of story s, in order of joining. Borrowed. */
const uint32_t *cluster_members(const cluster *c, uint32_t s, size_t *n /* OUT */);
const svec *cluster_text(const cluster *c, uint32_t s);
const svec *cluster_ents(const cluster *c, uint32_t s);
const svec *cluster_cons(const cluster *c, uint32_t s);
/* Date range of s in days, FEAT_DATE_NONE when no member has a date. */
long cluster_first(const cluster *c, uint32_t s);
long cluster_last(const cluster *c, uint32_t s);
size_t cluster_bytes(const cluster *c);

/* Integrity: members partition the articles added, centroids valid, index
 * consistent. 0 when valid, else a message in err. */
int cluster_check(const cluster *c, size_t n_articles, char *err, size_t errlen);

#endif /* TD_CLUSTER_H */
