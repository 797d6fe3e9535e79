/* store.c -- SQLite persistence. The only file that includes sqlite3.h.
 *
 * Every statement is prepared once per connection and reused. Writes
 * happen inside store_begin/store_commit; a busy database (another
 * writer) is waited for up to STORE_BUSY_MS before TD_ERR_BUSY.
 */
#include "td_config.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "json.h"
#include "store.h"
#include "xmalloc.h"

#define STORE_BUSY_MS 10000

enum {
    Q_HAS_ARTICLE, Q_NEXT_SEQ, Q_PUT_ARTICLE, Q_PUT_FEATURES, Q_SET_MEMBER,
    Q_PUT_STORY, Q_REDIRECT, Q_HISTORY, Q_EACH, Q_STORYLINE, Q_N
};

static const char *const sql_text[Q_N] = {
    [Q_HAS_ARTICLE] = "SELECT 1 FROM articles WHERE id = ?1",
    [Q_NEXT_SEQ] = "SELECT coalesce(max(seq) + 1, 0) FROM articles",
    [Q_PUT_ARTICLE] =
        "INSERT INTO articles(seq, id, title, text, lang_hint, date, source, url, extra, "
        "lang, clean_title, story, score, added) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    [Q_PUT_FEATURES] = "INSERT INTO features(seq, entities, terms, dates) VALUES (?1, ?2, ?3, ?4)",
    [Q_SET_MEMBER] = "INSERT OR REPLACE INTO memberships(seq, story) VALUES (?1, ?2)",
    [Q_PUT_STORY] =
        "INSERT INTO stories(id, label, title, size, langs, sources, first, last, n_langs, "
        "n_sources, recent, weight, created, updated) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13) "
        "ON CONFLICT(id) DO UPDATE SET label = ?2, title = ?3, size = ?4, langs = ?5, "
        "sources = ?6, first = ?7, last = ?8, n_langs = ?9, n_sources = ?10, recent = ?11, "
        "weight = ?12, updated = ?13",
    [Q_REDIRECT] = "UPDATE stories SET redirect = ?2, size = 0, updated = ?3 WHERE id = ?1",
    [Q_HISTORY] = "INSERT INTO story_history(story, at, event, article, detail) "
                  "VALUES (?1, ?2, ?3, ?4, ?5)",
    [Q_STORYLINE] = "UPDATE stories SET storyline = ?2 WHERE id = ?1 AND "
                    "storyline IS NOT ?2",
    [Q_EACH] = "SELECT a.seq, a.id, a.title, a.text, a.lang_hint, a.date, a.source, a.url, "
               "a.extra, a.lang, a.clean_title, a.story, a.score, a.added "
               "FROM articles a WHERE a.seq >= ?1 ORDER BY a.seq",
};

struct store {
    sqlite3 *db;
    sqlite3_stmt *q[Q_N];
    int in_tx;
};

/* Schema version 1. Migrations from older versions go in migrate(). */
static const char schema_v1[] =
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS articles("
    "  seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, title TEXT, text TEXT NOT NULL,"
    "  lang_hint TEXT, date TEXT, source TEXT, url TEXT, extra TEXT, lang TEXT NOT NULL,"
    "  clean_title TEXT, story INTEGER NOT NULL, score REAL, added TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS features("
    "  seq INTEGER PRIMARY KEY REFERENCES articles(seq), entities TEXT, terms TEXT, dates TEXT);"
    "CREATE TABLE IF NOT EXISTS stories("
    "  id INTEGER PRIMARY KEY, redirect INTEGER, label TEXT, title TEXT,"
    "  size INTEGER NOT NULL, langs TEXT, sources TEXT, first TEXT, last TEXT,"
    "  n_langs INTEGER, n_sources INTEGER, recent INTEGER, weight REAL,"
    "  created TEXT NOT NULL, updated TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS memberships(seq INTEGER PRIMARY KEY, story INTEGER NOT NULL);"
    "CREATE INDEX IF NOT EXISTS memberships_story ON memberships(story);"
    "CREATE TABLE IF NOT EXISTS story_history("
    "  story INTEGER NOT NULL, at TEXT NOT NULL, event TEXT NOT NULL, article TEXT, detail TEXT);"
    "CREATE INDEX IF NOT EXISTS story_history_story ON story_history(story);"
    "CREATE INDEX IF NOT EXISTS stories_last ON stories(last);";

static int exec(store *s, const char *sql)
{
    return sqlite3_exec(s->db, sql, NULL, NULL, NULL) == SQLITE_OK ? TD_OK : TD_ERR_STORE;
}

static int user_version(store *s, int64_t *v)
{
    sqlite3_stmt *st;
    *v = 0;
    if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
        return TD_ERR_STORE;
    if (sqlite3_step(st) == SQLITE_ROW)
        *v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return TD_OK;
}

/* Bring the schema to STORE_SCHEMA_VERSION. Version 0 is an empty file. */
static int migrate(store *s, const char *path, char *err, size_t errlen)
{
    int64_t v;
    if (user_version(s, &v))
        goto fail;
    if (v > STORE_SCHEMA_VERSION) {
        snprintf(err, errlen, "%s: database schema version %lld is newer than this tidings (%d)",
                 path, (long long)v, STORE_SCHEMA_VERSION);
        return TD_ERR_STORE;
    }
    if (v == STORE_SCHEMA_VERSION)
        return TD_OK;
    if (exec(s, "BEGIN IMMEDIATE"))
        goto fail;
    if (v < 1) {
        if (exec(s, schema_v1) ||
            exec(s, "INSERT OR IGNORE INTO meta(key, value) "
                    "VALUES ('created', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))"))
            goto fail_tx;
    }
    if (v < 2) { /* version 2: storylines */
        if (exec(s, "ALTER TABLE stories ADD COLUMN storyline INTEGER") ||
            exec(s, "CREATE INDEX IF NOT EXISTS stories_storyline ON stories(storyline)"))
            goto fail_tx;
    }
    /* later versions: if (v < 3) { ALTER TABLE ...; } */
    char sql[128];
    snprintf(sql, sizeof sql,
             "INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', '%d');"
             "PRAGMA user_version = %d",
             STORE_SCHEMA_VERSION, STORE_SCHEMA_VERSION);
    if (exec(s, sql) || exec(s, "COMMIT"))
        goto fail_tx;
    return TD_OK;
fail_tx:
    snprintf(err, errlen, "%s: cannot migrate the schema: %s", path, sqlite3_errmsg(s->db));
    exec(s, "ROLLBACK");
    return TD_ERR_STORE;
fail:
    snprintf(err, errlen, "%s: %s", path, sqlite3_errmsg(s->db));
    return TD_ERR_STORE;
}

int store_open(const char *path, int readonly, store **out, char *err, size_t errlen)
{
    *out = NULL;
    store *s = xcalloc(1, sizeof *s);
    int flags = readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    int rc = sqlite3_open_v2(path, &s->db, flags | SQLITE_OPEN_FULLMUTEX, NULL);
    if (rc != SQLITE_OK) {
        snprintf(err, errlen, "%s: %s", path, s->db ? sqlite3_errmsg(s->db) : "cannot open");
        store_close(s);
        return rc == SQLITE_CANTOPEN ? TD_ERR_IO : TD_ERR_STORE;
    }
    /* how long a writer waits for another one: TIDINGS_BUSY_MS, or 10 s */
    const char *bm = getenv("TIDINGS_BUSY_MS");
    long busy = bm ? strtol(bm, NULL, 10) : STORE_BUSY_MS;
    sqlite3_busy_timeout(s->db, busy >= 0 && busy <= 3600000 ? (int)busy : STORE_BUSY_MS);
    if (!readonly && (exec(s, "PRAGMA journal_mode = WAL") || exec(s, "PRAGMA synchronous = FULL"))) {
        snprintf(err, errlen, "%s: %s", path, sqlite3_errmsg(s->db));
        store_close(s);
        return TD_ERR_STORE;
    }
    /* a file that is not a database fails here */
    int64_t v;
    if (user_version(s, &v) || (!readonly && migrate(s, path, err, errlen))) {
        if (!err[0] || v == 0)
            snprintf(err, errlen, "%s: %s", path, sqlite3_errmsg(s->db));
        store_close(s);
        return TD_ERR_STORE;
    }
    for (int i = 0; i < Q_N; i++) {
        if (sqlite3_prepare_v3(s->db, sql_text[i], -1, SQLITE_PREPARE_PERSISTENT, &s->q[i],
                               NULL) != SQLITE_OK) {
            snprintf(err, errlen, "%s: %s", path, sqlite3_errmsg(s->db));
            store_close(s);
            return TD_ERR_STORE;
        }
    }
    *out = s;
    return TD_OK;
}

void store_close(store *s)
{
    if (!s)
        return;
    for (int i = 0; i < Q_N; i++)
        sqlite3_finalize(s->q[i]);
    sqlite3_close(s->db);
    xfree(s);
}

const char *store_errmsg(store *s)
{
    return sqlite3_errmsg(s->db);
}

static int map_rc(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_OK:
    case SQLITE_DONE:
    case SQLITE_ROW:
        return TD_OK;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return TD_ERR_BUSY;
    case SQLITE_CONSTRAINT:
        return TD_ERR_DUPLICATE;
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
        return TD_ERR_IO;
    default:
        return TD_ERR_STORE;
    }
}

int store_begin(store *s)
{
    int rc = map_rc(sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL));
    s->in_tx = rc == TD_OK;
    return rc;
}

int store_commit(store *s)
{
    int rc = map_rc(sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL));
    if (rc == TD_OK)
        s->in_tx = 0;
    return rc;
}

void store_rollback(store *s)
{
    if (s->in_tx)
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    s->in_tx = 0;
}

static void bind_text(sqlite3_stmt *st, int i, const char *p, size_t n)
{
    if (p)
        sqlite3_bind_text(st, i, p, (int)n, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

static void bind_cstr(sqlite3_stmt *st, int i, const char *p)
{
    bind_text(st, i, p, p ? strlen(p) : 0);
}

static int step_done(sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc == SQLITE_DONE ? TD_OK : map_rc(rc) ? map_rc(rc) : TD_ERR_STORE;
}

int store_has_article(store *s, const char *id, size_t n)
{
    sqlite3_stmt *st = s->q[Q_HAS_ARTICLE];
    bind_text(st, 1, id, n);
    int found = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return found;
}

int64_t store_next_seq(store *s)
{
    sqlite3_stmt *st = s->q[Q_NEXT_SEQ];
    int64_t v = 0;
    if (sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return v;
}

int store_put_article(store *s, const store_article *r)
{
    sqlite3_stmt *st = s->q[Q_PUT_ARTICLE];
    const td_article *a = &r->a;
    sqlite3_bind_int64(st, 1, r->seq);
    bind_text(st, 2, a->id, a->id_len);
    bind_text(st, 3, a->title, a->title_len);
    bind_text(st, 4, a->text ? a->text : "", a->text_len);
    bind_text(st, 5, a->lang, a->lang_len);
    bind_text(st, 6, a->date, a->date_len);
    bind_text(st, 7, a->source, a->source_len);
    bind_text(st, 8, a->url, a->url_len);
    bind_text(st, 9, a->extra, a->extra_len);
    bind_cstr(st, 10, r->lang);
    bind_cstr(st, 11, r->clean_title);
    sqlite3_bind_int64(st, 12, r->story);
    sqlite3_bind_double(st, 13, r->score);
    bind_cstr(st, 14, r->added);
    int rc = step_done(st);
    if (rc)
        return rc;
    st = s->q[Q_PUT_FEATURES];
    sqlite3_bind_int64(st, 1, r->seq);
    bind_cstr(st, 2, r->entities);
    bind_cstr(st, 3, r->terms);
    bind_cstr(st, 4, r->dates);
    return step_done(st);
}

int store_set_membership(store *s, int64_t seq, uint32_t story)
{
    sqlite3_stmt *st = s->q[Q_SET_MEMBER];
    sqlite3_bind_int64(st, 1, seq);
    sqlite3_bind_int64(st, 2, (int64_t)story + 1);
    return step_done(st);
}

int store_put_story(store *s, const store_story *r)
{
    sqlite3_stmt *st = s->q[Q_PUT_STORY];
    sqlite3_bind_int64(st, 1, (int64_t)r->id + 1);
    bind_cstr(st, 2, r->label);
    bind_cstr(st, 3, r->title);
    sqlite3_bind_int64(st, 4, r->size);
    bind_cstr(st, 5, r->langs);
    bind_cstr(st, 6, r->sources);
    bind_cstr(st, 7, r->first);
    bind_cstr(st, 8, r->last);
    sqlite3_bind_int64(st, 9, r->n_langs);
    sqlite3_bind_int64(st, 10, r->n_sources);
    sqlite3_bind_int64(st, 11, r->recent);
    /* ranking weight: size, sources and languages, recent growth (the
     * age part is added at query time) */
    double w = 0;
    for (int64_t k = r->size; k > 1; k /= 2)
        w += 0.7; /* ~ ln(size) */
    w += 0.3 * (double)(r->n_sources > 1 ? r->n_sources - 1 : 0);
    w += 0.5 * (double)(r->n_langs > 1 ? r->n_langs - 1 : 0);
    for (int64_t k = r->recent; k > 0; k /= 2)
        w += 0.5;
    sqlite3_bind_double(st, 12, w);
    bind_cstr(st, 13, r->now);
    return step_done(st);
}

int store_redirect(store *s, uint32_t gone, uint32_t keep, const char *now)
{
    sqlite3_stmt *st = s->q[Q_REDIRECT];
    sqlite3_bind_int64(st, 1, (int64_t)gone + 1);
    sqlite3_bind_int64(st, 2, (int64_t)keep + 1);
    bind_cstr(st, 3, now);
    int rc = step_done(st);
    if (rc)
        return rc;
    /* memberships of the absorbed story move to the survivor */
    sqlite3_stmt *mv;
    if (sqlite3_prepare_v2(s->db, "UPDATE memberships SET story = ?2 WHERE story = ?1", -1, &mv,
                           NULL) != SQLITE_OK)
        return TD_ERR_STORE;
    sqlite3_bind_int64(mv, 1, (int64_t)gone + 1);
    sqlite3_bind_int64(mv, 2, (int64_t)keep + 1);
    rc = sqlite3_step(mv) == SQLITE_DONE ? TD_OK : TD_ERR_STORE;
    sqlite3_finalize(mv);
    return rc;
}

int store_set_storyline(store *s, uint32_t story, uint32_t line)
{
    sqlite3_stmt *st = s->q[Q_STORYLINE];
    sqlite3_bind_int64(st, 1, (int64_t)story + 1);
    sqlite3_bind_int64(st, 2, (int64_t)line + 1);
    return step_done(st);
}

int store_add_history(store *s, uint32_t story, const char *now, const char *event,
                      const char *article, const char *detail)
{
    sqlite3_stmt *st = s->q[Q_HISTORY];
    sqlite3_bind_int64(st, 1, (int64_t)story + 1);
    bind_cstr(st, 2, now);
    bind_cstr(st, 3, event);
    bind_cstr(st, 4, article);
    bind_cstr(st, 5, detail);
    return step_done(st);
}

static const char *col(sqlite3_stmt *st, int i, size_t *n)
{
    const char *p = (const char *)sqlite3_column_text(st, i);
    *n = p ? (size_t)sqlite3_column_bytes(st, i) : 0;
    return p;
}

int store_each_article(store *s, int64_t from, int (*fn)(void *user, const store_article *r),
                       void *user)
{
    sqlite3_stmt *st = s->q[Q_EACH];
    sqlite3_bind_int64(st, 1, from);
    int rc = TD_OK, step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        store_article r;
        memset(&r, 0, sizeof r);
        size_t n;
        r.seq = sqlite3_column_int64(st, 0);
        r.a.id = col(st, 1, &r.a.id_len);
        r.a.title = col(st, 2, &r.a.title_len);
        r.a.text = col(st, 3, &r.a.text_len);
        r.a.lang = col(st, 4, &r.a.lang_len);
        r.a.date = col(st, 5, &r.a.date_len);
        r.a.source = col(st, 6, &r.a.source_len);
        r.a.url = col(st, 7, &r.a.url_len);
        r.a.extra = col(st, 8, &r.a.extra_len);
        r.lang = col(st, 9, &n);
        r.clean_title = col(st, 10, &n);
        r.story = (uint32_t)sqlite3_column_int64(st, 11);
        r.score = sqlite3_column_double(st, 12);
        r.added = col(st, 13, &n);
        rc = fn(user, &r);
        if (rc)
            break;
    }
    if (!rc && step != SQLITE_DONE)
        rc = map_rc(step) ? map_rc(step) : TD_ERR_STORE;
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc;
}

/* ---------------------------------------------------------------------
 * queries -> JSON
 * ------------------------------------------------------------------- */

/* Append column i as a JSON value: text columns holding JSON (raw=1) are
 * copied as they are; NULL is null. */
static void put_col(buf *b, sqlite3_stmt *st, int i, int raw)
{
    int t = sqlite3_column_type(st, i);
    if (t == SQLITE_NULL) {
        buf_puts(b, "null");
    } else if (t == SQLITE_INTEGER) {
        buf_printf(b, "%lld", (long long)sqlite3_column_int64(st, i));
    } else if (t == SQLITE_FLOAT) {
        json_put_num(b, sqlite3_column_double(st, i));
    } else {
        size_t n;
        const char *p = col(st, i, &n);
        if (raw)
            buf_add(b, p, n);
        else
            json_put_str(b, p, n);
    }
}

/* Write the row of st as a JSON object with the given keys; a key starting
 * with '@' holds raw JSON. */
static void put_row(buf *b, sqlite3_stmt *st, const char *const *keys)
{
    buf_putc(b, '{');
    for (int i = 0; keys[i]; i++) {
        int raw = keys[i][0] == '@';
        json_put_key(b, keys[i] + raw, i == 0);
        put_col(b, st, i, raw);
    }
    buf_putc(b, '}');
}

static const char *const story_keys[] = {"id", "label", "title", "size", "@langs",
                                         "@sources", "first", "last", "rank", NULL};

int store_stories_json(store *s, const store_query *q, buf *out)
{
    buf sql;
    buf_init(&sql, 1 << 16);
    buf_puts(&sql,
             "SELECT id, label, title, size, coalesce(langs, '[]'), coalesce(sources, '[]'), "
             "first, last, round(weight - coalesce((julianday((SELECT max(last) FROM stories)) "
             "- julianday(last)) / 3.0, 0), 3) AS rank FROM stories WHERE redirect IS NULL");
    if (q->since)
        buf_puts(&sql, " AND last >= ?1");
    if (q->lang)
        buf_puts(&sql, " AND id IN (SELECT m.story FROM memberships m JOIN articles a "
                       "ON a.seq = m.seq WHERE a.lang = ?2)");
    /* words of the query: every one must occur in the label or title */
    const char *words[8];
    size_t wl[8], nw = 0;
    if (q->text) {
        const char *p = q->text;
        while (*p && nw < 8) {
            while (*p == ' ')
                p++;
            const char *e = p;
            while (*e && *e != ' ')
                e++;
            if (e > p) {
                words[nw] = p;
                wl[nw++] = (size_t)(e - p);
                buf_printf(&sql, " AND (label LIKE ?%zu OR title LIKE ?%zu)", 2 + nw, 2 + nw);
            }
            p = e;
        }
    }
    buf_puts(&sql, " ORDER BY rank DESC, id LIMIT ?11 OFFSET ?12");
    sqlite3_stmt *st;
    if (sql.rc || sqlite3_prepare_v2(s->db, sql.ptr, -1, &st, NULL) != SQLITE_OK) {
        buf_release(&sql);
        return TD_ERR_STORE;
    }
    buf_release(&sql);
    if (q->since)
        sqlite3_bind_text(st, 1, q->since, -1, SQLITE_TRANSIENT);
    if (q->lang)
        sqlite3_bind_text(st, 2, q->lang, -1, SQLITE_TRANSIENT);
    for (size_t i = 0; i < nw; i++) {
        char pat[256];
        snprintf(pat, sizeof pat, "%%%.*s%%", (int)(wl[i] < 200 ? wl[i] : 200), words[i]);
        sqlite3_bind_text(st, (int)(3 + i), pat, -1, SQLITE_TRANSIENT);
    }
    sqlite3_bind_int64(st, 11, q->limit > 0 ? q->limit : 50);
    sqlite3_bind_int64(st, 12, q->offset > 0 ? q->offset : 0);
    buf_puts(out, "{\"stories\":[");
    int n = 0, rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n++)
            buf_putc(out, ',');
        put_row(out, st, story_keys);
    }
    sqlite3_finalize(st);
    buf_printf(out, "],\"count\":%d,\"limit\":%lld,\"offset\":%lld}", n,
               (long long)(q->limit > 0 ? q->limit : 50), (long long)(q->offset > 0 ? q->offset : 0));
    return rc == SQLITE_DONE ? out->rc : TD_ERR_STORE;
}

/* Run sql with ?1 = id, appending rows as a JSON array of objects. */
static int rows_json(store *s, const char *sql, int64_t id, const char *const *keys, buf *out)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return TD_ERR_STORE;
    sqlite3_bind_int64(st, 1, id);
    buf_putc(out, '[');
    int n = 0, rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n++)
            buf_putc(out, ',');
        put_row(out, st, keys);
    }
    sqlite3_finalize(st);
    buf_putc(out, ']');
    return rc == SQLITE_DONE ? TD_OK : TD_ERR_STORE;
}

int store_story_json(store *s, int64_t id, buf *out)
{
    /* follow redirects (bounded: a chain is at most the number of stories) */
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "SELECT redirect FROM stories WHERE id = ?1", -1, &st, NULL) !=
        SQLITE_OK)
        return TD_ERR_STORE;
    int64_t asked = id, hops = 0;
    for (;;) {
        sqlite3_bind_int64(st, 1, id);
        int rc = sqlite3_step(st);
        if (rc != SQLITE_ROW) {
            sqlite3_finalize(st);
            return TD_ERR_NOT_FOUND;
        }
        if (sqlite3_column_type(st, 0) == SQLITE_NULL || ++hops > 1000000)
            break;
        id = sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    if (sqlite3_prepare_v2(s->db,
                           "SELECT id, label, title, size, coalesce(langs, '[]'), "
                           "coalesce(sources, '[]'), first, last, weight FROM stories "
                           "WHERE id = ?1",
                           -1, &st, NULL) != SQLITE_OK)
        return TD_ERR_STORE;
    sqlite3_bind_int64(st, 1, id);
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_finalize(st);
        return TD_ERR_NOT_FOUND;
    }
    /* the story object, without its closing brace */
    put_row(out, st, story_keys);
    sqlite3_finalize(st);
    out->len--;
    if (asked != id)
        buf_printf(out, ",\"redirected_from\":%lld", (long long)asked);
    static const char *const art_keys[] = {"id", "title", "lang", "source", "date", "added",
                                           NULL};
    buf_puts(out, ",\"articles\":");
    int rc = rows_json(s,
                       "SELECT a.id, coalesce(a.clean_title, a.title), a.lang, a.source, a.date, "
                       "a.added FROM memberships m JOIN articles a ON a.seq = m.seq "
                       "WHERE m.story = ?1 ORDER BY coalesce(a.date, a.added), a.seq",
                       id, art_keys, out);
    static const char *const tl_keys[] = {"day", "lang", "count", NULL};
    buf_puts(out, ",\"timeline\":");
    if (!rc)
        rc = rows_json(s,
                       "SELECT substr(coalesce(a.date, a.added), 1, 10) AS day, a.lang, count(*) "
                       "FROM memberships m JOIN articles a ON a.seq = m.seq WHERE m.story = ?1 "
                       "GROUP BY day, a.lang ORDER BY day, a.lang",
                       id, tl_keys, out);
    static const char *const ent_keys[] = {"name", "articles", NULL};
    buf_puts(out, ",\"entities\":");
    if (!rc)
        rc = rows_json(s,
                       "SELECT j.value, count(DISTINCT m.seq) AS n FROM memberships m "
                       "JOIN features f ON f.seq = m.seq, json_each(f.entities) j "
                       "WHERE m.story = ?1 GROUP BY j.value ORDER BY n DESC, j.value LIMIT 20",
                       id, ent_keys, out);
    static const char *const line_keys[] = {"id", "title", "label", "size", "first", "last",
                                            NULL};
    buf_puts(out, ",\"storyline\":");
    {
        sqlite3_stmt *ls;
        int64_t line = id;
        if (sqlite3_prepare_v2(s->db, "SELECT coalesce(storyline, id) FROM stories WHERE id = ?1",
                               -1, &ls, NULL) == SQLITE_OK) {
            sqlite3_bind_int64(ls, 1, id);
            if (sqlite3_step(ls) == SQLITE_ROW)
                line = sqlite3_column_int64(ls, 0);
            sqlite3_finalize(ls);
        }
        buf_printf(out, "%lld,\"storyline_stories\":", (long long)line);
        if (!rc)
            rc = rows_json(s,
                           "SELECT id, title, label, size, first, last FROM stories "
                           "WHERE redirect IS NULL AND coalesce(storyline, id) = ?1 "
                           "ORDER BY first, id",
                           line, line_keys, out);
    }
    static const char *const hist_keys[] = {"at", "event", "article", "detail", NULL};
    buf_puts(out, ",\"history\":");
    if (!rc)
        rc = rows_json(s,
                       "SELECT at, event, article, detail FROM story_history WHERE story = ?1 "
                       "ORDER BY rowid",
                       id, hist_keys, out);
    buf_putc(out, '}');
    return rc ? rc : out->rc;
}

int store_article_json(store *s, const char *id, buf *out)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT a.id, a.title, a.clean_title, a.lang, a.lang_hint, a.date, "
                           "a.source, a.url, m.story, a.added, coalesce(f.entities, '[]'), "
                           "coalesce(f.terms, '[]'), coalesce(f.dates, '[]'), a.text "
                           "FROM articles a JOIN memberships m ON m.seq = a.seq "
                           "LEFT JOIN features f ON f.seq = a.seq WHERE a.id = ?1",
                           -1, &st, NULL) != SQLITE_OK)
        return TD_ERR_STORE;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_finalize(st);
        return rc == SQLITE_DONE ? TD_ERR_NOT_FOUND : TD_ERR_STORE;
    }
    static const char *const keys[] = {"id", "title", "clean_title", "lang", "lang_hint",
                                       "date", "source", "url", "story", "added", "@entities",
                                       "@terms", "@dates", "text", NULL};
    put_row(out, st, keys);
    sqlite3_finalize(st);
    return out->rc;
}

int64_t store_count(store *s, const char *table)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s%s", table,
             !strcmp(table, "stories") ? " WHERE redirect IS NULL" : "");
    sqlite3_stmt *st;
    int64_t n = -1;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW)
            n = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    return n;
}

/* The first value of a one-row query, as text into out. */
static int scalar(store *s, const char *sql, char *out, size_t cap)
{
    sqlite3_stmt *st;
    out[0] = 0;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return -1;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const char *p = (const char *)sqlite3_column_text(st, 0);
        snprintf(out, cap, "%s", p ? p : "");
    }
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

int store_check(store *s, char *err, size_t errlen)
{
    char v[512];
    if (scalar(s, "PRAGMA integrity_check", v, sizeof v) || strcmp(v, "ok")) {
        snprintf(err, errlen, "integrity_check: %s", v[0] ? v : sqlite3_errmsg(s->db));
        return -1;
    }
    static const struct {
        const char *what, *sql; /* each query counts violations */
    } rules[] = {
        {"articles without a membership",
         "SELECT count(*) FROM articles a WHERE NOT EXISTS "
         "(SELECT 1 FROM memberships m WHERE m.seq = a.seq)"},
        {"memberships of unknown articles",
         "SELECT count(*) FROM memberships m WHERE NOT EXISTS "
         "(SELECT 1 FROM articles a WHERE a.seq = m.seq)"},
        {"memberships in missing or merged stories",
         "SELECT count(*) FROM memberships m LEFT JOIN stories s ON s.id = m.story "
         "WHERE s.id IS NULL OR s.redirect IS NOT NULL"},
        {"stories whose size is not their member count",
         "SELECT count(*) FROM stories s WHERE s.redirect IS NULL AND s.size != "
         "(SELECT count(*) FROM memberships m WHERE m.story = s.id)"},
        {"storylines that are no live story",
         "SELECT count(*) FROM stories s WHERE s.redirect IS NULL AND s.storyline IS NOT NULL "
         "AND NOT EXISTS (SELECT 1 FROM stories t WHERE t.id = s.storyline)"},
        {"redirects to missing stories",
         "SELECT count(*) FROM stories s WHERE s.redirect IS NOT NULL AND NOT EXISTS "
         "(SELECT 1 FROM stories t WHERE t.id = s.redirect)"},
        {"articles without features",
         "SELECT count(*) FROM articles a WHERE NOT EXISTS "
         "(SELECT 1 FROM features f WHERE f.seq = a.seq)"},
        {"gaps in the article sequence",
         "SELECT coalesce(max(seq) + 1, 0) - count(*) FROM articles"},
    };
    for (size_t i = 0; i < TD_ARRAY_LEN(rules); i++) {
        if (scalar(s, rules[i].sql, v, sizeof v)) {
            snprintf(err, errlen, "%s: %s", rules[i].what, sqlite3_errmsg(s->db));
            return -1;
        }
        if (strcmp(v, "0")) {
            snprintf(err, errlen, "%s: %s", rules[i].what, v);
            return -1;
        }
    }
    return 0;
}
