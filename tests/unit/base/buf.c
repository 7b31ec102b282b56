/* SPDX-License-Identifier: ISC */
/* Unit tests for base/buf.c: growth, caps, formatting, detach. */
#include "base/buf.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

static void
buf_starts_empty(void **state)
{
	struct buf b = BUF_INIT;

	UNUSED(state);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.ptr, "");
	buf_release(&b);
}

static void
buf_appends_and_terminates(void **state)
{
	struct buf b = BUF_INIT;
	int i;

	UNUSED(state);
	for (i = 0; i < 1000; i++)
		assert_int_equal(buf_adds(&b, "ab"), CONG_OK);
	assert_int_equal(b.len, 2000);
	assert_int_equal(b.ptr[2000], '\0');
	assert_true(buf_ok(&b));
	buf_release(&b);
}

static void
buf_cap_refuses_and_sticks(void **state)
{
	struct buf b;

	UNUSED(state);
	buf_init(&b, 5);
	assert_int_equal(buf_adds(&b, "abcd"), CONG_OK);
	assert_int_equal(buf_adds(&b, "ef"), CONG_ETOOBIG);
	assert_string_equal(b.ptr, "abcd");
	assert_false(buf_ok(&b));
	assert_int_equal(buf_addc(&b, 'e'), CONG_OK);
	assert_string_equal(b.ptr, "abcde");
	assert_int_equal(buf_addc(&b, 'f'), CONG_ETOOBIG);
	buf_reset(&b);
	assert_true(buf_ok(&b));
	buf_release(&b);
}

static void
buf_formats_numbers(void **state)
{
	struct buf b = BUF_INIT;

	UNUSED(state);
	buf_addu(&b, 0);
	buf_addc(&b, ' ');
	buf_addi(&b, INT64_MIN);
	buf_addc(&b, ' ');
	buf_addu(&b, UINT64_MAX);
	buf_addf(&b, " %s=%d", "x", 42);
	assert_string_equal(b.ptr,
	    "0 -9223372036854775808 18446744073709551615 x=42");
	buf_release(&b);
}

static void
buf_detach_hands_over(void **state)
{
	struct buf b = BUF_INIT;
	size_t len;
	char *p;

	UNUSED(state);
	p = buf_detach(&b, &len);
	assert_string_equal(p, "");
	free(p);
	buf_adds(&b, "xin chào");
	p = buf_detach(&b, &len);
	assert_int_equal(len, strlen("xin chào"));
	assert_string_equal(p, "xin chào");
	assert_int_equal(b.len, 0);
	free(p);
	buf_release(NULL);
}

static void
buf_truncate_shortens(void **state)
{
	struct buf b = BUF_INIT;

	UNUSED(state);
	buf_adds(&b, "hello");
	buf_truncate(&b, 10);
	assert_string_equal(b.ptr, "hello");
	buf_truncate(&b, 2);
	assert_string_equal(b.ptr, "he");
	buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(buf_starts_empty),
		cmocka_unit_test(buf_appends_and_terminates),
		cmocka_unit_test(buf_cap_refuses_and_sticks),
		cmocka_unit_test(buf_formats_numbers),
		cmocka_unit_test(buf_detach_hands_over),
		cmocka_unit_test(buf_truncate_shortens),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
