/* stem.h -- Snowball stemming for every language libstemmer has.
 *
 * The only module that includes libstemmer. A stem_ctx holds one stemmer
 * per language, created on first use, and a cache of recent results; one
 * per thread. Languages without a stemmer (zh, ja, pl, ...) pass tokens
 * through unchanged.
 */
#ifndef TD_STEM_H
#define TD_STEM_H

#include <stddef.h>
#include "td_config.h"

typedef struct stem_ctx stem_ctx;

stem_ctx *stem_new(void);
void stem_free(stem_ctx *s); /* NULL is a no-op */

/* Stem the lower-cased word w[0..n) in language `lang` (ISO 639-1).
 * Returns the stem; borrowed: valid until the next call on s. *out_len
 * gets its length. Words longer than TD_MAX_TOKEN_BYTES pass unchanged. */
const char *stem_word(stem_ctx *s, const char *lang, const char *w, size_t n,
                      size_t *out_len /* OUT */);

/* 1 when a Snowball stemmer exists for lang. */
int stem_has(const char *lang);

#endif /* TD_STEM_H */
