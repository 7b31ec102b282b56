/* SPDX-License-Identifier: ISC */
/*
 * admin/stats.h: the newsroom's reading statistics (/quan-tri/thong-ke):
 * views per day of the last 30 days as a bar chart drawn on the server
 * in SVG, the most read articles, views per category and per author;
 * and the same numbers as CSV for a spreadsheet. Any signed-in member
 * of the newsroom may read them. Counts come from content/stats.h.
 */
#ifndef CONG_ADMIN_STATS_H
#define CONG_ADMIN_STATS_H

#include "http/request.h"

/* Days shown by default, and the periods offered (?ngay=7|30|90|365). */
#define ADMIN_STATS_DAYS 30
#define ADMIN_STATS_TOP 20

/* GET /quan-tri/thong-ke */
enum cong_err admin_stats(struct http_req *req, struct http_resp *resp);
/*
 * GET /quan-tri/thong-ke.csv: text/csv in UTF-8 with a byte order mark
 * (so Excel reads the Vietnamese right), as an attachment.
 */
enum cong_err admin_stats_csv(struct http_req *req, struct http_resp *resp);

#endif
