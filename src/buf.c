/* buf.c -- growable byte buffer with a cap and a sticky status. */
#include "td_config.h"

#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "tidings.h"
#include "xmalloc.h"

void buf_init(buf *b, size_t cap)
{
    memset(b, 0, sizeof *b);
    b->cap = cap;
}

void buf_reset(buf *b)
{
    b->len = 0;
    b->rc = TD_OK;
    if (b->ptr)
        b->ptr[0] = 0;
}

void buf_release(buf *b)
{
    xfree(b->ptr);
    b->ptr = NULL;
    b->len = b->alloc = 0;
    b->rc = TD_OK;
}

char *buf_take(buf *b, size_t *len)
{
    char *p = b->ptr ? b->ptr : xstrdup("");
    if (len)
        *len = b->len;
    b->ptr = NULL;
    b->len = b->alloc = 0;
    return p;
}

static int reserve(buf *b, size_t n)
{
    if (b->rc)
        return b->rc;
    if (n > b->cap || b->len > b->cap - n) {
        b->rc = TD_ERR_TOO_LARGE;
        return b->rc;
    }
    if (b->len + n + 1 > b->alloc) {
        size_t a = b->alloc ? b->alloc : 64;
        while (a < b->len + n + 1)
            a *= 2;
        b->ptr = xrealloc(b->ptr, a);
        b->alloc = a;
    }
    return TD_OK;
}

int buf_add_grow(buf *b, const void *p, size_t n)
{
    return reserve(b, n) ? b->rc : buf_add(b, p, n); /* the room is there now */
}

int buf_puts(buf *b, const char *s)
{
    return buf_add(b, s, strlen(s));
}

int buf_vprintf(buf *b, const char *fmt, va_list ap)
{
    char small[256];
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    if (n < 0) {
        va_end(ap2);
        if (!b->rc)
            b->rc = TD_ERR_INVALID;
        return b->rc;
    }
    if ((size_t)n < sizeof small) {
        va_end(ap2);
        return buf_add(b, small, (size_t)n);
    }
    if (reserve(b, (size_t)n)) {
        va_end(ap2);
        return b->rc;
    }
    vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    b->len += (size_t)n;
    return TD_OK;
}

int buf_printf(buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = buf_vprintf(b, fmt, ap);
    va_end(ap);
    return rc;
}
