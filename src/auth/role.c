/* SPDX-License-Identifier: ISC */
/*
 * auth/role.c: the role matrix and the category limits. The matrix is a
 * table of the lowest role holding each action, so the hierarchy reads at
 * a glance and a test can walk it.
 */
#include "base/common.h"
#include "auth/role.h"

static const struct {
	const char *name;
	const char *label;
} roles[AUTH_ROLE__MAX] = {
	[AUTH_ROLE_CONTRIBUTOR] = { "contributor", "Cộng tác viên" },
	[AUTH_ROLE_EDITOR] = { "editor", "Biên tập viên" },
	[AUTH_ROLE_APPROVER] = { "approver", "Trưởng ban biên tập (duyệt bài)" },
	[AUTH_ROLE_ADMIN] = { "admin", "Quản trị" },
};

static const struct {
	const char *name;
	enum auth_role least;	/* lowest role that holds it */
	bool per_category;	/* limited by user_categories */
} actions[AUTH_ACTION__MAX] = {
	[AUTH_WRITE] = { "write", AUTH_ROLE_CONTRIBUTOR, true },
	[AUTH_SUBMIT] = { "submit", AUTH_ROLE_CONTRIBUTOR, true },
	[AUTH_EDIT_ANY] = { "edit_any", AUTH_ROLE_EDITOR, true },
	[AUTH_RETURN] = { "return", AUTH_ROLE_EDITOR, true },
	[AUTH_PUBLISH] = { "publish", AUTH_ROLE_APPROVER, true },
	[AUTH_UNPUBLISH] = { "unpublish", AUTH_ROLE_APPROVER, true },
	[AUTH_SCHEDULE] = { "schedule", AUTH_ROLE_APPROVER, true },
	[AUTH_FORCE_PUBLISH] = { "force_publish", AUTH_ROLE_APPROVER, true },
	[AUTH_MANAGE_USERS] = { "manage_users", AUTH_ROLE_ADMIN, false },
	[AUTH_MANAGE_CATEGORIES] = { "manage_categories", AUTH_ROLE_ADMIN,
	    false },
	[AUTH_MANAGE_SETTINGS] = { "manage_settings", AUTH_ROLE_ADMIN, false },
	[AUTH_UPLOAD] = { "upload", AUTH_ROLE_CONTRIBUTOR, false },
};

const char *
auth_role_name(enum auth_role role)
{
	return (unsigned)role < AUTH_ROLE__MAX ? roles[role].name : "";
}

const char *
auth_role_label(enum auth_role role)
{
	return (unsigned)role < AUTH_ROLE__MAX ? roles[role].label : "";
}

enum cong_err
auth_role_parse(const char *s, size_t n, enum auth_role *out)
{
	size_t i;

	if (!s)
		return CONG_EINVAL;
	for (i = 0; i < AUTH_ROLE__MAX; i++) {
		if (mem_eq_str(s, n, roles[i].name)) {
			*out = (enum auth_role)i;
			return CONG_OK;
		}
	}
	return CONG_EINVAL;
}

const char *
auth_action_name(enum auth_action a)
{
	return (unsigned)a < AUTH_ACTION__MAX ? actions[a].name : "";
}

static bool
in_categories(const struct auth_user *u, int64_t category_id)
{
	size_t i;

	if (u->ncats == 0 || category_id == 0)
		return true;
	for (i = 0; i < u->ncats && i < AUTH_USER_CATS_MAX; i++)
		if (u->cats[i] == category_id)
			return true;
	return false;
}

bool
auth_can(const struct auth_user *u, enum auth_action a, int64_t category_id)
{
	if (!u || u->disabled_at || (unsigned)a >= AUTH_ACTION__MAX ||
	    (unsigned)u->role >= AUTH_ROLE__MAX)
		return false;
	if (u->role < actions[a].least)
		return false;
	/* an admin's rights are site-wide: limits are for the newsroom */
	if (actions[a].per_category && u->role != AUTH_ROLE_ADMIN)
		return in_categories(u, category_id);
	return true;
}
