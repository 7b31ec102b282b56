/* SPDX-License-Identifier: ISC */
/*
 * workflow.c: the editorial state machine (workflow.h): the transition
 * table, the transitions themselves over article_save, pending editions
 * of live articles, and the newsroom's reads (lists, revisions, the
 * audit log, unpublished slugs).
 */
#include "base/common.h"
#include "base/buf.h"
#include "base/log.h"
#include "content/audit.h"
#include "content/workflow.h"
#include "store/store.h"
#include "vn/date.h"
#include "vn/slug.h"

#include <stdio.h>

static const char *const action_names[WF_ACTION__MAX] = {
	[WF_CREATE] = "create", [WF_EDIT] = "edit", [WF_SUBMIT] = "submit",
	[WF_RETURN] = "return", [WF_APPROVE] = "approve",
	[WF_PUBLISH] = "publish", [WF_SCHEDULE] = "schedule",
	[WF_FORCE_PUBLISH] = "force_publish", [WF_UNPUBLISH] = "unpublish",
	[WF_RESTORE] = "restore",
};

static const char *const state_names[WF_STATE__MAX] = {
	[WF_NEW] = "new", [WF_DRAFT] = "draft", [WF_RETURNED] = "returned",
	[WF_SUBMITTED] = "submitted", [WF_SCHEDULED] = "scheduled",
	[WF_PUBLISHED] = "published", [WF_UNPUBLISHED] = "unpublished",
};

static const char *const state_labels[WF_STATE__MAX] = {
	[WF_NEW] = "Bài mới", [WF_DRAFT] = "Bản nháp",
	[WF_RETURNED] = "Bị trả lại", [WF_SUBMITTED] = "Chờ duyệt",
	[WF_SCHEDULED] = "Hẹn giờ đăng", [WF_PUBLISHED] = "Đã đăng",
	[WF_UNPUBLISHED] = "Đã gỡ",
};

const char *
workflow_action_name(enum wf_action a)
{
	return (unsigned)a < WF_ACTION__MAX ? action_names[a] : "";
}

enum cong_err
workflow_action_parse(const char *s, size_t n, enum wf_action *out)
{
	int a;

	for (a = 0; s && a < WF_ACTION__MAX; a++)
		if (strlen(action_names[a]) == n &&
		    memcmp(action_names[a], s, n) == 0) {
			*out = (enum wf_action)a;
			return CONG_OK;
		}
	return CONG_EINVAL;
}

const char *
workflow_state_name(enum wf_state s)
{
	return (unsigned)s < WF_STATE__MAX ? state_names[s] : "";
}

const char *
workflow_state_label(enum wf_state s)
{
	return (unsigned)s < WF_STATE__MAX ? state_labels[s] : "";
}

/* ------------------------------------------------------------------ */
/* The transition table                                                */

/*
 * One allowed transition. own is the right the writer of the article
 * needs, other the right anyone else needs. Editions (of live articles)
 * move between draft, returned and submitted like articles, and are
 * approved or force-published into the live row; they are never
 * scheduled on their own.
 */
struct wf_rule {
	enum wf_state from;
	enum wf_action act;
	enum auth_action own, other;
	enum wf_state to;
	bool edition_ok;
};

static const struct wf_rule rules[] = {
	{ WF_NEW, WF_CREATE, AUTH_WRITE, AUTH_WRITE, WF_DRAFT, false },
	{ WF_DRAFT, WF_EDIT, AUTH_WRITE, AUTH_EDIT_ANY, WF_DRAFT, true },
	{ WF_RETURNED, WF_EDIT, AUTH_WRITE, AUTH_EDIT_ANY, WF_RETURNED,
	    true },
	{ WF_SUBMITTED, WF_EDIT, AUTH_EDIT_ANY, AUTH_EDIT_ANY, WF_SUBMITTED,
	    true },
	{ WF_SCHEDULED, WF_EDIT, AUTH_WRITE, AUTH_EDIT_ANY, WF_DRAFT, false },
	{ WF_PUBLISHED, WF_EDIT, AUTH_WRITE, AUTH_EDIT_ANY, WF_DRAFT, false },
	{ WF_UNPUBLISHED, WF_EDIT, AUTH_WRITE, AUTH_EDIT_ANY, WF_UNPUBLISHED,
	    false },
	{ WF_DRAFT, WF_RESTORE, AUTH_WRITE, AUTH_EDIT_ANY, WF_DRAFT, true },
	{ WF_RETURNED, WF_RESTORE, AUTH_WRITE, AUTH_EDIT_ANY, WF_RETURNED,
	    true },
	{ WF_SUBMITTED, WF_RESTORE, AUTH_EDIT_ANY, AUTH_EDIT_ANY,
	    WF_SUBMITTED, true },
	{ WF_SCHEDULED, WF_RESTORE, AUTH_WRITE, AUTH_EDIT_ANY, WF_DRAFT,
	    false },
	{ WF_PUBLISHED, WF_RESTORE, AUTH_WRITE, AUTH_EDIT_ANY, WF_DRAFT,
	    false },
	{ WF_UNPUBLISHED, WF_RESTORE, AUTH_WRITE, AUTH_EDIT_ANY,
	    WF_UNPUBLISHED, false },
	{ WF_DRAFT, WF_SUBMIT, AUTH_SUBMIT, AUTH_EDIT_ANY, WF_SUBMITTED,
	    true },
	{ WF_RETURNED, WF_SUBMIT, AUTH_SUBMIT, AUTH_EDIT_ANY, WF_SUBMITTED,
	    true },
	{ WF_SUBMITTED, WF_RETURN, AUTH_RETURN, AUTH_RETURN, WF_RETURNED,
	    true },
	{ WF_SUBMITTED, WF_APPROVE, AUTH_PUBLISH, AUTH_PUBLISH, WF_PUBLISHED,
	    true },
	{ WF_SUBMITTED, WF_SCHEDULE, AUTH_SCHEDULE, AUTH_SCHEDULE,
	    WF_SCHEDULED, false },
	{ WF_DRAFT, WF_FORCE_PUBLISH, AUTH_FORCE_PUBLISH, AUTH_FORCE_PUBLISH,
	    WF_PUBLISHED, true },
	{ WF_RETURNED, WF_FORCE_PUBLISH, AUTH_FORCE_PUBLISH,
	    AUTH_FORCE_PUBLISH, WF_PUBLISHED, true },
	{ WF_SCHEDULED, WF_SCHEDULE, AUTH_SCHEDULE, AUTH_SCHEDULE,
	    WF_SCHEDULED, false },
	{ WF_SCHEDULED, WF_PUBLISH, AUTH_PUBLISH, AUTH_PUBLISH, WF_PUBLISHED,
	    false },
	{ WF_UNPUBLISHED, WF_PUBLISH, AUTH_PUBLISH, AUTH_PUBLISH,
	    WF_PUBLISHED, false },
	{ WF_UNPUBLISHED, WF_SCHEDULE, AUTH_SCHEDULE, AUTH_SCHEDULE,
	    WF_SCHEDULED, false },
	{ WF_PUBLISHED, WF_UNPUBLISH, AUTH_UNPUBLISH, AUTH_UNPUBLISH,
	    WF_UNPUBLISHED, false },
	{ WF_SCHEDULED, WF_UNPUBLISH, AUTH_UNPUBLISH, AUTH_UNPUBLISH,
	    WF_UNPUBLISHED, false },
};

const char *
workflow_check(const struct auth_user *u, const struct wf_subject *s,
    enum wf_action a, enum wf_state *to)
{
	const struct wf_rule *r = NULL;
	size_t i;

	if (!u || !u->id || u->disabled_at)
		return "Bạn cần đăng nhập bằng tài khoản đang hoạt động.";
	for (i = 0; i < ARRAY_SIZE(rules); i++)
		if (rules[i].from == s->state && rules[i].act == a &&
		    (!s->edition || rules[i].edition_ok)) {
			r = &rules[i];
			break;
		}
	if (!r)
		return "Thao tác này không áp dụng cho bài ở trạng thái "
		    "hiện tại.";
	if (!auth_can(u, s->own ? r->own : r->other, s->category_id))
		return "Bạn không có quyền thực hiện thao tác này với bài "
		    "viết trong chuyên mục này.";
	if (to)
		*to = r->to;
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Rows and subjects                                                   */

static const char *
jstr(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

static int64_t
jint(const json_t *o, const char *key)
{
	return (int64_t)json_integer_value(json_object_get(o, key));
}

static enum wf_state
row_state(const json_t *row, int64_t now)
{
	const char *st = jstr(row, "status");

	if (!strcmp(st, "draft"))
		return *jstr(row, "review_note") ? WF_RETURNED : WF_DRAFT;
	if (!strcmp(st, "submitted") || !strcmp(st, "approved"))
		return WF_SUBMITTED;
	if (!strcmp(st, "published"))
		return jint(row, "published_at") > now ? WF_SCHEDULED :
		    WF_PUBLISHED;
	return WF_UNPUBLISHED;
}

static enum wf_state
edition_state(const json_t *row)
{
	if (!strcmp(jstr(row, "edition_status"), "submitted"))
		return WF_SUBMITTED;
	return *jstr(row, "edition_note") ? WF_RETURNED : WF_DRAFT;
}

static bool
has_edition(const json_t *row)
{
	return *jstr(row, "edition_status") != '\0';
}

void
workflow_subject(const json_t *row, const struct auth_user *u,
    enum wf_action a, int64_t now, struct wf_subject *out)
{
	memset(out, 0, sizeof(*out));
	if (!row) {
		out->state = WF_NEW;
		out->own = true;
		return;
	}
	out->category_id = jint(row, "category_id");
	out->own = u && !strcmp(jstr(row, "owner"), u->login);
	/* the live row answers for publish, schedule and unpublish; an
	 * edition for everything else while it waits */
	if (has_edition(row) && a != WF_UNPUBLISH && a != WF_PUBLISH &&
	    a != WF_SCHEDULE) {
		out->state = edition_state(row);
		out->edition = true;
	} else {
		out->state = row_state(row, now);
	}
}

/* The content of an article as a revision keeps it. */
static json_t *
content_json(const struct article_input *in, const char *slug,
    const char *change_note)
{
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, "
	    "s:I, s:I, s:s, s:s}",
	    "category_id", (json_int_t)in->category_id, "slug", slug,
	    "title", in->title, "lead", in->lead ? in->lead : "",
	    "body_html", in->body_html ? in->body_html : "",
	    "author", in->author ? in->author : "",
	    "source", in->source ? in->source : "",
	    "status", in->status ? in->status : "draft",
	    "featured", in->featured,
	    "published_at", (json_int_t)in->published_at,
	    "cover_media_id", (json_int_t)in->cover_media_id,
	    "cover_caption", in->cover_caption ? in->cover_caption : "",
	    "cover_alt", in->cover_alt ? in->cover_alt : "");

	if (o && change_note)
		json_object_set_new(o, "change_note", json_string(change_note));
	return o;
}

/* An input pointing into o (a row or a revision's content). */
static void
input_from(const json_t *o, int64_t site_id, int64_t id,
    struct article_input *in)
{
	memset(in, 0, sizeof(*in));
	in->site_id = site_id;
	in->id = id;
	in->category_id = jint(o, "category_id");
	in->slug = *jstr(o, "slug") ? jstr(o, "slug") : NULL;
	in->title = jstr(o, "title");
	in->lead = jstr(o, "lead");
	in->body_html = jstr(o, "body_html");
	in->author = jstr(o, "author");
	in->source = jstr(o, "source");
	in->status = jstr(o, "status");
	in->featured = json_is_true(json_object_get(o, "featured")) ||
	    jint(o, "featured") != 0;
	in->published_at = jint(o, "published_at");
	in->cover_media_id = jint(o, "cover_media_id");
	in->cover_caption = jstr(o, "cover_caption");
	in->cover_alt = jstr(o, "cover_alt");
}

/* ------------------------------------------------------------------ */
/* Transitions                                                         */

/* What a transition writes besides article_save. */
struct wf_meta {
	const char *owner, *review_note, *change_note, *gone_reason;
	const char *replaced_by;
	int64_t change_note_at;
};

static void
meta_from(const json_t *row, struct wf_meta *m)
{
	m->owner = jstr(row, "owner");
	m->review_note = jstr(row, "review_note");
	m->change_note = jstr(row, "change_note");
	m->change_note_at = jint(row, "change_note_at");
	m->gone_reason = jstr(row, "gone_reason");
	m->replaced_by = jstr(row, "replaced_by");
}

static enum cong_err
meta_write(struct store_conn *db, int64_t site_id, int64_t id,
    const struct wf_meta *m)
{
	struct store_val v[8] = { SV_INT(site_id), SV_INT(id),
		SV_STR(m->owner), SV_STR(m->review_note),
		SV_STR(m->change_note), SV_INT(m->change_note_at),
		SV_STR(m->gone_reason), SV_STR(m->replaced_by) };

	return store_exec(db, ST_WF_META_SET, v, 8, NULL, NULL);
}

/*
 * An audit entry for a change that does not go through article_save
 * (editions), in the same transaction, on the hash chain.
 */
static enum cong_err
audit_plain(struct store_conn *db, int64_t site_id, int64_t now,
    const char *actor, enum wf_action a, int64_t id, const char *detail)
{
	char object[40];

	snprintf(object, sizeof(object), "article:%lld", (long long)id);
	return audit_append(db, site_id, now, actor, workflow_action_name(a),
	    object, detail);
}

/* Writes the pending edition of article id (replacing any). */
static enum cong_err
edition_put(struct store_conn *db, int64_t site_id, int64_t id,
    const char *status, const char *content, const char *actor,
    const char *note, int64_t now)
{
	struct store_val d[2] = { SV_INT(site_id), SV_INT(id) };
	struct store_val v[7] = { SV_INT(id), SV_INT(site_id), SV_STR(status),
		SV_STR(content), SV_STR(actor), SV_STR(note), SV_INT(now) };
	enum cong_err err;

	if ((err = store_exec(db, ST_WF_EDITION_DELETE, d, 2, NULL, NULL)))
		return err;
	return store_exec(db, ST_WF_EDITION_INSERT, v, 7, NULL, NULL);
}

static enum cong_err
edition_drop(struct store_conn *db, int64_t site_id, int64_t id)
{
	struct store_val d[2] = { SV_INT(site_id), SV_INT(id) };

	return store_exec(db, ST_WF_EDITION_DELETE, d, 2, NULL, NULL);
}

/* A transition in progress: the row, the user, the request. */
struct wf_run {
	struct store_conn *db;
	const struct auth_user *u;
	int64_t site_id, id, now;
	const struct wf_change *c;
	json_t *row;		/* NULL for create */
	json_t *edition;	/* the pending edition's content, or NULL */
	struct buf *why;
};

static enum cong_err
refuse(struct wf_run *r, enum cong_err err, const char *msg)
{
	buf_adds(r->why, msg);
	return err;
}

/* The new content of an edit or restore into a live article. */
static enum cong_err
write_edition(struct wf_run *r, const struct article_input *in,
    const char *change_note)
{
	json_t *content = NULL;
	char *text = NULL;
	const char *status = "draft", *note = "";
	enum cong_err err;

	if (r->edition) {
		status = jstr(r->row, "edition_status");
		note = jstr(r->row, "edition_note");
	}
	content = content_json(in, jstr(r->row, "slug"), change_note ?
	    change_note : "");
	if (!content || !(text = json_dumps(content, JSON_COMPACT))) {
		err = CONG_ENOMEM;
		goto out;
	}
	if ((err = edition_put(r->db, r->site_id, r->id, status, text,
	    r->u->login, note, r->now)))
		goto out;
	{
		struct store_val v[5] = { SV_INT(r->site_id), SV_INT(r->id),
			SV_STR(r->u->login), SV_INT(r->now), SV_STR(text) };

		if ((err = store_exec(r->db, ST_REVISION_INSERT, v, 5, NULL,
		    NULL)))
			goto out;
	}
	err = audit_plain(r->db, r->site_id, r->now, r->u->login,
	    r->c->action, r->id, in->title);
out:
	free(text);
	json_decref(content);
	return err;
}

/* Saves in over the row with status and published_at, and meta. */
static enum cong_err
save_row(struct wf_run *r, struct article_input *in, const char *status,
    int64_t published_at, const char *detail, const struct wf_meta *m)
{
	enum cong_err err;
	int64_t id = r->id;

	in->site_id = r->site_id;
	in->id = r->id;
	in->status = status;
	in->published_at = published_at;
	in->audit_detail = detail;
	if ((err = article_save(r->db, r->u->login,
	    workflow_action_name(r->c->action), in, r->now, &id)))
		return err;
	r->id = id;
	return meta_write(r->db, r->site_id, id, m);
}

static enum cong_err
do_create(struct wf_run *r)
{
	struct article_input in = *r->c->in;
	struct wf_meta m = { r->u->login, "", "", "", "", 0 };

	in.slug = NULL;
	in.import_key = NULL;
	r->id = 0;
	return save_row(r, &in, "draft", 0, NULL, &m);
}

static bool
row_live(const json_t *row)
{
	return !strcmp(jstr(row, "status"), "published");
}

static enum cong_err
do_edit(struct wf_run *r, struct article_input *in, const char *note)
{
	struct wf_meta m;

	if (r->edition || row_live(r->row))
		return write_edition(r, in, note);
	meta_from(r->row, &m);
	in->slug = jstr(r->row, "slug");
	return save_row(r, in, jstr(r->row, "status"),
	    jint(r->row, "published_at"), NULL, &m);
}

static enum cong_err
do_restore(struct wf_run *r)
{
	json_t *rev = NULL;
	struct article_input in;
	enum cong_err err;

	if ((err = workflow_revision(r->db, r->site_id, r->id,
	    r->c->revision_id, &rev)))
		return err == CONG_ENOTFOUND ? refuse(r, err,
		    "Không tìm thấy phiên bản này của bài viết.") : err;
	input_from(json_object_get(rev, "content"), r->site_id, r->id, &in);
	if (!*in.title || !in.category_id)
		err = refuse(r, CONG_EINVAL, "Phiên bản này thiếu tiêu đề "
		    "hoặc chuyên mục.");
	else
		err = do_edit(r, &in, json_string_value(json_object_get(
		    json_object_get(rev, "content"), "change_note")));
	json_decref(rev);
	return err;
}

/* Submit, return: on the edition when there is one, else on the row. */
static enum cong_err
do_review(struct wf_run *r, const char *status, const char *note)
{
	struct article_input in;
	struct wf_meta m;
	char *text = NULL;
	enum cong_err err;

	if (r->edition) {
		text = json_dumps(r->edition, JSON_COMPACT);
		if (!text)
			return CONG_ENOMEM;
		err = edition_put(r->db, r->site_id, r->id, status, text,
		    jstr(r->row, "edition_actor"), note, r->now);
		if (!err)
			err = audit_plain(r->db, r->site_id, r->now,
			    r->u->login, r->c->action, r->id,
			    *note ? note : jstr(r->edition, "title"));
		free(text);
		return err;
	}
	input_from(r->row, r->site_id, r->id, &in);
	meta_from(r->row, &m);
	m.review_note = note;
	return save_row(r, &in, status, jint(r->row, "published_at"),
	    *note ? note : NULL, &m);
}

/* Approve, force-publish: the edition into the row, or the row live. */
static enum cong_err
do_publish(struct wf_run *r, const char *reason)
{
	struct article_input in;
	struct wf_meta m;
	int64_t at = jint(r->row, "published_at");
	enum cong_err err;

	meta_from(r->row, &m);
	m.review_note = "";
	m.gone_reason = "";
	m.replaced_by = "";
	if (r->edition) {
		input_from(r->edition, r->site_id, r->id, &in);
		in.slug = jstr(r->row, "slug");
		if (*jstr(r->edition, "change_note")) {
			m.change_note = jstr(r->edition, "change_note");
			m.change_note_at = r->now;
		}
		if ((err = save_row(r, &in, "published", at ? at : r->now,
		    reason, &m)))
			return err;
		return edition_drop(r->db, r->site_id, r->id);
	}
	input_from(r->row, r->site_id, r->id, &in);
	/* publishing again an unpublished article keeps its first date;
	 * a scheduled one published now, or a new one, gets now */
	if (!(!strcmp(jstr(r->row, "status"), "unpublished") && at &&
	    at <= r->now))
		at = r->now;
	return save_row(r, &in, "published", at, reason, &m);
}

static enum cong_err
do_schedule(struct wf_run *r)
{
	struct article_input in;
	struct wf_meta m;
	struct buf detail = BUF_INIT;
	enum cong_err err;

	if (r->c->at <= r->now)
		return refuse(r, CONG_EINVAL, "Thời điểm hẹn giờ phải ở "
		    "tương lai.");
	input_from(r->row, r->site_id, r->id, &in);
	meta_from(r->row, &m);
	m.review_note = "";
	m.gone_reason = "";
	m.replaced_by = "";
	buf_adds(&detail, "hẹn đăng ");
	vn_date_format(&detail, r->c->at, VN_DATE_STAMP);
	err = save_row(r, &in, "published", r->c->at, detail.ptr, &m);
	buf_release(&detail);
	return err;
}

/* A replacement is a slug, a local path or an http(s) URL. */
static bool
replacement_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0)
		return true;
	if (n > WF_REPLACED_MAX)
		return false;
	if (s[0] == '/')
		return n == 1 || s[1] != '/';
	if (!strncmp(s, "https://", 8) || !strncmp(s, "http://", 7))
		return !strpbrk(s, " \t\r\n\"<>");
	return vn_slug_valid(s, n);
}

static enum cong_err
do_unpublish(struct wf_run *r, const char *reason)
{
	struct article_input in;
	struct wf_meta m;
	const char *repl = r->c->replaced_by ? r->c->replaced_by : "";

	if (!replacement_ok(repl))
		return refuse(r, CONG_EINVAL, "Địa chỉ thay thế phải là "
		    "đường dẫn của bài viết (slug), đường dẫn bắt đầu bằng "
		    "\"/\" hoặc địa chỉ http(s).");
	input_from(r->row, r->site_id, r->id, &in);
	meta_from(r->row, &m);
	m.gone_reason = reason;
	m.replaced_by = repl;
	return save_row(r, &in, "unpublished", jint(r->row, "published_at"),
	    reason, &m);
}

/* The note an action needs, trimmed of nothing: "" when absent. */
static const char *
note_of(const struct wf_change *c)
{
	return c->note ? c->note : "";
}

static enum cong_err
run(struct wf_run *r)
{
	const struct wf_change *c = r->c;
	struct wf_subject s;
	struct article_input in;
	const char *no;

	workflow_subject(r->row, r->u, c->action, r->now, &s);
	if ((no = workflow_check(r->u, &s, c->action, NULL)))
		return refuse(r, CONG_EPERM, no);
	/* an edit moving the article must be allowed in the new place too */
	if ((c->action == WF_EDIT || c->action == WF_CREATE) && c->in &&
	    c->in->category_id != s.category_id) {
		s.category_id = c->in->category_id;
		if ((no = workflow_check(r->u, &s, c->action, NULL)))
			return refuse(r, CONG_EPERM, no);
	}
	if (strlen(note_of(c)) > WF_NOTE_MAX)
		return refuse(r, CONG_EINVAL, "Ghi chú dài quá 2000 byte.");
	switch (c->action) {
	case WF_CREATE:
	case WF_EDIT:
		if (!c->in || !c->in->title || !*c->in->title)
			return refuse(r, CONG_EINVAL, "Vui lòng nhập tiêu đề.");
		if (c->action == WF_CREATE)
			return do_create(r);
		in = *c->in;
		return do_edit(r, &in, note_of(c));
	case WF_RESTORE:
		return do_restore(r);
	case WF_SUBMIT:
		return do_review(r, "submitted", "");
	case WF_RETURN:
		if (!*note_of(c))
			return refuse(r, CONG_EINVAL, "Vui lòng ghi nhận xét "
			    "khi trả lại bài.");
		return do_review(r, "draft", note_of(c));
	case WF_APPROVE:
	case WF_PUBLISH:
		return do_publish(r, NULL);
	case WF_FORCE_PUBLISH:
		if (!*note_of(c))
			return refuse(r, CONG_EINVAL, "Vui lòng ghi lý do đăng "
			    "khẩn.");
		return do_publish(r, note_of(c));
	case WF_SCHEDULE:
		return do_schedule(r);
	case WF_UNPUBLISH:
		if (!*note_of(c))
			return refuse(r, CONG_EINVAL, "Vui lòng ghi lý do gỡ "
			    "bài.");
		return do_unpublish(r, note_of(c));
	case WF_ACTION__MAX:
		break;
	}
	return CONG_EINVAL;
}

static enum cong_err
row_get(struct store_conn *db, int64_t site_id, int64_t id, json_t **row,
    json_t **edition)
{
	struct store_val v[2] = { SV_INT(site_id), SV_INT(id) };
	const char *ej;
	enum cong_err err;

	*edition = NULL;
	if ((err = store_query_one(db, ST_WF_ARTICLE, v, 2, row)))
		return err;
	ej = json_string_value(json_object_get(*row, "edition_json"));
	if (ej && !(*edition = json_loads(ej, 0, NULL))) {
		log_error("article %lld: unreadable edition", (long long)id);
		json_decref(*row);
		*row = NULL;
		return CONG_EDB;
	}
	return CONG_OK;
}

enum cong_err
workflow_apply(struct store_conn *db, const struct auth_user *u,
    int64_t site_id, int64_t id, const struct wf_change *c, int64_t now,
    int64_t *id_out, struct buf *why)
{
	struct wf_run r = { db, u, site_id, id, now, c, NULL, NULL, why };
	bool own_tx = !store_in_tx(db);
	enum cong_err err;

	*id_out = id;
	if ((unsigned)c->action >= WF_ACTION__MAX || !u)
		return CONG_EINVAL;
	if ((c->action == WF_CREATE) != (id == 0))
		return CONG_EINVAL;
	if (own_tx && (err = store_begin(db, true)))
		return err;
	if (id && (err = row_get(db, site_id, id, &r.row, &r.edition)))
		goto out;
	if ((err = run(&r)))
		goto out;
	*id_out = r.id;
	if (own_tx)
		err = store_commit(db);
out:
	if (err && own_tx)
		store_rollback(db);
	json_decref(r.row);
	json_decref(r.edition);
	return err;
}

/* ------------------------------------------------------------------ */
/* Reads                                                               */

static void
decorate_state(json_t *o, enum wf_state s)
{
	json_object_set_new(o, "state", json_string(workflow_state_name(s)));
	json_object_set_new(o, "state_label",
	    json_string(workflow_state_label(s)));
}

enum cong_err
workflow_get(struct store_conn *db, const struct auth_user *u,
    int64_t site_id, int64_t id, int64_t now, json_t **out)
{
	json_t *row = NULL, *ed = NULL;
	enum cong_err err;

	*out = NULL;
	if ((err = row_get(db, site_id, id, &row, &ed)))
		return err;
	decorate_state(row, row_state(row, now));
	json_object_set_new(row, "own", json_boolean(u &&
	    !strcmp(jstr(row, "owner"), u->login)));
	if (ed) {
		json_object_set(ed, "status", json_object_get(row,
		    "edition_status"));
		json_object_set(ed, "review_note", json_object_get(row,
		    "edition_note"));
		json_object_set(ed, "actor", json_object_get(row,
		    "edition_actor"));
		json_object_set(ed, "updated_at", json_object_get(row,
		    "edition_at"));
		decorate_state(ed, edition_state(row));
		json_object_set_new(row, "edition", ed);
	} else {
		json_object_set_new(row, "edition", json_null());
	}
	json_object_del(row, "edition_json");
	*out = row;
	return CONG_OK;
}

static json_t *
paged(json_t *items, int64_t total, int64_t page, int64_t per_page)
{
	int64_t pages = (total + per_page - 1) / per_page;

	return json_pack("{s:o, s:I, s:I, s:I}", "items", items,
	    "total", (json_int_t)total, "page", (json_int_t)page,
	    "pages", (json_int_t)(pages ? pages : 1));
}

enum cong_err
workflow_list(struct store_conn *db, int64_t site_id,
    const struct wf_filter *f, int64_t now, json_t **out)
{
	int64_t per = f->per_page < 1 || f->per_page > 100 ? 20 : f->per_page;
	int64_t page = f->page < 1 ? 1 : f->page, total = 0;
	struct store_val v[9] = { SV_INT(site_id), SV_INT(f->view),
		SV_INT(now), SV_INT(f->category_id),
		SV_STR(f->owner ? f->owner : ""), SV_INT(f->from),
		SV_INT(f->to), SV_INT(per), SV_INT((page - 1) * per) };
	json_t *items = NULL, *it;
	size_t i;
	enum cong_err err;

	*out = NULL;
	if (page > 100000)
		return CONG_EINVAL;
	if ((err = store_query_int(db, ST_WF_COUNT, v, 7, &total)))
		return err;
	if ((err = store_query_json(db, ST_WF_LIST, v, 9, &items)))
		return err;
	json_array_foreach(items, i, it) {
		enum wf_state s = row_state(it, now);

		decorate_state(it, s);
		json_object_set_new(it, "has_edition",
		    json_boolean(has_edition(it)));
	}
	*out = paged(items, total, page, per);
	return *out ? CONG_OK : CONG_ENOMEM;
}

enum cong_err
workflow_revisions(struct store_conn *db, int64_t site_id, int64_t id,
    json_t **out)
{
	struct store_val v[3] = { SV_INT(site_id), SV_INT(id),
		SV_INT(WF_REVISIONS_MAX) };

	return store_query_json(db, ST_WF_REVISIONS, v, 3, out);
}

enum cong_err
workflow_revision(struct store_conn *db, int64_t site_id, int64_t id,
    int64_t revision_id, json_t **out)
{
	struct store_val v[3] = { SV_INT(site_id), SV_INT(id),
		SV_INT(revision_id) };
	json_t *row = NULL, *content;
	enum cong_err err;

	*out = NULL;
	if ((err = store_query_one(db, ST_WF_REVISION_GET, v, 3, &row)))
		return err;
	content = json_loads(jstr(row, "content_json"), 0, NULL);
	if (!json_is_object(content)) {
		log_error("revision %lld: unreadable content",
		    (long long)revision_id);
		json_decref(content);
		json_decref(row);
		return CONG_EDB;
	}
	json_object_del(row, "content_json");
	json_object_set_new(row, "content", content);
	*out = row;
	return CONG_OK;
}

enum cong_err
workflow_gone(struct store_conn *db, int64_t site_id, const char *slug,
    size_t len, json_t **out)
{
	struct store_val v[2] = { SV_INT(site_id), SV_STRN(slug, len) };

	return store_query_one(db, ST_WF_GONE_BY_SLUG, v, 2, out);
}

enum cong_err
workflow_audit(struct store_conn *db, int64_t site_id, const char *object,
    int64_t page, int64_t per_page, json_t **out)
{
	int64_t per = per_page < 1 || per_page > 200 ? 50 : per_page;
	int64_t pg = page < 1 ? 1 : page, total = 0;
	struct store_val v[4] = { SV_INT(site_id),
		SV_STR(object ? object : ""), SV_INT(per),
		SV_INT((pg - 1) * per) };
	json_t *items = NULL;
	enum cong_err err;

	*out = NULL;
	if (pg > 100000)
		return CONG_EINVAL;
	if ((err = store_query_int(db, ST_WF_AUDIT_COUNT, v, 2, &total)))
		return err;
	if ((err = store_query_json(db, ST_WF_AUDIT_PAGE, v, 4, &items)))
		return err;
	*out = paged(items, total, pg, per);
	return *out ? CONG_OK : CONG_ENOMEM;
}
