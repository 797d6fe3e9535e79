/* fuzz_unicode.c -- UTF-8 decoding/repair, NFKC, folding, transliteration. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "buf.h"
#include "uni.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    static uni_ctx *u;
    if (!u)
        u = uni_new();
    const char *s = (const char *)data;
    size_t i = 0, len;
    while (i < n) {
        utf8_decode(s + i, n - i, &len);
        if (len == 0 || len > 4)
            __builtin_trap();
        i += len;
    }
    size_t v = utf8_valid_prefix(s, n), t = utf8_trim(s, n);
    if (v > n || t > n)
        __builtin_trap();
    if (v == n) { /* the ICU paths take valid UTF-8 */
        buf b;
        buf_init(&b, 1 << 24);
        uni_nfkc(u, s, n, &b);
        if (utf8_valid_prefix(b.ptr ? b.ptr : "", b.len) != b.len)
            __builtin_trap();
        buf_release(&b);
        char out[256];
        size_t k = n < 64 ? n : 64;
        k = utf8_trim(s, k);
        size_t f = uni_fold(u, s, k, 1, out, sizeof out);
        if (f >= sizeof out || (f && strlen(out) != f && !memchr(out, 0, f)))
            __builtin_trap();
        uni_latin(u, s, k, out, sizeof out);
    }
    return 0;
}
