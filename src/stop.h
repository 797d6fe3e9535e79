/* stop.h -- per-language stopword sets.
 *
 * Function words that carry no topic: articles, pronouns, auxiliaries,
 * prepositions, conjunctions, and the commonest adverbs. The lists are
 * written for tidings (src/stop_tab.c); they are matched against the
 * case-folded word before stemming, with diacritics kept. A stop_set is
 * built once and is read-only afterwards, so threads may share it.
 */
#ifndef TD_STOP_H
#define TD_STOP_H

#include <stddef.h>
#include "td_config.h"

typedef struct stop_set stop_set;

stop_set *stop_new(void);
void stop_free(stop_set *s); /* NULL is a no-op */

/* 1 when w[0..n) (case-folded) is a stopword of `lang`. For "und", a word
 * is a stopword if it is one in any language with the same script... in
 * practice: in any language. */
int stop_is(const stop_set *s, const char *lang, const char *w, size_t n);

/* Languages with a list, as a NULL-terminated array of codes. */
const char *const *stop_langs(void);

#endif /* TD_STOP_H */
