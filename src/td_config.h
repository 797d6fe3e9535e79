/* td_config.h -- feature-test macros and compiler attributes.
 *
 * Included first by every .c file of the engine so that the POSIX feature
 * level is the same everywhere, and so that TD_MUST_CHECK / TD_INTERNAL
 * mean the same thing in every module.
 */
#ifndef TD_CONFIG_H
#define TD_CONFIG_H

#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE 1
#endif

#if defined(__GNUC__)
#define TD_MUST_CHECK __attribute__((warn_unused_result))
#define TD_INTERNAL __attribute__((visibility("hidden")))
#define TD_PRINTF(a, b) __attribute__((format(printf, a, b)))
#define TD_UNUSED __attribute__((unused))
#else
#define TD_MUST_CHECK
#define TD_INTERNAL
#define TD_PRINTF(a, b)
#define TD_UNUSED
#endif

#define TD_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define TD_MIN(a, b) ((a) < (b) ? (a) : (b))
#define TD_MAX(a, b) ((a) > (b) ? (a) : (b))

#endif /* TD_CONFIG_H */
