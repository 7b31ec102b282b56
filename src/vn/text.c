/* SPDX-License-Identifier: ISC */
/*
 * vn/text.c: strict UTF-8 (RFC 3629 section 4: no overlongs, no
 * surrogates, nothing past U+10FFFF), control-character refusal and NFC
 * through utf8proc. Text is walked once to check it; utf8proc then
 * composes it in one call.
 */
#include "base/common.h"

#include <utf8proc.h>

#include "vn/text.h"

size_t
vn_utf8_next(const char *p, size_t n, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)p;
	uint32_t c;
	size_t len, i;

	if (n == 0)
		return 0;
	c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c < 0xC2)		/* continuation byte, or overlong C0/C1 */
		return 0;
	if (c < 0xE0) {
		len = 2;
		c &= 0x1F;
	} else if (c < 0xF0) {
		len = 3;
		c &= 0x0F;
	} else if (c < 0xF5) {
		len = 4;
		c &= 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000))
		return 0;	/* overlong */
	if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

size_t
vn_utf8_put(uint32_t cp, char dst[4])
{
	unsigned char *d = (unsigned char *)dst;

	if (cp < 0x80) {
		d[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		d[0] = (unsigned char)(0xC0 | (cp >> 6));
		d[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp >= 0xD800 && cp <= 0xDFFF)
		return 0;
	if (cp < 0x10000) {
		d[0] = (unsigned char)(0xE0 | (cp >> 12));
		d[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		d[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	if (cp > 0x10FFFF)
		return 0;
	d[0] = (unsigned char)(0xF0 | (cp >> 18));
	d[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	d[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	d[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

bool
vn_utf8_valid(const char *p, size_t n)
{
	size_t i = 0, l;
	uint32_t cp;

	while (i < n) {
		if ((unsigned char)p[i] < 0x80) {
			i++;
			continue;
		}
		l = vn_utf8_next(p + i, n - i, &cp);
		if (l == 0)
			return false;
		i += l;
	}
	return true;
}

/* NFC of text already known to be valid UTF-8. */
static enum cong_err
nfc_valid(const char *p, size_t n, struct buf *out)
{
	utf8proc_uint8_t *dst = NULL;
	utf8proc_ssize_t r;
	enum cong_err err;
	size_t i;

	/* ASCII is its own NFC: skip utf8proc and its allocation. */
	for (i = 0; i < n && (unsigned char)p[i] < 0x80; i++)
		;
	if (i == n)
		return buf_add(out, p, n);
	r = utf8proc_map((const utf8proc_uint8_t *)p, (utf8proc_ssize_t)n,
	    &dst, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (r < 0) {
		err = r == UTF8PROC_ERROR_NOMEM ? CONG_ENOMEM : CONG_EINVAL;
		goto out;
	}
	err = buf_add(out, dst, (size_t)r);
out:
	free(dst);
	return err;
}

enum cong_err
vn_nfc(const char *p, size_t n, struct buf *out)
{
	if (!vn_utf8_valid(p, n))
		return CONG_EINVAL;
	return nfc_valid(p, n, out);
}

static bool
is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

/*
 * Checks p and reports whether it holds a \r that must be rewritten.
 * CONG_EINVAL for bad UTF-8 or a refused control.
 */
static enum cong_err
check_text(const char *p, size_t n, unsigned flags, bool *has_cr)
{
	bool multi = flags & VN_TEXT_MULTILINE;
	size_t i = 0, l;
	uint32_t cp;

	*has_cr = false;
	while (i < n) {
		l = vn_utf8_next(p + i, n - i, &cp);
		if (l == 0)
			return CONG_EINVAL;
		i += l;
		if (!is_control(cp))
			continue;
		if (multi && (cp == '\n' || cp == '\t'))
			continue;
		if (multi && cp == '\r') {
			*has_cr = true;
			continue;
		}
		return CONG_EINVAL;
	}
	return CONG_OK;
}

/* Copies p to tmp with \r\n and lone \r turned into \n. */
static enum cong_err
fold_cr(const char *p, size_t n, struct buf *tmp)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (p[i] != '\r') {
			buf_addc(tmp, p[i]);
			continue;
		}
		buf_addc(tmp, '\n');
		if (i + 1 < n && p[i + 1] == '\n')
			i++;
	}
	return buf_ok(tmp) ? CONG_OK : CONG_ETOOBIG;
}

enum cong_err
vn_text_clean(const char *p, size_t n, struct buf *out, unsigned flags)
{
	struct buf tmp = BUF_INIT;
	size_t start = out->len;
	enum cong_err err;
	bool has_cr;

	err = check_text(p, n, flags, &has_cr);
	if (err)
		goto out;
	if (!has_cr) {
		err = nfc_valid(p, n, out);
		goto out;
	}
	buf_init(&tmp, n);
	err = fold_cr(p, n, &tmp);
	if (err)
		goto out;
	err = nfc_valid(tmp.ptr, tmp.len, out);
out:
	if (err)
		buf_truncate(out, start);
	buf_release(&tmp);
	return err;
}

static bool
is_space(uint32_t cp)
{
	if (cp == ' ' || cp == '\t' || cp == '\n')
		return true;
	if (cp < 0x80)
		return false;
	return utf8proc_category((utf8proc_int32_t)cp) == UTF8PROC_CATEGORY_ZS;
}

enum cong_err
vn_text_line(const char *p, size_t n, struct buf *out)
{
	struct buf tmp = BUF_INIT;
	size_t start = out->len, i = 0, l;
	bool pending = false;
	enum cong_err err;
	uint32_t cp;

	buf_init(&tmp, out->cap);
	err = vn_text_clean(p, n, &tmp, VN_TEXT_MULTILINE);
	if (err)
		goto out;
	while (i < tmp.len) {
		l = vn_utf8_next(tmp.ptr + i, tmp.len - i, &cp);
		if (is_space(cp)) {
			pending = out->len > start;
		} else {
			if (pending)
				buf_addc(out, ' ');
			pending = false;
			buf_add(out, tmp.ptr + i, l);
		}
		i += l;
	}
	err = buf_ok(out) ? CONG_OK : CONG_ETOOBIG;
out:
	if (err)
		buf_truncate(out, start);
	buf_release(&tmp);
	return err;
}
