/* clean.c -- normalization and scraping-noise removal. */
#include "td_config.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clean.h"
#include "hash.h"
#include "hsort.h"
#include "utf8.h"
#include "xmalloc.h"

/* =====================================================================
 * Normalization
 * =================================================================== */

static const struct {
    const char *name;
    uint32_t cp;
} entities[] = {
    {"amp", '&'},      {"lt", '<'},       {"gt", '>'},       {"quot", '"'},
    {"apos", '\''},    {"nbsp", ' '},     {"ndash", 0x2013}, {"mdash", 0x2014},
    {"lsquo", 0x2018}, {"rsquo", 0x2019}, {"ldquo", 0x201C}, {"rdquo", 0x201D},
    {"laquo", 0xAB},   {"raquo", 0xBB},   {"hellip", 0x2026},{"euro", 0x20AC},
    {"pound", 0xA3},   {"copy", 0xA9},    {"reg", 0xAE},     {"trade", 0x2122},
    {"shy", 0xAD},     {"bull", 0x2022},  {"middot", 0xB7},  {"deg", 0xB0},
    {"eacute", 0xE9},  {"egrave", 0xE8},  {"aacute", 0xE1},  {"agrave", 0xE0},
    {"ouml", 0xF6},    {"uuml", 0xFC},    {"auml", 0xE4},    {"szlig", 0xDF},
    {"ccedil", 0xE7},  {"ntilde", 0xF1},  {"iacute", 0xED},  {"oacute", 0xF3},
    {"uacute", 0xFA},  {"ecirc", 0xEA},   {"thinsp", 0x2009},{"zwnj", 0x200C},
    {"zwj", 0x200D},
};

/* Decode an entity at s[0..n) (s[0] == '&'). Returns its length and sets
 * *cp, or 0 when it is not an entity. */
static size_t entity(const char *s, size_t n, uint32_t *cp)
{
    size_t i = 1, max = n < 12 ? n : 12;
    if (i < max && s[i] == '#') {
        uint32_t v = 0;
        int hex = 0, digits = 0;
        i++;
        if (i < max && (s[i] | 32) == 'x') {
            hex = 1;
            i++;
        }
        for (; i < max; i++) {
            char c = s[i];
            int d = c >= '0' && c <= '9'             ? c - '0'
                    : hex && (c | 32) >= 'a' && (c | 32) <= 'f' ? (c | 32) - 'a' + 10
                                                           : -1;
            if (d < 0)
                break;
            v = v * (hex ? 16u : 10u) + (uint32_t)d;
            if (v > 0x10FFFF)
                return 0;
            digits++;
        }
        if (!digits || i >= n || s[i] != ';')
            return 0;
        *cp = v ? v : UTF8_REPLACEMENT;
        return i + 1;
    }
    size_t j = i;
    while (j < max && ((s[j] | 32) >= 'a' && (s[j] | 32) <= 'z'))
        j++;
    if (j == i || j >= n || s[j] != ';')
        return 0;
    for (size_t k = 0; k < TD_ARRAY_LEN(entities); k++)
        if (strlen(entities[k].name) == j - i && !memcmp(entities[k].name, s + i, j - i)) {
            *cp = entities[k].cp;
            return j + 1;
        }
    return 0;
}

static int ieq_prefix(const char *s, size_t n, const char *lit)
{
    size_t l = strlen(lit);
    if (n < l)
        return 0;
    for (size_t i = 0; i < l; i++)
        if ((s[i] | 32) != lit[i])
            return 0;
    return 1;
}

/* Length of an HTML tag at s (s[0] == '<'), or 0 when it does not look
 * like one ("a < b" stays). Script and style elements are skipped whole. */
static size_t html_tag(const char *s, size_t n)
{
    if (n < 3)
        return 0;
    char c = s[1];
    if (!(((c | 32) >= 'a' && (c | 32) <= 'z') || c == '/' || c == '!'))
        return 0;
    size_t i = 1;
    while (i < n && i < 2048 && s[i] != '>' && s[i] != '<')
        i++;
    if (i >= n || s[i] != '>')
        return 0;
    size_t end = i + 1;
    const char *closers[2][2] = {{"<script", "</script>"}, {"<style", "</style>"}};
    for (int k = 0; k < 2; k++) {
        if (ieq_prefix(s, n, closers[k][0])) {
            const char *cl = closers[k][1];
            size_t cl_len = strlen(cl);
            for (size_t j = end; j + cl_len <= n; j++)
                if (s[j] == '<' && ieq_prefix(s + j, n - j, cl))
                    return j + cl_len;
            return n;
        }
    }
    return end;
}

static int is_space_cp(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\v' || cp == '\f' || cp == 0xA0 ||
           cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F ||
           cp == 0x205F || cp == 0x3000;
}

static int is_invisible(uint32_t cp)
{
    return cp == 0xAD || cp == 0x200B || cp == 0x2060 || cp == 0xFEFF ||
           cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2066 && cp <= 0x2069);
}

/* Append the cleaned code point stream, collapsing spaces and blank
 * lines as we go. `state`: 0 start/after newline, 1 in text, 2 pending
 * space; `nl` counts pending newlines. */
typedef struct wsout {
    buf *out;
    int pending_space;
    int pending_nl; /* 0, 1 or 2 (paragraph) */
    int any;        /* text written so far */
} wsout;

/* Append text (no white space in it) after the white space pending. */
static void ws_text(wsout *w, const char *s, size_t n)
{
    if (w->any) {
        if (w->pending_nl)
            buf_add(w->out, "\n\n", (size_t)w->pending_nl);
        else if (w->pending_space)
            buf_putc(w->out, ' ');
    }
    w->pending_nl = w->pending_space = 0;
    w->any = 1;
    buf_add(w->out, s, n);
}

static void ws_put(wsout *w, uint32_t cp)
{
    if (cp == '\n') {
        if (w->pending_nl < 2)
            w->pending_nl++;
        w->pending_space = 0;
        return;
    }
    if (is_space_cp(cp)) {
        w->pending_space = 1;
        return;
    }
    char tmp[4];
    ws_text(w, tmp, utf8_encode(cp, tmp));
}

static int plain_ascii(unsigned char c)
{
    return c > 0x20 && c < 0x7F && c != '<' && c != '&';
}

/* Is cp (>= U+00A0) written as it is: no space, no invisible character,
 * no line separator? */
static int plain_wide(uint32_t cp)
{
    return !is_space_cp(cp) && !is_invisible(cp) && cp != 0x2028 && cp != 0x2029;
}

/* The end of the run at in[i] (a byte >= 0x80) of characters written as
 * they are: well-formed plain_wide characters and plain ASCII, with single
 * spaces between them (ws_put would make each a pending space, then write
 * the same). i when the first character is none of them. */
static size_t wide_run(const char *in, size_t n, size_t i)
{
    size_t end = i, k = i;
    while (k < n) {
        unsigned char d = (unsigned char)in[k];
        if (plain_ascii(d)) {
            end = ++k;
        } else if (d == ' ' && k > i && k == end) {
            k++; /* kept only when a plain character follows */
        } else if (d >= 0x80) {
            size_t len;
            uint32_t cp = utf8_decode(in + k, n - k, &len);
            if (len == 1 || cp < 0xA0 || !plain_wide(cp)) /* ill-formed, C1, ... */
                break;
            end = k += len;
        } else {
            break;
        }
    }
    return end;
}

int clean_norm(uni_ctx *u, const char *in, size_t n, buf *out)
{
    buf tmp;
    buf_init(&tmp, out->cap);
    wsout w = {&tmp, 0, 0, 0};
    size_t i = 0;
    int ascii = 1; /* nothing above U+007F written: NFKC would change nothing */
    while (i < n) {
        unsigned char c = (unsigned char)in[i];
        if (plain_ascii(c)) { /* the common case, a run at a time */
            /* a single space between plain characters is written as it
             * is (ws_put would make it a pending space, then the same) */
            size_t j = i + 1;
            while (j < n && (plain_ascii((unsigned char)in[j]) ||
                             (in[j] == ' ' && j + 1 < n && plain_ascii((unsigned char)in[j + 1]))))
                j++;
            ws_text(&w, in + i, j - i); /* a run of plain ASCII at once */
            i = j;
            continue;
        }
        if (c >= 0x80) { /* Cyrillic, Greek, Arabic, Han ...: as above */
            size_t j = wide_run(in, n, i);
            if (j > i) {
                ws_text(&w, in + i, j - i);
                ascii = 0;
                i = j;
                continue;
            }
        }
        if (c == '<') {
            size_t t = html_tag(in + i, n - i);
            if (t) {
                /* block-level tags end a line; inline tags vanish */
                if (ieq_prefix(in + i, n - i, "<p") || ieq_prefix(in + i, n - i, "<br") ||
                    ieq_prefix(in + i, n - i, "</p") || ieq_prefix(in + i, n - i, "<div") ||
                    ieq_prefix(in + i, n - i, "</div") || ieq_prefix(in + i, n - i, "<li") ||
                    ieq_prefix(in + i, n - i, "<h"))
                    ws_put(&w, '\n');
                i += t;
                continue;
            }
        }
        uint32_t cp;
        size_t len;
        if (c == '&' && (len = entity(in + i, n - i, &cp)) > 0) {
            i += len;
        } else if (c < 0x80) {
            cp = c;
            i++;
        } else {
            cp = utf8_decode(in + i, n - i, &len);
            i += len;
        }
        if (cp == '\r') {
            if (i < n && in[i] == '\n')
                i++;
            cp = '\n';
        }
        if (cp == 0x2028 || cp == 0x2029 || cp == 0x85)
            cp = '\n';
        if (is_invisible(cp))
            continue;
        if ((cp < 0x20 && cp != '\n' && cp != '\t') || cp == 0x7F ||
            (cp >= 0x80 && cp < 0xA0))
            cp = ' ';
        ascii &= cp < 0x80;
        ws_put(&w, cp);
        if (tmp.rc)
            break;
    }
    int rc = tmp.rc;
    if (!rc && ascii)
        rc = buf_add(out, tmp.ptr ? tmp.ptr : "", tmp.len);
    else if (!rc)
        rc = uni_nfkc(u, tmp.ptr ? tmp.ptr : "", tmp.len, out);
    buf_release(&tmp);
    return rc ? rc : out->rc;
}

/* =====================================================================
 * Per-source repeated lines
 * =================================================================== */

/* Open-addressing maps hash(source, line signature) -> the sequence
 * numbers of the first CLEAN_REPEAT_MIN articles that had the line
 * (ascending, SEEN_NONE after the last), one map per generation of
 * CLEAN_SEEN_GEN consecutive sequence numbers. An article is compared with
 * its own generation and the one before, so what it sees does not depend
 * on how many articles were registered after it; older generations are
 * dropped (clean_seen_forget), which bounds the memory of a long stream. */
#define SEEN_NONE UINT32_MAX

typedef struct seen_slot {
    uint64_t key; /* 0 = empty */
    uint32_t seq[CLEAN_REPEAT_MIN];
} seen_slot;

typedef struct seen_gen {
    uint32_t gen;
    seen_slot *slots;
    size_t cap, used;
} seen_gen;

struct clean_seen {
    seen_gen *g; /* by generation, ascending */
    size_t n, cap;
};

clean_seen *clean_seen_new(void)
{
    return xcalloc(1, sizeof(clean_seen));
}

void clean_seen_free(clean_seen *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++)
        xfree(s->g[i].slots);
    xfree(s->g);
    xfree(s);
}

/* fold_key's tables: a byte ASCII case folded, and whether it is hashed
 * (fold_keep[1]: line breaks are skipped too) */
static unsigned char fold_byte[256], fold_keep[2][256];
static pthread_once_t fold_once = PTHREAD_ONCE_INIT;

/* fold_key's step: 8 more bytes into h */
static inline uint64_t fold_mix(uint64_t h, uint64_t w)
{
    h ^= w * 0x9e3779b97f4a7c15ull;
    return ((h << 29) | (h >> 35)) * 0xbf58476d1ce4e5b9ull;
}

static void fold_init(void)
{
    for (int c = 0; c < 256; c++) {
        fold_byte[c] = (unsigned char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        fold_keep[0][c] = c != ' ' && c != '\t' && c != '\r';
        fold_keep[1][c] = fold_keep[0][c] && c != '\n';
    }
}

/* Hash of text[0..n) under `source` (and `kind`), without white space
 * (line breaks too when nl), ASCII case folded. Every line of every
 * article is keyed twice (clean_seen_add, clean_seen_count), so the bytes
 * kept are first gathered without branches, 256 at a time, then mixed 8
 * at a time. The keys live in memory only (the seen tables), so the
 * function is free to change. */
static uint64_t fold_key(const char *source, const char *kind, const char *text, size_t n,
                         int nl)
{
    pthread_once(&fold_once, fold_init);
    uint64_t h = hash_bytes(source, strlen(source), 0x51);
    if (*kind)
        h = hash_bytes(kind, strlen(kind), h);
    const unsigned char *keep = fold_keep[nl != 0], *s = (const unsigned char *)text;
    unsigned char blk[256];
    size_t m = 0, kept = 0, i = 0;
    while (i < n) {
        /* m grows by at most one a byte: these r bytes cannot overflow blk */
        size_t r = n - i < sizeof blk - m ? n - i : sizeof blk - m;
        for (size_t j = 0; j < r; j++) {
            blk[m] = fold_byte[s[i + j]];
            m += keep[s[i + j]];
        }
        i += r;
        if (m < sizeof blk && i < n)
            continue;
        size_t k = 0;
        for (; k + 8 <= m; k += 8) {
            uint64_t w;
            memcpy(&w, blk + k, 8);
            h = fold_mix(h, w);
        }
        if (k < m) { /* the last block's tail, with its length */
            uint64_t w = 0;
            memcpy(&w, blk + k, m - k);
            h = fold_mix(h, w ^ (uint64_t)(m - k) << 59);
        }
        kept += m;
        m = 0;
    }
    h = hash_mix(h ^ kept);
    return h ? h : 1;
}

static uint64_t line_key(const char *source, const char *line, size_t n)
{
    return fold_key(source, "", line, n, 0);
}

static seen_slot *seen_find(const seen_gen *t, uint64_t key)
{
    size_t i = key & (t->cap - 1);
    while (t->slots[i].key && t->slots[i].key != key)
        i = (i + 1) & (t->cap - 1);
    return &t->slots[i];
}

static void seen_grow(seen_gen *t)
{
    seen_slot *old = t->slots;
    size_t oc = t->cap;
    t->cap = oc ? oc * 2 : 1024;
    t->slots = xcalloc(t->cap, sizeof(seen_slot));
    for (size_t i = 0; i < oc; i++)
        if (old[i].key)
            *seen_find(t, old[i].key) = old[i];
    xfree(old);
}

/* The map of generation gen, or NULL (add: made when missing). */
static seen_gen *seen_gen_of(const clean_seen *s, uint32_t gen)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->g[i].gen == gen)
            return &s->g[i];
    return NULL;
}

static seen_gen *seen_gen_add(clean_seen *s, uint32_t gen)
{
    seen_gen *t = seen_gen_of(s, gen);
    if (t)
        return t;
    xgrow((void **)&s->g, &s->cap, s->n + 1, sizeof *s->g);
    size_t i = s->n++;
    while (i > 0 && s->g[i - 1].gen > gen) { /* registered out of order: keep sorted */
        s->g[i] = s->g[i - 1];
        i--;
    }
    memset(&s->g[i], 0, sizeof s->g[i]);
    s->g[i].gen = gen;
    return &s->g[i];
}

void clean_seen_forget(clean_seen *s, uint32_t seq)
{
    uint32_t keep = seq / CLEAN_SEEN_GEN;
    keep = keep ? keep - 1 : 0; /* this generation and the one before */
    size_t k = 0;
    for (size_t i = 0; i < s->n; i++) {
        if (s->g[i].gen < keep)
            xfree(s->g[i].slots);
        else
            s->g[k++] = s->g[i];
    }
    s->n = k;
}

size_t clean_seen_bytes(const clean_seen *s)
{
    size_t b = s->cap * sizeof *s->g;
    for (size_t i = 0; i < s->n; i++)
        b += s->g[i].cap * sizeof(seen_slot);
    return b;
}

#define SEEN_MIN_LINE 8 /* shorter lines are not tracked */

/* Note that article seq contained the line of key k: once per article,
 * keeping the smallest CLEAN_REPEAT_MIN sequence numbers of its
 * generation. */
static void seen_note(clean_seen *s, uint64_t k, uint32_t seq)
{
    seen_gen *t = seen_gen_add(s, seq / CLEAN_SEEN_GEN);
    if ((t->used + 1) * 4 > t->cap * 3)
        seen_grow(t);
    seen_slot *sl = seen_find(t, k);
    if (!sl->key) {
        sl->key = k;
        for (uint32_t q = 0; q < CLEAN_REPEAT_MIN; q++)
            sl->seq[q] = SEEN_NONE;
        t->used++;
    }
    uint32_t n = 0;
    int have = 0;
    while (n < CLEAN_REPEAT_MIN && sl->seq[n] != SEEN_NONE)
        have |= sl->seq[n++] == seq;
    if (!have && (n < CLEAN_REPEAT_MIN || seq < sl->seq[n - 1])) {
        uint32_t q = n < CLEAN_REPEAT_MIN ? n : n - 1;
        while (q > 0 && sl->seq[q - 1] > seq) {
            sl->seq[q] = sl->seq[q - 1];
            q--;
        }
        sl->seq[q] = seq;
    }
}

static unsigned seen_count(const clean_seen *s, uint64_t k, uint32_t seq)
{
    uint32_t gen = seq / CLEAN_SEEN_GEN;
    unsigned c = 0;
    for (uint32_t g = gen ? gen - 1 : 0; g <= gen; g++) {
        const seen_gen *t = seen_gen_of(s, g);
        if (!t || !t->cap)
            continue;
        const seen_slot *sl = seen_find(t, k);
        if (!sl->key)
            continue;
        for (uint32_t q = 0; q < CLEAN_REPEAT_MIN; q++)
            c += sl->seq[q] <= seq; /* SEEN_NONE never is */
    }
    return c < CLEAN_REPEAT_MIN ? c : CLEAN_REPEAT_MIN;
}

void clean_seen_add(clean_seen *s, const char *source, const char *text, size_t n,
                    uint32_t seq)
{
    if (!source || !*source)
        return;
    size_t i = 0;
    while (i < n) {
        const char *nl = memchr(text + i, '\n', n - i);
        size_t j = nl ? (size_t)(nl - text) : n;
        if (j - i >= SEEN_MIN_LINE)
            seen_note(s, line_key(source, text + i, j - i), seq);
        i = j + 1;
    }
}

/* Titles are kept apart from lines: a title repeated as the first line of
 * its own text is no boilerplate. Line breaks inside a title count as
 * spaces. */
static uint64_t title_key(const char *source, const char *title, size_t n)
{
    return fold_key(source, "\x01title", title, n, 1);
}

void clean_seen_add_title(clean_seen *s, const char *source, const char *title, size_t n,
                          uint32_t seq)
{
    if (source && *source && n >= SEEN_MIN_LINE)
        seen_note(s, title_key(source, title, n), seq);
}

unsigned clean_seen_count_title(const clean_seen *s, const char *source, const char *title,
                                size_t n, uint32_t seq)
{
    if (!s || !source || !*source || n < SEEN_MIN_LINE)
        return 0;
    return seen_count(s, title_key(source, title, n), seq);
}

unsigned clean_seen_count(const clean_seen *s, const char *source, const char *line,
                          size_t n, uint32_t seq)
{
    if (!s || !source || !*source || n < SEEN_MIN_LINE)
        return 0;
    return seen_count(s, line_key(source, line, n), seq);
}

/* =====================================================================
 * Noise patterns
 * =================================================================== */

/* How a pattern matches the case-folded line:
 *   LINE      the whole line, ignoring trailing punctuation and spaces
 *   PREFIX    the start of the line
 *   SHORT     anywhere in a line of at most SHORT_LINE bytes          */
enum { LINE, PREFIX, SHORT };
#define SHORT_LINE 200

typedef struct noise_pat {
    const char *lang; /* "*" for every language */
    int kind;
    const char *text; /* case-folded */
    size_t len;
} noise_pat;
#define P(lang, kind, text) {lang, kind, text, sizeof(text) - 1}

static const noise_pat patterns[] = {
    /* every language: copyright and credit lines, timestamps of tickers */
    P("*", SHORT, "©"),                 P("*", SHORT, "getty images"),
    P("*", SHORT, "(c) "),              P("*", PREFIX, "copyright"),
    P("*", SHORT, "reuters/"),          P("*", SHORT, "/ afp"),
    P("*", PREFIX, "http://"),          P("*", PREFIX, "https://"),
    P("*", PREFIX, "www."),             P("*", SHORT, "javascript"),
    P("*", SHORT, "cookie"),            P("*", SHORT, "newsletter"),
    P("*", LINE, "facebook"),           P("*", LINE, "twitter"),
    P("*", LINE, "whatsapp"),           P("*", LINE, "linkedin"),
    P("*", LINE, "email"),              P("*", LINE, "e-mail"),
    P("*", LINE, "pinterest"),          P("*", LINE, "telegram"),

    P("en", LINE, "accessibility links"),  P("en", LINE, "breaking news"),
    P("en", LINE, "skip to content"),      P("en", LINE, "skip to main content"),
    P("en", LINE, "advertisement"),        P("en", LINE, "share"),
    P("en", LINE, "share this"),           P("en", LINE, "share this article"),
    P("en", LINE, "share this story"),     P("en", LINE, "tweet"),
    P("en", LINE, "print"),                P("en", LINE, "subscribe"),
    P("en", LINE, "related"),              P("en", LINE, "related articles"),
    P("en", LINE, "related topics"),       P("en", LINE, "more on this story"),
    P("en", LINE, "read more"),            P("en", LINE, "comments"),
    P("en", LINE, "leave a comment"),      P("en", LINE, "leave a reply"),
    P("en", LINE, "sign up"),              P("en", LINE, "log in"),
    P("en", LINE, "menu"),                 P("en", LINE, "home"),
    P("en", LINE, "top stories"),          P("en", LINE, "most read"),
    P("en", LINE, "follow us"),            P("en", LINE, "close"),
    P("en", LINE, "watch"),                P("en", LINE, "listen"),
    P("en", PREFIX, "image caption"),      P("en", PREFIX, "image copyright"),
    P("en", PREFIX, "media caption"),      P("en", PREFIX, "photo:"),
    P("en", PREFIX, "photo credit"),       P("en", PREFIX, "picture:"),
    P("en", PREFIX, "please enter your"),  P("en", PREFIX, "you have entered an incorrect"),
    P("en", PREFIX, "save my name, email"),P("en", PREFIX, "sign up for"),
    P("en", PREFIX, "subscribe to"),       P("en", PREFIX, "follow us on"),
    P("en", PREFIX, "click here"),         P("en", PREFIX, "read more:"),
    P("en", PREFIX, "read also"),          P("en", PREFIX, "also read"),
    P("en", PREFIX, "related:"),           P("en", PREFIX, "we use cookies"),
    P("en", PREFIX, "by clicking"),        P("en", PREFIX, "this site uses"),
    P("en", PREFIX, "your email address will not"),
    P("en", SHORT, "all rights reserved"), P("en", SHORT, "privacy policy"),
    P("en", SHORT, "terms of service"),    P("en", SHORT, "terms of use"),
    P("en", SHORT, "your browser"),        P("en", SHORT, "comment:"),

    P("nl", LINE, "delen"),               P("nl", LINE, "reageer"),
    P("nl", LINE, "lees meer"),           P("nl", LINE, "advertentie"),
    P("nl", PREFIX, "lees ook"),          P("nl", PREFIX, "bekijk ook"),
    P("nl", PREFIX, "foto:"),             P("nl", PREFIX, "beeld:"),
    P("nl", PREFIX, "deel dit artikel"),  P("nl", PREFIX, "wij gebruiken"),
    P("nl", PREFIX, "deze website gebruikt"), P("nl", PREFIX, "abonneer"),
    P("nl", PREFIX, "vul je naam"),       P("nl", PREFIX, "vul uw"),
    P("nl", SHORT, "alle rechten voorbehouden"),

    P("de", LINE, "teilen"),              P("de", LINE, "kommentare"),
    P("de", LINE, "anzeige"),             P("de", LINE, "werbung"),
    P("de", LINE, "mehr zum thema"),      P("de", PREFIX, "lesen sie auch"),
    P("de", PREFIX, "lesen sie mehr"),    P("de", PREFIX, "foto:"),
    P("de", PREFIX, "bild:"),             P("de", PREFIX, "bildunterschrift"),
    P("de", PREFIX, "wir verwenden"),     P("de", PREFIX, "diese website verwendet"),
    P("de", PREFIX, "bitte geben sie"),   P("de", PREFIX, "jetzt abonnieren"),
    P("de", SHORT, "alle rechte vorbehalten"),

    P("fr", LINE, "partager"),            P("fr", LINE, "publicité"),
    P("fr", PREFIX, "lire aussi"),        P("fr", PREFIX, "à lire aussi"),
    P("fr", PREFIX, "voir aussi"),        P("fr", PREFIX, "photo :"),
    P("fr", PREFIX, "crédit photo"),      P("fr", PREFIX, "nous utilisons"),
    P("fr", PREFIX, "abonnez-vous"),      P("fr", PREFIX, "veuillez saisir"),
    P("fr", SHORT, "tous droits réservés"),

    P("es", LINE, "compartir"),           P("es", LINE, "publicidad"),
    P("es", PREFIX, "lea también"),       P("es", PREFIX, "lee también"),
    P("es", PREFIX, "leer más"),          P("es", PREFIX, "foto:"),
    P("es", PREFIX, "utilizamos"),        P("es", PREFIX, "usamos cookies"),
    P("es", PREFIX, "suscríbete"),        P("es", PREFIX, "por favor ingrese"),
    P("es", SHORT, "todos los derechos reservados"),

    P("it", LINE, "condividi"),           P("it", LINE, "pubblicità"),
    P("it", PREFIX, "leggi anche"),       P("it", PREFIX, "foto:"),
    P("it", PREFIX, "utilizziamo"),       P("it", PREFIX, "questo sito utilizza"),
    P("it", SHORT, "riproduzione riservata"),

    P("pt", LINE, "compartilhar"),        P("pt", LINE, "partilhar"),
    P("pt", LINE, "publicidade"),         P("pt", PREFIX, "leia também"),
    P("pt", PREFIX, "leia mais"),         P("pt", PREFIX, "foto:"),
    P("pt", PREFIX, "utilizamos"),        P("pt", SHORT, "todos os direitos reservados"),

    P("pl", LINE, "udostępnij"),          P("pl", LINE, "reklama"),
    P("pl", PREFIX, "czytaj także"),      P("pl", PREFIX, "czytaj też"),
    P("pl", PREFIX, "zobacz też"),        P("pl", PREFIX, "fot."),
    P("pl", SHORT, "wszelkie prawa zastrzeżone"),

    P("ru", LINE, "поделиться"),          P("ru", LINE, "реклама"),
    P("ru", PREFIX, "читайте также"),     P("ru", PREFIX, "фото:"),
    P("ru", PREFIX, "подписывайтесь"),    P("ru", PREFIX, "мы используем"),
    P("ru", SHORT, "все права защищены"),

    P("tr", LINE, "paylaş"),              P("tr", LINE, "reklam"),
    P("tr", PREFIX, "ilgili haberler"),   P("tr", PREFIX, "fotoğraf:"),
    P("tr", PREFIX, "abone ol"),          P("tr", SHORT, "tüm hakları saklıdır"),

    P("ar", LINE, "شارك"),                P("ar", LINE, "إعلان"),
    P("ar", PREFIX, "اقرأ أيضا"),          P("ar", PREFIX, "اقرأ ايضا"),
    P("ar", SHORT, "جميع الحقوق محفوظة"),
};

static int lang_applies(const char *pat_lang, const char *lang)
{
    return pat_lang[0] == '*' || !strcmp(lang, "und") || !strcmp(pat_lang, lang) ||
           !strcmp(pat_lang, "en"); /* English boilerplate is everywhere */
}

/* Strip trailing punctuation and spaces for LINE matches. */
static size_t trim_punct(const char *s, size_t n)
{
    while (n && (s[n - 1] == ' ' || s[n - 1] == '.' || s[n - 1] == ':' ||
                 s[n - 1] == '!' || s[n - 1] == '|' || s[n - 1] == '>' ||
                 s[n - 1] == '-'))
        n--;
    return n;
}

/* Bytes of a long line folded for LINE and PREFIX patterns: more than the
 * longest pattern. */
#define PREFIX_BYTES 72

/* The patterns of each kind by the first byte of their text, so that a line
 * is compared only with the patterns that can match it there:
 * pat_order[k][pat_start[k][b] .. pat_start[k][b + 1]) are the indexes of
 * the patterns of kind k starting with byte b, in table order. Built once,
 * on first use, for all threads. */
#define N_PATTERNS TD_ARRAY_LEN(patterns)
static uint16_t pat_start[3][257];
static uint16_t pat_order[3][N_PATTERNS];
/* The first two bytes of the SHORT patterns, a bit per pair: most places
 * in a line start no pattern, and one test turns them away (SHORT
 * patterns have two bytes at least). */
static uint64_t short_pair[65536 / 64];
static pthread_once_t pat_once = PTHREAD_ONCE_INIT;

static unsigned byte_pair(const char *s)
{
    return (unsigned)(unsigned char)s[0] << 8 | (unsigned char)s[1];
}

static void pat_build(void)
{
    int16_t key[N_PATTERNS];
    for (int k = 0; k < 3; k++) {
        for (size_t i = 0; i < N_PATTERNS; i++)
            key[i] = patterns[i].kind == k ? (unsigned char)patterns[i].text[0] : -1;
        index_by_byte(key, N_PATTERNS, pat_start[k], pat_order[k]);
    }
    for (size_t i = 0; i < N_PATTERNS; i++) {
        if (patterns[i].kind != SHORT)
            continue;
        if (patterns[i].len < 2) {
            fprintf(stderr, "tidings: SHORT noise pattern \"%s\" has fewer than 2 bytes\n",
                    patterns[i].text);
            abort();
        }
        unsigned b = byte_pair(patterns[i].text);
        short_pair[b >> 6] |= (uint64_t)1 << (b & 63);
    }
}

int clean_is_noise_line(uni_ctx *u, const char *lang, const char *line, size_t n)
{
    char fold[SHORT_LINE * 3 + 8];
    /* a long line can only match at its start: fold just that */
    size_t take = n > SHORT_LINE ? utf8_trim(line, PREFIX_BYTES) : n;
    size_t fn = uni_fold(u, line, take, 0, fold, sizeof fold);
    if (!fn)
        return 0;
    size_t ln = trim_punct(fold, fn);
    pthread_once(&pat_once, pat_build);
    unsigned char b = (unsigned char)fold[0];
    for (uint16_t i = pat_start[LINE][b]; i < pat_start[LINE][b + 1]; i++) {
        const noise_pat *p = &patterns[pat_order[LINE][i]];
        if (ln == p->len && !memcmp(fold, p->text, ln) && lang_applies(p->lang, lang))
            return 1;
    }
    for (uint16_t i = pat_start[PREFIX][b]; i < pat_start[PREFIX][b + 1]; i++) {
        const noise_pat *p = &patterns[pat_order[PREFIX][i]];
        if (fn >= p->len && !memcmp(fold, p->text, p->len) && lang_applies(p->lang, lang))
            return 1;
    }
    if (n > SHORT_LINE)
        return 0;
    for (size_t k = 0; k + 2 <= fn; k++) {
        unsigned pair = byte_pair(fold + k);
        if (!(short_pair[pair >> 6] >> (pair & 63) & 1))
            continue;
        b = (unsigned char)fold[k];
        for (uint16_t i = pat_start[SHORT][b]; i < pat_start[SHORT][b + 1]; i++) {
            const noise_pat *p = &patterns[pat_order[SHORT][i]];
            /* the second byte first: most candidates differ there */
            if (k + p->len <= fn && fold[k + 1] == p->text[1] &&
                !memcmp(fold + k, p->text, p->len) && lang_applies(p->lang, lang))
                return 1;
        }
    }
    return 0;
}

/* A navigation crumb: a short line made of items joined by separators,
 * without sentence punctuation: "Home > World > Europe". */
static int is_crumb(const char *s, size_t n)
{
    if (n > 160)
        return 0;
    /* every separator starts with a space: only spaces are tried */
#define SEP(x) {x, sizeof(x) - 1}
    static const struct {
        const char *s;
        size_t n;
    } seps[] = {SEP(" > "), SEP(" › "), SEP(" » "), SEP(" | "), SEP(" / "), SEP(" · ")};
#undef SEP
    int count = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '.' || s[i] == '?' || s[i] == '!')
            return 0;
        /* a separator's second byte: '>', '|', '/' or the lead byte of
         * a two- or three-byte character */
        if (s[i] != ' ' || i + 1 == n ||
            !(s[i + 1] == '>' || s[i + 1] == '|' || s[i + 1] == '/' ||
              (unsigned char)s[i + 1] >= 0xC2))
            continue;
        for (size_t k = 0; k < TD_ARRAY_LEN(seps); k++)
            if (i + seps[k].n <= n && !memcmp(s + i, seps[k].s, seps[k].n))
                count++;
    }
    return count >= 2;
}

int clean_noise(uni_ctx *u, const char *lang, const char *text, size_t n,
                const clean_seen *seen, const char *source, uint32_t seq, buf *out,
                clean_stats *st)
{
    clean_stats local;
    if (!st)
        st = &local;
    memset(st, 0, sizeof *st);
    uint64_t prev[8] = {0}; /* hashes of recent kept lines */
    size_t n_prev = 0;
    int blank = 0;
    size_t i = 0;
    while (i < n) {
        const char *nl = memchr(text + i, '\n', n - i);
        size_t j = nl ? (size_t)(nl - text) : n;
        const char *line = text + i;
        size_t len = j - i;
        i = j + 1;
        if (len == 0) {
            blank = 1;
            continue;
        }
        st->lines_in++;
        int reason = -1;
        if (clean_is_noise_line(u, lang, line, len))
            reason = CLEAN_PATTERN;
        else if (is_crumb(line, len))
            reason = CLEAN_CRUMB;
        else if (seen && clean_seen_count(seen, source, line, len, seq) >= CLEAN_REPEAT_MIN)
            reason = CLEAN_REPEAT_SOURCE;
        else {
            uint64_t h = hash_bytes(line, len, 7);
            for (size_t k = 0; k < n_prev && k < 8; k++)
                if (prev[k] == h)
                    reason = CLEAN_REPEAT_DOC;
            if (reason < 0)
                prev[n_prev++ % 8] = h;
        }
        if (reason >= 0) {
            st->dropped[reason]++;
            continue;
        }
        if (out->len)
            buf_add(out, blank ? "\n\n" : "\n", blank ? 2 : 1);
        buf_add(out, line, len);
        blank = 0;
        st->lines_out++;
    }
    return out->rc;
}
