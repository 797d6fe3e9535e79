/* feat.c -- analysis: one article in, its features out. */
#include "td_config.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "feat.h"
#include "hash.h"
#include "hsort.h"
#include "langid.h"
#include "lexicon.h"
#include "names.h"
#include "places.h"
#include "stem.h"
#include "td_limits.h"
#include "tok.h"
#include "uni.h"
#include "utf8.h"
#include "xmalloc.h"

/* What the analyzer remembers of each token while it reads the text. */
typedef struct tinfo {
    uint32_t fold;   /* offset of the folded form in an->scratch_pool */
    uint32_t surf;   /* offset of the surface form */
    uint16_t fold_len, surf_len;
    uint16_t flags;  /* tok.h TOK_* */
    uint8_t field;   /* 0 title, 1 lead, 2 body */
    uint8_t stop;    /* a stopword */
    uint8_t gap;     /* first non-space byte before the token, or 0 */
    uint8_t joined;  /* only spaces (or '-') separate it from the previous */
    uint8_t noun;    /* a word the dictionary knows, capitalised as a noun
                        (set_script: languages that capitalise nouns) */
} tinfo;

/* Memo of pure per-word computations (stem key and its lexicon entry; a
 * name's key and place), two-way (memo_way): a word takes the place of
 * the one of its set used less recently. Results do not depend on it,
 * only the time does. A slot handed out stays the word's until a lookup of
 * another word of its set takes it. */
#define MEMO_SLOTS 16384 /* power of two: 8,192 sets of two */
#define MEMO_KEY (TD_MAX_TOKEN_BYTES * 2 + 8)

typedef struct memo_slot {
    uint64_t h;               /* hash of the input; 0: empty */
    uint16_t len;             /* key length; 0: the word has no key */
    uint8_t newer;            /* first slot of a set: which of the two was
                                 used last (memo_way) */
    uint8_t stop;             /* stems: a stop word of the language */
    char key[MEMO_KEY];
    const lex_entry *lex;     /* stems: the lexicon entry, or NULL */
    char place[PLACES_CODE];  /* names: the place id, or "" */
    char abjad[16];           /* names: the abjad key (names.h), or "" */
} memo_slot;

/* The slot of hash h in a two-way memo: the one that holds h, else the
 * one of its set used less recently (*hit 0: the caller fills it, field
 * by field, leaving `newer` alone). Either way it becomes the newer. */
static memo_slot *memo_way(memo_slot *memo, uint64_t h, int *hit)
{
    memo_slot *set = &memo[(h & (MEMO_SLOTS / 2 - 1)) * 2];
    int w = set[0].h == h ? 0 : set[1].h == h ? 1 : -1;
    *hit = w >= 0;
    if (w < 0)
        w = !set[0].newer;
    set[0].newer = (uint8_t)w;
    return &set[w];
}

/* Chinese name lookups of runs of segments (extract_zh_names), memoised:
 * each position of a Chinese text asks for up to three runs, and without
 * the memo they were most of the lexicon's probes (each a cache miss in a
 * 43 MB table). */
#define ZH_MEMO_SLOTS 32768 /* power of two */
typedef struct zh_memo {
    uint64_t h; /* hash of the run; 0: empty */
    const lex_entry *le;
} zh_memo;

/* A small open-addressing map from hash to index in an array. */
typedef struct hmap {
    uint64_t *keys;
    uint32_t *vals;
    uint32_t *occ; /* the slots taken, in order (at most cap / 2): what
                      hmap_clear empties, instead of the whole table */
    size_t cap, used;
} hmap;

struct feat_analyzer {
    feat_shared sh;
    uni_ctx *uni;
    stem_ctx *stem;
    buf title, text, tmp;     /* scratch text buffers */
    tinfo *toks;
    size_t n_toks, cap_toks;
    uint8_t *capok;           /* cap_test of each token (extract_entities) */
    size_t cap_capok;
    buf spool;                /* token strings of the current doc */
    hmap term_map, ent_map, con_map;
    size_t cons_cap;
    size_t cur_field;         /* field of tokens being added */
    size_t lead_left;         /* lead tokens still to come */
    unsigned lead_para;
    const char *cur_text;     /* text being tokenized */
    size_t prev_end;
    feat_doc *doc;
    size_t terms_cap, ents_cap; /* capacities of doc->terms, doc->ents */
    double t[FEAT_T_N];         /* seconds per stage */
    memo_slot *stems, *names;   /* MEMO_SLOTS each */
    zh_memo *zh;                /* ZH_MEMO_SLOTS */
    int caseless, abjad;        /* the doc's script: no capitals; consonants only */
    int nouns_cap;              /* the language capitalises every noun */
    int sounds;                 /* names written by sound, without capitals: 1 any
                                   word (Devanagari), 2 katakana words (Japanese) */
    uint64_t lang_seed;         /* hash of the doc's language: the stem memo's seed */
};

/* ---------------------------------------------------------------------
 * hmap
 * ------------------------------------------------------------------- */
static void hmap_clear(hmap *m)
{
    for (size_t i = 0; i < m->used; i++)
        m->keys[m->occ[i]] = 0;
    m->used = 0;
}

static void hmap_release(hmap *m)
{
    xfree(m->keys);
    xfree(m->vals);
    xfree(m->occ);
    memset(m, 0, sizeof *m);
}

static int hmap_has(const hmap *m, uint64_t key)
{
    if (!m->cap)
        return 0;
    key = key ? key : 1;
    size_t i = key & (m->cap - 1);
    while (m->keys[i]) {
        if (m->keys[i] == key)
            return 1;
        i = (i + 1) & (m->cap - 1);
    }
    return 0;
}

static uint32_t *hmap_slot(hmap *m, uint64_t key, int *found)
{
    if ((m->used + 1) * 2 > m->cap) {
        uint64_t *ok = m->keys;
        uint32_t *ov = m->vals;
        size_t oc = m->cap;
        m->cap = oc ? oc * 2 : 256;
        m->keys = xcalloc(m->cap, sizeof *m->keys);
        m->vals = xmalloc(m->cap * sizeof *m->vals);
        xfree(m->occ);
        m->occ = xmalloc((m->cap / 2 + 1) * sizeof *m->occ);
        m->used = 0;
        for (size_t i = 0; i < oc; i++)
            if (ok[i]) {
                int f;
                *hmap_slot(m, ok[i], &f) = ov[i];
            }
        xfree(ok);
        xfree(ov);
    }
    key = key ? key : 1;
    size_t i = key & (m->cap - 1);
    while (m->keys[i] && m->keys[i] != key)
        i = (i + 1) & (m->cap - 1);
    *found = m->keys[i] != 0;
    if (!*found) {
        m->keys[i] = key;
        m->occ[m->used++] = (uint32_t)i;
    }
    return &m->vals[i];
}

/* ---------------------------------------------------------------------
 * doc
 * ------------------------------------------------------------------- */
void feat_doc_init(feat_doc *d)
{
    memset(d, 0, sizeof *d);
    memcpy(d->lang, "und", 4);
    d->date_days = FEAT_DATE_NONE;
}

void feat_doc_release(feat_doc *d)
{
    xfree(d->title);
    xfree(d->terms);
    xfree(d->ents);
    xfree(d->nums);
    xfree(d->cons);
    xfree(d->dates);
    xfree(d->pool);
    feat_doc_init(d);
}

static uint32_t pool_add(feat_doc *d, const char *s, size_t n)
{
    xgrow((void **)&d->pool, &d->pool_cap, d->pool_len + n + 1, 1);
    uint32_t off = (uint32_t)d->pool_len;
    memcpy(d->pool + off, s, n);
    d->pool[off + n] = 0;
    d->pool_len += n + 1;
    return off;
}

/* ---------------------------------------------------------------------
 * analyzer
 * ------------------------------------------------------------------- */
feat_analyzer *feat_analyzer_new(const feat_shared *sh)
{
    feat_analyzer *an = xcalloc(1, sizeof *an);
    an->sh = *sh;
    an->uni = uni_new();
    if (!an->uni) {
        xfree(an);
        return NULL;
    }
    an->stem = stem_new();
    buf_init(&an->title, TD_MAX_TITLE_BYTES * 4);
    buf_init(&an->text, TD_MAX_ARTICLE_BYTES * 4);
    buf_init(&an->tmp, TD_MAX_ARTICLE_BYTES * 4);
    buf_init(&an->spool, (size_t)TD_MAX_TOKENS_PER_DOC * (TD_MAX_TOKEN_BYTES * 2 + 4));
    an->stems = xcalloc(MEMO_SLOTS, sizeof *an->stems);
    an->names = xcalloc(MEMO_SLOTS, sizeof *an->names);
    an->zh = xcalloc(ZH_MEMO_SLOTS, sizeof *an->zh);
    return an;
}

void feat_analyzer_free(feat_analyzer *an)
{
    if (!an)
        return;
    uni_free(an->uni);
    stem_free(an->stem);
    buf_release(&an->title);
    buf_release(&an->text);
    buf_release(&an->tmp);
    buf_release(&an->spool);
    hmap_release(&an->term_map);
    hmap_release(&an->ent_map);
    hmap_release(&an->con_map);
    xfree(an->stems);
    xfree(an->zh);
    xfree(an->names);
    xfree(an->toks);
    xfree(an->capok);
    xfree(an);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void feat_times(const feat_analyzer *an, double out[FEAT_T_N])
{
    memcpy(out, an->t, sizeof an->t);
}

static void add_term(feat_analyzer *an, uint64_t h, const char *disp, size_t dlen,
                     float w, int in_title, int kind)
{
    feat_doc *d = an->doc;
    int found;
    uint32_t *slot = hmap_slot(&an->term_map, h, &found);
    if (!found) {
        xgrow((void **)&d->terms, &an->terms_cap, d->n_terms + 1, sizeof *d->terms);
        feat_term *t = &d->terms[d->n_terms];
        t->h = h;
        t->tf = 0;
        t->title_tf = 0;
        t->str = pool_add(d, disp, dlen);
        t->kind = (uint8_t)kind;
        *slot = (uint32_t)d->n_terms++;
    }
    feat_term *t = &d->terms[*slot];
    t->tf += w;
    if (in_title)
        t->title_tf += 1;
}

static feat_ent *add_ent(feat_analyzer *an, uint64_t h, const char *disp, size_t dlen, float w,
                         unsigned first, int phrase)
{
    feat_doc *d = an->doc;
    int found;
    uint32_t *slot = hmap_slot(&an->ent_map, h, &found);
    if (!found) {
        xgrow((void **)&d->ents, &an->ents_cap, d->n_ents + 1, sizeof *d->ents);
        feat_ent *e = &d->ents[d->n_ents];
        e->h = h;
        e->w = 0;
        e->str = pool_add(d, disp, dlen);
        e->first = first;
        e->phrase = (uint8_t)phrase;
        e->acronym = 0;
        e->in_body = 0;
        e->place = 0;
        *slot = (uint32_t)d->n_ents++;
    }
    d->ents[*slot].w += w;
    return &d->ents[*slot];
}

/* A place named in the text: a language-neutral entity "pl:CODE". */
static void add_place(feat_analyzer *an, const char *code, float w, unsigned first)
{
    size_t n = strlen(code);
    add_ent(an, feat_key("pl:", code, n), code, n, w * FEAT_W_PLACE, first,
            code[0] == 'g' ? FEAT_ENT_CITY : FEAT_ENT_PLACE);
}


static void add_concept(feat_analyzer *an, uint64_t h, const char *disp, float w)
{
    feat_doc *d = an->doc;
    int found;
    uint32_t *slot = hmap_slot(&an->con_map, h, &found);
    if (!found) {
        xgrow((void **)&d->cons, &an->cons_cap, d->n_cons + 1, sizeof *d->cons);
        feat_term *t = &d->cons[d->n_cons];
        t->h = h;
        t->tf = 0;
        t->title_tf = 0;
        t->str = pool_add(d, disp, strlen(disp));
        t->kind = FEAT_TERM_WORD;
        *slot = (uint32_t)d->n_cons++;
    }
    d->cons[*slot].tf += w;
}

static float field_weight(int field)
{
    return field == 0 ? FEAT_W_TITLE : field == 1 ? FEAT_W_LEAD : FEAT_W_BODY;
}

static int is_single_latin_letter(const char *s, size_t n)
{
    return n == 1 && ((s[0] | 32) >= 'a' && (s[0] | 32) <= 'z');
}

/* 1 when lang is one of list[0..n). */
static int lang_in(const char *lang, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(lang, list[i]))
            return 1;
    return 0;
}

/* Languages whose script has no capitals; of those, the abjads (consonants
 * written, short vowels not); and those that capitalise every noun, where
 * a capital tells a name only of a word the dictionary does not know
 * (Hafen, Streik, Gewerkschaft are no names). Decided once a document,
 * not a token. */
static void set_script(feat_analyzer *an, const char *lang)
{
    static const char *const nouns_cap[] = {"de", "lb"};
    static const char *const devanagari[] = {"hi", "mr", "ne"};
    an->nouns_cap = lang_in(lang, nouns_cap, TD_ARRAY_LEN(nouns_cap));
    an->sounds = lang_in(lang, devanagari, TD_ARRAY_LEN(devanagari)) ? 1
                 : !strcmp(lang, "ja")                                 ? 2
                                                                       : 0;
    static const char *const caseless[] = {"ar", "fa", "ur", "he", "yi", "zh", "ja", "ko",
                                           "th", "hi", "mr", "ne", "bn", "ta", "te", "ka"};
    static const char *const abjad[] = {"ar", "fa", "ur", "he", "yi"};
    an->caseless = lang_in(lang, caseless, TD_ARRAY_LEN(caseless));
    an->abjad = lang_in(lang, abjad, TD_ARRAY_LEN(abjad));
}

/* Is s[0..n) katakana only (at least two characters; the prolonged sound
 * mark and the middle dot included)? U+30A0..U+30FF is E3 82 A0 .. E3 83 BF. */
static int is_katakana(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    if (n < 6 || n % 3)
        return 0;
    for (size_t i = 0; i < n; i += 3)
        if (p[i] != 0xe3 || !((p[i + 1] == 0x82 && p[i + 2] >= 0xa0) || p[i + 1] == 0x83))
            return 0;
    return 1;
}

/* The name keys of a katakana word (the surface: folding would drop the
 * voicing marks, バ -> ハ). Katakana writes foreign syllables the Japanese
 * way: ti as chi (プーチン, Putin), tu as tsu, m before p and b as n
 * (トランプ, Trump), and has no l: the word gives the key of its reading
 * with r and the key with every r an l, and one of the two is the
 * English spelling's when the name has one kind of liquid (Clinton,
 * Zelensky, Harris). */
static void add_kana_name(feat_analyzer *an, const char *surf, size_t n, unsigned index, float w)
{
    char latin[256], fixed[256], key[64];
    size_t l = uni_latin(an->uni, surf, n, latin, sizeof latin), k = 0;
    for (size_t i = 0; i < l && k + 1 < sizeof fixed; i++) {
        if (i + 3 <= l && (!memcmp(latin + i, "chi", 3) || !memcmp(latin + i, "tsu", 3))) {
            fixed[k++] = 't';
            i++; /* "hi" / "su" -> "i" / "u" below */
            continue;
        }
        if (latin[i] == 'n' && i + 1 < l && (latin[i + 1] == 'p' || latin[i + 1] == 'b')) {
            fixed[k++] = 'm';
            continue;
        }
        fixed[k++] = latin[i];
    }
    for (int liquid = 0; liquid < 2; liquid++) {
        if (liquid) {
            int any = 0;
            for (size_t i = 0; i < k; i++)
                if (fixed[i] == 'r')
                    fixed[i] = 'l', any = 1;
            if (!any)
                break;
        }
        size_t kl = names_key_ascii(fixed, k, key, sizeof key);
        if (kl >= 3)
            add_ent(an, feat_key("e:", key, kl), surf, n, w, index, FEAT_ENT_NAME);
    }
}

/* The name key and place of a capitalised word, memoised. */
static const memo_slot *name_of(feat_analyzer *an, const char *fold, size_t n)
{
    uint64_t h = hash_bytes(fold, n, 0x6e);
    h = h ? h : 1;
    int hit;
    memo_slot *m = memo_way(an->names, h, &hit);
    if (hit)
        return m;
    m->h = h;
    m->len = (uint16_t)names_key(an->uni, fold, n, m->key, sizeof m->key);
    m->place[0] = 0;
    if (!names_abjad_key(an->uni, fold, n, m->abjad, sizeof m->abjad))
        m->abjad[0] = 0;
    if (m->len && an->sh.places) {
        char f[MEMO_KEY];
        size_t fl = uni_fold(an->uni, fold, n, 1, f, sizeof f);
        const char *pc = fl ? places_find(an->sh.places, f, fl) : NULL;
        if (!pc)
            pc = places_find_key(an->sh.places, m->key, m->len, f, fl);
        if (pc)
            snprintf(m->place, sizeof m->place, "%s", pc);
    }
    return m;
}

/* Sense k of dictionary entry le, when it is a proper name (CC-CEDICT, in
 * a script without capitals): the English name's key, as a capitalised
 * name would give, for a word of field weight w at token index. */
static void add_dict_name(feat_analyzer *an, const lex_entry *le, int k, float w,
                          unsigned index)
{
    if (!((le->names >> k) & 1))
        return;
    const char *ew = lexicon_word(an->sh.lex, le->word[k]);
    const memo_slot *nm = name_of(an, ew, strlen(ew));
    if (nm->len)
        add_ent(an, feat_key("e:", nm->key, nm->len), ew, strlen(ew),
                w * le->weight[k] * FEAT_W_DICT_NAME, index, FEAT_ENT_NAME);
}

static int on_tok(void *user, const tok *t)
{
    feat_analyzer *an = user;
    feat_doc *d = an->doc;
    if (an->n_toks >= TD_MAX_TOKENS_PER_DOC)
        return 0;
    int field = (int)an->cur_field;
    if (field == 1) {
        if (an->lead_left == 0 || t->para != an->lead_para)
            field = 2;
        else
            an->lead_left--;
    }
    /* the byte before the token that is not a space, for date parsing */
    uint8_t gap = 0, joined = 1;
    for (size_t i = an->prev_end; i < t->start; i++) {
        char c = an->cur_text[i];
        if (c != ' ' && c != '-') {
            joined = 0;
        }
        if (c != ' ' && !gap)
            gap = (uint8_t)c;
    }
    if (an->n_toks == 0 || t->index == 0)
        joined = 0;
    an->prev_end = t->end;

    xgrow((void **)&an->toks, &an->cap_toks, an->n_toks + 1, sizeof *an->toks);
    tinfo *ti = &an->toks[an->n_toks++];
    memset(ti, 0, sizeof *ti);
    ti->fold = (uint32_t)an->spool.len;
    buf_add(&an->spool, t->fold, t->fold_len);
    buf_putc(&an->spool, 0);
    ti->surf = (uint32_t)an->spool.len;
    buf_add(&an->spool, t->surf, t->surf_len);
    buf_putc(&an->spool, 0);
    if (an->spool.rc)
        return TD_ERR_TOO_LARGE;
    ti->fold_len = (uint16_t)t->fold_len;
    ti->surf_len = (uint16_t)t->surf_len;
    ti->flags = (uint16_t)t->flags;
    ti->field = (uint8_t)field;
    ti->gap = gap;
    ti->joined = joined;
    d->n_tokens++;
    if (field != 2)
        d->n_head = an->n_toks;

    float w = field_weight(field);
    if (t->flags & TOK_NUM) {
        if (t->fold_len >= 2) {
            char key[24];
            size_t k = t->fold_len < 20 ? t->fold_len : 20;
            key[0] = '#';
            memcpy(key + 1, t->fold, k);
            add_term(an, feat_key("", key, k + 1), key, k + 1, w, field == 0, FEAT_TERM_NUM);
        }
        return 0;
    }
    /* whether it is a stop word, its stem key and the key's lexicon
     * entry, memoised per language and word (a stop word and a single
     * Latin letter get no key) */
    uint64_t mh = hash_bytes(t->fold, t->fold_len, an->lang_seed);
    mh = mh ? mh : 1;
    int hit;
    memo_slot *m = memo_way(an->stems, mh, &hit);
    if (!hit) {
        m->h = mh;
        m->stop = (uint8_t)stop_is(an->sh.stop, d->lang, t->fold, t->fold_len);
        m->len = 0;
        m->lex = NULL;
        if (!m->stop && !is_single_latin_letter(t->fold, t->fold_len)) {
            size_t sl;
            const char *st = stem_word(an->stem, d->lang, t->fold, t->fold_len, &sl);
            size_t l = uni_fold(an->uni, st, sl, 1, m->key, sizeof m->key);
            m->len = (uint16_t)l;
            m->lex = l && an->sh.lex && strcmp(d->lang, "en")
                         ? lexicon_find(an->sh.lex, d->lang, m->key, l)
                         : NULL;
        }
    }
    if (m->stop) {
        ti->stop = 1;
        return 0;
    }
    const char *key = m->key;
    size_t kl = m->len;
    const lex_entry *le = m->lex;
    if (!kl)
        return 0;
    /* a known noun is no name unless English writes it with a capital
     * too (Rotterdam) or it names a country (Frankreich) */
    if (an->nouns_cap && le && (t->flags & TOK_CAP) && !(t->flags & TOK_ALLCAPS)) {
        const char *ew = lexicon_word(an->sh.lex, le->word[0]);
        ti->noun = !(ew[0] >= 'A' && ew[0] <= 'Z') && !name_of(an, t->fold, t->fold_len)->place[0];
    }
    /* Arabic and Hebrew script write no capitals and no short vowels: any
     * content word may be a name, so each contributes its abjad key
     * (names.h); rare ones carry weight, and a word the dictionary knows is
     * less likely a name */
    float w_sound = w * FEAT_W_ABJAD * (le ? FEAT_W_ABJAD_KNOWN : 1.0f);
    if (an->abjad) {
        const memo_slot *nm = name_of(an, t->fold, t->fold_len);
        if (nm->abjad[0])
            add_ent(an, feat_key("ea:", nm->abjad, strlen(nm->abjad)), t->surf, t->surf_len,
                    w_sound, t->index, FEAT_ENT_KEY);
    }
    /* Devanagari writes a foreign name as it sounds, Japanese in katakana
     * (カーダシアン, बाइडन): such words give the name key of their
     * transliteration, weighed like an abjad key */
    if (an->sounds == 1) {
        /* the surface: folding drops the vowel signs */
        const memo_slot *nm = name_of(an, t->surf, t->surf_len);
        if (nm->len >= 3)
            add_ent(an, feat_key("e:", nm->key, nm->len), t->surf, t->surf_len, w_sound,
                    t->index, FEAT_ENT_NAME);
    } else if (an->sounds == 2 && is_katakana(t->surf, t->surf_len)) {
        add_kana_name(an, t->surf, t->surf_len, t->index, w_sound);
    }
    /* scripts without capitals give no name candidates: every content
     * word is looked up among the places (their names in every language) */
    if (an->caseless && an->sh.places) {
        const char *pc = places_find(an->sh.places, t->fold, t->fold_len);
        if (pc)
            add_place(an, pc, w, t->index);
    }
    add_term(an, feat_key("w:", key, kl), t->fold, t->fold_len, w, field == 0,
             FEAT_TERM_WORD);
    /* the English pivot: the word itself, or its dictionary senses */
    if (an->sh.lex) {
        if (!strcmp(d->lang, "en")) {
            add_concept(an, lexicon_concept(key, kl), t->fold, w);
        } else {
            for (int k = 0; le && k < LEX_SENSES && le->concept[k]; k++) {
                add_concept(an, le->concept[k], lexicon_word(an->sh.lex, le->word[k]),
                            w * le->weight[k]);
                add_dict_name(an, le, k, w, t->index);
            }
        }
    }
    return 0;
}

/* Words that may join the parts of a name: "Ursula von der Leyen",
 * "Mohammed bin Salman", "Charles de Gaulle". */
static int is_name_connector(const char *w, size_t n)
{
#define C(s) {s, sizeof s - 1}
    static const struct {
        const char *s;
        size_t n;
    } c[] = {C("van"), C("von"), C("der"), C("den"), C("de"), C("del"), C("della"),
             C("di"), C("da"), C("du"), C("la"), C("le"), C("al"), C("el"), C("bin"),
             C("ibn"), C("ter"), C("ten"), C("dos"), C("das"), C("y")};
#undef C
    if (n > 5) /* "della" is the longest */
        return 0;
    for (size_t i = 0; i < TD_ARRAY_LEN(c); i++)
        if (c[i].n == n && c[i].s[0] == w[0] && !memcmp(c[i].s, w, n))
            return 1;
    return 0;
}

/* Is token i capitalised in a way that makes it part of a name? */
static int cap_test(const feat_analyzer *an, size_t i)
{
    const tinfo *t = &an->toks[i];
    if (!(t->flags & (TOK_CAP | TOK_ALLCAPS)) || (t->flags & TOK_NUM))
        return 0;
    if (t->stop && !(t->flags & TOK_ALLCAPS))
        return 0;
    if (t->noun)
        return 0;
    if (t->fold_len < 2)
        return 0;
    /* calendar words are capitalised in many languages but name nothing */
    const char *f = an->spool.ptr + t->fold;
    if (datex_month(f, t->fold_len) || datex_weekday(f, t->fold_len))
        return 0;
    return 1;
}

/* Titles and offices written before a name, case-folded, in the languages
 * tidings reads most. */
#define R(s) {s, sizeof s - 1}
static const struct {
    const char *s;
    unsigned char n;
} roles[] = {
    /* en */ R("president"), R("vice"), R("prime"), R("minister"), R("chancellor"),
    R("secretary"), R("senator"), R("sen"), R("governor"), R("gov"), R("mayor"), R("king"),
    R("queen"), R("prince"), R("princess"), R("pope"), R("mr"), R("mrs"), R("ms"), R("dr"),
    R("sir"), R("lord"), R("general"), R("gen"), R("chairman"), R("chairwoman"), R("ceo"),
    R("director"), R("judge"), R("ambassador"), R("spokesman"), R("spokeswoman"),
    R("spokesperson"), R("leader"), R("premier"), R("deputy"), R("former"), R("rep"),
    R("representative"), R("sheikh"), R("emir"), R("coach"), R("captain"), R("lawmaker"),
    R("commissioner"), R("chief"),
    /* de */ R("präsident"), R("präsidentin"), R("kanzler"), R("kanzlerin"),
    R("bundeskanzler"), R("bundeskanzlerin"), R("ministerin"), R("außenminister"),
    R("außenministerin"), R("regierungschef"), R("regierungschefin"), R("chef"),
    R("chefin"), R("herr"), R("frau"), R("staatschef"),
    /* fr */ R("président"), R("présidente"), R("ministre"), R("chancelier"),
    R("chancelière"), R("m"), R("mme"), R("secrétaire"), R("roi"), R("reine"),
    /* es it pt */ R("presidente"), R("ministro"), R("ministra"), R("canciller"),
    R("primer"), R("primeiro"), R("primo"), R("secretario"), R("secretária"), R("señor"),
    R("sr"), R("sra"), R("papa"), R("rey"), R("re"), R("rei"),
    /* nl */ R("kanselier"), R("koning"), R("koningin"), R("paus"), R("staatssecretaris"),
    R("burgemeester"),
    /* pl */ R("prezydent"), R("kanclerz"), R("premiera"), R("prezydenta"),
    /* ru */ R("президент"), R("премьер"), R("министр"), R("канцлер"), R("глава"),
    R("госсекретарь"), R("президента"), R("премьер-министр"),
    /* tr */ R("cumhurbaşkanı"), R("başbakan"), R("bakan"), R("başkan"), R("bakanı"),
    R("başkanı"),
};
#undef R

/* The role words by first byte (role_order[role_start[b] ..
 * role_start[b + 1]) are those starting with b), and the lengths each
 * first byte has: most words are turned away before the table is read,
 * and the rest read only the words of their first byte. Built once, for
 * all threads. */
static uint64_t role_lens[256];
static uint16_t role_start[257];
static uint16_t role_order[TD_ARRAY_LEN(roles)];
static pthread_once_t role_once = PTHREAD_ONCE_INIT;

static void role_build(void)
{
    int16_t key[TD_ARRAY_LEN(roles)];
    for (size_t i = 0; i < TD_ARRAY_LEN(roles); i++) {
        unsigned char b = (unsigned char)roles[i].s[0];
        role_lens[b] |= (uint64_t)1 << roles[i].n; /* all are shorter than 64 */
        key[i] = b;
    }
    index_by_byte(key, TD_ARRAY_LEN(roles), role_start, role_order);
}

static int is_role_word(const char *w, size_t n)
{
    pthread_once(&role_once, role_build);
    if (n == 0 || n >= 64)
        return 0;
    unsigned char b = (unsigned char)w[0];
    if (!(role_lens[b] >> n & 1))
        return 0;
    for (uint16_t i = role_start[b]; i < role_start[b + 1]; i++)
        if (roles[role_order[i]].n == n && !memcmp(roles[role_order[i]].s, w, n))
            return 1;
    return 0;
}

/* Chinese writes a foreign name in characters chosen for their sound, and
 * the word segmenter, which does not know most such names, cuts them into
 * single characters (特朗普 -> 特 朗 普, 普京 -> 普 京). Runs of two to four
 * adjacent short segments that CC-CEDICT knows as a name give that name's
 * key, longest first, as a name the segmenter kept whole would. */
#define ZH_NAME_MAX_SEGS 4
static void extract_zh_names(feat_analyzer *an)
{
    feat_doc *d = an->doc;
    if (strncmp(d->lang, "zh", 2) || !an->sh.lex)
        return;
    size_t n = an->n_toks;
    char cat[64];
    for (size_t i = 0; i < n;) {
        /* the longest run from i that may be a name, written once: a
         * shorter run is a prefix of it (end[k]: the bytes of k segments) */
        size_t end[ZH_NAME_MAX_SEGS + 1] = {0}, m = 0;
        for (size_t j = i; j < n && m < ZH_NAME_MAX_SEGS; j++, m++) {
            const tinfo *t = &an->toks[j];
            if (!(t->flags & TOK_IDEO) || t->fold_len > 6 || (j > i && !t->joined) ||
                t->field != an->toks[i].field || end[m] + t->fold_len >= sizeof cat)
                break;
            memcpy(cat + end[m], an->spool.ptr + t->fold, t->fold_len);
            end[m + 1] = end[m] + t->fold_len;
        }
        size_t took = 0;
        for (size_t k = m; k >= 2 && !took; k--) {
            size_t len = end[k];
            uint64_t h = hash_bytes(cat, len, 11);
            h = h ? h : 1;
            zh_memo *zm = &an->zh[h & (ZH_MEMO_SLOTS - 1)];
            if (zm->h != h) {
                zm->h = h;
                zm->le = lexicon_find(an->sh.lex, "zh", cat, len);
            }
            const lex_entry *le = zm->le;
            if (!le || !le->names)
                continue;
            for (int s = 0; s < LEX_SENSES && le->concept[s]; s++)
                add_dict_name(an, le, s, field_weight(an->toks[i].field), (unsigned)i);
            took = k;
        }
        i += took ? took : 1;
    }
}

/* cap_test of token i, as extract_entities found it: a token is asked
 * about up to three times. */
static int cap_ok(const feat_analyzer *an, size_t i)
{
    return an->capok[i];
}

/* Entity candidates: maximal runs of capitalised words in one sentence. A
 * sentence-initial word alone counts only when it is an acronym or the
 * same word is capitalised inside a sentence elsewhere in the article.
 * Title words count only if they are entities of the body too (headlines
 * capitalise every word in some styles). */
static void extract_entities(feat_analyzer *an)
{
    size_t n = an->n_toks;
    xgrow((void **)&an->capok, &an->cap_capok, n ? n : 1, 1);
    for (size_t i = 0; i < n; i++)
        an->capok[i] = (uint8_t)cap_test(an, i);
    /* words capitalised mid-sentence in the body */
    hmap mid = {0};
    for (size_t i = 0; i < n; i++) {
        const tinfo *t = &an->toks[i];
        if (t->field != 0 && cap_ok(an, i) && !(t->flags & TOK_SENT_START)) {
            int f;
            *hmap_slot(&mid, feat_key("", an->spool.ptr + t->fold, t->fold_len), &f) = 1;
        }
    }
    size_t i = 0;
    while (i < n) {
        if (!cap_ok(an, i)) {
            i++;
            continue;
        }
        size_t j = i + 1;
        while (j < n) {
            const tinfo *t = &an->toks[j];
            if (!t->joined || (t->flags & TOK_SENT_START) || t->field != an->toks[i].field)
                break;
            if (cap_ok(an, j)) {
                j++;
                continue;
            }
            /* connectors followed by a capitalised word: "von der Leyen" */
            size_t k = j;
            while (k < n && k < j + 3 && an->toks[k].joined &&
                   !(an->toks[k].flags & TOK_SENT_START) &&
                   is_name_connector(an->spool.ptr + an->toks[k].fold, an->toks[k].fold_len))
                k++;
            if (k > j && k < n && an->toks[k].joined && cap_ok(an, k)) {
                j = k + 1;
                continue;
            }
            break;
        }
        const tinfo *first = &an->toks[i];
        int single = j == i + 1;
        int title = first->field == 0;
        for (size_t k = i; k < j; k++) {
            const tinfo *t = &an->toks[k];
            if (!cap_ok(an, k))
                continue;
            int is_mid = hmap_has(&mid, feat_key("", an->spool.ptr + t->fold, t->fold_len));
            if (title && !is_mid)
                continue;
            if ((t->flags & TOK_SENT_START) && single && !is_mid &&
                !(t->flags & TOK_ALLCAPS))
                continue;
            /* the language-neutral key: the same name in any script and
             * spelling (names.h) */
            const memo_slot *m = name_of(an, an->spool.ptr + t->fold, t->fold_len);
            if (!m->len)
                continue;
            feat_ent *en = add_ent(an, feat_key("e:", m->key, m->len), an->spool.ptr + t->surf,
                                   t->surf_len, field_weight(t->field), (unsigned)k, 0);
            en->acronym |= (t->flags & TOK_ALLCAPS) != 0;
            en->in_body |= t->field == 2;
            if (m->place[0] && m->place[0] != 'g') /* a country (a city is no entity) */
                en->place = feat_key("pl:", m->place, strlen(m->place));
            if (m->place[0]) /* a country named alone */
                add_place(an, m->place, field_weight(t->field), (unsigned)k);
            if (m->abjad[0]) /* the same name as Arabic script writes it */
                add_ent(an, feat_key("ea:", m->abjad, strlen(m->abjad)), m->abjad,
                        strlen(m->abjad), field_weight(t->field) * FEAT_W_ABJAD, (unsigned)k,
                        FEAT_ENT_KEY);
        }
        /* a sentence-initial word that is capitalised nowhere else is an
         * ordinary word before a name ("Vakbondsman Frank Moreels") */
        size_t from = i;
        if (!single && (first->flags & TOK_SENT_START) && !(first->flags & TOK_ALLCAPS) &&
            !hmap_has(&mid, feat_key("", an->spool.ptr + first->fold, first->fold_len)))
            from = i + 1;
        /* a title before the name is no part of it: "US President Joe
         * Biden", "EZB-Präsidentin Christine Lagarde" are Joe Biden and
         * Christine Lagarde */
        for (size_t k = from; k < j; k++)
            if (is_role_word(an->spool.ptr + an->toks[k].fold, an->toks[k].fold_len))
                from = k + 1;
        if (j - from >= 2 && !title) {
            /* the whole name, for labels */
            buf *b = &an->tmp;
            buf_reset(b);
            buf fk;
            buf_init(&fk, 1024);
            for (size_t k = from; k < j; k++) {
                if (k > from) {
                    buf_putc(b, ' ');
                    buf_putc(&fk, ' ');
                }
                buf_add(b, an->spool.ptr + an->toks[k].surf, an->toks[k].surf_len);
                buf_add(&fk, an->spool.ptr + an->toks[k].fold, an->toks[k].fold_len);
            }
            if (!b->rc && !fk.rc && b->len < 200) {
                add_ent(an, feat_key("p:", fk.ptr, fk.len), b->ptr, b->len,
                        field_weight(first->field), (unsigned)from, 1);
                if (an->sh.places) { /* a country named in several words */
                    char fold[512];
                    size_t fl = uni_fold(an->uni, fk.ptr, fk.len, 1, fold, sizeof fold);
                    const char *pc = fl ? places_find(an->sh.places, fold, fl) : NULL;
                    if (pc)
                        add_place(an, pc, field_weight(first->field), (unsigned)from);
                }
            }
            buf_release(&fk);
        }
        i = j;
    }
    hmap_release(&mid);
}

static void extract_dates(feat_analyzer *an)
{
    feat_doc *d = an->doc;
    size_t n = an->n_toks;
    datex_tok *dt = xmalloc((n ? n : 1) * sizeof *dt);
    for (size_t i = 0; i < n; i++) {
        const tinfo *t = &an->toks[i];
        dt[i].surf = an->spool.ptr + t->surf;
        dt[i].surf_len = t->surf_len;
        dt[i].fold = an->spool.ptr + t->fold;
        dt[i].fold_len = (unsigned char)(t->fold_len > 255 ? 255 : t->fold_len);
        dt[i].is_num = (t->flags & TOK_NUM) != 0;
        dt[i].ordinal = (t->flags & TOK_ORDINAL) != 0;
        dt[i].gap = t->gap;
        dt[i].index = (unsigned)i;
    }
    datex_date tmp[TD_MAX_DATES];
    size_t k = datex_find(dt, n, tmp, TD_MAX_DATES);
    xfree(dt);
    if (!k)
        return;
    /* resolve missing years from the given date */
    int ref_y = 0, ref_m = 0;
    if (d->date_prec >= 1) {
        long days = d->date_days;
        /* civil from days: only the year and month are needed */
        long z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
        long doe = z - era * 146097;
        long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        ref_m = (int)(mp < 10 ? mp + 3 : mp - 9);
        ref_y = (int)(yoe + era * 400 + (ref_m <= 2));
    }
    d->dates = xmalloc(k * sizeof *d->dates);
    for (size_t i = 0; i < k; i++) {
        if (!tmp[i].y && ref_y)
            tmp[i].y = (short)(tmp[i].m > ref_m + 1 ? ref_y - 1 : ref_y);
        d->dates[i] = tmp[i];
    }
    d->n_dates = k;
}

/* The first line of the text, when it reads like a headline. */
static size_t headline_len(const char *s, size_t n)
{
    size_t i = 0, words = 1;
    while (i < n && s[i] != '\n') {
        if (s[i] == ' ')
            words++;
        i++;
    }
    if (i == 0 || i > 250 || i == n || words > 30)
        return 0;
    char last = s[i - 1];
    if (last == '.' && words > 12)
        return 0;
    return i;
}

int feat_analyze(feat_analyzer *an, const td_article *a, uint32_t seq, feat_doc *d,
                 int *truncated)
{
    feat_doc_init(d);
    an->doc = d;
    an->terms_cap = an->ents_cap = 0;
    *truncated = 0;
    buf_reset(&an->title);
    buf_reset(&an->text);
    buf_reset(&an->tmp);
    buf_reset(&an->spool);
    hmap_clear(&an->term_map);
    hmap_clear(&an->ent_map);
    hmap_clear(&an->con_map);
    an->cons_cap = 0;
    an->n_toks = 0;

    double t0 = now_s(), t1;
    size_t tlen = a->text_len;
    if (tlen > TD_MAX_ARTICLE_BYTES) {
        tlen = utf8_trim(a->text, TD_MAX_ARTICLE_BYTES);
        *truncated = 1;
    }
    size_t hlen = a->title_len > TD_MAX_TITLE_BYTES ? utf8_trim(a->title, TD_MAX_TITLE_BYTES)
                                                    : a->title_len;
    if (a->title && hlen)
        (void)clean_norm(an->uni, a->title, hlen, &an->title);
    /* title lines never hold paragraph breaks */
    for (size_t i = 0; i < an->title.len; i++)
        if (an->title.ptr[i] == '\n')
            an->title.ptr[i] = ' ';
    if (a->text && tlen)
        (void)clean_norm(an->uni, a->text, tlen, &an->tmp);

    if (a->date && a->date_len) {
        datex_date dd;
        if (datex_parse_iso(a->date, a->date_len, &dd)) {
            d->date_days = datex_days(dd.y, dd.m, dd.d);
            d->date_prec = dd.d ? 3 : dd.m ? 2 : 1;
        }
    }

    t1 = now_s();
    an->t[FEAT_T_CLEAN] += t1 - t0;
    t0 = t1;
    /* language: on the title and the start of the text */
    {
        buf probe;
        buf_init(&probe, 16384);
        if (an->title.len) {
            buf_add(&probe, an->title.ptr, an->title.len);
            buf_putc(&probe, '\n');
        }
        size_t take = an->tmp.len > LANGID_PROBE ? utf8_trim(an->tmp.ptr, LANGID_PROBE) : an->tmp.len;
        size_t first = probe.len + (take > LANGID_PROBE1 ? utf8_trim(an->tmp.ptr, LANGID_PROBE1) : take);
        if (take)
            buf_add(&probe, an->tmp.ptr, take);
        char hint[8] = "";
        const char *h = NULL;
        if (a->lang && a->lang_len && a->lang_len < sizeof hint) {
            memcpy(hint, a->lang, a->lang_len);
            hint[a->lang_len] = 0;
            h = hint;
        }
        langid_result lr;
        langid_detect_staged(probe.ptr ? probe.ptr : "", probe.len, first, h, &lr);
        memcpy(d->lang, lr.lang, sizeof d->lang);
        d->lang_pct = lr.percent;
        d->lang_reliable = lr.reliable;
        d->lang_from_hint = lr.from_hint;
        buf_release(&probe);
    }

    t1 = now_s();
    an->t[FEAT_T_LANGID] += t1 - t0;
    t0 = t1;
    /* a title that is itself scraping noise is no title */
    if (an->title.len && clean_is_noise_line(an->uni, d->lang, an->title.ptr, an->title.len))
        buf_reset(&an->title);
    char src[256];
    snprintf(src, sizeof src, "%.*s", (int)(a->source_len < 255 ? a->source_len : 255),
             a->source ? a->source : "");
    /* so is a title the source gave an earlier article too */
    if (an->title.len && a->source_len &&
        clean_seen_count_title(an->sh.seen, src, a->title, a->title_len, seq) >=
            CLEAN_REPEAT_MIN)
        buf_reset(&an->title);
    if (an->tmp.len)
        (void)clean_noise(an->uni, d->lang, an->tmp.ptr, an->tmp.len, an->sh.seen,
                          a->source_len ? src : NULL, seq, &an->text, &d->cs);
    const char *body = an->text.ptr ? an->text.ptr : "";
    size_t body_len = an->text.len;

    if (!an->title.len) {
        size_t hl = headline_len(body, body_len);
        if (hl) {
            buf_add(&an->title, body, hl);
            d->title_derived = 1;
            body += hl + 1;
            body_len -= hl + 1;
            while (body_len && *body == '\n') {
                body++;
                body_len--;
            }
        }
    }
    if (an->title.len) {
        d->title = xstrndup(an->title.ptr, an->title.len);
        d->title_len = an->title.len;
    }
    d->text_bytes = body_len;

    t1 = now_s();
    an->t[FEAT_T_CLEAN] += t1 - t0;
    t0 = t1;
    set_script(an, d->lang);
    an->lang_seed = hash_bytes(d->lang, strlen(d->lang), 5);
    an->cur_field = 0;
    an->cur_text = an->title.ptr;
    an->prev_end = 0;
    int rc = TD_OK;
    if (an->title.len)
        rc = tok_run(an->uni, an->title.ptr, an->title.len, on_tok, an);
    an->cur_field = 1;
    an->lead_left = FEAT_LEAD_TOKENS;
    an->lead_para = 0;
    an->cur_text = body;
    an->prev_end = 0;
    size_t title_toks = an->n_toks;
    if (!rc && body_len)
        rc = tok_run(an->uni, body, body_len, on_tok, an);
    if (an->n_toks > title_toks)
        an->toks[title_toks].joined = 0;

    t1 = now_s();
    an->t[FEAT_T_TOKENS] += t1 - t0;
    t0 = t1;
    extract_entities(an);
    extract_zh_names(an);
    extract_dates(an);

    /* numbers: hashes of number terms */
    size_t nn = 0;
    for (size_t i = 0; i < d->n_terms; i++)
        nn += d->terms[i].kind == FEAT_TERM_NUM;
    if (nn) {
        d->nums = xmalloc(nn * sizeof *d->nums);
        for (size_t i = 0; i < d->n_terms; i++)
            if (d->terms[i].kind == FEAT_TERM_NUM)
                d->nums[d->n_nums++] = d->terms[i].h;
        sort_by_hash(d->nums, d->n_nums, sizeof *d->nums);
    }
    if (d->n_terms)
        sort_by_hash(d->terms, d->n_terms, sizeof *d->terms);
    if (d->n_ents)
        sort_by_hash(d->ents, d->n_ents, sizeof *d->ents);
    if (d->n_cons)
        sort_by_hash(d->cons, d->n_cons, sizeof *d->cons);
    an->doc = NULL;
    an->t[FEAT_T_FEATURES] += now_s() - t0;
    if (rc)
        return rc;
    return d->n_terms || d->n_ents ? TD_OK : TD_ERR_EMPTY;
}
