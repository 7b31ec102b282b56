/* SPDX-License-Identifier: ISC */
/*
 * buf.c: the string builder. Growth doubles, bounded by the cap, so that
 * appending n bytes costs amortised O(n).
 */
#include "base/buf.h"

#include <stdio.h>

char buf_empty[1];

void
buf_init(struct buf *b, size_t cap)
{
	b->ptr = buf_empty;
	b->len = 0;
	b->alloc = 0;
	b->cap = cap;
	b->overflow = false;
}

void
buf_release(struct buf *b)
{
	if (!b)
		return;
	if (b->alloc)
		free(b->ptr);
	buf_init(b, b->cap);
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->alloc)	/* buf_empty is shared by every thread: never written */
		b->ptr[0] = '\0';
	b->overflow = false;
}

char *
buf_detach(struct buf *b, size_t *len)
{
	char *p;

	if (len)
		*len = b->len;
	p = b->alloc ? b->ptr : xstrdup("");
	buf_init(b, b->cap);
	return p;
}

enum cong_err
buf_grow(struct buf *b, size_t n)
{
	size_t want, alloc;

	if (n > b->cap || b->len > b->cap - n) {
		b->overflow = true;
		return CONG_ETOOBIG;
	}
	want = b->len + n + 1;
	if (want <= b->alloc)
		return CONG_OK;
	alloc = b->alloc ? b->alloc : 64;
	while (alloc < want)
		alloc = alloc > SIZE_MAX / 2 ? want : alloc * 2;
	if (alloc > b->cap + 1)
		alloc = b->cap + 1;
	if (b->alloc) {
		b->ptr = xrealloc(b->ptr, alloc);
	} else {
		b->ptr = xmalloc(alloc);
		b->ptr[0] = '\0';
	}
	b->alloc = alloc;
	return CONG_OK;
}

enum cong_err
buf_add(struct buf *b, const void *p, size_t n)
{
	enum cong_err err;

	if (n == 0)
		return b->overflow ? CONG_ETOOBIG : CONG_OK;
	if ((err = buf_grow(b, n)))
		return err;
	memcpy(b->ptr + b->len, p, n);
	b->len += n;
	b->ptr[b->len] = '\0';
	return CONG_OK;
}

enum cong_err
buf_adds(struct buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}

enum cong_err
buf_addc(struct buf *b, char c)
{
	return buf_add(b, &c, 1);
}

enum cong_err
buf_vaddf(struct buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;
	enum cong_err err;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return CONG_EINVAL;
	if ((err = buf_grow(b, (size_t)n)))
		return err;
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return CONG_OK;
}

enum cong_err
buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	enum cong_err err;

	va_start(ap, fmt);
	err = buf_vaddf(b, fmt, ap);
	va_end(ap);
	return err;
}

enum cong_err
buf_addu(struct buf *b, uint64_t v)
{
	char tmp[20];
	size_t i = sizeof(tmp);

	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	return buf_add(b, tmp + i, sizeof(tmp) - i);
}

enum cong_err
buf_addi(struct buf *b, int64_t v)
{
	enum cong_err err;

	if (v >= 0)
		return buf_addu(b, (uint64_t)v);
	if ((err = buf_addc(b, '-')))
		return err;
	return buf_addu(b, (uint64_t)0 - (uint64_t)v);
}

void
buf_truncate(struct buf *b, size_t len)
{
	if (len >= b->len)
		return;
	b->len = len;
	b->ptr[len] = '\0';
}
