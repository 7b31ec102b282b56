/* SPDX-License-Identifier: ISC */
/*
 * http_cookie.c: libFuzzer target for http/cookie.c. The input's first
 * line is a cookie name and the rest a Cookie header. The header is read
 * from an exact-size heap copy, so ASan sees any read past n. Then the
 * name and the header bytes are fed to the Set-Cookie writer as name and
 * value, and what it accepts must read back unchanged.
 */
#include "base/common.h"

#include <stdio.h>

#include "http/cookie.h"

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
fuzz_get(const char *name, const char *h, size_t n)
{
	const char *v = NULL;
	size_t len = 0;
	enum cong_err err;

	err = http_cookie_get(h, n, name, &v, &len);
	if (err == CONG_OK)
		check(v >= h && len <= n && v + len <= h + n,
		    "value in header");
	else
		check(err == CONG_ENOTFOUND || (err == CONG_EINVAL && !*name),
		    "get error");
	http_cookie_get(h, n, "sid", &v, &len);
}

static void
fuzz_format(const char *name, const char *value, uint8_t flags)
{
	struct http_cookie_attrs a = { name, value, -1, NULL, false, false,
	    HTTP_SAMESITE_LAX };
	struct buf b = BUF_INIT;
	const char *v = NULL;
	size_t len = 0;

	a.max_age = flags & 1 ? 0 : flags & 2 ? 86400 : -1;
	a.path = flags & 4 ? "/" : NULL;
	a.secure = flags & 8;
	a.http_only = flags & 16;
	a.same_site = (enum http_samesite)((flags >> 5) % 3);
	if (http_cookie_format(&b, &a) != CONG_OK) {
		check(b.len == 0, "failed format left output");
		buf_release(&b);
		return;
	}
	check(strlen(b.ptr) == b.len && !memchr(b.ptr, '\n', b.len),
	    "one header line");
	check(http_cookie_get(b.ptr, b.len, name, &v, &len) == CONG_OK,
	    "written cookie found");
	check(len == strlen(value) && memcmp(v, value, len) == 0,
	    "written cookie reads back");
	buf_release(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	size_t name_n = nl ? (size_t)(nl - data) : 0;
	size_t rest = nl ? size - name_n - 1 : size;
	char *name, *h, *value;

	name = xstrndup((const char *)data, name_n);
	h = xmalloc(rest ? rest : 1);
	memcpy(h, data + size - rest, rest);
	fuzz_get(name, h, rest);
	value = xstrndup(h, rest);
	fuzz_format(name, value, size ? data[0] : 0);
	free(value);
	free(h);
	free(name);
	return 0;
}
