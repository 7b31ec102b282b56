# SPDX-License-Identifier: ISC
"""Crash safety: an importer sends a stream of new articles and edits of
earlier ones (`cong import`, each acknowledged by its exit status) while
the server serves them; at random moments (seeded) both the server and
the running import are killed with SIGKILL. After each round the server
is restarted and:

 - every acknowledged write is there: each article's page shows its last
   acknowledged version (or a later one whose import was killed after
   its commit, never an older one);
 - `cong check` reports the database, media and audit chain consistent;
 - no page is half-written: every page read parses as complete HTML
   ending in </html>.

CRASH_SEED and CRASH_ROUNDS override the defaults; the whole run is
bounded to about 40 seconds.
"""
import html.parser
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "http"))
from cong_harness import CONG, Server, Tap  # noqa: E402

SEED = int(os.environ.get("CRASH_SEED", "20261126"))
ROUNDS = int(os.environ.get("CRASH_ROUNDS", "6"))
BUDGET_S = 40
rng = random.Random(SEED)
tap = Tap()
work = tempfile.mkdtemp(prefix="cong-crash-")
MARK = re.compile(rb"phien-ban-(\d+)-(\d+)-x")


def article_file(k, v):
    """Article k at version v: same title and time, so v > 0 updates."""
    path = os.path.join(work, "a%d-v%d.txt" % (k, v))
    body = "".join("Đoạn %d của phiên bản %d, bài %d. " % (j, v, k) * 8 +
                   "\n\n" for j in range(rng.randint(1, 6)))
    with open(path, "w", encoding="utf-8") as f:
        f.write("Cổng thông tin\n\nKiểm tra sự cố\n\nBài chịu lỗi số %d\n\n"
                "(07:%02d | 04/04/2024)\n\nMở đầu phien-ban-%d-%d-x.\n\n%s"
                "Tác giả\n" % (k, k % 60, k, v, body))
    return path


class Importer(threading.Thread):
    """New articles and edits, one `cong import` at a time."""

    def __init__(self, env, acked, tried, next_k):
        super().__init__(daemon=True)
        self.env, self.acked, self.tried = env, acked, tried
        self.next_k = next_k
        self.proc = None
        self.lock = threading.Lock()
        self.stopping = False

    def run(self):
        while True:
            if self.acked and rng.random() < 0.5:
                k = rng.choice(sorted(self.acked))
                v = max(self.acked[k], self.tried.get(k, 0)) + 1
            else:
                k, v = self.next_k, 0
                self.next_k += 1
            path = article_file(k, v)
            with self.lock:
                if self.stopping:
                    return
                self.proc = subprocess.Popen(
                    [CONG, "import", path], env=self.env,
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            self.tried[k] = max(self.tried.get(k, -1), v)
            rc = self.proc.wait()
            if rc == 0:
                self.acked[k] = v
            elif rc < 0:
                return          # killed: the round is over

    def kill(self):
        with self.lock:
            self.stopping = True
            if self.proc and self.proc.poll() is None:
                self.proc.send_signal(signal.SIGKILL)


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.open = []
        self.closed_html = False

    def handle_starttag(self, tag, attrs):
        if tag in ("html", "body", "main"):
            self.open.append(tag)

    def handle_endtag(self, tag):
        if tag in ("html", "body", "main") and tag in self.open:
            self.open.remove(tag)
            self.closed_html |= tag == "html"


def whole_page(body):
    text = body.decode("utf-8", "strict")
    p = Page()
    p.feed(text)
    p.close()
    return (text.rstrip().endswith("</html>") and p.closed_html
            and not p.open)


def slug_of(srv, k):
    rows = srv.db_execute("SELECT slug FROM article WHERE title = ?",
                          ("Bài chịu lỗi số %d" % k,))
    return rows[0][0] if rows else None


def reader(srv, stop, bad):
    """Reads pages while the round runs; a page cut short is a failure
    unless the server died under it (then the body is not complete)."""
    while not stop.is_set():
        try:
            code, hdrs, body = srv.get("/")
            if code == 200 and not whole_page(body):
                bad.append(("/", len(body)))
        except Exception:
            time.sleep(0.05)   # server down: nothing was acknowledged


acked, tried = {}, {}
srv = Server(demo=False, seed=False)
deadline = time.time() + BUDGET_S
problems = []
bad_pages = []
try:
    srv.start()
    next_k = 0
    for rnd in range(ROUNDS):
        if time.time() > deadline - 4:
            break
        imp = Importer(srv.env, acked, tried, next_k)
        stop = threading.Event()
        rd = threading.Thread(target=reader, args=(srv, stop, bad_pages),
                              daemon=True)
        imp.start()
        rd.start()
        time.sleep(rng.uniform(0.8, 3.0))
        # SIGKILL both, in a random order
        victims = [lambda: srv.proc.send_signal(signal.SIGKILL), imp.kill]
        rng.shuffle(victims)
        for v in victims:
            v()
            time.sleep(rng.uniform(0, 0.05))
        srv.proc.wait()
        srv.proc.stdout.close()
        srv.proc = None
        imp.join(10)
        stop.set()
        rd.join(10)
        next_k = imp.next_k
        srv.start()
        # every acknowledged write is there
        wrong = []
        for k, v in sorted(acked.items()):
            slug = slug_of(srv, k)
            if not slug:
                wrong.append((k, v, "missing"))
                continue
            code, _, body = srv.get("/tin-tuc/" + slug)
            m = MARK.search(body)
            got = int(m.group(2)) if m and int(m.group(1)) == k else None
            if code != 200 or got is None or got < v or \
                    got > tried.get(k, v):
                wrong.append((k, v, code, got))
            elif not whole_page(body):
                bad_pages.append(("/tin-tuc/" + slug, len(body)))
        tap.ok(not wrong, "round %d: %d acknowledged articles, each at its "
               "last acknowledged version" % (rnd + 1, len(acked)), wrong)
        p = subprocess.run([CONG, "check"], env=srv.env, capture_output=True,
                           text=True)
        tap.ok(p.returncode == 0 and p.stdout.strip() == "ok",
               "round %d: cong check consistent" % (rnd + 1),
               p.stdout + p.stderr)
    tap.ok(len(acked) >= ROUNDS, "writes were acknowledged across rounds "
           "(%d articles)" % len(acked))
    for path in ("/", "/chuyen-muc/kiem-tra-su-co"):
        code, _, body = srv.get(path)
        tap.ok(code == 200 and whole_page(body),
               "after the crashes: %s is a whole page" % path, code)
    tap.ok(not bad_pages, "no half-written page was ever served",
           bad_pages[:5])
    tap.eq(srv.stop(), 0, "server stops cleanly after the last round")
finally:
    srv.close()
    import shutil
    shutil.rmtree(work, ignore_errors=True)
tap.done()
