/* SPDX-License-Identifier: ISC */
/*
 * escape.c: escaping writers. Safe bytes are copied in runs, so a string
 * with nothing to escape costs one buf_add. The HTML set follows the
 * OWASP rule for text and quoted attributes; the XML character rule is
 * production [2] "Char" of XML 1.0 (Fifth Edition).
 */
#include "base/common.h"

#include "render/escape.h"

static const char hexdig[] = "0123456789ABCDEF";

/* Replacement for each byte of the HTML set; NULL means copy. */
static const char *const html_rep[256] = {
	['&'] = "&amp;",
	['<'] = "&lt;",
	['>'] = "&gt;",
	['"'] = "&quot;",
	['\''] = "&#39;",
};

static const char *const xml_rep[256] = {
	['&'] = "&amp;",
	['<'] = "&lt;",
	['>'] = "&gt;",
	['"'] = "&quot;",
	['\''] = "&apos;",
};

/* Copies s, replacing each byte that has an entry in rep. */
static enum cong_err
escape_table(struct buf *b, const char *const rep[256], const char *s,
    size_t n)
{
	enum cong_err err;
	size_t i, run = 0;
	const char *r;

	for (i = 0; i < n; i++) {
		r = rep[(unsigned char)s[i]];
		if (!r)
			continue;
		if (i > run && (err = buf_add(b, s + run, i - run)))
			return err;
		if ((err = buf_adds(b, r)))
			return err;
		run = i + 1;
	}
	if (n > run)
		return buf_add(b, s + run, n - run);
	return CONG_OK;
}

enum cong_err
escape_html(struct buf *b, const char *s, size_t n)
{
	return escape_table(b, html_rep, s, n);
}

enum cong_err
escape_attr(struct buf *b, const char *s, size_t n)
{
	return escape_table(b, html_rep, s, n);
}

static bool
url_unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
	    c == '~';
}

enum cong_err
escape_url_component(struct buf *b, const char *s, size_t n)
{
	enum cong_err err;
	size_t i, run = 0;
	unsigned char c;
	char pct[3];

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (url_unreserved(c))
			continue;
		if (i > run && (err = buf_add(b, s + run, i - run)))
			return err;
		pct[0] = '%';
		pct[1] = hexdig[c >> 4];
		pct[2] = hexdig[c & 15];
		if ((err = buf_add(b, pct, 3)))
			return err;
		run = i + 1;
	}
	if (n > run)
		return buf_add(b, s + run, n - run);
	return CONG_OK;
}

/*
 * Length of the well-formed UTF-8 sequence at s (at most n bytes) and its
 * code point in *cp, or 0 if the bytes there are not well-formed
 * (overlong forms, surrogates and values past U+10FFFF included).
 */
static size_t
utf8_seq(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t len, i;
	uint32_t c;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		c = s[0] & 0x07;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

/* XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | ... */
static bool
xml_char_ok(uint32_t c)
{
	if (c < 0x20)
		return c == 0x9 || c == 0xa || c == 0xd;
	return c != 0xfffe && c != 0xffff;
}

enum cong_err
escape_xml(struct buf *b, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	enum cong_err err;
	size_t i = 0, run = 0, len;
	uint32_t cp;
	const char *r;

	while (i < n) {
		len = utf8_seq(u + i, n - i, &cp);
		r = len == 1 ? xml_rep[u[i]] : NULL;
		if (len && !r && xml_char_ok(cp)) {
			i += len;
			continue;
		}
		if (i > run && (err = buf_add(b, s + run, i - run)))
			return err;
		if (r && (err = buf_adds(b, r)))
			return err;
		i += len ? len : 1;
		run = i;
	}
	if (n > run)
		return buf_add(b, s + run, n - run);
	return CONG_OK;
}

enum cong_err
escape_json_in_html(struct buf *b, const char *s, size_t n)
{
	enum cong_err err;
	size_t i, run = 0, skip;
	const char *r;
	unsigned char c;

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		skip = 1;
		switch (c) {
		case '<': r = "\\u003c"; break;
		case '>': r = "\\u003e"; break;
		case '&': r = "\\u0026"; break;
		case '/': r = "\\u002f"; break;
		case 0xe2:
			/* U+2028 and U+2029 are E2 80 A8 and E2 80 A9. */
			if (n - i >= 3 && (unsigned char)s[i + 1] == 0x80 &&
			    ((unsigned char)s[i + 2] == 0xa8 ||
			    (unsigned char)s[i + 2] == 0xa9)) {
				r = (unsigned char)s[i + 2] == 0xa8 ?
				    "\\u2028" : "\\u2029";
				skip = 3;
				break;
			}
			continue;
		default:
			continue;
		}
		if (i > run && (err = buf_add(b, s + run, i - run)))
			return err;
		if ((err = buf_adds(b, r)))
			return err;
		i += skip - 1;
		run = i + 1;
	}
	if (n > run)
		return buf_add(b, s + run, n - run);
	return CONG_OK;
}
