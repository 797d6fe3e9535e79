# Pair similarity and the learned join decision (docs/MODELS.md).
#
# The pair model learns the seven SemEval dimensions from graded pairs:
# tests/fixtures/demo_pairs.jsonl grades pairs of the demo corpus (1 within
# a story, 3 for the related events, 4 for unrelated ones). Cross-validated,
# "overall" follows the grades closely.
$ tidings train --pairs tests/fixtures/demo_pairs.jsonl --folds 4 --out $TD_TMP/pair.tsv demo/articles.jsonl 2>&1 | awk '$1 == "overall" && NF == 2 { print "cross-validated r of overall above 0.8:", ($2 > 0.8 ? "yes" : "no " $2) } /usable/'
pairs: 202 usable, 0 without every grade
cross-validated r of overall above 0.8: yes

# The model file names its features and targets and records its command.
$ sed -n '1p;/^lmodel/p;/^feature/p' $TD_TMP/pair.tsv | cut -f1-5 | sed 's/^# /#: /'
#: pair model: logistic regression per SemEval-2022 Task 8 dimension (within
lmodel	1
feature	mean	sd	overall	geography
$ grep -c '^# tidings train --pairs tests/fixtures/demo_pairs.jsonl' $TD_TMP/pair.tsv
1

# compare --pairs writes the similarity and the seven estimates of each pair;
# with that model, pairs of one story score above related events, and those
# above unrelated ones.
$ tidings compare --pairs tests/fixtures/demo_pairs.jsonl --pair-model $TD_TMP/pair.tsv demo/articles.jsonl > $TD_TMP/sim.jsonl; head -1 $TD_TMP/sim.jsonl | sed 's/:[0-9.][0-9.]*/:N/g'
{"id1":"a-nl-1","id2":"a-en-1","similarity":N,"overall":N,"geography":N,"entities":N,"time":N,"narrative":N,"style":N,"tone":N}
$ paste -d' ' $TD_TMP/sim.jsonl tests/fixtures/demo_pairs.jsonl | sed 's/.*"similarity":\([0-9.]*\).*"overall":\([0-9]\).*/\2 \1/' | awk '{ s[$1] += $2; n[$1]++ } END { printf "same %s related; related %s unrelated\n", (s[1]/n[1] > s[3]/n[3] ? ">" : "<="), (s[3]/n[3] > s[4]/n[4] ? ">" : "<=") }'
same > related; related > unrelated

# ... and the Pearson r against the grades is reported per language pair.
$ tidings eval-pairs tests/fixtures/demo_pairs.jsonl $TD_TMP/sim.jsonl | awk -F': ' '$1 == "pearson_all" { print "pearson above 0.8:", ($2 > 0.8 ? "yes" : "no " $2) } $1 == "n_de-en" { print }'
pearson above 0.8: yes
n_de-en: 11

# One pair, readable: the estimates and what moved them.
$ tidings compare a-nl-1 a-en-1 --input demo/articles.jsonl | sed -n '1p;3,4p' | sed 's/[0-9]\.[0-9]*/N/'
compare a-nl-1 (nl) a-en-1 (en)
  estimates (1 = very similar .. 4 = very dissimilar):
    overall    N

# Within a story (translations) the built-in model says "same story";
# across the Rotterdam and Antwerp strikes (same union, other port) it does not.
$ tidings compare a-nl-1 a-en-1 --input demo/articles.jsonl | awk '/similarity/ { print ($2 > 0.8 ? "similar" : "not similar " $2) }'
similar
$ tidings compare a-nl-1 b-en-1 --input demo/articles.jsonl | awk '/similarity/ { print ($2 < 0.5 ? "not similar" : "similar " $2) }'
not similar

# The join decision learned from the demo's gold stories (the rule clusters
# and each of its decisions becomes an example), fitted as the rule plus
# corrections pulled toward it ...
$ tidings train --join --out $TD_TMP/join.tsv demo/articles.jsonl 2>&1 | sed -E 's/(^| |\+|\()[0-9][0-9.]*/\1N/g'
join examples: N decisions about stories of the article's language (N right to join), N about others (N)
decisions F1 on the examples N (the rule as prior, biases kept)
$ sed -n '/^feature/p;/^# Fitted as/p;/^# l2/p' $TD_TMP/join.tsv | sed 's/^# /#: /'
#: Fitted as the rule (log-odds 200 x margin) plus corrections: the penalty
#: l2 3000 pulls bias and weights toward the rule, not toward 0. Made by:
feature	mean	sd	same	cross
$ awk -F'\t' '$1 == "margin" { print ($4 / $3 > 150 && $4 / $3 < 250 ? "margin weight near 200 a unit" : "margin weight " $4 / $3) }' $TD_TMP/join.tsv
margin weight near 200 a unit

# ... or from scratch (penalty toward 0, then biases moved to the best F1).
$ tidings train --join --rule-prior 0 --l2 30 --out $TD_TMP/join0.tsv demo/articles.jsonl 2>&1 | tail -1 | sed -E 's/(^| |\()[-+]?[0-9][0-9.]*/\1N/g'
decisions F1 on the examples N; biases moved by N, N: N
$ grep -c '^# l2 30\. Made by' $TD_TMP/join0.tsv
1
$ tidings train --join --rule-prior -1 demo/articles.jsonl 2>&1 | head -1
tidings: --rule-prior goes with --join and takes 0 to 10000: -1

# ... clusters the demo corpus as the rule does.
$ tidings eval demo/articles.jsonl --join $TD_TMP/join.tsv | grep '^bcubed_f1'
bcubed_f1: 1.0000

# Bad models and bad training runs are clear errors.
$ printf 'lmodel\t1\nfeature\tmean\tsd\tsame\tcross\nbias\t0\t1\t0\t0\nscore\t0\t1\t0\t0\n' > $TD_TMP/bad.tsv; tidings cluster --join $TD_TMP/bad.tsv demo/articles.jsonl > $TD_TMP/out 2> $TD_TMP/err; echo "exit $?, $(wc -l < $TD_TMP/out) lines"; sed "s|$TD_TMP|TMP|" $TD_TMP/err
exit 1, 0 lines
TMP/bad.tsv: error: line 4: feature 1 is "score", this build computes "margin" there: retrain the model
$ tidings cluster --join /nonexistent.tsv demo/articles.jsonl
/nonexistent.tsv: error: cannot open: No such file or directory
[1]
$ tidings compare a-nl-1 a-en-1 --input demo/articles.jsonl --pair-model $TD_TMP/bad.tsv 2>&1 | sed "s|$TD_TMP|TMP|"
TMP/bad.tsv: error: line 4: feature 1 is "score", this build computes "text" there: retrain the model
$ tidings train --pairs tests/fixtures/demo_pairs.jsonl --out $TD_TMP/x.tsv tests/fixtures/small.jsonl 2>&1 | tail -1
tests/fixtures/demo_pairs.jsonl: error: fewer than 10 usable pairs (both ids known, every grade 1..4)
$ tidings train --join --pairs tests/fixtures/demo_pairs.jsonl demo/articles.jsonl 2>&1 | head -1
tidings: train needs --pairs PAIRS.jsonl, or --join [--pairs PAIRS.jsonl --pairs-articles FILE], and INPUT...
$ tidings train --pairs tests/fixtures/demo_pairs.jsonl --cv-out $TD_TMP/cv.jsonl demo/articles.jsonl 2>&1 | head -1 | sed "s|$TD_TMP|TMP|"
tidings: --cv-out needs --pairs and --folds: TMP/cv.jsonl
$ head -c 1100000 /dev/zero | tr '\0' x > $TD_TMP/big.tsv; tidings cluster --join $TD_TMP/big.tsv demo/articles.jsonl 2>&1 | sed "s|$TD_TMP|TMP|"
TMP/big.tsv: error: larger than 1048576 bytes

# Pairs across languages from gold stories teach overall_x: each article with
# the next two of its story in another language, and near misses.
$ tidings train --pairs tests/fixtures/demo_pairs.jsonl --clusters demo/articles.jsonl --out $TD_TMP/pc.tsv demo/articles.jsonl 2>&1 | head -1
pairs across languages from gold stories: 46 of one story, 8 near misses

# Graded pairs add join examples (overall <= 1.5 joins, >= 2.5 does not).
$ tidings train --join --pairs tests/fixtures/demo_pairs.jsonl --pairs-articles demo/articles.jsonl --out $TD_TMP/jp.tsv demo/articles.jsonl 2>&1 | head -1
join examples from tests/fixtures/demo_pairs.jsonl: 61 pairs of one story, 141 of different ones
$ tidings train --pairs tests/fixtures/demo_pairs.jsonl --clusters demo/articles.jsonl --join demo/articles.jsonl 2>&1 | head -1
tidings: --clusters goes with --pairs (--join reads gold stories from INPUT)
