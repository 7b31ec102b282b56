/* SPDX-License-Identifier: ISC */
/*
 * media.c: content-addressed storage of media files. The file is written
 * to a temporary name, synced and renamed, so a crash never leaves half
 * a file under a real name; the same bytes twice are stored once.
 */
#include "base/common.h"
#include "base/buf.h"
#include "base/log.h"
#include "content/media.h"
#include "store/store.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vips/vips.h>

static const struct {
	const char *ext;
	const char *mime;
} kinds[MEDIA__MAX] = {
	[MEDIA_JPEG] = { "jpg", "image/jpeg" },
	[MEDIA_PNG] = { "png", "image/png" },
	[MEDIA_GIF] = { "gif", "image/gif" },
	[MEDIA_WEBP] = { "webp", "image/webp" },
};

enum cong_err
media_sniff(const unsigned char *p, size_t n, enum media_kind *kind)
{
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
	else
		return CONG_EINVAL;
	return CONG_OK;
}

static pthread_once_t vips_once = PTHREAD_ONCE_INIT;
static bool vips_ok;

static void
vips_start(void)
{
	vips_ok = VIPS_INIT("cong") == 0;
	if (vips_ok) {
		vips_cache_set_max(0);
		vips_concurrency_set(1);
	}
}

/* Width and height from the image header; the pixels are not decoded. */
static enum cong_err
image_size(const unsigned char *data, size_t len, int *w, int *h)
{
	VipsImage *img;

	pthread_once(&vips_once, vips_start);
	if (!vips_ok)
		return CONG_EIO;
	img = vips_image_new_from_buffer(data, len, "", NULL);
	if (!img) {
		vips_error_clear();
		return CONG_EINVAL;
	}
	*w = vips_image_get_width(img);
	*h = vips_image_get_height(img);
	g_object_unref(img);
	return CONG_OK;
}

static enum cong_err
write_atomic(const char *path, const unsigned char *data, size_t len)
{
	struct buf tmp = BUF_INIT;
	enum cong_err err = CONG_OK;
	size_t off = 0;
	int fd;

	buf_addf(&tmp, "%s.tmp.%ld", path, (long)getpid());
	fd = open(tmp.ptr, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		log_error("cannot create '%s': %s", tmp.ptr, strerror(errno));
		err = CONG_EIO;
		goto out;
	}
	while (off < len) {
		ssize_t w = write(fd, data + off, len - off);

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

enum cong_err
media_add(struct store_conn *db, const char *media_dir, int64_t site_id,
    const unsigned char *data, size_t len, const char *orig_name,
    const char *caption, const char *alt, int64_t now, json_t **out)
{
	unsigned char digest[crypto_hash_sha256_BYTES];
	char hex[crypto_hash_sha256_BYTES * 2 + 1];
	struct buf file = BUF_INIT, path = BUF_INIT;
	enum media_kind kind;
	struct stat sb;
	int w = 0, h = 0;
	int64_t id = 0;
	enum cong_err err;

	*out = NULL;
	if (len > LIMIT_UPLOAD_BODY)
		return CONG_ETOOBIG;
	if ((err = media_sniff(data, len, &kind))) {
		log_error("'%s': not a JPEG, PNG, GIF or WebP image",
		    orig_name);
		return err;
	}
	if ((err = image_size(data, len, &w, &h))) {
		log_error("'%s': cannot read the image", orig_name);
		return err;
	}
	crypto_hash_sha256(digest, data, len);
	sodium_bin2hex(hex, sizeof(hex), digest, sizeof(digest));
	buf_addf(&file, "%.32s.%s", hex, kinds[kind].ext);
	buf_addf(&path, "%s/%s", media_dir, file.ptr);
	if (stat(path.ptr, &sb) != 0 &&
	    (err = write_atomic(path.ptr, data, len)))
		goto out;
	{
		struct store_val k[2] = { SV_INT(site_id), SV_STR(hex) };

		err = store_query_int(db, ST_MEDIA_BY_HASH, k, 2, &id);
	}
	if (err == CONG_ENOTFOUND) {
		struct store_val v[11] = { SV_INT(site_id), SV_STR(hex),
			SV_STR(file.ptr), SV_STR(orig_name),
			SV_STR(kinds[kind].mime), SV_INT(len), SV_INT(w),
			SV_INT(h), SV_STR(caption ? caption : ""),
			SV_STR(alt ? alt : ""), SV_INT(now) };

		err = store_exec(db, ST_MEDIA_INSERT, v, 11, &id, NULL);
	}
	if (!err)
		*out = json_pack("{s:I, s:s, s:i, s:i, s:s}", "id",
		    (json_int_t)id, "file", file.ptr, "width", w, "height", h,
		    "mime", kinds[kind].mime);
out:
	buf_release(&file);
	buf_release(&path);
	return err;
}

enum cong_err
media_add_file(struct store_conn *db, const char *media_dir,
    int64_t site_id, const char *path, const char *caption,
    const char *alt, int64_t now, json_t **out)
{
	struct buf data;
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
	if (!err)
		err = media_add(db, media_dir, site_id,
		    (const unsigned char *)data.ptr, data.len,
		    base ? base + 1 : path, caption, alt, now, out);
	buf_release(&data);
	return err;
}
