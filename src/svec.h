/* svec.h -- sparse vectors of (term id, weight), sorted by id.
 *
 *     ids: [ 3 | 17 | 42 | ... ]   strictly increasing
 *     w:   [.31 |.08 |.55 | ... ]   float weights (svec_w)
 *
 * Article vectors are L2-normalised tf-idf; story centroids are sums of
 * member vectors (not normalised; their norm is kept beside them).
 */
#ifndef TD_SVEC_H
#define TD_SVEC_H

#include <stddef.h>
#include <stdint.h>
#include "td_config.h"

/* One block holds both arrays: the cap ids, then the cap weights (a vector
 * costs one allocation and 16 bytes; a million articles hold six each). */
typedef struct svec {
    uint32_t *ids;
    uint32_t n, cap;
} svec;

/* The weights of v (NULL when it has no block). */
static inline float *svec_w(const svec *v)
{
    return v->ids ? (float *)(v->ids + v->cap) : NULL;
}

void svec_init(svec *v);    /* cannot fail */
void svec_release(svec *v); /* zeroed svec is a no-op */
void svec_clear(svec *v);   /* n = 0, keeps memory */
void svec_reserve(svec *v, size_t n);
/* Give back the capacity beyond n (a vector that is done growing). */
void svec_shrink(svec *v);
/* Append (id, w); ids must be appended in increasing order, or call
 * svec_sort() afterwards. */
void svec_push(svec *v, uint32_t id, float w);
/* Sort by id and merge duplicate ids (summing weights). */
void svec_sort(svec *v);

double svec_dot(const svec *a, const svec *b);
/* 1 when v holds id (binary search). */
int svec_has(const svec *v, uint32_t id);
/* The first index in [lo, hi) of the ascending ids whose id is >= id (hi
 * if none). */
size_t ids_lower_bound(const uint32_t *ids, size_t lo, size_t hi, uint32_t id);
double svec_norm(const svec *v);
void svec_scale(svec *v, double f);
/* a += f * b */
void svec_add(svec *a, const svec *b, double f);
/* Keep the `keep` heaviest entries (ids stay sorted). */
void svec_prune(svec *v, size_t keep);

/* Working memory of svec_add_keep, reused from call to call (zeroed:
 * empty). */
typedef struct svec_scratch {
    svec v;
    float *sel;
    size_t cap_sel;
} svec_scratch;
void svec_scratch_release(svec_scratch *s);
/* a += f * b, then keep the `keep` heaviest entries: the result of
 * svec_add and svec_prune, merged and pruned in s so that a is only
 * reallocated when it must grow (a story centroid at each join). */
void svec_add_keep(svec *a, const svec *b, double f, size_t keep, svec_scratch *s);
/* Indexes of the k heaviest entries, heaviest first; returns how many. */
size_t svec_top(const svec *v, size_t k, uint32_t *idx /* OUT [k] */);
/* Integrity: ids strictly increasing, weights finite. 0 when valid. */
int svec_check(const svec *v);
size_t svec_bytes(const svec *v);

#endif /* TD_SVEC_H */
