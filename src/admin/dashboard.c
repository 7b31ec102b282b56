/* SPDX-License-Identifier: ISC */
/*
 * dashboard.c: GET /quan-tri/, the newsroom's front page: who is signed
 * in, with which role, and the ways into each part of the newsroom that
 * the role may use.
 */
#include "base/common.h"
#include "admin/admin.h"

enum cong_err
admin_dashboard(struct http_req *req, struct http_resp *resp)
{
	struct admin_ctx ctx;
	json_t *links = NULL, *data = NULL;
	enum cong_err err;

	if ((err = admin_begin(req, resp, &ctx)) || ctx.answered)
		goto out;
	links = json_array();
	json_array_append_new(links, json_pack("{s:s, s:s, s:s}", "url",
	    "/quan-tri/bai-viet", "label", "Bài viết", "text",
	    "Viết bài mới, sửa bản nháp, xem bài đã đăng."));
	if (auth_can(&ctx.user, AUTH_RETURN, 0))
		json_array_append_new(links, json_pack("{s:s, s:s, s:s}",
		    "url", "/quan-tri/cho-duyet", "label", "Chờ duyệt",
		    "text", "Bài đã gửi, chờ biên tập và duyệt đăng."));
	if (auth_can(&ctx.user, AUTH_UPLOAD, 0))
		json_array_append_new(links, json_pack("{s:s, s:s, s:s}",
		    "url", "/quan-tri/thu-vien", "label", "Thư viện ảnh",
		    "text", "Ảnh và tài liệu đã tải lên."));
	if (auth_can(&ctx.user, AUTH_MANAGE_USERS, 0))
		json_array_append_new(links, json_pack("{s:s, s:s, s:s}",
		    "url", "/quan-tri/nguoi-dung", "label", "Người dùng",
		    "text", "Tài khoản, vai trò, khoá và đặt lại mật khẩu."));
	data = json_pack("{s:O}", "links", links);
	err = admin_render(req, resp, &ctx, "admin/dashboard", "Bàn làm việc",
	    data);
out:
	json_decref(links);
	json_decref(data);
	admin_ctx_release(&ctx);
	return err;
}
