/* SPDX-License-Identifier: ISC */
/*
 * http_params.c: libFuzzer target for http/params.c. The input is used
 * three ways: as a query string, as a raw request path, and through the
 * bare decoder. Beyond the sanitizers it checks the promises the header
 * makes: caps hold, decoded output is never longer than its input, a
 * failed call leaves its output as it was, and an accepted path has no
 * "." or ".." segment and no "//".
 */
#include "base/common.h"

#include <stdio.h>

#include "http/params.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(bool ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "invariant broken: %s\n", what);
		abort();
	}
}

static void
fuzz_params(const char *p, size_t n)
{
	struct http_params ps = HTTP_PARAMS_INIT;
	size_t i, len, total = 0;
	const char *v;

	if (http_params_parse(&ps, p, n) == CONG_OK) {
		check(ps.n <= LIMIT_QUERY_PARAMS, "pair cap");
		for (i = 0; i < ps.n; i++) {
			check(ps.v[i].value_len <= LIMIT_PARAM, "value cap");
			check(strlen(ps.v[i].name) == ps.v[i].name_len,
			    "name has no NUL");
			check(strlen(ps.v[i].value) == ps.v[i].value_len,
			    "value has no NUL");
			total += ps.v[i].name_len + ps.v[i].value_len;
		}
		check(total <= n, "decoded longer than input");
		if (ps.n) {
			v = http_params_get(&ps, ps.v[0].name, &len);
			check(v == ps.v[0].value && len == ps.v[0].value_len,
			    "get returns first");
			check(http_params_count(&ps, ps.v[0].name) >= 1,
			    "count sees first");
		}
	} else {
		check(ps.n == 0, "failed parse left pairs");
	}
	http_params_release(&ps);
}

static void
fuzz_path(const char *p, size_t n)
{
	struct buf b = BUF_INIT;
	size_t i, seg = 1;

	buf_adds(&b, "x");
	if (http_path_normalize(p, n, &b) != CONG_OK) {
		check(b.len == 1, "failed path left output");
		buf_release(&b);
		return;
	}
	check(b.len - 1 <= n && b.ptr[1] == '/', "path shape");
	for (i = 2; i <= b.len; i++) {
		if (i < b.len && b.ptr[i] != '/')
			continue;
		check(!mem_eq_str(b.ptr + seg + 1, i - seg - 1, "."),
		    "dot segment");
		check(!mem_eq_str(b.ptr + seg + 1, i - seg - 1, ".."),
		    "dotdot segment");
		check(i == b.len || i > seg + 1, "empty segment");
		seg = i;
	}
	check(!memchr(b.ptr, '\\', b.len), "backslash");
	buf_release(&b);
}

static void
fuzz_decode(const char *p, size_t n)
{
	struct buf b;

	buf_init(&b, 64);
	buf_adds(&b, "y");
	if (http_url_decode(p, n, &b, false) == CONG_OK)
		check(b.len - 1 <= n && strlen(b.ptr) == b.len, "decode");
	else
		check(b.len == 1, "failed decode left output");
	buf_release(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data;

	fuzz_params(p, size);
	fuzz_path(p, size);
	fuzz_decode(p, size);
	return 0;
}
