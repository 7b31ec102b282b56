/* SPDX-License-Identifier: ISC */
/* Unit tests for vn/text.c: UTF-8 checks, control refusal, NFC, lines. */
#include "base/common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include "vn/text.h"

struct case_ {
	const char *name;
	const char *in;
	size_t n;		/* 0: strlen(in) */
	unsigned flags;
	enum cong_err err;
	const char *out;
};

#define L(s) s, sizeof(s) - 1

static void
run_clean(const struct case_ *c, size_t count, bool line)
{
	struct buf b = BUF_INIT;
	enum cong_err err;
	size_t i;

	for (i = 0; i < count; i++) {
		buf_reset(&b);
		buf_adds(&b, "<");
		err = line ? vn_text_line(c[i].in, c[i].n, &b) :
		    vn_text_clean(c[i].in, c[i].n, &b, c[i].flags);
		if (err != c[i].err)
			fail_msg("%s: err %d, want %d", c[i].name, err,
			    c[i].err);
		if (err) {
			assert_string_equal(b.ptr, "<");
			continue;
		}
		if (strcmp(b.ptr + 1, c[i].out) != 0)
			fail_msg("%s: got '%s' want '%s'", c[i].name,
			    b.ptr + 1, c[i].out);
	}
	buf_release(&b);
}

static void
text_clean_table(void **state)
{
	static const struct case_ cases[] = {
		{ "ascii", L("Xin chao"), 0, CONG_OK, "Xin chao" },
		{ "empty", L(""), 0, CONG_OK, "" },
		{ "nfc_already", L("Việt Nam"), 0, CONG_OK, "Việt Nam" },
		{ "nfd_to_nfc", L("Vie\xcc\x82\xcc\xa3t"), 0, CONG_OK,
		  "Việt" },
		{ "nfd_dang", L("\xc4\x90\x61\xcc\x86\xcc\xa3ng"), 0, CONG_OK,
		  "Đặng" },
		{ "multiline_crlf", L("a\r\nb\rc\n\td"), VN_TEXT_MULTILINE,
		  CONG_OK, "a\nb\nc\n\td" },
		{ "clean_newline_single", L("a\nb"), 0, CONG_EINVAL, NULL },
		{ "clean_tab_single", L("a\tb"), 0, CONG_EINVAL, NULL },
		{ "clean_cr_single", L("a\rb"), 0, CONG_EINVAL, NULL },
		{ "clean_nul", L("a\0b"), VN_TEXT_MULTILINE, CONG_EINVAL,
		  NULL },
		{ "clean_bell", L("a\x07"), VN_TEXT_MULTILINE, CONG_EINVAL,
		  NULL },
		{ "clean_del", L("a\x7f"), 0, CONG_EINVAL, NULL },
		{ "clean_c1", L("a\xc2\x85"), VN_TEXT_MULTILINE, CONG_EINVAL,
		  NULL },
		{ "clean_c1_9f", L("\xc2\x9f"), 0, CONG_EINVAL, NULL },
		{ "utf8_overlong_slash", L("\xc0\xaf"), 0, CONG_EINVAL, NULL },
		{ "utf8_overlong_3", L("\xe0\x80\xaf"), 0, CONG_EINVAL, NULL },
		{ "utf8_overlong_4", L("\xf0\x80\x80\xaf"), 0, CONG_EINVAL,
		  NULL },
		{ "utf8_surrogate", L("\xed\xa0\x80"), 0, CONG_EINVAL, NULL },
		{ "utf8_above_max", L("\xf4\x90\x80\x80"), 0, CONG_EINVAL,
		  NULL },
		{ "utf8_f5", L("\xf5\x80\x80\x80"), 0, CONG_EINVAL, NULL },
		{ "utf8_truncated", L("Vi\xe1\xbb"), 0, CONG_EINVAL, NULL },
		{ "utf8_stray_cont", L("a\x80"), 0, CONG_EINVAL, NULL },
		{ "utf8_max_ok", L("\xf4\x8f\xbf\xbf"), 0, CONG_OK,
		  "\xf4\x8f\xbf\xbf" },
		{ "nbsp_kept", L("a\xc2\xa0 b"), 0, CONG_OK, "a\xc2\xa0 b" },
	};

	UNUSED(state);
	run_clean(cases, ARRAY_SIZE(cases), false);
}

static void
text_line_table(void **state)
{
	static const struct case_ cases[] = {
		{ "plain", L("Sự kiện nổi bật"), 0, CONG_OK,
		  "Sự kiện nổi bật" },
		{ "trim_collapse", L("  Kiên \t Lương\r\n sơ kết  "), 0,
		  CONG_OK, "Kiên Lương sơ kết" },
		{ "nbsp", L("\xc2\xa0Toàn\xc2\xa0\xc2\xa0 cảnh\xc2\xa0"), 0,
		  CONG_OK, "Toàn cảnh" },
		{ "em_space", L("a\xe2\x80\x83\xe3\x80\x80z"), 0, CONG_OK,
		  "a z" },
		{ "only_space", L(" \xc2\xa0\t "), 0, CONG_OK, "" },
		{ "nfd", L("Ho\xcc\x82\xcc\x80"), 0, CONG_OK, "Hồ" },
		{ "line_control", L("a\x01"), 0, CONG_EINVAL, NULL },
		{ "line_bad_utf8", L("a\xff"), 0, CONG_EINVAL, NULL },
	};

	UNUSED(state);
	run_clean(cases, ARRAY_SIZE(cases), true);
}

static void
text_cap_refuses(void **state)
{
	struct buf b;

	UNUSED(state);
	buf_init(&b, 4);
	buf_adds(&b, "ab");
	assert_int_equal(vn_text_clean(L("Việt"), &b, 0), CONG_ETOOBIG);
	assert_string_equal(b.ptr, "ab");
	buf_reset(&b);
	buf_adds(&b, "ab");
	assert_int_equal(vn_text_line(L(" xyz "), &b), CONG_ETOOBIG);
	assert_string_equal(b.ptr, "ab");
	buf_reset(&b);
	assert_int_equal(vn_nfc(L("Vie\xcc\x82\xcc\xa3t"), &b),
	    CONG_ETOOBIG);
	assert_string_equal(b.ptr, "");
	buf_release(&b);
}

static void
text_nfc_and_valid(void **state)
{
	struct buf b = BUF_INIT;

	UNUSED(state);
	assert_int_equal(vn_nfc(L("A\xcc\x81"), &b), CONG_OK);
	assert_string_equal(b.ptr, "\xc3\x81");
	assert_int_equal(vn_nfc(L("\xed\xbf\xbf"), &b), CONG_EINVAL);
	assert_true(vn_utf8_valid(L("Đặng Minh Thành")));
	assert_true(vn_utf8_valid(L("")));
	assert_false(vn_utf8_valid(L("\xc1\xbf")));
	assert_false(vn_utf8_valid(L("\xe2\x82")));
	buf_release(&b);
}

static void
text_utf8_roundtrip(void **state)
{
	static const uint32_t cps[] = { 0, 0x7F, 0x80, 0x7FF, 0x800, 0xD7FF,
	    0xE000, 0xFFFF, 0x10000, 0x10FFFF };
	char s[4];
	uint32_t cp;
	size_t i, l;

	UNUSED(state);
	for (i = 0; i < ARRAY_SIZE(cps); i++) {
		l = vn_utf8_put(cps[i], s);
		assert_true(l > 0);
		assert_int_equal(vn_utf8_next(s, l, &cp), l);
		assert_int_equal(cp, cps[i]);
		assert_int_equal(vn_utf8_next(s, l - 1, &cp), l == 1 ? 0 : 0);
	}
	assert_int_equal(vn_utf8_put(0xD800, s), 0);
	assert_int_equal(vn_utf8_put(0x110000, s), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(text_clean_table),
		cmocka_unit_test(text_line_table),
		cmocka_unit_test(text_cap_refuses),
		cmocka_unit_test(text_nfc_and_valid),
		cmocka_unit_test(text_utf8_roundtrip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
