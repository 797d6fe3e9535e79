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
#include "td_config.h"

/* Sort n records of size bytes, each starting with a uint64_t, by that
 * value, stably (records with equal values keep their order). */
void sort_by_hash(void *base, size_t n, size_t size);

#endif /* TD_HSORT_H */
