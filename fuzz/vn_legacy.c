/* SPDX-License-Identifier: ISC */
/*
 * fuzz/vn_legacy.c: libFuzzer target for vn/legacy.c. Runs detection,
 * every decoder and the cp1252-view repair over arbitrary bytes, and
 * checks that whatever comes out is well-formed UTF-8 within the cap.
 */
#include "base/common.h"

#include "vn/legacy.h"
#include "vn/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data;
	struct buf out;
	enum vn_enc enc, found;
	enum cong_err err;
	int e;

	buf_init(&out, 4096);
	enc = vn_legacy_detect(p, size);
	if ((unsigned)enc >= VN_ENC__MAX)
		abort();
	for (e = 0; e <= VN_ENC__MAX; e++) {
		buf_reset(&out);
		err = vn_legacy_decode((enum vn_enc)e, p, size, &out);
		if (err == CONG_OK && !vn_utf8_valid(out.ptr, out.len))
			abort();
		if (err != CONG_OK && out.len != 0)
			abort();
		if (out.len > out.cap)
			abort();
	}
	buf_reset(&out);
	err = vn_legacy_fix_cp1252_view(p, size, &out, &found);
	if (err == CONG_OK && (!vn_utf8_valid(out.ptr, out.len) ||
	    (found != VN_ENC_TCVN3 && found != VN_ENC_VNI)))
		abort();
	buf_release(&out);
	return 0;
}
