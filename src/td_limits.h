/* td_limits.h -- every cap on untrusted input, in one place.
 *
 * Each limit names what it bounds and what happens past it. Nothing in the
 * engine grows without one of these bounds; tests/unit/test_limits.c and the
 * golden tests check the documented behaviour at each edge.
 */
#ifndef TD_LIMITS_H
#define TD_LIMITS_H

/* One input line (a JSONL record). Longer lines are skipped with an error
 * naming the file and line; the reader resynchronises at the next newline. */
#define TD_MAX_LINE_BYTES (64u * 1024u * 1024u)

/* Article text. Longer texts are truncated at a UTF-8 boundary with a
 * warning; the article is still clustered. */
#define TD_MAX_ARTICLE_BYTES (1u * 1024u * 1024u)

/* Title. Longer titles are truncated at a UTF-8 boundary. */
#define TD_MAX_TITLE_BYTES 4096u

/* Article id (bytes). Longer ids are an error for that record. */
#define TD_MAX_ID_BYTES 512u

/* One token (bytes, after folding). Longer tokens are dropped. */
#define TD_MAX_TOKEN_BYTES 64u

/* Tokens analysed per article; the rest of the body is ignored. */
#define TD_MAX_TOKENS_PER_DOC 20000u

/* Terms kept in one article vector (the heaviest ones). */
#define TD_MAX_DOC_TERMS 400u

/* Terms kept in one story centroid (the heaviest ones). */
#define TD_MAX_STORY_TERMS 600u

/* Entities kept per article. */
#define TD_MAX_ENTITIES 64u

/* Dates and numbers kept per article. */
#define TD_MAX_DATES 32u
#define TD_MAX_NUMBERS 32u

/* JSON nesting depth accepted by the reader. */
#define TD_MAX_JSON_DEPTH 32u

/* Candidate stories scored in full per article. */
#define TD_MAX_CANDIDATES 64u

/* Postings read per query term before giving up on that term (the most
 * recent ones are read first): the cap of the clustering parameter scan
 * (src/cluster.c, default 200). */
#define TD_MAX_POSTINGS_SCAN 2000u

/* A plain-text input file. Larger files are truncated like articles. */
#define TD_MAX_TXT_FILE_BYTES TD_MAX_ARTICLE_BYTES

/* Directory recursion depth. Deeper trees are not entered (warning). */
#define TD_MAX_DIR_DEPTH 32u

/* HTTP request body accepted by the server (413 past it). */
#define TD_MAX_BODY_BYTES (16u * 1024u * 1024u)

/* Articles in one POST /articles (413 past it). */
#define TD_MAX_POST_ARTICLES 10000u

/* Simultaneous HTTP connections, and seconds an idle one is kept. Past
 * the limit new connections are refused by the server socket. */
#define TD_MAX_CONNECTIONS 4000u
#define TD_CONN_TIMEOUT_S 30u

/* Bytes of per-connection memory for request headers. */
#define TD_MAX_HEADER_BYTES (128u * 1024u)

/* A model file (--join FILE, --pair-model FILE, docs/MODELS.md). Larger
 * files are refused with an error naming the file. */
#define TD_MAX_MODEL_BYTES (1u * 1024u * 1024u)

/* Nearest articles returned by GET /similar (k) and scored per request. */
#define TD_MAX_SIMILAR 100u
#define TD_MAX_SIMILAR_SCORED 2000u

#endif /* TD_LIMITS_H */
