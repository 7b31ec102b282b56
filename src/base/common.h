/* SPDX-License-Identifier: ISC */
/*
 * common.h: included first by every .c file of cong. Feature macros, the
 * standard headers everything uses, the error type, caps, the allocation
 * wrappers, and banned.h last.
 */
#ifndef CONG_BASE_COMMON_H
#define CONG_BASE_COMMON_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/limits.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define UNUSED(x) ((void)(x))

/*
 * xmalloc and friends abort on out-of-memory. That is acceptable only
 * because user-sized data never reaches them unchecked (see limits.h).
 * xstrndup copies at most n bytes and always NUL-terminates.
 */
void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
void *xmemdup(const void *p, size_t n);

/* Bytes equal to a NUL-terminated literal, for length-known strings. */
static inline bool
mem_eq_str(const char *p, size_t n, const char *lit)
{
	size_t l = strlen(lit);

	return n == l && memcmp(p, lit, l) == 0;
}

#include "base/banned.h"

#endif
