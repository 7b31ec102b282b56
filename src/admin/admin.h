/* SPDX-License-Identifier: ISC */
/*
 * admin.h: what every newsroom page (/quan-tri/…) shares, and the page
 * handlers of this folder for cmd/serve.c's route table. A newsroom
 * handler reads like this:
 *
 *	struct admin_ctx ctx;
 *	enum cong_err err;
 *
 *	if ((err = admin_begin(req, resp, &ctx)) || ctx.answered)
 *		goto out;		// error page, or redirected to login
 *	if (!auth_can(&ctx.user, AUTH_PUBLISH, cat)) {
 *		err = CONG_EPERM;	// 403
 *		goto out;
 *	}
 *	// for a POST, before touching anything:
 *	if ((err = admin_check_post(req, &ctx)))
 *		goto out;		// 403 without a valid CSRF token
 *	…read fields with admin_field(&ctx, "title", &len)…
 *	err = admin_render(req, resp, &ctx, "admin/my-page", "Tiêu đề", data);
 *	// or, after a change: admin_redirect(req, resp, &ctx, "/quan-tri/…",
 *	//     "Đã lưu bài viết.");  (303 + a flash message for the next page)
 * out:
 *	admin_ctx_release(&ctx);
 *	return err;
 *
 * Every admin response is marked Cache-Control: no-store, X-Frame-Options:
 * DENY and Content-Security-Policy: frame-ancestors 'none' (admin_begin
 * sets them, so even redirects and error pages carry them).
 *
 * Templates: admin_render() renders templates/admin/NAME, which should
 * start with {{<admin/layout}} and fill the blocks {{$title}} and
 * {{$main}}. The context holds the caller's data plus:
 *   site   the site row (name, host, …)
 *   me     {id, login, name, role, role_label, is_admin, can_publish, …}
 *   csrf   the token for every form: <input type="hidden" name="csrf"
 *          value="{{csrf}}">
 *   flash  the message left by the previous POST, or absent
 *   title  the page title given
 *   assets {admin_css}
 */
#ifndef CONG_ADMIN_ADMIN_H
#define CONG_ADMIN_ADMIN_H

#include <jansson.h>

#include "auth/role.h"
#include "http/request.h"

struct tmpl_set;

/* The URL of the login page. */
#define ADMIN_LOGIN_URL "/quan-tri/dang-nhap"

struct admin_ctx {
	json_t *site;		/* the request's site (owned) */
	int64_t site_id;
	struct auth_user user;	/* the signed-in user */
	struct buf flash;	/* the pending flash message, "" if none */
	struct http_params form;	/* POST fields, after admin_check_post */
	bool answered;		/* resp holds the answer: return at once */
};

/*
 * Gives the newsroom its templates (owned by the caller) and whether the
 * server is behind TLS (cookie name and Secure). Reads CONG_SESSION_IDLE
 * and CONG_SESSION_MAX (seconds) from the environment, for tests and
 * deployments that want other expiry than auth/session.h's defaults.
 * Call once before the server starts.
 */
void admin_init(const struct tmpl_set *templates, bool behind_tls);

/*
 * Starts a newsroom request: sets the admin headers on resp, resolves the
 * site and the session. When nobody is signed in, resp becomes a 303 to
 * the login page (with ?tiep=<this path> for GET requests), ctx->answered
 * is set and CONG_OK returned: the handler returns CONG_OK at once. On
 * CONG_OK without answered, ctx->user is the signed-in user. Other
 * errors (store, no site) are returned as they come. ctx is always
 * initialised: release it with admin_ctx_release().
 */
enum cong_err admin_begin(struct http_req *req, struct http_resp *resp,
    struct admin_ctx *ctx);

/* Frees what ctx holds. NULL is fine; calling it twice is fine. */
void admin_ctx_release(struct admin_ctx *ctx);

/*
 * For a state-changing POST: parses req->body (x-www-form-urlencoded)
 * into ctx->form and checks the "csrf" field against the session's token
 * and the Origin / Sec-Fetch-Site headers. CONG_EPERM (a 403 page) when
 * any check fails: the handler must then change nothing. CONG_EINVAL for
 * a malformed body.
 */
enum cong_err admin_check_post(struct http_req *req, struct admin_ctx *ctx);

/* A POST field's raw value (not yet validated), or NULL. */
const char *admin_field(const struct admin_ctx *ctx, const char *name,
    size_t *len);

/*
 * Renders templates/admin/NAME ("admin/users") with data (not consumed;
 * may be NULL) and the shared keys above into resp. Status stays as the
 * caller set it (200 by default).
 */
enum cong_err admin_render(struct http_req *req, struct http_resp *resp,
    struct admin_ctx *ctx, const char *name, const char *title,
    json_t *data);

/*
 * Answers with a 303 to location (a local path) and, if flash is not
 * NULL, leaves it for the next page of this session.
 */
enum cong_err admin_redirect(struct http_req *req, struct http_resp *resp,
    struct admin_ctx *ctx, const char *location, const char *flash);

/* The JSON the templates see as "me", for a user (a new reference). */
json_t *admin_user_json(const struct auth_user *u);

/* Whether the server was started behind TLS (admin_init). */
bool admin_behind_tls(void);
/* The templates given to admin_init. */
const struct tmpl_set *admin_templates(void);

/* Adds the admin headers (no-store, no framing) to resp. */
void admin_headers(struct http_resp *resp);

/* login.c */
enum cong_err admin_login_form(struct http_req *req, struct http_resp *resp);
enum cong_err admin_login_post(struct http_req *req, struct http_resp *resp);
enum cong_err admin_logout(struct http_req *req, struct http_resp *resp);
enum cong_err admin_logout_all(struct http_req *req, struct http_resp *resp);
/* dashboard.c */
enum cong_err admin_dashboard(struct http_req *req, struct http_resp *resp);
/* users.c */
enum cong_err admin_users(struct http_req *req, struct http_resp *resp);
enum cong_err admin_users_create(struct http_req *req,
    struct http_resp *resp);
enum cong_err admin_user_disable(struct http_req *req,
    struct http_resp *resp);
enum cong_err admin_user_enable(struct http_req *req, struct http_resp *resp);
enum cong_err admin_user_password(struct http_req *req,
    struct http_resp *resp);

#endif
