/* SPDX-License-Identifier: ISC */
/*
 * admin.c: the newsroom's shared request steps: headers, site, session,
 * CSRF, rendering inside templates/admin/layout, redirects with a flash
 * message.
 */
#include "base/common.h"
#include "base/buf.h"
#include "base/log.h"
#include "admin/admin.h"
#include "auth/csrf.h"
#include "auth/session.h"
#include "content/site.h"
#include "http/server.h"
#include "render/escape.h"
#include "render/tmpl.h"

#include <stdio.h>
#include <time.h>

static const struct tmpl_set *tmpls;
static bool behind_tls;

static int64_t
env_secs(const char *name)
{
	const char *s = getenv(name);
	char *end = NULL;
	long long v;

	if (!s || !*s)
		return 0;
	v = strtoll(s, &end, 10);
	if (*end || v <= 0 || v > 30LL * 24 * 3600) {
		log_error("ignoring %s='%s': not a number of seconds", name, s);
		return 0;
	}
	return (int64_t)v;
}

void
admin_init(const struct tmpl_set *templates, bool tls)
{
	tmpls = templates;
	behind_tls = tls;
	auth_session_configure(env_secs("CONG_SESSION_IDLE"),
	    env_secs("CONG_SESSION_MAX"));
}

bool
admin_behind_tls(void)
{
	return behind_tls;
}

const struct tmpl_set *
admin_templates(void)
{
	return tmpls;
}

void
admin_headers(struct http_resp *resp)
{
	resp->max_age = -1;
	http_resp_header(resp, "x-frame-options", "DENY");
	http_resp_header(resp, "content-security-policy",
	    "frame-ancestors 'none'");
	http_resp_header(resp, "referrer-policy", "same-origin");
}

static void
ctx_init(struct admin_ctx *ctx)
{
	memset(ctx, 0, sizeof(*ctx));
	buf_init(&ctx->flash, AUTH_FLASH_MAX);
	ctx->form = (struct http_params)HTTP_PARAMS_INIT;
}

void
admin_ctx_release(struct admin_ctx *ctx)
{
	if (!ctx)
		return;
	json_decref(ctx->site);
	ctx->site = NULL;
	buf_release(&ctx->flash);
	http_params_release(&ctx->form);
}

static enum cong_err
to_login(struct http_req *req, struct http_resp *resp)
{
	struct buf loc = BUF_INIT;
	enum cong_err err;

	buf_adds(&loc, ADMIN_LOGIN_URL);
	if (req->method != HTTP_POST) {
		buf_adds(&loc, "?tiep=");
		escape_url_component(&loc, req->path, req->path_len);
	}
	err = buf_ok(&loc) ? http_resp_redirect(resp, 303, loc.ptr) :
	    http_resp_redirect(resp, 303, ADMIN_LOGIN_URL);
	buf_release(&loc);
	return err;
}

enum cong_err
admin_begin(struct http_req *req, struct http_resp *resp,
    struct admin_ctx *ctx)
{
	const char *cookie;
	size_t n = 0;
	enum cong_err err;

	ctx_init(ctx);
	admin_headers(resp);
	if ((err = site_resolve(req->db, req->host, req->host_len,
	    &ctx->site)))
		return err;
	ctx->site_id = json_integer_value(json_object_get(ctx->site, "id"));
	cookie = http_req_header(req, "cookie", &n);
	err = auth_session_from_cookie(req->db, ctx->site_id, cookie, n,
	    behind_tls, req->now, &ctx->user, &ctx->flash);
	if (err == CONG_ENOTFOUND) {
		ctx->answered = true;
		return to_login(req, resp);
	}
	if (err)
		return err;
	/* a flash message is shown once: the page about to render shows it */
	if (ctx->flash.len && req->method != HTTP_POST)
		err = auth_session_flash(req->db, ctx->user.session_id, "");
	return err;
}

enum cong_err
admin_check_post(struct http_req *req, struct admin_ctx *ctx)
{
	const char *origin, *site, *tok;
	size_t olen = 0, slen = 0, tlen = 0;
	enum cong_err err;

	origin = http_req_header(req, "origin", &olen);
	site = http_req_header(req, "sec-fetch-site", &slen);
	if (!auth_origin_ok(req->host, req->host_len, origin, olen, site,
	    slen)) {
		log_info("admin: cross-site POST to '%s' refused", req->path);
		return CONG_EPERM;
	}
	http_params_release(&ctx->form);
	if ((err = http_params_parse(&ctx->form, req->body, req->body_len)))
		return err == CONG_ETOOBIG ? err : CONG_EINVAL;
	tok = http_params_get(&ctx->form, AUTH_CSRF_FIELD, &tlen);
	if (!auth_csrf_check(&ctx->user, tok, tlen)) {
		log_info("admin: POST to '%s' without a valid csrf token",
		    req->path);
		http_params_release(&ctx->form);
		return CONG_EPERM;
	}
	return CONG_OK;
}

const char *
admin_field(const struct admin_ctx *ctx, const char *name, size_t *len)
{
	return http_params_get(&ctx->form, name, len);
}

json_t *
admin_user_json(const struct auth_user *u)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:b, s:b, s:b, s:b}",
	    "id", (json_int_t)u->id, "login", u->login,
	    "name", u->name[0] ? u->name : u->login,
	    "role", auth_role_name(u->role),
	    "role_label", auth_role_label(u->role),
	    "is_admin", auth_can(u, AUTH_MANAGE_USERS, 0),
	    "can_publish", auth_can(u, AUTH_PUBLISH, 0),
	    "can_return", auth_can(u, AUTH_RETURN, 0),
	    "can_upload", auth_can(u, AUTH_UPLOAD, 0));
}

enum cong_err
admin_render(struct http_req *req, struct http_resp *resp,
    struct admin_ctx *ctx, const char *name, const char *title,
    json_t *data)
{
	json_t *c = data ? json_copy(data) : json_object();
	struct tm tm;
	time_t now = (time_t)req->now + 7 * 3600;
	enum cong_err err;

	gmtime_r(&now, &tm);
	json_object_set(c, "site", ctx->site);
	if (ctx->user.id) {
		json_object_set_new(c, "me", admin_user_json(&ctx->user));
		json_object_set_new(c, "csrf", json_string(ctx->user.csrf));
	}
	if (ctx->flash.len)
		json_object_set_new(c, "flash", json_stringn(ctx->flash.ptr,
		    ctx->flash.len));
	json_object_set_new(c, "title", json_string(title ? title : ""));
	json_object_set_new(c, "now_year", json_integer(tm.tm_year + 1900));
	json_object_set_new(c, "assets", json_pack("{s:s}", "admin_css",
	    http_static_url("css/admin.css")));
	resp->content_type = "text/html; charset=utf-8";
	buf_reset(&resp->body);
	err = tmpl_render(tmpls, name, c, &resp->body);
	if (err)
		log_error("cannot render '%s': %s", name, cong_strerror(err));
	json_decref(c);
	return err;
}

enum cong_err
admin_redirect(struct http_req *req, struct http_resp *resp,
    struct admin_ctx *ctx, const char *location, const char *flash)
{
	enum cong_err err;

	if (flash && ctx->user.session_id &&
	    (err = auth_session_flash(req->db, ctx->user.session_id, flash)))
		return err;
	return http_resp_redirect(resp, 303, location);
}
