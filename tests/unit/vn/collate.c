/* SPDX-License-Identifier: ISC */
/* Unit tests for vn/collate.c: letter order, tones, commune names, keys. */
#include "base/common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include "vn/collate.h"

static int
setup(void **state)
{
	struct vn_collator *c;

	if (vn_collator_new(&c))
		return -1;
	*state = c;
	return 0;
}

static int
teardown(void **state)
{
	vn_collator_free(*state);
	return 0;
}

static int
key_cmp(struct vn_collator *c, const char *a, const char *b)
{
	struct buf ka = BUF_INIT, kb = BUF_INIT;
	size_t n;
	int r;

	assert_int_equal(vn_sort_key(c, a, strlen(a), &ka), CONG_OK);
	assert_int_equal(vn_sort_key(c, b, strlen(b), &kb), CONG_OK);
	assert_int_equal(strlen(ka.ptr), ka.len);	/* no zero byte */
	n = ka.len < kb.len ? ka.len : kb.len;
	r = memcmp(ka.ptr, kb.ptr, n);
	if (r == 0)
		r = ka.len < kb.len ? -1 : ka.len > kb.len;
	buf_release(&ka);
	buf_release(&kb);
	return r < 0 ? -1 : r > 0;
}

/* Each list must be strictly ascending, by vn_collate and by keys. */
static void
check_order(struct vn_collator *c, const char *const *w, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		for (j = 0; j < n; j++) {
			int want = i < j ? -1 : i > j;

			if (vn_collate(c, w[i], strlen(w[i]), w[j],
			    strlen(w[j])) != want)
				fail_msg("collate '%s' '%s'", w[i], w[j]);
			if (key_cmp(c, w[i], w[j]) != want)
				fail_msg("key '%s' '%s'", w[i], w[j]);
		}
	}
}

static void
collate_alphabet(void **state)
{
	static const char *const letters[] = {
		"a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "g", "h", "i",
		"k", "l", "m", "n", "o", "ô", "ơ", "p", "q", "r", "s", "t",
		"u", "ư", "v", "x", "y",
	};

	check_order(*state, letters, ARRAY_SIZE(letters));
}

static void
collate_tones(void **state)
{
	/* level, grave, hook, tilde, acute, dot below */
	static const char *const tones[] = {
		"ma", "mà", "mả", "mã", "má", "mạ",
	};
	static const char *const words[] = {
		"an", "ăn", "ân", "da", "dạ", "đa", "đá", "en", "ên",
	};

	check_order(*state, tones, ARRAY_SIZE(tones));
	check_order(*state, words, ARRAY_SIZE(words));
}

static void
collate_communes(void **state)
{
	/* Communes and towns of Kiên Lương district, in Vietnamese order. */
	static const char *const names[] = {
		"Bình An", "Bình Trị", "Dương Hòa", "Hòa Điền", "Hòn Nghệ",
		"Kiên Bình", "Kiên Lương", "Sơn Hải",
	};
	static const char *const d_names[] = {
		"Duyên Hải", "Dương Hòa", "Đông Hòa", "Đức Hòa",
	};
	static const char *const case_names[] = {
		"an", "An", "ăn", "Ăn",
	};

	check_order(*state, names, ARRAY_SIZE(names));
	check_order(*state, d_names, ARRAY_SIZE(d_names));
	check_order(*state, case_names, ARRAY_SIZE(case_names));
}

static void
collate_equal_and_errors(void **state)
{
	struct vn_collator *c = *state;
	struct buf k;

	/* NFD and NFC are equal. */
	assert_int_equal(vn_collate(c, "Việt", strlen("Việt"),
	    "Vie\xcc\xa3\xcc\x82t", strlen("Vie\xcc\xa3\xcc\x82t")), 0);
	assert_int_equal(key_cmp(c, "Việt", "Vie\xcc\xa3\xcc\x82t"), 0);
	buf_init(&k, 2);
	assert_int_equal(vn_sort_key(c, "a\xff", 2, &k), CONG_EINVAL);
	assert_int_equal(vn_sort_key(c, "Kiên Lương", strlen("Kiên Lương"),
	    &k), CONG_ETOOBIG);
	assert_int_equal(k.len, 0);
	buf_release(&k);
	vn_collator_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(collate_alphabet),
		cmocka_unit_test(collate_tones),
		cmocka_unit_test(collate_communes),
		cmocka_unit_test(collate_equal_and_errors),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
