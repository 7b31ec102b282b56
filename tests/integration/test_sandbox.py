# SPDX-License-Identifier: ISC
"""Least privilege for `cong serve` (http/sandbox.h): dropping root for
--user, refusing root without --allow-root, no_new_privs and a seccomp
filter on every thread, and Landlock keeping the server inside its
folders: a symbolic link planted in the media folder that points outside
is served with the sandbox off and refused with it on.

As root (CI) the suite creates the system user `cong` when it is missing.
"""
import os
import pwd
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "http"))
from cong_harness import CONG, Server, Tap  # noqa: E402

tap = Tap()
ROOT_RUN = os.geteuid() == 0
USER = "cong"
SECRET = b"outside-the-data-dir-%d\n" % os.getpid()
LINK = "0123456789abcdef0123456789abcdef.txt"


def ensure_user():
    try:
        return pwd.getpwnam(USER)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home",
                        "--home-dir", "/nonexistent", "--shell",
                        "/usr/sbin/nologin", USER], check=True)
        return pwd.getpwnam(USER)


def chown_tree(path, uid, gid):
    os.chown(path, uid, gid)
    for d, dirs, files in os.walk(path):
        for n in dirs + files:
            os.lchown(os.path.join(d, n), uid, gid)


def start(srv, args, env_drop=("CONG_ALLOW_ROOT",)):
    """Starts srv with extra serve args; (proc or None, stderr text)."""
    env = {k: v for k, v in srv.env.items() if k not in env_drop}
    logf = open(srv.log, "ab")
    p = subprocess.Popen([CONG, "serve"] + args, env=env,
                         stdout=subprocess.PIPE, stderr=logf)
    line = p.stdout.readline().decode()
    logf.close()
    if "serving on" in line:
        srv.proc, srv.logf = p, open(os.devnull, "wb")
        return p
    p.wait(10)
    p.stdout.close()
    return None


def status(pid):
    out = {}
    for task in os.listdir("/proc/%d/task" % pid):
        with open("/proc/%d/task/%s/status" % (pid, task)) as f:
            for line in f:
                k, _, v = line.partition(":")
                out.setdefault(k, set()).add(v.strip())
    return out


def log_tail(srv):
    with open(srv.log, errors="replace") as f:
        return f.read()[-1500:]


outside = tempfile.NamedTemporaryFile(prefix="cong-outside-", delete=False)
outside.write(SECRET)
outside.close()
os.chmod(outside.name, 0o644)

srv = Server()
try:
    media = os.path.join(srv.dir, "media")
    os.makedirs(media, exist_ok=True)
    os.symlink(outside.name, os.path.join(media, LINK))
    os.chmod(srv.dir, 0o755)

    if ROOT_RUN:
        pw = ensure_user()
        # root without --user or --allow-root: refused
        p = start(srv, [])
        tap.ok(p is None and "refusing to serve as root" in log_tail(srv),
               "root without --user is refused", log_tail(srv))
        if p:
            srv.stop()
        # a data dir that is not the user's: refused with the fix
        p = start(srv, ["--user", USER])
        tap.ok(p is None and "chown" in log_tail(srv),
               "data dir owned by someone else is refused", log_tail(srv))
        if p:
            srv.stop()
        p = start(srv, ["--user", "no-such-user-here"])
        tap.ok(p is None and "unknown user" in log_tail(srv),
               "unknown user is refused", log_tail(srv))
        if p:
            srv.stop()
        chown_tree(srv.dir, pw.pw_uid, pw.pw_gid)
        args = ["--user", USER]
    else:
        args = []

    # --no-sandbox: the planted link is followed (the test can tell)
    p = start(srv, args + ["--no-sandbox"])
    tap.ok(p is not None, "serves with --no-sandbox", log_tail(srv))
    if p:
        st = status(p.pid)
        tap.eq(st.get("Seccomp"), {"0"}, "--no-sandbox: no seccomp")
        code, _, body = srv.get("/media/" + LINK)
        tap.ok(code == 200 and body == SECRET,
               "--no-sandbox: a link out of media is followed",
               (code, body[:80]))
        tap.eq(srv.stop(), 0, "--no-sandbox: clean exit")

    p = start(srv, args)
    tap.ok(p is not None, "serves with the sandbox on", log_tail(srv))
    if p:
        st = status(p.pid)
        tap.eq(st.get("Seccomp"), {"2"}, "every thread: seccomp filter")
        tap.eq(st.get("NoNewPrivs"), {"1"}, "every thread: no_new_privs")
        if ROOT_RUN:
            want = "%d\t%d\t%d\t%d" % ((pw.pw_uid,) * 4)
            tap.eq(st.get("Uid"), {want}, "every thread runs as '%s'"
                   % USER)
            tap.eq(st.get("Groups"), {""}, "no supplementary groups")
            tap.ok(not any(v.split()[0] == "0" for v in st.get("Gid")),
                   "no root group", st.get("Gid"))
        code, hdrs, body = srv.get("/")
        tap.ok(code == 200 and body.rstrip().endswith(b"</html>"),
               "home page served in the sandbox", code)
        code, _, body = srv.get("/tin-tuc/" + "x" * 10)
        tap.eq(code, 404, "missing article: 404 in the sandbox")
        code, _, body = srv.get("/media/" + LINK)
        tap.ok(code in (403, 404) and SECRET not in body,
               "Landlock: a link out of media is refused",
               (code, body[:80]))
        code, _, body = srv.get("/static/../../../../etc/passwd")
        tap.ok(code in (400, 404) and b"root:" not in body,
               "traversal refused in the sandbox", code)
        # writes still work: the database is in the data dir
        code, _, _ = srv.get("/healthz")
        tap.eq(code, 200, "healthz in the sandbox")
        tap.eq(srv.stop(), 0, "sandboxed server exits cleanly on SIGTERM")
        tap.ok("sandbox on" in log_tail(srv), "log says the sandbox is on",
               log_tail(srv))
finally:
    srv.close()
    os.unlink(outside.name)
tap.done()
