/* SPDX-License-Identifier: ISC */
/*
 * page.h: what every public page shares: finding the request's site,
 * the template context common to all pages (site settings, menu, asset
 * URLs), rendering through the layout, and the error pages. The page
 * handlers (home.c, category.c, article.c, health.c) are declared here
 * for cmd/serve.c's route table.
 */
#ifndef CONG_SITE_PAGE_H
#define CONG_SITE_PAGE_H

#include <jansson.h>

#include "http/request.h"

struct tmpl_set;

/* Gives the pages their compiled templates (owned by the caller). */
void site_pages_init(const struct tmpl_set *templates);

/* The site the request is for (a new reference), by Host. */
enum cong_err site_for_request(struct http_req *req, json_t **site);

/*
 * Renders template name into resp->body with ctx (which gets the shared
 * keys "site", "assets", "now_year" added; ctx is not consumed).
 * current marks the menu entry whose url equals it.
 */
enum cong_err site_render(struct http_req *req, struct http_resp *resp,
    const char *name, json_t *site, json_t *ctx, const char *current);

/*
 * Adds the computed fields a template shows for an article row: "url",
 * "stamp" ("15:54 | 18/07/2019"), "datetime" (RFC 3339), "date"
 * ("18/07/2019"), "cover_url", "category_url".
 */
void site_article_decorate(json_t *article);
void site_articles_decorate(json_t *array);

/* The error page for status, in Vietnamese, inside the layout. */
enum cong_err site_error_page(struct http_req *req, struct http_resp *resp,
    int status);

enum cong_err site_home(struct http_req *req, struct http_resp *resp);
enum cong_err site_category(struct http_req *req, struct http_resp *resp);
enum cong_err site_article(struct http_req *req, struct http_resp *resp);
enum cong_err site_article_print(struct http_req *req,
    struct http_resp *resp);
enum cong_err site_healthz(struct http_req *req, struct http_resp *resp);

#endif
