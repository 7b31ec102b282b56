/* SPDX-License-Identifier: ISC */
/*
 * backend.h: what a store backend provides, for store.c and the backends
 * only. The rest of cong sees store.h.
 */
#ifndef CONG_STORE_BACKEND_H
#define CONG_STORE_BACKEND_H

#include "store/store.h"

struct store_ops {
	const char *dialect;
	void (*free)(struct store *st);
	enum cong_err (*conn_new)(struct store *st, void **impl);
	void (*conn_free)(void *impl);
	/* Runs constant SQL text with no values (migrations, pragmas). */
	enum cong_err (*exec_script)(void *impl, const char *sql);
	enum cong_err (*query)(struct store_conn *c, enum store_stmt id,
	    const struct store_val *args, size_t nargs, store_row_fn fn,
	    void *ud);
	enum cong_err (*exec)(struct store_conn *c, enum store_stmt id,
	    const struct store_val *args, size_t nargs, int64_t *rowid,
	    int64_t *changes);
	enum cong_err (*check)(struct store_conn *c, struct buf *report);
	/*
	 * Many nodes (NULL where one process owns the store: try_lock then
	 * always succeeds, notify does nothing, listen starts nothing).
	 */
	enum cong_err (*try_lock)(struct store_conn *c, int64_t key,
	    bool *got);
	enum cong_err (*notify)(struct store_conn *c, const char *channel,
	    const char *payload);
	enum cong_err (*listen)(struct store *st, const char *channel,
	    void (*cb)(const char *payload, void *ud), void *ud);
	/* Bulk copy for `cong migrate` (NULL: not a migration target). */
	enum cong_err (*copy_columns)(struct store_conn *c, const char *table,
	    json_t **out);
	enum cong_err (*copy_insert)(struct store_conn *c, const char *table,
	    const json_t *cols, const struct store_val *vals, size_t n);
	enum cong_err (*copy_count)(struct store_conn *c, const char *table,
	    int64_t *n);
	enum cong_err (*copy_finish)(struct store_conn *c, const char *table);
	/* Row access. */
	int (*ncols)(const struct store_row *r);
	const char *(*name)(const struct store_row *r, int col);
	enum store_type (*type)(const struct store_row *r, int col);
	int64_t (*get_int)(const struct store_row *r, int col);
	const char *(*get_text)(const struct store_row *r, int col,
	    size_t *len);
	const struct migration *migrations;
};

struct store {
	const struct store_ops *ops;
	void *impl;
	uint64_t serial;	/* unique in the process (store_conn_serial()) */
	struct store *replica;	/* reads may go there; owned */
};

struct store_conn {
	struct store *st;
	void *impl;
	bool in_tx;
	bool use_ro;		/* reads outside transactions: replica */
	struct store_conn *ro;	/* on st->replica, opened on first read */
};

struct store_row {
	const struct store_ops *ops;
	void *impl;
};

/* Backends' openers, called by store_open() by URL scheme. */
enum cong_err store_sqlite_open(const char *path, bool create,
    struct store **out);
/* url is "postgresql://…" or "postgres://…", passed to libpq as is. */
enum cong_err store_pg_open(const char *url, struct store **out);

#endif
