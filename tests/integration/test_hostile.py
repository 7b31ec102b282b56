# SPDX-License-Identifier: ISC
"""Hostile clients against a real server on loopback:

 - slowloris (Debian's slowhttptest, 1000 connections sending a header
   line every few seconds): meanwhile, normal requests are answered
   quickly;
 - 1,000 concurrent connections (wrk -c1000 -d5s) get answers or clean
   refusals, and the server survives (healthz 200, clean SIGTERM);
 - the encoded traversal variants on /media/ and /static/ and absurd
   requests and headers the skeleton suite does not send: each gets a
   4xx or a closed connection, never a file from outside, never a crash.

Numbers measured here (latency under attack, wrk's request rate and
errors) are printed as TAP comments.
"""
import os
import re
import shutil
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "http"))
from cong_harness import SEED_SLUG, Server, Tap  # noqa: E402

tap = Tap()


def note(msg):
    print("# " + msg, flush=True)


def established(port):
    """Established TCP connections to port on loopback (server side)."""
    n = 0
    for name in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(name) as f:
                next(f)
                for line in f:
                    fields = line.split()
                    if fields[3] == "01" and \
                            int(fields[1].split(":")[1], 16) == port:
                        n += 1
        except OSError:
            pass
    return n


def timed_get(srv, path):
    t0 = time.monotonic()
    try:
        code = srv.get(path)[0]
    except Exception as e:  # a refused or reset connection
        code = repr(e)
    return code, time.monotonic() - t0


def alive(srv):
    code, secs = timed_get(srv, "/healthz")
    return srv.proc.poll() is None and code == 200 and secs < 2


def hostile_bytes(srv, data, read_timeout=3):
    try:
        return srv.raw(data, read_timeout=read_timeout)
    except OSError:
        return b""     # refused or reset: a clean refusal


def slowloris(srv):
    if not shutil.which("slowhttptest"):
        tap.ok(False, "slowhttptest installed (scripts/deps.sh)")
        return
    atk = subprocess.Popen(
        ["slowhttptest", "-H", "-c", "1000", "-r", "400", "-i", "4",
         "-x", "24", "-p", "3", "-l", "12", "-u",
         "http://127.0.0.1:%d/" % srv.port],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(4)
    held = established(srv.port)
    lat, codes = [], []
    for i in range(30):
        path = "/" if i % 2 else "/tin-tuc/" + SEED_SLUG
        code, secs = timed_get(srv, path)
        codes.append(code)
        lat.append(secs)
        time.sleep(0.1)
    held_after = established(srv.port)
    atk.terminate()
    try:
        atk.wait(20)
    except subprocess.TimeoutExpired:
        atk.kill()
        atk.wait()
    lat.sort()
    note("slowloris: %d then %d attacker connections held; normal "
         "requests: median %.1f ms, max %.1f ms" % (
             held, held_after, 1000 * lat[len(lat) // 2], 1000 * lat[-1]))
    tap.ok(held >= 300, "slowloris holds many connections open (%d)" % held)
    tap.ok(all(c == 200 for c in codes),
           "during slowloris every normal request is answered", codes)
    tap.ok(lat[-1] < 1.0, "during slowloris answers stay quick (max %.0f "
           "ms)" % (1000 * lat[-1]))
    tap.ok(alive(srv), "server alive after slowloris")


def flood(srv):
    if not shutil.which("wrk"):
        tap.ok(False, "wrk installed (scripts/deps.sh)")
        return
    p = subprocess.run(
        ["wrk", "-t2", "-c1000", "-d5s", "--timeout", "5s",
         "http://127.0.0.1:%d/" % srv.port],
        capture_output=True, text=True, timeout=60)
    out = p.stdout
    m = re.search(r"(\d+) requests in", out)
    reqs = int(m.group(1)) if m else 0
    rate = re.search(r"Requests/sec:\s*([\d.]+)", out)
    errs = re.search(r"Socket errors: (.*)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    note("wrk -c1000 -d5s: %d requests, %s req/s, socket errors: %s, "
         "non-2xx: %s" % (reqs, rate.group(1) if rate else "?",
                          errs.group(1) if errs else "none",
                          non2xx.group(1) if non2xx else "0"))
    tap.ok(p.returncode == 0 and reqs > 1000,
           "1000 concurrent connections are answered (%d requests)" % reqs,
           out[-600:])
    bad = int(non2xx.group(1)) if non2xx else 0
    tap.ok(bad == 0 or bad < reqs // 10,
           "answers are pages or clean refusals (non-2xx %d)" % bad)
    time.sleep(0.5)
    tap.ok(alive(srv), "server alive after 1000 connections (healthz 200)")


TRAVERSAL = [
    b"/media/..%2f..%2fetc%2fpasswd",
    b"/media/%2e%2e/%2e%2e/etc/passwd",
    b"/media/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    b"/media/..%5c..%5cetc%5cpasswd",
    b"/media/%252e%252e/%252e%252e/etc/passwd",
    b"/media/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
    b"/media/....//....//etc/passwd",
    b"/media/.%2e/.%2e/etc/passwd",
    b"/media//etc/passwd",
    b"/media/%00../../etc/passwd",
    b"/media/0123456789abcdef0123456789abcdef.jpg/../../../etc/passwd",
    b"/static/..;/..;/etc/passwd",
    b"/static/%2e%2e%5c%2e%2e%5cetc%5cpasswd",
    b"/static/css/../../../../etc/passwd",
    b"//etc/passwd",
    b"/%2e%2e/%2e%2e/etc/passwd",
]


def traversal(srv):
    for path in TRAVERSAL:
        out = hostile_bytes(srv, b"GET " + path + b" HTTP/1.1\r\nHost: x\r\n"
                            b"Connection: close\r\n\r\n")
        st = out[9:12]
        tap.ok((out == b"" or st.startswith(b"4")) and b"root:" not in out,
               "traversal %s: %s" % (path.decode(), st.decode() or "closed"),
               out[:120])


def absurd(srv):
    big = b"x" * 70000
    cases = [
        ("header value of 70 KB",
         b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + big + b"\r\n\r\n"),
        ("3000 headers", b"GET / HTTP/1.1\r\nHost: x\r\n" +
         b"".join(b"X-%d: y\r\n" % i for i in range(3000)) + b"\r\n"),
        ("header line without a colon",
         b"GET / HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n\r\n"),
        ("header name with a space",
         b"GET / HTTP/1.1\r\nHost: x\r\nBad Name: y\r\n\r\n"),
        ("NUL in a header value",
         b"GET / HTTP/1.1\r\nHost: x\r\nX-A: a\x00b\r\n\r\n"),
        ("NUL in the Host header",
         b"GET / HTTP/1.1\r\nHost: a\x00.example\r\n\r\n"),
        ("invalid UTF-8 in Host", b"GET / HTTP/1.1\r\nHost: \xff\xfe\r\n\r\n"),
        ("method of 10 KB", b"A" * 10000 + b" / HTTP/1.1\r\nHost: x\r\n\r\n"),
        ("request line of 100 KB",
         b"GET /" + b"b" * 100000 + b" HTTP/1.1\r\nHost: x\r\n\r\n"),
        ("HTTP/9.9", b"GET / HTTP/9.9\r\nHost: x\r\n\r\n"),
        ("negative Content-Length",
         b"POST /tin-tuc/x HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n"
         b"\r\n"),
        ("Content-Length of 20 digits",
         b"POST /tin-tuc/x HTTP/1.1\r\nHost: x\r\nContent-Length: "
         b"99999999999999999999\r\n\r\nabc"),
        ("two different Content-Lengths",
         b"POST /tin-tuc/x HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n"
         b"Content-Length: 5\r\n\r\nabcde"),
        ("Content-Length with chunked",
         b"POST /tin-tuc/x HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n"
         b"Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n"),
        ("bad chunk size",
         b"POST /tin-tuc/x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: "
         b"chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n"),
        ("chunk size overflowing 64 bits",
         b"POST /tin-tuc/x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: "
         b"chunked\r\n\r\nfffffffffffffffffff\r\nabc\r\n0\r\n\r\n"),
        ("bare LF line ends and a NUL request",
         b"GET /\x00 HTTP/1.1\nHost: x\n\n"),
        ("binary garbage", bytes(range(256)) * 8 + b"\r\n\r\n"),
    ]
    for name, data in cases:
        out = hostile_bytes(srv, data)
        st = out[9:12]
        # a request that is well-formed enough may be answered 200 (the
        # server ignoring an odd header); never 5xx, never a crash
        ok = out == b"" or st[:1] in (b"2", b"4")
        tap.ok(ok, "absurd request, %s: %s" % (name, st.decode("latin-1")
                                                or "closed"), out[:120])
    tap.ok(alive(srv), "server alive after absurd requests")


def half_open(srv):
    """Connections that send nothing are closed by the server's timeout
    (LIMIT_IO_TIMEOUT_MS), so idle sockets cannot pile up forever."""
    s = socket.create_connection(("127.0.0.1", srv.port), timeout=30)
    s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")      # never finished
    t0 = time.monotonic()
    try:
        s.settimeout(30)
        data = s.recv(100)
    except (socket.timeout, OSError):
        data = None
    secs = time.monotonic() - t0
    s.close()
    note("an unfinished request was dropped after %.1f s" % secs)
    tap.ok(data is not None and secs < 25,
           "an unfinished request is timed out by the server (%.1f s)" % secs)


srv = Server()
try:
    srv.start()
    tap.ok(alive(srv), "server up")
    traversal(srv)
    absurd(srv)
    slowloris(srv)
    flood(srv)
    half_open(srv)
    tap.eq(srv.stop(), 0, "server exits cleanly on SIGTERM after it all")
finally:
    srv.close()
tap.done()
