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
    char *text;     /* the object's "text", decoded here (see find_text), or
                       NULL: then jansson holds it like every other field */
    size_t text_len;
};

/* The offset of the quote that closes the string whose body starts at
 * s[i], or n when it is not closed: the next quote after an even run of
 * backslashes (none included), found by memchr rather than a byte at a
 * time, since an article's text is most of a record. */
static size_t str_close(const char *s, size_t n, size_t i)
{
    while (i < n) {
        const char *q = memchr(s + i, '"', n - i);
        if (!q)
            return n;
        size_t j = (size_t)(q - s), b = 0;
        while (j - b > i && s[j - b - 1] == '\\')
            b++;
        if (!(b & 1))
            return j;
        i = j + 1;
    }
    return n;
}

/* Depth of nesting, scanning outside strings; stops past the cap. */
static size_t max_depth(const char *s, size_t n, size_t *where)
{
    size_t depth = 0, max = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '"')
            i = str_close(s, n, i + 1);
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

/* The long field. An article's "text" is most of its record, and
 * jansson reads a string a byte at a time through two calls and a copy
 * per byte. So when an object has one "text" string, found by a scan of
 * its top level, the string is decoded here and jansson parses the record
 * with "" in its place. Anything unusual (a key written with escapes,
 * "text" twice or not a string, a control character, an escape jansson
 * refuses, invalid UTF-8, a record jansson then refuses) leaves the whole
 * record to jansson, so errors and their positions are jansson's. */
static size_t skip_ws(const char *s, size_t n, size_t i)
{
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
        i++;
    return i;
}

/* s[i] is a quote: the offset past the closing one (0: none); *esc is set
 * when the string has a backslash. */
static size_t skip_str(const char *s, size_t n, size_t i, int *esc)
{
    size_t j = str_close(s, n, i + 1);
    if (j == n)
        return 0;
    if (memchr(s + i + 1, '\\', j - i - 1))
        *esc = 1;
    return j + 1;
}

/* The offset past the value at s[i] (0: not one this scan follows); what
 * is inside brackets and literals is left for jansson to check. */
static size_t skip_value(const char *s, size_t n, size_t i)
{
    int esc = 0;
    if (i >= n)
        return 0;
    if (s[i] == '"')
        return skip_str(s, n, i, &esc);
    if (s[i] == '{' || s[i] == '[') {
        size_t depth = 0;
        for (; i < n; i++) {
            if (s[i] == '"') {
                size_t j = skip_str(s, n, i, &esc);
                if (!j)
                    return 0;
                i = j - 1;
            } else if (s[i] == '{' || s[i] == '[') {
                depth++;
            } else if ((s[i] == '}' || s[i] == ']') && --depth == 0) {
                return i + 1;
            }
        }
        return 0;
    }
    size_t j = i;
    while (j < n && s[j] != ',' && s[j] != '}' && s[j] != ']' && s[j] != ' ' && s[j] != '\t' &&
           s[j] != '\n' && s[j] != '\r')
        j++;
    return j > i ? j : 0;
}

/* The span [*vs, *ve) of the string value (quotes included) of the one
 * top-level "text" field of the object s[0..n); 0 when there is none or
 * the record is not plain enough to say. */
static int find_text(const char *s, size_t n, size_t *vs, size_t *ve)
{
    int found = 0;
    size_t i = skip_ws(s, n, 0);
    if (i >= n || s[i] != '{')
        return 0;
    i = skip_ws(s, n, i + 1);
    for (;;) {
        int esc = 0;
        if (i >= n || s[i] != '"')
            return 0;
        size_t k = skip_str(s, n, i, &esc);
        if (!k || esc) /* "t\u0065xt" is "text" too: jansson's to decide */
            return 0;
        int is_text = k - i == 6 && !memcmp(s + i, "\"text\"", 6);
        i = skip_ws(s, n, k);
        if (i >= n || s[i] != ':')
            return 0;
        i = skip_ws(s, n, i + 1);
        size_t v = i, e = skip_value(s, n, i);
        if (!e)
            return 0;
        if (is_text) {
            if (found || s[v] != '"')
                return 0;
            found = 1;
            *vs = v;
            *ve = e;
        }
        i = skip_ws(s, n, e);
        if (i < n && s[i] == ',') {
            i = skip_ws(s, n, i + 1);
            continue;
        }
        return i < n && s[i] == '}' && found;
    }
}

static int hex4(const char *s, size_t n, uint32_t *v)
{
    if (n < 4)
        return 0;
    *v = 0;
    for (int i = 0; i < 4; i++) {
        char c = s[i];
        int d = c >= '0' && c <= '9' ? c - '0'
                : (c | 32) >= 'a' && (c | 32) <= 'f' ? (c | 32) - 'a' + 10
                                                     : -1;
        if (d < 0)
            return 0;
        *v = *v << 4 | (uint32_t)d;
    }
    return 1;
}

/* Has the 8-byte word a byte below 0x20 (a control character, which a
 * JSON string may not hold raw)? Bytes >= 0x80 never count. */
static int has_control(uint64_t w)
{
    return ((w - 0x2020202020202020ull) & ~w & 0x8080808080808080ull) != 0;
}

/* The JSON string body s[0..n) decoded as jansson decodes it (\u0000
 * allowed), into a new allocation; NULL when jansson would refuse it.
 * valid: the caller has checked that s is valid UTF-8. */
static char *decode_str(const char *s, size_t n, int valid, size_t *len)
{
    if (!valid && utf8_valid_prefix(s, n) != n)
        return NULL;
    char *o = xmalloc(n + 1); /* nothing decodes longer than it is written */
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        if (s[i] != '\\') {
            const char *bs = memchr(s + i, '\\', n - i);
            size_t j = bs ? (size_t)(bs - s) : n, m = i;
            for (uint64_t w; m + 8 <= j && (memcpy(&w, s + m, 8), !has_control(w));)
                m += 8;
            while (m < j && (unsigned char)s[m] >= 0x20)
                m++;
            if (m < j) /* a control character */
                goto refuse;
            memcpy(o + k, s + i, j - i);
            k += j - i;
            i = j;
            continue;
        }
        if (i + 1 >= n)
            goto refuse;
        char e = s[i + 1];
        i += 2;
        uint32_t cp;
        switch (e) {
        case '"': case '\\': case '/': o[k++] = e; break;
        case 'b': o[k++] = '\b'; break;
        case 'f': o[k++] = '\f'; break;
        case 'n': o[k++] = '\n'; break;
        case 'r': o[k++] = '\r'; break;
        case 't': o[k++] = '\t'; break;
        case 'u':
            if (!hex4(s + i, n - i, &cp))
                goto refuse;
            i += 4;
            if (cp >= 0xDC00 && cp <= 0xDFFF)
                goto refuse;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                uint32_t lo;
                if (i + 6 > n || s[i] != '\\' || s[i + 1] != 'u' || !hex4(s + i + 2, n - i - 2, &lo) ||
                    lo < 0xDC00 || lo > 0xDFFF)
                    goto refuse;
                i += 6;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            }
            k += utf8_encode(cp, o + k);
            break;
        default:
            goto refuse;
        }
    }
    o[k] = 0;
    *len = k;
    return o;
refuse:
    xfree(o);
    return NULL;
}

/* jansson on s[0..n) with the decoded "text" taken out; NULL when that is
 * not to be done (*text then NULL too). */
static json_t *load_without_text(const char *s, size_t n, int valid, char **text,
                                 size_t *text_len)
{
    size_t vs = 0, ve = 0;
    *text = NULL;
    if (n < 512 || !find_text(s, n, &vs, &ve))
        return NULL; /* short records cost jansson little */
    char *t = decode_str(s + vs + 1, ve - vs - 2, valid, text_len);
    if (!t)
        return NULL;
    char *rec = xmalloc(n - (ve - vs) + 3);
    memcpy(rec, s, vs);
    memcpy(rec + vs, "\"\"", 2);
    memcpy(rec + vs + 2, s + ve, n - ve);
    json_error_t je;
    json_t *root = json_loadb(rec, n - (ve - vs) + 2, JSON_ALLOW_NUL, &je);
    xfree(rec);
    if (!root) {
        xfree(t);
        return NULL;
    }
    *text = t;
    return root;
}

int json_doc_parse(const char *s, size_t n, json_doc **out, json_err *err)
{
    return json_doc_parse_as(s, n, 1, out, err);
}

int json_doc_parse_as(const char *s, size_t n, int fast, json_doc **out, json_err *err)
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
    char *text = NULL;
    size_t text_len = 0;
    json_t *root = fast ? load_without_text(s, n, fast == JSON_FAST_UTF8, &text, &text_len) : NULL;
    json_error_t je;
    if (!root)
        root = json_loadb(s, n, JSON_ALLOW_NUL, &je);
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
    d->text = text;
    d->text_len = text_len;
    *out = d;
    return TD_OK;
}

void json_doc_free(json_doc *d)
{
    if (!d)
        return;
    json_decref(d->root);
    xfree(d->rest);
    xfree(d->text);
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
    *n = 0;
    if (d->text && !strcmp(key, "text")) {
        *n = d->text_len;
        return d->text;
    }
    json_t *v = json_object_get(d->root, key);
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
        if (skipped)
            continue;
        if (d->text && !strcmp(key, "text"))
            json_object_set_new(rest, key, json_stringn_nocheck(d->text, d->text_len));
        else
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
