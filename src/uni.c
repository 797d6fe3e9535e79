/* uni.c -- Unicode services on top of ICU.
 *
 * ICU works on UTF-16; the engine works on UTF-8. Each call converts into a
 * scratch UTF-16 buffer held by the context, together with a map from each
 * UTF-16 unit back to its UTF-8 byte offset, so that segment boundaries can
 * be reported as byte offsets. ASCII tokens take a fast path in uni_fold().
 * uni_words() keeps the text it segments in a buffer of its own: the break
 * iterator reads it while the callback folds and transliterates the words
 * it is given, through the shared scratch buffer.
 *
 * Folding and transliteration are pure functions of the word. Folding
 * goes one code point at a time through a table the context fills from
 * ICU on first use (fold_cp); the few texts that must be folded whole
 * (marks that strip or compose across code points, supplementary
 * characters) and transliteration take ICU, and as the words of news
 * repeat (Zipf), the context memoises their results in a direct-mapped
 * table, so most such calls cost a hash and a compare. Word segmentation is
 * memoised too, by the chunks of text between spaces (uni_words).
 */
#include "td_config.h"

#include <stdio.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/uloc.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

#include "hash.h"
#include "tidings.h"
#include "uni.h"
#include "utf8.h"
#include "xmalloc.h"

/* A text in UTF-16, and for each unit the UTF-8 offset it starts at. */
typedef struct text16 {
    UChar *u16;
    size_t *map; /* n + 1 entries */
    size_t cap;
} text16;

/* One memoised result: op (MEMO_*), the word and what it became. Words
 * and results too long for a slot are not memoised. */
enum { MEMO_FOLD, MEMO_FOLD_STRIP, MEMO_LATIN };
#define MEMO_SLOTS 8192 /* about 1.1 MB a context, allocated on first use */
#define MEMO_IN 46
#define MEMO_OUT 78
typedef struct memo_slot {
    uint64_t h;
    uint8_t op, in_len, out_len, used;
    char in[MEMO_IN];
    char out[MEMO_OUT];
} memo_slot;

/* The memoised segments of one chunk of text (uni_words): offsets in the
 * chunk and kind (| 8 for katakana). Chunks longer than WMEMO_IN bytes or
 * of more than WMEMO_SEGS segments are not memoised. */
#define WMEMO_SLOTS 32768 /* about 2.2 MB a context, allocated on first use */
#define WMEMO_IN 40
#define WMEMO_SEGS 6
typedef struct wmemo_slot {
    uint64_t h;
    uint8_t len, nseg, used;
    char in[WMEMO_IN];
    uint8_t seg[WMEMO_SEGS][3];
} wmemo_slot;

/* Folding one BMP code point at a time (uni_fold): its full case folding,
 * and that with the marks stripped, each as UTF-8. Full case folding
 * (ICU's default) is a function of each code point alone, so a text folds
 * to its code points' foldings one after another. Stripping marks and
 * recomposing look at neighbours, but not across a code point whose
 * decomposition starts with a character that neither combines with what
 * comes before it nor is a mark (can_strip): a text of such code points
 * strips to its code points' results one after another. Lazily filled
 * pages of 256 code points. */
#define CP_OUT 10
typedef struct fold_cp {
    uint8_t known, can_strip;
    uint8_t len[2];   /* [0] folded, [1] folded and stripped */
    char out[2][CP_OUT];
} fold_cp;
#define FOLD_PAGES 256

struct uni_ctx {
    UBreakIterator *words;
    const UNormalizer2 *nfkc;
    const UNormalizer2 *nfd;
    UTransliterator *latin; /* created on first use */
    text16 s16;             /* scratch: the text of one call */
    text16 w16;             /* the text uni_words segments */
    UChar *tmp;             /* scratch for folding */
    size_t cap_tmp;
    UChar *dec, *comp;      /* scratch for stripping marks (uni_fold) */
    size_t cap_dec, cap_comp;
    memo_slot *memo;        /* MEMO_SLOTS, NULL before the first use */
    wmemo_slot *wmemo;      /* WMEMO_SLOTS, the same */
    fold_cp *fold_page[FOLD_PAGES]; /* 256 code points each, NULL until used */
};

/* The memoised result of op on s[0..n), or NULL. */
static const memo_slot *memo_get(uni_ctx *u, int op, const char *s, size_t n, uint64_t *h)
{
    if (n > MEMO_IN)
        return NULL;
    *h = hash_bytes(s, n, (uint64_t)op + 1);
    if (!u->memo)
        return NULL;
    const memo_slot *m = &u->memo[*h & (MEMO_SLOTS - 1)];
    if (m->used && m->h == *h && m->op == op && m->in_len == n && !memcmp(m->in, s, n))
        return m;
    return NULL;
}

static void memo_put(uni_ctx *u, int op, const char *s, size_t n, uint64_t h,
                     const char *out, size_t len)
{
    if (n > MEMO_IN || len >= MEMO_OUT)
        return;
    if (!u->memo)
        u->memo = xcalloc(MEMO_SLOTS, sizeof *u->memo);
    memo_slot *m = &u->memo[h & (MEMO_SLOTS - 1)];
    m->h = h;
    m->op = (uint8_t)op;
    m->in_len = (uint8_t)n;
    m->out_len = (uint8_t)len;
    m->used = 1;
    memcpy(m->in, s, n);
    memcpy(m->out, out, len);
    m->out[len] = 0;
}

/* A memoised result into out[cap], as copy_out gives it: 0 when it does
 * not fit. */
static size_t memo_out(const memo_slot *m, char *out, size_t cap)
{
    if ((size_t)m->out_len + 1 > cap)
        return 0;
    memcpy(out, m->out, (size_t)m->out_len + 1);
    return m->out_len;
}

uni_ctx *uni_new(void)
{
    UErrorCode st = U_ZERO_ERROR;
    uni_ctx *u = xcalloc(1, sizeof *u);
    u->words = ubrk_open(UBRK_WORD, "", NULL, 0, &st);
    if (U_FAILURE(st))
        goto fail;
    u->nfkc = unorm2_getNFKCInstance(&st);
    if (U_FAILURE(st))
        goto fail;
    u->nfd = unorm2_getNFDInstance(&st);
    if (U_FAILURE(st))
        goto fail;
    return u;
fail:
    uni_free(u);
    return NULL;
}

void uni_free(uni_ctx *u)
{
    if (!u)
        return;
    if (u->words)
        ubrk_close(u->words);
    if (u->latin)
        utrans_close(u->latin);
    xfree(u->s16.u16);
    xfree(u->s16.map);
    xfree(u->w16.u16);
    xfree(u->w16.map);
    xfree(u->tmp);
    xfree(u->dec);
    xfree(u->comp);
    xfree(u->memo);
    xfree(u->wmemo);
    for (size_t i = 0; i < FOLD_PAGES; i++)
        xfree(u->fold_page[i]);
    xfree(u);
}

/* Convert s[0..n) to UTF-16 in t, filling its map. Returns units. */
static size_t to16_in(text16 *t, const char *s, size_t n)
{
    if (n + 1 > t->cap) {
        size_t c = t->cap ? t->cap : 256;
        while (c < n + 1)
            c *= 2;
        t->u16 = xrealloc(t->u16, c * sizeof(UChar));
        t->map = xrealloc(t->map, (c + 1) * sizeof(size_t));
        t->cap = c;
    }
    size_t i = 0, k = 0;
    while (i < n) {
        size_t len;
        uint32_t cp = (unsigned char)s[i] < 0x80 ? (len = 1, (unsigned char)s[i])
                                                 : utf8_decode(s + i, n - i, &len);
        if (cp >= 0x10000) {
            cp -= 0x10000;
            t->map[k] = i;
            t->u16[k++] = (UChar)(0xD800 + (cp >> 10));
            t->map[k] = i;
            t->u16[k++] = (UChar)(0xDC00 + (cp & 0x3FF));
        } else {
            t->map[k] = i;
            t->u16[k++] = (UChar)cp;
        }
        i += len;
    }
    t->map[k] = n;
    return k;
}

/* The same into the shared scratch text (u->s16). */
static size_t to16(uni_ctx *u, const char *s, size_t n)
{
    return to16_in(&u->s16, s, n);
}

/* Append UTF-16 src[0..n) to out as UTF-8. */
static void from16(const UChar *src, size_t n, buf *out)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t cp = src[i];
        if (cp >= 0xD800 && cp <= 0xDBFF && i + 1 < n && src[i + 1] >= 0xDC00 &&
            src[i + 1] <= 0xDFFF) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (src[i + 1] - 0xDC00);
            i++;
        }
        char tmp[4];
        buf_add(out, tmp, utf8_encode(cp, tmp));
    }
}

/* Write UTF-16 src[0..n) as UTF-8 to out (cap bytes with the NUL).
 * Returns the length, 0 when empty or when it would not fit. */
static size_t copy_out(const UChar *src, size_t n, char *out, size_t cap)
{
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t cp = src[i];
        if (cp < 0x80 && len + 1 < cap) { /* the common case */
            out[len++] = (char)cp;
            continue;
        }
        if (cp >= 0xD800 && cp <= 0xDBFF && i + 1 < n && src[i + 1] >= 0xDC00 &&
            src[i + 1] <= 0xDFFF) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (src[i + 1] - 0xDC00);
            i++;
        }
        char tmp[4];
        size_t k = utf8_encode(cp, tmp);
        if (len + k + 1 > cap)
            return 0;
        memcpy(out + len, tmp, k);
        len += k;
    }
    if (!len)
        return 0;
    out[len] = 0;
    return len;
}

static void grow_tmp(uni_ctx *u, size_t need)
{
    xgrow((void **)&u->tmp, &u->cap_tmp, need, sizeof(UChar));
}

int uni_nfkc(uni_ctx *u, const char *s, size_t n, buf *out)
{
    UErrorCode st = U_ZERO_ERROR;
    size_t n16 = to16(u, s, n);
    int32_t yes = unorm2_spanQuickCheckYes(u->nfkc, u->s16.u16, (int32_t)n16, &st);
    if (U_FAILURE(st) || (size_t)yes == n16)
        return buf_add(out, s, n);
    /* copy the normalized prefix as it is, normalize the rest */
    size_t pre = u->s16.map[yes];
    buf_add(out, s, pre);
    size_t rest = n16 - (size_t)yes;
    size_t need = rest * 4 + 16;
    grow_tmp(u, need);
    st = U_ZERO_ERROR;
    int32_t m = unorm2_normalize(u->nfkc, u->s16.u16 + yes, (int32_t)rest, u->tmp,
                                 (int32_t)u->cap_tmp, &st);
    if (st == U_BUFFER_OVERFLOW_ERROR) {
        grow_tmp(u, (size_t)m + 1);
        st = U_ZERO_ERROR;
        m = unorm2_normalize(u->nfkc, u->s16.u16 + yes, (int32_t)rest, u->tmp,
                             (int32_t)u->cap_tmp, &st);
    }
    if (U_FAILURE(st))
        return buf_add(out, s + pre, n - pre);
    from16(u->tmp, (size_t)m, out);
    return out->rc;
}

/* Is u16[from..to) katakana letters only (the prolonged sound mark
 * included, the middle dot that parts names not)? */
static int katakana_run(const UChar *u16, int32_t from, int32_t to)
{
    for (int32_t i = from; i < to; i++)
        if (!((u16[i] >= 0x30A1 && u16[i] <= 0x30FA) || u16[i] == 0x30FC))
            return 0;
    return to > from;
}

/* Where segments go: to the caller's callback, adjacent katakana segments
 * joined (the dictionary cuts a katakana word it does not know, most often
 * a foreign name, into pieces: バイデン -> バイ デ ン), and, while a chunk
 * is being memoised, into rec. */
typedef struct emitter {
    uni_word_fn fn;
    void *user;
    size_t kana_from, kana_to; /* a pending katakana word, when kana */
    int kana;
    size_t rec_base, rec_n; /* recording: the chunk's offset, segments */
    int recording, rec_full;
    uint8_t rec[WMEMO_SEGS][3];
} emitter;

static int emit(emitter *em, size_t start, size_t end, int kind, int kana)
{
    if (em->recording) {
        if (em->rec_n < WMEMO_SEGS) {
            uint8_t *r = em->rec[em->rec_n];
            r[0] = (uint8_t)(start - em->rec_base);
            r[1] = (uint8_t)(end - em->rec_base);
            r[2] = (uint8_t)(kind | (kana ? 8 : 0));
        }
        em->rec_full |= ++em->rec_n > WMEMO_SEGS;
    }
    if (kana && em->kana && em->kana_to == start) {
        em->kana_to = end;
        return 0;
    }
    if (em->kana) {
        em->kana = 0;
        int rc = em->fn(em->user, em->kana_from, em->kana_to, UNI_WORD_IDEO);
        if (rc)
            return rc;
    }
    if (kana) {
        em->kana = 1;
        em->kana_from = start;
        em->kana_to = end;
        return 0;
    }
    return em->fn(em->user, start, end, kind);
}

/* Segment s[from..to) with ICU, reporting byte offsets into s. */
static int segment_icu(uni_ctx *u, const char *s, size_t from, size_t to, emitter *em)
{
    UErrorCode st = U_ZERO_ERROR;
    size_t n16 = to16_in(&u->w16, s + from, to - from);
    const UChar *u16 = u->w16.u16;
    const size_t *map = u->w16.map;
    ubrk_setText(u->words, u16, (int32_t)n16, &st);
    if (U_FAILURE(st))
        return TD_ERR_INTERNAL;
    int32_t start = ubrk_first(u->words);
    for (int32_t end = ubrk_next(u->words); end != UBRK_DONE;
         start = end, end = ubrk_next(u->words)) {
        int32_t tag = ubrk_getRuleStatus(u->words);
        int kind;
        if (tag >= UBRK_WORD_NONE && tag < UBRK_WORD_NONE_LIMIT)
            continue;
        if (tag >= UBRK_WORD_NUMBER && tag < UBRK_WORD_NUMBER_LIMIT)
            kind = UNI_WORD_NUMBER;
        else if (tag >= UBRK_WORD_LETTER && tag < UBRK_WORD_LETTER_LIMIT)
            kind = UNI_WORD_LETTER;
        else
            kind = UNI_WORD_IDEO; /* kana and ideographic */
        int kana = kind == UNI_WORD_IDEO && katakana_run(u16, start, end);
        int rc = emit(em, from + map[start], from + map[end], kind, kana);
        if (rc)
            return rc;
    }
    return 0;
}

/* The end of the text: the pending katakana word, if any. */
static int emit_end(emitter *em)
{
    return em->kana ? em->fn(em->user, em->kana_from, em->kana_to, UNI_WORD_IDEO) : 0;
}

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Does the code point at s[0..n) attach to what precedes it (a combining
 * mark, a format character, a joiner: word break rule WB4)? */
static int attaches(const char *s, size_t n)
{
    if ((unsigned char)s[0] < 0x80)
        return 0;
    size_t len;
    int32_t wb = u_getIntPropertyValue((UChar32)utf8_decode(s, n, &len), UCHAR_WORD_BREAK);
    return wb == U_WB_EXTEND || wb == U_WB_FORMAT || wb == U_WB_ZWJ;
}

int uni_words_whole(uni_ctx *u, const char *s, size_t n, uni_word_fn fn, void *user)
{
    emitter em = {fn, user, 0, 0, 0, 0, 0, 0, 0, {{0}}};
    int rc = segment_icu(u, s, 0, n, &em);
    return rc ? rc : emit_end(&em);
}

/* The word break rules always break before and after a space, a tab and a
 * line end, and nothing after one reaches back before it, except a mark or
 * format character, which attaches to the space (WB4). So the text is cut
 * into chunks at those characters and each chunk is segmented alone: the
 * same segments as the whole text in one piece (test_uni_words_chunks). A
 * chunk that starts with such a mark is segmented from the space before
 * it, as the rules see it (ICU 72 gives the same words either way on
 * every case tried, but the rules do not promise it). Words repeat, and
 * so do chunks ("said,", "Putin's"): the segments of a short chunk are
 * memoised. */
int uni_words(uni_ctx *u, const char *s, size_t n, uni_word_fn fn, void *user)
{
    emitter em = {fn, user, 0, 0, 0, 0, 0, 0, 0, {{0}}};
    int rc = 0;
    size_t i = 0;
    while (!rc && i < n) {
        while (i < n && is_space((unsigned char)s[i]))
            i++;
        if (i == n)
            break;
        size_t c0 = i;
        while (i < n && !is_space((unsigned char)s[i]))
            i++;
        size_t len = i - c0;
        if (attaches(s + c0, len)) {
            rc = segment_icu(u, s, c0 ? c0 - 1 : 0, i, &em);
            continue;
        }
        if (len > WMEMO_IN) {
            rc = segment_icu(u, s, c0, i, &em);
            continue;
        }
        uint64_t h = hash_bytes(s + c0, len, 0x9e3779b97f4a7c15u);
        if (!u->wmemo)
            u->wmemo = xcalloc(WMEMO_SLOTS, sizeof *u->wmemo);
        wmemo_slot *m = &u->wmemo[h & (WMEMO_SLOTS - 1)];
        if (m->used && m->h == h && m->len == len && !memcmp(m->in, s + c0, len)) {
            for (size_t k = 0; k < m->nseg && !rc; k++)
                rc = emit(&em, c0 + m->seg[k][0], c0 + m->seg[k][1], m->seg[k][2] & 7,
                          m->seg[k][2] & 8);
            continue;
        }
        em.recording = 1;
        em.rec_base = c0;
        em.rec_n = 0;
        em.rec_full = 0;
        rc = segment_icu(u, s, c0, i, &em);
        em.recording = 0;
        if (!rc && !em.rec_full) {
            m->h = h;
            m->len = (uint8_t)len;
            m->nseg = (uint8_t)em.rec_n;
            m->used = 1;
            memcpy(m->in, s + c0, len);
            memcpy(m->seg, em.rec, em.rec_n * sizeof em.rec[0]);
        }
    }
    return rc ? rc : emit_end(&em);
}

static int strippable(UChar base)
{
    return base < 0x0530 || (base >= 0x1E00 && base <= 0x1FFF);
}

static size_t fold_icu(uni_ctx *u, const char *s, size_t n, int strip_marks, char *out,
                       size_t cap);

/* 1 when c neither combines with a character before it nor is a mark:
 * nothing before it changes what it becomes, and it changes nothing
 * before it. */
static int starter(UChar32 c)
{
    if (u_getCombiningClass(c) != 0 ||
        u_getIntPropertyValue(c, UCHAR_NFC_QUICK_CHECK) != UNORM_YES)
        return 0;
    int8_t t = u_charType(c);
    return t != U_NON_SPACING_MARK && t != U_COMBINING_SPACING_MARK && t != U_ENCLOSING_MARK;
}

/* Fill f for BMP code point cp (not a surrogate) with fold_icu's results
 * for the code point alone. */
static void fold_cp_fill(uni_ctx *u, uint32_t cp, fold_cp *f)
{
    char tmp[4];
    size_t k = utf8_encode(cp, tmp);
    f->known = 1;
    f->can_strip = 0;
    for (int strip = 0; strip < 2; strip++) {
        char o[4 * CP_OUT];
        size_t len = fold_icu(u, tmp, k, strip, o, sizeof o);
        if (!len || len > CP_OUT) { /* none is, but then it takes ICU */
            f->len[0] = f->len[1] = 0;
            return;
        }
        memcpy(f->out[strip], o, len);
        f->len[strip] = (uint8_t)len;
    }
    /* the first character of its folding's decomposition */
    UChar src[1] = {(UChar)cp}, fo[8], d[32];
    UErrorCode st = U_ZERO_ERROR;
    int32_t m = u_strFoldCase(fo, 8, src, 1, U_FOLD_CASE_DEFAULT, &st);
    if (U_FAILURE(st) || m < 1)
        return;
    int32_t dn = unorm2_normalize(u->nfd, fo, m, d, 32, &st);
    if (U_FAILURE(st) || dn < 1 || U16_IS_SURROGATE(d[0]))
        return;
    f->can_strip = (uint8_t)(starter((UChar32)cp) && starter(d[0]));
}

/* uni_fold of a text that is not all ASCII, one code point at a time;
 * SIZE_MAX when a code point needs the whole text (a supplementary one,
 * or, stripping marks, one that is no starter). A result that does not
 * fit is 0 only when no such code point follows (ICU, recomposing, might
 * have made it shorter). */
static size_t fold_by_cp(uni_ctx *u, const char *s, size_t n, int strip, char *out, size_t cap)
{
    size_t o = 0;
    int over = 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            if (over || o + 2 > cap)
                over = 1;
            else
                out[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            i++;
            continue;
        }
        size_t len;
        uint32_t cp = utf8_decode(s + i, n - i, &len);
        if (cp >= 0x10000 || (cp >= 0xD800 && cp <= 0xDFFF))
            return SIZE_MAX;
        fold_cp *page = u->fold_page[cp >> 8];
        if (!page)
            page = u->fold_page[cp >> 8] = xcalloc(256, sizeof *page);
        fold_cp *f = &page[cp & 255];
        if (!f->known)
            fold_cp_fill(u, cp, f);
        if (!f->len[0] || (strip && !f->can_strip))
            return SIZE_MAX;
        size_t k = f->len[strip];
        if (o + k + 1 > cap) {
            over = 1;
        } else if (!over) {
            memcpy(out + o, f->out[strip], k);
            o += k;
        }
        i += len;
    }
    if (!o || over)
        return 0;
    out[o] = 0;
    return o;
}

size_t uni_fold_whole(uni_ctx *u, const char *s, size_t n, int strip_marks, char *out,
                      size_t cap)
{
    return n ? fold_icu(u, s, n, strip_marks, out, cap) : 0;
}

static int all_ascii(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80)
            return 0;
    return 1;
}

/* uni_fold of an ASCII text, A-Z -> a-z, lowered in the pass that checks
 * it is ASCII: its length (0: no room), or SIZE_MAX when s is not all
 * ASCII (out may then hold a lowered prefix). */
static size_t ascii_fold(const char *s, size_t n, char *out, size_t cap)
{
    if (n >= cap)
        return all_ascii(s, n) ? 0 : SIZE_MAX;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if ((unsigned char)c & 0x80)
            return SIZE_MAX;
        out[i] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
    }
    out[n] = 0;
    return n;
}

size_t uni_fold(uni_ctx *u, const char *s, size_t n, int strip_marks, char *out,
                size_t cap)
{
    size_t ascii = ascii_fold(s, n, out, cap);
    if (ascii != SIZE_MAX)
        return ascii;
    size_t fast = fold_by_cp(u, s, n, strip_marks, out, cap);
    if (fast != SIZE_MAX)
        return fast;
    int op = strip_marks ? MEMO_FOLD_STRIP : MEMO_FOLD;
    uint64_t h = 0;
    const memo_slot *m0 = memo_get(u, op, s, n, &h);
    if (m0)
        return memo_out(m0, out, cap);
    size_t len = fold_icu(u, s, n, strip_marks, out, cap);
    if (len)
        memo_put(u, op, s, n, h, out, len);
    return len;
}

/* uni_fold of a text that is not all ASCII. */
static size_t fold_icu(uni_ctx *u, const char *s, size_t n, int strip_marks, char *out,
                       size_t cap)
{
    UErrorCode st = U_ZERO_ERROR;
    size_t n16 = to16(u, s, n);
    grow_tmp(u, n16 * 3 + 8);
    int32_t m = u_strFoldCase(u->tmp, (int32_t)u->cap_tmp, u->s16.u16, (int32_t)n16,
                              U_FOLD_CASE_DEFAULT, &st);
    if (U_FAILURE(st))
        return 0;
    const UChar *res = u->tmp;
    size_t rlen = (size_t)m;
    if (strip_marks) {
        size_t cap16 = rlen * 4 + 8;
        xgrow((void **)&u->dec, &u->cap_dec, cap16, sizeof(UChar));
        UChar *dec = u->dec;
        st = U_ZERO_ERROR;
        int32_t d = unorm2_normalize(u->nfd, u->tmp, m, dec, (int32_t)cap16, &st);
        if (U_SUCCESS(st)) {
            size_t k = 0;
            UChar base = 0;
            for (int32_t j = 0; j < d; j++) {
                UChar c = dec[j];
                if (u_charType(c) == U_NON_SPACING_MARK && strippable(base))
                    continue;
                base = c;
                dec[k++] = c;
            }
            /* recompose what remains (Cyrillic й was kept whole above only
             * if its base is outside the strippable range) */
            xgrow((void **)&u->comp, &u->cap_comp, k + 8, sizeof(UChar));
            UChar *comp = u->comp;
            const UNormalizer2 *nfc;
            st = U_ZERO_ERROR;
            nfc = unorm2_getNFCInstance(&st);
            int32_t c2 = U_SUCCESS(st) ? unorm2_normalize(nfc, dec, (int32_t)k, comp,
                                                          (int32_t)k + 8, &st)
                                       : 0;
            if (U_SUCCESS(st)) {
                memcpy(dec, comp, (size_t)c2 * sizeof(UChar));
                k = (size_t)c2;
            }
            res = dec;
            rlen = k;
        }
    }
    return copy_out(res, rlen, out, cap);
}

static size_t latin_icu(uni_ctx *u, const char *s, size_t n, char *out, size_t cap);

size_t uni_latin(uni_ctx *u, const char *s, size_t n, char *out, size_t cap)
{
    /* ASCII: Any-Latin and Latin-ASCII leave it as it is; Lower is
     * A-Z -> a-z */
    if (!n)
        return 0;
    size_t ascii = ascii_fold(s, n, out, cap);
    if (ascii != SIZE_MAX)
        return ascii;
    uint64_t h = 0;
    const memo_slot *m = memo_get(u, MEMO_LATIN, s, n, &h);
    if (m)
        return memo_out(m, out, cap);
    size_t len = latin_icu(u, s, n, out, cap);
    if (len)
        memo_put(u, MEMO_LATIN, s, n, h, out, len);
    return len;
}

static size_t latin_icu(uni_ctx *u, const char *s, size_t n, char *out, size_t cap)
{
    UErrorCode st = U_ZERO_ERROR;
    if (!u->latin) {
        static const char id[] = "Any-Latin; Latin-ASCII; Lower";
        UChar uid[64];
        u_uastrcpy(uid, id);
        u->latin = utrans_openU(uid, -1, UTRANS_FORWARD, NULL, 0, NULL, &st);
        if (U_FAILURE(st)) {
            u->latin = NULL;
            return 0;
        }
    }
    size_t n16 = to16(u, s, n);
    grow_tmp(u, n16 * 4 + 16);
    memcpy(u->tmp, u->s16.u16, n16 * sizeof(UChar));
    int32_t len = (int32_t)n16, limit = (int32_t)n16;
    utrans_transUChars(u->latin, u->tmp, &len, (int32_t)u->cap_tmp, 0, &limit, &st);
    if (U_FAILURE(st))
        return 0;
    return copy_out(u->tmp, (size_t)len, out, cap);
}

const char *const *uni_regions(void)
{
    return uloc_getISOCountries();
}

size_t uni_region_name(const char *region, const char *lang, char *out, size_t cap)
{
    char loc[16];
    snprintf(loc, sizeof loc, "und_%s", region);
    UChar name[128];
    UErrorCode st = U_ZERO_ERROR;
    int32_t n = uloc_getDisplayCountry(loc, lang, name, 128, &st);
    if (U_FAILURE(st) || n <= 0 || st == U_USING_DEFAULT_WARNING)
        return 0;
    return copy_out(name, (size_t)n, out, cap);
}

int uni_is_upper_icu(uint32_t cp)
{
    return u_isupper((UChar32)cp) || u_istitle((UChar32)cp);
}

int uni_is_alpha_icu(uint32_t cp)
{
    return u_isalpha((UChar32)cp);
}

int uni_is_digit_icu(uint32_t cp)
{
    return u_isdigit((UChar32)cp);
}

int uni_digit_value(uint32_t cp)
{
    if (cp < 0x80)
        return (cp >= '0' && cp <= '9') ? (int)(cp - '0') : -1;
    return u_charDigitValue((UChar32)cp);
}

int uni_is_ideo(uint32_t cp)
{
    if (cp < 0x0E00)
        return 0;
    UErrorCode st = U_ZERO_ERROR;
    UScriptCode sc = uscript_getScript((UChar32)cp, &st);
    return sc == USCRIPT_HAN || sc == USCRIPT_HIRAGANA || sc == USCRIPT_KATAKANA ||
           sc == USCRIPT_HANGUL || sc == USCRIPT_THAI || sc == USCRIPT_LAO ||
           sc == USCRIPT_KHMER || sc == USCRIPT_MYANMAR;
}
