/* fuzz_clean.c -- normalization and noise removal. The first byte picks
 * the language of the noise tables. */
#include <stddef.h>
#include <stdint.h>
#include "buf.h"
#include "clean.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    static uni_ctx *u;
    static clean_seen *seen;
    static const char *const langs[] = {"en", "nl", "de", "fr", "ru", "ar", "und"};
    if (!u) {
        u = uni_new();
        seen = clean_seen_new();
    }
    if (!n)
        return 0;
    const char *lang = langs[data[0] % 7];
    buf norm, out;
    buf_init(&norm, 1 << 24);
    buf_init(&out, 1 << 24);
    clean_norm(u, (const char *)data + 1, n - 1, &norm);
    /* the result is valid UTF-8 */
    if (utf8_valid_prefix(norm.ptr ? norm.ptr : "", norm.len) != norm.len)
        __builtin_trap();
    clean_seen_add(seen, "fuzz.example", norm.ptr ? norm.ptr : "", norm.len, data[0]);
    clean_noise(u, lang, norm.ptr ? norm.ptr : "", norm.len, seen, "fuzz.example", 300, &out,
                NULL);
    if (out.len > norm.len)
        __builtin_trap();
    buf_release(&norm);
    buf_release(&out);
    return 0;
}
