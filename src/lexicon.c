/* lexicon.c -- words of many languages to English pivot concepts.
 *
 * The only module that includes zlib (FreeDict bodies are dictzip, which
 * plain gzip reading handles).
 */
#include "td_config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "buf.h"
#include "hash.h"
#include "lexicon.h"
#include "stem.h"
#include "uni.h"
#include "xmalloc.h"

/* FreeDict language codes tidings reads, with their ISO 639-1 codes. */
static const char *const dict_langs[][2] = {
    {"nld", "nl"}, {"deu", "de"}, {"fra", "fr"}, {"spa", "es"}, {"ita", "it"},
    {"por", "pt"}, {"pol", "pl"}, {"ara", "ar"}, {"tur", "tr"}, {"rus", "ru"},
    {"ces", "cs"}, {"swe", "sv"}, {"dan", "da"}, {"fin", "fi"}, {"ell", "el"},
    {"hun", "hu"}, {"ron", "ro"}, {"hrv", "hr"}, {"isl", "is"}, {"bul", "bg"},
    {"jpn", "ja"}, {"hin", "hi"},
};


struct lexicon {
    void *map;
    size_t map_len;
    const lex_entry *entries;
    const uint64_t *keys;   /* entries[i].key, apart: the bisection's cache lines */
    uint32_t n;
    const char *pool;
    uint32_t pool_len;
    const uint32_t *bucket; /* LEX_BUCKETS + 1, in the file */
};

uint64_t lexicon_concept(const char *stem, size_t n)
{
    uint64_t h = hash_bytes("c:", 2, 0);
    h = hash_bytes(stem, n, h);
    return h ? h : 1;
}

static uint64_t entry_key(const char *lang, const char *stem, size_t n)
{
    uint64_t h = hash_bytes(lang, strlen(lang), 0x4c);
    h = hash_bytes("\t", 1, h);
    h = hash_bytes(stem, n, h);
    return h ? h : 1;
}

/* =====================================================================
 * Building
 * =================================================================== */

typedef struct cand {
    uint64_t concept;
    uint32_t word; /* pool offset */
    float w;
    int name;      /* from a proper name */
} cand;

#define CANDS 6
typedef struct acc {
    uint64_t key;
    cand c[CANDS];
    uint32_t n;
} acc;

typedef struct builder {
    acc *slots;
    size_t cap, used;
    buf pool;
    uni_ctx *u;
    stem_ctx *st;
    uint64_t *word_keys; /* pool dedupe: hash -> offset+1 */
    uint32_t *word_offs;
    size_t wcap, wused;
} builder;

static acc *slot_of(builder *b, uint64_t key)
{
    if ((b->used + 1) * 2 > b->cap) {
        acc *old = b->slots;
        size_t oc = b->cap;
        b->cap = oc ? oc * 2 : 1 << 16;
        b->slots = xcalloc(b->cap, sizeof *b->slots);
        b->used = 0;
        for (size_t i = 0; i < oc; i++)
            if (old[i].key) {
                acc *s = slot_of(b, old[i].key);
                *s = old[i];
            }
        xfree(old);
    }
    size_t i = key & (b->cap - 1);
    while (b->slots[i].key && b->slots[i].key != key)
        i = (i + 1) & (b->cap - 1);
    if (!b->slots[i].key) {
        b->slots[i].key = key;
        b->used++;
    }
    return &b->slots[i];
}

static uint32_t pool_word(builder *b, const char *w, size_t n)
{
    uint64_t h = hash_bytes(w, n, 0x77);
    h = h ? h : 1;
    if ((b->wused + 1) * 2 > b->wcap) {
        uint64_t *ok = b->word_keys;
        uint32_t *oo = b->word_offs;
        size_t oc = b->wcap;
        b->wcap = oc ? oc * 2 : 1 << 15;
        b->word_keys = xcalloc(b->wcap, sizeof *b->word_keys);
        b->word_offs = xcalloc(b->wcap, sizeof *b->word_offs);
        b->wused = 0;
        for (size_t i = 0; i < oc; i++)
            if (ok[i]) {
                size_t j = ok[i] & (b->wcap - 1);
                while (b->word_keys[j])
                    j = (j + 1) & (b->wcap - 1);
                b->word_keys[j] = ok[i];
                b->word_offs[j] = oo[i];
                b->wused++;
            }
        xfree(ok);
        xfree(oo);
    }
    size_t j = h & (b->wcap - 1);
    while (b->word_keys[j] && b->word_keys[j] != h)
        j = (j + 1) & (b->wcap - 1);
    if (b->word_keys[j])
        return b->word_offs[j];
    uint32_t off = (uint32_t)b->pool.len;
    buf_add(&b->pool, w, n);
    buf_putc(&b->pool, 0);
    b->word_keys[j] = h;
    b->word_offs[j] = off;
    b->wused++;
    return off;
}

/* Fold and stem word w of language lang into out; returns its length. */
static size_t stem_of(builder *b, const char *lang, const char *w, size_t n, char *out,
                      size_t cap)
{
    char fold[256];
    size_t f = uni_fold(b->u, w, n, 0, fold, sizeof fold);
    if (!f)
        return 0;
    size_t sl;
    const char *s = stem_word(b->st, lang, fold, f, &sl);
    return uni_fold(b->u, s, sl, 1, out, cap); /* as feat.c keys words */
}

static void add_sense(builder *b, const char *lang, const char *word, size_t wn,
                      const char *en, size_t en_n, float w, int name);

static void add(builder *b, const char *lang, const char *word, size_t wn, const char *en,
                size_t en_n, float w)
{
    add_sense(b, lang, word, wn, en, en_n, w, 0);
}

static void add_sense(builder *b, const char *lang, const char *word, size_t wn,
                      const char *en, size_t en_n, float w, int name)
{
    char key[256], cs[256];
    size_t kl = stem_of(b, lang, word, wn, key, sizeof key);
    size_t cl = stem_of(b, "en", en, en_n, cs, sizeof cs);
    if (!kl || !cl)
        return;
    acc *a = slot_of(b, entry_key(lang, key, kl));
    uint64_t c = lexicon_concept(cs, cl);
    for (uint32_t i = 0; i < a->n; i++)
        if (a->c[i].concept == c) {
            a->c[i].w += w;
            return;
        }
    if (a->n < CANDS) {
        a->c[a->n].concept = c;
        a->c[a->n].word = pool_word(b, en, en_n);
        a->c[a->n].w = w;
        a->c[a->n].name = name;
        a->n++;
    }
}

static int is_word_char(unsigned char c)
{
    return c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' ||
           c == '\'';
}

/* The first (at most 4) words of s[0..n): pointers and lengths into w, wl.
 * Returns how many. */
static size_t first_words(const char *s, size_t n, const char *w[4], size_t wl[4])
{
    size_t nw = 0;
    for (size_t a = 0; a < n && nw < 4;) {
        while (a < n && !is_word_char((unsigned char)s[a]))
            a++;
        size_t s0 = a;
        while (a < n && is_word_char((unsigned char)s[a]))
            a++;
        if (a > s0) {
            w[nw] = s + s0;
            wl[nw++] = a - s0;
        }
    }
    return nw;
}

/* The translations of one dictionary body: single words (or "to X",
 * "a X", "the X"), in order, at most 8. */
static size_t translations(const char *body, size_t n, char store[8][128], const char *out[8],
                           size_t len[8])
{
    size_t k = 0, i = 0;
    /* skip the headword line */
    while (i < n && body[i] != '\n')
        i++;
    while (i < n && k < 8) {
        size_t e = i;
        while (e < n && body[e] != '\n')
            e++;
        const char *l = body + i;
        size_t ln = e - i;
        i = e + 1;
        while (ln && (*l == ' ' || *l == '\t')) {
            l++;
            ln--;
        }
        if (!ln || *l == '"' || !strncmp(l, "see:", 4) || !strncmp(l, "Synonym", 7) ||
            !strncmp(l, "Note:", 5) || !strncmp(l, "Antonym", 7))
            continue;
        if (ln > 2 && l[0] >= '0' && l[0] <= '9') { /* "1. ..." */
            while (ln && *l != ' ') {
                l++;
                ln--;
            }
        }
        /* split on , ; and cut bracketed parts */
        size_t p = 0;
        while (p < ln && k < 8) {
            size_t q = p;
            int depth = 0;
            char item[128];
            size_t il = 0;
            while (q < ln && (depth || (l[q] != ',' && l[q] != ';'))) {
                char c = l[q];
                if (c == '[' || c == '<' || c == '{' || c == '(')
                    depth++;
                else if ((c == ']' || c == '>' || c == '}' || c == ')') && depth)
                    depth--;
                else if (!depth && il + 1 < sizeof item)
                    item[il++] = c;
                q++;
            }
            p = q + 1;
            item[il] = 0;
            /* words of the item */
            const char *wds[4];
            size_t wl[4], nw = first_words(item, il, wds, wl);
            size_t pick = 9;
            if (nw == 1)
                pick = 0;
            else if (nw == 2 && ((wl[0] == 2 && !strncmp(wds[0], "to", 2)) ||
                                 (wl[0] == 1 && wds[0][0] == 'a') ||
                                 (wl[0] == 2 && !strncmp(wds[0], "an", 2)) ||
                                 (wl[0] == 3 && !strncmp(wds[0], "the", 3))))
                pick = 1;
            if (pick < nw && wl[pick] >= 2) {
                memcpy(store[k], wds[pick], wl[pick]);
                store[k][wl[pick]] = 0;
                out[k] = store[k];
                len[k] = wl[pick];
                k++;
            }
        }
    }
    return k;
}

static uint32_t b64(const char *s, size_t n)
{
    uint32_t v = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        int d = c >= 'A' && c <= 'Z'   ? c - 'A'
                : c >= 'a' && c <= 'z' ? c - 'a' + 26
                : c >= '0' && c <= '9' ? c - '0' + 52
                : c == '+'             ? 62
                : c == '/'             ? 63
                                       : -1;
        if (d < 0)
            return UINT32_MAX;
        v = v * 64 + (uint32_t)d;
    }
    return v;
}

/* Read a whole gzip/dictzip file. Caller frees. */
static char *read_gz(const char *path, size_t *n)
{
    gzFile g = gzopen(path, "rb");
    if (!g)
        return NULL;
    buf b;
    buf_init(&b, (size_t)1 << 31);
    char chunk[1 << 16];
    int r;
    while ((r = gzread(g, chunk, sizeof chunk)) > 0)
        buf_add(&b, chunk, (size_t)r);
    gzclose(g);
    if (b.rc) {
        buf_release(&b);
        return NULL;
    }
    return buf_take(&b, n);
}

/* One dictionary: forward (X -> en) or reverse (en -> X). */
static int read_dict(builder *b, const char *dir, const char *src, const char *dst,
                     const char *lang, int reverse, FILE *log)
{
    char ipath[512], dpath[512];
    snprintf(ipath, sizeof ipath, "%s/freedict-%s-%s.index", dir, src, dst);
    snprintf(dpath, sizeof dpath, "%s/freedict-%s-%s.dict.dz", dir, src, dst);
    FILE *fi = fopen(ipath, "rb");
    if (!fi)
        return 0;
    size_t dn;
    char *data = read_gz(dpath, &dn);
    if (!data) {
        fclose(fi);
        return 0;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    size_t entries = 0;
    while ((len = getline(&line, &cap, fi)) > 0) {
        char *t1 = memchr(line, '\t', (size_t)len);
        char *t2 = t1 ? memchr(t1 + 1, '\t', (size_t)(line + len - t1 - 1)) : NULL;
        if (!t1 || !t2 || !strncmp(line, "00database", 10))
            continue;
        size_t hl = (size_t)(t1 - line);
        if (memchr(line, ' ', hl))
            continue; /* multi-word headwords: not a word */
        char *end = line + len;
        while (end > t2 && (end[-1] == '\n' || end[-1] == '\r'))
            end--;
        uint32_t off = b64(t1 + 1, (size_t)(t2 - t1 - 1));
        uint32_t ln = b64(t2 + 1, (size_t)(end - t2 - 1));
        if (off == UINT32_MAX || ln == UINT32_MAX || (size_t)off + ln > dn)
            continue;
        char store[8][128];
        const char *tr[8];
        size_t tl[8];
        size_t k = translations(data + off, ln, store, tr, tl);
        for (size_t i = 0; i < k; i++) {
            float w = 1.0f / (float)(i + 1);
            if (!reverse) {
                add(b, lang, line, hl, tr[i], tl[i], w);
                /* Arabic headwords often carry the article al- */
                if (!strcmp(lang, "ar") && hl > 4 && !memcmp(line, "\xd8\xa7\xd9\x84", 4))
                    add(b, lang, line + 4, hl - 4, tr[i], tl[i], w);
            } else {
                add(b, lang, tr[i], tl[i], line, hl, w);
            }
        }
        entries++;
    }
    free(line); /* allocated by getline */
    fclose(fi);
    xfree(data);
    if (log)
        fprintf(log, "lexicon: %s-%s%s: %zu headwords\n", src, dst, reverse ? " (reversed)" : "",
                entries);
    return 1;
}

/* CC-CEDICT: "TRAD SIMP [pinyin] /gloss/gloss/.../", one entry a line.
 * Both forms are keys for language zh (Chinese words are not stemmed);
 * a gloss that is one word (or "to X") is a concept, and a proper name of
 * up to three capitalised words gives each of its words, so 拜登 meets
 * "Biden" and 习近平 "Xi Jinping". */
static int read_cedict(builder *b, const char *path, FILE *log)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return 0;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    size_t entries = 0;
    while ((len = getline(&line, &cap, fp)) > 0) {
        if (line[0] == '#')
            continue;
        char *sp1 = strchr(line, ' ');
        char *sp2 = sp1 ? strchr(sp1 + 1, ' ') : NULL;
        char *slash = sp2 ? strchr(sp2, '/') : NULL;
        if (!slash)
            continue;
        const char *forms[2] = {line, sp1 + 1};
        size_t flen[2] = {(size_t)(sp1 - line), (size_t)(sp2 - sp1 - 1)};
        float w = 1.0f;
        int senses = 0;
        for (char *g = slash + 1; *g && *g != '\n' && senses < LEX_SENSES;) {
            char *e = strchr(g, '/');
            if (!e)
                break;
            /* the gloss without parenthesised parts */
            char gl[256];
            size_t gn = 0;
            int depth = 0;
            for (char *q = g; q < e && gn + 1 < sizeof gl; q++) {
                if (*q == '(' || *q == '[')
                    depth++;
                else if ((*q == ')' || *q == ']') && depth)
                    depth--;
                else if (!depth)
                    gl[gn++] = *q;
            }
            /* a gloss names first, describes after a comma or semicolon:
             * "Vladimir Putin, president of Russia" */
            for (size_t q = 0; q < gn; q++)
                if (gl[q] == ',' || gl[q] == ';') {
                    gn = q;
                    break;
                }
            while (gn && gl[gn - 1] == ' ')
                gn--;
            gl[gn] = 0;
            g = e + 1;
            if (!strncmp(gl, "variant of", 10) || !strncmp(gl, "see ", 4) ||
                !strncmp(gl, "surname", 7) || !strncmp(gl, "CL:", 3) ||
                !strncmp(gl, "old variant", 11))
                continue;
            const char *wds[4];
            size_t wl[4], nw = first_words(gl, gn, wds, wl), caps = 0;
            for (size_t k = 0; k < nw; k++)
                caps += wds[k][0] >= 'A' && wds[k][0] <= 'Z';
            size_t first = 9, last = 0;
            if (nw == 1) {
                first = last = 0;
            } else if (nw == 2 && wl[0] == 2 && !strncmp(wds[0], "to", 2)) {
                first = last = 1;
            } else if (nw >= 2 && nw <= 3 && caps == nw) { /* a proper name */
                first = 0;
                last = nw - 1;
            }
            if (first == 9)
                continue;
            int is_name = caps == nw; /* Putin; Vladimir Putin */
            for (size_t k = first; k <= last; k++)
                for (int f = 0; f < 2; f++)
                    if (wl[k] >= 2)
                        add_sense(b, "zh", forms[f], flen[f], wds[k], wl[k], w,
                                  is_name);
            w *= 0.5f;
            senses++;
        }
        entries++;
    }
    free(line); /* allocated by getline */
    fclose(fp);
    if (log)
        fprintf(log, "lexicon: CC-CEDICT (zh-eng): %zu entries\n", entries);
    return 1;
}

static int cmp_entry(const void *a, const void *b)
{
    uint64_t x = ((const lex_entry *)a)->key, y = ((const lex_entry *)b)->key;
    return x < y ? -1 : x > y;
}

static int cmp_cand(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->w != y->w)
        return x->w > y->w ? -1 : 1;
    return x->concept < y->concept ? -1 : x->concept > y->concept;
}

int lexicon_build(const char *dir, const char *cedict, const char *out_path, FILE *log, char *err,
                  size_t errlen)
{
    builder b;
    memset(&b, 0, sizeof b);
    buf_init(&b.pool, (size_t)1 << 30);
    b.u = uni_new();
    b.st = stem_new();
    int dicts = 0;
    for (size_t i = 0; i < TD_ARRAY_LEN(dict_langs); i++) {
        dicts += read_dict(&b, dir, dict_langs[i][0], "eng", dict_langs[i][1], 0, log);
        dicts += read_dict(&b, dir, "eng", dict_langs[i][0], dict_langs[i][1], 1, log);
    }
    if (cedict)
        dicts += read_cedict(&b, cedict, log);
    int rc = 0;
    if (!dicts) {
        snprintf(err, errlen, "%s: no FreeDict dictionary found (dict-freedict-*)", dir);
        rc = -1;
    }
    lex_entry *e = NULL;
    size_t n = 0;
    if (!rc) {
        e = xcalloc(b.used ? b.used : 1, sizeof *e);
        for (size_t i = 0; i < b.cap; i++) {
            acc *a = &b.slots[i];
            if (!a->key)
                continue;
            qsort(a->c, a->n, sizeof *a->c, cmp_cand);
            e[n].key = a->key;
            float top = a->n ? a->c[0].w : 1;
            for (uint32_t k = 0; k < a->n && k < LEX_SENSES; k++) {
                e[n].concept[k] = a->c[k].concept;
                e[n].word[k] = a->c[k].word;
                e[n].weight[k] = a->c[k].w / top;
                if (a->c[k].name)
                    e[n].names |= 1u << k;
            }
            n++;
        }
        qsort(e, n, sizeof *e, cmp_entry);
        uint32_t *bucket = xmalloc((LEX_BUCKETS + 1) * sizeof *bucket), nb = 0;
        bucket[0] = 0;
        for (size_t i = 0; i < n; i++) {
            uint32_t kb = (uint32_t)(e[i].key >> (64 - LEX_BUCKET_BITS));
            while (nb < kb)
                bucket[++nb] = (uint32_t)i;
        }
        while (nb < LEX_BUCKETS)
            bucket[++nb] = (uint32_t)n;
        char tmp[1024];
        snprintf(tmp, sizeof tmp, "%s.tmp", out_path);
        FILE *fp = fopen(tmp, "wb");
        uint32_t hdr[LEX_HEADER / 4] = {0, LEX_VERSION, (uint32_t)n, (uint32_t)b.pool.len, 0, 0};
        memcpy(hdr, "TDLX", 4);
        uint64_t *keys = xmalloc((n ? n : 1) * sizeof *keys);
        for (size_t i = 0; i < n; i++)
            keys[i] = e[i].key;
        if (!fp || fwrite(hdr, sizeof hdr, 1, fp) != 1 ||
            (n && fwrite(e, sizeof *e, n, fp) != n) ||
            (n && fwrite(keys, sizeof *keys, n, fp) != n) ||
            fwrite(bucket, sizeof *bucket, LEX_BUCKETS + 1, fp) != LEX_BUCKETS + 1 ||
            (b.pool.len && fwrite(b.pool.ptr, 1, b.pool.len, fp) != b.pool.len) ||
            fclose(fp) != 0 || rename(tmp, out_path) != 0) {
            snprintf(err, errlen, "%s: cannot write", out_path);
            rc = -1;
        }
        xfree(bucket);
        xfree(keys);
        if (log && !rc)
            fprintf(log, "lexicon: %zu entries, %zu bytes of words -> %s\n", n, b.pool.len,
                    out_path);
    }
    xfree(e);
    xfree(b.slots);
    xfree(b.word_keys);
    xfree(b.word_offs);
    buf_release(&b.pool);
    uni_free(b.u);
    stem_free(b.st);
    return rc;
}

/* =====================================================================
 * Reading
 * =================================================================== */

lexicon *lexicon_open(const char *path, char *err, size_t errlen)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        snprintf(err, errlen, "%s: cannot open", path);
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) || st.st_size < LEX_HEADER) {
        close(fd);
        snprintf(err, errlen, "%s: too short", path);
        return NULL;
    }
    void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (m == MAP_FAILED) {
        snprintf(err, errlen, "%s: cannot map", path);
        return NULL;
    }
    const uint32_t *h = m;
    uint32_t n = h[2], pool = h[3];
    size_t need = LEX_HEADER + (size_t)n * (sizeof(lex_entry) + sizeof(uint64_t)) +
                  (LEX_BUCKETS + 1) * sizeof(uint32_t) + pool;
    if (memcmp(m, "TDLX", 4) || h[1] != LEX_VERSION || need != (size_t)st.st_size) {
        munmap(m, (size_t)st.st_size);
        snprintf(err, errlen, "%s: not a version %d lexicon (run make to rebuild it)", path,
                 LEX_VERSION);
        return NULL;
    }
    /* the bucket table must stay within the entries, in order */
    const uint64_t *keys = (const uint64_t *)(const void *)((const char *)m + LEX_HEADER +
                                                            (size_t)n * sizeof(lex_entry));
    const uint32_t *bucket = (const uint32_t *)(const void *)(keys + n);
    int ok = bucket[0] == 0 && bucket[LEX_BUCKETS] == n;
    for (uint32_t b = 0; b < LEX_BUCKETS && ok; b++)
        ok = bucket[b] <= bucket[b + 1];
    if (!ok) {
        munmap(m, (size_t)st.st_size);
        snprintf(err, errlen, "%s: broken bucket table (run make to rebuild it)", path);
        return NULL;
    }
    lexicon *lx = xcalloc(1, sizeof *lx);
    lx->bucket = bucket;
    lx->map = m;
    lx->map_len = (size_t)st.st_size;
    lx->entries = (const lex_entry *)((const char *)m + LEX_HEADER);
    lx->keys = keys;
    lx->n = n;
    lx->pool = (const char *)(bucket + LEX_BUCKETS + 1);
    lx->pool_len = pool;
    return lx;
}

void lexicon_close(lexicon *lx)
{
    if (!lx)
        return;
    munmap(lx->map, lx->map_len);
    xfree(lx);
}

const lex_entry *lexicon_find_key(const lexicon *lx, uint64_t k)
{
    if (!lx || !lx->n)
        return NULL;
    uint32_t b = (uint32_t)(k >> (64 - LEX_BUCKET_BITS));
    uint32_t lo = lx->bucket[b], hi = lx->bucket[b + 1];
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (lx->keys[mid] < k)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < lx->bucket[b + 1] && lx->keys[lo] == k ? &lx->entries[lo] : NULL;
}

const lex_entry *lexicon_find(const lexicon *lx, const char *lang, const char *stem, size_t n)
{
    return lx && lx->n ? lexicon_find_key(lx, entry_key(lang, stem, n)) : NULL;
}

const lex_entry *lexicon_at(const lexicon *lx, size_t i)
{
    return lx && i < lx->n ? &lx->entries[i] : NULL;
}

const char *lexicon_word(const lexicon *lx, uint32_t off)
{
    return off < lx->pool_len ? lx->pool + off : "";
}

size_t lexicon_size(const lexicon *lx)
{
    return lx ? lx->n : 0;
}
