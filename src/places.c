/* places.c -- country, region and city names in many languages, to one id.
 *
 * Three sources, the first to claim a name keeps it: ICU's CLDR display
 * names of every region (40 languages), the iso-codes catalogues of
 * country names (/usr/share/locale/LANG/LC_MESSAGES/iso_3166-1.mo, about
 * 160 languages, msgid the English name that iso_3166-1.json maps to its
 * code) and the GeoNames city catalogues of libgeonames-common (geonames.mo,
 * 190 languages, msgid the city's geonameid; its id here is "g" and that
 * number). Debian's files are read where it installs them, at build time
 * (places.bin), and a missing one is skipped. */
#include "td_config.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "json.h"
#include "names.h"
#include "places.h"
#include "xmalloc.h"

#ifndef PLACES_LOCALE_DIR
#define PLACES_LOCALE_DIR "/usr/share/locale"
#endif
#ifndef PLACES_ISO_JSON
#define PLACES_ISO_JSON "/usr/share/iso-codes/json/iso_3166-1.json"
#endif
/* A city counts when at least this many languages' catalogues name it:
 * the cities news names are translated widely, and a town known in few
 * languages is more often an ordinary word or a person's name elsewhere
 * (of 28,484 cities, 7,396 reach 10 catalogues). */
#define CITY_MIN_LANGS 10

/* The languages whose names are loaded: those of the sets tidings is
 * tested on, and the commonest others. */
static const char *const langs[] = {
    "en", "nl", "de", "fr", "es", "it", "pt", "pl", "ru", "uk", "tr", "ar", "zh", "ja",
    "cs", "is", "he", "ha", "hr", "hi", "sv", "da", "no", "fi", "el", "hu", "ro", "ko",
    "bg", "sr", "sk", "sl", "lt", "lv", "et", "fa", "id", "vi", "th", "ca", NULL};

typedef struct slot {
    uint64_t key; /* 0: empty */
    char code[PLACES_CODE]; /* "RU", or "g2747373" for a city */
} slot;

struct places {
    slot *slots;
    size_t cap, used;
};

static size_t find(const places *p, uint64_t k)
{
    size_t i = k & (p->cap - 1);
    while (p->slots[i].key && p->slots[i].key != k)
        i = (i + 1) & (p->cap - 1);
    return i;
}

/* The hash of a name key together with the first KEY_PREFIX bytes of the
 * folded name: an inflected form keeps its stem's first letters
 * ("germanii" / "germaniia", "rosji" / "rosja"), a chance namesake in
 * another language does not ("Scholz" and "Seszele", Polish for the
 * Seychelles, share the key "sls"; "Biden" that of 不丹, Bhutan, read
 * "bu dan"). */
#define KEY_PREFIX 4
static uint64_t key_hash(const char *key, size_t k, const char *fold, size_t f)
{
    char b[80];
    if (k > sizeof b - KEY_PREFIX - 1)
        k = sizeof b - KEY_PREFIX - 1;
    size_t pn = f < KEY_PREFIX ? f : KEY_PREFIX;
    memcpy(b, key, k);
    b[k] = '|';
    memcpy(b + k + 1, fold, pn);
    return hash_bytes(b, k + 1 + pn, 0x92);
}

static void put(places *p, uint64_t k, const char *code)
{
    k = k ? k : 1;
    size_t i = find(p, k);
    if (p->slots[i].key)
        return; /* the first region to claim a name keeps it */
    if ((p->used + 1) * 2 > p->cap) { /* keep it at most half full */
        slot *old = p->slots;
        size_t n = p->cap;
        p->cap *= 2;
        p->slots = xcalloc(p->cap, sizeof *p->slots);
        for (size_t j = 0; j < n; j++)
            if (old[j].key)
                p->slots[find(p, old[j].key)] = old[j];
        xfree(old);
        i = find(p, k);
    }
    p->slots[i].key = k;
    snprintf(p->slots[i].code, sizeof p->slots[i].code, "%s", code);
    p->used++;
}

/* Add name[0..n) (any language) for code: by its folded form and, for one
 * word when keyed, by its name key (inflected forms of country names; a
 * city's key would find people: "Putin" has the key of Putian). */
static void add_name(places *p, uni_ctx *u, const char *name, size_t n, const char *code,
                     int keyed)
{
    char fold[512], key[64];
    size_t f = n ? uni_fold(u, name, n, 1, fold, sizeof fold) : 0;
    if (!f)
        return;
    put(p, hash_bytes(fold, f, 0x91), code);
    if (keyed && !memchr(fold, ' ', f)) {
        size_t k = names_key(u, fold, f, key, sizeof key);
        if (k >= 3)
            put(p, key_hash(key, k, fold, f), code);
    }
}

/* The whole of a file (at most 64 MB), NUL-terminated, or NULL. */
static char *slurp(const char *path, size_t *n)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    size_t cap = 1 << 16, len = 0;
    char *b = xmalloc(cap + 1);
    size_t k;
    while ((k = fread(b + len, 1, cap - len, fp)) > 0) {
        len += k;
        if (len == cap) {
            if (cap >= ((size_t)64 << 20))
                break;
            cap *= 2;
            b = xrealloc(b, cap + 1);
        }
    }
    int bad = ferror(fp) || len == cap;
    fclose(fp);
    if (bad) {
        xfree(b);
        return NULL;
    }
    b[len] = 0;
    *n = len;
    return b;
}

static uint32_t rd32(const unsigned char *b, int swap)
{
    uint32_t v = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
    return swap ? (v >> 24) | (v >> 8 & 0xff00) | (v << 8 & 0xff0000) | (v << 24) : v;
}

/* Each (msgid, msgstr) of the gettext catalogue at path, the header (empty
 * msgid) left out; a plural msgstr gives its first form. -1 when the file
 * is missing or not a catalogue. */
typedef void (*mo_fn)(void *user, const char *id, size_t idn, const char *str, size_t sn);
static int mo_each(const char *path, mo_fn fn, void *user)
{
    size_t n;
    char *b = slurp(path, &n);
    if (!b)
        return -1;
    const unsigned char *u = (const unsigned char *)b;
    int rc = -1;
    if (n >= 20) {
        uint32_t magic = rd32(u, 0);
        int swap = magic == 0xde120495u;
        if (magic == 0x950412deu || swap) {
            uint32_t cnt = rd32(u + 8, swap), oi = rd32(u + 12, swap), os = rd32(u + 16, swap);
            if (oi <= n && os <= n && cnt <= (n - oi) / 8 && cnt <= (n - os) / 8) {
                rc = 0;
                for (uint32_t i = 0; i < cnt; i++) {
                    uint32_t il = rd32(u + oi + 8 * i, swap), io = rd32(u + oi + 8 * i + 4, swap);
                    uint32_t sl = rd32(u + os + 8 * i, swap), so = rd32(u + os + 8 * i + 4, swap);
                    if (io > n || il > n - io || so > n || sl > n - so) {
                        rc = -1;
                        break;
                    }
                    if (il)
                        fn(user, b + io, il, b + so, strnlen(b + so, sl));
                }
            }
        }
    }
    xfree(b);
    return rc;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Call fn with the catalogue file of every language under locale_dir
 * (LANG/LC_MESSAGES/file), the languages in name order: the first to claim
 * a name keeps it, so the table is the same on every machine. */
static void each_catalogue(const char *locale_dir, const char *file, mo_fn fn, void *user)
{
    DIR *dir = opendir(locale_dir);
    if (!dir)
        return;
    char **names = NULL;
    size_t nn = 0, cap = 0;
    struct dirent *de;
    while ((de = readdir(dir))) {
        if (de->d_name[0] == '.')
            continue;
        xgrow((void **)&names, &cap, nn + 1, sizeof *names);
        names[nn++] = xstrdup(de->d_name);
    }
    closedir(dir);
    if (nn)
        qsort(names, nn, sizeof *names, cmp_str);
    for (size_t i = 0; i < nn; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s/LC_MESSAGES/%s", locale_dir, names[i], file);
        (void)mo_each(path, fn, user);
        xfree(names[i]);
    }
    xfree(names);
}

/* iso-codes: English country name -> code (from iso_3166-1.json), then
 * every catalogue's translations of those names. */
typedef struct iso_ctx {
    places *p, *en; /* en: the English names alone */
    uni_ctx *u;
} iso_ctx;

static void iso_name(void *user, const char *id, size_t idn, const char *str, size_t sn)
{
    iso_ctx *x = user;
    char fold[512];
    size_t f = uni_fold(x->u, id, idn, 1, fold, sizeof fold);
    const char *code = f ? places_find(x->en, fold, f) : NULL;
    if (code && sn)
        add_name(x->p, x->u, str, sn, code, 1);
}

static void add_iso_codes(places *p, uni_ctx *u, const char *json_path, const char *locale_dir)
{
    size_t n;
    char *text = slurp(json_path, &n);
    json_doc *d = NULL;
    json_err err;
    if (!text || json_doc_parse(text, n, &d, &err)) {
        xfree(text);
        return;
    }
    places *en = xcalloc(1, sizeof *en);
    en->cap = 1024;
    en->slots = xcalloc(en->cap, sizeof *en->slots);
    static const char *const fields[] = {"name", "official_name", "common_name"};
    size_t na = json_doc_array_len(d, "3166-1");
    for (size_t i = 0; i < na; i++) {
        size_t in;
        char *item = json_doc_array_item(d, "3166-1", i, &in);
        json_doc *c = NULL;
        if (!json_doc_parse(item, in, &c, &err)) {
            size_t cl;
            const char *code = json_field_str(c, "alpha_2", &cl, 0);
            if (code && cl == 2) {
                char cc[3] = {code[0], code[1], 0};
                for (size_t k = 0; k < TD_ARRAY_LEN(fields); k++) {
                    size_t fl;
                    const char *v = json_field_str(c, fields[k], &fl, 0);
                    if (v) {
                        add_name(en, u, v, fl, cc, 0);
                        add_name(p, u, v, fl, cc, 1);
                    }
                }
            }
        }
        json_doc_free(c);
        xfree(item);
    }
    json_doc_free(d);
    xfree(text);
    iso_ctx x = {p, en, u};
    if (locale_dir)
        each_catalogue(locale_dir, "iso_3166-1.mo", iso_name, &x);
    places_free(en);
}


/* GeoNames: the catalogues are read twice, to count the languages that
 * name each city, then to add the names of the cities that count. */
typedef struct city {
    uint32_t id, langs;
} city;

typedef struct geo_ctx {
    places *p;
    uni_ctx *u;
    city *c; /* open addressing by geonameid */
    size_t cap, used;
    int add;
} geo_ctx;

static void geo_name(void *user, const char *id, size_t idn, const char *str, size_t sn)
{
    geo_ctx *x = user;
    uint32_t g = 0;
    for (size_t i = 0; i < idn; i++) {
        if (id[i] < '0' || id[i] > '9' || g > 99999999u)
            return;
        g = g * 10 + (uint32_t)(id[i] - '0');
    }
    if (!g)
        return;
    size_t i = g & (x->cap - 1);
    while (x->c[i].id && x->c[i].id != g)
        i = (i + 1) & (x->cap - 1);
    if (!x->add) {
        if (!x->c[i].id) {
            if ((x->used + 1) * 2 > x->cap)
                return; /* more cities than the table was made for */
            x->used++;
        }
        x->c[i].id = g;
        x->c[i].langs++;
    } else if (x->c[i].id == g && x->c[i].langs >= CITY_MIN_LANGS && sn) {
        char code[PLACES_CODE];
        snprintf(code, sizeof code, "g%u", (unsigned)g);
        add_name(x->p, x->u, str, sn, code, 0);
    }
}

static void add_cities(places *p, uni_ctx *u, const char *locale_dir)
{
    geo_ctx x = {p, u, NULL, (size_t)1 << 17, 0, 0};
    x.c = xcalloc(x.cap, sizeof *x.c); /* 28,484 cities in libgeonames 0.3 */
    each_catalogue(locale_dir, "geonames.mo", geo_name, &x);
    x.add = 1;
    each_catalogue(locale_dir, "geonames.mo", geo_name, &x);
    xfree(x.c);
}

places *places_new(uni_ctx *u)
{
    return places_new_from(u, PLACES_ISO_JSON, PLACES_LOCALE_DIR);
}

places *places_new_from(uni_ctx *u, const char *iso_json, const char *locale_dir)
{
    places *p = xcalloc(1, sizeof *p);
    const char *const *regions = uni_regions();
    p->cap = 1 << 14;
    p->slots = xcalloc(p->cap, sizeof *p->slots);
    for (size_t l = 0; langs[l]; l++) {
        for (size_t r = 0; regions && regions[r]; r++) {
            char name[256];
            size_t n = uni_region_name(regions[r], langs[l], name, sizeof name);
            add_name(p, u, name, n, regions[r], 1);
        }
    }
    if (iso_json)
        add_iso_codes(p, u, iso_json, locale_dir);
    if (locale_dir)
        add_cities(p, u, locale_dir);
    return p;
}

void places_free(places *p)
{
    if (!p)
        return;
    xfree(p->slots);
    xfree(p);
}

static const char *lookup(const places *p, uint64_t k)
{
    k = k ? k : 1;
    size_t i = find(p, k);
    return p->slots[i].key ? p->slots[i].code : NULL;
}

const char *places_find(const places *p, const char *folded, size_t n)
{
    return lookup(p, hash_bytes(folded, n, 0x91));
}

const char *places_find_key(const places *p, const char *key, size_t n, const char *folded,
                            size_t fn)
{
    return lookup(p, key_hash(key, n, folded, fn));
}

size_t places_size(const places *p)
{
    return p->used;
}

#define PLACES_VERSION 4

int places_save(const places *p, const char *path)
{
    char tmp[1024];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *fp = fopen(tmp, "wb");
    if (!fp)
        return -1;
    uint64_t hdr[3] = {0, PLACES_VERSION, p->cap};
    memcpy(hdr, "TDPL\0\0\0\0", 8);
    int ok = fwrite(hdr, sizeof hdr, 1, fp) == 1 &&
             fwrite(p->slots, sizeof *p->slots, p->cap, fp) == p->cap;
    ok &= fclose(fp) == 0;
    if (!ok || rename(tmp, path) != 0) {
        remove(tmp);
        return -1;
    }
    return 0;
}

places *places_load(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    uint64_t hdr[3];
    places *p = NULL;
    if (fread(hdr, sizeof hdr, 1, fp) == 1 && !memcmp(hdr, "TDPL", 4) &&
        hdr[1] == PLACES_VERSION && hdr[2] && hdr[2] <= ((uint64_t)1 << 24) &&
        !(hdr[2] & (hdr[2] - 1))) {
        p = xcalloc(1, sizeof *p);
        p->cap = (size_t)hdr[2];
        p->slots = xmalloc(p->cap * sizeof *p->slots);
        if (fread(p->slots, sizeof *p->slots, p->cap, fp) != p->cap) {
            places_free(p);
            p = NULL;
        } else {
            for (size_t i = 0; i < p->cap; i++) {
                p->used += p->slots[i].key != 0;
                p->slots[i].code[PLACES_CODE - 1] = 0; /* a damaged file is no overflow */
            }
        }
    }
    fclose(fp);
    return p;
}
