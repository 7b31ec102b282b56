/* SPDX-License-Identifier: ISC */
/*
 * auth/session.h: newsroom sessions. A session is a random 256-bit token
 * (64 hex characters) in a cookie; the store keeps only its SHA-256, so a
 * leaked database opens no session. A session belongs to one user on one
 * site, and dies at the first of: AUTH_SESSION_IDLE seconds without a
 * request (idle expiry), AUTH_SESSION_ABSOLUTE seconds after login
 * (absolute expiry), logout, "log out everywhere" (every session of the
 * user), a password reset or the user being disabled.
 *
 * The cookie is "__Host-cong" with Secure when the server is behind TLS,
 * else "cong_session"; always HttpOnly, SameSite=Lax, Path=/.
 *
 * auth_has_session_cookie() is for the public page cache (http/): a
 * request carrying a session cookie bypasses it. It only looks at the
 * header; it never touches the store.
 */
#ifndef CONG_AUTH_SESSION_H
#define CONG_AUTH_SESSION_H

#include "auth/role.h"
#include "base/buf.h"

struct store_conn;
struct http_req;

#define AUTH_SESSION_IDLE (30 * 60)
#define AUTH_SESSION_ABSOLUTE (12 * 3600)
/* Hex characters of a session token (256 bits). */
#define AUTH_TOKEN_HEX 64
#define AUTH_COOKIE_TLS "__Host-cong"
#define AUTH_COOKIE_PLAIN "cong_session"
/* Bytes of a flash message kept with a session. */
#define AUTH_FLASH_MAX 1024

/*
 * Sets the idle and absolute expiry in seconds (values <= 0 keep the
 * defaults above). Call once at start, before worker threads run.
 */
void auth_session_configure(int64_t idle, int64_t absolute);
/* The expiry in force. */
int64_t auth_session_idle(void);
int64_t auth_session_absolute(void);

/* Fills out with 2 * nbytes lower-case hex characters and a NUL. */
void auth_random_hex(char *out, size_t nbytes);

/* SHA-256 of tok[0..n) as 64 lower-case hex characters and a NUL. */
void auth_token_hash(const char *tok, size_t n, char out[65]);

/*
 * Opens a session for u (u->id and u->site_id are read) and writes its
 * token to token (the caller puts it in the cookie and forgets it). Sets
 * u->session_id and u->csrf. remote is the client address, for the
 * record. CONG_EDB on a store failure.
 */
enum cong_err auth_session_create(struct store_conn *db, struct auth_user *u,
    const char *remote, int64_t now, char token[AUTH_TOKEN_HEX + 1]);

/*
 * Finds the live session of token tok[0..n) on site_id and fills out with
 * its user (categories included), session_id and csrf. If flash is not
 * NULL the session's flash message is appended to it (not cleared: see
 * auth_session_flash()). Bumps the idle clock. CONG_ENOTFOUND when the
 * token is malformed, unknown, expired (the row is then deleted) or its
 * user is disabled (every session of the user is then deleted).
 */
enum cong_err auth_session_lookup(struct store_conn *db, int64_t site_id,
    const char *tok, size_t n, int64_t now, struct auth_user *out,
    struct buf *flash);

/*
 * The session cookie's value in the Cookie header hdr[0..n) (NULL: none),
 * looked up as auth_session_lookup(). tls picks the cookie name.
 */
enum cong_err auth_session_from_cookie(struct store_conn *db,
    int64_t site_id, const char *hdr, size_t n, bool tls, int64_t now,
    struct auth_user *out, struct buf *flash);

/* Sets (or, with "" clears) the flash message of a session. */
enum cong_err auth_session_flash(struct store_conn *db, int64_t session_id,
    const char *text);

/* Ends one session (logout). Ending a session that is gone is CONG_OK. */
enum cong_err auth_session_end(struct store_conn *db, int64_t session_id);
/* Ends every session of a user ("log out everywhere"). */
enum cong_err auth_session_end_all(struct store_conn *db, int64_t site_id,
    int64_t user_id);
/* Deletes every expired session. */
enum cong_err auth_session_purge(struct store_conn *db, int64_t now);

/* The cookie name for a server behind TLS or not. */
const char *auth_cookie_name(bool tls);
/*
 * Appends the Set-Cookie value that stores token (NUL-terminated), or
 * deletes the cookie when token is NULL. CONG_ETOOBIG if out is full.
 */
enum cong_err auth_cookie_format(struct buf *out, bool tls,
    const char *token);

/* True if the Cookie header hdr[0..n) holds either session cookie. */
bool auth_cookie_header_has_session(const char *hdr, size_t n);
/* True if req carries a session cookie (valid or not). */
bool auth_has_session_cookie(const struct http_req *req);

#endif
