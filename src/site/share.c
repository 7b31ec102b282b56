/* SPDX-License-Identifier: ISC */
/*
 * share.c: what an article page tells the systems that share and index
 * it: the canonical URL, Open Graph (Facebook, Zalo), the Twitter card,
 * Dublin Core meta tags, and schema.org JSON-LD (NewsArticle and
 * BreadcrumbList). The JSON is built with jansson and escaped for a
 * <script> element (escape_json_in_html) before the template prints it
 * raw as "jsonld_html".
 */
#include "base/common.h"
#include "base/buf.h"
#include "content/media.h"
#include "http/server.h"
#include "render/escape.h"
#include "site/page.h"
#include "vn/date.h"

#define SHARE_IMAGE_WIDTH 1600

/* base + path as a new JSON string. */
static json_t *
abs_url(const struct buf *base, const char *path)
{
	struct buf b = BUF_INIT;
	json_t *s;

	buf_add(&b, base->ptr, base->len);
	buf_adds(&b, path ? path : "/");
	s = json_stringn(b.ptr, b.len);
	buf_release(&b);
	return s;
}

static json_t *
rfc3339(int64_t t)
{
	struct buf b = BUF_INIT;
	json_t *s = NULL;

	buf_init(&b, 64);
	if (!vn_date_format(&b, t, VN_DATE_RFC3339))
		s = json_stringn(b.ptr, b.len);
	buf_release(&b);
	return s ? s : json_string("");
}

static const char *
str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

static json_t *
breadcrumbs(const struct buf *base, json_t *art)
{
	json_t *items = json_array();

	json_array_append_new(items, json_pack("{s:s, s:i, s:s, s:o}",
	    "@type", "ListItem", "position", 1, "name", "Trang chủ",
	    "item", abs_url(base, "/")));
	json_array_append_new(items, json_pack("{s:s, s:i, s:s, s:o}",
	    "@type", "ListItem", "position", 2, "name",
	    str(art, "category_name"), "item", abs_url(base,
	    str(art, "category_url"))));
	json_array_append_new(items, json_pack("{s:s, s:i, s:s, s:o}",
	    "@type", "ListItem", "position", 3, "name", str(art, "title"),
	    "item", abs_url(base, str(art, "url"))));
	return json_pack("{s:s, s:o}", "@type", "BreadcrumbList",
	    "itemListElement", items);
}

static json_t *
news_article(const struct buf *base, json_t *site, json_t *art,
    json_t *share)
{
	const char *author = str(art, "author");
	const char *agency = str(site, "agency");
	json_t *o;

	o = json_pack("{s:s, s:s, s:s, s:O, s:O, s:s, s:s, s:o}",
	    "@type", "NewsArticle",
	    "headline", str(art, "title"),
	    "description", str(share, "description"),
	    "datePublished", json_object_get(share, "published"),
	    "dateModified", json_object_get(share, "modified"),
	    "articleSection", str(art, "category_name"),
	    "inLanguage", "vi",
	    "mainEntityOfPage", json_pack("{s:s, s:O}", "@type", "WebPage",
	    "@id", json_object_get(share, "url")));
	if (*author)
		json_object_set_new(o, "author", json_pack("{s:s, s:s}",
		    "@type", "Person", "name", author));
	else
		json_object_set_new(o, "author", json_pack("{s:s, s:s}",
		    "@type", "GovernmentOrganization", "name",
		    str(site, "name")));
	if (json_object_get(share, "image"))
		json_object_set_new(o, "image", json_pack("[O]",
		    json_object_get(share, "image")));
	json_object_set_new(o, "publisher", json_pack("{s:s, s:s, s:{s:s, "
	    "s:o}}", "@type", "GovernmentOrganization", "name",
	    *agency ? agency : str(site, "name"), "logo", "@type",
	    "ImageObject", "url", abs_url(base,
	    http_static_url("img/emblem.svg"))));
	return o;
}

static enum cong_err
add_jsonld(const struct buf *base, json_t *site, json_t *art,
    json_t *share)
{
	struct buf out = BUF_INIT;
	json_t *doc;
	char *text;
	enum cong_err err;

	doc = json_pack("{s:s, s:[o, o]}", "@context", "https://schema.org",
	    "@graph", news_article(base, site, art, share),
	    breadcrumbs(base, art));
	text = json_dumps(doc, JSON_COMPACT);
	json_decref(doc);
	if (!text)
		return CONG_ENOMEM;
	buf_init(&out, 4 * strlen(text) + 64);
	err = escape_json_in_html(&out, text, strlen(text));
	free(text);
	/* jansson wrote valid UTF-8 and the escaping keeps it so */
	if (!err)
		json_object_set_new(share, "jsonld_html",
		    json_stringn_nocheck(out.ptr, out.len));
	buf_release(&out);
	return err;
}

/*
 * The cover as sharing cards want it: the 1600 px wide variant when the
 * media library made one (Facebook and Zalo show 1200 px and more
 * sharply; the smallest variant at least that wide, or the largest),
 * else the stored file. Height follows the width's ratio.
 */
static void
share_image(const struct buf *base, json_t *art, json_t *share)
{
	const char *var = str(art, "cover_variants");
	int64_t w = json_integer_value(json_object_get(art, "cover_width"));
	int64_t h = json_integer_value(json_object_get(art, "cover_height"));
	struct buf path = BUF_INIT;
	int vw = 0;

	if (*var && !media_variant_url(str(art, "cover_file"), var,
	    SHARE_IMAGE_WIDTH, "jpg", &path, &vw) && vw > 0) {
		if (w > 0)
			h = h * vw / w;
		w = vw;
	} else {
		buf_reset(&path);
		buf_adds(&path, str(art, "cover_url"));
	}
	json_object_set_new(share, "image", abs_url(base, path.ptr));
	if (w > 0 && h > 0) {
		json_object_set_new(share, "image_width", json_integer(w));
		json_object_set_new(share, "image_height", json_integer(h));
	}
	buf_release(&path);
}

enum cong_err
site_share_article(struct http_req *req, json_t *site, json_t *art,
    json_t *ctx)
{
	struct buf base = BUF_INIT;
	json_t *share, *pub = json_object_get(art, "published_at");
	const char *lead = str(art, "lead");
	const char *agency = str(site, "agency");
	int64_t updated = json_integer_value(json_object_get(art,
	    "updated_at"));
	enum cong_err err;

	if ((err = site_base_url(req, site, &base)))
		goto out;
	if (updated < json_integer_value(pub))
		updated = json_integer_value(pub);
	share = json_pack("{s:s, s:s, s:o, s:s, s:s, s:o, s:o, s:s, s:s}",
	    "title", str(art, "title"),
	    "description", *lead ? lead : str(art, "title"),
	    "url", abs_url(&base, str(art, "url")),
	    "site_name", str(site, "name"),
	    "publisher", *agency ? agency : str(site, "name"),
	    "published", rfc3339(json_integer_value(pub)),
	    "modified", rfc3339(updated),
	    "author", str(art, "author"),
	    "section", str(art, "category_name"));
	if (json_object_get(art, "cover_url"))
		share_image(&base, art, share);
	if (json_object_get(share, "image"))
		json_object_set_new(share, "image_alt", json_string(
		    *str(art, "cover_alt") ? str(art, "cover_alt") :
		    str(art, "title")));
	err = add_jsonld(&base, site, art, share);
	json_object_set(ctx, "canonical_url", json_object_get(share, "url"));
	json_object_set_new(ctx, "share", share);
out:
	buf_release(&base);
	return err;
}
