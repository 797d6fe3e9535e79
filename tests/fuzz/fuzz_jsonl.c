/* fuzz_jsonl.c -- the JSONL record reader on arbitrary bytes. */
#include <stddef.h>
#include <stdint.h>
#include "tidings.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    td_input *in;
    if (td_input_open_mem((const char *)data, n, "fuzz.jsonl", NULL, NULL, &in))
        return 0;
    td_article a;
    size_t k = 0;
    while (td_input_next(in, &a) == TD_OK && k++ < 100000) {
        /* every article handed out has an id and a text */
        if (!a.id || !a.id_len || !a.text)
            __builtin_trap();
    }
    td_input_free(in);
    return 0;
}
