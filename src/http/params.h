/* SPDX-License-Identifier: ISC */
/*
 * params.h: the percent-decoder, the parser of query strings and
 * application/x-www-form-urlencoded bodies, and the normaliser of raw
 * request paths. Pure functions over bytes: no libh2o, no request. Values
 * come out decoded and byte-exact but not UTF-8-validated or NFC-normalised;
 * that is the validation layer's job. Every input is bounded by a cap from
 * base/limits.h.
 */
#ifndef CONG_HTTP_PARAMS_H
#define CONG_HTTP_PARAMS_H

#include "base/buf.h"

/* One decoded pair. name and value are NUL-terminated, owned by the set. */
struct http_param {
	char *name;
	size_t name_len;
	char *value;
	size_t value_len;
};

/* An ordered set of pairs, in the order they came. */
struct http_params {
	struct http_param *v;
	size_t n;
	size_t alloc;
};

#define HTTP_PARAMS_INIT { NULL, 0, 0 }

/*
 * Parses p[0..n) ("a=1&b=x+y&c=%C3%A0") and appends its pairs to ps.
 * Pairs are split on '&' only; empty pairs ("a=1&&b=2", a leading or
 * trailing '&') are skipped; "a" without '=' is name "a" with an empty
 * value; "=x" is kept as an empty name with value "x". In names and
 * values '+' is a space and %XX is decoded (hex digits in either case).
 * Names are case-sensitive. p need not be NUL-terminated.
 *
 * Returns CONG_OK; CONG_EPARSE for a '%' not followed by two hex digits;
 * CONG_EINVAL for a NUL byte (raw or decoded as %00); CONG_ETOOBIG when
 * ps would hold more than LIMIT_QUERY_PARAMS pairs or a decoded name or
 * value would pass LIMIT_PARAM bytes. On any error ps is left exactly as
 * it was before the call.
 */
enum cong_err http_params_parse(struct http_params *ps, const char *p,
    size_t n);

/*
 * Returns the value of the first pair named name (NUL-terminated, compared
 * byte for byte), owned by ps, or NULL if there is none. *len, if len is
 * not NULL, receives the value's length. ps may be NULL.
 */
const char *http_params_get(const struct http_params *ps, const char *name,
    size_t *len);

/* Returns how many pairs are named name. ps may be NULL. */
size_t http_params_count(const struct http_params *ps, const char *name);
/*
 * A whole number in [min, max] written in decimal digits only (no sign,
 * no spaces), such as a page number ?trang=N. Absent: *out = dflt and
 * CONG_OK. Empty, anything but digits, or out of range: CONG_EINVAL and
 * *out = dflt.
 */
enum cong_err http_params_int(const struct http_params *ps, const char *name,
    int64_t min, int64_t max, int64_t dflt, int64_t *out);

/* Frees every pair and resets ps to HTTP_PARAMS_INIT. NULL is fine. */
void http_params_release(struct http_params *ps);

/*
 * Percent-decodes p[0..n) and appends the result to out; with
 * plus_is_space, '+' becomes a space (form encoding), otherwise it stays.
 * Returns CONG_OK; CONG_EPARSE for a '%' not followed by two hex digits;
 * CONG_EINVAL for a NUL byte, raw or decoded; CONG_ETOOBIG when out's cap
 * is reached. On error out is truncated back to its length at the call.
 */
enum cong_err http_url_decode(const char *p, size_t n, struct buf *out,
    bool plus_is_space);

/*
 * Checks and decodes the raw path of a request target (no query, no
 * fragment: the caller splits at '?') and appends the decoded path to out.
 * Nothing is collapsed or rewritten: a path is either accepted as it is,
 * decoded, or refused, so that one resource has one spelling and no
 * decoded form can climb out of a directory. Refused with CONG_EINVAL:
 *  - an empty path or one not starting with '/';
 *  - a raw or decoded control byte (0x00-0x1f, 0x7f), a raw space;
 *  - a raw or decoded backslash;
 *  - an encoded '/' (%2F, %2f): it would make a separator the router
 *    cannot see;
 *  - a "." or ".." segment, raw or encoded (%2e, %2E, mixed);
 *  - an empty segment ("//", "/a//b"); a single trailing '/' is allowed.
 * CONG_EPARSE for a bad %-escape; CONG_ETOOBIG when n passes LIMIT_URL
 * or out's cap is reached. '+' stays '+'. Bytes >= 0x80 pass through (the
 * caller validates UTF-8). On error out is truncated back to its length at
 * the call.
 */
enum cong_err http_path_normalize(const char *p, size_t n, struct buf *out);

#endif
