/* SPDX-License-Identifier: ISC */
/*
 * multipart.c: the multipart/form-data reader (RFC 7578 on the framing of
 * RFC 2046 §5.1.1) and the header-parameter reader it shares with
 * Content-Type. The body is walked once, front to back: find the first
 * delimiter, then for each part read its header block line by line (each
 * line bounded, the block capped) and find the next delimiter; data is
 * never copied. Ambiguity is refused rather than resolved (a repeated
 * name or Content-Disposition, a folded line), because two readers
 * resolving it differently is how filters get bypassed.
 */
#include "base/common.h"

#include <strings.h>

#include "http/multipart.h"
#include "http/params.h"

/* A run of bytes inside a header value, as offsets. */
struct span {
	size_t off;
	size_t len;
};

struct hdr_param {
	struct span name;
	struct span value;	/* for a quoted-string, between the DQUOTEs */
	bool quoted;
};

/* ------------------------------------------------------------------ */
/* Header values: tokens, quoted-strings, parameters                   */
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

/* qdtext and the byte after a backslash: HTAB, SP, VCHAR, obs-text. */
static bool
is_qtext(unsigned char c)
{
	return c == '\t' || (c >= 0x20 && c != 0x7f);
}

static size_t
skip_ows(const char *h, size_t n, size_t i)
{
	while (i < n && (h[i] == ' ' || h[i] == '\t'))
		i++;
	return i;
}

static size_t
skip_token(const char *h, size_t n, size_t i)
{
	while (i < n && is_tchar((unsigned char)h[i]))
		i++;
	return i;
}

static bool
span_ieq(const char *h, struct span s, const char *lit)
{
	return strlen(lit) == s.len && strncasecmp(h + s.off, lit, s.len) == 0;
}

/*
 * True when h[i] starts a quoted-pair. A backslash escapes only '"' and
 * '\\' (see multipart.h); the escaped byte is h[i + 1].
 */
static bool
quoted_pair_at(const char *h, size_t n, size_t i)
{
	return h[i] == '\\' && i + 1 < n && (h[i + 1] == '"' ||
	    h[i + 1] == '\\');
}

/*
 * Scans the quoted-string that starts at h[i] == '"'. On CONG_OK *end is
 * the index just past the closing DQUOTE.
 */
static enum cong_err
quoted_scan(const char *h, size_t n, size_t i, size_t *end)
{
	for (i++; i < n; i++) {
		if (h[i] == '"') {
			*end = i + 1;
			return CONG_OK;
		}
		if (quoted_pair_at(h, n, i))
			i++;
		else if (!is_qtext((unsigned char)h[i]))
			return CONG_EPARSE;
	}
	return CONG_EPARSE;
}

/* Appends the value of p (unquoted if need be) to out. */
static enum cong_err
param_value_add(const char *h, const struct hdr_param *p, struct buf *out)
{
	size_t start = out->len, i, end = p->value.off + p->value.len;
	enum cong_err err = CONG_OK;

	if (!p->quoted)
		return buf_add(out, h + p->value.off, p->value.len);
	for (i = p->value.off; i < end && !err; i++) {
		if (quoted_pair_at(h, end, i))
			i++;
		err = buf_addc(out, h[i]);
	}
	if (err)
		buf_truncate(out, start);
	return err;
}

/*
 * Reads the next "; name=value" from h, starting at *pos. CONG_ENOTFOUND
 * at the end of h; CONG_EPARSE for anything else than a parameter.
 */
static enum cong_err
param_next(const char *h, size_t n, size_t *pos, struct hdr_param *p)
{
	size_t i = *pos, e;
	enum cong_err err;

	for (;;) {
		i = skip_ows(h, n, i);
		if (i == n)
			return CONG_ENOTFOUND;
		if (h[i] != ';')
			return CONG_EPARSE;
		i = skip_ows(h, n, i + 1);
		if (i == n)
			return CONG_ENOTFOUND;
		if (h[i] != ';')
			break;
	}
	e = skip_token(h, n, i);
	if (e == i)
		return CONG_EPARSE;
	p->name = (struct span){ i, e - i };
	i = skip_ows(h, n, e);
	if (i == n || h[i] != '=')
		return CONG_EPARSE;
	i = skip_ows(h, n, i + 1);
	if (i < n && h[i] == '"') {
		if ((err = quoted_scan(h, n, i, &e)))
			return err;
		p->value = (struct span){ i + 1, e - i - 2 };
		p->quoted = true;
	} else {
		e = skip_token(h, n, i);
		if (e == i)
			return CONG_EPARSE;
		p->value = (struct span){ i, e - i };
		p->quoted = false;
	}
	*pos = e;
	return CONG_OK;
}

/* Reads "type/subtype" at the start of h; *pos lands just past it. */
static enum cong_err
media_type_scan(const char *h, size_t n, size_t *pos, struct span *type,
    struct span *subtype)
{
	size_t i = skip_ows(h, n, 0), e;

	e = skip_token(h, n, i);
	if (e == i || e == n || h[e] != '/')
		return CONG_EPARSE;
	*type = (struct span){ i, e - i };
	i = e + 1;
	e = skip_token(h, n, i);
	if (e == i)
		return CONG_EPARSE;
	*subtype = (struct span){ i, e - i };
	*pos = e;
	return CONG_OK;
}

enum cong_err
http_content_type_param(const char *header, size_t n, const char *param,
    struct buf *out)
{
	struct span type, subtype;
	struct hdr_param p;
	size_t i;
	enum cong_err err;

	if ((err = media_type_scan(header, n, &i, &type, &subtype)))
		return err;
	while ((err = param_next(header, n, &i, &p)) == CONG_OK)
		if (span_ieq(header, p.name, param))
			return param_value_add(header, &p, out);
	return err;
}

/* ------------------------------------------------------------------ */
/* Boundary                                                            */
/* ------------------------------------------------------------------ */

/* RFC 2046 §5.1.1 bchars: bcharsnospace plus space, not last. */
static bool
is_bchar(unsigned char c)
{
	if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z'))
		return true;
	return c != '\0' && strchr("'()+_,-./:=? ", c) != NULL;
}

/*
 * Builds the delimiter CRLF "--" boundary into delim from the header,
 * after checking that the media type is multipart/form-data.
 */
static enum cong_err
boundary_read(const char *ct, size_t ct_len, struct buf *delim)
{
	struct span type, subtype;
	struct buf b;
	size_t i;
	enum cong_err err;

	buf_init(&b, HTTP_MULTIPART_BOUNDARY_MAX);
	if ((err = media_type_scan(ct, ct_len, &i, &type, &subtype)))
		goto out;
	if (!span_ieq(ct, type, "multipart") ||
	    !span_ieq(ct, subtype, "form-data")) {
		err = CONG_EINVAL;
		goto out;
	}
	err = http_content_type_param(ct, ct_len, "boundary", &b);
	if (err == CONG_ENOTFOUND || err == CONG_ETOOBIG)
		err = CONG_EPARSE;
	if (err)
		goto out;
	if (b.len == 0 || b.ptr[b.len - 1] == ' ') {
		err = CONG_EPARSE;
		goto out;
	}
	for (i = 0; i < b.len; i++) {
		if (!is_bchar((unsigned char)b.ptr[i])) {
			err = CONG_EPARSE;
			goto out;
		}
	}
	buf_adds(delim, "\r\n--");
	buf_add(delim, b.ptr, b.len);
out:
	buf_release(&b);
	return err;
}

/* ------------------------------------------------------------------ */
/* Part headers                                                        */
/* ------------------------------------------------------------------ */

/* Decodes an RFC 5987 ext-value, accepting only the UTF-8 charset. */
static enum cong_err
ext_value_decode(const char *v, size_t n, struct buf *out)
{
	const char *q1, *q2;
	size_t i, off;

	q1 = memchr(v, '\'', n);
	if (!q1 || q1 - v != 5 || strncasecmp(v, "utf-8", 5) != 0)
		return CONG_EPARSE;
	off = (size_t)(q1 - v) + 1;
	q2 = memchr(v + off, '\'', n - off);
	if (!q2)
		return CONG_EPARSE;
	off = (size_t)(q2 - v) + 1;
	/* attr-char or pct-encoded; the decoder checks the escapes */
	for (i = off; i < n; i++)
		if (v[i] != '%' && (!is_tchar((unsigned char)v[i]) ||
		    strchr("*'%", v[i])))
			return CONG_EPARSE;
	return http_url_decode(v + off, n - off, out, false);
}

/* Takes the value of p as a new owned string into *dst. */
static enum cong_err
param_take(const char *h, const struct hdr_param *p, char **dst)
{
	struct buf b;
	enum cong_err err;

	buf_init(&b, HTTP_MULTIPART_MAX_HEADERS);
	if ((err = param_value_add(h, p, &b)))
		goto out;
	*dst = buf_detach(&b, NULL);
out:
	buf_release(&b);
	return err;
}

static enum cong_err
disposition_filename(const char *v, const struct hdr_param *fn,
    const struct hdr_param *fn_star, struct http_part *part)
{
	struct buf b;
	enum cong_err err;

	if (!fn_star)
		return fn ? param_take(v, fn, &part->filename) : CONG_OK;
	if (fn_star->quoted)
		return CONG_EPARSE;
	buf_init(&b, HTTP_MULTIPART_MAX_HEADERS);
	if ((err = ext_value_decode(v + fn_star->value.off,
	    fn_star->value.len, &b)))
		goto out;
	part->filename = buf_detach(&b, NULL);
out:
	buf_release(&b);
	return err;
}

/* RFC 7578 §4.2: Content-Disposition: form-data; name="..." [filename]. */
static enum cong_err
disposition_parse(const char *v, size_t n, struct http_part *part)
{
	struct hdr_param p, fn, fn_star;
	bool have_fn = false, have_fn_star = false;
	size_t i = skip_ows(v, n, 0), e;
	enum cong_err err;

	e = skip_token(v, n, i);
	if (!span_ieq(v, (struct span){ i, e - i }, "form-data"))
		return CONG_EPARSE;
	i = e;
	while ((err = param_next(v, n, &i, &p)) == CONG_OK) {
		if (span_ieq(v, p.name, "name")) {
			if (part->name)
				return CONG_EPARSE;
			if ((err = param_take(v, &p, &part->name)))
				return err;
		} else if (span_ieq(v, p.name, "filename")) {
			if (have_fn)
				return CONG_EPARSE;
			fn = p;
			have_fn = true;
		} else if (span_ieq(v, p.name, "filename*")) {
			if (have_fn_star)
				return CONG_EPARSE;
			fn_star = p;
			have_fn_star = true;
		}
	}
	if (err != CONG_ENOTFOUND)
		return err;
	if (!part->name || !*part->name)
		return CONG_EPARSE;
	return disposition_filename(v, have_fn ? &fn : NULL,
	    have_fn_star ? &fn_star : NULL, part);
}

/* One header line l[0..n), without its CRLF. */
static enum cong_err
header_line(const char *l, size_t n, struct http_part *part, bool *seen_cd)
{
	const char *colon = memchr(l, ':', n);
	size_t vs, ve, i;
	struct span name;

	/* no colon, a folded line (leading space) or space before ':' */
	if (!colon || colon == l ||
	    skip_token(l, n, 0) != (size_t)(colon - l))
		return CONG_EPARSE;
	name = (struct span){ 0, (size_t)(colon - l) };
	vs = skip_ows(l, n, name.len + 1);
	ve = n;
	while (ve > vs && (l[ve - 1] == ' ' || l[ve - 1] == '\t'))
		ve--;
	for (i = vs; i < ve; i++)
		if (!is_qtext((unsigned char)l[i]))
			return CONG_EPARSE;
	if (span_ieq(l, name, "Content-Disposition")) {
		if (*seen_cd)
			return CONG_EPARSE;
		*seen_cd = true;
		return disposition_parse(l + vs, ve - vs, part);
	}
	if (span_ieq(l, name, "Content-Type")) {
		if (part->content_type || ve == vs)
			return CONG_EPARSE;
		part->content_type = xstrndup(l + vs, ve - vs);
	}
	return CONG_OK;
}

/*
 * Reads the header block at body[*pos], up to and including its empty
 * line, into part; *pos lands on the first byte of data.
 */
static enum cong_err
part_headers(const char *body, size_t n, size_t *pos, struct http_part *part)
{
	size_t i = *pos, avail = n - *pos, eol;
	const char *crlf;
	bool seen_cd = false;
	enum cong_err err;

	if (avail > HTTP_MULTIPART_MAX_HEADERS)
		avail = HTTP_MULTIPART_MAX_HEADERS;
	for (;;) {
		crlf = memmem(body + i, *pos + avail - i, "\r\n", 2);
		if (!crlf)
			return avail == HTTP_MULTIPART_MAX_HEADERS ?
			    CONG_ETOOBIG : CONG_EPARSE;
		eol = (size_t)(crlf - body);
		if (eol == i)
			break;
		if ((err = header_line(body + i, eol - i, part, &seen_cd)))
			return err;
		i = eol + 2;
	}
	if (!seen_cd)
		return CONG_EPARSE;
	*pos = i + 2;
	return CONG_OK;
}

/* ------------------------------------------------------------------ */
/* Body framing                                                        */
/* ------------------------------------------------------------------ */

/*
 * After "--boundary": either "--" (the close delimiter; the epilogue
 * that follows is ignored) or transport padding and CRLF before a part.
 */
static enum cong_err
after_delimiter(const char *body, size_t n, size_t *pos, bool *closed)
{
	size_t i = *pos;

	if (n - i >= 2 && body[i] == '-' && body[i + 1] == '-') {
		*closed = true;
		return CONG_OK;
	}
	i = skip_ows(body, n, i);
	if (n - i < 2 || body[i] != '\r' || body[i + 1] != '\n')
		return CONG_EPARSE;
	*closed = false;
	*pos = i + 2;
	return CONG_OK;
}

/* Finds the first "--boundary", at the start or after a CRLF. */
static enum cong_err
first_delimiter(const char *body, size_t n, const struct buf *delim,
    size_t *pos)
{
	const char *d;

	if (n >= delim->len - 2 &&
	    memcmp(body, delim->ptr + 2, delim->len - 2) == 0) {
		*pos = delim->len - 2;
		return CONG_OK;
	}
	d = memmem(body, n, delim->ptr, delim->len);
	if (!d)
		return CONG_EPARSE;
	*pos = (size_t)(d - body) + delim->len;
	return CONG_OK;
}

static struct http_part *
part_new(struct http_multipart *m)
{
	m->parts = xrealloc(m->parts, (m->n + 1) * sizeof(*m->parts));
	memset(&m->parts[m->n], 0, sizeof(*m->parts));
	return &m->parts[m->n++];
}

enum cong_err
http_multipart_parse(const char *content_type_header, size_t ct_len,
    const char *body, size_t n, struct http_multipart *out)
{
	struct buf delim;
	struct http_part *part;
	size_t pos;
	bool closed = false;
	const char *d;
	enum cong_err err;

	out->parts = NULL;
	out->n = 0;
	buf_init(&delim, HTTP_MULTIPART_BOUNDARY_MAX + 4);
	if (n > LIMIT_UPLOAD_BODY) {
		err = CONG_ETOOBIG;
		goto out;
	}
	if ((err = boundary_read(content_type_header, ct_len, &delim)))
		goto out;
	if ((err = first_delimiter(body, n, &delim, &pos)))
		goto out;
	for (;;) {
		if ((err = after_delimiter(body, n, &pos, &closed)))
			goto out;
		if (closed)
			break;
		if (out->n == HTTP_MULTIPART_MAX_PARTS) {
			err = CONG_ETOOBIG;
			goto out;
		}
		part = part_new(out);
		if ((err = part_headers(body, n, &pos, part)))
			goto out;
		/* the CRLF before "--" belongs to the delimiter, not the
		 * data (RFC 2046 §5.1.1) */
		d = memmem(body + pos, n - pos, delim.ptr, delim.len);
		if (!d) {
			err = CONG_EPARSE;
			goto out;
		}
		part->data = body + pos;
		part->len = (size_t)(d - body) - pos;
		pos = (size_t)(d - body) + delim.len;
	}
out:
	buf_release(&delim);
	if (err)
		http_multipart_release(out);
	return err;
}

void
http_multipart_release(struct http_multipart *m)
{
	size_t i;

	if (!m)
		return;
	for (i = 0; i < m->n; i++) {
		free(m->parts[i].name);
		free(m->parts[i].filename);
		free(m->parts[i].content_type);
	}
	free(m->parts);
	m->parts = NULL;
	m->n = 0;
}
