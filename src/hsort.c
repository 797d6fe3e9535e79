/* hsort.c -- sorting records by the 64-bit hash they start with. */
#include "td_config.h"

#include <stdint.h>
#include <string.h>

#include "hsort.h"
#include "xmalloc.h"

/* A sort key: the element's 64-bit hash, then its place (stable). */
typedef struct sort_key {
    uint64_t h;
    uint32_t i;
} sort_key;

static int key_less(const sort_key *a, const sort_key *b)
{
    return a->h < b->h || (a->h == b->h && a->i < b->i);
}

/* Sort k[0..n): quicksort on the median of three, insertion sort below 16
 * (the comparison inline: qsort's call per comparison was most of it). */
static void sort_keys(sort_key *k, size_t n)
{
    while (n > 16) {
        size_t m = n / 2;
        sort_key t;
        if (key_less(&k[m], &k[0]))
            t = k[m], k[m] = k[0], k[0] = t;
        if (key_less(&k[n - 1], &k[m]))
            t = k[m], k[m] = k[n - 1], k[n - 1] = t;
        if (key_less(&k[m], &k[0]))
            t = k[m], k[m] = k[0], k[0] = t;
        sort_key p = k[m];
        size_t i = 0, j = n - 1;
        for (;;) {
            while (key_less(&k[i], &p))
                i++;
            while (key_less(&p, &k[j]))
                j--;
            if (i >= j)
                break;
            t = k[i], k[i] = k[j], k[j] = t;
            i++, j--;
        }
        /* the smaller side by recursion, the larger by the loop */
        if (j + 1 < n - j - 1) {
            sort_keys(k, j + 1);
            k += j + 1;
            n -= j + 1;
        } else {
            sort_keys(k + j + 1, n - j - 1);
            n = j + 1;
        }
    }
    for (size_t i = 1; i < n; i++) {
        sort_key t = k[i];
        size_t j = i;
        for (; j > 0 && key_less(&t, &k[j - 1]); j--)
            k[j] = k[j - 1];
        k[j] = t;
    }
}

void index_by_byte(const int16_t *key, size_t n, uint16_t start[257], uint16_t *order)
{
    memset(start, 0, 257 * sizeof *start);
    for (size_t i = 0; i < n; i++)
        if (key[i] >= 0)
            start[key[i] + 1]++;
    for (int b = 0; b < 256; b++)
        start[b + 1] = (uint16_t)(start[b + 1] + start[b]);
    uint16_t at[256];
    memcpy(at, start, sizeof at);
    for (size_t i = 0; i < n; i++)
        if (key[i] >= 0)
            order[at[key[i]]++] = (uint16_t)i;
}

/* Sort the keys apart, then move each record once. */
void sort_by_hash(void *base, size_t n, size_t size)
{
    if (n < 2)
        return;
    sort_key *k = xmalloc(n * sizeof *k);
    char *b = base;
    for (size_t i = 0; i < n; i++) {
        memcpy(&k[i].h, b + i * size, sizeof k[i].h);
        k[i].i = (uint32_t)i;
    }
    sort_keys(k, n);
    char *tmp = xmalloc(n * size);
    for (size_t i = 0; i < n; i++)
        memcpy(tmp + i * size, b + (size_t)k[i].i * size, size);
    memcpy(b, tmp, n * size);
    xfree(tmp);
    xfree(k);
}
