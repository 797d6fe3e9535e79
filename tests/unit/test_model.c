/* test_model.c -- lmodel (logistic models, their text format), the pair
 * similarity and the learned join decision. */
#include "td_config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cluster.h"
#include "harness.h"
#include "lmodel.h"
#include "tidings.h"
#include "xmalloc.h"

void test_lmodel_format(void);
void test_lmodel_fit(void);
void test_join_model(void);
void test_pair_compare(void);

static const char *const F3[] = {"a", "b", "noise"};
static const char *const T2[] = {"yes", "soft"};

/* A deterministic pseudo-random number in [0, 1). */
static double rnd(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return (double)((*s >> 8) & 0xffff) / 65536.0;
}

void test_lmodel_format(void)
{
    lmodel m, r;
    char err[256];
    CHECK_EQ_INT(lmodel_init(&m, F3, 3, T2, 2), 0);
    m.bias[0] = -0.5;
    m.bias[1] = 1.25;
    for (int j = 0; j < 3; j++) {
        m.mean[j] = 0.1 * j;
        m.sd[j] = 1 + j;
        m.w[0][j] = 0.5 - j;
        m.w[1][j] = 2e-7 * (j + 1);
    }
    FILE *fp = tmpfile();
    CHECK_EQ_INT(lmodel_write(&m, fp, "a comment\nof two lines"), 0);
    long n = ftell(fp);
    rewind(fp);
    char *text = xmalloc((size_t)n + 1);
    CHECK_EQ_INT((long)fread(text, 1, (size_t)n, fp), n);
    fclose(fp);
    CHECK(!strncmp(text, "# a comment\n# of two lines\nlmodel\t1\n", 35), "comment, then version");
    CHECK_EQ_INT(lmodel_parse(&r, text, (size_t)n, F3, 3, err, sizeof err), 0);
    CHECK_EQ_INT((int)r.n_targets, 2);
    CHECK_EQ_STR(r.target[1], "soft");
    int same = fabs(r.bias[0] + 0.5) < 1e-9 && fabs(r.bias[1] - 1.25) < 1e-9;
    for (int j = 0; j < 3; j++)
        same &= fabs(r.w[0][j] - m.w[0][j]) < 1e-6 * fabs(m.w[0][j]) + 1e-12 &&
                fabs(r.w[1][j] - m.w[1][j]) < 1e-6 * fabs(m.w[1][j]) &&
                fabs(r.sd[j] - m.sd[j]) < 1e-9 && fabs(r.mean[j] - m.mean[j]) < 1e-9;
    CHECK(same, "written and read back, the weights are the same");
    double x[3] = {1, 2, 3};
    CHECK(fabs(lmodel_prob(&r, 0, x) - lmodel_prob(&m, 0, x)) < 1e-9, "same predictions");
    CHECK_EQ_INT(lmodel_target(&r, "soft"), 1);
    CHECK_EQ_INT(lmodel_target(&r, "nope"), -1);

    /* the model is refused, with the line, when it does not fit this build */
    static const char *const other[] = {"a", "B", "noise"};
    CHECK_EQ_INT(lmodel_parse(&r, text, (size_t)n, other, 3, err, sizeof err), -1);
    CHECK(strstr(err, "line 7") && strstr(err, "retrain"), "renamed feature: %s", err);
    CHECK_EQ_INT(lmodel_parse(&r, text, (size_t)n, F3, 2, err, sizeof err), -1);
    CHECK(strstr(err, "more features"), "extra feature: %s", err);
    static const char *const four[] = {"a", "b", "noise", "d"};
    CHECK_EQ_INT(lmodel_parse(&r, text, (size_t)n, four, 4, err, sizeof err), -1);
    CHECK(strstr(err, "3 of 4 features"), "missing feature: %s", err);
    xfree(text);

#define B(t, w) {t, sizeof(t) - 1, w}
    static const struct {
        const char *text;
        size_t len;
        const char *want;
    } bad[] = {
        B("", "ends after 0"),
        B("lmodel\t2\n", "line 1: expected \"lmodel<TAB>1\""),
        B("lmodel\t1\nfeature\tmean\tsd\n", "line 2: expected the header"),
        B("lmodel\t1\nfeature\tmean\tsd\ty\na\t0\t1\t0\n", "line 3: expected the \"bias\" row"),
        B("lmodel\t1\nfeature\tmean\tsd\ty\nbias\t0\t1\tx\n", "line 3: field 4 is not a number"),
        B("lmodel\t1\nfeature\tmean\tsd\ty\nbias\t0\t1\t0\t9\n", "line 3: expected 4"),
        B("lmodel\t1\nfeature\tmean\tsd\ty\nbias\t0\t1\t0\na\t0\t0\t1\n", "sd must be at least"),
        B("lmodel\t1\nfeature\tmean\tsd\ty\nbias\t0\t1\t0\na\t0\t1\t2e6\n", "within"),
        /* found by fuzz_lmodel: a NUL in a target name was accepted, and the
         * model then wrote a file it could not read back */
        B("lmodel\t1\nfeature\tmean\tsd\tcr\0ss\nbias\t0\t1\t0\n", "not printable"),
        B("lmodel\t1\nfeature\tmean\tsd\ta b\nbias\t0\t1\t0\n", "not printable"),
        B("lmodel\t1\nfeature\tmean\tsd\ty\nbias\t0\t1\t0\na\t0\t1\tnan\n", "not a number"),
    };
    static const char *const A[] = {"a"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int rc = lmodel_parse(&r, bad[i].text, bad[i].len, A, 1, err, sizeof err);
        CHECK(rc == -1 && strstr(err, bad[i].want), "bad model %zu: %s", i, err);
    }
#undef B
    const char *ok = "# c\r\nlmodel\t1\r\nfeature\tmean\tsd\ty\r\nbias\t0\t1\t2\r\na\t1\t2\t3\r\n";
    CHECK_EQ_INT(lmodel_parse(&r, ok, strlen(ok), A, 1, err, sizeof err), 0);
    double one = 3;
    CHECK(fabs(lmodel_logit(&r, 0, &one) - (2 + 3 * (3 - 1) / 2.0)) < 1e-12, "CRLF model");
}

void test_lmodel_fit(void)
{
    enum { N = 2000 };
    double *X = xmalloc(N * 3 * sizeof *X), *y = xmalloc(N * sizeof *y);
    double *soft = xmalloc(N * sizeof *soft);
    unsigned s = 7;
    for (int i = 0; i < N; i++) {
        double a = rnd(&s) * 4 - 2, b = rnd(&s) * 10, noise = rnd(&s) * 100;
        X[i * 3] = a;
        X[i * 3 + 1] = b;
        X[i * 3 + 2] = noise;
        /* the truth: log-odds 2a - 0.3b + 1, labels drawn from it */
        double p = 1 / (1 + exp(-(2 * a - 0.3 * (b - 5) + 1)));
        y[i] = rnd(&s) < p;
        soft[i] = 0.3;
    }
    lmodel m;
    lmodel_init(&m, F3, 3, T2, 2);
    lmodel_standardize(&m, X, N);
    CHECK(fabs(m.mean[1] - 5) < 0.3 && fabs(m.sd[1] - 10 / sqrt(12.0)) < 0.2,
          "standardisation: mean %.3f sd %.3f", m.mean[1], m.sd[1]);
    CHECK_EQ_INT(lmodel_fit(&m, 0, X, y, NULL, N, 1e-3), 0);
    /* back to the raw scale: w / sd */
    double wa = m.w[0][0] / m.sd[0], wb = m.w[0][1] / m.sd[1], wn = m.w[0][2] / m.sd[2];
    CHECK(fabs(wa - 2) < 0.35 && fabs(wb + 0.3) < 0.08 && fabs(wn) < 0.01,
          "recovers the weights: a %.3f (2), b %.3f (-0.3), noise %.4f (0)", wa, wb, wn);
    /* soft labels: a constant 0.3 is learned as p = 0.3 everywhere */
    CHECK_EQ_INT(lmodel_fit(&m, 1, X, soft, NULL, N, 1e-3), 0);
    double x0[3] = {-2, 0, 0}, x1[3] = {2, 10, 100};
    CHECK(fabs(lmodel_prob(&m, 1, x0) - 0.3) < 1e-3 && fabs(lmodel_prob(&m, 1, x1) - 0.3) < 1e-3,
          "soft labels: %.4f %.4f", lmodel_prob(&m, 1, x0), lmodel_prob(&m, 1, x1));
    /* a strong penalty shrinks the weights towards 0 */
    lmodel big;
    lmodel_init(&big, F3, 3, T2, 2);
    lmodel_standardize(&big, X, N);
    lmodel_fit(&big, 0, X, y, NULL, N, 1e5);
    CHECK(fabs(big.w[0][0]) < 0.05 * fabs(m.w[0][0]), "l2 shrinks: %.4f vs %.4f", big.w[0][0],
          m.w[0][0]);
    /* ... and toward a prior when it has one: log-odds 5 - 1.5a + 0.1 noise
     * (raw scale) comes back under a strong penalty, bias included; with
     * no penalty the data's own fit; in between, between the two */
    const double prior[4] = {5, -1.5, 0, 0.1};
    lmodel_fit_prior(&big, 0, X, y, NULL, N, 1e7, prior);
    double pb = big.bias[0] - big.w[0][0] * big.mean[0] / big.sd[0] -
                big.w[0][2] * big.mean[2] / big.sd[2];
    CHECK(fabs(big.w[0][0] / big.sd[0] + 1.5) < 1e-3 && fabs(big.w[0][1]) < 1e-3 &&
              fabs(big.w[0][2] / big.sd[2] - 0.1) < 1e-3 && fabs(pb - 5) < 1e-2,
          "strong pull: the prior (a %.4f, noise %.4f, bias %.4f)", big.w[0][0] / big.sd[0],
          big.w[0][2] / big.sd[2], pb);
    lmodel_fit_prior(&big, 0, X, y, NULL, N, 0, prior);
    CHECK(fabs(big.w[0][0] - m.w[0][0]) < 1e-3 * fabs(m.w[0][0]) + 1e-6,
          "no pull: the plain fit (%.4f vs %.4f)", big.w[0][0], m.w[0][0]);
    lmodel_fit_prior(&big, 0, X, y, NULL, N, 300, prior);
    CHECK(big.w[0][0] < m.w[0][0] && big.w[0][0] > -1.5 * big.sd[0],
          "some pull: between (%.4f in %.4f .. %.4f)", big.w[0][0], -1.5 * big.sd[0], m.w[0][0]);
    /* a constant feature gets sd 1 and no weight, without failing */
    for (int i = 0; i < N; i++)
        X[i * 3 + 2] = 4;
    lmodel_standardize(&m, X, N);
    CHECK_EQ_INT(lmodel_fit(&m, 0, X, y, NULL, N, 1e-3), 0);
    CHECK(m.sd[2] == 1 && fabs(m.w[0][2]) < 1e-6 && isfinite(m.w[0][0]), "constant feature");
    CHECK_EQ_INT(lmodel_fit(&m, 0, X, y, NULL, 0, 1), -1);
    /* separable data with a penalty still converges to finite weights */
    for (int i = 0; i < N; i++)
        y[i] = X[i * 3] > 0;
    CHECK_EQ_INT(lmodel_fit(&m, 0, X, y, NULL, N, 1), 0);
    CHECK(isfinite(m.w[0][0]) && m.w[0][0] > 3, "separable: %.3f", m.w[0][0]);
    xfree(X);
    xfree(y);
    xfree(soft);

    double a[5] = {1, 2, 3, 4, 5}, b[5] = {2, 4, 6, 8, 10}, c[5] = {5, 4, 3, 2, 1};
    double k[5] = {3, 3, 3, 3, 3}, d[5] = {1, 3, 2, 5, 4};
    CHECK(fabs(lmodel_pearson(a, b, 5) - 1) < 1e-12, "pearson 1");
    CHECK(fabs(lmodel_pearson(a, c, 5) + 1) < 1e-12, "pearson -1");
    CHECK(lmodel_pearson(a, k, 5) == 0, "pearson of a constant is 0");
    CHECK(fabs(lmodel_pearson(a, d, 5) - 0.8) < 1e-12, "pearson 0.8: %.6f", lmodel_pearson(a, d, 5));
}

/* The demo-like stream the join tests cluster: two events, two languages. */
static const char *const J[][4] = {
    {"s1", "Storm Elowen floods Valencia",
     "Storm Elowen flooded Valencia on Tuesday. Three people died in Paiporta.", "en"},
    {"s2", "Valencia counts the damage after Elowen",
     "After storm Elowen, Valencia and Paiporta count the flood damage and the dead.", "en"},
    {"r1", "ECB raises rates to 3.25 percent",
     "The European Central Bank raised its key rate to 3.25 percent on Thursday.", "en"},
    {"r2", "ECB lifts rates again",
     "The ECB lifted its key interest rate to 3.25 percent, Lagarde said on Thursday.", "en"},
    {"s3", "El temporal Elowen inunda Valencia",
     "El temporal Elowen inundó Valencia el martes. Tres personas murieron en Paiporta.", "es"},
};

typedef struct diags {
    int n;
    unsigned long line;
    char field[16];
} diags;

static void on_diag(void *user, const td_diag *d)
{
    diags *g = user;
    g->n++;
    g->line = d->line;
    snprintf(g->field, sizeof g->field, "%s", d->field ? d->field : "");
}

/* An engine holding J, clustered with the given join option; stories
 * into s[5]. */
static td_engine *engine_j(const char *join, uint32_t s[5])
{
    td_options o;
    td_options_init(&o);
    o.join = join;
    td_engine *e;
    CHECK_EQ_INT(td_engine_new(&o, &e), TD_OK);
    for (int i = 0; i < 5; i++) {
        td_article a;
        memset(&a, 0, sizeof a);
        a.id = J[i][0];
        a.id_len = strlen(a.id);
        a.title = J[i][1];
        a.title_len = strlen(a.title);
        a.text = J[i][2];
        a.text_len = strlen(a.text);
        a.lang = J[i][3];
        a.lang_len = 2;
        s[i] = UINT32_MAX;
        td_engine_add(e, &a, "j", (unsigned long)i + 1, &s[i]);
    }
    return e;
}

static void cluster_j(const char *join, uint32_t s[5])
{
    td_engine_free(engine_j(join, s));
}

/* Write a join model with these biases and margin weight to a temp file. */
static char *join_model_file(double bias, double w_margin)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/td_join_%d.tsv", (int)getpid());
    FILE *fp = fopen(path, "w");
    fprintf(fp, "lmodel\t1\nfeature\tmean\tsd\tsame\tcross\nbias\t0\t1\t%g\t%g\n", bias, bias);
    for (int j = 0; j < CLUSTER_JOIN_NFEAT; j++)
        fprintf(fp, "%s\t0\t1\t%g\t%g\n", cluster_join_feat[j], j ? 0.0 : w_margin,
                j ? 0.0 : w_margin);
    fclose(fp);
    return path;
}

void test_join_model(void)
{
    uint32_t rule[5], m[5];
    cluster_j(NULL, rule);
    CHECK(rule[0] == rule[1] && rule[2] == rule[3] && rule[0] != rule[2],
          "rule: the two events");
    /* a model that is the rule (log-odds = 1000 x margin) clusters alike */
    cluster_j(join_model_file(0, 1000), m);
    CHECK(!memcmp(m, rule, sizeof m), "a model equal to the rule gives the rule's stories");
    /* a model that never joins: five stories; one that always does: one
     * story per set of candidates (everything shares a term here or not) */
    cluster_j(join_model_file(-50, 0), m);
    CHECK(m[0] != m[1] && m[1] != m[2] && m[2] != m[3] && m[3] != m[4] && m[0] != m[4],
          "never join: every article alone");
    cluster_j(join_model_file(+50, 0), m);
    CHECK(m[0] == m[1], "always join: the second article joins the first's story");
    unlink(join_model_file(0, 0));
    /* the built-in model loads and clusters the two events apart */
    cluster_j("model", m);
    CHECK(m[0] == m[1] && m[0] != m[2], "built-in model: storm %u %u, rates %u", m[0], m[1],
          m[2]);
    /* a model file that does not fit is refused at start */
    td_options o;
    td_options_init(&o);
    o.join = "/nonexistent/join.tsv";
    td_engine *e = NULL;
    CHECK_EQ_INT(td_engine_new(&o, &e), TD_ERR_INVALID);
    CHECK(e == NULL, "no engine");
}

/* Pair similarity on seven dimensions (the built-in model). */
void test_pair_compare(void)
{
    uint32_t st[5];
    td_engine *e = engine_j(NULL, st);
    char path[64];
    snprintf(path, sizeof path, "/tmp/td_pairs_%d.jsonl", (int)getpid());
    FILE *fp = fopen(path, "w");
    fputs("{\"id1\":\"s1\",\"id2\":\"s2\"}\n{\"id1\":\"s1\",\"id2\":\"s3\"}\n"
          "{\"id1\":\"s1\",\"id2\":\"r1\"}\n{\"id1\":\"s1\",\"id2\":\"zz\"}\nnot json\n",
          fp);
    fclose(fp);
    FILE *out = tmpfile();
    diags g = {0, 0, ""};
    CHECK_EQ_INT(td_compare_pairs(e, path, out, on_diag, &g), TD_OK);
    CHECK(g.n == 2, "two bad lines reported: %d", g.n);
    rewind(out);
    char line[1024];
    double sim[3] = {0, 0, 0};
    int n = 0;
    static const char *const dims[] = {"overall", "geography", "entities", "time",
                                       "narrative", "style", "tone"};
    while (n < 3 && fgets(line, sizeof line, out)) {
        char *p = strstr(line, "\"similarity\":");
        CHECK(p != NULL, "similarity in %s", line);
        sim[n] = p ? atof(p + 13) : -1;
        CHECK(sim[n] >= 0 && sim[n] <= 1, "similarity in [0, 1]: %f", sim[n]);
        for (size_t k = 0; k < 7; k++) {
            char key[32];
            snprintf(key, sizeof key, "\"%s\":", dims[k]);
            char *q = strstr(line, key);
            double v = q ? atof(q + strlen(key)) : 0;
            CHECK(q && v >= 1 && v <= 4, "%s on the 1..4 scale in %s", dims[k], line);
        }
        n++;
    }
    CHECK_EQ_INT(n, 3);
    CHECK(sim[0] > sim[2], "same story %.3f > other story %.3f", sim[0], sim[2]);
    CHECK(sim[1] > sim[2], "its translation %.3f > other story %.3f", sim[1], sim[2]);
    fclose(out);
    double s12;
    CHECK_EQ_INT(td_engine_similarity(e, "s1", "s2", &s12), TD_OK);
    CHECK(fabs(s12 - sim[0]) < 1e-4, "td_engine_similarity is the compare similarity");
    /* a readable account names the dimensions and the features */
    out = tmpfile();
    CHECK_EQ_INT(td_compare_explain(e, "s1", "s3", out), TD_OK);
    rewind(out);
    char all[8192];
    size_t k = fread(all, 1, sizeof all - 1, out);
    all[k] = 0;
    fclose(out);
    CHECK(strstr(all, "compare s1 (en) s3 (es)") && strstr(all, "narrative") &&
              strstr(all, "x_con"),
          "explanation: %s", all);
    CHECK_EQ_INT(td_compare_explain(e, "s1", "nope", stdout), TD_ERR_NOT_FOUND);
    unlink(path);
    td_engine_free(e);
    /* a pair model that cannot be read is an error that names it */
    td_options o;
    td_options_init(&o);
    o.pair_model = "/nonexistent/pair.tsv";
    CHECK_EQ_INT(td_engine_new(&o, &e), TD_OK);
    g.n = 0;
    CHECK_EQ_INT(td_compare_pairs(e, "/nonexistent/pairs", stdout, on_diag, &g), TD_ERR_INVALID);
    CHECK(g.n == 1, "reported");
    td_engine_free(e);
}
