/* fuzz_txt.c -- the plain-text article reader and its date header. */
#include <stddef.h>
#include <stdint.h>
#include "tidings.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    td_input *in;
    if (td_input_open_mem((const char *)data, n, "fuzz.txt", NULL, NULL, &in))
        return 0;
    td_article a;
    while (td_input_next(in, &a) == TD_OK)
        if (!a.text_len && !a.title_len)
            __builtin_trap();
    td_input_free(in);
    return 0;
}
