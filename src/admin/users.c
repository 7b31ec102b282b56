/* SPDX-License-Identifier: ISC */
/*
 * users.c: /quan-tri/nguoi-dung, the accounts of the site's newsroom, for
 * admins only: the list, a form to create an account, disabling and
 * enabling (accounts are never deleted, so their history stays), and
 * resetting a password (which ends that user's sessions). Every POST is
 * CSRF-checked before anything is read or changed.
 */
#include "base/common.h"
#include "base/buf.h"
#include "admin/admin.h"
#include "auth/user.h"
#include "vn/text.h"
#include "base/log.h"

#include <stdio.h>

#define USERS_URL "/quan-tri/nguoi-dung"

static json_t *
role_options(const char *selected)
{
	json_t *a = json_array();
	int r;

	for (r = AUTH_ROLE__MAX - 1; r >= 0; r--) {
		const char *name = auth_role_name((enum auth_role)r);

		json_array_append_new(a, json_pack("{s:s, s:s, s:b}",
		    "value", name, "label", auth_role_label((enum auth_role)r),
		    "selected", selected && !strcmp(selected, name)));
	}
	return a;
}

/* Renders the page; form (may be NULL) holds values and errors. */
static enum cong_err
users_page(struct http_req *req, struct http_resp *resp,
    struct admin_ctx *ctx, json_t *form)
{
	json_t *list = NULL, *data = NULL, *u;
	const char *role = NULL;
	size_t i;
	enum cong_err err;

	if ((err = auth_user_list(req->db, ctx->site_id, &list)))
		return err;
	json_array_foreach(list, i, u)
		json_object_set_new(u, "is_me", json_boolean(
		    json_integer_value(json_object_get(u, "id")) ==
		    ctx->user.id));
	if (form)
		role = json_string_value(json_object_get(form, "role"));
	data = json_pack("{s:o, s:o, s:O}", "users", list, "roles",
	    role_options(role ? role : "contributor"), "form",
	    form ? form : json_null());
	err = admin_render(req, resp, ctx, "admin/users", "Người dùng", data);
	json_decref(data);
	return err;
}

/* admin_begin + the manage_users right; POSTs also admin_check_post. */
static enum cong_err
begin(struct http_req *req, struct http_resp *resp, struct admin_ctx *ctx,
    bool post)
{
	enum cong_err err;

	if ((err = admin_begin(req, resp, ctx)) || ctx->answered)
		return err;
	if (post && (err = admin_check_post(req, ctx)))
		return err;
	if (!auth_can(&ctx->user, AUTH_MANAGE_USERS, 0))
		return CONG_EPERM;
	return CONG_OK;
}

enum cong_err
admin_users(struct http_req *req, struct http_resp *resp)
{
	struct admin_ctx ctx;
	enum cong_err err;

	if (!(err = begin(req, resp, &ctx, false)) && !ctx.answered)
		err = users_page(req, resp, &ctx, NULL);
	admin_ctx_release(&ctx);
	return err;
}

/* Checks the create form; values and errors go into form. */
static void
check_create(struct admin_ctx *ctx, json_t *form, char login[],
    struct buf *name, enum auth_role *role)
{
	json_t *errors = json_object_get(form, "errors");
	const char *p;
	size_t n = 0;
	enum auth_pw_verdict v;

	p = admin_field(ctx, "login", &n);
	if (!p || !n)
		json_object_set_new(errors, "login",
		    json_string("Vui lòng nhập tên đăng nhập."));
	else if (auth_login_normalize(p, n, login))
		json_object_set_new(errors, "login", json_string(
		    "Tên đăng nhập dài 2–64 ký tự, chỉ gồm chữ không dấu, số "
		    "và . _ - (bắt đầu bằng chữ hoặc số)."));
	if (p && !vn_utf8_valid(p, n))
		p = "";
	json_object_set_new(form, "login", json_stringn(p ? p : "",
	    n > AUTH_LOGIN_MAX * 2 ? AUTH_LOGIN_MAX * 2 : n));
	p = admin_field(ctx, "name", &n);
	if (p && auth_name_clean(p, n, name))
		json_object_set_new(errors, "name", json_string(
		    "Tên hiển thị không hợp lệ hoặc dài quá 200 byte."));
	json_object_set_new(form, "name", json_stringn(name->ptr,
	    name->len));
	p = admin_field(ctx, "role", &n);
	if (!p || auth_role_parse(p, n, role))
		json_object_set_new(errors, "role",
		    json_string("Vui lòng chọn vai trò."));
	else
		json_object_set_new(form, "role",
		    json_string(auth_role_name(*role)));
	p = admin_field(ctx, "password", &n);
	v = auth_password_check(login[0] ? login : NULL, p, p ? n : 0);
	if (v != AUTH_PW_OK)
		json_object_set_new(errors, "password",
		    json_string(auth_password_message(v)));
}

enum cong_err
admin_users_create(struct http_req *req, struct http_resp *resp)
{
	struct admin_ctx ctx;
	char login[AUTH_LOGIN_MAX + 1] = "";
	struct buf name = BUF_INIT, msg = BUF_INIT;
	json_t *form = NULL;
	enum auth_role role = AUTH_ROLE_CONTRIBUTOR;
	const char *pw;
	size_t pwlen = 0;
	enum cong_err err;

	buf_init(&name, AUTH_NAME_MAX * 2);
	if ((err = begin(req, resp, &ctx, true)) || ctx.answered)
		goto out;
	form = json_pack("{s:{}}", "errors");
	check_create(&ctx, form, login, &name, &role);
	if (json_object_size(json_object_get(form, "errors")) == 0) {
		pw = admin_field(&ctx, "password", &pwlen);
		err = auth_user_add(req->db, ctx.site_id, login, name.ptr, role,
		    pw, pwlen, ctx.user.login, req->now, NULL);
		if (err == CONG_EEXIST) {
			json_object_set_new(json_object_get(form, "errors"),
			    "login", json_string(
			    "Tên đăng nhập này đã có người dùng."));
			err = CONG_OK;
		} else if (err) {
			goto out;
		} else {
			buf_addf(&msg, "Đã tạo tài khoản %s (%s).", login,
			    auth_role_label(role));
			err = admin_redirect(req, resp, &ctx, USERS_URL,
			    msg.ptr);
			goto out;
		}
	}
	resp->status = 422;
	err = users_page(req, resp, &ctx, form);
out:
	json_decref(form);
	buf_release(&name);
	buf_release(&msg);
	admin_ctx_release(&ctx);
	return err;
}

/* The user named by the route's {} segment, on this site. */
static enum cong_err
target(struct http_req *req, struct admin_ctx *ctx, struct auth_user *u)
{
	int64_t id = 0;
	size_t i;

	if (!req->args[0] || req->args_len[0] == 0 || req->args_len[0] > 15)
		return CONG_ENOTFOUND;
	for (i = 0; i < req->args_len[0]; i++) {
		if (req->args[0][i] < '0' || req->args[0][i] > '9')
			return CONG_ENOTFOUND;
		id = id * 10 + (req->args[0][i] - '0');
	}
	return auth_user_by_id(req->db, ctx->site_id, id, u);
}

static enum cong_err
set_disabled(struct http_req *req, struct http_resp *resp, bool disabled)
{
	struct admin_ctx ctx;
	struct auth_user u;
	struct buf msg = BUF_INIT;
	enum cong_err err;

	if ((err = begin(req, resp, &ctx, true)) || ctx.answered)
		goto out;
	if ((err = target(req, &ctx, &u)))
		goto out;
	if (u.id == ctx.user.id) {
		err = admin_redirect(req, resp, &ctx, USERS_URL,
		    "Bạn không thể tự khoá tài khoản của mình.");
		goto out;
	}
	if ((err = auth_user_set_disabled(req->db, ctx.site_id, u.id,
	    disabled, ctx.user.login, req->now)))
		goto out;
	buf_addf(&msg, disabled ? "Đã khoá tài khoản %s." :
	    "Đã mở khoá tài khoản %s.", u.login);
	err = admin_redirect(req, resp, &ctx, USERS_URL, msg.ptr);
out:
	buf_release(&msg);
	admin_ctx_release(&ctx);
	return err;
}

enum cong_err
admin_user_disable(struct http_req *req, struct http_resp *resp)
{
	return set_disabled(req, resp, true);
}

enum cong_err
admin_user_enable(struct http_req *req, struct http_resp *resp)
{
	return set_disabled(req, resp, false);
}

enum cong_err
admin_user_password(struct http_req *req, struct http_resp *resp)
{
	struct admin_ctx ctx;
	struct auth_user u;
	struct buf msg = BUF_INIT;
	const char *pw;
	size_t n = 0;
	enum auth_pw_verdict v;
	enum cong_err err;

	if ((err = begin(req, resp, &ctx, true)) || ctx.answered)
		goto out;
	if ((err = target(req, &ctx, &u)))
		goto out;
	pw = admin_field(&ctx, "password", &n);
	v = auth_password_check(u.login, pw, pw ? n : 0);
	if (v != AUTH_PW_OK) {
		buf_addf(&msg, "Chưa đặt lại mật khẩu cho %s: %s", u.login,
		    auth_password_message(v));
		err = admin_redirect(req, resp, &ctx, USERS_URL, msg.ptr);
		goto out;
	}
	if ((err = auth_user_set_password(req->db, ctx.site_id, u.id, pw, n,
	    ctx.user.login, req->now)))
		goto out;
	buf_addf(&msg, "Đã đặt lại mật khẩu cho %s; các phiên đăng nhập của "
	    "tài khoản này đã kết thúc.", u.login);
	err = admin_redirect(req, resp, &ctx, USERS_URL, msg.ptr);
out:
	buf_release(&msg);
	admin_ctx_release(&ctx);
	return err;
}
