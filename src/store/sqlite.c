/* SPDX-License-Identifier: ISC */
/*
 * sqlite.c: the embedded store. One database file in WAL mode, foreign
 * keys on, a busy timeout, synchronous=FULL (a write acknowledged to a
 * user survives power loss, not only a crash). Each connection prepares
 * a statement the first time it runs and keeps it (SQLITE_PREPARE_
 * PERSISTENT); connections are opened NOMUTEX because each belongs to
 * one thread.
 */
#include "base/common.h"
#include "base/buf.h"
#include "base/log.h"
#include "store/backend.h"
#include "store/migrations.h"

#include <sqlite3.h>

#define SQLITE_BUSY_MS 5000

struct sq_store {
	char *path;
	bool create;
};

struct sq_conn {
	sqlite3 *db;
	sqlite3_stmt *stmts[ST__MAX];
};

static const struct store_ops sq_ops;

static enum cong_err
sq_err(sqlite3 *db, int rc, const char *what)
{
	int ext = sqlite3_extended_errcode(db);

	if (ext == SQLITE_CONSTRAINT_UNIQUE ||
	    ext == SQLITE_CONSTRAINT_PRIMARYKEY)
		return CONG_EEXIST;
	log_error("sqlite: %s: %s", what, sqlite3_errmsg(db));
	if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		return CONG_EUNAVAIL;
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return CONG_EINVAL;
	return CONG_EDB;
}

static void
sq_free(struct store *st)
{
	struct sq_store *s = st->impl;

	free(s->path);
	free(s);
	free(st);
}

static enum cong_err
sq_exec_script(void *impl, const char *sql)
{
	struct sq_conn *c = impl;
	char *msg = NULL;
	int rc;

	rc = sqlite3_exec(c->db, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		enum cong_err err = rc == SQLITE_BUSY ? CONG_EUNAVAIL : CONG_EDB;

		log_error("sqlite: %s", msg ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		return err;
	}
	return CONG_OK;
}

static void
sq_conn_free(void *impl)
{
	struct sq_conn *c = impl;
	size_t i;

	if (!c)
		return;
	for (i = 0; i < ST__MAX; i++)
		sqlite3_finalize(c->stmts[i]);
	sqlite3_close(c->db);
	free(c);
}

static enum cong_err
sq_conn_new(struct store *st, void **impl)
{
	struct sq_store *s = st->impl;
	struct sq_conn *c = xcalloc(1, sizeof(*c));
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
	enum cong_err err;
	int rc;

	*impl = NULL;
	if (s->create)
		flags |= SQLITE_OPEN_CREATE;
	rc = sqlite3_open_v2(s->path, &c->db, flags, NULL);
	if (rc != SQLITE_OK) {
		log_error("cannot open database '%s': %s", s->path,
		    c->db ? sqlite3_errmsg(c->db) : sqlite3_errstr(rc));
		err = CONG_EUNAVAIL;
		goto out;
	}
	sqlite3_extended_result_codes(c->db, 1);
	sqlite3_busy_timeout(c->db, SQLITE_BUSY_MS);
	err = sq_exec_script(c, "PRAGMA journal_mode = WAL;"
	    "PRAGMA foreign_keys = ON;"
	    "PRAGMA synchronous = FULL;"
	    "PRAGMA temp_store = MEMORY;");
out:
	if (err) {
		sq_conn_free(c);
		return err;
	}
	*impl = c;
	return CONG_OK;
}

static enum cong_err
sq_prepare(struct sq_conn *c, enum store_stmt id, sqlite3_stmt **out)
{
	int rc;

	if ((unsigned)id >= ST__MAX)
		return CONG_EINVAL;
	if (!c->stmts[id]) {
		rc = sqlite3_prepare_v3(c->db, store_stmt_sql(id), -1,
		    SQLITE_PREPARE_PERSISTENT, &c->stmts[id], NULL);
		if (rc != SQLITE_OK)
			return sq_err(c->db, rc, store_stmt_name(id));
	}
	*out = c->stmts[id];
	return CONG_OK;
}

static enum cong_err
sq_bind(struct sq_conn *c, sqlite3_stmt *s, enum store_stmt id,
    const struct store_val *args, size_t nargs)
{
	size_t i;
	int rc = SQLITE_OK;

	if ((int)nargs != sqlite3_bind_parameter_count(s)) {
		log_error("sqlite: %s takes %d values, given %zu",
		    store_stmt_name(id), sqlite3_bind_parameter_count(s),
		    nargs);
		return CONG_EINVAL;
	}
	for (i = 0; i < nargs && rc == SQLITE_OK; i++) {
		int at = (int)i + 1;

		switch (args[i].type) {
		case SV_NULL:
			rc = sqlite3_bind_null(s, at);
			break;
		case SV_INT:
			rc = sqlite3_bind_int64(s, at, args[i].i);
			break;
		case SV_TEXT:
			rc = sqlite3_bind_text64(s, at, args[i].s,
			    args[i].len, SQLITE_STATIC, SQLITE_UTF8);
			break;
		}
	}
	if (rc != SQLITE_OK)
		return sq_err(c->db, rc, store_stmt_name(id));
	return CONG_OK;
}

static enum cong_err
sq_query(struct store_conn *sc, enum store_stmt id,
    const struct store_val *args, size_t nargs, store_row_fn fn, void *ud)
{
	struct sq_conn *c = sc->impl;
	struct store_row row = { &sq_ops, NULL };
	sqlite3_stmt *s = NULL;
	enum cong_err err;
	int rc;

	if ((err = sq_prepare(c, id, &s)))
		return err;
	if ((err = sq_bind(c, s, id, args, nargs)))
		goto out;
	row.impl = s;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (fn && (err = fn(ud, &row)))
			goto out;
	}
	if (rc != SQLITE_DONE)
		err = sq_err(c->db, rc, store_stmt_name(id));
out:
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return err;
}

static enum cong_err
sq_exec(struct store_conn *sc, enum store_stmt id,
    const struct store_val *args, size_t nargs, int64_t *rowid,
    int64_t *changes)
{
	struct sq_conn *c = sc->impl;
	enum cong_err err;

	if ((err = sq_query(sc, id, args, nargs, NULL, NULL)))
		return err;
	if (rowid)
		*rowid = sqlite3_last_insert_rowid(c->db);
	if (changes)
		*changes = sqlite3_changes64(c->db);
	return CONG_OK;
}

static enum cong_err
check_row(void *ud, int ncols, char **vals, char **names)
{
	UNUSED(ncols);
	UNUSED(names);
	buf_adds(ud, vals[0] ? vals[0] : "(null)");
	buf_addc(ud, '\n');
	return 0;
}

static enum cong_err
sq_check(struct store_conn *sc, struct buf *report)
{
	struct sq_conn *c = sc->impl;
	struct buf out = BUF_INIT;
	char *msg = NULL;
	enum cong_err err = CONG_OK;
	int rc;

	rc = sqlite3_exec(c->db, "PRAGMA integrity_check",
	    (int (*)(void *, int, char **, char **))check_row, &out, &msg);
	if (rc != SQLITE_OK) {
		buf_addf(report, "database: %s\n", msg ? msg : "error");
		err = CONG_EDB;
		goto out;
	}
	if (strcmp(out.ptr, "ok\n") != 0) {
		buf_addf(report, "database: %s", out.ptr);
		err = CONG_EDB;
	}
	buf_reset(&out);
	rc = sqlite3_exec(c->db, "PRAGMA foreign_key_check",
	    (int (*)(void *, int, char **, char **))check_row, &out, &msg);
	if (rc != SQLITE_OK || out.len) {
		buf_addf(report, "database: foreign key violations in: %s",
		    out.ptr);
		err = CONG_EDB;
	}
out:
	sqlite3_free(msg);
	buf_release(&out);
	return err;
}

static int
sq_ncols(const struct store_row *r)
{
	return sqlite3_column_count(r->impl);
}

static const char *
sq_name(const struct store_row *r, int col)
{
	return sqlite3_column_name(r->impl, col);
}

static enum store_type
sq_type(const struct store_row *r, int col)
{
	switch (sqlite3_column_type(r->impl, col)) {
	case SQLITE_NULL:
		return SV_NULL;
	case SQLITE_INTEGER:
		return SV_INT;
	default:
		return SV_TEXT;
	}
}

static int64_t
sq_get_int(const struct store_row *r, int col)
{
	return sqlite3_column_int64(r->impl, col);
}

static const char *
sq_get_text(const struct store_row *r, int col, size_t *len)
{
	const unsigned char *s = sqlite3_column_text(r->impl, col);

	if (len)
		*len = s ? (size_t)sqlite3_column_bytes(r->impl, col) : 0;
	return s ? (const char *)s : "";
}

static const struct store_ops sq_ops = {
	.dialect = "sqlite",
	.free = sq_free,
	.conn_new = sq_conn_new,
	.conn_free = sq_conn_free,
	.exec_script = sq_exec_script,
	.query = sq_query,
	.exec = sq_exec,
	.check = sq_check,
	.ncols = sq_ncols,
	.name = sq_name,
	.type = sq_type,
	.get_int = sq_get_int,
	.get_text = sq_get_text,
	.migrations = migrations_sqlite,
};

enum cong_err
store_sqlite_open(const char *path, bool create, struct store **out)
{
	struct store *st;
	struct sq_store *s;
	void *probe = NULL;
	enum cong_err err;

	*out = NULL;
	if (!*path) {
		log_error("cannot open database: empty path");
		return CONG_EINVAL;
	}
	st = xcalloc(1, sizeof(*st));
	s = xcalloc(1, sizeof(*s));
	s->path = xstrdup(path);
	s->create = create;
	st->ops = &sq_ops;
	st->impl = s;
	/* Open once now so a bad path fails at start, not on a request. */
	if ((err = sq_conn_new(st, &probe))) {
		sq_free(st);
		return err;
	}
	sq_conn_free(probe);
	*out = st;
	return CONG_OK;
}
