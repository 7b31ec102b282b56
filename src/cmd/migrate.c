/* SPDX-License-Identifier: ISC */
/*
 * migrate.c: `cong migrate --from sqlite:PATH --to postgresql://…` moves a
 * whole installation from the embedded store to PostgreSQL. Both sides are
 * first brought to this binary's schema version; then every table of the
 * SQLite file is copied, row by row with its ids, into the new database
 * in one transaction: sites, categories, media rows (the files stay where
 * they are: point --media-dir of every node at them), articles,
 * revisions, the audit chain exactly as it is (ids, hashes), users, the
 * search index, statistics. Sessions are not copied: everyone logs in
 * again on the new store. Tables are copied in the order they were
 * created, so a referenced table comes before the ones that refer to it,
 * and rows in id order, so a parent comes before its children. Only the
 * columns both sides have are copied (PostgreSQL's generated or
 * trigger-kept columns, like the search tsvector, fill themselves).
 * After each table the row counts of both sides must be equal, or
 * nothing is committed. The target must be empty.
 *
 * The source is read with SQLite directly (read-only): it is a file in a
 * known format, and the generic table walk it needs is no statement of
 * the store's table. The target is written through store_copy_*().
 */
#include "base/common.h"
#include "base/buf.h"
#include "base/log.h"
#include "cmd/cmd.h"
#include "store/store.h"

#include <inttypes.h>
#include <sqlite3.h>
#include <stdio.h>

/* Tables never copied: the schema's own bookkeeping, and sessions. */
static const char *const skip_tables[] = { "schema_version", "sessions" };

struct copy {
	sqlite3 *src;
	struct store_conn *dst;
	struct buf report;
};

static bool
skipped(const char *table)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(skip_tables); i++)
		if (!strcmp(table, skip_tables[i]))
			return true;
	return false;
}

/* The source's columns of table, as a JSON array of names. */
static enum cong_err
src_columns(sqlite3 *db, const char *table, json_t **out)
{
	sqlite3_stmt *s = NULL;
	enum cong_err err = CONG_OK;
	int rc;

	*out = json_array();
	rc = sqlite3_prepare_v2(db, "SELECT name FROM pragma_table_info(?1)",
	    -1, &s, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(s, 1, table, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		while ((rc = sqlite3_step(s)) == SQLITE_ROW)
			json_array_append_new(*out, json_string(
			    (const char *)sqlite3_column_text(s, 0)));
	if (rc != SQLITE_DONE) {
		log_error("migrate: columns of '%s': %s", table,
		    sqlite3_errmsg(db));
		err = CONG_EDB;
	}
	sqlite3_finalize(s);
	return err;
}

/* Names in both arrays, in the order of want. */
static json_t *
common_columns(const json_t *want, const json_t *have)
{
	json_t *out = json_array();
	size_t i, j;

	for (i = 0; i < json_array_size(want); i++) {
		const char *w = json_string_value(json_array_get(want, i));

		for (j = 0; j < json_array_size(have); j++)
			if (!strcmp(w, json_string_value(json_array_get(have,
			    j)))) {
				json_array_append_new(out, json_string(w));
				break;
			}
	}
	return out;
}

/* One source row into store values; text stays owned by the statement. */
static enum cong_err
row_values(sqlite3_stmt *s, int n, struct store_val *v, struct buf *nums)
{
	int i;

	buf_reset(nums);
	for (i = 0; i < n; i++) {
		switch (sqlite3_column_type(s, i)) {
		case SQLITE_NULL:
			v[i] = SV_NUL;
			break;
		case SQLITE_INTEGER:
			v[i] = SV_INT(sqlite3_column_int64(s, i));
			break;
		case SQLITE_BLOB:
			log_error("migrate: column %d holds a blob", i);
			return CONG_EINVAL;
		default:
			/* text, and floats as SQLite prints them */
			v[i] = SV_STRN((const char *)sqlite3_column_text(s, i),
			    (size_t)sqlite3_column_bytes(s, i));
			break;
		}
	}
	return CONG_OK;
}

static enum cong_err
copy_rows(struct copy *cp, const char *table, const json_t *cols,
    int64_t *copied)
{
	struct buf sql = BUF_INIT, nums = BUF_INIT;
	struct store_val *v = NULL;
	sqlite3_stmt *s = NULL;
	enum cong_err err = CONG_OK;
	int n = (int)json_array_size(cols), rc, i;

	*copied = 0;
	buf_adds(&sql, "SELECT ");
	for (i = 0; i < n; i++)
		buf_addf(&sql, "%s\"%s\"", i ? ", " : "",
		    json_string_value(json_array_get(cols, i)));
	buf_addf(&sql, " FROM \"%s\" ORDER BY rowid", table);
	rc = sqlite3_prepare_v2(cp->src, sql.ptr, -1, &s, NULL);
	if (rc != SQLITE_OK) {
		/* WITHOUT ROWID tables: their primary key order */
		buf_truncate(&sql, sql.len - strlen("rowid"));
		buf_adds(&sql, "1");
		rc = sqlite3_prepare_v2(cp->src, sql.ptr, -1, &s, NULL);
	}
	if (rc != SQLITE_OK) {
		log_error("migrate: cannot read '%s': %s", table,
		    sqlite3_errmsg(cp->src));
		err = CONG_EDB;
		goto out;
	}
	v = xcalloc((size_t)n + 1, sizeof(*v));
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if ((err = row_values(s, n, v, &nums)) ||
		    (err = store_copy_insert(cp->dst, table, cols, v,
		    (size_t)n))) {
			log_error("migrate: row %" PRId64 " of '%s' refused",
			    *copied + 1, table);
			goto out;
		}
		(*copied)++;
	}
	if (rc != SQLITE_DONE) {
		log_error("migrate: reading '%s': %s", table,
		    sqlite3_errmsg(cp->src));
		err = CONG_EDB;
	}
out:
	sqlite3_finalize(s);
	free(v);
	buf_release(&sql);
	buf_release(&nums);
	return err;
}

static enum cong_err
src_count(sqlite3 *db, const char *table, int64_t *n)
{
	struct buf sql = BUF_INIT;
	sqlite3_stmt *s = NULL;
	enum cong_err err = CONG_EDB;

	buf_addf(&sql, "SELECT count(*) FROM \"%s\"", table);
	if (sqlite3_prepare_v2(db, sql.ptr, -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW) {
		*n = sqlite3_column_int64(s, 0);
		err = CONG_OK;
	}
	sqlite3_finalize(s);
	buf_release(&sql);
	return err;
}

/* Copies one table and checks the counts; a line of the report. */
static enum cong_err
copy_table(struct copy *cp, const char *table)
{
	json_t *dcols = NULL, *scols = NULL, *cols = NULL;
	int64_t copied = 0, src_n = 0, dst_n = 0;
	enum cong_err err;

	err = store_copy_columns(cp->dst, table, &dcols);
	if (err == CONG_ENOTFOUND) {
		buf_addf(&cp->report, "%-24s skipped: not in the target "
		    "schema\n", table);
		return CONG_OK;
	}
	if (err || (err = src_columns(cp->src, table, &scols)))
		goto out;
	cols = common_columns(dcols, scols);
	if (!json_array_size(cols)) {
		buf_addf(&cp->report, "%-24s skipped: no common column\n",
		    table);
		goto out;
	}
	if ((err = copy_rows(cp, table, cols, &copied)) ||
	    (err = src_count(cp->src, table, &src_n)) ||
	    (err = store_copy_count(cp->dst, table, &dst_n)) ||
	    (err = store_copy_finish(cp->dst, table)))
		goto out;
	if (src_n != dst_n || copied != src_n) {
		log_error("migrate: '%s': %" PRId64 " rows in the source, %"
		    PRId64 " in the target", table, src_n, dst_n);
		err = CONG_EDB;
		goto out;
	}
	buf_addf(&cp->report, "%-24s %10" PRId64 " rows\n", table, dst_n);
out:
	json_decref(dcols);
	json_decref(scols);
	json_decref(cols);
	return err;
}

/*
 * Tables of the source in creation order, without SQLite's own, virtual
 * tables (the FTS index: PostgreSQL keeps its own) and their shadow
 * tables, and skip_tables.
 */
static enum cong_err
src_tables(sqlite3 *db, json_t **out)
{
	sqlite3_stmt *s = NULL;
	enum cong_err err = CONG_OK;
	int rc;

	*out = json_array();
	rc = sqlite3_prepare_v2(db, "SELECT t.name FROM sqlite_master t"
	    " WHERE t.type = 'table' AND t.name NOT LIKE 'sqlite\\_%' ESCAPE"
	    " '\\' AND t.sql NOT LIKE 'CREATE VIRTUAL TABLE%' AND NOT EXISTS"
	    " (SELECT 1 FROM sqlite_master v WHERE v.type = 'table' AND"
	    " v.sql LIKE 'CREATE VIRTUAL TABLE%' AND substr(t.name, 1,"
	    " length(v.name) + 1) = v.name || '_') ORDER BY t.rowid", -1, &s,
	    NULL);
	while (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(s, 0);

		if (!skipped(name))
			json_array_append_new(*out, json_string(name));
		rc = SQLITE_OK;
	}
	if (rc != SQLITE_DONE) {
		log_error("migrate: cannot list tables: %s",
		    sqlite3_errmsg(db));
		err = CONG_EDB;
	}
	sqlite3_finalize(s);
	return err;
}

/* The target must hold no row yet in any table we would fill. */
static enum cong_err
target_empty(struct copy *cp, const json_t *tables)
{
	size_t i;

	for (i = 0; i < json_array_size(tables); i++) {
		const char *t = json_string_value(json_array_get(tables, i));
		int64_t n = 0;
		enum cong_err err = store_copy_count(cp->dst, t, &n);

		if (err == CONG_OK && n > 0) {
			log_error("migrate: the target is not empty: '%s' has "
			    "%" PRId64 " rows", t, n);
			return CONG_EEXIST;
		}
	}
	return CONG_OK;
}

static enum cong_err
migrate(struct copy *cp)
{
	json_t *tables = NULL;
	enum cong_err err;
	size_t i;

	if ((err = src_tables(cp->src, &tables)) ||
	    (err = target_empty(cp, tables)) ||
	    (err = store_begin(cp->dst, true)))
		goto out;
	for (i = 0; i < json_array_size(tables); i++)
		if ((err = copy_table(cp, json_string_value(json_array_get(
		    tables, i)))))
			goto out;
	err = store_commit(cp->dst);
out:
	store_rollback(cp->dst);
	json_decref(tables);
	return err;
}

/* Opens url and brings it to this binary's schema. */
static enum cong_err
open_migrated(const char *url, struct store **st)
{
	enum cong_err err;

	if ((err = store_open(url, false, st)))
		return err;
	if ((err = store_migrate(*st, NULL))) {
		store_free(*st);
		*st = NULL;
	}
	return err;
}

int
cmd_migrate(struct cong_config *cfg, int argc, char **argv)
{
	const char *from = NULL, *to = NULL;
	struct store *src_st = NULL, *dst_st = NULL;
	struct copy cp = { NULL, NULL, BUF_INIT };
	int i, rc = 1;

	UNUSED(cfg);
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--from") && i + 1 < argc)
			from = argv[++i];
		else if (!strcmp(argv[i], "--to") && i + 1 < argc)
			to = argv[++i];
		else {
			fprintf(stderr, "cong migrate: unexpected argument "
			    "'%s'\n", argv[i]);
			return 2;
		}
	}
	if (!from || !to || strncmp(from, "sqlite:", 7) ||
	    (strncmp(to, "postgresql:", 11) && strncmp(to, "postgres:", 9))) {
		fprintf(stderr, "usage: cong migrate --from sqlite:PATH "
		    "--to postgresql://…\n");
		return 2;
	}
	if (open_migrated(from, &src_st) || open_migrated(to, &dst_st) ||
	    store_conn_new(dst_st, &cp.dst))
		goto out;
	if (sqlite3_open_v2(from + 7, &cp.src, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		log_error("migrate: cannot open '%s': %s", from + 7,
		    sqlite3_errmsg(cp.src));
		goto out;
	}
	if (migrate(&cp))
		goto out;
	fputs(cp.report.ptr, stdout);
	printf("migrated: every count matches\n");
	rc = 0;
out:
	sqlite3_close(cp.src);
	store_conn_free(cp.dst);
	store_free(dst_st);
	store_free(src_st);
	buf_release(&cp.report);
	return rc;
}
