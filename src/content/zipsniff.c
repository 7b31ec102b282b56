/* SPDX-License-Identifier: ISC */
/*
 * zipsniff.c: the ZIP central directory (APPNOTE.TXT 6.3) and the OLE2
 * compound file directory (MS-CFB), read just far enough to name an
 * office document. Every offset read from the file is checked against n
 * before it is used, in 64-bit arithmetic so no sum can wrap; every
 * loop is bounded by a count derived from n.
 */
#include "base/common.h"
#include "content/zipsniff.h"

#include <stdlib.h>

static uint32_t
le16(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

/* ------------------------------------------------------------------ */
/* ZIP                                                                 */

#define ZIP_LOCAL	30	/* fixed part of a local file header */
#define ZIP_CENTRAL	46	/* fixed part of a central directory record */
#define ZIP_EOCD	22	/* end of central directory, without comment */

static const char odt_mime[] = "application/vnd.oasis.opendocument.text";

struct zip_span {
	uint64_t start, end;	/* local header .. end of its data */
};

struct zip_names {
	bool content_types, word, xl, mimetype_first;
};

static int
span_cmp(const void *a, const void *b)
{
	const struct zip_span *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

static bool
name_is(const unsigned char *p, size_t n, const char *s)
{
	return n == strlen(s) && memcmp(p, s, n) == 0;
}

/* Finds the EOCD record that ends exactly at n (its comment included). */
static bool
zip_find_eocd(const unsigned char *p, size_t n, size_t *at)
{
	size_t i, lo;

	if (n < ZIP_EOCD)
		return false;
	lo = n - ZIP_EOCD > 65535 ? n - ZIP_EOCD - 65535 : 0;
	for (i = n - ZIP_EOCD + 1; i-- > lo;)
		if (memcmp(p + i, "PK\5\6", 4) == 0 &&
		    i + ZIP_EOCD + le16(p + i + 20) == n) {
			*at = i;
			return true;
		}
	return false;
}

/* The local header at off: its extent, and the ODT "mimetype" check. */
static enum cong_err
zip_local(const unsigned char *p, uint64_t data_end, uint64_t off,
    uint64_t csize, bool first, struct zip_span *sp, struct zip_names *nm)
{
	uint64_t nlen, xlen, body;

	if (off + ZIP_LOCAL > data_end || memcmp(p + off, "PK\3\4", 4) != 0)
		return CONG_EPARSE;
	nlen = le16(p + off + 26);
	xlen = le16(p + off + 28);
	body = off + ZIP_LOCAL + nlen + xlen;
	if (body + csize > data_end)
		return CONG_EPARSE;
	sp->start = off;
	sp->end = body + csize;
	if (first && le16(p + off + 8) == 0 &&
	    name_is(p + off + ZIP_LOCAL, nlen, "mimetype") &&
	    csize == sizeof(odt_mime) - 1 &&
	    memcmp(p + body, odt_mime, csize) == 0)
		nm->mimetype_first = true;
	return CONG_OK;
}

static enum cong_err
zip_walk(const unsigned char *p, uint64_t cd, uint64_t cd_end,
    size_t count, struct zip_span *spans, struct zip_names *nm)
{
	uint64_t unpacked = 0, pos = cd;
	enum cong_err err;
	size_t i;

	for (i = 0; i < count; i++) {
		const unsigned char *r = p + pos;
		uint64_t nlen, csize, usize, off;

		if (pos + ZIP_CENTRAL > cd_end || memcmp(r, "PK\1\2", 4) != 0)
			return CONG_EPARSE;
		nlen = le16(r + 28);
		csize = le32(r + 20);
		usize = le32(r + 24);
		off = le32(r + 42);
		if (pos + ZIP_CENTRAL + nlen + le16(r + 30) + le16(r + 32) >
		    cd_end)
			return CONG_EPARSE;
		/* encrypted, or ZIP64 sizes we do not read */
		if ((le16(r + 8) & 1) || csize == 0xffffffffu ||
		    usize == 0xffffffffu || off == 0xffffffffu)
			return CONG_EINVAL;
		if ((unpacked += usize) > LIMIT_ZIP_UNPACKED)
			return CONG_ETOOBIG;
		if ((err = zip_local(p, cd, off, csize, off == 0, &spans[i],
		    nm)))
			return err;
		if (name_is(r + ZIP_CENTRAL, nlen, "[Content_Types].xml"))
			nm->content_types = true;
		else if (name_is(r + ZIP_CENTRAL, nlen, "word/document.xml"))
			nm->word = true;
		else if (name_is(r + ZIP_CENTRAL, nlen, "xl/workbook.xml"))
			nm->xl = true;
		pos += ZIP_CENTRAL + nlen + le16(r + 30) + le16(r + 32);
	}
	return pos == cd_end ? CONG_OK : CONG_EPARSE;
}

enum cong_err
zipsniff_zip(const unsigned char *p, size_t n, enum office_kind *kind)
{
	struct zip_span *spans = NULL;
	struct zip_names nm = { false, false, false, false };
	enum cong_err err = CONG_EPARSE;
	uint64_t cd, cd_size;
	size_t eocd, count, i;

	*kind = OFFICE_NONE;
	if (n < ZIP_LOCAL + ZIP_EOCD || memcmp(p, "PK\3\4", 4) != 0 ||
	    !zip_find_eocd(p, n, &eocd))
		return CONG_EPARSE;
	count = le16(p + eocd + 10);
	cd_size = le32(p + eocd + 12);
	cd = le32(p + eocd + 16);
	/* one disk only; 0xffff/0xffffffff announce ZIP64 */
	if (le16(p + eocd + 4) != 0 || le16(p + eocd + 6) != 0 ||
	    le16(p + eocd + 8) != count || count == 0xffff ||
	    cd == 0xffffffffu || cd_size == 0xffffffffu)
		return CONG_EINVAL;
	if (count == 0 || cd + cd_size != eocd)
		return CONG_EPARSE;
	if (count > LIMIT_ZIP_ENTRIES)
		return CONG_ETOOBIG;
	spans = xcalloc(count, sizeof(*spans));
	if ((err = zip_walk(p, cd, eocd, count, spans, &nm)))
		goto out;
	qsort(spans, count, sizeof(*spans), span_cmp);
	err = spans[0].start == 0 ? CONG_OK : CONG_EPARSE;
	for (i = 1; !err && i < count; i++)
		if (spans[i].start < spans[i - 1].end)
			err = CONG_EPARSE;
	if (err)
		goto out;
	if (nm.mimetype_first)
		*kind = OFFICE_ODT;
	else if (nm.content_types && nm.word && !nm.xl)
		*kind = OFFICE_DOCX;
	else if (nm.content_types && nm.xl && !nm.word)
		*kind = OFFICE_XLSX;
	else
		err = CONG_EINVAL;
out:
	free(spans);
	return err;
}

/* ------------------------------------------------------------------ */
/* OLE2                                                                */

#define CFB_HEADER	512
#define CFB_DIFAT_HDR	109	/* FAT sector numbers held in the header */
#define CFB_MAXREG	0xfffffffau	/* above this: special values */
#define CFB_DIRENT	128

static const unsigned char cfb_sig[8] = {
	0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1
};

struct cfb {
	const unsigned char *p;
	size_t n;
	unsigned shift;		/* 9 or 12 */
	uint64_t nsect;		/* whole sectors after the header */
};

/* The bytes of sector s, or NULL if it is not inside the file. */
static const unsigned char *
cfb_sector(const struct cfb *c, uint32_t s)
{
	if (s > CFB_MAXREG || (uint64_t)s >= c->nsect)
		return NULL;
	return c->p + (((uint64_t)s + 1) << c->shift);
}

/* The sector number of the idx-th FAT sector, through the DIFAT. */
static bool
cfb_fat_sector(const struct cfb *c, uint64_t idx, uint32_t *out)
{
	uint64_t per = ((uint64_t)1 << c->shift) / 4 - 1, steps;
	uint32_t s = le32(c->p + 0x44);
	const unsigned char *d;

	if (idx < CFB_DIFAT_HDR) {
		*out = le32(c->p + 0x4c + idx * 4);
		return true;
	}
	idx -= CFB_DIFAT_HDR;
	for (steps = 0; idx >= per; steps++) {
		if (steps > c->nsect || !(d = cfb_sector(c, s)))
			return false;
		s = le32(d + per * 4);
		idx -= per;
	}
	if (!(d = cfb_sector(c, s)))
		return false;
	*out = le32(d + idx * 4);
	return true;
}

/* The FAT entry of sector s: the next sector in its chain. */
static bool
cfb_next(const struct cfb *c, uint32_t s, uint32_t *next)
{
	uint64_t per = ((uint64_t)1 << c->shift) / 4;
	const unsigned char *f;
	uint32_t fs;

	if (!cfb_fat_sector(c, s / per, &fs) || !(f = cfb_sector(c, fs)))
		return false;
	*next = le32(f + (s % per) * 4);
	return true;
}

static bool
utf16_name_is(const unsigned char *e, const char *s)
{
	size_t i, n = strlen(s), len = le16(e + 0x40);

	if (len != (n + 1) * 2)
		return false;
	for (i = 0; i < n; i++)
		if (e[2 * i] != (unsigned char)s[i] || e[2 * i + 1] != 0)
			return false;
	return true;
}

struct cfb_found {
	bool word, excel, other;
};

static enum cong_err
cfb_dirents(const unsigned char *sec, size_t per, bool first,
    struct cfb_found *f)
{
	size_t i;

	for (i = 0; i < per; i++) {
		const unsigned char *e = sec + i * CFB_DIRENT;

		if (first && i == 0 && e[0x42] != 5)
			return CONG_EPARSE;	/* the root entry comes first */
		if (e[0x42] != 2)
			continue;
		if (utf16_name_is(e, "WordDocument"))
			f->word = true;
		else if (utf16_name_is(e, "Workbook") ||
		    utf16_name_is(e, "Book"))
			f->excel = true;
		else if (utf16_name_is(e, "EncryptedPackage"))
			f->other = true;
	}
	return CONG_OK;
}

enum cong_err
zipsniff_ole2(const unsigned char *p, size_t n, enum office_kind *kind)
{
	struct cfb c = { p, n, 0, 0 };
	struct cfb_found f = { false, false, false };
	const unsigned char *sec;
	uint64_t steps;
	uint32_t s, major;
	enum cong_err err;

	*kind = OFFICE_NONE;
	if (n < CFB_HEADER || memcmp(p, cfb_sig, 8) != 0 ||
	    le16(p + 0x1c) != 0xfffe)
		return CONG_EPARSE;
	major = le16(p + 0x1a);
	c.shift = le16(p + 0x1e);
	if (!((major == 3 && c.shift == 9) || (major == 4 && c.shift == 12)))
		return CONG_EPARSE;
	c.nsect = (n >> c.shift) - 1;
	if (n >> c.shift == 0)
		return CONG_EPARSE;
	s = le32(p + 0x30);
	for (steps = 0; s != 0xfffffffeu; steps++) {
		if (steps > c.nsect || !(sec = cfb_sector(&c, s)))
			return CONG_EPARSE;
		if ((err = cfb_dirents(sec, ((size_t)1 << c.shift) /
		    CFB_DIRENT, steps == 0, &f)))
			return err;
		if (!cfb_next(&c, s, &s))
			return CONG_EPARSE;
	}
	if (steps == 0)
		return CONG_EPARSE;
	if (f.other || f.word == f.excel)
		return CONG_EINVAL;
	*kind = f.word ? OFFICE_DOC : OFFICE_XLS;
	return CONG_OK;
}
