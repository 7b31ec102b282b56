/* SPDX-License-Identifier: ISC */
/*
 * blob.h: a response body prepared once and sent many times: the bytes,
 * their gzip and brotli variants (kept only when smaller), a strong ETag
 * over the identity bytes, and the headers that go with them. Static
 * files and cached pages are blobs; sending one costs no allocation but
 * h2o's header list.
 *
 * A blob is immutable after http_blob_new() and reference-counted, so a
 * loop can send it while another thread drops it from a cache.
 */
#ifndef CONG_HTTP_BLOB_H
#define CONG_HTTP_BLOB_H

#include <stdatomic.h>

#include "base/common.h"

enum http_enc { HTTP_ENC_IDENTITY, HTTP_ENC_GZIP, HTTP_ENC_BR, HTTP_ENC__MAX };

struct http_blob {
	atomic_int refs;
	int status;
	char *content_type;
	char *cache_control;
	char etag[24];			/* "\"" + 16 hex + "\"" */
	int64_t last_modified;		/* unix seconds, 0 = none */
	char last_modified_http[40];	/* IMF-fixdate */
	char *extra_name;		/* one more header, or NULL */
	char *extra_value;
	struct {
		char *data;
		size_t len;
	} v[HTTP_ENC__MAX];		/* NULL data: variant not kept */
};

enum http_blob_flags {
	HTTP_BLOB_COMPRESS = 1 << 0,	/* make gzip and br variants */
	HTTP_BLOB_BEST = 1 << 1,	/* highest levels (static files) */
	HTTP_BLOB_FAST = 1 << 2,	/* low levels (bulk export) */
};

/*
 * Makes a blob from len bytes (copied). Compression runs when flags ask
 * for it and the body is at least 256 bytes. Returns with one reference.
 */
struct http_blob *http_blob_new(int status, const char *content_type,
    const char *cache_control, const void *data, size_t len,
    int64_t last_modified, unsigned flags);
/*
 * The bytes of one encoding (gzip or br) of len bytes, at the levels flags
 * choose (HTTP_BLOB_COMPRESS required), to free(); NULL when the body is
 * under 256 bytes or the encoding saves less than 5%. Blobs are made
 * with it; `cong export` calls it alone, where no blob is needed.
 */
char *http_compress(enum http_enc e, const void *data, size_t len,
    unsigned flags, size_t *out_len);
/* Adds one header (e.g. location) sent with the blob. */
void http_blob_set_extra(struct http_blob *b, const char *name,
    const char *value);
void http_blob_ref(struct http_blob *b);
/* Drops a reference; the last one frees. NULL is fine. */
void http_blob_unref(struct http_blob *b);

/*
 * The variant to send for an Accept-Encoding header value (may be NULL):
 * br if accepted and kept, else gzip, else identity. q=0 refuses.
 */
enum http_enc http_blob_pick(const struct http_blob *b, const char *accept,
    size_t len);
/* "gzip", "br" or NULL for identity. */
const char *http_enc_name(enum http_enc e);
/* Total bytes held (for the cache's memory bound). */
size_t http_blob_size(const struct http_blob *b);

/* True when an If-None-Match header value matches the blob's ETag. */
bool http_blob_etag_match(const struct http_blob *b, const char *inm,
    size_t len);

#endif
