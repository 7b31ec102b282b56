/* SPDX-License-Identifier: ISC */
/*
 * workflow.h: the editorial workflow over article_save (content/
 * article.h), the one write path. An article is a draft, then submitted
 * for approval; an editor returns it with a comment (a draft carrying a
 * review note) or an approver publishes it now or schedules it (status
 * "published" with a future published_at: public reads hide it until its
 * time, and the server's janitor drops the cached pages then); an
 * approver may force-publish a draft with a recorded reason, and
 * unpublish with a reason, leaving a 410 page or a 301 to the article
 * that replaces it.
 *
 * Editions: editing a live article (published or scheduled) never
 * touches its row. The new content waits in article_edition (one per
 * article, as revision JSON plus an optional public change note) and
 * goes through submit / return / approve on its own; approving it
 * writes it over the live row in one transaction, keeps published_at
 * and shows the change note ("Cập nhật lúc …") on the article page.
 * Public reads stay the single article row, unchanged.
 *
 * Every transition is checked here on the server, through auth_can()
 * in the article's category (and the new one when an edit moves it),
 * and writes a revision and an audit entry (action names as
 * workflow_action_name() spells them) in the transaction of the change.
 * JSON results are new references owned by the caller.
 */
#ifndef CONG_CONTENT_WORKFLOW_H
#define CONG_CONTENT_WORKFLOW_H

#include <jansson.h>

#include "auth/role.h"
#include "base/buf.h"
#include "content/article.h"

struct store_conn;

enum wf_state {
	WF_NEW,			/* not written yet */
	WF_DRAFT,
	WF_RETURNED,		/* a draft sent back with a comment */
	WF_SUBMITTED,		/* waiting for approval */
	WF_SCHEDULED,		/* published, time still ahead */
	WF_PUBLISHED,
	WF_UNPUBLISHED,
	WF_STATE__MAX
};

enum wf_action {
	WF_CREATE,
	WF_EDIT,
	WF_SUBMIT,
	WF_RETURN,		/* needs a comment */
	WF_APPROVE,		/* a submission (or edition) published now */
	WF_PUBLISH,		/* a scheduled item now, an unpublished again */
	WF_SCHEDULE,		/* needs a time in the future */
	WF_FORCE_PUBLISH,	/* a draft, skipping review; needs a reason */
	WF_UNPUBLISH,		/* needs a reason */
	WF_RESTORE,		/* an old revision's content, as an edit */
	WF_ACTION__MAX
};

/* The list views of the newsroom; the numbers are the statement's. */
enum wf_view {
	WF_VIEW_DRAFTS = 1,
	WF_VIEW_RETURNED = 2,
	WF_VIEW_REVIEW = 3,
	WF_VIEW_SCHEDULED = 4,
	WF_VIEW_PUBLISHED = 5,
	WF_VIEW_UNPUBLISHED = 6,
	WF_VIEW_EDITIONS = 7
};

/* Longest review comment, reason or change note, in bytes. */
#define WF_NOTE_MAX 2000
/* Longest replacement (a slug or a local path) of an unpublished item. */
#define WF_REPLACED_MAX 400
/* Revisions listed for one article. */
#define WF_REVISIONS_MAX 100

/* "create", "edit", …, "restore"; "" out of range. */
const char *workflow_action_name(enum wf_action a);
/* Reads an action name into *out; CONG_EINVAL for anything else. */
enum cong_err workflow_action_parse(const char *s, size_t n,
    enum wf_action *out);
/* "draft", "returned", …; "" out of range. */
const char *workflow_state_name(enum wf_state s);
/* The Vietnamese label ("Bản nháp", "Chờ duyệt", …); "" out of range. */
const char *workflow_state_label(enum wf_state s);

/* What a transition is asked of. */
struct wf_subject {
	enum wf_state state;	/* the edition's when edition is set */
	bool edition;		/* a pending edition of a live article */
	int64_t category_id;
	bool own;		/* the user wrote it (or it is new) */
};

/*
 * The transition table: whether u may do a to s. Returns NULL when it
 * may (and sets *to, if not NULL, to the state it leads to), else the
 * reason in Vietnamese (a static string). NULL or disabled u: refused.
 */
const char *workflow_check(const struct auth_user *u,
    const struct wf_subject *s, enum wf_action a, enum wf_state *to);

/* One request for a transition. */
struct wf_change {
	enum wf_action action;
	/* create, edit: the content (body sanitized; status, id, site_id,
	 * published_at are ignored: the workflow sets them) */
	const struct article_input *in;
	/* return: the comment; force_publish, unpublish: the reason; edit
	 * of a live article: the public change note (may be NULL) */
	const char *note;
	int64_t at;		/* schedule: when, unix seconds */
	const char *replaced_by;	/* unpublish: slug or "/path", or NULL */
	int64_t revision_id;	/* restore */
};

/*
 * Applies c to article id (0 for create) of the site as user u, in one
 * transaction (or the caller's). *id_out gets the article id. Returns
 * CONG_EPERM when the table refuses (the reason appended to why),
 * CONG_EINVAL for a missing comment or reason, a schedule time not in
 * the future or a replacement that is not a slug or local path (why says
 * which, in Vietnamese), CONG_ENOTFOUND for an unknown article or
 * revision, store errors as they come. On error nothing is changed.
 */
enum cong_err workflow_apply(struct store_conn *db,
    const struct auth_user *u, int64_t site_id, int64_t id,
    const struct wf_change *c, int64_t now, int64_t *id_out,
    struct buf *why);

/*
 * Article id with its workflow columns, plus "state", "state_label",
 * "edition" (the pending edition's content object with "status",
 * "review_note", "actor", "updated_at", or null) and "own" for u.
 */
enum cong_err workflow_get(struct store_conn *db, const struct auth_user *u,
    int64_t site_id, int64_t id, int64_t now, json_t **out);

/* What workflow_get reports for a row, as a subject for the action a. */
void workflow_subject(const json_t *row, const struct auth_user *u,
    enum wf_action a, int64_t now, struct wf_subject *out);

/* Filters of a list view; zero or "" means no filter. */
struct wf_filter {
	enum wf_view view;
	int64_t category_id;
	const char *owner;	/* a login */
	int64_t from, to;	/* published (else updated) in [from, to) */
	int64_t page;		/* from 1 */
	int64_t per_page;	/* 1..100 */
};

/*
 * One page of a list view: *out gets {items: [...], total, page,
 * pages}; each item carries "state" and "state_label".
 */
enum cong_err workflow_list(struct store_conn *db, int64_t site_id,
    const struct wf_filter *f, int64_t now, json_t **out);

/* The newest WF_REVISIONS_MAX revisions of an article: [{id, actor, at}]. */
enum cong_err workflow_revisions(struct store_conn *db, int64_t site_id,
    int64_t id, json_t **out);

/*
 * One revision: {id, actor, at, content: {title, lead, body_html, …}}.
 * CONG_ENOTFOUND unless it belongs to that article of the site.
 */
enum cong_err workflow_revision(struct store_conn *db, int64_t site_id,
    int64_t id, int64_t revision_id, json_t **out);

/*
 * An unpublished article by slug: {id, title, gone_reason, replaced_by}.
 * CONG_ENOTFOUND when no unpublished article has that slug.
 */
enum cong_err workflow_gone(struct store_conn *db, int64_t site_id,
    const char *slug, size_t len, json_t **out);

/*
 * One page of the site's audit log, newest first, optionally for one
 * object ("article:12"; NULL or "" for all): {items, total, page, pages}.
 */
enum cong_err workflow_audit(struct store_conn *db, int64_t site_id,
    const char *object, int64_t page, int64_t per_page, json_t **out);

#endif
