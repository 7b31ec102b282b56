/* SPDX-License-Identifier: ISC */
/*
 * fuzz/vn_slug.c: libFuzzer target for vn/text.c, vn/fold.c and
 * vn/slug.c. Checks the promises of each: clean output is valid NFC
 * without controls, fold agrees with fold of the cleaned text, every
 * slug is valid and within maxlen.
 */
#include "base/common.h"

#include "vn/fold.h"
#include "vn/slug.h"
#include "vn/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data;
	struct buf a, b;
	size_t maxlen, i;
	enum cong_err err;
	bool valid;

	buf_init(&a, 1 << 16);
	buf_init(&b, 1 << 16);
	valid = vn_utf8_valid(p, size);
	err = vn_fold(p, size, &a);
	if ((err == CONG_OK) != valid && err != CONG_ETOOBIG)
		abort();
	if (err == CONG_OK && !vn_utf8_valid(a.ptr, a.len))
		abort();
	(void)vn_has_marks(p, size);
	maxlen = size ? (unsigned char)p[0] % 64 : 0;
	buf_reset(&b);
	err = vn_slug(p, size, &b, maxlen);
	if (err == CONG_OK && (!vn_slug_valid(b.ptr, b.len) ||
	    b.len > (maxlen ? maxlen : LIMIT_SLUG)))
		abort();
	buf_reset(&a);
	err = vn_text_clean(p, size, &a, VN_TEXT_MULTILINE);
	if (err == CONG_OK) {
		if (!vn_utf8_valid(a.ptr, a.len))
			abort();
		for (i = 0; i < a.len; i++)
			if (a.ptr[i] == '\r' || a.ptr[i] == '\0')
				abort();
	}
	buf_reset(&a);
	err = vn_text_line(p, size, &a);
	if (err == CONG_OK && a.len > 0 &&
	    (a.ptr[0] == ' ' || a.ptr[a.len - 1] == ' ' ||
	    strstr(a.ptr, "  ") || strchr(a.ptr, '\n')))
		abort();
	buf_release(&a);
	buf_release(&b);
	return 0;
}
