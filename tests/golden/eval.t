# tidings eval: the figures of ../shared/tools/score.py.
$ tidings eval tests/fixtures/eval_gold.jsonl tests/fixtures/eval_pred.jsonl --pairs tests/fixtures/eval_pairs.jsonl
articles_gold: 5
articles_missing_in_pred: 1
pairwise_p: 1.0000
pairwise_r: 0.2500
pairwise_f1: 0.4000
bcubed_p: 1.0000
bcubed_r: 0.5333
bcubed_f1: 0.6957
xling_pairwise_p: 1.0000
xling_pairwise_r: 0.0000
xling_pairwise_f1: 0.0000
stories_gold: 2
stories_pred: 4
pairs_pos: 2
pairs_neg: 1
samestory_p: 0.5000
samestory_r: 0.5000
samestory_f1: 0.5000
{"articles_gold":5,"articles_missing_in_pred":1,"pairwise_p":1,"pairwise_r":0.25,"pairwise_f1":0.40000000000000002,"bcubed_p":1,"bcubed_r":0.53333333333333333,"bcubed_f1":0.69565217391304357,"xling_pairwise_p":1,"xling_pairwise_r":0,"xling_pairwise_f1":0,"stories_gold":2,"stories_pred":4,"pairs_pos":2,"pairs_neg":1,"samestory_p":0.5,"samestory_r":0.5,"samestory_f1":0.5}

# Without a prediction, eval clusters the gold file itself.
$ tidings eval tests/fixtures/small_gold.jsonl | grep -E '^(bcubed_f1|stories)'
bcubed_f1: 1.0000
stories_gold: 2
stories_pred: 2

# The reference scorer agrees to 4 decimals (when ../shared is there).
$ sh tests/score_agree.sh
score.py agreement: ok
