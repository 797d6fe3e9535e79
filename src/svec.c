/* svec.c -- sparse vectors of (term id, weight), sorted by id. */
#include "td_config.h"

#include <math.h>
#include <string.h>

#include "hsort.h"
#include "svec.h"
#include "xmalloc.h"

void svec_init(svec *v)
{
    memset(v, 0, sizeof *v);
}

void svec_release(svec *v)
{
    xfree(v->ids); /* w lies in the same block */
    svec_init(v);
}

/* Give v room for c entries (c >= v->n, c > 0): ids and weights live in
 * one block, the c ids first and the weights right after them, so that a
 * vector costs one allocation (a million articles hold six vectors each). */
static void set_cap(svec *v, size_t c)
{
    size_t old = v->cap, n = v->n;
    uint32_t *b = v->ids;
    if (c < old) /* shrinking: the weights move down before the cut */
        memmove(b + c, b + old, n * sizeof(float));
    b = xrealloc(b, c * (sizeof *v->ids + sizeof(float)));
    if (c > old && n) /* growing: they move up after it */
        memmove(b + c, b + old, n * sizeof(float));
    v->ids = b;
    v->cap = (uint32_t)c;
}

void svec_clear(svec *v)
{
    v->n = 0;
}

void svec_reserve(svec *v, size_t n)
{
    if (n <= v->cap)
        return;
    size_t c = v->cap ? v->cap : 8;
    while (c < n)
        c *= 2;
    set_cap(v, c);
}

void svec_shrink(svec *v)
{
    if (v->cap == v->n)
        return;
    if (v->n == 0) {
        svec_release(v);
        return;
    }
    set_cap(v, v->n);
}

void svec_push(svec *v, uint32_t id, float w)
{
    svec_reserve(v, (size_t)v->n + 1);
    v->ids[v->n] = id;
    svec_w(v)[v->n] = w;
    v->n++;
}

/* An entry as sort_by_hash sorts it: by id, stably, so that the weights
 * of a repeated id are summed in the order they were pushed. */
typedef struct entry {
    uint64_t id;
    float w;
} entry;

void svec_sort(svec *v)
{
    if (v->n < 2)
        return;
    entry *p = xmalloc(v->n * sizeof *p);
    float *w = svec_w(v);
    for (uint32_t i = 0; i < v->n; i++)
        p[i] = (entry){v->ids[i], w[i]};
    sort_by_hash(p, v->n, sizeof *p);
    uint32_t k = 0;
    for (uint32_t i = 0; i < v->n; i++) {
        if (k && v->ids[k - 1] == p[i].id) {
            w[k - 1] += p[i].w;
        } else {
            v->ids[k] = (uint32_t)p[i].id;
            w[k] = p[i].w;
            k++;
        }
    }
    v->n = k;
    xfree(p);
}

size_t ids_lower_bound(const uint32_t *ids, size_t lo, size_t hi, uint32_t id)
{
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ids[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

int svec_has(const svec *v, uint32_t id)
{
    size_t i = ids_lower_bound(v->ids, 0, v->n, id);
    return i < v->n && v->ids[i] == id;
}

double svec_dot(const svec *a, const svec *b)
{
    double s = 0;
    uint32_t i = 0, j = 0;
    const float *aw = svec_w(a), *bw = svec_w(b);
    while (i < a->n && j < b->n) {
        uint32_t x = a->ids[i], y = b->ids[j];
        if (x == y)
            s += (double)aw[i++] * bw[j++];
        else if (x < y)
            i++;
        else
            j++;
    }
    return s;
}

double svec_norm(const svec *v)
{
    double s = 0;
    const float *w = svec_w(v);
    for (uint32_t i = 0; i < v->n; i++)
        s += (double)w[i] * w[i];
    return sqrt(s);
}

void svec_scale(svec *v, double f)
{
    float *w = svec_w(v);
    for (uint32_t i = 0; i < v->n; i++)
        w[i] = (float)(w[i] * f);
}

/* The first index in [lo, n) whose id is >= id (n if none): galloping
 * from lo, then a binary search (a centroid takes in an article's few
 * terms between long runs of its own). */
static uint32_t gallop(const uint32_t *ids, uint32_t lo, uint32_t n, uint32_t id)
{
    uint32_t step = 1, hi = lo;
    while (hi < n && ids[hi] < id) {
        lo = hi + 1;
        hi = n - hi > step ? hi + step : n;
        step *= 2;
    }
    /* ids[lo - 1] < id (or lo the start), and hi == n or ids[hi] >= id */
    return (uint32_t)ids_lower_bound(ids, lo, hi, id);
}

/* Merge a and f * b into ids/w (room for a->n + b->n); returns the length.
 * Shared by svec_add and svec_add_keep, so both make the same sums. The
 * runs of a between b's ids are copied whole. */
static uint32_t merge_scaled(const svec *a, const svec *b, double f, uint32_t *ids, float *w)
{
    uint32_t i = 0, k = 0;
    const float *aw = svec_w(a), *bw = svec_w(b);
    for (uint32_t j = 0; j < b->n; j++) {
        uint32_t id = b->ids[j], e = gallop(a->ids, i, a->n, id);
        if (e > i) {
            memcpy(ids + k, a->ids + i, (e - i) * sizeof *ids);
            memcpy(w + k, aw + i, (e - i) * sizeof *w);
            k += e - i;
            i = e;
        }
        ids[k] = id;
        if (i < a->n && a->ids[i] == id)
            w[k++] = (float)(aw[i++] + bw[j] * f);
        else
            w[k++] = (float)(bw[j] * f);
    }
    if (a->n > i) {
        memcpy(ids + k, a->ids + i, (a->n - i) * sizeof *ids);
        memcpy(w + k, aw + i, (a->n - i) * sizeof *w);
        k += a->n - i;
    }
    return k;
}

void svec_add(svec *a, const svec *b, double f)
{
    if (!b->n)
        return;
    size_t n = (size_t)a->n + b->n;
    uint32_t *ids = xmalloc(n * (sizeof *ids + sizeof(float)));
    uint32_t k = merge_scaled(a, b, f, ids, (float *)(ids + n));
    xfree(a->ids);
    a->ids = ids;
    a->n = k;
    a->cap = (uint32_t)n;
}

/* Ties keep the earlier (lower id) entry first, for determinism. */
size_t svec_top(const svec *v, size_t k, uint32_t *idx)
{
    /* partial selection: keep a sorted list of the best k (k is small) */
    size_t m = 0;
    const float *vw = svec_w(v);
    for (uint32_t i = 0; i < v->n; i++) {
        float w = vw[i];
        if (m == k && !(w > vw[idx[m - 1]]))
            continue;
        size_t p = m < k ? m++ : k - 1;
        while (p > 0 && vw[idx[p - 1]] < w) {
            idx[p] = idx[p - 1];
            p--;
        }
        idx[p] = i;
    }
    return m;
}

/* The k-th largest of w[0..n) (1 <= k <= n), by quickselect on a copy in
 * a (n floats of scratch): expected O(n). */
static float kth_largest(const float *w, size_t n, size_t k, float *a)
{
    memcpy(a, w, n * sizeof *a);
    size_t lo = 0, hi = n - 1, want = k - 1; /* index in descending order */
    uint32_t seed = 2463534242u;
    while (lo < hi) {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        float pivot = a[lo + seed % (hi - lo + 1)];
        size_t i = lo, j = hi;
        while (i <= j) {
            while (a[i] > pivot)
                i++;
            while (a[j] < pivot)
                j--;
            if (i <= j) {
                float t = a[i];
                a[i] = a[j];
                a[j] = t;
                i++;
                if (j == 0)
                    break;
                j--;
            }
        }
        if (want <= j)
            hi = j;
        else if (want >= i)
            lo = i;
        else
            break;
    }
    return a[want];
}

/* The same value as kth_largest when few are dropped (n - k small, as
 * when a pruned centroid takes in an article): the (n - k + 1)-th
 * smallest, the top of a max-heap of the n - k + 1 smallest seen, in h
 * (n - k + 1 floats). One pass, most weights turned away by one
 * comparison with the top, instead of a copy and a few partitions. */
static float kth_largest_few(const float *w, size_t n, size_t k, float *h)
{
    size_t m = n - k + 1;
    for (size_t i = 0; i < m; i++) { /* heapify by insertion */
        size_t c = i;
        while (c > 0 && h[(c - 1) / 2] < w[i]) {
            h[c] = h[(c - 1) / 2];
            c = (c - 1) / 2;
        }
        h[c] = w[i];
    }
    for (size_t i = m; i < n; i++) {
        if (!(w[i] < h[0]))
            continue;
        float x = w[i];
        size_t c = 0;
        for (;;) { /* sift x down from the top */
            size_t l = 2 * c + 1, big = c;
            float top = x;
            if (l < m && h[l] > top) {
                big = l;
                top = h[l];
            }
            if (l + 1 < m && h[l + 1] > top)
                big = l + 1;
            if (big == c)
                break;
            h[c] = h[big];
            c = big;
        }
        h[c] = x;
    }
    return h[0];
}

/* Keep the `keep` heaviest of v (v->n > keep > 0), sel: v->n floats. */
static void prune_with(svec *v, size_t keep, float *sel)
{
    /* keep every weight above the cut, and as many equal to it as fit, in
     * id order (so ties keep the lower ids: deterministic) */
    float *w = svec_w(v);
    float cut = (v->n - keep) * 16 <= v->n ? kth_largest_few(w, v->n, keep, sel)
                                           : kth_largest(w, v->n, keep, sel);
    size_t above = 0;
    for (uint32_t i = 0; i < v->n; i++)
        above += w[i] > cut;
    size_t ties = keep - above;
    uint32_t k = 0;
    for (uint32_t i = 0; i < v->n; i++) {
        if (w[i] > cut || (w[i] == cut && ties && ties--)) {
            v->ids[k] = v->ids[i];
            w[k++] = w[i];
        }
    }
    v->n = k;
}

void svec_prune(svec *v, size_t keep)
{
    if (v->n <= keep)
        return;
    if (keep == 0) {
        v->n = 0;
        return;
    }
    float *sel = xmalloc(v->n * sizeof *sel);
    prune_with(v, keep, sel);
    xfree(sel);
}

void svec_add_keep(svec *a, const svec *b, double f, size_t keep, svec_scratch *s)
{
    if (!b->n) {
        svec_prune(a, keep);
        return;
    }
    svec_reserve(&s->v, (size_t)a->n + b->n);
    s->v.n = merge_scaled(a, b, f, s->v.ids, svec_w(&s->v));
    if (s->v.n > keep) {
        if (keep == 0) {
            s->v.n = 0;
        } else {
            if (s->cap_sel < s->v.n) {
                xfree(s->sel);
                s->cap_sel = s->v.cap;
                s->sel = xmalloc(s->cap_sel * sizeof *s->sel);
            }
            prune_with(&s->v, keep, s->sel);
        }
    }
    size_t n = s->v.n;
    if (a->cap < n) {
        /* grow by half at least (a centroid grows a little at each join),
         * never past what the pruning lets it hold */
        size_t cap = (size_t)a->cap + a->cap / 2;
        if (cap < n)
            cap = n;
        if (cap > keep)
            cap = keep; /* n <= keep: pruned above */
        a->n = 0;   /* overwritten below: nothing to move */
        set_cap(a, cap);
    }
    if (n) {
        memcpy(a->ids, s->v.ids, n * sizeof *a->ids);
        memcpy(svec_w(a), svec_w(&s->v), n * sizeof(float));
    }
    a->n = (uint32_t)n;
}

void svec_scratch_release(svec_scratch *s)
{
    svec_release(&s->v);
    xfree(s->sel);
    s->sel = NULL;
    s->cap_sel = 0;
}

int svec_check(const svec *v)
{
    for (uint32_t i = 0; i < v->n; i++) {
        if (i && v->ids[i] <= v->ids[i - 1])
            return -1;
        if (!isfinite(svec_w(v)[i]))
            return -1;
    }
    return 0;
}

size_t svec_bytes(const svec *v)
{
    return (size_t)v->cap * (sizeof(uint32_t) + sizeof(float));
}
