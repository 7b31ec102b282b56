/* SPDX-License-Identifier: ISC */
/* Unit tests for store/: migrations, binding, rows as JSON, transactions. */
#include "base/buf.h"
#include "base/log.h"
#include "store/store.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>
#include <cmocka.h>

struct fixture {
	char dir[64];
	char url[128];
	struct store *st;
	struct store_conn *c;
};

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));

	log_set_quiet(true);
	snprintf(f->dir, sizeof(f->dir), "/tmp/cong-store-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->url, sizeof(f->url), "sqlite:%s/t.db", f->dir);
	if (store_open(f->url, true, &f->st) || store_migrate(f->st, NULL) ||
	    store_conn_new(f->st, &f->c))
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	struct buf cmd = BUF_INIT;

	store_conn_free(f->c);
	store_free(f->st);
	buf_addf(&cmd, "rm -rf '%s'", f->dir);
	if (system(cmd.ptr) != 0)
		return -1;
	buf_release(&cmd);
	free(f);
	return 0;
}

static int64_t
add_site(struct store_conn *c, const char *host, int is_default)
{
	struct store_val v[14] = {
		SV_STR(host), SV_STR("Cổng thông tin"), SV_STR(""), SV_STR(""),
		SV_STR(""), SV_STR(""), SV_STR(""), SV_STR(""), SV_STR(""),
		SV_STR(""), SV_STR("portal"), SV_INT(is_default), SV_STR("[]"),
		SV_INT(1)
	};
	int64_t id = 0;

	assert_int_equal(store_exec(c, ST_SITE_INSERT, v, 14, &id, NULL),
	    CONG_OK);
	return id;
}

static void
store_migrate_is_idempotent(void **state)
{
	struct fixture *f = *state;
	int v1 = 0, v2 = 0;

	assert_int_equal(store_migrate(f->st, &v1), CONG_OK);
	assert_int_equal(store_migrate(f->st, &v2), CONG_OK);
	assert_true(v1 >= 1);
	assert_int_equal(v1, v2);
	assert_string_equal(store_dialect(f->st), "sqlite");
}

static void
store_row_as_json(void **state)
{
	struct fixture *f = *state;
	struct store_val v[1] = { SV_STR("a.example") };
	json_t *row = NULL;
	int64_t id = add_site(f->c, "a.example", 1);

	assert_int_equal(store_query_one(f->c, ST_SITE_BY_HOST, v, 1, &row),
	    CONG_OK);
	assert_int_equal(json_integer_value(json_object_get(row, "id")), id);
	assert_string_equal(json_string_value(json_object_get(row, "name")),
	    "Cổng thông tin");
	assert_true(json_is_null(json_object_get(row, "parent_id")));
	json_decref(row);
}

static void
store_not_found(void **state)
{
	struct fixture *f = *state;
	struct store_val v[1] = { SV_STR("nowhere.example") };
	json_t *row = NULL;
	int64_t n = -1;

	assert_int_equal(store_query_one(f->c, ST_SITE_BY_HOST, v, 1, &row),
	    CONG_ENOTFOUND);
	assert_null(row);
	assert_int_equal(store_query_int(f->c, ST_SITE_BY_HOST, v, 1, &n),
	    CONG_ENOTFOUND);
}

static void
store_unique_is_eexist(void **state)
{
	struct fixture *f = *state;
	struct store_val v[14] = {
		SV_STR("b.example"), SV_STR("x"), SV_STR(""), SV_STR(""),
		SV_STR(""), SV_STR(""), SV_STR(""), SV_STR(""), SV_STR(""),
		SV_STR(""), SV_STR("portal"), SV_INT(0), SV_STR("[]"), SV_INT(1)
	};

	add_site(f->c, "b.example", 0);
	assert_int_equal(store_exec(f->c, ST_SITE_INSERT, v, 14, NULL, NULL),
	    CONG_EEXIST);
}

static void
store_wrong_arity_refused(void **state)
{
	struct fixture *f = *state;
	struct store_val v[2] = { SV_STR("x"), SV_STR("y") };
	json_t *rows = NULL;

	assert_int_equal(store_query_json(f->c, ST_SITE_BY_HOST, v, 2, &rows),
	    CONG_EINVAL);
	assert_null(rows);
}

static void
store_rollback_discards(void **state)
{
	struct fixture *f = *state;
	json_t *rows = NULL;

	assert_int_equal(store_begin(f->c, true), CONG_OK);
	assert_int_equal(store_begin(f->c, true), CONG_EINVAL);
	add_site(f->c, "c.example", 0);
	store_rollback(f->c);
	assert_false(store_in_tx(f->c));
	assert_int_equal(store_query_json(f->c, ST_SITE_LIST, NULL, 0, &rows),
	    CONG_OK);
	assert_int_equal(json_array_size(rows), 0);
	json_decref(rows);

	assert_int_equal(store_begin(f->c, true), CONG_OK);
	add_site(f->c, "c.example", 0);
	assert_int_equal(store_commit(f->c), CONG_OK);
	assert_int_equal(store_query_json(f->c, ST_SITE_LIST, NULL, 0, &rows),
	    CONG_OK);
	assert_int_equal(json_array_size(rows), 1);
	json_decref(rows);
}

static void
store_check_ok(void **state)
{
	struct fixture *f = *state;
	struct buf report = BUF_INIT;

	assert_int_equal(store_check(f->c, &report), CONG_OK);
	assert_int_equal(report.len, 0);
	buf_release(&report);
}

static void
store_open_bad_scheme(void **state)
{
	struct store *st = NULL;

	UNUSED(state);
	assert_int_equal(store_open("mysql:x", false, &st), CONG_EINVAL);
	assert_null(st);
	assert_int_not_equal(store_open("sqlite:/nonexistent/dir/x.db", false,
	    &st), CONG_OK);
	assert_null(st);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(store_migrate_is_idempotent,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(store_row_as_json, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(store_not_found, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(store_unique_is_eexist, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(store_wrong_arity_refused,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(store_rollback_discards, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(store_check_ok, setup,
		    teardown),
		cmocka_unit_test(store_open_bad_scheme),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
