/* names.h -- language-neutral keys for names.
 *
 * The same person or place is written Putin, Poetin, Poutine, Путин,
 * Путина; Peskov, Peskow, Песков; Zelensky, Zelenskyj, Selenskyj,
 * Зеленский. names_key() maps such spellings to one key:
 *
 *   1. transliterate to lower-case ASCII (ICU Any-Latin; Latin-ASCII)
 *   2. rewrite spellings that transliteration schemes and languages
 *      disagree on: sch/sh/sj/sz -> s, zh -> z, kh/ch -> k, ph -> f,
 *      th -> t, oe/ou -> u, final ow -> ov, w -> v, z -> s, c/q -> k,
 *      x -> ks, y/j -> i, dzh/dj -> j
 *   3. keep the first letter and the consonants after it, doubles
 *      collapsed ("putin" -> "ptn", "peskov" -> "pskv")
 *
 * Keys shorter than three letters are the transliterated word itself, so
 * short names do not all collide. Inflected forms share the key as long as
 * the ending is a vowel (Путина, Байдена).
 */
#ifndef TD_NAMES_H
#define TD_NAMES_H

#include <stddef.h>
#include "td_config.h"
#include "uni.h"

/* Write the key of the name word s[0..n) (UTF-8, any script) to out (cap
 * bytes with the NUL). Returns its length, 0 when there is none. */
size_t names_key(uni_ctx *u, const char *s, size_t n, char *out, size_t cap);

/* The abjad key of a name: its consonants only, with the distinctions
 * Arabic and Hebrew script do not write folded (p -> b, v -> f, vowels and
 * w/y/h dropped), so that Putin and بوتين ("bwtyn") share "btn", and English
 * spellings read as they sound (a silent gh before t or at the end, a soft c
 * before e/i/y as s, x as ks): Kavanaugh and كافانو share "kfn". Returns 0
 * for fewer than three consonants. */
size_t names_abjad_key(uni_ctx *u, const char *s, size_t n, char *out, size_t cap);

/* The same from an ASCII transliteration (step 2 and 3 only). */
size_t names_key_ascii(const char *s, size_t n, char *out, size_t cap);

#endif /* TD_NAMES_H */
