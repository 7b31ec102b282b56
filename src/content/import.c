/* SPDX-License-Identifier: ISC */
/*
 * import.c: the text and JSON article formats, and storing what they
 * hold. The text parser works on blocks (runs of non-blank lines joined
 * by a space), remembering the line each block starts on for messages.
 */
#include "base/common.h"
#include "base/buf.h"
#include "base/log.h"
#include "content/article.h"
#include "content/changes.h"
#include "content/import.h"
#include "content/media.h"
#include "content/site.h"
#include "render/escape.h"
#include "render/sanitize.h"
#include "store/store.h"
#include "vn/date.h"
#include "vn/slug.h"
#include "vn/text.h"

#include <stdio.h>
#include <strings.h>

#define IMPORT_MAX_FIELD 4096	/* portal, section, author, caption */

struct raw_block {
	struct buf text;
	int line;
};

static bool
is_space_at(const char *p, size_t n, size_t *w)
{
	if (n >= 1 && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\f' ||
	    *p == '\v')) {
		*w = 1;
		return true;
	}
	/* U+00A0 NO-BREAK SPACE: the seed indents paragraphs with it */
	if (n >= 2 && (unsigned char)p[0] == 0xc2 &&
	    (unsigned char)p[1] == 0xa0) {
		*w = 2;
		return true;
	}
	/* U+3000 IDEOGRAPHIC SPACE, U+2000–U+200B, U+FEFF */
	if (n >= 3 && (unsigned char)p[0] == 0xe2 &&
	    (unsigned char)p[1] == 0x80 && (unsigned char)p[2] <= 0x8b) {
		*w = 3;
		return true;
	}
	if (n >= 3 && (unsigned char)p[0] == 0xef &&
	    (unsigned char)p[1] == 0xbb && (unsigned char)p[2] == 0xbf) {
		*w = 3;
		return true;
	}
	return false;
}

/* Trims spaces (ASCII, NBSP and friends) off both ends of a line. */
static void
trim(const char **p, size_t *n)
{
	size_t w;

	while (*n && is_space_at(*p, *n, &w)) {
		*p += w;
		*n -= w;
	}
	for (;;) {
		size_t i, found = 0;

		/* find a space sequence that ends exactly at the end */
		for (i = *n > 3 ? *n - 3 : 0; i < *n; i++)
			if (is_space_at(*p + i, *n - i, &w) && i + w == *n) {
				found = w;
				break;
			}
		if (!found)
			break;
		*n -= found;
	}
}

static void
blocks_free(struct raw_block *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		buf_release(&b[i].text);
	free(b);
}

/* Splits text into blocks of non-blank lines. */
static enum cong_err
split_blocks(const char *name, const char *p, size_t n,
    struct raw_block **out, size_t *count, struct buf *why)
{
	struct raw_block *b = NULL;
	size_t nb = 0, off = 0;
	bool in_block = false;
	int line = 0;

	while (off < n) {
		const char *s = p + off, *nl = memchr(s, '\n', n - off);
		size_t len = nl ? (size_t)(nl - s) : n - off;

		off += len + (nl ? 1 : 0);
		line++;
		trim(&s, &len);
		if (!len) {
			in_block = false;
			continue;
		}
		if (!in_block) {
			if (nb >= IMPORT_MAX_BLOCKS) {
				buf_addf(why, "%s:%d: more than %d blocks",
				    name, line, IMPORT_MAX_BLOCKS);
				blocks_free(b, nb);
				return CONG_ETOOBIG;
			}
			b = xrealloc(b, (nb + 1) * sizeof(*b));
			buf_init(&b[nb].text, LIMIT_BODY);
			b[nb].line = line;
			nb++;
			in_block = true;
		} else {
			buf_addc(&b[nb - 1].text, ' ');
		}
		if (vn_text_line(s, len, &b[nb - 1].text)) {
			buf_addf(why, "%s:%d: expected UTF-8 text without "
			    "control characters", name, line);
			blocks_free(b, nb);
			return CONG_EPARSE;
		}
	}
	*out = b;
	*count = nb;
	return CONG_OK;
}

static bool
is_image_name(const char *s, size_t n)
{
	static const char *const exts[] = { ".jpg", ".jpeg", ".png", ".webp",
		".gif" };
	size_t i, el;

	if (n > 255 || memchr(s, '/', n) || memchr(s, '\\', n))
		return false;
	for (i = 0; i < ARRAY_SIZE(exts); i++) {
		el = strlen(exts[i]);
		if (n > el && strncasecmp(s + n - el, exts[i], el) == 0)
			return true;
	}
	return false;
}

static void
add_block(struct import_article *a, enum import_block_kind kind,
    const char *text, const char *caption, int line)
{
	struct import_block *b;

	a->blocks = xrealloc(a->blocks, (a->nblocks + 1) * sizeof(*b));
	b = &a->blocks[a->nblocks++];
	b->kind = kind;
	b->text = xstrdup(text);
	b->caption = caption ? xstrdup(caption) : NULL;
	b->line = line;
}

static enum cong_err
short_field(const char *name, const struct raw_block *b, const char *what,
    char **out, struct buf *why)
{
	if (b->text.len > IMPORT_MAX_FIELD) {
		buf_addf(why, "%s:%d: %s is longer than %d bytes", name,
		    b->line, what, IMPORT_MAX_FIELD);
		return CONG_EPARSE;
	}
	*out = xstrdup(b->text.ptr);
	return CONG_OK;
}

enum cong_err
import_parse_text(const char *name, const char *p, size_t n,
    struct import_article *a, struct buf *why)
{
	struct raw_block *b = NULL;
	size_t nb = 0, i;
	enum cong_err err;

	memset(a, 0, sizeof(*a));
	if ((err = split_blocks(name, p, n, &b, &nb, why)))
		return err;
	if (nb < 6) {
		buf_addf(why, "%s:%d: expected portal name, section, title, "
		    "time stamp, at least one paragraph and the author, "
		    "separated by blank lines", name, nb ? b[nb - 1].line : 1);
		err = CONG_EPARSE;
		goto out;
	}
	if ((err = short_field(name, &b[0], "the portal name", &a->portal,
	    why)) || (err = short_field(name, &b[1], "the section name",
	    &a->category, why)))
		goto out;
	if (b[2].text.len > LIMIT_TITLE) {
		buf_addf(why, "%s:%d: the title is longer than %d bytes", name,
		    b[2].line, LIMIT_TITLE);
		err = CONG_EPARSE;
		goto out;
	}
	a->title = xstrdup(b[2].text.ptr);
	if (vn_date_parse_stamp(b[3].text.ptr, b[3].text.len,
	    &a->published_at)) {
		buf_addf(why, "%s:%d: expected the time stamp "
		    "'(HH:MM | DD/MM/YYYY)'", name, b[3].line);
		err = CONG_EPARSE;
		goto out;
	}
	if (is_image_name(b[nb - 1].text.ptr, b[nb - 1].text.len) ||
	    (err = short_field(name, &b[nb - 1], "the author's name",
	    &a->author, why))) {
		if (!err)
			buf_addf(why, "%s:%d: expected the author's name as "
			    "the last line", name, b[nb - 1].line);
		err = CONG_EPARSE;
		goto out;
	}
	for (i = 4; i < nb - 1; i++) {
		if (is_image_name(b[i].text.ptr, b[i].text.len)) {
			if (i + 1 >= nb - 1 || is_image_name(b[i + 1].text.ptr,
			    b[i + 1].text.len) ||
			    b[i + 1].text.len > IMPORT_MAX_FIELD) {
				buf_addf(why, "%s:%d: expected a caption after "
				    "the image '%s'", name, b[i].line,
				    b[i].text.ptr);
				err = CONG_EPARSE;
				goto out;
			}
			add_block(a, IMPORT_IMAGE, b[i].text.ptr,
			    b[i + 1].text.ptr, b[i].line);
			i++;
		} else if (!a->lead && b[i].text.len <= LIMIT_LEAD) {
			a->lead = xstrdup(b[i].text.ptr);
		} else {
			add_block(a, IMPORT_PARA, b[i].text.ptr, NULL,
			    b[i].line);
		}
	}
	a->featured = strcmp(a->category, "Sự kiện nổi bật") == 0;
out:
	blocks_free(b, nb);
	if (err)
		import_article_release(a);
	return err;
}

void
import_article_release(struct import_article *a)
{
	size_t i;

	if (!a)
		return;
	free(a->portal);
	free(a->category);
	free(a->title);
	free(a->lead);
	free(a->author);
	free(a->source);
	for (i = 0; i < a->nblocks; i++) {
		free(a->blocks[i].text);
		free(a->blocks[i].caption);
	}
	free(a->blocks);
	memset(a, 0, sizeof(*a));
}

/* ------------------------------------------------------------------ */
/* JSON                                                                */

static enum cong_err
json_text(json_t *o, const char *key, bool required, size_t max,
    bool multiline, char **out, const char *ctx, struct buf *why)
{
	json_t *v = json_object_get(o, key);
	struct buf clean;
	enum cong_err err;

	*out = NULL;
	if (!v || json_is_null(v)) {
		if (!required)
			return CONG_OK;
		buf_addf(why, "%s: expected \"%s\"", ctx, key);
		return CONG_EPARSE;
	}
	if (!json_is_string(v)) {
		buf_addf(why, "%s: \"%s\" must be a string", ctx, key);
		return CONG_EPARSE;
	}
	buf_init(&clean, max);
	err = multiline ? vn_text_clean(json_string_value(v),
	    json_string_length(v), &clean, VN_TEXT_MULTILINE) :
	    vn_text_line(json_string_value(v), json_string_length(v), &clean);
	if (err || (required && !clean.len)) {
		buf_addf(why, "%s: \"%s\" %s", ctx, key, err == CONG_ETOOBIG ?
		    "is too long" : err ? "holds control characters" :
		    "is empty");
		buf_release(&clean);
		return CONG_EPARSE;
	}
	*out = buf_detach(&clean, NULL);
	return CONG_OK;
}

static enum cong_err
json_one(const char *ctx, json_t *o, struct import_article *a,
    struct buf *why)
{
	char *published = NULL, *tmp = NULL;
	json_t *arr, *v;
	enum cong_err err;
	size_t i;

	memset(a, 0, sizeof(*a));
	if (!json_is_object(o)) {
		buf_addf(why, "%s: expected an object", ctx);
		return CONG_EPARSE;
	}
	if ((err = json_text(o, "category", true, IMPORT_MAX_FIELD, false,
	    &a->category, ctx, why)) ||
	    (err = json_text(o, "title", true, LIMIT_TITLE, false, &a->title,
	    ctx, why)) ||
	    (err = json_text(o, "lead", false, LIMIT_LEAD, false, &a->lead,
	    ctx, why)) ||
	    (err = json_text(o, "author", false, IMPORT_MAX_FIELD, false,
	    &a->author, ctx, why)) ||
	    (err = json_text(o, "source", false, IMPORT_MAX_FIELD, false,
	    &a->source, ctx, why)) ||
	    (err = json_text(o, "published", true, 64, false, &published,
	    ctx, why)))
		goto out;
	if (vn_date_parse_stamp(published, strlen(published),
	    &a->published_at) && vn_date_parse_local(published,
	    strlen(published), &a->published_at)) {
		buf_addf(why, "%s: \"published\" must look like "
		    "\"15:54 | 18/07/2019\" or \"2019-07-18T15:54\"", ctx);
		err = CONG_EPARSE;
		goto out;
	}
	a->featured = json_is_true(json_object_get(o, "featured"));
	if ((err = json_text(o, "body_html", false, LIMIT_BODY, true, &tmp,
	    ctx, why)))
		goto out;
	if (tmp)
		add_block(a, IMPORT_HTML, tmp, NULL, 0);
	free(tmp);
	tmp = NULL;
	arr = json_object_get(o, "paragraphs");
	if (arr && !json_is_array(arr)) {
		buf_addf(why, "%s: \"paragraphs\" must be an array", ctx);
		err = CONG_EPARSE;
		goto out;
	}
	json_array_foreach(arr, i, v) {
		json_t *wrap = json_pack("{s:O}", "p", v);

		err = json_text(wrap, "p", true, LIMIT_BODY, false, &tmp, ctx,
		    why);
		json_decref(wrap);
		if (err)
			goto out;
		add_block(a, IMPORT_PARA, tmp, NULL, 0);
		free(tmp);
		tmp = NULL;
	}
	arr = json_object_get(o, "images");
	if (arr && !json_is_array(arr)) {
		buf_addf(why, "%s: \"images\" must be an array", ctx);
		err = CONG_EPARSE;
		goto out;
	}
	json_array_foreach(arr, i, v) {
		char *file = NULL, *caption = NULL;

		if ((err = json_text(v, "file", true, 255, false, &file, ctx,
		    why)) || (err = json_text(v, "caption", false,
		    IMPORT_MAX_FIELD, false, &caption, ctx, why)) ||
		    !is_image_name(file, strlen(file))) {
			if (!err)
				buf_addf(why, "%s: image \"%s\" is not a "
				    "plain .jpg/.png/.webp/.gif name", ctx,
				    file);
			free(file);
			free(caption);
			err = CONG_EPARSE;
			goto out;
		}
		add_block(a, IMPORT_IMAGE, file, caption ? caption : "", 0);
		free(file);
		free(caption);
	}
out:
	free(published);
	free(tmp);
	if (err)
		import_article_release(a);
	return err;
}

enum cong_err
import_parse_json(const char *name, const char *p, size_t n,
    struct import_article **out, size_t *count, struct buf *why)
{
	json_error_t jerr;
	json_t *root = json_loadb(p, n, JSON_REJECT_DUPLICATES, &jerr);
	json_t *v;
	struct import_article *arts = NULL;
	struct buf ctx = BUF_INIT;
	enum cong_err err = CONG_OK;
	size_t i, total;

	*out = NULL;
	*count = 0;
	if (!root) {
		buf_addf(why, "%s:%d: %s", name, jerr.line, jerr.text);
		return CONG_EPARSE;
	}
	if (json_is_object(root)) {
		json_t *arr = json_array();

		json_array_append(arr, root);
		json_decref(root);
		root = arr;
	}
	if (!json_is_array(root) || json_array_size(root) > 10000) {
		buf_addf(why, "%s: expected an article object or an array of "
		    "at most 10000", name);
		err = CONG_EPARSE;
		goto out;
	}
	total = json_array_size(root);
	arts = xcalloc(total ? total : 1, sizeof(*arts));
	json_array_foreach(root, i, v) {
		buf_reset(&ctx);
		buf_addf(&ctx, "%s: article %zu", name, i + 1);
		if ((err = json_one(ctx.ptr, v, &arts[i], why)))
			break;
		(*count)++;
	}
	if (err) {
		for (i = 0; i < *count; i++)
			import_article_release(&arts[i]);
		free(arts);
		arts = NULL;
		*count = 0;
	}
	*out = arts;
out:
	buf_release(&ctx);
	json_decref(root);
	return err;
}

/* ------------------------------------------------------------------ */
/* Decoding                                                            */

enum cong_err
import_decode(const char *name, const char *p, size_t n, enum vn_enc enc,
    struct buf *out, struct buf *why)
{
	struct buf tmp;
	enum cong_err err;

	if (n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0) {
		p += 3;
		n -= 3;
	}
	if (enc == VN_ENC__MAX)
		enc = vn_utf8_valid(p, n) ? VN_ENC_UTF8 :
		    vn_legacy_detect(p, n);
	if (enc == VN_ENC_UTF8) {
		if (!vn_utf8_valid(p, n)) {
			buf_addf(why, "%s: not valid UTF-8 (try --encoding)",
			    name);
			return CONG_EPARSE;
		}
		if ((err = vn_nfc(p, n, out)))
			buf_addf(why, "%s: cannot normalise the text", name);
		return err;
	}
	buf_init(&tmp, LIMIT_IMPORT_FILE * 2);
	err = vn_legacy_decode(enc, p, n, &tmp);
	if (!err)
		err = vn_nfc(tmp.ptr, tmp.len, out);
	if (err)
		buf_addf(why, "%s: cannot decode as %s", name,
		    vn_enc_name(enc));
	else
		log_info("%s: decoded from %s", name, vn_enc_name(enc));
	buf_release(&tmp);
	return err;
}

/* ------------------------------------------------------------------ */
/* Storing                                                             */

static enum cong_err
store_image(struct store_conn *db, int64_t site_id, const char *media_dir,
    const char *media_src, const struct import_block *b, int64_t now,
    json_t **media, struct buf *why)
{
	struct buf path = BUF_INIT;
	enum cong_err err;

	buf_addf(&path, "%s/%s", media_src ? media_src : ".", b->text);
	err = media_add_file(db, media_dir, site_id, path.ptr, b->caption,
	    b->caption, now, media);
	if (err)
		buf_addf(why, "line %d: cannot store the image '%s' (looked "
		    "for '%s')", b->line, b->text, path.ptr);
	buf_release(&path);
	return err;
}

static void
figure_html(struct buf *body, json_t *media, const char *caption)
{
	const char *file = json_string_value(json_object_get(media, "file"));

	buf_adds(body, "<figure><img src=\"/media/");
	escape_attr(body, file, strlen(file));
	buf_adds(body, "\" alt=\"");
	escape_attr(body, caption, strlen(caption));
	buf_addf(body, "\" width=\"%lld\" height=\"%lld\">",
	    (long long)json_integer_value(json_object_get(media, "width")),
	    (long long)json_integer_value(json_object_get(media, "height")));
	if (*caption) {
		buf_adds(body, "<figcaption>");
		escape_html(body, caption, strlen(caption));
		buf_adds(body, "</figcaption>");
	}
	buf_adds(body, "</figure>\n");
}

enum cong_err
import_store(struct store_conn *db, int64_t site_id, const char *media_dir,
    const char *media_src, const struct import_article *a, int64_t now,
    int64_t *id, struct buf *why)
{
	struct sanitize_opts so = { "/media/", 0 };
	struct buf raw, body, key = BUF_INIT, slug = BUF_INIT;
	struct article_input in;
	json_t *cover = NULL, *media = NULL;
	const char *cover_caption = "";
	bool own_tx = !store_in_tx(db);
	enum cong_err err;
	size_t i;

	buf_init(&raw, LIMIT_BODY);
	buf_init(&body, LIMIT_BODY);
	memset(&in, 0, sizeof(in));
	if (own_tx && (err = store_begin(db, true)))
		goto out;
	if ((err = category_ensure(db, site_id, a->category, 100,
	    &in.category_id))) {
		buf_addf(why, "cannot create the category '%s'", a->category);
		goto out;
	}
	for (i = 0; i < a->nblocks; i++) {
		const struct import_block *b = &a->blocks[i];

		switch (b->kind) {
		case IMPORT_PARA:
			buf_adds(&raw, "<p>");
			escape_html(&raw, b->text, strlen(b->text));
			buf_adds(&raw, "</p>\n");
			break;
		case IMPORT_HTML:
			buf_adds(&raw, b->text);
			break;
		case IMPORT_IMAGE:
			if ((err = store_image(db, site_id, media_dir,
			    media_src, b, now, &media, why)))
				goto out;
			figure_html(&raw, media, b->caption);
			if (!cover) {
				cover = media;
				cover_caption = b->caption;
			} else {
				json_decref(media);
			}
			media = NULL;
			break;
		}
	}
	if (!buf_ok(&raw) || (err = sanitize_html(raw.ptr, raw.len, &so,
	    &body))) {
		buf_addf(why, "the body is too long or cannot be sanitized");
		err = err ? err : CONG_ETOOBIG;
		goto out;
	}
	if ((err = vn_slug(a->title, strlen(a->title), &slug, LIMIT_SLUG))) {
		buf_addf(why, "the title has no letters for a slug");
		goto out;
	}
	buf_addf(&key, "text:%s:%lld", slug.ptr, (long long)a->published_at);
	in.site_id = site_id;
	in.title = a->title;
	in.lead = a->lead;
	in.body_html = body.ptr;
	in.author = a->author;
	in.source = a->source;
	in.status = "published";
	in.featured = a->featured;
	in.published_at = a->published_at;
	in.cover_media_id = cover ? json_integer_value(json_object_get(cover,
	    "id")) : 0;
	in.cover_caption = cover_caption;
	in.cover_alt = cover_caption;
	in.import_key = key.ptr;
	if ((err = article_save(db, "import", "import", &in, now, id))) {
		buf_addf(why, "cannot save the article");
		goto out;
	}
	if (own_tx && !(err = store_commit(db)))
		content_seq_bump();
out:
	if (err && own_tx)
		store_rollback(db);
	json_decref(cover);
	json_decref(media);
	buf_release(&raw);
	buf_release(&body);
	buf_release(&key);
	buf_release(&slug);
	return err;
}
