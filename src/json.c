/* json.c -- JSON reading (jansson) and writing. */
#include "td_config.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "json.h"
#include "td_limits.h"
#include "tidings.h"
#include "utf8.h"
#include "xmalloc.h"

struct json_doc {
    json_t *root;
    char num[32];   /* scratch for numeric ids */
    char *rest;     /* dumped remaining fields */
};

/* Depth of nesting, scanning outside strings; stops past the cap. */
static size_t max_depth(const char *s, size_t n, size_t *where)
{
    size_t depth = 0, max = 0;
    int in_str = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (in_str) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_str = 0;
            continue;
        }
        if (c == '"')
            in_str = 1;
        else if (c == '{' || c == '[') {
            if (++depth > max) {
                max = depth;
                if (max > TD_MAX_JSON_DEPTH) {
                    *where = i;
                    return max;
                }
            }
        } else if (c == '}' || c == ']') {
            if (depth)
                depth--;
        }
    }
    return max;
}

int json_doc_parse(const char *s, size_t n, json_doc **out, json_err *err)
{
    *out = NULL;
    memset(err, 0, sizeof *err);
    size_t where = 0;
    if (max_depth(s, n, &where) > TD_MAX_JSON_DEPTH) {
        err->code = TD_ERR_TOO_LARGE;
        snprintf(err->msg, sizeof err->msg, "JSON nested deeper than %u levels",
                 (unsigned)TD_MAX_JSON_DEPTH);
        err->pos = where;
        err->line = 1;
        err->column = where + 1;
        return err->code;
    }
    json_set_alloc_funcs(xmalloc, xfree); /* one OOM policy, also here */
    json_error_t je;
    json_t *root = json_loadb(s, n, JSON_ALLOW_NUL, &je);
    if (!root) {
        err->code = TD_ERR_INVALID;
        snprintf(err->msg, sizeof err->msg, "malformed JSON: %.120s", je.text);
        /* jansson's position is just past the offending byte */
        err->line = je.line > 0 ? (size_t)je.line : 1;
        err->pos = je.position > 0 ? (size_t)je.position - 1 : 0;
        err->column = err->pos + 1;
        return err->code;
    }
    json_doc *d = xcalloc(1, sizeof *d);
    d->root = root;
    *out = d;
    return TD_OK;
}

void json_doc_free(json_doc *d)
{
    if (!d)
        return;
    json_decref(d->root);
    xfree(d->rest);
    xfree(d);
}

int json_doc_is_object(const json_doc *d)
{
    return json_is_object(d->root);
}

int json_field_type(const json_doc *d, const char *key)
{
    json_t *v = json_object_get(d->root, key);
    if (!v)
        return JT_ABSENT;
    if (json_is_null(v))
        return JT_NULL;
    if (json_is_string(v))
        return JT_STRING;
    if (json_is_number(v))
        return JT_NUMBER;
    return JT_OTHER;
}

const char *json_field_str(json_doc *d, const char *key, size_t *n, int as_text)
{
    json_t *v = json_object_get(d->root, key);
    *n = 0;
    if (v && json_is_string(v)) {
        *n = json_string_length(v);
        return json_string_value(v);
    }
    if (v && as_text && json_is_integer(v)) {
        int k = snprintf(d->num, sizeof d->num, "%lld", (long long)json_integer_value(v));
        *n = (size_t)k;
        return d->num;
    }
    return NULL;
}

int json_field_num(const json_doc *d, const char *key, double *v)
{
    json_t *x = json_object_get(d->root, key);
    if (!x || !json_is_number(x))
        return 0;
    *v = json_number_value(x);
    return 1;
}

const char *json_doc_rest(json_doc *d, const char *const *skip, size_t *n)
{
    *n = 0;
    if (!json_is_object(d->root))
        return NULL;
    json_t *rest = json_object();
    const char *key;
    json_t *val;
    json_object_foreach(d->root, key, val) {
        int skipped = 0;
        for (size_t i = 0; skip[i]; i++)
            if (!strcmp(skip[i], key))
                skipped = 1;
        if (!skipped)
            json_object_set(rest, key, val);
    }
    const char *out = NULL;
    if (json_object_size(rest)) {
        xfree(d->rest);
        char *s = json_dumps(rest, JSON_COMPACT | JSON_PRESERVE_ORDER);
        if (s) {
            d->rest = s; /* allocated through xmalloc (json_set_alloc_funcs) */
            *n = strlen(s);
            out = s;
        }
    }
    json_decref(rest);
    return out;
}

size_t json_doc_array_len(const json_doc *d, const char *key)
{
    json_t *a = json_object_get(d->root, key);
    return json_is_array(a) ? json_array_size(a) : 0;
}

char *json_doc_array_item(const json_doc *d, const char *key, size_t i, size_t *n)
{
    json_t *a = json_object_get(d->root, key);
    char *s = json_dumps(json_array_get(a, i), JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10) |
                                                   JSON_ENCODE_ANY);
    if (!s)
        s = xstrdup("null");
    *n = strlen(s);
    return s; /* allocated through xmalloc (json_set_alloc_funcs) */
}

void json_put_str(buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    buf_putc(b, '"');
    size_t i = 0;
    while (i < n && !b->rc) {
        size_t run = i;
        while (run < n) {
            unsigned char c = (unsigned char)s[run];
            if (c < 0x20 || c == '"' || c == '\\' || c >= 0x80)
                break;
            run++;
        }
        if (run > i) {
            buf_add(b, s + i, run - i);
            i = run;
            continue;
        }
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80) {
            size_t len;
            uint32_t cp = utf8_decode(s + i, n - i, &len);
            if (cp == 0x2028 || cp == 0x2029) {
                buf_printf(b, "\\u%04x", (unsigned)cp);
            } else {
                char tmp[4];
                buf_add(b, tmp, utf8_encode(cp, tmp));
            }
            i += len;
            continue;
        }
        switch (c) {
        case '"': buf_add(b, "\\\"", 2); break;
        case '\\': buf_add(b, "\\\\", 2); break;
        case '\n': buf_add(b, "\\n", 2); break;
        case '\r': buf_add(b, "\\r", 2); break;
        case '\t': buf_add(b, "\\t", 2); break;
        default: {
            char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            buf_add(b, e, 6);
        }
        }
        i++;
    }
    buf_putc(b, '"');
}

void json_put_cstr(buf *b, const char *s)
{
    if (!s)
        buf_puts(b, "null");
    else
        json_put_str(b, s, strlen(s));
}

void json_put_key(buf *b, const char *key, int first)
{
    if (!first)
        buf_putc(b, ',');
    json_put_cstr(b, key);
    buf_putc(b, ':');
}

void json_put_num(buf *b, double v)
{
    if (!isfinite(v)) {
        buf_puts(b, "null");
        return;
    }
    if (v == (double)(long long)v && fabs(v) < 1e15) {
        buf_printf(b, "%lld", (long long)v);
        return;
    }
    char tmp[64];
    int k = snprintf(tmp, sizeof tmp, "%.4f", v);
    while (k > 1 && tmp[k - 1] == '0')
        k--;
    if (k > 1 && tmp[k - 1] == '.')
        k--;
    buf_add(b, tmp, (size_t)k);
}
