/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for site/api.c: the ISO 8601 times updated_since takes, the
 * If-None-Match lists that match an ETag, and the query's integers.
 */
#include "site/api.c"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <cmocka.h>

static void
api_parse_time_table(void **state)
{
	static const struct {
		const char *in;
		enum cong_err err;
		int64_t t;
	} cases[] = {
		{ "2019-07-18T15:54:00+07:00", CONG_OK, 1563440040 },
		{ "2019-07-18T08:54:00Z", CONG_OK, 1563440040 },
		{ "2019-07-18T08:54:00z", CONG_OK, 1563440040 },
		{ "2019-07-18T15:54:00", CONG_OK, 1563440040 },
		{ "2019-07-18 15:54:00", CONG_OK, 1563440040 },
		{ "2019-07-18T03:54:00-05:00", CONG_OK, 1563440040 },
		{ "2019-07-18", CONG_OK, 1563382800 },
		{ "", CONG_EINVAL, 0 },
		{ "yesterday", CONG_EINVAL, 0 },
		{ "2019-02-31T00:00:00Z", CONG_EINVAL, 0 },
		{ "2019-13-01T00:00:00Z", CONG_EINVAL, 0 },
		{ "2019-07-18T24:00:00Z", CONG_EINVAL, 0 },
		{ "2019-07-18T15:54:00+7:00", CONG_EINVAL, 0 },
		{ "2019-07-18T15:54:00+07:00x", CONG_EINVAL, 0 },
		{ "2019-07-18T15:54", CONG_EINVAL, 0 },
		{ "1969-12-31T23:59:59Z", CONG_EINVAL, 0 },
		{ "2019-07-1xT15:54:00Z", CONG_EINVAL, 0 },
		{ "2019-07-18T15:54:00+15:00", CONG_EINVAL, 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		int64_t t = -1;

		assert_int_equal(api_parse_time(cases[i].in, &t),
		    cases[i].err);
		if (!cases[i].err)
			assert_int_equal(t, cases[i].t);
	}
}

static void
api_etag_listed_table(void **state)
{
	static const char etag[] = "\"0123abcd\"";
	static const struct {
		const char *inm;
		bool match;
	} cases[] = {
		{ "\"0123abcd\"", true },
		{ "W/\"0123abcd\"", true },
		{ "\"x\", \"0123abcd\"", true },
		{ "\"x\",\"0123abcd\" ", true },
		{ "*", true },
		{ "", false },
		{ "\"0123abc\"", false },
		{ "\"0123abcd", false },
		{ "0123abcd", false },
		{ "\"x\", \"y\"", false },
		{ "**", false },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++)
		assert_int_equal(etag_listed(cases[i].inm,
		    strlen(cases[i].inm), etag), cases[i].match);
}

static void
api_param_int_table(void **state)
{
	static const struct {
		const char *in;
		bool ok;
		int v;
	} cases[] = {
		{ "1", true, 1 }, { "100", true, 100 }, { "0", false, 0 },
		{ "101", false, 0 }, { "-1", false, 0 }, { "", false, 0 },
		{ "1e2", false, 0 }, { " 5", false, 0 }, { "0005", true, 5 },
		{ "9999999999", false, 0 },
	};
	size_t i;

	(void)state;
	/* per_page (1 to 100) as the API reads it: http_params_int() */
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct http_req req;
		struct export_query q;
		const char *why = NULL;
		char query[64];

		memset(&req, 0, sizeof(req));
		snprintf(query, sizeof(query), "per_page=%s", cases[i].in);
		assert_int_equal(http_params_parse(&req.params, query,
		    strlen(query)), CONG_OK);
		assert_int_equal(read_query(&req, &q, &why), cases[i].ok);
		if (cases[i].ok)
			assert_int_equal(q.per_page, cases[i].v);
		http_params_release(&req.params);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(api_parse_time_table),
		cmocka_unit_test(api_etag_listed_table),
		cmocka_unit_test(api_param_int_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
