/* SPDX-License-Identifier: ISC */
/*
 * store.h: the one data interface. Every query cong runs is a constant
 * statement in the store's statement table (store/stmt.c), named by an
 * enum store_stmt, with its values bound, never spliced. A backend
 * (sqlite.c now; pg.c behind the same calls) prepares each statement once
 * per connection and keeps it.
 *
 * Threads: a struct store is shared; a struct store_conn belongs to one
 * thread at a time (each worker owns one). Rows come back either through
 * a callback (store_query) or as a jansson array of objects keyed by
 * column name (store_query_json), which is what templates consume. Text
 * columns hold NFC UTF-8; integer times are unix seconds, UTC. A column
 * whose name ends in "_html" holds sanitized HTML: the template engine
 * prints only such keys raw.
 */
#ifndef CONG_STORE_STORE_H
#define CONG_STORE_STORE_H

#include <jansson.h>

#include "base/buf.h"
#include "store/stmt.h"

struct store;
struct store_conn;
struct store_row;

enum store_type { SV_NULL, SV_INT, SV_TEXT };

struct store_val {
	enum store_type type;
	int64_t i;
	const char *s;
	size_t len;
};

#define SV_NUL ((struct store_val){ .type = SV_NULL })
#define SV_INT(x) ((struct store_val){ .type = SV_INT, .i = (int64_t)(x) })
#define SV_STR(x) ((struct store_val){ .type = SV_TEXT, .s = (x), \
	.len = strlen(x) })
#define SV_STRN(p, n) ((struct store_val){ .type = SV_TEXT, .s = (p), \
	.len = (n) })

/*
 * Opens the store named by url: "sqlite:PATH" (or a bare path) for the
 * embedded store, "postgresql://…" (or "postgres://…", any libpq URL)
 * for PostgreSQL, whose database must exist (create is ignored there). Creates the file if missing when create is true. Does
 * not migrate: call store_migrate(). On error *out is NULL and the reason
 * is logged.
 */
enum cong_err store_open(const char *url, bool create, struct store **out);
/* Closes every connection and frees the store. NULL is fine. */
void store_free(struct store *st);
/* "sqlite" or "postgresql". */
const char *store_dialect(const struct store *st);

/*
 * Applies every migration newer than the schema_version row, each in its
 * own transaction. *version, if not NULL, gets the version reached.
 */
enum cong_err store_migrate(struct store *st, int *version);

/*
 * A new connection for the calling thread, with prepared statements
 * cached inside. Release with store_conn_free().
 */
enum cong_err store_conn_new(struct store *st, struct store_conn **out);
void store_conn_free(struct store_conn *c);
/*
 * A number unique in the process to the store_open() a read on this
 * connection goes to now (the replica's while reads go there): what a
 * cache of rows keys on, so that two databases never share entries.
 */
uint64_t store_conn_serial(const struct store_conn *c);

/* Row access for store_query callbacks; col is 0-based. */
int store_row_ncols(const struct store_row *r);
const char *store_row_name(const struct store_row *r, int col);
bool store_row_is_null(const struct store_row *r, int col);
int64_t store_row_int(const struct store_row *r, int col);
/* Text of a column (never NULL; "" for NULL); valid until the next row. */
const char *store_row_text(const struct store_row *r, int col, size_t *len);

/* Return non-zero from a row callback to stop early with that code. */
typedef enum cong_err (*store_row_fn)(void *ud, const struct store_row *r);

/* Runs a statement, calling fn for each row (fn may be NULL). */
enum cong_err store_query(struct store_conn *c, enum store_stmt id,
    const struct store_val *args, size_t nargs, store_row_fn fn, void *ud);
/*
 * Runs a statement and returns its rows as a new JSON array of objects
 * (*out, owned by the caller). Integers become JSON integers, NULL
 * becomes null.
 */
enum cong_err store_query_json(struct store_conn *c, enum store_stmt id,
    const struct store_val *args, size_t nargs, json_t **out);
/* The first row as a new object; CONG_ENOTFOUND when there is none. */
enum cong_err store_query_one(struct store_conn *c, enum store_stmt id,
    const struct store_val *args, size_t nargs, json_t **out);
/* The first column of the first row as an integer; CONG_ENOTFOUND. */
enum cong_err store_query_int(struct store_conn *c, enum store_stmt id,
    const struct store_val *args, size_t nargs, int64_t *out);
/*
 * Runs a write. *id, if not NULL, gets the new row id of an INSERT;
 * *changes, if not NULL, the number of rows changed. A unique-key
 * violation is CONG_EEXIST.
 */
enum cong_err store_exec(struct store_conn *c, enum store_stmt id,
    const struct store_val *args, size_t nargs, int64_t *rowid,
    int64_t *changes);

/*
 * Transactions. begin_write takes the write lock at once (SQLite's
 * BEGIN IMMEDIATE) so a read-then-write cannot deadlock. Nested calls are
 * an error.
 */
enum cong_err store_begin(struct store_conn *c, bool write);
enum cong_err store_commit(struct store_conn *c);
/* Rolls back if a transaction is open; safe to call on any path. */
void store_rollback(struct store_conn *c);
bool store_in_tx(const struct store_conn *c);

/* Runs the backend's integrity check; problems are appended to report. */
enum cong_err store_check(struct store_conn *c, struct buf *report);

/* ------------------------------------------------------------------ */
/* Many nodes on one PostgreSQL database                               */

/*
 * Takes the cluster-wide lock named key for the rest of the current
 * transaction (PostgreSQL: pg_try_advisory_xact_lock), without waiting:
 * *got is true if this connection now holds it, false if another node
 * does. Call it inside store_begin(c, true) … store_commit(); the lock is
 * released at commit or rollback. Use it so that a scheduled job runs on
 * exactly one node. On SQLite *got is always true (one process writes at
 * a time anyway). CONG_EINVAL outside a transaction on PostgreSQL.
 */
enum cong_err store_try_lock(struct store_conn *c, int64_t key, bool *got);

/*
 * Tells every node listening on channel (see store_listen) about payload.
 * Inside a transaction it is delivered at commit, and not at all on
 * rollback. channel is 1-63 bytes of [A-Za-z0-9_]; payload is at most
 * 7999 bytes of text. On SQLite it does nothing and returns CONG_OK.
 */
enum cong_err store_notify(struct store_conn *c, const char *channel,
    const char *payload);

/*
 * Calls cb(payload, ud) for every store_notify on channel by any node,
 * including this one, from a thread the store starts with its own
 * connection; returns once that connection listens, so every notify after
 * the return is seen. If the connection is lost (the database restarted)
 * the thread reconnects and then calls cb(NULL, ud) once: notifications
 * may have been missed, so treat it as "anything may have changed".
 * cb must be thread-safe and quick. The thread stops in store_free().
 * On SQLite it starts nothing and returns CONG_OK. CONG_EINVAL for a bad
 * channel, CONG_EUNAVAIL if the database cannot be reached now.
 */
enum cong_err store_listen(struct store *st, const char *channel,
    void (*cb)(const char *payload, void *ud), void *ud);

/*
 * Read replica. After store_set_replica(primary, replica), primary owns
 * replica (store_free frees both). A connection of primary on which
 * store_conn_use_replica(c, true) was called sends store_query* calls
 * made outside a transaction to a connection on the replica, opened on
 * first use; writes, transactions, and every call after
 * store_conn_use_replica(c, false) go to the primary, and so does a read
 * the replica cannot answer (it is down). The server turns it on for GET
 * requests that carry no session cookie, so a user who just wrote (and
 * so has a session) reads their own writes from the primary.
 */
void store_set_replica(struct store *primary, struct store *replica);
void store_conn_use_replica(struct store_conn *c, bool on);

/* ------------------------------------------------------------------ */
/* Bulk copy, for `cong migrate` into PostgreSQL                        */

/*
 * table names come from the source database's catalog and must be
 * [a-z0-9_]; they are quoted into SQL built here (the only SQL not in
 * the statement table). On SQLite every call is CONG_EINVAL.
 *
 * store_copy_columns: the columns of table that take values (not
 * generated ones) as a new JSON array of strings; CONG_ENOTFOUND if the
 * table does not exist. store_copy_insert: one row, vals[i] for the
 * column named cols[i]. store_copy_count: its rows. store_copy_finish:
 * moves the id sequence past the largest id copied.
 */
enum cong_err store_copy_columns(struct store_conn *c, const char *table,
    json_t **out);
enum cong_err store_copy_insert(struct store_conn *c, const char *table,
    const json_t *cols, const struct store_val *vals, size_t n);
enum cong_err store_copy_count(struct store_conn *c, const char *table,
    int64_t *n);
enum cong_err store_copy_finish(struct store_conn *c, const char *table);

#endif
