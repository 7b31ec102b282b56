# SPDX-License-Identifier: ISC
"""The browser suite: starts a real `cong serve` with the demo site and the
seed (tests/http/cong_harness.py), makes a newsroom user when the binary
has `cong user add`, then runs suite.mjs under node, which drives Debian's
Chromium through playwright-core, checks every page with axe-core and the
Nu HTML Checker and prints TAP. The pages and flows are listed in
pages.mjs.
"""
import os
import re
import secrets
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "http"))

import cong_harness  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
USER = "bientap.thu"


def fail(msg):
    print("not ok 1 - browser suite set-up: %s" % msg, flush=True)
    print("1..1", flush=True)
    sys.exit(1)


def missing_tools():
    need = []
    if not os.access(CHROMIUM, os.X_OK):
        need.append(CHROMIUM + " (Debian package chromium)")
    for mod in ("playwright-core", "axe-core", "vnu-jar"):
        if not os.path.isdir(os.path.join(ROOT, "node_modules", mod)):
            need.append("node_modules/%s (npm ci)" % mod)
    if not shutil.which("node"):
        need.append("node")
    if not shutil.which("java"):
        need.append("java (default-jre-headless)")
    return need


def add_user(server):
    """A newsroom user, if this build has users: (name, password) or
    (None, None)."""
    usage = server.cong(["user"], check=False)
    text = usage.stdout + usage.stderr
    if "add" not in text:
        return None, None
    password = "Thu-" + secrets.token_urlsafe(12)
    for args in (["user", "add", USER, "--role", "admin",
                  "--password-stdin"],
                 ["user", "add", "--role", "admin", "--password-stdin",
                  USER],
                 ["user", "add", USER, "--password-stdin"]):
        p = server.cong(args, check=False, input=password + "\n")
        if p.returncode == 0:
            return USER, password
    print("# cong user add failed: %s%s" % (p.stdout, p.stderr), flush=True)
    return None, None


def main():
    need = missing_tools()
    if need:
        fail("missing " + ", ".join(need) + "; run scripts/deps.sh")
    try:
        server = cong_harness.Server()
    except Exception as e:  # the binary or the demo data is broken
        fail("cong init/import failed: %s" % e)
    try:
        user, password = add_user(server)
        server.start()
        env = dict(os.environ)
        env.update({
            "CONG_URL": "http://%s" % server.addr,
            "CHROMIUM": CHROMIUM,
            "CONG_TEST_DIR": server.dir,
        })
        if user:
            env["CONG_USER"] = user
            env["CONG_PASSWORD"] = password
        # The suite's TAP goes through as it comes; its plan line is held
        # back so that the server's own check can follow it.
        p = subprocess.Popen(["node", os.path.join(HERE, "suite.mjs")],
                             env=env, cwd=ROOT, stdout=subprocess.PIPE,
                             text=True)
        n = 0
        for line in p.stdout:
            m = re.match(r"(?:not )?ok (\d+)", line)
            if m:
                n = int(m.group(1))
            if not re.match(r"1\.\.\d+$", line.strip()):
                print(line, end="", flush=True)
        rc = p.wait()
        # The server lived through the whole suite and stops cleanly, with
        # no sanitizer report in its log (under make check SAN=1).
        alive = server.proc is not None and server.proc.poll() is None
        stop_rc = server.stop()
        log = open(server.log, errors="replace").read()
        bad = [ln for ln in log.splitlines()
               if "Sanitizer" in ln or "runtime error" in ln]
        n += 1
        good = alive and stop_rc == 0 and not bad
        print("%s %d - server: alive after the suite, clean stop, no "
              "sanitizer report" % ("ok" if good else "not ok", n),
              flush=True)
        if not good:
            print("#   alive=%s stop=%s %s" % (alive, stop_rc,
                                             " | ".join(bad[:5])))
            rc = 1
        print("1..%d" % n, flush=True)
    finally:
        server.close()
    sys.exit(rc)


if __name__ == "__main__":
    main()
