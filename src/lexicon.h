/* lexicon.h -- words of many languages to English pivot concepts.
 *
 * lexicon_build() compiles the FreeDict dictionaries Debian installs in
 * /usr/share/dictd (X-eng read forward, eng-X read in reverse) into one
 * binary file; lexicon_open() maps it read-only. A key is (language, stem
 * of the folded word with that language's Snowball stemmer); its value is
 * up to LEX_SENSES English concepts, each the English stem of a
 * translation with a weight (1, 1/2, 1/3 by the order the dictionary
 * gives them) and the English word for display.
 *
 * File layout (little-endian, version LEX_VERSION):
 *
 *   header   "TDLX" u32 version u32 n_entries u32 pool_bytes, two reserved
 *            u32 (LEX_HEADER = 24 bytes, so entries are 8-byte aligned)
 *   entries  n_entries x lex_entry, sorted by key
 *   buckets  LEX_BUCKETS + 1 u32 entry numbers (below)
 *   pool     NUL-terminated English display words
 *
 * The data is read from where Debian installs it at build time and never
 * copied into the repository.
 */
#ifndef TD_LEXICON_H
#define TD_LEXICON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "td_config.h"

#define LEX_VERSION 5
#define LEX_HEADER 24 /* bytes: keeps the entries 8-byte aligned */
/* The entries are sorted by key, a hash, and followed by their keys again
 * (8 bytes each), a table of LEX_BUCKETS + 1 entry numbers: the entries
 * whose key's first LEX_BUCKET_BITS bits are b are [bucket[b], bucket[b +
 * 1]) (4.3 each), then by the pool of English words. A lookup bisects its
 * bucket's keys, about one cache line, and reads only the entry it finds
 * (most words looked up are in no dictionary). Before the buckets, a
 * bisection over all 565,000 entries touched about 20 cache lines; before
 * the keys, one of a bucket's 64-byte entries touched one at each step. */
#define LEX_BUCKET_BITS 17
#define LEX_BUCKETS (1u << LEX_BUCKET_BITS)
#define LEX_SENSES 3

typedef struct lex_entry {
    uint64_t key;                 /* hash of "lang\\tstem" */
    uint64_t concept[LEX_SENSES]; /* hash of the English stem; 0 unused */
    uint32_t word[LEX_SENSES];    /* offset of the English word in the pool */
    float weight[LEX_SENSES];
    uint32_t names;               /* bit k: sense k is (a word of) a proper name */
} lex_entry;

typedef struct lexicon lexicon;

/* Compile every X-eng and eng-X dictionary of dictd_dir for the languages
 * tidings stems, and the CC-CEDICT file cedict (may be NULL or missing),
 * into out_path. Writes a summary line per dictionary to
 * log (may be NULL). Returns 0, or -1 with a message in err. */
int lexicon_build(const char *dictd_dir, const char *cedict, const char *out_path, FILE *log,
                  char *err, size_t errlen);

/* Map the file read-only. NULL (and a message in err) when it is missing,
 * of another version, or damaged. */
lexicon *lexicon_open(const char *path, char *err, size_t errlen);
void lexicon_close(lexicon *lx); /* NULL is a no-op */

/* The entry of (lang, stem), or NULL. Borrowed from the mapping. */
const lex_entry *lexicon_find(const lexicon *lx, const char *lang, const char *stem,
                              size_t n);
/* The same by the entry's key; the i-th entry in key order (NULL past the
 * end). */
const lex_entry *lexicon_find_key(const lexicon *lx, uint64_t key);
const lex_entry *lexicon_at(const lexicon *lx, size_t i);
const char *lexicon_word(const lexicon *lx, uint32_t off);
size_t lexicon_size(const lexicon *lx);
/* Hash of an English concept (stem), as stored in lex_entry.concept. */
uint64_t lexicon_concept(const char *stem, size_t n);

#endif /* TD_LEXICON_H */
