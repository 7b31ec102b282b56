/* SPDX-License-Identifier: ISC */
/*
 * audit.h: the audit log, an append-only hash chain. Every content or
 * account change adds one row (who, what, on which object, when) through
 * audit_append, in the same transaction as the change. Each row stores
 * prev_hash, the hash of the row before it (64 '0' for the first row),
 * and hash, SHA-256 in lower-case hex over this canonical encoding:
 *
 *   "cong-audit-1\n" prev_hash "\n"
 *   then for each of site_id, at (decimal), actor, action, object,
 *   detail (bytes as stored): LEN ":" BYTES "\n", LEN in decimal
 *
 * so no two different rows encode alike, and a row edited, deleted or
 * inserted afterwards breaks the chain from there on: audit_verify
 * (run by `cong check`) names the first broken row. Rows added with the
 * plain ST_AUDIT_INSERT statement (hash '') are sealed into the chain by
 * the next audit_append, in id order.
 *
 * Does not protect against someone who rewrites the whole chain from a
 * broken row to the end (the database is theirs then); a backup or the
 * last hash written elsewhere catches that.
 */
#ifndef CONG_CONTENT_AUDIT_H
#define CONG_CONTENT_AUDIT_H

#include "base/buf.h"

struct store_conn;

#define AUDIT_HASH_HEX 64

/*
 * Appends one row: site_id, at (unix seconds), actor (login or "cli"),
 * action ("import", "publish", ...), object ("article:12"), detail (may
 * be NULL: ""). Uses the caller's write transaction if one is open,
 * else its own (the write lock keeps two appends from forking the
 * chain). CONG_EINVAL for a NULL actor, action or object; store errors
 * as they come.
 */
enum cong_err audit_append(struct store_conn *db, int64_t site_id,
    int64_t at, const char *actor, const char *action, const char *object,
    const char *detail);

/*
 * The hash of a row: prev is AUDIT_HASH_HEX hex digits, the text fields
 * are not NULL. Writes AUDIT_HASH_HEX digits and a NUL into out.
 */
void audit_hash(const char *prev, int64_t site_id, int64_t at,
    const char *actor, const char *action, const char *object,
    const char *detail, char out[AUDIT_HASH_HEX + 1]);

/*
 * Walks the whole chain in id order. Returns CONG_OK and sets *bad_id to
 * 0 when every row links and hashes right; otherwise sets *bad_id to the
 * first broken row's id, appends "audit: row N ..." (what is wrong) to
 * report and returns CONG_EINVAL. Unsealed rows at the end (added since
 * the last audit_append) are not errors; an unsealed row before a
 * sealed one is. *rows, if not NULL, gets the number of rows read.
 */
enum cong_err audit_verify(struct store_conn *db, struct buf *report,
    int64_t *bad_id, int64_t *rows);

#endif
