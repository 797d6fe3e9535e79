/* stop.c -- stopword sets: one open-addressing hash of (lang, word). */
#include "td_config.h"

#include <stdint.h>
#include <string.h>

#include "stop.h"
#include "xmalloc.h"

extern const char *const stop_tab[][2];

struct stop_set {
    char **keys;   /* "lang\tword" or NULL */
    uint64_t *h;   /* the hash of each key: compared before the key */
    size_t cap;    /* power of two */
    const char **langs;
};

static uint64_t hash(const char *lang, const char *w, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (const char *p = lang; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ull;
    h = (h ^ '\t') * 1099511628211ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)w[i]) * 1099511628211ull;
    return h;
}

static int key_eq(const char *key, const char *lang, const char *w, size_t n)
{
    size_t ll = strlen(lang);
    return !strncmp(key, lang, ll) && key[ll] == '\t' && !strncmp(key + ll + 1, w, n) &&
           key[ll + 1 + n] == 0;
}

static void insert(stop_set *s, const char *lang, const char *w, size_t n)
{
    uint64_t h = hash(lang, w, n);
    size_t i = h & (s->cap - 1);
    while (s->keys[i]) {
        if (s->h[i] == h && key_eq(s->keys[i], lang, w, n))
            return;
        i = (i + 1) & (s->cap - 1);
    }
    s->h[i] = h;
    size_t ll = strlen(lang);
    char *k = xmalloc(ll + n + 2);
    memcpy(k, lang, ll);
    k[ll] = '\t';
    memcpy(k + ll + 1, w, n);
    k[ll + 1 + n] = 0;
    s->keys[i] = k;
}

stop_set *stop_new(void)
{
    stop_set *s = xcalloc(1, sizeof *s);
    size_t words = 0, n_langs = 0;
    for (size_t l = 0; stop_tab[l][0]; l++, n_langs++)
        for (const char *p = stop_tab[l][1]; *p; p++)
            words += *p == ' ';
    s->cap = 1;
    while (s->cap < (words + n_langs) * 3)
        s->cap *= 2;
    s->keys = xcalloc(s->cap, sizeof(char *));
    s->h = xcalloc(s->cap, sizeof *s->h);
    s->langs = xcalloc(n_langs + 1, sizeof(char *));
    for (size_t l = 0; stop_tab[l][0]; l++) {
        s->langs[l] = stop_tab[l][0];
        const char *p = stop_tab[l][1];
        while (*p) {
            while (*p == ' ')
                p++;
            const char *q = p;
            while (*q && *q != ' ')
                q++;
            if (q > p) {
                insert(s, stop_tab[l][0], p, (size_t)(q - p));
                insert(s, "*", p, (size_t)(q - p));
            }
            p = q;
        }
    }
    return s;
}

void stop_free(stop_set *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->cap; i++)
        xfree(s->keys[i]);
    xfree(s->keys);
    xfree(s->h);
    xfree(s->langs);
    xfree(s);
}

int stop_is(const stop_set *s, const char *lang, const char *w, size_t n)
{
    if (!strcmp(lang, "und"))
        lang = "*";
    uint64_t h = hash(lang, w, n);
    size_t i = h & (s->cap - 1);
    while (s->keys[i]) {
        if (s->h[i] == h && key_eq(s->keys[i], lang, w, n))
            return 1;
        i = (i + 1) & (s->cap - 1);
    }
    return 0;
}

const char *const *stop_langs(void)
{
    static const char *const langs[] = {"en", "nl", "de", "fr", "es", "it", "pt", "pl",
                                        "ru", "tr", "ar", "cs", "uk", "zh", "ja", NULL};
    return langs;
}
