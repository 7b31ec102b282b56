/* SPDX-License-Identifier: ISC */
/*
 * cookie.h: reading one cookie out of a Cookie request header, and
 * writing the value of a Set-Cookie response header. Pure functions over
 * bytes: no libh2o, no request, no allocation of their own beyond the
 * caller's struct buf. Sessions and CSRF tokens (auth/) are the callers;
 * what a cookie means is theirs to decide.
 */
#ifndef CONG_HTTP_COOKIE_H
#define CONG_HTTP_COOKIE_H

#include "base/buf.h"

/*
 * Most bytes of name plus value that http_cookie_format() writes: the
 * least every user agent must store (RFC 6265 §6.1).
 */
#define HTTP_COOKIE_MAX 4096

/*
 * Finds the cookie called name (NUL-terminated, compared byte for byte:
 * cookie names are case-sensitive) in the Cookie header header[0..n),
 * which need not be NUL-terminated and is never read past n. Pairs are
 * split on ';'; spaces and tabs around names and values are ignored, as
 * are empty pairs and pairs without '='. A value wrapped in DQUOTEs
 * ("abc") comes back without them. When a name repeats, the first wins
 * (RFC 6265 §5.4 puts the most specific path first).
 *
 * On CONG_OK, *val points into header (not NUL-terminated) and *val_len
 * is its length, possibly 0. CONG_ENOTFOUND if no pair has that name;
 * CONG_EINVAL if name is NULL or empty. *val and *val_len are untouched
 * unless the cookie is found.
 */
enum cong_err http_cookie_get(const char *header, size_t n, const char *name,
    const char **val, size_t *val_len);

enum http_samesite {
	HTTP_SAMESITE_LAX,	/* the zero value: a safe default */
	HTTP_SAMESITE_STRICT,
	HTTP_SAMESITE_NONE,	/* requires secure */
	HTTP_SAMESITE__MAX
};

struct http_cookie_attrs {
	const char *name;	/* RFC 7230 token; required */
	const char *value;	/* cookie-octets, unquoted; NULL means "" */
	int64_t max_age;	/* seconds; -1 = session cookie, 0 = delete */
	const char *path;	/* NULL to omit; else starts with '/' */
	bool secure;
	bool http_only;
	enum http_samesite same_site;
};

/*
 * Appends the value of a Set-Cookie header for a to out, e.g.
 * "sid=abc; Path=/; Max-Age=3600; Secure; HttpOnly; SameSite=Lax".
 * max_age 0 also writes "Expires=Thu, 01 Jan 1970 00:00:00 GMT" so that
 * user agents that ignore Max-Age delete the cookie as well. SameSite is
 * always written.
 *
 * Returns CONG_OK; CONG_EINVAL when the name is missing or not a token,
 * the value holds a byte outside cookie-octet (RFC 6265 §4.1.1: no
 * space, DQUOTE, comma, semicolon, backslash or control), the path does
 * not start with '/' or holds a control byte or ';', max_age is below -1,
 * same_site is out of range, SameSite=None comes without secure (user
 * agents drop such cookies), or the name's "__Secure-" / "__Host-" prefix
 * (matched without regard to case) is not honoured (both need secure;
 * "__Host-" also needs path "/"); CONG_ETOOBIG when name and value pass
 * HTTP_COOKIE_MAX bytes or out's cap is reached. On error out is
 * truncated back to its length at the call.
 */
enum cong_err http_cookie_format(struct buf *out,
    const struct http_cookie_attrs *a);

#endif
