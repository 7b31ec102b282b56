/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for http/cookie.c: finding a cookie in a Cookie header,
 * and writing Set-Cookie values, including every refusal.
 */
#include "base/common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <cmocka.h>

#include "http/cookie.h"

/* ------------------------------------------------------------------ */
/* http_cookie_get                                                     */
/* ------------------------------------------------------------------ */

struct get_case {
	const char *name;
	const char *header;
	const char *cookie;
	enum cong_err err;
	const char *value;
};

static const struct get_case get_cases[] = {
	{ "cookie_simple", "sid=abc", "sid", CONG_OK, "abc" },
	{ "cookie_second", "a=1; sid=abc", "sid", CONG_OK, "abc" },
	{ "cookie_no_space", "a=1;sid=abc;b=2", "sid", CONG_OK, "abc" },
	{ "cookie_spaces_tabs", " \t a=1 ;\t sid \t= abc  ; b=2", "sid",
	    CONG_OK, "abc" },
	{ "cookie_empty_pairs", ";;  ; sid=abc;;", "sid", CONG_OK, "abc" },
	{ "cookie_empty_value", "sid=; a=1", "sid", CONG_OK, "" },
	{ "cookie_quoted_value", "sid=\"abc\"", "sid", CONG_OK, "abc" },
	{ "cookie_quoted_empty", "sid=\"\"", "sid", CONG_OK, "" },
	{ "cookie_lone_quote_kept", "sid=\"", "sid", CONG_OK, "\"" },
	{ "cookie_half_quoted_kept", "sid=\"abc", "sid", CONG_OK, "\"abc" },
	{ "cookie_equals_in_value", "sid=a=b==", "sid", CONG_OK, "a=b==" },
	{ "cookie_first_wins", "sid=1; sid=2", "sid", CONG_OK, "1" },
	{ "cookie_pair_without_equals", "sid; x=1; sid=2", "sid", CONG_OK,
	    "2" },
	{ "cookie_name_case_sensitive", "SID=1; sid=2", "sid", CONG_OK,
	    "2" },
	{ "cookie_utf8_value_raw", "v=h\xc3\xa0", "v", CONG_OK,
	    "h\xc3\xa0" },
	{ "cookie_absent", "a=1; b=2", "sid", CONG_ENOTFOUND, NULL },
	{ "cookie_prefix_not_match", "sidx=1; xsid=2", "sid",
	    CONG_ENOTFOUND, NULL },
	{ "cookie_value_not_name", "a=sid", "sid", CONG_ENOTFOUND, NULL },
	{ "cookie_empty_header", "", "sid", CONG_ENOTFOUND, NULL },
	{ "cookie_nameless", "=abc", "sid", CONG_ENOTFOUND, NULL },
	{ "cookie_empty_name_refused", "=abc", "", CONG_EINVAL, NULL },
};

static void
get_table(void **state)
{
	size_t i, len;
	const char *v;
	const struct get_case *c;
	enum cong_err err;

	UNUSED(state);
	for (i = 0; i < ARRAY_SIZE(get_cases); i++) {
		c = &get_cases[i];
		v = NULL;
		len = 12345;
		err = http_cookie_get(c->header, strlen(c->header), c->cookie,
		    &v, &len);
		if (err != c->err)
			fail_msg("%s: got %s", c->name, cong_strerror(err));
		if (err) {
			assert_null(v);
			assert_int_equal(len, 12345);
			continue;
		}
		if (len != strlen(c->value) || memcmp(v, c->value, len) != 0)
			fail_msg("%s: got '%.*s'", c->name, (int)len, v);
		/* the value points into the header */
		assert_true(v >= c->header && v + len <= c->header +
		    strlen(c->header));
	}
}

static void
cookie_never_reads_past_n(void **state)
{
	const char h[] = "a=1; sid=abcdef";
	const char *v = NULL;
	size_t len = 0;
	char *copy;

	UNUSED(state);
	assert_int_equal(http_cookie_get(h, 12, "sid", &v, &len), CONG_OK);
	assert_int_equal(len, 3);
	assert_memory_equal(v, "abc", 3);
	assert_int_equal(http_cookie_get(h, 7, "sid", &v, &len),
	    CONG_ENOTFOUND);
	/* an unterminated heap copy: ASan catches a read past n */
	copy = xmemdup(h, sizeof(h) - 1);
	assert_int_equal(http_cookie_get(copy, sizeof(h) - 1, "sid", &v,
	    &len), CONG_OK);
	assert_int_equal(len, 6);
	free(copy);
	assert_int_equal(http_cookie_get(NULL, 0, "sid", &v, &len),
	    CONG_ENOTFOUND);
	assert_int_equal(http_cookie_get(h, sizeof(h) - 1, NULL, &v, &len),
	    CONG_EINVAL);
}

/* ------------------------------------------------------------------ */
/* http_cookie_format                                                  */
/* ------------------------------------------------------------------ */

struct format_case {
	const char *name;
	struct http_cookie_attrs a;
	enum cong_err err;
	const char *out;
};

static const struct format_case format_cases[] = {
	{ "format_session", { "sid", "abc", -1, "/", true, true,
	    HTTP_SAMESITE_LAX }, CONG_OK,
	    "sid=abc; Path=/; Secure; HttpOnly; SameSite=Lax" },
	{ "format_max_age", { "sid", "abc", 3600, "/quan-tri/", false,
	    true, HTTP_SAMESITE_STRICT }, CONG_OK,
	    "sid=abc; Path=/quan-tri/; Max-Age=3600; HttpOnly; "
	    "SameSite=Strict" },
	{ "format_delete", { "sid", "", 0, "/", true, true,
	    HTTP_SAMESITE_LAX }, CONG_OK,
	    "sid=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; "
	    "Secure; HttpOnly; SameSite=Lax" },
	{ "format_null_value_no_path", { "a", NULL, -1, NULL, false, false,
	    HTTP_SAMESITE_LAX }, CONG_OK, "a=; SameSite=Lax" },
	{ "format_samesite_none_secure", { "t", "x", -1, NULL, true, false,
	    HTTP_SAMESITE_NONE }, CONG_OK, "t=x; Secure; SameSite=None" },
	{ "format_host_prefix", { "__Host-sid", "v", -1, "/", true, true,
	    HTTP_SAMESITE_LAX }, CONG_OK,
	    "__Host-sid=v; Path=/; Secure; HttpOnly; SameSite=Lax" },
	{ "format_token_chars", { "a!#$%&'*+-.^_`|~9Z", "!#$%&'()*+-./:<=>?@"
	    "[]^_`{|}~", -1, NULL, false, false, HTTP_SAMESITE_LAX }, CONG_OK,
	    "a!#$%&'*+-.^_`|~9Z=!#$%&'()*+-./:<=>?@[]^_`{|}~; SameSite=Lax" },
	{ "format_name_missing", { NULL, "v", -1, NULL, false, false,
	    HTTP_SAMESITE_LAX }, CONG_EINVAL, NULL },
	{ "format_name_empty", { "", "v", -1, NULL, false, false,
	    HTTP_SAMESITE_LAX }, CONG_EINVAL, NULL },
	{ "format_name_separator", { "s=id", "v", -1, NULL, false, false,
	    HTTP_SAMESITE_LAX }, CONG_EINVAL, NULL },
	{ "format_name_space", { "s id", "v", -1, NULL, false, false,
	    HTTP_SAMESITE_LAX }, CONG_EINVAL, NULL },
	{ "format_name_utf8", { "t\xc3\xaan", "v", -1, NULL, false, false,
	    HTTP_SAMESITE_LAX }, CONG_EINVAL, NULL },
	{ "format_value_semicolon", { "a", "x;Domain=evil", -1, NULL, false,
	    false, HTTP_SAMESITE_LAX }, CONG_EINVAL, NULL },
	{ "format_value_space", { "a", "x y", -1, NULL, false, false,
	    HTTP_SAMESITE_LAX }, CONG_EINVAL, NULL },
	{ "format_value_quote", { "a", "\"x\"", -1, NULL, false, false,
	    HTTP_SAMESITE_LAX }, CONG_EINVAL, NULL },
	{ "format_value_comma", { "a", "x,y", -1, NULL, false, false,
	    HTTP_SAMESITE_LAX }, CONG_EINVAL, NULL },
	{ "format_value_backslash", { "a", "x\\y", -1, NULL, false, false,
	    HTTP_SAMESITE_LAX }, CONG_EINVAL, NULL },
	{ "format_value_crlf", { "a", "x\r\nSet-Cookie: b=1", -1, NULL,
	    false, false, HTTP_SAMESITE_LAX }, CONG_EINVAL, NULL },
	{ "format_value_utf8", { "a", "h\xc3\xa0", -1, NULL, false, false,
	    HTTP_SAMESITE_LAX }, CONG_EINVAL, NULL },
	{ "format_path_relative", { "a", "v", -1, "quan-tri", false, false,
	    HTTP_SAMESITE_LAX }, CONG_EINVAL, NULL },
	{ "format_path_semicolon", { "a", "v", -1, "/;Secure", false, false,
	    HTTP_SAMESITE_LAX }, CONG_EINVAL, NULL },
	{ "format_path_control", { "a", "v", -1, "/a\nb", false, false,
	    HTTP_SAMESITE_LAX }, CONG_EINVAL, NULL },
	{ "format_max_age_negative", { "a", "v", -2, NULL, false, false,
	    HTTP_SAMESITE_LAX }, CONG_EINVAL, NULL },
	{ "format_samesite_out_of_range", { "a", "v", -1, NULL, false, false,
	    HTTP_SAMESITE__MAX }, CONG_EINVAL, NULL },
	{ "format_samesite_none_insecure", { "a", "v", -1, NULL, false,
	    false, HTTP_SAMESITE_NONE }, CONG_EINVAL, NULL },
	{ "format_secure_prefix_insecure", { "__Secure-a", "v", -1, "/",
	    false, false, HTTP_SAMESITE_LAX }, CONG_EINVAL, NULL },
	{ "format_host_prefix_lowercase_insecure", { "__host-a", "v", -1,
	    "/", false, false, HTTP_SAMESITE_LAX }, CONG_EINVAL, NULL },
	{ "format_host_prefix_wrong_path", { "__Host-a", "v", -1, "/a",
	    true, false, HTTP_SAMESITE_LAX }, CONG_EINVAL, NULL },
	{ "format_host_prefix_no_path", { "__Host-a", "v", -1, NULL, true,
	    false, HTTP_SAMESITE_LAX }, CONG_EINVAL, NULL },
};

static void
format_table(void **state)
{
	size_t i;
	struct buf b = BUF_INIT;
	const struct format_case *c;
	enum cong_err err;

	UNUSED(state);
	for (i = 0; i < ARRAY_SIZE(format_cases); i++) {
		c = &format_cases[i];
		buf_reset(&b);
		buf_adds(&b, "X");
		err = http_cookie_format(&b, &c->a);
		if (err != c->err)
			fail_msg("%s: got %s", c->name, cong_strerror(err));
		if (err) {
			assert_string_equal(b.ptr, "X");
			continue;
		}
		if (strcmp(b.ptr + 1, c->out) != 0)
			fail_msg("%s: got '%s'", c->name, b.ptr + 1);
	}
	buf_release(&b);
	assert_int_equal(http_cookie_format(&b, NULL), CONG_EINVAL);
}

/* What we write, we read back unchanged. */
static void
format_round_trip(void **state)
{
	struct http_cookie_attrs a = { "sid", "Zm9v-YmFy_0~.", 60, "/", true,
	    true, HTTP_SAMESITE_STRICT };
	struct buf b = BUF_INIT;
	const char *v;
	size_t len;

	UNUSED(state);
	assert_int_equal(http_cookie_format(&b, &a), CONG_OK);
	assert_int_equal(http_cookie_get(b.ptr, b.len, "sid", &v, &len),
	    CONG_OK);
	assert_int_equal(len, strlen(a.value));
	assert_memory_equal(v, a.value, len);
	assert_int_equal(http_cookie_get(b.ptr, b.len, "Path", &v, &len),
	    CONG_OK);
	assert_memory_equal(v, "/", 1);
	buf_release(&b);
}

static void
format_too_big(void **state)
{
	struct http_cookie_attrs a = { "s", NULL, -1, NULL, false, false,
	    HTTP_SAMESITE_LAX };
	struct buf b = BUF_INIT, v = BUF_INIT;

	UNUSED(state);
	while (v.len < HTTP_COOKIE_MAX - 1)
		buf_addc(&v, 'x');
	a.value = v.ptr;
	assert_int_equal(http_cookie_format(&b, &a), CONG_OK);
	buf_reset(&b);
	buf_addc(&v, 'x');
	a.value = v.ptr;
	assert_int_equal(http_cookie_format(&b, &a), CONG_ETOOBIG);
	assert_int_equal(b.len, 0);
	/* the caller's cap: refused, out untouched, flag left as found */
	buf_release(&b);
	buf_init(&b, 16);
	a.value = "abc";
	buf_adds(&b, "Y");
	assert_int_equal(http_cookie_format(&b, &a), CONG_ETOOBIG);
	assert_string_equal(b.ptr, "Y");
	assert_false(buf_ok(&b));
	buf_reset(&b);
	a.value = "";
	assert_int_equal(http_cookie_format(&b, &a), CONG_OK);
	assert_string_equal(b.ptr, "s=; SameSite=Lax");
	assert_true(buf_ok(&b));
	/* an overflow from before the call is not ours to report */
	buf_release(&b);
	buf_init(&b, 64);
	assert_int_equal(buf_grow(&b, 65), CONG_ETOOBIG);
	assert_int_equal(http_cookie_format(&b, &a), CONG_OK);
	assert_false(buf_ok(&b));
	buf_release(&b);
	buf_release(&v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(get_table),
		cmocka_unit_test(cookie_never_reads_past_n),
		cmocka_unit_test(format_table),
		cmocka_unit_test(format_round_trip),
		cmocka_unit_test(format_too_big),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
