/* SPDX-License-Identifier: ISC */
/*
 * auth/csrf.c: token comparison and the Origin / Sec-Fetch-Site checks.
 * The token is a per-session random value rather than an HMAC, so it dies
 * with the session and needs no server secret to rotate.
 */
#include "base/common.h"
#include "auth/csrf.h"

#include <sodium.h>
#include <strings.h>

bool
auth_csrf_check(const struct auth_user *u, const char *tok, size_t n)
{
	if (!u || !tok || n != AUTH_CSRF_HEX ||
	    strnlen(u->csrf, sizeof(u->csrf)) != AUTH_CSRF_HEX)
		return false;
	return sodium_memcmp(u->csrf, tok, AUTH_CSRF_HEX) == 0;
}

static bool
origin_is_host(const char *host, size_t hlen, const char *o, size_t n)
{
	size_t skip;

	if (n > 7 && strncasecmp(o, "http://", 7) == 0)
		skip = 7;
	else if (n > 8 && strncasecmp(o, "https://", 8) == 0)
		skip = 8;
	else
		return false;
	return n - skip == hlen && hlen > 0 &&
	    strncasecmp(o + skip, host, hlen) == 0;
}

bool
auth_origin_ok(const char *host, size_t hlen, const char *origin,
    size_t olen, const char *fetch_site, size_t flen)
{
	if (fetch_site && !mem_eq_str(fetch_site, flen, "same-origin") &&
	    !mem_eq_str(fetch_site, flen, "none"))
		return false;
	if (origin && !origin_is_host(host, hlen, origin, olen))
		return false;
	return true;
}
