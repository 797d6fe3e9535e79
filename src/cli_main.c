/* cli_main.c -- the tidings command line. Uses only include/tidings.h.
 *
 *   tidings cluster [OPTIONS] INPUT...
 *   tidings eval GOLD.jsonl [PRED.jsonl] [--pairs PAIRS.jsonl] [OPTIONS]
 *   tidings explain ID1 ID2 --input INPUT...
 *
 * Exit status: 0 success; 2 when any input record was skipped (the rest
 * was processed); 1 on usage errors or when output could not be written.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "tidings.h"

#define VERSION "0.1.0"

static const char usage[] =
    "usage: tidings COMMAND [OPTIONS] ...\n"
    "\n"
    "commands:\n"
    "  cluster [OPTIONS] INPUT...      group articles into stories\n"
    "      --stories FILE              also write one JSON object per story to FILE\n"
    "      --format jsonl|text         per-article JSONL (default) or a readable table\n"
    "      --threshold X               join threshold (default: the tuned value)\n"
    "      --window-days N             candidate time window in days\n"
    "      --live-days N               close stories N days (default 90) behind the\n"
    "                                  newest article: bounded memory; 0: never\n"
    "      --block N                   read and cluster N articles at a time (default\n"
    "                                  65536), each block in date order\n"
    "      --threads N                 analysis threads (output is the same for any N)\n"
    "      --check                     run the integrity checkers after clustering\n"
    "      --stats                     time per stage, latency and memory on stderr\n"
    "      --param NAME=VALUE[,...]    override the clustering parameter table (tuning)\n"
    "  storylines [OPTIONS] INPUT...   stories that continue one another, in time order\n"
    "  eval GOLD.jsonl [PRED.jsonl]    score a clustering like ../shared/tools/score.py;\n"
    "      --pairs PAIRS.jsonl         without PRED, cluster GOLD first (takes the cluster\n"
    "                                  options too)\n"
    "  explain ID1 ID2 --input INPUT...  why two articles are or are not one story\n"
    "      --join rule|model|FILE      join decision: the threshold rule (default), the\n"
    "                                  learned model (models/join.tsv) or a model file\n"
    "      --pair-model FILE           pair similarity model (default: models/pair.tsv)\n"
    "  compare --pairs PAIRS.jsonl INPUT...  similarity and seven SemEval dimensions\n"
    "                                  of each pair {id1,id2}, one JSON object a line\n"
    "  compare ID1 ID2 --input INPUT...  one pair, with what moved the estimates\n"
    "  train --pairs PAIRS.jsonl [--clusters GOLD.jsonl]... [--folds K [--cv-out FILE]]\n"
    "        [--l2 X] [--out FILE] INPUT...\n"
    "                                  fit the pair model on graded pairs (and pairs from\n"
    "                                  gold stories); with --folds, cross-validated r on\n"
    "                                  stderr (and each pair's estimates in FILE)\n"
    "  train --join [--pairs PAIRS.jsonl --pairs-articles FILE] [--l2 X]\n"
    "        [--rule-prior S] [--out FILE] INPUT...\n"
    "                                  fit the join decision on the gold stories of INPUT\n"
    "                                  (\"story\" of each record) and graded pairs, as the\n"
    "                                  rule (log-odds S x margin, default 200) plus\n"
    "                                  corrections pulled toward it (--l2, default\n"
    "                                  3000); S 0: from scratch (--l2 default 1)\n"
    "  eval-pairs PAIRS.jsonl SIM.jsonl  Pearson r of similarities against graded pairs\n"
    "  ingest --db FILE INPUT...       add articles to a database (stories grow)\n"
    "  stories --db FILE [--since DATE] [--lang L] [--query TEXT] [--limit N]\n"
    "          [--format jsonl|text]   ranked stories, one JSON object per line or a table\n"
    "  story --db FILE ID              one story: articles, timeline, entities, history\n"
    "  check --db FILE                 integrity and consistency of a database\n"
    "  serve --db FILE [--host H] [--port P] [--token T]   HTTP API and web page\n"
    "  version                         print the version\n"
    "\n"
    "INPUT is a JSONL file, a plain-text article, a directory (read recursively),\n"
    "or - for JSONL on stdin.\n";

typedef struct cli {
    td_options opt;
    const char *stories_path;
    int text_format;
    int check;
    int stats;              /* --stats: stage times on stderr */
    size_t block;           /* --block: articles read and clustered at a time
                               (cluster, storylines, ingest); 0: CLI_BLOCK */
    unsigned long errors;   /* diagnostics of severity error */
    int progress;           /* stderr is a terminal */
    size_t n_read;          /* records read so far, over all blocks (progress) */
} cli;

/* Every command starts from default options; progress goes to stderr only
 * for the long-running commands and only when it is a terminal. */
static void cli_init(cli *c, int progress)
{
    memset(c, 0, sizeof *c);
    td_options_init(&c->opt);
    c->progress = progress && isatty(2);
}

static void on_diag(void *user, const td_diag *d)
{
    cli *c = user;
    if (d->severity == TD_ERROR)
        c->errors++;
    if (c->progress)
        fputs("\r\033[K", stderr);
    td_diag_print(stderr, d);
}

static int die_usage(const char *msg, const char *arg)
{
    fprintf(stderr, "tidings: %s%s%s\n\n%s", msg, arg ? ": " : "", arg ? arg : "", usage);
    return 1;
}

static int parse_num(const char *s, double lo, double hi, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

/* Parse shared cluster options at argv[*i]; returns 1 if consumed, 0 if
 * not an option of ours, -1 on error (printed). */
static int cluster_opt(cli *c, int argc, char **argv, int *i)
{
    const char *a = argv[*i];
    double v;
    if (!strcmp(a, "--stories") || !strcmp(a, "--format") || !strcmp(a, "--threshold") ||
        !strcmp(a, "--window-days") || !strcmp(a, "--threads") || !strcmp(a, "--param") ||
        !strcmp(a, "--join") || !strcmp(a, "--pair-model") || !strcmp(a, "--block") ||
        !strcmp(a, "--live-days")) {
        if (*i + 1 >= argc) {
            die_usage("option needs a value", a);
            return -1;
        }
        const char *val = argv[++*i];
        if (!strcmp(a, "--stories")) {
            c->stories_path = val;
        } else if (!strcmp(a, "--format")) {
            if (!strcmp(val, "text"))
                c->text_format = 1;
            else if (!strcmp(val, "jsonl"))
                c->text_format = 0;
            else {
                die_usage("--format takes jsonl or text", val);
                return -1;
            }
        } else if (!strcmp(a, "--param")) {
            c->opt.params = val;
        } else if (!strcmp(a, "--join")) {
            c->opt.join = val; /* "rule", "model" or a model file */
        } else if (!strcmp(a, "--pair-model")) {
            c->opt.pair_model = val;
        } else if (!strcmp(a, "--block")) {
            if (parse_num(val, 1, 1e9, &v)) {
                die_usage("--block takes a number of articles >= 1", val);
                return -1;
            }
            c->block = (size_t)v;
        } else if (!strcmp(a, "--threshold")) {
            if (parse_num(val, 1e-9, 10, &v)) {
                die_usage("--threshold takes a number > 0", val);
                return -1;
            }
            c->opt.threshold = v;
        } else if (!strcmp(a, "--window-days")) {
            if (parse_num(val, 1, 100000, &v)) {
                die_usage("--window-days takes a whole number of days >= 1", val);
                return -1;
            }
            c->opt.window_days = (int)v;
        } else if (!strcmp(a, "--live-days")) {
            if (parse_num(val, 0, 100000, &v) || v != (int)v) {
                die_usage("--live-days takes a whole number of days >= 0", val);
                return -1;
            }
            c->opt.live_days = (int)v;
            if (v == 0)
                c->opt.keep_all = 1; /* keep every story live */
        } else {
            if (parse_num(val, 1, 64, &v)) {
                die_usage("--threads takes 1 to 64", val);
                return -1;
            }
            c->opt.threads = (int)v;
        }
        return 1;
    }
    if (!strcmp(a, "--check")) {
        c->check = 1;
        return 1;
    }
    if (!strcmp(a, "--stats")) {
        c->stats = 1;
        return 1;
    }
    return 0;
}

/* Parse the cluster options and the positional INPUTs of a command. `more`
 * (NULL-terminated, may be NULL) names the command's own options that take
 * a value; the value of more[k] goes to vals[k]. *inputs is allocated
 * (free it). Returns 0, or the exit status of a usage error. */
static int parse_inputs(cli *c, int argc, char **argv, const char *const *more,
                        const char **vals, char ***inputs, int *n_in)
{
    *n_in = 0;
    *inputs = calloc((size_t)argc + 1, sizeof **inputs);
    if (!*inputs) {
        fprintf(stderr, "tidings: out of memory\n");
        exit(1);
    }
    for (int i = 0; i < argc; i++) {
        int r = cluster_opt(c, argc, argv, &i);
        if (r < 0)
            return 1;
        if (r)
            continue;
        int k = -1;
        for (int m = 0; more && more[m]; m++)
            if (!strcmp(argv[i], more[m]))
                k = m;
        if (k >= 0) {
            if (i + 1 >= argc)
                return die_usage("option needs a value", argv[i]);
            vals[k] = argv[++i];
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return die_usage("unknown option", argv[i]);
        } else {
            (*inputs)[(*n_in)++] = argv[i];
        }
    }
    return 0;
}

/* Articles read into memory, with owned copies of their strings. */
typedef struct corpus {
    td_article *a;
    char **file;
    unsigned long *line;
    size_t n, cap;
    unsigned long skipped;
} corpus;

static char *dup_n(const char *s, size_t n)
{
    if (!s)
        return NULL;
    char *p = malloc(n + 1);
    if (!p) {
        fprintf(stderr, "tidings: out of memory\n");
        exit(1);
    }
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

/* Free every field of a record but its id, and clear them. */
static void record_free_but_id(td_article *a)
{
    free((void *)a->title);
    free((void *)a->text);
    free((void *)a->lang);
    free((void *)a->date);
    free((void *)a->source);
    free((void *)a->url);
    free((void *)a->extra);
    a->title = a->text = a->lang = a->date = a->source = a->url = a->extra = NULL;
    a->title_len = a->text_len = a->lang_len = a->date_len = a->source_len = a->url_len =
        a->extra_len = 0;
}

static void corpus_free(corpus *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free((void *)c->a[i].id);
        record_free_but_id(&c->a[i]);
        free(c->file[i]);
    }
    free(c->a);
    free(c->file);
    free(c->line);
}

/* Append records of in to out until it holds max_n of them or max_bytes
 * of text (0: no limit). Returns 1 when in has more. */
static int read_block(cli *c, td_input *in, corpus *out, size_t max_n, size_t max_bytes)
{
    td_article a;
    size_t bytes = 0;
    while ((!max_n || out->n < max_n) && (!max_bytes || bytes < max_bytes)) {
        if (td_input_next(in, &a) != TD_OK)
            return 0;
        if (out->n == out->cap) {
            out->cap = out->cap ? out->cap * 2 : 256;
            out->a = realloc(out->a, out->cap * sizeof *out->a);
            out->file = realloc(out->file, out->cap * sizeof *out->file);
            out->line = realloc(out->line, out->cap * sizeof *out->line);
            if (!out->a || !out->file || !out->line) {
                fprintf(stderr, "tidings: out of memory\n");
                exit(1);
            }
        }
        td_article *d = &out->a[out->n];
        memset(d, 0, sizeof *d);
#define COPY(f) d->f = dup_n(a.f, a.f##_len), d->f##_len = a.f##_len
        COPY(id);
        COPY(title);
        COPY(text);
        COPY(lang);
        COPY(date);
        COPY(source);
        COPY(url);
        COPY(extra);
#undef COPY
        bytes += a.text_len;
        out->file[out->n] = dup_n(td_input_file(in), strlen(td_input_file(in)));
        out->line[out->n] = td_input_line(in);
        out->n++;
        if (c->progress && ++c->n_read % 1000 == 0)
            fprintf(stderr, "\r\033[Kreading: %zu articles", c->n_read);
    }
    return 1;
}

static int read_corpus(cli *c, char **paths, int n_paths, corpus *out)
{
    memset(out, 0, sizeof *out);
    td_input *in;
    if (td_input_open((const char *const *)paths, (size_t)n_paths, on_diag, c, &in))
        return 1;
    read_block(c, in, out, 0, 0);
    out->skipped = td_input_skipped(in);
    td_input_free(in);
    if (c->progress)
        fputs("\r\033[K", stderr);
    return 0;
}

static void put_json_str(FILE *fp, const char *s)
{
    if (!s) {
        fputs("null", fp);
        return;
    }
    fputc('"', fp);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(fp, "\\%c", *p);
        else if (*p == '\n')
            fputs("\\n", fp);
        else if (*p == '\t')
            fputs("\\t", fp);
        else if (*p == '\r')
            fputs("\\r", fp);
        else if (*p < 0x20)
            fprintf(fp, "\\u%04x", *p);
        else
            fputc(*p, fp);
    }
    fputc('"', fp);
}

/* Cluster a corpus; fills story[] (UINT32_MAX for skipped records).
 * Returns the engine (caller frees). */
static td_engine *new_engine(cli *c)
{
    c->opt.diag = on_diag;
    c->opt.diag_user = c;
    td_engine *e;
    unsigned long errors = c->errors;
    if (td_engine_new(&c->opt, &e)) {
        if (c->errors == errors) /* else the reason was reported */
            fprintf(stderr, "tidings: cannot start the engine: %s\n",
                    c->opt.params ? "bad --param (names: w_text w_ent w_date threshold tau_days "
                                    "window_days n_query_terms n_post_terms scan n_cands ...: "
                                    "src/cluster.c)"
                                  : "ICU data missing?");
        return NULL;
    }
    return e;
}

static td_engine *run_cluster(cli *c, corpus *cp, uint32_t **stories_out, int **rcs_out)
{
    td_engine *e = new_engine(c);
    if (!e)
        return NULL;
    uint32_t *stories = malloc((cp->n + 1) * sizeof *stories);
    int *rcs = malloc((cp->n + 1) * sizeof *rcs);
    if (!stories || !rcs) {
        fprintf(stderr, "tidings: out of memory\n");
        exit(1);
    }
    if (c->progress)
        fprintf(stderr, "clustering %zu articles...", cp->n);
    td_engine_add_batch(e, cp->a, cp->n, (const char *const *)cp->file, cp->line, rcs,
                        stories);
    if (c->progress)
        fputs("\r\033[K", stderr);
    *stories_out = stories;
    *rcs_out = rcs;
    return e;
}

/* Read the inputs (freeing the list) into *cp and cluster them. Returns the
 * engine, or NULL with *cp already released. */
static td_engine *load_cluster(cli *c, char **inputs, int n_in, corpus *cp, uint32_t **stories,
                               int **rcs)
{
    read_corpus(c, inputs, n_in, cp);
    free(inputs);
    td_engine *e = run_cluster(c, cp, stories, rcs);
    if (!e)
        corpus_free(cp);
    return e;
}

/* `cluster` and `ingest` read and cluster their input a block at a time,
 * so that only a block's texts are held: CLI_BLOCK articles (--block) or
 * CLI_BLOCK_BYTES of text, whichever comes first. Each block is processed
 * in date order; an input of one block is exactly the whole input in date
 * order, and both commands cut the same blocks, so they give the same
 * stories. A block's texts come on top of what the engine holds when it
 * is read: on 300k synthetic articles (3.5 KB of text each, three in four
 * older than the newest before them), blocks of 16,384 articles (about 56
 * MB of text) instead of 65,536 took the peak RSS from 1,306 to 1,239 MB,
 * BCubed F1 0.9676 -> 0.9682. */
#define CLI_BLOCK 65536
#define CLI_BLOCK_BYTES ((size_t)64 << 20)

/* What `cluster` keeps of each record: its story (UINT32_MAX when the
 * record was skipped) and the engine's article (its id is the engine's: a
 * million ids are not held twice); the id itself only in the case the
 * engine has no such article. */
typedef struct streamed {
    char **id;
    uint32_t *art;
    uint32_t *story;
    size_t n, cap;
    unsigned long skipped;
} streamed;

static void streamed_free(streamed *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->id[i]);
    free(s->id);
    free(s->art);
    free(s->story);
}

/* The inputs as one stream (freeing the list), or NULL; a file that
 * cannot be opened is reported and the rest goes on. */
static td_input *open_inputs(cli *c, char **inputs, int n_in)
{
    td_input *in = NULL;
    if (td_input_open((const char *const *)inputs, (size_t)n_in, on_diag, c, &in))
        in = NULL;
    free(inputs);
    return in;
}

/* What `cluster` needs of a record once the engine has it is its id (it
 * moves to the output): the rest is freed while the block goes on, so
 * that a block's texts and the stories they make are not held at once. */
static void release_record(void *user, size_t i)
{
    record_free_but_id(&((corpus *)user)->a[i]);
}

/* The next block of in into *blk (released by the caller), cut the same
 * way for every command. Returns 1 when in has more. */
static int next_block(cli *c, td_input *in, corpus *blk)
{
    memset(blk, 0, sizeof *blk);
    return read_block(c, in, blk, c->block ? c->block : CLI_BLOCK, CLI_BLOCK_BYTES);
}

static td_engine *stream_cluster(cli *c, char **inputs, int n_in, streamed *out)
{
    memset(out, 0, sizeof *out);
    td_input *in = open_inputs(c, inputs, n_in);
    td_engine *e = new_engine(c);
    if (!e) {
        td_input_free(in);
        return NULL;
    }
    for (int more = in != NULL; more;) {
        corpus blk;
        more = next_block(c, in, &blk);
        if (blk.n) {
            size_t need = out->n + blk.n;
            if (need > out->cap) {
                out->cap = need * 2;
                out->id = realloc(out->id, out->cap * sizeof *out->id);
                out->art = realloc(out->art, out->cap * sizeof *out->art);
                out->story = realloc(out->story, out->cap * sizeof *out->story);
            }
            int *rcs = malloc(blk.n * sizeof *rcs);
            if (!out->id || !out->art || !out->story || !rcs) {
                fprintf(stderr, "tidings: out of memory\n");
                exit(1);
            }
            if (c->progress)
                fprintf(stderr, "\r\033[Kclustering %zu articles...", need);
            td_engine_add_batch_cb(e, blk.a, blk.n, (const char *const *)blk.file, blk.line,
                                   rcs, out->story + out->n, release_record, &blk);
            for (size_t i = 0; i < blk.n; i++) {
                long k = out->story[out->n + i] == UINT32_MAX
                             ? -1
                             : td_engine_find_article(e, blk.a[i].id);
                out->art[out->n + i] = k >= 0 ? (uint32_t)k : UINT32_MAX;
                out->id[out->n + i] = NULL;
                if (k < 0 && out->story[out->n + i] != UINT32_MAX) {
                    out->id[out->n + i] = (char *)blk.a[i].id; /* moves to out */
                    blk.a[i].id = NULL;
                }
            }
            out->n = need;
            free(rcs);
        }
        corpus_free(&blk);
    }
    out->skipped = in ? td_input_skipped(in) : 0;
    td_input_free(in);
    if (c->progress)
        fputs("\r\033[K", stderr);
    /* stories of earlier blocks may have merged since */
    for (size_t i = 0; i < out->n; i++)
        if (out->story[i] != UINT32_MAX)
            out->story[i] = td_engine_story_redirect(e, out->story[i]);
    return e;
}

static int cmd_cluster_as(int argc, char **argv, int storylines);

static int cmd_cluster(int argc, char **argv)
{
    return cmd_cluster_as(argc, argv, 0);
}

static int cmd_cluster_as(int argc, char **argv, int storylines)
{
    cli c;
    cli_init(&c, 1);
    c.opt.stories_only = 1; /* it writes stories: no article's features */
    char **inputs;
    int n_in;
    int bad = parse_inputs(&c, argc, argv, NULL, NULL, &inputs, &n_in);
    if (bad || !n_in) {
        free(inputs);
        return bad ? bad : die_usage("cluster needs at least one INPUT", NULL);
    }
    streamed cp;
    td_engine *e = stream_cluster(&c, inputs, n_in, &cp);
    if (!e) {
        streamed_free(&cp);
        return 1;
    }
    uint32_t *stories = cp.story;
    int status = 0;
    if (storylines) {
        if (td_engine_write_storylines(e, stdout))
            status = 1;
    } else if (c.text_format) {
        if (td_engine_write_text(e, stdout))
            status = 1;
    } else {
        /* one line per article, in input order */
        for (size_t i = 0; i < cp.n; i++) {
            if (stories[i] == UINT32_MAX)
                continue;
            long k = cp.art[i] == UINT32_MAX ? -1 : (long)cp.art[i];
            fputs("{\"id\":", stdout);
            put_json_str(stdout, k >= 0 ? td_engine_article_id(e, (size_t)k) : cp.id[i]);
            fprintf(stdout, ",\"story\":%u,\"storyline\":%u,\"lang\":", stories[i] + 1,
                    td_engine_storyline(e, stories[i]) + 1);
            put_json_str(stdout, k >= 0 ? td_engine_article_lang(e, (size_t)k) : NULL);
            fputs(",\"title\":", stdout);
            put_json_str(stdout, k >= 0 ? td_engine_article_title(e, (size_t)k) : NULL);
            fputs("}\n", stdout);
        }
    }
    if (c.stories_path) {
        FILE *fp = fopen(c.stories_path, "w");
        if (!fp || td_engine_write_stories_jsonl(e, fp) || fclose(fp)) {
            fprintf(stderr, "tidings: cannot write %s: %s\n", c.stories_path, strerror(errno));
            status = 1;
        }
    }
    if (c.check && td_engine_check(e, stderr))
        status = 1;
    if (c.stats) {
        td_stats st;
        td_engine_stats(e, &st);
        double total = st.clean + st.langid + st.tokens + st.features + st.vectors + st.assign;
        /* what the allocator has: "held" counts the engine's arrays, not
         * their headers, the strings, nor heap a block's texts left free */
        char heap[128] = "";
        if (st.heap_alloc)
            snprintf(heap, sizeof heap, "heap %.1f MB in use, %.1f MB free, %.1f MB %s (%s); ",
                     (double)st.heap_in_use / 1048576.0, (double)st.heap_free / 1048576.0,
                     (double)st.heap_mapped / 1048576.0,
                     strcmp(st.heap_alloc, "glibc") ? "resident" : "mapped", st.heap_alloc);
        fprintf(stderr,
                "stats: %zu articles; seconds: clean %.3f, langid %.3f, tokens+stems %.3f, "
                "features %.3f, vectors %.3f, candidates+assignment %.3f (total %.3f); "
                "latency p50 %.3f ms, p99 %.3f ms; %.1f MB held, %.0f bytes per article; "
                "%s%zu stories, %zu closed\n",
                st.articles, st.clean, st.langid, st.tokens, st.features, st.vectors, st.assign,
                total, st.latency_p50 * 1e3, st.latency_p99 * 1e3, (double)st.bytes / 1048576.0,
                st.articles ? (double)st.bytes / (double)st.articles : 0.0, heap, st.stories,
                st.closed);
    }
    if (fflush(stdout) || ferror(stdout))
        status = 1;
    if (!status && (cp.skipped || c.errors))
        status = 2;
    td_engine_free(e);
    streamed_free(&cp);
    return status;
}

static int cmd_eval(int argc, char **argv)
{
    cli c;
    cli_init(&c, 1);
    c.opt.stories_only = 1; /* it scores stories */
    const char *gold = NULL, *pred = NULL, *pairs = NULL, *pred_out = NULL;
    for (int i = 0; i < argc; i++) {
        int r = cluster_opt(&c, argc, argv, &i);
        if (r < 0)
            return 1;
        if (r)
            continue;
        if (!strcmp(argv[i], "--pairs") || !strcmp(argv[i], "--write-pred")) {
            if (i + 1 >= argc)
                return die_usage("option needs a value", argv[i]);
            if (!strcmp(argv[i], "--pairs"))
                pairs = argv[++i];
            else
                pred_out = argv[++i];
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return die_usage("unknown option", argv[i]);
        } else if (!gold) {
            gold = argv[i];
        } else if (!pred) {
            pred = argv[i];
        } else {
            return die_usage("too many arguments", argv[i]);
        }
    }
    if (!gold)
        return die_usage("eval needs GOLD.jsonl", NULL);
    td_eval *ev = td_eval_new();
    int status = 0;
    if (td_eval_load_gold(ev, gold, on_diag, &c))
        status = 1;
    if (!status && pairs && td_eval_load_pairs(ev, pairs, on_diag, &c))
        status = 1;
    if (!status && pred) {
        if (td_eval_load_pred(ev, pred, on_diag, &c))
            status = 1;
    } else if (!status) {
        char *in[1] = {(char *)gold};
        corpus cp;
        read_corpus(&c, in, 1, &cp);
        uint32_t *stories;
        int *rcs;
        td_engine *e = run_cluster(&c, &cp, &stories, &rcs);
        FILE *po = pred_out ? fopen(pred_out, "w") : NULL;
        if (pred_out && !po) {
            fprintf(stderr, "tidings: cannot write %s: %s\n", pred_out, strerror(errno));
            status = 1;
        }
        for (size_t i = 0; e && i < cp.n; i++) {
            if (stories[i] == UINT32_MAX)
                continue;
            char sid[16];
            snprintf(sid, sizeof sid, "%u", stories[i] + 1);
            td_eval_add_pred(ev, cp.a[i].id, sid);
            if (po) {
                fputs("{\"id\":", po);
                put_json_str(po, cp.a[i].id);
                fprintf(po, ",\"story\":%s}\n", sid);
            }
        }
        if (po)
            fclose(po);
        if (!e)
            status = 1;
        td_engine_free(e);
        if (e) {
            free(stories);
            free(rcs);
        }
        corpus_free(&cp);
    }
    if (!status && td_eval_report(ev, stdout))
        status = 1;
    td_eval_free(ev);
    return status;
}

/* explain ID1 ID2 --input INPUT... (compare: the pair model's account) */
static int cmd_explain(int argc, char **argv, int compare)
{
    cli c;
    cli_init(&c, 1);
    c.opt.keep_all = 1; /* any two articles, however far apart */
    const char *ids[2] = {NULL, NULL};
    char **inputs = calloc((size_t)argc + 1, sizeof *inputs);
    int n_in = 0, n_ids = 0, in_inputs = 0;
    for (int i = 0; i < argc; i++) {
        int r = cluster_opt(&c, argc, argv, &i);
        if (r < 0) {
            free(inputs);
            return 1;
        }
        if (r)
            continue;
        if (!strcmp(argv[i], "--input")) {
            in_inputs = 1;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            free(inputs);
            return die_usage("unknown option", argv[i]);
        } else if (in_inputs || n_ids == 2) {
            inputs[n_in++] = argv[i];
        } else {
            ids[n_ids++] = argv[i];
        }
    }
    if (n_ids != 2 || !n_in) {
        free(inputs);
        return die_usage(compare ? "compare needs ID1 ID2 --input INPUT..., or --pairs"
                                 : "explain needs ID1 ID2 --input INPUT...",
                         NULL);
    }
    corpus cp;
    uint32_t *stories;
    int *rcs;
    td_engine *e = load_cluster(&c, inputs, n_in, &cp, &stories, &rcs);
    int status = 1;
    if (e) {
        int rc = compare ? td_compare_explain(e, ids[0], ids[1], stdout)
                         : td_engine_explain(e, ids[0], ids[1], stdout);
        status = rc == TD_OK ? 0 : rc == TD_ERR_NOT_FOUND ? 2 : 1;
        free(stories);
        free(rcs);
        td_engine_free(e);
        corpus_free(&cp);
    }
    return status;
}

static int cmd_compare(int argc, char **argv)
{
    int has_pairs = 0;
    for (int i = 0; i < argc; i++)
        has_pairs |= !strcmp(argv[i], "--pairs");
    if (!has_pairs)
        return cmd_explain(argc, argv, 1);
    cli c;
    cli_init(&c, 1);
    c.opt.keep_all = 1; /* any two articles, however far apart */
    static const char *const more[] = {"--pairs", NULL};
    const char *vals[1] = {NULL};
    char **inputs;
    int n_in;
    int bad = parse_inputs(&c, argc, argv, more, vals, &inputs, &n_in);
    const char *pairs = vals[0];
    if (bad || !pairs || !n_in) {
        free(inputs);
        return bad ? bad : die_usage("compare needs --pairs PAIRS.jsonl INPUT...", NULL);
    }
    corpus cp;
    uint32_t *stories;
    int *rcs;
    td_engine *e = load_cluster(&c, inputs, n_in, &cp, &stories, &rcs);
    if (!e) {
        return 1;
    }
    int status = td_compare_pairs(e, pairs, stdout, on_diag, &c) ? 1 : 0;
    if (!status && (cp.skipped || c.errors))
        status = 2;
    free(stories);
    free(rcs);
    td_engine_free(e);
    corpus_free(&cp);
    return status;
}

static void free_gold_sets(td_engine **gold, corpus *cp, int n)
{
    for (int k = 0; k < n; k++) {
        td_engine_free(gold[k]);
        corpus_free(&cp[k]);
    }
    free(gold);
    free(cp);
}

/* Cluster each of the n gold sets in paths with its gold stories kept
 * (engines into gold[], their articles into cp[]). Returns n, or -1 (with
 * everything freed) when an engine cannot start. */
static int cluster_gold_sets(cli *c, char **paths, int n, td_engine **gold, corpus *cp)
{
    c->opt.keep_gold = 1;
    for (int k = 0; k < n; k++) {
        uint32_t *gs;
        int *grc;
        read_corpus(c, &paths[k], 1, &cp[k]);
        gold[k] = run_cluster(c, &cp[k], &gs, &grc);
        if (!gold[k]) {
            corpus_free(&cp[k]);
            free_gold_sets(gold, cp, k);
            c->opt.keep_gold = 0;
            return -1;
        }
        free(gs);
        free(grc);
    }
    c->opt.keep_gold = 0;
    return n;
}

/* train --pairs PAIRS.jsonl [--clusters GOLD]... [--folds K [--cv-out F]] | --join
 * [--pairs P --pairs-articles A], [--l2 X] [--out FILE] INPUT... */
static int cmd_train(int argc, char **argv)
{
    cli c;
    cli_init(&c, 1);
    c.opt.keep_all = 1; /* pairs of any two articles */
    int join = 0;
    /* the command line, recorded in the model file */
    char command[2048] = "tidings";
    for (int i = 1; i < argc; i++) {
        size_t n = strlen(command);
        snprintf(command + n, sizeof command - n, " %s", argv[i]);
    }
    /* --join takes no value here and --clusters may repeat: take them out
     * before the shared parser */
    char **args = calloc((size_t)argc + 1, sizeof *args);
    char **clusters = calloc((size_t)argc + 1, sizeof *clusters);
    int na = 0, n_clusters = 0;
    if (!args || !clusters) {
        fprintf(stderr, "tidings: out of memory\n");
        exit(1);
    }
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--join"))
            join = 1;
        else if (!strcmp(argv[i], "--clusters") && i + 1 < argc)
            clusters[n_clusters++] = argv[++i];
        else
            args[na++] = argv[i];
    }
    static const char *const more[] = {"--pairs",  "--folds",      "--l2", "--out", "--pairs-articles",
                                       "--cv-out", "--rule-prior", NULL};
    const char *vals[7] = {NULL, NULL, NULL, NULL, NULL, NULL, NULL};
    char **inputs;
    int n_in;
    int bad = parse_inputs(&c, na, args, more, vals, &inputs, &n_in);
    free(args);
    td_train_options to = {1.0, 0, command, NULL, join ? TD_JOIN_RULE_PRIOR : 0};
    double v;
    if (!bad && vals[1] && parse_num(vals[1], 2, 100, &v) == 0)
        to.folds = (int)v;
    else if (!bad && vals[1])
        bad = die_usage("--folds takes 2 to 100", vals[1]);
    if (!bad && vals[6] && join && parse_num(vals[6], 0, 1e4, &v) == 0)
        to.rule_prior = v;
    else if (!bad && vals[6])
        bad = die_usage("--rule-prior goes with --join and takes 0 to 10000", vals[6]);
    if (to.rule_prior > 0)
        to.l2 = TD_JOIN_L2; /* the pull toward the rule; without it, 1 */
    if (!bad && vals[2] && parse_num(vals[2], 0, 1e6, &v) == 0)
        to.l2 = v;
    else if (!bad && vals[2])
        bad = die_usage("--l2 takes a number >= 0", vals[2]);
    if (!bad && n_clusters && join)
        bad = die_usage("--clusters goes with --pairs (--join reads gold stories from INPUT)", NULL);
    if (!bad && vals[5] && (join || !to.folds))
        bad = die_usage("--cv-out needs --pairs and --folds", vals[5]);
    if (!bad && (!n_in || (!join && !vals[0]) || (join && !!vals[0] != !!vals[4])))
        bad = die_usage("train needs --pairs PAIRS.jsonl, or --join [--pairs PAIRS.jsonl "
                        "--pairs-articles FILE], and INPUT...",
                        NULL);
    if (bad) {
        free(inputs);
        free(clusters);
        return bad;
    }
    /* --clusters: articles with gold stories, each set clustered apart */
    td_engine **gold = calloc((size_t)n_clusters + 1, sizeof *gold);
    corpus *gold_cp = calloc((size_t)n_clusters + 1, sizeof *gold_cp);
    if (!gold || !gold_cp) {
        fprintf(stderr, "tidings: out of memory\n");
        exit(1);
    }
    int n_gold = cluster_gold_sets(&c, clusters, n_clusters, gold, gold_cp);
    free(clusters);
    if (n_gold < 0) {
        free(inputs);
        return 1;
    }
    c.opt.train_join = join;
    corpus cp;
    uint32_t *stories;
    int *rcs;
    td_engine *e = load_cluster(&c, inputs, n_in, &cp, &stories, &rcs);
    if (!e) {
        free_gold_sets(gold, gold_cp, n_gold);
        return 1;
    }
    FILE *out = vals[3] ? fopen(vals[3], "w") : stdout;
    int status = 1;
    if (out && vals[5] && !(to.cv_out = fopen(vals[5], "w")))
        fprintf(stderr, "tidings: cannot write %s: %s\n", vals[5], strerror(errno));
    else if (!out) {
        fprintf(stderr, "tidings: cannot write %s: %s\n", vals[3], strerror(errno));
    } else {
        int rc = TD_OK;
        if (join && vals[0]) {
            /* graded pairs: their articles clustered as usual, apart */
            corpus pc;
            char *pin[1] = {(char *)vals[4]};
            read_corpus(&c, pin, 1, &pc);
            uint32_t *ps;
            int *prc;
            c.opt.train_join = 0;
            td_engine *pe = run_cluster(&c, &pc, &ps, &prc);
            rc = pe ? td_train_join_pairs(e, pe, vals[0], stderr, on_diag, &c) : TD_ERR_INVALID;
            if (pe) {
                free(ps);
                free(prc);
                td_engine_free(pe);
            }
            corpus_free(&pc);
        }
        if (!rc)
            rc = join ? td_train_join(e, &to, out, stderr)
                      : td_train_pairs(e, vals[0], gold, (size_t)n_gold, &to, out, stderr,
                                       on_diag, &c);
        if (rc == TD_ERR_INVALID && join)
            fprintf(stderr, "tidings: too few join examples: do the inputs have \"story\"?\n");
        status = rc ? 1 : 0;
        if (to.cv_out && fclose(to.cv_out) && !status) {
            fprintf(stderr, "tidings: cannot write %s: %s\n", vals[5], strerror(errno));
            status = 1;
        }
    }
    if (out && out != stdout && fclose(out) && !status) {
        fprintf(stderr, "tidings: cannot write %s: %s\n", vals[3], strerror(errno));
        status = 1;
    }
    free(stories);
    free(rcs);
    td_engine_free(e);
    corpus_free(&cp);
    free_gold_sets(gold, gold_cp, n_gold);
    return status;
}

/* ---------------------------------------------------------------------
 * the database commands
 * ------------------------------------------------------------------- */
static td_db *open_db(cli *c, const char *path)
{
    if (!path) {
        die_usage("--db PATH is required", NULL);
        return NULL;
    }
    char err[512];
    td_db *db;
    c->opt.diag = on_diag;
    c->opt.diag_user = c;
    if (td_db_open(path, &c->opt, &db, err, sizeof err)) {
        fprintf(stderr, "tidings: %s\n", err);
        return NULL;
    }
    return db;
}

#define INGEST_CHUNK 256 /* articles per transaction */

/* SIGTERM/SIGINT during ingest: finish the transaction in progress, report
 * it, and exit 0. */
static volatile sig_atomic_t stop_requested;

static void on_stop(int sig)
{
    (void)sig;
    stop_requested = 1;
}

static int cmd_ingest(int argc, char **argv)
{
    cli c;
    cli_init(&c, 1);
    static const char *const more[] = {"--db", NULL};
    const char *vals[1] = {NULL};
    char **inputs;
    int n_in;
    int bad = parse_inputs(&c, argc, argv, more, vals, &inputs, &n_in);
    const char *path = vals[0];
    if (bad || !n_in) {
        free(inputs);
        return bad ? bad : die_usage("ingest needs --db PATH and at least one INPUT", NULL);
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    td_db *db = open_db(&c, path);
    if (!db) {
        free(inputs);
        return 1;
    }
    td_input *in = open_inputs(&c, inputs, n_in);
    /* the input a block at a time, as `cluster` reads it (so both give the
     * same stories); in each, the engine's order, then chunks of it, each
     * one transaction: an article is reported only once its chunk
     * committed */
    int status = 0, stopped = 0;
    unsigned long stored = 0, dup = 0;
    size_t done = 0;
    td_article *chunk = malloc((INGEST_CHUNK + 1) * sizeof *chunk);
    const char **files = malloc((INGEST_CHUNK + 1) * sizeof *files);
    unsigned long *lines = malloc((INGEST_CHUNK + 1) * sizeof *lines);
    int rcs[INGEST_CHUNK];
    uint32_t sts[INGEST_CHUNK];
    if (!chunk || !files || !lines) {
        fprintf(stderr, "tidings: out of memory\n");
        exit(1);
    }
    for (int left = in != NULL; left && !status && !stopped;) {
        corpus cp;
        left = next_block(&c, in, &cp);
        size_t *order = malloc((cp.n + 1) * sizeof *order);
        if (!order) {
            fprintf(stderr, "tidings: out of memory\n");
            exit(1);
        }
        td_processing_order(cp.a, cp.n, order);
        const char *rest = left ? " (and the rest of the input)" : "";
        for (size_t lo = 0; lo < cp.n && !status; lo += INGEST_CHUNK) {
            if (stop_requested) {
                fprintf(stderr, "ingest: stopped by a signal after a complete transaction; %zu "
                                "articles%s were not stored\n",
                        cp.n - lo, rest);
                stopped = 1;
                break;
            }
            size_t m = cp.n - lo < INGEST_CHUNK ? cp.n - lo : INGEST_CHUNK;
            for (size_t k = 0; k < m; k++) {
                chunk[k] = cp.a[order[lo + k]];
                files[k] = cp.file[order[lo + k]];
                lines[k] = cp.line[order[lo + k]];
            }
            int rc = td_db_ingest(db, chunk, m, files, lines, rcs, sts);
            if (rc) {
                fprintf(stderr, "tidings: %s: ingest failed (%s); %zu articles%s from here on "
                                "were not stored\n",
                        path, td_strerror(rc), cp.n - lo, rest);
                status = 1;
                break;
            }
            for (size_t k = 0; k < m; k++) {
                if (rcs[k] != TD_OK && rcs[k] != TD_ERR_EMPTY && rcs[k] != TD_ERR_DUPLICATE)
                    continue;
                fputs("{\"id\":", stdout);
                put_json_str(stdout, chunk[k].id);
                if (rcs[k] == TD_ERR_DUPLICATE && sts[k]) {
                    fprintf(stdout, ",\"story\":%u,\"status\":\"exists\"}\n", sts[k]);
                    dup++;
                } else if (rcs[k] == TD_ERR_DUPLICATE) {
                    continue; /* repeated within the input: reported as an error */
                } else {
                    fprintf(stdout, ",\"story\":%u,\"status\":\"stored\"}\n", sts[k]);
                    stored++;
                }
            }
            fflush(stdout);
            if (c.progress)
                fprintf(stderr, "\r\033[Kingest: %zu", done + lo + m);
        }
        done += cp.n;
        free(order);
        corpus_free(&cp);
    }
    unsigned long skipped = in ? td_input_skipped(in) : 0;
    td_input_free(in);
    if (c.progress)
        fputs("\r\033[K", stderr);
    fprintf(stderr, "ingest: %lu stored, %lu already stored (unchanged), %lu skipped; %ld "
                    "articles in %ld stories\n",
            stored, dup, skipped + c.errors, td_db_n_articles(db), td_db_n_stories(db));
    if (c.check && td_db_check(db, stderr))
        status = 1;
    if (!status && (skipped || c.errors))
        status = 2;
    free(chunk);
    free(files);
    free(lines);
    td_db_close(db);
    return status;
}

static int print_json(char *json, int rc, const char *what)
{
    if (rc == TD_ERR_NOT_FOUND) {
        fprintf(stderr, "tidings: %s not found\n", what);
        return 2;
    }
    if (rc) {
        fprintf(stderr, "tidings: %s: %s\n", what, td_strerror(rc));
        return 1;
    }
    puts(json);
    td_free(json);
    return 0;
}

static int cmd_query(int argc, char **argv, int which)
{
    cli c;
    cli_init(&c, 0);
    const char *path = NULL, *arg = NULL;
    td_db_query q;
    memset(&q, 0, sizeof q);
    int text = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--db") && v) {
            path = argv[++i];
        } else if (!strcmp(a, "--since") && v) {
            q.since = argv[++i];
        } else if (!strcmp(a, "--lang") && v) {
            q.lang = argv[++i];
        } else if (!strcmp(a, "--query") && v) {
            q.text = argv[++i];
        } else if (!strcmp(a, "--limit") && v) {
            q.limit = strtol(argv[++i], NULL, 10);
        } else if (!strcmp(a, "--format") && v) {
            const char *f = argv[++i];
            if (strcmp(f, "text") && strcmp(f, "jsonl"))
                return die_usage("--format takes jsonl or text", f);
            text = !strcmp(f, "text");
        } else if (a[0] == '-' && a[1]) {
            return die_usage("unknown option", a);
        } else {
            arg = a;
        }
    }
    td_db *db = open_db(&c, path);
    if (!db)
        return 1;
    char *json = NULL;
    int status;
    if (which == 0) {
        int rc = td_db_stories_text(db, &q, text ? TD_TEXT : TD_JSONL, stdout);
        status = rc ? print_json(NULL, rc, "stories") : 0;
    } else if (which == 1) {
        if (!arg) {
            td_db_close(db);
            return die_usage("story needs an ID", NULL);
        }
        int rc = td_db_story_json(db, strtol(arg, NULL, 10), &json, NULL);
        status = print_json(json, rc, "story");
    } else {
        status = td_db_check(db, stderr) ? 1 : 0;
        if (!status)
            fprintf(stderr, "check: ok (%ld articles, %ld stories)\n", td_db_n_articles(db),
                    td_db_n_stories(db));
    }
    td_db_close(db);
    return status;
}

static int cmd_serve(int argc, char **argv)
{
    cli c;
    cli_init(&c, 0);
    td_serve_options so;
    memset(&so, 0, sizeof so);
    so.host = "127.0.0.1";
    so.port = 8080;
    so.token = getenv("TIDINGS_TOKEN");
    for (int i = 0; i < argc; i++) {
        int r = cluster_opt(&c, argc, argv, &i);
        if (r < 0)
            return 1;
        if (r)
            continue;
        const char *a = argv[i];
        if (i + 1 >= argc)
            return die_usage("option needs a value", a);
        if (!strcmp(a, "--db")) {
            so.db_path = argv[++i];
        } else if (!strcmp(a, "--host")) {
            so.host = argv[++i];
        } else if (!strcmp(a, "--port")) {
            double v;
            if (parse_num(argv[++i], 0, 65535, &v))
                return die_usage("--port takes 0..65535", argv[i]);
            so.port = (unsigned)v;
        } else if (!strcmp(a, "--token")) {
            so.token = argv[++i];
        } else {
            return die_usage("unknown option", a);
        }
    }
    if (!so.db_path)
        return die_usage("serve needs --db FILE", NULL);
    so.engine = c.opt;
    return td_serve(&so) ? 1 : 0;
}

int main(int argc, char **argv)
{
    /* a file-size limit (or a full disk) is a write error to report, not a
     * reason to die */
    signal(SIGXFSZ, SIG_IGN);
    if (argc < 2)
        return die_usage("missing COMMAND", NULL);
    const char *cmd = argv[1];
    /* `tidings COMMAND --help`: the usage, on stdout, status 0 (an option
     * value or a file named --help would have to be given as ./--help) */
    for (int i = 2; i < argc; i++)
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(usage, stdout);
            return 0;
        }
    if (!strcmp(cmd, "cluster"))
        return cmd_cluster(argc - 2, argv + 2);
    if (!strcmp(cmd, "eval"))
        return cmd_eval(argc - 2, argv + 2);
    if (!strcmp(cmd, "storylines"))
        return cmd_cluster_as(argc - 2, argv + 2, 1);
    if (!strcmp(cmd, "lexicon-build")) {
        if (argc != 4 && argc != 5)
            return die_usage("lexicon-build needs DICTD_DIR [CEDICT_FILE] OUT", NULL);
        char err[512];
        if (td_lexicon_build(argv[2], argc == 5 ? argv[3] : NULL, argv[argc - 1], stderr, err,
                             sizeof err)) {
            fprintf(stderr, "tidings: %s\n", err);
            return 1;
        }
        return 0;
    }
    if (!strcmp(cmd, "places-build")) {
        if (argc != 3)
            return die_usage("places-build needs OUT", NULL);
        char err[512];
        if (td_places_build(argv[2], err, sizeof err)) {
            fprintf(stderr, "tidings: %s\n", err);
            return 1;
        }
        return 0;
    }
    if (!strcmp(cmd, "serve"))
        return cmd_serve(argc - 2, argv + 2);
    if (!strcmp(cmd, "ingest"))
        return cmd_ingest(argc - 2, argv + 2);
    if (!strcmp(cmd, "stories"))
        return cmd_query(argc - 2, argv + 2, 0);
    if (!strcmp(cmd, "story"))
        return cmd_query(argc - 2, argv + 2, 1);
    if (!strcmp(cmd, "check"))
        return cmd_query(argc - 2, argv + 2, 2);
    if (!strcmp(cmd, "eval-pairs")) {
        if (argc != 4)
            return die_usage("eval-pairs needs PAIRS.jsonl PRED.jsonl", NULL);
        cli c;
        memset(&c, 0, sizeof c);
        return td_eval_pairs_report(argv[2], argv[3], stdout, on_diag, &c) ? 1 : 0;
    }
    if (!strcmp(cmd, "compare"))
        return cmd_compare(argc - 2, argv + 2);
    if (!strcmp(cmd, "explain"))
        return cmd_explain(argc - 2, argv + 2, 0);
    if (!strcmp(cmd, "train"))
        return cmd_train(argc, argv);
    if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) {
        printf("tidings %s\n", VERSION);
        return 0;
    }
    if (!strcmp(cmd, "help") || !strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
        fputs(usage, stdout);
        return 0;
    }
    return die_usage("unknown command", cmd);
}
