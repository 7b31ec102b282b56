/* SPDX-License-Identifier: ISC */
/*
 * stats.h: reading statistics, counted without cookies, without third-
 * party scripts and without storing addresses. A page view is counted
 * by stats_hit() in memory (a mutex and a small hash table, no I/O); a
 * background thread writes the counts in one transaction every
 * STATS_FLUSH_MS, and stats_stop() writes the rest at shutdown. A
 * visitor is known only as a keyed BLAKE2b hash of address and user
 * agent under a random salt that lives in this process's memory and is
 * replaced every Vietnam day, so yesterday's hashes cannot be linked to
 * today's and an address can never be recovered from the database.
 * Requests whose user agent looks like a robot (stats_is_bot) count not.
 *
 * Who calls stats_hit: every public GET of a page that a reader sees.
 * The article page handler (site/article.c) calls it when it renders a
 * page; the page cache, which answers hits on the event loop without
 * running the handler, must call it for every hit it serves (and only
 * for hits: the handler counts the misses). Counts per site: one view;
 * for a path "/tin-tuc/{slug}": one view of that article too.
 *
 * What is stored (migration 004): stat_day (views and distinct visitors
 * per site and day), stat_article_day (views per article and day),
 * article.views (all-time views of an article), stat_visitor (hashes of
 * the last two days with the time last seen, for "online now").
 *
 * Thread-safe: stats_hit and stats_flush may be called from any thread.
 */
#ifndef CONG_CONTENT_STATS_H
#define CONG_CONTENT_STATS_H

#include <jansson.h>

#include "base/common.h"

struct store;
struct store_conn;

#define STATS_FLUSH_MS 2000	/* how often counts are written */
#define STATS_ONLINE_SECS 300	/* "online now": seen in the last 5 minutes */
#define STATS_SLOTS 4096	/* in-memory table: distinct keys per flush */
#define STATS_UA_SCAN 1024	/* bytes of a user agent that are examined */

/*
 * Opens a store connection of its own and starts the flush thread.
 * Until it is called, stats_hit counts nothing. CONG_EEXIST if already
 * started; the store's errors otherwise.
 */
enum cong_err stats_start(struct store *st);
/*
 * Writes what is pending, stops the thread and closes its connection.
 * The server calls it at shutdown after the last request; safe to call
 * when not started, and more than once.
 */
void stats_stop(void);
/*
 * Writes what is pending now, in one transaction (waits for a flush in
 * progress). CONG_OK when there was nothing to write or when stats were
 * not started; the store's error if the write failed (those counts are
 * then lost and the loss is logged).
 */
enum cong_err stats_flush(void);

/*
 * Counts one page view of path (len bytes, not NUL-terminated) on site
 * site_id, by the client with user agent ua (ua_len bytes, may be NULL)
 * at address ip (NUL-terminated text, may be NULL), at time now (unix
 * seconds). Cheap: no I/O, no allocation. A robot's view, or one when
 * stats were not started, counts nothing. When the table is full until
 * the next flush, new keys are dropped and the loss is logged.
 */
void stats_hit(int64_t site_id, const char *path, size_t len,
    const char *ua, size_t ua_len, const char *ip, int64_t now);

/*
 * For the page cache, which answers on the event loop and knows a
 * page's Host but not its site: stats_host_site() remembers which site
 * a Host value (lower case, port included) was answered for, and is
 * called by the handler when it counts a view (site/article.c), so
 * every page in the cache has its Host remembered; stats_hit_host()
 * then counts a cache hit like stats_hit(). A Host never seen counts
 * nothing. At most STATS_HOSTS hosts are remembered (the first ones);
 * host_len at most STATS_HOST_MAX.
 */
#define STATS_HOSTS 256
#define STATS_HOST_MAX 255
void stats_host_site(const char *host, size_t host_len, int64_t site_id);
void stats_hit_host(const char *host, size_t host_len, const char *path,
    size_t len, const char *ua, size_t ua_len, const char *ip, int64_t now);

/*
 * True if the user agent (n bytes; its first STATS_UA_SCAN are examined)
 * is empty or names a crawler, a fetching tool or a link previewer:
 * bot, crawl, spider, slurp, curl, wget, python-requests, HeadlessChrome,
 * facebookexternalhit, preview (Zalo and others) and the like.
 */
bool stats_is_bot(const char *ua, size_t n);

/*
 * The footer counters of a site: {online, today, month, total}. online
 * is the number of distinct visitors seen in the last STATS_ONLINE_SECS,
 * the others are page views of the Vietnam day, month and all time.
 */
enum cong_err stats_counters(struct store_conn *db, int64_t site_id,
    int64_t now, json_t **out);
/*
 * The last days days (1..366) up to today, oldest first, every day
 * present: [{day "YYYY-MM-DD", label "DD/MM", views, visitors}].
 */
enum cong_err stats_days(struct store_conn *db, int64_t site_id,
    int64_t now, int days, json_t **out);
/*
 * The most read articles of the last days days: [{id, slug, title,
 * author, category_name, views}], at most limit.
 */
enum cong_err stats_top_articles(struct store_conn *db, int64_t site_id,
    int64_t now, int days, int limit, json_t **out);
/* Views per category in the last days days: [{name, slug, views, articles}]. */
enum cong_err stats_by_category(struct store_conn *db, int64_t site_id,
    int64_t now, int days, json_t **out);
/* Views per author in the last days days: [{author, views, articles}]. */
enum cong_err stats_by_author(struct store_conn *db, int64_t site_id,
    int64_t now, int days, int limit, json_t **out);

/*
 * The site's monitoring snippet (the EMC code that state portals must
 * carry): the URL of a script that every page loads with <script src>.
 * url must be an absolute https:// URL of at most 512 bytes without
 * quotes, spaces, angle brackets or control bytes; "" removes it.
 * CONG_EINVAL otherwise. The layout shows it as site.emc_script_url.
 */
bool stats_emc_url_valid(const char *url);
enum cong_err stats_emc_set(struct store_conn *db, int64_t site_id,
    const char *url);

#endif
