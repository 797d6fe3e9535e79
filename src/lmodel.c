/* lmodel.c -- small logistic models (see lmodel.h). */
#include "td_config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "lmodel.h"
#include "xmalloc.h"

/* A feature or target name: 1 to LMODEL_NAME - 1 printable bytes (no
 * control characters, NUL or space: they would not survive a write). */
static int set_name(char dst[LMODEL_NAME], const char *s, size_t n)
{
    if (n == 0 || n >= LMODEL_NAME)
        return -1;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] <= 0x20 || s[i] == 0x7f)
            return -1;
    memcpy(dst, s, n);
    dst[n] = '\0';
    return 0;
}

int lmodel_init(lmodel *m, const char *const *feat, size_t n_feat,
                const char *const *targets, size_t n_targets)
{
    memset(m, 0, sizeof *m);
    if (n_feat > LMODEL_MAX_FEAT || n_targets > LMODEL_MAX_TARGETS)
        return -1;
    for (size_t j = 0; j < n_feat; j++) {
        if (set_name(m->feat[j], feat[j], strlen(feat[j])))
            return -1;
        m->sd[j] = 1;
    }
    for (size_t t = 0; t < n_targets; t++)
        if (set_name(m->target[t], targets[t], strlen(targets[t])))
            return -1;
    m->n_feat = n_feat;
    m->n_targets = n_targets;
    return 0;
}

int lmodel_target(const lmodel *m, const char *name)
{
    for (size_t t = 0; t < m->n_targets; t++)
        if (!strcmp(m->target[t], name))
            return (int)t;
    return -1;
}

double lmodel_logit(const lmodel *m, size_t t, const double *x)
{
    double z = m->bias[t];
    for (size_t j = 0; j < m->n_feat; j++)
        z += m->w[t][j] * (x[j] - m->mean[j]) / m->sd[j];
    return z;
}

double lmodel_prob(const lmodel *m, size_t t, const double *x)
{
    return 1.0 / (1.0 + exp(-lmodel_logit(m, t, x)));
}

/* ---------------------------------------------------------------------
 * text format
 * ------------------------------------------------------------------- */

/* Split line[0..n) at tabs into at most cap fields (pointers into line,
 * lengths in len). Returns the number of fields. */
static size_t split_tabs(const char *line, size_t n, const char **f, size_t *len, size_t cap)
{
    size_t k = 0, start = 0;
    for (size_t i = 0; i <= n && k < cap; i++) {
        if (i == n || line[i] == '\t') {
            f[k] = line + start;
            len[k++] = i - start;
            start = i + 1;
        }
    }
    return k;
}

static int parse_num(const char *s, size_t n, double *out)
{
    char tmp[64];
    if (n == 0 || n >= sizeof tmp)
        return -1;
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    char *end;
    *out = strtod(tmp, &end);
    return *end == '\0' && isfinite(*out) ? 0 : -1;
}

#define FAIL(...)                                      \
    do {                                               \
        snprintf(err, errlen, "line %lu: ", lineno);   \
        size_t used_ = strlen(err);                    \
        snprintf(err + used_, errlen - used_, __VA_ARGS__); \
        return -1;                                     \
    } while (0)

int lmodel_parse(lmodel *m, const char *text, size_t len, const char *const *feat,
                 size_t n_feat, char *err, size_t errlen)
{
    enum { MAXF = LMODEL_MAX_TARGETS + 3 };
    const char *f[MAXF + 1];
    size_t fl[MAXF + 1];
    unsigned long lineno = 0;
    int state = 0; /* 0: want "lmodel 1", 1: header, 2: bias, 3: features */
    size_t row = 0;
    memset(m, 0, sizeof *m);
    if (n_feat > LMODEL_MAX_FEAT) {
        snprintf(err, errlen, "too many features");
        return -1;
    }
    for (size_t pos = 0; pos < len;) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;
        const char *line = text + pos;
        pos += n + (nl != NULL);
        lineno++;
        if (n && line[n - 1] == '\r')
            n--;
        if (n == 0 || line[0] == '#')
            continue;
        size_t k = split_tabs(line, n, f, fl, MAXF + 1);
        if (state == 0) {
            if (k != 2 || fl[0] != 6 || memcmp(f[0], "lmodel", 6) || fl[1] != 1 || f[1][0] != '1')
                FAIL("expected \"lmodel<TAB>1\" (format version 1)");
            state = 1;
        } else if (state == 1) {
            if (k < 4 || k > MAXF || fl[0] != 7 || memcmp(f[0], "feature", 7))
                FAIL("expected the header \"feature mean sd TARGET...\" (1 to %d targets)",
                     LMODEL_MAX_TARGETS);
            m->n_targets = k - 3;
            for (size_t t = 0; t < m->n_targets; t++)
                if (set_name(m->target[t], f[3 + t], fl[3 + t]))
                    FAIL("target name %zu is empty, too long or not printable", t + 1);
            state = 2;
        } else {
            if (k != m->n_targets + 3)
                FAIL("expected %zu tab-separated fields, found %zu", m->n_targets + 3, k);
            double v[MAXF];
            for (size_t i = 1; i < k; i++)
                if (parse_num(f[i], fl[i], &v[i]) || fabs(v[i]) > LMODEL_MAX_ABS)
                    FAIL("field %zu is not a number within +-%g", i + 1, LMODEL_MAX_ABS);
            if (state == 2) {
                if (fl[0] != 4 || memcmp(f[0], "bias", 4))
                    FAIL("expected the \"bias\" row first");
                for (size_t t = 0; t < m->n_targets; t++)
                    m->bias[t] = v[3 + t];
                state = 3;
                continue;
            }
            if (row >= n_feat)
                FAIL("more features than this build computes (%zu)", n_feat);
            if (fl[0] != strlen(feat[row]) || memcmp(f[0], feat[row], fl[0]))
                FAIL("feature %zu is \"%.*s\", this build computes \"%s\" there: retrain the model",
                     row + 1, (int)(fl[0] > 40 ? 40 : fl[0]), f[0], feat[row]);
            if (!(v[2] >= LMODEL_MIN_SD))
                FAIL("sd must be at least %g", LMODEL_MIN_SD);
            set_name(m->feat[row], feat[row], strlen(feat[row]));
            m->mean[row] = v[1];
            m->sd[row] = v[2];
            for (size_t t = 0; t < m->n_targets; t++)
                m->w[t][row] = v[3 + t];
            row++;
        }
    }
    if (state < 3 || row != n_feat) {
        snprintf(err, errlen, "line %lu: model ends after %zu of %zu features", lineno, row, n_feat);
        return -1;
    }
    m->n_feat = n_feat;
    return 0;
}

int lmodel_write(const lmodel *m, FILE *fp, const char *comment)
{
    while (comment && *comment) {
        const char *nl = strchr(comment, '\n');
        size_t n = nl ? (size_t)(nl - comment) : strlen(comment);
        fprintf(fp, "# %.*s\n", (int)n, comment);
        comment += n + (nl != NULL);
    }
    fprintf(fp, "lmodel\t1\nfeature\tmean\tsd");
    for (size_t t = 0; t < m->n_targets; t++)
        fprintf(fp, "\t%s", m->target[t]);
    fprintf(fp, "\nbias\t0\t1");
    for (size_t t = 0; t < m->n_targets; t++)
        fprintf(fp, "\t%.6g", m->bias[t]);
    fputc('\n', fp);
    for (size_t j = 0; j < m->n_feat; j++) {
        fprintf(fp, "%s\t%.6g\t%.6g", m->feat[j], m->mean[j], m->sd[j]);
        for (size_t t = 0; t < m->n_targets; t++)
            fprintf(fp, "\t%.6g", m->w[t][j]);
        fputc('\n', fp);
    }
    return fflush(fp) || ferror(fp) ? -1 : 0;
}

/* ---------------------------------------------------------------------
 * fitting
 * ------------------------------------------------------------------- */

/* Solve A x = b (A is n x n, row-major; both are overwritten) by Gaussian
 * elimination with partial pivoting. -1 when A is singular. */
static int solve(double *A, double *b, size_t n)
{
    for (size_t c = 0; c < n; c++) {
        size_t p = c;
        for (size_t r = c + 1; r < n; r++)
            if (fabs(A[r * n + c]) > fabs(A[p * n + c]))
                p = r;
        if (fabs(A[p * n + c]) < 1e-300)
            return -1;
        if (p != c) {
            for (size_t k = 0; k < n; k++) {
                double t = A[c * n + k];
                A[c * n + k] = A[p * n + k];
                A[p * n + k] = t;
            }
            double t = b[c];
            b[c] = b[p];
            b[p] = t;
        }
        for (size_t r = c + 1; r < n; r++) {
            double f = A[r * n + c] / A[c * n + c];
            if (f == 0)
                continue;
            for (size_t k = c; k < n; k++)
                A[r * n + k] -= f * A[c * n + k];
            b[r] -= f * b[c];
        }
    }
    for (size_t c = n; c-- > 0;) {
        double s = b[c];
        for (size_t k = c + 1; k < n; k++)
            s -= A[c * n + k] * b[k];
        b[c] = s / A[c * n + c];
    }
    return 0;
}

void lmodel_standardize(lmodel *m, const double *X, size_t n)
{
    size_t d = m->n_feat;
    if (n == 0)
        return;
    for (size_t j = 0; j < d; j++) {
        double s = 0, ss = 0;
        for (size_t i = 0; i < n; i++)
            s += X[i * d + j];
        double mu = s / (double)n;
        for (size_t i = 0; i < n; i++)
            ss += (X[i * d + j] - mu) * (X[i * d + j] - mu);
        double sd = sqrt(ss / (double)n);
        m->mean[j] = mu;
        m->sd[j] = sd > 1e-12 ? sd : 1;
    }
}

int lmodel_fit(lmodel *m, size_t t, const double *X, const double *y, const double *wt,
               size_t n, double l2)
{
    return lmodel_fit_prior(m, t, X, y, wt, n, l2, NULL);
}

/* The fit's objective at theta: the weighted negative log-likelihood plus
 * the penalty (pen[j] / 2) * (theta_j - theta0_j)^2. */
static double objective(const lmodel *m, const double *X, const double *y, const double *wt,
                        size_t n, const double *theta, const double *theta0, const double *pen)
{
    size_t d = m->n_feat;
    double f = 0;
    for (size_t i = 0; i < n; i++) {
        double a = theta[0];
        for (size_t j = 0; j < d; j++)
            a += theta[j + 1] * (X[i * d + j] - m->mean[j]) / m->sd[j];
        /* log(1 + e^a) - y a, without overflow */
        double l = a > 0 ? a + log1p(exp(-a)) : log1p(exp(a));
        f += (wt ? wt[i] : 1.0) * (l - y[i] * a);
    }
    for (size_t j = 0; j <= d; j++)
        f += 0.5 * pen[j] * (theta[j] - theta0[j]) * (theta[j] - theta0[j]);
    return f;
}

int lmodel_fit_prior(lmodel *m, size_t t, const double *X, const double *y, const double *wt,
                     size_t n, double l2, const double *prior)
{
    size_t d = m->n_feat, D = d + 1;
    if (n == 0 || t >= m->n_targets)
        return -1;
    /* theta[0] is the bias, theta[1..d] the standardised weights, pulled
     * toward theta0 (the prior, all 0 without one; the bias only with one) */
    double *theta = xcalloc(D, sizeof *theta), *theta0 = xcalloc(D, sizeof *theta0);
    double *pen = xmalloc(D * sizeof *pen), *next = xmalloc(D * sizeof *next);
    for (size_t j = 0; j < D; j++)
        pen[j] = j || prior ? l2 : 0;
    if (prior) {
        theta0[0] = prior[0];
        for (size_t j = 0; j < d; j++) {
            theta0[0] += prior[j + 1] * m->mean[j];
            theta0[j + 1] = prior[j + 1] * m->sd[j];
        }
    }
    double *H = xmalloc(D * D * sizeof *H), *g = xmalloc(D * sizeof *g);
    double *z = xmalloc(D * sizeof *z);
    double f = objective(m, X, y, wt, n, theta, theta0, pen);
    for (int it = 0; it < 100; it++) {
        memset(H, 0, D * D * sizeof *H);
        memset(g, 0, D * sizeof *g);
        for (size_t i = 0; i < n; i++) {
            z[0] = 1;
            double a = theta[0];
            for (size_t j = 0; j < d; j++) {
                z[j + 1] = (X[i * d + j] - m->mean[j]) / m->sd[j];
                a += theta[j + 1] * z[j + 1];
            }
            double p = 1.0 / (1.0 + exp(-a)), w = wt ? wt[i] : 1.0;
            double r = w * (p - y[i]), h = w * p * (1 - p);
            for (size_t j = 0; j < D; j++) {
                g[j] += r * z[j];
                for (size_t k = j; k < D; k++)
                    H[j * D + k] += h * z[j] * z[k];
            }
        }
        for (size_t j = 0; j < D; j++) {
            for (size_t k = 0; k < j; k++)
                H[j * D + k] = H[k * D + j];
            g[j] += pen[j] * (theta[j] - theta0[j]);
            H[j * D + j] += pen[j] + 1e-9;
        }
        if (solve(H, g, D))
            break;
        /* a Newton step, halved while it makes the objective worse (a full
         * step can overshoot far from the optimum) */
        double scale = 1, fn = f;
        int ok = 0;
        for (int h = 0; h < 40 && !ok; h++, scale /= 2) {
            for (size_t j = 0; j < D; j++)
                next[j] = theta[j] - scale * g[j];
            fn = objective(m, X, y, wt, n, next, theta0, pen);
            ok = fn <= f + 1e-12 * fabs(f);
        }
        if (!ok)
            break;
        double step = 0;
        for (size_t j = 0; j < D; j++)
            step = fmax(step, fabs(next[j] - theta[j]));
        memcpy(theta, next, D * sizeof *theta);
        f = fn;
        if (step < 1e-9)
            break;
    }
    m->bias[t] = theta[0];
    for (size_t j = 0; j < d; j++)
        m->w[t][j] = theta[j + 1];
    xfree(theta);
    xfree(theta0);
    xfree(pen);
    xfree(next);
    xfree(H);
    xfree(g);
    xfree(z);
    return 0;
}

double lmodel_pearson(const double *a, const double *b, size_t n)
{
    if (n < 2)
        return 0;
    double ma = 0, mb = 0;
    for (size_t i = 0; i < n; i++) {
        ma += a[i];
        mb += b[i];
    }
    ma /= (double)n;
    mb /= (double)n;
    double sab = 0, saa = 0, sbb = 0;
    for (size_t i = 0; i < n; i++) {
        sab += (a[i] - ma) * (b[i] - mb);
        saa += (a[i] - ma) * (a[i] - ma);
        sbb += (b[i] - mb) * (b[i] - mb);
    }
    return saa > 0 && sbb > 0 ? sab / sqrt(saa * sbb) : 0;
}
