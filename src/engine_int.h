/* engine_int.h -- the engine's internal state, shared by engine.c (which
 * adds articles), report.c (which writes stories and explanations) and
 * pair.c (pair features). Nothing else includes it.
 */
#ifndef TD_ENGINE_INT_H
#define TD_ENGINE_INT_H

#include <stddef.h>
#include <stdint.h>
#include "clean.h"
#include "cluster.h"
#include "datex.h"
#include "feat.h"
#include "stop.h"
#include "svec.h"
#include "tidings.h"
#include "vocab.h"

#define N_LABEL_PHRASES 8
/* Key names kept per article (cluster.h): the heaviest; a lead's incidental
 * names come after its subjects. 8 / 4 / 3 gave ecbplus BCubed F1 0.911 /
 * 0.917 / 0.917, semeval same-story 0.854 / 0.857 / 0.852, the others
 * the same. */
#define N_KEY_NAMES 4

/* An article's vectors but its text: what pair features, explanations and
 * similar-article queries read of it besides. They live out of the record:
 * a closed article frees them, and so does every article once assigned when
 * the caller reads stories only (td_options.stories_only); 80 bytes of a
 * million records would stay empty. */
typedef struct art_views {
    svec ents, cons;
    svec geo;              /* unit vector of the places named (pl: ids) */
    svec ttl;              /* unit tf-idf of the native terms of the title */
    svec nums;             /* unit tf-idf of the numbers (idf over all languages) */
} art_views;

/* What the engine keeps of each article: a million articles hold a million
 * of these, so the fields are ordered for no padding (248 bytes). */
typedef struct art {
    char *id;
    char *title;
    char *source;
    char *date;            /* as given, or NULL */
    char lang[8];
    long date_days;
    datex_date *dates;
    double cent;           /* closed: centrality in its story (report.c) */
    svec text;
    art_views *v;          /* never NULL: an empty shared one once freed */
    uint32_t story;
    uint32_t n_tokens;     /* tokens of the cleaned text */
    uint32_t gold;         /* training: gold story number, UINT32_MAX none */
    uint32_t n_dates;      /* at most TD_MAX_DATES */
    uint32_t phr[N_LABEL_PHRASES]; /* label candidates: vocab ids */
    uint32_t phr_s[N_LABEL_PHRASES]; /* how this article writes each: ids of
                                        td_engine.surf (a name key stands for
                                        several spellings, and lossy keys for
                                        several names) */
    float phr_w[N_LABEL_PHRASES];
    uint32_t keys[N_KEY_NAMES]; /* names of its title and lead: ids in ents,
                                   heaviest first (cluster.h: key names) */
    float best_score;      /* best candidate's score when it was assigned */
    float best_thr;        /* the threshold that score was held to */
    uint32_t best_story;   /* that candidate, UINT32_MAX if none */
    uint32_t lang_no;      /* index into td_engine.lang_code */
    unsigned n_candidates;
    float best_lead;       /* its lead over the second candidate */
    unsigned char n_phr;   /* at most N_LABEL_PHRASES */
    unsigned char n_keys;  /* at most N_KEY_NAMES */
    unsigned char ambiguous; /* cluster_score.ambiguous */
    unsigned char closed;  /* its story left the live window: vectors freed
                              but for the ARTICLE_CLOSED_TERMS heaviest terms */
} art;

/* Terms a closed article keeps: the 10 its stored record lists (db.c). */
#define ARTICLE_CLOSED_TERMS 10

/* The centrality of article a in the story of text centroid c (norm cn):
 * the cosine of its text with c. One formula for the report and for a
 * story that closes, so both order its articles alike. */
static inline double art_centrality(const art *a, const svec *c, double cn)
{
    return cn > 0 ? svec_dot(&a->text, c) / cn : 0;
}

struct lmodel;
struct examples;

struct td_engine {
    td_options opt;
    cluster_params params;
    struct lmodel *join_model;  /* the learned join decision, or NULL */
    struct lmodel *pair_model;  /* loaded on first use (pair.c) */
    struct examples *join_ex;   /* training the join decision (pair.c) */
    struct vocab *gold;         /* training: gold story names */
    stop_set *stop;
    clean_seen *seen;
    struct places *places;
    struct lexicon *lex;
    feat_analyzer *an;
    vocab *voc;
    vocab *surf;           /* the spellings of label candidates (art.phr_s) */
    cluster *cl;
    art *arts;
    size_t n_arts, cap_arts;
    char (*lang_code)[8];   /* languages seen, with their article counts */
    uint64_t *lang_n;
    size_t n_langs, cap_langs;
    struct merge_event {
        uint32_t gone, keep;   /* story numbers */
        uint32_t article;      /* the article that bridged them */
        unsigned char lone;    /* td_merge.lone */
        double score, thr;     /* td_merge */
    } *merges;
    size_t n_merges, cap_merges;
    uint32_t *id_slots;     /* open addressing: article index, UINT32_MAX empty */
    double t_feat[4];       /* analysis seconds of analyzers already freed */
    double t_vectors, t_assign;
    uint32_t *lines;        /* storyline of each story, for lines_at articles */
    size_t lines_at;
    float *lat;             /* per-article latency (s), for percentiles */
    size_t n_lat, cap_lat;
    size_t id_cap;
};


/* What a story looks like now (report.c). Strings are owned by the struct;
 * release with engine_story_info_release(). */
typedef struct story_info {
    char *label, *title, *langs_json, *sources_json; /* title may be NULL */
    char first[32], last[32];                        /* "" when undated */
    size_t size, n_langs, n_sources, recent;         /* recent: within 2 days of last */
} story_info;
void engine_story_info(td_engine *e, uint32_t s, story_info *out);
void engine_story_info_release(story_info *si);
/* The article's display features as JSON arrays (caller frees with xfree). */
char *engine_article_entities_json(const td_engine *e, size_t i);
char *engine_article_terms_json(const td_engine *e, size_t i);
char *engine_article_dates_json(const td_engine *e, size_t i);

/* Build the cluster view of an article. */
void engine_doc_of(const art *a, cluster_doc *cd);
/* Index of the article with this id, or -1. */
long engine_find(const td_engine *e, const char *id, size_t n);

#endif /* TD_ENGINE_INT_H */
