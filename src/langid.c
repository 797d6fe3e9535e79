/* langid.c -- language identification with CLD2, and hint reconciliation. */
#include "td_config.h"

#include <string.h>

#include "langid.h"

const char *td_cld2_detect(const char *buf, int len, int is_plain, int *reliable,
                           int *percent, const char **second, int *percent2);

/* Codes mapped to the current ISO 639-1 one: the ISO 639-2/3 codes that
 * input data uses, and withdrawn 639-1 codes (CLD2 still answers "iw" for
 * Hebrew). */
static const char *const renamed[][2] = {
    {"eng", "en"}, {"nld", "nl"}, {"dut", "nl"}, {"deu", "de"}, {"ger", "de"},
    {"fra", "fr"}, {"fre", "fr"}, {"spa", "es"}, {"ita", "it"}, {"por", "pt"},
    {"pol", "pl"}, {"rus", "ru"}, {"tur", "tr"}, {"ara", "ar"}, {"zho", "zh"},
    {"chi", "zh"}, {"cmn", "zh"}, {"jpn", "ja"}, {"ces", "cs"}, {"cze", "cs"},
    {"ukr", "uk"}, {"isl", "is"}, {"heb", "he"}, {"hau", "ha"}, {"hrv", "hr"},
    {"hin", "hi"}, {"swe", "sv"}, {"dan", "da"}, {"fin", "fi"}, {"ell", "el"},
    {"gre", "el"}, {"hun", "hu"}, {"ron", "ro"}, {"rum", "ro"}, {"kor", "ko"},
    {"iw", "he"},  {"in", "id"},  {"ji", "yi"},  {"jw", "jv"},  {"mo", "ro"},
};

int langid_norm_tag(const char *tag, size_t n, char out[8])
{
    size_t k = 0;
    while (k < n && ((tag[k] | 32) >= 'a' && (tag[k] | 32) <= 'z'))
        k++;
    if (k < 2 || k > 3 || (k < n && tag[k] != '-' && tag[k] != '_'))
        return 0;
    char low[4];
    for (size_t i = 0; i < k; i++)
        low[i] = (char)(tag[i] | 32);
    low[k] = 0;
    for (size_t i = 0; i < TD_ARRAY_LEN(renamed); i++)
        if (!strcmp(low, renamed[i][0])) {
            memcpy(out, renamed[i][1], 3); /* two letters and the NUL */
            return 1;
        }
    if (!strcmp(low, "und"))
        return 0;
    memcpy(out, low, k + 1);
    return 1;
}

static void set(langid_result *r, const char *code)
{
    char tmp[8];
    if (!code || !langid_norm_tag(code, strlen(code), tmp) || !strcmp(tmp, "un"))
        memcpy(tmp, "und", 4);
    memcpy(r->lang, tmp, sizeof r->lang);
}

void langid_detect(const char *s, size_t n, const char *hint, langid_result *out)
{
    memset(out, 0, sizeof *out);
    memcpy(out->lang, "und", 4);
    char h[8] = "";
    int have_hint = hint && langid_norm_tag(hint, strlen(hint), h);
    if (n > (size_t)1 << 30)
        n = (size_t)1 << 30;
    int reliable = 0, pct = 0, pct2 = 0;
    const char *second = NULL;
    const char *code = n ? td_cld2_detect(s, (int)n, 1, &reliable, &pct, &second, &pct2)
                         : "un";
    char det[8];
    set(out, code);
    memcpy(det, out->lang, sizeof det);
    memcpy(out->detected, det, sizeof det);
    out->percent = pct;
    out->reliable = reliable;
    int unsure = !reliable || !strcmp(det, "und");
    if (have_hint) {
        char sec[8];
        set(out, second);
        memcpy(sec, out->lang, sizeof sec);
        memcpy(out->lang, det, sizeof det);
        /* the hint stands when the text agrees, or cannot tell */
        if (!strcmp(det, h) || (!strcmp(sec, h) && pct2 >= 20) || n < LANGID_MIN_BYTES ||
            unsure) {
            memcpy(out->lang, h, sizeof h);
            out->from_hint = 1;
        }
        return;
    }
    if (unsure && (n < LANGID_MIN_BYTES || pct < 50))
        memcpy(out->lang, "und", 4);
}

/* Languages CLD2 confuses with a close sibling on a short sample. */
static int has_sibling(const char *lang)
{
    static const char close[] = " af bs ca cs da es fy gl hr id me mk ms nl nn no pt sk sr sv bg be ru uk hi mr ne ";
    char key[8];
    size_t n = strlen(lang);
    if (n + 2 >= sizeof key)
        return 0;
    key[0] = ' ';
    memcpy(key + 1, lang, n);
    key[n + 1] = ' ';
    key[n + 2] = 0;
    return strstr(close, key) != NULL;
}

void langid_detect_staged(const char *s, size_t n, size_t first, const char *hint,
                          langid_result *out)
{
    if (first >= n) {
        langid_detect(s, n, hint, out);
        return;
    }
    langid_detect(s, first, hint, out);
    char h[8];
    int sure;
    if (hint && langid_norm_tag(hint, strlen(hint), h))
        sure = !strcmp(out->detected, h) || !out->reliable;
    else
        sure = out->reliable && out->percent >= 90 && strcmp(out->lang, "und") &&
               !has_sibling(out->lang);
    if (!sure)
        langid_detect(s, n, hint, out);
}
