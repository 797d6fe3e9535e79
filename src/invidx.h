/* invidx.h -- inverted index from term id to stories, for candidates.
 *
 * Each posting list holds story numbers in the order they were posted
 * (so the most recent are at the end). A story posts a term when one of
 * its articles has it among its top terms; a list never holds the same
 * story twice in a row. Lookups read each list from the end, at most
 * the clustering parameter scan (at most TD_MAX_POSTINGS_SCAN) entries,
 * so the cost of a lookup is bounded whatever the size of the archive.
 */
#ifndef TD_INVIDX_H
#define TD_INVIDX_H

#include <stddef.h>
#include <stdint.h>
#include "td_config.h"

typedef struct invidx invidx;

invidx *invidx_new(void);
void invidx_free(invidx *x); /* NULL is a no-op */

/* Post story s under term t (no-op if s is already last in t's list). */
void invidx_post(invidx *x, uint32_t t, uint32_t s);

/* The same, and t's list is kept whole by invidx_sweep. */
void invidx_post_keep(invidx *x, uint32_t t, uint32_t s);

/* The posting list of t, most recent last. Borrowed: valid until the next
 * invidx_post. *n gets its length (0 when t has none). */
const uint32_t *invidx_list(const invidx *x, uint32_t t, size_t *n /* OUT */);

/* Drop every posting of the stories for which dead(user, s) is true, but
 * in the lists posted with invidx_post_keep. Returns the number of
 * postings removed. */
size_t invidx_sweep(invidx *x, int (*dead)(void *user, uint32_t s), void *user);

size_t invidx_n_postings(const invidx *x);
size_t invidx_bytes(const invidx *x);

/* Integrity: every list free of adjacent duplicates; totals match. */
int invidx_check(const invidx *x, uint32_t n_stories, char *err, size_t errlen);

#endif /* TD_INVIDX_H */
