/* SPDX-License-Identifier: ISC */
/*
 * cookie.c: the Cookie header reader and the Set-Cookie writer. Reading
 * is lenient the way RFC 6265 §5.2 asks of user agents, because what
 * arrives was set by other software too (analytics, proxies); writing is
 * strict to the server grammar of RFC 6265 §4.1.1, so that every cookie we
 * set reads back unchanged.
 */
#include "base/common.h"

#include <strings.h>

#include "http/cookie.h"

/* ------------------------------------------------------------------ */
/* Reading                                                             */
/* ------------------------------------------------------------------ */

static bool
is_ows(char c)
{
	return c == ' ' || c == '\t';
}

/* Narrows [*s, *e) past leading and trailing spaces and tabs. */
static void
trim_ows(const char *p, size_t *s, size_t *e)
{
	while (*s < *e && is_ows(p[*s]))
		(*s)++;
	while (*e > *s && is_ows(p[*e - 1]))
		(*e)--;
}

enum cong_err
http_cookie_get(const char *header, size_t n, const char *name,
    const char **val, size_t *val_len)
{
	size_t i = 0, end, eq, ns, ne, vs, ve;
	const char *semi, *eqp;

	if (!name || !*name)
		return CONG_EINVAL;
	while (i < n) {
		semi = memchr(header + i, ';', n - i);
		end = semi ? (size_t)(semi - header) : n;
		eqp = memchr(header + i, '=', end - i);
		if (eqp) {
			eq = (size_t)(eqp - header);
			ns = i;
			ne = eq;
			trim_ows(header, &ns, &ne);
			if (mem_eq_str(header + ns, ne - ns, name)) {
				vs = eq + 1;
				ve = end;
				trim_ows(header, &vs, &ve);
				/* RFC 6265 §4.1.1: cookie-value may be
				 * wrapped in DQUOTEs, which are not part
				 * of the value. */
				if (ve - vs >= 2 && header[vs] == '"' &&
				    header[ve - 1] == '"') {
					vs++;
					ve--;
				}
				*val = header + vs;
				*val_len = ve - vs;
				return CONG_OK;
			}
		}
		i = end + 1;
	}
	return CONG_ENOTFOUND;
}

/* ------------------------------------------------------------------ */
/* Writing                                                             */
/* ------------------------------------------------------------------ */

/* RFC 7230 §3.2.6 tchar. */
static bool
is_tchar(unsigned char c)
{
	if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z'))
		return true;
	return c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

/*
 * RFC 6265 §4.1.1 cookie-octet: US-ASCII visible characters except
 * DQUOTE, comma, semicolon and backslash.
 */
static bool
is_cookie_octet(unsigned char c)
{
	return c >= 0x21 && c <= 0x7e && c != '"' && c != ',' && c != ';' &&
	    c != '\\';
}

static bool
cookie_name_ok(const char *s)
{
	if (!s || !*s)
		return false;
	for (; *s; s++)
		if (!is_tchar((unsigned char)*s))
			return false;
	return true;
}

static bool
cookie_value_ok(const char *s)
{
	for (; *s; s++)
		if (!is_cookie_octet((unsigned char)*s))
			return false;
	return true;
}

/* RFC 6265 §4.1.1 path-value: any CHAR except CTLs or ';'. */
static bool
cookie_path_ok(const char *s)
{
	if (s[0] != '/')
		return false;
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f ||
		    *s == ';')
			return false;
	return true;
}

/*
 * Cookie prefixes (RFC 6265bis §4.1.3): user agents refuse a "__Secure-"
 * cookie without Secure and a "__Host-" cookie without Secure, with a
 * Domain, or with a Path other than "/". Refusing here turns a silently
 * dropped cookie into an error at the call site.
 */
static bool
cookie_prefix_ok(const struct http_cookie_attrs *a)
{
	if (strncasecmp(a->name, "__Secure-", 9) == 0)
		return a->secure;
	if (strncasecmp(a->name, "__Host-", 7) == 0)
		return a->secure && a->path && strcmp(a->path, "/") == 0;
	return true;
}

static enum cong_err
cookie_attrs_check(const struct http_cookie_attrs *a, const char *value)
{
	if (!cookie_name_ok(a->name) || !cookie_value_ok(value))
		return CONG_EINVAL;
	if (a->path && !cookie_path_ok(a->path))
		return CONG_EINVAL;
	if (a->max_age < -1 || (unsigned)a->same_site >= HTTP_SAMESITE__MAX)
		return CONG_EINVAL;
	if (a->same_site == HTTP_SAMESITE_NONE && !a->secure)
		return CONG_EINVAL;
	if (!cookie_prefix_ok(a))
		return CONG_EINVAL;
	if (strlen(a->name) + strlen(value) > HTTP_COOKIE_MAX)
		return CONG_ETOOBIG;
	return CONG_OK;
}

static const char *const samesite_names[HTTP_SAMESITE__MAX] = {
	[HTTP_SAMESITE_LAX] = "Lax",
	[HTTP_SAMESITE_STRICT] = "Strict",
	[HTTP_SAMESITE_NONE] = "None",
};

enum cong_err
http_cookie_format(struct buf *out, const struct http_cookie_attrs *a)
{
	size_t start = out->len;
	bool overflowed = out->overflow;
	const char *value;
	enum cong_err err;

	if (!a)
		return CONG_EINVAL;
	value = a->value ? a->value : "";
	if ((err = cookie_attrs_check(a, value)))
		return err;
	/* Appends below are checked once, through the sticky flag; clear
	 * it for the run and put back what the caller had. */
	out->overflow = false;
	buf_adds(out, a->name);
	buf_addc(out, '=');
	buf_adds(out, value);
	if (a->path) {
		buf_adds(out, "; Path=");
		buf_adds(out, a->path);
	}
	if (a->max_age >= 0) {
		buf_adds(out, "; Max-Age=");
		buf_addi(out, a->max_age);
	}
	if (a->max_age == 0)
		buf_adds(out, "; Expires=Thu, 01 Jan 1970 00:00:00 GMT");
	if (a->secure)
		buf_adds(out, "; Secure");
	if (a->http_only)
		buf_adds(out, "; HttpOnly");
	buf_adds(out, "; SameSite=");
	buf_adds(out, samesite_names[a->same_site]);
	err = buf_ok(out) ? CONG_OK : CONG_ETOOBIG;
	if (err)
		buf_truncate(out, start);
	out->overflow = out->overflow || overflowed;
	return err;
}
