/* SPDX-License-Identifier: ISC */
/*
 * auth/user.h: newsroom accounts. A user belongs to one site; logins are
 * unique per site. Accounts are never deleted: disabling one keeps its
 * history (revisions and audit entries name it) and ends its sessions.
 * Every change here writes an audit entry in the same transaction.
 *
 * Logins are 2 to AUTH_LOGIN_MAX characters of [a-z0-9._-], starting with
 * a letter or digit; upper-case ASCII is folded to lower case on input.
 * Display names are one line of text (vn_text_line), at most
 * AUTH_NAME_MAX bytes.
 */
#ifndef CONG_AUTH_USER_H
#define CONG_AUTH_USER_H

#include <jansson.h>

#include "auth/password.h"
#include "auth/role.h"

struct store_conn;

/*
 * Checks a typed login p[0..n) and writes its lower-case form to out.
 * CONG_EINVAL if it breaks the rule above.
 */
enum cong_err auth_login_normalize(const char *p, size_t n,
    char out[AUTH_LOGIN_MAX + 1]);

/*
 * Checks and cleans a display name into out (cap AUTH_NAME_MAX is
 * applied by this function). CONG_EINVAL for bad text, CONG_ETOOBIG if
 * too long.
 */
enum cong_err auth_name_clean(const char *p, size_t n, struct buf *out);

/*
 * Creates an account. login must already be normalised, name cleaned;
 * the password must pass auth_password_check() (CONG_EINVAL otherwise).
 * actor names who did it, for the audit. CONG_EEXIST if the login is
 * taken on that site. *id, if not NULL, gets the new id.
 */
enum cong_err auth_user_add(struct store_conn *db, int64_t site_id,
    const char *login, const char *name, enum auth_role role,
    const char *pw, size_t pwlen, const char *actor, int64_t now,
    int64_t *id);

/*
 * Reads an account (categories included) into out; if hash is not NULL
 * the password hash is copied to it. CONG_ENOTFOUND if there is none.
 */
enum cong_err auth_user_by_login(struct store_conn *db, int64_t site_id,
    const char *login, struct auth_user *out,
    char hash[AUTH_PW_HASH_SIZE]);
enum cong_err auth_user_by_id(struct store_conn *db, int64_t site_id,
    int64_t id, struct auth_user *out);

/* Fills u->cats/u->ncats from user_categories (u->id, u->site_id). */
enum cong_err auth_user_load_categories(struct store_conn *db,
    struct auth_user *u);
/*
 * Replaces a user's category limits with cats[0..n) (n == 0: no limit).
 * CONG_ETOOBIG past AUTH_USER_CATS_MAX; CONG_EINVAL for a category not
 * of the user's site.
 */
enum cong_err auth_user_set_categories(struct store_conn *db,
    int64_t site_id, int64_t id, const int64_t *cats, size_t n,
    const char *actor, int64_t now);

/*
 * Sets a new password (policy checked against the login: CONG_EINVAL)
 * and ends every session of the user.
 */
enum cong_err auth_user_set_password(struct store_conn *db, int64_t site_id,
    int64_t id, const char *pw, size_t pwlen, const char *actor,
    int64_t now);

/*
 * Disables (ending every session) or enables an account. CONG_ENOTFOUND
 * for no such user.
 */
enum cong_err auth_user_set_disabled(struct store_conn *db, int64_t site_id,
    int64_t id, bool disabled, const char *actor, int64_t now);

/*
 * The accounts of a site as a new JSON array (owned by the caller) of
 * {id, login, display_name, role, role_label, created_at, disabled_at,
 * disabled}, sorted by display name (or login when there is none) in
 * Vietnamese order, then by login.
 */
enum cong_err auth_user_list(struct store_conn *db, int64_t site_id,
    json_t **out);

enum auth_login_result {
	AUTH_LOGIN_OK,
	AUTH_LOGIN_BAD,		/* unknown login, wrong password, disabled */
	AUTH_LOGIN_THROTTLED,	/* too many failures: AUTH_THROTTLE_MESSAGE */
};

/*
 * Checks a login attempt: throttling first, then the password (which
 * takes the same time whether or not the login exists). Records the
 * attempt, and rehashes the password when its parameters are old. On
 * AUTH_LOGIN_OK, out holds the user (no session yet: see
 * auth_session_create()). login must be normalised. Returns CONG_OK with
 * *result set, or a store error.
 */
enum cong_err auth_login(struct store_conn *db, int64_t site_id,
    const char *login, const char *pw, size_t pwlen, const char *remote,
    int64_t now, struct auth_user *out, enum auth_login_result *result);

#endif
