/* server.c -- the HTTP JSON API and the web page (td_serve of tidings.h).
 *
 * The only module that includes libmicrohttpd. One internal polling
 * thread (epoll) accepts and serves every connection, so requests are
 * handled one at a time against one td_db: reads see every commit (also
 * those of a CLI ingest into the same file); a POST ingests in one
 * transaction. Slow or idle connections cost a file descriptor each and
 * time out after TD_CONN_TIMEOUT_S seconds; the connection limit is
 * TD_MAX_CONNECTIONS (td_limits.h). Endpoints and errors are documented in docs/HTTP_API.md.
 */
#include "td_config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <math.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "buf.h"
#include "json.h"
#include "td_limits.h"
#include "tidings.h"
#include "server.h"
#include "xmalloc.h"


extern const unsigned char web_index_html[], web_app_js[], web_style_css[];
extern const size_t web_index_html_len, web_app_js_len, web_style_css_len;

static const double buckets[] = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                 0.5,   1,      2.5,   5,    10};
#define N_BUCKETS (sizeof buckets / sizeof buckets[0])

struct server {
    td_db *db;
    const char *token;
    struct MHD_Daemon *d;
    /* metrics */
    unsigned long requests, errors_4xx, errors_5xx, ingested;
    unsigned long hist[N_BUCKETS + 1];
    double latency_sum;
    time_t started;
};

/* Per-connection state: the request body, capped. */
typedef struct conn {
    buf body;
    struct timespec t0;
    int too_large;
} conn;

static double elapsed(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void observe(server *s, conn *c, unsigned status)
{
    double dt = elapsed(&c->t0);
    s->requests++;
    s->latency_sum += dt;
    size_t i = 0;
    while (i < N_BUCKETS && dt > buckets[i])
        i++;
    s->hist[i]++;
    if (status >= 500)
        s->errors_5xx++;
    else if (status >= 400)
        s->errors_4xx++;
}

/* Set the response: data is copied unless it is static (copy = 0). */
static int reply(srv_resp *rs, unsigned status, const char *type, const void *data,
                  size_t n, int copy)
{
    rs->status = status;
    rs->type = type;
    if (copy) {
        buf_reset(&rs->body);
        buf_add(&rs->body, data, n);
        rs->data = NULL;
    } else {
        rs->data = data;
        rs->len = n;
    }
    return 0;
}

static int send_json(srv_resp *rs, unsigned status, const char *json, size_t n)
{
    reply(rs, status, "application/json; charset=utf-8", json, n, 1);
    return 0;
}

static int send_error(srv_resp *rs, unsigned status, const char *code, const char *msg,
                       long pos)
{
    buf b;
    buf_init(&b, 1 << 16);
    buf_puts(&b, "{\"error\":{\"code\":");
    json_put_cstr(&b, code);
    buf_puts(&b, ",\"message\":");
    json_put_cstr(&b, msg);
    if (pos >= 0)
        buf_printf(&b, ",\"pos\":%ld", pos);
    buf_puts(&b, "}}");
    send_json(rs, status, b.ptr, b.len);
    buf_release(&b);
    return 0;
}

static int send_rc(srv_resp *rs, int rc, char *json, size_t n, const char *what)
{
    if (rc == TD_OK) {
        send_json(rs, MHD_HTTP_OK, json, n);
        td_free(json);
        return 0;
    }
    if (rc == TD_ERR_NOT_FOUND)
        send_error(rs, MHD_HTTP_NOT_FOUND, "not_found", what, -1);
    else if (rc == TD_ERR_BUSY)
        send_error(rs, MHD_HTTP_SERVICE_UNAVAILABLE, "busy",
                   "the database is locked by another writer; try again", -1);
    else if (rc == TD_ERR_IO)
        send_error(rs, MHD_HTTP_SERVICE_UNAVAILABLE, "storage",
                   "the database cannot be written (disk full or read-only); nothing was stored",
                   -1);
    else
        send_error(rs, MHD_HTTP_INTERNAL_SERVER_ERROR, "internal", td_strerror(rc), -1);
    return 0;
}

/* ---------------------------------------------------------------------
 * POST /articles
 * ------------------------------------------------------------------- */
typedef struct post_diag {
    int n_err;
    char msg[512];
    unsigned long line;
    size_t column;
    char field[32];
} post_diag;

static void on_post_diag(void *user, const td_diag *d)
{
    post_diag *p = user;
    if (d->severity != TD_ERROR || p->n_err++)
        return;
    snprintf(p->msg, sizeof p->msg, "line %lu: %s%s%s%s", d->line, d->field ? "field '" : "",
             d->field ? d->field : "", d->field ? "': " : "", d->message);
    p->line = d->line;
    p->column = d->column;
    snprintf(p->field, sizeof p->field, "%s", d->field ? d->field : "");
}

static long body_pos(const char *body, size_t len, unsigned long line, size_t column)
{
    size_t off = 0;
    for (unsigned long l = 1; l < line && off < len; off++)
        if (body[off] == '\n')
            l++;
    return (long)(off + (column ? column - 1 : 0));
}

static int authorised(const srv_req *rq, const server *s)
{
    if (!s->token)
        return 1;
    const char *h = rq->authorization;
    if (!h || strncmp(h, "Bearer ", 7))
        return 0;
    const char *t = h + 7;
    size_t n = strlen(t), m = strlen(s->token);
    unsigned diff = n != m;
    for (size_t i = 0; i < m; i++) /* constant time in the token's length */
        diff |= (unsigned)(unsigned char)s->token[i] ^ (unsigned char)(i < n ? t[i] : 0);
    return diff == 0;
}

static int post_articles(server *s, const srv_req *rq, srv_resp *rs)
{
    post_diag pd;
    memset(&pd, 0, sizeof pd);
    td_input *in;
    td_input_open_mem(rq->body ? rq->body : "", rq->body_len, "body.jsonl", on_post_diag, &pd,
                      &in);
    td_article *a = NULL;
    char **copies = NULL;
    size_t n = 0, cap = 0;
    td_article one;
    /* copy the records: the reader's strings live only until its next call */
    while (td_input_next(in, &one) == TD_OK && n < TD_MAX_POST_ARTICLES) {
        xgrow((void **)&a, &cap, n + 1, sizeof *a);
        copies = xrealloc(copies, cap * 8 * sizeof *copies);
        const char *src[8] = {one.id, one.title, one.text, one.lang, one.date, one.source,
                              one.url, one.extra};
        size_t len[8] = {one.id_len, one.title_len, one.text_len, one.lang_len,
                         one.date_len, one.source_len, one.url_len, one.extra_len};
        for (int k = 0; k < 8; k++)
            copies[n * 8 + k] = src[k] ? xstrndup(src[k], len[k]) : NULL;
        a[n] = one;
        a[n].id = copies[n * 8];
        a[n].title = copies[n * 8 + 1];
        a[n].text = copies[n * 8 + 2];
        a[n].lang = copies[n * 8 + 3];
        a[n].date = copies[n * 8 + 4];
        a[n].source = copies[n * 8 + 5];
        a[n].url = copies[n * 8 + 6];
        a[n].extra = copies[n * 8 + 7];
        n++;
    }
    int over = n >= TD_MAX_POST_ARTICLES && td_input_next(in, &one) == TD_OK;
    td_input_free(in);
    if (pd.n_err || over || n == 0) {
        char msg[600];
        const char *code = pd.n_err && strstr(pd.msg, "malformed JSON") ? "invalid_json"
                                                                         : "invalid_article";
        if (over)
            snprintf(msg, sizeof msg, "more than %u articles in one request",
                     (unsigned)TD_MAX_POST_ARTICLES);
        else if (!pd.n_err)
            snprintf(msg, sizeof msg, "no article in the request body");
        else
            snprintf(msg, sizeof msg, "%s", pd.msg);
        send_error(rs, over ? MHD_HTTP_CONTENT_TOO_LARGE : MHD_HTTP_BAD_REQUEST,
                   over ? "too_many_articles" : n == 0 && !pd.n_err ? "empty" : code, msg,
                   pd.n_err ? body_pos(rq->body, rq->body_len, pd.line, pd.column) : -1);
    } else {
        int *rcs = xmalloc(n * sizeof *rcs);
        uint32_t *st = xmalloc(n * sizeof *st);
        int rc = td_db_ingest(s->db, a, n, NULL, NULL, rcs, st);
        if (rc) {
            send_rc(rs, rc, NULL, 0, "ingest");
        } else {
            buf b;
            buf_init(&b, (size_t)16 << 20);
            buf_puts(&b, "{\"results\":[");
            for (size_t i = 0; i < n; i++) {
                if (i)
                    buf_putc(&b, ',');
                buf_puts(&b, "{\"id\":");
                json_put_cstr(&b, a[i].id);
                const char *status = rcs[i] == TD_OK || rcs[i] == TD_ERR_EMPTY ? "stored"
                                     : rcs[i] == TD_ERR_DUPLICATE && st[i] ? "exists"
                                     : rcs[i] == TD_ERR_DUPLICATE          ? "repeated"
                                                                           : "rejected";
                if (st[i])
                    buf_printf(&b, ",\"story\":%u", st[i]);
                buf_puts(&b, ",\"status\":");
                json_put_cstr(&b, status);
                buf_putc(&b, '}');
                s->ingested += !strcmp(status, "stored");
            }
            buf_puts(&b, "]}");
            send_json(rs, MHD_HTTP_OK, b.ptr, b.len);
            buf_release(&b);
        }
        xfree(rcs);
        xfree(st);
    }
    for (size_t i = 0; i < n * 8; i++)
        xfree(copies[i]);
    xfree(copies);
    xfree(a);
    return 0;
}

/* ---------------------------------------------------------------------
 * GET
 * ------------------------------------------------------------------- */
static int metrics(server *s, srv_resp *rs)
{
    buf b;
    buf_init(&b, 1 << 16);
    double up = difftime(time(NULL), s->started);
    buf_printf(&b, "# HELP tidings_articles Articles stored.\n# TYPE tidings_articles gauge\n"
                   "tidings_articles %ld\n",
               td_db_n_articles(s->db));
    buf_printf(&b, "# HELP tidings_stories Live stories.\n# TYPE tidings_stories gauge\n"
                   "tidings_stories %ld\n",
               td_db_n_stories(s->db));
    buf_printf(&b, "# HELP tidings_ingested_total Articles stored through this server.\n"
                   "# TYPE tidings_ingested_total counter\ntidings_ingested_total %lu\n",
               s->ingested);
    buf_printf(&b, "# HELP tidings_ingest_rate Articles stored per second since start.\n"
                   "# TYPE tidings_ingest_rate gauge\ntidings_ingest_rate %.4f\n",
               up > 0 ? (double)s->ingested / up : 0.0);
    buf_printf(&b, "# HELP tidings_http_errors_total Responses by class.\n"
                   "# TYPE tidings_http_errors_total counter\n"
                   "tidings_http_errors_total{class=\"4xx\"} %lu\n"
                   "tidings_http_errors_total{class=\"5xx\"} %lu\n",
               s->errors_4xx, s->errors_5xx);
    buf_puts(&b, "# HELP tidings_http_request_seconds Request latency.\n"
                 "# TYPE tidings_http_request_seconds histogram\n");
    unsigned long cum = 0;
    for (size_t i = 0; i < N_BUCKETS; i++) {
        cum += s->hist[i];
        buf_printf(&b, "tidings_http_request_seconds_bucket{le=\"%g\"} %lu\n", buckets[i], cum);
    }
    cum += s->hist[N_BUCKETS];
    buf_printf(&b, "tidings_http_request_seconds_bucket{le=\"+Inf\"} %lu\n", cum);
    buf_printf(&b, "tidings_http_request_seconds_sum %.6f\ntidings_http_request_seconds_count %lu\n",
               s->latency_sum, s->requests);
    reply(rs, MHD_HTTP_OK, "text/plain; version=0.0.4", b.ptr, b.len, 1);
    buf_release(&b);
    return 0;
}

static long arg_long(const srv_req *rq, const char *key, long def, long lo, long hi,
                     int *bad)
{
    const char *v = rq->arg(rq->ctx, key);
    if (!v || !*v)
        return def;
    char *end;
    errno = 0;
    long x = strtol(v, &end, 10);
    if (errno || *end || x < lo || x > hi)
        *bad = 1;
    return x;
}

static const char *arg(const srv_req *rq, const char *key)
{
    const char *v = rq->arg(rq->ctx, key);
    return v && *v ? v : NULL;
}

static int get(server *s, const srv_req *rq, srv_resp *rs, const char *url)
{
    char *json = NULL;
    size_t n = 0;
    if (!strcmp(url, "/") || !strcmp(url, "/index.html"))
        return reply(rs, MHD_HTTP_OK, "text/html; charset=utf-8", web_index_html,
                    web_index_html_len, 0);
    if (!strcmp(url, "/app.js"))
        return reply(rs, MHD_HTTP_OK, "application/javascript; charset=utf-8", web_app_js,
                    web_app_js_len, 0);
    if (!strcmp(url, "/style.css"))
        return reply(rs, MHD_HTTP_OK, "text/css; charset=utf-8", web_style_css,
                    web_style_css_len, 0);
    if (!strcmp(url, "/health")) {
        char h[160];
        int k = snprintf(h, sizeof h, "{\"status\":\"ok\",\"articles\":%ld,\"stories\":%ld}",
                         td_db_n_articles(s->db), td_db_n_stories(s->db));
        return send_json(rs, MHD_HTTP_OK, h, (size_t)k);
    }
    if (!strcmp(url, "/metrics"))
        return metrics(s, rs);
    if (!strcmp(url, "/stories")) {
        int bad = 0;
        td_db_query q = {arg(rq, "since"), arg(rq, "lang"), arg(rq, "q"),
                         arg_long(rq, "limit", 50, 1, 1000, &bad),
                         arg_long(rq, "offset", 0, 0, 100000000, &bad)};
        if (bad)
            return send_error(rs, MHD_HTTP_BAD_REQUEST, "invalid_argument",
                              "limit is 1..1000 and offset >= 0", -1);
        int rc = td_db_stories_json(s->db, &q, &json, &n);
        return send_rc(rs, rc, json, n, "stories");
    }
    if (!strncmp(url, "/stories/", 9)) {
        char *end;
        long id = strtol(url + 9, &end, 10);
        if (*end || end == url + 9 || id <= 0)
            return send_error(rs, MHD_HTTP_NOT_FOUND, "not_found", "no such story", -1);
        int rc = td_db_story_json(s->db, id, &json, &n);
        return send_rc(rs, rc, json, n, "no such story");
    }
    if (!strncmp(url, "/articles/", 10) && url[10]) {
        int rc = td_db_article_json(s->db, url + 10, &json, &n);
        return send_rc(rs, rc, json, n, "no such article");
    }
    if (!strncmp(url, "/similar/", 9) && url[9]) {
        int bad = 0;
        long k = arg_long(rq, "k", 10, 1, TD_MAX_SIMILAR, &bad);
        if (bad)
            return send_error(rs, MHD_HTTP_BAD_REQUEST, "invalid_argument",
                              "k is 1..100", -1);
        int rc = td_db_similar_json(s->db, url + 9, (int)k, &json, &n);
        return send_rc(rs, rc, json, n, "no such article");
    }
    return send_error(rs, MHD_HTTP_NOT_FOUND, "not_found", "no such resource", -1);
    return 0;
}

static int known_path(const char *url)
{
    return !strcmp(url, "/") || !strcmp(url, "/index.html") || !strcmp(url, "/app.js") ||
           !strcmp(url, "/style.css") || !strcmp(url, "/health") ||
           !strcmp(url, "/metrics") || !strcmp(url, "/stories") ||
           !strncmp(url, "/stories/", 9) || !strcmp(url, "/articles") ||
           !strncmp(url, "/articles/", 10) || !strncmp(url, "/similar/", 9);
}

static int route(server *s, const srv_req *rq, srv_resp *rs)
{
    const char *url = rq->url, *method = rq->method;
    rs->data = NULL;
    rs->len = 0;
    buf_reset(&rs->body);
    if (!known_path(url))
        return send_error(rs, MHD_HTTP_NOT_FOUND, "not_found", "no such resource", -1);
    if (!strcmp(method, "POST")) {
        if (strcmp(url, "/articles"))
            return send_error(rs, MHD_HTTP_METHOD_NOT_ALLOWED, "method_not_allowed",
                              "POST goes to /articles", -1);
        if (!authorised(rq, s))
            return send_error(rs, MHD_HTTP_UNAUTHORIZED, "unauthorized",
                              "writing needs Authorization: Bearer TOKEN", -1);
        if (rq->too_large) {
            char msg[96];
            snprintf(msg, sizeof msg, "request body over %u bytes", (unsigned)TD_MAX_BODY_BYTES);
            return send_error(rs, MHD_HTTP_CONTENT_TOO_LARGE, "too_large", msg, -1);
        }
        return post_articles(s, rq, rs);
    }
    if (strcmp(method, "GET") && strcmp(method, "HEAD"))
        return send_error(rs, MHD_HTTP_METHOD_NOT_ALLOWED, "method_not_allowed",
                          "use GET, or POST /articles", -1);
    if (!strcmp(url, "/articles"))
        return send_error(rs, MHD_HTTP_METHOD_NOT_ALLOWED, "method_not_allowed",
                          "POST articles here; GET /articles/{id} reads one", -1);
    return get(s, rq, rs, url);
}

void srv_handle(server *s, const srv_req *rq, srv_resp *rs)
{
    (void)route(s, rq, rs);
}

server *srv_new(td_db *db, const char *token)
{
    server *s = xcalloc(1, sizeof *s);
    s->db = db;
    s->token = token;
    s->started = time(NULL);
    return s;
}

void srv_free(server *s)
{
    xfree(s);
}

static const char *mhd_arg(void *ctx, const char *key)
{
    return MHD_lookup_connection_value(ctx, MHD_GET_ARGUMENT_KIND, key);
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *mc, const char *url,
                              const char *method, const char *version, const char *upload,
                              size_t *upload_size, void **con_cls)
{
    (void)version;
    server *s = cls;
    conn *c = *con_cls;
    if (!c) {
        c = xcalloc(1, sizeof *c);
        buf_init(&c->body, TD_MAX_BODY_BYTES);
        clock_gettime(CLOCK_MONOTONIC, &c->t0);
        *con_cls = c;
        return MHD_YES;
    }
    if (!strcmp(method, MHD_HTTP_METHOD_POST) && *upload_size) {
        if (!c->too_large && buf_add(&c->body, upload, *upload_size))
            c->too_large = 1; /* keep reading, answer 413 at the end */
        *upload_size = 0;
        return MHD_YES;
    }
    srv_req rq = {method, url, mhd_arg, mc,
                  MHD_lookup_connection_value(mc, MHD_HEADER_KIND, "Authorization"),
                  c->body.ptr, c->body.len, c->too_large};
    srv_resp rs;
    memset(&rs, 0, sizeof rs);
    buf_init(&rs.body, (size_t)256 << 20);
    srv_handle(s, &rq, &rs);
    const void *data = rs.data ? rs.data : rs.body.ptr ? rs.body.ptr : "";
    size_t len = rs.data ? rs.len : rs.body.len;
    struct MHD_Response *r = MHD_create_response_from_buffer(
        len, (void *)data, rs.data ? MHD_RESPMEM_PERSISTENT : MHD_RESPMEM_MUST_COPY);
    buf_release(&rs.body);
    if (!r)
        return MHD_NO;
    MHD_add_response_header(r, "Content-Type", rs.type);
    MHD_add_response_header(r, "Cache-Control", "no-store");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    if (rs.status == MHD_HTTP_METHOD_NOT_ALLOWED)
        MHD_add_response_header(r, "Allow", "GET, POST");
    if (rs.status == MHD_HTTP_UNAUTHORIZED)
        MHD_add_response_header(r, "WWW-Authenticate", "Bearer");
    enum MHD_Result ret = MHD_queue_response(mc, rs.status, r);
    MHD_destroy_response(r);
    observe(s, c, rs.status);
    return ret;
}

static void completed(void *cls, struct MHD_Connection *mc, void **con_cls,
                      enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)mc;
    (void)toe;
    conn *c = *con_cls;
    if (c) {
        buf_release(&c->body);
        xfree(c);
        *con_cls = NULL;
    }
}

static int is_loopback(const char *host)
{
    return !strcmp(host, "127.0.0.1") || !strcmp(host, "localhost") || !strcmp(host, "::1") ||
           !strncmp(host, "127.", 4);
}

int td_serve(const td_serve_options *o)
{
    const char *host = o->host ? o->host : "127.0.0.1";
    if (!strcmp(host, "localhost"))
        host = "127.0.0.1";
    const char *token = o->token && *o->token ? o->token : NULL;
    if (!is_loopback(host) && !token) {
        fprintf(stderr, "tidings: serving on %s (not loopback) needs a token (--token or "
                        "TIDINGS_TOKEN)\n",
                host);
        return TD_ERR_INVALID;
    }
    struct sockaddr_in sa4;
    struct sockaddr_in6 sa6;
    struct sockaddr *sa;
    int v6 = strchr(host, ':') != NULL;
    memset(&sa4, 0, sizeof sa4);
    memset(&sa6, 0, sizeof sa6);
    if (v6) {
        sa6.sin6_family = AF_INET6;
        sa6.sin6_port = htons((uint16_t)o->port);
        if (inet_pton(AF_INET6, host, &sa6.sin6_addr) != 1)
            goto bad_host;
        sa = (struct sockaddr *)&sa6;
    } else {
        sa4.sin_family = AF_INET;
        sa4.sin_port = htons((uint16_t)o->port);
        if (inet_pton(AF_INET, host, &sa4.sin_addr) != 1)
            goto bad_host;
        sa = (struct sockaddr *)&sa4;
    }
    /* signals are taken by sigwait below, not by any thread; blocked from
     * here, so that one arriving while the database opens stops us cleanly */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    char err[512];
    td_db *db;
    if (td_db_open(o->db_path, &o->engine, &db, err, sizeof err)) {
        fprintf(stderr, "tidings: %s\n", err);
        return TD_ERR_STORE;
    }
    server *sp = srv_new(db, token);
    signal(SIGPIPE, SIG_IGN);
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | (v6 ? MHD_USE_IPv6 : 0);
    sp->d = MHD_start_daemon(flags, (uint16_t)o->port, NULL, NULL, handle, sp,
                           MHD_OPTION_SOCK_ADDR, sa,
                           MHD_OPTION_CONNECTION_LIMIT, (unsigned)TD_MAX_CONNECTIONS,
                           MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)TD_CONN_TIMEOUT_S,
                           MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)TD_MAX_HEADER_BYTES,
                           MHD_OPTION_NOTIFY_COMPLETED, completed, sp, MHD_OPTION_END);
    if (!sp->d) {
        fprintf(stderr, "tidings: cannot listen on %s:%u: %s\n", host, o->port,
                errno ? strerror(errno) : "address in use?");
        td_db_close(db);
        srv_free(sp);
        return TD_ERR_IO;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(sp->d, MHD_DAEMON_INFO_BIND_PORT);
    unsigned port = info ? info->port : o->port;
    fprintf(stderr, "tidings: serving %s on http://%s%s%s:%u/\n", o->db_path, v6 ? "[" : "",
            host, v6 ? "]" : "", port);
    if (o->on_listen)
        o->on_listen(o->user, port);
    int sig = 0;
    sigwait(&set, &sig);
    fprintf(stderr, "tidings: %s: stopping\n", sig == SIGTERM ? "SIGTERM" : "SIGINT");
    MHD_stop_daemon(sp->d); /* waits for the request in progress */
    td_db_close(db);
    srv_free(sp);
    return TD_OK;
bad_host:
    fprintf(stderr, "tidings: not an IP address: %s\n", host);
    return TD_ERR_INVALID;
}
