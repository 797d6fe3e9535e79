/* test_base.c -- utf8, buf, sorting by hash, json, the allocator's figures. */
#include "td_config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "harness.h"
#include "hsort.h"
#include "json.h"
#include "tidings.h"
#include "utf8.h"
#include "xmalloc.h"

void test_utf8(void);
void test_buf(void);
void test_sort_by_hash(void);
void test_json(void);
void test_json_text_fast(void);
void test_xmalloc_heap(void);

void test_utf8(void)
{
    static const struct {
        const char *in;
        size_t n;
        uint32_t cp;
        size_t len;
    } cases[] = {
        {"A", 1, 'A', 1},
        {"\xC3\xA9", 2, 0xE9, 2},            /* é */
        {"\xE2\x82\xAC", 3, 0x20AC, 3},      /* € */
        {"\xF0\x9F\x98\x80", 4, 0x1F600, 4}, /* emoji */
        {"\xC0\xAF", 2, UTF8_REPLACEMENT, 1},/* overlong '/' */
        {"\xE0\x80\xAF", 3, UTF8_REPLACEMENT, 1},
        {"\xED\xA0\x80", 3, UTF8_REPLACEMENT, 1}, /* surrogate */
        {"\xF4\x90\x80\x80", 4, UTF8_REPLACEMENT, 1}, /* > U+10FFFF */
        {"\xC3", 1, UTF8_REPLACEMENT, 1},    /* truncated */
        {"\xC3\x28", 2, UTF8_REPLACEMENT, 1},/* no continuation */
        {"\xDF\xBF", 2, 0x7FF, 2},
        {"\xC2\x80", 2, 0x80, 2},
        {"\x80", 1, UTF8_REPLACEMENT, 1},    /* stray continuation */
        {"\xFF", 1, UTF8_REPLACEMENT, 1},
    };
    for (size_t i = 0; i < TD_ARRAY_LEN(cases); i++) {
        size_t len;
        uint32_t cp = utf8_decode(cases[i].in, cases[i].n, &len);
        CHECK(cp == cases[i].cp && len == cases[i].len, "case %zu: cp %x len %zu", i,
              (unsigned)cp, len);
    }
    /* the inline two-byte decoder agrees with the full one on every pair
     * of bytes, whole or cut after the first */
    int differ = 0;
    for (unsigned a = 0x80; a < 0x100; a++)
        for (unsigned b = 0; b < 0x100; b++) {
            char in[2] = {(char)a, (char)b};
            size_t l1, l2;
            differ += utf8_decode(in, 2, &l1) != utf8_decode_multi(in, 2, &l2) || l1 != l2;
            differ += utf8_decode(in, 1, &l1) != utf8_decode_multi(in, 1, &l2) || l1 != l2;
        }
    CHECK_EQ_INT(differ, 0);
    char out[4];
    CHECK_EQ_INT(utf8_encode(0x20AC, out), 3);
    CHECK(!memcmp(out, "\xE2\x82\xAC", 3), "encode euro");
    CHECK_EQ_INT(utf8_encode(0xD800, out), 3); /* surrogate -> U+FFFD */
    CHECK(!memcmp(out, "\xEF\xBF\xBD", 3), "surrogate encodes as U+FFFD");
    CHECK_EQ_INT(utf8_valid_prefix("ab\xC3\xA9x\xFFy", 7), 5);
    /* eight bytes at a time: a bad byte anywhere in a long text is found */
    char longs[40];
    for (size_t at = 0; at < sizeof longs; at++) {
        memset(longs, 'a', sizeof longs);
        longs[at] = '\xFF';
        CHECK(utf8_valid_prefix(longs, sizeof longs) == at, "bad byte at %zu", at);
        if (at + 2 <= sizeof longs) {
            memcpy(longs + at, "\xC3\xA9", 2);
            CHECK(utf8_valid_prefix(longs, sizeof longs) == sizeof longs, "é at %zu", at);
        }
    }
    CHECK_EQ_INT(utf8_trim("ab\xE2\x82", 4), 2);   /* incomplete tail dropped */
    CHECK_EQ_INT(utf8_trim("ab\xE2\x82\xAC", 5), 5);
    CHECK_EQ_INT(utf8_trim("abc", 3), 3);
}

void test_buf(void)
{
    buf b;
    buf_init(&b, 10);
    CHECK_EQ_INT(buf_puts(&b, "hello"), TD_OK);
    CHECK_EQ_INT(buf_printf(&b, "%d", 42), TD_OK);
    CHECK_EQ_STR(b.ptr, "hello42");
    CHECK_EQ_INT(buf_puts(&b, "toolong"), TD_ERR_TOO_LARGE);
    CHECK_EQ_STR(b.ptr, "hello42"); /* unchanged on failure */
    CHECK_EQ_INT(buf_puts(&b, "x"), TD_ERR_TOO_LARGE); /* sticky */
    buf_reset(&b);
    CHECK_EQ_INT(b.rc, TD_OK);
    CHECK_EQ_INT(buf_puts(&b, "0123456789"), TD_OK); /* exactly the cap */
    size_t n;
    char *p = buf_take(&b, &n);
    CHECK(n == 10 && !strcmp(p, "0123456789"), "take");
    xfree(p);
    buf_release(&b);
    buf_release(&b); /* released twice: no-op */
    buf_init(&b, 1 << 20);
    for (int i = 0; i < 1000; i++)
        buf_printf(&b, "%04d", i);
    CHECK_EQ_INT(b.len, 4000);
    CHECK(!memcmp(b.ptr + 3996, "0999", 4), "long printf sequence");
    buf_release(&b);
}

void test_json(void)
{
    json_doc *d;
    json_err e;
    const char *ok = "{\"id\":\"a1\",\"n\":7,\"text\":\"x\\u00e9\",\"z\":[1,2]}";
    CHECK_EQ_INT(json_doc_parse(ok, strlen(ok), &d, &e), TD_OK);
    size_t n;
    CHECK_EQ_STR(json_field_str(d, "id", &n, 0), "a1");
    CHECK_EQ_STR(json_field_str(d, "n", &n, 1), "7"); /* numbers as ids */
    CHECK(json_field_str(d, "n", &n, 0) == NULL, "number is not a string");
    CHECK_EQ_STR(json_field_str(d, "text", &n, 0), "x\xC3\xA9");
    CHECK_EQ_INT(json_field_type(d, "z"), JT_OTHER);
    CHECK_EQ_INT(json_field_type(d, "missing"), JT_ABSENT);
    static const char *const skip[] = {"id", "text", NULL};
    const char *rest = json_doc_rest(d, skip, &n);
    CHECK_EQ_STR(rest, "{\"n\":7,\"z\":[1,2]}");
    json_doc_free(d);

    static const struct {
        const char *in;
        int code;
        size_t column;
    } bad[] = {
        {"{\"id\": }", TD_ERR_INVALID, 8},
        {"{\"id\":\"a\"", TD_ERR_INVALID, 0},
        {"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]", TD_ERR_TOO_LARGE, 33},
    };
    for (size_t i = 0; i < TD_ARRAY_LEN(bad); i++) {
        int rc = json_doc_parse(bad[i].in, strlen(bad[i].in), &d, &e);
        CHECK(rc == bad[i].code && d == NULL, "bad %zu: rc %d", i, rc);
        if (bad[i].column)
            CHECK(e.column == bad[i].column, "bad %zu: column %zu want %zu", i, e.column,
                  bad[i].column);
        CHECK(e.msg[0] != 0, "bad %zu has a message", i);
    }

    buf b;
    buf_init(&b, 1024);
    json_put_str(&b, "a\"b\\c\n\x01\xC3\xA9\xE2\x80\xA8", 12);
    CHECK_EQ_STR(b.ptr, "\"a\\\"b\\\\c\\n\\u0001\xC3\xA9\\u2028\"");
    buf_reset(&b);
    json_put_num(&b, 0.5);
    buf_putc(&b, ' ');
    json_put_num(&b, 3);
    buf_putc(&b, ' ');
    json_put_num(&b, NAN);
    CHECK_EQ_STR(b.ptr, "0.5 3 null");
    buf_release(&b);
}

/* sort_by_hash: the order of a stable sort by the leading hash, on random
 * records of every size up to 300 and a few large ones, with many equal
 * hashes (the payload says where each record was). */
typedef struct hrec {
    uint64_t h;
    uint32_t was;
    float pad;
} hrec;

void test_sort_by_hash(void)
{
    uint64_t seed = 0x2545f4914f6cdd1dull;
    int bad = 0;
    for (size_t n = 0; n < 310 && !bad; n++) {
        size_t len = n < 300 ? n : 1000 + 997 * (n - 300);
        hrec *a = xmalloc((len + 1) * sizeof *a);
        for (size_t i = 0; i < len; i++) {
            seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
            a[i].h = n % 3 == 0 ? seed % 7 : seed; /* a third with few values */
            a[i].was = (uint32_t)i;
            a[i].pad = 0;
        }
        sort_by_hash(a, len, sizeof *a);
        for (size_t i = 1; i < len; i++)
            if (a[i - 1].h > a[i].h || (a[i - 1].h == a[i].h && a[i - 1].was > a[i].was))
                bad++;
        /* a permutation: every place once */
        uint8_t *seen = xcalloc(len + 1, 1);
        for (size_t i = 0; i < len; i++)
            bad += a[i].was >= len || seen[a[i].was]++;
        xfree(seen);
        if (bad)
            fprintf(stderr, "sort_by_hash: %zu records out of order\n", len);
        xfree(a);
    }
    CHECK_EQ_INT(bad, 0);
    /* index_by_byte: each byte's items in index order, -1 left out */
    int16_t key[] = {'b', -1, 'a', 'b', 0, 255, 'a', -1};
    uint16_t start[257], order[8];
    index_by_byte(key, 8, start, order);
    CHECK(start[0] == 0 && start[1] == 1 && start['a'] == 1 && start['a' + 1] == 3 &&
              start['b' + 1] == 5 && start[256] == 6 && start[255] == 5,
          "bucket bounds");
    CHECK(order[0] == 4 && order[1] == 2 && order[2] == 6 && order[3] == 0 && order[4] == 3 &&
              order[5] == 5,
          "buckets in index order");
}

/* One record parsed with json.c's own decoding of "text" (fast: 1, or
 * JSON_FAST_UTF8) and by jansson alone: the same outcome, error position,
 * fields and rest. Returns 1 when they differ (and says how). */
static int json_differs_as(const char *rec, size_t n, int fast)
{
    static const char *const skip[] = {"id", NULL};
    json_doc *a = NULL, *b = NULL;
    json_err ea, eb;
    int ra = json_doc_parse_as(rec, n, fast, &a, &ea), rb = json_doc_parse_as(rec, n, 0, &b, &eb);
    int bad = ra != rb;
    if (!bad && ra)
        bad = ea.pos != eb.pos || ea.line != eb.line || strcmp(ea.msg, eb.msg);
    if (!bad && !ra) {
        static const char *const keys[] = {"text", "id", "title", "x"};
        for (size_t k = 0; k < TD_ARRAY_LEN(keys); k++) {
            size_t la, lb;
            const char *sa = json_field_str(a, keys[k], &la, 1);
            const char *sb = json_field_str(b, keys[k], &lb, 1);
            bad |= json_field_type(a, keys[k]) != json_field_type(b, keys[k]);
            bad |= !sa != !sb || (sa && (la != lb || memcmp(sa, sb, la)));
        }
        size_t la, lb;
        const char *ra2 = json_doc_rest(a, skip, &la), *rb2 = json_doc_rest(b, skip, &lb);
        bad |= !ra2 != !rb2 || (ra2 && (la != lb || memcmp(ra2, rb2, la)));
    }
    if (bad)
        fprintf(stderr, "json fast path differs on: %.*s\n", (int)(n < 200 ? n : 200), rec);
    json_doc_free(a);
    json_doc_free(b);
    return bad;
}

/* Both fast ways; the one that trusts the caller's UTF-8 check only where
 * the record is valid UTF-8 (the reader repairs every line first). */
static int json_differs(const char *rec, size_t n)
{
    int bad = json_differs_as(rec, n, 1);
    if (utf8_valid_prefix(rec, n) == n)
        bad |= json_differs_as(rec, n, JSON_FAST_UTF8);
    return bad;
}

/* json.c decodes a long "text" itself: the same as jansson on records with
 * escapes of every kind, surrogate pairs, \u0000, nested values, "text"
 * twice or with an escaped key, not a string, broken escapes, control
 * characters, invalid UTF-8, trailing garbage; and on 3,000 random
 * mutations of a record (bytes changed, cut, or repeated). */
void test_json_text_fast(void)
{
    char pad[700];
    memset(pad, 'a', sizeof pad - 1);
    pad[sizeof pad - 1] = 0;
    static const char *const forms[] = {
        "{\"id\":\"a\",\"text\":\"%s plain\"}",
        "{\"id\":1,\"title\":\"T\",\"text\":\"%s \\\" \\\\ \\/ \\b\\f\\n\\r\\t \\u00e9\\u20AC\\ud83d\\ude00 \\u0000 é\",\"x\":{\"text\":\"in\"}}",
        " { \"text\" : \"%s\" , \"id\" : \"b\" , \"x\" : [1, {\"a\": \"]\"}, null, true] } ",
        "{\"id\":\"c\",\"text\":\"%s\",\"text\":\"second\"}",
        "{\"id\":\"c\",\"text\":\"%s\",\"t\\u0065xt\":\"escaped key\"}",
        "{\"id\":\"d\",\"text\":[\"%s\"]}",
        "{\"id\":\"e\",\"text\":\"%s \\ud800 lone\"}",
        "{\"id\":\"e\",\"text\":\"%s \\udc00 lone\"}",
        "{\"id\":\"e\",\"text\":\"%s \\x bad\"}",
        "{\"id\":\"e\",\"text\":\"%s \\u12G4\"}",
        "{\"id\":\"f\",\"text\":\"%s \t tab\"}",
        "{\"id\":\"f\",\"text\":\"%s \xC3\x28 bad utf8\"}",
        "{\"id\":\"g\",\"text\":\"%s\"} trailing",
        "{\"id\":\"g\",\"text\":\"%s\",}",
        "{\"id\":\"g\",\"text\":\"%s\"",
        "[\"text\",\"%s\"]",
        "{\"id\":\"h\",\"n\":-1.5e3,\"text\":\"%s\",\"ok\":false}",
    };
    char rec[2048];
    int bad = 0;
    for (size_t f = 0; f < TD_ARRAY_LEN(forms); f++) {
        int k = snprintf(rec, sizeof rec, forms[f], pad);
        bad += json_differs(rec, (size_t)k);
    }
    /* the fast path is taken: a long text is decoded into json.c's buffer */
    json_doc *d;
    json_err e;
    int k = snprintf(rec, sizeof rec, forms[1], pad);
    CHECK_EQ_INT(json_doc_parse(rec, (size_t)k, &d, &e), TD_OK);
    size_t n;
    const char *t = json_field_str(d, "text", &n, 0);
    static const char want[] = " \" \\ / \b\f\n\r\t \xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80 \0 \xC3\xA9";
    CHECK(t && n == sizeof pad - 1 + sizeof want - 1 &&
              !memcmp(t + sizeof pad - 1, want, sizeof want - 1),
          "decoded text: %zu bytes", n);
    json_doc_free(d);
    uint64_t seed = 0x9e3779b97f4a7c15ull;
    for (int r = 0; r < 3000; r++) {
        seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
        k = snprintf(rec, sizeof rec, forms[seed % 3], pad);
        int edits = 1 + (int)(seed >> 8) % 3;
        for (int m = 0; m < edits; m++) {
            seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
            size_t at = (size_t)(seed >> 16) % (size_t)k;
            static const char bytes[] = "\"\\{}[],: u0dDnt\x01\xC3\x80";
            switch (seed % 3) {
            case 0: rec[at] = bytes[(seed >> 40) % (sizeof bytes - 1)]; break;
            case 1: k = (int)at + 1; break;
            default:
                if (k + 8 < (int)sizeof rec) {
                    memmove(rec + at + 4, rec + at, (size_t)k - at);
                    k += 4;
                }
            }
        }
        bad += json_differs(rec, (size_t)k);
    }
    CHECK_EQ_INT(bad, 0);
}

/* xgrow: a push onto an array with room leaves it where it is; one past
 * its room doubles it (from 8), keeping what it held. */
static void check_xgrow(void)
{
    uint32_t *a = NULL;
    size_t cap = 0;
    int kept = 1, room = 1;
    for (uint32_t i = 0; i < 1000; i++) {
        uint32_t *before = a;
        size_t had = cap;
        xgrow((void **)&a, &cap, i + 1, sizeof *a);
        room &= cap >= i + 1 && (i + 1 <= had ? a == before && cap == had
                                               : cap == (had < 8 ? 8 : had * 2));
        a[i] = i * 7;
        for (uint32_t j = 0; j < i; j += 97)
            kept &= a[j] == j * 7;
    }
    CHECK(kept && room && cap == 1024, "xgrow: kept %d, room %d, cap %zu", kept, room, cap);
    xfree(a);
}

/* xmalloc_heap follows what is handed out: 48 MB more while a block of
 * that size is held, and back down once it is freed. ASan and valgrind
 * allocate outside glibc's arenas, so there it reports glibc's own state,
 * which these blocks do not move: checked only in plain builds. */
void test_xmalloc_heap(void)
{
    check_xgrow();
    size_t u0, f0, m0, u1, f1, m1, u2, f2, m2;
    const char *name = xmalloc_heap(&u0, &f0, &m0);
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
    CHECK(name != NULL, "glibc reports its heap");
#endif
    if (!name)
        return;
    CHECK(!strcmp(name, "glibc") || !strcmp(name, "jemalloc"), "allocator %s", name);
    const size_t big = (size_t)48 << 20; /* above glibc's largest mmap threshold */
    char *p = xmalloc(big);
    memset(p, 1, big);
    xmalloc_heap(&u1, &f1, &m1);
    xfree(p);
    xmalloc_heap(&u2, &f2, &m2);
    const char *wrap = getenv("TD_UNDER_VALGRIND");
#ifndef __SANITIZE_ADDRESS__
    if (!wrap || !*wrap) {
        CHECK(u1 >= u0 + big, "in use %zu -> %zu with 48 MB more", u0, u1);
        CHECK(u2 + big <= u1, "in use %zu -> %zu once freed", u1, u2);
        CHECK(m1 >= big, "a 48 MB block is mapped (%zu)", m1);
    }
#endif
    (void)wrap;
}
