/* harness.h -- a tiny test harness.
 *
 * CHECK(cond, fmt, ...) records a pass or a failure (with file:line and a
 * message); the runner ends with the line "unit: N passed, N failed".
 * Each test file defines functions `void test_xxx(void)` listed in
 * tests/unit/test_main.c.
 */
#ifndef TD_HARNESS_H
#define TD_HARNESS_H

#include <stdio.h>
#include <string.h>

extern int th_passed, th_failed;
extern const char *th_current;

#define CHECK(cond, ...)                                                   \
    do {                                                                   \
        if (cond) {                                                        \
            th_passed++;                                                   \
        } else {                                                           \
            th_failed++;                                                   \
            fprintf(stderr, "FAIL %s (%s:%d): ", th_current, __FILE__,     \
                    __LINE__);                                             \
            fprintf(stderr, __VA_ARGS__);                                  \
            fputc('\n', stderr);                                           \
        }                                                                  \
    } while (0)

#define CHECK_EQ_STR(got, want)                                            \
    do {                                                                   \
        const char *g_ = (got), *w_ = (want);                              \
        CHECK(g_ && w_ && !strcmp(g_, w_), "got \"%s\", want \"%s\"",      \
              g_ ? g_ : "(null)", w_ ? w_ : "(null)");                     \
    } while (0)

#define CHECK_EQ_INT(got, want)                                            \
    do {                                                                   \
        long long g_ = (long long)(got), w_ = (long long)(want);           \
        CHECK(g_ == w_, "got %lld, want %lld", g_, w_);                    \
    } while (0)

#endif /* TD_HARNESS_H */
