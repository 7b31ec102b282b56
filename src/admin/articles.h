/* SPDX-License-Identifier: ISC */
/*
 * articles.h: the newsroom's article pages (articles.c) and audit log
 * (audit.c), for cmd/serve.c's route table. Every handler starts with
 * admin_begin(), every POST passes admin_check_post() before it reads a
 * field, and every change goes through content/workflow.h, which checks
 * the user's rights on the server.
 *
 *   GET  /quan-tri/bai-viet              lists (?xem=nhap|tra-lai|
 *        cho-duyet|hen-gio|da-dang|da-go|ban-sua, chuyen-muc, tac-gia,
 *        tu, den, trang)
 *   GET  /quan-tri/cho-duyet             the review queue
 *   GET  /quan-tri/bai-viet/moi          the editor, new article
 *   POST /quan-tri/bai-viet/moi          create (then submit or force)
 *   GET  /quan-tri/bai-viet/{id}         the editor, actions, revisions
 *   POST /quan-tri/bai-viet/{id}         save (then submit or force) when
 *        the form carries the content; else one workflow action
 *   GET  /quan-tri/bai-viet/{id}/so-sanh ?tu=REV&den=REV: word diff
 *   POST /quan-tri/bai-viet/{id}/khoi-phuc  restore revision REV
 *   GET  /quan-tri/nhat-ky               the audit log (approver, admin)
 */
#ifndef CONG_ADMIN_ARTICLES_H
#define CONG_ADMIN_ARTICLES_H

#include "http/request.h"

enum cong_err admin_articles(struct http_req *req, struct http_resp *resp);
enum cong_err admin_review_queue(struct http_req *req,
    struct http_resp *resp);
enum cong_err admin_article_new(struct http_req *req, struct http_resp *resp);
enum cong_err admin_article_create(struct http_req *req,
    struct http_resp *resp);
enum cong_err admin_article_edit(struct http_req *req,
    struct http_resp *resp);
enum cong_err admin_article_post(struct http_req *req,
    struct http_resp *resp);
enum cong_err admin_article_diff(struct http_req *req,
    struct http_resp *resp);
enum cong_err admin_article_restore(struct http_req *req,
    struct http_resp *resp);
enum cong_err admin_audit(struct http_req *req, struct http_resp *resp);

#endif
