/* SPDX-License-Identifier: ISC */
/*
 * serve.c: `cong serve`, and the route table: every URL of the portal
 * (DESIGN.md's URL table) and the handler that answers it.
 */
#include "base/common.h"
#include "base/buf.h"
#include "admin/admin.h"
#include "admin/articles.h"
#include "admin/media.h"
#include "admin/stats.h"
#include "auth/password.h"
#include "base/log.h"
#include "cmd/cmd.h"
#include "content/changes.h"
#include "content/site.h"
#include "content/stats.h"
#include "http/cache.h"
#include "http/csp.h"
#include "http/sandbox.h"
#include "http/server.h"
#include "render/tmpl.h"
#include "search/index.h"
#include "site/page.h"
#include "site/search.h"
#include "store/store.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>

static const struct http_route routes[] = {
	{ HTTP_GET, "/", site_home, NULL, HTTP_ROUTE_CACHE },
	{ HTTP_GET, "/chuyen-muc/{}", site_category, NULL, HTTP_ROUTE_CACHE },
	{ HTTP_GET, "/tin-tuc/{}", site_article, NULL, HTTP_ROUTE_CACHE },
	{ HTTP_GET, "/tin-tuc/{}/in", site_article_print, NULL,
	    HTTP_ROUTE_CACHE },
	{ HTTP_GET, "/healthz", site_healthz, NULL, 0 },
	/* the newsroom: never cached, every answer no-store */
	{ HTTP_GET, "/quan-tri/", admin_dashboard, NULL, 0 },
	{ HTTP_GET, "/quan-tri/dang-nhap", admin_login_form, NULL, 0 },
	{ HTTP_POST, "/quan-tri/dang-nhap", admin_login_post, NULL, 0 },
	{ HTTP_POST, "/quan-tri/dang-xuat", admin_logout, NULL, 0 },
	{ HTTP_POST, "/quan-tri/dang-xuat-tat-ca", admin_logout_all, NULL, 0 },
	{ HTTP_GET, "/quan-tri/nguoi-dung", admin_users, NULL, 0 },
	{ HTTP_POST, "/quan-tri/nguoi-dung", admin_users_create, NULL, 0 },
	{ HTTP_POST, "/quan-tri/nguoi-dung/{}/khoa", admin_user_disable, NULL,
	    0 },
	{ HTTP_POST, "/quan-tri/nguoi-dung/{}/mo-khoa", admin_user_enable,
	    NULL, 0 },
	{ HTTP_POST, "/quan-tri/nguoi-dung/{}/mat-khau", admin_user_password,
	    NULL, 0 },
	{ HTTP_GET, "/quan-tri/thu-vien", admin_media_library, NULL, 0 },
	{ HTTP_POST, "/quan-tri/thu-vien/tai-len", admin_media_upload, NULL,
	    0 },
	{ HTTP_GET, "/quan-tri/thong-ke", admin_stats, NULL, 0 },
	{ HTTP_GET, "/quan-tri/bai-viet", admin_articles, NULL, 0 },
	{ HTTP_GET, "/quan-tri/cho-duyet", admin_review_queue, NULL, 0 },
	{ HTTP_GET, "/quan-tri/bai-viet/moi", admin_article_new, NULL, 0 },
	{ HTTP_POST, "/quan-tri/bai-viet/moi", admin_article_create, NULL,
	    0 },
	{ HTTP_GET, "/quan-tri/bai-viet/{}", admin_article_edit, NULL, 0 },
	{ HTTP_POST, "/quan-tri/bai-viet/{}", admin_article_post, NULL, 0 },
	{ HTTP_GET, "/quan-tri/bai-viet/{}/so-sanh", admin_article_diff, NULL,
	    0 },
	{ HTTP_POST, "/quan-tri/bai-viet/{}/khoi-phuc", admin_article_restore,
	    NULL, 0 },
	{ HTTP_GET, "/quan-tri/nhat-ky", admin_audit, NULL, 0 },
	{ HTTP_GET, "/quan-tri/thong-ke.csv", admin_stats_csv, NULL, 0 },
	{ HTTP_GET, "/tim-kiem", site_search, NULL, 0 },
	/* distribution: feeds, sitemaps, archive copy, JSON API */
	{ HTTP_GET, "/rss.xml", site_feed_rss, NULL, HTTP_ROUTE_CACHE },
	{ HTTP_GET, "/atom.xml", site_feed_atom, NULL, HTTP_ROUTE_CACHE },
	{ HTTP_GET, "/chuyen-muc/{}/rss.xml", site_category_rss, NULL,
	    HTTP_ROUTE_CACHE },
	{ HTTP_GET, "/chuyen-muc/{}/atom.xml", site_category_atom, NULL,
	    HTTP_ROUTE_CACHE },
	{ HTTP_GET, "/rss", site_feeds_page, NULL, HTTP_ROUTE_CACHE },
	{ HTTP_GET, "/sitemap.xml", site_sitemap, NULL, HTTP_ROUTE_CACHE },
	{ HTTP_GET, "/sitemap-{}", site_sitemap_month, NULL,
	    HTTP_ROUTE_CACHE },
	{ HTTP_GET, "/robots.txt", site_robots, NULL, HTTP_ROUTE_CACHE },
	{ HTTP_GET, "/tin-tuc/{}/luu", site_article_save, NULL,
	    HTTP_ROUTE_CACHE },
	/* the API answers its own ETags and CORS: not in the page cache */
	{ HTTP_GET, "/api/v1/sites", site_api_sites, NULL, 0 },
	{ HTTP_GET, "/api/v1/categories", site_api_categories, NULL, 0 },
	{ HTTP_GET, "/api/v1/articles", site_api_articles, NULL, 0 },
	{ HTTP_GET, "/api/v1/articles/{}", site_api_article, NULL, 0 },
	{ HTTP_GET, "/api/v1/stats", site_api_stats, NULL, 0 },
	{ HTTP_GET, "/api/v1/openapi.json", site_api_openapi, NULL, 0 },
	{ HTTP_GET, "/api/v1/{}", site_api_not_found, NULL, 0 },
	{ HTTP_GET, "/api/v1/{}/{}", site_api_not_found, NULL, 0 },
	{ HTTP_GET, "/api/v1/{}/{}/{}", site_api_not_found, NULL, 0 },
};

const struct http_route *
cmd_routes(size_t *n)
{
	*n = ARRAY_SIZE(routes);
	return routes;
}

int
cmd_pages_setup(struct cong_config *cfg, struct tmpl_set **out)
{
	struct tmpl_set *tmpls = NULL;
	struct buf why = BUF_INIT;

	*out = NULL;
	if (tmpl_set_new(&tmpls, TMPL_STRICT) ||
	    tmpl_set_load_dir(tmpls, cfg->templates, &why)) {
		log_error("cannot load templates from '%s': %s",
		    cfg->templates, why.ptr);
		buf_release(&why);
		tmpl_set_free(tmpls);
		return 1;
	}
	buf_release(&why);
	if (http_static_load(cfg->static_dir)) {
		tmpl_set_free(tmpls);
		return 1;
	}
	site_pages_init(tmpls);
	if (auth_init()) {
		log_error("cannot initialise libsodium");
		tmpl_set_free(tmpls);
		return 1;
	}
	admin_init(tmpls, cfg->behind_tls);
	admin_media_init(cfg->media_dir);
	*out = tmpls;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Keeping the page cache true                                         */

#define JANITOR_MS 200		/* how often the change log is read */
#define CHANGE_LOG_KEEP (24 * 3600)

static const char *const session_cookies[] = { "cong_session=",
	"__Host-cong=", NULL };
static atomic_bool janitor_stop;

static void
drop_pages(const char *tags)
{
	if (strcmp(tags, "*") == 0)
		http_cache_drop_all();
	else
		http_cache_drop_tags(tags);
}

static void
after_post(struct store_conn *db, int64_t now)
{
	content_seq_bump();
	content_changes_apply(db, now);
}

/*
 * Reads the change log a few times a second: writes by `cong import`,
 * by another node, and scheduled articles whose time has come.
 */
static void *
janitor_main(void *arg)
{
	struct store_conn *db = NULL;
	struct timespec ts = { 0, JANITOR_MS * 1000000L };
	int64_t last_prune = 0;

	if (store_conn_new(arg, &db)) {
		log_error("cache janitor: no database connection");
		return NULL;
	}
	while (!atomic_load(&janitor_stop)) {
		int64_t now = (int64_t)time(NULL);

		content_changes_apply(db, now);
		if (now - last_prune > 600) {
			content_changes_prune(db, now - CHANGE_LOG_KEEP);
			last_prune = now;
		}
		nanosleep(&ts, NULL);
	}
	store_conn_free(db);
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Least privilege (http/sandbox.h)                                    */

static struct sandbox_config sandbox;
static char *db_dir;

static enum cong_err
enter_sandbox(void)
{
	return sandbox_enter(&sandbox);
}

/* --allow-root, --no-sandbox; anything else is an error */
static int
serve_flags(struct cong_config *cfg, int argc, char **argv)
{
	const char *db = cfg->db, *slash;
	int i, n = 0;

	memset(&sandbox, 0, sizeof(sandbox));
	sandbox.user = cfg->user;
	sandbox.enabled = cfg->sandbox;
	sandbox.allow_root = cfg->allow_root;
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--allow-root")) {
			sandbox.allow_root = true;
		} else if (!strcmp(argv[i], "--no-sandbox")) {
			sandbox.enabled = false;
		} else {
			fprintf(stderr, "cong serve: unexpected argument "
			    "'%s'\n", argv[i]);
			return 2;
		}
	}
	/* read-write: the data dir, the media dir, the database's folder */
	sandbox.rw_dirs[n++] = cfg->data_dir;
	sandbox.rw_dirs[n++] = cfg->media_dir;
	if (!strncmp(db, "sqlite:", 7))
		db += 7;
	if (strncmp(db, "postgresql:", 11) && strncmp(db, "postgres:", 9)) {
		slash = strrchr(db, '/');
		db_dir = !slash ? xstrdup(".") : slash == db ? xstrdup("/") :
		    xstrndup(db, (size_t)(slash - db));
		sandbox.rw_dirs[n++] = db_dir;
	}
	if (http_csp_init(cfg->emc_host)) {
		fprintf(stderr, "cong serve: emc_host '%s' is not a host "
		    "name\n", cfg->emc_host);
		return 2;
	}
	return 0;
}

/* Article views served from the cache count like rendered ones. */
static void
count_cached_view(const struct http_route *route, const char *host,
    size_t host_len, const char *path, size_t path_len, const char *ua,
    size_t ua_len, const char *ip)
{
	if (route->fn == site_article)
		stats_hit_host(host, host_len, path, path_len, ua, ua_len, ip,
		    (int64_t)time(NULL));
}

static void
announce(const char *addr)
{
	/* tests and scripts wait for this line on stdout */
	printf("cong: serving on http://%s/\n", addr);
	fflush(stdout);
}

int
cmd_serve(struct cong_config *cfg, int argc, char **argv)
{
	struct http_server_config sc = { 0 };
	struct tmpl_set *tmpls = NULL;
	struct store *st = NULL;
	struct store_conn *db = NULL;
	struct buf why = BUF_INIT;
	int64_t indexed = 0;
	pthread_t janitor;
	bool janitor_started = false;
	int rc = 1;

	if ((rc = serve_flags(cfg, argc, argv)))
		return rc;
	rc = 1;
	if (cmd_pages_setup(cfg, &tmpls))
		goto out;
	if (cmd_open_store(cfg, false, &st)) {
		log_error("run 'cong init' first to create the database");
		goto out;
	}
	if (cfg->db_read) {
		struct store *ro = NULL;

		/* reads without a session go there (http/server.c) */
		if (store_open(cfg->db_read, false, &ro))
			goto out;
		store_set_replica(st, ro);
	}
	content_set_drop_hook(drop_pages);
	content_seq_open(cfg->data_dir);
	if (store_conn_new(st, &db) || content_changes_start(db, time(NULL)))
		goto out;
	/* a database made before the search index: index what is missing */
	if (search_backfill(db, &indexed))
		goto out;
	if (indexed)
		log_info("search: indexed %lld articles", (long long)indexed);
	store_conn_free(db);
	db = NULL;
	atomic_store(&janitor_stop, false);
	if (pthread_create(&janitor, NULL, janitor_main, st) != 0)
		goto out;
	janitor_started = true;
	sc.listen = cfg->listen;
	sc.loops = cfg->loops;
	sc.workers = cfg->workers;
	sc.routes = routes;
	sc.nroutes = ARRAY_SIZE(routes);
	sc.store = st;
	sc.static_dir = NULL;	/* loaded once, by cmd_pages_setup */
	sc.media_dir = cfg->media_dir;
	sc.access_log = cfg->access_log;
	sc.behind_tls = cfg->behind_tls;
	sc.error_page = site_error_page;
	sc.on_ready = announce;
	sc.after_bind = enter_sandbox;
	sc.cache_bytes = (size_t)cfg->cache_mb << 20;
	sc.max_conns = (size_t)cfg->max_conns;
	sc.conns_per_addr = (size_t)cfg->conns_per_addr;
	sc.session_cookies = session_cookies;
	sc.after_post = after_post;
	sc.cache_stale = content_changes_pending;
	sc.on_cache_hit = count_cached_view;
	site_pages_env(cfg->behind_tls, cfg->static_dir, cfg->media_dir);
	if (stats_start(st))
		log_error("view counting is off: no database connection");
	rc = http_server_run(&sc) ? 1 : 0;
out:
	stats_stop();	/* writes the counts of the last seconds */
	if (janitor_started) {
		atomic_store(&janitor_stop, true);
		pthread_join(janitor, NULL);
	}
	store_conn_free(db);
	content_seq_close();
	buf_release(&why);
	site_cache_clear();
	store_free(st);
	tmpl_set_free(tmpls);
	free(db_dir);
	db_dir = NULL;
	return rc;
}
