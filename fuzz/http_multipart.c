/* SPDX-License-Identifier: ISC */
/*
 * http_multipart.c: libFuzzer target for http/multipart.c. The input's
 * first line is the Content-Type header and the rest the body, each
 * copied to an exact-size heap block so ASan sees any read past its end.
 * Beyond the sanitizers it checks: the part cap holds, every part has a
 * non-empty name, data lies inside the body and in order, and a failed
 * parse leaves nothing behind. The header line also goes through
 * http_content_type_param() on its own.
 */
#include "base/common.h"

#include <stdio.h>

#include "http/multipart.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(bool ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "invariant broken: %s\n", what);
		abort();
	}
}

static char *
copy_exact(const uint8_t *p, size_t n)
{
	char *c = xmalloc(n ? n : 1);

	memcpy(c, p, n);
	return c;
}

static void
fuzz_parse(const char *ct, size_t ct_len, const char *body, size_t n)
{
	struct http_multipart m;
	const char *prev_end = body;
	size_t i;

	if (http_multipart_parse(ct, ct_len, body, n, &m) != CONG_OK) {
		check(m.parts == NULL && m.n == 0, "failed parse left parts");
		return;
	}
	check(m.n <= HTTP_MULTIPART_MAX_PARTS, "part cap");
	for (i = 0; i < m.n; i++) {
		check(m.parts[i].name && *m.parts[i].name, "part name");
		check(m.parts[i].data >= prev_end &&
		    m.parts[i].data + m.parts[i].len <= body + n,
		    "data inside body, in order");
		prev_end = m.parts[i].data + m.parts[i].len;
	}
	http_multipart_release(&m);
}

static void
fuzz_ct_param(const char *ct, size_t ct_len)
{
	struct buf b;

	buf_init(&b, 128);
	buf_adds(&b, "z");
	if (http_content_type_param(ct, ct_len, "boundary", &b) == CONG_OK)
		check(b.len - 1 <= ct_len, "param shorter than header");
	else
		check(b.len == 1, "failed lookup left output");
	buf_release(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	size_t ct_len = nl ? (size_t)(nl - data) : size;
	size_t n = nl ? size - ct_len - 1 : 0;
	char *ct, *body;

	ct = copy_exact(data, ct_len);
	body = copy_exact(data + size - n, n);
	fuzz_parse(ct, ct_len, body, n);
	fuzz_ct_param(ct, ct_len);
	free(body);
	free(ct);
	return 0;
}
