/* SPDX-License-Identifier: ISC */
/*
 * media.c: checking, converting and storing media files. A file is
 * written to a temporary name, synced and renamed, so a crash never
 * leaves half a file under a real name; the same bytes twice are stored
 * once. Images go through libvips with the loader their magic number
 * names (never a guess), with fail-on-error and sequential access, and
 * their size is checked from the header before any pixel is decoded.
 */
#include "base/common.h"
#include "base/buf.h"
#include "base/log.h"
#include "content/media.h"
#include "content/zipsniff.h"
#include "store/store.h"
#include "vn/text.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vips/vips.h>

#define JPEG_Q 82
#define WEBP_Q 78
#define USES_PER_ITEM 20

static const struct {
	const char *ext;
	const char *mime;
} kinds[MEDIA__MAX] = {
	[MEDIA_JPEG] = { "jpg", "image/jpeg" },
	[MEDIA_PNG] = { "png", "image/png" },
	[MEDIA_GIF] = { "gif", "image/gif" },
	[MEDIA_WEBP] = { "webp", "image/webp" },
	[MEDIA_PDF] = { "pdf", "application/pdf" },
	[MEDIA_DOC] = { "doc", "application/msword" },
	[MEDIA_DOCX] = { "docx", "application/vnd.openxmlformats-"
	    "officedocument.wordprocessingml.document" },
	[MEDIA_XLS] = { "xls", "application/vnd.ms-excel" },
	[MEDIA_XLSX] = { "xlsx", "application/vnd.openxmlformats-"
	    "officedocument.spreadsheetml.sheet" },
	[MEDIA_ODT] = { "odt", "application/vnd.oasis.opendocument.text" },
};

static const int widths[MEDIA_NWIDTHS] = MEDIA_WIDTHS;

bool
media_kind_is_image(enum media_kind kind)
{
	return kind == MEDIA_JPEG || kind == MEDIA_PNG || kind == MEDIA_GIF ||
	    kind == MEDIA_WEBP;
}

const char *
media_kind_mime(enum media_kind kind)
{
	return (unsigned)kind < MEDIA__MAX ? kinds[kind].mime :
	    "application/octet-stream";
}

const char *
media_kind_ext(enum media_kind kind)
{
	return (unsigned)kind < MEDIA__MAX ? kinds[kind].ext : "bin";
}

/* ------------------------------------------------------------------ */
/* Sniffing                                                            */

static const unsigned char ole2_magic[4] = { 0xd0, 0xcf, 0x11, 0xe0 };

enum cong_err
media_sniff(const unsigned char *p, size_t n, enum media_kind *kind)
{
	static const enum media_kind office[OFFICE__MAX] = {
		[OFFICE_DOCX] = MEDIA_DOCX, [OFFICE_XLSX] = MEDIA_XLSX,
		[OFFICE_ODT] = MEDIA_ODT, [OFFICE_DOC] = MEDIA_DOC,
		[OFFICE_XLS] = MEDIA_XLS,
	};
	enum office_kind ok;
	enum cong_err err;

	if (n >= 3 && p[0] == 0xff && p[1] == 0xd8 && p[2] == 0xff)
		*kind = MEDIA_JPEG;
	else if (n >= 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0)
		*kind = MEDIA_PNG;
	else if (n >= 6 && (memcmp(p, "GIF87a", 6) == 0 ||
	    memcmp(p, "GIF89a", 6) == 0))
		*kind = MEDIA_GIF;
	else if (n >= 12 && memcmp(p, "RIFF", 4) == 0 &&
	    memcmp(p + 8, "WEBP", 4) == 0)
		*kind = MEDIA_WEBP;
	else if (n >= 5 && memcmp(p, "%PDF-", 5) == 0)
		*kind = MEDIA_PDF;
	else if (n >= 4 && (memcmp(p, "PK\3\4", 4) == 0 ||
	    memcmp(p, ole2_magic, 4) == 0)) {
		err = p[0] == 'P' ? zipsniff_zip(p, n, &ok) :
		    zipsniff_ole2(p, n, &ok);
		if (err)
			return err == CONG_ETOOBIG ? err : CONG_EINVAL;
		*kind = office[ok];
	} else {
		return CONG_EINVAL;
	}
	return CONG_OK;
}

/* ------------------------------------------------------------------ */
/* Names and URLs                                                      */

static bool
invisible(uint32_t cp)
{
	/* bidirectional marks and overrides (a "gpj.exe" trick), BOM */
	return cp == 0x200e || cp == 0x200f ||
	    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) ||
	    cp == 0xfeff;
}

/* Appends p[0..n) to out without the invisible characters. */
static void
drop_invisible(const char *p, size_t n, struct buf *out)
{
	size_t i, l;
	uint32_t cp;

	for (i = 0; i < n; i += l) {
		l = vn_utf8_next(p + i, n - i, &cp);
		if (!l)
			break;	/* cleaned text is UTF-8; defensive */
		if (!invisible(cp))
			buf_add(out, p + i, l);
	}
}

enum cong_err
media_display_name(const char *name, struct buf *out)
{
	struct buf line, vis;
	const char *p, *slash;
	size_t i, n, used = 0, l, mark = out->len;
	enum cong_err err = CONG_OK;
	uint32_t cp;

	name = name ? name : "";
	buf_init(&line, LIMIT_HEADER_VALUE * 4);
	buf_init(&vis, LIMIT_HEADER_VALUE * 4);
	if (vn_text_line(name, strlen(name), &line))
		buf_reset(&line);
	drop_invisible(line.ptr, line.len, &vis);
	p = vis.ptr;
	if ((slash = strrchr(p, '/')))
		p = slash + 1;
	if ((slash = strrchr(p, '\\')))
		p = slash + 1;
	while (*p == '.' || *p == ' ')
		p++;
	n = strlen(p);
	for (i = 0; i < n && used < LIMIT_MEDIA_NAME; i += l, used++) {
		if (!(l = vn_utf8_next(p + i, n - i, &cp)))
			break;
		if ((err = buf_add(out, p + i, l)))
			goto out;
	}
	if (out->len == mark)
		err = buf_adds(out, "tệp");
out:
	if (err)
		buf_truncate(out, mark);
	buf_release(&line);
	buf_release(&vis);
	return err;
}

size_t
media_variant_widths(int full_width, int out[MEDIA_NWIDTHS + 1])
{
	size_t i, n = 0;

	if (full_width < 1)
		return 0;
	for (i = 0; i < MEDIA_NWIDTHS; i++)
		if (widths[i] < full_width)
			out[n++] = widths[i];
	if (full_width <= widths[MEDIA_NWIDTHS - 1])
		out[n++] = full_width;
	return n;
}

static bool
is_hash32(const char *file)
{
	size_t i;

	for (i = 0; i < 32; i++)
		if (!((file[i] >= '0' && file[i] <= '9') ||
		    (file[i] >= 'a' && file[i] <= 'f')))
			return false;
	return file[32] == '.';
}

/* Parses "320 800 1600" into w; returns the count, 0 if malformed. */
static size_t
parse_variants(const char *s, int w[MEDIA_NWIDTHS + 1])
{
	size_t n = 0;
	int v;

	while (*s) {
		if (n == MEDIA_NWIDTHS + 1 || *s < '1' || *s > '9')
			return 0;
		for (v = 0; *s >= '0' && *s <= '9'; s++) {
			v = v * 10 + (*s - '0');
			if (v > MEDIA_FULL_SIDE)
				return 0;
		}
		if (n && v <= w[n - 1])
			return 0;
		w[n++] = v;
		if (*s == ' ')
			s++;
		else if (*s)
			return 0;
	}
	return n;
}

enum cong_err
media_srcset(const char *file, const char *variants, const char *ext,
    struct buf *out)
{
	int w[MEDIA_NWIDTHS + 1];
	size_t i, n, mark = out->len;

	if (!file || !variants || !is_hash32(file) ||
	    !(n = parse_variants(variants, w)))
		return CONG_EINVAL;
	for (i = 0; i < n; i++)
		buf_addf(out, "%s/media/%.32s-%d.%s %dw", i ? ", " : "", file,
		    w[i], ext, w[i]);
	if (!buf_ok(out)) {
		buf_truncate(out, mark);
		return CONG_ETOOBIG;
	}
	return CONG_OK;
}

enum cong_err
media_variant_url(const char *file, const char *variants, int want,
    const char *ext, struct buf *out, int *width)
{
	int w[MEDIA_NWIDTHS + 1];
	size_t i, n;

	if (!file || !variants || !is_hash32(file) ||
	    !(n = parse_variants(variants, w)))
		return CONG_EINVAL;
	for (i = 0; i + 1 < n && w[i] < want; i++)
		;
	if (width)
		*width = w[i];
	return buf_addf(out, "/media/%.32s-%d.%s", file, w[i], ext);
}

void
media_decorate(json_t *row)
{
	const char *file = json_string_value(json_object_get(row, "file"));
	const char *mime = json_string_value(json_object_get(row, "mime"));
	const char *var = json_string_value(json_object_get(row, "variants"));
	struct buf b = BUF_INIT;
	bool image = mime && strncmp(mime, "image/", 6) == 0;

	if (!file)
		return;
	buf_addf(&b, "/media/%s", file);
	json_object_set_new(row, "url", json_stringn(b.ptr, b.len));
	json_object_set_new(row, "is_image", json_boolean(image));
	if (!image || !var || !*var)
		goto out;
	buf_reset(&b);
	if (!media_variant_url(file, var, 320, "webp", &b, NULL))
		json_object_set_new(row, "thumb_url", json_stringn(b.ptr,
		    b.len));
	buf_reset(&b);
	if (!media_variant_url(file, var, 800, "jpg", &b, NULL))
		json_object_set_new(row, "src", json_stringn(b.ptr, b.len));
	buf_reset(&b);
	if (!media_srcset(file, var, "jpg", &b))
		json_object_set_new(row, "srcset_jpeg", json_stringn(b.ptr,
		    b.len));
	buf_reset(&b);
	if (!media_srcset(file, var, "webp", &b))
		json_object_set_new(row, "srcset_webp", json_stringn(b.ptr,
		    b.len));
out:
	buf_release(&b);
}

void
media_cover_decorate(json_t *a)
{
	const char *file = json_string_value(json_object_get(a, "cover_file"));
	const char *var = json_string_value(json_object_get(a,
	    "cover_variants"));
	struct buf b = BUF_INIT;

	if (!file)
		return;
	if (!var || media_variant_url(file, var, 320, "jpg", &b, NULL))
		buf_addf(&b, "/media/%s", file);
	json_object_set_new(a, "cover_src", json_stringn(b.ptr, b.len));
	buf_reset(&b);
	if (var && !media_srcset(file, var, "jpg", &b))
		json_object_set_new(a, "cover_srcset_jpeg", json_stringn(b.ptr,
		    b.len));
	buf_reset(&b);
	if (var && !media_srcset(file, var, "webp", &b))
		json_object_set_new(a, "cover_srcset_webp", json_stringn(b.ptr,
		    b.len));
	buf_release(&b);
}

/* ------------------------------------------------------------------ */
/* Files                                                               */

static enum cong_err
write_atomic(const char *path, const void *data, size_t len)
{
	struct buf tmp = BUF_INIT;
	enum cong_err err = CONG_OK;
	size_t off = 0;
	int fd;

	buf_addf(&tmp, "%s.tmp.%ld.%lu", path, (long)getpid(),
	    (unsigned long)pthread_self());
	fd = open(tmp.ptr, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		log_error("cannot create '%s': %s", tmp.ptr, strerror(errno));
		err = CONG_EIO;
		goto out;
	}
	while (off < len) {
		ssize_t w = write(fd, (const char *)data + off, len - off);

		if (w <= 0) {
			log_error("cannot write '%s': %s", tmp.ptr,
			    strerror(errno));
			err = CONG_EIO;
			break;
		}
		off += (size_t)w;
	}
	if (!err && fsync(fd) != 0)
		err = CONG_EIO;
	close(fd);
	if (!err && rename(tmp.ptr, path) != 0) {
		log_error("cannot rename '%s': %s", tmp.ptr, strerror(errno));
		err = CONG_EIO;
	}
	if (err)
		unlink(tmp.ptr);
out:
	buf_release(&tmp);
	return err;
}

/* Writes dir/name unless a file of that name is already there. */
static enum cong_err
store_file(const char *dir, const char *name, const void *data, size_t len)
{
	struct buf path = BUF_INIT;
	enum cong_err err = CONG_OK;
	struct stat sb;

	buf_addf(&path, "%s/%s", dir, name);
	if (stat(path.ptr, &sb) != 0 || !S_ISREG(sb.st_mode))
		err = write_atomic(path.ptr, data, len);
	buf_release(&path);
	return err;
}

/* ------------------------------------------------------------------ */
/* Images                                                              */

static pthread_once_t vips_once = PTHREAD_ONCE_INIT;
static bool vips_ok;

static void
vips_start(void)
{
	vips_ok = VIPS_INIT("cong") == 0;
	if (vips_ok) {
		/* one thread per operation (we already run on a worker),
		 * no operation cache, and no loader outside the safe set */
		vips_cache_set_max(0);
		vips_cache_set_max_mem(LIMIT_VIPS_MEMORY);
		vips_concurrency_set(1);
		vips_block_untrusted_set(TRUE);
	}
}

enum cong_err
media_init(void)
{
	pthread_once(&vips_once, vips_start);
	return vips_ok ? CONG_OK : CONG_EIO;
}

static void
media_vips_log(const char *what)
{
	log_error("%s: %s", what, vips_error_buffer());
	vips_error_clear();
}

/* Opens the header with the loader of the sniffed kind: lazy, no pixels. */
static VipsImage *
image_open(enum media_kind kind, const unsigned char *data, size_t len)
{
	VipsImage *img = NULL;
	int rc = -1;

	/* the loader the magic number names, lazy and strict */
#define LOAD(fn) fn((void *)data, len, &img, "access", \
	VIPS_ACCESS_SEQUENTIAL, "fail_on", VIPS_FAIL_ON_ERROR, NULL)
	switch (kind) {
	case MEDIA_JPEG:
		rc = LOAD(vips_jpegload_buffer);
		break;
	case MEDIA_PNG:
		rc = LOAD(vips_pngload_buffer);
		break;
	case MEDIA_GIF:
		rc = LOAD(vips_gifload_buffer);
		break;
	case MEDIA_WEBP:
		rc = LOAD(vips_webpload_buffer);
		break;
	default:
		break;
	}
#undef LOAD
	if (rc) {
		media_vips_log("cannot read the image header");
		return NULL;
	}
	return img;
}

/*
 * After an operation that returned rc and wrote *out: replaces *img by
 * *out, or logs. *out is read here, after the call has set it.
 */
static bool
step(VipsImage **img, int rc, VipsImage **out, const char *what)
{
	if (rc) {
		media_vips_log(what);
		return false;
	}
	g_object_unref(*img);
	*img = *out;
	*out = NULL;
	return true;
}

/* Drops every metadata field: EXIF, GPS, XMP, IPTC, ICC, comments. */
static void
strip_fields(VipsImage *img)
{
	char **f = vips_image_get_fields(img);
	size_t i;

	for (i = 0; f[i]; i++)
		if (strncmp(f[i], "exif-", 5) == 0 ||
		    strcmp(f[i], VIPS_META_XMP_NAME) == 0 ||
		    strcmp(f[i], VIPS_META_IPTC_NAME) == 0 ||
		    strcmp(f[i], VIPS_META_ICC_NAME) == 0 ||
		    strcmp(f[i], VIPS_META_ORIENTATION) == 0 ||
		    strcmp(f[i], VIPS_META_PHOTOSHOP_NAME) == 0 ||
		    strstr(f[i], "comment"))
			vips_image_remove(img, f[i]);
	g_strfreev(f);
}

/*
 * The canonical image: upright, at most MEDIA_FULL_SIDE a side, sRGB,
 * 8-bit, no metadata, decoded once into memory (at most 2400 * 2400 *
 * 4 bytes) so the variants are cut from it without decoding again.
 */
static VipsImage *
image_full(VipsImage *in)
{
	VipsImage *img = in, *out = NULL;

	g_object_ref(img);
	if (!step(&img, vips_thumbnail_image(img, &out, MEDIA_FULL_SIDE,
	    "height", MEDIA_FULL_SIDE, "size", VIPS_SIZE_DOWN, NULL), &out,
	    "cannot resize"))
		goto fail;
	if (vips_image_get_typeof(img, VIPS_META_ICC_NAME) &&
	    vips_icc_transform(img, &out, "srgb", "embedded", TRUE,
	    "intent", VIPS_INTENT_PERCEPTUAL, NULL) == 0) {
		g_object_unref(img);
		img = out;
	} else {
		vips_error_clear();
	}
	if (!step(&img, vips_colourspace(img, &out, VIPS_INTERPRETATION_sRGB,
	    NULL), &out, "cannot convert to sRGB"))
		goto fail;
	if (img->BandFmt != VIPS_FORMAT_UCHAR && !step(&img,
	    vips_cast_uchar(img, &out, NULL), &out, "cannot cast"))
		goto fail;
	if (!step(&img, vips_copy(img, &out, NULL), &out, "cannot copy"))
		goto fail;
	strip_fields(img);
	if (!(out = vips_image_copy_memory(img))) {
		media_vips_log("cannot decode");
		goto fail;
	}
	g_object_unref(img);
	return out;
fail:
	g_object_unref(img);
	return NULL;
}

/*
 * libvips 8.14's webpsave writes an EXIF chunk even with "strip" (made
 * from the resolution fields). Drops every EXIF, XMP and ICCP chunk from
 * the RIFF container in place and clears their VP8X flags. The input is
 * libvips's own output; a malformed container is an error all the same.
 */
static enum cong_err
webp_strip(unsigned char *p, size_t *len)
{
	size_t in = 12, out = 12, n = *len;
	uint32_t sz;

	if (n < 12 || memcmp(p, "RIFF", 4) != 0 ||
	    memcmp(p + 8, "WEBP", 4) != 0)
		return CONG_EINVAL;
	while (in + 8 <= n) {
		sz = (uint32_t)p[in + 4] | (uint32_t)p[in + 5] << 8 |
		    (uint32_t)p[in + 6] << 16 | (uint32_t)p[in + 7] << 24;
		if (sz > n - in - 8)
			return CONG_EINVAL;
		sz += sz & 1;
		if (sz > n - in - 8)
			return CONG_EINVAL;
		if (memcmp(p + in, "VP8X", 4) == 0 && sz >= 10)
			p[in + 8] &= (unsigned char)~0x2cu;
		if (memcmp(p + in, "EXIF", 4) != 0 &&
		    memcmp(p + in, "XMP ", 4) != 0 &&
		    memcmp(p + in, "ICCP", 4) != 0) {
			memmove(p + out, p + in, 8 + sz);
			out += 8 + sz;
		}
		in += 8 + sz;
	}
	if (in != n)
		return CONG_EINVAL;
	sz = (uint32_t)(out - 8);
	p[4] = (unsigned char)sz;
	p[5] = (unsigned char)(sz >> 8);
	p[6] = (unsigned char)(sz >> 16);
	p[7] = (unsigned char)(sz >> 24);
	*len = out;
	return CONG_OK;
}

/* Saves img as JPEG (flattened on white) or WebP, metadata stripped. */
static enum cong_err
image_save(VipsImage *img, bool webp, void **data, size_t *len)
{
	VipsImage *flat = NULL;
	int rc;

	*data = NULL;
	if (webp) {
		if (vips_webpsave_buffer(img, data, len, "Q", WEBP_Q, "strip",
		    TRUE, NULL)) {
			media_vips_log("cannot encode WebP");
			return CONG_EINVAL;
		}
		return webp_strip(*data, len);
	}
	if (vips_image_hasalpha(img)) {
		VipsArrayDouble *white = vips_array_double_newv(3, 255.0,
		    255.0, 255.0);

		rc = vips_flatten(img, &flat, "background", white, NULL);
		vips_area_unref(VIPS_AREA(white));
		if (rc) {
			media_vips_log("cannot flatten");
			return CONG_EINVAL;
		}
		img = flat;
	}
	rc = vips_jpegsave_buffer(img, data, len, "Q", JPEG_Q, "strip", TRUE,
	    "optimize_coding", TRUE, "interlace", TRUE, NULL);
	if (flat)
		g_object_unref(flat);
	if (rc) {
		media_vips_log("cannot encode JPEG");
		return CONG_EINVAL;
	}
	return CONG_OK;
}

static enum cong_err
save_as(VipsImage *img, bool webp, const char *dir, const char *name)
{
	void *data = NULL;
	size_t len = 0;
	enum cong_err err;

	if (!(err = image_save(img, webp, &data, &len)))
		err = store_file(dir, name, data, len);
	g_free(data);
	return err;
}

struct image_out {
	int width, height;
	struct buf variants;	/* "320 800 1600" */
};

static enum cong_err
image_variants(VipsImage *full, const char *dir, const char *hash,
    struct image_out *io)
{
	int w[MEDIA_NWIDTHS + 1];
	struct buf name = BUF_INIT;
	enum cong_err err = CONG_OK;
	size_t i, n = media_variant_widths(io->width, w);
	int f;

	for (i = 0; !err && i < n; i++) {
		VipsImage *v = NULL;

		if (w[i] == io->width) {
			v = full;
			g_object_ref(v);
		} else if (vips_resize(full, &v, (double)w[i] / io->width,
		    NULL)) {
			media_vips_log("cannot resize");
			err = CONG_EINVAL;
			break;
		}
		for (f = 0; !err && f < 2; f++) {
			buf_reset(&name);
			buf_addf(&name, "%.32s-%d.%s", hash, w[i],
			    f ? "webp" : "jpg");
			err = save_as(v, f, dir, name.ptr);
		}
		g_object_unref(v);
		buf_addf(&io->variants, "%s%d", i ? " " : "", w[i]);
	}
	buf_release(&name);
	return err;
}

static enum cong_err
image_store(enum media_kind kind, const struct media_in *in,
    const char *dir, const char *hash, struct image_out *io,
    struct media_fail *fail)
{
	VipsImage *img = NULL, *full = NULL;
	struct buf name = BUF_INIT;
	enum cong_err err = CONG_OK;
	int w, h;

	if (media_init())
		return CONG_EIO;
	if (!(img = image_open(kind, in->data, in->len))) {
		buf_adds(&fail->msg, "Không đọc được ảnh: tệp bị hỏng hoặc "
		    "không trọn vẹn.");
		err = CONG_EINVAL;
		goto out;
	}
	w = vips_image_get_width(img);
	h = vips_image_get_height(img);
	if (w > LIMIT_IMAGE_SIDE || h > LIMIT_IMAGE_SIDE ||
	    (uint64_t)w * (uint64_t)h > LIMIT_IMAGE_PIXELS) {
		buf_addf(&fail->msg, "Ảnh quá lớn (%d × %d điểm ảnh): mỗi "
		    "cạnh tối đa %d điểm ảnh và tổng cộng tối đa %u triệu "
		    "điểm ảnh.", w, h, LIMIT_IMAGE_SIDE,
		    LIMIT_IMAGE_PIXELS / 1000000);
		err = CONG_ETOOBIG;
		goto out;
	}
	if (!(full = image_full(img))) {
		buf_adds(&fail->msg, "Không đọc được ảnh: tệp bị hỏng hoặc "
		    "không trọn vẹn.");
		err = CONG_EINVAL;
		goto out;
	}
	io->width = vips_image_get_width(full);
	io->height = vips_image_get_height(full);
	buf_addf(&name, "%.32s.jpg", hash);
	if ((err = save_as(full, false, dir, name.ptr)) ||
	    (err = image_variants(full, dir, hash, io)))
		goto out;
out:
	if (full)
		g_object_unref(full);
	if (img)
		g_object_unref(img);
	buf_release(&name);
	return err;
}

/* ------------------------------------------------------------------ */
/* Storing                                                             */

void
media_fail_release(struct media_fail *f)
{
	if (!f)
		return;
	f->field = NULL;
	buf_release(&f->msg);
}

static enum cong_err
refuse(struct media_fail *fail, const char *field, enum cong_err err,
    const char *msg)
{
	fail->field = field;
	buf_reset(&fail->msg);
	buf_adds(&fail->msg, msg);
	return err;
}

/* Cleans alt and caption into a and c; refusals go to fail. */
static enum cong_err
clean_texts(const struct media_in *in, bool image, struct buf *a,
    struct buf *c, struct media_fail *fail)
{
	const char *alt = in->alt ? in->alt : "";
	const char *cap = in->caption ? in->caption : "";

	if (vn_text_line(alt, strlen(alt), a))
		return refuse(fail, "alt", CONG_EINVAL, "Mô tả ảnh (alt) quá "
		    "dài hoặc chứa ký tự không hợp lệ.");
	if (vn_text_line(cap, strlen(cap), c))
		return refuse(fail, "caption", CONG_EINVAL, "Chú thích quá "
		    "dài hoặc chứa ký tự không hợp lệ.");
	if (image && !a->len)
		return refuse(fail, "alt", CONG_EINVAL, "Ảnh cần có mô tả "
		    "thay thế (alt) cho người không xem được ảnh.");
	return CONG_OK;
}

static enum cong_err
sniff_upload(const struct media_in *in, enum media_kind *kind,
    struct media_fail *fail)
{
	enum cong_err err;

	if (in->len > LIMIT_UPLOAD_BODY) {
		buf_reset(&fail->msg);
		buf_addf(&fail->msg, "Tệp quá lớn: tối đa %u MiB.",
		    LIMIT_UPLOAD_BODY >> 20);
		fail->field = "file";
		return CONG_ETOOBIG;
	}
	if (!in->len)
		return refuse(fail, "file", CONG_EINVAL, "Tệp rỗng.");
	err = media_sniff(in->data, in->len, kind);
	if (err == CONG_ETOOBIG)
		return refuse(fail, "file", err, "Tệp nén bên trong quá lớn "
		    "hoặc có quá nhiều phần; không nhận.");
	if (err)
		return refuse(fail, "file", err, "Loại tệp không được chấp "
		    "nhận. Chỉ nhận ảnh JPEG, PNG, WebP, GIF và tài liệu PDF, "
		    "DOC, DOCX, XLS, XLSX, ODT (xét theo nội dung tệp, không "
		    "theo tên).");
	return CONG_OK;
}

static enum cong_err
existing(struct store_conn *db, int64_t site_id, const char *hex,
    json_t **out)
{
	struct store_val k[2] = { SV_INT(site_id), SV_STR(hex) };
	enum cong_err err;

	if ((err = store_query_one(db, ST_MEDIA_BY_HASH, k, 2, out)))
		return err;
	json_object_set_new(*out, "existed", json_true());
	return CONG_OK;
}

struct media_row {
	int64_t site_id;
	const char *hash, *file, *name, *mime;
	size_t bytes;
	int width, height;
	const char *caption, *alt, *variants;
	int64_t now;
	const char *actor;
};

/*
 * Inserts the row, and with an actor its audit entry in the same
 * transaction (the caller's, or one of its own: taken only now, after
 * the slow image work, so no write lock is held while encoding).
 */
static enum cong_err
insert_row(struct store_conn *db, const struct media_row *r, int64_t *id)
{
	struct buf obj = BUF_INIT;
	bool own = r->actor && !store_in_tx(db);
	enum cong_err err;
	struct store_val v[12] = { SV_INT(r->site_id), SV_STR(r->hash),
		SV_STR(r->file), SV_STR(r->name), SV_STR(r->mime),
		SV_INT(r->bytes), SV_INT(r->width), SV_INT(r->height),
		SV_STR(r->caption), SV_STR(r->alt), SV_INT(r->now),
		SV_STR(r->variants) };

	if (own && (err = store_begin(db, true)))
		return err;
	if ((err = store_exec(db, ST_MEDIA_INSERT, v, 12, id, NULL)) ||
	    !r->actor)
		goto out;
	buf_addf(&obj, "media:%lld", (long long)*id);
	{
		struct store_val a[6] = { SV_INT(r->site_id), SV_INT(r->now),
			SV_STR(r->actor), SV_STR("media.upload"),
			SV_STR(obj.ptr), SV_STR(r->name) };

		err = store_exec(db, ST_AUDIT_INSERT, a, 6, NULL, NULL);
	}
out:
	if (own) {
		if (!err)
			err = store_commit(db);
		if (err)
			store_rollback(db);
	}
	buf_release(&obj);
	return err;
}

enum cong_err
media_add(struct store_conn *db, const char *media_dir, int64_t site_id,
    const struct media_in *in, int64_t now, json_t **out,
    struct media_fail *fail)
{
	unsigned char digest[crypto_hash_sha256_BYTES];
	char hex[crypto_hash_sha256_BYTES * 2 + 1];
	struct media_fail local = MEDIA_FAIL_INIT;
	struct buf file = BUF_INIT, name = BUF_INIT, alt, cap;
	struct image_out io = { 0, 0, BUF_INIT };
	enum media_kind kind = MEDIA_PDF;
	enum cong_err err;
	int64_t id = 0;

	*out = NULL;
	fail = fail ? fail : &local;
	buf_init(&alt, LIMIT_ALT);
	buf_init(&cap, LIMIT_CAPTION);
	if ((err = sniff_upload(in, &kind, fail)) ||
	    (err = clean_texts(in, media_kind_is_image(kind), &alt, &cap,
	    fail)) || (err = media_display_name(in->orig_name, &name)))
		goto out;
	crypto_hash_sha256(digest, in->data, in->len);
	sodium_bin2hex(hex, sizeof(hex), digest, sizeof(digest));
	if ((err = existing(db, site_id, hex, out)) != CONG_ENOTFOUND)
		goto out;
	if (media_kind_is_image(kind)) {
		if ((err = image_store(kind, in, media_dir, hex, &io, fail))) {
			fail->field = "file";
			goto out;
		}
		buf_addf(&file, "%.32s.jpg", hex);
	} else {
		buf_addf(&file, "%.32s.%s", hex, kinds[kind].ext);
		if ((err = store_file(media_dir, file.ptr, in->data, in->len)))
			goto out;
	}
	{
		struct media_row r = { site_id, hex, file.ptr, name.ptr,
			media_kind_is_image(kind) ? kinds[MEDIA_JPEG].mime :
			kinds[kind].mime, in->len, io.width, io.height,
			cap.ptr, alt.ptr, io.variants.ptr, now, in->actor };

		err = insert_row(db, &r, &id);
		if (err == CONG_EEXIST) {
			/* the same bytes, stored by a concurrent upload */
			err = existing(db, site_id, hex, out);
			goto out;
		}
		if (err)
			goto out;
		*out = json_pack("{s:I, s:s, s:s, s:i, s:i, s:s, s:b}", "id",
		    (json_int_t)id, "file", file.ptr, "mime", r.mime, "width",
		    io.width, "height", io.height, "variants",
		    io.variants.ptr, "existed", 0);
	}
out:
	if (err && fail == &local && local.msg.len)
		log_info("media refused: %s", local.msg.ptr);
	media_fail_release(&local);
	buf_release(&file);
	buf_release(&name);
	buf_release(&alt);
	buf_release(&cap);
	buf_release(&io.variants);
	return err;
}

enum cong_err
media_add_file(struct store_conn *db, const char *media_dir,
    int64_t site_id, const char *path, const char *caption,
    const char *alt, int64_t now, json_t **out)
{
	struct media_fail fail = MEDIA_FAIL_INIT;
	struct buf data, name = BUF_INIT;
	struct media_in in;
	const char *base = strrchr(path, '/');
	char chunk[65536];
	enum cong_err err = CONG_OK;
	size_t r;
	FILE *f;

	*out = NULL;
	if (!(f = fopen(path, "rb"))) {
		log_error("cannot open '%s': %s", path, strerror(errno));
		return CONG_EIO;
	}
	buf_init(&data, LIMIT_UPLOAD_BODY);
	while (!err && (r = fread(chunk, 1, sizeof(chunk), f)) > 0)
		err = buf_add(&data, chunk, r);
	if (ferror(f))
		err = CONG_EIO;
	fclose(f);
	if (err == CONG_ETOOBIG)
		log_error("'%s': larger than %u bytes", path,
		    LIMIT_UPLOAD_BODY);
	if (err)
		goto out;
	base = base ? base + 1 : path;
	media_display_name(base, &name);
	in = (struct media_in){ (const unsigned char *)data.ptr, data.len,
	    base, caption, alt, NULL };
	if (!in.alt || !*in.alt)
		in.alt = in.caption && *in.caption ? in.caption : name.ptr;
	err = media_add(db, media_dir, site_id, &in, now, out, &fail);
	if (err && fail.msg.len)
		log_error("'%s': %s", path, fail.msg.ptr);
out:
	media_fail_release(&fail);
	buf_release(&data);
	buf_release(&name);
	return err;
}

/* ------------------------------------------------------------------ */
/* The library                                                         */

/* "%q%" for LIKE with '\' as the escape, q's own % _ \ escaped. */
static void
like_pattern(const char *q, struct buf *out)
{
	buf_addc(out, '%');
	for (; *q; q++) {
		if (*q == '%' || *q == '_' || *q == '\\')
			buf_addc(out, '\\');
		buf_addc(out, *q);
	}
	buf_addc(out, '%');
}

/* Attaches the "uses" rows to the items they name. */
static void
attach_uses(json_t *items, json_t *uses)
{
	json_t *item, *u;
	size_t i, j;

	json_array_foreach(items, i, item) {
		json_int_t id = json_integer_value(json_object_get(item,
		    "id"));
		json_t *list = json_array();

		json_array_foreach(uses, j, u) {
			if (json_integer_value(json_object_get(u,
			    "media_id")) != id ||
			    json_array_size(list) >= USES_PER_ITEM)
				continue;
			json_object_del(u, "media_id");
			json_array_append(list, u);
		}
		json_object_set_new(item, "uses", list);
	}
}

enum cong_err
media_list(struct store_conn *db, int64_t site_id, const char *q,
    int64_t page, int64_t per_page, json_t **out)
{
	struct buf pat;
	json_t *items = NULL, *uses = NULL, *it;
	int64_t total = 0, pages;
	enum cong_err err;
	size_t i;

	*out = NULL;
	q = q ? q : "";
	if (per_page < 1 || per_page > 100 || page < 1 ||
	    strlen(q) > LIMIT_QUERY)
		return CONG_EINVAL;
	buf_init(&pat, LIMIT_QUERY * 2 + 4);
	like_pattern(q, &pat);
	{
		struct store_val v[5] = { SV_INT(site_id), SV_STR(q),
			SV_STR(pat.ptr), SV_INT(per_page),
			SV_INT((page - 1) * per_page) };

		if ((err = store_query_int(db, ST_MEDIA_COUNT, v, 3, &total)) ||
		    (err = store_query_json(db, ST_MEDIA_LIST, v, 5, &items)) ||
		    (err = store_query_json(db, ST_MEDIA_USES, v, 5, &uses)))
			goto out;
	}
	json_array_foreach(items, i, it)
		media_decorate(it);
	attach_uses(items, uses);
	pages = total ? (total + per_page - 1) / per_page : 1;
	*out = json_pack("{s:O, s:I, s:I, s:I, s:s}", "items", items,
	    "total", (json_int_t)total, "page", (json_int_t)page, "pages",
	    (json_int_t)pages, "q", q);
out:
	json_decref(items);
	json_decref(uses);
	buf_release(&pat);
	return err;
}

enum cong_err
media_get(struct store_conn *db, int64_t site_id, int64_t id, json_t **out)
{
	struct store_val v[2] = { SV_INT(site_id), SV_INT(id) };
	enum cong_err err;

	if ((err = store_query_one(db, ST_MEDIA_GET, v, 2, out)))
		return err;
	media_decorate(*out);
	return CONG_OK;
}
