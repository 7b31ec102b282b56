/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for content/workflow.c and content/diff.c: the transition
 * table as role x state x action (own and someone else's article, and
 * editions of live ones), category limits; then transitions on a real
 * SQLite store: the states they lead to, editions that leave the live
 * row alone until approved, refusals that change nothing, audit and
 * revision rows; and word diffs as tables of input and expected HTML.
 */
#include "base/common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>
#include <cmocka.h>

#include "content/diff.h"
#include "content/site.h"
#include "content/workflow.h"
#include "store/store.h"

#define NOW 1700000000

/* ------------------------------------------------------------------ */
/* The transition table                                                */

enum { C, E, A, D };	/* contributor, editor, approver, admin */

/* Allowed for C E A D; "own" is the writer's own article. */
static const struct {
	enum wf_state st;
	bool edition, own;
	enum wf_action act;
	bool c, e, ap, ad;
	enum wf_state to;
} table[] = {
	{ WF_NEW, false, true, WF_CREATE, 1, 1, 1, 1, WF_DRAFT },
	{ WF_NEW, false, true, WF_SUBMIT, 0, 0, 0, 0, 0 },
	{ WF_DRAFT, false, true, WF_EDIT, 1, 1, 1, 1, WF_DRAFT },
	{ WF_DRAFT, false, false, WF_EDIT, 0, 1, 1, 1, WF_DRAFT },
	{ WF_DRAFT, false, true, WF_SUBMIT, 1, 1, 1, 1, WF_SUBMITTED },
	{ WF_DRAFT, false, false, WF_SUBMIT, 0, 1, 1, 1, WF_SUBMITTED },
	{ WF_DRAFT, false, true, WF_APPROVE, 0, 0, 0, 0, 0 },
	{ WF_DRAFT, false, true, WF_RETURN, 0, 0, 0, 0, 0 },
	{ WF_DRAFT, false, true, WF_FORCE_PUBLISH, 0, 0, 1, 1, WF_PUBLISHED },
	{ WF_DRAFT, false, true, WF_UNPUBLISH, 0, 0, 0, 0, 0 },
	{ WF_RETURNED, false, true, WF_EDIT, 1, 1, 1, 1, WF_RETURNED },
	{ WF_RETURNED, false, true, WF_SUBMIT, 1, 1, 1, 1, WF_SUBMITTED },
	{ WF_SUBMITTED, false, true, WF_EDIT, 0, 1, 1, 1, WF_SUBMITTED },
	{ WF_SUBMITTED, false, true, WF_RETURN, 0, 1, 1, 1, WF_RETURNED },
	{ WF_SUBMITTED, false, true, WF_APPROVE, 0, 0, 1, 1, WF_PUBLISHED },
	{ WF_SUBMITTED, false, true, WF_SCHEDULE, 0, 0, 1, 1, WF_SCHEDULED },
	{ WF_SUBMITTED, false, true, WF_SUBMIT, 0, 0, 0, 0, 0 },
	{ WF_SUBMITTED, false, true, WF_UNPUBLISH, 0, 0, 0, 0, 0 },
	{ WF_SCHEDULED, false, true, WF_EDIT, 1, 1, 1, 1, WF_DRAFT },
	{ WF_SCHEDULED, false, true, WF_PUBLISH, 0, 0, 1, 1, WF_PUBLISHED },
	{ WF_SCHEDULED, false, true, WF_SCHEDULE, 0, 0, 1, 1, WF_SCHEDULED },
	{ WF_SCHEDULED, false, true, WF_UNPUBLISH, 0, 0, 1, 1,
	    WF_UNPUBLISHED },
	{ WF_PUBLISHED, false, true, WF_EDIT, 1, 1, 1, 1, WF_DRAFT },
	{ WF_PUBLISHED, false, false, WF_EDIT, 0, 1, 1, 1, WF_DRAFT },
	{ WF_PUBLISHED, false, true, WF_UNPUBLISH, 0, 0, 1, 1,
	    WF_UNPUBLISHED },
	{ WF_PUBLISHED, false, true, WF_APPROVE, 0, 0, 0, 0, 0 },
	{ WF_PUBLISHED, false, true, WF_SUBMIT, 0, 0, 0, 0, 0 },
	{ WF_PUBLISHED, false, true, WF_RESTORE, 1, 1, 1, 1, WF_DRAFT },
	{ WF_UNPUBLISHED, false, true, WF_PUBLISH, 0, 0, 1, 1, WF_PUBLISHED },
	{ WF_UNPUBLISHED, false, true, WF_UNPUBLISH, 0, 0, 0, 0, 0 },
	{ WF_UNPUBLISHED, false, true, WF_EDIT, 1, 1, 1, 1, WF_UNPUBLISHED },
	/* editions of live articles */
	{ WF_DRAFT, true, true, WF_SUBMIT, 1, 1, 1, 1, WF_SUBMITTED },
	{ WF_SUBMITTED, true, true, WF_APPROVE, 0, 0, 1, 1, WF_PUBLISHED },
	{ WF_SUBMITTED, true, true, WF_RETURN, 0, 1, 1, 1, WF_RETURNED },
	{ WF_SUBMITTED, true, true, WF_SCHEDULE, 0, 0, 0, 0, 0 },
	{ WF_DRAFT, true, true, WF_FORCE_PUBLISH, 0, 0, 1, 1, WF_PUBLISHED },
	{ WF_RETURNED, true, false, WF_EDIT, 0, 1, 1, 1, WF_RETURNED },
};

static void
user_as(struct auth_user *u, int role)
{
	memset(u, 0, sizeof(*u));
	u->id = 1;
	u->role = (enum auth_role)role;
	snprintf(u->login, sizeof(u->login), "u%d", role);
}

static void
wf_transition_table(void **state)
{
	struct auth_user u;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(table); i++) {
		bool want[4] = { table[i].c, table[i].e, table[i].ap,
		    table[i].ad };
		struct wf_subject s = { table[i].st, table[i].edition, 3,
		    table[i].own };
		int r;

		for (r = 0; r < 4; r++) {
			enum wf_state to = WF_STATE__MAX;
			const char *why;

			user_as(&u, r);
			why = workflow_check(&u, &s, table[i].act, &to);
			if ((why == NULL) != want[r])
				fail_msg("row %zu: %s %s as %s: want %d (%s)",
				    i, workflow_action_name(table[i].act),
				    workflow_state_name(table[i].st),
				    auth_role_name(u.role), want[r],
				    why ? why : "allowed");
			if (!why && to != table[i].to)
				fail_msg("row %zu: leads to %s, want %s", i,
				    workflow_state_name(to),
				    workflow_state_name(table[i].to));
		}
	}
}

static void
wf_refused_outside_categories(void **state)
{
	struct auth_user u;
	struct wf_subject s = { WF_SUBMITTED, false, 9, false };

	(void)state;
	user_as(&u, A);
	u.ncats = 1;
	u.cats[0] = 3;
	assert_non_null(workflow_check(&u, &s, WF_APPROVE, NULL));
	s.category_id = 3;
	assert_null(workflow_check(&u, &s, WF_APPROVE, NULL));
	u.disabled_at = NOW;
	assert_non_null(workflow_check(&u, &s, WF_APPROVE, NULL));
	assert_non_null(workflow_check(NULL, &s, WF_APPROVE, NULL));
}

static void
wf_action_names(void **state)
{
	enum wf_action a, back;

	(void)state;
	for (a = 0; a < WF_ACTION__MAX; a++) {
		const char *n = workflow_action_name(a);

		assert_int_equal(workflow_action_parse(n, strlen(n), &back),
		    CONG_OK);
		assert_int_equal(back, a);
	}
	assert_string_equal(workflow_action_name(WF_FORCE_PUBLISH),
	    "force_publish");
	assert_int_equal(workflow_action_parse("publishx", 8, &back),
	    CONG_EINVAL);
	assert_int_equal(workflow_action_parse("publ", 4, &back),
	    CONG_EINVAL);
	assert_string_equal(workflow_action_name(WF_ACTION__MAX), "");
	assert_string_equal(workflow_state_label(WF_RETURNED), "Bị trả lại");
}

/* ------------------------------------------------------------------ */
/* Transitions on a real store                                         */

struct fx {
	char dir[64];
	struct store *st;
	struct store_conn *db;
	int64_t site, cat;
	struct auth_user ctv, apr;
};

static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));
	char url[128];
	struct store_val v[14] = { SV_STR("a.test"), SV_STR("Cổng A"),
		SV_STR(""), SV_STR(""), SV_STR(""), SV_STR(""), SV_STR(""),
		SV_STR(""), SV_STR(""), SV_STR(""), SV_STR("portal"),
		SV_INT(1), SV_STR("[]"), SV_INT(NOW) };

	snprintf(f->dir, sizeof(f->dir), "/tmp/cong-wf-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(url, sizeof(url), "sqlite:%s/t.db", f->dir);
	assert_int_equal(store_open(url, true, &f->st), CONG_OK);
	assert_int_equal(store_migrate(f->st, NULL), CONG_OK);
	assert_int_equal(store_conn_new(f->st, &f->db), CONG_OK);
	assert_int_equal(store_exec(f->db, ST_SITE_INSERT, v, 14, &f->site,
	    NULL), CONG_OK);
	assert_int_equal(store_begin(f->db, true), CONG_OK);
	assert_int_equal(category_ensure(f->db, f->site, "Tin tức", 1,
	    &f->cat), CONG_OK);
	assert_int_equal(store_commit(f->db), CONG_OK);
	user_as(&f->ctv, C);
	user_as(&f->apr, A);
	f->ctv.site_id = f->apr.site_id = f->site;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	char path[128];

	store_conn_free(f->db);
	store_free(f->st);
	snprintf(path, sizeof(path), "rm -rf '%s'", f->dir);
	if (system(path) != 0)
		return -1;
	free(f);
	return 0;
}

static enum cong_err
apply(struct fx *f, const struct auth_user *u, int64_t *id,
    enum wf_action a, const struct article_input *in, const char *note,
    int64_t at, int64_t now)
{
	struct wf_change c = { a, in, note, at, NULL, 0 };
	struct buf why = BUF_INIT;
	enum cong_err err;

	err = workflow_apply(f->db, u, f->site, *id, &c, now, id, &why);
	buf_release(&why);
	return err;
}

static const char *
get_str(struct fx *f, int64_t id, const char *key, int64_t now,
    char *out, size_t n)
{
	json_t *a = NULL;
	const char *s;

	assert_int_equal(workflow_get(f->db, NULL, f->site, id, now, &a),
	    CONG_OK);
	s = json_string_value(json_object_get(a, key));
	snprintf(out, n, "%s", s ? s : "");
	json_decref(a);
	return out;
}

static int64_t
count(struct fx *f, int64_t id)
{
	json_t *r = NULL;
	int64_t n;

	assert_int_equal(workflow_revisions(f->db, f->site, id, &r), CONG_OK);
	n = (int64_t)json_array_size(r);
	json_decref(r);
	return n;
}

static void
wf_story_on_store(void **state)
{
	struct fx *f = *state;
	struct article_input in;
	int64_t id = 0;
	char s[256];
	json_t *pub = NULL, *log = NULL;

	memset(&in, 0, sizeof(in));
	in.category_id = f->cat;
	in.title = "Bài một";
	in.body_html = "<p>một hai ba</p>";
	assert_int_equal(apply(f, &f->ctv, &id, WF_CREATE, &in, NULL, 0, NOW),
	    CONG_OK);
	assert_true(id > 0);
	assert_string_equal(get_str(f, id, "state", NOW, s, sizeof(s)),
	    "draft");
	assert_string_equal(get_str(f, id, "owner", NOW, s, sizeof(s)), "u0");
	/* refusals change nothing */
	assert_int_equal(apply(f, &f->ctv, &id, WF_APPROVE, NULL, NULL, 0,
	    NOW), CONG_EPERM);
	assert_int_equal(apply(f, &f->apr, &id, WF_RETURN, NULL, "x", 0, NOW),
	    CONG_EPERM);
	assert_int_equal(count(f, id), 1);
	assert_int_equal(apply(f, &f->ctv, &id, WF_SUBMIT, NULL, NULL, 0,
	    NOW + 1), CONG_OK);
	assert_int_equal(apply(f, &f->apr, &id, WF_RETURN, NULL, "", 0,
	    NOW + 2), CONG_EINVAL);
	assert_int_equal(apply(f, &f->apr, &id, WF_RETURN, NULL, "Sửa lại",
	    0, NOW + 2), CONG_OK);
	assert_string_equal(get_str(f, id, "state", NOW + 2, s, sizeof(s)),
	    "returned");
	assert_int_equal(apply(f, &f->ctv, &id, WF_SUBMIT, NULL, NULL, 0,
	    NOW + 3), CONG_OK);
	assert_int_equal(apply(f, &f->apr, &id, WF_SCHEDULE, NULL, NULL,
	    NOW + 3, NOW + 3), CONG_EINVAL);
	assert_int_equal(apply(f, &f->apr, &id, WF_SCHEDULE, NULL, NULL,
	    NOW + 100, NOW + 4), CONG_OK);
	assert_string_equal(get_str(f, id, "state", NOW + 4, s, sizeof(s)),
	    "scheduled");
	assert_string_equal(get_str(f, id, "state", NOW + 100, s, sizeof(s)),
	    "published");
	/* an edition leaves the live row alone until approved */
	in.title = "Bài một (sửa)";
	assert_int_equal(apply(f, &f->ctv, &id, WF_EDIT, &in, "đính chính",
	    0, NOW + 200), CONG_OK);
	assert_string_equal(get_str(f, id, "title", NOW + 200, s, sizeof(s)),
	    "Bài một");
	assert_int_equal(article_public_get(f->db, f->site, NOW + 200,
	    "bai-mot", 7, &pub), CONG_OK);
	json_decref(pub);
	assert_int_equal(apply(f, &f->apr, &id, WF_APPROVE, NULL, NULL, 0,
	    NOW + 201), CONG_EPERM);	/* not submitted yet */
	assert_int_equal(apply(f, &f->ctv, &id, WF_SUBMIT, NULL, NULL, 0,
	    NOW + 202), CONG_OK);
	assert_int_equal(apply(f, &f->apr, &id, WF_APPROVE, NULL, NULL, 0,
	    NOW + 203), CONG_OK);
	assert_string_equal(get_str(f, id, "title", NOW + 203, s, sizeof(s)),
	    "Bài một (sửa)");
	assert_string_equal(get_str(f, id, "change_note", NOW + 203, s,
	    sizeof(s)), "đính chính");
	assert_string_equal(get_str(f, id, "slug", NOW + 203, s, sizeof(s)),
	    "bai-mot");
	/* unpublish needs a reason; the slug then answers as gone */
	assert_int_equal(apply(f, &f->apr, &id, WF_UNPUBLISH, NULL, "", 0,
	    NOW + 300), CONG_EINVAL);
	assert_int_equal(apply(f, &f->apr, &id, WF_UNPUBLISH, NULL, "Hết hạn",
	    0, NOW + 300), CONG_OK);
	assert_int_equal(workflow_gone(f->db, f->site, "bai-mot", 7, &pub),
	    CONG_OK);
	assert_string_equal(json_string_value(json_object_get(pub,
	    "gone_reason")), "Hết hạn");
	json_decref(pub);
	/* every step kept a revision (the edition too) and an audit row */
	assert_int_equal(count(f, id), 8);
	assert_int_equal(workflow_audit(f->db, f->site, "article:1", 1, 50,
	    &log), CONG_OK);
	assert_int_equal(json_integer_value(json_object_get(log, "total")), 9);
	json_decref(log);
}

/* ------------------------------------------------------------------ */
/* Word diffs                                                          */

static const struct {
	const char *a, *b, *want;
	bool changed;
} diffs[] = {
	{ "", "", "", false },
	{ "một hai", "một hai", "một hai", false },
	{ "Đã cấp 120 thẻ.", "Đã cấp 125 thẻ.",
	    "Đã cấp <del>120 </del><ins>125 </ins>thẻ.", true },
	{ "a b c", "a c", "a <del>b </del>c", true },
	{ "a c", "a b c", "a <ins>b </ins>c", true },
	{ "", "mới", "<ins>mới</ins>", true },
	{ "cũ", "", "<del>cũ</del>", true },
	{ "<b>x</b> & y", "<b>x</b> & z", "&lt;b&gt;x&lt;/b&gt; &amp; "
	    "<del>y</del><ins>z</ins>", true },
	{ "x y z w", "y z w x", "<del>x </del>y z w <ins>x</ins>", true },
};

static void
diff_table(void **state)
{
	struct buf out = BUF_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(diffs); i++) {
		bool changed = !diffs[i].changed;

		buf_reset(&out);
		assert_int_equal(diff_words_html(diffs[i].a,
		    strlen(diffs[i].a), diffs[i].b, strlen(diffs[i].b), &out,
		    &changed), CONG_OK);
		if (strcmp(out.ptr, diffs[i].want))
			fail_msg("diff %zu: got '%s', want '%s'", i, out.ptr,
			    diffs[i].want);
		assert_int_equal(changed, diffs[i].changed);
	}
	buf_release(&out);
}

/* A middle too big for the table is one deletion and one insertion. */
static void
diff_too_big_is_coarse(void **state)
{
	struct buf a = BUF_INIT, b = BUF_INIT, out = BUF_INIT;
	int i;

	(void)state;
	for (i = 0; i < 3000; i++) {
		buf_addf(&a, "a%d ", i);
		buf_addf(&b, "b%d ", i);
	}
	assert_int_equal(diff_words_html(a.ptr, a.len, b.ptr, b.len, &out,
	    NULL), CONG_OK);
	assert_memory_equal(out.ptr, "<del>a0 ", 8);
	assert_non_null(strstr(out.ptr, "</del><ins>b0 "));
	assert_int_equal(out.len, a.len + b.len + 22);
	buf_release(&a);
	buf_release(&b);
	buf_release(&out);
}

static void
diff_cap_reached(void **state)
{
	struct buf out;

	(void)state;
	buf_init(&out, 8);
	assert_int_equal(diff_words_html("a b c d", 7, "e f g h", 7, &out,
	    NULL), CONG_ETOOBIG);
	buf_release(&out);
	assert_int_equal(diff_words_html(NULL, 3, "", 0, &out, NULL),
	    CONG_EINVAL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(wf_transition_table),
		cmocka_unit_test(wf_refused_outside_categories),
		cmocka_unit_test(wf_action_names),
		cmocka_unit_test_setup_teardown(wf_story_on_store, setup,
		    teardown),
		cmocka_unit_test(diff_table),
		cmocka_unit_test(diff_too_big_is_coarse),
		cmocka_unit_test(diff_cap_reached),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
