/* SPDX-License-Identifier: ISC */
/* Unit tests for auth/session.c, csrf.c, throttle.c and user.c against a
 * real SQLite store: token hashing, session lifetime (idle, absolute,
 * logout, log out everywhere, disabled users), the cookie, CSRF and
 * Origin checks, throttling windows, accounts. */
#include "base/common.h"
#include "base/buf.h"
#include "base/log.h"
#include "auth/csrf.h"
#include "auth/session.h"
#include "auth/throttle.h"
#include "auth/user.h"
#include "store/store.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <cmocka.h>

#define T0 1750000000
#define PW "mật khẩu dài đủ"

struct fixture {
	char dir[64];
	char url[128];
	struct store *st;
	struct store_conn *c;
	int64_t site, site2, user;
};

static int64_t
add_site(struct store_conn *c, const char *host, int is_default)
{
	struct store_val v[14] = {
		SV_STR(host), SV_STR("Cổng"), SV_STR(""), SV_STR(""),
		SV_STR(""), SV_STR(""), SV_STR(""), SV_STR(""), SV_STR(""),
		SV_STR(""), SV_STR("portal"), SV_INT(is_default), SV_STR("[]"),
		SV_INT(1)
	};
	int64_t id = 0;

	if (store_exec(c, ST_SITE_INSERT, v, 14, &id, NULL))
		return 0;
	return id;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	struct buf cmd = BUF_INIT;
	int rc;

	store_conn_free(f->c);
	store_free(f->st);
	buf_addf(&cmd, "rm -rf '%s'", f->dir);
	rc = system(cmd.ptr);
	buf_release(&cmd);
	free(f);
	return rc ? -1 : 0;
}

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));

	log_set_quiet(true);
	snprintf(f->dir, sizeof(f->dir), "/tmp/cong-auth-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->url, sizeof(f->url), "sqlite:%s/t.db", f->dir);
	*state = f;
	if (store_open(f->url, true, &f->st) || store_migrate(f->st, NULL) ||
	    store_conn_new(f->st, &f->c))
		goto fail;
	f->site = add_site(f->c, "a.example", 1);
	f->site2 = add_site(f->c, "b.example", 0);
	if (!f->site || !f->site2 || auth_user_add(f->c, f->site, "lan",
	    "Nguyễn Thị Lan", AUTH_ROLE_EDITOR, PW, strlen(PW), "test", T0,
	    &f->user))
		goto fail;
	auth_session_configure(AUTH_SESSION_IDLE, AUTH_SESSION_ABSOLUTE);
	return 0;
fail:
	teardown(state);
	return -1;
}

/* ------------------------------------------------------------------ */

static void
token_hash_known(void **state)
{
	char h[65];

	(void)state;
	/* SHA-256("abc"), FIPS 180-2 appendix B.1 */
	auth_token_hash("abc", 3, h);
	assert_string_equal(h, "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad");
}

static void
token_random_hex(void **state)
{
	char a[65], b[65];
	size_t i;

	(void)state;
	auth_random_hex(a, 32);
	auth_random_hex(b, 32);
	assert_int_equal(strlen(a), 64);
	assert_string_not_equal(a, b);
	for (i = 0; i < 64; i++)
		assert_non_null(strchr("0123456789abcdef", a[i]));
}

static void
session_roundtrip(void **state)
{
	struct fixture *f = *state;
	struct auth_user u, got;
	struct buf flash = BUF_INIT;
	char tok[AUTH_TOKEN_HEX + 1];

	assert_int_equal(auth_user_by_login(f->c, f->site, "lan", &u, NULL),
	    CONG_OK);
	assert_int_equal(auth_session_create(f->c, &u, "10.0.0.1", T0, tok),
	    CONG_OK);
	assert_int_equal(strlen(tok), AUTH_TOKEN_HEX);
	assert_int_equal(strlen(u.csrf), AUTH_CSRF_HEX);
	assert_int_equal(auth_session_lookup(f->c, f->site, tok,
	    strlen(tok), T0 + 10, &got, &flash), CONG_OK);
	assert_int_equal(got.id, u.id);
	assert_string_equal(got.login, "lan");
	assert_string_equal(got.name, "Nguyễn Thị Lan");
	assert_int_equal(got.role, AUTH_ROLE_EDITOR);
	assert_string_equal(got.csrf, u.csrf);
	assert_int_equal(flash.len, 0);
	/* flash */
	assert_int_equal(auth_session_flash(f->c, got.session_id,
	    "Đã lưu."), CONG_OK);
	assert_int_equal(auth_session_lookup(f->c, f->site, tok,
	    strlen(tok), T0 + 11, &got, &flash), CONG_OK);
	assert_string_equal(flash.ptr, "Đã lưu.");
	/* the same token on another site is no session */
	assert_int_equal(auth_session_lookup(f->c, f->site2, tok,
	    strlen(tok), T0 + 12, &got, NULL), CONG_ENOTFOUND);
	/* logout */
	assert_int_equal(auth_session_end(f->c, u.session_id), CONG_OK);
	assert_int_equal(auth_session_lookup(f->c, f->site, tok,
	    strlen(tok), T0 + 13, &got, NULL), CONG_ENOTFOUND);
	buf_release(&flash);
}

static void
session_bad_tokens(void **state)
{
	struct fixture *f = *state;
	struct auth_user got;
	static const char *const bad[] = {
		"", "abc",
		/* upper-case hex: not what we issue */
		"ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789",
		/* right shape, never issued */
		"abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789",
		"abcdef0123456789abcdef0123456789abcdef0123456789abcdef012345678g",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++)
		assert_int_equal(auth_session_lookup(f->c, f->site, bad[i],
		    strlen(bad[i]), T0, &got, NULL), CONG_ENOTFOUND);
}

static void
session_expiry(void **state)
{
	struct fixture *f = *state;
	struct auth_user u, got;
	char tok[AUTH_TOKEN_HEX + 1];
	int64_t t;

	assert_int_equal(auth_user_by_login(f->c, f->site, "lan", &u, NULL),
	    CONG_OK);
	/* idle: each request within the window keeps it alive */
	assert_int_equal(auth_session_create(f->c, &u, "", T0, tok), CONG_OK);
	for (t = T0; t < T0 + 3 * AUTH_SESSION_IDLE; t += AUTH_SESSION_IDLE - 1)
		assert_int_equal(auth_session_lookup(f->c, f->site, tok, 64, t,
		    &got, NULL), CONG_OK);
	assert_int_equal(auth_session_lookup(f->c, f->site, tok, 64,
	    t + AUTH_SESSION_IDLE, &got, NULL), CONG_ENOTFOUND);
	/* once expired, gone for good: even an earlier clock */
	assert_int_equal(auth_session_lookup(f->c, f->site, tok, 64, t,
	    &got, NULL), CONG_ENOTFOUND);
	/* absolute: a busy session still ends */
	assert_int_equal(auth_session_create(f->c, &u, "", T0, tok), CONG_OK);
	for (t = T0; t < T0 + AUTH_SESSION_ABSOLUTE; t += 600)
		assert_int_equal(auth_session_lookup(f->c, f->site, tok, 64, t,
		    &got, NULL), CONG_OK);
	assert_int_equal(auth_session_lookup(f->c, f->site, tok, 64,
	    T0 + AUTH_SESSION_ABSOLUTE, &got, NULL), CONG_ENOTFOUND);
	/* a configured idle timeout */
	auth_session_configure(2, 0);
	assert_int_equal(auth_session_idle(), 2);
	assert_int_equal(auth_session_absolute(), AUTH_SESSION_ABSOLUTE);
	assert_int_equal(auth_session_create(f->c, &u, "", T0, tok), CONG_OK);
	assert_int_equal(auth_session_lookup(f->c, f->site, tok, 64, T0 + 1,
	    &got, NULL), CONG_OK);
	assert_int_equal(auth_session_lookup(f->c, f->site, tok, 64, T0 + 3,
	    &got, NULL), CONG_ENOTFOUND);
	auth_session_configure(AUTH_SESSION_IDLE, 0);
}

static void
session_end_all_and_disable(void **state)
{
	struct fixture *f = *state;
	struct auth_user u, got;
	char t1[AUTH_TOKEN_HEX + 1], t2[AUTH_TOKEN_HEX + 1];

	assert_int_equal(auth_user_by_login(f->c, f->site, "lan", &u, NULL),
	    CONG_OK);
	assert_int_equal(auth_session_create(f->c, &u, "", T0, t1), CONG_OK);
	assert_int_equal(auth_session_create(f->c, &u, "", T0, t2), CONG_OK);
	assert_int_equal(auth_session_end_all(f->c, f->site, u.id), CONG_OK);
	assert_int_equal(auth_session_lookup(f->c, f->site, t1, 64, T0, &got,
	    NULL), CONG_ENOTFOUND);
	assert_int_equal(auth_session_lookup(f->c, f->site, t2, 64, T0, &got,
	    NULL), CONG_ENOTFOUND);
	/* disabling kills sessions and the right to log in */
	assert_int_equal(auth_session_create(f->c, &u, "", T0, t1), CONG_OK);
	assert_int_equal(auth_user_set_disabled(f->c, f->site, u.id, true,
	    "test", T0), CONG_OK);
	assert_int_equal(auth_session_lookup(f->c, f->site, t1, 64, T0, &got,
	    NULL), CONG_ENOTFOUND);
	assert_int_equal(auth_user_set_disabled(f->c, f->site, u.id, false,
	    "test", T0), CONG_OK);
	assert_int_equal(auth_user_set_disabled(f->c, f->site, 9999, true,
	    "test", T0), CONG_ENOTFOUND);
}

static void
session_cookie(void **state)
{
	struct fixture *f = *state;
	struct buf b = BUF_INIT;
	struct auth_user got;
	char tok[AUTH_TOKEN_HEX + 1], hdr[200];
	struct auth_user u;

	assert_int_equal(auth_cookie_format(&b, false, "abc"), CONG_OK);
	assert_string_equal(b.ptr, "cong_session=abc; Path=/; Max-Age=43200;"
	    " HttpOnly; SameSite=Lax");
	buf_reset(&b);
	assert_int_equal(auth_cookie_format(&b, true, "abc"), CONG_OK);
	assert_string_equal(b.ptr, "__Host-cong=abc; Path=/; Max-Age=43200;"
	    " Secure; HttpOnly; SameSite=Lax");
	buf_reset(&b);
	assert_int_equal(auth_cookie_format(&b, false, NULL), CONG_OK);
	assert_non_null(strstr(b.ptr, "Max-Age=0"));
	buf_release(&b);

	assert_true(auth_cookie_header_has_session("a=1; cong_session=x",
	    19));
	assert_true(auth_cookie_header_has_session("__Host-cong=x", 13));
	assert_false(auth_cookie_header_has_session("cong=x; a=b", 11));
	assert_false(auth_cookie_header_has_session(NULL, 0));

	assert_int_equal(auth_user_by_login(f->c, f->site, "lan", &u, NULL),
	    CONG_OK);
	assert_int_equal(auth_session_create(f->c, &u, "", T0, tok), CONG_OK);
	snprintf(hdr, sizeof(hdr), "x=1; cong_session=%s", tok);
	assert_int_equal(auth_session_from_cookie(f->c, f->site, hdr,
	    strlen(hdr), false, T0, &got, NULL), CONG_OK);
	/* behind TLS only the __Host- cookie counts */
	assert_int_equal(auth_session_from_cookie(f->c, f->site, hdr,
	    strlen(hdr), true, T0, &got, NULL), CONG_ENOTFOUND);
}

static void
csrf_token(void **state)
{
	struct auth_user u;
	char other[AUTH_CSRF_HEX + 1];

	(void)state;
	memset(&u, 0, sizeof(u));
	assert_false(auth_csrf_check(&u, "", 0));	/* csrf_no_session */
	auth_random_hex(u.csrf, AUTH_CSRF_HEX / 2);
	memcpy(other, u.csrf, sizeof(other));
	assert_true(auth_csrf_check(&u, other, AUTH_CSRF_HEX));
	other[10] = other[10] == 'a' ? 'b' : 'a';
	assert_false(auth_csrf_check(&u, other, AUTH_CSRF_HEX));
	assert_false(auth_csrf_check(&u, u.csrf, AUTH_CSRF_HEX - 1));
	assert_false(auth_csrf_check(&u, NULL, 0));
	assert_false(auth_csrf_check(NULL, u.csrf, AUTH_CSRF_HEX));
}

static void
csrf_origin(void **state)
{
	static const struct {
		const char *origin, *site;
		bool ok;
	} cases[] = {
		{ NULL, NULL, true },
		{ "http://a.example:8080", NULL, true },
		{ "https://A.example:8080", NULL, true },
		{ "http://evil.example", NULL, false },	/* origin_other */
		{ "http://a.example:8080.evil", NULL, false },
		{ "null", NULL, false },		/* origin_null */
		{ "http://a.example", NULL, false },	/* origin_port */
		{ NULL, "same-origin", true },
		{ NULL, "none", true },
		{ NULL, "cross-site", false },		/* fetch_cross */
		{ NULL, "same-site", false },
		{ "http://a.example:8080", "cross-site", false },
	};
	const char *host = "a.example:8080";
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const char *o = cases[i].origin, *s = cases[i].site;

		if (auth_origin_ok(host, strlen(host), o, o ? strlen(o) : 0,
		    s, s ? strlen(s) : 0) != cases[i].ok)
			fail_msg("case %zu", i);
	}
}

static void
throttle_windows(void **state)
{
	struct fixture *f = *state;
	bool locked = true;
	int i;

	/* per login: 5 failures lock it, for that login only */
	for (i = 0; i < AUTH_THROTTLE_LOGIN_MAX; i++) {
		assert_int_equal(auth_throttle_locked(f->c, f->site, "lan",
		    "10.0.0.1", T0 + i, &locked), CONG_OK);
		assert_false(locked);
		assert_int_equal(auth_throttle_record(f->c, f->site, "lan",
		    "10.0.0.1", T0 + i, false), CONG_OK);
	}
	assert_int_equal(auth_throttle_locked(f->c, f->site, "lan",
	    "10.0.0.2", T0 + 10, &locked), CONG_OK);
	assert_true(locked);
	assert_int_equal(auth_throttle_locked(f->c, f->site, "binh",
	    "10.0.0.1", T0 + 10, &locked), CONG_OK);
	assert_false(locked);
	/* another site's "lan" is another account */
	assert_int_equal(auth_throttle_locked(f->c, f->site2, "lan",
	    "10.0.0.3", T0 + 10, &locked), CONG_OK);
	assert_false(locked);
	/* the window slides: after 15 minutes the first failure is out */
	assert_int_equal(auth_throttle_locked(f->c, f->site, "lan",
	    "10.0.0.2", T0 + AUTH_THROTTLE_WINDOW - 1, &locked), CONG_OK);
	assert_true(locked);
	assert_int_equal(auth_throttle_locked(f->c, f->site, "lan",
	    "10.0.0.2", T0 + AUTH_THROTTLE_WINDOW, &locked), CONG_OK);
	assert_false(locked);
	/* a success clears the login's count */
	assert_int_equal(auth_throttle_record(f->c, f->site, "lan",
	    "10.0.0.2", T0 + 20, true), CONG_OK);
	assert_int_equal(auth_throttle_locked(f->c, f->site, "lan",
	    "10.0.0.2", T0 + 21, &locked), CONG_OK);
	assert_false(locked);
	/* per address: 20 failures over many logins */
	for (i = 0; i < AUTH_THROTTLE_ADDR_MAX; i++) {
		char login[16];

		snprintf(login, sizeof(login), "u%d", i);
		assert_int_equal(auth_throttle_record(f->c, f->site, login,
		    "10.9.9.9", T0 + 100, false), CONG_OK);
	}
	assert_int_equal(auth_throttle_locked(f->c, f->site, "newname",
	    "10.9.9.9", T0 + 101, &locked), CONG_OK);
	assert_true(locked);
	assert_int_equal(auth_throttle_locked(f->c, f->site, "newname",
	    "10.9.9.8", T0 + 101, &locked), CONG_OK);
	assert_false(locked);
}

static void
user_login_flow(void **state)
{
	struct fixture *f = *state;
	struct auth_user u;
	enum auth_login_result r;
	int i;

	assert_int_equal(auth_login(f->c, f->site, "lan", PW, strlen(PW),
	    "10.1.1.1", T0, &u, &r), CONG_OK);
	assert_int_equal(r, AUTH_LOGIN_OK);
	assert_string_equal(u.login, "lan");
	assert_int_equal(auth_login(f->c, f->site, "lan", "sai mật khẩu", 15,
	    "10.1.1.1", T0, &u, &r), CONG_OK);
	assert_int_equal(r, AUTH_LOGIN_BAD);
	assert_int_equal(u.id, 0);
	assert_int_equal(auth_login(f->c, f->site, "nobody", PW, strlen(PW),
	    "10.1.1.1", T0, &u, &r), CONG_OK);
	assert_int_equal(r, AUTH_LOGIN_BAD);
	/* the same login and password on another site: no account */
	assert_int_equal(auth_login(f->c, f->site2, "lan", PW, strlen(PW),
	    "10.1.1.1", T0, &u, &r), CONG_OK);
	assert_int_equal(r, AUTH_LOGIN_BAD);
	for (i = 0; i < AUTH_THROTTLE_LOGIN_MAX; i++)
		assert_int_equal(auth_login(f->c, f->site, "lan", "x", 1,
		    "10.1.1.2", T0 + 1, &u, &r), CONG_OK);
	/* locked: even the right password is refused */
	assert_int_equal(auth_login(f->c, f->site, "lan", PW, strlen(PW),
	    "10.1.1.3", T0 + 2, &u, &r), CONG_OK);
	assert_int_equal(r, AUTH_LOGIN_THROTTLED);
	/* disabled: refused */
	assert_int_equal(auth_user_set_disabled(f->c, f->site, f->user, true,
	    "test", T0), CONG_OK);
	assert_int_equal(auth_login(f->c, f->site, "lan", PW, strlen(PW),
	    "10.1.1.4", T0 + 2 * AUTH_THROTTLE_WINDOW, &u, &r), CONG_OK);
	assert_int_equal(r, AUTH_LOGIN_BAD);
}

static void
user_accounts(void **state)
{
	struct fixture *f = *state;
	struct auth_user u;
	json_t *list = NULL;
	int64_t id = 0, cats[1];
	static const char *const names[] = { "an", "Đặng Văn Đức",
	    "Bùi Thị Ánh" };
	static const char *const logins[] = { "an", "duc", "anh" };
	const char *np = "mật khẩu mới 123";
	size_t i;
	enum auth_login_result r;

	/* duplicates, bad passwords */
	assert_int_equal(auth_user_add(f->c, f->site, "lan", "", 
	    AUTH_ROLE_ADMIN, PW, strlen(PW), "t", T0, NULL), CONG_EEXIST);
	assert_int_equal(auth_user_add(f->c, f->site, "short", "",
	    AUTH_ROLE_ADMIN, "123", 3, "t", T0, NULL), CONG_EINVAL);
	assert_int_equal(auth_user_add(f->c, f->site, "samesame1",
	    "", AUTH_ROLE_ADMIN, "samesame1x", 9, "t", T0, NULL), CONG_EINVAL);
	/* the same login on another site is another account */
	assert_int_equal(auth_user_add(f->c, f->site2, "lan", "",
	    AUTH_ROLE_ADMIN, PW, strlen(PW), "t", T0, NULL), CONG_OK);
	for (i = 0; i < ARRAY_SIZE(names); i++)
		assert_int_equal(auth_user_add(f->c, f->site, logins[i],
		    i ? names[i] : "", AUTH_ROLE_CONTRIBUTOR, PW, strlen(PW),
		    "t", T0, &id), CONG_OK);
	assert_int_equal(auth_user_list(f->c, f->site, &list), CONG_OK);
	assert_int_equal(json_array_size(list), 4);
	/* an < Bùi < Đặng < Nguyễn in Vietnamese order */
	assert_string_equal(json_string_value(json_object_get(
	    json_array_get(list, 0), "login")), "an");
	assert_string_equal(json_string_value(json_object_get(
	    json_array_get(list, 1), "login")), "anh");
	assert_string_equal(json_string_value(json_object_get(
	    json_array_get(list, 2), "login")), "duc");
	assert_string_equal(json_string_value(json_object_get(
	    json_array_get(list, 3), "login")), "lan");
	assert_string_equal(json_string_value(json_object_get(
	    json_array_get(list, 3), "role_label")), "Biên tập viên");
	json_decref(list);
	/* new password: old one stops working */
	assert_int_equal(auth_user_set_password(f->c, f->site, id, "x", 1,
	    "t", T0), CONG_EINVAL);
	assert_int_equal(auth_user_set_password(f->c, f->site, id, np,
	    strlen(np), "t", T0), CONG_OK);
	assert_int_equal(auth_login(f->c, f->site, "anh", np, strlen(np),
	    "10.2.2.2", T0, &u, &r), CONG_OK);
	assert_int_equal(r, AUTH_LOGIN_OK);
	assert_int_equal(auth_login(f->c, f->site, "anh", PW, strlen(PW),
	    "10.2.2.2", T0, &u, &r), CONG_OK);
	assert_int_equal(r, AUTH_LOGIN_BAD);
	/* category limits; a category of no site is refused */
	cats[0] = 424242;
	assert_int_equal(auth_user_set_categories(f->c, f->site, id, cats, 1,
	    "t", T0), CONG_EINVAL);
	assert_int_equal(auth_user_by_id(f->c, f->site, id, &u), CONG_OK);
	assert_int_equal(u.ncats, 0);
}

static void
user_login_names(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "lan", "lan" },
		{ "Nguyen.Van-A_2", "nguyen.van-a_2" },
		{ "a", NULL },			/* login_too_short */
		{ ".lan", NULL },		/* login_leading_dot */
		{ "lan thi", NULL },		/* login_space */
		{ "lân", NULL },		/* login_non_ascii */
		{ "", NULL },
	};
	char out[AUTH_LOGIN_MAX + 1], big[AUTH_LOGIN_MAX + 2];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		enum cong_err err = auth_login_normalize(cases[i].in,
		    strlen(cases[i].in), out);

		if (cases[i].out) {
			assert_int_equal(err, CONG_OK);
			assert_string_equal(out, cases[i].out);
		} else {
			assert_int_equal(err, CONG_EINVAL);
		}
	}
	memset(big, 'a', sizeof(big));
	assert_int_equal(auth_login_normalize(big, sizeof(big), out),
	    CONG_EINVAL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(token_hash_known),
		cmocka_unit_test(token_random_hex),
		cmocka_unit_test_setup_teardown(session_roundtrip, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(session_bad_tokens, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(session_expiry, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(session_end_all_and_disable,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(session_cookie, setup,
		    teardown),
		cmocka_unit_test(csrf_token),
		cmocka_unit_test(csrf_origin),
		cmocka_unit_test_setup_teardown(throttle_windows, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(user_login_flow, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(user_accounts, setup,
		    teardown),
		cmocka_unit_test(user_login_names),
	};

	if (auth_init())
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
