/* tok.c -- word tokens with case, sentence and number information. */
#include "td_config.h"

#include <stdint.h>
#include <string.h>

#include "tok.h"
#include "utf8.h"

#define TOK_STOP (-1) /* internal: the token cap was reached */

typedef struct run {
    uni_ctx *u;
    const char *text;
    size_t n;
    tok_fn fn;
    void *user;
    size_t prev_end;
    unsigned index, para;
    int first;
    char fold[TD_MAX_TOKEN_BYTES * 2 + 8];
} run;

static int is_apos(uint32_t cp)
{
    return cp == '\'' || cp == 0x2019 || cp == 0x2018 || cp == 0x02BC;
}

/* Has the word w a byte equal to each of b's? (b: the byte repeated) */
static uint64_t has_byte(uint64_t w, uint64_t b)
{
    uint64_t x = w ^ b;
    return (x - 0x0101010101010101ull) & ~x & 0x8080808080808080ull;
}

/* Has the word w a byte an apostrophe of is_apos starts with? Zero bytes
 * (padding) are none of them. */
static int apos_lead(uint64_t w)
{
    return (has_byte(w, 0x2727272727272727ull) | has_byte(w, 0xE2E2E2E2E2E2E2E2ull) |
            has_byte(w, 0xCACACACACACACACAull)) != 0;
}

/* 1 when s[0..n) has a byte an apostrophe of is_apos starts with (most
 * words have none, and are not decoded to find out): 8 bytes at a time,
 * the last 8 overlapping those before. */
static int may_have_apos(const char *s, size_t n)
{
    uint64_t w = 0;
    if (n < 8) {
        memcpy(&w, s, n);
        return apos_lead(w);
    }
    for (size_t i = 0; i + 8 < n; i += 8) {
        memcpy(&w, s + i, 8);
        if (apos_lead(w))
            return 1;
    }
    memcpy(&w, s + n - 8, 8);
    return apos_lead(w);
}

/* Sentence and paragraph boundaries from the gap between two words. */
static void gap_flags(run *r, size_t from, size_t to, unsigned *flags)
{
    int nl = 0;
    for (size_t i = from; i < to; i++) {
        char c = r->text[i];
        if (c == '\n') {
            nl++;
            *flags |= TOK_SENT_START;
        } else if (c == '.' || c == '!' || c == '?' || c == ';') {
            *flags |= TOK_SENT_START;
        } else if ((unsigned char)c == 0xE3 && i + 2 < to &&
                   (unsigned char)r->text[i + 1] == 0x80 &&
                   (unsigned char)r->text[i + 2] == 0x82) {
            *flags |= TOK_SENT_START; /* 。 */
        }
    }
    if (nl >= 1 && r->index > 0) {
        *flags |= TOK_PARA_START;
        r->para++;
    }
}

static unsigned case_flags(const char *s, size_t n)
{
    size_t i = 0, len;
    unsigned letters = 0, upper = 0, flags = 0;
    int first = 1;
    while (i < n) {
        uint32_t cp = utf8_decode(s + i, n - i, &len);
        i += len;
        if (uni_is_digit(cp)) {
            flags |= TOK_HAS_DIGIT;
            continue;
        }
        if (!uni_is_alpha(cp))
            continue;
        letters++;
        if (uni_is_upper(cp)) {
            upper++;
            if (first)
                flags |= TOK_CAP;
        }
        first = 0;
    }
    if (letters >= 2 && upper == letters)
        flags |= TOK_ALLCAPS;
    return flags;
}

/* Digits of a number token in ASCII; separators dropped. Returns length,
 * 0 when it holds no digit. Sets *ordinal when letters follow. */
static size_t number_fold(const char *s, size_t n, char *out, size_t cap, int *ordinal)
{
    size_t i = 0, k = 0, len;
    *ordinal = 0;
    while (i < n) {
        uint32_t cp = utf8_decode(s + i, n - i, &len);
        int d = uni_digit_value(cp);
        if (d >= 0) {
            if (k + 2 > cap)
                return 0;
            out[k++] = (char)('0' + d);
        } else if (uni_is_alpha(cp)) {
            *ordinal = 1;
            break;
        }
        i += len;
    }
    out[k] = 0;
    return k;
}

static int on_word(void *user, size_t start, size_t end, int kind)
{
    run *r = user;
    if (r->index >= TD_MAX_TOKENS_PER_DOC)
        return TOK_STOP;
    const char *s = r->text + start;
    size_t n = end - start;
    tok t;
    memset(&t, 0, sizeof t);
    t.flags = 0;
    gap_flags(r, r->prev_end, start, &t.flags);
    if (r->first) {
        t.flags |= TOK_SENT_START | TOK_PARA_START;
        r->first = 0;
    }
    r->prev_end = end;

    /* apostrophes: choose the meaningful part */
    if (kind == UNI_WORD_LETTER && may_have_apos(s, n)) {
        size_t i = 0, len;
        while (i < n) {
            uint32_t cp = utf8_decode(s + i, n - i, &len);
            if (is_apos(cp) && i > 0 && i + len < n) {
                size_t pre = i, suf = n - i - len;
                /* count characters, not bytes */
                size_t pre_ch = 0, suf_ch = 0, q, l2;
                for (q = 0; q < pre; q += l2, pre_ch++)
                    utf8_decode(s + q, pre - q, &l2);
                for (q = i + len; q < n; q += l2, suf_ch++)
                    utf8_decode(s + q, n - q, &l2);
                if (pre_ch <= 2) {          /* l'Élysée, d'Italia, qu'il */
                    start += i + len;
                    s += i + len;
                    n = suf;
                } else if (suf_ch == 1 && (s[i + len] | 32) == 't') {
                    /* don't, can't: the whole word (a stopword) */
                } else if (suf_ch <= 3) {   /* Putin's, Putin'in */
                    n = pre;
                    end = start + n;
                }
                break;
            }
            i += len;
        }
    }
    t.surf = s;
    t.surf_len = n;
    t.start = start;
    t.end = end;
    if (kind == UNI_WORD_IDEO)
        t.flags |= TOK_IDEO;
    t.flags |= case_flags(s, n);
    if (kind == UNI_WORD_NUMBER ||
        (kind == UNI_WORD_LETTER && (t.flags & TOK_HAS_DIGIT) && uni_is_digit((unsigned char)s[0]))) {
        int ordinal;
        size_t k = number_fold(s, n, r->fold, sizeof r->fold, &ordinal);
        if (k && k <= 18) {
            t.flags |= TOK_NUM | (ordinal ? TOK_ORDINAL : 0);
            t.fold = r->fold;
            t.fold_len = k;
            t.flags &= ~(unsigned)(TOK_CAP | TOK_ALLCAPS);
        }
    }
    if (!t.fold) {
        if (n > TD_MAX_TOKEN_BYTES)
            goto skip;
        t.fold_len = uni_fold(r->u, s, n, 0, r->fold, sizeof r->fold);
        if (!t.fold_len || t.fold_len > TD_MAX_TOKEN_BYTES)
            goto skip;
        t.fold = r->fold;
    }
    t.index = r->index++;
    t.para = r->para;
    return r->fn(r->user, &t);
skip:
    return 0;
}

int tok_run(uni_ctx *u, const char *text, size_t n, tok_fn fn, void *user)
{
    run r;
    memset(&r, 0, sizeof r);
    r.u = u;
    r.text = text;
    r.n = n;
    r.fn = fn;
    r.user = user;
    r.first = 1;
    int rc = uni_words(u, text, n, on_word, &r);
    return rc == TOK_STOP ? 0 : rc;
}
