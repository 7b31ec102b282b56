/* SPDX-License-Identifier: ISC */
/*
 * audit.c: appending to and verifying the audit hash chain (audit.h
 * describes the encoding). SHA-256 comes from libsodium.
 */
#include "base/common.h"
#include "base/buf.h"
#include "base/log.h"
#include "content/audit.h"
#include "store/store.h"

#include <inttypes.h>
#include <sodium.h>

static const char genesis[AUDIT_HASH_HEX + 1] =
	"0000000000000000000000000000000000000000000000000000000000000000";

static void
field_int(crypto_hash_sha256_state *st, int64_t v)
{
	char num[32], head[32];
	int n = snprintf(num, sizeof(num), "%" PRId64, v);
	int h = snprintf(head, sizeof(head), "%d:", n);

	crypto_hash_sha256_update(st, (const unsigned char *)head, (size_t)h);
	crypto_hash_sha256_update(st, (const unsigned char *)num, (size_t)n);
	crypto_hash_sha256_update(st, (const unsigned char *)"\n", 1);
}

static void
field_text(crypto_hash_sha256_state *st, const char *s)
{
	char head[32];
	size_t n = strlen(s);
	int h = snprintf(head, sizeof(head), "%zu:", n);

	crypto_hash_sha256_update(st, (const unsigned char *)head, (size_t)h);
	crypto_hash_sha256_update(st, (const unsigned char *)s, n);
	crypto_hash_sha256_update(st, (const unsigned char *)"\n", 1);
}

void
audit_hash(const char *prev, int64_t site_id, int64_t at,
    const char *actor, const char *action, const char *object,
    const char *detail, char out[AUDIT_HASH_HEX + 1])
{
	static const char magic[] = "cong-audit-1\n";
	unsigned char md[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_state st;

	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const unsigned char *)magic,
	    sizeof(magic) - 1);
	crypto_hash_sha256_update(&st, (const unsigned char *)prev,
	    AUDIT_HASH_HEX);
	crypto_hash_sha256_update(&st, (const unsigned char *)"\n", 1);
	field_int(&st, site_id);
	field_int(&st, at);
	field_text(&st, actor);
	field_text(&st, action);
	field_text(&st, object);
	field_text(&st, detail);
	crypto_hash_sha256_final(&st, md);
	sodium_bin2hex(out, AUDIT_HASH_HEX + 1, md, sizeof(md));
}

/*
 * The id and hash of the last row before `before` (INT64_MAX: the last
 * row): 0 and the genesis value when there is none.
 */
static enum cong_err
row_before(struct store_conn *db, int64_t before, int64_t *id,
    char prev[AUDIT_HASH_HEX + 1])
{
	struct store_val v[1] = { SV_INT(before) };
	json_t *row = NULL;
	const char *h;
	enum cong_err err;

	*id = 0;
	memcpy(prev, genesis, sizeof(genesis));
	err = store_query_one(db, ST_AUDIT_BEFORE, v, 1, &row);
	if (err == CONG_ENOTFOUND)
		return CONG_OK;
	if (err)
		return err;
	*id = json_integer_value(json_object_get(row, "id"));
	h = json_string_value(json_object_get(row, "hash"));
	if (!h || strlen(h) != AUDIT_HASH_HEX) {
		/* sealing runs first, so this is a damaged row: never fork */
		log_error("audit: row %" PRId64 " is not sealed", *id);
		err = CONG_EINVAL;
	} else {
		memcpy(prev, h, AUDIT_HASH_HEX + 1);
	}
	json_decref(row);
	return err;
}

static const char *
jstr(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

static int64_t
jint(json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

/* Seals rows written without a hash, in id order, onto the chain. */
static enum cong_err
seal_pending(struct store_conn *db)
{
	json_t *rows = NULL, *r;
	char prev[AUDIT_HASH_HEX + 1], hash[AUDIT_HASH_HEX + 1];
	int64_t before = 0, id;
	enum cong_err err;
	size_t i;

	if ((err = store_query_json(db, ST_AUDIT_UNSEALED, NULL, 0, &rows)))
		return err;
	if (json_array_size(rows) == 0)
		goto out;
	json_array_foreach(rows, i, r) {
		id = jint(r, "id");
		if (i == 0 && (err = row_before(db, id, &before, prev)))
			goto out;
		audit_hash(prev, jint(r, "site_id"), jint(r, "at"),
		    jstr(r, "actor"), jstr(r, "action"), jstr(r, "object"),
		    jstr(r, "detail"), hash);
		{
			struct store_val v[3] = { SV_INT(id), SV_STR(prev),
				SV_STR(hash) };

			if ((err = store_exec(db, ST_AUDIT_SEAL, v, 3, NULL,
			    NULL)))
				goto out;
		}
		memcpy(prev, hash, sizeof(hash));
	}
out:
	json_decref(rows);
	return err;
}

enum cong_err
audit_append(struct store_conn *db, int64_t site_id, int64_t at,
    const char *actor, const char *action, const char *object,
    const char *detail)
{
	char prev[AUDIT_HASH_HEX + 1], hash[AUDIT_HASH_HEX + 1];
	bool own_tx = !store_in_tx(db);
	int64_t last = 0;
	enum cong_err err;

	if (!actor || !action || !object)
		return CONG_EINVAL;
	if (!detail)
		detail = "";
	if (own_tx && (err = store_begin(db, true)))
		return err;
	if ((err = seal_pending(db)) ||
	    (err = row_before(db, INT64_MAX, &last, prev)))
		goto out;
	audit_hash(prev, site_id, at, actor, action, object, detail, hash);
	{
		struct store_val v[8] = { SV_INT(site_id), SV_INT(at),
			SV_STR(actor), SV_STR(action), SV_STR(object),
			SV_STR(detail), SV_STR(prev), SV_STR(hash) };

		if ((err = store_exec(db, ST_AUDIT_APPEND, v, 8, NULL, NULL)))
			goto out;
	}
	if (own_tx)
		err = store_commit(db);
out:
	if (err && own_tx)
		store_rollback(db);
	return err;
}

/* ------------------------------------------------------------------ */
/* Verifying                                                           */

struct walk {
	char prev[AUDIT_HASH_HEX + 1];
	struct buf *report;
	int64_t bad_id, rows, unsealed_from;
};

static void
walk_fail(struct walk *w, int64_t id, const char *what)
{
	if (w->bad_id)
		return;
	w->bad_id = id;
	buf_addf(w->report, "audit: row %" PRId64 " %s\n", id, what);
}

static enum cong_err
walk_row(void *ud, const struct store_row *r)
{
	struct walk *w = ud;
	char want[AUDIT_HASH_HEX + 1];
	int64_t id = store_row_int(r, 0);
	const char *prev = store_row_text(r, 7, NULL);
	const char *hash = store_row_text(r, 8, NULL);

	w->rows++;
	if (w->bad_id)
		return CONG_OK;
	if (!*hash && !*prev) {
		/* written with the plain statement: sealed by the next append */
		if (!w->unsealed_from)
			w->unsealed_from = id;
		return CONG_OK;
	}
	if (w->unsealed_from) {
		walk_fail(w, w->unsealed_from, "has no hash but later rows do "
		    "(hash removed)");
		return CONG_OK;
	}
	if (strcmp(prev, w->prev)) {
		walk_fail(w, id, "does not link to the row before it (a row "
		    "was removed, inserted or changed)");
		return CONG_OK;
	}
	audit_hash(w->prev, store_row_int(r, 1), store_row_int(r, 2),
	    store_row_text(r, 3, NULL), store_row_text(r, 4, NULL),
	    store_row_text(r, 5, NULL), store_row_text(r, 6, NULL), want);
	if (strcmp(hash, want)) {
		walk_fail(w, id, "was changed after it was written (hash "
		    "mismatch)");
		return CONG_OK;
	}
	memcpy(w->prev, hash, sizeof(want));
	return CONG_OK;
}

enum cong_err
audit_verify(struct store_conn *db, struct buf *report, int64_t *bad_id,
    int64_t *rows)
{
	struct walk w = { .report = report };
	enum cong_err err;

	memcpy(w.prev, genesis, sizeof(genesis));
	*bad_id = 0;
	err = store_query(db, ST_AUDIT_CHAIN, NULL, 0, walk_row, &w);
	if (rows)
		*rows = w.rows;
	if (err) {
		buf_adds(report, "audit: cannot read the audit table\n");
		return err;
	}
	*bad_id = w.bad_id;
	return w.bad_id ? CONG_EINVAL : CONG_OK;
}
