/* SPDX-License-Identifier: ISC */
/*
 * sandbox.h: least privilege for `cong serve`. After the listeners are
 * bound and before any server thread starts (http_server_config's
 * after_bind), the process
 *
 *  1. drops root for a configured user (setgroups, setgid, setuid) and
 *     refuses to go on as root unless allowed;
 *  2. sets no_new_privs;
 *  3. confines its file system view with Landlock: the data and media
 *     folders read-write, a few system files read-only, nothing else
 *     (templates and static files are already in memory);
 *  4. installs a seccomp filter (libseccomp): an allowlist of the system
 *     calls a running server makes; execve, ptrace, mount and the like
 *     kill the process, anything else unlisted fails with EPERM.
 *
 * Every thread started afterwards inherits all four. A kernel without
 * Landlock gets a warning and the rest. docs/security.md lists what is
 * allowed and why.
 */
#ifndef CONG_HTTP_SANDBOX_H
#define CONG_HTTP_SANDBOX_H

#include "base/common.h"

struct sandbox_config {
	const char *user;	/* run as this user when started as root */
	bool allow_root;	/* keep running as root if no user given */
	bool enabled;		/* false: no Landlock, no seccomp (debug) */
	const char *rw_dirs[4];	/* read-write folders (NULL-ended) */
	const char *ro_paths[8];	/* extra read-only files or folders */
};

/*
 * Drops privileges as configured. As root: with c->user, switches to
 * that user and its primary group (supplementary groups cleared), after
 * checking that every rw_dirs entry belongs to it (else CONG_EPERM and a
 * message saying which folder to chown); without, CONG_EPERM unless
 * allow_root. As another user: c->user must be NULL or that user.
 * CONG_ENOTFOUND for an unknown user.
 */
enum cong_err sandbox_drop_privileges(const struct sandbox_config *c);

/*
 * Landlock: rw_dirs read-write (no execute; created first if missing),
 * ro_paths and a built-in list of system files read-only, everything
 * else refused. CONG_OK with
 * a logged warning when the kernel has no Landlock; CONG_EIO when it has
 * and the ruleset cannot be applied.
 */
enum cong_err sandbox_landlock(const struct sandbox_config *c);

/* The seccomp filter; CONG_EIO if it cannot be loaded. */
enum cong_err sandbox_seccomp(void);

/*
 * All of the above in order (no_new_privs included); Landlock and seccomp
 * only when c->enabled. Logs what it did in one line.
 */
enum cong_err sandbox_enter(const struct sandbox_config *c);

#endif
