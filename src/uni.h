/* uni.h -- Unicode services: normalization, folding, word segmentation.
 *
 * The only module that includes ICU. A uni_ctx holds the per-thread ICU
 * objects (a word break iterator, normalizer handles) and scratch buffers;
 * create one per thread. All text in and out is UTF-8 that has already
 * been repaired (see utf8.h); offsets are byte offsets into that text.
 */
#ifndef TD_UNI_H
#define TD_UNI_H

#include <stddef.h>
#include <stdint.h>
#include "buf.h"
#include "td_config.h"

typedef struct uni_ctx uni_ctx;

/* Kinds of segment reported by uni_words(). */
enum {
    UNI_WORD_LETTER = 1, /* alphabetic word (Latin, Cyrillic, Arabic, ...) */
    UNI_WORD_NUMBER = 2, /* digits, possibly with separators */
    UNI_WORD_IDEO = 3    /* Han, Kana, Thai...: dictionary segmented */
};

/* Called for each word; `start`/`end` are byte offsets. Return 0 to go on,
 * non-zero to stop (uni_words then returns that value). */
typedef int (*uni_word_fn)(void *user, size_t start, size_t end, int kind);

/* Create a context. Returns NULL only if ICU's data cannot be loaded. */
uni_ctx *uni_new(void);
void uni_free(uni_ctx *u); /* NULL is a no-op */

/* Append the NFKC form of s[0..n) to out. Text already in NFKC (the common
 * case) is copied after a quick check. Returns out->rc. */
int uni_nfkc(uni_ctx *u, const char *s, size_t n, buf *out);

/* Segment s[0..n) into words with the Unicode word break rules (with
 * dictionaries for Chinese, Japanese, Thai). Punctuation and spaces are not
 * reported. Returns 0 or the first non-zero callback result. */
int uni_words(uni_ctx *u, const char *s, size_t n, uni_word_fn fn, void *user);

/* The same segments from one pass of ICU's iterator over the whole text,
 * without the chunks and the memo uni_words uses: the reference its tests
 * compare with. */
int uni_words_whole(uni_ctx *u, const char *s, size_t n, uni_word_fn fn, void *user);

/* Case-fold s[0..n) (full folding: "Straße" -> "strasse") and, when
 * strip_marks is set, drop combining marks of Latin, Greek and Cyrillic
 * letters ("Poétin" -> "poetin", "ё" -> "е"). Writes at most cap-1 bytes
 * and a NUL to out; returns the length written, or 0 if the result would
 * not fit (the caller then drops the token). */
size_t uni_fold(uni_ctx *u, const char *s, size_t n, int strip_marks,
                char *out, size_t cap);

/* The same from ICU over the whole text, without the memo and the folding
 * one code point at a time that uni_fold uses: the reference its tests
 * compare with. */
size_t uni_fold_whole(uni_ctx *u, const char *s, size_t n, int strip_marks,
                      char *out, size_t cap);

/* Transliterate s[0..n) to lower-case ASCII Latin ("Путин" -> "putin",
 * "习近平" -> "xi jin ping"). Result as uni_fold. */
size_t uni_latin(uni_ctx *u, const char *s, size_t n, char *out, size_t cap);

/* The ISO 3166 two-letter region codes ICU knows (NULL-terminated). */
const char *const *uni_regions(void);

/* The name of region (e.g. "RU") in language lang (e.g. "nl": "Rusland"),
 * as UTF-8 in out. Returns its length, 0 when ICU has none. */
size_t uni_region_name(const char *region, const char *lang, char *out, size_t cap);

/* Character classes of a code point: ASCII answered inline (the
 * tokenizer asks for every character), the rest by ICU. */
int uni_is_upper_icu(uint32_t cp);
int uni_is_alpha_icu(uint32_t cp);
int uni_is_digit_icu(uint32_t cp);

static inline int uni_is_upper(uint32_t cp) /* upper or title case letter */
{
    return cp < 0x80 ? cp - 'A' < 26 : uni_is_upper_icu(cp);
}

static inline int uni_is_alpha(uint32_t cp)
{
    return cp < 0x80 ? (cp | 32) - 'a' < 26 : uni_is_alpha_icu(cp);
}

static inline int uni_is_digit(uint32_t cp) /* decimal digit, any script */
{
    return cp < 0x80 ? cp - '0' < 10 : uni_is_digit_icu(cp);
}

int uni_digit_value(uint32_t cp);/* 0-9, or -1 */
int uni_is_ideo(uint32_t cp);    /* Han, Hiragana, Katakana, Hangul, Thai */

#endif /* TD_UNI_H */
