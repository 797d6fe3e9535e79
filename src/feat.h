/* feat.h -- analysis: one article in, its features out.
 *
 * feat_analyze() runs the per-article pipeline
 *
 *     title, text --clean_norm--> langid --clean_noise--> tok --stop/stem-->
 *         weighted terms, entity candidates, numbers, dates
 *
 * and fills a feat_doc that depends only on the article and on read-only
 * shared tables (stopwords, per-source boilerplate lines). It touches no
 * engine state, so analyzers on several threads may run at once; each
 * thread needs its own feat_analyzer (ICU and stemmer handles are not
 * thread-safe).
 *
 * Term identity is a 64-bit hash (hash.h) of a prefixed key:
 *     "w:" stem      native word (stemmed, case and diacritics folded)
 *     "e:" key       entity candidate token (folded, not stemmed)
 *     "#" digits     number
 *     "pl:" code     a country or region named in any language (places.h)
 *     "c:" stem      an English pivot concept (lexicon.h): the word itself in
 *                    English, its dictionary translations elsewhere
 * The display string of each key is kept in the doc's string pool.
 */
#ifndef TD_FEAT_H
#define TD_FEAT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "clean.h"
#include "datex.h"
#include "hash.h"
#include "stop.h"
#include "td_config.h"
#include "tidings.h"

#define FEAT_DATE_NONE (-1000000L)

/* Field weights of a term occurrence (title and lead weigh more). */
#define FEAT_W_TITLE 3.0f
#define FEAT_W_LEAD 2.0f
#define FEAT_W_BODY 1.0f
#define FEAT_LEAD_TOKENS 60 /* the lead is the first paragraph, at most this */
/* Bytes of the text (after the title) given to language identification:
 * the first LANGID_PROBE1, and LANGID_PROBE when that answer is not sure
 * (langid_detect_staged). */
#define LANGID_PROBE 2048
#define LANGID_PROBE1 512
/* An abjad name key (names.h) counts for this share of a mention. */
#ifndef FEAT_W_ABJAD
#define FEAT_W_ABJAD 0.5f
#endif
/* ... and half that for an Arabic- or Hebrew-script word the dictionary knows (a
 * common word more often than a name). On ntrex128 in six input orders
 * (the file's and five shuffles), BCubed F1 0.814 -> 0.823 with the
 * English spellings of names.c; 0 (no key for known words) fell to 0.780:
 * Arabic articles then have too few entities to match on. */
#ifndef FEAT_W_ABJAD_KNOWN
#define FEAT_W_ABJAD_KNOWN 0.5f
#endif
/* A name found through the dictionary (CC-CEDICT) counts for this share of
 * a capitalised name: dictionaries also list common words as names. */
#ifndef FEAT_W_DICT_NAME
#define FEAT_W_DICT_NAME 0.5f
#endif
/* A place id counts for this share of a name mention: the name itself is
 * also an entity, so within one language the place would count twice. */
#ifndef FEAT_W_PLACE
#define FEAT_W_PLACE 0.5f
#endif

enum { FEAT_TERM_WORD = 0, FEAT_TERM_NUM = 1 };

typedef struct feat_term {
    uint64_t h;      /* hash of the prefixed key */
    float tf;        /* field-weighted occurrence count */
    float title_tf;  /* occurrences in the title */
    uint32_t str;    /* offset of the display string in pool */
    uint8_t kind;    /* FEAT_TERM_* */
} feat_term;

enum {
    FEAT_ENT_NAME = 0,   /* a name token: vector and labels */
    FEAT_ENT_PHRASE = 1, /* a multi-token name: labels only */
    FEAT_ENT_KEY = 2,    /* an abjad key: vector only */
    FEAT_ENT_PLACE = 3,  /* a country's id: vector only, and the article's places */
    FEAT_ENT_CITY = 4    /* a city's id: the article's places only */
};

typedef struct feat_ent {
    uint64_t h;      /* hash of "e:" key (single token) or "p:" phrase */
    float w;         /* field-weighted count */
    uint32_t str;    /* display string (surface form) in pool */
    uint32_t first;  /* token index of the first mention */
    uint8_t phrase;  /* FEAT_ENT_*: how the entity is used */
    uint8_t acronym; /* a name written in capitals (UN, ONU): no key name */
    uint8_t in_body; /* a name mentioned after the lead */
    uint64_t place;  /* a name of a place: hash of its "pl:" id, or 0 */
} feat_ent;

typedef struct feat_doc {
    char lang[8];
    int lang_pct, lang_reliable, lang_from_hint;
    char *title;              /* cleaned title (given or derived), NUL-terminated */
    size_t title_len;
    int title_derived;        /* 1: taken from the first line of the text */
    feat_term *terms;         /* sorted by h */
    size_t n_terms;
    feat_ent *ents;           /* sorted by h */
    size_t n_ents;
    feat_term *cons;          /* English pivot concepts (lexicon.h), sorted by h */
    size_t n_cons;
    uint64_t *nums;           /* sorted, unique hashes of numbers >= 10 */
    size_t n_nums;
    datex_date *dates;        /* mentioned dates, in text order */
    size_t n_dates;
    long date_days;           /* the given date (days), or FEAT_DATE_NONE */
    int date_prec;            /* 0 none, 1 year, 2 month, 3 day */
    char *pool;               /* display strings, NUL-separated */
    size_t pool_len, pool_cap;
    size_t n_tokens;
    size_t n_head;            /* tokens of the title and lead (they come first) */
    size_t text_bytes;        /* cleaned text size */
    clean_stats cs;
} feat_doc;

void feat_doc_init(feat_doc *d);    /* cannot fail */
void feat_doc_release(feat_doc *d); /* zeroed doc is a no-op */

static inline const char *feat_str(const feat_doc *d, uint32_t off)
{
    return d->pool + off;
}

/* Read-only tables shared by all analyzers. */
struct places;
struct lexicon;
typedef struct feat_shared {
    const stop_set *stop;
    const clean_seen *seen;       /* may be NULL */
    const struct places *places;  /* may be NULL */
    const struct lexicon *lex;    /* may be NULL: no concepts */
} feat_shared;

typedef struct feat_analyzer feat_analyzer;

/* Seconds spent in each analysis stage by one analyzer (its articles). */
enum { FEAT_T_CLEAN, FEAT_T_LANGID, FEAT_T_TOKENS, FEAT_T_FEATURES, FEAT_T_N };
void feat_times(const feat_analyzer *an, double out[FEAT_T_N]);

feat_analyzer *feat_analyzer_new(const feat_shared *sh);
void feat_analyzer_free(feat_analyzer *a); /* NULL is a no-op */

/* Analyse a, the article with sequence number seq (its place in the
 * processing order, for per-source boilerplate). The text is cut at TD_MAX_ARTICLE_BYTES (at a UTF-8
 * boundary; *truncated set). Returns TD_OK, or TD_ERR_EMPTY when nothing
 * remains to cluster on (the doc is still valid, with no features). */
int feat_analyze(feat_analyzer *an, const td_article *a, uint32_t seq,
                 feat_doc *out /* OUT */, int *truncated /* OUT */);

/* Hash of a prefixed key, as used for terms ("w:", "e:", "#"). Inline, so
 * that a literal prefix's hash is worked out by the compiler. */
static inline uint64_t feat_key(const char *prefix, const char *s, size_t n)
{
    uint64_t h = hash_bytes(prefix, strlen(prefix), 0);
    h = hash_bytes(s, n, h);
    return h ? h : 1;
}

#endif /* TD_FEAT_H */
