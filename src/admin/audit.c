/* SPDX-License-Identifier: ISC */
/*
 * audit.c: GET /quan-tri/nhat-ky, the site's audit log for approvers and
 * admins: who did what to which object, when, newest first, paged,
 * optionally for one object (?doi-tuong=article:12). Read only: the log
 * is written by the changes themselves (content/audit.h).
 */
#include "base/common.h"
#include "base/buf.h"
#include "admin/admin.h"
#include "admin/articles.h"
#include "content/workflow.h"
#include "vn/date.h"
#include "vn/text.h"

#define AUDIT_PER_PAGE 50
#define OBJECT_MAX 64

enum cong_err
admin_audit(struct http_req *req, struct http_resp *resp)
{
	struct admin_ctx ctx;
	struct buf object = BUF_INIT, stamp = BUF_INIT;
	json_t *res = NULL, *data = NULL, *it;
	const char *p;
	size_t n = 0, i;
	int64_t page = 1, pages;
	enum cong_err err;

	buf_init(&object, OBJECT_MAX + 1);
	if ((err = admin_begin(req, resp, &ctx)) || ctx.answered)
		goto out;
	if (!auth_can(&ctx.user, AUTH_PUBLISH, 0) &&
	    !auth_can(&ctx.user, AUTH_MANAGE_USERS, 0)) {
		err = CONG_EPERM;
		goto out;
	}
	p = http_params_get(&req->params, "doi-tuong", &n);
	if (p && n && n <= OBJECT_MAX && vn_utf8_valid(p, n))
		buf_add(&object, p, n);
	/* a bad page number is the first page, not an error */
	http_params_int(&req->params, "trang", 1, 999999, 1, &page);
	if ((err = workflow_audit(req->db, ctx.site_id, object.ptr, page,
	    AUDIT_PER_PAGE, &res)))
		goto out;
	json_array_foreach(json_object_get(res, "items"), i, it) {
		buf_reset(&stamp);
		vn_date_format(&stamp, json_integer_value(json_object_get(it,
		    "at")), VN_DATE_STAMP);
		json_object_set_new(it, "stamp", json_string(stamp.ptr));
	}
	page = json_integer_value(json_object_get(res, "page"));
	pages = json_integer_value(json_object_get(res, "pages"));
	data = json_pack("{s:O, s:s, s:I, s:I}", "log", res, "object",
	    object.ptr, "prev", (json_int_t)(page > 1 ? page - 1 : 0),
	    "next", (json_int_t)(page < pages ? page + 1 : 0));
	err = admin_render(req, resp, &ctx, "admin/audit", "Nhật ký thao tác",
	    data);
out:
	buf_release(&object);
	buf_release(&stamp);
	json_decref(res);
	json_decref(data);
	admin_ctx_release(&ctx);
	return err;
}
