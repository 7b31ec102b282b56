/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for vn/slug.c: hand cases, truncation, validation, and every
 * sentence of $SHARED/testdata/vi-text/vi_vtb-sentences.txt.
 */
#include "base/common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <cmocka.h>

#include "vn/slug.h"

static void
slug_table(void **state)
{
	static const struct {
		const char *name, *in;
		size_t max;
		enum cong_err err;
		const char *out;
	} cases[] = {
		{ "seed_title", "Kiên Lương sơ kết giao ước thi đua 6 tháng "
		  "đầu năm 2019 Cụm thi đua số 3", 0, CONG_OK,
		  "kien-luong-so-ket-giao-uoc-thi-dua-6-thang-dau-nam-2019-"
		  "cum-thi-dua-so-3" },
		{ "section", "Sự kiện nổi bật", 0, CONG_OK, "su-kien-noi-bat" },
		{ "punct", "  --Đặng  Minh/Thành!!  ", 0, CONG_OK,
		  "dang-minh-thanh" },
		{ "nfd", "Vie\xcc\x82\xcc\xa3t Nam", 0, CONG_OK, "viet-nam" },
		{ "cut_word_boundary", "kien luong so ket", 12, CONG_OK,
		  "kien-luong" },
		{ "cut_at_hyphen", "kien luong so ket", 10, CONG_OK,
		  "kien-luong" },
		{ "cut_exact", "kien luong", 10, CONG_OK, "kien-luong" },
		{ "cut_long_word", "abcdefghijkl", 5, CONG_OK, "abcde" },
		{ "cut_inside_second", "ab cdefgh", 5, CONG_OK, "ab" },
		{ "other_script", "Tin 한국 mới", 0, CONG_OK, "tin-moi" },
		{ "digits", "2019", 0, CONG_OK, "2019" },
		{ "slug_empty", "", 0, CONG_EINVAL, NULL },
		{ "slug_no_alnum", " !!! – … ", 0, CONG_EINVAL, NULL },
		{ "slug_bad_utf8", "abc\xff", 0, CONG_EINVAL, NULL },
	};
	struct buf b = BUF_INIT;
	enum cong_err err;
	size_t i;

	UNUSED(state);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		buf_reset(&b);
		err = vn_slug(cases[i].in, strlen(cases[i].in), &b,
		    cases[i].max);
		if (err != cases[i].err)
			fail_msg("%s: err %d", cases[i].name, err);
		if (!err && strcmp(b.ptr, cases[i].out) != 0)
			fail_msg("%s: got '%s'", cases[i].name, b.ptr);
		if (err)
			assert_int_equal(b.len, 0);
	}
	buf_release(&b);
}

static void
slug_limit(void **state)
{
	struct buf in = BUF_INIT, b = BUF_INIT;
	int i;

	UNUSED(state);
	for (i = 0; i < 100; i++)
		buf_adds(&in, "Tiếng Việt ");
	assert_int_equal(vn_slug(in.ptr, in.len, &b, 0), CONG_OK);
	assert_true(b.len <= LIMIT_SLUG);
	assert_true(b.len > LIMIT_SLUG - 12);
	assert_true(vn_slug_valid(b.ptr, b.len));
	assert_int_equal(b.ptr[b.len - 1], 't');
	buf_reset(&b);
	assert_int_equal(vn_slug(in.ptr, in.len, &b, 100000), CONG_OK);
	assert_true(b.len <= LIMIT_SLUG);
	buf_release(&b);
	buf_init(&b, 3);
	assert_int_equal(vn_slug("abcd", 4, &b, 0), CONG_ETOOBIG);
	buf_release(&b);
	buf_release(&in);
}

static void
slug_valid_table(void **state)
{
	static const struct {
		const char *s;
		bool ok;
	} cases[] = {
		{ "kien-luong", true }, { "a", true }, { "2019", true },
		{ "a-1-b", true }, { "", false }, { "-a", false },
		{ "a-", false }, { "a--b", false }, { "A-b", false },
		{ "a_b", false }, { "a b", false }, { "ă", false },
		{ "a/b", false }, { "a%2fb", false },
	};
	char big[LIMIT_SLUG + 1];
	size_t i;

	UNUSED(state);
	for (i = 0; i < ARRAY_SIZE(cases); i++)
		if (vn_slug_valid(cases[i].s, strlen(cases[i].s)) !=
		    cases[i].ok)
			fail_msg("'%s'", cases[i].s);
	memset(big, 'a', sizeof(big));
	assert_true(vn_slug_valid(big, LIMIT_SLUG));
	assert_false(vn_slug_valid(big, LIMIT_SLUG + 1));
}

static void
slug_sentences(void **state)
{
	struct buf path = BUF_INIT, b = BUF_INIT;
	const char *sh = getenv("SHARED");
	char line[8192];
	size_t rows = 0, ok = 0;
	enum cong_err err;
	FILE *f;

	UNUSED(state);
	buf_addf(&path, "%s/testdata/vi-text/vi_vtb-sentences.txt",
	    sh ? sh : "/work/shared");
	f = fopen(path.ptr, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		buf_reset(&b);
		err = vn_slug(line, strcspn(line, "\n"), &b, 0);
		rows++;
		if (err == CONG_EINVAL)
			continue;
		assert_int_equal(err, CONG_OK);
		if (!vn_slug_valid(b.ptr, b.len))
			fail_msg("bad slug '%s' for '%s'", b.ptr, line);
		ok++;
	}
	assert_int_equal(rows, 3300);
	assert_int_equal(ok, rows);
	fclose(f);
	buf_release(&b);
	buf_release(&path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(slug_table),
		cmocka_unit_test(slug_limit),
		cmocka_unit_test(slug_valid_table),
		cmocka_unit_test(slug_sentences),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
