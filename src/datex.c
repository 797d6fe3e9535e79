/* datex.c -- dates mentioned in text, in many languages. */
#include "td_config.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "datex.h"
#include "hash.h"

/* Case-folded month names and abbreviations, with their month number.
 * Written for tidings from the calendars of each language (nominative and,
 * where the language inflects, genitive forms). */
#define W(s, v) {s, sizeof(s) - 1, v}
typedef struct name_val {
    const char *w;
    unsigned char len;
    int v; /* month 1..12 or weekday 1..7 */
} name_val;

static const name_val months[] = {
    /* en */
    W("january", 1), W("february", 2), W("march", 3), W("april", 4), W("may", 5),
    W("june", 6), W("july", 7), W("august", 8), W("september", 9), W("october", 10),
    W("november", 11), W("december", 12), W("jan", 1), W("feb", 2), W("mar", 3),
    W("apr", 4), W("jun", 6), W("jul", 7), W("aug", 8), W("sep", 9), W("sept", 9),
    W("oct", 10), W("nov", 11), W("dec", 12),
    /* nl */
    W("januari", 1), W("februari", 2), W("maart", 3), W("mei", 5), W("juni", 6),
    W("juli", 7), W("augustus", 8), W("oktober", 10),
    /* de */
    W("januar", 1), W("jänner", 1), W("februar", 2), W("märz", 3), W("mai", 5),
    W("dezember", 12), W("okt", 10), W("dez", 12),
    /* fr */
    W("janvier", 1), W("février", 2), W("mars", 3), W("avril", 4), W("juin", 6),
    W("juillet", 7), W("août", 8), W("septembre", 9), W("octobre", 10),
    W("novembre", 11), W("décembre", 12),
    /* es */
    W("enero", 1), W("febrero", 2), W("marzo", 3), W("abril", 4), W("mayo", 5),
    W("junio", 6), W("julio", 7), W("agosto", 8), W("septiembre", 9),
    W("setiembre", 9), W("octubre", 10), W("noviembre", 11), W("diciembre", 12),
    /* it */
    W("gennaio", 1), W("febbraio", 2), W("aprile", 4), W("maggio", 5),
    W("giugno", 6), W("luglio", 7), W("settembre", 9), W("ottobre", 10),
    W("dicembre", 12),
    /* pt */
    W("janeiro", 1), W("fevereiro", 2), W("março", 3), W("maio", 5), W("junho", 6),
    W("julho", 7), W("setembro", 9), W("outubro", 10), W("novembro", 11),
    W("dezembro", 12),
    /* pl */
    W("styczeń", 1), W("stycznia", 1), W("luty", 2), W("lutego", 2),
    W("marzec", 3), W("marca", 3), W("kwiecień", 4), W("kwietnia", 4), W("maj", 5),
    W("maja", 5), W("czerwiec", 6), W("czerwca", 6), W("lipiec", 7), W("lipca", 7),
    W("sierpień", 8), W("sierpnia", 8), W("wrzesień", 9), W("września", 9),
    W("październik", 10), W("października", 10), W("listopad", 11),
    W("listopada", 11), W("grudzień", 12), W("grudnia", 12),
    /* ru */
    W("январь", 1), W("января", 1), W("февраль", 2), W("февраля", 2),
    W("март", 3), W("марта", 3), W("апрель", 4), W("апреля", 4), W("май", 5),
    W("мая", 5), W("июнь", 6), W("июня", 6), W("июль", 7), W("июля", 7),
    W("август", 8), W("августа", 8), W("сентябрь", 9), W("сентября", 9),
    W("октябрь", 10), W("октября", 10), W("ноябрь", 11), W("ноября", 11),
    W("декабрь", 12), W("декабря", 12),
    /* uk */
    W("січня", 1), W("лютого", 2), W("березня", 3), W("квітня", 4),
    W("травня", 5), W("червня", 6), W("липня", 7), W("серпня", 8),
    W("вересня", 9), W("жовтня", 10), W("листопада", 11), W("грудня", 12),
    /* cs */
    W("ledna", 1), W("února", 2), W("března", 3), W("dubna", 4), W("května", 5),
    W("června", 6), W("července", 7), W("srpna", 8), W("září", 9), W("října", 10),
    W("listopadu", 11), W("prosince", 12),
    /* tr */
    W("ocak", 1), W("şubat", 2), W("mart", 3), W("nisan", 4), W("mayıs", 5),
    W("haziran", 6), W("temmuz", 7), W("ağustos", 8), W("eylül", 9), W("ekim", 10),
    W("kasım", 11), W("aralık", 12),
};

static const name_val weekdays[] = {
    W("monday", 1), W("tuesday", 2), W("wednesday", 3), W("thursday", 4),
    W("friday", 5), W("saturday", 6), W("sunday", 7),
    W("maandag", 1), W("dinsdag", 2), W("woensdag", 3), W("donderdag", 4),
    W("vrijdag", 5), W("zaterdag", 6), W("zondag", 7),
    W("montag", 1), W("dienstag", 2), W("mittwoch", 3), W("donnerstag", 4),
    W("freitag", 5), W("samstag", 6), W("sonntag", 7),
    W("lundi", 1), W("mardi", 2), W("mercredi", 3), W("jeudi", 4),
    W("vendredi", 5), W("samedi", 6), W("dimanche", 7),
    W("lunes", 1), W("martes", 2), W("miércoles", 3), W("jueves", 4),
    W("viernes", 5), W("sábado", 6), W("domingo", 7),
    W("lunedì", 1), W("martedì", 2), W("mercoledì", 3), W("giovedì", 4),
    W("venerdì", 5), W("sabato", 6),
    W("segunda", 1), W("terça", 2), W("quarta", 3), W("quinta", 4), W("sexta", 5),
    W("poniedziałek", 1), W("wtorek", 2), W("środa", 3), W("czwartek", 4),
    W("piątek", 5), W("sobota", 6), W("niedziela", 7),
    W("понедельник", 1), W("вторник", 2), W("среда", 3), W("четверг", 4),
    W("пятница", 5), W("суббота", 6), W("воскресенье", 7),
    W("pazartesi", 1), W("salı", 2), W("çarşamba", 3), W("perşembe", 4),
    W("cuma", 5), W("cumartesi", 6), W("pazar", 7),
};

/* Most tokens are no month or weekday name: reject them by their first byte
 * and length, then look the rest up in a small hash table instead of
 * scanning the tables. Bit n of first[b] is set when some name of n bytes
 * starts with byte b (names are shorter than 32 bytes); slot[] holds the
 * table index + 1 of each name (open addressing, 0 empty). Built once, on
 * first use, for all threads. */
#define NAME_SLOTS 512 /* a power of two, over twice the names of a table */
typedef struct name_index {
    const name_val *tab;
    size_t n;
    uint32_t first[256];
    uint16_t slot[NAME_SLOTS];
} name_index;

static name_index month_ix = {months, TD_ARRAY_LEN(months), {0}, {0}};
static name_index weekday_ix = {weekdays, TD_ARRAY_LEN(weekdays), {0}, {0}};
static pthread_once_t index_once = PTHREAD_ONCE_INIT;

static void index_one(name_index *x)
{
    for (size_t k = 0; k < x->n; k++) {
        const name_val *e = &x->tab[k];
        if (e->len < 32)
            x->first[(unsigned char)e->w[0]] |= (uint32_t)1 << e->len;
        size_t i = hash_bytes(e->w, e->len, 0) & (NAME_SLOTS - 1);
        while (x->slot[i])
            i = (i + 1) & (NAME_SLOTS - 1);
        x->slot[i] = (uint16_t)(k + 1);
    }
}

static void index_build(void)
{
    index_one(&month_ix);
    index_one(&weekday_ix);
}

/* The value of name w[0..n) in the table x indexes, or 0. */
static int name_find(const name_index *x, const char *w, size_t n)
{
    if (n < 3 || n > 31)
        return 0;
    pthread_once(&index_once, index_build);
    if (!(x->first[(unsigned char)w[0]] >> n & 1))
        return 0;
    for (size_t i = hash_bytes(w, n, 0) & (NAME_SLOTS - 1); x->slot[i];
         i = (i + 1) & (NAME_SLOTS - 1)) {
        const name_val *e = &x->tab[x->slot[i] - 1u];
        if (e->len == n && !memcmp(e->w, w, n))
            return e->v;
    }
    return 0;
}

int datex_weekday(const char *w, size_t n)
{
    return name_find(&weekday_ix, w, n);
}

int datex_month(const char *w, size_t n)
{
    return name_find(&month_ix, w, n);
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
