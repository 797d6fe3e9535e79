/* hash.h -- 64-bit string hashing shared by the hash tables.
 *
 * FNV-1a over the bytes, finished with a 64-bit mixer so that the low bits
 * (used for table slots) depend on every input byte. Term identity in the
 * engine is the 64-bit hash (see vocab.h): at 10^7 distinct terms the
 * chance of any collision is about 3e-6.
 */
#ifndef TD_HASH_H
#define TD_HASH_H

#include <stddef.h>
#include <stdint.h>

static inline uint64_t hash_mix(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 33;
    return h;
}

static inline uint64_t hash_bytes(const void *p, size_t n, uint64_t seed)
{
    const unsigned char *s = (const unsigned char *)p;
    uint64_t h = 1469598103934665603ull ^ seed;
    for (size_t i = 0; i < n; i++)
        h = (h ^ s[i]) * 1099511628211ull;
    return hash_mix(h);
}

#endif /* TD_HASH_H */
