/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target for render/sanitize.c. Each input is sanitized with
 * both image policies; the output, parsed again, must hold only
 * allowlisted and harmless markup and must be a fixed point of the
 * sanitizer; sanitize_text() runs on it too. A call into a small buf must
 * either succeed or fail with CONG_ETOOBIG and leave the buf as it was.
 * Any violation aborts with "invariant broken: ...". The checker is the
 * one of the outside suites, included from
 * tests/unit/render/sanitize_suites.c.
 *
 *	clang -std=c17 -D_GNU_SOURCE -Isrc -fsanitize=fuzzer,address,undefined \
 *	    -g -O1 fuzz/sanitize.c src/render/sanitize.c src/base/buf.c \
 *	    src/base/common.c $(pkg-config --cflags --libs gumbo) -o /tmp/fz_san
 *	mkdir -p /tmp/fz_san.new
 *	/tmp/fz_san -max_total_time=120 /tmp/fz_san.new fuzz/corpus/sanitize
 */
#define SANITIZE_SUITES_NO_MAIN 1
#include "../tests/unit/render/sanitize_suites.c"
#include "vn/text.h"

#define FUZZ_SMALL_CAP	64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
broken(const char *what)
{
	fprintf(stderr, "invariant broken: %s\n", what);
	abort();
}

/* A failed call leaves out as it was: content, length and flag. */
static void
check_small_cap(const char *in, size_t n)
{
	struct sanitize_opts o = { CHECK_MEDIA_PREFIX, 0 };
	struct buf b;
	enum cong_err err;

	buf_init(&b, FUZZ_SMALL_CAP);
	buf_adds(&b, "keep");
	err = sanitize_html(in, n, &o, &b);
	if (err != CONG_OK && (err != CONG_ETOOBIG ||
	    strcmp(b.ptr, "keep") != 0 || !buf_ok(&b)))
		broken("failed sanitize_html changed its output");
	if (b.len > FUZZ_SMALL_CAP)
		broken("sanitize_html passed the cap");
	buf_reset(&b);
	buf_adds(&b, "keep");
	err = sanitize_text(in, n, &b);
	if (err != CONG_OK && (err != CONG_ETOOBIG ||
	    strcmp(b.ptr, "keep") != 0 || !buf_ok(&b)))
		broken("failed sanitize_text changed its output");
	buf_release(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char why[600];

	if (size > LIMIT_BODY)
		return 0;
	/*
	 * Bodies reach the sanitizer only through vn_text_clean(), which
	 * refuses invalid UTF-8; such inputs are run for memory safety
	 * alone (gumbo turns each bad byte into U+FFFD, so the output is
	 * not a fixed point byte for byte).
	 */
	if (!vn_utf8_valid((const char *)data, size)) {
		struct sanitize_opts o = { "/media/", 0 };
		struct buf out = BUF_INIT;

		sanitize_html((const char *)data, size, &o, &out);
		buf_release(&out);
		return 0;
	}
	if (!check_payload((const char *)data, size, why, sizeof(why)))
		broken(why);
	check_small_cap((const char *)data, size);
	return 0;
}
