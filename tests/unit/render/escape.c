/* SPDX-License-Identifier: ISC */
/* Unit tests for render/escape.c: one table per escaper, plus caps. */
#include "base/common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include "base/buf.h"
#include "render/escape.h"

struct esc_case {
	const char *in;
	size_t n;	/* 0: strlen(in) */
	const char *out;
};

typedef enum cong_err (*escaper)(struct buf *, const char *, size_t);

static void
run_table(escaper fn, const struct esc_case *cases, size_t ncases)
{
	struct buf b = BUF_INIT;
	size_t i, n;

	for (i = 0; i < ncases; i++) {
		buf_reset(&b);
		n = cases[i].n ? cases[i].n : strlen(cases[i].in);
		assert_int_equal(fn(&b, cases[i].in, n), CONG_OK);
		assert_string_equal(b.ptr, cases[i].out);
	}
	buf_release(&b);
}

static const struct esc_case html_cases[] = {
	{ "", 0, "" },
	{ "plain text", 0, "plain text" },
	{ "a & b", 0, "a &amp; b" },
	{ "<script>alert(1)</script>", 0,
	    "&lt;script&gt;alert(1)&lt;/script&gt;" },
	{ "\"quoted\" 'single'", 0, "&quot;quoted&quot; &#39;single&#39;" },
	{ "&amp;", 0, "&amp;amp;" },
	{ "Ủy ban nhân dân <xã>", 0, "Ủy ban nhân dân &lt;xã&gt;" },
	{ "`=/", 0, "`=/" },
};

static void
escape_html_table(void **state)
{
	struct buf b = BUF_INIT;

	UNUSED(state);
	run_table(escape_html, html_cases, ARRAY_SIZE(html_cases));
	run_table(escape_attr, html_cases, ARRAY_SIZE(html_cases));
	assert_int_equal(escape_html(&b, "a\0<b", 4), CONG_OK);
	assert_int_equal(b.len, 7);
	assert_memory_equal(b.ptr, "a\0&lt;b", 7);
	buf_release(&b);
}

static const struct esc_case url_cases[] = {
	{ "", 0, "" },
	{ "AZaz09-._~", 0, "AZaz09-._~" },
	{ "a b", 0, "a%20b" },
	{ "a+b&c=d/e?f#g", 0, "a%2Bb%26c%3Dd%2Fe%3Ff%23g" },
	{ "xã", 0, "x%C3%A3" },
	{ "%", 0, "%25" },
	{ "\"<>'", 0, "%22%3C%3E%27" },
	{ "\n\x7f\xff", 0, "%0A%7F%FF" },
};

static void
escape_url_table(void **state)
{
	UNUSED(state);
	run_table(escape_url_component, url_cases, ARRAY_SIZE(url_cases));
}

static const struct esc_case xml_cases[] = {
	{ "", 0, "" },
	{ "Tin tức & sự kiện", 0, "Tin tức &amp; sự kiện" },
	{ "<a href=\"x\">'</a>", 0,
	    "&lt;a href=&quot;x&quot;&gt;&apos;&lt;/a&gt;" },
	{ "tab\tlf\ncr\r", 0, "tab\tlf\ncr\r" },
	{ "a\x01\x08\x0b\x0c\x1f" "b", 0, "ab" },
	{ "x\xef\xbf\xbey\xef\xbf\xbfz", 0, "xyz" },		/* U+FFFE/F */
	{ "\xef\xbf\xbd", 0, "\xef\xbf\xbd" },			/* U+FFFD ok */
	{ "s\xed\xa0\x80t", 0, "st" },				/* surrogate */
	{ "bad\xc3(\xff", 0, "bad(" },				/* not UTF-8 */
	{ "\xc0\xaf", 0, "" },					/* overlong */
	{ "\xf0\x9f\x98\x80", 0, "\xf0\x9f\x98\x80" },		/* emoji */
	{ "a\0b", 3, "ab" },
};

static void
escape_xml_table(void **state)
{
	UNUSED(state);
	run_table(escape_xml, xml_cases, ARRAY_SIZE(xml_cases));
}

static const struct esc_case json_cases[] = {
	{ "", 0, "" },
	{ "{\"a\":1}", 0, "{\"a\":1}" },
	{ "\"</script><script>x\"", 0,
	    "\"\\u003c\\u002fscript\\u003e\\u003cscript\\u003ex\"" },
	{ "\"a&b\"", 0, "\"a\\u0026b\"" },
	{ "\"\xe2\x80\xa8|\xe2\x80\xa9\"", 0, "\"\\u2028|\\u2029\"" },
	{ "\"\xe2\x80\xa7\"", 0, "\"\xe2\x80\xa7\"" },	/* U+2027 kept */
	{ "\"\xe2\x80\"", 0, "\"\xe2\x80\"" },		/* cut sequence */
	{ "\"<!--\"", 0, "\"\\u003c!--\"" },
};

static void
escape_json_in_html_table(void **state)
{
	UNUSED(state);
	run_table(escape_json_in_html, json_cases, ARRAY_SIZE(json_cases));
}

/* Every escaper stops at the cap, reports it and keeps the buf sound. */
static void
escape_cap_reached(void **state)
{
	static const escaper fns[] = {
		escape_html, escape_attr, escape_url_component, escape_xml,
		escape_json_in_html,
	};
	struct buf b;
	size_t i;

	UNUSED(state);
	for (i = 0; i < ARRAY_SIZE(fns); i++) {
		buf_init(&b, 8);
		assert_int_equal(fns[i](&b, "<<<<<<<<", 8), CONG_ETOOBIG);
		assert_true(b.len <= 8);
		assert_false(buf_ok(&b));
		assert_int_equal(b.ptr[b.len], '\0');
		buf_release(&b);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(escape_html_table),
		cmocka_unit_test(escape_url_table),
		cmocka_unit_test(escape_xml_table),
		cmocka_unit_test(escape_json_in_html_table),
		cmocka_unit_test(escape_cap_reached),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
