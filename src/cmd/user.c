/* SPDX-License-Identifier: ISC */
/*
 * user.c: `cong user add | passwd | disable | enable | list`, the
 * newsroom's accounts from the command line. The first admin is made
 * here. Passwords come from stdin with --password-stdin (one line; the
 * line end is dropped), else from the terminal with echo off, typed
 * twice. Audit entries name the actor "cli".
 *
 *   cong user add LOGIN --role admin|approver|editor|contributor
 *       [--name "Tên hiển thị"] [--site HOST] [--password-stdin]
 *   cong user passwd LOGIN [--site HOST] [--password-stdin]
 *   cong user disable LOGIN [--site HOST]
 *   cong user enable LOGIN [--site HOST]
 *   cong user list [--site HOST]
 */
#include "base/common.h"
#include "base/buf.h"
#include "auth/password.h"
#include "auth/user.h"
#include "cmd/cmd.h"
#include "content/site.h"
#include "store/store.h"

#include <sodium.h>

#include <stdio.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define ACTOR "cli"

struct user_args {
	const char *verb, *login, *role, *name, *host;
	bool pw_stdin;
};

static int
usage(void)
{
	fprintf(stderr,
	    "usage: cong user add LOGIN --role admin|approver|editor|"
	    "contributor\n"
	    "                 [--name NAME] [--site HOST] [--password-stdin]\n"
	    "       cong user passwd LOGIN [--site HOST] [--password-stdin]\n"
	    "       cong user disable|enable LOGIN [--site HOST]\n"
	    "       cong user list [--site HOST]\n");
	return 2;
}

static int
parse_args(int argc, char **argv, struct user_args *a)
{
	int i;

	memset(a, 0, sizeof(*a));
	if (argc < 2)
		return usage();
	a->verb = argv[1];
	for (i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--role") && i + 1 < argc)
			a->role = argv[++i];
		else if (!strcmp(argv[i], "--name") && i + 1 < argc)
			a->name = argv[++i];
		else if (!strcmp(argv[i], "--site") && i + 1 < argc)
			a->host = argv[++i];
		else if (!strcmp(argv[i], "--password-stdin"))
			a->pw_stdin = true;
		else if (argv[i][0] != '-' && !a->login)
			a->login = argv[i];
		else {
			fprintf(stderr, "cong user: unexpected argument "
			    "'%s'\n", argv[i]);
			return usage();
		}
	}
	if (strcmp(a->verb, "list") && !a->login)
		return usage();
	return 0;
}

/* Reads one line into out without its line end; false at EOF/too long. */
static bool
read_line(FILE *f, struct buf *out)
{
	int c;

	while ((c = fgetc(f)) != EOF && c != '\n')
		if (buf_addc(out, (char)c))
			return false;
	if (out->len && out->ptr[out->len - 1] == '\r')
		buf_truncate(out, out->len - 1);
	return c == '\n' || out->len > 0;
}

static bool
prompt(const char *text, struct buf *out)
{
	struct termios old, quiet;
	bool tty = tcgetattr(STDIN_FILENO, &old) == 0, ok;

	fputs(text, stderr);
	fflush(stderr);
	if (tty) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		quiet.c_lflag |= ECHONL;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	ok = read_line(stdin, out);
	if (tty)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	return ok;
}

/* The new password, checked against the policy; 0 or an exit code. */
static int
get_password(const struct user_args *a, const char *login, struct buf *pw)
{
	struct buf again = BUF_INIT;
	enum auth_pw_verdict v;
	int rc = 1;

	buf_init(&again, AUTH_PW_MAX_BYTES + 1);
	if (a->pw_stdin) {
		if (!read_line(stdin, pw)) {
			fprintf(stderr, "cong user: no password on stdin\n");
			goto out;
		}
	} else {
		if (!prompt("Mật khẩu mới: ", pw) ||
		    !prompt("Nhập lại mật khẩu: ", &again))
			goto out;
		if (pw->len != again.len || memcmp(pw->ptr, again.ptr,
		    pw->len)) {
			fprintf(stderr, "cong user: hai mật khẩu không "
			    "khớp nhau\n");
			goto out;
		}
	}
	v = auth_password_check(login, pw->ptr, pw->len);
	if (v != AUTH_PW_OK) {
		fprintf(stderr, "cong user: %s\n", auth_password_message(v));
		goto out;
	}
	rc = 0;
out:
	sodium_memzero(again.ptr, again.len);
	buf_release(&again);
	return rc;
}

static int
find_site(struct store_conn *db, const char *host, int64_t *site_id)
{
	json_t *site = NULL;
	const char *h;
	int rc = 1;

	if (site_resolve(db, host ? host : "", host ? strlen(host) : 0,
	    &site)) {
		fprintf(stderr, "cong user: no site (run 'cong init')\n");
		return 1;
	}
	h = json_string_value(json_object_get(site, "host"));
	if (host && (!h || strcmp(h, host))) {
		fprintf(stderr, "cong user: no site for host '%s'\n", host);
		goto out;
	}
	*site_id = json_integer_value(json_object_get(site, "id"));
	rc = 0;
out:
	json_decref(site);
	return rc;
}

static int
do_add(struct store_conn *db, int64_t site_id, const struct user_args *a,
    const char *login)
{
	struct buf pw = BUF_INIT, name = BUF_INIT;
	enum auth_role role;
	enum cong_err err;
	int rc = 1;

	buf_init(&pw, AUTH_PW_MAX_BYTES + 1);
	buf_init(&name, AUTH_NAME_MAX * 2);
	if (!a->role || auth_role_parse(a->role, strlen(a->role), &role)) {
		fprintf(stderr, "cong user: --role must be admin, approver, "
		    "editor or contributor\n");
		rc = 2;
		goto out;
	}
	if (a->name && auth_name_clean(a->name, strlen(a->name), &name)) {
		fprintf(stderr, "cong user: bad display name\n");
		goto out;
	}
	if ((rc = get_password(a, login, &pw)))
		goto out;
	rc = 1;
	err = auth_user_add(db, site_id, login, name.ptr, role, pw.ptr,
	    pw.len, ACTOR, (int64_t)time(NULL), NULL);
	if (err == CONG_EEXIST)
		fprintf(stderr, "cong user: '%s' already exists\n", login);
	else if (err)
		fprintf(stderr, "cong user: cannot add '%s': %s\n", login,
		    cong_strerror(err));
	else {
		printf("added %s (%s)\n", login, auth_role_name(role));
		rc = 0;
	}
out:
	sodium_memzero(pw.ptr, pw.len);
	buf_release(&pw);
	buf_release(&name);
	return rc;
}

static int
do_change(struct store_conn *db, int64_t site_id, const struct user_args *a,
    const char *login)
{
	struct auth_user u;
	struct buf pw = BUF_INIT;
	int64_t now = (int64_t)time(NULL);
	enum cong_err err;
	int rc = 1;

	buf_init(&pw, AUTH_PW_MAX_BYTES + 1);
	if ((err = auth_user_by_login(db, site_id, login, &u, NULL))) {
		fprintf(stderr, "cong user: no user '%s'\n", login);
		goto out;
	}
	if (!strcmp(a->verb, "passwd")) {
		if ((rc = get_password(a, login, &pw)))
			goto out;
		err = auth_user_set_password(db, site_id, u.id, pw.ptr, pw.len,
		    ACTOR, now);
	} else {
		err = auth_user_set_disabled(db, site_id, u.id,
		    !strcmp(a->verb, "disable"), ACTOR, now);
	}
	rc = err ? 1 : 0;
	if (err)
		fprintf(stderr, "cong user: cannot change '%s': %s\n", login,
		    cong_strerror(err));
	else
		printf("%s %s\n", a->verb, login);
out:
	sodium_memzero(pw.ptr, pw.len);
	buf_release(&pw);
	return rc;
}

static int
do_list(struct store_conn *db, int64_t site_id)
{
	json_t *list = NULL, *u;
	size_t i;

	if (auth_user_list(db, site_id, &list)) {
		fprintf(stderr, "cong user: cannot list users\n");
		return 1;
	}
	json_array_foreach(list, i, u) {
		printf("%s\t%s\t%s\t%s\n",
		    json_string_value(json_object_get(u, "login")),
		    json_string_value(json_object_get(u, "role")),
		    json_is_true(json_object_get(u, "disabled")) ?
		    "disabled" : "active",
		    json_string_value(json_object_get(u, "display_name")));
	}
	json_decref(list);
	return 0;
}

int
cmd_user(struct cong_config *cfg, int argc, char **argv)
{
	struct user_args a;
	struct store *st = NULL;
	struct store_conn *db = NULL;
	char login[AUTH_LOGIN_MAX + 1] = "";
	int64_t site_id = 0;
	int rc;

	if ((rc = parse_args(argc, argv, &a)))
		return rc;
	if (strcmp(a.verb, "add") && strcmp(a.verb, "passwd") &&
	    strcmp(a.verb, "disable") && strcmp(a.verb, "enable") &&
	    strcmp(a.verb, "list"))
		return usage();
	if (a.login && auth_login_normalize(a.login, strlen(a.login),
	    login)) {
		fprintf(stderr, "cong user: a login is 2-64 of a-z 0-9 . _ - "
		    "and starts with a letter or digit\n");
		return 2;
	}
	if (auth_init()) {
		fprintf(stderr, "cong user: cannot initialise libsodium\n");
		return 1;
	}
	if (cmd_open_store(cfg, false, &st) || store_conn_new(st, &db)) {
		fprintf(stderr, "cong user: cannot open the database (run "
		    "'cong init' first)\n");
		rc = 1;
		goto out;
	}
	if ((rc = find_site(db, a.host, &site_id)))
		goto out;
	if (!strcmp(a.verb, "add"))
		rc = do_add(db, site_id, &a, login);
	else if (!strcmp(a.verb, "list"))
		rc = do_list(db, site_id);
	else
		rc = do_change(db, site_id, &a, login);
out:
	store_conn_free(db);
	store_free(st);
	return rc;
}
