/* diag.h -- opening an input file and saying so when it fails.
 *
 * Every reader of a named file (gold and predictions in eval.c, pairs in
 * pair.c) reports a file it cannot open the same way: through the caller's
 * td_diag_fn, with the file name and the system's reason.
 */
#ifndef TD_DIAG_H
#define TD_DIAG_H

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "tidings.h"

/* fopen(path, "rb"); on failure report "cannot open: REASON" through fn
 * (may be NULL) and return NULL. */
static inline FILE *diag_fopen(const char *path, td_diag_fn fn, void *user)
{
    FILE *fp = fopen(path, "rb");
    if (!fp && fn) {
        char msg[160];
        snprintf(msg, sizeof msg, "cannot open: %s", strerror(errno));
        td_diag d = {TD_ERROR, TD_ERR_IO, path, 0, NULL, msg, 0};
        fn(user, &d);
    }
    return fp;
}

#endif /* TD_DIAG_H */
