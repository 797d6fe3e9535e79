/* xmalloc.c -- allocation wrapper: abort with the size on OOM. */
#include "td_config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

void xgrow(void **pa, size_t *pcap, size_t need, size_t size)
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
