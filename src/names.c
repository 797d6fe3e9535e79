/* names.c -- language-neutral keys for names. */
#include "td_config.h"

#include <string.h>

#include "names.h"

static int is_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

static int starts(const char *s, size_t n, size_t i, const char *lit)
{
    size_t l = strlen(lit);
    return i + l <= n && !memcmp(s + i, lit, l);
}

size_t names_key_ascii(const char *s, size_t n, char *out, size_t cap)
{
    char tmp[128];
    size_t k = 0;
    if (cap < 4)
        return 0;
    /* step 2: spellings */
    for (size_t i = 0; i < n && k + 2 < sizeof tmp;) {
        char c = s[i];
        if (c < 'a' || c > 'z') { /* spaces, digits, marks: dropped */
            i++;
            continue;
        }
        if (starts(s, n, i, "sch")) { tmp[k++] = 's'; i += 3; continue; }
        if (starts(s, n, i, "dzh")) { tmp[k++] = 'j'; i += 3; continue; }
        if (starts(s, n, i, "sh") || starts(s, n, i, "sj") || starts(s, n, i, "sz")) {
            tmp[k++] = 's'; i += 2; continue;
        }
        if (starts(s, n, i, "zh") || starts(s, n, i, "dj")) { tmp[k++] = c == 'z' ? 's' : 'j'; i += 2; continue; }
        if (starts(s, n, i, "kh") || starts(s, n, i, "ch") || starts(s, n, i, "ck")) {
            tmp[k++] = 'k'; i += 2; continue;
        }
        if (starts(s, n, i, "ph")) { tmp[k++] = 'f'; i += 2; continue; }
        if (starts(s, n, i, "th")) { tmp[k++] = 't'; i += 2; continue; }
        if (starts(s, n, i, "oe") || starts(s, n, i, "ou")) { tmp[k++] = 'u'; i += 2; continue; }
        if (starts(s, n, i, "ow") && i + 2 == n) { tmp[k++] = 'o'; tmp[k++] = 'v'; i += 2; continue; }
        switch (c) {
        case 'w': c = 'v'; break;
        case 'z': c = 's'; break;
        case 'c': case 'q': c = 'k'; break;
        case 'y': case 'j': c = 'i'; break;
        case 'x':
            tmp[k++] = 'k';
            c = 's';
            break;
        default: break;
        }
        tmp[k++] = c;
        i++;
    }
    if (k == 0)
        return 0;
    /* step 3: first letter, then the consonants, doubles collapsed */
    size_t o = 0;
    out[o++] = tmp[0];
    char last = tmp[0];
    for (size_t i = 1; i < k && o + 1 < cap; i++) {
        char c = tmp[i];
        if (is_vowel(c))
            continue;
        if (c == last)
            continue;
        out[o++] = c;
        last = c;
    }
    if (o < 3) { /* too short to be a key: the spelling itself */
        size_t m = k < cap - 1 ? k : cap - 1;
        memcpy(out, tmp, m);
        o = m;
    }
    out[o] = 0;
    return o;
}

size_t names_key(uni_ctx *u, const char *s, size_t n, char *out, size_t cap)
{
    char latin[256];
    size_t l = uni_latin(u, s, n, latin, sizeof latin);
    if (!l)
        return 0;
    return names_key_ascii(latin, l, out, cap);
}

size_t names_abjad_key(uni_ctx *u, const char *s, size_t n, char *out, size_t cap)
{
    char latin[256], tmp[128];
    size_t l = uni_latin(u, s, n, latin, sizeof latin);
    if (!l)
        return 0;
    /* the consonants of the transliterated word */
    size_t o = 0;
    char last = 0;
    for (size_t i = 0; i < l && o + 1 < sizeof tmp; i++) {
        char c = latin[i];
        if (c < 'a' || c > 'z')
            continue;
        char next = i + 1 < l ? latin[i + 1] : 0;
        /* English spellings Arabic script writes as they sound: a silent
         * "gh" before t or at the end (Kavanaugh, Brighton), a soft c
         * (Garcia, Spencer), x as k+s (Texas) */
        if (c == 'g' && next == 'h' && (i + 2 >= l || latin[i + 2] == 't' ||
                                        latin[i + 2] < 'a' || latin[i + 2] > 'z')) {
            i++;
            continue;
        }
        if (c == 'c' && (next == 'e' || next == 'i' || next == 'y'))
            c = 's';
        if (c == 'x') {
            if (last != 'k' && o + 2 < sizeof tmp)
                tmp[o++] = last = 'k';
            c = 's';
        }
        switch (c) {
        case 'p': c = 'b'; break;
        case 'v': c = 'f'; break;
        case 'c': case 'q': c = 'k'; break;
        case 'z': c = 's'; break;
        case 'g': c = 'j'; break;
        default: break;
        }
        if (is_vowel(c) || c == 'y' || c == 'w' || c == 'h')
            continue;
        if (c == last)
            continue;
        tmp[o++] = c;
        last = c;
    }
    if (o < 3 || o + 1 > cap)
        return 0;
    memcpy(out, tmp, o);
    out[o] = 0;
    return o;
}
