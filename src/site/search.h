/* SPDX-License-Identifier: ISC */
/*
 * site/search.h: the search page, /tim-kiem?q=…&chuyen-muc=&tu=&den=&trang=
 * (DESIGN.md's URL table). Declared here for cmd/serve.c's route table.
 */
#ifndef CONG_SITE_SEARCH_H
#define CONG_SITE_SEARCH_H

#include "http/request.h"

/*
 * Answers the search page. A reader's mistake (an empty or absurd query,
 * a date that is not dd/mm/yyyy, an unknown category, a page past the
 * end) is answered 200 with the page explaining it, never an error page.
 */
enum cong_err site_search(struct http_req *req, struct http_resp *resp);

#endif
