/* SPDX-License-Identifier: ISC */
/*
 * admin/media.h: the newsroom's media library, /quan-tri/thu-vien: a
 * grid of the site's files with search by caption and pages, and the
 * upload form (multipart, CSRF-checked, AUTH_UPLOAD). The files
 * themselves are checked and converted by content/media.h.
 */
#ifndef CONG_ADMIN_MEDIA_H
#define CONG_ADMIN_MEDIA_H

#include "http/request.h"

/* The library's URL, and the upload form's action. */
#define ADMIN_MEDIA_URL "/quan-tri/thu-vien"
#define ADMIN_MEDIA_UPLOAD_URL "/quan-tri/thu-vien/tai-len"
/* Items on one page of the library. */
#define ADMIN_MEDIA_PER_PAGE 24

/*
 * Sets the media directory uploads go to (the server's media_dir; the
 * string must outlive the server). Call once before the server starts.
 */
void admin_media_init(const char *media_dir);

/*
 * GET /quan-tri/thu-vien[?q=TEXT][&trang=N]: the library page. 403 for a
 * user without AUTH_UPLOAD, 400 for a bad page number or a query over
 * LIMIT_QUERY bytes or not clean text.
 */
enum cong_err admin_media_library(struct http_req *req,
    struct http_resp *resp);

/*
 * POST /quan-tri/thu-vien/tai-len (multipart/form-data: csrf, file, alt,
 * caption): 403 without a valid CSRF token (checked before anything
 * else is read) or without AUTH_UPLOAD; a 303 back to the library with
 * a flash message on success; 422 with the library page and the reason
 * next to its field when the file is refused.
 */
enum cong_err admin_media_upload(struct http_req *req,
    struct http_resp *resp);

#endif
