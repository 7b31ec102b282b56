/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for http/params.c: percent-decoding, form pairs and their
 * caps, and the raw-path checker. Each table row is an input and what
 * must come out of it; negative rows are named for the failure.
 */
#include "base/common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <cmocka.h>

#include "http/params.h"

/* Strings below may hold NUL bytes, so each row carries its length. */
#define S(lit) lit, sizeof(lit) - 1

/* ------------------------------------------------------------------ */
/* http_url_decode                                                     */
/* ------------------------------------------------------------------ */

struct decode_case {
	const char *name;
	const char *in;
	size_t in_len;
	bool plus;
	enum cong_err err;
	const char *out;
	size_t out_len;
};

static const struct decode_case decode_cases[] = {
	{ "decode_plain", S("abc"), true, CONG_OK, S("abc") },
	{ "decode_empty", S(""), true, CONG_OK, S("") },
	{ "decode_plus_space", S("a+b"), true, CONG_OK, S("a b") },
	{ "decode_plus_kept", S("a+b"), false, CONG_OK, S("a+b") },
	{ "decode_pct_upper", S("%C3%A0"), true, CONG_OK, S("\xc3\xa0") },
	{ "decode_pct_lower", S("%c3%a0"), true, CONG_OK, S("\xc3\xa0") },
	{ "decode_pct_plus", S("%2B"), true, CONG_OK, S("+") },
	{ "decode_pct_high", S("%ff%80"), false, CONG_OK, S("\xff\x80") },
	{ "decode_bad_escape_short", S("a%4"), true, CONG_EPARSE, S("") },
	{ "decode_bad_escape_end", S("a%"), true, CONG_EPARSE, S("") },
	{ "decode_bad_escape_hex", S("%G0"), true, CONG_EPARSE, S("") },
	{ "decode_bad_escape_second", S("%0g"), true, CONG_EPARSE, S("") },
	{ "decode_nul_encoded", S("a%00b"), true, CONG_EINVAL, S("") },
	{ "decode_nul_raw", S("a\0b"), true, CONG_EINVAL, S("") },
};

static void
decode_table(void **state)
{
	size_t i;
	struct buf b = BUF_INIT;
	const struct decode_case *c;

	UNUSED(state);
	for (i = 0; i < ARRAY_SIZE(decode_cases); i++) {
		c = &decode_cases[i];
		buf_reset(&b);
		buf_adds(&b, "pre:");
		if (http_url_decode(c->in, c->in_len, &b, c->plus) != c->err)
			fail_msg("%s: wrong error", c->name);
		if (c->err) {
			/* a failed decode leaves out as it was */
			assert_int_equal(b.len, 4);
			assert_string_equal(b.ptr, "pre:");
			continue;
		}
		assert_int_equal(b.len, 4 + c->out_len);
		if (memcmp(b.ptr + 4, c->out, c->out_len) != 0)
			fail_msg("%s: wrong output", c->name);
	}
	buf_release(&b);
}

static void
decode_cap_refused(void **state)
{
	struct buf b;

	UNUSED(state);
	buf_init(&b, 3);
	assert_int_equal(http_url_decode(S("%41%42%43"), &b, false), CONG_OK);
	assert_string_equal(b.ptr, "ABC");
	buf_reset(&b);
	assert_int_equal(http_url_decode(S("abcd"), &b, false), CONG_ETOOBIG);
	assert_int_equal(b.len, 0);
	buf_release(&b);
}

/* ------------------------------------------------------------------ */
/* http_params_parse                                                   */
/* ------------------------------------------------------------------ */

struct pair {
	const char *name;
	const char *value;
};

struct params_case {
	const char *name;
	const char *in;
	enum cong_err err;
	size_t n;
	struct pair pairs[4];
};

static const struct params_case params_cases[] = {
	{ "params_simple", "a=1&b=2", CONG_OK, 2, { { "a", "1" },
	    { "b", "2" } } },
	{ "params_empty_input", "", CONG_OK, 0, { { NULL, NULL } } },
	{ "params_empty_pairs", "&a=1&&b=2&", CONG_OK, 2, { { "a", "1" },
	    { "b", "2" } } },
	{ "params_no_equals", "a&b=", CONG_OK, 2, { { "a", "" },
	    { "b", "" } } },
	{ "params_empty_name", "=x", CONG_OK, 1, { { "", "x" } } },
	{ "params_plus_and_pct", "q=h%C3%A0+n%E1%BB%99i&x%20y=1", CONG_OK, 2,
	    { { "q", "h\xc3\xa0 n\xe1\xbb\x99i" }, { "x y", "1" } } },
	{ "params_equals_in_value", "a=b=c", CONG_OK, 1, { { "a", "b=c" } } },
	{ "params_encoded_amp", "a=%26&b=%3D", CONG_OK, 2, { { "a", "&" },
	    { "b", "=" } } },
	{ "params_case_sensitive", "A=1&a=2", CONG_OK, 2, { { "A", "1" },
	    { "a", "2" } } },
	{ "params_repeated", "t=1&t=2&t=3", CONG_OK, 3, { { "t", "1" },
	    { "t", "2" }, { "t", "3" } } },
	{ "params_semicolon_not_separator", "a=1;b=2", CONG_OK, 1,
	    { { "a", "1;b=2" } } },
	{ "params_bad_escape", "a=1&b=%zz", CONG_EPARSE, 0,
	    { { NULL, NULL } } },
	{ "params_bad_escape_in_name", "%x=1", CONG_EPARSE, 0,
	    { { NULL, NULL } } },
	{ "params_nul_refused", "a=1&b=x%00y", CONG_EINVAL, 0,
	    { { NULL, NULL } } },
	{ "params_nul_in_name_refused", "a%00=1", CONG_EINVAL, 0,
	    { { NULL, NULL } } },
};

static void
params_table(void **state)
{
	size_t i, j, len;
	const struct params_case *c;
	struct http_params ps = HTTP_PARAMS_INIT;

	UNUSED(state);
	for (i = 0; i < ARRAY_SIZE(params_cases); i++) {
		c = &params_cases[i];
		if (http_params_parse(&ps, c->in, strlen(c->in)) != c->err)
			fail_msg("%s: wrong error", c->name);
		if (ps.n != c->n)
			fail_msg("%s: %zu pairs, want %zu", c->name, ps.n,
			    c->n);
		for (j = 0; j < c->n; j++) {
			len = strlen(c->pairs[j].value);
			if (strcmp(ps.v[j].name, c->pairs[j].name) != 0 ||
			    ps.v[j].name_len != strlen(c->pairs[j].name) ||
			    ps.v[j].value_len != len ||
			    memcmp(ps.v[j].value, c->pairs[j].value, len + 1))
				fail_msg("%s: pair %zu differs", c->name, j);
		}
		http_params_release(&ps);
	}
}

static void
params_get_and_count(void **state)
{
	struct http_params ps = HTTP_PARAMS_INIT;
	size_t len = 99;

	UNUSED(state);
	assert_int_equal(http_params_parse(&ps, S("t=1&u=&t=2")), CONG_OK);
	assert_string_equal(http_params_get(&ps, "t", &len), "1");
	assert_int_equal(len, 1);
	assert_string_equal(http_params_get(&ps, "u", &len), "");
	assert_int_equal(len, 0);
	assert_null(http_params_get(&ps, "T", NULL));
	assert_null(http_params_get(&ps, "", NULL));
	assert_int_equal(http_params_count(&ps, "t"), 2);
	assert_int_equal(http_params_count(&ps, "u"), 1);
	assert_int_equal(http_params_count(&ps, "v"), 0);
	assert_null(http_params_get(NULL, "t", NULL));
	assert_int_equal(http_params_count(NULL, "t"), 0);
	http_params_release(&ps);
	http_params_release(&ps);
	http_params_release(NULL);
	assert_null(ps.v);
	assert_int_equal(ps.n, 0);
}

static void
params_binary_value_exact(void **state)
{
	struct http_params ps = HTTP_PARAMS_INIT;

	UNUSED(state);
	/* invalid UTF-8 passes: validation is a later layer's job */
	assert_int_equal(http_params_parse(&ps, S("b=%FF%FE%01")), CONG_OK);
	assert_int_equal(ps.v[0].value_len, 3);
	assert_memory_equal(ps.v[0].value, "\xff\xfe\x01", 4);
	http_params_release(&ps);
}

static void
params_appends(void **state)
{
	struct http_params ps = HTTP_PARAMS_INIT;

	UNUSED(state);
	assert_int_equal(http_params_parse(&ps, S("a=1")), CONG_OK);
	assert_int_equal(http_params_parse(&ps, S("b=2")), CONG_OK);
	assert_int_equal(ps.n, 2);
	/* a failing call leaves the earlier pairs alone */
	assert_int_equal(http_params_parse(&ps, S("c=3&d=%")), CONG_EPARSE);
	assert_int_equal(ps.n, 2);
	assert_string_equal(http_params_get(&ps, "b", NULL), "2");
	assert_null(http_params_get(&ps, "c", NULL));
	http_params_release(&ps);
}

static void
params_too_many(void **state)
{
	struct http_params ps = HTTP_PARAMS_INIT;
	struct buf q = BUF_INIT;
	int i;

	UNUSED(state);
	for (i = 0; i < LIMIT_QUERY_PARAMS; i++)
		buf_addf(&q, "%sk%d=%d", i ? "&" : "", i, i);
	assert_int_equal(http_params_parse(&ps, q.ptr, q.len), CONG_OK);
	assert_int_equal(ps.n, LIMIT_QUERY_PARAMS);
	http_params_release(&ps);
	buf_adds(&q, "&one=more");
	assert_int_equal(http_params_parse(&ps, q.ptr, q.len), CONG_ETOOBIG);
	assert_int_equal(ps.n, 0);
	/* the cap counts the whole set, across calls */
	buf_reset(&q);
	for (i = 0; i < LIMIT_QUERY_PARAMS; i++)
		assert_int_equal(http_params_parse(&ps, S("x")), CONG_OK);
	assert_int_equal(http_params_parse(&ps, S("y")), CONG_ETOOBIG);
	assert_int_equal(ps.n, LIMIT_QUERY_PARAMS);
	http_params_release(&ps);
	buf_release(&q);
}

static void
params_value_too_big(void **state)
{
	struct http_params ps = HTTP_PARAMS_INIT;
	struct buf q;
	size_t i;

	UNUSED(state);
	buf_init(&q, 4 * LIMIT_PARAM);
	buf_adds(&q, "v=");
	for (i = 0; i < LIMIT_PARAM; i++)
		buf_addc(&q, 'x');
	assert_int_equal(http_params_parse(&ps, q.ptr, q.len), CONG_OK);
	assert_int_equal(ps.v[0].value_len, LIMIT_PARAM);
	http_params_release(&ps);
	buf_addc(&q, 'x');
	assert_int_equal(http_params_parse(&ps, q.ptr, q.len), CONG_ETOOBIG);
	assert_int_equal(ps.n, 0);
	/* escapes count decoded: 3 raw bytes per decoded one */
	buf_reset(&q);
	buf_adds(&q, "v=");
	for (i = 0; i < LIMIT_PARAM; i++)
		buf_adds(&q, "%41");
	assert_int_equal(http_params_parse(&ps, q.ptr, q.len), CONG_OK);
	http_params_release(&ps);
	/* names have the same cap */
	buf_reset(&q);
	for (i = 0; i <= LIMIT_PARAM; i++)
		buf_addc(&q, 'n');
	assert_int_equal(http_params_parse(&ps, q.ptr, q.len), CONG_ETOOBIG);
	http_params_release(&ps);
	buf_release(&q);
}

/* ------------------------------------------------------------------ */
/* http_path_normalize                                                 */
/* ------------------------------------------------------------------ */

struct path_case {
	const char *name;
	const char *in;
	size_t in_len;
	enum cong_err err;
	const char *out;
};

static const struct path_case path_cases[] = {
	{ "path_root", S("/"), CONG_OK, "/" },
	{ "path_plain", S("/tin-tuc/hoi-nghi"), CONG_OK, "/tin-tuc/hoi-nghi" },
	{ "path_trailing_slash", S("/quan-tri/"), CONG_OK, "/quan-tri/" },
	{ "path_decoded", S("/tin-tuc/h%E1%BB%99i%20ngh%e1%bb%8b"), CONG_OK,
	    "/tin-tuc/h\xe1\xbb\x99i ngh\xe1\xbb\x8b" },
	{ "path_plus_kept", S("/a+b"), CONG_OK, "/a+b" },
	{ "path_dots_in_name", S("/rss.xml/.well-known/a..b/..."), CONG_OK,
	    "/rss.xml/.well-known/a..b/..." },
	{ "path_raw_utf8", S("/ti\xe1\xba\xbfng"), CONG_OK,
	    "/ti\xe1\xba\xbfng" },
	{ "path_empty", S(""), CONG_EINVAL, NULL },
	{ "path_relative", S("tin-tuc"), CONG_EINVAL, NULL },
	{ "path_dot", S("/a/./b"), CONG_EINVAL, NULL },
	{ "path_dot_last", S("/a/."), CONG_EINVAL, NULL },
	{ "path_dotdot", S("/a/../b"), CONG_EINVAL, NULL },
	{ "path_dotdot_last", S("/a/.."), CONG_EINVAL, NULL },
	{ "path_dotdot_encoded", S("/a/%2e%2E/etc"), CONG_EINVAL, NULL },
	{ "path_dotdot_half_encoded", S("/a/.%2e"), CONG_EINVAL, NULL },
	{ "path_dot_encoded", S("/%2E/x"), CONG_EINVAL, NULL },
	{ "path_slash_encoded", S("/a%2fb"), CONG_EINVAL, NULL },
	{ "path_slash_encoded_upper", S("/a%2Fb"), CONG_EINVAL, NULL },
	{ "path_double_slash", S("//a"), CONG_EINVAL, NULL },
	{ "path_double_slash_inner", S("/a//b"), CONG_EINVAL, NULL },
	{ "path_double_slash_end", S("/a//"), CONG_EINVAL, NULL },
	{ "path_backslash", S("/a\\b"), CONG_EINVAL, NULL },
	{ "path_backslash_encoded", S("/a%5Cb"), CONG_EINVAL, NULL },
	{ "path_control_raw", S("/a\tb"), CONG_EINVAL, NULL },
	{ "path_control_encoded", S("/a%0Ab"), CONG_EINVAL, NULL },
	{ "path_del_encoded", S("/a%7f"), CONG_EINVAL, NULL },
	{ "path_nul_raw", S("/a\0b"), CONG_EINVAL, NULL },
	{ "path_nul_encoded", S("/a%00"), CONG_EINVAL, NULL },
	{ "path_space_raw", S("/a b"), CONG_EINVAL, NULL },
	{ "path_bad_escape", S("/a%2"), CONG_EPARSE, NULL },
	{ "path_bad_escape_hex", S("/a%zz/b"), CONG_EPARSE, NULL },
};

static void
path_table(void **state)
{
	size_t i;
	struct buf b = BUF_INIT;
	const struct path_case *c;
	enum cong_err err;

	UNUSED(state);
	for (i = 0; i < ARRAY_SIZE(path_cases); i++) {
		c = &path_cases[i];
		buf_reset(&b);
		buf_adds(&b, "X");
		err = http_path_normalize(c->in, c->in_len, &b);
		if (err != c->err)
			fail_msg("%s: got %s", c->name, cong_strerror(err));
		if (c->err) {
			assert_string_equal(b.ptr, "X");
			continue;
		}
		if (strcmp(b.ptr + 1, c->out) != 0)
			fail_msg("%s: got '%s'", c->name, b.ptr + 1);
	}
	buf_release(&b);
}

static void
path_too_long(void **state)
{
	struct buf in, b = BUF_INIT;

	UNUSED(state);
	buf_init(&in, LIMIT_URL + 1);
	buf_addc(&in, '/');
	while (in.len < LIMIT_URL)
		buf_addc(&in, 'a');
	assert_int_equal(http_path_normalize(in.ptr, in.len, &b), CONG_OK);
	assert_int_equal(b.len, LIMIT_URL);
	buf_reset(&b);
	buf_addc(&in, 'a');
	assert_int_equal(http_path_normalize(in.ptr, in.len, &b),
	    CONG_ETOOBIG);
	assert_int_equal(b.len, 0);
	/* the caller's cap on out holds too */
	buf_release(&b);
	buf_init(&b, 4);
	assert_int_equal(http_path_normalize(S("/abcd"), &b), CONG_ETOOBIG);
	assert_int_equal(b.len, 0);
	buf_reset(&b);
	assert_int_equal(http_path_normalize(S("/ab/"), &b), CONG_OK);
	buf_reset(&b);
	assert_int_equal(http_path_normalize(S("/abc/"), &b), CONG_ETOOBIG);
	buf_reset(&b);
	buf_adds(&b, "abcd");
	assert_int_equal(http_path_normalize(S("/"), &b), CONG_ETOOBIG);
	assert_string_equal(b.ptr, "abcd");
	buf_release(&b);
	buf_release(&in);
}

/* http_params_int: page numbers and the like. */
static void
params_int_table(void **state)
{
	static const struct {
		const char *query;
		enum cong_err err;
		int64_t want;
	} cases[] = {
		{ "", CONG_OK, 7 },			/* absent: default */
		{ "trang=1", CONG_OK, 1 },
		{ "trang=100", CONG_OK, 100 },
		{ "trang=0100", CONG_OK, 100 },
		{ "trang=", CONG_EINVAL, 7 },		/* int_empty */
		{ "trang=0", CONG_EINVAL, 7 },		/* int_below_min */
		{ "trang=101", CONG_EINVAL, 7 },	/* int_above_max */
		{ "trang=-1", CONG_EINVAL, 7 },		/* int_sign */
		{ "trang=+1", CONG_EINVAL, 7 },		/* int_plus_sign */
		{ "trang=1%20", CONG_EINVAL, 7 },	/* int_space */
		{ "trang=1e2", CONG_EINVAL, 7 },	/* int_not_digits */
		{ "trang=99999999999999999999", CONG_EINVAL, 7 }, /* overflow */
	};
	size_t i;

	UNUSED(state);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct http_params ps = HTTP_PARAMS_INIT;
		int64_t v = -1;

		assert_int_equal(http_params_parse(&ps, cases[i].query,
		    strlen(cases[i].query)), CONG_OK);
		assert_int_equal(http_params_int(&ps, "trang", 1, 100, 7, &v),
		    cases[i].err);
		assert_int_equal(v, cases[i].want);
		http_params_release(&ps);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(decode_table),
		cmocka_unit_test(decode_cap_refused),
		cmocka_unit_test(params_table),
		cmocka_unit_test(params_get_and_count),
		cmocka_unit_test(params_binary_value_exact),
		cmocka_unit_test(params_appends),
		cmocka_unit_test(params_too_many),
		cmocka_unit_test(params_value_too_big),
		cmocka_unit_test(path_table),
		cmocka_unit_test(path_too_long),
		cmocka_unit_test(params_int_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
