/* test_base.c -- utf8, buf, sorting by hash, json. */
#include "td_config.h"

#include <math.h>
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
}
