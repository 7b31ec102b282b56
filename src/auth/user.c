/* SPDX-License-Identifier: ISC */
/*
 * auth/user.c: accounts in the users table, their category limits, and
 * the login check. Password hashing runs before a write transaction
 * opens, so the store's write lock is never held for an argon2id pass.
 */
#include "base/common.h"
#include "base/buf.h"
#include "base/log.h"
#include "auth/session.h"
#include "auth/throttle.h"
#include "auth/user.h"
#include "store/store.h"
#include "vn/collate.h"
#include "vn/text.h"

#include <sodium.h>

/* ------------------------------------------------------------------ */
/* Input                                                              */

static bool
login_char(char c, bool first)
{
	if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
		return true;
	return !first && (c == '.' || c == '_' || c == '-');
}

enum cong_err
auth_login_normalize(const char *p, size_t n, char out[AUTH_LOGIN_MAX + 1])
{
	size_t i;

	if (!p || n < 2 || n > AUTH_LOGIN_MAX)
		return CONG_EINVAL;
	for (i = 0; i < n; i++) {
		char c = p[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (!login_char(c, i == 0))
			return CONG_EINVAL;
		out[i] = c;
	}
	out[n] = '\0';
	return CONG_OK;
}

enum cong_err
auth_name_clean(const char *p, size_t n, struct buf *out)
{
	size_t start = out->len;
	enum cong_err err;

	if ((err = vn_text_line(p, n, out)))
		return err;
	if (out->len - start > AUTH_NAME_MAX) {
		buf_truncate(out, start);
		return CONG_ETOOBIG;
	}
	return CONG_OK;
}

/* ------------------------------------------------------------------ */
/* Reads                                                              */

static void
copy_text(char *dst, size_t size, const char *s, size_t n)
{
	if (n >= size)
		n = size - 1;
	memcpy(dst, s, n);
	dst[n] = '\0';
}

struct user_read {
	struct auth_user *u;
	char *hash;
	bool seen, role_ok;
};

/* Columns: USER_COLS of store/stmt.c. */
static enum cong_err
user_row(void *ud, const struct store_row *r)
{
	struct user_read *ur = ud;
	const char *s;
	size_t n;

	ur->u->id = store_row_int(r, 0);
	ur->u->site_id = store_row_int(r, 1);
	s = store_row_text(r, 2, &n);
	copy_text(ur->u->login, sizeof(ur->u->login), s, n);
	s = store_row_text(r, 3, &n);
	copy_text(ur->u->name, sizeof(ur->u->name), s, n);
	s = store_row_text(r, 4, &n);
	ur->role_ok = auth_role_parse(s, n, &ur->u->role) == CONG_OK;
	if (ur->hash) {
		s = store_row_text(r, 5, &n);
		copy_text(ur->hash, AUTH_PW_HASH_SIZE, s, n);
	}
	ur->u->disabled_at = store_row_is_null(r, 6) ? 0 :
	    store_row_int(r, 6);
	ur->seen = true;
	return CONG_OK;
}

static enum cong_err
user_read(struct store_conn *db, enum store_stmt st, struct store_val *v,
    struct auth_user *out, char *hash)
{
	struct user_read ur = { out, hash, false, false };
	enum cong_err err;

	memset(out, 0, sizeof(*out));
	if ((err = store_query(db, st, v, 2, user_row, &ur)))
		return err;
	if (!ur.seen)
		return CONG_ENOTFOUND;
	if (!ur.role_ok) {
		log_error("user '%s' has an unknown role", out->login);
		return CONG_EDB;
	}
	return auth_user_load_categories(db, out);
}

enum cong_err
auth_user_by_login(struct store_conn *db, int64_t site_id,
    const char *login, struct auth_user *out, char hash[AUTH_PW_HASH_SIZE])
{
	struct store_val v[2] = { SV_INT(site_id), SV_STR(login) };

	return user_read(db, ST_USER_BY_LOGIN, v, out, hash);
}

enum cong_err
auth_user_by_id(struct store_conn *db, int64_t site_id, int64_t id,
    struct auth_user *out)
{
	struct store_val v[2] = { SV_INT(site_id), SV_INT(id) };

	return user_read(db, ST_USER_BY_ID, v, out, NULL);
}

static enum cong_err
cat_row(void *ud, const struct store_row *r)
{
	struct auth_user *u = ud;

	if (u->ncats >= AUTH_USER_CATS_MAX)
		return CONG_ETOOBIG;
	u->cats[u->ncats++] = store_row_int(r, 0);
	return CONG_OK;
}

enum cong_err
auth_user_load_categories(struct store_conn *db, struct auth_user *u)
{
	struct store_val v[2] = { SV_INT(u->site_id), SV_INT(u->id) };

	u->ncats = 0;
	return store_query(db, ST_USER_CATEGORIES, v, 2, cat_row, u);
}

/* ------------------------------------------------------------------ */
/* Writes                                                             */

static enum cong_err
audit(struct store_conn *db, int64_t site_id, int64_t now, const char *actor,
    const char *action, const char *login, const char *detail)
{
	struct buf obj = BUF_INIT;
	enum cong_err err;

	buf_addf(&obj, "user:%s", login);
	{
		struct store_val v[6] = { SV_INT(site_id), SV_INT(now),
		    SV_STR(actor ? actor : ""), SV_STR(action),
		    SV_STRN(obj.ptr, obj.len), SV_STR(detail ? detail : "") };

		err = store_exec(db, ST_AUDIT_INSERT, v, 6, NULL, NULL);
	}
	buf_release(&obj);
	return err;
}

enum cong_err
auth_user_add(struct store_conn *db, int64_t site_id, const char *login,
    const char *name, enum auth_role role, const char *pw, size_t pwlen,
    const char *actor, int64_t now, int64_t *id)
{
	char hash[AUTH_PW_HASH_SIZE];
	enum cong_err err;

	if ((unsigned)role >= AUTH_ROLE__MAX ||
	    auth_password_check(login, pw, pwlen) != AUTH_PW_OK)
		return CONG_EINVAL;
	if ((err = auth_password_hash(pw, pwlen, hash)))
		return err;
	if ((err = store_begin(db, true)))
		return err;
	{
		struct store_val v[6] = { SV_INT(site_id), SV_STR(login),
		    SV_STR(name ? name : ""), SV_STR(auth_role_name(role)),
		    SV_STR(hash), SV_INT(now) };

		err = store_exec(db, ST_USER_INSERT, v, 6, id, NULL);
	}
	if (!err)
		err = audit(db, site_id, now, actor, "user.add", login,
		    auth_role_name(role));
	if (!err)
		err = store_commit(db);
	if (err)
		store_rollback(db);
	sodium_memzero(hash, sizeof(hash));
	return err;
}

enum cong_err
auth_user_set_categories(struct store_conn *db, int64_t site_id, int64_t id,
    const int64_t *cats, size_t n, const char *actor, int64_t now)
{
	struct auth_user u;
	struct buf detail = BUF_INIT;
	struct store_val who[2] = { SV_INT(site_id), SV_INT(id) };
	size_t i;
	enum cong_err err;

	if (n > AUTH_USER_CATS_MAX)
		return CONG_ETOOBIG;
	if ((err = store_begin(db, true)))
		return err;
	if ((err = auth_user_by_id(db, site_id, id, &u)))
		goto out;
	if ((err = store_exec(db, ST_USER_CATEGORY_CLEAR, who, 2, NULL, NULL)))
		goto out;
	for (i = 0; i < n && !err; i++) {
		struct store_val v[3] = { SV_INT(site_id), SV_INT(id),
		    SV_INT(cats[i]) };

		buf_addf(&detail, "%s%lld", i ? " " : "", (long long)cats[i]);
		err = store_exec(db, ST_USER_CATEGORY_INSERT, v, 3, NULL,
		    NULL);
		/* a foreign key failure: a category of another site */
		if (err == CONG_EDB || err == CONG_EEXIST)
			err = CONG_EINVAL;
	}
	if (!err)
		err = audit(db, site_id, now, actor, "user.categories",
		    u.login, detail.ptr);
	if (!err)
		err = store_commit(db);
out:
	if (err)
		store_rollback(db);
	buf_release(&detail);
	return err;
}

enum cong_err
auth_user_set_password(struct store_conn *db, int64_t site_id, int64_t id,
    const char *pw, size_t pwlen, const char *actor, int64_t now)
{
	struct auth_user u;
	char hash[AUTH_PW_HASH_SIZE];
	enum cong_err err;

	if ((err = auth_user_by_id(db, site_id, id, &u)))
		return err;
	if (auth_password_check(u.login, pw, pwlen) != AUTH_PW_OK)
		return CONG_EINVAL;
	if ((err = auth_password_hash(pw, pwlen, hash)))
		return err;
	if ((err = store_begin(db, true)))
		goto out;
	{
		struct store_val v[4] = { SV_INT(site_id), SV_INT(id),
		    SV_STR(hash), SV_INT(now) };

		err = store_exec(db, ST_USER_SET_PASSWORD, v, 4, NULL, NULL);
	}
	if (!err)
		err = auth_session_end_all(db, site_id, id);
	if (!err)
		err = audit(db, site_id, now, actor, "user.password", u.login,
		    NULL);
	if (!err)
		err = store_commit(db);
	if (err)
		store_rollback(db);
out:
	sodium_memzero(hash, sizeof(hash));
	return err;
}

enum cong_err
auth_user_set_disabled(struct store_conn *db, int64_t site_id, int64_t id,
    bool disabled, const char *actor, int64_t now)
{
	struct auth_user u;
	enum cong_err err;

	if ((err = store_begin(db, true)))
		return err;
	if ((err = auth_user_by_id(db, site_id, id, &u)))
		goto out;
	{
		struct store_val v[4] = { SV_INT(site_id), SV_INT(id),
		    disabled ? SV_INT(now) : SV_NUL, SV_INT(now) };

		err = store_exec(db, ST_USER_SET_DISABLED, v, 4, NULL, NULL);
	}
	if (!err && disabled)
		err = auth_session_end_all(db, site_id, id);
	if (!err)
		err = audit(db, site_id, now, actor, disabled ?
		    "user.disable" : "user.enable", u.login, NULL);
	if (!err)
		err = store_commit(db);
out:
	if (err)
		store_rollback(db);
	return err;
}

/* ------------------------------------------------------------------ */
/* Listing                                                            */

static const char *
sort_name(json_t *u)
{
	const char *s = json_string_value(json_object_get(u, "display_name"));

	if (!s || !*s)
		s = json_string_value(json_object_get(u, "login"));
	return s ? s : "";
}

static int
by_name(const void *a, const void *b, void *ud)
{
	json_t *ua = *(json_t *const *)a, *ub = *(json_t *const *)b;
	const char *na = sort_name(ua), *nb = sort_name(ub);
	int c = vn_collate(ud, na, strlen(na), nb, strlen(nb));

	if (c)
		return c;
	return strcmp(json_string_value(json_object_get(ua, "login")),
	    json_string_value(json_object_get(ub, "login")));
}

static void
decorate(json_t *u)
{
	enum auth_role role = AUTH_ROLE_CONTRIBUTOR;
	const char *r = json_string_value(json_object_get(u, "role"));

	if (r && !auth_role_parse(r, strlen(r), &role))
		json_object_set_new(u, "role_label",
		    json_string(auth_role_label(role)));
	json_object_set_new(u, "disabled", json_boolean(json_is_integer(
	    json_object_get(u, "disabled_at"))));
}

enum cong_err
auth_user_list(struct store_conn *db, int64_t site_id, json_t **out)
{
	struct store_val v[1] = { SV_INT(site_id) };
	struct vn_collator *coll = NULL;
	json_t *rows = NULL, **items = NULL;
	size_t i, n;
	enum cong_err err;

	*out = NULL;
	if ((err = store_query_json(db, ST_USER_LIST, v, 1, &rows)))
		return err;
	if ((err = vn_collator_new(&coll)))
		goto out;
	n = json_array_size(rows);
	items = xcalloc(n ? n : 1, sizeof(*items));
	for (i = 0; i < n; i++) {
		items[i] = json_incref(json_array_get(rows, i));
		decorate(items[i]);
	}
	qsort_r(items, n, sizeof(*items), by_name, coll);
	json_array_clear(rows);
	for (i = 0; i < n; i++)
		json_array_append_new(rows, items[i]);
	*out = rows;
	rows = NULL;
out:
	free(items);
	vn_collator_free(coll);
	json_decref(rows);
	return err;
}

/* ------------------------------------------------------------------ */
/* Login                                                              */

enum cong_err
auth_login(struct store_conn *db, int64_t site_id, const char *login,
    const char *pw, size_t pwlen, const char *remote, int64_t now,
    struct auth_user *out, enum auth_login_result *result)
{
	char hash[AUTH_PW_HASH_SIZE] = "";
	bool locked = false, ok = false;
	enum cong_err err;

	*result = AUTH_LOGIN_BAD;
	memset(out, 0, sizeof(*out));
	err = auth_throttle_locked(db, site_id, login, remote, now, &locked);
	if (err)
		return err;
	if (locked) {
		*result = AUTH_LOGIN_THROTTLED;
		return CONG_OK;
	}
	err = auth_user_by_login(db, site_id, login, out, hash);
	if (err == CONG_ENOTFOUND) {
		auth_password_dummy();
		err = CONG_OK;
	} else if (!err) {
		ok = auth_password_verify(hash, pw, pwlen) && !out->disabled_at;
	}
	if (err)
		goto out;
	if ((err = auth_throttle_record(db, site_id, login, remote, now, ok)))
		goto out;
	if (ok && auth_password_needs_rehash(hash)) {
		char fresh[AUTH_PW_HASH_SIZE] = "";

		if (!auth_password_hash(pw, pwlen, fresh)) {
			struct store_val v[4] = { SV_INT(site_id),
			    SV_INT(out->id), SV_STR(fresh), SV_INT(now) };

			err = store_exec(db, ST_USER_SET_PASSWORD, v, 4, NULL,
			    NULL);
		}
		sodium_memzero(fresh, sizeof(fresh));
	}
	if (!err && ok)
		*result = AUTH_LOGIN_OK;
out:
	sodium_memzero(hash, sizeof(hash));
	if (*result != AUTH_LOGIN_OK && *result != AUTH_LOGIN_THROTTLED)
		memset(out, 0, sizeof(*out));
	return err;
}
