/* test_index.c -- vocab, svec, invidx, cluster. */
#include "td_config.h"

#include <math.h>
#include <string.h>

#include "cluster.h"
#include "feat.h"
#include "harness.h"
#include "invidx.h"
#include "svec.h"
#include "td_limits.h"
#include "vocab.h"
#include "xmalloc.h"

void test_vocab(void);
void test_svec(void);
void test_svec_add_keep(void);
void test_invidx(void);
void test_cluster(void);
void test_date_conflict(void);
void test_cross_margin(void);
void test_cross_fallback(void);
void test_source_threshold(void);
void test_name_conflict(void);
void test_cluster_absorb(void);
void test_cluster_closing(void);
void test_storylines_long_lists(void);
void test_cluster_sweep(void);
void test_cluster_scan(void);
void test_cluster_con(void);
void test_cluster_scatter(void);
void test_svec_prune(void);
void test_svec_merge(void);
void test_svec_block(void);
void test_story_dates(void);

void test_vocab(void)
{
    vocab *v = vocab_new();
    char key[32];
    for (int i = 0; i < 5000; i++) { /* forces several rehashes */
        snprintf(key, sizeof key, "w%d", i);
        uint32_t id = vocab_intern(v, feat_key("w:", key, strlen(key)), key, strlen(key));
        CHECK(id == (uint32_t)i, "ids dense in order: %u", id);
    }
    CHECK_EQ_INT(vocab_intern(v, feat_key("w:", "w42", 3), "w42", 3), 42);
    CHECK_EQ_STR(vocab_str(v, 42), "w42");
    /* a display string of a higher rank replaces the first one, an equal
     * or lower one does not; the id stays */
    uint64_t hp = feat_key("e:", "ptn", 3);
    uint32_t p = vocab_intern_ranked(v, hp, "Путин", strlen("Путин"), 0);
    CHECK_EQ_INT(vocab_intern_ranked(v, hp, "Poetin", 6, 1), p);
    CHECK_EQ_STR(vocab_str(v, p), "Poetin");
    CHECK_EQ_INT(vocab_intern_ranked(v, hp, "Poutine", 7, 1), p);
    CHECK_EQ_STR(vocab_str(v, p), "Poetin");
    CHECK_EQ_INT(vocab_intern_ranked(v, hp, "Putin", 5, 2), p);
    CHECK_EQ_INT(vocab_intern(v, hp, "Putins", 6), p);
    CHECK_EQ_INT(vocab_intern_ranked(v, hp, "Putyin", 6, 1), p);
    CHECK_EQ_STR(vocab_str(v, p), "Putin");
    CHECK_EQ_STR(vocab_str(v, 42), "w42"); /* others untouched */
    CHECK(vocab_find(v, feat_key("w:", "nope", 4)) == UINT32_MAX, "unknown key");
    for (int d = 0; d < 10; d++) {
        vocab_add_doc(v);
        vocab_add_df(v, 1);
    }
    vocab_add_df(v, 2);
    CHECK(vocab_idf(v, 2) > vocab_idf(v, 1), "rarer term has higher idf");
    CHECK(fabs(vocab_idf(v, 1) - 1.0) < 1e-9, "term in every doc: idf 1");
    CHECK(vocab_idf_n(v, 2, 3) < vocab_idf(v, 2), "idf relative to fewer docs is lower");
    char err[128];
    CHECK_EQ_INT(vocab_check(v, err, sizeof err), 0);
    vocab_free(v);
}

void test_svec(void)
{
    svec a, b;
    svec_init(&a);
    svec_init(&b);
    svec_push(&a, 5, 1.0f);
    svec_push(&a, 1, 2.0f);
    svec_push(&a, 5, 1.0f);
    svec_sort(&a); /* merges the two 5s */
    CHECK(a.n == 2 && a.ids[0] == 1 && a.ids[1] == 5 && svec_w(&a)[1] == 2.0f, "sort+merge");
    { /* a repeated id's weights are summed in the order they were pushed:
         1e8 + 1 - 1e8 is 0 in floats, and 1 in another order */
        svec r;
        svec_init(&r);
        float want[50] = {0};
        uint32_t seed = 7;
        for (int i = 0; i < 300; i++) {
            seed = seed * 1103515245u + 12345u;
            uint32_t id = (seed >> 8) % 50;
            float w = i % 3 == 0 ? 1e8f : i % 3 == 1 ? 1.0f : -1e8f;
            svec_push(&r, id, w);
            want[id] += w;
        }
        svec_sort(&r);
        int ordered = 1, summed = 1;
        for (uint32_t i = 0; i < r.n; i++) {
            ordered &= i == 0 || r.ids[i - 1] < r.ids[i];
            summed &= svec_w(&r)[i] == want[r.ids[i]];
        }
        CHECK(r.n == 50 && ordered && summed, "sort: %u ids, ordered %d, summed in order %d",
              r.n, ordered, summed);
        svec_release(&r);
    }
    svec_push(&b, 5, 3.0f);
    svec_push(&b, 9, 1.0f);
    CHECK(fabs(svec_dot(&a, &b) - 6.0) < 1e-9, "dot");
    CHECK(fabs(svec_norm(&a) - sqrt(8.0)) < 1e-6, "norm");
    svec_add(&a, &b, 0.5);
    CHECK(a.n == 3 && a.ids[2] == 9 && fabs(svec_w(&a)[1] - 3.5f) < 1e-6, "add");
    CHECK_EQ_INT(svec_check(&a), 0);
    uint32_t idx[2];
    CHECK_EQ_INT(svec_top(&a, 2, idx), 2);
    CHECK(a.ids[idx[0]] == 5 && a.ids[idx[1]] == 1, "top by weight");
    svec_prune(&a, 2);
    CHECK(a.n == 2 && a.ids[0] == 1 && a.ids[1] == 5, "prune keeps heaviest, in id order");
    a.ids[0] = 7; /* break the order */
    CHECK(svec_check(&a) != 0, "check finds unsorted ids");
    svec_release(&a);
    svec_release(&b);
}

/* svec_add_keep gives exactly svec_add then svec_prune, bit for bit, over
 * many joins of random vectors (ties in weight included), with a capacity
 * never past what it keeps. */
void test_svec_add_keep(void)
{
    svec ref, got, x;
    svec_init(&ref);
    svec_init(&got);
    svec_init(&x);
    svec_scratch s = {0};
    uint32_t seed = 12345;
    int same = 1, capped = 1, pruned = 0;
    for (int round = 0; round < 300 && same; round++) {
        svec_clear(&x);
        size_t n = 1 + round % 97;
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            /* weights from a few values, so that the cut often ties */
            svec_push(&x, (seed >> 8) % 400, (float)(1 + (seed >> 20) % 5) * 0.25f);
        }
        svec_sort(&x);
        size_t keep = round % 7 == 6 ? 40 : 120;
        svec_add(&ref, &x, 0.5);
        pruned += ref.n > keep;
        svec_prune(&ref, keep);
        svec_add_keep(&got, &x, 0.5, keep, &s);
        same = ref.n == got.n && !memcmp(ref.ids, got.ids, ref.n * sizeof *ref.ids) &&
               !memcmp(svec_w(&ref), svec_w(&got), ref.n * sizeof *svec_w(&ref));
        capped &= got.cap <= 120;
    }
    CHECK(same, "svec_add_keep equals svec_add + svec_prune");
    CHECK(capped, "svec_add_keep never holds more than it keeps");
    CHECK(pruned > 100, "the vectors were pruned");
    svec_clear(&x);
    svec_add_keep(&got, &x, 1.0, 3, &s); /* nothing added: still pruned */
    CHECK_EQ_INT(got.n, 3);
    svec_scratch_release(&s);
    svec_release(&ref);
    svec_release(&got);
    svec_release(&x);
}

static int dead_odd(void *user, uint32_t s)
{
    (void)user;
    return s % 2 == 1;
}

void test_invidx(void)
{
    invidx *x = invidx_new();
    invidx_post(x, 3, 0);
    invidx_post(x, 3, 0); /* repeated: ignored */
    invidx_post(x, 3, 1);
    invidx_post(x, 100, 2);
    size_t n;
    const uint32_t *l = invidx_list(x, 3, &n);
    CHECK(n == 2 && l[0] == 0 && l[1] == 1, "list of term 3");
    invidx_list(x, 50, &n);
    CHECK_EQ_INT(n, 0);
    invidx_list(x, 100000, &n);
    CHECK_EQ_INT(n, 0);
    char err[128];
    CHECK_EQ_INT(invidx_check(x, 3, err, sizeof err), 0);
    CHECK(invidx_check(x, 2, err, sizeof err) != 0, "unknown story detected");
    CHECK_EQ_INT(invidx_sweep(x, dead_odd, NULL), 1);
    l = invidx_list(x, 3, &n);
    CHECK(n == 1 && l[0] == 0, "swept");
    CHECK_EQ_INT(invidx_n_postings(x), 2);
    /* a list posted with invidx_post_keep is left whole */
    invidx_post_keep(x, 4, 1);
    invidx_post(x, 4, 2);
    CHECK_EQ_INT(invidx_sweep(x, dead_odd, NULL), 0);
    l = invidx_list(x, 4, &n);
    CHECK(n == 2 && l[0] == 1 && l[1] == 2, "kept: %zu", n);
    invidx_free(x);
}

/* A document with the given (id, weight) terms, unit length. */
static void mkdoc(svec *v, const uint32_t *ids, size_t n)
{
    svec_init(v);
    for (size_t i = 0; i < n; i++)
        svec_push(v, ids[i], 1.0f);
    svec_sort(v);
    svec_scale(v, 1.0 / svec_norm(v));
}

/* The parameter table with the native-term cosine as the only view (the
 * same weight within and across languages) and no date or lead rules. */
static void text_only(cluster_params *p)
{
    cluster_params_default(p);
    p->w_text = p->w_xtext = 1;
    p->w_ent = p->w_xent = p->w_date = p->w_con = p->w_xcon = p->w_xnum = 0;
    p->w_dconf = p->w_nconf = 0;
    p->x_margin = 0;
}

void test_cluster(void)
{
    cluster_params p;
    text_only(&p);
    p.threshold = 0.5;
    cluster *c = cluster_new(&p);
    svec t[4], e;
    svec_init(&e);
    static const uint32_t d0[] = {1, 2, 3, 4}, d1[] = {1, 2, 3, 5}, d2[] = {10, 11, 12},
                          d3[] = {1, 2, 3, 4};
    mkdoc(&t[0], d0, 4);
    mkdoc(&t[1], d1, 4);
    mkdoc(&t[2], d2, 3);
    mkdoc(&t[3], d3, 4);
    cluster_doc cd = {&t[0], &e, NULL, NULL, 0, FEAT_DATE_NONE, 0, 0, NULL, 0, NULL, 0};
    cluster_score sc;
    CHECK_EQ_INT(cluster_add(c, 0, &cd, &sc), 0);
    CHECK(sc.story == UINT32_MAX, "first article: no candidate");
    cd.text = &t[1];
    CHECK_EQ_INT(cluster_add(c, 1, &cd, &sc), 0); /* cosine 0.75 >= 0.5 */
    CHECK(fabs(sc.text - 0.75) < 1e-6, "cosine with a single-article story: %f", sc.text);
    cd.text = &t[2];
    CHECK_EQ_INT(cluster_add(c, 2, &cd, &sc), 1); /* nothing shared: new story */
    CHECK_EQ_INT(sc.n_candidates, 0);
    /* dates: a far-away article is no candidate */
    cd.text = &t[3];
    cd.date_days = 1000;
    CHECK_EQ_INT(cluster_add(c, 3, &cd, &sc), 0); /* story 0 has no date: joins */
    cd.date_days = 1000 + 10 * p.window_days;
    svec t4;
    mkdoc(&t4, d0, 4);
    cd.text = &t4;
    CHECK_EQ_INT(cluster_add(c, 4, &cd, &sc), 2);
    CHECK_EQ_INT(cluster_n_stories(c), 3);
    size_t n;
    const uint32_t *m = cluster_members(c, 0, &n);
    CHECK(n == 3 && m[0] == 0 && m[1] == 1 && m[2] == 3, "members in order");
    CHECK(cluster_first(c, 0) == 1000 && cluster_last(c, 0) == 1000, "date range");
    char err[128];
    CHECK_EQ_INT(cluster_check(c, 5, err, sizeof err), 0);
    CHECK(cluster_check(c, 6, err, sizeof err) != 0, "missing article detected");
    cluster_params q = p;
    CHECK_EQ_INT(cluster_params_parse(&q, "threshold=0.4,w_ent=0.2"), 0);
    CHECK(q.threshold == 0.4 && q.w_ent == 0.2, "params parsed");
    CHECK(cluster_params_parse(&q, "bogus=1") != 0, "unknown name");
    CHECK(cluster_params_parse(&q, "threshold=abc") != 0, "bad value");
    for (int i = 0; i < 4; i++)
        svec_release(&t[i]);
    svec_release(&t4);
    cluster_free(c);

    /* merges: d2 reaches the threshold with both stories (0.83 and 0.67),
     * whose centroids are then close (cosine 0.609): story 1 is absorbed
     * by story 0 when the merge level is 0.6, not when it is 0.65 */
    static const uint32_t m0[] = {1, 2, 3, 4, 5, 6}, m1[] = {1, 2, 3, 7, 8, 9},
                          m2[] = {1, 2, 3, 4, 5, 7};
    for (int pass = 0; pass < 2; pass++) {
        p.threshold = 0.6;
        p.merge = pass == 0 ? 0.6 : 0.65;
        c = cluster_new(&p);
        svec v0, v1, v2;
        mkdoc(&v0, m0, 6);
        mkdoc(&v1, m1, 6);
        mkdoc(&v2, m2, 6);
        cluster_doc x = {&v0, &e, NULL, NULL, 0, FEAT_DATE_NONE, 0, 0, NULL, 0, NULL, 0};
        cluster_add(c, 0, &x, &sc);
        x.text = &v1;
        CHECK_EQ_INT(cluster_add(c, 1, &x, &sc), 1); /* cosine 0.5 < 0.6 */
        x.text = &v2;
        uint32_t s2 = cluster_add(c, 2, &x, &sc);
        CHECK_EQ_INT(s2, 0);
        if (pass == 0) {
            CHECK(sc.merged == 1 && fabs(sc.merge_cos - 0.6093) < 1e-3, "merged %u cos %f",
                  sc.merged, sc.merge_cos);
            CHECK(cluster_is_merged(c, 1) && cluster_resolve(c, 1) == 0, "1 redirects to 0");
            cluster_members(c, 0, &n);
            CHECK_EQ_INT(n, 3);
        } else {
            CHECK(sc.merged == UINT32_MAX && !cluster_is_merged(c, 1), "no merge at 0.65");
        }
        CHECK_EQ_INT(cluster_check(c, 3, err, sizeof err), 0);
        svec_release(&v0);
        svec_release(&v1);
        svec_release(&v2);
        cluster_free(c);
    }
}

/* Mentioned dates that are all further apart than dconf_days cost the
 * score the share w_dconf; a year left unstated matches any year. */
/* The text-only table with the date-conflict rule (weight 0.5, dates
 * within dconf_days agree), and the one text vector t and empty entity
 * vector e the date tests give every article: only dates tell them apart. */
static cluster *date_cluster(int dconf_days, svec *t, svec *e)
{
    cluster_params p;
    text_only(&p);
    p.w_dconf = 0.5;
    p.dconf_days = dconf_days;
    static const uint32_t ids[] = {1, 2, 3};
    mkdoc(t, ids, 3);
    svec_init(e);
    return cluster_new(&p);
}

void test_date_conflict(void)
{
    svec t, e;
    cluster *c = date_cluster(7, &t, &e);
    static const struct {
        datex_date a[2], b[2];
        size_t na, nb;
        double dconf;
    } cases[] = {
        {{{0, 1, 11, 0}}, {{0, 3, 18, 0}}, 1, 1, 1},                    /* January vs March */
        {{{0, 1, 11, 0}}, {{0, 3, 18, 0}, {0, 1, 15, 0}}, 1, 2, 0},    /* one within a week */
        {{{0, 1, 11, 0}}, {{0, 1, 18, 0}}, 1, 1, 0},                   /* 7 days: within */
        {{{0, 1, 11, 0}}, {{0, 1, 19, 0}}, 1, 1, 1},                   /* 8 days: apart */
        {{{0, 12, 30, 0}}, {{0, 1, 3, 0}}, 1, 1, 0},                   /* around the year's end */
        {{{2018, 1, 11, 0}}, {{2021, 1, 11, 0}}, 1, 1, 1},             /* years stated, apart */
        {{{2018, 1, 11, 0}}, {{0, 1, 12, 0}}, 1, 1, 0},                /* one year unstated */
        {{{2017, 1, 0, 0}}, {{0, 3, 18, 0}}, 1, 1, 0},                 /* month only: no evidence */
        {{{0, 3, 18, 0}}, {{0}}, 1, 0, 0},                             /* no dates on one side */
    };
    for (size_t i = 0; i < TD_ARRAY_LEN(cases); i++) {
        cluster_doc a = {&t, &e, NULL, cases[i].a, cases[i].na, FEAT_DATE_NONE, 0, 0, NULL, 0, NULL, 0};
        cluster_doc b = {&t, &e, NULL, cases[i].b, cases[i].nb, FEAT_DATE_NONE, 0, 0, NULL, 0, NULL, 0};
        cluster_score sc;
        cluster_score_pair(c, &a, &b, &sc);
        CHECK(sc.dconf == cases[i].dconf, "case %zu: conflict %f", i, sc.dconf);
        double want = cases[i].dconf ? 0.5 : 1.0;
        CHECK(fabs(sc.score - want) < 1e-6, "case %zu: score %f, want %f", i, sc.score, want);
    }
    svec_release(&t);
    cluster_free(c);
}

/* Across languages the best story must lead the second by x_margin: an
 * article as close to two stories opens its own, one that stands out
 * joins. */
void test_cross_margin(void)
{
    static const uint32_t a[] = {1, 2, 3, 4}, b[] = {1, 2, 5, 6}, amb[] = {1, 2, 3, 5};
    svec va, vb, vamb, e;
    mkdoc(&va, a, 4);
    mkdoc(&vb, b, 4);
    mkdoc(&vamb, amb, 4);
    svec_init(&e);
    for (int pass = 0; pass < 2; pass++) {
        cluster_params p;
        text_only(&p);
        p.threshold = 0.6;
        p.merge = 2;
        p.x_margin = pass == 0 ? 0.1 : 0;
        cluster *c = cluster_new(&p);
        cluster_score sc;
        cluster_doc d = {&va, &e, NULL, NULL, 0, FEAT_DATE_NONE, 0, 0, NULL, 0, NULL, 0};
        CHECK_EQ_INT(cluster_add(c, 0, &d, &sc), 0);
        d.text = &vb;
        CHECK_EQ_INT(cluster_add(c, 1, &d, &sc), 1); /* cosine 0.5 < 0.6 */
        d.text = &vamb;
        d.lang = 1; /* 0.75 with both stories */
        uint32_t s = cluster_add(c, 2, &d, &sc);
        CHECK(sc.cross && fabs(sc.score - 0.75) < 1e-6 && fabs(sc.lead) < 1e-6,
              "pass %d: score %f lead %f", pass, sc.score, sc.lead);
        if (pass == 0) {
            CHECK(s == 2 && sc.ambiguous, "pass 0: a new story, not %u", s);
        } else {
            CHECK(s == 0 && !sc.ambiguous, "pass 1: joins the first story, not %u", s);
        }
        d.text = &va; /* 1.0 against 0.75 at most: stands out */
        s = cluster_add(c, 3, &d, &sc);
        CHECK(s == 0 && sc.lead >= 0.25 - 1e-6 && !sc.ambiguous,
              "pass %d: joins story 0 (%u, lead %f)", pass, s, sc.lead);
        cluster_free(c);
    }
    svec_release(&va);
    svec_release(&vb);
    svec_release(&vamb);
}

/* An article whose best story is in another language and does not stand
 * out joins the best story of its own language that reaches the
 * threshold; across languages the numbers count (w_xnum). */
void test_cross_fallback(void)
{
    static const uint32_t a[] = {1, 2, 3, 4}, b[] = {1, 5, 6, 7}, cc[] = {3, 5, 9, 10},
                          x[] = {1, 2, 3, 5}, n1[] = {100, 101}, n2[] = {100, 102};
    svec va, vb, vc, vx, e, na, nb;
    mkdoc(&va, a, 4);
    mkdoc(&vb, b, 4);
    mkdoc(&vc, cc, 4);
    mkdoc(&vx, x, 4);
    mkdoc(&na, n1, 2);
    mkdoc(&nb, n2, 2);
    svec_init(&e);
    cluster_params p;
    text_only(&p);
    p.threshold = 0.4;
    p.merge = 2;
    p.x_margin = 0.3;
    cluster *c = cluster_new(&p);
    cluster_score sc;
    cluster_doc d = {&va, &e, NULL, NULL, 0, FEAT_DATE_NONE, 0, 0, NULL, 0, NULL, 0};
    CHECK_EQ_INT(cluster_add(c, 0, &d, &sc), 0);
    d.text = &vb;
    CHECK_EQ_INT(cluster_add(c, 1, &d, &sc), 1); /* 0.25 with story 0 */
    d.text = &vc;
    d.lang = 1;
    CHECK_EQ_INT(cluster_add(c, 2, &d, &sc), 2); /* 0.25 with both */
    d.text = &vx; /* 0.75 and 0.5 across, 0.5 in its own language */
    uint32_t s = cluster_add(c, 3, &d, &sc);
    CHECK(s == 2 && sc.ambiguous == 2 && fabs(sc.lead - 0.25) < 1e-6 &&
              fabs(sc.score - 0.5) < 1e-6,
          "joins its own language's story: %u (ambiguous %d, lead %f, score %f)", s,
          sc.ambiguous, sc.lead, sc.score);
    cluster_free(c);

    /* numbers: half of the weight of two shared of three */
    p.w_xnum = 0.5;
    c = cluster_new(&p);
    cluster_doc da = {&va, &e, NULL, NULL, 0, FEAT_DATE_NONE, 0, 0, &na, 0, NULL, 0};
    cluster_doc db = {&vb, &e, NULL, NULL, 0, FEAT_DATE_NONE, 1, 0, &nb, 0, NULL, 0};
    cluster_score_pair(c, &da, &db, &sc);
    CHECK(sc.cross && fabs(sc.num - 0.5) < 1e-6 && fabs(sc.score - (0.25 + 0.5 * 0.5)) < 1e-6,
          "numbers across languages: num %f score %f", sc.num, sc.score);
    db.lang = 0;
    cluster_score_pair(c, &da, &db, &sc);
    CHECK(!sc.cross && sc.num == 0, "numbers count only across languages: %f", sc.num);
    cluster_free(c);
    svec_release(&va);
    svec_release(&vb);
    svec_release(&vc);
    svec_release(&vx);
    svec_release(&na);
    svec_release(&nb);
}

/* A story only the article's own source has told needs w_src more to be
 * joined (within one language); once another source has joined it, not. */
void test_source_threshold(void)
{
    static const uint32_t a[] = {1, 2, 3, 4}, x[] = {1, 2, 3, 5}, z[] = {1, 2, 3, 6};
    svec va, vx, vz, e;
    mkdoc(&va, a, 4);
    mkdoc(&vx, x, 4);
    mkdoc(&vz, z, 4);
    svec_init(&e);
    cluster_params p;
    text_only(&p);
    p.threshold = 0.4;
    p.w_src = 0.4;
    p.merge = 2;
    cluster *c = cluster_new(&p);
    cluster_score sc;
    cluster_doc d = {&va, &e, NULL, NULL, 0, FEAT_DATE_NONE, 0, 0, NULL, 7, NULL, 0};
    CHECK_EQ_INT(cluster_add(c, 0, &d, &sc), 0);
    d.text = &vx; /* 0.75 with story 0, told by source 7 alone */
    CHECK_EQ_INT(cluster_add(c, 1, &d, &sc), 1);
    d.text = &va;
    d.source = 9; /* another source joins story 0 */
    CHECK_EQ_INT(cluster_add(c, 2, &d, &sc), 0);
    d.text = &vz; /* 0.75 with both; story 1 is source 7's alone */
    d.source = 7;
    CHECK_EQ_INT(cluster_add(c, 3, &d, &sc), 0);
    /* explain's pair: the threshold the join with a story of b alone needs */
    cluster_doc b = d;
    cluster_score_pair(c, &d, &b, &sc);
    CHECK(fabs(sc.thr - 0.8) < 1e-9, "same source: %f", sc.thr);
    b.source = 9;
    cluster_score_pair(c, &d, &b, &sc);
    CHECK(fabs(sc.thr - 0.4) < 1e-9, "another source: %f", sc.thr);
    cluster_free(c);
    p.w_src = 0;
    c = cluster_new(&p);
    d.text = &va;
    cluster_add(c, 0, &d, &sc);
    d.text = &vx;
    CHECK_EQ_INT(cluster_add(c, 1, &d, &sc), 0); /* no offset: joins */
    cluster_free(c);
    svec_release(&va);
    svec_release(&vx);
    svec_release(&vz);
}

/* Key names: two fights of one boxer (names 1) against two opponents
 * (2, then 3) conflict; a report that adds a name (4) but mentions the
 * story's (2) does not, nor one that leads with no name the story lacks. */
void test_name_conflict(void)
{
    static const uint32_t words[] = {10, 11, 12, 13};
    static const uint32_t n_rahman[] = {1, 2}, n_thompson[] = {1, 3}, n_more[] = {1, 2, 4},
                          n_boxer[] = {1};
    svec t, ea, eb, ec, ed;
    mkdoc(&t, words, 4);
    mkdoc(&ea, n_rahman, 2);
    mkdoc(&eb, n_thompson, 2);
    mkdoc(&ec, n_more, 3);
    mkdoc(&ed, n_boxer, 1);
    cluster_params p;
    text_only(&p);
    p.w_nconf = 0.3;
    p.threshold = 0.8;
    p.merge = 2;
    p.absorb = 0;
    cluster *c = cluster_new(&p);
    cluster_doc a = {&t, &ea, NULL, NULL, 0, FEAT_DATE_NONE, 0, 0, NULL, 0, n_rahman, 2};
    cluster_doc b = a, cc = a, dd = a;
    b.ents = &eb;
    b.keys = n_thompson;
    cc.ents = &ec;
    cc.keys = n_more;
    cc.n_keys = 3;
    dd.ents = &ed;
    dd.keys = n_boxer;
    dd.n_keys = 1;
    cluster_score sc;
    CHECK_EQ_INT(cluster_add(c, 0, &a, &sc), 0);
    cluster_score_story(c, &b, 0, &sc);
    CHECK(sc.nconf == 1 && fabs(sc.score - 0.7) < 1e-6, "another opponent: %f %f", sc.nconf,
          sc.score);
    cluster_score_story(c, &cc, 0, &sc);
    CHECK(sc.nconf == 0 && fabs(sc.score - 1) < 1e-6, "a name more: %f", sc.nconf);
    cluster_score_story(c, &dd, 0, &sc);
    CHECK(sc.nconf == 0, "no new name: %f", sc.nconf);
    CHECK_EQ_INT(cluster_add(c, 1, &b, &sc), 1); /* 0.7 < 0.8: a story of its own */
    CHECK_EQ_INT(cluster_add(c, 2, &cc, &sc), 0);
    /* the pair view (explain) says the same */
    cluster_score_pair(c, &b, &a, &sc);
    CHECK(sc.nconf == 1, "pair: %f", sc.nconf);
    /* story 0 now has 2 members, each leading with 1 and 2 (4 once): a
     * report that leads with 3 and lacks 4 still conflicts on 2 only */
    cluster_score_story(c, &b, 0, &sc);
    CHECK(sc.nconf == 1, "two members: %f", sc.nconf);
    /* a name two of story 0's articles lead with (2), missing from an
     * article that leads only with names the story knows (1): a conflict;
     * not for an article that leads with no name */
    static const uint32_t n_other[] = {1, 5};
    svec eo;
    mkdoc(&eo, n_other, 2);
    cluster_doc o = a;
    o.ents = &eo;
    o.keys = n_boxer;
    o.n_keys = 1;
    cluster_score_story(c, &o, 0, &sc);
    CHECK(sc.nconf == 1, "the story's name missing: %f", sc.nconf);
    o.n_keys = 0;
    cluster_score_story(c, &o, 0, &sc);
    CHECK(sc.nconf == 0, "no key names: %f", sc.nconf);
    /* ... but the names of a story of one article are no such names */
    cluster_score_story(c, &dd, 1, &sc);
    CHECK(sc.nconf == 0, "a story of one article: %f", sc.nconf);
    /* three members, all led by the boxer (1): the story is his, and a
     * report led by him that names another opponent (3) conflicts no
     * more; one led by the opponent still does */
    CHECK_EQ_INT(cluster_add(c, 3, &a, &sc), 0); /* (absorb 0: b stays apart) */
    cluster_score_story(c, &b, 0, &sc);
    CHECK(sc.nconf == 0, "led by the story's name: %f", sc.nconf);
    static const uint32_t n_opponent[] = {3, 1};
    cluster_doc bo = b;
    bo.keys = n_opponent;
    cluster_score_story(c, &bo, 0, &sc);
    CHECK(sc.nconf == 1, "led by another name: %f", sc.nconf);
    svec_release(&eo);
    cluster_free(c);
    p.w_nconf = 0;
    c = cluster_new(&p);
    cluster_add(c, 0, &a, &sc);
    CHECK_EQ_INT(cluster_add(c, 1, &b, &sc), 0); /* no penalty: joins */
    cluster_free(c);
    svec_release(&t);
    svec_release(&ea);
    svec_release(&eb);
    svec_release(&ec);
    svec_release(&ed);
}

/* The decisions a training run is shown (cluster_set_decisions). */
typedef struct decisions {
    uint32_t article[8], story[8];
    double margin[8];
    size_t n;
} decisions;

static void on_decided(void *user, const double *x, uint32_t article, uint32_t story)
{
    decisions *dl = user;
    if (dl->n < 8) {
        dl->article[dl->n] = article;
        dl->story[dl->n] = story;
        dl->margin[dl->n++] = x[CLUSTER_JOIN_MARGIN];
    }
}

/* A story of one article that an article's join makes close enough: d1
 * opens story 1 (cosine 0.46 with d0, below the threshold 0.5); d2 joins
 * story 0 (0.57 with d0) and scores only 0.46 with d1, but the grown story
 * 0 (d0 + d2) now scores 0.52 with d1, which story 0 absorbs when the
 * margin asked above the threshold is 0, not when it is 10%, nor without
 * absorption. A training run sees the absorption as a decision too (the
 * join model makes it): about d1, against story 0. */
void test_cluster_absorb(void)
{
    static const uint32_t w0[] = {1, 2, 3, 7, 8, 9, 10}, w1[] = {1, 2, 3, 4, 5, 6},
                          w2[] = {4, 5, 6, 7, 8, 9, 10};
    svec v0, v1, v2, e;
    mkdoc(&v0, w0, 7);
    mkdoc(&v1, w1, 6);
    mkdoc(&v2, w2, 7);
    svec_init(&e);
    for (int pass = 0; pass < 3; pass++) {
        cluster_params p;
        text_only(&p);
        p.threshold = 0.5;
        p.merge = 2;
        p.absorb = pass == 2 ? 0 : 0.5;
        p.absorb_margin = pass == 1 ? 0.1 : 0;
        cluster *c = cluster_new(&p);
        decisions dl = {{0}, {0}, {0}, 0};
        cluster_set_decisions(c, on_decided, &dl);
        cluster_doc x = {&v0, &e, NULL, NULL, 0, FEAT_DATE_NONE, 0, 0, NULL, 0, NULL, 0};
        cluster_score sc;
        CHECK_EQ_INT(cluster_add(c, 0, &x, &sc), 0);
        x.text = &v1;
        CHECK_EQ_INT(cluster_add(c, 1, &x, &sc), 1);
        CHECK(fabs(sc.text - 3 / sqrt(42)) < 1e-6, "d1 vs d0: %f", sc.text);
        x.text = &v2;
        CHECK_EQ_INT(cluster_add(c, 2, &x, &sc), 0);
        size_t n;
        cluster_members(c, 0, &n);
        /* d1 about story 0 (opened), d2 about story 0 (joined), and with
         * absorption at margin 0 the absorption, about d1 */
        CHECK(dl.n == (pass == 0 ? 3u : 2u), "pass %d: %zu decisions", pass, dl.n);
        CHECK(dl.article[0] == 1 && dl.story[0] == 0 && dl.margin[0] < 0, "d1: %u %u %f",
              dl.article[0], dl.story[0], dl.margin[0]);
        CHECK(dl.article[1] == 2 && dl.story[1] == 0 && dl.margin[1] > 0, "d2: %u %u %f",
              dl.article[1], dl.story[1], dl.margin[1]);
        if (pass == 0) {
            CHECK(sc.n_absorbed == 1 && n == 3, "absorbed: %u, %zu members", sc.n_absorbed, n);
            CHECK(cluster_is_merged(c, 1) && cluster_resolve(c, 1) == 0, "1 redirects to 0");
            CHECK(dl.article[2] == 1 && dl.story[2] == 0 && fabs(dl.margin[2] - 0.02) < 0.01,
                  "the absorption: %u %u %f", dl.article[2], dl.story[2], dl.margin[2]);
        } else {
            CHECK(sc.n_absorbed == 0 && n == 2 && !cluster_is_merged(c, 1),
                  "pass %d: not absorbed (%u)", pass, sc.n_absorbed);
        }
        char err[128];
        CHECK_EQ_INT(cluster_check(c, 3, err, sizeof err), 0);
        cluster_free(c);
    }
    svec_release(&v0);
    svec_release(&v1);
    svec_release(&v2);
}

/* The live window: a dated story is closed once the stream has moved more
 * than window_days past its last join; the callback sees its full
 * centroid; a closed story is no candidate; an article that comes late
 * (its date behind the stream) still finds the stories that are open. */
typedef struct closes {
    uint32_t story[8];
    size_t text_n[8];
    size_t n;
    cluster *c;
} closes;

static void on_closed(void *user, uint32_t s)
{
    closes *k = user;
    if (k->n < 8) {
        k->story[k->n] = s;
        k->text_n[k->n++] = cluster_text(k->c, s)->n;
    }
}

void test_cluster_closing(void)
{
    cluster_params p;
    text_only(&p);
    p.threshold = 0.5;
    p.window_days = 30;
    p.live_days = 30;
    p.tau_days = 1e6; /* no time decay: the window alone decides */
    svec e, a, b, x, y, z;
    svec_init(&e);
    static const uint32_t da[] = {1, 2, 3, 4}, db[] = {1, 2, 3, 5}, dx[] = {10, 11, 12},
                          dy[] = {20, 21, 22}, dz[] = {30, 31, 32};
    mkdoc(&a, da, 4);
    mkdoc(&b, db, 4);
    mkdoc(&x, dx, 3);
    mkdoc(&y, dy, 3);
    mkdoc(&z, dz, 3);
    for (int on = 0; on < 2; on++) {
        cluster *c = cluster_new(&p);
        closes k;
        memset(&k, 0, sizeof k);
        k.c = c;
        cluster_set_closing(c, on, on_closed, &k);
        cluster_score sc;
        cluster_doc d = {&a, &e, NULL, NULL, 0, 100, 0, 0, NULL, 0, NULL, 0};
        CHECK_EQ_INT(cluster_add(c, 0, &d, &sc), 0);
        d.text = &b;
        d.date_days = 101;
        d.lang = 1; /* a second language: the story keeps one part each */
        CHECK_EQ_INT(cluster_add(c, 1, &d, &sc), 0);
        d.text = &x;
        d.date_days = 110;
        d.lang = 0;
        CHECK_EQ_INT(cluster_add(c, 2, &d, &sc), 1);
        /* late: 60 days behind the stream; its story stays open until the
         * stream is 30 days past 110 */
        d.text = &z;
        d.date_days = 50;
        CHECK_EQ_INT(cluster_add(c, 3, &d, &sc), 2);
        CHECK_EQ_INT(cluster_n_closed(c), 0);
        /* the stream reaches 132: story 0 (last join at 101) is out */
        d.text = &y;
        d.date_days = 132;
        CHECK_EQ_INT(cluster_add(c, 4, &d, &sc), 3);
        CHECK_EQ_INT(k.n, on ? 1u : 0u);
        CHECK(!on || (k.story[0] == 0 && k.text_n[0] == 5), "story 0 closed, full centroid "
              "(%zu terms) seen by the callback", k.n ? k.text_n[0] : 0);
        CHECK_EQ_INT(cluster_is_closed(c, 0), on);
        CHECK(!cluster_is_closed(c, 1) && !cluster_is_closed(c, 2), "stories 1 and 2 open");
        /* an undated copy of the first article: story 0 when open, a new
         * story when closed */
        d.text = &a;
        d.date_days = FEAT_DATE_NONE;
        uint32_t got[4];
        size_t nc = cluster_candidates(c, &d, got, 4);
        CHECK_EQ_INT(nc, on ? 0u : 1u);
        CHECK_EQ_INT(cluster_add(c, 5, &d, &sc), on ? 4u : 0u);
        /* the late story 2 joins again at stream date 132: it stays open
         * as the stream moves to 150, story 1 (joined at 110) closes */
        d.text = &z;
        d.date_days = 51;
        CHECK_EQ_INT(cluster_add(c, 6, &d, &sc), 2);
        d.text = &y;
        d.date_days = 150;
        CHECK_EQ_INT(cluster_add(c, 7, &d, &sc), 3);
        CHECK_EQ_INT(cluster_is_closed(c, 1), on);
        CHECK(!cluster_is_closed(c, 2) && !cluster_is_closed(c, 3), "2 and 3 open");
        CHECK_EQ_INT(cluster_n_closed(c), on ? 2u : 0u);
        CHECK_EQ_INT(k.n, on ? 2u : 0u);
        /* closed stories keep their members, dates and label terms */
        size_t n;
        cluster_members(c, 0, &n);
        CHECK_EQ_INT(n, on ? 2u : 3u);
        CHECK(cluster_first(c, 0) == 100 && cluster_last(c, 0) == 101, "dates kept");
        CHECK(cluster_text(c, 0)->n == 5, "few terms: all kept (%u)", cluster_text(c, 0)->n);
        char err[128];
        CHECK(cluster_check(c, 8, err, sizeof err) == 0, "%s", err);
        cluster_free(c);
    }
    svec_release(&a);
    svec_release(&b);
    svec_release(&x);
    svec_release(&y);
    svec_release(&z);
}

/* Closed stories leave the text-term lists of the index (every 4,096
 * closings) but stay in the entity lists: 4,200 stories a day apart, each
 * with two terms of its own, one term and one name they all share, and
 * nothing close enough to join. Once 4,096 are closed, their text postings
 * are gone; the storylines, read from the entity lists, still link all of
 * them. */
void test_cluster_sweep(void)
{
    cluster_params p;
    text_only(&p);
    p.threshold = 0.9;
    p.window_days = 30;
    p.live_days = 30;
    p.n_post_terms = 3;
    enum { N = 4200 };
    cluster *c = cluster_new(&p);
    cluster_set_closing(c, 1, NULL, NULL);
    uint32_t ent = 1000000;
    svec en, t;
    mkdoc(&en, &ent, 1);
    cluster_score sc;
    int apart = 1;
    for (uint32_t i = 0; i < N; i++) {
        uint32_t ids[3] = {7, 10 + 2 * i, 11 + 2 * i};
        mkdoc(&t, ids, 3);
        cluster_doc d = {&t, &en, NULL, NULL, 0, 1000 + (long)i, 0, 0, NULL, 0, NULL, 0};
        apart &= cluster_add(c, i, &d, &sc) == i;
        svec_release(&t);
    }
    CHECK(apart, "no joins");
    size_t closed = cluster_n_closed(c), post = cluster_n_postings(c);
    CHECK(closed >= 4096, "%zu closed", closed);
    CHECK(post <= (size_t)N * 4 - 4096 * 3, "%zu postings left of %d", post, N * 4);
    char err[128];
    CHECK(cluster_check(c, N, err, sizeof err) == 0, "%s", err);
    uint32_t *line = xmalloc(N * sizeof *line);
    cluster_storylines(c, 0.5, line);
    size_t in_first = 0;
    for (uint32_t i = 0; i < N; i++)
        in_first += line[i] == 0;
    CHECK(in_first == N, "%zu of %d stories in storyline 0", in_first, N);
    xfree(line);
    svec_release(&en);
    cluster_free(c);
}

/* Storylines read at most 200 stories per name, those posted just before
 * the story: 300 stories that share one name (and nothing else) still
 * form one storyline, and one that shares nothing stays alone. */
void test_storylines_long_lists(void)
{
    cluster_params p;
    text_only(&p);
    p.threshold = 0.5;
    cluster *c = cluster_new(&p);
    enum { N = 300 };
    svec t[N + 1], en, lone;
    uint32_t ent = 100000, other = 100001;
    mkdoc(&en, &ent, 1);
    mkdoc(&lone, &other, 1);
    cluster_score sc;
    for (uint32_t i = 0; i <= N; i++) {
        uint32_t ids[2] = {2 * i, 2 * i + 1}; /* no term shared: no joins */
        mkdoc(&t[i], ids, 2);
        cluster_doc d = {&t[i], i < N ? &en : &lone, NULL, NULL, 0, FEAT_DATE_NONE, 0, 0, NULL, 0, NULL, 0};
        CHECK_EQ_INT(cluster_add(c, i, &d, &sc), i);
    }
    uint32_t line[N + 1];
    cluster_storylines(c, 0.5, line);
    size_t in_first = 0;
    for (uint32_t i = 0; i < N; i++)
        in_first += line[i] == 0;
    CHECK(in_first == N, "%zu of %d stories in storyline 0", in_first, N);
    CHECK(line[N] == N, "the story without the name is alone (%u)", line[N]);
    for (uint32_t i = 0; i <= N; i++)
        svec_release(&t[i]);
    svec_release(&en);
    svec_release(&lone);
    cluster_free(c);
}

/* The scan bound and the candidate bound (parameters scan and n_cands):
 * ten stories share term 1 and have two terms each of their own, and
 * nothing joins. An article with term 1 alone finds all ten; with scan 3,
 * the three posted last (term 1's list is read from its newest end); with
 * story 0's own terms too, story 0 as well. With n_cands 2, the two with
 * the most weight shared: story 0, then the oldest of the ties. */
void test_cluster_scan(void)
{
    cluster_params p, def;
    cluster_params_default(&def);
    svec e, v[10], q1, q2;
    svec_init(&e);
    static const uint32_t one[] = {1}, own0[] = {1, 100, 101};
    mkdoc(&q1, one, 1);
    mkdoc(&q2, own0, 3);
    for (int pass = 0; pass < 3; pass++) {
        text_only(&p);
        p.threshold = 0.99;
        CHECK_EQ_INT(cluster_params_parse(&p, pass == 1 ? "scan=3" : pass == 2 ? "n_cands=2"
                                                                             : "scan=60000"),
                     0);
        CHECK_EQ_INT(p.scan, pass == 0 ? (int)TD_MAX_POSTINGS_SCAN /* capped */
                             : pass == 1 ? 3
                                         : def.scan);
        cluster *c = cluster_new(&p);
        cluster_score sc;
        for (uint32_t s = 0; s < 10; s++) {
            uint32_t ids[3] = {1, 100 + 2 * s, 101 + 2 * s};
            mkdoc(&v[s], ids, 3);
            cluster_doc d = {&v[s], &e, NULL, NULL, 0, FEAT_DATE_NONE, 0, 0, NULL, 0, NULL, 0};
            CHECK_EQ_INT(cluster_add(c, s, &d, &sc), s);
        }
        uint32_t got[16];
        cluster_doc d = {&q1, &e, NULL, NULL, 0, FEAT_DATE_NONE, 0, 0, NULL, 0, NULL, 0};
        size_t n = cluster_candidates(c, &d, got, 16);
        CHECK_EQ_INT(n, pass == 0 ? 10u : pass == 1 ? 3u : 2u);
        if (pass == 1)
            CHECK(got[0] == 9 && got[1] == 8 && got[2] == 7, "the newest: %u %u %u", got[0],
                  got[1], got[2]);
        d.text = &q2;
        n = cluster_candidates(c, &d, got, 16);
        CHECK_EQ_INT(n, pass == 0 ? 10u : pass == 1 ? 4u : 2u);
        int has0 = 0;
        for (size_t i = 0; i < n; i++)
            has0 |= got[i] == 0;
        CHECK(has0, "story 0 found by its own terms (pass %d)", pass);
        if (pass == 2)
            CHECK(got[0] == 0 && got[1] == 1, "by weight, then age: %u %u", got[0], got[1]);
        cluster_free(c);
        for (int s = 0; s < 10; s++)
            svec_release(&v[s]);
    }
    svec_release(&q1);
    svec_release(&q2);
}

/* A random unit vector of n draws (repeats summed) from the ids of topic
 * t: a run of small ids, and ids spread over a vocabulary of 100,000
 * (term ids are dense: the index keeps a list per id). */
static uint64_t rnd_state = 7;
static uint32_t rnd(void)
{
    rnd_state = rnd_state * 6364136223846793005ull + 1442695040888963407ull;
    return (uint32_t)(rnd_state >> 33);
}

static void rnd_doc(svec *v, unsigned t, size_t n)
{
    svec_init(v);
    for (size_t i = 0; i < n; i++) {
        uint32_t id = rnd() % 4 ? t * 700 + rnd() % 80
                                : (t * 7919u + (rnd() % 300) * 331u) % 100000u;
        svec_push(v, id, 0.25f + (float)(rnd() % 1000) / 1000.0f);
    }
    svec_sort(v);
    if (v->n)
        svec_scale(v, 1.0 / svec_norm(v));
}

/* cluster_add scores its candidates through the article's vectors
 * scattered by term id; cluster_score_story merges the vectors instead.
 * The best candidate's score and parts must be the same to the bit:
 * articles of 1 to 400 terms over a vocabulary of 100,000 ids (the
 * scatter grows), text, entities, concepts and key names. */
void test_cluster_scatter(void)
{
    cluster_params p;
    cluster_params_default(&p);
    p.w_con = 0.2;
    p.threshold = 0.35;
    cluster *c = cluster_new(&p);
    enum { N = 120 };
    svec t[N], e[N], k[N];
    uint32_t keys[N][2];
    size_t compared = 0, joined = 0;
    for (uint32_t a = 0; a < N; a++) {
        unsigned topic = rnd() % 6;
        size_t nt = a % 7 == 3 ? TD_MAX_DOC_TERMS : 1 + rnd() % 120;
        rnd_doc(&t[a], topic, nt);
        rnd_doc(&e[a], topic, 1 + rnd() % TD_MAX_ENTITIES);
        rnd_doc(&k[a], topic, 1 + rnd() % 200);
        uint32_t nk = e[a].n < 2 ? (uint32_t)e[a].n : 2;
        for (uint32_t i = 0; i < nk; i++)
            keys[a][i] = e[a].ids[(i * 7 + a) % e[a].n];
        cluster_doc d = {.text = &t[a], .ents = &e[a], .cons = &k[a],
                         .date_days = FEAT_DATE_NONE, .keys = keys[a], .n_keys = nk};
        uint32_t cand[TD_MAX_CANDIDATES];
        size_t nc = cluster_candidates(c, &d, cand, TD_MAX_CANDIDATES);
        cluster_score ref, best;
        memset(&ref, 0, sizeof ref);
        ref.story = UINT32_MAX;
        ref.score = -HUGE_VAL;
        for (size_t i = 0; i < nc; i++) {
            cluster_score sc;
            cluster_score_story(c, &d, cand[i], &sc);
            if (sc.score > ref.score || (sc.score == ref.score && sc.story < ref.story))
                ref = sc;
        }
        uint32_t s = cluster_add(c, a, &d, &best);
        if (!nc)
            continue;
        compared++;
        joined += s == best.story;
        CHECK(best.story == ref.story && best.score == ref.score && best.text == ref.text &&
                  best.ent == ref.ent && best.con == ref.con && best.nconf == ref.nconf,
              "article %u: scattered story %u score %.17g text %.17g ent %.17g con %.17g "
              "nconf %g; merged story %u %.17g %.17g %.17g %.17g %g",
              a, best.story, best.score, best.text, best.ent, best.con, best.nconf, ref.story,
              ref.score, ref.text, ref.ent, ref.con, ref.nconf);
    }
    CHECK(compared > N / 2 && joined > 10 && cluster_n_stories(c) > 10,
          "the stream exercised the scatter: %zu compared, %zu joined, %zu stories", compared,
          joined, cluster_n_stories(c));
    cluster_free(c);
    for (size_t a = 0; a < N; a++) {
        svec_release(&t[a]);
        svec_release(&e[a]);
        svec_release(&k[a]);
    }
}

/* The concepts' cosine of a candidate is computed when it counts: with
 * w_con 0 under the rule, cluster_add leaves it out (0) and the score is
 * the same; cluster_score_story (explanations) and a nonzero weight have
 * it. */
void test_cluster_con(void)
{
    static const uint32_t t[] = {1, 2, 3}, k[] = {50, 51};
    svec x, con, e;
    mkdoc(&x, t, 3);
    mkdoc(&con, k, 2);
    svec_init(&e);
    for (int pass = 0; pass < 2; pass++) {
        cluster_params p;
        text_only(&p);
        p.threshold = 0.5;
        p.w_con = pass ? 0.5 : 0;
        cluster *c = cluster_new(&p);
        cluster_doc d = {&x, &e, &con, NULL, 0, FEAT_DATE_NONE, 0, 0, NULL, 0, NULL, 0};
        cluster_score sc, full;
        CHECK_EQ_INT(cluster_add(c, 0, &d, &sc), 0);
        CHECK_EQ_INT(cluster_add(c, 1, &d, &sc), 0);
        cluster_score_story(c, &d, 0, &full);
        CHECK(fabs(full.con - 1) < 1e-6, "explained: con %g", full.con);
        CHECK(pass ? fabs(sc.con - 1) < 1e-6 : sc.con == 0, "assigned: con %g", sc.con);
        CHECK(sc.score == full.score, "the same score: %.17g %.17g", sc.score, full.score);
        cluster_free(c);
    }
    svec_release(&x);
    svec_release(&con);
}

/* svec_prune keeps the heaviest entries, ties to the lower ids, whether
 * few are dropped (a max-heap of the smallest) or many (quickselect):
 * against a sort, on vectors whose weights often tie at the cut. */
void test_svec_prune(void)
{
    uint32_t seed = 777;
    int same = 1, few = 0, many = 0;
    for (int round = 0; round < 400 && same; round++) {
        svec v;
        svec_init(&v);
        size_t n = 20 + (size_t)round * 7 % 900;
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            float w = round % 3 ? (float)(1 + (seed >> 20) % 6) * 0.125f
                                : (float)((seed >> 8) & 0xffff) / 65536.0f;
            svec_push(&v, (uint32_t)i * 3, w);
        }
        size_t keep = round % 2 ? n - 1 - (size_t)round % (n / 16 + 1) : 1 + (size_t)round % n;
        if (keep >= n)
            keep = n - 1;
        few += (n - keep) * 16 <= n;
        many += (n - keep) * 16 > n;
        /* the reference: indexes by weight descending, then id */
        uint32_t *ix = xmalloc(n * sizeof *ix);
        for (size_t i = 0; i < n; i++)
            ix[i] = (uint32_t)i;
        for (size_t i = 1; i < n; i++)
            for (size_t j = i; j > 0 && svec_w(&v)[ix[j - 1]] < svec_w(&v)[ix[j]]; j--) {
                uint32_t t = ix[j];
                ix[j] = ix[j - 1];
                ix[j - 1] = t;
            }
        unsigned char *kept = xcalloc(n, 1);
        for (size_t i = 0; i < keep; i++)
            kept[ix[i]] = 1;
        svec ref;
        svec_init(&ref);
        for (size_t i = 0; i < n; i++)
            if (kept[i])
                svec_push(&ref, v.ids[i], svec_w(&v)[i]);
        svec_prune(&v, keep);
        same = v.n == ref.n && !memcmp(v.ids, ref.ids, v.n * sizeof *v.ids) &&
               !memcmp(svec_w(&v), svec_w(&ref), v.n * sizeof *svec_w(&v));
        CHECK(same, "round %d: n %zu keep %zu", round, n, keep);
        xfree(ix);
        xfree(kept);
        svec_release(&ref);
        svec_release(&v);
    }
    CHECK(few > 100 && many > 100, "both ways tried: %d few, %d many", few, many);
}

/* svec_add against a dense reference, exact to the bit: a sparse b into
 * a dense a (the runs of a copied whole), a dense b into a sparse a, and
 * empty sides. */
void test_svec_merge(void)
{
    uint32_t seed = 4242;
    int same = 1;
    for (int round = 0; round < 300 && same; round++) {
        unsigned range = 50 + (unsigned)round * 13 % 3000;
        unsigned pa = round % 5 == 0 ? 0 : 1 + (unsigned)round % 97; /* per cent */
        unsigned pb = round % 7 == 0 ? 0 : 1 + (unsigned)(round * 31) % 97;
        float *wa = xcalloc(range, sizeof *wa), *wb = xcalloc(range, sizeof *wb);
        svec a, b;
        svec_init(&a);
        svec_init(&b);
        for (unsigned id = 0; id < range; id++) {
            seed = seed * 1103515245u + 12345u;
            if ((seed >> 16) % 100 < pa)
                svec_push(&a, id, wa[id] = (float)((seed >> 4) & 1023) / 512.0f + 0.01f);
            seed = seed * 1103515245u + 12345u;
            if ((seed >> 16) % 100 < pb)
                svec_push(&b, id, wb[id] = (float)((seed >> 4) & 1023) / 512.0f + 0.01f);
        }
        svec ref;
        svec_init(&ref);
        for (unsigned id = 0; id < range; id++) {
            if (wa[id] && wb[id])
                svec_push(&ref, id, (float)(wa[id] + wb[id] * 0.3));
            else if (wa[id])
                svec_push(&ref, id, wa[id]);
            else if (wb[id])
                svec_push(&ref, id, (float)(wb[id] * 0.3));
        }
        svec_add(&a, &b, 0.3);
        same = a.n == ref.n && (!a.n || (!memcmp(a.ids, ref.ids, a.n * sizeof *a.ids) &&
                                         !memcmp(svec_w(&a), svec_w(&ref), a.n * sizeof *svec_w(&a))));
        CHECK(same, "round %d: range %u, %u%% and %u%%", round, range, pa, pb);
        svec_release(&a);
        svec_release(&b);
        svec_release(&ref);
        xfree(wa);
        xfree(wb);
    }
}

/* A vector keeps its entries through growth (push, reserve, add_keep,
 * add) and shrinking: its weights move with its capacity (svec_w). */
void test_svec_block(void)
{
    svec v;
    svec_init(&v);
    CHECK(svec_w(&v) == NULL, "no block, no weights");
    for (uint32_t i = 0; i < 1000; i++)
        svec_push(&v, i * 3, (float)i + 0.5f);
    svec_reserve(&v, 5000);
    CHECK(v.cap >= 5000, "reserve: %u", v.cap);
    int ok = 1;
    for (uint32_t i = 0; i < 1000; i++)
        ok &= v.ids[i] == i * 3 && svec_w(&v)[i] == (float)i + 0.5f;
    CHECK(ok, "entries kept through growth");
    svec_shrink(&v);
    CHECK_EQ_INT(v.cap, 1000);
    ok = 1;
    for (uint32_t i = 0; i < 1000; i++)
        ok &= v.ids[i] == i * 3 && svec_w(&v)[i] == (float)i + 0.5f;
    CHECK(ok, "entries kept through shrinking");
    /* add_keep growing a small vector: the merge lands whole */
    svec a, b;
    svec_init(&a);
    svec_init(&b);
    svec_push(&a, 1, 1.0f);
    svec_shrink(&a);
    for (uint32_t i = 0; i < 40; i++)
        svec_push(&b, 2 + i, 0.25f);
    svec_scratch s = {0};
    svec_add_keep(&a, &b, 2.0, 100, &s);
    CHECK_EQ_INT(a.n, 41);
    const float *w = svec_w(&a);
    CHECK(a.ids[0] == 1 && w[0] == 1.0f && a.ids[40] == 41 && w[40] == 0.5f,
          "add_keep: %u %g %u %g", a.ids[0], w[0], a.ids[40], w[40]);
    svec_add(&a, &b, 1.0);
    w = svec_w(&a);
    CHECK(a.n == 41 && w[0] == 1.0f && w[40] == 0.75f, "add: %g %g", w[0], w[40]);
    svec_scratch_release(&s);
    svec_release(&a);
    svec_release(&b);
    svec_release(&v);
}

/* A story keeps the distinct day-precise dates its members mention, up to
 * STORY_DATES (32): an article dated near any of them is not in conflict,
 * one near only the dates past the 32nd is. */
void test_story_dates(void)
{
    svec t, e;
    cluster *c = date_cluster(3, &t, &e);
    /* 40 articles, each mentioning one day of January-February 2021 (the
     * days 1..40) and a repeat of the first day */
    for (uint32_t i = 0; i < 40; i++) {
        datex_date dd[2] = {{2021, (signed char)(1 + (i >= 31)), (signed char)(i >= 31 ? i - 30 : i + 1), 0},
                            {2021, 1, 1, 0}};
        cluster_doc d = {&t, &e, NULL, dd, 2, FEAT_DATE_NONE, 0, 0, NULL, 0, NULL, 0};
        cluster_score sc;
        CHECK_EQ_INT(cluster_add(c, i, &d, &sc), 0);
    }
    static const struct {
        signed char m, d;
        double dconf;
    } q[] = {
        {1, 2, 0},   /* the second member's day */
        {1, 31, 0},  /* the 31st */
        {2, 4, 0},   /* within 3 days of the 32nd (February 1) */
        {2, 5, 1},   /* within 3 days only of the 33rd..40th: not kept */
        {2, 9, 1},   /* the 40th: not kept */
        {3, 20, 1},  /* near none */
    };
    for (size_t i = 0; i < TD_ARRAY_LEN(q); i++) {
        datex_date dd = {2021, q[i].m, q[i].d, 0};
        cluster_doc d = {&t, &e, NULL, &dd, 1, FEAT_DATE_NONE, 0, 0, NULL, 0, NULL, 0};
        cluster_score sc;
        cluster_score_story(c, &d, 0, &sc);
        CHECK(sc.dconf == q[i].dconf, "%d-%d: conflict %f", q[i].m, q[i].d, sc.dconf);
    }
    svec_release(&t);
    cluster_free(c);
}
