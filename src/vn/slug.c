/* SPDX-License-Identifier: ISC */
/*
 * vn/slug.c: folds code point by code point (vn_fold_char) straight into
 * the slug, so a long body never needs a folded copy, and stops as soon as
 * the slug is one byte past maxlen: that byte tells whether the cut falls
 * on a word boundary.
 */
#include "base/common.h"

#include "vn/fold.h"
#include "vn/slug.h"
#include "vn/text.h"

static bool
slug_char(uint32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/*
 * Builds at most max + 1 bytes of slug into s (which holds max + 2).
 * Returns the length, or (size_t)-1 for malformed UTF-8.
 */
static size_t
slug_build(const char *p, size_t n, char *s, size_t max)
{
	uint32_t f[VN_FOLD_CHAR_MAX], cp;
	size_t i = 0, k = 0, l, m, j;
	bool sep = false;

	while (i < n && k <= max) {
		l = vn_utf8_next(p + i, n - i, &cp);
		if (l == 0)
			return (size_t)-1;
		i += l;
		m = vn_fold_char(cp, f);
		for (j = 0; j < m && k <= max; j++) {
			if (!slug_char(f[j])) {
				sep = k > 0;
				continue;
			}
			if (sep) {
				s[k++] = '-';
				sep = false;
				if (k > max)
					break;
			}
			s[k++] = (char)f[j];
		}
	}
	return k;
}

enum cong_err
vn_slug(const char *p, size_t n, struct buf *out, size_t maxlen)
{
	char s[LIMIT_SLUG + 2];
	size_t k, cut;

	if (maxlen == 0 || maxlen > LIMIT_SLUG)
		maxlen = LIMIT_SLUG;
	k = slug_build(p, n, s, maxlen);
	if (k == (size_t)-1 || k == 0)
		return CONG_EINVAL;
	if (k > maxlen) {
		/* s[maxlen] == '-' means the cut falls between words. */
		cut = maxlen;
		if (s[maxlen] != '-') {
			while (cut > 0 && s[cut - 1] != '-')
				cut--;
			cut = cut > 0 ? cut - 1 : maxlen;
		}
		k = cut;
		while (k > 0 && s[k - 1] == '-')
			k--;
	}
	return buf_add(out, s, k);
}

bool
vn_slug_valid(const char *p, size_t n)
{
	size_t i;

	if (n == 0 || n > LIMIT_SLUG || p[0] == '-' || p[n - 1] == '-')
		return false;
	for (i = 0; i < n; i++) {
		if (p[i] == '-') {
			if (p[i - 1] == '-')
				return false;
		} else if (!slug_char((unsigned char)p[i])) {
			return false;
		}
	}
	return true;
}
