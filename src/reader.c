/* reader.c -- input files to articles (td_input_* of tidings.h).
 *
 * Inputs are expanded into a flat list of files at open time: a directory
 * is walked recursively (depth <= TD_MAX_DIR_DEPTH, each directory entered
 * once even through symlink loops), keeping .jsonl, .json and .txt files,
 * sorted by byte order of their path. Then each file is read in turn:
 *
 *   .jsonl / .json / "-"   one JSON object per line
 *   anything else          one plain-text article: the file name without
 *                          extension is the id; an optional leading
 *                          "date YYYY-MM[-DD]" header is the date; the
 *                          first non-empty line is the title (unless it is
 *                          longer than READER_MAX_TITLE_LINE bytes, then it
 *                          is text); the rest is the text.
 *
 * Every problem is reported with file, line and field through the diag
 * callback, the bad record is skipped, and reading goes on.
 */
#include "td_config.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "datex.h"
#include "json.h"
#include "td_limits.h"
#include "tidings.h"
#include "utf8.h"
#include "xmalloc.h"

#define READER_MAX_TITLE_LINE 300
#define READ_BLANK (-2) /* internal: a blank JSONL line, silently passed */

struct td_input {
    char **files;
    size_t n_files, cap_files, next;
    td_diag_fn diag;
    void *user;
    FILE *fp;            /* current file */
    const char *file;    /* its name */
    int is_jsonl;
    int is_stdin;
    unsigned long line;
    unsigned long skipped;
    buf linebuf;         /* current line or whole text file */
    json_doc *doc;       /* current parsed record */
    char *txt_id;        /* id of the current text file */
    size_t column;       /* byte column of the next report, 0 if none */
    const char *mem;     /* td_input_open_mem: the data */
    size_t mem_len;
    char *mem_name;
    /* directory walk: (dev, ino) of directories entered */
    dev_t *dev;
    ino_t *ino;
    size_t n_dirs, cap_dirs;
};

static void report(td_input *in, td_severity sev, int code, const char *file,
                   unsigned long line, const char *field, const char *fmt, ...)
    TD_PRINTF(7, 8);

static void report(td_input *in, td_severity sev, int code, const char *file,
                   unsigned long line, const char *field, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    td_diag d = {sev, code, file, line, field, msg, in->column};
    in->column = 0;
    if (in->diag)
        in->diag(in->user, &d);
}

void td_diag_print(FILE *fp, const td_diag *d)
{
    fprintf(fp, "%s", d->file ? d->file : "-");
    if (d->line)
        fprintf(fp, ":%lu", d->line);
    fprintf(fp, ": %s: ", d->severity == TD_ERROR ? "error" : "warning");
    if (d->field)
        fprintf(fp, "field '%s': ", d->field);
    fprintf(fp, "%s\n", d->message);
}

static void add_file(td_input *in, const char *path)
{
    xgrow((void **)&in->files, &in->cap_files, in->n_files + 1, sizeof *in->files);
    in->files[in->n_files++] = xstrdup(path);
}

static int has_ext(const char *name, const char *ext)
{
    size_t n = strlen(name), e = strlen(ext);
    return n > e && !strcmp(name + n - e, ext);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void walk(td_input *in, const char *dir, unsigned depth)
{
    struct stat st;
    if (stat(dir, &st) != 0) {
        report(in, TD_ERROR, TD_ERR_IO, dir, 0, NULL, "cannot read directory: %s",
               strerror(errno));
        return;
    }
    for (size_t i = 0; i < in->n_dirs; i++)
        if (in->dev[i] == st.st_dev && in->ino[i] == st.st_ino) {
            report(in, TD_WARNING, TD_ERR_INVALID, dir, 0, NULL,
                   "directory already read (symlink loop?); not entered again");
            return;
        }
    if (depth > TD_MAX_DIR_DEPTH) {
        report(in, TD_WARNING, TD_ERR_TOO_LARGE, dir, 0, NULL,
               "deeper than %u directories; not entered", (unsigned)TD_MAX_DIR_DEPTH);
        return;
    }
    size_t cap = in->cap_dirs;
    xgrow((void **)&in->dev, &cap, in->n_dirs + 1, sizeof *in->dev);
    cap = in->cap_dirs;
    xgrow((void **)&in->ino, &cap, in->n_dirs + 1, sizeof *in->ino);
    in->cap_dirs = cap;
    in->dev[in->n_dirs] = st.st_dev;
    in->ino[in->n_dirs++] = st.st_ino;

    DIR *d = opendir(dir);
    if (!d) {
        report(in, TD_ERROR, TD_ERR_IO, dir, 0, NULL, "cannot read directory: %s",
               strerror(errno));
        return;
    }
    char **names = NULL;
    size_t n = 0, ncap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        xgrow((void **)&names, &ncap, n + 1, sizeof *names);
        names[n++] = xstrdup(e->d_name);
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n; i++) {
        buf p;
        buf_init(&p, 8192);
        buf_printf(&p, "%s/%s", dir, names[i]);
        if (!p.rc) {
            struct stat s2;
            if (stat(p.ptr, &s2) != 0) {
                report(in, TD_ERROR, TD_ERR_IO, p.ptr, 0, NULL, "cannot read: %s",
                       strerror(errno));
            } else if (S_ISDIR(s2.st_mode)) {
                walk(in, p.ptr, depth + 1);
            } else if (has_ext(names[i], ".jsonl") || has_ext(names[i], ".json") ||
                       has_ext(names[i], ".txt")) {
                add_file(in, p.ptr);
            }
        }
        buf_release(&p);
        xfree(names[i]);
    }
    xfree(names);
}

int td_input_open(const char *const *paths, size_t n_paths, td_diag_fn fn, void *user,
                  td_input **out)
{
    td_input *in = xcalloc(1, sizeof *in);
    in->diag = fn;
    in->user = user;
    buf_init(&in->linebuf, TD_MAX_LINE_BYTES);
    for (size_t i = 0; i < n_paths; i++) {
        struct stat st;
        if (!strcmp(paths[i], "-")) {
            add_file(in, "-");
        } else if (stat(paths[i], &st) != 0) {
            report(in, TD_ERROR, TD_ERR_IO, paths[i], 0, NULL, "cannot open: %s",
                   strerror(errno));
            in->skipped++;
        } else if (S_ISDIR(st.st_mode)) {
            walk(in, paths[i], 0);
        } else {
            add_file(in, paths[i]);
        }
    }
    *out = in;
    return TD_OK;
}

static void close_file(td_input *in)
{
    if (in->fp && !in->is_stdin)
        fclose(in->fp);
    in->fp = NULL;
}

int td_input_open_mem(const char *data, size_t n, const char *name, td_diag_fn fn,
                      void *user, td_input **out)
{
    td_input *in = xcalloc(1, sizeof *in);
    in->diag = fn;
    in->user = user;
    buf_init(&in->linebuf, TD_MAX_LINE_BYTES);
    in->mem = n ? data : "";
    in->mem_len = n;
    in->mem_name = xstrdup(name);
    *out = in;
    return TD_OK;
}

void td_input_free(td_input *in)
{
    if (!in)
        return;
    close_file(in);
    xfree(in->mem_name);
    for (size_t i = 0; i < in->n_files; i++)
        xfree(in->files[i]);
    xfree(in->files);
    xfree(in->dev);
    xfree(in->ino);
    buf_release(&in->linebuf);
    json_doc_free(in->doc);
    xfree(in->txt_id);
    xfree(in);
}

const char *td_input_file(const td_input *in)
{
    return in->file ? in->file : "-";
}

unsigned long td_input_line(const td_input *in)
{
    return in->line;
}

unsigned long td_input_skipped(const td_input *in)
{
    return in->skipped;
}

/* Read one line into in->linebuf (without the newline). Returns 1 on a
 * line, 0 at end of file, -1 when the line was longer than the cap (it is
 * consumed and reported). Only the reading thread uses in->fp, so the
 * stream is read without taking its lock for every byte. */
static int read_line(td_input *in)
{
    buf_reset(&in->linebuf);
    FILE *fp = in->fp;
    int any = 0;
    /* a line over the buffer's cap is read to its end; buf_add refuses
     * the rest of it at once (its status sticks) */
    for (;;) {
#ifdef __GLIBC__
        /* what the stream has buffered, a span at a time (gnulib's
         * freadptr reads the same fields): getc below refills it as it
         * would, so a pipe is read no further ahead than byte by byte */
        char *p = fp->_IO_read_ptr, *end = fp->_IO_read_end;
        if (p < end) {
            char *nl = memchr(p, '\n', (size_t)(end - p));
            buf_add(&in->linebuf, p, (size_t)((nl ? nl : end) - p));
            fp->_IO_read_ptr = nl ? nl + 1 : end;
            any = 1;
            if (nl)
                break;
            continue;
        }
#endif
        int c = getc_unlocked(fp);
        if (c == EOF) {
            if (!any)
                return 0;
            break;
        }
        any = 1;
        if (c == '\n')
            break;
        buf_putc(&in->linebuf, (char)c);
    }
    in->line++;
    if (in->linebuf.rc != TD_OK) {
        report(in, TD_ERROR, TD_ERR_TOO_LARGE, in->file, in->line, NULL,
               "line longer than %u bytes; record skipped", (unsigned)TD_MAX_LINE_BYTES);
        in->skipped++;
        return -1;
    }
    return 1;
}

static int open_next(td_input *in)
{
    close_file(in);
    if (in->mem) {
        if (in->next++ || in->mem_len == 0)
            return 0;
        in->file = in->mem_name;
        in->line = 0;
        in->fp = fmemopen((void *)in->mem, in->mem_len, "rb");
        in->is_stdin = 0;
        in->is_jsonl = !has_ext(in->mem_name, ".txt");
        return in->fp != NULL;
    }
    while (in->next < in->n_files) {
        const char *f = in->files[in->next++];
        in->file = f;
        in->line = 0;
        if (!strcmp(f, "-")) {
            in->fp = stdin;
            in->is_stdin = 1;
            in->is_jsonl = 1;
            return 1;
        }
        in->is_stdin = 0;
        in->fp = fopen(f, "rb");
        if (!in->fp) {
            report(in, TD_ERROR, TD_ERR_IO, f, 0, NULL, "cannot open: %s", strerror(errno));
            in->skipped++;
            continue;
        }
        in->is_jsonl = has_ext(f, ".jsonl") || has_ext(f, ".json");
        return 1;
    }
    return 0;
}

static const char *const known_fields[] = {"id", "text", "title", "lang", "date",
                                           "source", "url", NULL};

static int optional_str(td_input *in, const char *field, const char **p, size_t *n)
{
    int t = json_field_type(in->doc, field);
    *p = NULL;
    *n = 0;
    if (t == JT_ABSENT || t == JT_NULL)
        return 0;
    if (t != JT_STRING) {
        report(in, TD_WARNING, TD_ERR_INVALID, in->file, in->line, field,
               "not a string; ignored");
        return 0;
    }
    *p = json_field_str(in->doc, field, n, 0);
    return 1;
}

/* Parse in->linebuf as a JSONL record. Returns TD_OK or an error (reported). */
static int jsonl_record(td_input *in, td_article *a)
{
    const char *s = in->linebuf.ptr;
    size_t n = in->linebuf.len;
    /* a UTF-8 BOM at the start of a file is not part of the record */
    if (in->line == 1 && n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) {
        s += 3;
        n -= 3;
    }
    size_t k = 0;
    while (k < n && (s[k] == ' ' || s[k] == '\t' || s[k] == '\r'))
        k++;
    if (k == n)
        return READ_BLANK; /* blank line: nothing to say */
    json_doc_free(in->doc);
    in->doc = NULL;
    /* invalid UTF-8 (a Latin-1 page, a cut sequence): repair it to U+FFFD
     * rather than lose the record; JSON parsing needs valid text */
    buf fixed;
    buf_init(&fixed, TD_MAX_LINE_BYTES * 3 + 16);
    if (utf8_valid_prefix(s, n) != n) {
        size_t i = 0, bad = 0;
        while (i < n) {
            size_t len;
            uint32_t cp = utf8_decode(s + i, n - i, &len);
            if (cp == UTF8_REPLACEMENT && len == 1 && (unsigned char)s[i] >= 0x80) {
                buf_add(&fixed, "\xEF\xBF\xBD", 3);
                bad++;
            } else {
                buf_add(&fixed, s + i, len);
            }
            i += len;
        }
        report(in, TD_WARNING, TD_ERR_INVALID, in->file, in->line, NULL,
               "%zu invalid UTF-8 byte%s replaced by U+FFFD", bad, bad == 1 ? "" : "s");
        s = fixed.ptr;
        n = fixed.len;
    }
    size_t base = fixed.ptr ? 0 : (size_t)(s - in->linebuf.ptr); /* BOM skipped */
    json_err e;
    int prc = json_doc_parse_as(s, n, JSON_FAST_UTF8, &in->doc, &e); /* checked above */
    buf_release(&fixed);
    if (prc) {
        in->column = e.pos + 1 + base;
        report(in, TD_ERROR, e.code, in->file, in->line, NULL, "%s at column %zu", e.msg,
               in->column);
        return e.code;
    }
    if (!json_doc_is_object(in->doc)) {
        report(in, TD_ERROR, TD_ERR_INVALID, in->file, in->line, NULL,
               "record is not a JSON object");
        return TD_ERR_INVALID;
    }
    memset(a, 0, sizeof *a);
    int t = json_field_type(in->doc, "id");
    if (t == JT_ABSENT || t == JT_NULL) {
        report(in, TD_ERROR, TD_ERR_INVALID, in->file, in->line, "id", "missing");
        return TD_ERR_INVALID;
    }
    a->id = json_field_str(in->doc, "id", &a->id_len, 1);
    if (!a->id) {
        report(in, TD_ERROR, TD_ERR_INVALID, in->file, in->line, "id",
               "must be a string or an integer");
        return TD_ERR_INVALID;
    }
    if (a->id_len == 0 || a->id_len > TD_MAX_ID_BYTES ||
        utf8_valid_prefix(a->id, a->id_len) != a->id_len || memchr(a->id, 0, a->id_len)) {
        report(in, TD_ERROR, TD_ERR_INVALID, in->file, in->line, "id",
               a->id_len ? "longer than %u bytes, or not valid UTF-8"
                         : "empty%.0u", (unsigned)TD_MAX_ID_BYTES);
        return TD_ERR_INVALID;
    }
    t = json_field_type(in->doc, "text");
    if (t == JT_ABSENT || t == JT_NULL) {
        report(in, TD_ERROR, TD_ERR_INVALID, in->file, in->line, "text", "missing");
        return TD_ERR_INVALID;
    }
    if (t != JT_STRING) {
        report(in, TD_ERROR, TD_ERR_INVALID, in->file, in->line, "text", "not a string");
        return TD_ERR_INVALID;
    }
    a->text = json_field_str(in->doc, "text", &a->text_len, 0);
    size_t j = 0;
    while (j < a->text_len && (a->text[j] == ' ' || a->text[j] == '\n' ||
                               a->text[j] == '\t' || a->text[j] == '\r'))
        j++;
    if (j == a->text_len) {
        report(in, TD_ERROR, TD_ERR_EMPTY, in->file, in->line, "text", "empty");
        return TD_ERR_EMPTY;
    }
    optional_str(in, "title", &a->title, &a->title_len);
    optional_str(in, "lang", &a->lang, &a->lang_len);
    optional_str(in, "source", &a->source, &a->source_len);
    optional_str(in, "url", &a->url, &a->url_len);
    if (optional_str(in, "date", &a->date, &a->date_len)) {
        datex_date dd;
        if (!datex_parse_iso(a->date, a->date_len, &dd)) {
            report(in, TD_WARNING, TD_ERR_INVALID, in->file, in->line, "date",
                   "not an ISO 8601 date; ignored");
            a->date = NULL;
            a->date_len = 0;
        }
    }
    if (a->text_len > TD_MAX_ARTICLE_BYTES)
        report(in, TD_WARNING, TD_ERR_TOO_LARGE, in->file, in->line, "text",
               "%zu bytes; only the first %u are analysed", a->text_len,
               (unsigned)TD_MAX_ARTICLE_BYTES);
    a->extra = json_doc_rest(in->doc, known_fields, &a->extra_len);
    return TD_OK;
}

/* Read the current file as one plain-text article. */
static int text_record(td_input *in, td_article *a)
{
    buf_reset(&in->linebuf);
    buf *b = &in->linebuf;
    char chunk[65536];
    size_t got, total = 0;
    int truncated = 0;
    while ((got = fread(chunk, 1, sizeof chunk, in->fp)) > 0) {
        total += got;
        if (b->len < TD_MAX_TXT_FILE_BYTES) {
            size_t take = TD_MAX_TXT_FILE_BYTES - b->len;
            if (take > got)
                take = got;
            buf_add(b, chunk, take);
            if (take < got)
                truncated = 1;
        } else {
            truncated = 1;
        }
    }
    if (ferror(in->fp)) {
        report(in, TD_ERROR, TD_ERR_IO, in->file, 0, NULL, "read error: %s", strerror(errno));
        return TD_ERR_IO;
    }
    close_file(in);
    const char *s = b->ptr ? b->ptr : "";
    size_t n = b->len;
    if (memchr(s, 0, n > 8192 ? 8192 : n)) {
        report(in, TD_ERROR, TD_ERR_INVALID, in->file, 0, NULL,
               "binary file (NUL bytes); skipped");
        return TD_ERR_INVALID;
    }
    if (truncated) {
        n = utf8_trim(s, n);
        report(in, TD_WARNING, TD_ERR_TOO_LARGE, in->file, 0, "text",
               "%zu bytes; only the first %u are read", total,
               (unsigned)TD_MAX_TXT_FILE_BYTES);
    }
    if (n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) {
        s += 3;
        n -= 3;
    }
    memset(a, 0, sizeof *a);
    /* id: base name without extension */
    const char *base = strrchr(in->file, '/');
    base = base ? base + 1 : in->file;
    const char *dot = strrchr(base, '.');
    size_t idn = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    xfree(in->txt_id);
    in->txt_id = xstrndup(base, idn);
    a->id = in->txt_id;
    a->id_len = idn;
    /* optional "date YYYY-MM[-DD]" header */
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
        i++;
    if (n - i > 5 && !strncmp(s + i, "date ", 5)) {
        size_t j = i + 5;
        while (j < n && s[j] == ' ')
            j++;
        size_t k = j;
        while (k < n && s[k] != ' ' && s[k] != '\n' && s[k] != '\r' && s[k] != '\t')
            k++;
        datex_date dd;
        if (datex_parse_iso(s + j, k - j, &dd)) {
            a->date = s + j;
            a->date_len = k - j;
            i = k;
        } else {
            report(in, TD_WARNING, TD_ERR_INVALID, in->file, 1, "date",
                   "header is not YYYY-MM[-DD]; read as text");
        }
    }
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
        i++;
    /* title: the first non-empty line, when it is short */
    size_t e = i;
    while (e < n && s[e] != '\n')
        e++;
    size_t tl = e - i;
    while (tl && (s[i + tl - 1] == '\r' || s[i + tl - 1] == ' '))
        tl--;
    if (tl && tl <= READER_MAX_TITLE_LINE && e < n) {
        a->title = s + i;
        a->title_len = tl;
        i = e;
    }
    a->text = s + i;
    a->text_len = n - i;
    size_t j = 0;
    while (j < a->text_len && (a->text[j] == ' ' || a->text[j] == '\n' ||
                               a->text[j] == '\r' || a->text[j] == '\t'))
        j++;
    if (j == a->text_len) {
        if (a->title_len) { /* a title alone is the text */
            a->text = a->title;
            a->text_len = a->title_len;
            a->title = NULL;
            a->title_len = 0;
        } else {
            report(in, TD_ERROR, TD_ERR_EMPTY, in->file, 0, "text", "empty file");
            return TD_ERR_EMPTY;
        }
    }
    return TD_OK;
}

int td_input_next(td_input *in, td_article *a)
{
    for (;;) {
        if (!in->fp && !open_next(in))
            return TD_ERR_EMPTY;
        if (!in->is_jsonl) {
            unsigned long before = in->skipped;
            int rc = text_record(in, a);
            close_file(in);
            if (rc == TD_OK)
                return TD_OK;
            in->skipped = before + 1;
            continue;
        }
        int r = read_line(in);
        if (r == 0) {
            close_file(in);
            continue;
        }
        if (r < 0)
            continue;
        int rc = jsonl_record(in, a);
        if (rc == TD_OK)
            return TD_OK;
        if (rc != READ_BLANK)
            in->skipped++;
    }
}
