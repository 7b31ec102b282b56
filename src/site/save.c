/* SPDX-License-Identifier: ISC */
/*
 * save.c: "Lưu bài viết", the archive copy of an article that Decree
 * 42/2022/NĐ-CP asks portals to offer: the print view as one HTML file
 * that needs nothing else to open years later. The print stylesheet is
 * inlined, and each image of the body that lives in the media directory
 * is embedded as a data: URI (at most SAVE_IMAGE_MAX bytes each and
 * SAVE_IMAGES_MAX in all; past that an image keeps its absolute URL).
 */
#include "base/common.h"
#include "base/buf.h"
#include "base/log.h"
#include "content/article.h"
#include "http/blob.h"
#include "http/static.h"
#include "site/page.h"
#include "vn/date.h"
#include "vn/slug.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#define SAVE_IMAGE_MAX (3u << 20)
#define SAVE_IMAGES_MAX (12u << 20)
#define SAVE_CSS_MAX (256u << 10)
#define SAVE_NAME_MAX 80

/* Reads at most max bytes of dir/name into out; CONG_ETOOBIG past it. */
static enum cong_err
read_file(const char *dir, const char *name, size_t max, struct buf *out)
{
	struct buf path = BUF_INIT;
	struct stat st;
	enum cong_err err = CONG_OK;
	int fd = -1;
	ssize_t n;

	buf_addf(&path, "%s/%s", dir, name);
	if ((fd = open(path.ptr, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0 ||
	    fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		err = CONG_ENOTFOUND;
		goto out;
	}
	if ((size_t)st.st_size > max) {
		err = CONG_ETOOBIG;
		goto out;
	}
	buf_init(out, max);
	if ((err = buf_grow(out, (size_t)st.st_size)))
		goto out;
	while ((n = read(fd, out->ptr + out->len, out->alloc - out->len -
	    1)) > 0 && out->len < (size_t)st.st_size) {
		out->len += (size_t)n;
		out->ptr[out->len] = '\0';
	}
	if (n < 0)
		err = CONG_EIO;
out:
	if (fd >= 0)
		close(fd);
	buf_release(&path);
	return err;
}

static const char *
mime_of(const char *name)
{
	static const struct {
		const char *ext, *mime;
	} types[] = {
		{ ".jpg", "image/jpeg" }, { ".jpeg", "image/jpeg" },
		{ ".png", "image/png" }, { ".gif", "image/gif" },
		{ ".webp", "image/webp" },
	};
	const char *dot = strrchr(name, '.');
	size_t i;

	for (i = 0; dot && i < ARRAY_SIZE(types); i++)
		if (strcmp(dot, types[i].ext) == 0)
			return types[i].mime;
	return NULL;
}

/* A stored media name: lower-case letters, digits, '-', '_', one '.'. */
static bool
media_name_ok(const char *s, size_t n)
{
	size_t i, dots = 0;

	if (!n || n > SAVE_NAME_MAX || s[0] == '.')
		return false;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c == '.')
			dots++;
		else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_'))
			return false;
	}
	return dots == 1;
}

/* Appends the data: URI of a media file; false if it cannot be embedded. */
static bool
embed(const char *name, size_t *budget, struct buf *out)
{
	struct buf data = BUF_INIT;
	const char *mime = mime_of(name);
	size_t b64;
	bool ok = false;

	if (!mime || !site_media_dir() || read_file(site_media_dir(), name,
	    SAVE_IMAGE_MAX, &data) || data.len > *budget)
		goto out;
	b64 = sodium_base64_encoded_len(data.len,
	    sodium_base64_VARIANT_ORIGINAL);
	if (buf_addf(out, "data:%s;base64,", mime) ||
	    buf_grow(out, b64))
		goto out;
	sodium_bin2base64(out->ptr + out->len, b64, (const unsigned char *)
	    data.ptr, data.len, sodium_base64_VARIANT_ORIGINAL);
	out->len += b64 - 1;
	*budget -= data.len;
	ok = true;
out:
	buf_release(&data);
	return ok;
}

/* Copies page, replacing src="/media/NAME" by the image's data: URI. */
static enum cong_err
embed_images(const char *page, size_t n, struct buf *out)
{
	static const char pre[] = "src=\"/media/";
	size_t pl = sizeof(pre) - 1, i = 0, budget = SAVE_IMAGES_MAX;

	while (i < n) {
		const char *hit = memmem(page + i, n - i, pre, pl);
		const char *name, *end;
		char file[SAVE_NAME_MAX + 1];

		if (!hit) {
			buf_add(out, page + i, n - i);
			break;
		}
		name = hit + pl;
		end = memchr(name, '"', (size_t)(page + n - name));
		/* everything up to the quote's '/media/' */
		buf_add(out, page + i, (size_t)(hit + 5 - (page + i)));
		i = (size_t)(name - page);
		if (end && media_name_ok(name, (size_t)(end - name))) {
			memcpy(file, name, (size_t)(end - name));
			file[end - name] = '\0';
			if (embed(file, &budget, out)) {
				i = (size_t)(end - page);
				continue;
			}
		}
		buf_adds(out, "/media/");
	}
	return buf_ok(out) ? CONG_OK : CONG_ETOOBIG;
}

/*
 * The print stylesheet from the static files held in memory (the
 * sandbox no longer lets a worker open the static dir), checked to be
 * unable to close <style>.
 */
static enum cong_err
print_css(struct buf *css)
{
	bool immutable;
	struct http_blob *b = http_static_find("css/print.css", 13,
	    &immutable);
	const char *p;
	size_t n;

	if (!b)
		return CONG_ENOTFOUND;
	p = b->v[HTTP_ENC_IDENTITY].data;
	n = b->v[HTTP_ENC_IDENTITY].len;
	if (!p || n > SAVE_CSS_MAX || memchr(p, '<', n)) {
		log_error("print.css cannot be inlined");
		return CONG_EINVAL;
	}
	buf_init(css, SAVE_CSS_MAX);
	return buf_add(css, p, n);
}

enum cong_err
site_article_save(struct http_req *req, struct http_resp *resp)
{
	json_t *site = NULL, *art = NULL, *ctx = NULL;
	struct buf printed = BUF_INIT, css = BUF_INIT, out = BUF_INIT;
	struct buf disp = BUF_INIT;
	enum cong_err err;

	if (!vn_slug_valid(req->args[0], req->args_len[0]))
		return CONG_ENOTFOUND;
	if ((err = site_for_request(req, &site)))
		return err;
	if ((err = article_public_get(req->db, json_integer_value(
	    json_object_get(site, "id")), req->now, req->args[0],
	    req->args_len[0], &art)) || (err = print_css(&css)))
		goto out;
	site_article_decorate(art);
	vn_date_format(&printed, req->now, VN_DATE_LONG_TIME);
	ctx = json_pack("{s:O, s:s, s:s%, s:b}", "article", art, "printed",
	    printed.ptr, "inline_css_html", css.ptr, css.len, "saved", 1);
	if ((err = site_render(req, resp, "site/print", site, ctx, NULL)))
		goto out;
	buf_init(&out, LIMIT_PAGE + SAVE_IMAGES_MAX * 2);
	if ((err = embed_images(resp->body.ptr, resp->body.len, &out)))
		goto out;
	buf_release(&resp->body);
	resp->body = out;
	out = (struct buf)BUF_INIT;
	buf_addf(&disp, "attachment; filename=\"%.*s.html\"",
	    (int)req->args_len[0], req->args[0]);
	if ((err = http_resp_header(resp, "content-disposition", disp.ptr)))
		goto out;
	resp->max_age = 300;
	http_resp_tags(resp, "a%lld", (long long)json_integer_value(
	    json_object_get(art, "id")));
out:
	buf_release(&disp);
	buf_release(&out);
	buf_release(&css);
	buf_release(&printed);
	json_decref(ctx);
	json_decref(art);
	json_decref(site);
	return err;
}
