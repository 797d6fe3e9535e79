/* pair.h -- how alike two articles are, on seven dimensions.
 *
 * pair_features() describes a pair of added articles by PAIR_NFEAT numbers
 * from what the engine keeps of each (docs/MODELS.md lists them): cosines
 * of native terms (raw and chance-corrected), entity keys, places, English
 * pivot concepts and title terms; shared mentioned dates; the gap between
 * publication dates; whether the languages differ; lengths.
 *
 * A pair model (lmodel.h) maps them to a probability per SemEval-2022
 * Task 8 dimension, p = (4 - score) / 3 on its 1 (very similar) .. 4 (very
 * dissimilar) scale: geography, entities, time, narrative, style, tone,
 * overall. The similarity of a pair is p(overall). Two articles in
 * different languages are estimated by targets of their own (NAME_x),
 * fitted on the graded pairs across languages; overall_x also on pairs
 * drawn from gold stories across languages (1 within a story, 4 for a near
 * miss). A dimension with too few pairs across languages to learn from is
 * estimated from overall_x the way it follows "overall" within one
 * language (pair.c, fit_pairs_used). The default model is
 * models/pair.tsv, embedded at build time; `tidings train --pairs`
 * reproduces it.
 */
#ifndef TD_PAIR_H
#define TD_PAIR_H

#include <stddef.h>
#include "engine_int.h"
#include "lmodel.h"

#define PAIR_NFEAT 22
#define PAIR_NTARGETS 7 /* the seven dimensions, "overall" first */
#define PAIR_NMODEL 14  /* ... and the same seven across languages (NAME_x) */
#define PAIR_X 7
extern const char *const pair_feat[PAIR_NFEAT];
extern const char *const pair_targets[PAIR_NMODEL];

void pair_features(const td_engine *e, const art *a, const art *b,
                   double *x /* OUT [PAIR_NFEAT] */);

/* Load the pair model from path, or the embedded default when path is
 * NULL. 0, or -1 with a message in err (without the path). */
int pair_model_load(lmodel *m, const char *path, char *err, size_t errlen);

/* Load the join model (cluster_join_feat) the same way: models/join.tsv
 * when path is NULL. */
int join_model_load(lmodel *m, const char *path, char *err, size_t errlen);

/* Training the join decision: one decision's example (the examples
 * collect in e->join_ex), and their release. */
void engine_join_example(td_engine *e, const double *x, int label);
void engine_join_examples_free(td_engine *e);

#endif /* TD_PAIR_H */
