/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for content/stats.c: which user agents are robots, which
 * paths are articles, the EMC URL check, the in-memory table's cap, and
 * counting on a real store: hits, the batched flush, counters, the
 * newsroom's tables, hashes instead of addresses, nothing after stop.
 */
#include "content/stats.c"

#include "content/article.h"
#include "content/site.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

static const char FIREFOX[] = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) "
	"Gecko/20100101 Firefox/128.0";

static void
stats_bot_table(void **state)
{
	static const struct {
		const char *ua;
		bool bot;
	} cases[] = {
		{ FIREFOX, false },
		{ "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) "
		    "AppleWebKit/605.1.15 Mobile/15E148 Zalo iOS", false },
		{ "Mozilla/5.0 (Linux; Android 14) Chrome/120.0 Mobile "
		    "Safari/537.36 coc_coc_browser/130.0", false },
		{ "", true },
		{ "Mozilla/5.0 (compatible; Googlebot/2.1; "
		    "+http://www.google.com/bot.html)", true },
		{ "Mozilla/5.0 (compatible; bingbot/2.0)", true },
		{ "Mozilla/5.0 (compatible; coccocbot-web/1.0)", true },
		{ "Mozilla/5.0 (compatible; Yahoo! Slurp)", true },
		{ "Baiduspider/2.0", true },
		{ "curl/8.5.0", true },
		{ "Wget/1.21.3", true },
		{ "python-requests/2.31.0", true },
		{ "Python-urllib/3.11", true },
		{ "Mozilla/5.0 HeadlessChrome/120.0.0.0 Safari/537.36", true },
		{ "facebookexternalhit/1.1", true },
		{ "Zalo-Preview/1.0", true },
		{ "Go-http-client/1.1", true },
		{ "AhrefsBot/7.0; WebCrawler", true },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++)
		assert_int_equal(stats_is_bot(cases[i].ua,
		    strlen(cases[i].ua)), cases[i].bot);
	assert_true(stats_is_bot(NULL, 0));
}

static void
stats_bot_long_ua(void **state)
{
	char ua[STATS_UA_SCAN + 200];

	(void)state;
	memset(ua, 'a', sizeof(ua));
	memcpy(ua + sizeof(ua) - 3, "bot", 3);
	/* past the scanned prefix: not seen */
	assert_false(stats_is_bot(ua, sizeof(ua)));
	memcpy(ua + 10, "bot", 3);
	assert_true(stats_is_bot(ua, sizeof(ua)));
}

static void
stats_article_slug_table(void **state)
{
	static const struct {
		const char *path;
		const char *slug;
	} cases[] = {
		{ "/tin-tuc/bai-mot", "bai-mot" },
		{ "/tin-tuc/bai-mot/in", NULL },
		{ "/tin-tuc/", NULL },
		{ "/tin-tuc", NULL },
		{ "/", NULL },
		{ "/chuyen-muc/thong-bao", NULL },
		{ "/tin-tucx/bai", NULL },
	};
	size_t i, n;
	const char *slug;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		slug = NULL;
		n = article_slug(cases[i].path, strlen(cases[i].path), &slug);
		if (!cases[i].slug) {
			assert_int_equal(n, 0);
			continue;
		}
		assert_int_equal(n, strlen(cases[i].slug));
		assert_memory_equal(slug, cases[i].slug, n);
	}
}

static void
stats_emc_url_table(void **state)
{
	static const struct {
		const char *url;
		bool ok;
	} cases[] = {
		{ "", true },
		{ "https://emc.gov.vn/tracking.js?id=12", true },
		{ "http://emc.gov.vn/tracking.js", false },
		{ "https://", false },
		{ "https:///x.js", false },
		{ "javascript:alert(1)", false },
		{ "https://a.vn/x.js\" onload=\"x", false },
		{ "https://a.vn/<script>", false },
		{ "https://a.vn/x y.js", false },
		{ "https://a.vn/\x01.js", false },
		{ "//a.vn/x.js", false },
	};
	char big[600];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++)
		assert_int_equal(stats_emc_url_valid(cases[i].url),
		    cases[i].ok);
	memset(big, 'a', sizeof(big) - 1);
	memcpy(big, "https://", 8);
	big[sizeof(big) - 1] = '\0';
	assert_false(stats_emc_url_valid(big));
}

static void
stats_vn_day_table(void **state)
{
	(void)state;
	/* 2019-07-18 16:59:59 UTC is 23:59:59 in Vietnam; a second later
	 * it is the next Vietnam day */
	assert_int_equal(vn_day(1563469199) + 1, vn_day(1563469200));
	assert_int_equal(vn_day(1563469200), vn_day(1563469200 + 86399));
	assert_int_equal(vn_day(-VN_UTC_OFFSET), 0);
	assert_int_equal(vn_day(-VN_UTC_OFFSET - 1), -1);
}

/* The table stops taking new keys at three quarters, never old ones. */
static void
stats_table_full_drops(void **state)
{
	struct stat_table t = { 0 };
	struct stat_entry *e;
	char key[32];
	size_t i, cap = STATS_SLOTS / 4 * 3;

	(void)state;
	t.e = xcalloc(STATS_SLOTS, sizeof(*t.e));
	for (i = 0; i < cap; i++) {
		snprintf(key, sizeof(key), "bai-%zu", i);
		e = table_slot(&t, SK_ARTICLE, 1, 100, key, strlen(key));
		assert_non_null(e);
		e->n++;
	}
	assert_int_equal(t.used, cap);
	assert_null(table_slot(&t, SK_ARTICLE, 1, 100, "moi", 3));
	assert_int_equal(t.dropped, 1);
	e = table_slot(&t, SK_ARTICLE, 1, 100, "bai-7", 5);
	assert_non_null(e);
	assert_int_equal(e->n, 1);
	/* same key, other site or day or kind: other entries */
	assert_null(table_slot(&t, SK_ARTICLE, 2, 100, "bai-7", 5));
	assert_null(table_slot(&t, SK_ARTICLE, 1, 101, "bai-7", 5));
	assert_null(table_slot(&t, SK_SITE, 1, 100, "bai-7", 5));
	free(t.e);
}

/* ------------------------------------------------------------------ */
/* On a real store                                                     */

struct fixture {
	char dir[64];
	struct store *st;
	struct store_conn *c;
	int64_t site, art;
};

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));
	struct buf url = BUF_INIT;
	struct store_val v[14] = {
		SV_STR("stats.test"), SV_STR("Cổng thử"), SV_STR(""),
		SV_STR(""), SV_STR(""), SV_STR(""), SV_STR(""), SV_STR(""),
		SV_STR(""), SV_STR(""), SV_STR("portal"), SV_INT(1),
		SV_STR("[]"), SV_INT(1)
	};
	struct article_input a;
	int64_t cat = 0;

	log_set_quiet(true);
	snprintf(f->dir, sizeof(f->dir), "/tmp/cong-stats-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	buf_addf(&url, "sqlite:%s/t.db", f->dir);
	if (store_open(url.ptr, true, &f->st) || store_migrate(f->st, NULL) ||
	    store_conn_new(f->st, &f->c) ||
	    store_exec(f->c, ST_SITE_INSERT, v, 14, &f->site, NULL) ||
	    store_begin(f->c, true) ||
	    category_ensure(f->c, f->site, "Thông báo", 1, &cat))
		return -1;
	memset(&a, 0, sizeof(a));
	a.site_id = f->site;
	a.category_id = cat;
	a.slug = "bai-dem";
	a.title = "Bài đếm";
	a.author = "Huỳnh An";
	a.status = "published";
	a.published_at = 1563443640;
	if (article_save(f->c, "test", "create", &a, 1563443640, &f->art) ||
	    store_commit(f->c))
		return -1;
	buf_release(&url);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	struct buf cmd = BUF_INIT;
	int rc;

	stats_stop();
	store_conn_free(f->c);
	store_free(f->st);
	buf_addf(&cmd, "rm -rf '%s'", f->dir);
	rc = system(cmd.ptr);
	buf_release(&cmd);
	free(f);
	return rc ? -1 : 0;
}

static int64_t
views_of(struct fixture *f)
{
	json_t *a = NULL;
	int64_t v;

	assert_int_equal(article_public_get(f->c, f->site, time(NULL),
	    "bai-dem", 7, &a), CONG_OK);
	v = json_integer_value(json_object_get(a, "views"));
	json_decref(a);
	return v;
}

static int64_t
counter(json_t *c, const char *k)
{
	return json_integer_value(json_object_get(c, k));
}

static void
stats_counting_on_store(void **state)
{
	struct fixture *f = *state;
	static const char path[] = "/tin-tuc/bai-dem";
	int64_t now = (int64_t)time(NULL), n;
	json_t *c = NULL, *days = NULL, *top = NULL, *cats = NULL;
	json_t *authors = NULL, *rows = NULL, *row;
	size_t i;

	/* not started: nothing counts */
	stats_hit(f->site, path, sizeof(path) - 1, FIREFOX,
	    strlen(FIREFOX), "192.0.2.1", now);
	assert_int_equal(stats_flush(), CONG_OK);
	assert_int_equal(stats_start(f->st), CONG_OK);
	assert_int_equal(stats_start(f->st), CONG_EEXIST);
	for (i = 0; i < 5; i++)
		stats_hit(f->site, path, sizeof(path) - 1, FIREFOX,
		    strlen(FIREFOX), "192.0.2.1", now);
	stats_hit(f->site, path, sizeof(path) - 1, "curl/8.0", 8,
	    "192.0.2.2", now);
	stats_hit(f->site, "/", 1, "Mozilla/5.0 Safari", 18, "192.0.2.3",
	    now);
	/* counted in memory: the store sees nothing before the flush */
	assert_int_equal(views_of(f), 0);
	assert_int_equal(stats_flush(), CONG_OK);
	assert_int_equal(views_of(f), 5);

	assert_int_equal(stats_counters(f->c, f->site, now, &c), CONG_OK);
	assert_int_equal(counter(c, "today"), 6);
	assert_int_equal(counter(c, "month"), 6);
	assert_int_equal(counter(c, "total"), 6);
	assert_int_equal(counter(c, "online"), 2);
	json_decref(c);
	assert_int_equal(stats_counters(f->c, f->site,
	    now + STATS_ONLINE_SECS + 1, &c), CONG_OK);
	assert_int_equal(counter(c, "online"), 0);
	json_decref(c);

	assert_int_equal(stats_days(f->c, f->site, now, 30, &days), CONG_OK);
	assert_int_equal(json_array_size(days), 30);
	row = json_array_get(days, 29);
	assert_int_equal(counter(row, "views"), 6);
	assert_int_equal(counter(row, "visitors"), 2);
	assert_int_equal(counter(json_array_get(days, 0), "views"), 0);
	assert_int_equal(stats_days(f->c, f->site, now, 0, &rows),
	    CONG_EINVAL);

	assert_int_equal(stats_top_articles(f->c, f->site, now, 30, 10, &top),
	    CONG_OK);
	assert_int_equal(json_array_size(top), 1);
	assert_string_equal(json_string_value(json_object_get(
	    json_array_get(top, 0), "title")), "Bài đếm");
	assert_int_equal(counter(json_array_get(top, 0), "views"), 5);
	assert_int_equal(stats_by_category(f->c, f->site, now, 30, &cats),
	    CONG_OK);
	assert_string_equal(json_string_value(json_object_get(
	    json_array_get(cats, 0), "name")), "Thông báo");
	assert_int_equal(stats_by_author(f->c, f->site, now, 30, 10,
	    &authors), CONG_OK);
	assert_string_equal(json_string_value(json_object_get(
	    json_array_get(authors, 0), "author")), "Huỳnh An");

	/* the same visitor again is no new visitor; views add up */
	stats_hit(f->site, path, sizeof(path) - 1, FIREFOX, strlen(FIREFOX),
	    "192.0.2.1", now);
	stats_stop();
	assert_int_equal(views_of(f), 6);
	json_decref(days);
	assert_int_equal(stats_days(f->c, f->site, now, 1, &days), CONG_OK);
	assert_int_equal(counter(json_array_get(days, 0), "visitors"), 2);
	assert_int_equal(counter(json_array_get(days, 0), "views"), 7);

	/* stopped: nothing counts; stopping twice is fine */
	stats_hit(f->site, path, sizeof(path) - 1, FIREFOX, strlen(FIREFOX),
	    "192.0.2.1", now);
	stats_stop();
	assert_int_equal(views_of(f), 6);

	/* hashes only: 32 hex digits, no address */
	{
		struct store_val v[2] = { SV_INT(f->site), SV_INT(0) };

		assert_int_equal(store_query_int(f->c, ST_STAT_ONLINE, v, 2,
		    &n), CONG_OK);
		assert_int_equal(n, 2);
	}
	json_decref(days);
	json_decref(top);
	json_decref(cats);
	json_decref(authors);
}

/* The page cache's hits: counted by Host once a handler has seen it. */
static void
stats_cache_hits_by_host(void **state)
{
	struct fixture *f = *state;
	static const char path[] = "/tin-tuc/bai-dem";
	int64_t now = (int64_t)time(NULL);
	char longhost[STATS_HOST_MAX + 2];

	assert_int_equal(stats_start(f->st), CONG_OK);
	stats_hit_host("stats.test", 10, path, sizeof(path) - 1, FIREFOX,
	    strlen(FIREFOX), "192.0.2.1", now);
	stats_host_site("stats.test", 10, f->site);
	stats_host_site("stats.test", 10, f->site);
	stats_hit_host("stats.test", 10, path, sizeof(path) - 1, FIREFOX,
	    strlen(FIREFOX), "192.0.2.1", now);
	stats_hit_host("stats.test", 10, path, sizeof(path) - 1, FIREFOX,
	    strlen(FIREFOX), "192.0.2.9", now);
	stats_hit_host("stats.test", 10, path, sizeof(path) - 1, "curl/8", 6,
	    "192.0.2.1", now);
	stats_hit_host("other.test", 10, path, sizeof(path) - 1, FIREFOX,
	    strlen(FIREFOX), "192.0.2.1", now);
	memset(longhost, 'a', sizeof(longhost));
	stats_host_site(longhost, sizeof(longhost), f->site);
	stats_hit_host(longhost, sizeof(longhost), path, sizeof(path) - 1,
	    FIREFOX, strlen(FIREFOX), "192.0.2.1", now);
	assert_int_equal(stats_flush(), CONG_OK);
	assert_int_equal(views_of(f), 2);
	stats_stop();
}

static void
stats_emc_on_store(void **state)
{
	struct fixture *f = *state;
	json_t *site = NULL;

	assert_int_equal(stats_emc_set(f->c, f->site,
	    "https://emc.gov.vn/t.js?id=1"), CONG_OK);
	assert_int_equal(site_get(f->c, f->site, &site), CONG_OK);
	assert_string_equal(json_string_value(json_object_get(site,
	    "emc_script_url")), "https://emc.gov.vn/t.js?id=1");
	json_decref(site);
	assert_int_equal(stats_emc_set(f->c, f->site, "javascript:x"),
	    CONG_EINVAL);
	assert_int_equal(stats_emc_set(f->c, f->site + 100, ""),
	    CONG_ENOTFOUND);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(stats_bot_table),
		cmocka_unit_test(stats_bot_long_ua),
		cmocka_unit_test(stats_article_slug_table),
		cmocka_unit_test(stats_emc_url_table),
		cmocka_unit_test(stats_vn_day_table),
		cmocka_unit_test(stats_table_full_drops),
		cmocka_unit_test_setup_teardown(stats_counting_on_store, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(stats_cache_hits_by_host, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(stats_emc_on_store, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
