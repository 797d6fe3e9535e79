#define _POSIX_C_SOURCE 200809L
/* fuzz_lmodel.c -- the model text format (the files in models/, --join FILE,
 * --pair-model FILE): arbitrary bytes are parsed against a fixed feature
 * list; a model that parses must predict finite probabilities, and must
 * write and parse back to the same weights. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lmodel.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    static const char *const feat[] = {"margin", "text", "ent"};
    lmodel m, r;
    char err[256];
    if (lmodel_parse(&m, (const char *)data, n, feat, 3, err, sizeof err)) {
        if (!strstr(err, "line ") && !strstr(err, "features"))
            __builtin_trap(); /* every refusal says where */
        return 0;
    }
    double x[3] = {0.5, -1, 3};
    for (size_t t = 0; t < m.n_targets; t++) {
        double p = lmodel_prob(&m, t, x);
        if (!(p >= 0 && p <= 1))
            __builtin_trap();
    }
    char *text = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&text, &len);
    if (!fp)
        return 0;
    lmodel_write(&m, fp, "fuzz");
    fclose(fp);
    if (lmodel_parse(&r, text, len, feat, 3, err, sizeof err) || r.n_targets != m.n_targets)
        __builtin_trap();
    for (size_t t = 0; t < m.n_targets; t++)
        for (size_t j = 0; j < 3; j++)
            if (fabs(r.w[t][j] - m.w[t][j]) > 1e-5 * fabs(m.w[t][j]) + 1e-300)
                __builtin_trap();
    free(text);
    return 0;
}
