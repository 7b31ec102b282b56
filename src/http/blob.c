/* SPDX-License-Identifier: ISC */
/*
 * blob.c: prepared bodies. gzip through libdeflate (whole-buffer, three
 * times zlib's speed at a smaller size on our pages), brotli through its
 * one-shot encoder; a variant is kept only
 * when it saves at least 5% (else the identity bytes go out, smaller
 * work for the client). The ETag is a BLAKE2b-64 of the identity bytes,
 * so equal bodies have equal tags across restarts and across nodes.
 */
#include "base/common.h"
#include "base/buf.h"
#include "http/blob.h"
#include "vn/date.h"

#include <brotli/encode.h>
#include <sodium.h>
#include <libdeflate.h>
#include <strings.h>

#define COMPRESS_MIN 256
#define BEST_MAX (64u << 10)

/*
 * Both compressors write into at most cap bytes and fail when the output
 * would not fit: cap is what a variant must save. The result is cut to
 * its size, for a cached page keeps it: a buffer sized for the worst
 * case held twice the bytes the cache counted.
 */
static char *
gzip_bytes(const void *data, size_t len, int level, size_t cap,
    size_t *out_len)
{
	struct libdeflate_compressor *c = libdeflate_alloc_compressor(level);
	char *out;

	if (!c)
		return NULL;
	out = xmalloc(cap);
	*out_len = libdeflate_gzip_compress(c, data, len, out, cap);
	libdeflate_free_compressor(c);
	if (!*out_len) {
		free(out);
		return NULL;
	}
	return xrealloc(out, *out_len);
}

static char *
br_bytes(const void *data, size_t len, int quality, size_t cap,
    size_t *out_len)
{
	char *out = xmalloc(cap);

	*out_len = cap;
	if (!BrotliEncoderCompress(quality, BROTLI_DEFAULT_WINDOW,
	    BROTLI_MODE_TEXT, len, data, out_len, (uint8_t *)out)) {
		free(out);
		*out_len = 0;
		return NULL;
	}
	return xrealloc(out, *out_len);
}

char *
http_compress(enum http_enc e, const void *data, size_t len, unsigned flags,
    size_t *out_len)
{
	/*
	 * The highest levels (brotli 11 runs near 1 MB/s) only for small
	 * files: a stylesheet, not the newsroom editor's scripts, which
	 * would cost seconds of start-up. The lowest for a bulk export,
	 * where the time of the whole site counts.
	 */
	bool best = (flags & HTTP_BLOB_BEST) && len <= BEST_MAX;
	bool fast = flags & HTTP_BLOB_FAST;
	size_t cap = len / 100 * 95 + len % 100 * 95 / 100;	/* saves 5% */

	*out_len = 0;
	if (!(flags & HTTP_BLOB_COMPRESS) || len < COMPRESS_MIN)
		return NULL;
	if (e == HTTP_ENC_GZIP)
		return gzip_bytes(data, len, best ? 12 : fast ? 1 : 6, cap,
		    out_len);
	if (e == HTTP_ENC_BR)
		return br_bytes(data, len, best ? 11 : fast ? 0 : 5, cap,
		    out_len);
	return NULL;
}

struct http_blob *
http_blob_new(int status, const char *content_type,
    const char *cache_control, const void *data, size_t len,
    int64_t last_modified, unsigned flags)
{
	struct http_blob *b = xcalloc(1, sizeof(*b));
	unsigned char h[8];
	char hex[17];
	struct buf lm;
	enum http_enc e;

	atomic_init(&b->refs, 1);
	b->status = status;
	b->content_type = xstrdup(content_type);
	b->cache_control = xstrdup(cache_control);
	b->v[HTTP_ENC_IDENTITY].data = xmemdup(data, len ? len : 1);
	b->v[HTTP_ENC_IDENTITY].len = len;
	crypto_generichash(h, sizeof(h), data, len, NULL, 0);
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	memcpy(b->etag, "\"", 1);
	memcpy(b->etag + 1, hex, 16);
	memcpy(b->etag + 17, "\"", 2);
	b->last_modified = last_modified;
	if (last_modified) {
		buf_init(&lm, sizeof(b->last_modified_http) - 1);
		vn_date_format(&lm, last_modified, VN_DATE_HTTP);
		memcpy(b->last_modified_http, lm.ptr, lm.len + 1);
		buf_release(&lm);
	}
	for (e = HTTP_ENC_GZIP; e < HTTP_ENC__MAX; e++)
		b->v[e].data = http_compress(e, data, len, flags, &b->v[e].len);
	return b;
}

void
http_blob_set_extra(struct http_blob *b, const char *name, const char *value)
{
	free(b->extra_name);
	free(b->extra_value);
	b->extra_name = xstrdup(name);
	b->extra_value = xstrdup(value);
}

void
http_blob_ref(struct http_blob *b)
{
	atomic_fetch_add(&b->refs, 1);
}

void
http_blob_unref(struct http_blob *b)
{
	int i;

	if (!b || atomic_fetch_sub(&b->refs, 1) != 1)
		return;
	for (i = 0; i < HTTP_ENC__MAX; i++)
		free(b->v[i].data);
	free(b->content_type);
	free(b->cache_control);
	free(b->extra_name);
	free(b->extra_value);
	free(b);
}

const char *
http_enc_name(enum http_enc e)
{
	return e == HTTP_ENC_GZIP ? "gzip" : e == HTTP_ENC_BR ? "br" : NULL;
}

size_t
http_blob_size(const struct http_blob *b)
{
	size_t n = sizeof(*b);
	int i;

	for (i = 0; i < HTTP_ENC__MAX; i++)
		n += b->v[i].data ? b->v[i].len : 0;
	return n;
}

/*
 * Whether a coding is accepted: present as a token and not with q=0
 * (RFC 9110 §12.5.3). "*" accepts what is not named.
 */
static bool
accepts(const char *p, size_t n, const char *coding)
{
	size_t cl = strlen(coding), i = 0;
	bool star = false, named = false, ok = false;

	while (i < n) {
		size_t s, e, q;
		bool zero = false;

		while (i < n && (p[i] == ' ' || p[i] == ',' || p[i] == '\t'))
			i++;
		s = i;
		while (i < n && p[i] != ',' && p[i] != ';' && p[i] != ' ')
			i++;
		e = i;
		while (i < n && p[i] != ',') {
			if (p[i] == 'q' && i + 1 < n && p[i + 1] == '=') {
				q = i + 2;
				zero = q < n && p[q] == '0';
				while (zero && ++q < n && p[q] != ',')
					if (p[q] != '0' && p[q] != '.' &&
					    p[q] != ' ')
						zero = false;
			}
			i++;
		}
		if (e - s == cl && strncasecmp(p + s, coding, cl) == 0) {
			named = true;
			ok = !zero;
		} else if (e - s == 1 && p[s] == '*') {
			star = !zero;
		}
	}
	return named ? ok : star;
}

enum http_enc
http_blob_pick(const struct http_blob *b, const char *accept, size_t len)
{
	if (!accept || !len)
		return HTTP_ENC_IDENTITY;
	if (b->v[HTTP_ENC_BR].data && accepts(accept, len, "br"))
		return HTTP_ENC_BR;
	if (b->v[HTTP_ENC_GZIP].data && accepts(accept, len, "gzip"))
		return HTTP_ENC_GZIP;
	return HTTP_ENC_IDENTITY;
}

bool
http_blob_etag_match(const struct http_blob *b, const char *inm, size_t len)
{
	size_t i = 0;

	while (i < len) {
		size_t s;

		while (i < len && (inm[i] == ' ' || inm[i] == ','))
			i++;
		if (i < len && inm[i] == '*')
			return true;
		if (i + 2 < len && inm[i] == 'W' && inm[i + 1] == '/')
			i += 2;
		s = i;
		while (i < len && inm[i] != ',' && inm[i] != ' ')
			i++;
		if (i - s == 18 && memcmp(inm + s, b->etag, 18) == 0)
			return true;
	}
	return false;
}
