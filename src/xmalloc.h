/* xmalloc.h -- the one allocation wrapper; out of memory aborts.
 *
 * tidings is a service: propagating ENOMEM through every tokenizer call
 * costs more than it buys, so an allocation failure prints the size and
 * aborts. Nothing else in the engine calls malloc/calloc/realloc/free
 * (tools/checksrc.sh enforces it). The counters let tests assert that
 * every allocation was freed.
 */
#ifndef TD_XMALLOC_H
#define TD_XMALLOC_H

#include <stddef.h>
#include "td_config.h"

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* Copy of s[0..n) with a trailing NUL. Caller owns it; free with xfree(). */
char *xstrndup(const char *s, size_t n);
char *xstrdup(const char *s);
void xfree(void *p); /* NULL is a no-op */

/* Grow an array `*pa` of `*pcap` elements of `size` bytes so that it holds
 * at least `need` elements (doubling). Inline when it has room: most
 * calls are a push onto an array that does. */
void xgrow_slow(void **pa, size_t *pcap, size_t need, size_t size);
static inline void xgrow(void **pa, size_t *pcap, size_t need, size_t size)
{
    if (need > *pcap)
        xgrow_slow(pa, pcap, need, size);
}

/* What the allocator holds, in bytes: handed out (in_use), kept but free
 * (free_), and mapped from the system for large blocks or, under
 * jemalloc, resident in all (mapped). Returns the allocator's name
 * ("glibc", "jemalloc"), or NULL when it tells none of this. */
const char *xmalloc_heap(size_t *in_use, size_t *free_, size_t *mapped);

#endif /* TD_XMALLOC_H */
