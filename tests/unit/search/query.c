/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for search/query.c and search/snippet.c: parsing (phrases,
 * prefix, NFD, refusals), the MATCH expression of each stage, and the
 * highlighted snippet in the original accented text.
 */
#include "base/common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <cmocka.h>

#include "search/query.h"
#include "search/snippet.h"

static void
parse_errors(void **state)
{
	static const struct {
		const char *name, *in;
		enum cong_err err;
	} cases[] = {
		{ "query_empty", "", CONG_ENOTFOUND },
		{ "query_spaces", "   ", CONG_ENOTFOUND },
		{ "query_punct_only", "\"\" ,.;!?-/", CONG_ENOTFOUND },
		{ "query_bad_utf8", "thi \xff", CONG_EINVAL },
		{ "query_control", "thi\x01" "dua", CONG_EINVAL },
		{ "query_too_many_words", "a b c d e f g h i j k l m n o p q",
		  CONG_ETOOBIG },
		{ "query_ok", "thi dua", CONG_OK },
	};
	struct search_query q;
	char big[LIMIT_QUERY + 2];
	size_t i;

	UNUSED(state);
	for (i = 0; i < ARRAY_SIZE(cases); i++)
		if (search_query_parse(cases[i].in, strlen(cases[i].in), &q) !=
		    cases[i].err)
			fail_msg("%s", cases[i].name);
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = 0;
	assert_int_equal(search_query_parse(big, strlen(big), &q),
	    CONG_ETOOBIG);
	assert_int_equal(q.nwords, 0);
}

static void
parse_words(void **state)
{
	struct search_query q;
	const char *nfd = "THI \x44\xcc\x9b" "U\xcc\x9b" "A";	/* odd NFD */

	UNUSED(state);
	assert_int_equal(search_query_parse("THI ĐUA", strlen("THI ĐUA"),
	    &q), CONG_OK);
	assert_int_equal(q.nwords, 2);
	assert_string_equal(q.words[0].fold, "thi");
	assert_string_equal(q.words[1].fold, "dua");
	assert_string_equal(q.words[1].exact, "đua");
	assert_true(q.words[1].marked && !q.words[0].marked);
	assert_true(q.words[1].linked && !q.words[0].linked);
	assert_true(q.has_marks && q.last_prefix);
	/* NFD input folds like NFC */
	assert_int_equal(search_query_parse(nfd, strlen(nfd), &q), CONG_OK);
	assert_string_equal(q.words[1].fold, "dua");
	/* trailing space: the last word is complete */
	assert_int_equal(search_query_parse("thi dua ", 8, &q), CONG_OK);
	assert_false(q.last_prefix);
	/* a phrase, then a word */
	assert_int_equal(search_query_parse("\"cụm thi đua\" số",
	    strlen("\"cụm thi đua\" số"), &q), CONG_OK);
	assert_int_equal(q.nwords, 4);
	assert_int_equal(q.words[0].phrase, 1);
	assert_int_equal(q.words[2].phrase, 1);
	assert_int_equal(q.words[3].phrase, 0);
	assert_false(q.words[3].linked);
	/* an unclosed quote is a phrase to the end, never a prefix */
	assert_int_equal(search_query_parse("\"thi dua", 8, &q), CONG_OK);
	assert_int_equal(q.words[1].phrase, 1);
	assert_false(q.last_prefix);
	/* document numbers */
	assert_int_equal(search_query_parse("42/2022/NĐ-CP",
	    strlen("42/2022/NĐ-CP"), &q), CONG_OK);
	assert_string_equal(q.docnum, "__42_2022_nd_cp");
	assert_int_equal(search_query_parse("nd-cp", 5, &q), CONG_OK);
	assert_string_equal(q.docnum, "");
	assert_true(q.words[1].joined);
}

static void
match_table(void **state)
{
	static const struct {
		const char *name, *in;
		enum search_stage st;
		const char *out;
	} cases[] = {
		{ "pairs", "thi dua", SEARCH_STAGE_PAIRS, "\"_thi_dua\"" },
		{ "prefix", "thi dua", SEARCH_STAGE_PREFIX,
		  "\"_thi_dua\"* AND (\"_thi_dua\" OR \"_thi_dua\"*)" },
		{ "wide", "thi dua ", SEARCH_STAGE_WIDE,
		  "\"thi\" AND \"dua\" AND (\"_thi_dua\" OR \"thi\")" },
		{ "one_word", "thi ", SEARCH_STAGE_PAIRS, "\"thi\"" },
		{ "marks_boost", "hội nghị ", SEARCH_STAGE_PAIRS,
		  "\"_hoi_nghi\" AND (\"hội\" OR \"nghị\" OR \"_hội_nghị\" OR "
		  "\"_hoi_nghi\")" },
		{ "phrase_stays_pairs", "\"cum thi dua\"", SEARCH_STAGE_WIDE,
		  "\"_cum_thi\" AND \"_thi_dua\"" },
		{ "phrase_one_word", "\"cum\"", SEARCH_STAGE_PAIRS,
		  "\"cum\"" },
		{ "two_runs", "kien luong, giao uoc ", SEARCH_STAGE_PAIRS,
		  "\"_kien_luong\" AND \"_giao_uoc\"" },
		{ "docnum", "42/2022/NĐ-CP ", SEARCH_STAGE_PAIRS,
		  "\"_42_2022\" AND \"_2022_nd\" AND \"_nd_cp\" AND (\"nđ\" OR "
		  "\"_2022_nđ\" OR \"_nđ_cp\" OR \"__42_2022_nd_cp\" OR "
		  "\"_42_2022\")" },
		{ "quote_injection", "a\" OR \"b", SEARCH_STAGE_PAIRS,
		  "\"a\" AND \"or\" AND \"b\"" },
	};
	struct search_query q;
	struct buf b = BUF_INIT;
	size_t i;

	UNUSED(state);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		buf_reset(&b);
		assert_int_equal(search_query_parse(cases[i].in,
		    strlen(cases[i].in), &q), CONG_OK);
		assert_int_equal(search_query_match(&q, cases[i].st, &b),
		    CONG_OK);
		if (strcmp(b.ptr, cases[i].out) != 0)
			fail_msg("%s: got '%s'", cases[i].name, b.ptr);
	}
	assert_int_equal(search_query_match(&q, SEARCH_STAGE__MAX, &b),
	    CONG_EINVAL);
	buf_release(&b);
}

static void
snippet_table(void **state)
{
	static const struct {
		const char *name, *q, *text;
		size_t words;
		const char *out;
	} cases[] = {
		{ "unaccented_query", "thi dua", "Giao ước thi đua năm 2019",
		  0, "Giao ước <mark>thi đua</mark> năm 2019" },
		{ "escaped", "hoi", "<b>Hội</b> & \"hồi\"", 0,
		  "&lt;b&gt;<mark>Hội</mark>&lt;/b&gt; &amp; &quot;"
		  "<mark>hồi</mark>&quot;" },
		{ "prefix_last", "thi d", "thi đua", 0,
		  "<mark>thi đua</mark>" },
		{ "break_splits_mark", "ha tien", "Hà, Tiên", 0,
		  "<mark>Hà</mark>, <mark>Tiên</mark>" },
		{ "window", "muoi", "một hai ba bốn năm sáu bảy tám chín mười "
		  "mười một", 4, "… bảy tám chín <mark>mười</mark> …" },
		{ "no_match_start", "xyz", "một hai ba bốn năm", 3,
		  "một hai ba …" },
	};
	struct search_query q;
	struct buf b = BUF_INIT;
	size_t i;

	UNUSED(state);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		buf_reset(&b);
		assert_int_equal(search_query_parse(cases[i].q,
		    strlen(cases[i].q), &q), CONG_OK);
		assert_int_equal(search_snippet(&q, cases[i].text,
		    strlen(cases[i].text), cases[i].words, &b, NULL), CONG_OK);
		if (strcmp(b.ptr, cases[i].out) != 0)
			fail_msg("%s: got '%s'", cases[i].name, b.ptr);
	}
	buf_release(&b);
}

static void
snippet_cap(void **state)
{
	struct search_query q;
	struct buf b;

	UNUSED(state);
	buf_init(&b, 8);
	assert_int_equal(search_query_parse("thi", 3, &q), CONG_OK);
	assert_int_equal(search_snippet(&q, "thi đua thi đua", strlen(
	    "thi đua thi đua"), 0, &b, NULL), CONG_ETOOBIG);
	buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_errors),
		cmocka_unit_test(parse_words),
		cmocka_unit_test(match_table),
		cmocka_unit_test(snippet_table),
		cmocka_unit_test(snippet_cap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
