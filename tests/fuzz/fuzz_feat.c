/* fuzz_feat.c -- whole-article analysis: entities, numbers, dates. The
 * input is "date\ntitle\ntext". */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "feat.h"
#include "stop.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    static feat_analyzer *an;
    static stop_set *stop;
    if (!an) {
        stop = stop_new();
        feat_shared sh = {stop, NULL, NULL, NULL};
        an = feat_analyzer_new(&sh);
    }
    const char *s = (const char *)data, *e = s + n;
    const char *l1 = memchr(s, '\n', n);
    const char *l2 = l1 ? memchr(l1 + 1, '\n', (size_t)(e - l1 - 1)) : NULL;
    td_article a;
    memset(&a, 0, sizeof a);
    a.id = "f";
    a.id_len = 1;
    if (l1 && l2) {
        a.date = s;
        a.date_len = (size_t)(l1 - s);
        a.title = l1 + 1;
        a.title_len = (size_t)(l2 - l1 - 1);
        a.text = l2 + 1;
        a.text_len = (size_t)(e - l2 - 1);
    } else {
        a.text = s;
        a.text_len = n;
    }
    feat_doc d;
    int tr;
    feat_analyze(an, &a, 7, &d, &tr);
    for (size_t i = 1; i < d.n_terms; i++)
        if (d.terms[i - 1].h >= d.terms[i].h)
            __builtin_trap();
    for (size_t i = 0; i < d.n_dates; i++)
        if (d.dates[i].m < 1 || d.dates[i].m > 12 || d.dates[i].d < 0 || d.dates[i].d > 31)
            __builtin_trap();
    feat_doc_release(&d);
    datex_date dd;
    datex_parse_iso(s, n < 40 ? n : 40, &dd);
    return 0;
}
