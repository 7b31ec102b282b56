/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for content/site.c's cache of resolved sites: two databases
 * open in one process never share an entry, nor do a primary and its
 * read replica; callers get copies, and a
 * write is seen: by site_save() in this process at once, by another
 * process's write once the change log is applied.
 */
#include "base/common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "content/changes.h"
#include "content/site.h"
#include "store/store.h"

#define NOW 1563440040

struct db {
	char dir[64];
	struct store *st;
	struct store_conn *c;
	int64_t site;
};

/* Saves the site of host a.vn with this name and a one-item menu. */
static void
save_site(struct db *d, const char *name)
{
	struct site_settings s;

	memset(&s, 0, sizeof(s));
	s.host = (char *)"a.vn";
	s.name = (char *)name;
	s.kind = (char *)"portal";
	s.menu = json_pack("[{s:s, s:s}]", "label", "Trang chủ", "url", "/");
	s.categories = json_array();
	assert_int_equal(site_save(d->c, &s, true, NOW, &d->site), CONG_OK);
	json_decref(s.menu);
	json_decref(s.categories);
}

static void
db_open(struct db *d, const char *name)
{
	char url[128];

	snprintf(d->dir, sizeof(d->dir), "/tmp/cong-site-XXXXXX");
	assert_non_null(mkdtemp(d->dir));
	snprintf(url, sizeof(url), "sqlite:%s/t.db", d->dir);
	assert_int_equal(store_open(url, true, &d->st), CONG_OK);
	assert_int_equal(store_migrate(d->st, NULL), CONG_OK);
	assert_int_equal(store_conn_new(d->st, &d->c), CONG_OK);
	save_site(d, name);
}

static void
db_close(struct db *d)
{
	char cmd[128];

	store_conn_free(d->c);
	store_free(d->st);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", d->dir);
	assert_int_equal(system(cmd), 0);
}

/* The site's name as site_resolve() gives it for Host a.vn. */
static char *
name_of(struct db *d)
{
	json_t *site = NULL;
	char *name;

	assert_int_equal(site_resolve(d->c, "a.vn", 4, &site), CONG_OK);
	name = strdup(json_string_value(json_object_get(site, "name")));
	json_decref(site);
	return name;
}

static void
assert_name(struct db *d, const char *want)
{
	char *got = name_of(d);

	assert_string_equal(got, want);
	free(got);
}

static void
two_databases_apart(void **state)
{
	struct db a, b;

	(void)state;
	db_open(&a, "Cổng A");
	db_open(&b, "Cổng B");
	assert_name(&a, "Cổng A");
	assert_name(&b, "Cổng B");
	assert_name(&a, "Cổng A");	/* from the cache now */
	db_close(&a);
	db_close(&b);
	site_cache_clear();
}

static void
callers_get_copies(void **state)
{
	struct db a;
	json_t *site = NULL;

	(void)state;
	db_open(&a, "Cổng A");
	assert_int_equal(site_resolve(a.c, "a.vn", 4, &site), CONG_OK);
	json_object_set_new(site, "name", json_string("đổi trong trang"));
	json_array_clear(json_object_get(site, "menu"));
	json_decref(site);
	assert_int_equal(site_resolve(a.c, "a.vn", 4, &site), CONG_OK);
	assert_string_equal(json_string_value(json_object_get(site, "name")),
	    "Cổng A");
	assert_int_equal(json_array_size(json_object_get(site, "menu")), 1);
	json_decref(site);
	db_close(&a);
	site_cache_clear();
}

/* A primary and its read replica hold different rows: never mixed up
 * (a session's reads go to the primary, others to the replica). */
static void
replica_apart(void **state)
{
	struct db a, b;

	(void)state;
	db_open(&a, "Cổng chính");
	db_open(&b, "Bản sao để đọc");
	store_conn_free(b.c);
	store_set_replica(a.st, b.st);	/* a's store owns b's now */
	store_conn_use_replica(a.c, true);
	assert_name(&a, "Bản sao để đọc");
	store_conn_use_replica(a.c, false);
	assert_name(&a, "Cổng chính");
	store_conn_use_replica(a.c, true);
	assert_name(&a, "Bản sao để đọc");
	db_close(&a);
	{
		char cmd[128];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", b.dir);
		assert_int_equal(system(cmd), 0);
	}
	site_cache_clear();
}

static void
writes_are_seen(void **state)
{
	struct db a;
	struct store_val v[12];

	(void)state;
	db_open(&a, "Cổng A");
	assert_name(&a, "Cổng A");
	/* site_save() in this process: at once */
	save_site(&a, "Cổng A mới");
	assert_name(&a, "Cổng A mới");
	/* another process's write: a row and its change, then the log */
	v[0] = (struct store_val)SV_INT(a.site);
	v[1] = (struct store_val)SV_STR("Cổng từ nơi khác");
	for (int i = 2; i < 10; i++)
		v[i] = (struct store_val)SV_STR("");
	v[10] = (struct store_val)SV_STR("portal");
	v[11] = (struct store_val)SV_STR("[]");
	assert_int_equal(store_exec(a.c, ST_SITE_UPDATE, v, 12, NULL, NULL),
	    CONG_OK);
	assert_int_equal(content_change_record(a.c, a.site, NOW, "*"),
	    CONG_OK);
	assert_int_equal(content_changes_apply(a.c, NOW), CONG_OK);
	assert_name(&a, "Cổng từ nơi khác");
	db_close(&a);
	site_cache_clear();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(two_databases_apart),
		cmocka_unit_test(callers_get_copies),
		cmocka_unit_test(replica_apart),
		cmocka_unit_test(writes_are_seen),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
