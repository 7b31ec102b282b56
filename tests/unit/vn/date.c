/* SPDX-License-Identifier: ISC */
/* Unit tests for vn/date.c: every style, the weekdays, strict parsing. */
#include "base/common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <cmocka.h>

#include "vn/date.h"

#define SEED 1563440040LL	/* 2019-07-18 15:54:00 +07:00 */

static void
date_format_styles(void **state)
{
	static const struct {
		enum vn_date_style style;
		const char *out;
	} cases[] = {
		{ VN_DATE_STAMP, "15:54 | 18/07/2019" },
		{ VN_DATE_DAY, "18/07/2019" },
		{ VN_DATE_LONG, "Thứ năm, 18/07/2019" },
		{ VN_DATE_LONG_TIME, "Thứ năm, 18/07/2019, 15:54" },
		{ VN_DATE_RFC3339, "2019-07-18T15:54:00+07:00" },
		{ VN_DATE_RFC822, "Thu, 18 Jul 2019 15:54:00 +0700" },
		{ VN_DATE_HTTP, "Thu, 18 Jul 2019 08:54:00 GMT" },
		{ VN_DATE_ISO_DAY, "2019-07-18" },
	};
	struct buf b = BUF_INIT;
	size_t i;

	UNUSED(state);
	/* TZ must not matter. */
	setenv("TZ", "America/New_York", 1);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		buf_reset(&b);
		assert_int_equal(vn_date_format(&b, SEED, cases[i].style),
		    CONG_OK);
		assert_string_equal(b.ptr, cases[i].out);
	}
	buf_release(&b);
}

static void
date_weekdays_and_midnight(void **state)
{
	static const char *const days[] = {
		"Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật", "Thứ hai",
		"Thứ ba", "Thứ tư",
	};
	struct buf b = BUF_INIT;
	size_t i;

	UNUSED(state);
	for (i = 0; i < ARRAY_SIZE(days); i++) {
		buf_reset(&b);
		assert_int_equal(vn_date_format(&b, SEED + (int64_t)i * 86400,
		    VN_DATE_LONG), CONG_OK);
		assert_memory_equal(b.ptr, days[i], strlen(days[i]));
	}
	/* 17:00 UTC is already the next day in Vietnam. */
	buf_reset(&b);
	assert_int_equal(vn_date_format(&b, 1563382800LL, VN_DATE_STAMP),
	    CONG_OK);
	assert_string_equal(b.ptr, "00:00 | 18/07/2019");
	buf_reset(&b);
	assert_int_equal(vn_date_format(&b, 1563382799LL, VN_DATE_ISO_DAY),
	    CONG_OK);
	assert_string_equal(b.ptr, "2019-07-17");
	buf_release(&b);
}

static void
date_format_errors(void **state)
{
	struct buf b;

	UNUSED(state);
	buf_init(&b, 5);
	assert_int_equal(vn_date_format(&b, SEED, VN_DATE_STAMP),
	    CONG_ETOOBIG);
	assert_int_equal(b.len, 0);
	assert_int_equal(vn_date_format(&b, SEED, VN_DATE__MAX), CONG_EINVAL);
	assert_int_equal(vn_date_format(&b, INT64_MAX, VN_DATE_DAY),
	    CONG_EINVAL);
	assert_int_equal(vn_date_format(&b, INT64_MIN, VN_DATE_DAY),
	    CONG_EINVAL);
	buf_release(&b);
}

struct pcase {
	const char *name, *in;
	enum cong_err err;
	int64_t utc;
};

static void
run_parse(const struct pcase *c, size_t n,
    enum cong_err (*fn)(const char *, size_t, int64_t *))
{
	int64_t t;
	size_t i;

	for (i = 0; i < n; i++) {
		t = -1;
		if (fn(c[i].in, strlen(c[i].in), &t) != c[i].err)
			fail_msg("%s: wrong result", c[i].name);
		if (c[i].err == CONG_OK && t != c[i].utc)
			fail_msg("%s: got %lld", c[i].name, (long long)t);
		if (c[i].err != CONG_OK && t != -1)
			fail_msg("%s: *utc written on error", c[i].name);
	}
}

static void
date_parse_stamp_table(void **state)
{
	static const struct pcase cases[] = {
		{ "seed", "(15:54 | 18/07/2019)", CONG_OK, SEED },
		{ "bare", "15:54 | 18/07/2019", CONG_OK, SEED },
		{ "tight", "15:54|18/07/2019", CONG_OK, SEED },
		{ "spaces", "  ( 15:54  |  18/7/2019 )  ", CONG_OK, SEED },
		{ "stamp_unclosed_paren", "(15:54 | 18/07/2019", CONG_EINVAL,
		  0 },
		{ "stamp_stray_close", "15:54 | 18/07/2019)", CONG_EINVAL, 0 },
		{ "stamp_hour_24", "24:00 | 18/07/2019", CONG_EINVAL, 0 },
		{ "stamp_minute_60", "12:60 | 18/07/2019", CONG_EINVAL, 0 },
		{ "stamp_feb_31", "10:00 | 31/02/2019", CONG_EINVAL, 0 },
		{ "stamp_feb_29_common", "10:00 | 29/02/2019", CONG_EINVAL,
		  0 },
		{ "stamp_no_bar", "15:54 18/07/2019", CONG_EINVAL, 0 },
		{ "stamp_one_digit_hour", "5:54 | 18/07/2019", CONG_EINVAL, 0 },
		{ "stamp_trailing", "15:54 | 18/07/2019x", CONG_EINVAL, 0 },
		{ "stamp_empty", "", CONG_EINVAL, 0 },
	};

	UNUSED(state);
	run_parse(cases, ARRAY_SIZE(cases), vn_date_parse_stamp);
}

static void
date_parse_day_table(void **state)
{
	static const struct pcase cases[] = {
		{ "slash", "18/07/2019", CONG_OK, 1563382800LL },
		{ "slash_short", "18/7/2019", CONG_OK, 1563382800LL },
		{ "iso", "2019-07-18", CONG_OK, 1563382800LL },
		{ "iso_spaces", " 2019-07-18 ", CONG_OK, 1563382800LL },
		{ "leap", "29/02/2024", CONG_OK, 1709139600LL },
		{ "y2000_leap", "2000-02-29", CONG_OK, 946684800LL + 59 *
		  86400 - 7 * 3600 },
		{ "day_feb_31", "31/02/2019", CONG_EINVAL, 0 },
		{ "day_1900_not_leap", "1900-02-29", CONG_EINVAL, 0 },
		{ "day_month_13", "2019-13-01", CONG_EINVAL, 0 },
		{ "day_zero", "00/07/2019", CONG_EINVAL, 0 },
		{ "day_apr_31", "31/04/2019", CONG_EINVAL, 0 },
		{ "day_short_year", "18/07/19", CONG_EINVAL, 0 },
		{ "day_iso_short", "2019-7-18", CONG_EINVAL, 0 },
		{ "day_with_time", "2019-07-18T10:00", CONG_EINVAL, 0 },
	};

	UNUSED(state);
	run_parse(cases, ARRAY_SIZE(cases), vn_date_parse_day);
}

static void
date_parse_local_table(void **state)
{
	static const struct pcase cases[] = {
		{ "local", "2019-07-18T15:54", CONG_OK, SEED },
		{ "local_seconds", "2019-07-18T15:54:30", CONG_OK, SEED + 30 },
		{ "local_space", "2019-07-18 15:54", CONG_OK, SEED },
		{ "local_hour_24", "2019-07-18T24:00", CONG_EINVAL, 0 },
		{ "local_feb_30", "2019-02-30T10:00", CONG_EINVAL, 0 },
		{ "local_zone", "2019-07-18T15:54Z", CONG_EINVAL, 0 },
		{ "local_no_time", "2019-07-18", CONG_EINVAL, 0 },
		{ "local_bad_seconds", "2019-07-18T15:54:6", CONG_EINVAL, 0 },
		{ "local_second_60", "2019-07-18T15:54:60", CONG_EINVAL, 0 },
	};

	UNUSED(state);
	run_parse(cases, ARRAY_SIZE(cases), vn_date_parse_local);
}

static void
date_roundtrip(void **state)
{
	struct buf b = BUF_INIT;
	int64_t t, back;

	UNUSED(state);
	for (t = -2000000000LL; t < 4000000000LL; t += 7777777) {
		t -= t % 60;
		buf_reset(&b);
		assert_int_equal(vn_date_format(&b, t, VN_DATE_STAMP), CONG_OK);
		assert_int_equal(vn_date_parse_stamp(b.ptr, b.len, &back),
		    CONG_OK);
		assert_int_equal(back, t);
	}
	buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(date_format_styles),
		cmocka_unit_test(date_weekdays_and_midnight),
		cmocka_unit_test(date_format_errors),
		cmocka_unit_test(date_parse_stamp_table),
		cmocka_unit_test(date_parse_day_table),
		cmocka_unit_test(date_parse_local_table),
		cmocka_unit_test(date_roundtrip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
