/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for vn/fold.c: hand cases, every row of
 * $SHARED/testdata/vi-text/vi-letters-fold.tsv, and every sentence of
 * vi_vtb-sentences.txt in NFC and NFD.
 */
#include "base/common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <cmocka.h>
#include <utf8proc.h>

#include "vn/fold.h"

#define L(s) s, sizeof(s) - 1

static FILE *
open_shared(const char *rel)
{
	struct buf path = BUF_INIT;
	const char *sh = getenv("SHARED");
	FILE *f;

	buf_addf(&path, "%s/testdata/%s", sh ? sh : "/work/shared", rel);
	f = fopen(path.ptr, "r");
	if (!f)
		fail_msg("cannot open '%s'", path.ptr);
	buf_release(&path);
	return f;
}

static void
fold_table(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "Đặng Minh Thành", "dang minh thanh" },
		{ "ĐẶNG MINH THÀNH", "dang minh thanh" },
		{ "Kiên Lương, 18/07/2019!", "kien luong, 18/07/2019!" },
		{ "ă â ê ô ơ ư đ", "a a e o o u d" },
		{ "Ă Â Ê Ô Ơ Ư Đ", "a a e o o u d" },
		{ "Nguye\xcc\x82\xcc\x83n", "nguyen" },	/* NFD */
		{ "Straße", "strasse" },		/* full case folding */
		{ "Ελληνικά", "ελληνικα" },
		{ "ng\xc2\xadười", "nguoi" },		/* soft hyphen ignored */
		{ "한국", "한국" },
		{ "Ðang ðó", "dang do" },	/* eth for Đ */
		{ "", "" },
		{ "abc XYZ 123 -_.", "abc xyz 123 -_." },
	};
	struct buf b = BUF_INIT;
	size_t i;

	UNUSED(state);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		buf_reset(&b);
		assert_int_equal(vn_fold(cases[i].in, strlen(cases[i].in), &b),
		    CONG_OK);
		if (strcmp(b.ptr, cases[i].out) != 0)
			fail_msg("fold '%s': got '%s' want '%s'", cases[i].in,
			    b.ptr, cases[i].out);
	}
	buf_release(&b);
}

static void
fold_bad_utf8(void **state)
{
	struct buf b = BUF_INIT;

	UNUSED(state);
	buf_adds(&b, "x");
	assert_int_equal(vn_fold(L("abc\xc3"), &b), CONG_EINVAL);
	assert_string_equal(b.ptr, "x");
	assert_int_equal(vn_fold(L("\xed\xa0\x80"), &b), CONG_EINVAL);
	buf_release(&b);
}

static void
fold_cap_refuses(void **state)
{
	struct buf b;
	char big[2000];

	UNUSED(state);
	memset(big, 'A', sizeof(big));
	buf_init(&b, 1000);
	assert_int_equal(vn_fold(big, sizeof(big), &b), CONG_ETOOBIG);
	assert_int_equal(b.len, 0);
	assert_int_equal(vn_fold(big, 1000, &b), CONG_OK);
	assert_int_equal(b.len, 1000);
	assert_int_equal(b.ptr[999], 'a');
	buf_release(&b);
}

static void
fold_char_counts(void **state)
{
	uint32_t o[VN_FOLD_CHAR_MAX];

	UNUSED(state);
	assert_int_equal(vn_fold_char(0x0301, o), 0);	/* acute */
	assert_int_equal(vn_fold_char(0x1EC7, o), 1);	/* ệ */
	assert_int_equal(o[0], 'e');
	assert_int_equal(vn_fold_char(0x0110, o), 1);	/* Đ */
	assert_int_equal(o[0], 'd');
	assert_int_equal(vn_fold_char('Q', o), 1);
	assert_int_equal(o[0], 'q');
	assert_int_equal(vn_fold_char(0xDF, o), 2);
	assert_int_equal(o[0], 's');
	assert_int_equal(vn_fold_char(0xD800, o), 1);
	assert_int_equal(o[0], 0xD800);
}

static void
fold_has_marks(void **state)
{
	UNUSED(state);
	assert_true(vn_has_marks(L("Việt")));
	assert_true(vn_has_marks(L("đi")));
	assert_true(vn_has_marks(L("Đi")));
	assert_true(vn_has_marks(L("Vie\xcc\xa3t")));
	assert_false(vn_has_marks(L("Viet Nam 2019")));
	assert_false(vn_has_marks(L("STRASSE ß")));
	assert_false(vn_has_marks(L("")));
	assert_false(vn_has_marks(L("\xff")));
}

/* Splits a tab-separated line in place; returns the number of fields. */
static size_t
split_tabs(char *line, char **f, size_t max)
{
	size_t n = 0;
	char *p = line, *t;

	line[strcspn(line, "\r\n")] = '\0';
	while (n < max) {
		f[n++] = p;
		t = strchr(p, '\t');
		if (!t)
			break;
		*t = '\0';
		p = t + 1;
	}
	return n;
}

static void
fold_letters_tsv(void **state)
{
	FILE *f = open_shared("vi-text/vi-letters-fold.tsv");
	struct buf b = BUF_INIT, want = BUF_INIT;
	char line[512], *col[8];
	size_t rows = 0;

	UNUSED(state);
	assert_non_null(fgets(line, sizeof(line), f));	/* header */
	while (fgets(line, sizeof(line), f)) {
		assert_int_equal(split_tabs(line, col, 8), 8);
		buf_reset(&b);
		buf_reset(&want);
		/* column base_lower, with đ -> d */
		buf_adds(&want, strcmp(col[4], "đ") == 0 ? "d" : col[4]);
		assert_int_equal(vn_fold(col[0], strlen(col[0]), &b), CONG_OK);
		if (strcmp(b.ptr, want.ptr) != 0)
			fail_msg("'%s': got '%s' want '%s'", col[0], b.ptr,
			    want.ptr);
		assert_true(vn_has_marks(col[0], strlen(col[0])));
		rows++;
	}
	assert_int_equal(rows, 134);
	fclose(f);
	buf_release(&b);
	buf_release(&want);
}

/*
 * True if folded text has no letter or mark outside ASCII: the corpus is
 * ASCII and Vietnamese letters plus a few symbols such as the en dash,
 * which folding keeps.
 */
static bool
ascii_letters(const char *p, size_t n, size_t *symbols)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t l;
	utf8proc_category_t c;
	size_t i = 0;

	while (i < n) {
		l = utf8proc_iterate((const utf8proc_uint8_t *)p + i,
		    (utf8proc_ssize_t)(n - i), &cp);
		if (l <= 0)
			return false;
		i += (size_t)l;
		if (cp < 0x80)
			continue;
		c = utf8proc_category(cp);
		if (c <= UTF8PROC_CATEGORY_ME)	/* Lu .. Me */
			return false;
		(*symbols)++;
	}
	return true;
}

static void
fold_sentences(void **state)
{
	FILE *f = open_shared("vi-text/vi_vtb-sentences.txt");
	struct buf a = BUF_INIT, d = BUF_INIT;
	utf8proc_uint8_t *nfd = NULL;
	utf8proc_ssize_t r;
	char line[8192];
	size_t n, rows = 0, symbols = 0;

	UNUSED(state);
	while (fgets(line, sizeof(line), f)) {
		n = strcspn(line, "\n");
		buf_reset(&a);
		buf_reset(&d);
		assert_int_equal(vn_fold(line, n, &a), CONG_OK);
		if (!ascii_letters(a.ptr, a.len, &symbols))
			fail_msg("not ascii: '%s'", a.ptr);
		r = utf8proc_map((const utf8proc_uint8_t *)line,
		    (utf8proc_ssize_t)n, &nfd,
		    UTF8PROC_STABLE | UTF8PROC_DECOMPOSE);
		assert_true(r >= 0);
		assert_int_equal(vn_fold((const char *)nfd, (size_t)r, &d),
		    CONG_OK);
		free(nfd);
		nfd = NULL;
		assert_string_equal(a.ptr, d.ptr);
		rows++;
	}
	assert_int_equal(rows, 3300);
	assert_true(symbols < 100);
	fclose(f);
	buf_release(&a);
	buf_release(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fold_table),
		cmocka_unit_test(fold_bad_utf8),
		cmocka_unit_test(fold_cap_refuses),
		cmocka_unit_test(fold_char_counts),
		cmocka_unit_test(fold_has_marks),
		cmocka_unit_test(fold_letters_tsv),
		cmocka_unit_test(fold_sentences),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
