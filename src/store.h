/* store.h -- SQLite persistence (the only module that includes sqlite3.h).
 *
 * Tables (docs/SCHEMA.md has the full description):
 *   meta(key, value)           schema_version, created
 *   articles(seq, id, ...)     every stored article, as given, with its
 *                              processing number seq, detected language,
 *                              story at assignment and ingest time
 *   features(seq, ...)         display features (entities, terms, dates)
 *   stories(id, redirect, ...) one row per story; redirect is the survivor
 *                              when the story was absorbed by a merge;
 *                              storyline (version 2) its storyline
 *   memberships(seq, story)    the current (resolved) story of each article
 *   story_history(story, at, event, article, detail)
 * WAL journal, synchronous FULL: a committed transaction survives a crash
 * of the process (and of the machine).
 */
#ifndef TD_STORE_H
#define TD_STORE_H

#include <stddef.h>
#include <stdint.h>
#include "td_config.h"
#include "tidings.h"

#define STORE_SCHEMA_VERSION 2

typedef struct store store;

/* Open or create the database at path, migrating an older schema forward.
 * On failure *out is NULL and err holds a message. */
TD_MUST_CHECK int store_open(const char *path, int readonly, store **out, char *err,
                             size_t errlen);
void store_close(store *s); /* NULL is a no-op */
const char *store_errmsg(store *s);

/* BEGIN IMMEDIATE (waits up to the busy timeout for another writer). */
TD_MUST_CHECK int store_begin(store *s);
TD_MUST_CHECK int store_commit(store *s);
void store_rollback(store *s);

/* 1 when an article with this id is stored. */
int store_has_article(store *s, const char *id, size_t n);
/* Sequence number the next article gets (0 for an empty store). */
int64_t store_next_seq(store *s);

typedef struct store_article {
    int64_t seq;
    td_article a;          /* as given */
    const char *lang;      /* detected */
    const char *clean_title;
    uint32_t story;        /* story number (0-based) at assignment */
    double score;
    const char *added;     /* ISO time */
    const char *entities, *terms, *dates; /* JSON arrays, may be NULL */
} store_article;

TD_MUST_CHECK int store_put_article(store *s, const store_article *r);
TD_MUST_CHECK int store_set_membership(store *s, int64_t seq, uint32_t story);

typedef struct store_story {
    uint32_t id;            /* 0-based story number; stored as id + 1 */
    const char *label, *title, *langs, *sources, *first, *last; /* langs/sources: JSON */
    int64_t size, n_langs, n_sources, recent;
    const char *now;
} store_story;

TD_MUST_CHECK int store_put_story(store *s, const store_story *r);
TD_MUST_CHECK int store_redirect(store *s, uint32_t gone, uint32_t keep, const char *now);
/* Set the storyline (0-based story number of its oldest story) of story s. */
TD_MUST_CHECK int store_set_storyline(store *s, uint32_t story, uint32_t line);
TD_MUST_CHECK int store_add_history(store *s, uint32_t story, const char *now,
                                    const char *event, const char *article,
                                    const char *detail);

/* Call fn for every stored article with seq >= from, in seq order. The row
 * is borrowed for the call. Stops and returns fn's result if non-zero. */
int store_each_article(store *s, int64_t from,
                       int (*fn)(void *user, const store_article *r), void *user);

/* Query results are JSON text appended to a caller buffer (see db.c). */
typedef struct store_query {
    const char *since;  /* ISO date: stories whose last date >= since */
    const char *lang;   /* stories with an article in this language */
    const char *text;   /* words in label or title (all must match) */
    int64_t limit, offset;
} store_query;

struct buf;
TD_MUST_CHECK int store_stories_json(store *s, const store_query *q, struct buf *out);
/* One story with members, timeline and entities; TD_ERR_NOT_FOUND. The id
 * is 1-based as shown to users; a merged id answers with its survivor. */
TD_MUST_CHECK int store_story_json(store *s, int64_t id, struct buf *out);
TD_MUST_CHECK int store_article_json(store *s, const char *id, struct buf *out);
/* Counts for /metrics and check. */
int64_t store_count(store *s, const char *table);

/* PRAGMA integrity_check plus the consistency of the tables with each
 * other (sizes, memberships, redirects). 0 when all is well. */
int store_check(store *s, char *err, size_t errlen);

#endif /* TD_STORE_H */
