/* SPDX-License-Identifier: ISC */
/*
 * sandbox.c: dropping root, Landlock and seccomp for `cong serve` (see
 * sandbox.h). Landlock is reached by raw system calls (glibc has no
 * wrappers); seccomp through libseccomp. The allowlist is what the
 * server was seen to use under strace (loops, workers, SQLite, libvips,
 * glib, iconv, libpq reconnects) plus a margin, so that an unforeseen
 * but harmless call fails with EPERM instead of killing the portal;
 * only calls that would widen an attacker's reach kill the process.
 */
#include "base/common.h"
#include "base/log.h"
#include "http/sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/landlock.h>
#include <pwd.h>
#include <seccomp.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <termios.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define SANDBOX_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANDBOX_ASAN 1
#endif
#endif

/* ------------------------------------------------------------------ */
/* Dropping root                                                       */

static enum cong_err
check_owner(const char *dir, uid_t uid, const char *user)
{
	struct stat sb;

	if (stat(dir, &sb) != 0)
		return CONG_OK;		/* created later, by the user */
	if (sb.st_uid == uid)
		return CONG_OK;
	log_error("'%s' must belong to user '%s' (chown -R %s: '%s')", dir,
	    user, user, dir);
	return CONG_EPERM;
}

static enum cong_err
become(const struct sandbox_config *c, const struct passwd *pw)
{
	enum cong_err err;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(c->rw_dirs) && c->rw_dirs[i]; i++)
		if ((err = check_owner(c->rw_dirs[i], pw->pw_uid, c->user)))
			return err;
	/* glibc applies these to every thread of the process */
	if (setgroups(0, NULL) != 0 || setgid(pw->pw_gid) != 0 ||
	    setuid(pw->pw_uid) != 0) {
		log_error("cannot become user '%s': %s", c->user,
		    strerror(errno));
		return CONG_EPERM;
	}
	if (pw->pw_uid != 0 && (setuid(0) == 0 || geteuid() == 0)) {
		log_error("still able to regain root after dropping it");
		return CONG_EPERM;
	}
	return CONG_OK;
}

enum cong_err
sandbox_drop_privileges(const struct sandbox_config *c)
{
	struct passwd pwbuf, *pw = NULL;
	char buf[16384];
	int rc;

	if (c->user && *c->user) {
		rc = getpwnam_r(c->user, &pwbuf, buf, sizeof(buf), &pw);
		if (rc != 0 || !pw) {
			log_error("unknown user '%s'", c->user);
			return CONG_ENOTFOUND;
		}
		if (geteuid() == 0)
			return become(c, pw);
		if (pw->pw_uid != geteuid()) {
			log_error("cannot switch to user '%s': not started as "
			    "root", c->user);
			return CONG_EPERM;
		}
		return CONG_OK;
	}
	if (geteuid() == 0 && !c->allow_root) {
		log_error("refusing to serve as root: give --user NAME (or "
		    "[server] user), or --allow-root");
		return CONG_EPERM;
	}
	return CONG_OK;
}

/* ------------------------------------------------------------------ */
/* Landlock                                                            */

#ifndef LANDLOCK_ACCESS_FS_TRUNCATE
#define LANDLOCK_ACCESS_FS_TRUNCATE (1ULL << 14)	/* ABI 3, Linux 6.2 */
#endif

#define LL_FILE_RIGHTS (LANDLOCK_ACCESS_FS_EXECUTE | \
	LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_READ_FILE | \
	LANDLOCK_ACCESS_FS_TRUNCATE)
#define LL_RO (LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR)
/* no execute, no devices, fifos, sockets or symlinks in the data dir */
#define LL_RW (LL_RO | LANDLOCK_ACCESS_FS_WRITE_FILE | \
	LANDLOCK_ACCESS_FS_REMOVE_DIR | LANDLOCK_ACCESS_FS_REMOVE_FILE | \
	LANDLOCK_ACCESS_FS_MAKE_DIR | LANDLOCK_ACCESS_FS_MAKE_REG | \
	LANDLOCK_ACCESS_FS_REFER | LANDLOCK_ACCESS_FS_TRUNCATE)

/*
 * Read-only for every server: shared libraries and the modules loaded
 * on demand (iconv's gconv, libvips loaders, zoneinfo), name service
 * files for a PostgreSQL reconnect, CPU count, the process's own /proc.
 */
static const char *const system_ro[] = {
	"/usr", "/lib", "/etc/localtime", "/etc/hosts", "/etc/resolv.conf",
	"/etc/nsswitch.conf", "/etc/gai.conf", "/etc/ssl",
	"/sys/devices/system/cpu", "/proc/self", "/dev/urandom",
};
static const char *const system_rw[] = { "/dev/null" };

static uint64_t
ll_handled(int abi)
{
	uint64_t h = (LANDLOCK_ACCESS_FS_MAKE_SYM << 1) - 1;	/* ABI 1 */

	if (abi >= 2)
		h |= LANDLOCK_ACCESS_FS_REFER;
	if (abi >= 3)
		h |= LANDLOCK_ACCESS_FS_TRUNCATE;
	return h;
}

/* Adds a rule for path; a missing path is skipped. */
static enum cong_err
ll_allow(int ruleset, const char *path, uint64_t access, uint64_t handled)
{
	struct landlock_path_beneath_attr pb = { 0 };
	struct stat sb;
	enum cong_err err = CONG_OK;
	int fd;

	fd = open(path, O_PATH | O_CLOEXEC);
	if (fd < 0)
		return CONG_OK;
	if (fstat(fd, &sb) == 0 && !S_ISDIR(sb.st_mode))
		access &= LL_FILE_RIGHTS;
	pb.allowed_access = access & handled;
	pb.parent_fd = fd;
	if (syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH,
	    &pb, 0) != 0) {
		log_error("landlock: cannot allow '%s': %s", path,
		    strerror(errno));
		err = CONG_EIO;
	}
	close(fd);
	return err;
}

static enum cong_err
ll_rules(int rs, const struct sandbox_config *c, uint64_t handled)
{
	enum cong_err err = CONG_OK;
	size_t i;

	for (i = 0; !err && i < ARRAY_SIZE(system_ro); i++)
		err = ll_allow(rs, system_ro[i], LL_RO, handled);
	for (i = 0; !err && i < ARRAY_SIZE(system_rw); i++)
		err = ll_allow(rs, system_rw[i], LL_RW, handled);
	for (i = 0; !err && i < ARRAY_SIZE(c->rw_dirs) && c->rw_dirs[i];
	    i++) {
		/* made now, by the server's user, or never reachable later */
		if (mkdir(c->rw_dirs[i], 0755) != 0 && errno != EEXIST)
			log_warn("cannot create '%s': %s", c->rw_dirs[i],
			    strerror(errno));
		err = ll_allow(rs, c->rw_dirs[i], LL_RW, handled);
	}
	for (i = 0; !err && i < ARRAY_SIZE(c->ro_paths) && c->ro_paths[i];
	    i++)
		err = ll_allow(rs, c->ro_paths[i], LL_RO, handled);
	return err;
}

enum cong_err
sandbox_landlock(const struct sandbox_config *c)
{
	struct landlock_ruleset_attr attr = { 0 };
	enum cong_err err;
	long abi;
	int rs;

	abi = syscall(SYS_landlock_create_ruleset, NULL, 0,
	    LANDLOCK_CREATE_RULESET_VERSION);
	if (abi < 1) {
		log_warn("landlock: not available in this kernel (%s): folders "
		    "are not confined", strerror(errno));
		return CONG_OK;
	}
	attr.handled_access_fs = ll_handled((int)abi);
	rs = (int)syscall(SYS_landlock_create_ruleset, &attr, sizeof(attr), 0);
	if (rs < 0) {
		log_error("landlock: cannot create a ruleset: %s",
		    strerror(errno));
		return CONG_EIO;
	}
	err = ll_rules(rs, c, attr.handled_access_fs);
	if (!err && syscall(SYS_landlock_restrict_self, rs, 0) != 0) {
		log_error("landlock: cannot restrict: %s", strerror(errno));
		err = CONG_EIO;
	}
	close(rs);
	return err;
}

/* ------------------------------------------------------------------ */
/* seccomp                                                             */

static const char *const sc_allow[] = {
	/* I/O on descriptors the server holds */
	"read", "write", "readv", "writev", "pread64", "pwrite64", "preadv",
	"pwritev", "preadv2", "pwritev2", "sendfile", "splice", "lseek",
	"close", "close_range", "dup", "dup2", "dup3", "pipe", "pipe2",
	"fcntl", "fsync", "fdatasync", "ftruncate", "fallocate", "flock",
	/* files: where is Landlock's business */
	"open", "openat", "openat2", "stat", "fstat", "lstat", "newfstatat",
	"statx", "access", "faccessat", "faccessat2", "readlink",
	"readlinkat", "getdents", "getdents64", "statfs", "fstatfs", "rename",
	"renameat", "renameat2", "unlink", "unlinkat", "mkdir", "mkdirat",
	"rmdir", "link", "linkat", "fchmod", "fchown", "umask", "getcwd",
	/* memory */
	"brk", "mmap", "munmap", "mprotect", "mremap", "madvise", "mincore",
	"membarrier",
	/* threads and time */
	"futex", "futex_waitv", "set_robust_list", "get_robust_list",
	"rseq", "clone", "clone3", "set_tid_address", "sched_yield",
	"sched_getaffinity", "sched_setaffinity", "sched_getparam",
	"sched_getscheduler", "sched_setscheduler", "sched_get_priority_max",
	"sched_get_priority_min", "getpid", "gettid", "getppid", "getuid",
	"geteuid", "getgid", "getegid", "getresuid", "getresgid",
	"getgroups", "getrandom", "clock_gettime", "clock_getres",
	"clock_nanosleep", "nanosleep", "gettimeofday", "time", "uname",
	"sysinfo", "getrlimit", "prlimit64", "getrusage", "times",
	"restart_syscall", "exit", "exit_group",
	/* signals (to itself: abort, the shutdown signal) */
	"rt_sigaction", "rt_sigprocmask", "rt_sigreturn", "rt_sigtimedwait",
	"rt_sigpending", "sigaltstack", "tgkill", "tkill",
	/* event loops */
	"epoll_create", "epoll_create1", "epoll_ctl", "epoll_wait",
	"epoll_pwait", "epoll_pwait2", "poll", "ppoll", "select", "pselect6",
	"eventfd", "eventfd2", "timerfd_create", "timerfd_settime",
	"timerfd_gettime",
	/* sockets: accepted ones, and PostgreSQL reconnects */
	"accept", "accept4", "connect", "shutdown", "getsockname",
	"getpeername", "getsockopt", "setsockopt", "recvfrom", "sendto",
	"recvmsg", "sendmsg", "recvmmsg", "sendmmsg", "socketpair",
#ifdef SANDBOX_ASAN
	/* LeakSanitizer stops the world with a ptrace-ing helper at exit */
	"ptrace", "wait4", "waitid", "process_vm_readv",
#endif
};

/* calls an exploit would want: the process dies on the spot */
static const char *const sc_kill[] = {
	"execve", "execveat", "fork", "vfork",
#ifndef SANDBOX_ASAN
	"ptrace", "process_vm_readv",
#endif
	"process_vm_writev", "mount", "umount2", "pivot_root", "chroot",
	"setuid", "setgid", "setreuid", "setregid", "setresuid", "setresgid",
	"setgroups", "unshare", "setns", "bpf", "perf_event_open",
	"init_module", "finit_module", "delete_module", "kexec_load",
	"kexec_file_load", "keyctl", "add_key", "request_key",
	"userfaultfd", "io_uring_setup", "seccomp",
};

static int
rule(scmp_filter_ctx ctx, uint32_t action, const char *name)
{
	int nr = seccomp_syscall_resolve_name(name);

	if (nr == __NR_SCMP_ERROR)
		return 0;	/* not a system call on this architecture */
	return seccomp_rule_add(ctx, action, nr, 0);
}

/* Calls allowed only with some arguments. */
static int
rules_with_args(scmp_filter_ctx ctx)
{
	static const unsigned long ioctls[] = { FIONBIO, FIONREAD, FIOCLEX,
		FIONCLEX, TCGETS };
	static const int prctls[] = { PR_SET_NAME, PR_GET_NAME,
		PR_GET_DUMPABLE,
#ifdef SANDBOX_ASAN
		PR_SET_PTRACER, PR_SET_DUMPABLE,
#endif
	};
	static const int families[] = { AF_UNIX, AF_INET, AF_INET6 };
	size_t i;
	int rc = 0;

	for (i = 0; !rc && i < ARRAY_SIZE(ioctls); i++)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(ioctl), 1,
		    SCMP_A1(SCMP_CMP_EQ, ioctls[i]));
	for (i = 0; !rc && i < ARRAY_SIZE(prctls); i++)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(prctl), 1,
		    SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)prctls[i]));
	for (i = 0; !rc && i < ARRAY_SIZE(families); i++)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(socket), 1,
		    SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)families[i]));
	/* signals only to this process (abort, raise) */
	if (!rc)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(kill), 1,
		    SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)getpid()));
	return rc;
}

enum cong_err
sandbox_seccomp(void)
{
	scmp_filter_ctx ctx;
	enum cong_err err = CONG_OK;
	size_t i;
	int rc = 0;

	if (!(ctx = seccomp_init(SCMP_ACT_ERRNO(EPERM)))) {
		log_error("seccomp: cannot initialise");
		return CONG_EIO;
	}
	for (i = 0; !rc && i < ARRAY_SIZE(sc_allow); i++)
		rc = rule(ctx, SCMP_ACT_ALLOW, sc_allow[i]);
	for (i = 0; !rc && i < ARRAY_SIZE(sc_kill); i++)
		rc = rule(ctx, SCMP_ACT_KILL_PROCESS, sc_kill[i]);
	if (!rc)
		rc = rules_with_args(ctx);
	/* TSYNC: threads started before (the cache janitor) get it too */
	if (!rc)
		rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_TSYNC, 1);
	if (!rc)
		rc = seccomp_load(ctx);
	if (rc) {
		log_error("seccomp: cannot load the filter: %s", strerror(-rc));
		err = CONG_EIO;
	}
	seccomp_release(ctx);
	return err;
}

/* ------------------------------------------------------------------ */

enum cong_err
sandbox_enter(const struct sandbox_config *c)
{
	enum cong_err err;

	if ((err = sandbox_drop_privileges(c)))
		return err;
	if (!c->enabled) {
		log_warn("sandbox off (--no-sandbox): no Landlock, no seccomp");
		return CONG_OK;
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
		log_error("cannot set no_new_privs: %s", strerror(errno));
		return CONG_EIO;
	}
	if ((err = sandbox_landlock(c)) || (err = sandbox_seccomp()))
		return err;
	log_info("sandbox on: uid %u, landlock and seccomp", (unsigned)getuid());
	return CONG_OK;
}
