# SPDX-License-Identifier: ISC
"""Connection limits over real sockets: past the total limit a new
connection is closed at once, and closed connections free their place."""
import socket
import time

from cong_harness import Server, Tap

tap = Tap()
srv = Server(seed=False, demo=False, extra_env={"CONG_MAX_CONNS": "20"})
try:
    srv.start()
    held = []
    for _ in range(20):
        s = socket.create_connection(("127.0.0.1", srv.port), timeout=5)
        held.append(s)
    time.sleep(0.3)
    extra = socket.create_connection(("127.0.0.1", srv.port), timeout=5)
    extra.settimeout(3)
    try:
        extra.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        got = extra.recv(100)
    except OSError:
        got = b""
    extra.close()
    tap.eq(got, b"", "over the total limit: closed without an answer")
    for s in held:
        s.close()
    time.sleep(0.5)
    st, _, body = srv.get("/healthz")
    tap.ok(st == 200 and body == b"ok\n",
           "closed connections free their places")
    ok = 0
    for _ in range(60):
        if srv.get("/healthz")[0] == 200:
            ok += 1
    tap.eq(ok, 60, "many short connections in a row all answered")
finally:
    srv.close()
tap.done()
