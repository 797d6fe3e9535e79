/* tok.h -- word tokens with case, sentence and number information.
 *
 * Wraps uni_words(): each word is case-folded (diacritics kept: stemmers
 * want them), classified, and reported to a callback. Apostrophes are
 * resolved the way news text uses them: "l'Élysée" -> "élysée",
 * "Putin's" -> "putin", "Putin'in" -> "putin" (a short suffix after a
 * name is an inflection), "don't" -> "don't". Numbers are folded to ASCII
 * digits with separators removed ("1.000" -> "1000", "١٢" -> "12") but
 * keep their surface for date parsing. No allocation per token: the tok
 * passed to the callback is borrowed for the call.
 */
#ifndef TD_TOK_H
#define TD_TOK_H

#include <stddef.h>
#include "td_config.h"
#include "td_limits.h"
#include "uni.h"

enum {
    TOK_CAP = 1 << 0,        /* first letter upper case */
    TOK_ALLCAPS = 1 << 1,    /* two or more letters, all upper case */
    TOK_NUM = 1 << 2,        /* a number (fold holds its digits) */
    TOK_IDEO = 1 << 3,       /* Han/Kana/Thai... segment */
    TOK_SENT_START = 1 << 4, /* first word of a sentence */
    TOK_PARA_START = 1 << 5, /* first word of a paragraph */
    TOK_ORDINAL = 1 << 6,    /* number with an ordinal suffix: 17th, 1er */
    TOK_HAS_DIGIT = 1 << 7   /* contains a digit (MI6, G7) */
};

typedef struct tok {
    const char *surf; /* the word in the text */
    size_t surf_len;
    const char *fold; /* case-folded (NUL-terminated) */
    size_t fold_len;
    size_t start, end; /* byte offsets of surf in the text */
    unsigned flags;
    unsigned index;    /* 0-based word number */
    unsigned para;     /* 0-based paragraph number */
} tok;

typedef int (*tok_fn)(void *user, const tok *t);

/* Tokenize text[0..n). Stops after TD_MAX_TOKENS_PER_DOC tokens. Returns 0
 * or the first non-zero callback result. */
int tok_run(uni_ctx *u, const char *text, size_t n, tok_fn fn, void *user);

#endif /* TD_TOK_H */
