/* SPDX-License-Identifier: ISC */
/*
 * params.c: percent-decoding (RFC 3986 §2.1), form-urlencoded pairs (the
 * WHATWG URL standard's application/x-www-form-urlencoded parser, minus
 * its silent repair of bad escapes, which we refuse) and the raw-path
 * checker. Each walks its input once, byte by byte, within n; nothing
 * here relies on a terminating NUL in the input.
 */
#include "base/common.h"

#include "http/params.h"

/* ------------------------------------------------------------------ */
/* Percent-decoding                                                    */
/* ------------------------------------------------------------------ */

static int
hex_value(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Decodes the escape at p[i] == '%' into *c. Both hex digits must lie
 * before n: "%4" at the end of input is malformed, not a literal.
 */
static enum cong_err
pct_decode_at(const char *p, size_t n, size_t i, unsigned char *c)
{
	int hi, lo;

	if (n - i < 3)
		return CONG_EPARSE;
	hi = hex_value((unsigned char)p[i + 1]);
	lo = hex_value((unsigned char)p[i + 2]);
	if (hi < 0 || lo < 0)
		return CONG_EPARSE;
	*c = (unsigned char)(hi << 4 | lo);
	return CONG_OK;
}

enum cong_err
http_url_decode(const char *p, size_t n, struct buf *out, bool plus_is_space)
{
	size_t start = out->len, i = 0;
	unsigned char c;
	enum cong_err err = CONG_OK;

	while (i < n) {
		c = (unsigned char)p[i];
		if (c == '%') {
			if ((err = pct_decode_at(p, n, i, &c)))
				goto out;
			i += 3;
		} else {
			if (c == '+' && plus_is_space)
				c = ' ';
			i++;
		}
		/* Decoded strings are C strings downstream: a NUL would cut
		 * them short where validation cannot see it. */
		if (c == '\0') {
			err = CONG_EINVAL;
			goto out;
		}
		if ((err = buf_addc(out, (char)c)))
			goto out;
	}
out:
	if (err)
		buf_truncate(out, start);
	return err;
}

/* ------------------------------------------------------------------ */
/* Query strings and form bodies                                       */
/* ------------------------------------------------------------------ */

static void
param_free(struct http_param *pa)
{
	free(pa->name);
	free(pa->value);
	memset(pa, 0, sizeof(*pa));
}

/* Shrinks ps back to n pairs, freeing the rest. */
static void
params_truncate(struct http_params *ps, size_t n)
{
	while (ps->n > n)
		param_free(&ps->v[--ps->n]);
}

static enum cong_err
params_reserve_one(struct http_params *ps)
{
	size_t alloc;

	if (ps->n >= LIMIT_QUERY_PARAMS)
		return CONG_ETOOBIG;
	if (ps->n < ps->alloc)
		return CONG_OK;
	alloc = ps->alloc ? ps->alloc * 2 : 8;
	if (alloc > LIMIT_QUERY_PARAMS)
		alloc = LIMIT_QUERY_PARAMS;
	ps->v = xrealloc(ps->v, alloc * sizeof(*ps->v));
	ps->alloc = alloc;
	return CONG_OK;
}

/* Decodes one non-empty raw pair p[0..n) and appends it to ps. */
static enum cong_err
params_add(struct http_params *ps, const char *p, size_t n)
{
	struct buf name, value;
	const char *eq;
	size_t name_n;
	struct http_param *pa;
	enum cong_err err;

	buf_init(&name, LIMIT_PARAM);
	buf_init(&value, LIMIT_PARAM);
	if ((err = params_reserve_one(ps)))
		goto out;
	eq = memchr(p, '=', n);
	name_n = eq ? (size_t)(eq - p) : n;
	if ((err = http_url_decode(p, name_n, &name, true)))
		goto out;
	if (eq && (err = http_url_decode(eq + 1, n - name_n - 1, &value,
	    true)))
		goto out;
	pa = &ps->v[ps->n++];
	pa->name = buf_detach(&name, &pa->name_len);
	pa->value = buf_detach(&value, &pa->value_len);
out:
	buf_release(&name);
	buf_release(&value);
	return err;
}

enum cong_err
http_params_parse(struct http_params *ps, const char *p, size_t n)
{
	size_t start = ps->n, i = 0, end;
	const char *amp;
	enum cong_err err = CONG_OK;

	while (i < n) {
		amp = memchr(p + i, '&', n - i);
		end = amp ? (size_t)(amp - p) : n;
		if (end > i && (err = params_add(ps, p + i, end - i)))
			goto out;
		i = end + 1;
	}
out:
	if (err)
		params_truncate(ps, start);
	return err;
}

const char *
http_params_get(const struct http_params *ps, const char *name, size_t *len)
{
	size_t i;

	if (!ps)
		return NULL;
	for (i = 0; i < ps->n; i++) {
		if (mem_eq_str(ps->v[i].name, ps->v[i].name_len, name)) {
			if (len)
				*len = ps->v[i].value_len;
			return ps->v[i].value;
		}
	}
	return NULL;
}

enum cong_err
http_params_int(const struct http_params *ps, const char *name, int64_t min,
    int64_t max, int64_t dflt, int64_t *out)
{
	size_t len, i;
	const char *v = http_params_get(ps, name, &len);
	int64_t n = 0;

	*out = dflt;
	if (!v)
		return CONG_OK;
	if (len == 0 || len > 18)
		return CONG_EINVAL;
	for (i = 0; i < len; i++) {
		if (v[i] < '0' || v[i] > '9')
			return CONG_EINVAL;
		n = n * 10 + (v[i] - '0');
	}
	if (n < min || n > max)
		return CONG_EINVAL;
	*out = n;
	return CONG_OK;
}

size_t
http_params_count(const struct http_params *ps, const char *name)
{
	size_t i, count = 0;

	if (!ps)
		return 0;
	for (i = 0; i < ps->n; i++)
		if (mem_eq_str(ps->v[i].name, ps->v[i].name_len, name))
			count++;
	return count;
}

void
http_params_release(struct http_params *ps)
{
	if (!ps)
		return;
	params_truncate(ps, 0);
	free(ps->v);
	ps->v = NULL;
	ps->alloc = 0;
}

/* ------------------------------------------------------------------ */
/* Request paths                                                       */
/* ------------------------------------------------------------------ */

/* Bytes refused in a path whether they came raw or %-encoded. */
static bool
path_byte_refused(unsigned char c)
{
	return c < 0x20 || c == 0x7f || c == '\\';
}

/*
 * Checks the decoded segment seg[0..n) that a '/' (or the end of the path)
 * closes. "." and ".." are refused so no spelling of the path can step
 * out of a directory; an empty segment is refused unless it is the last
 * one ("/" and "/a/" are fine, "//" and "/a//b" are not).
 */
static enum cong_err
path_segment_check(const char *seg, size_t n, bool last)
{
	if (n == 0)
		return last ? CONG_OK : CONG_EINVAL;
	if (mem_eq_str(seg, n, ".") || mem_eq_str(seg, n, ".."))
		return CONG_EINVAL;
	return CONG_OK;
}

enum cong_err
http_path_normalize(const char *p, size_t n, struct buf *out)
{
	size_t start = out->len, seg, i;
	unsigned char c;
	enum cong_err err = CONG_OK;

	if (n > LIMIT_URL)
		return CONG_ETOOBIG;
	if (n == 0 || p[0] != '/')
		return CONG_EINVAL;
	if ((err = buf_addc(out, '/')))
		goto out;
	seg = out->len;
	i = 1;
	while (i < n) {
		c = (unsigned char)p[i];
		if (c == '/') {
			if ((err = path_segment_check(out->ptr + seg,
			    out->len - seg, false)))
				goto out;
			if ((err = buf_addc(out, '/')))
				goto out;
			seg = out->len;
			i++;
			continue;
		}
		if (c == ' ') {
			err = CONG_EINVAL;
			goto out;
		}
		if (c == '%') {
			if ((err = pct_decode_at(p, n, i, &c)))
				goto out;
			if (c == '/') {
				err = CONG_EINVAL;
				goto out;
			}
			i += 3;
		} else {
			i++;
		}
		if (path_byte_refused(c)) {
			err = CONG_EINVAL;
			goto out;
		}
		if ((err = buf_addc(out, (char)c)))
			goto out;
	}
	err = path_segment_check(out->ptr + seg, out->len - seg, true);
out:
	if (err)
		buf_truncate(out, start);
	return err;
}
