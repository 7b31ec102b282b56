/* SPDX-License-Identifier: ISC */
/*
 * auth/csrf.h: cross-site request forgery checks for state-changing
 * POSTs. Each session holds its own random 256-bit token (made by
 * auth_session_create(), stored with the session, shown in every form as
 * the hidden field "csrf"); a POST is accepted only if the field matches,
 * compared in constant time. On top of that, when the browser says where
 * a request comes from, it must come from us: an Origin header must name
 * the request's own host, and Sec-Fetch-Site must be "same-origin" or
 * "none" (a typed URL or bookmark). Pure functions: the admin layer feeds
 * them the header values.
 */
#ifndef CONG_AUTH_CSRF_H
#define CONG_AUTH_CSRF_H

#include "auth/role.h"

/* The form field that carries the token. */
#define AUTH_CSRF_FIELD "csrf"

/*
 * True if tok[0..n) equals the CSRF token of u's session. False if u has
 * no session token, tok is NULL or of the wrong length.
 */
bool auth_csrf_check(const struct auth_user *u, const char *tok, size_t n);

/*
 * True unless the browser's own headers show a cross-site request:
 * origin[0..olen) (NULL when absent) must be "http://HOST" or
 * "https://HOST" with HOST equal to host[0..hlen) (the Host header,
 * compared without regard to ASCII case); "null" is refused. fetch_site
 * (Sec-Fetch-Site, NULL when absent) must be "same-origin" or "none".
 */
bool auth_origin_ok(const char *host, size_t hlen, const char *origin,
    size_t olen, const char *fetch_site, size_t flen);

#endif
