/* places.h -- country, region and city names in many languages, to one id.
 *
 * Built from ICU's CLDR display names (the short names news uses:
 * "Rusland", "Russland", "Россия", "روسيا") for every ISO 3166 region in
 * 40 languages, the iso-codes country catalogues and the GeoNames city
 * catalogues (places.c: "Den Haag", "Гаага", "The Hague" -> g2747373). A name is found by its case- and
 * diacritic-folded form ("verenigde staten" -> US); a one-word name also by
 * its name key (names.h), so inflected forms match ("Германии" -> DE). The
 * table is built once and is read-only afterwards: threads may share it.
 */
#ifndef TD_PLACES_H
#define TD_PLACES_H

#include <stddef.h>
#include "td_config.h"
#include "uni.h"

typedef struct places places;

/* Bytes of a place id with its NUL: a region code ("RU") or "g" and a
 * GeoNames city id ("g2747373"). */
#define PLACES_CODE 12

places *places_new(uni_ctx *u);
/* The same from these iso-codes and locale directories (NULL: without
 * that source); places_new uses Debian's. */
places *places_new_from(uni_ctx *u, const char *iso_json, const char *locale_dir);

/* Save the table to path / load it back (a flat file: "TDPL", version,
 * slot count, then the slots). Built once at build time so that an engine
 * starts without asking ICU for 10,000 names. save: 0 or -1; load: NULL
 * when the file is missing or not a table of this version. */
int places_save(const places *p, const char *path);
places *places_load(const char *path);
void places_free(places *p); /* NULL is a no-op */

/* The region code ("RU") of the folded name s[0..n), or NULL. */
const char *places_find(const places *p, const char *folded, size_t n);
/* The same by name key (names_key of a one-word name) and the folded name
 * itself, whose first letters must be those of the region's name. */
const char *places_find_key(const places *p, const char *key, size_t n, const char *folded,
                            size_t fn);
size_t places_size(const places *p);

#endif /* TD_PLACES_H */
