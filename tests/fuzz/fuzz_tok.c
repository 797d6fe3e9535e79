/* fuzz_tok.c -- word segmentation and stemming in several languages. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "buf.h"
#include "clean.h"
#include "stem.h"
#include "tidings.h"
#include "tok.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);

static stem_ctx *st;
static const char *lang;

static int on_tok(void *user, const tok *t)
{
    (void)user;
    if (t->end < t->start || !t->fold_len)
        __builtin_trap();
    size_t l;
    const char *s = stem_word(st, lang, t->fold, t->fold_len, &l);
    if (!s || l > TD_MAX_TOKEN_BYTES * 2)
        __builtin_trap();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    static uni_ctx *u;
    static const char *const langs[] = {"en", "nl", "de", "ru", "tr", "ar", "fr", "zh"};
    if (!u) {
        u = uni_new();
        st = stem_new();
    }
    if (!n)
        return 0;
    lang = langs[data[0] % 8];
    buf norm;
    buf_init(&norm, 1 << 24);
    clean_norm(u, (const char *)data + 1, n - 1, &norm); /* tok takes valid UTF-8 */
    tok_run(u, norm.ptr ? norm.ptr : "", norm.len, on_tok, NULL);
    buf_release(&norm);
    return 0;
}
