/* SPDX-License-Identifier: ISC */
/* Unit tests for auth/role.c: the whole role matrix as a table, category
 * limits, disabled users, role names. */
#include "base/common.h"
#include "auth/role.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <cmocka.h>

/* C E A D: contributor, editor, approver, admin. */
static const struct {
	enum auth_action a;
	bool c, e, ap, ad;
} matrix[] = {
	{ AUTH_WRITE,		  true,  true,  true,  true },
	{ AUTH_SUBMIT,		  true,  true,  true,  true },
	{ AUTH_UPLOAD,		  true,  true,  true,  true },
	{ AUTH_EDIT_ANY,	  false, true,  true,  true },
	{ AUTH_RETURN,		  false, true,  true,  true },
	{ AUTH_PUBLISH,		  false, false, true,  true },
	{ AUTH_UNPUBLISH,	  false, false, true,  true },
	{ AUTH_SCHEDULE,	  false, false, true,  true },
	{ AUTH_FORCE_PUBLISH,	  false, false, true,  true },
	{ AUTH_MANAGE_USERS,	  false, false, false, true },
	{ AUTH_MANAGE_CATEGORIES, false, false, false, true },
	{ AUTH_MANAGE_SETTINGS,	  false, false, false, true },
};

static void
role_matrix(void **state)
{
	struct auth_user u;
	size_t i;

	(void)state;
	assert_int_equal(ARRAY_SIZE(matrix), AUTH_ACTION__MAX);
	for (i = 0; i < ARRAY_SIZE(matrix); i++) {
		bool want[AUTH_ROLE__MAX] = { matrix[i].c, matrix[i].e,
		    matrix[i].ap, matrix[i].ad };
		int r;

		for (r = 0; r < AUTH_ROLE__MAX; r++) {
			memset(&u, 0, sizeof(u));
			u.role = (enum auth_role)r;
			if (auth_can(&u, matrix[i].a, 7) != want[r])
				fail_msg("%s as %s: want %d",
				    auth_action_name(matrix[i].a),
				    auth_role_name(u.role), want[r]);
		}
	}
}

static void
role_category_limits(void **state)
{
	struct auth_user u;

	(void)state;
	memset(&u, 0, sizeof(u));
	u.role = AUTH_ROLE_APPROVER;
	u.ncats = 2;
	u.cats[0] = 3;
	u.cats[1] = 9;
	assert_true(auth_can(&u, AUTH_PUBLISH, 3));
	assert_true(auth_can(&u, AUTH_PUBLISH, 9));
	assert_false(auth_can(&u, AUTH_PUBLISH, 4));
	assert_false(auth_can(&u, AUTH_WRITE, 4));
	assert_true(auth_can(&u, AUTH_WRITE, 0));	/* some category */
	assert_true(auth_can(&u, AUTH_UPLOAD, 4));	/* not per category */
	u.role = AUTH_ROLE_ADMIN;			/* site-wide */
	assert_true(auth_can(&u, AUTH_PUBLISH, 4));
}

static void
role_disabled_can_nothing(void **state)
{
	struct auth_user u;
	int a;

	(void)state;
	memset(&u, 0, sizeof(u));
	u.role = AUTH_ROLE_ADMIN;
	u.disabled_at = 1700000000;
	for (a = 0; a < AUTH_ACTION__MAX; a++)
		assert_false(auth_can(&u, (enum auth_action)a, 0));
	assert_false(auth_can(NULL, AUTH_WRITE, 0));
	u.disabled_at = 0;
	assert_false(auth_can(&u, AUTH_ACTION__MAX, 0));
	u.role = AUTH_ROLE__MAX;
	assert_false(auth_can(&u, AUTH_WRITE, 0));
}

static void
role_parse(void **state)
{
	static const struct {
		const char *in;
		enum cong_err err;
		enum auth_role role;
	} cases[] = {
		{ "contributor", CONG_OK, AUTH_ROLE_CONTRIBUTOR },
		{ "editor", CONG_OK, AUTH_ROLE_EDITOR },
		{ "approver", CONG_OK, AUTH_ROLE_APPROVER },
		{ "admin", CONG_OK, AUTH_ROLE_ADMIN },
		{ "Admin", CONG_EINVAL, 0 },		/* role_parse_case */
		{ "adm", CONG_EINVAL, 0 },		/* role_parse_prefix */
		{ "", CONG_EINVAL, 0 },
		{ "administrator", CONG_EINVAL, 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		enum auth_role r = AUTH_ROLE__MAX;

		assert_int_equal(auth_role_parse(cases[i].in,
		    strlen(cases[i].in), &r), cases[i].err);
		if (!cases[i].err)
			assert_int_equal(r, cases[i].role);
		else
			assert_int_equal(r, AUTH_ROLE__MAX);
	}
	assert_string_equal(auth_role_label(AUTH_ROLE_CONTRIBUTOR),
	    "Cộng tác viên");
	assert_string_equal(auth_role_name(AUTH_ROLE__MAX), "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(role_matrix),
		cmocka_unit_test(role_category_limits),
		cmocka_unit_test(role_disabled_can_nothing),
		cmocka_unit_test(role_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
