/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for store/ on either backend: migrations, every statement of
 * the table, binding, rows as JSON, transactions, locks, notifications,
 * reconnection. CONG_TEST_DB names the database: a postgresql:// URL of a
 * scratch database (tests/run makes one; every test starts by emptying
 * its public schema), or nothing for a fresh SQLite file per test. The
 * same cases run on both, so both report the same count.
 */
#include "base/common.h"
#include "base/buf.h"
#include "base/log.h"
#include "store/store.h"

#include <libpq-fe.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

struct fixture {
	char dir[64];
	char url[512];
	bool pg;
	struct store *st;
	struct store_conn *c;
};

static void
quiet(void *arg, const char *msg)
{
	UNUSED(arg);
	UNUSED(msg);
}

/* Runs admin SQL on the PostgreSQL test database, outside the store. */
static int
pg_admin(const char *url, const char *sql)
{
	PGconn *pg = PQconnectdb(url);
	PGresult *res = NULL;
	int rc = -1;

	if (PQstatus(pg) == CONNECTION_OK) {
		PQsetNoticeProcessor(pg, quiet, NULL);
		res = PQexec(pg, sql);
		if (PQresultStatus(res) == PGRES_COMMAND_OK ||
		    PQresultStatus(res) == PGRES_TUPLES_OK)
			rc = 0;
		else
			fprintf(stderr, "# admin: %s", PQerrorMessage(pg));
	}
	PQclear(res);
	PQfinish(pg);
	return rc;
}

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));
	const char *db = getenv("CONG_TEST_DB");

	log_set_quiet(true);
	if (db && *db) {
		snprintf(f->url, sizeof(f->url), "%s", db);
		f->pg = true;
		if (pg_admin(f->url, "DROP SCHEMA public CASCADE;"
		    "CREATE SCHEMA public"))
			return -1;
	} else {
		snprintf(f->dir, sizeof(f->dir), "/tmp/cong-store-XXXXXX");
		if (!mkdtemp(f->dir))
			return -1;
		snprintf(f->url, sizeof(f->url), "sqlite:%s/t.db", f->dir);
	}
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
	int rc = 0;

	store_conn_free(f->c);
	store_free(f->st);
	if (!f->pg) {
		buf_addf(&cmd, "rm -rf '%s'", f->dir);
		rc = system(cmd.ptr) != 0 ? -1 : 0;
	}
	buf_release(&cmd);
	free(f);
	return rc;
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

static int64_t
count_sites(struct store_conn *c)
{
	json_t *rows = NULL;
	int64_t n;

	assert_int_equal(store_query_json(c, ST_SITE_LIST, NULL, 0, &rows),
	    CONG_OK);
	n = (int64_t)json_array_size(rows);
	json_decref(rows);
	return n;
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
	assert_string_equal(store_dialect(f->st), f->pg ? "postgresql" :
	    "sqlite");
}

/* The highest ?N of a statement's text: how many values it takes. */
static size_t
stmt_nparams(const char *sql)
{
	size_t n = 0;
	const char *p;

	for (p = sql; (p = strchr(p, '?')); p++) {
		size_t k = strtoul(p + 1, NULL, 10);

		n = k > n ? k : n;
	}
	return n;
}

/*
 * Every statement of the table runs on this backend's schema: a write may
 * break a constraint (EINVAL), but never be refused as bad SQL or a
 * missing table or column (EDB). Values: NULL on PostgreSQL, whose
 * parameters then take the type of what they meet; 0 on SQLite, which
 * takes any value anywhere but not a NULL LIMIT.
 */
static void
store_every_statement_runs(void **state)
{
	struct fixture *f = *state;
	struct store_val v[64];
	size_t i, n;
	int id;

	for (i = 0; i < ARRAY_SIZE(v); i++)
		v[i] = f->pg ? SV_NUL : SV_INT(0);
	assert_int_equal(store_begin(f->c, true), CONG_OK);
	for (id = 0; id < ST__MAX; id++) {
		enum cong_err err;

		n = stmt_nparams(store_stmt_sql(id));
		assert_true(n <= ARRAY_SIZE(v));
		err = store_exec(f->c, id, v, n, NULL, NULL);
		if (err != CONG_OK && err != CONG_EINVAL &&
		    err != CONG_EEXIST && err != CONG_ENOTFOUND)
			fail_msg("%s: %s", store_stmt_name(id),
			    cong_strerror(err));
	}
	store_rollback(f->c);
}

static void
store_insert_ids_and_changes(void **state)
{
	struct fixture *f = *state;
	struct store_val up[12] = {
		SV_INT(0), SV_STR("n"), SV_STR(""), SV_STR(""), SV_STR(""),
		SV_STR(""), SV_STR(""), SV_STR(""), SV_STR(""), SV_STR(""),
		SV_STR("portal"), SV_STR("[]")
	};
	int64_t a, b, changes = -1;

	a = add_site(f->c, "a.example", 1);
	b = add_site(f->c, "b.example", 0);
	assert_true(a > 0);
	assert_int_equal(b, a + 1);
	up[0] = SV_INT(b);
	assert_int_equal(store_exec(f->c, ST_SITE_UPDATE, up, 12, NULL,
	    &changes), CONG_OK);
	assert_int_equal(changes, 1);
	up[0] = SV_INT(b + 100);
	assert_int_equal(store_exec(f->c, ST_SITE_UPDATE, up, 12, NULL,
	    &changes), CONG_OK);
	assert_int_equal(changes, 0);
}

static void
store_row_as_json(void **state)
{
	struct fixture *f = *state;
	struct store_val v[1] = { SV_STR("a.example") };
	json_t *row = NULL;
	int64_t id = add_site(f->c, "a.example", 1), n = 0;

	assert_int_equal(store_query_one(f->c, ST_SITE_BY_HOST, v, 1, &row),
	    CONG_OK);
	assert_int_equal(json_integer_value(json_object_get(row, "id")), id);
	assert_int_equal(json_integer_value(json_object_get(row,
	    "is_default")), 1);
	assert_string_equal(json_string_value(json_object_get(row, "name")),
	    "Cổng thông tin");
	assert_true(json_is_null(json_object_get(row, "parent_id")));
	json_decref(row);
	assert_int_equal(store_query_int(f->c, ST_SCHEMA_VERSION, NULL, 0, &n),
	    CONG_OK);
	assert_true(n >= 1);
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

/* As on SQLite, a refused write leaves the transaction usable. */
static void
store_failed_write_keeps_tx(void **state)
{
	struct fixture *f = *state;
	struct store_val v[14] = {
		SV_STR("d.example"), SV_STR("x"), SV_STR(""), SV_STR(""),
		SV_STR(""), SV_STR(""), SV_STR(""), SV_STR(""), SV_STR(""),
		SV_STR(""), SV_STR("portal"), SV_INT(0), SV_STR("[]"), SV_INT(1)
	};

	assert_int_equal(store_begin(f->c, true), CONG_OK);
	add_site(f->c, "d.example", 0);
	assert_int_equal(store_exec(f->c, ST_SITE_INSERT, v, 14, NULL, NULL),
	    CONG_EEXIST);
	add_site(f->c, "e.example", 0);
	assert_int_equal(store_commit(f->c), CONG_OK);
	assert_int_equal(count_sites(f->c), 2);
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

	assert_int_equal(store_begin(f->c, true), CONG_OK);
	assert_int_equal(store_begin(f->c, true), CONG_EINVAL);
	add_site(f->c, "c.example", 0);
	store_rollback(f->c);
	assert_false(store_in_tx(f->c));
	assert_int_equal(count_sites(f->c), 0);

	assert_int_equal(store_begin(f->c, true), CONG_OK);
	add_site(f->c, "c.example", 0);
	assert_int_equal(store_commit(f->c), CONG_OK);
	assert_int_equal(count_sites(f->c), 1);
}

static void
store_check_ok(void **state)
{
	struct fixture *f = *state;
	struct buf report = BUF_INIT;

	add_site(f->c, "a.example", 1);
	assert_int_equal(store_check(f->c, &report), CONG_OK);
	assert_int_equal(report.len, 0);
	buf_release(&report);
}

/* One node gets a scheduled job's lock; the other is told no. */
static void
store_try_lock_one_holder(void **state)
{
	struct fixture *f = *state;
	struct store_conn *c2 = NULL;
	bool got1 = false, got2 = true;

	assert_int_equal(store_conn_new(f->st, &c2), CONG_OK);
	assert_int_equal(store_begin(f->c, false), CONG_OK);
	assert_int_equal(store_try_lock(f->c, 42, &got1), CONG_OK);
	assert_true(got1);
	if (f->pg) {
		assert_int_equal(store_begin(c2, false), CONG_OK);
		assert_int_equal(store_try_lock(c2, 42, &got2), CONG_OK);
		assert_false(got2);
		store_rollback(c2);
	}
	assert_int_equal(store_commit(f->c), CONG_OK);
	/* Released at commit: the other node may take it now. */
	assert_int_equal(store_begin(c2, false), CONG_OK);
	assert_int_equal(store_try_lock(c2, 42, &got2), CONG_OK);
	assert_true(got2);
	store_rollback(c2);
	store_conn_free(c2);
}

struct inbox {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	char got[8][64];
	int n;
	int nulls;
};

static void
on_notify(const char *payload, void *ud)
{
	struct inbox *in = ud;

	pthread_mutex_lock(&in->mu);
	if (!payload)
		in->nulls++;
	else if (in->n < 8)
		snprintf(in->got[in->n++], sizeof(in->got[0]), "%s", payload);
	pthread_cond_broadcast(&in->cv);
	pthread_mutex_unlock(&in->mu);
}

/* Waits up to ms for the inbox to hold n payloads (or nulls > 0). */
static int
inbox_wait(struct inbox *in, int n, bool for_null, int ms)
{
	struct timespec ts;
	int have;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += ms / 1000;
	ts.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&in->mu);
	while ((for_null ? in->nulls == 0 : in->n < n) &&
	    pthread_cond_timedwait(&in->cv, &in->mu, &ts) == 0)
		;
	have = for_null ? in->nulls : in->n;
	pthread_mutex_unlock(&in->mu);
	return have;
}

static void
store_notify_reaches_listener(void **state)
{
	struct fixture *f = *state;
	struct inbox in = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER,
	    { { 0 } }, 0, 0 };

	assert_int_equal(store_listen(f->st, "bad channel!", on_notify, &in),
	    f->pg ? CONG_EINVAL : CONG_OK);
	assert_int_equal(store_listen(f->st, "cong_test", on_notify, &in),
	    CONG_OK);
	assert_int_equal(store_notify(f->c, "cong_test", "a12 c3"), CONG_OK);
	if (!f->pg) {
		/* One process: nothing to tell, nothing started. */
		assert_int_equal(inbox_wait(&in, 1, false, 50), 0);
		return;
	}
	assert_int_equal(inbox_wait(&in, 1, false, 5000), 1);
	assert_string_equal(in.got[0], "a12 c3");
	/* Inside a transaction: delivered at commit, never on rollback. */
	assert_int_equal(store_begin(f->c, true), CONG_OK);
	assert_int_equal(store_notify(f->c, "cong_test", "rolled"), CONG_OK);
	store_rollback(f->c);
	assert_int_equal(store_begin(f->c, true), CONG_OK);
	assert_int_equal(store_notify(f->c, "cong_test", "s1"), CONG_OK);
	assert_int_equal(inbox_wait(&in, 2, false, 200), 1);
	assert_int_equal(store_commit(f->c), CONG_OK);
	assert_int_equal(inbox_wait(&in, 2, false, 5000), 2);
	assert_string_equal(in.got[1], "s1");
	/* The listener thread stops with the store. */
	store_conn_free(f->c);
	f->c = NULL;
	store_free(f->st);
	f->st = NULL;
}

/*
 * The server drops every session (as a restart does): the worker's
 * connection comes back on its next statement, and the listener
 * reconnects, says so with a NULL payload, and hears later notifies.
 */
static void
store_reconnects_after_restart(void **state)
{
	struct fixture *f = *state;
	struct inbox in = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER,
	    { { 0 } }, 0, 0 };

	add_site(f->c, "a.example", 1);
	assert_int_equal(store_listen(f->st, "cong_test", on_notify, &in),
	    CONG_OK);
	if (f->pg)
		assert_int_equal(pg_admin(f->url, "SELECT pg_terminate_backend"
		    "(pid) FROM pg_stat_activity WHERE pid <>"
		    " pg_backend_pid() AND application_name LIKE 'cong%'"), 0);
	assert_int_equal(count_sites(f->c), 1);
	add_site(f->c, "b.example", 0);
	if (f->pg) {
		assert_true(inbox_wait(&in, 0, true, 5000) >= 1);
		assert_int_equal(store_notify(f->c, "cong_test", "after"),
		    CONG_OK);
		assert_int_equal(inbox_wait(&in, 1, false, 5000), 1);
		assert_string_equal(in.got[0], "after");
	}
	/* A transaction cut by the restart fails and is gone. */
	assert_int_equal(store_begin(f->c, true), CONG_OK);
	add_site(f->c, "c.example", 0);
	if (f->pg) {
		assert_int_equal(pg_admin(f->url, "SELECT pg_terminate_backend"
		    "(pid) FROM pg_stat_activity WHERE pid <>"
		    " pg_backend_pid() AND application_name = 'cong'"), 0);
		assert_int_not_equal(store_commit(f->c), CONG_OK);
		assert_false(store_in_tx(f->c));
		assert_int_equal(count_sites(f->c), 2);
	} else {
		assert_int_equal(store_commit(f->c), CONG_OK);
		assert_int_equal(count_sites(f->c), 3);
	}
	/* in lives on this stack: stop the listener before returning. */
	store_conn_free(f->c);
	f->c = NULL;
	store_free(f->st);
	f->st = NULL;
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

/* A database that is down is "unavailable", the 503 case, not a crash. */
static void
store_open_pg_down(void **state)
{
	struct store *st = NULL;

	UNUSED(state);
	assert_int_equal(store_open("postgresql://cong@127.0.0.1:1/cong"
	    "?connect_timeout=2", false, &st), CONG_EUNAVAIL);
	assert_null(st);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(store_migrate_is_idempotent),
		T(store_every_statement_runs),
		T(store_insert_ids_and_changes),
		T(store_row_as_json),
		T(store_not_found),
		T(store_unique_is_eexist),
		T(store_failed_write_keeps_tx),
		T(store_wrong_arity_refused),
		T(store_rollback_discards),
		T(store_check_ok),
		T(store_try_lock_one_holder),
		T(store_notify_reaches_listener),
		T(store_reconnects_after_restart),
#undef T
		cmocka_unit_test(store_open_bad_scheme),
		cmocka_unit_test(store_open_pg_down),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
