# SPDX-License-Identifier: ISC
"""The scale-out path on loopback: a site made on SQLite is moved with
`cong migrate` into a throw-away PostgreSQL (tests/pg/), served by two
cong nodes sharing that database and one media folder, behind nginx
round-robin (its own config in a temporary directory). Checks: the
migration's counts; both nodes answer through nginx; an article published
meanwhile shows on node B (whose page cache held the old home page) within
a second; the database going away gives 503 pages, not crashes, and the
nodes recover when it is back; SIGKILL of node A during traffic loses no
acknowledged write (sessions from logins answered 303 all work on B) and
nginx keeps answering GETs from B. TAP on stdout.
"""
import http.client
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "http"))
from cong_harness import (CONG, ROOT, SEED_SLUG, Server, Tap,  # noqa: E402
                          free_port, start_nginx)
from cong_harness import port_get as get  # noqa: E402

tap = Tap()
PW = "mật khẩu đủ dài 2024"
NEW_TITLE = "Huyện tổ chức hội nghị triển khai nhiệm vụ cụm thi đua"


def pg_script(name, *args):
    p = subprocess.run([os.path.join(ROOT, "tests", "pg", name)] +
                       list(args), capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError("%s failed: %s" % (name, p.stderr))
    return p.stdout.strip()



def login(port):
    """POSTs the login form; (status, session cookie or None)."""
    body = "login=quantri&password=" + urllib.parse.quote(PW)
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        c.request("POST", "/quan-tri/dang-nhap", body=body, headers={
            "Content-Type": "application/x-www-form-urlencoded"})
        r = c.getresponse()
        r.read()
        sc = r.getheader("set-cookie")
        return r.status, (sc.split(";", 1)[0] if sc else None)
    finally:
        c.close()


class Node:
    """`cong serve` on the shared database, with its own data dir."""

    def __init__(self, name, base, db, media, extra_env=None):
        self.dir = os.path.join(base, name)
        os.makedirs(self.dir)
        self.port = free_port()
        self.env = dict(os.environ)
        self.env.update({
            "CONG_DB": db, "CONG_DATA": self.dir, "CONG_MEDIA": media,
            "CONG_TEMPLATES": os.path.join(ROOT, "templates"),
            "CONG_STATIC": os.path.join(ROOT, "static"),
            "CONG_LISTEN": "127.0.0.1:%d" % self.port,
            "CONG_LOOPS": "1", "CONG_WORKERS": "2", "CONG_ALLOW_ROOT": "1",
        })
        self.env.update(extra_env or {})
        self.log = os.path.join(self.dir, "server.log")
        self.logf = open(self.log, "ab")
        self.proc = subprocess.Popen([CONG, "serve"], env=self.env,
                                     stdout=subprocess.PIPE,
                                     stderr=self.logf)
        line = self.proc.stdout.readline().decode()
        if "serving on" not in line:
            raise RuntimeError("node %s did not start: %s" % (
                name, open(self.log).read()[-2000:]))

    def stop(self, sig=signal.SIGTERM):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc:
            self.proc.stdout.close()
        self.logf.close()
        self.proc = None


# nginx in front of the two nodes
FRONT = """
    upstream cong {{
        server 127.0.0.1:{a} max_fails=1 fail_timeout=10s;
        server 127.0.0.1:{b} max_fails=1 fail_timeout=10s;
        keepalive 16;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://cong;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $remote_addr;
            proxy_connect_timeout 1s;
            proxy_next_upstream error timeout http_502 http_503;
            proxy_next_upstream_tries 2;
        }}
    }}
"""


def node_requests(node):
    """Requests a node logged so far (its access log lines)."""
    with open(node.log, "rb") as f:
        return sum(1 for line in f if b"GET " in line)


base = tempfile.mkdtemp(prefix="cong-cluster-")
pg_dir = tempfile.mkdtemp(prefix="cong-pg-")   # tests/pg/ chowns it
src = nodes = nginx = None
nodes = []
try:
    # --- one site on SQLite, moved to PostgreSQL ----------------------------
    src = Server()
    src.cong(["user", "add", "quantri", "--role", "admin",
              "--password-stdin"], input=PW + "\n")
    pg_url = pg_script("start.sh", pg_dir)
    db = pg_script("newdb.sh", pg_url)
    p = subprocess.run([CONG, "migrate", "--from",
                        "sqlite:" + os.path.join(src.dir, "cong.db"),
                        "--to", db], env=src.env, capture_output=True,
                       text=True)
    tap.ok(p.returncode == 0 and "every count matches" in p.stdout,
           "migrate: sqlite to postgresql, counts verified",
           p.stdout + p.stderr)
    n_src = src.db_execute("SELECT count(*) FROM article")[0][0]
    n_audit = src.db_execute("SELECT count(*) FROM audit")[0][0]
    counts = {line.split()[0]: line.split()[1]
              for line in p.stdout.splitlines() if line.endswith(" rows")}
    tap.ok(counts.get("article") == str(n_src) and
           counts.get("audit") == str(n_audit) and
           counts.get("users") == "1" and "sessions" not in counts,
           "migrate: articles, audit chain, users copied; sessions not",
           counts)
    again = subprocess.run([CONG, "migrate", "--from",
                            "sqlite:" + os.path.join(src.dir, "cong.db"),
                            "--to", db], env=src.env, capture_output=True,
                           text=True)
    tap.ok(again.returncode != 0 and "not empty" in again.stderr,
           "migrate: refuses a target that already holds data",
           again.stderr[-500:])
    chk = subprocess.run([CONG, "check"], env=dict(src.env, CONG_DB=db),
                         capture_output=True, text=True)
    tap.ok(chk.returncode == 0 and "chain intact" in chk.stderr,
           "check on postgresql: ok, audit chain intact",
           chk.stdout + chk.stderr)

    # --- two nodes behind nginx ---------------------------------------------
    media = os.path.join(src.dir, "media")
    nodes = [Node("a", base, db, media), Node("b", base, db, media)]
    a, b = nodes
    nginx, port = start_nginx(base, FRONT, a=a.port, b=b.port)
    before = [node_requests(n) for n in nodes]
    sts = [get(port, "/")[0] for _ in range(10)]
    tap.ok(all(s == 200 for s in sts), "nginx: home page 200 x10", sts)
    after = [node_requests(n) for n in nodes]
    tap.ok(after[0] > before[0] and after[1] > before[1],
           "nginx: round-robin reaches both nodes", (before, after))
    st, _, body = get(port, "/tin-tuc/" + SEED_SLUG)
    tap.ok(st == 200 and "Cụm thi đua số 3".encode() in body,
           "nginx: migrated article page", st)
    st, _, body = get(b.port, "/media/" + sorted(os.listdir(media))[0])
    tap.eq(st, 200, "node b: media from the shared folder")

    # --- search: the same results in the same order on both backends -------
    src.start()
    differ = []
    for q in ["thi đua", "thi", "hội nghị", "Kiên Lương", "lúa", "2019",
              "ra quân", "nghi", "kien l", "\"thi đua\" huyện", "phòng hộ",
              "sơ kết", "th"]:
        path = "/tim-kiem?" + urllib.parse.urlencode({"q": q})
        want = re.findall(r'href="/tin-tuc/([^"/]+)"',
                          src.get(path)[2].decode())
        got = re.findall(r'href="/tin-tuc/([^"/]+)"',
                         get(b.port, path)[2].decode())
        if want != got or not want:
            differ.append((q, want, got))
    src.stop()
    tap.ok(not differ, "search on postgresql: same results, same order as "
           "sqlite (13 queries)", differ)

    # --- a write is seen on the other node within a second -----------------
    get(b.port, "/")
    get(b.port, "/")                      # node b's cache holds the page
    art = os.path.join(base, "new.txt")
    stamp = time.strftime("(%H:%M | %d/%m/%Y)",
                          time.gmtime(time.time() - 86400))
    with open(art, "w", encoding="utf-8") as f:
        f.write("Cổng thông tin điện tử huyện Kiên Lương\n\nTin tức\n\n"
                + NEW_TITLE + "\n\n" + stamp + "\n\nNội dung bài viết "
                "mới về hội nghị triển khai nhiệm vụ.\n\nPhòng Văn hóa\n")
    t0 = time.time()
    subprocess.run([CONG, "import", art], env=a.env, check=True,
                   capture_output=True)
    seen = None
    while time.time() - t0 < 3:
        if NEW_TITLE.encode() in get(b.port, "/")[2]:
            seen = time.time() - t0
            break
        time.sleep(0.02)
    tap.ok(seen is not None and seen <= 1.0,
           "published via the shared store, on node b within 1 s (%s)" %
           ("%.2f s" % seen if seen is not None else "not seen"))
    hits = sum(NEW_TITLE.encode() in get(port, "/")[2] for _ in range(4))
    tap.eq(hits, 4, "nginx: both nodes show the new article")

    # --- the database goes away and comes back ------------------------------
    pg_script("ctl.sh", pg_dir, "stop")
    st, _, body = get(b.port, "/tim-kiem?q=thi+dua")
    tap.eq(st, 503, "database down: 503 page")
    tap.ok(a.proc.poll() is None and b.proc.poll() is None,
           "database down: both nodes still running")
    pg_script("ctl.sh", pg_dir, "start")
    ok = False
    t0 = time.time()
    while time.time() - t0 < 10 and not ok:
        ok = get(b.port, "/tim-kiem?q=thi+dua")[0] == 200 and \
            get(a.port, "/tim-kiem?q=thi+dua")[0] == 200
        time.sleep(0.1)
    tap.ok(ok, "database back: both nodes answer again (reconnected)")

    # --- reads from a replica, a session's reads from the primary ----------
    # A second copy of the site stands in for a streaming replica, with
    # its site renamed so the page says where it was read from.
    db2 = pg_script("newdb.sh", pg_url)
    subprocess.run([CONG, "migrate", "--from",
                    "sqlite:" + os.path.join(src.dir, "cong.db"),
                    "--to", db2], env=src.env, capture_output=True,
                   check=True)
    subprocess.run(["psql", "-X", "-q", db2, "-c",
                    "UPDATE site SET name = 'Bản sao để đọc'"], check=True)
    c = Node("c", base, db, media, {"CONG_DB_READ": db2})
    nodes.append(c)
    body = get(c.port, "/")[2]
    tap.ok("Bản sao để đọc".encode() in body,
           "--db-read: an anonymous GET reads the replica")
    st, cookie = login(c.port)
    body = get(c.port, "/", headers={"Cookie": cookie or ""})[2]
    tap.ok(st == 303 and cookie and
           "Bản sao để đọc".encode() not in body and
           "Kiên Lương".encode() in body,
           "--db-read: with a session cookie, reads the primary", st)
    c.stop()

    # --- node a killed mid-traffic ------------------------------------------
    acked = []
    get_fail = []
    get_ok = [0]
    stop = threading.Event()

    def logins():
        while not stop.is_set():
            try:
                st, cookie = login(port)
            except OSError:
                continue
            if st == 303 and cookie:
                acked.append(cookie)

    def reads():
        while not stop.is_set():
            try:
                st = get(port, "/tin-tuc/" + SEED_SLUG)[0]
            except OSError as e:
                st = str(e)
            if st == 200:
                get_ok[0] += 1
            else:
                get_fail.append(st)

    threads = [threading.Thread(target=logins),
               threading.Thread(target=reads),
               threading.Thread(target=reads)]
    for t in threads:
        t.start()
    t0 = time.time()
    while time.time() - t0 < 15 and (time.time() - t0 < 1 or not acked):
        time.sleep(0.05)
    n_before_kill = len(acked)
    a.proc.send_signal(signal.SIGKILL)
    a.proc.wait()
    t0 = time.time()
    while time.time() - t0 < 15 and (time.time() - t0 < 1.5 or
                                      len(acked) <= n_before_kill):
        time.sleep(0.05)
    stop.set()
    for t in threads:
        t.join()
    tap.ok(n_before_kill > 0 and len(acked) > n_before_kill,
           "logins acknowledged before and after the kill",
           (n_before_kill, len(acked)))
    tap.ok(get_ok[0] > 0 and not get_fail,
           "nginx kept serving GETs from node b: none failed",
           "%r\n%s" % ((get_ok[0], get_fail[:5]),
                        open(b.log, errors="replace").read()[-3000:]))
    lost = [c for c in acked
            if get(b.port, "/quan-tri/", headers={"Cookie": c})[0] != 200]
    tap.ok(not lost, "no acknowledged write lost: every session works "
           "on node b", "%d of %d lost" % (len(lost), len(acked)))
    n_sess = subprocess.run(["psql", "-X", "-A", "-t", db, "-c",
                             "SELECT count(*) FROM sessions"],
                            capture_output=True, text=True).stdout.strip()
    tap.ok(n_sess.isdigit() and int(n_sess) >= len(acked),
           "sessions in the database >= logins acknowledged",
           (n_sess, len(acked)))
finally:
    if nginx:
        nginx.terminate()
        nginx.wait()
    for n in nodes:
        n.stop()
    if src:
        src.close()
    subprocess.run([os.path.join(ROOT, "tests", "pg", "stop.sh"), pg_dir],
                   capture_output=True)
    shutil.rmtree(base, ignore_errors=True)
tap.done()
