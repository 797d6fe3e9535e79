/* fuzz_http.c -- HTTP request handling through the server's handler.
 * Input: "METHOD PATH?QUERY\nAuthorization value\nbody". The database is
 * a temporary file holding a few articles; POSTs may add more. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "buf.h"
#include "server.h"
#include "tidings.h"
#include "xmalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);

static char query[1024];
static char db_path[64];

static void remove_db(void)
{
    char side[80];
    unlink(db_path);
    snprintf(side, sizeof side, "%s-wal", db_path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", db_path);
    unlink(side);
}

static const char *get_arg(void *ctx, const char *key)
{
    (void)ctx;
    static char val[256];
    size_t kl = strlen(key);
    for (char *p = query; *p;) {
        char *amp = strchr(p, '&');
        size_t len = amp ? (size_t)(amp - p) : strlen(p);
        if (len > kl && !strncmp(p, key, kl) && p[kl] == '=') {
            snprintf(val, sizeof val, "%.*s", (int)(len - kl - 1), p + kl + 1);
            return val;
        }
        p += len + (amp != NULL);
    }
    return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    static server *srv;
    static td_db *db;
    if (!srv) {
        char err[256];
        snprintf(db_path, sizeof db_path, "/tmp/td_fuzz_http_%d.db", (int)getpid());
        remove_db();
        atexit(remove_db);
        if (td_db_open(db_path, NULL, &db, err, sizeof err))
            abort();
        static const char seed[] =
            "{\"id\":\"a\",\"text\":\"Storm floods Valencia, three dead.\",\"date\":\"2025-10-28\"}\n"
            "{\"id\":\"b\",\"text\":\"Valencia counts the dead after the storm.\"}\n";
        td_input *in;
        td_input_open_mem(seed, sizeof seed - 1, "seed.jsonl", NULL, NULL, &in);
        td_article arts[2];
        static char *keep[2][2]; /* live as long as the process, like the db */
        for (int i = 0; i < 2 && td_input_next(in, &arts[i]) == TD_OK; i++) {
            keep[i][0] = xstrndup(arts[i].id, arts[i].id_len);
            keep[i][1] = xstrndup(arts[i].text, arts[i].text_len);
            arts[i].id = keep[i][0];
            arts[i].text = keep[i][1];
            arts[i].date = NULL;
            arts[i].date_len = 0;
            arts[i].extra = NULL;
            arts[i].extra_len = 0;
        }
        td_input_free(in);
        int rcs[2];
        uint32_t st[2];
        td_db_ingest(db, arts, 2, NULL, NULL, rcs, st);
        srv = srv_new(db, "tok");
    }
    const char *s = (const char *)data, *e = s + n;
    const char *l1 = memchr(s, '\n', n);
    const char *l2 = l1 ? memchr(l1 + 1, '\n', (size_t)(e - l1 - 1)) : NULL;
    char line[1024], method[16] = "GET", url[512] = "/", auth[128];
    snprintf(line, sizeof line, "%.*s", (int)(l1 ? l1 - s : (long)(n < 1000 ? n : 1000)), s);
    char *sp = strchr(line, ' ');
    if (sp) {
        *sp = 0;
        snprintf(method, sizeof method, "%s", line);
        snprintf(url, sizeof url, "%s", sp + 1);
    }
    char *q = strchr(url, '?');
    query[0] = 0;
    if (q) {
        *q = 0;
        snprintf(query, sizeof query, "%s", q + 1);
    }
    snprintf(auth, sizeof auth, "%.*s", l1 && l2 ? (int)(l2 - l1 - 1) : 0, l1 ? l1 + 1 : "");
    srv_req rq = {method, url[0] ? url : "/", get_arg, NULL, auth[0] ? auth : NULL,
                  l2 ? l2 + 1 : NULL, l2 ? (size_t)(e - l2 - 1) : 0, 0};
    srv_resp rs;
    memset(&rs, 0, sizeof rs);
    buf_init(&rs.body, (size_t)64 << 20);
    srv_handle(srv, &rq, &rs);
    if (rs.status < 200 || rs.status > 599 || !rs.type)
        __builtin_trap();
    /* errors are JSON objects with an error member */
    if (rs.status >= 400 && (!rs.body.ptr || strncmp(rs.body.ptr, "{\"error\":{", 10)))
        __builtin_trap();
    buf_release(&rs.body);
    return 0;
}
