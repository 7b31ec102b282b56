/* SPDX-License-Identifier: ISC */
/*
 * articles.c: the newsroom's article pages (admin/articles.h): the list
 * views, the editor with its workflow actions, revisions with a word
 * diff and restore. Every field is validated here (plain text cleaned
 * and NFC, the body through the allowlist sanitizer with "/media/" as
 * the only image prefix) and kept as typed when the form comes back with
 * errors; every right is checked by content/workflow.c, on the server.
 */
#include "base/common.h"
#include "base/buf.h"
#include "base/log.h"
#include "admin/admin.h"
#include "admin/articles.h"
#include "content/diff.h"
#include "content/media.h"
#include "content/site.h"
#include "content/workflow.h"
#include "http/server.h"
#include "http/static.h"
#include "render/escape.h"
#include "render/sanitize.h"
#include "vn/date.h"
#include "vn/text.h"

#include <stdio.h>
#include <time.h>

#define LIST_URL "/quan-tri/bai-viet"
#define PER_PAGE 20
#define SHORT_MAX 400		/* author, source: bytes */
#define MEDIA_PICK 30		/* images offered as cover */
#define TINYMCE "vendor/tinymce/tinymce.min.js"

/* ------------------------------------------------------------------ */
/* Small helpers                                                       */

/* A decimal id of at most 15 digits; 0 when s is not one. */
static int64_t
parse_id(const char *s, size_t n)
{
	int64_t v = 0;
	size_t i;

	if (!s || n == 0 || n > 15)
		return 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static int64_t
param_id(const struct http_req *req, const char *name)
{
	size_t n = 0;
	const char *s = http_params_get(&req->params, name, &n);

	return parse_id(s, n);
}

static int64_t
field_id(const struct admin_ctx *ctx, const char *name)
{
	size_t n = 0;
	const char *s = admin_field(ctx, name, &n);

	return parse_id(s, n);
}

static void
set_stamp(json_t *o, const char *key, const char *out_key)
{
	struct buf b = BUF_INIT;
	int64_t t = (int64_t)json_integer_value(json_object_get(o, key));

	if (t > 0 && !vn_date_format(&b, t, VN_DATE_STAMP))
		json_object_set_new(o, out_key, json_string(b.ptr));
	buf_release(&b);
}

/* "YYYY-MM-DDTHH:MM" in Vietnam time, for a datetime-local input. */
static void
local_input(int64_t t, char out[64])
{
	time_t s = (time_t)t + 7 * 3600;
	struct tm tm;

	gmtime_r(&s, &tm);
	snprintf(out, 64, "%04d-%02d-%02dT%02d:%02d", tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min);
}

static const char *
jstr(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

/* ------------------------------------------------------------------ */
/* List views                                                          */

static const struct {
	const char *slug;
	enum wf_view view;
	const char *label;
} views[] = {
	{ "nhap", WF_VIEW_DRAFTS, "Bản nháp của tôi" },
	{ "tra-lai", WF_VIEW_RETURNED, "Bị trả lại" },
	{ "cho-duyet", WF_VIEW_REVIEW, "Chờ duyệt" },
	{ "hen-gio", WF_VIEW_SCHEDULED, "Hẹn giờ đăng" },
	{ "da-dang", WF_VIEW_PUBLISHED, "Đã đăng" },
	{ "da-go", WF_VIEW_UNPUBLISHED, "Đã gỡ" },
	{ "ban-sua", WF_VIEW_EDITIONS, "Đang sửa bài đã đăng" },
};

static json_t *
category_options(json_t *cats, int64_t selected)
{
	json_t *a = json_array(), *c;
	size_t i;

	json_array_foreach(cats, i, c) {
		int64_t id = json_integer_value(json_object_get(c, "id"));

		json_array_append_new(a, json_pack("{s:I, s:s, s:b}", "id",
		    (json_int_t)id, "name", jstr(c, "name"), "selected",
		    id == selected));
	}
	return a;
}

/* Appends "&name=value" (escaped) when value is not empty. */
static void
keep_param(struct buf *q, const struct http_req *req, const char *name)
{
	size_t n = 0;
	const char *v = http_params_get(&req->params, name, &n);

	if (!v || !n || n > 200 || !vn_utf8_valid(v, n))
		return;
	buf_addf(q, "&%s=", name);
	escape_url_component(q, v, n);
}

/* Whether u may open an article of category cat written by owner. */
static bool
may_read(const struct auth_user *u, const char *owner, int64_t cat)
{
	return !strcmp(owner, u->login) || auth_can(u, AUTH_EDIT_ANY, cat) ||
	    auth_can(u, AUTH_RETURN, cat) || auth_can(u, AUTH_PUBLISH, cat);
}

/*
 * A user whose rights are limited to some categories sees in the lists
 * only what they may open. The page may then hold fewer rows than the
 * page size (the count is the statement's).
 */
static void
hide_foreign(const struct admin_ctx *ctx, json_t *items)
{
	size_t i = 0;

	if (!ctx->user.ncats)
		return;
	while (i < json_array_size(items)) {
		json_t *it = json_array_get(items, i);

		if (may_read(&ctx->user, jstr(it, "owner"), json_integer_value(
		    json_object_get(it, "category_id"))))
			i++;
		else
			json_array_remove(items, i);
	}
}

/* The day filter name as typed (at most 10 bytes of UTF-8), as key. */
static void
keep_day(const struct http_req *req, json_t *data, const char *name,
    const char *key)
{
	size_t n = 0;
	const char *p = http_params_get(&req->params, name, &n);
	bool ok = p && n <= 10 && vn_utf8_valid(p, n);

	json_object_set_new(data, key, json_stringn(ok ? p : "", ok ? n : 0));
}

static enum cong_err
list_page(struct http_req *req, struct http_resp *resp, struct admin_ctx *ctx,
    size_t vi)
{
	struct wf_filter f = { views[vi].view, 0, NULL, 0, 0, 1, PER_PAGE };
	json_t *cats = NULL, *res = NULL, *data = NULL, *tabs = NULL, *it;
	struct buf q = BUF_INIT, owner = BUF_INIT;
	const char *p;
	size_t n = 0, i;
	bool all = auth_can(&ctx->user, AUTH_EDIT_ANY, 0) ||
	    auth_can(&ctx->user, AUTH_RETURN, 0);
	enum cong_err err;

	buf_init(&owner, AUTH_LOGIN_MAX + 1);
	f.category_id = param_id(req, "chuyen-muc");
	f.page = param_id(req, "trang");
	if (f.page < 1)
		f.page = 1;
	p = http_params_get(&req->params, "tac-gia", &n);
	if (p && n && n <= AUTH_LOGIN_MAX && vn_utf8_valid(p, n))
		buf_add(&owner, p, n);
	/* a contributor sees only their own articles; drafts are mine */
	if (!all || f.view == WF_VIEW_DRAFTS) {
		buf_reset(&owner);
		buf_adds(&owner, ctx->user.login);
	}
	f.owner = owner.ptr;
	p = http_params_get(&req->params, "tu", &n);
	if (p && n)
		vn_date_parse_day(p, n, &f.from);
	p = http_params_get(&req->params, "den", &n);
	if (p && n && !vn_date_parse_day(p, n, &f.to))
		f.to += 24 * 3600;
	if ((err = category_list(req->db, ctx->site_id, &cats)))
		goto out;
	if ((err = workflow_list(req->db, ctx->site_id, &f, req->now, &res)))
		goto out;
	hide_foreign(ctx, json_object_get(res, "items"));
	json_array_foreach(json_object_get(res, "items"), i, it) {
		set_stamp(it, "published_at", "published_stamp");
		set_stamp(it, "updated_at", "updated_stamp");
	}
	tabs = json_array();
	for (i = 0; i < ARRAY_SIZE(views); i++)
		json_array_append_new(tabs, json_pack("{s:s, s:s, s:b}",
		    "slug", views[i].slug, "label", views[i].label, "current",
		    i == vi));
	keep_param(&q, req, "chuyen-muc");
	keep_param(&q, req, "tac-gia");
	keep_param(&q, req, "tu");
	keep_param(&q, req, "den");
	{
		int64_t page = json_integer_value(json_object_get(res, "page"));
		int64_t pages = json_integer_value(json_object_get(res,
		    "pages"));

		data = json_pack("{s:o, s:O, s:o, s:s, s:s, s:s, s:s, "
		    "s:b, s:I, s:I, s:b}", "tabs", tabs, "list", res,
		    "categories", category_options(cats, f.category_id),
		    "view", views[vi].slug, "view_label", views[vi].label,
		    "owner", all && f.view != WF_VIEW_DRAFTS ? owner.ptr : "",
		    "query", q.len ? q.ptr : "", "all", all,
		    "prev", (json_int_t)(page > 1 ? page - 1 : 0),
		    "next", (json_int_t)(page < pages ? page + 1 : 0),
		    "can_write", auth_can(&ctx->user, AUTH_WRITE, 0));
		tabs = NULL;
	}
	keep_day(req, data, "tu", "from");
	keep_day(req, data, "den", "to");
	err = admin_render(req, resp, ctx, "admin/articles", views[vi].label,
	    data);
out:
	buf_release(&q);
	buf_release(&owner);
	json_decref(tabs);
	json_decref(cats);
	json_decref(res);
	json_decref(data);
	return err;
}

enum cong_err
admin_articles(struct http_req *req, struct http_resp *resp)
{
	struct admin_ctx ctx;
	const char *v;
	size_t n = 0, i, vi = 0;
	enum cong_err err;

	if ((err = admin_begin(req, resp, &ctx)) || ctx.answered)
		goto out;
	v = http_params_get(&req->params, "xem", &n);
	for (i = 0; v && i < ARRAY_SIZE(views); i++)
		if (strlen(views[i].slug) == n && !memcmp(views[i].slug, v, n))
			vi = i;
	err = list_page(req, resp, &ctx, vi);
out:
	admin_ctx_release(&ctx);
	return err;
}

enum cong_err
admin_review_queue(struct http_req *req, struct http_resp *resp)
{
	struct admin_ctx ctx;
	enum cong_err err;

	if ((err = admin_begin(req, resp, &ctx)) || ctx.answered)
		goto out;
	err = list_page(req, resp, &ctx, 2);
out:
	admin_ctx_release(&ctx);
	return err;
}

/* ------------------------------------------------------------------ */
/* The editor form                                                     */

struct art_form {
	json_t *form;		/* values as typed, and "errors" */
	struct article_input in;
	struct buf title, lead, body, author, source, caption, alt, note;
};

static void
form_init(struct art_form *f)
{
	memset(f, 0, sizeof(*f));
	f->form = json_pack("{s:{}}", "errors");
	buf_init(&f->title, LIMIT_TITLE + 1);
	buf_init(&f->lead, LIMIT_LEAD + 1);
	buf_init(&f->body, LIMIT_BODY + 1);
	buf_init(&f->author, SHORT_MAX + 1);
	buf_init(&f->source, SHORT_MAX + 1);
	buf_init(&f->caption, LIMIT_CAPTION + 1);
	buf_init(&f->alt, LIMIT_ALT + 1);
	buf_init(&f->note, WF_NOTE_MAX + 1);
}

static void
form_release(struct art_form *f)
{
	json_decref(f->form);
	buf_release(&f->title);
	buf_release(&f->lead);
	buf_release(&f->body);
	buf_release(&f->author);
	buf_release(&f->source);
	buf_release(&f->caption);
	buf_release(&f->alt);
	buf_release(&f->note);
}

static void
form_error(struct art_form *f, const char *field, const char *msg)
{
	json_t *e = json_object_get(f->form, "errors");

	if (!json_object_get(e, field))
		json_object_set_new(e, field, json_string(msg));
}

static bool
form_ok(const struct art_form *f)
{
	return json_object_size(json_object_get(f->form, "errors")) == 0;
}

/*
 * Reads a text field into out (cleaned, NFC; one line unless multiline)
 * and keeps it as typed in the form. max is in bytes.
 */
static void
text_field(struct admin_ctx *ctx, struct art_form *f, const char *name,
    bool multiline, struct buf *out, size_t max, const char *too_long)
{
	size_t n = 0;
	const char *p = admin_field(ctx, name, &n);
	enum cong_err err;

	if (!p)
		p = "";
	json_object_set_new(f->form, name, vn_utf8_valid(p, n) ?
	    json_stringn(p, n) : json_string(""));
	err = multiline ? vn_text_clean(p, n, out, VN_TEXT_MULTILINE) :
	    vn_text_line(p, n, out);
	if (err == CONG_ETOOBIG || out->len > max)
		form_error(f, name, too_long);
	else if (err)
		form_error(f, name, "Có ký tự không hợp lệ (ký tự điều khiển "
		    "hoặc mã UTF-8 hỏng).");
}

static bool
category_known(json_t *cats, int64_t id)
{
	json_t *c;
	size_t i;

	json_array_foreach(cats, i, c)
		if (json_integer_value(json_object_get(c, "id")) == id)
			return true;
	return false;
}

/* Reads and checks the editor's fields into f->in. */
static enum cong_err
form_read(struct http_req *req, struct admin_ctx *ctx, struct art_form *f,
    json_t *cats)
{
	struct sanitize_opts so = { "/media/", 0 };
	struct buf nfc = BUF_INIT;
	const char *p;
	size_t n = 0;
	json_t *media = NULL;
	enum cong_err err;

	text_field(ctx, f, "title", false, &f->title, LIMIT_TITLE,
	    "Tiêu đề dài quá 1024 byte.");
	if (!f->title.len)
		form_error(f, "title", "Vui lòng nhập tiêu đề.");
	text_field(ctx, f, "lead", true, &f->lead, LIMIT_LEAD,
	    "Sapo dài quá 8192 byte.");
	text_field(ctx, f, "author", false, &f->author, SHORT_MAX,
	    "Tên tác giả dài quá 400 byte.");
	text_field(ctx, f, "source", false, &f->source, SHORT_MAX,
	    "Nguồn tin dài quá 400 byte.");
	text_field(ctx, f, "cover_caption", false, &f->caption, LIMIT_CAPTION,
	    "Chú thích ảnh dài quá 2000 byte.");
	text_field(ctx, f, "cover_alt", false, &f->alt, LIMIT_ALT,
	    "Mô tả ảnh dài quá 1000 byte.");
	text_field(ctx, f, "change_note", false, &f->note, WF_NOTE_MAX,
	    "Ghi chú đính chính dài quá 2000 byte.");
	/* the body: whatever the browser sent, only the allowlist stays */
	p = admin_field(ctx, "body", &n);
	if (!p)
		p = "";
	json_object_set_new(f->form, "body", vn_utf8_valid(p, n) ?
	    json_stringn(p, n) : json_string(""));
	buf_init(&nfc, LIMIT_BODY + 1);
	err = vn_nfc(p, n, &nfc);
	if (!err)
		err = sanitize_html(nfc.ptr, nfc.len, &so, &f->body);
	buf_release(&nfc);
	if (err == CONG_ETOOBIG)
		form_error(f, "body", "Nội dung quá dài hoặc có quá nhiều thẻ "
		    "định dạng.");
	else if (err)
		form_error(f, "body", "Nội dung có mã UTF-8 hỏng.");
	f->in.category_id = field_id(ctx, "category");
	json_object_set_new(f->form, "category_id",
	    json_integer(f->in.category_id));
	if (!category_known(cats, f->in.category_id))
		form_error(f, "category", "Vui lòng chọn chuyên mục.");
	f->in.featured = admin_field(ctx, "featured", &n) != NULL;
	json_object_set_new(f->form, "featured", json_boolean(f->in.featured));
	f->in.cover_media_id = field_id(ctx, "cover");
	json_object_set_new(f->form, "cover_media_id",
	    json_integer(f->in.cover_media_id));
	if (f->in.cover_media_id) {
		err = media_get(req->db, ctx->site_id, f->in.cover_media_id,
		    &media);
		if (err && err != CONG_ENOTFOUND)
			return err;
		if (err || !json_is_true(json_object_get(media, "is_image")))
			form_error(f, "cover", "Ảnh bìa không có trong thư viện.");
		else if (!f->alt.len)
			form_error(f, "cover_alt", "Vui lòng mô tả ảnh bìa cho "
			    "người khiếm thị (alt).");
		json_decref(media);
	}
	f->in.site_id = ctx->site_id;
	f->in.title = f->title.ptr;
	f->in.lead = f->lead.ptr;
	f->in.body_html = f->body.ptr;
	f->in.author = f->author.ptr;
	f->in.source = f->source.ptr;
	f->in.cover_caption = f->caption.ptr;
	f->in.cover_alt = f->alt.ptr;
	return CONG_OK;
}

/* The form's values from an article row (or its pending edition). */
static json_t *
form_from(const json_t *art)
{
	const json_t *src = json_is_object(json_object_get(art, "edition")) ?
	    json_object_get(art, "edition") : art;

	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:b, s:I, s:s, "
	    "s:s, s:s, s:{}}",
	    "title", jstr(src, "title"), "lead", jstr(src, "lead"),
	    "body", jstr(src, "body_html"), "author", jstr(src, "author"),
	    "source", jstr(src, "source"),
	    "category_id", json_integer_value(json_object_get(src,
	    "category_id")),
	    "featured", json_is_true(json_object_get(src, "featured")) ||
	    json_integer_value(json_object_get(src, "featured")),
	    "cover_media_id", json_integer_value(json_object_get(src,
	    "cover_media_id")),
	    "cover_caption", jstr(src, "cover_caption"),
	    "cover_alt", jstr(src, "cover_alt"),
	    "change_note", jstr(src, "change_note"), "errors");
}

/* What this user may do to art (NULL: a new article), for the buttons. */
static json_t *
allowed(const struct auth_user *u, const json_t *art, int64_t now)
{
	static const struct {
		enum wf_action a;
		const char *key;
	} acts[] = {
		{ WF_EDIT, "edit" }, { WF_SUBMIT, "submit" },
		{ WF_RETURN, "return" }, { WF_APPROVE, "approve" },
		{ WF_PUBLISH, "publish" }, { WF_SCHEDULE, "schedule" },
		{ WF_FORCE_PUBLISH, "force_publish" },
		{ WF_UNPUBLISH, "unpublish" }, { WF_RESTORE, "restore" },
	};
	json_t *o = json_object();
	struct wf_subject s;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(acts); i++) {
		enum wf_action a = acts[i].a;

		if (!art && a == WF_EDIT)
			a = WF_CREATE;
		workflow_subject(art, u, a, now, &s);
		if (!art && a != WF_CREATE) {
			/* a new article is created, then moved on */
			s.state = WF_DRAFT;
		}
		json_object_set_new(o, acts[i].key, json_boolean(
		    !workflow_check(u, &s, a, NULL)));
	}
	return o;
}

static json_t *
media_choices(struct http_req *req, struct admin_ctx *ctx, int64_t selected)
{
	json_t *res = NULL, *out = json_array(), *m;
	size_t i;

	if (media_list(req->db, ctx->site_id, NULL, 1, MEDIA_PICK, &res))
		return out;
	json_array_foreach(json_object_get(res, "items"), i, m) {
		if (!json_is_true(json_object_get(m, "is_image")))
			continue;
		json_object_set_new(m, "selected", json_boolean(
		    json_integer_value(json_object_get(m, "id")) == selected));
		json_array_append(out, m);
	}
	json_decref(res);
	return out;
}

/* Renders the editor: art is NULL for a new article; form may be NULL. */
static enum cong_err
editor_page(struct http_req *req, struct http_resp *resp,
    struct admin_ctx *ctx, json_t *art, json_t *form, const char *why)
{
	json_t *cats = NULL, *data = NULL, *revs = NULL, *r;
	char when[64];
	bool immutable = false;
	size_t i;
	int64_t id = art ? json_integer_value(json_object_get(art, "id")) : 0;
	enum cong_err err;

	if ((err = category_list(req->db, ctx->site_id, &cats)))
		goto out;
	if (id && (err = workflow_revisions(req->db, ctx->site_id, id, &revs)))
		goto out;
	json_array_foreach(revs, i, r)
		set_stamp(r, "at", "stamp");
	if (art) {
		set_stamp(art, "published_at", "published_stamp");
		set_stamp(art, "change_note_at", "change_stamp");
	}
	local_input(req->now + 3600, when);
	if (!form)
		form = art ? form_from(art) : json_pack("{s:s, s:s, s:s, s:s, "
		    "s:s, s:I, s:b, s:I, s:s, s:s, s:s, s:{}}", "title", "",
		    "lead", "", "body", "", "author", ctx->user.name[0] ?
		    ctx->user.name : "", "source", "", "category_id",
		    (json_int_t)0, "featured", 0, "cover_media_id",
		    (json_int_t)0, "cover_caption", "", "cover_alt", "",
		    "change_note", "", "errors");
	else
		json_incref(form);
	data = json_pack("{s:O, s:o, s:o, s:o, s:o, s:s, s:s, s:s, s:b}",
	    "article", art ? art : json_null(), "form", form,
	    "categories", category_options(cats, json_integer_value(
	    json_object_get(form, "category_id"))),
	    "media", media_choices(req, ctx, json_integer_value(
	    json_object_get(form, "cover_media_id"))),
	    "can", allowed(&ctx->user, art, req->now),
	    "schedule_default", when, "why", why ? why : "",
	    "editor_js", http_static_url("js/editor.js"),
	    "is_new", art == NULL);
	/* the rich-text editor only when scripts/vendor.sh has put it there */
	if (http_static_find(TINYMCE, strlen(TINYMCE), &immutable))
		json_object_set_new(data, "tinymce_js", json_string(
		    http_static_url(TINYMCE)));
	json_object_set(data, "revisions", revs ? revs : json_null());
	err = admin_render(req, resp, ctx, "admin/article",
	    art ? "Sửa bài viết" : "Viết bài mới", data);
out:
	json_decref(cats);
	json_decref(revs);
	json_decref(data);
	return err;
}

/* The article of the route's {} segment, readable by this user. */
static enum cong_err
article_for(struct http_req *req, struct admin_ctx *ctx, json_t **art)
{
	int64_t id = parse_id(req->args[0], req->args_len[0]), cat;
	enum cong_err err;

	*art = NULL;
	if (!id)
		return CONG_ENOTFOUND;
	if ((err = workflow_get(req->db, &ctx->user, ctx->site_id, id,
	    req->now, art)))
		return err;
	cat = json_integer_value(json_object_get(*art, "category_id"));
	if (may_read(&ctx->user, jstr(*art, "owner"), cat))
		return CONG_OK;
	json_decref(*art);
	*art = NULL;
	return CONG_EPERM;
}

enum cong_err
admin_article_new(struct http_req *req, struct http_resp *resp)
{
	struct admin_ctx ctx;
	enum cong_err err;

	if ((err = admin_begin(req, resp, &ctx)) || ctx.answered)
		goto out;
	if (!auth_can(&ctx.user, AUTH_WRITE, 0)) {
		err = CONG_EPERM;
		goto out;
	}
	err = editor_page(req, resp, &ctx, NULL, NULL, NULL);
out:
	admin_ctx_release(&ctx);
	return err;
}

enum cong_err
admin_article_edit(struct http_req *req, struct http_resp *resp)
{
	struct admin_ctx ctx;
	json_t *art = NULL;
	enum cong_err err;

	if ((err = admin_begin(req, resp, &ctx)) || ctx.answered)
		goto out;
	if ((err = article_for(req, &ctx, &art)))
		goto out;
	err = editor_page(req, resp, &ctx, art, NULL, NULL);
out:
	json_decref(art);
	admin_ctx_release(&ctx);
	return err;
}

/* ------------------------------------------------------------------ */
/* Changes                                                             */

static const char *
done_message(enum wf_action a)
{
	switch (a) {
	case WF_CREATE:
	case WF_EDIT:
		return "Đã lưu bài viết.";
	case WF_SUBMIT:
		return "Đã gửi bài chờ duyệt.";
	case WF_RETURN:
		return "Đã trả lại bài kèm nhận xét.";
	case WF_APPROVE:
	case WF_PUBLISH:
		return "Đã duyệt và đăng bài.";
	case WF_SCHEDULE:
		return "Đã hẹn giờ đăng bài.";
	case WF_FORCE_PUBLISH:
		return "Đã đăng khẩn bài viết; lý do đã được ghi lại.";
	case WF_UNPUBLISH:
		return "Đã gỡ bài viết.";
	case WF_RESTORE:
		return "Đã khôi phục phiên bản cũ thành bản mới nhất.";
	case WF_ACTION__MAX:
		break;
	}
	return "Đã thực hiện.";
}

static enum cong_err
to_article(struct http_req *req, struct http_resp *resp,
    struct admin_ctx *ctx, int64_t id, enum wf_action a)
{
	char url[64];

	snprintf(url, sizeof(url), LIST_URL "/%lld", (long long)id);
	return admin_redirect(req, resp, ctx, url, done_message(a));
}

/*
 * A refused or invalid change: the editor again, with the reason and
 * the form as typed (form may be NULL), status 403 or 422.
 */
static enum cong_err
refused(struct http_req *req, struct http_resp *resp, struct admin_ctx *ctx,
    json_t *art, json_t *form, enum cong_err err, const char *why)
{
	if (err != CONG_EPERM && err != CONG_EINVAL)
		return err;
	resp->status = err == CONG_EPERM ? 403 : 422;
	return editor_page(req, resp, ctx, art, form, why);
}

/* The action named by the form's "action" button; edit by default. */
static enum cong_err
form_action(struct admin_ctx *ctx, enum wf_action *a)
{
	size_t n = 0;
	const char *s = admin_field(ctx, "action", &n);

	*a = WF_EDIT;
	if (!s)
		return CONG_OK;
	return workflow_action_parse(s, n, a);
}

/*
 * The editor's POST: saves the content (create or edit), then, when the
 * button asked for it, submits or force-publishes (a second step that
 * is checked on its own).
 */
static enum cong_err
save_and_go(struct http_req *req, struct http_resp *resp,
    struct admin_ctx *ctx, json_t *art, enum wf_action then)
{
	struct art_form f;
	struct wf_change c;
	struct buf why = BUF_INIT, reason = BUF_INIT;
	json_t *cats = NULL;
	int64_t id = art ? json_integer_value(json_object_get(art, "id")) : 0;
	enum cong_err err;

	form_init(&f);
	buf_init(&reason, WF_NOTE_MAX + 1);
	if ((err = category_list(req->db, ctx->site_id, &cats)))
		goto out;
	if ((err = form_read(req, ctx, &f, cats)))
		goto out;
	if (then == WF_FORCE_PUBLISH) {
		size_t n = 0;
		const char *p = admin_field(ctx, "reason", &n);

		json_object_set_new(f.form, "reason", json_stringn(p &&
		    vn_utf8_valid(p, n) ? p : "", p && vn_utf8_valid(p, n) ?
		    n : 0));
		if (!p || vn_text_line(p, n, &reason) || !reason.len ||
		    reason.len > WF_NOTE_MAX)
			form_error(&f, "reason", "Vui lòng ghi lý do đăng khẩn "
			    "(tối đa 2000 byte).");
	}
	if (!form_ok(&f)) {
		err = refused(req, resp, ctx, art, f.form, CONG_EINVAL,
		    "Bài chưa được lưu: vui lòng sửa các ô có lỗi bên dưới.");
		goto out;
	}
	memset(&c, 0, sizeof(c));
	c.action = id ? WF_EDIT : WF_CREATE;
	c.in = &f.in;
	c.note = f.note.ptr;
	err = workflow_apply(req->db, &ctx->user, ctx->site_id, id, &c,
	    req->now, &id, &why);
	if (err) {
		err = refused(req, resp, ctx, art, f.form, err, why.ptr);
		goto out;
	}
	if (then == WF_SUBMIT || then == WF_FORCE_PUBLISH) {
		memset(&c, 0, sizeof(c));
		c.action = then;
		c.note = reason.ptr;
		err = workflow_apply(req->db, &ctx->user, ctx->site_id, id, &c,
		    req->now, &id, &why);
		if (err == CONG_EPERM || err == CONG_EINVAL) {
			buf_addf(&why, " Bài đã được lưu nhưng chưa %s.",
			    then == WF_SUBMIT ? "gửi duyệt" : "đăng");
			err = admin_redirect(req, resp, ctx, LIST_URL, why.ptr);
			goto out;
		}
		if (err)
			goto out;
	}
	err = to_article(req, resp, ctx, id, then == WF_EDIT ? c.action :
	    then);
out:
	json_decref(cats);
	buf_release(&why);
	buf_release(&reason);
	form_release(&f);
	return err;
}

enum cong_err
admin_article_create(struct http_req *req, struct http_resp *resp)
{
	struct admin_ctx ctx;
	enum wf_action then;
	enum cong_err err;

	if ((err = admin_begin(req, resp, &ctx)) || ctx.answered)
		goto out;
	if ((err = admin_check_post(req, &ctx)))
		goto out;
	if (!auth_can(&ctx.user, AUTH_WRITE, 0)) {
		err = CONG_EPERM;
		goto out;
	}
	if ((err = form_action(&ctx, &then)))
		goto out;
	err = save_and_go(req, resp, &ctx, NULL, then);
out:
	admin_ctx_release(&ctx);
	return err;
}

/* A workflow action without content: return, approve, schedule, … */
static enum cong_err
transition(struct http_req *req, struct http_resp *resp,
    struct admin_ctx *ctx, json_t *art, enum wf_action a)
{
	struct buf note = BUF_INIT, repl = BUF_INIT, why = BUF_INIT;
	struct wf_change c;
	const char *p;
	size_t n = 0;
	int64_t id = json_integer_value(json_object_get(art, "id"));
	enum cong_err err;

	buf_init(&note, WF_NOTE_MAX + 1);
	buf_init(&repl, WF_REPLACED_MAX + 1);
	memset(&c, 0, sizeof(c));
	c.action = a;
	p = admin_field(ctx, "note", &n);
	if (p && vn_text_clean(p, n, &note, VN_TEXT_MULTILINE)) {
		err = refused(req, resp, ctx, art, NULL, CONG_EINVAL,
		    "Ghi chú có ký tự không hợp lệ hoặc dài quá 2000 byte.");
		goto out;
	}
	c.note = note.ptr;
	p = admin_field(ctx, "replaced_by", &n);
	if (p && vn_text_line(p, n, &repl)) {
		err = refused(req, resp, ctx, art, NULL, CONG_EINVAL,
		    "Địa chỉ thay thế không hợp lệ.");
		goto out;
	}
	c.replaced_by = repl.ptr;
	if (a == WF_SCHEDULE) {
		p = admin_field(ctx, "at", &n);
		if (!p || vn_date_parse_local(p, n, &c.at)) {
			err = refused(req, resp, ctx, art, NULL, CONG_EINVAL,
			    "Vui lòng chọn ngày giờ đăng (giờ Việt Nam).");
			goto out;
		}
	}
	err = workflow_apply(req->db, &ctx->user, ctx->site_id, id, &c,
	    req->now, &id, &why);
	if (err)
		err = refused(req, resp, ctx, art, NULL, err, why.ptr);
	else
		err = to_article(req, resp, ctx, id, a);
out:
	buf_release(&note);
	buf_release(&repl);
	buf_release(&why);
	return err;
}

enum cong_err
admin_article_post(struct http_req *req, struct http_resp *resp)
{
	struct admin_ctx ctx;
	json_t *art = NULL;
	enum wf_action a;
	size_t n = 0;
	enum cong_err err;

	if ((err = admin_begin(req, resp, &ctx)) || ctx.answered)
		goto out;
	if ((err = admin_check_post(req, &ctx)))
		goto out;
	if ((err = article_for(req, &ctx, &art)))
		goto out;
	if ((err = form_action(&ctx, &a)) || a == WF_CREATE ||
	    a == WF_RESTORE) {
		err = CONG_EINVAL;
		goto out;
	}
	/* the editor's form carries the content; the review forms do not */
	if (admin_field(&ctx, "title", &n) && (a == WF_EDIT ||
	    a == WF_SUBMIT || a == WF_FORCE_PUBLISH))
		err = save_and_go(req, resp, &ctx, art, a);
	else if (a == WF_EDIT)
		err = CONG_EINVAL;
	else
		err = transition(req, resp, &ctx, art, a);
out:
	json_decref(art);
	admin_ctx_release(&ctx);
	return err;
}

enum cong_err
admin_article_restore(struct http_req *req, struct http_resp *resp)
{
	struct admin_ctx ctx;
	struct wf_change c;
	struct buf why = BUF_INIT;
	json_t *art = NULL;
	int64_t id;
	enum cong_err err;

	if ((err = admin_begin(req, resp, &ctx)) || ctx.answered)
		goto out;
	if ((err = admin_check_post(req, &ctx)))
		goto out;
	if ((err = article_for(req, &ctx, &art)))
		goto out;
	memset(&c, 0, sizeof(c));
	c.action = WF_RESTORE;
	c.revision_id = field_id(&ctx, "revision");
	id = json_integer_value(json_object_get(art, "id"));
	err = workflow_apply(req->db, &ctx.user, ctx.site_id, id, &c,
	    req->now, &id, &why);
	if (err == CONG_ENOTFOUND)
		err = CONG_EINVAL;
	if (err)
		err = refused(req, resp, &ctx, art, NULL, err, why.ptr);
	else
		err = to_article(req, resp, &ctx, id, WF_RESTORE);
out:
	buf_release(&why);
	json_decref(art);
	admin_ctx_release(&ctx);
	return err;
}

/* ------------------------------------------------------------------ */
/* Revisions compared                                                  */

static enum cong_err
diff_field(json_t *data, const char *key, const char *a, const char *b,
    bool html)
{
	struct buf ta = BUF_INIT, tb = BUF_INIT, out = BUF_INIT;
	enum cong_err err = CONG_OK;
	bool changed = false;
	char name[48];

	buf_init(&ta, LIMIT_BODY + 1);
	buf_init(&tb, LIMIT_BODY + 1);
	buf_init(&out, LIMIT_PAGE / 2);
	if (html) {
		if ((err = sanitize_text(a, strlen(a), &ta)) ||
		    (err = sanitize_text(b, strlen(b), &tb)))
			goto out;
	} else {
		buf_adds(&ta, a);
		buf_adds(&tb, b);
	}
	if ((err = diff_words_html(ta.ptr, ta.len, tb.ptr, tb.len, &out,
	    &changed)))
		goto out;
	snprintf(name, sizeof(name), "%s_html", key);
	json_object_set_new(data, name, json_string(out.ptr));
	snprintf(name, sizeof(name), "%s_changed", key);
	json_object_set_new(data, name, json_boolean(changed));
out:
	buf_release(&ta);
	buf_release(&tb);
	buf_release(&out);
	return err;
}

enum cong_err
admin_article_diff(struct http_req *req, struct http_resp *resp)
{
	struct admin_ctx ctx;
	json_t *art = NULL, *ra = NULL, *rb = NULL, *data = NULL, *ca, *cb;
	int64_t id;
	enum cong_err err;

	if ((err = admin_begin(req, resp, &ctx)) || ctx.answered)
		goto out;
	if ((err = article_for(req, &ctx, &art)))
		goto out;
	id = json_integer_value(json_object_get(art, "id"));
	if ((err = workflow_revision(req->db, ctx.site_id, id,
	    param_id(req, "tu"), &ra)) ||
	    (err = workflow_revision(req->db, ctx.site_id, id,
	    param_id(req, "den"), &rb)))
		goto out;
	set_stamp(ra, "at", "stamp");
	set_stamp(rb, "at", "stamp");
	ca = json_object_get(ra, "content");
	cb = json_object_get(rb, "content");
	data = json_pack("{s:O, s:O, s:O}", "article", art, "from", ra, "to",
	    rb);
	if ((err = diff_field(data, "title", jstr(ca, "title"),
	    jstr(cb, "title"), false)) ||
	    (err = diff_field(data, "lead", jstr(ca, "lead"), jstr(cb, "lead"),
	    false)) ||
	    (err = diff_field(data, "body", jstr(ca, "body_html"),
	    jstr(cb, "body_html"), true)))
		goto out;
	err = admin_render(req, resp, &ctx, "admin/article_diff",
	    "So sánh phiên bản", data);
out:
	json_decref(art);
	json_decref(ra);
	json_decref(rb);
	json_decref(data);
	admin_ctx_release(&ctx);
	return err;
}
