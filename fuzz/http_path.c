/* SPDX-License-Identifier: ISC */
/*
 * fuzz/http_path.c: libFuzzer target for http_path_normalize in
 * http/params.c, the gate between a request target and the router,
 * the static files and /media/. Checks what params.h promises: an
 * accepted path starts with '/', has no control byte, backslash, empty
 * segment, "." or ".." segment after decoding, is no longer than its
 * input; a refused one leaves out as it was.
 */
#include "base/common.h"

#include "http/params.h"

#include <stdio.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
invariant(bool ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "invariant broken: %s\n", what);
		abort();
	}
}

static void
check_segments(const char *p, size_t n)
{
	size_t i, start = 1;

	invariant(n >= 1 && p[0] == '/', "starts with '/'");
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];

		invariant(c >= 0x20 && c != 0x7f && c != '\\',
		    "control byte or backslash");
	}
	for (i = 1; i <= n; i++) {
		size_t len;

		if (i < n && p[i] != '/')
			continue;
		len = i - start;
		/* an empty segment only as the single trailing slash */
		invariant(len > 0 || i == n, "empty segment");
		invariant(!(len == 1 && p[start] == '.') &&
		    !(len == 2 && p[start] == '.' && p[start + 1] == '.'),
		    "dot segment");
		start = i + 1;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data;
	struct buf out;
	size_t cap, before;
	enum cong_err err;

	/* a small cap now and then, to walk the ETOOBIG paths */
	cap = size && (data[0] & 1) ? 1 + size / 2 : LIMIT_URL * 2;
	buf_init(&out, cap);
	buf_adds(&out, "x");
	before = out.len;
	err = http_path_normalize(p, size, &out);
	if (err) {
		invariant(out.len == before && out.ptr[before] == '\0',
		    "refused path left output behind");
	} else {
		invariant(out.len - before <= size, "output longer than input");
		invariant(strlen(out.ptr) == out.len, "NUL inside the path");
		check_segments(out.ptr + before, out.len - before);
		invariant(size <= LIMIT_URL, "accepted a path over LIMIT_URL");
	}
	buf_release(&out);
	return 0;
}
