/* SPDX-License-Identifier: ISC */
/* Unit tests for http/route.c: patterns, captures, HEAD, 405. */
#include "http/route.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

static enum cong_err
h(struct http_req *req, struct http_resp *resp)
{
	UNUSED(req);
	UNUSED(resp);
	return CONG_OK;
}

static const struct http_route routes[] = {
	{ HTTP_GET, "/", h, (void *)"home", 0 },
	{ HTTP_GET, "/chuyen-muc/{}", h, (void *)"cat", 0 },
	{ HTTP_GET, "/chuyen-muc/{}/rss.xml", h, (void *)"catrss", 0 },
	{ HTTP_GET, "/tin-tuc/{}", h, (void *)"art", 0 },
	{ HTTP_GET, "/tin-tuc/{}/in", h, (void *)"print", 0 },
	{ HTTP_POST, "/quan-tri/dang-nhap", h, (void *)"loginpost", 0 },
	{ HTTP_GET, "/quan-tri/dang-nhap", h, (void *)"login", 0 },
};

static const struct {
	enum http_method m;
	const char *path;
	enum cong_err want;
	const char *ud;
	const char *arg0;
} cases[] = {
	{ HTTP_GET, "/", CONG_OK, "home", NULL },
	{ HTTP_HEAD, "/", CONG_OK, "home", NULL },
	{ HTTP_GET, "/chuyen-muc/su-kien", CONG_OK, "cat", "su-kien" },
	{ HTTP_GET, "/chuyen-muc/su-kien/rss.xml", CONG_OK, "catrss",
	    "su-kien" },
	{ HTTP_GET, "/tin-tuc/a-b-c/in", CONG_OK, "print", "a-b-c" },
	{ HTTP_GET, "/tin-tuc/a-b-c", CONG_OK, "art", "a-b-c" },
	{ HTTP_GET, "/quan-tri/dang-nhap", CONG_OK, "login", NULL },
	{ HTTP_POST, "/quan-tri/dang-nhap", CONG_OK, "loginpost", NULL },
	/* negative cases */
	{ HTTP_GET, "/chuyen-muc/", CONG_ENOTFOUND, NULL, NULL },
	{ HTTP_GET, "/chuyen-muc", CONG_ENOTFOUND, NULL, NULL },
	{ HTTP_GET, "/tin-tuc/a/b", CONG_ENOTFOUND, NULL, NULL },
	{ HTTP_GET, "/tin-tuc/a/", CONG_ENOTFOUND, NULL, NULL },
	{ HTTP_GET, "", CONG_ENOTFOUND, NULL, NULL },
	{ HTTP_GET, "/x", CONG_ENOTFOUND, NULL, NULL },
	{ HTTP_POST, "/", CONG_EPERM, NULL, NULL },
};

static void
route_table(void **state)
{
	size_t i;

	UNUSED(state);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct http_route *r = NULL;
		const char *args[HTTP_ROUTE_ARGS];
		size_t args_len[HTTP_ROUTE_ARGS];
		unsigned allow;
		enum cong_err err;

		err = http_route_match(routes, ARRAY_SIZE(routes), cases[i].m,
		    cases[i].path, strlen(cases[i].path), &r, args, args_len,
		    &allow);
		assert_int_equal(err, cases[i].want);
		if (err)
			continue;
		assert_string_equal(r->ud, cases[i].ud);
		if (cases[i].arg0) {
			assert_int_equal(args_len[0], strlen(cases[i].arg0));
			assert_memory_equal(args[0], cases[i].arg0,
			    args_len[0]);
		}
	}
}

static void
route_method_not_allowed_lists_allow(void **state)
{
	const struct http_route *r;
	const char *args[HTTP_ROUTE_ARGS];
	size_t args_len[HTTP_ROUTE_ARGS];
	unsigned allow = 0;

	UNUSED(state);
	assert_int_equal(http_route_match(routes, ARRAY_SIZE(routes),
	    HTTP_POST, "/tin-tuc/x", 10, &r, args, args_len, &allow),
	    CONG_EPERM);
	assert_int_equal(allow, (1u << HTTP_GET) | (1u << HTTP_HEAD));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(route_table),
		cmocka_unit_test(route_method_not_allowed_lists_allow),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
