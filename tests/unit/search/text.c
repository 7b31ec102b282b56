/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for search/text.c: syllables and gaps, folded and exact
 * terms, the term string of a field (pairs, document numbers), the plain
 * text of sanitized HTML, and every sentence of the vi-text corpus.
 */
#include "base/common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <cmocka.h>

#include "search/text.h"

static void
terms_table(void **state)
{
	static const struct {
		const char *name, *in, *out;
	} cases[] = {
		{ "pair", "thi đua", "thi dua đua _thi_dua _thi_đua" },
		{ "upper", "THI ĐUA", "thi dua đua _thi_dua _thi_đua" },
		{ "nfd", "thi \xc4\x91ua", "thi dua đua _thi_dua _thi_đua" },
		{ "no_marks", "kien luong", "kien luong _kien_luong" },
		{ "name", "Đặng Minh Thành", "dang minh thanh đặng thành "
		  "_dang_minh _minh_thanh _đặng_minh _minh_thành" },
		{ "break_comma", "Hà Tiên, Kiên Hải", "ha tien kien hai hà tiên "
		  "kiên hải _ha_tien _kien_hai _hà_tiên _kiên_hải" },
		{ "break_dash_spaced", "kinh tế - xã hội", "kinh te xa hoi tế xã "
		  "hội _kinh_te _xa_hoi _kinh_tế _xã_hội" },
		{ "docnum", "Nghị định 42/2022/NĐ-CP", "nghi dinh 42 2022 nd cp "
		  "nghị định nđ _nghi_dinh _dinh_42 _42_2022 _2022_nd _nd_cp "
		  "_nghị_định _định_42 _2022_nđ _nđ_cp __42_2022_nd_cp" },
		{ "docnum_short", "số 123/QĐ-UBND ngày", "so 123 qd ubnd ngay "
		  "số qđ ngày _so_123 _123_qd _qd_ubnd _ubnd_ngay _số_123 "
		  "_123_qđ _qđ_ubnd _ubnd_ngày __123_qd_ubnd" },
		{ "date_not_docnum_without_digit_start", "Kiên-Lương/x",
		  "kien luong x kiên lương _kien_luong _luong_x _kiên_lương "
		  "_lương_x" },
		{ "empty", "", "" },
		{ "only_punct", " ,.;!? ", "" },
		{ "too_long_skipped", "a aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		  "aaaaaaaaaaaaaaaaaaaaaaaaa b", "a b" },
		{ "bad_utf8_is_punct", "ab\xff" "cd", "ab cd" },
		{ "digits_letters", "6 tháng", "6 thang tháng _6_thang "
		  "_6_tháng" },
	};
	struct buf b = BUF_INIT;
	size_t i;

	UNUSED(state);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		buf_reset(&b);
		assert_int_equal(search_terms(cases[i].in, strlen(cases[i].in),
		    &b), CONG_OK);
		if (strcmp(b.ptr, cases[i].out) != 0)
			fail_msg("%s: got '%s'", cases[i].name, b.ptr);
	}
	buf_release(&b);
}

static void
tok_gaps(void **state)
{
	static const char text[] = "a b/c, d\xc2\xa0" "e--f";
	static const struct {
		size_t off, len;
		enum search_gap gap;
		char joiner;
	} want[] = {
		{ 0, 1, SEARCH_GAP_BREAK, 0 },
		{ 2, 1, SEARCH_GAP_SPACE, 0 },
		{ 4, 1, SEARCH_GAP_JOIN, '/' },
		{ 7, 1, SEARCH_GAP_BREAK, 0 },
		{ 10, 1, SEARCH_GAP_SPACE, 0 },
		{ 13, 1, SEARCH_GAP_BREAK, 0 },
	};
	struct search_tok t;
	size_t pos = 0, i = 0;

	UNUSED(state);
	while (search_tok_next(text, strlen(text), &pos, &t)) {
		assert_true(i < ARRAY_SIZE(want));
		assert_int_equal(t.off, want[i].off);
		assert_int_equal(t.len, want[i].len);
		assert_int_equal(t.gap, want[i].gap);
		assert_int_equal(t.joiner, want[i].joiner);
		i++;
	}
	assert_int_equal(i, ARRAY_SIZE(want));
}

static void
term_errors(void **state)
{
	struct buf b = BUF_INIT;
	char longw[SEARCH_TERM_MAX + 2];

	UNUSED(state);
	memset(longw, 'a', sizeof(longw) - 1);
	longw[sizeof(longw) - 1] = 0;
	assert_int_equal(search_term_fold("", 0, &b), CONG_EINVAL);
	assert_int_equal(search_term_fold(longw, strlen(longw), &b),
	    CONG_EINVAL);
	assert_int_equal(search_term_fold("--", 2, &b), CONG_EINVAL);
	assert_int_equal(search_term_exact("a\xff", 2, &b), CONG_EINVAL);
	assert_int_equal(b.len, 0);
	assert_int_equal(search_term_exact("ĐẶNG", strlen("ĐẶNG"), &b),
	    CONG_OK);
	assert_string_equal(b.ptr, "đặng");
	buf_reset(&b);
	assert_int_equal(search_term_fold("ĐẶNG", strlen("ĐẶNG"), &b),
	    CONG_OK);
	assert_string_equal(b.ptr, "dang");
	buf_release(&b);
}

static void
terms_cap(void **state)
{
	struct buf b;

	UNUSED(state);
	buf_init(&b, 10);
	assert_int_equal(search_terms("thi đua hội nghị", strlen(
	    "thi đua hội nghị"), &b), CONG_ETOOBIG);
	buf_release(&b);
}

static void
html_text_table(void **state)
{
	static const struct {
		const char *name, *in, *out;
	} cases[] = {
		{ "paras", "<p>Một</p>\n<p>Hai &amp; ba</p>",
		  "Một\nHai & ba" },
		{ "figure", "<p>A</p><figure><img src=\"/m/x.jpg\" alt=\"x\">"
		  "<figcaption>Toàn cảnh hội nghị</figcaption></figure>",
		  "A\nToàn cảnh hội nghị" },
		{ "inline", "<p>thi <strong>đua</strong></p>", "thi đua" },
		{ "entities", "&lt;b&gt; &quot;x&quot; &#39;y&#39; &#x110;&#7863;",
		  "<b> \"x\" 'y' Đặ" },
		{ "nbsp", "a&nbsp;&nbsp;b", "a b" },
		{ "unknown_entity", "a &foo; b &#0; c", "a &foo; b &#0; c" },
		{ "unclosed_tag", "abc <p", "abc" },
		{ "spaces", "  a \n\t b  ", "a b" },
	};
	struct buf b = BUF_INIT;
	size_t i;

	UNUSED(state);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		buf_reset(&b);
		assert_int_equal(search_html_text(cases[i].in,
		    strlen(cases[i].in), &b), CONG_OK);
		if (strcmp(b.ptr, cases[i].out) != 0)
			fail_msg("%s: got '%s'", cases[i].name, b.ptr);
	}
	buf_release(&b);
}

/*
 * Over the real sentences: every term is lower-case, holds no ASCII
 * punctuation, and every folded syllable is pure ASCII.
 */
static void
terms_corpus(void **state)
{
	const char *shared = getenv("SHARED");
	char path[1024], *line = NULL;
	size_t cap = 0, lines = 0, i;
	ssize_t n;
	struct buf b;
	FILE *f;

	UNUSED(state);
	snprintf(path, sizeof(path), "%s/testdata/vi-text/"
	    "vi_vtb-sentences.txt", shared ? shared : "../shared");
	f = fopen(path, "r");
	if (!f)
		skip();
	buf_init(&b, LIMIT_BODY);
	while ((n = getline(&line, &cap, f)) > 0) {
		buf_reset(&b);
		assert_int_equal(search_terms(line, (size_t)n, &b), CONG_OK);
		for (i = 0; i < b.len; i++) {
			unsigned char c = (unsigned char)b.ptr[i];

			if (c < 0x80 && !(c == ' ' || c == '_' ||
			    (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
				fail_msg("line %zu: byte 0x%02x in '%s'",
				    lines + 1, c, b.ptr);
		}
		lines++;
	}
	assert_true(lines > 1000);
	free(line);
	fclose(f);
	buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(terms_table),
		cmocka_unit_test(tok_gaps),
		cmocka_unit_test(term_errors),
		cmocka_unit_test(terms_cap),
		cmocka_unit_test(html_text_table),
		cmocka_unit_test(terms_corpus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
