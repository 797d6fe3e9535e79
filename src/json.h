/* json.h -- JSON in and out.
 *
 * Reading is done by jansson, wrapped here so no other module includes it:
 * json_doc holds a parsed object and hands out borrowed string fields. An
 * object's one long "text" string is decoded here instead (jansson reads
 * strings a byte at a time; json.c says when jansson still decides).
 * Errors carry {code, message, line, column, byte position}. Nesting
 * deeper than TD_MAX_JSON_DEPTH is rejected before parsing.
 * Writing uses buf with a sticky status (json_put_*), producing compact,
 * deterministic output with every non-ASCII character kept as UTF-8 and
 * control characters escaped.
 */
#ifndef TD_JSON_H
#define TD_JSON_H

#include <stddef.h>
#include "buf.h"
#include "td_config.h"

typedef struct json_err {
    int code;          /* td_rc */
    char msg[160];
    size_t line, column, pos; /* 1-based line/column; 0-based byte offset */
} json_err;

typedef struct json_doc json_doc;

/* Parse one JSON value from s[0..n). Returns TD_OK and *out (an object or
 * other value), or an error code with *err filled and *out NULL. Caller
 * owns *out; free with json_doc_free(). */
int json_doc_parse(const char *s, size_t n, json_doc **out, json_err *err);
/* The same; fast 0 leaves every field to jansson (json.c decodes a long
 * "text" itself otherwise): the reference its tests compare with.
 * JSON_FAST_UTF8: s is valid UTF-8, checked by the caller (the reader
 * checks and repairs every line), so the text is not checked again. */
#define JSON_FAST_UTF8 2
int json_doc_parse_as(const char *s, size_t n, int fast, json_doc **out, json_err *err);
void json_doc_free(json_doc *d); /* NULL is a no-op */

int json_doc_is_object(const json_doc *d);

/* Field types, for messages. */
enum { JT_ABSENT, JT_NULL, JT_STRING, JT_NUMBER, JT_OTHER };

/* Type of field `key` of the object d. */
int json_field_type(const json_doc *d, const char *key);
/* String value of field `key`: borrowed, valid while d lives; *n gets its
 * length. NULL when absent or not a string. Integral numbers are returned
 * in decimal when as_text is set (ids may be numbers). */
const char *json_field_str(json_doc *d, const char *key, size_t *n, int as_text);
/* A number field as double; returns 0 and leaves *v when absent/not a number. */
int json_field_num(const json_doc *d, const char *key, double *v);

/* The object's fields except those named in skip (NULL-terminated), as
 * compact JSON text ("{...}"), or NULL when none remain. Borrowed like
 * json_field_str. */
const char *json_doc_rest(json_doc *d, const char *const *skip, size_t *n);

/* Length of the array field `key` (0 when absent or not an array), and
 * its item i as compact JSON text. Caller owns the text; free with xfree(). */
size_t json_doc_array_len(const json_doc *d, const char *key);
char *json_doc_array_item(const json_doc *d, const char *key, size_t i, size_t *n);

/* Writers: append to b; no-ops once b->rc is set. */
void json_put_str(buf *b, const char *s, size_t n);
void json_put_cstr(buf *b, const char *s); /* NULL writes null */
void json_put_key(buf *b, const char *key, int first); /* ,"key": */
void json_put_num(buf *b, double v);      /* finite; 4 decimals trimmed */

#endif /* TD_JSON_H */
