/* fuzz_cluster.c -- the whole cluster path on a small stream of JSONL,
 * with the integrity checkers after it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tidings.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    td_input *in;
    if (td_input_open_mem((const char *)data, n, "fuzz.jsonl", NULL, NULL, &in))
        return 0;
    td_engine *e;
    td_options o;
    td_options_init(&o);
    if (td_engine_new(&o, &e)) {
        td_input_free(in);
        return 0;
    }
    td_article a;
    size_t k = 0;
    while (k++ < 64 && td_input_next(in, &a) == TD_OK) {
        uint32_t s;
        td_engine_add(e, &a, "fuzz", (unsigned long)k, &s);
    }
    td_input_free(in);
    FILE *null = fopen("/dev/null", "w");
    if (td_engine_check(e, null ? null : stderr) != TD_OK)
        __builtin_trap();
    if (null) {
        td_engine_write_stories_jsonl(e, null);
        fclose(null);
    }
    td_engine_free(e);
    return 0;
}
