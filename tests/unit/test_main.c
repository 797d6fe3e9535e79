/* test_main.c -- runs every unit test; `unit_tests [NAME]` runs those
 * whose name contains NAME. */
#include <stdio.h>
#include <string.h>

#include "harness.h"

int th_passed, th_failed;
const char *th_current;

#define TESTS(X)                                                           \
    X(test_utf8) X(test_buf) X(test_sort_by_hash) X(test_json) X(test_json_text_fast) X(test_xmalloc_heap) X(test_clean_norm)               \
    X(test_clean_noise) X(test_clean_seen) X(test_clean_crumbs) X(test_clean_seen_generations) X(test_langid) X(test_langid_staged) X(test_tok) X(test_uni_words_reentrant) X(test_uni_words_chunks) X(test_uni_memo) X(test_uni_fold_by_cp)      \
    X(test_stem) X(test_stop) X(test_datex) X(test_names) X(test_places) X(test_lexicon) X(test_feat_fields) X(test_feat_places_caseless)            \
    X(test_feat_entities) X(test_feat_german_nouns) X(test_feat_sound_names) X(test_feat_zh_names) X(test_feat_dates) X(test_vocab) X(test_svec) X(test_svec_add_keep) \
    X(test_invidx) X(test_cluster) X(test_date_conflict) X(test_cross_margin) X(test_cross_fallback) X(test_source_threshold) X(test_name_conflict) X(test_cluster_absorb) X(test_cluster_closing) X(test_storylines_long_lists) X(test_cluster_sweep) X(test_cluster_scan) X(test_cluster_con) X(test_cluster_scatter) X(test_svec_prune) X(test_svec_merge) X(test_svec_block) X(test_story_dates) X(test_reader) X(test_reader_spans) X(test_eval)             \
    X(test_engine) X(test_engine_label_english) X(test_engine_weights_positive) X(test_engine_batch_threads) X(test_engine_batch_blocks) X(test_engine_batch_release) X(test_engine_live_window) X(test_stages_matter)         \
    X(test_db_runs) X(test_db_merges) X(test_db_schema)                    \
    X(test_lmodel_format) X(test_lmodel_fit) X(test_join_model) X(test_pair_compare)

#define DECL(f) void f(void);
TESTS(DECL)
#undef DECL

int main(int argc, char **argv)
{
    static const struct {
        const char *name;
        void (*fn)(void);
    } all[] = {
#define ENTRY(f) {#f, f},
        TESTS(ENTRY)
#undef ENTRY
    };
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        if (argc > 1 && !strstr(all[i].name, argv[1]))
            continue;
        th_current = all[i].name;
        int before = th_failed;
        all[i].fn();
        if (th_failed > before)
            fprintf(stderr, "  %s: %d failure(s)\n", all[i].name, th_failed - before);
    }
    printf("unit: %d passed, %d failed\n", th_passed, th_failed);
    return th_failed ? 1 : 0;
}
