/* datex.c -- dates mentioned in text, in many languages. */
#include "td_config.h"

#include <string.h>

#include "datex.h"

/* Case-folded month names and abbreviations, with their month number.
 * Written for tidings from the calendars of each language (nominative and,
 * where the language inflects, genitive forms). */
static const struct {
    const char *w;
    int m;
} months[] = {
    /* en */
    {"january", 1}, {"february", 2}, {"march", 3}, {"april", 4}, {"may", 5},
    {"june", 6}, {"july", 7}, {"august", 8}, {"september", 9}, {"october", 10},
    {"november", 11}, {"december", 12}, {"jan", 1}, {"feb", 2}, {"mar", 3},
    {"apr", 4}, {"jun", 6}, {"jul", 7}, {"aug", 8}, {"sep", 9}, {"sept", 9},
    {"oct", 10}, {"nov", 11}, {"dec", 12},
    /* nl */
    {"januari", 1}, {"februari", 2}, {"maart", 3}, {"mei", 5}, {"juni", 6},
    {"juli", 7}, {"augustus", 8}, {"oktober", 10},
    /* de */
    {"januar", 1}, {"jänner", 1}, {"februar", 2}, {"märz", 3}, {"mai", 5},
    {"dezember", 12}, {"okt", 10}, {"dez", 12},
    /* fr */
    {"janvier", 1}, {"février", 2}, {"mars", 3}, {"avril", 4}, {"juin", 6},
    {"juillet", 7}, {"août", 8}, {"septembre", 9}, {"octobre", 10},
    {"novembre", 11}, {"décembre", 12},
    /* es */
    {"enero", 1}, {"febrero", 2}, {"marzo", 3}, {"abril", 4}, {"mayo", 5},
    {"junio", 6}, {"julio", 7}, {"agosto", 8}, {"septiembre", 9},
    {"setiembre", 9}, {"octubre", 10}, {"noviembre", 11}, {"diciembre", 12},
    /* it */
    {"gennaio", 1}, {"febbraio", 2}, {"aprile", 4}, {"maggio", 5},
    {"giugno", 6}, {"luglio", 7}, {"settembre", 9}, {"ottobre", 10},
    {"dicembre", 12},
    /* pt */
    {"janeiro", 1}, {"fevereiro", 2}, {"março", 3}, {"maio", 5}, {"junho", 6},
    {"julho", 7}, {"setembro", 9}, {"outubro", 10}, {"novembro", 11},
    {"dezembro", 12},
    /* pl */
    {"styczeń", 1}, {"stycznia", 1}, {"luty", 2}, {"lutego", 2},
    {"marzec", 3}, {"marca", 3}, {"kwiecień", 4}, {"kwietnia", 4}, {"maj", 5},
    {"maja", 5}, {"czerwiec", 6}, {"czerwca", 6}, {"lipiec", 7}, {"lipca", 7},
    {"sierpień", 8}, {"sierpnia", 8}, {"wrzesień", 9}, {"września", 9},
    {"październik", 10}, {"października", 10}, {"listopad", 11},
    {"listopada", 11}, {"grudzień", 12}, {"grudnia", 12},
    /* ru */
    {"январь", 1}, {"января", 1}, {"февраль", 2}, {"февраля", 2},
    {"март", 3}, {"марта", 3}, {"апрель", 4}, {"апреля", 4}, {"май", 5},
    {"мая", 5}, {"июнь", 6}, {"июня", 6}, {"июль", 7}, {"июля", 7},
    {"август", 8}, {"августа", 8}, {"сентябрь", 9}, {"сентября", 9},
    {"октябрь", 10}, {"октября", 10}, {"ноябрь", 11}, {"ноября", 11},
    {"декабрь", 12}, {"декабря", 12},
    /* uk */
    {"січня", 1}, {"лютого", 2}, {"березня", 3}, {"квітня", 4},
    {"травня", 5}, {"червня", 6}, {"липня", 7}, {"серпня", 8},
    {"вересня", 9}, {"жовтня", 10}, {"листопада", 11}, {"грудня", 12},
    /* cs */
    {"ledna", 1}, {"února", 2}, {"března", 3}, {"dubna", 4}, {"května", 5},
    {"června", 6}, {"července", 7}, {"srpna", 8}, {"září", 9}, {"října", 10},
    {"listopadu", 11}, {"prosince", 12},
    /* tr */
    {"ocak", 1}, {"şubat", 2}, {"mart", 3}, {"nisan", 4}, {"mayıs", 5},
    {"haziran", 6}, {"temmuz", 7}, {"ağustos", 8}, {"eylül", 9}, {"ekim", 10},
    {"kasım", 11}, {"aralık", 12},
};

static const struct {
    const char *w;
    int d;
} weekdays[] = {
    {"monday", 1}, {"tuesday", 2}, {"wednesday", 3}, {"thursday", 4},
    {"friday", 5}, {"saturday", 6}, {"sunday", 7},
    {"maandag", 1}, {"dinsdag", 2}, {"woensdag", 3}, {"donderdag", 4},
    {"vrijdag", 5}, {"zaterdag", 6}, {"zondag", 7},
    {"montag", 1}, {"dienstag", 2}, {"mittwoch", 3}, {"donnerstag", 4},
    {"freitag", 5}, {"samstag", 6}, {"sonntag", 7},
    {"lundi", 1}, {"mardi", 2}, {"mercredi", 3}, {"jeudi", 4},
    {"vendredi", 5}, {"samedi", 6}, {"dimanche", 7},
    {"lunes", 1}, {"martes", 2}, {"miércoles", 3}, {"jueves", 4},
    {"viernes", 5}, {"sábado", 6}, {"domingo", 7},
    {"lunedì", 1}, {"martedì", 2}, {"mercoledì", 3}, {"giovedì", 4},
    {"venerdì", 5}, {"sabato", 6},
    {"segunda", 1}, {"terça", 2}, {"quarta", 3}, {"quinta", 4}, {"sexta", 5},
    {"poniedziałek", 1}, {"wtorek", 2}, {"środa", 3}, {"czwartek", 4},
    {"piątek", 5}, {"sobota", 6}, {"niedziela", 7},
    {"понедельник", 1}, {"вторник", 2}, {"среда", 3}, {"четверг", 4},
    {"пятница", 5}, {"суббота", 6}, {"воскресенье", 7},
    {"pazartesi", 1}, {"salı", 2}, {"çarşamba", 3}, {"perşembe", 4},
    {"cuma", 5}, {"cumartesi", 6}, {"pazar", 7},
};

int datex_weekday(const char *w, size_t n)
{
    for (size_t i = 0; i < TD_ARRAY_LEN(weekdays); i++)
        if (strlen(weekdays[i].w) == n && !memcmp(weekdays[i].w, w, n))
            return weekdays[i].d;
    return 0;
}

int datex_month(const char *w, size_t n)
{
    for (size_t i = 0; i < TD_ARRAY_LEN(months); i++)
        if (strlen(months[i].w) == n && !memcmp(months[i].w, w, n))
            return months[i].m;
    return 0;
}

static long num(const datex_tok *t)
{
    if (!t->is_num || t->fold_len > 9)
        return -1;
    long v = 0;
    for (size_t i = 0; i < t->fold_len; i++)
        v = v * 10 + (t->fold[i] - '0');
    return v;
}

static int is_year(long v, const datex_tok *t)
{
    return t->fold_len == 4 && v >= 1900 && v <= 2099;
}

static int is_day(long v)
{
    return v >= 1 && v <= 31;
}

/* Connecting words between parts of a date: "17 de marzo de 2021". */
static int is_filler(const datex_tok *t)
{
    static const char *const fill[] = {"de", "del", "of", "the", "di", "do", "da"};
    for (size_t i = 0; i < TD_ARRAY_LEN(fill); i++)
        if (t->fold_len == strlen(fill[i]) && !memcmp(t->fold, fill[i], t->fold_len))
            return 1;
    return 0;
}

static int is_cjk(const datex_tok *t, const char *ch)
{
    return t->fold_len == strlen(ch) && !memcmp(t->fold, ch, t->fold_len);
}

static int days_in_month(int y, int m)
{
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && y && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return dm[m - 1];
}

static int valid(int y, int m, int d)
{
    return m >= 1 && m <= 12 && (d == 0 || (d >= 1 && d <= days_in_month(y, m)));
}

/* A single number token that is a whole numeric date, as written:
 * "17.03.2021", "17/03/2021", "2021.03.17" (the word breaker keeps digits
 * joined by '.' or '/' together). */
static int numeric_date(const datex_tok *t, datex_date *d)
{
    long part[3] = {0, 0, 0};
    int len[3] = {0, 0, 0}, np = 0;
    char sep = 0;
    for (size_t i = 0; i < t->surf_len; i++) {
        char c = t->surf[i];
        if (c >= '0' && c <= '9') {
            if (len[np] >= 4)
                return 0;
            part[np] = part[np] * 10 + (c - '0');
            len[np]++;
        } else if ((c == '.' || c == '/') && (!sep || sep == c) && np < 2 && len[np]) {
            sep = c;
            np++;
        } else {
            return 0;
        }
    }
    if (np != 2 || !len[2])
        return 0;
    if (len[0] == 4 && len[1] <= 2 && len[2] <= 2) {
        d->y = (short)part[0];
        d->m = (signed char)part[1];
        d->d = (signed char)part[2];
    } else if (len[2] == 4 && len[0] <= 2 && len[1] <= 2) {
        d->y = (short)part[2];
        d->d = (signed char)part[0];
        d->m = (signed char)part[1];
        if (d->m > 12 && d->d <= 12) { /* 03/17/2021 */
            signed char x = d->m;
            d->m = d->d;
            d->d = x;
        }
    } else {
        return 0;
    }
    return d->y >= 1900 && d->y <= 2099;
}

size_t datex_find(const datex_tok *t, size_t n, datex_date *out, size_t cap)
{
    size_t k = 0;
    for (size_t i = 0; i < n && k < cap; i++) {
        datex_date d = {0, 0, 0, t[i].index};
        size_t used = 0;
        long a = num(&t[i]);
        int m = t[i].is_num ? 0 : datex_month(t[i].fold, t[i].fold_len);
        if (t[i].is_num && t[i].fold_len >= 6 && numeric_date(&t[i], &d)) {
            used = 1;
        } else if (a >= 0 && is_year(a, &t[i]) && i + 1 < n && t[i + 1].gap == '-' &&
            num(&t[i + 1]) >= 1 && num(&t[i + 1]) <= 12 && t[i + 1].fold_len == 2) {
            /* ISO 2021-03[-17] */
            d.y = (short)a;
            d.m = (signed char)num(&t[i + 1]);
            used = 2;
            if (i + 2 < n && t[i + 2].gap == '-' && t[i + 2].fold_len == 2 &&
                is_day(num(&t[i + 2]))) {
                d.d = (signed char)num(&t[i + 2]);
                used = 3;
            }
        } else if (a >= 0 && is_year(a, &t[i]) && i + 3 < n && is_cjk(&t[i + 1], "年") &&
                   num(&t[i + 2]) >= 1 && num(&t[i + 2]) <= 12 && is_cjk(&t[i + 3], "月")) {
            d.y = (short)a;
            d.m = (signed char)num(&t[i + 2]);
            used = 4;
            if (i + 5 < n && is_day(num(&t[i + 4])) && is_cjk(&t[i + 5], "日")) {
                d.d = (signed char)num(&t[i + 4]);
                used = 6;
            }
        } else if (a >= 0 && is_day(a) && t[i].fold_len <= 2) {
            /* day month [year] */
            size_t j = i + 1;
            if (j < n && is_filler(&t[j]))
                j++;
            int mm = j < n && !t[j].is_num ? datex_month(t[j].fold, t[j].fold_len) : 0;
            if (mm) {
                d.d = (signed char)a;
                d.m = (signed char)mm;
                used = j - i + 1;
                size_t y = j + 1;
                if (y < n && is_filler(&t[y]))
                    y++;
                if (y < n && is_year(num(&t[y]), &t[y])) {
                    d.y = (short)num(&t[y]);
                    used = y - i + 1;
                }
            } else if (j == i + 1 && j + 1 < n && (t[j].gap == '.' || t[j].gap == '/') &&
                       t[j].gap == t[j + 1].gap && num(&t[j]) >= 1 && num(&t[j]) <= 12 &&
                       is_year(num(&t[j + 1]), &t[j + 1])) {
                /* 17.03.2021, 17/03/2021 */
                d.d = (signed char)a;
                d.m = (signed char)num(&t[j]);
                d.y = (short)num(&t[j + 1]);
                used = 3;
            }
        } else if (m) {
            /* month day[, year] | month year */
            size_t j = i + 1;
            if (j < n && is_day(num(&t[j])) && t[j].fold_len <= 2) {
                d.m = (signed char)m;
                d.d = (signed char)num(&t[j]);
                used = 2;
                if (j + 1 < n && is_year(num(&t[j + 1]), &t[j + 1])) {
                    d.y = (short)num(&t[j + 1]);
                    used = 3;
                }
            } else if (j < n && is_year(num(&t[j]), &t[j])) {
                d.m = (signed char)m;
                d.y = (short)num(&t[j]);
                used = 2;
            }
        }
        if (used && valid(d.y, d.m, d.d)) {
            out[k++] = d;
            i += used - 1;
        }
    }
    return k;
}

static int digits(const char *s, size_t n, size_t at, size_t len, int *v)
{
    if (at + len > n)
        return 0;
    int x = 0;
    for (size_t i = at; i < at + len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        x = x * 10 + (s[i] - '0');
    }
    *v = x;
    return 1;
}

int datex_parse_iso(const char *s, size_t n, datex_date *out)
{
    int y, m = 0, d = 0;
    while (n && (s[n - 1] == ' '))
        n--;
    if (!digits(s, n, 0, 4, &y) || y < 1000)
        return 0;
    size_t p = 4;
    if (p < n && s[p] == '-') {
        if (!digits(s, n, 5, 2, &m))
            return 0;
        p = 7;
        if (p < n && s[p] == '-') {
            if (!digits(s, n, 8, 2, &d))
                return 0;
            p = 10;
        }
    }
    if (p < n && s[p] != 'T' && s[p] != ' ' && s[p] != 't')
        return 0;
    if (m && !valid(y, m, d))
        return 0;
    if (d && !m)
        return 0;
    out->y = (short)y;
    out->m = (signed char)m;
    out->d = (signed char)d;
    out->pos = 0;
    return 1;
}

long datex_days(int y, int m, int d)
{
    if (m == 0)
        m = 7;
    if (d == 0)
        d = 15;
    /* days from civil, proleptic Gregorian */
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}
