/* SPDX-License-Identifier: ISC */
/*
 * buf.h: the one string builder. A struct buf is always NUL-terminated,
 * knows its length, and never grows past the cap it was given at init.
 * An append that would pass the cap appends nothing, returns CONG_ETOOBIG
 * and sets the sticky flag b->overflow, so a long run of appends can be
 * checked once at the end with buf_ok().
 *
 * Ownership: the buf owns ptr until buf_detach() hands it to the caller
 * (free() it). buf_release() frees and resets; it takes NULL calmly.
 */
#ifndef CONG_BASE_BUF_H
#define CONG_BASE_BUF_H

#include <stdarg.h>

#include "base/common.h"

struct buf {
	char *ptr;	/* never NULL; points at buf_empty until first growth */
	size_t len;	/* bytes before the terminating NUL */
	size_t alloc;	/* bytes allocated, 0 while ptr == buf_empty */
	size_t cap;	/* most bytes len may reach */
	bool overflow;	/* an append was refused for the cap */
};

extern char buf_empty[1];

/* Default cap of BUF_INIT: one rendered page. */
#define BUF_CAP_DEFAULT LIMIT_PAGE
#define BUF_INIT { buf_empty, 0, 0, BUF_CAP_DEFAULT, false }

/* Initialises b empty with the given cap (bytes of content). */
void buf_init(struct buf *b, size_t cap);
/* Frees the memory and re-initialises with the same cap. NULL is fine. */
void buf_release(struct buf *b);
/* Empties b, keeping its memory and cap, and clears overflow. */
void buf_reset(struct buf *b);
/*
 * Hands the bytes to the caller (malloc'd, NUL-terminated; never NULL)
 * and leaves b empty. *len, if not NULL, receives the length.
 */
char *buf_detach(struct buf *b, size_t *len);

/* Makes room for n more bytes. CONG_ETOOBIG past the cap. */
enum cong_err buf_grow(struct buf *b, size_t n);
enum cong_err buf_add(struct buf *b, const void *p, size_t n);
enum cong_err buf_adds(struct buf *b, const char *s);
enum cong_err buf_addc(struct buf *b, char c);
enum cong_err buf_addf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
enum cong_err buf_vaddf(struct buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Appends the decimal form of v. */
enum cong_err buf_addu(struct buf *b, uint64_t v);
enum cong_err buf_addi(struct buf *b, int64_t v);
/* Shortens to len (no-op if len >= b->len). */
void buf_truncate(struct buf *b, size_t len);

/* True while no append was refused. */
static inline bool
buf_ok(const struct buf *b)
{
	return !b->overflow;
}

#endif
