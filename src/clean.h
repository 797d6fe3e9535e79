/* clean.h -- from scraped text to clean text.
 *
 * Two steps, both line-preserving:
 *   clean_norm   repairs and normalizes: invalid UTF-8 -> U+FFFD, HTML
 *                tags/scripts removed, entities decoded, control and
 *                exotic space characters mapped, invisible characters
 *                (soft hyphen, zero-width space, BOM) removed, NFKC, runs
 *                of spaces collapsed, lines trimmed, blank runs collapsed.
 *   clean_noise  drops scraping noise lines: per-language pattern tables
 *                (comment forms, cookie banners, captions, share/subscribe
 *                lines, copyright lines), navigation crumbs, a line
 *                repeated inside the article, and lines that recur across
 *                many articles of the same source (clean_seen).
 */
#ifndef TD_CLEAN_H
#define TD_CLEAN_H

#include <stddef.h>
#include <stdint.h>
#include "buf.h"
#include "td_config.h"
#include "uni.h"

/* Lines seen per source, to find per-source boilerplate. Each line keeps
 * the sequence numbers (processing order) of the first CLEAN_REPEAT_MIN
 * articles of the source that contained it, so an article sees only what
 * came before it: registering a whole batch first and analysing it later,
 * on any number of threads, gives the same result as one article at a
 * time. Not thread-safe for writing; read-only use may be shared. */
typedef struct clean_seen clean_seen;

/* A line that occurs in at least this many articles of one source is
 * boilerplate of that source: from the second article on (the first keeps
 * it). Measured on semeval2022_task8 (1,815 articles, many per source),
 * 2 against 3: pair Pearson 0.792 -> 0.809, same-story F1 0.814 -> 0.833;
 * the lines it adds are subscription and share prompts, "Original-Content
 * von", bylines and datelines, and a few paragraphs of a story the source
 * published twice (the second copy keeps its title and new lines). */
#define CLEAN_REPEAT_MIN 2

/* Articles of one generation of the per-source line memory. An article is
 * compared with the articles of its own generation and of the one before
 * (so with the 65,536 to 131,072 before it), never with older ones: the
 * memory of a stream of any length stays at about two generations' lines.
 * One generation is a CLI block, so an input of up to 65,536 articles
 * compares every article with all that came before. */
#define CLEAN_SEEN_GEN 65536u

clean_seen *clean_seen_new(void);
void clean_seen_free(clean_seen *s); /* NULL is a no-op */
/* Drop the generations that no article from `seq` on reads: call before
 * registering a batch whose first article is `seq` (the articles of the
 * batch, read later, still find everything they may compare with). */
void clean_seen_forget(clean_seen *s, uint32_t seq);
size_t clean_seen_bytes(const clean_seen *s);
/* Register the distinct lines of article number `seq` of `source`. Lines
 * are compared without white space and ASCII case, so raw and normalized
 * text match. A NULL or empty source is ignored. */
void clean_seen_add(clean_seen *s, const char *source, const char *text, size_t n,
                    uint32_t seq);
/* Number of articles of `source` with sequence number <= seq that
 * contained line[0..n) (at most CLEAN_REPEAT_MIN). */
unsigned clean_seen_count(const clean_seen *s, const char *source,
                          const char *line, size_t n, uint32_t seq);

/* The same for the title of article `seq`, counted apart from lines: a
 * title that `source` gave an earlier article too (a site name, a keyword
 * list) says nothing about this one. */
void clean_seen_add_title(clean_seen *s, const char *source, const char *title, size_t n,
                          uint32_t seq);
unsigned clean_seen_count_title(const clean_seen *s, const char *source, const char *title,
                                size_t n, uint32_t seq);

/* Append the normalized form of in[0..n) to out. Returns out->rc. */
int clean_norm(uni_ctx *u, const char *in, size_t n, buf *out);

/* Why a line was dropped. */
enum { CLEAN_PATTERN, CLEAN_CRUMB, CLEAN_REPEAT_DOC, CLEAN_REPEAT_SOURCE, CLEAN_N_REASONS };

typedef struct clean_stats {
    unsigned lines_in, lines_out;
    unsigned dropped[CLEAN_N_REASONS];
} clean_stats;

/* Append to out the lines of text[0..n) (normalized) that are not noise
 * for language `lang` ("und": all tables). `seen`/`source` may be NULL.
 * Returns out->rc. */
int clean_noise(uni_ctx *u, const char *lang, const char *text, size_t n,
                const clean_seen *seen, const char *source, uint32_t seq, buf *out,
                clean_stats *st /* OUT, may be NULL */);

/* 1 when the single line[0..n) matches a noise pattern of `lang`. */
int clean_is_noise_line(uni_ctx *u, const char *lang, const char *line, size_t n);

#endif /* TD_CLEAN_H */
