/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for http/blob.c: every variant a blob keeps decodes to the
 * identity bytes (gzip with zlib, brotli with its own decoder, neither of
 * them the encoder under test), variants are kept only when they save,
 * the ETag follows the bytes, and Last-Modified is an IMF-fixdate.
 */
#include "base/common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <cmocka.h>
#include <brotli/decode.h>
#include <zlib.h>

#include "base/buf.h"
#include "http/blob.h"

/* A page-like body: Vietnamese markup that repeats as real pages do. */
static void
page_body(struct buf *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		buf_addf(b, "<li><a href=\"/tin-tuc/bai-%zu\">Tin số %zu: "
		    "Hội nghị tổng kết công tác năm của huyện Kiên Lương"
		    "</a></li>\n", i * 7919 % 1000, i);
	assert_true(buf_ok(b));
}

static void
assert_gunzips_to(const char *z, size_t zlen, const char *want, size_t len)
{
	z_stream s;
	char *out = malloc(len + 1);

	memset(&s, 0, sizeof(s));
	assert_int_equal(inflateInit2(&s, 15 + 16), Z_OK);
	s.next_in = (Bytef *)z;
	s.avail_in = (uInt)zlen;
	s.next_out = (Bytef *)out;
	s.avail_out = (uInt)len + 1;
	assert_int_equal(inflate(&s, Z_FINISH), Z_STREAM_END);
	assert_int_equal(s.total_out, len);
	assert_memory_equal(out, want, len);
	inflateEnd(&s);
	free(out);
}

static void
assert_unbrotlis_to(const char *z, size_t zlen, const char *want, size_t len)
{
	size_t outlen = len + 1;
	char *out = malloc(outlen);

	assert_int_equal(BrotliDecoderDecompress(zlen, (const uint8_t *)z,
	    &outlen, (uint8_t *)out), BROTLI_DECODER_RESULT_SUCCESS);
	assert_int_equal(outlen, len);
	assert_memory_equal(out, want, len);
	free(out);
}

/* Each level set: both variants kept, both decode to the page. */
static void
variants_decode(void **state)
{
	static const unsigned flags[] = { HTTP_BLOB_COMPRESS,
		HTTP_BLOB_COMPRESS | HTTP_BLOB_FAST,
		HTTP_BLOB_COMPRESS | HTTP_BLOB_BEST };
	struct buf body = BUF_INIT;
	size_t i, size[ARRAY_SIZE(flags)][HTTP_ENC__MAX];

	(void)state;
	page_body(&body, 300);
	for (i = 0; i < ARRAY_SIZE(flags); i++) {
		struct http_blob *b = http_blob_new(200, "text/html", "",
		    body.ptr, body.len, 0, flags[i]);

		assert_int_equal(b->v[HTTP_ENC_IDENTITY].len, body.len);
		assert_memory_equal(b->v[HTTP_ENC_IDENTITY].data, body.ptr,
		    body.len);
		assert_non_null(b->v[HTTP_ENC_GZIP].data);
		assert_non_null(b->v[HTTP_ENC_BR].data);
		assert_gunzips_to(b->v[HTTP_ENC_GZIP].data,
		    b->v[HTTP_ENC_GZIP].len, body.ptr, body.len);
		assert_unbrotlis_to(b->v[HTTP_ENC_BR].data,
		    b->v[HTTP_ENC_BR].len, body.ptr, body.len);
		size[i][HTTP_ENC_GZIP] = b->v[HTTP_ENC_GZIP].len;
		size[i][HTTP_ENC_BR] = b->v[HTTP_ENC_BR].len;
		/* a repetitive page shrinks to well under a quarter */
		assert_true(size[i][HTTP_ENC_GZIP] * 4 < body.len);
		assert_true(size[i][HTTP_ENC_BR] * 4 < body.len);
		http_blob_unref(b);
	}
	/* the best levels are never larger than the fast ones */
	assert_true(size[2][HTTP_ENC_GZIP] <= size[1][HTTP_ENC_GZIP]);
	assert_true(size[2][HTTP_ENC_BR] <= size[1][HTTP_ENC_BR]);
	buf_release(&body);
}

/* No compression asked, a body under 256 bytes, bytes that do not
 * shrink by 5%: identity only. */
static void
variants_only_when_they_save(void **state)
{
	struct buf body = BUF_INIT;
	struct http_blob *b;
	uint32_t x = 2463534242u;
	size_t i;

	(void)state;
	page_body(&body, 50);
	b = http_blob_new(200, "text/html", "", body.ptr, body.len, 0, 0);
	assert_null(b->v[HTTP_ENC_GZIP].data);
	assert_null(b->v[HTTP_ENC_BR].data);
	http_blob_unref(b);

	b = http_blob_new(200, "text/html", "", body.ptr, 255, 0,
	    HTTP_BLOB_COMPRESS);
	assert_null(b->v[HTTP_ENC_GZIP].data);
	assert_null(b->v[HTTP_ENC_BR].data);
	assert_int_equal(b->v[HTTP_ENC_IDENTITY].len, 255);
	http_blob_unref(b);

	buf_reset(&body);
	for (i = 0; i < 8192; i++) {	/* xorshift: no redundancy */
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		buf_add(&body, &x, 1);
	}
	b = http_blob_new(200, "image/jpeg", "", body.ptr, body.len, 0,
	    HTTP_BLOB_COMPRESS);
	assert_null(b->v[HTTP_ENC_GZIP].data);
	assert_null(b->v[HTTP_ENC_BR].data);
	http_blob_unref(b);
	buf_release(&body);
}

/* Equal bytes, equal tag (across blobs, levels and restarts); other
 * bytes, another tag. */
static void
etag_follows_bytes(void **state)
{
	struct http_blob *a, *b, *c;

	(void)state;
	a = http_blob_new(200, "text/html", "", "xin chào", 9, 0, 0);
	b = http_blob_new(200, "text/plain", "no-store", "xin chào", 9, 0,
	    HTTP_BLOB_COMPRESS | HTTP_BLOB_BEST);
	c = http_blob_new(200, "text/html", "", "xin chao", 8, 0, 0);
	assert_string_equal(a->etag, b->etag);
	assert_string_not_equal(a->etag, c->etag);
	assert_int_equal(strlen(a->etag), 18);
	assert_int_equal(a->etag[0], '"');
	assert_int_equal(a->etag[17], '"');
	assert_string_equal(b->cache_control, "no-store");
	http_blob_unref(a);
	http_blob_unref(b);
	http_blob_unref(c);
}

static void
last_modified_fixdate(void **state)
{
	struct http_blob *b;

	(void)state;
	/* 2019-07-18 15:54 in Hà Nội is 08:54 GMT */
	b = http_blob_new(200, "text/html", "", "x", 1, 1563440040, 0);
	assert_int_equal(b->last_modified, 1563440040);
	assert_string_equal(b->last_modified_http,
	    "Thu, 18 Jul 2019 08:54:00 GMT");
	http_blob_unref(b);
	b = http_blob_new(200, "text/html", "", "x", 1, 0, 0);
	assert_string_equal(b->last_modified_http, "");
	http_blob_unref(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(variants_decode),
		cmocka_unit_test(variants_only_when_they_save),
		cmocka_unit_test(etag_follows_bytes),
		cmocka_unit_test(last_modified_fixdate),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
