/* SPDX-License-Identifier: ISC */
/*
 * health.c: /healthz for load balancers: 200 "ok" when this node can
 * read its database, 503 otherwise.
 */
#include "base/common.h"
#include "site/page.h"
#include "store/store.h"

enum cong_err
site_healthz(struct http_req *req, struct http_resp *resp)
{
	int64_t v = 0;

	resp->content_type = "text/plain; charset=utf-8";
	resp->max_age = -1;
	if (!req->db || store_query_int(req->db, ST_SCHEMA_VERSION, NULL, 0,
	    &v)) {
		resp->status = 503;
		buf_adds(&resp->body, "database unavailable\n");
		return CONG_OK;
	}
	buf_adds(&resp->body, "ok\n");
	return CONG_OK;
}
