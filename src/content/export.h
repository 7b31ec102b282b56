/* SPDX-License-Identifier: ISC */
/*
 * export.h: content as other systems read it: the articles a feed
 * carries (with their bodies), the rows a sitemap lists, and the pages
 * of the JSON API (sites, articles updated since a time). Like every
 * public read, each call takes "now" and sees only articles published
 * at or before it. JSON results are new references owned by the caller;
 * rows have the columns of article_latest() (article.h) unless said.
 */
#ifndef CONG_CONTENT_EXPORT_H
#define CONG_CONTENT_EXPORT_H

#include <jansson.h>

#include "base/common.h"

struct store_conn;

/* Feeds carry at most this many of the latest articles. */
#define EXPORT_FEED_ITEMS 50
/* sitemaps.org: at most 50,000 URLs in one sitemap file. */
#define EXPORT_SITEMAP_MAX 50000
/* The API's largest page. */
#define EXPORT_API_PER_PAGE_MAX 100

/* Every site (array of site objects with "menu", as site_get gives). */
enum cong_err export_sites(struct store_conn *db, json_t **out);

/*
 * The latest limit (at most EXPORT_FEED_ITEMS) published articles of the
 * site, or of one category when category_id > 0, with "body_html".
 */
enum cong_err export_feed_articles(struct store_conn *db, int64_t site_id,
    int64_t now, int64_t category_id, int limit, json_t **out);

/* How many published articles the site has. */
enum cong_err export_article_count(struct store_conn *db, int64_t site_id,
    int64_t now, int64_t *out);
/* The publication time of the site's first article; 0 if none. */
enum cong_err export_first_published(struct store_conn *db,
    int64_t site_id, int64_t now, int64_t *out);
/*
 * Articles published in [from, to): rows {slug, published_at,
 * updated_at}, newest first, at most EXPORT_SITEMAP_MAX.
 */
enum cong_err export_sitemap_range(struct store_conn *db, int64_t site_id,
    int64_t now, int64_t from, int64_t to, json_t **out);
/* {n, updated, published} of the articles published in [from, to). */
enum cong_err export_sitemap_range_info(struct store_conn *db,
    int64_t site_id, int64_t now, int64_t from, int64_t to, json_t **out);
/*
 * The site's categories in menu order: rows {id, slug, updated,
 * published}, the newest change and publication among their live
 * articles (0 when a category has none).
 */
enum cong_err export_sitemap_categories(struct store_conn *db,
    int64_t site_id, int64_t now, json_t **out);

/* A page of the API's article list. */
struct export_query {
	int64_t updated_since;	/* unix seconds; 0 = all */
	const char *category;	/* category slug, or NULL for all */
	int per_page;		/* 1 .. EXPORT_API_PER_PAGE_MAX */
	int page;		/* 1 .. */
};

/*
 * Articles changed at or after q->updated_since (newest change first),
 * one page of them in *out, and in *total how many match in all.
 * CONG_EINVAL if per_page or page is out of range.
 */
enum cong_err export_api_articles(struct store_conn *db, int64_t site_id,
    int64_t now, const struct export_query *q, json_t **out,
    int64_t *total);

#endif
