/* langid.h -- language identification (CLD2 through a C++ shim).
 *
 * Returns ISO 639-1 codes where they exist ("nl", "en", "zh"; CLD2's
 * "zh-Hant" is reported as "zh"), or "und" when the detector is unsure.
 * A caller's hint wins only when the text agrees with it or is too short
 * to tell. Thread-safe: CLD2 keeps no mutable state.
 */
#ifndef TD_LANGID_H
#define TD_LANGID_H

#include <stddef.h>
#include "td_config.h"

#define LANGID_MIN_BYTES 40 /* below this, text is "too short to tell" */

typedef struct langid_result {
    char lang[8];   /* "nl", "und", ... */
    int percent;    /* share of the text in that language, 0..100 */
    int reliable;   /* the detector's own verdict */
    int from_hint;  /* 1 when the hint decided */
    char detected[8]; /* the detector's own answer ("und": none) */
} langid_result;

/* Identify the language of s[0..n) (valid UTF-8). `hint` may be NULL. */
void langid_detect(const char *s, size_t n, const char *hint,
                   langid_result *out /* OUT */);

/* The same in two steps, for a long text: s[0..first) is identified
 * first, and the whole s[0..n) only when that answer is not sure. With a
 * hint it is sure when the detector agrees with the hint, or calls its
 * own answer unreliable (the hint then stands, as it would on a short
 * text); without one, when the detector calls it reliable, gives it 90%
 * of the text or more, and names no language that CLD2 confuses with a
 * close sibling (Croatian and Bosnian, Spanish and Catalan, Czech and
 * Slovak ...). */
void langid_detect_staged(const char *s, size_t n, size_t first, const char *hint,
                          langid_result *out /* OUT */);

/* Normalise a language tag from input ("NL", "nl-BE", "nld", "Dutch" are
 * not all accepted: 2-3 letter codes with an optional region). Writes the
 * lower-case primary subtag, 2 letters where known. Returns 0 when the tag
 * is not a language code. */
int langid_norm_tag(const char *tag, size_t n, char out[8]);

#endif /* TD_LANGID_H */
