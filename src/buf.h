/* buf.h -- growable byte buffer with a cap and a sticky status.
 *
 * A buf always holds a trailing NUL (for printing) but its length is the
 * contract. Appends past `cap` fail with TD_ERR_TOO_LARGE and leave the
 * buffer unchanged; once a buffer has failed, every later append is a
 * no-op, so a long sequence of appends is checked once at the end.
 *
 *     buf b; buf_init(&b, 1 << 20);
 *     buf_puts(&b, "x"); buf_printf(&b, "%d", 7);
 *     if (b.rc) ...;  use b.ptr, b.len;  buf_release(&b);
 *
 * Fields are public for reading; change them only through the functions.
 */
#ifndef TD_BUF_H
#define TD_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include "td_config.h"

typedef struct buf {
    char *ptr;  /* NUL-terminated content, NULL until the first append */
    size_t len; /* bytes used, excluding the NUL */
    size_t alloc;
    size_t cap; /* the most len may become */
    int rc;     /* TD_OK, or the first error */
} buf;

void buf_init(buf *b, size_t cap); /* cannot fail */
void buf_reset(buf *b);            /* len = 0, rc = OK; keeps memory */
void buf_release(buf *b);          /* frees; zeroed buf is a no-op */
/* Hand the content to the caller (NUL-terminated; never NULL). Caller owns
 * it; free with xfree(). The buf is left empty. */
char *buf_take(buf *b, size_t *len /* OUT, may be NULL */);

/* buf_add's and buf_putc's calls that must grow the buffer or fail */
int buf_add_grow(buf *b, const void *p, size_t n);

/* Append n bytes. Inline when they fit (len < alloc once allocated, and
 * len <= cap): a token's few bytes cost no call. */
static inline int buf_add(buf *b, const void *p, size_t n)
{
    if (b->rc || n >= b->alloc - b->len || b->len > b->cap || n > b->cap - b->len)
        return buf_add_grow(b, p, n);
    if (n)
        memcpy(b->ptr + b->len, p, n);
    b->len += n;
    b->ptr[b->len] = 0;
    return 0; /* TD_OK */
}

static inline int buf_putc(buf *b, int c)
{
    char ch = (char)c;
    return buf_add(b, &ch, 1);
}

int buf_puts(buf *b, const char *s);
int buf_printf(buf *b, const char *fmt, ...) TD_PRINTF(2, 3);
int buf_vprintf(buf *b, const char *fmt, va_list ap);

#endif /* TD_BUF_H */
