/* SPDX-License-Identifier: ISC */
/*
 * store.c: the backend-neutral half of the store: opening by URL,
 * migrations, transactions, and rows turned into JSON for templates.
 */
#include "base/common.h"
#include "base/buf.h"
#include "base/log.h"
#include "store/backend.h"
#include "store/migrations.h"

#include <stdatomic.h>
#include <stdio.h>
#include <time.h>

static enum cong_err
open_backend(const char *url, bool create, struct store **out)
{
	if (strncmp(url, "sqlite:", 7) == 0)
		return store_sqlite_open(url + 7, create, out);
	if (strncmp(url, "postgresql:", 11) == 0 ||
	    strncmp(url, "postgres:", 9) == 0)
		return store_pg_open(url, out);
	if (strchr(url, ':') && !strchr(url, '/')) {
		log_error("cannot open '%s': unknown database scheme", url);
		return CONG_EINVAL;
	}
	return store_sqlite_open(url, create, out);
}

enum cong_err
store_open(const char *url, bool create, struct store **out)
{
	static atomic_uint_fast64_t opened;
	enum cong_err err;

	*out = NULL;
	if (!(err = open_backend(url, create, out)))
		(*out)->serial = atomic_fetch_add(&opened, 1) + 1;
	return err;
}

uint64_t
store_conn_serial(const struct store_conn *c)
{
	/* the store a read goes to now (read_conn()) */
	if (c->use_ro && !c->in_tx && c->st->replica)
		return c->st->replica->serial;
	return c->st->serial;
}

void
store_free(struct store *st)
{
	if (!st)
		return;
	store_free(st->replica);
	st->ops->free(st);
}

const char *
store_dialect(const struct store *st)
{
	return st->ops->dialect;
}

enum cong_err
store_conn_new(struct store *st, struct store_conn **out)
{
	struct store_conn *c = xcalloc(1, sizeof(*c));
	enum cong_err err;

	c->st = st;
	if ((err = st->ops->conn_new(st, &c->impl))) {
		free(c);
		*out = NULL;
		return err;
	}
	*out = c;
	return CONG_OK;
}

void
store_conn_free(struct store_conn *c)
{
	if (!c)
		return;
	store_rollback(c);
	store_conn_free(c->ro);
	c->st->ops->conn_free(c->impl);
	free(c);
}

/* ------------------------------------------------------------------ */
/* Migrations                                                          */

enum cong_err
store_migrate(struct store *st, int *version)
{
	struct store_conn *c = NULL;
	const struct migration *m;
	int64_t cur = 0;
	enum cong_err err;

	if ((err = store_conn_new(st, &c)))
		return err;
	err = st->ops->exec_script(c->impl, "CREATE TABLE IF NOT EXISTS "
	    "schema_version (version INTEGER NOT NULL, applied_at INTEGER "
	    "NOT NULL)");
	if (err)
		goto out;
	if ((err = store_query_int(c, ST_SCHEMA_VERSION, NULL, 0, &cur)))
		goto out;
	for (m = st->ops->migrations; m->sql; m++) {
		struct store_val v[2];

		/* two files with one number would apply only the first */
		if (m != st->ops->migrations && m->version <= m[-1].version) {
			log_error("migrations '%s' and '%s' share version %d",
			    m[-1].name, m->name, m->version);
			err = CONG_EINVAL;
			goto out;
		}
		if (m->version <= cur)
			continue;
		if ((err = store_begin(c, true)))
			goto out;
		if ((err = st->ops->exec_script(c->impl, m->sql))) {
			log_error("migration '%s' failed", m->name);
			goto out;
		}
		v[0] = SV_INT(m->version);
		v[1] = SV_INT(time(NULL));
		if ((err = store_exec(c, ST_SCHEMA_VERSION_SET, v, 2, NULL,
		    NULL)))
			goto out;
		if ((err = store_commit(c)))
			goto out;
		log_info("schema migrated to version %d (%s)", m->version,
		    m->name);
		cur = m->version;
	}
	if (version)
		*version = (int)cur;
out:
	store_conn_free(c);
	return err;
}

/* ------------------------------------------------------------------ */
/* Transactions                                                        */

enum cong_err
store_begin(struct store_conn *c, bool write)
{
	enum cong_err err;

	if (c->in_tx) {
		log_error("store: nested transaction");
		return CONG_EINVAL;
	}
	err = c->st->ops->exec_script(c->impl,
	    write ? "BEGIN IMMEDIATE" : "BEGIN");
	if (!err)
		c->in_tx = true;
	return err;
}

enum cong_err
store_commit(struct store_conn *c)
{
	enum cong_err err;

	if (!c->in_tx)
		return CONG_EINVAL;
	err = c->st->ops->exec_script(c->impl, "COMMIT");
	if (err) {
		store_rollback(c);
		return err;
	}
	c->in_tx = false;
	return CONG_OK;
}

void
store_rollback(struct store_conn *c)
{
	if (!c || !c->in_tx)
		return;
	c->st->ops->exec_script(c->impl, "ROLLBACK");
	c->in_tx = false;
}

bool
store_in_tx(const struct store_conn *c)
{
	return c->in_tx;
}

enum cong_err
store_check(struct store_conn *c, struct buf *report)
{
	return c->st->ops->check(c, report);
}

/* ------------------------------------------------------------------ */
/* Many nodes                                                          */

enum cong_err
store_try_lock(struct store_conn *c, int64_t key, bool *got)
{
	*got = true;
	if (!c->st->ops->try_lock)
		return CONG_OK;
	return c->st->ops->try_lock(c, key, got);
}

enum cong_err
store_notify(struct store_conn *c, const char *channel, const char *payload)
{
	if (!c->st->ops->notify)
		return CONG_OK;
	return c->st->ops->notify(c, channel, payload);
}

enum cong_err
store_listen(struct store *st, const char *channel,
    void (*cb)(const char *payload, void *ud), void *ud)
{
	if (!st->ops->listen)
		return CONG_OK;
	return st->ops->listen(st, channel, cb, ud);
}

void
store_set_replica(struct store *primary, struct store *replica)
{
	store_free(primary->replica);
	primary->replica = replica;
}

void
store_conn_use_replica(struct store_conn *c, bool on)
{
	c->use_ro = on;
}

/* The connection a read goes to: the replica's when allowed and up. */
static struct store_conn *
read_conn(struct store_conn *c)
{
	if (!c->use_ro || c->in_tx || !c->st->replica)
		return c;
	if (!c->ro && store_conn_new(c->st->replica, &c->ro))
		return c;
	return c->ro;
}

/* ------------------------------------------------------------------ */
/* Bulk copy                                                           */

/* Catalog names only: they are quoted into SQL by the backend. */
static bool
table_name_ok(const char *table)
{
	size_t i, n = strlen(table);

	if (!n || n > 63)
		return false;
	for (i = 0; i < n; i++)
		if (!((table[i] >= 'a' && table[i] <= 'z') ||
		    (table[i] >= '0' && table[i] <= '9') || table[i] == '_'))
			return false;
	return true;
}

enum cong_err
store_copy_columns(struct store_conn *c, const char *table, json_t **out)
{
	*out = NULL;
	if (!c->st->ops->copy_columns || !table_name_ok(table))
		return CONG_EINVAL;
	return c->st->ops->copy_columns(c, table, out);
}

enum cong_err
store_copy_insert(struct store_conn *c, const char *table,
    const json_t *cols, const struct store_val *vals, size_t n)
{
	size_t i;

	if (!c->st->ops->copy_insert || !table_name_ok(table) ||
	    json_array_size(cols) != n)
		return CONG_EINVAL;
	for (i = 0; i < n; i++)
		if (!json_is_string(json_array_get(cols, i)) ||
		    !table_name_ok(json_string_value(json_array_get(cols, i))))
			return CONG_EINVAL;
	return c->st->ops->copy_insert(c, table, cols, vals, n);
}

enum cong_err
store_copy_count(struct store_conn *c, const char *table, int64_t *n)
{
	if (!c->st->ops->copy_count || !table_name_ok(table))
		return CONG_EINVAL;
	return c->st->ops->copy_count(c, table, n);
}

enum cong_err
store_copy_finish(struct store_conn *c, const char *table)
{
	if (!c->st->ops->copy_finish || !table_name_ok(table))
		return CONG_EINVAL;
	return c->st->ops->copy_finish(c, table);
}

/* ------------------------------------------------------------------ */
/* Queries                                                             */

enum cong_err
store_query(struct store_conn *c, enum store_stmt id,
    const struct store_val *args, size_t nargs, store_row_fn fn, void *ud)
{
	struct store_conn *rc = read_conn(c);
	enum cong_err err;

	err = rc->st->ops->query(rc, id, args, nargs, fn, ud);
	if (err == CONG_EUNAVAIL && rc != c)
		err = c->st->ops->query(c, id, args, nargs, fn, ud);
	return err;
}

enum cong_err
store_exec(struct store_conn *c, enum store_stmt id,
    const struct store_val *args, size_t nargs, int64_t *rowid,
    int64_t *changes)
{
	return c->st->ops->exec(c, id, args, nargs, rowid, changes);
}

int
store_row_ncols(const struct store_row *r)
{
	return r->ops->ncols(r);
}

const char *
store_row_name(const struct store_row *r, int col)
{
	return r->ops->name(r, col);
}

bool
store_row_is_null(const struct store_row *r, int col)
{
	return r->ops->type(r, col) == SV_NULL;
}

int64_t
store_row_int(const struct store_row *r, int col)
{
	return r->ops->get_int(r, col);
}

const char *
store_row_text(const struct store_row *r, int col, size_t *len)
{
	return r->ops->get_text(r, col, len);
}

static enum cong_err
row_to_json(const struct store_row *r, json_t **out)
{
	json_t *o = json_object();
	int i, n = store_row_ncols(r);

	for (i = 0; i < n; i++) {
		json_t *v = NULL;
		const char *s;
		size_t len;

		switch (r->ops->type(r, i)) {
		case SV_NULL:
			v = json_null();
			break;
		case SV_INT:
			v = json_integer(store_row_int(r, i));
			break;
		case SV_TEXT:
			s = store_row_text(r, i, &len);
			/* text reaches the store only through validating
			 * writes (vn_text_clean, the sanitizer), and PostgreSQL
			 * checks UTF-8 itself: no second check per read */
			v = json_stringn_nocheck(s, len);
			break;
		}
		if (!v) {
			log_error("store: column '%s' is not valid UTF-8",
			    store_row_name(r, i));
			json_decref(o);
			return CONG_EDB;
		}
		json_object_set_new(o, store_row_name(r, i), v);
	}
	*out = o;
	return CONG_OK;
}

static enum cong_err
collect_row(void *ud, const struct store_row *r)
{
	json_t *o;
	enum cong_err err;

	if ((err = row_to_json(r, &o)))
		return err;
	json_array_append_new(ud, o);
	return CONG_OK;
}

enum cong_err
store_query_json(struct store_conn *c, enum store_stmt id,
    const struct store_val *args, size_t nargs, json_t **out)
{
	json_t *rows = json_array();
	enum cong_err err;

	if ((err = store_query(c, id, args, nargs, collect_row, rows))) {
		json_decref(rows);
		*out = NULL;
		return err;
	}
	*out = rows;
	return CONG_OK;
}

static enum cong_err
first_row(void *ud, const struct store_row *r)
{
	enum cong_err err;

	if ((err = row_to_json(r, ud)))
		return err;
	return CONG_ENOTFOUND; /* stop: only the first row is wanted */
}

enum cong_err
store_query_one(struct store_conn *c, enum store_stmt id,
    const struct store_val *args, size_t nargs, json_t **out)
{
	enum cong_err err;

	*out = NULL;
	err = store_query(c, id, args, nargs, first_row, out);
	if (err == CONG_ENOTFOUND && *out)
		return CONG_OK;
	if (err == CONG_OK)
		return CONG_ENOTFOUND;
	return err;
}

struct int_result {
	int64_t v;
	bool found;
};

static enum cong_err
first_int(void *ud, const struct store_row *r)
{
	struct int_result *res = ud;

	res->v = store_row_int(r, 0);
	res->found = true;
	return CONG_ENOTFOUND;
}

enum cong_err
store_query_int(struct store_conn *c, enum store_stmt id,
    const struct store_val *args, size_t nargs, int64_t *out)
{
	struct int_result res = { 0, false };
	enum cong_err err;

	err = store_query(c, id, args, nargs, first_int, &res);
	if (res.found) {
		*out = res.v;
		return CONG_OK;
	}
	return err ? err : CONG_ENOTFOUND;
}
