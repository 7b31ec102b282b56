# SPDX-License-Identifier: ISC
"""Helpers for the HTTP suites: a real `cong serve` on a loopback port with
its own data directory, plain-socket requests, and TAP output.

Each suite is a script that builds a Server, runs checks with tap.ok(...)
and ends with tap.done(). Nothing here mocks the server or the database.
"""
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CONG = os.environ.get("CONG_BIN", os.path.join(ROOT, "cong"))
SHARED = os.environ.get("SHARED", os.path.join(ROOT, "..", "shared"))
SEED_TITLE = ("Kiên Lương sơ kết giao ước thi đua 6 tháng đầu năm 2019 "
              "Cụm thi đua số 3")
SEED_SLUG = ("kien-luong-so-ket-giao-uoc-thi-dua-6-thang-dau-nam-2019-"
             "cum-thi-dua-so-3")


class Tap:
    """Prints TAP lines; a failed check prints what was seen."""

    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, cond, name, detail=None):
        self.n += 1
        if cond:
            print("ok %d - %s" % (self.n, name), flush=True)
        else:
            self.failed += 1
            print("not ok %d - %s" % (self.n, name), flush=True)
            if detail is not None:
                for line in str(detail)[:2000].splitlines():
                    print("#   " + line, flush=True)
        return cond

    def eq(self, got, want, name):
        return self.ok(got == want, name, "got %r, want %r" % (got, want))

    def done(self):
        print("1..%d" % self.n, flush=True)
        sys.exit(1 if self.failed else 0)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def port_get(port, path, headers=None, timeout=10):
    """GET on 127.0.0.1:port: (status, lower-case headers, body)."""
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        c.request("GET", path, headers=headers or {})
        r = c.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
    finally:
        c.close()


NGINX_CONF = """
daemon off;
master_process off;
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 512; }}
http {{
    access_log off;
    include /etc/nginx/mime.types;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
%s
}}
"""


def start_nginx(base, http_block, **fmt):
    """Debian's nginx in the foreground, one process, on a free loopback
    port, its files in base/nginx. http_block is the body of the http
    block; {port} in it is the port, {dir} nginx's folder, other names
    come from fmt (doubled braces for nginx's own). Returns (process,
    port) once the port accepts connections."""
    d = os.path.join(base, "nginx")
    os.makedirs(d)
    port = free_port()
    conf = os.path.join(d, "nginx.conf")
    with open(conf, "w") as f:
        f.write((NGINX_CONF % http_block).format(dir=d, port=port, **fmt))
    proc = subprocess.Popen(["/usr/sbin/nginx", "-p", d, "-c", conf,
                             "-e", os.path.join(d, "error.log")],
                            stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), 1).close()
            return proc, port
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError("nginx: %s" % proc.stderr.read())
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError("nginx did not start")


def run(args, env=None, check=True, input=None):
    """Runs the cong binary; returns the CompletedProcess."""
    p = subprocess.run([CONG] + args, capture_output=True, text=True,
                       env=env, input=input)
    if check and p.returncode != 0:
        raise RuntimeError("cong %s failed (%d): %s%s" % (
            " ".join(args), p.returncode, p.stdout, p.stderr))
    return p


class Server:
    """A cong server with its own data dir, started with the demo site."""

    def __init__(self, site_ini=None, seed=True, demo=True, extra_env=None):
        self.dir = tempfile.mkdtemp(prefix="cong-test-")
        self.port = free_port()
        self.addr = "127.0.0.1:%d" % self.port
        self.env = dict(os.environ)
        self.env.update({
            "CONG_DATA": self.dir,
            "CONG_TEMPLATES": os.path.join(ROOT, "templates"),
            "CONG_STATIC": os.path.join(ROOT, "static"),
            "CONG_LISTEN": self.addr,
            "CONG_LOOPS": "2",
            "CONG_WORKERS": "2",
            # CI runs as root; the sandbox suite tests dropping it
            "CONG_ALLOW_ROOT": "1",
        })
        if os.environ.get("CONG_TEST_BACKEND") == "pg":
            self.env["CONG_DB"] = new_pg_db()
        if extra_env:
            self.env.update(extra_env)
        self.proc = None
        self.log = os.path.join(self.dir, "server.log")
        run(["init", "--site", site_ini or os.path.join(ROOT, "demo",
                                                         "site.ini")],
            env=self.env)
        if demo:
            arts = sorted(os.path.join(ROOT, "demo", "articles", f)
                          for f in os.listdir(os.path.join(ROOT, "demo",
                                                           "articles")))
            run(["import", "--media", os.path.join(ROOT, "demo", "media")]
                + arts, env=self.env)
        if seed:
            seeds = seed_files()
            if seeds:
                run(["import", "--media", os.path.join(ROOT, "demo",
                                                       "media")] + seeds,
                    env=self.env)

    @property
    def dialect(self):
        """'postgresql' or 'sqlite': the backend this server runs on."""
        db = self.env.get("CONG_DB", "")
        return "postgresql" if db.startswith(("postgresql:", "postgres:")) \
            else "sqlite"

    def db_execute(self, sql, params=()):
        """Runs one SQL statement on the server's database, on either
        backend, and returns its rows as tuples (ints where the column
        holds integers). Placeholders are '?'. Write SQL both dialects
        read (no PRAGMA; use information_schema or sqlite_master only
        after checking srv.dialect)."""
        if self.dialect == "sqlite":
            import sqlite3
            path = self.env.get("CONG_DB", "sqlite:" + os.path.join(
                self.dir, "cong.db"))
            if path.startswith("sqlite:"):
                path = path[len("sqlite:"):]
            db = sqlite3.connect(path)
            try:
                rows = db.execute(sql, params).fetchall()
                db.commit()
            finally:
                db.close()
            return rows
        parts = sql.split("?")
        if len(parts) - 1 != len(params):
            raise ValueError("%d placeholders, %d values" % (
                len(parts) - 1, len(params)))
        text = parts[0]
        for v, rest in zip(params, parts[1:]):
            if v is None:
                lit = "NULL"
            elif isinstance(v, int):
                lit = str(v)
            else:
                lit = "'" + str(v).replace("'", "''") + "'"
            text += lit + rest
        p = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-F", "\x1f",
                            "-v", "ON_ERROR_STOP=1", self.env["CONG_DB"],
                            "-c", text], capture_output=True, text=True)
        if p.returncode != 0:
            raise RuntimeError("psql: %s" % p.stderr)
        rows = []
        for line in p.stdout.splitlines():
            if line == "":
                continue
            rows.append(tuple(int(c) if c.lstrip("-").isdigit() else c
                              for c in line.split("\x1f")))
        return rows

    def cong(self, args, check=True, input=None):
        return run(args, env=self.env, check=check, input=input)

    def start(self):
        self.logf = open(self.log, "ab")
        self.proc = subprocess.Popen([CONG, "serve"], env=self.env,
                                     stdout=subprocess.PIPE,
                                     stderr=self.logf)
        line = self.proc.stdout.readline().decode()
        if "serving on" not in line:
            raise RuntimeError("server did not start: %r\n%s" % (
                line, open(self.log).read()))
        return self

    def stop(self, sig=signal.SIGTERM, timeout=20):
        if not self.proc:
            return None
        self.proc.send_signal(sig)
        try:
            rc = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = self.proc.wait()
        self.proc.stdout.close()
        self.logf.close()
        self.proc = None
        return rc

    def close(self):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def request(self, method, path, body=None, headers=None):
        """One request on a new connection: (status, headers, body)."""
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        c.request(method, path, body=body, headers=headers or {})
        r = c.getresponse()
        data = r.read()
        hdrs = {k.lower(): v for k, v in r.getheaders()}
        c.close()
        return r.status, hdrs, data

    def get(self, path, headers=None):
        return self.request("GET", path, headers=headers)

    def raw(self, data, read_timeout=5):
        """Sends raw bytes; returns everything read until close/timeout."""
        s = socket.create_connection(("127.0.0.1", self.port), timeout=5)
        s.sendall(data)
        s.settimeout(read_timeout)
        out = b""
        try:
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                out += chunk
        except socket.timeout:
            pass
        s.close()
        return out


def new_pg_db():
    """A fresh database on the test PostgreSQL (tests/pg/); its URL."""
    p = subprocess.run([os.path.join(ROOT, "tests", "pg", "newdb.sh"),
                        os.environ["CONG_TEST_PG"]],
                       capture_output=True, text=True, check=True)
    return p.stdout.strip()


def seed_files():
    d = os.path.join(SHARED, "seed")
    if not os.path.isdir(d):
        return []
    return sorted(os.path.join(d, f) for f in os.listdir(d)
                  if f.endswith(".txt"))


def seed_paragraphs():
    """The seed's body paragraphs as the article page must show them."""
    files = seed_files()
    if not files:
        return []
    text = open(files[0], encoding="utf-8").read()
    blocks = [b.strip(" \u00a0\t") for b in text.split("\n")]
    blocks = [b for b in blocks if b]
    # portal, section, title, stamp, paragraphs…, author
    body = blocks[4:-1]
    return [b for b in body if not b.lower().endswith(".jpg")
            and b != "Toàn cảnh hội nghị"]
