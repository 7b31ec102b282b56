/* SPDX-License-Identifier: ISC */
/*
 * auth/password.c: argon2id through libsodium's crypto_pwhash_str_alg,
 * and the policy check.
 */
#include "base/common.h"
#include "auth/password.h"
#include "vn/text.h"

#include <strings.h>

enum cong_err
auth_init(void)
{
	return sodium_init() < 0 ? CONG_EUNAVAIL : CONG_OK;
}

enum auth_pw_verdict
auth_password_check(const char *login, const char *pw, size_t n)
{
	size_t i = 0, chars = 0, len;
	uint32_t cp;

	if (!pw)
		return AUTH_PW_TOO_SHORT;
	if (n > AUTH_PW_MAX_BYTES)
		return AUTH_PW_TOO_LONG;
	while (i < n) {
		if (!(len = vn_utf8_next(pw + i, n - i, &cp)))
			return AUTH_PW_BAD_TEXT;
		if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
			return AUTH_PW_BAD_TEXT;
		i += len;
		chars++;
	}
	if (chars < AUTH_PW_MIN_CHARS)
		return AUTH_PW_TOO_SHORT;
	if (login && strlen(login) == n && strncasecmp(login, pw, n) == 0)
		return AUTH_PW_SAME_AS_LOGIN;
	return AUTH_PW_OK;
}

const char *
auth_password_message(enum auth_pw_verdict v)
{
	static const char *const msgs[AUTH_PW__MAX] = {
		[AUTH_PW_OK] = "",
		[AUTH_PW_TOO_SHORT] = "Mật khẩu phải có ít nhất 10 ký tự.",
		[AUTH_PW_TOO_LONG] = "Mật khẩu quá dài (tối đa 1024 byte).",
		[AUTH_PW_SAME_AS_LOGIN] =
		    "Mật khẩu không được trùng với tên đăng nhập.",
		[AUTH_PW_BAD_TEXT] =
		    "Mật khẩu chứa ký tự không hợp lệ.",
	};

	return (unsigned)v < AUTH_PW__MAX ? msgs[v] : "";
}

enum cong_err
auth_password_hash(const char *pw, size_t n, char out[AUTH_PW_HASH_SIZE])
{
	if (n > AUTH_PW_MAX_BYTES)
		return CONG_ETOOBIG;
	if (crypto_pwhash_str_alg(out, pw ? pw : "", n, AUTH_PW_OPSLIMIT,
	    AUTH_PW_MEMLIMIT, crypto_pwhash_ALG_ARGON2ID13) != 0)
		return CONG_ENOMEM;
	return CONG_OK;
}

void
auth_password_dummy(void)
{
	char h[AUTH_PW_HASH_SIZE];

	(void)auth_password_hash("cong-dummy-password", 19, h);
}

bool
auth_password_verify(const char *hash, const char *pw, size_t n)
{
	if (!hash || n > AUTH_PW_MAX_BYTES)
		return false;
	if (strncmp(hash, "$argon2id$", 10) != 0 ||
	    strnlen(hash, AUTH_PW_HASH_SIZE) >= AUTH_PW_HASH_SIZE) {
		auth_password_dummy();
		return false;
	}
	return crypto_pwhash_str_verify(hash, pw ? pw : "", n) == 0;
}

bool
auth_password_needs_rehash(const char *hash)
{
	if (!hash)
		return true;
	return crypto_pwhash_str_needs_rehash(hash, AUTH_PW_OPSLIMIT,
	    AUTH_PW_MEMLIMIT) != 0;
}
