/* SPDX-License-Identifier: ISC */
/*
 * auth/throttle.c: counting recent failures in login_attempts.
 */
#include "base/common.h"
#include "auth/throttle.h"
#include "store/store.h"

enum cong_err
auth_throttle_locked(struct store_conn *db, int64_t site_id,
    const char *login, const char *remote, int64_t now, bool *locked)
{
	int64_t since = now - AUTH_THROTTLE_WINDOW, n = 0;
	struct store_val by_login[3] = { SV_INT(site_id), SV_STR(login),
	    SV_INT(since) };
	struct store_val by_addr[2] = { SV_STR(remote), SV_INT(since) };
	enum cong_err err;

	*locked = false;
	err = store_query_int(db, ST_LOGIN_FAILS_BY_LOGIN, by_login, 3, &n);
	if (err)
		return err;
	if (n >= AUTH_THROTTLE_LOGIN_MAX) {
		*locked = true;
		return CONG_OK;
	}
	err = store_query_int(db, ST_LOGIN_FAILS_BY_REMOTE, by_addr, 2, &n);
	if (err)
		return err;
	*locked = n >= AUTH_THROTTLE_ADDR_MAX;
	return CONG_OK;
}

enum cong_err
auth_throttle_record(struct store_conn *db, int64_t site_id,
    const char *login, const char *remote, int64_t now, bool ok)
{
	struct store_val v[5] = { SV_INT(site_id), SV_STR(login),
	    SV_STR(remote), SV_INT(now), SV_INT(ok ? 1 : 0) };
	struct store_val old[1] = { SV_INT(now - AUTH_THROTTLE_KEEP) };
	enum cong_err err;

	if ((err = store_exec(db, ST_LOGIN_ATTEMPT_INSERT, v, 5, NULL, NULL)))
		return err;
	return store_exec(db, ST_LOGIN_ATTEMPT_PURGE, old, 1, NULL, NULL);
}
