/* utf8.h -- UTF-8 decoding, encoding and repair.
 *
 * The decoder is strict (no overlongs, no surrogates, nothing past
 * U+10FFFF) and never fails: a bad byte decodes as U+FFFD and advances by
 * one byte, so every caller makes progress on hostile input.
 */
#ifndef TD_UTF8_H
#define TD_UTF8_H

#include <stddef.h>
#include <stdint.h>
#include "td_config.h"

#define UTF8_REPLACEMENT 0xFFFDu

/* Decode the code point at s[0..n), n > 0. Stores its byte length in *len
 * (>= 1). Invalid or truncated sequences give U+FFFD with *len = 1. ASCII
 * and well-formed two-byte sequences (Latin letters with marks, Greek,
 * Cyrillic, Hebrew, Arabic) are decoded inline; the rest by
 * utf8_decode_multi. */
uint32_t utf8_decode_multi(const char *s, size_t n, size_t *len /* OUT */);

static inline uint32_t utf8_decode(const char *s, size_t n, size_t *len /* OUT */)
{
    unsigned c = (unsigned char)s[0];
    if (c < 0x80) {
        *len = 1;
        return c;
    }
    if (c >= 0xC2 && c <= 0xDF && n >= 2 && ((unsigned char)s[1] & 0xC0) == 0x80) {
        *len = 2;
        return (c & 0x1Fu) << 6 | ((unsigned char)s[1] & 0x3Fu);
    }
    return utf8_decode_multi(s, n, len);
}

/* Encode cp into out (4 bytes room); returns the bytes written (1..4).
 * Surrogates and values past U+10FFFF encode as U+FFFD. */
size_t utf8_encode(uint32_t cp, char *out);

/* Number of bytes of s[0..n) that form valid UTF-8 (the first bad byte's
 * offset); n when all of it is valid. */
size_t utf8_valid_prefix(const char *s, size_t n);

/* Largest m <= n such that s[0..m) does not end inside a sequence. */
size_t utf8_trim(const char *s, size_t n);

#endif /* TD_UTF8_H */
