/* datex.h -- dates mentioned in text, in many languages.
 *
 * Recognises, on the token stream of an article:
 *   ISO dates            2021-03-17, 2021-03, 2021/03/17
 *   numeric dates        17.03.2021, 17/03/2021 (day first; month first in
 *                        English when the day-first reading is impossible)
 *   day month [year]     17 maart, 17. März 2021, 17 de marzo de 2021,
 *                        17 марта, 17 Mart 2021
 *   month day [, year]   March 17th, March 17, 2021
 *   month year           March 2021, maart 2021
 *   CJK                  2021年3月17日
 * Month names are matched only next to a day number or a year, so that
 * "may", "mars" or "maart" alone are never dates. A missing year is left
 * 0 for the caller to resolve against a reference date.
 */
#ifndef TD_DATEX_H
#define TD_DATEX_H

#include <stddef.h>
#include "td_config.h"

typedef struct datex_date {
    short y;       /* 0: not stated */
    signed char m; /* 1..12 */
    signed char d; /* 0: month only */
    unsigned pos;  /* token index where it starts */
} datex_date;

/* One token as datex needs it (a view of tok.h's tok). */
typedef struct datex_tok {
    const char *surf; /* the token as written ("17.03.2021") */
    size_t surf_len;
    const char *fold; /* case-folded word or ASCII digits */
    unsigned char fold_len;
    unsigned char is_num;   /* TOK_NUM */
    unsigned char ordinal;  /* 17th */
    unsigned char gap;      /* the first non-space character before the
                               token ('-', '/', '.', ',', ...) or 0 */
    unsigned index;
} datex_tok;

/* Month number (1..12) of a case-folded month name or abbreviation in any
 * supported language, or 0. */
int datex_month(const char *w, size_t n);

/* Day of the week (1 = Monday .. 7) of a case-folded weekday name in any
 * supported language, or 0. */
int datex_weekday(const char *w, size_t n);

/* Find dates in toks[0..n). Writes at most cap dates to out; returns how
 * many were found (at most cap). */
size_t datex_find(const datex_tok *toks, size_t n, datex_date *out, size_t cap);

/* Parse an ISO 8601 date or date-time (YYYY-MM-DD, YYYY-MM, YYYY, with an
 * optional 'T...' or ' ...' time part). Returns 1 and fills *out (d or m 0
 * when absent), 0 when it is not such a date. */
int datex_parse_iso(const char *s, size_t n, datex_date *out);

/* Days since 1970-01-01 of y-m-d (d 0 counts as the 15th, m 0 as July). */
long datex_days(int y, int m, int d);

#endif /* TD_DATEX_H */
