/* SPDX-License-Identifier: ISC */
/*
 * auth/session.c: tokens, the sessions table and the session cookie.
 * The cookie helpers use http/cookie.h, whose pure functions were written
 * for this caller; auth_has_session_cookie() reads the request header and
 * nothing else of http/.
 */
#include "base/common.h"
#include "auth/session.h"
#include "auth/user.h"
#include "http/cookie.h"
#include "http/request.h"
#include "store/store.h"

#include <sodium.h>

static int64_t idle_secs = AUTH_SESSION_IDLE;
static int64_t absolute_secs = AUTH_SESSION_ABSOLUTE;

void
auth_session_configure(int64_t idle, int64_t absolute)
{
	if (idle > 0)
		idle_secs = idle;
	if (absolute > 0)
		absolute_secs = absolute;
}

int64_t
auth_session_idle(void)
{
	return idle_secs;
}

int64_t
auth_session_absolute(void)
{
	return absolute_secs;
}

void
auth_random_hex(char *out, size_t nbytes)
{
	unsigned char raw[64];

	if (nbytes > sizeof(raw))
		nbytes = sizeof(raw);
	randombytes_buf(raw, nbytes);
	sodium_bin2hex(out, 2 * nbytes + 1, raw, nbytes);
	sodium_memzero(raw, sizeof(raw));
}

void
auth_token_hash(const char *tok, size_t n, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, (const unsigned char *)tok, n);
	sodium_bin2hex(out, 65, h, sizeof(h));
}

enum cong_err
auth_session_create(struct store_conn *db, struct auth_user *u,
    const char *remote, int64_t now, char token[AUTH_TOKEN_HEX + 1])
{
	char hash[65];
	int64_t id = 0;
	enum cong_err err;

	auth_random_hex(token, AUTH_TOKEN_HEX / 2);
	auth_random_hex(u->csrf, AUTH_CSRF_HEX / 2);
	auth_token_hash(token, AUTH_TOKEN_HEX, hash);
	{
		struct store_val v[7] = { SV_INT(u->site_id), SV_INT(u->id),
		    SV_STR(hash), SV_STR(u->csrf), SV_INT(now),
		    SV_INT(now + absolute_secs), SV_STR(remote ? remote : "") };

		err = store_exec(db, ST_SESSION_INSERT, v, 7, &id, NULL);
	}
	if (err) {
		sodium_memzero(token, AUTH_TOKEN_HEX + 1);
		return err;
	}
	u->session_id = id;
	return CONG_OK;
}

static bool
is_token(const char *tok, size_t n)
{
	size_t i;

	if (!tok || n != AUTH_TOKEN_HEX)
		return false;
	for (i = 0; i < n; i++)
		if (!((tok[i] >= '0' && tok[i] <= '9') ||
		    (tok[i] >= 'a' && tok[i] <= 'f')))
			return false;
	return true;
}

struct found {
	struct auth_user *u;
	struct buf *flash;
	int64_t last_seen, expires_at;
	bool role_ok;
	bool seen;
};

static void
copy_text(char *dst, size_t size, const char *s, size_t n)
{
	if (n >= size)
		n = size - 1;
	memcpy(dst, s, n);
	dst[n] = '\0';
}

static enum cong_err
session_row(void *ud, const struct store_row *r)
{
	struct found *f = ud;
	const char *s;
	size_t n;

	f->u->session_id = store_row_int(r, 0);
	f->u->id = store_row_int(r, 1);
	s = store_row_text(r, 2, &n);
	copy_text(f->u->csrf, sizeof(f->u->csrf), s, n);
	f->last_seen = store_row_int(r, 3);
	f->expires_at = store_row_int(r, 4);
	s = store_row_text(r, 5, &n);
	if (f->flash && n)
		buf_add(f->flash, s, n);
	s = store_row_text(r, 6, &n);
	copy_text(f->u->login, sizeof(f->u->login), s, n);
	s = store_row_text(r, 7, &n);
	copy_text(f->u->name, sizeof(f->u->name), s, n);
	s = store_row_text(r, 8, &n);
	f->role_ok = auth_role_parse(s, n, &f->u->role) == CONG_OK;
	f->u->disabled_at = store_row_is_null(r, 9) ? 0 :
	    store_row_int(r, 9);
	f->seen = true;
	return CONG_OK;
}

enum cong_err
auth_session_lookup(struct store_conn *db, int64_t site_id, const char *tok,
    size_t n, int64_t now, struct auth_user *out, struct buf *flash)
{
	struct found f = { out, flash, 0, 0, false, false };
	char hash[65];
	size_t flash_len = flash ? flash->len : 0;
	enum cong_err err;

	memset(out, 0, sizeof(*out));
	if (!is_token(tok, n))
		return CONG_ENOTFOUND;
	auth_token_hash(tok, n, hash);
	{
		struct store_val v[2] = { SV_STR(hash), SV_INT(site_id) };

		err = store_query(db, ST_SESSION_GET, v, 2, session_row, &f);
	}
	if (!err && !f.seen)
		err = CONG_ENOTFOUND;
	if (err)
		goto out;
	out->site_id = site_id;
	if (out->disabled_at || !f.role_ok) {
		auth_session_end_all(db, site_id, out->id);
		err = CONG_ENOTFOUND;
		goto out;
	}
	if (now >= f.expires_at || now - f.last_seen >= idle_secs) {
		auth_session_end(db, out->session_id);
		err = CONG_ENOTFOUND;
		goto out;
	}
	if (now > f.last_seen) {
		struct store_val v[2] = { SV_INT(out->session_id),
		    SV_INT(now) };

		if ((err = store_exec(db, ST_SESSION_TOUCH, v, 2, NULL, NULL)))
			goto out;
	}
	err = auth_user_load_categories(db, out);
out:
	if (err) {
		if (flash)
			buf_truncate(flash, flash_len);
		memset(out, 0, sizeof(*out));
	}
	return err;
}

enum cong_err
auth_session_from_cookie(struct store_conn *db, int64_t site_id,
    const char *hdr, size_t n, bool tls, int64_t now, struct auth_user *out,
    struct buf *flash)
{
	const char *val = NULL;
	size_t len = 0;

	memset(out, 0, sizeof(*out));
	if (!hdr || http_cookie_get(hdr, n, auth_cookie_name(tls), &val,
	    &len))
		return CONG_ENOTFOUND;
	return auth_session_lookup(db, site_id, val, len, now, out, flash);
}

enum cong_err
auth_session_flash(struct store_conn *db, int64_t session_id,
    const char *text)
{
	struct store_val v[2] = { SV_INT(session_id), SV_STRN(text,
	    strnlen(text, AUTH_FLASH_MAX)) };

	return store_exec(db, ST_SESSION_FLASH_SET, v, 2, NULL, NULL);
}

enum cong_err
auth_session_end(struct store_conn *db, int64_t session_id)
{
	struct store_val v[1] = { SV_INT(session_id) };

	return store_exec(db, ST_SESSION_DELETE, v, 1, NULL, NULL);
}

enum cong_err
auth_session_end_all(struct store_conn *db, int64_t site_id,
    int64_t user_id)
{
	struct store_val v[2] = { SV_INT(site_id), SV_INT(user_id) };

	return store_exec(db, ST_SESSION_DELETE_USER, v, 2, NULL, NULL);
}

enum cong_err
auth_session_purge(struct store_conn *db, int64_t now)
{
	struct store_val v[2] = { SV_INT(now), SV_INT(now - idle_secs) };

	return store_exec(db, ST_SESSION_PURGE, v, 2, NULL, NULL);
}

const char *
auth_cookie_name(bool tls)
{
	return tls ? AUTH_COOKIE_TLS : AUTH_COOKIE_PLAIN;
}

enum cong_err
auth_cookie_format(struct buf *out, bool tls, const char *token)
{
	struct http_cookie_attrs a = {
		.name = auth_cookie_name(tls),
		.value = token ? token : "",
		.max_age = token ? absolute_secs : 0,
		.path = "/",
		.secure = tls,
		.http_only = true,
		.same_site = HTTP_SAMESITE_LAX,
	};

	return http_cookie_format(out, &a);
}

bool
auth_cookie_header_has_session(const char *hdr, size_t n)
{
	const char *v;
	size_t len;

	if (!hdr)
		return false;
	return http_cookie_get(hdr, n, AUTH_COOKIE_TLS, &v, &len) == CONG_OK ||
	    http_cookie_get(hdr, n, AUTH_COOKIE_PLAIN, &v, &len) == CONG_OK;
}

bool
auth_has_session_cookie(const struct http_req *req)
{
	const char *hdr;
	size_t n = 0;

	if (!req)
		return false;
	hdr = http_req_header(req, "cookie", &n);
	return auth_cookie_header_has_session(hdr, n);
}
