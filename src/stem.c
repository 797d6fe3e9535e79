/* stem.c -- libstemmer wrapper with per-language stemmers. */
#include "td_config.h"

#include <libstemmer.h>
#include <string.h>

#include "stem.h"
#include "td_limits.h"
#include "xmalloc.h"

/* ISO 639-1 -> Snowball algorithm name */
static const char *const algos[][2] = {
    {"ar", "arabic"},     {"hy", "armenian"},  {"eu", "basque"},
    {"ca", "catalan"},    {"da", "danish"},    {"nl", "dutch"},
    {"en", "english"},    {"fi", "finnish"},   {"fr", "french"},
    {"de", "german"},     {"el", "greek"},     {"hi", "hindi"},
    {"hu", "hungarian"},  {"id", "indonesian"},{"ga", "irish"},
    {"it", "italian"},    {"lt", "lithuanian"},{"ne", "nepali"},
    {"no", "norwegian"},  {"nb", "norwegian"}, {"pt", "portuguese"},
    {"ro", "romanian"},   {"ru", "russian"},   {"sr", "serbian"},
    {"es", "spanish"},    {"sv", "swedish"},   {"ta", "tamil"},
    {"tr", "turkish"},    {"yi", "yiddish"},
    /* close enough to share a stemmer: Ukrainian nouns inflect much like
     * Russian ones, so the Russian rules conflate most of their endings */
    {"uk", "russian"},
};
#define N_ALGOS (sizeof algos / sizeof algos[0])

struct stem_ctx {
    struct sb_stemmer *st[N_ALGOS];
    char out[TD_MAX_TOKEN_BYTES + 1];
};

static int algo_index(const char *lang)
{
    for (size_t i = 0; i < N_ALGOS; i++)
        if (lang[0] == algos[i][0][0] && lang[1] == algos[i][0][1] && !lang[2])
            return (int)i;
    return -1;
}

int stem_has(const char *lang)
{
    return algo_index(lang) >= 0;
}

stem_ctx *stem_new(void)
{
    return xcalloc(1, sizeof(stem_ctx));
}

void stem_free(stem_ctx *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < N_ALGOS; i++)
        if (s->st[i])
            sb_stemmer_delete(s->st[i]);
    xfree(s);
}

const char *stem_word(stem_ctx *s, const char *lang, const char *w, size_t n,
                      size_t *out_len)
{
    int i = algo_index(lang);
    *out_len = n;
    if (i < 0 || n > TD_MAX_TOKEN_BYTES)
        return w;
    if (!s->st[i]) {
        s->st[i] = sb_stemmer_new(algos[i][1], "UTF_8");
        if (!s->st[i])
            return w;
    }
    const sb_symbol *r = sb_stemmer_stem(s->st[i], (const sb_symbol *)w, (int)n);
    if (!r)
        return w;
    int len = sb_stemmer_length(s->st[i]);
    if (len <= 0 || (size_t)len > TD_MAX_TOKEN_BYTES)
        return w;
    memcpy(s->out, r, (size_t)len);
    s->out[len] = 0;
    *out_len = (size_t)len;
    return s->out;
}
