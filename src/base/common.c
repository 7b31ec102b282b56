/* SPDX-License-Identifier: ISC */
/*
 * common.c: allocation wrappers and error names.
 */
#include "base/common.h"

#include <stdio.h>

static const char *const err_names[CONG_E__MAX] = {
	[CONG_OK] = "ok",
	[CONG_ENOMEM] = "out of memory",
	[CONG_ETOOBIG] = "too big",
	[CONG_EINVAL] = "invalid input",
	[CONG_EPARSE] = "parse error",
	[CONG_ENOTFOUND] = "not found",
	[CONG_EEXIST] = "already exists",
	[CONG_EPERM] = "not permitted",
	[CONG_EIO] = "i/o error",
	[CONG_EDB] = "database error",
	[CONG_EUNAVAIL] = "unavailable",
	[CONG_ECONFLICT] = "conflict",
};

const char *
cong_strerror(enum cong_err err)
{
	if ((unsigned)err >= CONG_E__MAX || !err_names[err])
		return "unknown error";
	return err_names[err];
}

static void
die_oom(size_t n)
{
	fprintf(stderr, "cong: out of memory allocating %zu bytes\n", n);
	abort();
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		die_oom(n);
	return p;
}

void *
xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (!p)
		die_oom(nmemb * size);
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		die_oom(n);
	return q;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *p = xmalloc(len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

void *
xmemdup(const void *p, size_t n)
{
	void *q = xmalloc(n);

	if (n)
		memcpy(q, p, n);
	return q;
}
