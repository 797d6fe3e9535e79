/* xmalloc.c -- allocation wrapper: abort with the size on OOM. */
#include "td_config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef TD_JEMALLOC
#include <jemalloc/jemalloc.h>
#elif defined(__GLIBC__)
#include <malloc.h>
#endif

#include "xmalloc.h"

static void oom(size_t n)
{
    fprintf(stderr, "tidings: out of memory allocating %zu bytes\n", n);
    abort();
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        oom(n);
    return p;
}

void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        oom(n * size);
    return p;
}

void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        oom(n);
    return q;
}

char *xstrndup(const char *s, size_t n)
{
    char *p = xmalloc(n + 1);
    if (n)
        memcpy(p, s, n);
    p[n] = 0;
    return p;
}

char *xstrdup(const char *s)
{
    return xstrndup(s, strlen(s));
}

void xfree(void *p)
{
    free(p);
}

void xgrow_slow(void **pa, size_t *pcap, size_t need, size_t size)
{
    size_t cap = *pcap;
    if (need <= cap)
        return;
    if (cap < 8)
        cap = 8;
    while (cap < need)
        cap *= 2;
    *pa = xrealloc(*pa, cap * size);
    *pcap = cap;
}

/* The release build links jemalloc (Makefile: TD_JEMALLOC): at a million
 * articles glibc kept over 500 MB of freed heap it could not give back,
 * the holes closed stories leave among the live ones. The other builds
 * keep glibc's allocator, which ASan and valgrind replace. */
#ifdef TD_JEMALLOC
static size_t je_stat(const char *name)
{
    size_t v = 0, len = sizeof v;
    return mallctl(name, &v, &len, NULL, 0) ? 0 : v;
}

const char *xmalloc_heap(size_t *in_use, size_t *free_, size_t *mapped)
{
    uint64_t epoch = 1; /* the statistics are a snapshot: refresh it */
    size_t len = sizeof epoch;
    mallctl("epoch", &epoch, &len, &epoch, len);
    size_t allocated = je_stat("stats.allocated"), active = je_stat("stats.active");
    *in_use = allocated;
    *free_ = active > allocated ? active - allocated : 0;
    *mapped = je_stat("stats.resident");
    return "jemalloc";
}
#elif defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
const char *xmalloc_heap(size_t *in_use, size_t *free_, size_t *mapped)
{
    struct mallinfo2 mi = mallinfo2();
    *in_use = mi.uordblks + mi.hblkhd;
    *free_ = mi.fordblks;
    *mapped = mi.hblkhd;
    return "glibc";
}
#else
const char *xmalloc_heap(size_t *in_use, size_t *free_, size_t *mapped)
{
    *in_use = *free_ = *mapped = 0;
    return NULL;
}
#endif
