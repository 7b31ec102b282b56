/* SPDX-License-Identifier: ISC */
/*
 * render.c: uncached render time per page type, measured in-process: the
 * page handler itself (store reads + template + response body), called
 * directly as a worker calls it, without HTTP or the page cache.
 *
 * usage: render DB TEMPLATES STATIC HOST COUNT
 * Prints one line per page type: median and p99 in microseconds.
 */
#include "base/common.h"
#include "base/buf.h"
#include "base/log.h"
#include "http/server.h"
#include "render/tmpl.h"
#include "site/page.h"
#include "store/store.h"

#include <stdio.h>
#include <time.h>

struct slugs {
	char **v;
	size_t n;
};

static enum cong_err
on_slug(void *ud, const struct store_row *r)
{
	struct slugs *s = ud;

	if (s->n % 1024 == 0)
		s->v = xrealloc(s->v, (s->n + 1024) * sizeof(*s->v));
	s->v[s->n++] = xstrdup(store_row_text(r, 0, NULL));
	return CONG_OK;
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static int64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void
run(const char *label, http_handler_fn fn, struct store_conn *db,
    const char *host, const char *prefix, struct slugs *s, size_t count)
{
	int64_t *t = xcalloc(count, sizeof(*t));
	size_t i, failed = 0;
	uint64_t x = 88172645463325252ull;

	for (i = 0; i < count; i++) {
		struct http_req req;
		struct http_resp resp;
		struct buf path = BUF_INIT;
		int64_t t0;

		memset(&req, 0, sizeof(req));
		http_resp_init(&resp);
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		req.method = HTTP_GET;
		req.host = (char *)host;
		req.host_len = strlen(host);
		req.query = (char *)"";
		req.now = (int64_t)time(NULL);
		req.db = db;
		if (s && s->n) {
			const char *slug = s->v[x % s->n];

			buf_addf(&path, "%s%s", prefix, slug);
			req.args[0] = slug;
			req.args_len[0] = strlen(slug);
		} else {
			buf_adds(&path, "/");
		}
		req.path = path.ptr;
		req.path_len = path.len;
		t0 = now_ns();
		if (fn(&req, &resp) || resp.status != 200)
			failed++;
		t[i] = now_ns() - t0;
		http_resp_release(&resp);
		buf_release(&path);
	}
	qsort(t, count, sizeof(*t), cmp_i64);
	printf("%-10s median %7.1f us   p99 %7.1f us   (%zu renders, %zu "
	    "failed)\n", label, (double)t[count / 2] / 1000,
	    (double)t[count * 99 / 100] / 1000, count, failed);
	free(t);
}

int
main(int argc, char **argv)
{
	struct store *st = NULL;
	struct store_conn *db = NULL;
	struct tmpl_set *tmpls = NULL;
	struct buf why = BUF_INIT;
	struct slugs arts = { NULL, 0 }, cats = { NULL, 0 };
	json_t *site = NULL, *rows = NULL, *row;
	size_t count, i;
	struct store_val v[2];

	if (argc != 6) {
		fprintf(stderr, "usage: render DB TEMPLATES STATIC HOST COUNT\n");
		return 2;
	}
	log_set_quiet(true);
	count = (size_t)strtoul(argv[5], NULL, 10);
	if (store_open(argv[1], false, &st) || store_conn_new(st, &db) ||
	    tmpl_set_new(&tmpls, TMPL_STRICT) ||
	    tmpl_set_load_dir(tmpls, argv[2], &why) ||
	    http_static_load(argv[3])) {
		fprintf(stderr, "render: setup failed %s\n", why.ptr);
		return 1;
	}
	site_pages_init(tmpls);
	if (store_query_one(db, ST_SITE_DEFAULT, NULL, 0, &site))
		return 1;
	v[0] = SV_INT(json_integer_value(json_object_get(site, "id")));
	v[1] = SV_INT(time(NULL));
	store_query(db, ST_ARTICLE_PUBLIC_SLUGS, v, 2, on_slug, &arts);
	store_query_json(db, ST_CATEGORY_LIST, v, 1, &rows);
	json_array_foreach(rows, i, row) {
		cats.v = xrealloc(cats.v, (cats.n + 1) * sizeof(*cats.v));
		cats.v[cats.n++] = xstrdup(json_string_value(
		    json_object_get(row, "slug")));
	}
	run("article", site_article, db, argv[4], "/tin-tuc/", &arts, count);
	run("home", site_home, db, argv[4], "", NULL, count / 4 + 1);
	run("category", site_category, db, argv[4], "/chuyen-muc/", &cats,
	    count / 4 + 1);
	for (i = 0; i < arts.n; i++)
		free(arts.v[i]);
	for (i = 0; i < cats.n; i++)
		free(cats.v[i]);
	free(arts.v);
	free(cats.v);
	json_decref(rows);
	json_decref(site);
	tmpl_set_free(tmpls);
	http_static_free();
	store_conn_free(db);
	store_free(st);
	buf_release(&why);
	return 0;
}
