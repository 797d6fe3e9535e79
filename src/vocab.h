/* vocab.h -- term ids and document frequencies.
 *
 * Maps the 64-bit key hash of a term (feat.h) to a dense uint32 id, in
 * order of first appearance, and counts in how many articles each term
 * occurred (df). Each id keeps a display string for labels and
 * explanations: the first one seen, unless a later one ranks higher
 * (vocab_intern_ranked). IDF is learned from the stream itself:
 *
 *     idf(t) = ln((N + 1) / (df(t) + 1)) + 1
 *
 * where N is the number of articles counted so far in the language of
 * the article being weighed (vocab_idf_n): a word in every Turkish article
 * is common even when most of the stream is Spanish. df itself counts over
 * all languages, so words shared by languages (names, numbers, cognates)
 * are rarer for none of them.
 */
#ifndef TD_VOCAB_H
#define TD_VOCAB_H

#include <stddef.h>
#include <stdint.h>
#include "td_config.h"

typedef struct vocab vocab;

vocab *vocab_new(void);
void vocab_free(vocab *v); /* NULL is a no-op */

/* The id of key h, adding it (with display string s[0..n)) if new. */
uint32_t vocab_intern(vocab *v, uint64_t h, const char *s, size_t n);
/* The same, and s becomes the display string of a known id when its rank
 * (0 .. VOCAB_RANK_MAX) is higher than that of the id's string: one name
 * key stands for Putin, Poetin and Путин, and labels are to read Putin
 * whichever article came first. vocab_intern is rank 0. */
#define VOCAB_RANK_MAX 2
uint32_t vocab_intern_ranked(vocab *v, uint64_t h, const char *s, size_t n, unsigned rank);
/* The rank of id's display string. */
unsigned vocab_rank(const vocab *v, uint32_t id);
/* The id of h, or UINT32_MAX when unknown. */
uint32_t vocab_find(const vocab *v, uint64_t h);

void vocab_add_df(vocab *v, uint32_t id);  /* df(id) += 1 */
void vocab_add_doc(vocab *v);              /* N += 1 */
uint32_t vocab_df(const vocab *v, uint32_t id);
uint64_t vocab_n_docs(const vocab *v);
double vocab_idf(const vocab *v, uint32_t id);
/* idf with an explicit article count n (e.g. of one language). */
double vocab_idf_n(const vocab *v, uint32_t id, uint64_t n);
/* Display string of id. Borrowed: valid while v lives. */
const char *vocab_str(const vocab *v, uint32_t id);
size_t vocab_size(const vocab *v);
/* Bytes of memory held. */
size_t vocab_bytes(const vocab *v);

/* Integrity: every id is found again by its key; df <= N. Returns 0 when
 * consistent, else writes a message to err (size errlen) and returns -1. */
int vocab_check(const vocab *v, char *err, size_t errlen);

#endif /* TD_VOCAB_H */
