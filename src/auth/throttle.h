/* SPDX-License-Identifier: ISC */
/*
 * auth/throttle.h: login throttling, kept in the store (login_attempts)
 * so it holds across server nodes and restarts. A login is locked while
 * it has AUTH_THROTTLE_LOGIN_MAX failures within the last
 * AUTH_THROTTLE_WINDOW seconds since its last success; a client address
 * is locked while it has AUTH_THROTTLE_ADDR_MAX failures within the window,
 * whatever logins they named (a success does not clear it, or one valid
 * account would unlock guessing at the others). Refused attempts are not
 * recorded, so a lock ends one window after the failures that caused it.
 */
#ifndef CONG_AUTH_THROTTLE_H
#define CONG_AUTH_THROTTLE_H

#include "base/common.h"

struct store_conn;

#define AUTH_THROTTLE_WINDOW (15 * 60)
#define AUTH_THROTTLE_LOGIN_MAX 5
#define AUTH_THROTTLE_ADDR_MAX 20
/* Rows older than this are purged when a new attempt is recorded. */
#define AUTH_THROTTLE_KEEP (24 * 3600)
#define AUTH_THROTTLE_MESSAGE \
	"Bạn đã nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút."

/*
 * Sets *locked if login (NUL-terminated, as typed after normalisation)
 * on site_id, or the address remote, may not try now. CONG_EDB on a
 * store failure.
 */
enum cong_err auth_throttle_locked(struct store_conn *db, int64_t site_id,
    const char *login, const char *remote, int64_t now, bool *locked);

/* Records one attempt and purges rows past AUTH_THROTTLE_KEEP. */
enum cong_err auth_throttle_record(struct store_conn *db, int64_t site_id,
    const char *login, const char *remote, int64_t now, bool ok);

#endif
