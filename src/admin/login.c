/* SPDX-License-Identifier: ISC */
/*
 * login.c: the login form, logging in, logging out and "log out
 * everywhere". The login POST has no session to bind a CSRF token to;
 * it is guarded by the Origin / Sec-Fetch-Site check and by SameSite=Lax
 * on the cookie it sets. Wrong login and wrong password get the same
 * message, so the form does not tell which accounts exist.
 */
#include "base/common.h"
#include "base/buf.h"
#include "base/log.h"
#include "admin/admin.h"
#include "auth/csrf.h"
#include "auth/session.h"
#include "auth/throttle.h"
#include "auth/user.h"
#include "content/site.h"
#include "vn/text.h"

#include <sodium.h>

#define MSG_BAD "Tên đăng nhập hoặc mật khẩu không đúng."

/* Where to go after login: only a path inside the newsroom. */
static const char *
next_url(const char *p, size_t n)
{
	size_t i;

	if (!p || n < 10 || n > 512 || strncmp(p, "/quan-tri/", 10) != 0)
		return "/quan-tri/";
	for (i = 0; i < n; i++)
		if ((unsigned char)p[i] <= ' ' || p[i] == '\\' ||
		    (unsigned char)p[i] >= 0x7f)
			return "/quan-tri/";
	if (strstr(p, "//") || strstr(p, "/dang-xuat"))
		return "/quan-tri/";
	return p;
}

static enum cong_err
render_form(struct http_req *req, struct http_resp *resp,
    struct admin_ctx *ctx, json_t *data)
{
	return admin_render(req, resp, ctx, "admin/login", "Đăng nhập", data);
}

enum cong_err
admin_login_form(struct http_req *req, struct http_resp *resp)
{
	struct admin_ctx ctx;
	const char *cookie, *next;
	size_t n = 0, nlen = 0;
	json_t *data = NULL;
	enum cong_err err;

	memset(&ctx, 0, sizeof(ctx));
	admin_headers(resp);
	if ((err = site_resolve(req->db, req->host, req->host_len,
	    &ctx.site)))
		goto out;
	ctx.site_id = json_integer_value(json_object_get(ctx.site, "id"));
	next = http_params_get(&req->params, "tiep", &nlen);
	cookie = http_req_header(req, "cookie", &n);
	if (!auth_session_from_cookie(req->db, ctx.site_id, cookie, n,
	    admin_behind_tls(), req->now, &ctx.user, NULL)) {
		err = http_resp_redirect(resp, 303, next_url(next, nlen));
		goto out;
	}
	data = json_pack("{s:s}", "next", next_url(next, nlen));
	err = render_form(req, resp, &ctx, data);
out:
	json_decref(data);
	json_decref(ctx.site);
	return err;
}

static enum cong_err
start_session(struct http_req *req, struct http_resp *resp,
    struct auth_user *u, const char *next)
{
	char token[AUTH_TOKEN_HEX + 1];
	struct buf cookie = BUF_INIT;
	enum cong_err err;

	if ((err = auth_session_create(req->db, u, req->remote, req->now,
	    token)))
		return err;
	if (!(err = auth_cookie_format(&cookie, admin_behind_tls(), token)) &&
	    !(err = http_resp_header(resp, "set-cookie", cookie.ptr)))
		err = http_resp_redirect(resp, 303, next);
	buf_release(&cookie);
	sodium_memzero(token, sizeof(token));
	return err;
}

enum cong_err
admin_login_post(struct http_req *req, struct http_resp *resp)
{
	struct admin_ctx ctx;
	struct http_params form = HTTP_PARAMS_INIT;
	const char *login, *pw, *next, *origin, *fsite;
	size_t llen = 0, plen = 0, nlen = 0, olen = 0, slen = 0;
	char norm[AUTH_LOGIN_MAX + 1] = "";
	struct buf shown = BUF_INIT;
	json_t *data = NULL, *errors = json_object();
	enum auth_login_result result = AUTH_LOGIN_BAD;
	enum cong_err err;

	memset(&ctx, 0, sizeof(ctx));
	admin_headers(resp);
	origin = http_req_header(req, "origin", &olen);
	fsite = http_req_header(req, "sec-fetch-site", &slen);
	if (!auth_origin_ok(req->host, req->host_len, origin, olen, fsite,
	    slen)) {
		err = CONG_EPERM;
		goto out;
	}
	if ((err = site_resolve(req->db, req->host, req->host_len,
	    &ctx.site)))
		goto out;
	ctx.site_id = json_integer_value(json_object_get(ctx.site, "id"));
	if (http_params_parse(&form, req->body, req->body_len)) {
		err = CONG_EINVAL;
		goto out;
	}
	login = http_params_get(&form, "login", &llen);
	pw = http_params_get(&form, "password", &plen);
	next = http_params_get(&form, "tiep", &nlen);
	buf_init(&shown, 256);
	/* what was typed is shown back, cleaned; never the password */
	if (login && vn_text_line(login, llen, &shown))
		buf_reset(&shown);
	if (!login || !llen)
		json_object_set_new(errors, "login",
		    json_string("Vui lòng nhập tên đăng nhập."));
	else if (auth_login_normalize(login, llen, norm))
		json_object_set_new(errors, "login", json_string(
		    "Tên đăng nhập chỉ gồm chữ không dấu, số và . _ -"));
	if (!pw || !plen)
		json_object_set_new(errors, "password",
		    json_string("Vui lòng nhập mật khẩu."));
	if (json_object_size(errors) == 0) {
		err = auth_login(req->db, ctx.site_id, norm, pw, plen,
		    req->remote, req->now, &ctx.user, &result);
		if (err)
			goto out;
		if (result == AUTH_LOGIN_OK) {
			err = start_session(req, resp, &ctx.user,
			    next_url(next, nlen));
			goto out;
		}
		json_object_set_new(errors, "form", json_string(
		    result == AUTH_LOGIN_THROTTLED ? AUTH_THROTTLE_MESSAGE :
		    MSG_BAD));
		resp->status = result == AUTH_LOGIN_THROTTLED ? 429 : 401;
	} else {
		resp->status = 422;
	}
	memset(&ctx.user, 0, sizeof(ctx.user));
	data = json_pack("{s:O, s:s#, s:s}", "errors", errors, "login",
	    shown.ptr, (int)shown.len, "next", next_url(next, nlen));
	err = render_form(req, resp, &ctx, data);
out:
	json_decref(data);
	json_decref(errors);
	json_decref(ctx.site);
	buf_release(&shown);
	http_params_release(&form);
	return err;
}

static enum cong_err
logout(struct http_req *req, struct http_resp *resp, bool everywhere)
{
	struct admin_ctx ctx;
	struct buf cookie = BUF_INIT;
	enum cong_err err;

	if ((err = admin_begin(req, resp, &ctx)) || ctx.answered)
		goto out;
	if ((err = admin_check_post(req, &ctx)))
		goto out;
	err = everywhere ? auth_session_end_all(req->db, ctx.site_id,
	    ctx.user.id) : auth_session_end(req->db, ctx.user.session_id);
	if (err)
		goto out;
	if (!(err = auth_cookie_format(&cookie, admin_behind_tls(), NULL)) &&
	    !(err = http_resp_header(resp, "set-cookie", cookie.ptr)))
		err = http_resp_redirect(resp, 303, ADMIN_LOGIN_URL);
out:
	buf_release(&cookie);
	admin_ctx_release(&ctx);
	return err;
}

enum cong_err
admin_logout(struct http_req *req, struct http_resp *resp)
{
	return logout(req, resp, false);
}

enum cong_err
admin_logout_all(struct http_req *req, struct http_resp *resp)
{
	return logout(req, resp, true);
}
