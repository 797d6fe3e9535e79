/* fuzz_lexicon.c -- lexicon lookups with arbitrary keys, and opening
 * arbitrary bytes as a lexicon file. The first byte picks the language. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "lexicon.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    static lexicon *lx;
    static int tried;
    static const char *const langs[] = {"nl", "de", "fr", "es", "ar", "tr", "pl", "en"};
    char err[256];
    if (!tried) {
        tried = 1;
        lx = lexicon_open(TD_LEXICON_DEFAULT, err, sizeof err);
    }
    if (!n)
        return 0;
    const lex_entry *e = lexicon_find(lx, langs[data[0] % 8], (const char *)data + 1, n - 1);
    for (int k = 0; e && k < LEX_SENSES; k++)
        if (e->concept[k] && !lexicon_word(lx, e->word[k]))
            __builtin_trap();
    /* the same bytes as a file: refused or mapped, never a crash */
    char path[64];
    snprintf(path, sizeof path, "/tmp/td_fuzz_lex_%d.bin", (int)getpid());
    FILE *fp = fopen(path, "wb");
    if (fp) {
        fwrite(data, 1, n, fp);
        fclose(fp);
        lexicon *l2 = lexicon_open(path, err, sizeof err);
        if (l2) {
            lexicon_find(l2, "nl", "x", 1);
            lexicon_close(l2);
        }
        unlink(path);
    }
    return 0;
}
