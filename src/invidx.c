/* invidx.c -- inverted index from term id to stories. */
#include "td_config.h"

#include <stdio.h>
#include <string.h>

#include "invidx.h"
#include "xmalloc.h"

typedef struct plist {
    uint32_t *s;
    uint32_t n;
    uint32_t cap : 31;
    uint32_t keep : 1; /* invidx_post_keep: sweeps leave it alone */
} plist;

struct invidx {
    plist *lists; /* by term id */
    size_t n_lists, alloc;
    size_t n_postings;
};

invidx *invidx_new(void)
{
    return xcalloc(1, sizeof(invidx));
}

void invidx_free(invidx *x)
{
    if (!x)
        return;
    for (size_t i = 0; i < x->n_lists; i++)
        xfree(x->lists[i].s);
    xfree(x->lists);
    xfree(x);
}

static plist *post(invidx *x, uint32_t t, uint32_t s);

void invidx_post(invidx *x, uint32_t t, uint32_t s)
{
    post(x, t, s);
}

void invidx_post_keep(invidx *x, uint32_t t, uint32_t s)
{
    post(x, t, s)->keep = 1;
}

static plist *post(invidx *x, uint32_t t, uint32_t s)
{
    if (t >= x->n_lists) {
        size_t old = x->alloc;
        xgrow((void **)&x->lists, &x->alloc, (size_t)t + 1, sizeof *x->lists);
        memset(x->lists + old, 0, (x->alloc - old) * sizeof *x->lists);
        x->n_lists = (size_t)t + 1;
    }
    plist *p = &x->lists[t];
    if (p->n && p->s[p->n - 1] == s)
        return p;
    if (p->n == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 4;
        p->s = xrealloc(p->s, p->cap * sizeof *p->s);
    }
    p->s[p->n++] = s;
    x->n_postings++;
    return p;
}

const uint32_t *invidx_list(const invidx *x, uint32_t t, size_t *n)
{
    if (t >= x->n_lists) {
        *n = 0;
        return NULL;
    }
    *n = x->lists[t].n;
    return x->lists[t].s;
}

size_t invidx_sweep(invidx *x, int (*dead)(void *user, uint32_t s), void *user)
{
    size_t removed = 0;
    for (size_t t = 0; t < x->n_lists; t++) {
        plist *p = &x->lists[t];
        if (p->keep)
            continue;
        uint32_t k = 0;
        for (uint32_t i = 0; i < p->n; i++) {
            if (dead(user, p->s[i]) || (k && p->s[k - 1] == p->s[i]))
                continue;
            p->s[k++] = p->s[i];
        }
        removed += p->n - k;
        p->n = k;
        if (k == 0 && p->cap) {
            xfree(p->s);
            p->s = NULL;
            p->cap = 0;
        } else if (p->cap > 16 && k < p->cap / 4) {
            p->cap = k * 2;
            p->s = xrealloc(p->s, p->cap * sizeof *p->s);
        }
    }
    x->n_postings -= removed;
    return removed;
}

size_t invidx_n_postings(const invidx *x)
{
    return x->n_postings;
}

size_t invidx_bytes(const invidx *x)
{
    size_t b = x->alloc * sizeof(plist);
    for (size_t i = 0; i < x->n_lists; i++)
        b += x->lists[i].cap * sizeof(uint32_t);
    return b;
}

int invidx_check(const invidx *x, uint32_t n_stories, char *err, size_t errlen)
{
    size_t total = 0;
    for (size_t t = 0; t < x->n_lists; t++) {
        const plist *p = &x->lists[t];
        for (uint32_t i = 0; i < p->n; i++) {
            if (p->s[i] >= n_stories) {
                snprintf(err, errlen, "invidx: term %zu posts unknown story %u", t, p->s[i]);
                return -1;
            }
            if (i && p->s[i] == p->s[i - 1]) {
                snprintf(err, errlen, "invidx: term %zu repeats story %u", t, p->s[i]);
                return -1;
            }
        }
        total += p->n;
    }
    if (total != x->n_postings) {
        snprintf(err, errlen, "invidx: %zu postings counted, %zu recorded", total,
                 x->n_postings);
        return -1;
    }
    return 0;
}
