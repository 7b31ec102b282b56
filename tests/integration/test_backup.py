# SPDX-License-Identifier: ISC
"""`cong backup` and `cong restore` (cmd/backup.c): a backup taken while
the server serves and an importer writes is consistent (`cong check`
passes on it, audit chain included), holds every article acknowledged
before it began and every media file, and restores into an empty data
dir that a second server then serves. Restore refuses a non-empty data
dir without --force, and a backup whose files do not match the manifest.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "http"))
from cong_harness import CONG, Server, Tap, free_port  # noqa: E402

tap = Tap()
work = tempfile.mkdtemp(prefix="cong-backup-")


def article(i):
    path = os.path.join(work, "art%03d.txt" % i)
    with open(path, "w", encoding="utf-8") as f:
        f.write("Cổng\n\nSao lưu\n\nBài sao lưu số %d\n\n(09:%02d | 03/03/2024)"
                "\n\nĐoạn mở đầu của bài %d.\n\nThân bài.\n\nTác giả\n"
                % (i, i % 60, i))
    return path


def cong(env, args):
    return subprocess.run([CONG] + args, env=env, capture_output=True,
                          text=True)


class Writer(threading.Thread):
    """Imports new articles one after another until stopped."""

    def __init__(self, env, start_at):
        super().__init__(daemon=True)
        self.env, self.i = env, start_at
        self.acked = []
        self.stop = threading.Event()

    def run(self):
        while not self.stop.is_set():
            p = cong(self.env, ["import", article(self.i)])
            if p.returncode == 0:
                self.acked.append(self.i)
            self.i += 1


srv = Server()
srv2 = None
try:
    srv.start()
    for i in range(5):
        cong(srv.env, ["import", article(i)])
    writer = Writer(srv.env, 100)
    writer.start()
    time.sleep(0.5)
    before = list(range(5)) + list(writer.acked)
    bdir = os.path.join(work, "b")
    t0 = time.time()
    p = cong(srv.env, ["backup", bdir])
    took = time.time() - t0
    code, _, _ = srv.get("/")
    writer.stop.set()
    writer.join(30)
    tap.ok(p.returncode == 0, "backup while serving and writing (%.2fs)"
           % took, p.stdout + p.stderr)
    tap.eq(code, 200, "the server kept serving")
    tap.ok(len(writer.acked) > 0, "the importer wrote meanwhile (%d)"
           % len(writer.acked))
    man = open(os.path.join(bdir, "MANIFEST")).read().splitlines()
    tap.eq(man[0], "cong-backup 1", "manifest header")
    srcmedia = sorted(os.listdir(os.path.join(srv.dir, "media")))
    inman = sorted(line.split(" ", 2)[2][len("media/"):]
                   for line in man[1:] if " media/" in line)
    tap.ok(srcmedia and set(srcmedia) <= set(inman),
           "every media file is in the manifest (%d)" % len(srcmedia),
           (srcmedia[:3], inman[:3]))

    # restore into an empty data dir
    env2 = dict(srv.env)
    env2["CONG_DATA"] = os.path.join(work, "restored")
    env2.pop("CONG_DB", None)
    p = cong(env2, ["restore", bdir])
    tap.ok(p.returncode == 0, "restore into an empty data dir",
           p.stdout + p.stderr)
    p = cong(env2, ["check"])
    tap.ok(p.returncode == 0 and p.stdout.strip() == "ok",
           "cong check on the restored copy (integrity, media, audit)",
           p.stdout + p.stderr)
    import sqlite3
    db = sqlite3.connect(os.path.join(env2["CONG_DATA"], "cong.db"))
    titles = {r[0] for r in db.execute("SELECT title FROM article")}
    slug = db.execute("SELECT slug FROM article WHERE title = ?",
                      ("Bài sao lưu số 0",)).fetchone()
    db.close()
    missing = [i for i in before if "Bài sao lưu số %d" % i not in titles]
    tap.ok(not missing, "every article acknowledged before the backup "
           "is in it (%d)" % len(before), missing)
    p = cong(env2, ["restore", bdir])
    tap.ok(p.returncode != 0 and "not empty" in p.stderr,
           "restore refuses a data dir in use", p.stderr)
    p = cong(env2, ["restore", bdir, "--force"])
    tap.ok(p.returncode == 0, "restore --force overwrites", p.stderr)

    # a second server on the restored data serves the same pages
    srv2 = Server.__new__(Server)
    srv2.dir = env2["CONG_DATA"]
    srv2.port = free_port()
    srv2.addr = "127.0.0.1:%d" % srv2.port
    srv2.env = dict(env2, CONG_LISTEN=srv2.addr)
    srv2.log = os.path.join(work, "server2.log")
    srv2.proc = None
    srv2.start()
    code, _, body = srv2.get("/tin-tuc/" + slug[0])
    tap.ok(code == 200 and "Bài sao lưu số 0".encode() in body,
           "restored server: article page", code)
    if srcmedia:
        code, _, body = srv2.get("/media/" + srcmedia[0])
        want = open(os.path.join(srv.dir, "media", srcmedia[0]),
                    "rb").read()
        tap.ok(code == 200 and body == want, "restored server: media file",
               code)
    tap.eq(srv2.stop(), 0, "restored server stops cleanly")

    # damage: a media file that no longer matches its checksum
    bad = os.path.join(work, "bad")
    shutil.copytree(bdir, bad)
    victim = os.path.join(bad, "media", srcmedia[0])
    data = bytearray(open(victim, "rb").read())
    data[len(data) // 2] ^= 0xFF
    os.unlink(victim)
    open(victim, "wb").write(bytes(data))
    env3 = dict(env2, CONG_DATA=os.path.join(work, "restored3"))
    p = cong(env3, ["restore", bad])
    tap.ok(p.returncode != 0 and "checksum" in p.stderr and
           not os.path.exists(os.path.join(env3["CONG_DATA"], "cong.db")),
           "a damaged backup is refused before anything is written",
           p.stderr)
    p = cong(srv.env, ["backup", bdir])
    tap.ok(p.returncode != 0 and "not empty" in p.stderr,
           "backup refuses a non-empty folder", p.stderr)
    # a manifest naming a path outside the backup is refused
    evil = os.path.join(work, "evil")
    shutil.copytree(bdir, evil)
    with open(os.path.join(evil, "MANIFEST"), "a") as f:
        f.write("%s 1 media/../../etc/passwd\n" % ("0" * 64))
    p = cong(dict(env2, CONG_DATA=os.path.join(work, "r4")),
             ["restore", evil])
    tap.ok(p.returncode != 0 and "bad manifest line" in p.stderr,
           "a manifest path climbing out is refused", p.stderr)
finally:
    if srv2 and srv2.proc:
        srv2.stop()
    srv.close()
    shutil.rmtree(work, ignore_errors=True)
tap.done()
