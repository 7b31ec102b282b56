/* SPDX-License-Identifier: ISC */
/*
 * vn/fold.c: the search-key fold. Every Vietnamese letter lives in
 * U+00C0..U+01B0 or U+1EA0..U+1EF9, so two small tables cover them; they
 * are filled once (pthread_once) from utf8proc's own case folding and
 * decomposition, with đ/Đ (and the look-alike eth Ð/ð) -> d added by
 * hand since Unicode does not decompose them. ASCII never reaches a table. Anything else takes
 * utf8proc_decompose_char() into a stack array: no allocation per
 * character, which matters because the indexer folds every article body.
 */
#include "base/common.h"

#include <pthread.h>
#include <utf8proc.h>

#include "vn/fold.h"
#include "vn/text.h"

#define LATIN_END	0x250		/* table 1: U+0080..U+024F */
#define VI_START	0x1E00		/* table 2: U+1E00..U+1EFF */
#define VI_END		0x1F00
#define SLOW		0xFFFF		/* table value: fold is not one code point */
#define HANGUL_FIRST	0xAC00
#define HANGUL_LAST	0xD7A3

static uint16_t fold_latin[LATIN_END];
static uint16_t fold_vi[VI_END - VI_START];
static bool marks_latin[LATIN_END];
static bool marks_vi[VI_END - VI_START];
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

static const utf8proc_option_t fold_opts = UTF8PROC_CASEFOLD |
    UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_IGNORE;

static bool
is_mark_cat(utf8proc_int32_t cp)
{
	utf8proc_category_t c = utf8proc_category(cp);

	return c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_MC ||
	    c == UTF8PROC_CATEGORY_ME;
}

static size_t
fold_slow(uint32_t cp, uint32_t out[VN_FOLD_CHAR_MAX])
{
	utf8proc_int32_t dst[VN_FOLD_CHAR_MAX];
	utf8proc_ssize_t r, i;
	int bc = 0;

	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) ||
	    (cp >= HANGUL_FIRST && cp <= HANGUL_LAST)) {
		out[0] = cp;
		return 1;
	}
	r = utf8proc_decompose_char((utf8proc_int32_t)cp, dst,
	    VN_FOLD_CHAR_MAX, fold_opts, &bc);
	if (r < 0 || r > VN_FOLD_CHAR_MAX) {
		out[0] = cp;
		return 1;
	}
	for (i = 0; i < r; i++)
		out[i] = (uint32_t)dst[i];
	return (size_t)r;
}

static bool
marks_slow(uint32_t cp)
{
	utf8proc_int32_t dst[VN_FOLD_CHAR_MAX];
	utf8proc_ssize_t r, i;
	int bc = 0;

	if (cp == 0x110 || cp == 0x111 || cp == 0xD0 || cp == 0xF0)
		return true;
	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return false;
	r = utf8proc_decompose_char((utf8proc_int32_t)cp, dst,
	    VN_FOLD_CHAR_MAX, UTF8PROC_DECOMPOSE, &bc);
	if (r < 0 || r > VN_FOLD_CHAR_MAX)
		return false;
	for (i = 0; i < r; i++)
		if (is_mark_cat(dst[i]))
			return true;
	return false;
}

static uint16_t
table_entry(uint32_t cp)
{
	uint32_t f[VN_FOLD_CHAR_MAX];

	/*
	 * Đ đ, and the look-alike Ð ð (eth), which legacy conversions and
	 * fonts often put in Vietnamese text in place of Đ.
	 */
	if (cp == 0x110 || cp == 0x111 || cp == 0xD0 || cp == 0xF0)
		return 'd';
	if (fold_slow(cp, f) != 1 || f[0] >= SLOW)
		return SLOW;
	return (uint16_t)f[0];
}

static void
tables_init(void)
{
	uint32_t cp;

	for (cp = 0x80; cp < LATIN_END; cp++) {
		fold_latin[cp] = table_entry(cp);
		marks_latin[cp] = marks_slow(cp);
	}
	for (cp = VI_START; cp < VI_END; cp++) {
		fold_vi[cp - VI_START] = table_entry(cp);
		marks_vi[cp - VI_START] = marks_slow(cp);
	}
}

/* The table value for cp, or SLOW when cp is outside the tables. */
static inline uint16_t
table_fold(uint32_t cp)
{
	if (cp < LATIN_END)
		return fold_latin[cp];
	if (cp >= VI_START && cp < VI_END)
		return fold_vi[cp - VI_START];
	return SLOW;
}

size_t
vn_fold_char(uint32_t cp, uint32_t out[VN_FOLD_CHAR_MAX])
{
	uint16_t t;

	if (cp < 0x80) {
		out[0] = cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
		return 1;
	}
	pthread_once(&tables_once, tables_init);
	t = table_fold(cp);
	if (t != SLOW) {
		out[0] = t;
		return 1;
	}
	return fold_slow(cp, out);
}

/* Bytes kept on the stack before they are flushed into the buf. */
#define CHUNK 512

enum cong_err
vn_fold(const char *p, size_t n, struct buf *out)
{
	char chunk[CHUNK + VN_FOLD_CHAR_MAX * 4];
	uint32_t f[VN_FOLD_CHAR_MAX], cp;
	size_t start = out->len, i = 0, k = 0, l, m, j;
	enum cong_err err = CONG_OK;
	unsigned char c;
	uint16_t t;

	pthread_once(&tables_once, tables_init);
	while (i < n) {
		c = (unsigned char)p[i];
		if (c < 0x80) {
			chunk[k++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
			i++;
		} else {
			l = vn_utf8_next(p + i, n - i, &cp);
			if (l == 0) {
				err = CONG_EINVAL;
				goto out;
			}
			i += l;
			t = table_fold(cp);
			if (t != SLOW) {
				k += vn_utf8_put(t, chunk + k);
			} else {
				m = fold_slow(cp, f);
				for (j = 0; j < m; j++)
					k += vn_utf8_put(f[j], chunk + k);
			}
		}
		if (k >= CHUNK) {
			err = buf_add(out, chunk, k);
			if (err)
				goto out;
			k = 0;
		}
	}
	err = buf_add(out, chunk, k);
out:
	if (err)
		buf_truncate(out, start);
	return err;
}

bool
vn_has_marks(const char *p, size_t n)
{
	size_t i = 0, l;
	uint32_t cp;

	pthread_once(&tables_once, tables_init);
	while (i < n) {
		if ((unsigned char)p[i] < 0x80) {
			i++;
			continue;
		}
		l = vn_utf8_next(p + i, n - i, &cp);
		if (l == 0) {
			i++;
			continue;
		}
		i += l;
		if (cp < LATIN_END) {
			if (marks_latin[cp])
				return true;
		} else if (cp >= VI_START && cp < VI_END) {
			if (marks_vi[cp - VI_START])
				return true;
		} else if (marks_slow(cp)) {
			return true;
		}
	}
	return false;
}
