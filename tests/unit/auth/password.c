/* SPDX-License-Identifier: ISC */
/* Unit tests for auth/password.c: the policy as a table, argon2id hash
 * and verify, rehash detection. */
#include "base/common.h"
#include "auth/password.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <cmocka.h>

static void
password_policy(void **state)
{
	static const struct {
		const char *login, *pw;
		enum auth_pw_verdict want;
	} cases[] = {
		{ "an", "0123456789", AUTH_PW_OK },
		{ "an", "012345678", AUTH_PW_TOO_SHORT },	/* 9 chars */
		{ "an", "", AUTH_PW_TOO_SHORT },
		/* 10 letters, 20+ bytes: counted as characters */
		{ "an", "mậtkhẩuđẹp", AUTH_PW_OK },
		/* 9 letters but 17 bytes: still too short */
		{ "an", "mậtkhẩuđẹ", AUTH_PW_TOO_SHORT },
		{ "nguyenvana", "nguyenvana", AUTH_PW_SAME_AS_LOGIN },
		{ "nguyenvana", "NguyenVanA", AUTH_PW_SAME_AS_LOGIN },
		{ "nguyenvana", "nguyenvana1", AUTH_PW_OK },
		{ NULL, "nguyenvana", AUTH_PW_OK },
		{ "an", "0123456789\n", AUTH_PW_BAD_TEXT },	/* control */
		{ "an", "01234567\xc3", AUTH_PW_BAD_TEXT },	/* bad utf-8 */
		{ "an", "0123\xc2\x85" "56789", AUTH_PW_BAD_TEXT },	/* C1 */
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		enum auth_pw_verdict v = auth_password_check(cases[i].login,
		    cases[i].pw, strlen(cases[i].pw));

		if (v != cases[i].want)
			fail_msg("case %zu '%s': got %d want %d", i,
			    cases[i].pw, v, cases[i].want);
	}
	{
		char big[AUTH_PW_MAX_BYTES + 2];

		memset(big, 'x', sizeof(big));
		assert_int_equal(auth_password_check("an", big, sizeof(big)),
		    AUTH_PW_TOO_LONG);
	}
	assert_string_equal(auth_password_message(AUTH_PW_TOO_SHORT),
	    "Mật khẩu phải có ít nhất 10 ký tự.");
	assert_string_equal(auth_password_message(AUTH_PW_OK), "");
}

static void
password_hash_verify(void **state)
{
	char h1[AUTH_PW_HASH_SIZE], h2[AUTH_PW_HASH_SIZE];
	const char *pw = "Mật khẩu an toàn 2025";

	(void)state;
	assert_int_equal(auth_password_hash(pw, strlen(pw), h1), CONG_OK);
	assert_int_equal(auth_password_hash(pw, strlen(pw), h2), CONG_OK);
	assert_memory_equal(h1, "$argon2id$v=19$m=65536,t=2,p=1$", 31);
	assert_string_not_equal(h1, h2);	/* salted */
	assert_true(auth_password_verify(h1, pw, strlen(pw)));
	assert_true(auth_password_verify(h2, pw, strlen(pw)));
	assert_false(auth_password_verify(h1, pw, strlen(pw) - 1));
	assert_false(auth_password_verify(h1, "", 0));
	assert_false(auth_password_verify("$argon2i$bogus", pw, strlen(pw)));
	assert_false(auth_password_verify("", pw, strlen(pw)));
	assert_false(auth_password_verify(NULL, pw, strlen(pw)));
	assert_false(auth_password_needs_rehash(h1));
}

static void
password_rehash_old_params(void **state)
{
	char h[AUTH_PW_HASH_SIZE];
	const char *pw = "0123456789";

	(void)state;
	/* a cheaper hash, as an older release might have written */
	assert_int_equal(crypto_pwhash_str_alg(h, pw, strlen(pw),
	    crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN,
	    crypto_pwhash_ALG_ARGON2ID13), 0);
	assert_true(auth_password_verify(h, pw, strlen(pw)));
	assert_true(auth_password_needs_rehash(h));
	assert_true(auth_password_needs_rehash(NULL));
}

static void
password_too_long_to_hash(void **state)
{
	char big[AUTH_PW_MAX_BYTES + 1], h[AUTH_PW_HASH_SIZE];

	(void)state;
	memset(big, 'x', sizeof(big));
	assert_int_equal(auth_password_hash(big, sizeof(big), h),
	    CONG_ETOOBIG);
	assert_false(auth_password_verify("$argon2id$x", big, sizeof(big)));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(password_policy),
		cmocka_unit_test(password_hash_verify),
		cmocka_unit_test(password_rehash_old_params),
		cmocka_unit_test(password_too_long_to_hash),
	};

	if (auth_init())
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
