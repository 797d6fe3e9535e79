/* lmodel.h -- small logistic models: named features, several targets.
 *
 * A model maps a feature vector x (n_feat doubles, in the order of its
 * feature names) to one probability per target:
 *
 *     p_t(x) = 1 / (1 + exp(-(b_t + sum_j w_tj * (x_j - mean_j) / sd_j)))
 *
 * Targets are fitted independently by lmodel_fit(): L2-regularised
 * logistic regression by Newton's method on standardised features, with
 * labels in [0, 1] (soft labels allowed: a graded score on a 1..4 scale
 * becomes y = (4 - score) / 3, and the model's estimate 4 - 3 p).
 *
 * Text format (what `tidings train` writes and the default models in
 * models/ are), tab-separated, '#' lines are comments:
 *
 *     lmodel	1
 *     feature	mean	sd	TARGET1	TARGET2 ...
 *     bias	0	1	b_1	b_2 ...
 *     NAME	mean	sd	w_1	w_2 ...        (one row per feature)
 *
 * A program loads a model against the feature names it computes
 * (lmodel_parse checks they are the same, in the same order), so a model
 * from another build's feature set is refused instead of misread.
 */
#ifndef TD_LMODEL_H
#define TD_LMODEL_H

#include <stddef.h>
#include <stdio.h>
#include "td_config.h"

#define LMODEL_NAME 32      /* bytes of a feature or target name, with NUL */
#define LMODEL_MAX_FEAT 64
#define LMODEL_MAX_TARGETS 16
/* Bounds on the numbers of a model file, so that no finite feature value can
 * overflow the log-odds: |number| <= LMODEL_MAX_ABS, sd >= LMODEL_MIN_SD. */
#define LMODEL_MAX_ABS 1e6
#define LMODEL_MIN_SD 1e-9

typedef struct lmodel {
    size_t n_feat, n_targets;
    char feat[LMODEL_MAX_FEAT][LMODEL_NAME];
    char target[LMODEL_MAX_TARGETS][LMODEL_NAME];
    double mean[LMODEL_MAX_FEAT], sd[LMODEL_MAX_FEAT];
    double bias[LMODEL_MAX_TARGETS];
    double w[LMODEL_MAX_TARGETS][LMODEL_MAX_FEAT];
} lmodel;

/* An empty model (all weights 0, p = 0.5) over these features and
 * targets. -1 when there are too many or a name is too long. */
int lmodel_init(lmodel *m, const char *const *feat, size_t n_feat,
                const char *const *targets, size_t n_targets);

/* Parse the text format. The features must be exactly `feat` (n_feat
 * names, in order). 0, or -1 with "line N: ..." in err. */
int lmodel_parse(lmodel *m, const char *text, size_t len, const char *const *feat,
                 size_t n_feat, char *err, size_t errlen);

/* Write the text format, after the comment lines in `comment` (each line
 * gets a "# " prefix; may be NULL). 0, or -1 on a write error. */
int lmodel_write(const lmodel *m, FILE *fp, const char *comment);

/* Index of a target by name, or -1. */
int lmodel_target(const lmodel *m, const char *name);

/* The linear part and the probability of target t for features x. */
double lmodel_logit(const lmodel *m, size_t t, const double *x);
double lmodel_prob(const lmodel *m, size_t t, const double *x);

/* Set the model's mean and sd of each feature from n examples (X: n rows
 * of n_feat). Shared by all targets: call it once, before lmodel_fit. */
void lmodel_standardize(lmodel *m, const double *X, size_t n);

/* Fit target t on n examples: X is n rows of n_feat features, y[i] in
 * [0, 1], wt[i] > 0 the example weights (NULL: all 1), l2 the penalty on
 * the standardised weights (not the bias). 0, or -1 when n is 0. */
int lmodel_fit(lmodel *m, size_t t, const double *X, const double *y, const double *wt,
               size_t n, double l2);

/* lmodel_fit pulled toward a prior model instead of toward 0: the penalty
 * is l2 * |theta - prior|^2 over the bias and the standardised weights,
 * where prior[0] is a bias and prior[1..n_feat] weights on the features as
 * they are (log-odds = prior[0] + sum_j prior[j+1] * x_j), converted with
 * the model's mean and sd. A strong penalty keeps the fit near the prior,
 * a weak one lets the data move it. NULL prior: lmodel_fit. */
int lmodel_fit_prior(lmodel *m, size_t t, const double *X, const double *y, const double *wt,
                     size_t n, double l2, const double *prior);

/* Pearson correlation of a[0..n) and b[0..n); 0 when either is constant. */
double lmodel_pearson(const double *a, const double *b, size_t n);

#endif /* TD_LMODEL_H */
