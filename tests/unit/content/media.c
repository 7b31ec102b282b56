/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for content/media.c and content/zipsniff.c: sniffing by
 * content (hostile inputs included), display names, variant widths and
 * srcsets, and the whole pipeline on a real store and media folder:
 * EXIF/GPS stripped, decompression bombs refused from the header,
 * variants never upscaled, duplicates stored once, the library listing.
 * Every input is made here: images with libvips, PNGs and archives byte
 * by byte.
 */
#include "base/common.h"
#include "base/buf.h"
#include "base/log.h"
#include "content/article.h"
#include "content/media.h"
#include "content/site.h"
#include "content/zipsniff.h"
#include "store/store.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vips/vips.h>
#include <zlib.h>
#include <cmocka.h>

/* ------------------------------------------------------------------ */
/* Byte builders                                                       */

static void
put16(struct buf *b, unsigned v)
{
	buf_addc(b, (char)(v & 0xff));
	buf_addc(b, (char)(v >> 8 & 0xff));
}

static void
put32(struct buf *b, uint32_t v)
{
	put16(b, v & 0xffff);
	put16(b, v >> 16);
}

static void
put32be(struct buf *b, uint32_t v)
{
	buf_addc(b, (char)(v >> 24));
	buf_addc(b, (char)(v >> 16 & 0xff));
	buf_addc(b, (char)(v >> 8 & 0xff));
	buf_addc(b, (char)(v & 0xff));
}

struct zent {
	const char *name;
	const char *data;
	uint32_t usize;		/* 0: strlen(data) */
};

/* A stored (uncompressed) ZIP; off_skew shifts every local offset. */
static void
make_zip(struct buf *b, const struct zent *e, size_t n, uint32_t off_skew,
    const char *trailer)
{
	uint32_t offs[8], cd;
	size_t i;

	for (i = 0; i < n; i++) {
		size_t dl = strlen(e[i].data);

		offs[i] = (uint32_t)b->len;
		buf_add(b, "PK\3\4", 4);
		put16(b, 20); put16(b, 0); put16(b, 0);
		put16(b, 0); put16(b, 0);
		put32(b, (uint32_t)crc32(0, (const Bytef *)e[i].data,
		    (uInt)dl));
		put32(b, (uint32_t)dl);
		put32(b, e[i].usize ? e[i].usize : (uint32_t)dl);
		put16(b, (unsigned)strlen(e[i].name)); put16(b, 0);
		buf_adds(b, e[i].name);
		buf_adds(b, e[i].data);
	}
	cd = (uint32_t)b->len;
	for (i = 0; i < n; i++) {
		size_t dl = strlen(e[i].data);

		buf_add(b, "PK\1\2", 4);
		put16(b, 20); put16(b, 20); put16(b, 0); put16(b, 0);
		put16(b, 0); put16(b, 0);
		put32(b, (uint32_t)crc32(0, (const Bytef *)e[i].data,
		    (uInt)dl));
		put32(b, (uint32_t)dl);
		put32(b, e[i].usize ? e[i].usize : (uint32_t)dl);
		put16(b, (unsigned)strlen(e[i].name));
		put16(b, 0); put16(b, 0); put16(b, 0); put16(b, 0);
		put32(b, 0);
		put32(b, offs[i] + off_skew);
		buf_adds(b, e[i].name);
	}
	buf_add(b, "PK\5\6", 4);
	put16(b, 0); put16(b, 0);
	put16(b, (unsigned)n); put16(b, (unsigned)n);
	put32(b, 0);	/* fix_cd_size() */
	put32(b, cd);
	put16(b, 0);
	if (trailer)
		buf_adds(b, trailer);
}

/* make_zip's cd size field is written after 12 bytes of the EOCD. */
static void
fix_cd_size(struct buf *b, size_t eocd_from_end)
{
	size_t eocd = b->len - eocd_from_end;
	uint32_t cd = (uint32_t)(unsigned char)b->ptr[eocd + 16] |
	    (uint32_t)(unsigned char)b->ptr[eocd + 17] << 8 |
	    (uint32_t)(unsigned char)b->ptr[eocd + 18] << 16 |
	    (uint32_t)(unsigned char)b->ptr[eocd + 19] << 24;
	uint32_t sz = (uint32_t)eocd - cd;

	b->ptr[eocd + 12] = (char)(sz & 0xff);
	b->ptr[eocd + 13] = (char)(sz >> 8 & 0xff);
	b->ptr[eocd + 14] = (char)(sz >> 16 & 0xff);
	b->ptr[eocd + 15] = (char)(sz >> 24 & 0xff);
}

static void
zip_of(struct buf *b, const struct zent *e, size_t n)
{
	make_zip(b, e, n, 0, NULL);
	fix_cd_size(b, 22);
}

static const struct zent docx[] = {
	{ "[Content_Types].xml", "<Types/>", 0 },
	{ "_rels/.rels", "<Relationships/>", 0 },
	{ "word/document.xml", "<w:document/>", 0 },
};
static const struct zent xlsx[] = {
	{ "[Content_Types].xml", "<Types/>", 0 },
	{ "xl/workbook.xml", "<workbook/>", 0 },
};
static const struct zent odt[] = {
	{ "mimetype", "application/vnd.oasis.opendocument.text", 0 },
	{ "content.xml", "<office:document-content/>", 0 },
};
static const struct zent odp[] = {
	{ "mimetype", "application/vnd.oasis.opendocument.presentation", 0 },
	{ "content.xml", "<office:document-content/>", 0 },
};
static const struct zent plainzip[] = {
	{ "a.txt", "hello", 0 },
};
/* declared sizes adding up past LIMIT_ZIP_UNPACKED: a bomb's header */
static const struct zent bomb[] = {
	{ "[Content_Types].xml", "<Types/>", 0xf0000000u },
	{ "word/document.xml", "<w:document/>", 0xf0000000u },
};

/* An OLE2 file: header, FAT in sector 0, directory in sector 1. */
static void
make_cfb(struct buf *b, const char *stream, const char *stream2,
    bool cycle)
{
	const char *names[3] = { "Root Entry", stream, stream2 };
	unsigned char hdr[512];
	size_t i, j;

	memset(hdr, 0, sizeof(hdr));
	memcpy(hdr, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8);
	hdr[0x18] = 0x3e; hdr[0x1a] = 3; hdr[0x1c] = 0xfe; hdr[0x1d] = 0xff;
	hdr[0x1e] = 9; hdr[0x20] = 6;
	hdr[0x2c] = 1;			/* one FAT sector */
	hdr[0x30] = 1;			/* directory at sector 1 */
	hdr[0x39] = 0x10;		/* mini cutoff 4096 */
	memset(hdr + 0x3c, 0xff, 4); hdr[0x3c] = 0xfe;
	memset(hdr + 0x44, 0xff, 4); hdr[0x44] = 0xfe;
	memset(hdr + 0x4c, 0xff, 109 * 4);
	memset(hdr + 0x4c, 0, 4);	/* FAT sector 0 */
	buf_add(b, hdr, sizeof(hdr));
	/* FAT: sector 0 is FAT, sector 1 ends its chain (or loops) */
	put32(b, 0xfffffffdu);
	put32(b, cycle ? 1 : 0xfffffffeu);
	for (i = 2; i < 128; i++)
		put32(b, 0xffffffffu);
	for (i = 0; i < 4; i++) {
		unsigned char e[128];
		const char *nm = i < 3 ? names[i] : NULL;

		memset(e, 0, sizeof(e));
		if (nm) {
			for (j = 0; nm[j]; j++)
				e[2 * j] = (unsigned char)nm[j];
			e[0x40] = (unsigned char)((j + 1) * 2);
			e[0x42] = i == 0 ? 5 : 2;
		}
		buf_add(b, e, sizeof(e));
	}
}

/* A grey PNG of w x h, 1 bit deep, all zero: tiny on disk, huge decoded. */
static void
make_png(struct buf *b, uint32_t w, uint32_t h)
{
	struct buf idat;
	unsigned char row[8192];
	size_t rowlen = 1 + (w + 7) / 8;
	z_stream z;
	uint32_t y, crc;
	unsigned char ihdr[13];

	assert_true(rowlen <= sizeof(row));
	memset(row, 0, sizeof(row));
	buf_init(&idat, 16u << 20);
	memset(&z, 0, sizeof(z));
	assert_int_equal(deflateInit(&z, 9), Z_OK);
	for (y = 0; y <= h; y++) {
		unsigned char out[65536];

		z.next_in = row;
		z.avail_in = y < h ? (uInt)rowlen : 0;
		do {
			z.next_out = out;
			z.avail_out = sizeof(out);
			deflate(&z, y < h ? Z_NO_FLUSH : Z_FINISH);
			buf_add(&idat, out, sizeof(out) - z.avail_out);
		} while (z.avail_out == 0);
	}
	deflateEnd(&z);
	buf_add(b, "\x89PNG\r\n\x1a\n", 8);
	memset(ihdr, 0, sizeof(ihdr));
	ihdr[0] = (unsigned char)(w >> 24); ihdr[1] = (unsigned char)(w >> 16);
	ihdr[2] = (unsigned char)(w >> 8); ihdr[3] = (unsigned char)w;
	ihdr[4] = (unsigned char)(h >> 24); ihdr[5] = (unsigned char)(h >> 16);
	ihdr[6] = (unsigned char)(h >> 8); ihdr[7] = (unsigned char)h;
	ihdr[8] = 1;	/* bit depth */
	put32be(b, 13);
	buf_add(b, "IHDR", 4);
	buf_add(b, ihdr, 13);
	crc = (uint32_t)crc32(crc32(0, (const Bytef *)"IHDR", 4), ihdr, 13);
	put32be(b, crc);
	put32be(b, (uint32_t)idat.len);
	buf_add(b, "IDAT", 4);
	buf_add(b, idat.ptr, idat.len);
	crc = (uint32_t)crc32(crc32(0, (const Bytef *)"IDAT", 4),
	    (const Bytef *)idat.ptr, (uInt)idat.len);
	put32be(b, crc);
	put32be(b, 0);
	buf_add(b, "IEND", 4);
	put32be(b, (uint32_t)crc32(0, (const Bytef *)"IEND", 4));
	buf_release(&idat);
	assert_true(buf_ok(b));
}

/* An image of w x h with some texture, saved by libvips. */
static void
make_image(struct buf *b, int w, int h, const char *suffix)
{
	VipsImage *img = NULL;
	void *data = NULL;
	size_t len = 0;

	assert_int_equal(vips_gaussnoise(&img, w, h, "mean", 128.0,
	    "sigma", 30.0, NULL), 0);
	assert_int_equal(vips_image_write_to_buffer(img, suffix, &data, &len,
	    NULL), 0);
	buf_add(b, data, len);
	g_free(data);
	g_object_unref(img);
}

/*
 * A smooth grey ramp as JPEG: it compresses to a few kilobytes, so the
 * odds that "GPS" turns up by chance in its coded data are negligible
 * (noise would make them a few percent per megabyte).
 */
static void
make_ramp_jpeg(struct buf *b, int w, int h)
{
	VipsImage *xy = NULL, *x = NULL, *lin = NULL, *u = NULL;
	void *data = NULL;
	size_t len = 0;

	assert_int_equal(vips_xyz(&xy, w, h, NULL), 0);
	assert_int_equal(vips_extract_band(xy, &x, 0, NULL), 0);
	assert_int_equal(vips_linear1(x, &lin, 255.0 / w, 0.0, NULL), 0);
	assert_int_equal(vips_cast_uchar(lin, &u, NULL), 0);
	assert_int_equal(vips_jpegsave_buffer(u, &data, &len, NULL), 0);
	buf_add(b, data, len);
	g_free(data);
	g_object_unref(u);
	g_object_unref(lin);
	g_object_unref(x);
	g_object_unref(xy);
}

/*
 * EXIF with a GPS IFD (latitude N 10° 30', map datum "WGS-84"), as an
 * APP1 segment put after the JPEG's SOI and APP0.
 */
static void
add_gps_exif(struct buf *jpeg)
{
	struct buf t = BUF_INIT, out = BUF_INIT;
	size_t at = 2;
	const unsigned char *p = (const unsigned char *)jpeg->ptr;

	buf_add(&t, "Exif\0\0II*\0", 10);
	put32(&t, 8);
	put16(&t, 1);				/* IFD0 */
	put16(&t, 0x8825); put16(&t, 4); put32(&t, 1); put32(&t, 26);
	put32(&t, 0);
	put16(&t, 3);				/* GPS IFD at 26 */
	put16(&t, 1); put16(&t, 2); put32(&t, 2); buf_add(&t, "N\0\0\0", 4);
	put16(&t, 2); put16(&t, 5); put32(&t, 3); put32(&t, 68);
	put16(&t, 0x12); put16(&t, 2); put32(&t, 7); put32(&t, 92);
	put32(&t, 0);
	put32(&t, 10); put32(&t, 1); put32(&t, 30); put32(&t, 1);
	put32(&t, 0); put32(&t, 1);
	buf_add(&t, "WGS-84\0", 7);
	assert_int_equal(t.len, 6 + 99);
	if (p[2] == 0xff && p[3] == 0xe0)
		at = 4 + ((size_t)p[4] << 8 | p[5]);
	buf_add(&out, jpeg->ptr, at);
	buf_add(&out, "\xff\xe1", 2);
	buf_addc(&out, (char)((t.len + 2) >> 8));
	buf_addc(&out, (char)((t.len + 2) & 0xff));
	buf_add(&out, t.ptr, t.len);
	buf_add(&out, jpeg->ptr + at, jpeg->len - at);
	buf_reset(jpeg);
	buf_add(jpeg, out.ptr, out.len);
	buf_release(&t);
	buf_release(&out);
}

/* ------------------------------------------------------------------ */
/* Sniffing                                                            */

static void
media_sniff_table(void **state)
{
	static const struct {
		const char *name;
		const char *bytes;
		size_t len;
		enum cong_err err;
		enum media_kind kind;
	} cases[] = {
		{ "jpeg", "\xff\xd8\xff\xe0", 4, CONG_OK, MEDIA_JPEG },
		{ "png", "\x89PNG\r\n\x1a\n", 8, CONG_OK, MEDIA_PNG },
		{ "gif87", "GIF87a", 6, CONG_OK, MEDIA_GIF },
		{ "gif89", "GIF89a<script>", 14, CONG_OK, MEDIA_GIF },
		{ "webp", "RIFF\0\0\0\0WEBPVP8 ", 16, CONG_OK, MEDIA_WEBP },
		{ "pdf", "%PDF-1.7\n", 9, CONG_OK, MEDIA_PDF },
		{ "sniff_empty", "", 0, CONG_EINVAL, MEDIA__MAX },
		{ "sniff_short_jpeg", "\xff\xd8", 2, CONG_EINVAL, MEDIA__MAX },
		{ "sniff_short_png", "\x89PNG\r\n", 6, CONG_EINVAL,
		    MEDIA__MAX },
		{ "sniff_gif8", "GIF8", 4, CONG_EINVAL, MEDIA__MAX },
		{ "sniff_riff_wave", "RIFF\0\0\0\0WAVEfmt ", 16, CONG_EINVAL,
		    MEDIA__MAX },
		{ "sniff_html", "<html><script>", 14, CONG_EINVAL,
		    MEDIA__MAX },
		{ "sniff_svg", "<svg onload=x>", 14, CONG_EINVAL, MEDIA__MAX },
		{ "sniff_exe", "MZ\x90\0", 4, CONG_EINVAL, MEDIA__MAX },
		{ "sniff_pdf_late", " %PDF-1.4", 9, CONG_EINVAL, MEDIA__MAX },
		{ "sniff_zip_header_only", "PK\3\4", 4, CONG_EINVAL,
		    MEDIA__MAX },
		{ "sniff_ole2_header_only", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
		    8, CONG_EINVAL, MEDIA__MAX },
	};
	size_t i;

	UNUSED(state);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		enum media_kind k = MEDIA__MAX;
		enum cong_err err = media_sniff(
		    (const unsigned char *)cases[i].bytes, cases[i].len, &k);

		if (err != cases[i].err || k != cases[i].kind)
			fail_msg("%s: got %d/%d", cases[i].name, err, k);
	}
}

enum zip_trick { Z_PLAIN, Z_TRAILER, Z_PREFIX, Z_SKEW, Z_ZIP64,
	Z_TRUNC, Z_OVERLAP };

static void
media_sniff_zip_table(void **state)
{
	static const struct {
		const char *name;
		const struct zent *e;
		size_t n;
		enum zip_trick trick;
		enum cong_err err;
		enum media_kind kind;
	} cases[] = {
		{ "docx", docx, 3, Z_PLAIN, CONG_OK, MEDIA_DOCX },
		{ "xlsx", xlsx, 2, Z_PLAIN, CONG_OK, MEDIA_XLSX },
		{ "odt", odt, 2, Z_PLAIN, CONG_OK, MEDIA_ODT },
		{ "zip_odp_not_ours", odp, 2, Z_PLAIN, CONG_EINVAL,
		    MEDIA__MAX },
		{ "zip_plain_not_ours", plainzip, 1, Z_PLAIN, CONG_EINVAL,
		    MEDIA__MAX },
		{ "zip_docx_only_types", docx, 1, Z_PLAIN, CONG_EINVAL,
		    MEDIA__MAX },
		{ "zip_bomb_declared_sizes", bomb, 2, Z_PLAIN, CONG_ETOOBIG,
		    MEDIA__MAX },
		{ "zip_trailing_bytes", docx, 3, Z_TRAILER, CONG_EINVAL,
		    MEDIA__MAX },
		{ "zip_prefixed_polyglot", docx, 3, Z_PREFIX, CONG_EINVAL,
		    MEDIA__MAX },
		{ "zip_bad_local_offset", docx, 3, Z_SKEW, CONG_EINVAL,
		    MEDIA__MAX },
		{ "zip_zip64_marker", docx, 3, Z_ZIP64, CONG_EINVAL,
		    MEDIA__MAX },
		{ "zip_truncated", docx, 3, Z_TRUNC, CONG_EINVAL, MEDIA__MAX },
		{ "zip_overlapping_entries", docx, 3, Z_OVERLAP, CONG_EINVAL,
		    MEDIA__MAX },
	};
	size_t i;

	UNUSED(state);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct buf b = BUF_INIT;
		enum media_kind k = MEDIA__MAX;
		enum cong_err err;

		switch (cases[i].trick) {
		case Z_PREFIX:
			buf_adds(&b, "GIF89a");
			make_zip(&b, cases[i].e, cases[i].n, 0, NULL);
			fix_cd_size(&b, 22);
			memcpy(b.ptr, "PK\3\4\0\0", 6);
			break;
		case Z_TRAILER:
			zip_of(&b, cases[i].e, cases[i].n);
			buf_adds(&b, "<script>alert(1)</script>");
			break;
		case Z_SKEW:
			make_zip(&b, cases[i].e, cases[i].n, 3, NULL);
			fix_cd_size(&b, 22);
			break;
		case Z_OVERLAP:
			/* the second entry's local offset: the first's */
			zip_of(&b, cases[i].e, cases[i].n);
			{
				const char *cd1 = memmem(b.ptr, b.len,
				    "PK\1\2", 4) + 4;
				const char *cd2 = memmem(cd1, b.len -
				    (size_t)(cd1 - b.ptr), "PK\1\2", 4);
				size_t at = (size_t)(cd2 - b.ptr) + 42;

				memset(b.ptr + at, 0, 4);
			}
			break;
		default:
			zip_of(&b, cases[i].e, cases[i].n);
			break;
		}
		if (cases[i].trick == Z_ZIP64)
			memset(b.ptr + b.len - 22 + 16, 0xff, 4);
		if (cases[i].trick == Z_TRUNC)
			b.len -= 30;
		err = media_sniff((const unsigned char *)b.ptr, b.len, &k);
		if (err != cases[i].err || k != cases[i].kind)
			fail_msg("%s: got %d/%d", cases[i].name, err, k);
		buf_release(&b);
	}
}

static void
media_sniff_ole2_table(void **state)
{
	static const struct {
		const char *name;
		const char *s1, *s2;
		bool cycle;
		size_t cut;
		enum cong_err err;
		enum media_kind kind;
	} cases[] = {
		{ "doc", "WordDocument", NULL, false, 0, CONG_OK, MEDIA_DOC },
		{ "xls", "Workbook", NULL, false, 0, CONG_OK, MEDIA_XLS },
		{ "xls_biff5", "Book", NULL, false, 0, CONG_OK, MEDIA_XLS },
		{ "ole2_ppt_not_ours", "PowerPoint Document", NULL, false, 0,
		    CONG_EINVAL, MEDIA__MAX },
		{ "ole2_word_and_excel", "WordDocument", "Workbook", false, 0,
		    CONG_EINVAL, MEDIA__MAX },
		{ "ole2_encrypted", "EncryptedPackage", "WordDocument", false,
		    0, CONG_EINVAL, MEDIA__MAX },
		{ "ole2_directory_cycle", "Book", NULL, true, 0, CONG_EINVAL,
		    MEDIA__MAX },
		{ "ole2_truncated", "WordDocument", NULL, false, 600,
		    CONG_EINVAL, MEDIA__MAX },
	};
	size_t i;

	UNUSED(state);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct buf b = BUF_INIT;
		enum media_kind k = MEDIA__MAX;
		enum cong_err err;

		make_cfb(&b, cases[i].s1, cases[i].s2, cases[i].cycle);
		if (cases[i].cut)
			b.len = cases[i].cut;
		err = media_sniff((const unsigned char *)b.ptr, b.len, &k);
		if (err != cases[i].err || k != cases[i].kind)
			fail_msg("%s: got %d/%d", cases[i].name, err, k);
		buf_release(&b);
	}
}

/* Every prefix of a good archive is refused without reading past it. */
static void
media_sniff_every_prefix(void **state)
{
	struct buf z = BUF_INIT, c = BUF_INIT;
	enum office_kind k;
	size_t n;

	UNUSED(state);
	zip_of(&z, docx, 3);
	make_cfb(&c, "WordDocument", NULL, false);
	for (n = 0; n < z.len; n++)
		assert_int_not_equal(zipsniff_zip((const unsigned char *)z.ptr,
		    n, &k), CONG_OK);
	for (n = 0; n < c.len; n++)
		assert_int_not_equal(zipsniff_ole2(
		    (const unsigned char *)c.ptr, n, &k), CONG_OK);
	assert_int_equal(zipsniff_zip((const unsigned char *)z.ptr, z.len,
	    &k), CONG_OK);
	assert_int_equal(k, OFFICE_DOCX);
	buf_release(&z);
	buf_release(&c);
}

/* ------------------------------------------------------------------ */
/* Names, widths, srcsets                                              */

static void
media_display_name_table(void **state)
{
	static char longname[3 * 200 + 1];
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "ảnh hội nghị.jpg", "ảnh hội nghị.jpg" },
		{ "../../etc/passwd", "passwd" },
		{ "C:\\Users\\Lan\\Hội nghị.JPG", "Hội nghị.JPG" },
		/* NFD in, NFC out */
		{ "Ho\xcc\x80" "a Bi\xcc\x80" "nh.pdf", "Hòa Bình.pdf" },
		{ "  a   b\t.doc ", "a b .doc" },
		{ "\xe2\x80\xaegpj.exe", "gpj.exe" },	/* U+202E */
		{ "\xe2\x80\xae", "tệp" },		/* only invisible */
		{ "\xe2\x80\xae.htaccess", "htaccess" },
		{ "a/\xe2\x81\xa6/b.png", "b.png" },	/* U+2066 */
		{ ".htaccess", "htaccess" },
		{ "...", "tệp" },
		{ "", "tệp" },
		{ NULL, "tệp" },
		{ "a\x01" "b.png", "tệp" },
		{ "bad\xff.png", "tệp" },
		{ "dir/", "tệp" },
	};
	struct buf b = BUF_INIT;
	size_t i, cps = 0;

	UNUSED(state);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		buf_reset(&b);
		assert_int_equal(media_display_name(cases[i].in, &b), CONG_OK);
		if (strcmp(b.ptr, cases[i].out) != 0)
			fail_msg("case %zu: got '%s'", i, b.ptr);
	}
	/* 200 × "ệ" (3 bytes each) is cut to LIMIT_MEDIA_NAME code points */
	for (i = 0; i < 200; i++)
		memcpy(longname + 3 * i, "\xe1\xbb\x87", 3);
	buf_reset(&b);
	assert_int_equal(media_display_name(longname, &b), CONG_OK);
	for (i = 0; i < b.len; i++)
		cps += ((unsigned char)b.ptr[i] & 0xc0) != 0x80;
	assert_int_equal(cps, LIMIT_MEDIA_NAME);
	assert_int_equal(b.len, 3 * LIMIT_MEDIA_NAME);
	buf_release(&b);
}

static void
media_variant_widths_table(void **state)
{
	static const struct {
		int full;
		size_t n;
		int w[4];
	} cases[] = {
		{ 0, 0, { 0 } },
		{ 1, 1, { 1 } },
		{ 200, 1, { 200 } },
		{ 320, 1, { 320 } },
		{ 321, 2, { 320, 321 } },
		{ 500, 2, { 320, 500 } },
		{ 1000, 3, { 320, 800, 1000 } },
		{ 1600, 3, { 320, 800, 1600 } },
		{ 2400, 3, { 320, 800, 1600 } },
	};
	size_t i, j;

	UNUSED(state);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		int w[MEDIA_NWIDTHS + 1] = { 0 };

		assert_int_equal(media_variant_widths(cases[i].full, w),
		    cases[i].n);
		for (j = 0; j < cases[i].n; j++) {
			assert_int_equal(w[j], cases[i].w[j]);
			assert_true(w[j] <= cases[i].full);
		}
	}
}

static void
media_srcset_table(void **state)
{
	static const char f[] = "0123456789abcdef0123456789abcdef.jpg";
	static const struct {
		const char *file, *variants, *ext;
		enum cong_err err;
		const char *out;
	} cases[] = {
		{ f, "320 800", "webp", CONG_OK,
		    "/media/0123456789abcdef0123456789abcdef-320.webp 320w, "
		    "/media/0123456789abcdef0123456789abcdef-800.webp 800w" },
		{ f, "200", "jpg", CONG_OK,
		    "/media/0123456789abcdef0123456789abcdef-200.jpg 200w" },
		{ f, "", "jpg", CONG_EINVAL, "" },
		{ f, "800 320", "jpg", CONG_EINVAL, "" },
		{ f, "320  800", "jpg", CONG_EINVAL, "" },
		{ f, "0320", "jpg", CONG_EINVAL, "" },
		{ f, "99999", "jpg", CONG_EINVAL, "" },
		{ f, "320 800 1600 2000 2400", "jpg", CONG_EINVAL, "" },
		{ f, "320\"><script>", "jpg", CONG_EINVAL, "" },
		{ "../etc/passwd", "320", "jpg", CONG_EINVAL, "" },
		{ "0123456789ABCDEF0123456789abcdef.jpg", "320", "jpg",
		    CONG_EINVAL, "" },
	};
	struct buf b = BUF_INIT;
	size_t i;
	int w = 0;

	UNUSED(state);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		buf_reset(&b);
		assert_int_equal(media_srcset(cases[i].file, cases[i].variants,
		    cases[i].ext, &b), cases[i].err);
		assert_string_equal(b.ptr, cases[i].out);
	}
	buf_reset(&b);
	assert_int_equal(media_variant_url(f, "320 800 1600", 500, "jpg", &b,
	    &w), CONG_OK);
	assert_int_equal(w, 800);
	assert_string_equal(b.ptr,
	    "/media/0123456789abcdef0123456789abcdef-800.jpg");
	buf_reset(&b);
	assert_int_equal(media_variant_url(f, "320 500", 800, "webp", &b,
	    &w), CONG_OK);
	assert_int_equal(w, 500);
	assert_string_equal(b.ptr,
	    "/media/0123456789abcdef0123456789abcdef-500.webp");
	buf_release(&b);
}

static void
media_cover_decorate_table(void **state)
{
	static const struct {
		const char *file, *variants, *src, *srcset_webp;
	} cases[] = {
		{ "0123456789abcdef0123456789abcdef.jpg", "320 800",
		    "/media/0123456789abcdef0123456789abcdef-320.jpg",
		    "/media/0123456789abcdef0123456789abcdef-320.webp 320w, "
		    "/media/0123456789abcdef0123456789abcdef-800.webp 800w" },
		{ "0123456789abcdef0123456789abcdef.jpg", "200",
		    "/media/0123456789abcdef0123456789abcdef-200.jpg",
		    "/media/0123456789abcdef0123456789abcdef-200.webp 200w" },
		/* a row from before variants: the file itself, no srcset */
		{ "0123456789abcdef0123456789abcdef.png", "",
		    "/media/0123456789abcdef0123456789abcdef.png", NULL },
		{ NULL, "320", NULL, NULL },
	};
	size_t i;

	UNUSED(state);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		json_t *a = json_pack("{s:s}", "cover_variants",
		    cases[i].variants);

		if (cases[i].file)
			json_object_set_new(a, "cover_file",
			    json_string(cases[i].file));
		media_cover_decorate(a);
		if (cases[i].src)
			assert_string_equal(json_string_value(json_object_get(a,
			    "cover_src")), cases[i].src);
		else
			assert_null(json_object_get(a, "cover_src"));
		if (cases[i].srcset_webp)
			assert_string_equal(json_string_value(json_object_get(a,
			    "cover_srcset_webp")), cases[i].srcset_webp);
		else
			assert_null(json_object_get(a, "cover_srcset_webp"));
		json_decref(a);
	}
}

/* ------------------------------------------------------------------ */
/* The pipeline, on a real store                                       */

struct fixture {
	char dir[64];
	char media[80];
	struct store *st;
	struct store_conn *c;
	int64_t site;
};

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));
	struct buf url = BUF_INIT;
	struct store_val v[14] = {
		SV_STR("media.test"), SV_STR("Cổng thử"), SV_STR(""),
		SV_STR(""), SV_STR(""), SV_STR(""), SV_STR(""), SV_STR(""),
		SV_STR(""), SV_STR(""), SV_STR("portal"), SV_INT(1),
		SV_STR("[]"), SV_INT(1)
	};

	log_set_quiet(true);
	snprintf(f->dir, sizeof(f->dir), "/tmp/cong-media-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->media, sizeof(f->media), "%s/media", f->dir);
	if (mkdir(f->media, 0755) != 0)
		return -1;
	buf_addf(&url, "sqlite:%s/t.db", f->dir);
	if (store_open(url.ptr, true, &f->st) || store_migrate(f->st, NULL) ||
	    store_conn_new(f->st, &f->c) ||
	    store_exec(f->c, ST_SITE_INSERT, v, 14, &f->site, NULL))
		return -1;
	buf_release(&url);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	struct buf cmd = BUF_INIT;
	int rc;

	store_conn_free(f->c);
	store_free(f->st);
	buf_addf(&cmd, "rm -rf '%s'", f->dir);
	rc = system(cmd.ptr);
	buf_release(&cmd);
	free(f);
	return rc ? -1 : 0;
}

static enum cong_err
add(struct fixture *f, const struct buf *b, const char *name,
    const char *alt, json_t **out, struct media_fail *fail)
{
	struct media_in in = { (const unsigned char *)b->ptr, b->len, name,
		"Chú thích", alt, NULL };

	return media_add(f->c, f->media, f->site, &in, 1700000000, out,
	    fail);
}

/* Reads dir/name whole into b; false if it is not there. */
static bool
read_media(struct fixture *f, const char *name, struct buf *b)
{
	struct buf path = BUF_INIT;
	char chunk[65536];
	size_t r;
	FILE *fp;

	buf_addf(&path, "%s/%s", f->media, name);
	fp = fopen(path.ptr, "rb");
	buf_release(&path);
	if (!fp)
		return false;
	buf_init(b, 64u << 20);
	while ((r = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_add(b, chunk, r);
	fclose(fp);
	return true;
}

static bool
media_exists(struct fixture *f, const char *name)
{
	struct buf path = BUF_INIT;
	struct stat sb;
	bool ok;

	buf_addf(&path, "%s/%s", f->media, name);
	ok = stat(path.ptr, &sb) == 0;
	buf_release(&path);
	return ok;
}

static long
peak_rss_kb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

/* First in the group, so the peak RSS before it is still small. */
static void
media_png_bomb_refused(void **state)
{
	struct fixture *f = *state;
	struct media_fail fail = MEDIA_FAIL_INIT;
	struct buf png;
	json_t *out = NULL;
	long before;

	buf_init(&png, 16u << 20);
	make_png(&png, 20000, 20000);
	/* 400 megapixels in a file of a few tens of kilobytes */
	assert_true(png.len < 200 * 1024);
	before = peak_rss_kb();
	assert_int_equal(add(f, &png, "bom.png", "bom", &out, &fail),
	    CONG_ETOOBIG);
	assert_null(out);
	assert_string_equal(fail.field, "file");
	assert_non_null(strstr(fail.msg.ptr, "Ảnh quá lớn"));
	assert_non_null(strstr(fail.msg.ptr, "20000 × 20000"));
	/* decoding it would take 400 MB at least */
	assert_true(peak_rss_kb() - before < 64 * 1024);
	media_fail_release(&fail);
	buf_release(&png);
}

static void
media_size_limits_table(void **state)
{
	static const struct {
		const char *name;
		uint32_t w, h;
		enum cong_err err;
	} cases[] = {
		{ "image_side_too_long", LIMIT_IMAGE_SIDE + 1, 16,
		    CONG_ETOOBIG },
		{ "image_too_many_pixels", 7000, 7000, CONG_ETOOBIG },
		{ "image_side_at_limit", LIMIT_IMAGE_SIDE, 8, CONG_OK },
	};
	struct fixture *f = *state;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct media_fail fail = MEDIA_FAIL_INIT;
		struct buf png;
		json_t *out = NULL;
		enum cong_err err;

		buf_init(&png, 16u << 20);
		make_png(&png, cases[i].w, cases[i].h);
		err = add(f, &png, "x.png", "x", &out, &fail);
		if (err != cases[i].err)
			fail_msg("%s: got %d (%s)", cases[i].name, err,
			    fail.msg.ptr);
		if (!err)
			assert_int_equal(json_integer_value(json_object_get(
			    out, "width")), MEDIA_FULL_SIDE);
		json_decref(out);
		media_fail_release(&fail);
		buf_release(&png);
	}
}

static void
media_gps_exif_stripped(void **state)
{
	struct fixture *f = *state;
	struct buf jpeg = BUF_INIT, name = BUF_INIT;
	const char *file, *variants;
	VipsImage *orig;
	json_t *out = NULL;
	static const char *const kinds[] = { "", "-320.jpg", "-320.webp",
		"-800.jpg", "-800.webp", "-1600.jpg", "-1600.webp" };
	size_t i;

	make_ramp_jpeg(&jpeg, 2000, 1200);
	add_gps_exif(&jpeg);
	/* the input really carries GPS EXIF */
	orig = vips_image_new_from_buffer(jpeg.ptr, jpeg.len, "", NULL);
	assert_non_null(orig);
	assert_true(vips_image_get_typeof(orig, VIPS_META_EXIF_NAME) != 0);
	assert_true(vips_image_get_typeof(orig, "exif-ifd3-GPSLatitude") != 0);
	g_object_unref(orig);
	assert_non_null(memmem(jpeg.ptr, jpeg.len, "Exif\0\0", 6));

	assert_int_equal(add(f, &jpeg, "gps.jpg", "Ảnh có GPS", &out, NULL),
	    CONG_OK);
	file = json_string_value(json_object_get(out, "file"));
	variants = json_string_value(json_object_get(out, "variants"));
	assert_int_equal(strlen(file), 36);
	assert_string_equal(file + 32, ".jpg");
	assert_string_equal(variants, "320 800 1600");
	assert_int_equal(json_integer_value(json_object_get(out, "width")),
	    2000);
	assert_string_equal(json_string_value(json_object_get(out, "mime")),
	    "image/jpeg");
	for (i = 0; i < ARRAY_SIZE(kinds); i++) {
		struct buf data = BUF_INIT;
		VipsImage *img;

		buf_reset(&name);
		if (*kinds[i])
			buf_addf(&name, "%.32s%s", file, kinds[i]);
		else
			buf_adds(&name, file);
		assert_true(read_media(f, name.ptr, &data));
		if (memmem(data.ptr, data.len, "Exif\0\0", 6))
			fail_msg("'%s' keeps EXIF", name.ptr);
		if (memmem(data.ptr, data.len, "GPS", 3))
			fail_msg("'%s' keeps GPS", name.ptr);
		if (memmem(data.ptr, data.len, "WGS-84", 6))
			fail_msg("'%s' keeps WGS", name.ptr);
		img = vips_image_new_from_buffer(data.ptr, data.len, "", NULL);
		assert_non_null(img);
		assert_int_equal(vips_image_get_typeof(img,
		    VIPS_META_EXIF_NAME), 0);
		assert_int_equal(vips_image_get_typeof(img,
		    VIPS_META_XMP_NAME), 0);
		assert_int_equal(vips_image_get_typeof(img,
		    VIPS_META_ICC_NAME), 0);
		if (*kinds[i])
			assert_int_equal(vips_image_get_width(img),
			    strtol(kinds[i] + 1, NULL, 10));
		else
			assert_int_equal(vips_image_get_width(img), 2000);
		g_object_unref(img);
		buf_release(&data);
	}
	/* the original bytes are not kept anywhere */
	buf_reset(&name);
	buf_addf(&name, "%.32s.png", file);
	assert_false(media_exists(f, name.ptr));
	json_decref(out);
	buf_release(&jpeg);
	buf_release(&name);
}

static void
media_small_image_not_upscaled(void **state)
{
	struct fixture *f = *state;
	struct buf png = BUF_INIT, name = BUF_INIT;
	const char *file;
	json_t *out = NULL;

	make_image(&png, 200, 100, ".png");
	assert_int_equal(add(f, &png, "nho.png", "Ảnh nhỏ", &out, NULL),
	    CONG_OK);
	file = json_string_value(json_object_get(out, "file"));
	assert_string_equal(json_string_value(json_object_get(out,
	    "variants")), "200");
	assert_int_equal(json_integer_value(json_object_get(out, "width")),
	    200);
	assert_int_equal(json_integer_value(json_object_get(out, "height")),
	    100);
	buf_addf(&name, "%.32s-200.webp", file);
	assert_true(media_exists(f, name.ptr));
	buf_reset(&name);
	buf_addf(&name, "%.32s-320.jpg", file);
	assert_false(media_exists(f, name.ptr));
	json_decref(out);
	buf_release(&png);
	buf_release(&name);
}

static void
media_duplicate_stored_once(void **state)
{
	struct fixture *f = *state;
	struct buf img = BUF_INIT;
	json_t *a = NULL, *b = NULL;
	int64_t before = 0, after = 0;
	struct store_val v[5] = { SV_INT(f->site), SV_STR(""), SV_STR("%"),
		SV_INT(100), SV_INT(0) };

	make_image(&img, 400, 300, ".webp");
	assert_int_equal(add(f, &img, "a.webp", "Một", &a, NULL), CONG_OK);
	assert_int_equal(store_query_int(f->c, ST_MEDIA_COUNT, v, 3, &before),
	    CONG_OK);
	assert_int_equal(add(f, &img, "b.webp", "Hai", &b, NULL), CONG_OK);
	assert_int_equal(store_query_int(f->c, ST_MEDIA_COUNT, v, 3, &after),
	    CONG_OK);
	assert_int_equal(before, after);
	assert_false(json_is_true(json_object_get(a, "existed")));
	assert_true(json_is_true(json_object_get(b, "existed")));
	assert_int_equal(json_integer_value(json_object_get(a, "id")),
	    json_integer_value(json_object_get(b, "id")));
	assert_string_equal(json_string_value(json_object_get(a, "file")),
	    json_string_value(json_object_get(b, "file")));
	json_decref(a);
	json_decref(b);
	buf_release(&img);
}

/* Uploads refused for their content or their fields. */
static void
media_refusals_table(void **state)
{
	enum src { RAW, TRUNC_JPEG, GIF_SCRIPT, HTML };
	static const struct {
		const char *name;
		enum src src;
		const char *alt;
		enum cong_err err;
		const char *field;
		const char *says;
	} cases[] = {
		{ "upload_no_alt", RAW, "", CONG_EINVAL, "alt", "alt" },
		{ "upload_alt_blank", RAW, " \t ", CONG_EINVAL, "alt", "alt" },
		{ "upload_alt_control", RAW, "a\x07", CONG_EINVAL, "alt",
		    "không hợp lệ" },
		{ "upload_alt_bad_utf8", RAW, "\xc3(", CONG_EINVAL, "alt",
		    "không hợp lệ" },
		{ "upload_truncated_jpeg", TRUNC_JPEG, "x", CONG_EINVAL, "file",
		    "Không đọc được ảnh" },
		{ "upload_gif_header_script", GIF_SCRIPT, "x", CONG_EINVAL,
		    "file", "Không đọc được ảnh" },
		{ "upload_html", HTML, "x", CONG_EINVAL, "file",
		    "Loại tệp không được chấp nhận" },
	};
	struct fixture *f = *state;
	struct buf good = BUF_INIT;
	size_t i;

	make_image(&good, 300, 200, ".jpg");
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct media_fail fail = MEDIA_FAIL_INIT;
		struct buf b = BUF_INIT;
		json_t *out = NULL;
		enum cong_err err;

		switch (cases[i].src) {
		case RAW:
			buf_add(&b, good.ptr, good.len);
			break;
		case TRUNC_JPEG:
			buf_add(&b, good.ptr, good.len / 2);
			break;
		case GIF_SCRIPT:
			buf_adds(&b, "GIF89a<script>alert(1)</script>");
			break;
		case HTML:
			buf_adds(&b, "<!doctype html><script>x</script>");
			break;
		}
		err = add(f, &b, "t.jpg", cases[i].alt, &out, &fail);
		if (err != cases[i].err || !fail.field ||
		    strcmp(fail.field, cases[i].field) != 0 ||
		    !strstr(fail.msg.ptr, cases[i].says))
			fail_msg("%s: got %d %s '%s'", cases[i].name, err,
			    fail.field ? fail.field : "-", fail.msg.ptr);
		assert_null(out);
		media_fail_release(&fail);
		buf_release(&b);
	}
	buf_release(&good);
}

/* A JPEG with a ZIP glued on: stored re-encoded, the ZIP gone. */
static void
media_polyglot_jpeg_zip(void **state)
{
	struct fixture *f = *state;
	struct buf b = BUF_INIT, data = BUF_INIT;
	json_t *out = NULL;

	make_image(&b, 640, 480, ".jpg");
	zip_of(&b, docx, 3);
	assert_int_equal(add(f, &b, "poly.docx", "Ảnh ghép", &out, NULL),
	    CONG_OK);
	assert_string_equal(json_string_value(json_object_get(out, "mime")),
	    "image/jpeg");
	assert_true(read_media(f, json_string_value(json_object_get(out,
	    "file")), &data));
	assert_null(memmem(data.ptr, data.len, "PK\3\4", 4));
	assert_null(memmem(data.ptr, data.len, "word/document", 13));
	json_decref(out);
	buf_release(&b);
	buf_release(&data);
}

static void
media_documents_stored_as_sent(void **state)
{
	struct fixture *f = *state;
	static const char pdf[] = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>"
	    "\n%%EOF\n";
	struct {
		const char *ext, *mime;
		struct buf b;
	} docs[4] = {
		{ "pdf", "application/pdf", BUF_INIT },
		{ "docx", "application/vnd.openxmlformats-officedocument."
		    "wordprocessingml.document", BUF_INIT },
		{ "odt", "application/vnd.oasis.opendocument.text", BUF_INIT },
		{ "xls", "application/vnd.ms-excel", BUF_INIT },
	};
	size_t i;

	buf_adds(&docs[0].b, pdf);
	zip_of(&docs[1].b, docx, 3);
	zip_of(&docs[2].b, odt, 2);
	make_cfb(&docs[3].b, "Workbook", NULL, false);
	for (i = 0; i < ARRAY_SIZE(docs); i++) {
		struct buf data = BUF_INIT;
		const char *file;
		json_t *out = NULL;

		/* no alt text needed for a document; its name says nothing */
		assert_int_equal(add(f, &docs[i].b, "hinh.jpg", "", &out, NULL),
		    CONG_OK);
		file = json_string_value(json_object_get(out, "file"));
		assert_string_equal(file + 33, docs[i].ext);
		assert_string_equal(json_string_value(json_object_get(out,
		    "mime")), docs[i].mime);
		assert_string_equal(json_string_value(json_object_get(out,
		    "variants")), "");
		assert_true(read_media(f, file, &data));
		assert_int_equal(data.len, docs[i].b.len);
		assert_memory_equal(data.ptr, docs[i].b.ptr, data.len);
		json_decref(out);
		buf_release(&data);
		buf_release(&docs[i].b);
	}
}

static void
media_library_lists_and_finds(void **state)
{
	struct fixture *f = *state;
	struct media_in in = { NULL, 0, "hoi-nghi.png", "Toàn cảnh hội nghị",
		"Hội trường", "bientap" };
	struct article_input a;
	struct buf img = BUF_INIT, body = BUF_INIT;
	json_t *m = NULL, *page = NULL, *item, *uses;
	int64_t cat = 0, art = 0, mid;

	make_image(&img, 900, 600, ".png");
	in.data = (const unsigned char *)img.ptr;
	in.len = img.len;
	assert_int_equal(media_add(f->c, f->media, f->site, &in, 1800000000,
	    &m, NULL), CONG_OK);
	mid = json_integer_value(json_object_get(m, "id"));
	{
		/* the upload is audited under its actor */
		struct store_val v[2] = { SV_INT(f->site), SV_INT(1) };
		json_t *rows = NULL, *row;
		struct buf obj = BUF_INIT;

		buf_addf(&obj, "media:%lld", (long long)mid);
		assert_int_equal(store_query_json(f->c, ST_AUDIT_LIST, v, 2,
		    &rows), CONG_OK);
		row = json_array_get(rows, 0);
		assert_string_equal(json_string_value(json_object_get(row,
		    "actor")), "bientap");
		assert_string_equal(json_string_value(json_object_get(row,
		    "action")), "media.upload");
		assert_string_equal(json_string_value(json_object_get(row,
		    "object")), obj.ptr);
		json_decref(rows);
		buf_release(&obj);
	}
	buf_addf(&body, "<figure><img src=\"/media/%.32s-800.jpg\" alt=\"x\">"
	    "</figure>", json_string_value(json_object_get(m, "file")));
	assert_int_equal(store_begin(f->c, true), CONG_OK);
	assert_int_equal(category_ensure(f->c, f->site, "Tin tức", 1, &cat),
	    CONG_OK);
	memset(&a, 0, sizeof(a));
	a.site_id = f->site;
	a.category_id = cat;
	a.title = "Hội nghị tổng kết";
	a.lead = "";
	a.body_html = body.ptr;
	a.author = "";
	a.source = "";
	a.status = "draft";
	a.cover_caption = "";
	a.cover_alt = "";
	assert_int_equal(article_save(f->c, "test", "create", &a, 1800000001,
	    &art), CONG_OK);
	assert_int_equal(store_commit(f->c), CONG_OK);

	assert_int_equal(media_list(f->c, f->site, "hội nghị", 1, 10, &page),
	    CONG_OK);
	assert_int_equal(json_integer_value(json_object_get(page, "total")),
	    1);
	item = json_array_get(json_object_get(page, "items"), 0);
	assert_int_equal(json_integer_value(json_object_get(item, "id")), mid);
	assert_true(json_is_true(json_object_get(item, "is_image")));
	assert_non_null(strstr(json_string_value(json_object_get(item,
	    "srcset_webp")), "-800.webp 800w"));
	assert_non_null(strstr(json_string_value(json_object_get(item,
	    "thumb_url")), "-320.webp"));
	uses = json_object_get(item, "uses");
	assert_int_equal(json_array_size(uses), 1);
	assert_int_equal(json_integer_value(json_object_get(
	    json_array_get(uses, 0), "id")), art);
	json_decref(page);

	/* newest first, one per page; a LIKE wildcard is taken literally */
	assert_int_equal(media_list(f->c, f->site, NULL, 1, 1, &page),
	    CONG_OK);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(
	    json_object_get(page, "items"), 0), "id")), mid);
	assert_true(json_integer_value(json_object_get(page, "pages")) > 1);
	json_decref(page);
	assert_int_equal(media_list(f->c, f->site, "%", 1, 10, &page),
	    CONG_OK);
	assert_int_equal(json_integer_value(json_object_get(page, "total")),
	    0);
	json_decref(page);
	assert_int_equal(media_list(f->c, f->site, NULL, 0, 10, &page),
	    CONG_EINVAL);
	assert_int_equal(media_list(f->c, f->site, NULL, 1, 101, &page),
	    CONG_EINVAL);

	assert_int_equal(media_get(f->c, f->site, mid, &item), CONG_OK);
	assert_string_equal(json_string_value(json_object_get(item,
	    "orig_name")), "hoi-nghi.png");
	json_decref(item);
	assert_int_equal(media_get(f->c, f->site + 1, mid, &item),
	    CONG_ENOTFOUND);
	json_decref(m);
	buf_release(&img);
	buf_release(&body);
}

/* The importer's path: a file on disk, alt falling back to the caption. */
static void
media_add_file_for_import(void **state)
{
	struct fixture *f = *state;
	struct buf img = BUF_INIT, path = BUF_INIT;
	json_t *out = NULL, *row = NULL;
	FILE *fp;

	make_image(&img, 1200, 800, ".jpg");
	buf_addf(&path, "%s/Hoi nghi.jpg", f->dir);
	fp = fopen(path.ptr, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(img.ptr, 1, img.len, fp), img.len);
	fclose(fp);
	assert_int_equal(media_add_file(f->c, f->media, f->site, path.ptr,
	    "Toàn cảnh hội nghị", "", 1700000000, &out), CONG_OK);
	assert_string_equal(json_string_value(json_object_get(out,
	    "variants")), "320 800 1200");
	assert_int_equal(media_get(f->c, f->site, json_integer_value(
	    json_object_get(out, "id")), &row), CONG_OK);
	assert_string_equal(json_string_value(json_object_get(row, "alt")),
	    "Toàn cảnh hội nghị");
	assert_string_equal(json_string_value(json_object_get(row,
	    "orig_name")), "Hoi nghi.jpg");
	json_decref(out);
	json_decref(row);
	buf_reset(&path);
	buf_addf(&path, "%s/missing.jpg", f->dir);
	assert_int_equal(media_add_file(f->c, f->media, f->site, path.ptr,
	    "", "", 1700000000, &out), CONG_EIO);
	assert_null(out);
	buf_release(&img);
	buf_release(&path);
}

int
main(void)
{
	const struct CMUnitTest pure[] = {
		cmocka_unit_test(media_sniff_table),
		cmocka_unit_test(media_sniff_zip_table),
		cmocka_unit_test(media_sniff_ole2_table),
		cmocka_unit_test(media_sniff_every_prefix),
		cmocka_unit_test(media_display_name_table),
		cmocka_unit_test(media_variant_widths_table),
		cmocka_unit_test(media_srcset_table),
		cmocka_unit_test(media_cover_decorate_table),
	};
	const struct CMUnitTest store[] = {
		cmocka_unit_test(media_png_bomb_refused),
		cmocka_unit_test(media_size_limits_table),
		cmocka_unit_test(media_gps_exif_stripped),
		cmocka_unit_test(media_small_image_not_upscaled),
		cmocka_unit_test(media_duplicate_stored_once),
		cmocka_unit_test(media_refusals_table),
		cmocka_unit_test(media_polyglot_jpeg_zip),
		cmocka_unit_test(media_documents_stored_as_sent),
		cmocka_unit_test(media_library_lists_and_finds),
		cmocka_unit_test(media_add_file_for_import),
	};
	int rc;

	if (VIPS_INIT("media-test"))
		return 1;
	rc = cmocka_run_group_tests_name("media_pure", pure, NULL, NULL);
	rc |= cmocka_run_group_tests_name("media_store", store, setup,
	    teardown);
	vips_shutdown();
	return rc;
}
