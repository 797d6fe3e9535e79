/* tidings.h -- the public API of the tidings news story engine.
 *
 * Contents
 *   1. Result codes              td_rc, td_strerror
 *   2. Articles and diagnostics  td_article, td_diag
 *   3. Input reading             td_input_*  (JSONL, .txt, directories, stdin)
 *   4. The engine                td_engine_* (analyse, cluster, query)
 *   5. Evaluation                td_eval_*
 *
 * Ownership: every handle is created by a *_new/_open function and released
 * by the matching *_free/_close, which accept NULL. Strings passed in are
 * borrowed for the duration of the call and copied when kept. Strings
 * returned are borrowed from the handle unless the comment says otherwise.
 * Handles are not thread-safe; use one per thread.
 */
#ifndef TIDINGS_H
#define TIDINGS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------------
 * 1. Result codes: 0 is success.
 * ------------------------------------------------------------------- */
typedef enum td_rc {
    TD_OK = 0,
    TD_ERR_INVALID,   /* malformed input or argument */
    TD_ERR_TOO_LARGE, /* a cap in td_limits.h was exceeded */
    TD_ERR_NOT_FOUND, /* no such article, story, file */
    TD_ERR_IO,        /* read or write failed */
    TD_ERR_STORE,     /* database error */
    TD_ERR_BUSY,      /* resource locked; try again */
    TD_ERR_DUPLICATE, /* an article with this id exists */
    TD_ERR_EMPTY,     /* nothing to work on (empty text, empty input) */
    TD_ERR_INTERNAL   /* a dependency failed unexpectedly */
} td_rc;

/* A short static description of rc ("invalid input", ...). Never NULL. */
const char *td_strerror(int rc);

/* ---------------------------------------------------------------------
 * 2. Articles and diagnostics
 * ------------------------------------------------------------------- */

/* One input article. All strings are UTF-8 (repaired on analysis) with
 * explicit lengths; NULL with length 0 means absent. `date` is ISO 8601
 * (YYYY-MM-DD, YYYY-MM, or a date-time). `extra` is a JSON object text
 * holding the input fields tidings does not interpret, or NULL. */
typedef struct td_article {
    const char *id;      size_t id_len;
    const char *title;   size_t title_len;
    const char *text;    size_t text_len;
    const char *lang;    size_t lang_len;   /* a hint, checked */
    const char *date;    size_t date_len;
    const char *source;  size_t source_len;
    const char *url;     size_t url_len;
    const char *extra;   size_t extra_len;
} td_article;

typedef enum td_severity { TD_WARNING = 1, TD_ERROR = 2 } td_severity;

/* One problem found in the input: where it is and what is wrong. */
typedef struct td_diag {
    td_severity severity;
    int code;            /* td_rc */
    const char *file;    /* "-" for stdin */
    unsigned long line;  /* 1-based; 0 when not line-oriented */
    const char *field;   /* "id", "text", ... or NULL */
    const char *message; /* one sentence, no trailing newline */
    size_t column;       /* 1-based byte column in the line, 0 when unknown */
} td_diag;

/* Receives diagnostics. The td_diag is borrowed for the call only. */
typedef void (*td_diag_fn)(void *user, const td_diag *d);

/* Print d to fp as "FILE:LINE: error: field 'F': MESSAGE". */
void td_diag_print(FILE *fp, const td_diag *d);

/* ---------------------------------------------------------------------
 * 3. Input reading
 * ------------------------------------------------------------------- */
typedef struct td_input td_input;

/* Open a list of paths for reading. Each path is a JSONL file, a .json
 * file (JSONL), a plain-text article (.txt or any other file), a
 * directory (walked recursively; .jsonl/.json/.txt files in byte order of
 * their names), or "-" for JSONL on stdin. Problems are reported through
 * `fn` as they are met. Caller owns *out; free with td_input_free(). */
int td_input_open(const char *const *paths, size_t n_paths, td_diag_fn fn,
                  void *user, td_input **out /* OUT */);
void td_input_free(td_input *in);

/* Read from memory (data[0..n), borrowed until td_input_free), named
 * `name` in diagnostics: one plain-text article when the name ends in
 * .txt, JSONL otherwise. */
int td_input_open_mem(const char *data, size_t n, const char *name, td_diag_fn fn,
                      void *user, td_input **out /* OUT */);

/* Read the next valid article into *a. Returns TD_OK with *a filled (its
 * strings are borrowed until the next call), TD_ERR_EMPTY at the end of all
 * input. Bad records are reported through the diag callback and skipped. */
int td_input_next(td_input *in, td_article *a /* OUT */);

/* Where the last article came from (file, line), for messages. */
const char *td_input_file(const td_input *in);
unsigned long td_input_line(const td_input *in);

/* Number of records skipped because of errors so far. */
unsigned long td_input_skipped(const td_input *in);

/* ---------------------------------------------------------------------
 * 4. The engine
 * ------------------------------------------------------------------- */
typedef struct td_engine td_engine;

typedef struct td_options {
    int same_lang_only;  /* reserved: 0 */
    double threshold;    /* join threshold; 0 = the tuned default */
    int window_days;     /* candidate time window; 0 = default */
    int threads;         /* analysis threads; 0 or 1 = sequential */
    const char *params;  /* "name=value,..." overrides of the clustering
                            parameter table (for tuning); NULL: none */
    const char *lexicon; /* the lexicon file; NULL: $TIDINGS_LEXICON, else the
                            one this build made (build/lexicon.bin) */
    const char *join;    /* the join decision: NULL or "rule" the threshold
                            rule; "model" the learned model (models/join.tsv,
                            built in); else a model file from `tidings train` */
    const char *pair_model; /* pair similarity model file; NULL: built in */
    int train_join;      /* training: the rule clusters, and each decision
                            it makes becomes an example for td_train_join,
                            labelled by the gold stories (the "story" field
                            of the input records) */
    int keep_gold;       /* training: keep each article's gold story (the
                            "story" field) for td_train_pairs */
    int keep_all;        /* keep every article's vectors: no story is closed
                            when it leaves the live window (explain, compare
                            and training read any two articles) */
    int live_days;       /* the live window in days; 0 = default (90) */
    int stories_only;    /* the caller reads stories, storylines and labels,
                            not an article's features (no compare, explain,
                            similar articles, entity or term lists): each
                            article keeps only its text vector once it is
                            assigned (the centrality in its story), and
                            nothing of it once that story closes. The same
                            stories, in less memory. */
    td_diag_fn diag;     /* warnings during analysis; may be NULL */
    void *diag_user;
} td_options;

void td_options_init(td_options *o);

/* Create an engine. TD_ERR_INVALID when o->params names an unknown
 * parameter or a bad value. */
int td_engine_new(const td_options *o, td_engine **out /* OUT */);
void td_engine_free(td_engine *e);

/* Add one article: analyse it and assign it to a story. The engine copies
 * what it keeps. `file`/`line` locate it for warnings (may be NULL/0).
 * Returns TD_OK, TD_ERR_DUPLICATE (id already added; nothing changes) or
 * TD_ERR_INVALID (no id), TD_ERR_EMPTY (no text after cleaning: the
 * article is still added, as a story of its own). *story gets the story id. */
int td_engine_add(td_engine *e, const td_article *a, const char *file,
                  unsigned long line, uint32_t *story /* OUT */);

/* Add a batch in the engine's processing order: articles with dates are
 * taken in date order (stable); an undated article keeps its place after
 * the dated article before it. Analysis runs on the configured threads;
 * story assignment is sequential and deterministic. rcs[i] and stories[i]
 * receive the result of a[i]. */
void td_engine_add_batch(td_engine *e, const td_article *a, size_t n,
                         const char *const *files, const unsigned long *lines,
                         int *rcs /* OUT */, uint32_t *stories /* OUT */);
/* The same, calling done(user, i) as soon as the engine no longer reads
 * a[i] (its story assigned, or it was skipped), so that the caller can
 * free the article while the rest of the batch goes on. */
void td_engine_add_batch_cb(td_engine *e, const td_article *a, size_t n,
                            const char *const *files, const unsigned long *lines,
                            int *rcs /* OUT */, uint32_t *stories /* OUT */,
                            void (*done)(void *user, size_t i), void *user);

/* The processing order of a batch (what td_engine_add_batch uses): order
 * gets the indexes 0..n-1 of a, dated articles by date (stable), undated
 * ones after the dated article before them. */
void td_processing_order(const td_article *a, size_t n, size_t *order /* OUT */);

/* Counts. n_stories counts live stories (not those absorbed by a merge). */
size_t td_engine_n_articles(const td_engine *e);
size_t td_engine_n_stories(const td_engine *e);

/* Story ids are stable: a story keeps its number as it grows. When two
 * stories merge, the younger is absorbed and its number redirects to the
 * survivor. td_engine_story_redirect() follows the redirects (identity for
 * a live story). Merge i (0..n_merges-1, in order) absorbed `gone` into
 * `keep` (the survivor after article number `article` was placed) when
 *   lone 0: the article joined both (score the centroids' cosine), or
 *   lone 1: gone was a story of one article that the article's story,
 *           grown by it, now wins (score that article's score with it,
 *           thr its threshold). */
typedef struct td_merge {
    uint32_t gone, keep;
    size_t article;
    int lone;
    double score, thr;
} td_merge;
uint32_t td_engine_story_redirect(const td_engine *e, uint32_t story);
size_t td_engine_n_merges(const td_engine *e);
void td_engine_merge(const td_engine *e, size_t i, td_merge *out /* OUT */);

/* Index of the article with this id, or -1 when unknown. */
long td_engine_find_article(const td_engine *e, const char *id);

/* Per-article results, by index 0..n_articles-1 (the processing order).
 * Borrowed. The title is the cleaned given title, or the first line of
 * the text when it reads like a headline; NULL when there is none. */
const char *td_engine_article_id(const td_engine *e, size_t i);
const char *td_engine_article_lang(const td_engine *e, size_t i);
const char *td_engine_article_title(const td_engine *e, size_t i);
uint32_t td_engine_article_story(const td_engine *e, size_t i); /* resolved */

/* Where the time went, in seconds, summed over all articles added (the
 * analysis stages over all threads): clean, langid, tokens (segmentation,
 * stopwords, stems, concepts), features (entities, dates, sorting),
 * vectors (ids, df, tf-idf), candidates + assignment, and the latency of
 * adding one article (p50, p99 in seconds; analysis and assignment). */
typedef struct td_stats {
    double clean, langid, tokens, features, vectors, assign;
    double latency_p50, latency_p99;
    size_t articles;
    size_t bytes; /* memory held by the engine's indexes */
    size_t stories, closed; /* stories, and those out of the live window */
    /* the whole process's allocator: bytes handed out, kept free, and
     * mapped (glibc: large blocks) or resident (jemalloc); heap_alloc
     * names the allocator, NULL when it reports none of this */
    size_t heap_in_use, heap_free, heap_mapped;
    const char *heap_alloc;
} td_stats;
void td_engine_stats(const td_engine *e, td_stats *out /* OUT */);

/* The storyline of a story (its oldest story's id): stories that continue
 * one another (the same core names, possibly months apart). Computed on
 * demand from the current stories. */
uint32_t td_engine_storyline(td_engine *e, uint32_t story);

/* One JSON object per storyline of two or more stories: its stories in
 * time order with title, dates and size. */
int td_engine_write_storylines(td_engine *e, FILE *fp);

/* Write outputs. Return TD_OK or TD_ERR_IO. */
int td_engine_write_stories_jsonl(td_engine *e, FILE *fp);
int td_engine_write_text(td_engine *e, FILE *fp);

/* Write a readable account of why articles `id1` and `id2` are or are not
 * in one story (the features they share, their weights, the score against
 * the threshold). TD_ERR_NOT_FOUND if either id is unknown. */
int td_engine_explain(td_engine *e, const char *id1, const char *id2, FILE *fp);

/* Similarity of two added articles in [0, 1] (the pair score of the
 * clustering, with the IDF of everything added so far). Returns TD_OK or
 * TD_ERR_NOT_FOUND. */
int td_engine_similarity(td_engine *e, const char *id1, const char *id2,
                         double *sim /* OUT */);

/* For each line {"id1","id2",...} of the JSONL file `pairs`, write
 * {"id1","id2","similarity","overall","geography","entities","time",
 * "narrative","style","tone"} to out: the similarity in [0, 1] and the
 * pair model's estimates on the SemEval scale (1 = very similar .. 4).
 * Unknown ids are reported through fn (file, line, field) and get no line.
 * TD_ERR_IO when a file cannot be read or written, TD_ERR_INVALID when the
 * pair model cannot be loaded. */
int td_compare_pairs(td_engine *e, const char *pairs, FILE *out, td_diag_fn fn,
                     void *user);

/* One pair, readable: the estimates per dimension and the features with
 * their push on the overall estimate. TD_ERR_NOT_FOUND for an unknown id. */
int td_compare_explain(td_engine *e, const char *id1, const char *id2, FILE *fp);

/* Training the models (docs/MODELS.md). The rule prior `train --join`
 * uses unless told otherwise: log-odds 200 x margin, so a margin of 0.01
 * (a hundredth of the score) is already odds of e^2. */
#define TD_JOIN_RULE_PRIOR 200.0
#define TD_JOIN_L2 3000.0 /* its default penalty (docs/MODELS.md) */
typedef struct td_train_options {
    double l2;           /* penalty on the standardised weights */
    int folds;           /* pairs: cross-validation folds reported (< 2: none) */
    const char *command; /* the command line, recorded in the model file */
    FILE *cv_out;        /* pairs, with folds: each pair's cross-validated
                            estimates, as td_compare_pairs writes them */
    double rule_prior;   /* join, > 0: fit the rule (log-odds rule_prior x
                            margin) plus corrections, l2 pulling toward the
                            rule; 0: toward 0, then biases moved to the best
                            F1 of the training decisions */
} td_train_options;

/* Fit the pair model on the graded pairs (id1, id2 and the seven
 * dimensions 1..4) of the JSONL file `pairs`, whose articles e holds, and
 * on pairs drawn from the gold stories of the engines gold[0..n_gold)
 * (made with keep_gold; "overall" only: 1 within a story, 4 for a near
 * miss); write it to out and, with folds, the cross-validated Pearson r of
 * the graded pairs per dimension and language to report (may be NULL). */
int td_train_pairs(td_engine *e, const char *pairs, td_engine *const *gold, size_t n_gold,
                   const td_train_options *o, FILE *out, FILE *report, td_diag_fn fn,
                   void *user);

/* Add join examples from graded pairs (id1, id2, overall) of articles that
 * engine e holds (clustered as usual) to the examples of the training
 * engine `train`: each pair is article against a story of the other,
 * joined when overall <= 1.5, apart when >= 2.5 (the pairs between teach
 * nothing), in both directions. */
int td_train_join_pairs(td_engine *train, td_engine *e, const char *pairs, FILE *report,
                        td_diag_fn fn, void *user);

/* Fit the join model on the examples an engine with train_join collected,
 * and write it to out. TD_ERR_INVALID when there are fewer than 10. */
int td_train_join(td_engine *e, const td_train_options *o, FILE *out, FILE *report);

/* Run every internal integrity checker; returns TD_OK or TD_ERR_INTERNAL
 * with a message written to fp. */
int td_engine_check(td_engine *e, FILE *fp);

/* ---------------------------------------------------------------------
 * 4b. The database: a living news desk on SQLite
 * ------------------------------------------------------------------- */
typedef struct td_db td_db;

/* Open (creating or migrating) the database at path and rebuild the
 * engine from the stored articles, replaying them in their stored order.
 * Several processes may open one file: writes are serialised by SQLite
 * and each writer first catches up with what others stored. On failure
 * *out is NULL and err holds a message naming the file. */
int td_db_open(const char *path, const td_options *o, td_db **out, char *err,
               size_t errlen);
void td_db_close(td_db *db); /* NULL is a no-op */

/* Ingest a batch in one transaction, in the engine's processing order.
 * rcs[i]: TD_OK stored; TD_ERR_DUPLICATE the id was already stored
 * (nothing changes; stories[i] is its story) or repeats an id earlier in
 * the batch (stories[i] 0, reported through the diag callback);
 * TD_ERR_INVALID no id. stories[i]: the article's story id (1-based). Returns TD_OK when committed (then
 * every TD_OK article is durably stored), or an error with nothing
 * stored (TD_ERR_BUSY, TD_ERR_IO: disk full or read-only, TD_ERR_STORE). */
int td_db_ingest(td_db *db, const td_article *a, size_t n, const char *const *files,
                 const unsigned long *lines, int *rcs /* OUT */, uint32_t *stories /* OUT */);

/* JSON answers. *json is NUL-terminated; caller frees with td_free(). */
typedef struct td_db_query {
    const char *since, *lang, *text; /* NULL: no filter */
    long limit, offset;              /* 0: 50, 0 */
} td_db_query;
int td_db_stories_json(td_db *db, const td_db_query *q, char **json, size_t *len);
int td_db_story_json(td_db *db, long id, char **json, size_t *len);   /* TD_ERR_NOT_FOUND */
/* Ranked stories written to fp, one JSON object per line (TD_JSONL) or
 * as a readable table (TD_TEXT). */
enum { TD_JSONL = 0, TD_TEXT = 1 };
int td_db_stories_text(td_db *db, const td_db_query *q, int format, FILE *fp);
int td_db_article_json(td_db *db, const char *id, char **json, size_t *len);
/* The k nearest stored articles to article id, with their similarity. */
int td_db_similar_json(td_db *db, const char *id, int k, char **json, size_t *len);
long td_db_n_articles(td_db *db);
long td_db_n_stories(td_db *db);
/* PRAGMA integrity_check, the tables' consistency, and the engine's
 * integrity checkers. TD_OK, or TD_ERR_STORE with the problem on fp. */
int td_db_check(td_db *db, FILE *fp);
void td_free(void *p);

/* ---------------------------------------------------------------------
 * 4c. The HTTP server (docs/HTTP_API.md)
 * ------------------------------------------------------------------- */
typedef struct td_serve_options {
    const char *db_path;
    const char *host;       /* default 127.0.0.1 */
    unsigned port;          /* default 8080; 0: any free port */
    const char *token;      /* bearer token for writes; required off loopback */
    td_options engine;
    /* called once listening, with the port (useful with port 0) */
    void (*on_listen)(void *user, unsigned port);
    void *user;
} td_serve_options;

/* Serve until SIGINT or SIGTERM (the request in progress completes and
 * its transaction commits), then return TD_OK. Errors before listening
 * (bad address, port in use, no token off loopback, database) are
 * written to stderr and returned. */
int td_serve(const td_serve_options *o);

/* Compile the FreeDict dictionaries in dictd_dir (/usr/share/dictd), and
 * the CC-CEDICT file cedict when given and present, into the lexicon file
 * out (see docs and src/lexicon.h). Progress lines go to
 * log (may be NULL). 0 on success, else -1 and a message in err. */
int td_lexicon_build(const char *dictd_dir, const char *cedict, const char *out, FILE *log,
                     char *err, size_t errlen);

/* Build the table of country names in 40 languages (from ICU) into the
 * file out, which engines load at start ($TIDINGS_PLACES, else the one
 * this build made). 0, or -1 with a message in err. */
int td_places_build(const char *out, char *err, size_t errlen);

/* ---------------------------------------------------------------------
 * 5. Evaluation (the same figures as the reference scorer)
 * ------------------------------------------------------------------- */
typedef struct td_eval td_eval;

td_eval *td_eval_new(void);
void td_eval_free(td_eval *ev);
/* Gold article: id, language, gold story (NULL: no gold label). */
void td_eval_add_gold(td_eval *ev, const char *id, const char *lang,
                      const char *story);
/* Predicted story of an article. */
void td_eval_add_pred(td_eval *ev, const char *id, const char *story);
/* Graded pair (SemEval): overall 1 = same story .. 4 = unrelated. */
void td_eval_add_pair(td_eval *ev, const char *id1, const char *id2,
                      double overall);
/* Load JSONL files: gold articles (id, lang, story), predictions (id,
 * story), or graded pairs (id1, id2, overall). Bad lines are reported
 * through fn and skipped. TD_ERR_IO when the file cannot be read. */
int td_eval_load_gold(td_eval *ev, const char *path, td_diag_fn fn, void *user);
int td_eval_load_pred(td_eval *ev, const char *path, td_diag_fn fn, void *user);
int td_eval_load_pairs(td_eval *ev, const char *path, td_diag_fn fn, void *user);
/* Write "name: value" lines and a final JSON object, like score.py. */
int td_eval_report(td_eval *ev, FILE *fp);
/* The value of a named figure after td_eval_report-style computation;
 * NaN when it does not apply. Names as printed ("bcubed_f1", ...). */
double td_eval_figure(td_eval *ev, const char *name);

/* Pearson correlation between predicted pair similarities (JSONL with
 * id1, id2, similarity) and -overall of graded pairs (JSONL with id1, id2,
 * lang1, lang2, overall), overall and per language pair, written like
 * `score.py pairs`. TD_ERR_IO when a file cannot be read. */
int td_eval_pairs_report(const char *pairs, const char *pred, FILE *out,
                         td_diag_fn fn, void *user);

#ifdef __cplusplus
}
#endif
#endif /* TIDINGS_H */
