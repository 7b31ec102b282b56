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

/*
 * What the pages need to know of the server's setup: whether a TLS proxy
 * is in front (absolute URLs then start with "https://") and where the
 * static and media files are (the "save" view inlines the print
 * stylesheet and embeds images). The strings are not copied and must
 * outlive the server. Called once before serving.
 */
void site_pages_env(bool behind_tls, const char *static_dir,
    const char *media_dir);
/* The static directory given to site_pages_env, or NULL. */
const char *site_static_dir(void);
/* Whether absolute URLs start with "https://" (site_pages_env). */
bool site_https(void);
/* The media directory given to site_pages_env, or NULL. */
const char *site_media_dir(void);

/*
 * Appends the absolute base URL of the request's site to out, with no
 * trailing slash: the scheme, then the request's Host when it is a
 * plain host[:port] name, else the site's host ("https://example.vn").
 */
enum cong_err site_base_url(const struct http_req *req, const json_t *site,
    struct buf *out);

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
/* Only "url" and "date": for lists that show titles, not pictures. */
void site_articles_links(json_t *array);

/* The error page for status, in Vietnamese, inside the layout. */
enum cong_err site_error_page(struct http_req *req, struct http_resp *resp,
    int status);

enum cong_err site_home(struct http_req *req, struct http_resp *resp);
enum cong_err site_category(struct http_req *req, struct http_resp *resp);
enum cong_err site_article(struct http_req *req, struct http_resp *resp);
enum cong_err site_article_print(struct http_req *req,
    struct http_resp *resp);
enum cong_err site_healthz(struct http_req *req, struct http_resp *resp);

/* Distribution (feed.c, sitemap.c, api.c, save.c, share.c). */
enum cong_err site_feed_rss(struct http_req *req, struct http_resp *resp);
enum cong_err site_feed_atom(struct http_req *req, struct http_resp *resp);
enum cong_err site_category_rss(struct http_req *req,
    struct http_resp *resp);
enum cong_err site_category_atom(struct http_req *req,
    struct http_resp *resp);
/* The page listing every feed ("Kênh RSS"). */
enum cong_err site_feeds_page(struct http_req *req, struct http_resp *resp);
enum cong_err site_sitemap(struct http_req *req, struct http_resp *resp);
enum cong_err site_sitemap_index(struct http_req *req,
    struct http_resp *resp);
/* /sitemap-{YYYY-MM}.xml: req->args[0] is "YYYY-MM.xml". */
enum cong_err site_sitemap_month(struct http_req *req,
    struct http_resp *resp);
enum cong_err site_robots(struct http_req *req, struct http_resp *resp);
enum cong_err site_api_sites(struct http_req *req, struct http_resp *resp);
enum cong_err site_api_categories(struct http_req *req,
    struct http_resp *resp);
enum cong_err site_api_articles(struct http_req *req,
    struct http_resp *resp);
enum cong_err site_api_article(struct http_req *req, struct http_resp *resp);
enum cong_err site_api_stats(struct http_req *req, struct http_resp *resp);
enum cong_err site_api_openapi(struct http_req *req, struct http_resp *resp);
/*
 * The error answer of an /api/ path: {"error": reason} with its status,
 * where a page would get the HTML error page (site_error_page()).
 */
enum cong_err site_api_error(struct http_req *req, struct http_resp *resp,
    int status);
/* Any other /api/v1/ path: a JSON 404. */
enum cong_err site_api_not_found(struct http_req *req,
    struct http_resp *resp);
/* /tin-tuc/{slug}/luu: the print view as one self-contained HTML file. */
enum cong_err site_article_save(struct http_req *req,
    struct http_resp *resp);

/*
 * Adds to ctx what a shared article needs: "canonical_url", and "share"
 * with the Open Graph, Twitter card and Dublin Core values and the
 * JSON-LD (NewsArticle and BreadcrumbList) as "jsonld_html", already
 * escaped for a <script> element. art is a decorated article row.
 */
enum cong_err site_share_article(struct http_req *req, json_t *site,
    json_t *art, json_t *ctx);

#endif
