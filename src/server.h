/* server.h -- HTTP request handling without sockets.
 *
 * srv_handle() maps one request (method, path, query arguments, the
 * Authorization header, body) to one response (status, type, body). The
 * libmicrohttpd callback in server.c is a thin adapter around it, and the
 * fuzz target tests/fuzz/fuzz_http.c calls it directly.
 */
#ifndef TD_SERVER_H
#define TD_SERVER_H

#include <stddef.h>
#include "buf.h"
#include "td_config.h"
#include "tidings.h"

typedef struct server server;

typedef struct srv_req {
    const char *method, *url;
    const char *(*arg)(void *ctx, const char *key); /* query argument or NULL */
    void *ctx;
    const char *authorization;                     /* header value or NULL */
    const char *body;
    size_t body_len;
    int too_large;                                 /* the body passed the cap */
} srv_req;

typedef struct srv_resp {
    unsigned status;
    const char *type;
    buf body;          /* the body, unless data is set */
    const void *data;  /* static body (the embedded web files) */
    size_t len;
} srv_resp;

/* A handler over db (borrowed). token NULL: writes need no token. */
server *srv_new(td_db *db, const char *token);
void srv_free(server *s); /* NULL is a no-op */
/* Handle rq into rs (rs->body initialised by the caller with buf_init). */
void srv_handle(server *s, const srv_req *rq, srv_resp *rs);

#endif /* TD_SERVER_H */
