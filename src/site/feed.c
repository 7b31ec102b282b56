/* SPDX-License-Identifier: ISC */
/*
 * feed.c: RSS 2.0 and Atom 1.0 (RFC 4287) feeds of the whole site and of
 * each category, the latest EXPORT_FEED_ITEMS articles with their full
 * text, and the page that lists every feed ("Kênh RSS"). Feeds go
 * through the template engine (templates/feed/): its HTML escaping of
 * & < > " ' is also correct XML, and the store holds no control
 * characters (text is cleaned on the way in), so the output is well-
 * formed XML. Links are absolute; an entry's id is a tag: URI (RFC 4151)
 * of the site's host, the publication day and the article id, so it
 * stays the same when the slug or the Host the feed is read from
 * changes.
 */
#include "base/common.h"
#include "base/buf.h"
#include "content/export.h"
#include "content/site.h"
#include "render/escape.h"
#include "site/page.h"
#include "vn/date.h"
#include "vn/slug.h"

enum feed_kind { FEED_RSS, FEED_ATOM };

static const char *
str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

static void
set_date(json_t *o, const char *key, int64_t t, enum vn_date_style style)
{
	struct buf b = BUF_INIT;

	buf_init(&b, 64);
	if (!vn_date_format(&b, t, style))
		json_object_set_new(o, key, json_stringn(b.ptr, b.len));
	buf_release(&b);
}

/*
 * Copies sanitized HTML, making the site's paths in src and href
 * absolute: a feed reader has no page to resolve them against.
 */
static enum cong_err
feed_absolutize(const char *html, size_t n, const char *base, size_t blen,
    struct buf *out)
{
	static const char *const attrs[] = { " src=\"/", " href=\"/" };
	size_t i = 0, k;

	while (i < n) {
		for (k = 0; k < ARRAY_SIZE(attrs); k++) {
			size_t al = strlen(attrs[k]);

			/* "/x" is a path; "//x" would be another host */
			if (n - i > al && memcmp(html + i, attrs[k], al) == 0 &&
			    html[i + al] != '/') {
				buf_add(out, html + i, al - 1);
				buf_add(out, base, blen);
				i += al - 1;
				break;
			}
		}
		if (k == ARRAY_SIZE(attrs))
			buf_addc(out, html[i++]);
	}
	return buf_ok(out) ? CONG_OK : CONG_ETOOBIG;
}

/* "example.vn" of "example.vn:8080": the authority of a tag: URI. */
static void
tag_authority(const char *host, struct buf *out)
{
	size_t n = strcspn(host, ":");

	buf_add(out, host, n ? n : strlen(host));
}

static enum cong_err
feed_item(const struct buf *base, json_t *site, json_t *a,
    int64_t *newest)
{
	struct buf b = BUF_INIT;
	int64_t pub = json_integer_value(json_object_get(a, "published_at"));
	int64_t upd = json_integer_value(json_object_get(a, "updated_at"));
	const char *body = str(a, "body_html");
	enum cong_err err;

	if (upd < pub)
		upd = pub;
	if (upd > *newest)
		*newest = upd;
	site_article_decorate(a);
	buf_init(&b, LIMIT_BODY * 2);
	if ((err = feed_absolutize(body, strlen(body), base->ptr, base->len,
	    &b)))
		goto out;
	json_object_set_new(a, "body", json_stringn(b.ptr, b.len));
	json_object_del(a, "body_html");
	buf_reset(&b);
	buf_add(&b, base->ptr, base->len);
	buf_adds(&b, str(a, "url"));
	json_object_set_new(a, "link", json_stringn(b.ptr, b.len));
	buf_reset(&b);
	buf_adds(&b, "tag:");
	tag_authority(str(site, "host"), &b);
	buf_addc(&b, ',');
	vn_date_format(&b, pub, VN_DATE_ISO_DAY);
	buf_addf(&b, ":bai-viet-%lld", (long long)json_integer_value(
	    json_object_get(a, "id")));
	json_object_set_new(a, "id_uri", json_stringn(b.ptr, b.len));
	/* RSS readers show <description> as HTML: the lead is text */
	buf_reset(&b);
	escape_html(&b, str(a, "lead"), strlen(str(a, "lead")));
	json_object_set_new(a, "lead_as_html", json_stringn(b.ptr, b.len));
	set_date(a, "pub_rfc822", pub, VN_DATE_RFC822);
	set_date(a, "pub_rfc3339", pub, VN_DATE_RFC3339);
	set_date(a, "updated_rfc3339", upd, VN_DATE_RFC3339);
	if (json_object_get(a, "cover_url")) {
		buf_reset(&b);
		buf_add(&b, base->ptr, base->len);
		buf_adds(&b, str(a, "cover_url"));
		json_object_set_new(a, "cover", json_pack("{s:s%, s:O, s:O, "
		    "s:O, s:O, s:s}", "url", b.ptr, b.len, "mime",
		    json_object_get(a, "cover_mime"), "bytes",
		    json_object_get(a, "cover_bytes"), "width",
		    json_object_get(a, "cover_width"), "height",
		    json_object_get(a, "cover_height"), "caption",
		    *str(a, "cover_caption") ? str(a, "cover_caption") :
		    str(a, "cover_alt")));
	}
	err = buf_ok(&b) ? CONG_OK : CONG_ETOOBIG;
out:
	buf_release(&b);
	return err;
}

/*
 * The feed's context: channel fields and items. cat is NULL for the
 * whole site.
 */
static enum cong_err
feed_ctx(struct http_req *req, json_t *site, json_t *cat, json_t *items,
    enum feed_kind kind, json_t **out, int64_t *newest)
{
	struct buf base = BUF_INIT, b = BUF_INIT;
	const char *file = kind == FEED_RSS ? "rss.xml" : "atom.xml";
	const char *agency = str(site, "agency");
	json_t *ctx = NULL, *a;
	size_t i;
	enum cong_err err;

	*newest = 0;
	if ((err = site_base_url(req, site, &base)))
		goto out;
	json_array_foreach(items, i, a)
		if ((err = feed_item(&base, site, a, newest)))
			goto out;
	if (!*newest)
		*newest = req->now;
	ctx = json_pack("{s:O, s:s}", "items", items, "publisher",
	    *agency ? agency : str(site, "name"));
	if (cat) {
		buf_addf(&b, "%s - %s", str(cat, "name"), str(site, "name"));
		json_object_set_new(ctx, "title", json_stringn(b.ptr, b.len));
		buf_reset(&b);
		buf_addf(&b, "Tin mới nhất chuyên mục %s của %s",
		    str(cat, "name"), str(site, "name"));
		json_object_set_new(ctx, "description", json_stringn(b.ptr,
		    b.len));
		buf_reset(&b);
		buf_addf(&b, "%s/chuyen-muc/%s", base.ptr, str(cat, "slug"));
	} else {
		json_object_set_new(ctx, "title", json_string(str(site,
		    "name")));
		buf_addf(&b, "Tin mới nhất của %s", str(site, "name"));
		json_object_set_new(ctx, "description", json_stringn(b.ptr,
		    b.len));
		buf_reset(&b);
		buf_addf(&b, "%s/", base.ptr);
	}
	json_object_set_new(ctx, "link", json_stringn(b.ptr, b.len));
	buf_reset(&b);
	if (cat)
		buf_addf(&b, "%s/chuyen-muc/%s/%s", base.ptr,
		    str(cat, "slug"), file);
	else
		buf_addf(&b, "%s/%s", base.ptr, file);
	json_object_set_new(ctx, "self", json_stringn(b.ptr, b.len));
	/* the feed's id: its address on the site's own host */
	buf_reset(&b);
	buf_adds(&b, "tag:");
	tag_authority(str(site, "host"), &b);
	buf_addf(&b, ",2019:%s%s", cat ? "chuyen-muc/" : "tin-tuc",
	    cat ? str(cat, "slug") : "");
	json_object_set_new(ctx, "feed_id", json_stringn(b.ptr, b.len));
	buf_reset(&b);
	buf_addf(&b, "© %s", str(site, "name"));
	json_object_set_new(ctx, "copyright", json_stringn(b.ptr, b.len));
	set_date(ctx, "updated_rfc822", *newest, VN_DATE_RFC822);
	set_date(ctx, "updated_rfc3339", *newest, VN_DATE_RFC3339);
	if (!buf_ok(&b))
		err = CONG_ETOOBIG;
out:
	buf_release(&base);
	buf_release(&b);
	if (err) {
		json_decref(ctx);
		ctx = NULL;
	}
	*out = ctx;
	return err;
}

static enum cong_err
serve_feed(struct http_req *req, struct http_resp *resp,
    enum feed_kind kind, bool per_category)
{
	json_t *site = NULL, *cat = NULL, *items = NULL, *ctx = NULL;
	int64_t site_id, cat_id = 0, newest = 0;
	enum cong_err err;

	if (per_category && !vn_slug_valid(req->args[0], req->args_len[0]))
		return CONG_ENOTFOUND;
	if ((err = site_for_request(req, &site)))
		return err;
	site_id = json_integer_value(json_object_get(site, "id"));
	if (per_category) {
		if ((err = category_by_slug(req->db, site_id, req->args[0],
		    req->args_len[0], &cat)))
			goto out;
		cat_id = json_integer_value(json_object_get(cat, "id"));
	}
	if ((err = export_feed_articles(req->db, site_id, req->now, cat_id,
	    EXPORT_FEED_ITEMS, &items)) ||
	    (err = feed_ctx(req, site, cat, items, kind, &ctx, &newest)) ||
	    (err = site_render(req, resp, kind == FEED_RSS ?
	    "feed/rss" : "feed/atom", site, ctx, NULL)))
		goto out;
	resp->content_type = kind == FEED_RSS ?
	    "application/rss+xml; charset=utf-8" :
	    "application/atom+xml; charset=utf-8";
	resp->last_modified = newest;
	resp->max_age = 300;
	if (cat)
		http_resp_tags(resp, "c%lld", (long long)cat_id);
	else
		http_resp_tags(resp, "s%lld", (long long)site_id);
out:
	json_decref(ctx);
	json_decref(items);
	json_decref(cat);
	json_decref(site);
	return err;
}

enum cong_err
site_feed_rss(struct http_req *req, struct http_resp *resp)
{
	return serve_feed(req, resp, FEED_RSS, false);
}

enum cong_err
site_feed_atom(struct http_req *req, struct http_resp *resp)
{
	return serve_feed(req, resp, FEED_ATOM, false);
}

enum cong_err
site_category_rss(struct http_req *req, struct http_resp *resp)
{
	return serve_feed(req, resp, FEED_RSS, true);
}

enum cong_err
site_category_atom(struct http_req *req, struct http_resp *resp)
{
	return serve_feed(req, resp, FEED_ATOM, true);
}

enum cong_err
site_feeds_page(struct http_req *req, struct http_resp *resp)
{
	json_t *site = NULL, *cats = NULL, *ctx = NULL;
	int64_t site_id;
	enum cong_err err;

	if ((err = site_for_request(req, &site)))
		return err;
	site_id = json_integer_value(json_object_get(site, "id"));
	if ((err = category_list(req->db, site_id, &cats)))
		goto out;
	ctx = json_pack("{s:O, s:i}", "categories", cats, "feed_items",
	    EXPORT_FEED_ITEMS);
	if ((err = site_render(req, resp, "site/rss", site, ctx, "/rss")))
		goto out;
	resp->max_age = 300;
	http_resp_tags(resp, "s%lld", (long long)site_id);
out:
	json_decref(ctx);
	json_decref(cats);
	json_decref(site);
	return err;
}
