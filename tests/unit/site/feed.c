/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for site/feed.c: site paths in a feed's HTML become
 * absolute, and nothing else changes; the tag: URI authority.
 */
#include "site/feed.c"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <cmocka.h>

static void
feed_absolutize_table(void **state)
{
	static const char base[] = "https://kienluong.gov.vn";
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "", "" },
		{ "<p>x</p>", "<p>x</p>" },
		{ "<img src=\"/media/a.jpg\">",
		    "<img src=\"https://kienluong.gov.vn/media/a.jpg\">" },
		{ "<a href=\"/tin-tuc/b\">b</a>",
		    "<a href=\"https://kienluong.gov.vn/tin-tuc/b\">b</a>" },
		{ "<a href=\"//evil.example/x\">x</a>",
		    "<a href=\"//evil.example/x\">x</a>" },
		{ "<a href=\"https://a.vn/\">a</a>",
		    "<a href=\"https://a.vn/\">a</a>" },
		{ "<a href=\"#muc\">m</a>", "<a href=\"#muc\">m</a>" },
		{ "<p>src=\"/x\" in text</p>", "<p>src=\"/x\" in text</p>" },
		{ "<img alt=\"a\" src=\"/m.png\"><img src=\"/n.png\">",
		    "<img alt=\"a\" src=\"https://kienluong.gov.vn/m.png\">"
		    "<img src=\"https://kienluong.gov.vn/n.png\">" },
		{ " src=\"/", " src=\"/" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct buf out = BUF_INIT;

		assert_int_equal(feed_absolutize(cases[i].in,
		    strlen(cases[i].in), base, strlen(base), &out), CONG_OK);
		assert_string_equal(out.ptr, cases[i].out);
		buf_release(&out);
	}
}

static void
feed_absolutize_cap(void **state)
{
	struct buf out;

	(void)state;
	buf_init(&out, 20);
	assert_int_equal(feed_absolutize("<img src=\"/media/a.jpg\">", 24,
	    "https://kienluong.gov.vn", 24, &out), CONG_ETOOBIG);
	buf_release(&out);
}

static void
feed_tag_authority_table(void **state)
{
	static const struct {
		const char *host, *out;
	} cases[] = {
		{ "kienluong.gov.vn", "kienluong.gov.vn" },
		{ "127.0.0.1:8080", "127.0.0.1" },
		{ "a.vn:", "a.vn" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct buf out = BUF_INIT;

		tag_authority(cases[i].host, &out);
		assert_string_equal(out.ptr, cases[i].out);
		buf_release(&out);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(feed_absolutize_table),
		cmocka_unit_test(feed_absolutize_cap),
		cmocka_unit_test(feed_tag_authority_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
