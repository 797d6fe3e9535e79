/* vocab.c -- term ids and document frequencies.
 *
 * Layout:
 *   slots[cap]   open-addressing table of ids (UINT32_MAX = empty), probed
 *                linearly from key & (cap - 1); load factor <= 1/2.
 *   keys[id]     the 64-bit key of each id
 *   df[id]       document frequency
 *   str[id]      offset of the display string in pool
 *   rank[id]     how fit that string is for labels (vocab_intern_ranked)
 */
#include "td_config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "vocab.h"
#include "xmalloc.h"

struct vocab {
    uint32_t *slots;
    size_t cap;
    uint64_t *keys;
    uint32_t *df;
    uint32_t *str;
    unsigned char *rank;
    size_t n, alloc;
    char *pool;
    size_t pool_len, pool_cap;
    uint64_t n_docs;
};

vocab *vocab_new(void)
{
    vocab *v = xcalloc(1, sizeof *v);
    v->cap = 1024;
    v->slots = xmalloc(v->cap * sizeof *v->slots);
    memset(v->slots, 0xff, v->cap * sizeof *v->slots);
    return v;
}

void vocab_free(vocab *v)
{
    if (!v)
        return;
    xfree(v->slots);
    xfree(v->keys);
    xfree(v->df);
    xfree(v->str);
    xfree(v->rank);
    xfree(v->pool);
    xfree(v);
}

static size_t probe(const vocab *v, uint64_t h)
{
    size_t i = (size_t)h & (v->cap - 1);
    while (v->slots[i] != UINT32_MAX && v->keys[v->slots[i]] != h)
        i = (i + 1) & (v->cap - 1);
    return i;
}

static void rehash(vocab *v)
{
    xfree(v->slots);
    v->cap *= 2;
    v->slots = xmalloc(v->cap * sizeof *v->slots);
    memset(v->slots, 0xff, v->cap * sizeof *v->slots);
    for (size_t id = 0; id < v->n; id++)
        v->slots[probe(v, v->keys[id])] = (uint32_t)id;
}

uint32_t vocab_find(const vocab *v, uint64_t h)
{
    return v->slots[probe(v, h)];
}

/* Append s[0..n) to the pool; returns its offset. */
static uint32_t pool_add(vocab *v, const char *s, size_t n)
{
    xgrow((void **)&v->pool, &v->pool_cap, v->pool_len + n + 1, 1);
    memcpy(v->pool + v->pool_len, s, n);
    v->pool[v->pool_len + n] = 0;
    uint32_t off = (uint32_t)v->pool_len;
    v->pool_len += n + 1;
    return off;
}

uint32_t vocab_intern_ranked(vocab *v, uint64_t h, const char *s, size_t n, unsigned rank)
{
    if (rank > VOCAB_RANK_MAX)
        rank = VOCAB_RANK_MAX;
    size_t i = probe(v, h);
    if (v->slots[i] != UINT32_MAX) {
        uint32_t id = v->slots[i];
        if (rank > v->rank[id]) { /* at most VOCAB_RANK_MAX times an id */
            v->str[id] = pool_add(v, s, n);
            v->rank[id] = (unsigned char)rank;
        }
        return id;
    }
    if ((v->n + 1) * 2 > v->cap) {
        rehash(v);
        i = probe(v, h);
    }
    if (v->n + 1 > v->alloc) {
        size_t a = v->alloc;
        xgrow((void **)&v->keys, &a, v->n + 1, sizeof *v->keys);
        a = v->alloc;
        xgrow((void **)&v->df, &a, v->n + 1, sizeof *v->df);
        a = v->alloc;
        xgrow((void **)&v->str, &a, v->n + 1, sizeof *v->str);
        a = v->alloc;
        xgrow((void **)&v->rank, &a, v->n + 1, sizeof *v->rank);
        v->alloc = a;
    }
    uint32_t id = (uint32_t)v->n++;
    v->keys[id] = h;
    v->df[id] = 0;
    v->str[id] = pool_add(v, s, n);
    v->rank[id] = (unsigned char)rank;
    v->slots[i] = id;
    return id;
}

uint32_t vocab_intern(vocab *v, uint64_t h, const char *s, size_t n)
{
    return vocab_intern_ranked(v, h, s, n, 0);
}

void vocab_add_df(vocab *v, uint32_t id)
{
    v->df[id]++;
}

void vocab_add_doc(vocab *v)
{
    v->n_docs++;
}

uint32_t vocab_df(const vocab *v, uint32_t id)
{
    return v->df[id];
}

uint64_t vocab_n_docs(const vocab *v)
{
    return v->n_docs;
}

double vocab_idf(const vocab *v, uint32_t id)
{
    return log((double)(v->n_docs + 1) / (double)(v->df[id] + 1)) + 1.0;
}

double vocab_idf_n(const vocab *v, uint32_t id, uint64_t n)
{
    uint32_t df = v->df[id];
    if (n < df)
        n = df;
    return log((double)(n + 1) / (double)(df + 1)) + 1.0;
}

unsigned vocab_rank(const vocab *v, uint32_t id)
{
    return v->rank[id];
}

const char *vocab_str(const vocab *v, uint32_t id)
{
    return v->pool + v->str[id];
}

size_t vocab_size(const vocab *v)
{
    return v->n;
}

size_t vocab_bytes(const vocab *v)
{
    return v->cap * sizeof *v->slots + v->alloc * (sizeof *v->keys + 9) + v->pool_cap;
}

int vocab_check(const vocab *v, char *err, size_t errlen)
{
    for (size_t id = 0; id < v->n; id++) {
        if (vocab_find(v, v->keys[id]) != id) {
            snprintf(err, errlen, "vocab: id %zu not found by its key", id);
            return -1;
        }
        if (v->df[id] > v->n_docs) {
            snprintf(err, errlen, "vocab: df of id %zu is %u > N %llu", id, v->df[id],
                     (unsigned long long)v->n_docs);
            return -1;
        }
    }
    return 0;
}
