/* places.c -- country and region names in many languages, to one id. */
#include "td_config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "hash.h"
#include "names.h"
#include "places.h"
#include "xmalloc.h"

/* The languages whose names are loaded: those of the sets tidings is
 * tested on, and the commonest others. */
static const char *const langs[] = {
    "en", "nl", "de", "fr", "es", "it", "pt", "pl", "ru", "uk", "tr", "ar", "zh", "ja",
    "cs", "is", "he", "ha", "hr", "hi", "sv", "da", "no", "fi", "el", "hu", "ro", "ko",
    "bg", "sr", "sk", "sl", "lt", "lv", "et", "fa", "id", "vi", "th", "ca", NULL};

typedef struct slot {
    uint64_t key; /* 0: empty */
    char code[4];
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
    if ((p->used + 1) * 2 > p->cap)
        return; /* sized for all regions in advance: cannot happen */
    p->slots[i].key = k;
    memcpy(p->slots[i].code, code, 3);
    p->slots[i].code[3] = 0;
    p->used++;
}

places *places_new(uni_ctx *u)
{
    places *p = xcalloc(1, sizeof *p);
    const char *const *regions = uni_regions();
    size_t nr = 0;
    while (regions && regions[nr])
        nr++;
    size_t nl = 0;
    while (langs[nl])
        nl++;
    p->cap = 1;
    while (p->cap < nr * nl * 2 * 2 + 16)
        p->cap *= 2;
    p->slots = xcalloc(p->cap, sizeof *p->slots);
    for (size_t l = 0; l < nl; l++) {
        for (size_t r = 0; r < nr; r++) {
            char name[256], fold[512], key[64];
            size_t n = uni_region_name(regions[r], langs[l], name, sizeof name);
            if (!n)
                continue;
            size_t f = uni_fold(u, name, n, 1, fold, sizeof fold);
            if (!f)
                continue;
            put(p, hash_bytes(fold, f, 0x91), regions[r]);
            if (!memchr(fold, ' ', f)) {
                size_t k = names_key(u, fold, f, key, sizeof key);
                if (k >= 3)
                    put(p, key_hash(key, k, fold, f), regions[r]);
            }
        }
    }
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

#define PLACES_VERSION 3

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
                p->slots[i].code[3] = 0; /* a damaged file is no overflow */
            }
        }
    }
    fclose(fp);
    return p;
}
