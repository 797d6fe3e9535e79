/* hsort.h -- sorting records by the 64-bit hash they start with.
 *
 * The analysis sorts each article's terms, names, concepts and numbers by
 * their hashes; qsort's call per comparison was most of that cost. Here
 * the keys are sorted apart with the comparison inline, then the records
 * moved once.
 */
#ifndef TD_HSORT_H
#define TD_HSORT_H

#include <stddef.h>
#include <stdint.h>
#include "td_config.h"

/* Sort n records of size bytes, each starting with a uint64_t, by that
 * value, stably (records with equal values keep their order). */
void sort_by_hash(void *base, size_t n, size_t size);

/* Bucket n items by a byte each (key[i], or -1: left out), a counting
 * sort: order[start[b] .. start[b + 1]) are the indexes of the items of
 * byte b, ascending. The tables that look a word up by its first byte
 * (noise patterns, role words) are built so. */
void index_by_byte(const int16_t *key, size_t n, uint16_t start[257], uint16_t *order);

#endif /* TD_HSORT_H */
