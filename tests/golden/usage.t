# Usage errors exit 1 with a message.
$ tidings 2>&1 | head -1
tidings: missing COMMAND

$ tidings frobnicate 2>&1 | head -1
tidings: unknown command: frobnicate

$ tidings cluster --bogus x 2>&1 | head -1
tidings: unknown option: --bogus

$ tidings cluster --threshold abc x 2>&1 | head -1
tidings: --threshold takes a number > 0: abc

$ tidings cluster --param nope=1 tests/fixtures/small.jsonl 2>&1 | head -1
tidings: cannot start the engine: bad --param (names: w_text w_ent w_date threshold tau_days window_days n_query_terms n_post_terms scan n_cands ...: src/cluster.c)

$ tidings version
tidings 0.1.0

$ tidings cluster --live-days abc x 2>&1 | head -1
tidings: --live-days takes a whole number of days >= 0: abc

# --help after any command: the usage on stdout, status 0.
$ tidings cluster --help | head -1
usage: tidings COMMAND [OPTIONS] ...

$ tidings explain a b -h >/dev/null
