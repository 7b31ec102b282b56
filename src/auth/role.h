/* SPDX-License-Identifier: ISC */
/*
 * auth/role.h: who may do what in the newsroom. Four roles, each with the
 * rights of the one before it: contributor (cộng tác viên: writes,
 * submits, uploads), editor (biên tập viên: also edits anyone's article
 * and returns it with a comment), approver (duyệt bài / Trưởng ban biên
 * tập: also publishes, unpublishes, schedules, force-publishes) and admin
 * (quản trị: everything, plus users, categories and site settings).
 * Content rights may be limited to categories: a user with rows in
 * user_categories holds them only there. A disabled user holds no right.
 * Every check runs on the server, through auth_can(); the struct
 * auth_user it reads is filled by auth/session.c or auth/user.c.
 */
#ifndef CONG_AUTH_ROLE_H
#define CONG_AUTH_ROLE_H

#include "base/common.h"

enum auth_role {
	AUTH_ROLE_CONTRIBUTOR,
	AUTH_ROLE_EDITOR,
	AUTH_ROLE_APPROVER,
	AUTH_ROLE_ADMIN,
	AUTH_ROLE__MAX
};

enum auth_action {
	AUTH_WRITE,		/* create and edit one's own drafts */
	AUTH_SUBMIT,		/* send a draft for approval */
	AUTH_EDIT_ANY,		/* edit someone else's article */
	AUTH_RETURN,		/* return a submission with a comment */
	AUTH_PUBLISH,
	AUTH_UNPUBLISH,
	AUTH_SCHEDULE,
	AUTH_FORCE_PUBLISH,	/* publish an urgent item, with a reason */
	AUTH_MANAGE_USERS,
	AUTH_MANAGE_CATEGORIES,
	AUTH_MANAGE_SETTINGS,
	AUTH_UPLOAD,		/* media library */
	AUTH_ACTION__MAX
};

/* Bytes of a login (ASCII) and a display name (UTF-8), without the NUL. */
#define AUTH_LOGIN_MAX 64
#define AUTH_NAME_MAX 200
/* Most categories one user can be limited to. */
#define AUTH_USER_CATS_MAX 64
/* Hex characters of a session's CSRF token (256 bits). */
#define AUTH_CSRF_HEX 64

/*
 * A signed-in (or looked-up) user. Plain data, no pointers: copy it
 * freely. session_id and csrf are set only when it came from a session.
 */
struct auth_user {
	int64_t id;
	int64_t site_id;
	char login[AUTH_LOGIN_MAX + 1];
	char name[AUTH_NAME_MAX + 1];	/* display name, may be "" */
	enum auth_role role;
	int64_t disabled_at;		/* 0 while enabled */
	size_t ncats;			/* 0: every category */
	int64_t cats[AUTH_USER_CATS_MAX];	/* sorted ascending */
	int64_t session_id;
	char csrf[AUTH_CSRF_HEX + 1];
};

/* "contributor", "editor", "approver", "admin"; "" out of range. */
const char *auth_role_name(enum auth_role role);
/* The Vietnamese label ("Cộng tác viên"); "" out of range. */
const char *auth_role_label(enum auth_role role);
/*
 * Reads a role name (as auth_role_name() spells it) from s[0..n) into
 * *out. CONG_EINVAL for anything else; *out untouched then.
 */
enum cong_err auth_role_parse(const char *s, size_t n, enum auth_role *out);
/* "write", "publish", …; "" out of range. */
const char *auth_action_name(enum auth_action a);

/*
 * True if u may do a. For the content actions (write to upload, except
 * the manage_* ones) category_id names the category concerned: with
 * category limits, the right holds only inside them; category_id 0 asks
 * "in at least one category" and is true whenever the role allows it.
 * Management actions ignore category_id. NULL or disabled u: false.
 */
bool auth_can(const struct auth_user *u, enum auth_action a,
    int64_t category_id);

#endif
