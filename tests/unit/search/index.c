/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for search/index.c and content/article_index.c on a real
 * SQLite store in a temporary directory: articles written by
 * article_save() are indexed in the same transaction; drafts and
 * unpublished articles are never found, scheduled ones only from their
 * time; a title change keeps the old slug for a redirect; the backfill
 * indexes what is missing.
 */
#include "base/common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>
#include <cmocka.h>

#include "content/article.h"
#include "content/article_index.h"
#include "content/site.h"
#include "search/index.h"
#include "store/store.h"

#define NOW 1700000000

struct fx {
	char dir[64];
	struct store *st;
	struct store_conn *db;
	int64_t site, cat;
};

static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));
	char url[128];
	struct store_val v[14] = { SV_STR("a.test"), SV_STR("Cổng A"),
		SV_STR(""), SV_STR(""), SV_STR(""), SV_STR(""), SV_STR(""),
		SV_STR(""), SV_STR(""), SV_STR(""), SV_STR("portal"),
		SV_INT(1), SV_STR("[]"), SV_INT(NOW) };

	snprintf(f->dir, sizeof(f->dir), "/tmp/cong-search-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(url, sizeof(url), "sqlite:%s/t.db", f->dir);
	assert_int_equal(store_open(url, true, &f->st), CONG_OK);
	assert_int_equal(store_migrate(f->st, NULL), CONG_OK);
	assert_int_equal(store_conn_new(f->st, &f->db), CONG_OK);
	assert_int_equal(store_exec(f->db, ST_SITE_INSERT, v, 14, &f->site,
	    NULL), CONG_OK);
	assert_int_equal(store_begin(f->db, true), CONG_OK);
	assert_int_equal(category_ensure(f->db, f->site, "Tin tức", 1,
	    &f->cat), CONG_OK);
	assert_int_equal(store_commit(f->db), CONG_OK);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	char path[128];

	store_conn_free(f->db);
	store_free(f->st);
	snprintf(path, sizeof(path), "rm -rf '%s'", f->dir);
	if (system(path) != 0)
		return -1;
	free(f);
	return 0;
}

static int64_t
save(struct fx *f, int64_t id, const char *title, const char *status,
    int64_t published_at)
{
	struct article_input in;
	int64_t out = 0;

	memset(&in, 0, sizeof(in));
	in.site_id = f->site;
	in.id = id;
	in.category_id = f->cat;
	in.title = title;
	in.lead = "Tóm tắt bài viết.";
	in.body_html = "<p>Nội dung về phong trào thi đua khen thưởng.</p>";
	in.author = "Huỳnh An";
	in.status = status;
	in.published_at = published_at;
	assert_int_equal(article_save(f->db, "test", "save", &in, NOW, &out),
	    CONG_OK);
	return out;
}

/* Ids found for q at time now, in rank order, into ids; returns count. */
static size_t
find(struct fx *f, const char *q, int64_t now, int64_t *ids, size_t max)
{
	struct search_query sq;
	struct search_params p = { f->site, now, 0, 0, 0, 1, 10 };
	json_t *items = NULL, *it;
	int64_t total = 0;
	bool capped;
	size_t i, n = 0;

	assert_int_equal(search_query_parse(q, strlen(q), &sq), CONG_OK);
	assert_int_equal(search_run(f->db, &sq, &p, &items, &total, &capped),
	    CONG_OK);
	json_array_foreach(items, i, it)
		if (n < max)
			ids[n++] = json_integer_value(json_object_get(it, "id"));
	json_decref(items);
	return n;
}

static bool
has(const int64_t *ids, size_t n, int64_t id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

static void
drafts_and_schedule(void **state)
{
	struct fx *f = *state;
	int64_t pub, draft, sched, kt, ids[10];
	size_t n;

	pub = save(f, 0, "Hội nghị sơ kết giao ước thi đua", "published",
	    NOW - 1000);
	draft = save(f, 0, "Bản nháp giao ước thi đua", "draft", NOW - 500);
	sched = save(f, 0, "Hẹn giờ giao ước thi đua", "published",
	    NOW + 3600);
	n = find(f, "giao uoc", NOW, ids, 10);
	assert_true(has(ids, n, pub));
	assert_false(has(ids, n, draft));
	assert_false(has(ids, n, sched));
	n = find(f, "giao uoc", NOW + 7200, ids, 10);
	assert_true(has(ids, n, sched));
	assert_false(has(ids, n, draft));
	/* the draft published, then withdrawn */
	save(f, draft, "Bản nháp giao ước thi đua", "published", NOW - 500);
	n = find(f, "ban nhap", NOW, ids, 10);
	assert_true(n == 1 && ids[0] == draft);
	save(f, draft, "Bản nháp giao ước thi đua", "unpublished", NOW - 500);
	n = find(f, "ban nhap", NOW, ids, 10);
	assert_int_equal(n, 0);
	/* title outranks body: "khen thưởng" is in every body */
	kt = save(f, 0, "Khen thưởng tập thể xuất sắc", "published",
	    NOW - 9000);
	n = find(f, "khen thuong", NOW, ids, 10);
	assert_true(n >= 2);
	assert_int_equal(ids[0], kt);
}

static void
old_slug_redirect(void **state)
{
	struct fx *f = *state;
	int64_t id, ids[10];
	char *slug = NULL;
	size_t n;

	id = save(f, 0, "Tiêu đề cũ của bài", "published", NOW - 100);
	save(f, id, "Tiêu đề mới hoàn toàn", "published", NOW - 100);
	assert_int_equal(article_old_slug_find(f->db, f->site, NOW,
	    "tieu-de-cu-cua-bai", strlen("tieu-de-cu-cua-bai"), &slug),
	    CONG_OK);
	assert_string_equal(slug, "tieu-de-moi-hoan-toan");
	free(slug);
	slug = NULL;
	assert_int_equal(article_old_slug_find(f->db, f->site, NOW,
	    "khong-co", 8, &slug), CONG_ENOTFOUND);
	assert_null(slug);
	/* the index follows the title */
	n = find(f, "tieu de moi", NOW, ids, 10);
	assert_true(n == 1 && ids[0] == id);
	n = find(f, "\"tieu de cu\"", NOW, ids, 10);
	assert_int_equal(n, 0);
	/* back to the old title: its slug is live again, not a redirect */
	save(f, id, "Tiêu đề cũ của bài", "published", NOW - 100);
	assert_int_equal(article_old_slug_find(f->db, f->site, NOW,
	    "tieu-de-cu-cua-bai", strlen("tieu-de-cu-cua-bai"), &slug),
	    CONG_ENOTFOUND);
	assert_int_equal(article_old_slug_find(f->db, f->site, NOW,
	    "tieu-de-moi-hoan-toan", strlen("tieu-de-moi-hoan-toan"), &slug),
	    CONG_OK);
	assert_string_equal(slug, "tieu-de-cu-cua-bai");
	free(slug);
}

static void
backfill(void **state)
{
	struct fx *f = *state;
	int64_t id, ids[10], count = -1;
	struct store_val v;
	size_t n;

	id = save(f, 0, "Bài cần đánh chỉ mục lại", "published", NOW - 10);
	v = SV_INT(id);
	assert_int_equal(store_exec(f->db, ST_SEARCH_DOC_DELETE, &v, 1, NULL,
	    NULL), CONG_OK);
	n = find(f, "chi muc", NOW, ids, 10);
	assert_int_equal(n, 0);
	assert_int_equal(search_backfill(f->db, &count), CONG_OK);
	assert_int_equal(count, 1);
	n = find(f, "chi muc", NOW, ids, 10);
	assert_true(n == 1 && ids[0] == id);
	assert_int_equal(search_backfill(f->db, &count), CONG_OK);
	assert_int_equal(count, 0);
}

static void
run_bad_params(void **state)
{
	struct fx *f = *state;
	struct search_query sq;
	struct search_params p = { f->site, NOW, 0, 0, 0, 0, 10 };
	json_t *items = NULL;
	int64_t total;
	bool capped;

	assert_int_equal(search_query_parse("thi", 3, &sq), CONG_OK);
	assert_int_equal(search_run(f->db, &sq, &p, &items, &total, &capped),
	    CONG_EINVAL);
	p.page = 1;
	p.per_page = SEARCH_PER_PAGE_MAX + 1;
	assert_int_equal(search_run(f->db, &sq, &p, &items, &total, &capped),
	    CONG_EINVAL);
	assert_null(items);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(drafts_and_schedule, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(old_slug_redirect, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(backfill, setup, teardown),
		cmocka_unit_test_setup_teardown(run_bad_params, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
