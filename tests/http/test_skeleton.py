# SPDX-License-Identifier: ISC
"""The walking skeleton over real HTTP: the seed article as the district
portal shows it, status codes, headers, HEAD, static files, malformed
requests, two sites on one server, import, and graceful shutdown."""
import os
import re
import socket
import threading
import time

from cong_harness import (ROOT, SEED_SLUG, SEED_TITLE, Server, Tap,
                          seed_files, seed_paragraphs)

tap = Tap()
srv = Server()


def text(body):
    return body.decode("utf-8")


def article_html():
    return srv.get("/tin-tuc/" + SEED_SLUG)


try:
    srv.start()

    # --- the seed article ------------------------------------------------
    st, h, body = srv.get("/")
    tap.eq(st, 200, "home: 200")
    tap.ok(h.get("content-type", "").startswith("text/html; charset=utf-8"),
           "home: html utf-8")
    home = text(body)
    tap.ok('<html lang="vi">' in home, "home: lang=vi")
    if seed_files():
        tap.ok(SEED_TITLE in home, "home: lists the seed title")
    tap.ok("Cổng thông tin điện tử huyện Kiên Lương" in home,
           "home: portal name")
    tap.ok("Khu phố Ba Hòn" in home, "home: footer has the address")

    if seed_files():
        st, h, body = article_html()
        page = text(body)
        tap.eq(st, 200, "article: 200")
        tap.ok("<h1" in page and SEED_TITLE in page, "article: title")
        tap.ok("(15:54 | 18/07/2019)" in page, "article: time stamp")
        tap.ok("Sự kiện nổi bật" in page, "article: section")
        paras = seed_paragraphs()
        missing = [p[:60] for p in paras if p not in page]
        tap.ok(len(paras) >= 3 and not missing,
               "article: every body paragraph of the seed", missing)
        tap.ok("<figcaption>Toàn cảnh hội nghị</figcaption>" in page,
               "article: figure caption")
        tap.ok('<p class="author">Huỳnh An</p>' in page, "article: author")
        story = page[page.find('<article class="story">'):]
        order = [story.find(s) for s in (
            'class="section"', SEED_TITLE, "15:54 | 18/07/2019",
            paras[0][:40], "Toàn cảnh hội nghị", paras[-1][:40],
            "Huỳnh An")]
        tap.ok(all(a < b for a, b in zip(order, order[1:])) and
               min(order) >= 0, "article: the seed's order", order)
        m = re.search(r'<img src="(/media/[0-9a-f]{32}\.jpg)"', page)
        tap.ok(m is not None, "article: figure image from /media/")
        if m:
            st, h, img = srv.get(m.group(1))
            tap.eq(st, 200, "media: 200")
            tap.ok(img[:3] == b"\xff\xd8\xff", "media: a real JPEG")
            tap.eq(h.get("content-type"), "image/jpeg", "media: type")
            tap.ok("immutable" in h.get("cache-control", ""),
                   "media: cached for long")
        rel = re.search(r'<section class="related".*?</section>', page,
                        re.S)
        links = re.findall(r'<a href="/tin-tuc/([^"]+)">[^<]+</a> '
                           r'<span class="meta">\((\d\d/\d\d/\d{4})\)',
                           rel.group(0) if rel else "")
        tap.ok(links and all(s != SEED_SLUG for s, _ in links) and
               any(s.startswith("kien-luong-ra-quan-trong-rung") and
                   d == "21/05/2019" for s, d in links),
               "article: related, others of its category with their dates",
               links)
        st, _, body = srv.get("/tin-tuc/" + SEED_SLUG + "/in")
        tap.ok(st == 200 and "In từ" in text(body) and
               "Huỳnh An" in text(body), "print view")
        tap.ok(b'class="related"' not in body, "print view: the article alone")

    # --- categories ------------------------------------------------------
    st, _, body = srv.get("/chuyen-muc/su-kien-noi-bat")
    tap.eq(st, 200, "category: 200")
    tap.ok("Kiên Lương ra quân trồng rừng" in text(body),
           "category: lists its articles")
    tap.eq(srv.get("/chuyen-muc/su-kien-noi-bat?trang=2")[0], 404,
           "category: page past the end is 404")
    tap.eq(srv.get("/chuyen-muc/su-kien-noi-bat?trang=x")[0], 400,
           "category: bad page number is 400")
    tap.eq(srv.get("/chuyen-muc/khong-co")[0], 404,
           "category: unknown is 404")

    # --- errors, HEAD, methods ---------------------------------------------
    st, h, body = srv.get("/khong-co-trang-nay")
    tap.eq(st, 404, "404 status")
    tap.ok("Không tìm thấy trang" in text(body), "404 page in Vietnamese")
    tap.eq(h.get("cache-control"), "no-store", "404 not cached")
    st, h, body = srv.request("HEAD", "/")
    st2, h2, body2 = srv.get("/")
    tap.ok(st == 200 and body == b"", "HEAD: 200, no body")
    tap.eq(h.get("content-length"), h2.get("content-length"),
           "HEAD: same content-length as GET")
    st, h, _ = srv.request("DELETE", "/")
    tap.eq(st, 405, "unknown method: 405")
    st, h, _ = srv.request("POST", "/tin-tuc/x")
    tap.ok(st == 405 and "GET" in h.get("allow", ""),
           "POST on a GET route: 405 with Allow")
    st, _, body = srv.get("/healthz")
    tap.ok(st == 200 and body == b"ok\n", "healthz")
    st, h, _ = srv.get("/")
    tap.eq(h.get("x-content-type-options"), "nosniff", "nosniff header")

    # --- static files --------------------------------------------------------
    m = re.search(r'href="(/static/css/site\.[0-9a-f]{10}\.css)"', home)
    tap.ok(m is not None, "static: fingerprinted stylesheet link")
    if m:
        st, h, css = srv.get(m.group(1))
        tap.ok(st == 200 and b":root" in css, "static: css served")
        tap.ok("immutable" in h.get("cache-control", ""),
               "static: fingerprinted name cached for a year")
        tap.ok("etag" in h, "static: etag")
        st, _, _ = srv.get(m.group(1), {"If-None-Match": h.get("etag", "")})
        tap.eq(st, 304, "static: If-None-Match gives 304")
    tap.eq(srv.get("/static/css/none.css")[0], 404, "static: missing 404")
    # every script and stylesheet a page loads changes its URL when it
    # changes (fonts are named by the stylesheet itself)
    assets = re.findall(r'<(?:script src|link rel="stylesheet" href)='
                        r'"(/static/[^"]+)"', home)
    tap.ok(assets and all(re.search(r'\.[0-9a-f]{10}\.(css|js)$', a)
                          for a in assets),
           "static: every script and stylesheet by its fingerprinted name",
           assets)

    # --- malformed and hostile requests --------------------------------------
    for path, want, name in [
        (b"/static/../Makefile", 400, "traversal ../"),
        (b"/static/%2e%2e/Makefile", 400, "traversal %2e%2e"),
        (b"/static/%2E%2e%2fMakefile", 400, "traversal encoded slash"),
        (b"/tin-tuc/a%00b", 400, "NUL byte"),
        (b"/tin-tuc/%ff%fe", 400, "invalid UTF-8"),
        (b"/" + b"a" * 5000, 414, "overlong path"),
        (b"/media/../../etc/passwd", 400, "media traversal"),
    ]:
        out = srv.raw(b"GET " + path + b" HTTP/1.1\r\nHost: x\r\n"
                      b"Connection: close\r\n\r\n")
        tap.ok(out.startswith(b"HTTP/1.1 %d" % want), name, out[:80])
    out = srv.raw(b"GARBAGE\r\n\r\n")
    tap.ok(out.startswith(b"HTTP/1.1 400") or out == b"",
           "garbage request line refused", out[:80])
    big = b"X-Big: " + b"a" * 20000 + b"\r\n"
    out = srv.raw(b"GET / HTTP/1.1\r\nHost: x\r\n" + big +
                  b"Connection: close\r\n\r\n")
    tap.ok(out.startswith(b"HTTP/1.1 431"), "header too large: 431",
           out[:80])
    out = srv.raw(b"POST /tin-tuc/x HTTP/1.1\r\nHost: x\r\n"
                  b"Content-Length: 999999999\r\nConnection: close\r\n\r\n")
    tap.ok(out.startswith(b"HTTP/1.1 413"), "body over the limit: 413",
           out[:80])
    out = srv.raw(b"POST /tin-tuc/x HTTP/1.1\r\nHost: x\r\n"
                  b"Content-Type: application/x-www-form-urlencoded\r\n"
                  b"Content-Length: 2000000\r\nConnection: close\r\n\r\n" +
                  b"a" * 2000000)
    tap.ok(out.startswith(b"HTTP/1.1 413"),
           "form body over 1 MiB: 413 (uploads alone may be larger)",
           out[:80])
    out = srv.raw(b"GET / HTTP/1.1\r\nHost: b\xc3\x28d.example\r\n"
                  b"Connection: close\r\n\r\n")
    tap.ok(out.startswith(b"HTTP/1.1 400"), "Host with invalid bytes: 400",
           out[:80])
    out = srv.raw(b"GET / HTTP/1.1\r\nHost: a.example/../x\r\n"
                  b"Connection: close\r\n\r\n")
    tap.ok(out.startswith(b"HTTP/1.1 400"), "Host with a path: 400",
           out[:80])
    tap.eq(srv.get("/healthz")[0], 200, "still serving after all that")

    # --- import: idempotent, all-or-nothing -----------------------------------
    before = text(srv.get("/chuyen-muc/thong-bao")[2]).count("listing-item")
    arts = os.path.join(ROOT, "demo", "articles")
    p = srv.cong(["import", "--media", os.path.join(ROOT, "demo", "media"),
                  os.path.join(arts, sorted(os.listdir(arts))[-1])])
    after = text(srv.get("/chuyen-muc/thong-bao")[2]).count("listing-item")
    tap.ok(before == after and before >= 1, "re-import updates, no copy",
           (before, after))
    bad = os.path.join(srv.dir, "bad.txt")
    with open(bad, "w", encoding="utf-8") as f:
        f.write("Cổng\n\nThông báo\n\nTiêu đề mới hoàn toàn\n\n"
                "không phải giờ\n\nĐoạn một.\n\nTác giả\n")
    good = os.path.join(srv.dir, "good.txt")
    with open(good, "w", encoding="utf-8") as f:
        f.write("Cổng\n\nThông báo\n\nBài tốt không được nhập\n\n"
                "(08:00 | 01/02/2020)\n\nĐoạn một.\n\nTác giả\n")
    p = srv.cong(["import", good, bad], check=False)
    tap.ok(p.returncode != 0 and "bad.txt:7:" in p.stderr and
           "time stamp" in p.stderr, "malformed import: file, line, what",
           p.stderr)
    tap.ok("Bài tốt không được nhập" not in text(srv.get("/")[2]),
           "malformed import: nothing imported")

    # --- two sites, one server -------------------------------------------------
    ini = os.path.join(srv.dir, "xa.ini")
    with open(ini, "w", encoding="utf-8") as f:
        f.write("[site]\nhost = xa-binh-an.example\n"
                "name = Cổng thông tin điện tử xã Bình An\n"
                "kind = component\n"
                "emc_script = https://emc.example.vn/t.js\n"
                "[menu]\nTrang chủ = /\n")
    srv.cong(["init", "--site", ini])
    art = os.path.join(srv.dir, "xa.txt")
    with open(art, "w", encoding="utf-8") as f:
        f.write("Cổng thông tin điện tử xã Bình An\n\nTin tức xã\n\n"
                "Xã Bình An tổ chức ngày hội đại đoàn kết\n\n"
                "(09:00 | 18/11/2019)\n\nSáng 18/11, xã Bình An tổ chức "
                "ngày hội.\n\nĐoạn thứ hai.\n\nBan biên tập xã\n")
    srv.cong(["import", "--site", "xa-binh-an.example", art])
    st, _, body = srv.get("/", {"Host": "xa-binh-an.example"})
    xa = text(body)
    tap.ok("Xã Bình An tổ chức ngày hội" in xa and
           "xã Bình An" in xa, "site B: its own article and name")
    tap.ok(SEED_TITLE not in xa and "Kiên Lương ra quân" not in xa,
           "site B: none of site A's articles")
    tap.ok('<script src="https://emc.example.vn/t.js"' in xa and
           "emc.example.vn" not in text(srv.get("/")[2]),
           "site B: its EMC monitoring script, on its pages only")
    tap.ok("Xã Bình An tổ chức ngày hội" not in text(srv.get("/")[2]),
           "site A: none of site B's articles")
    slug = "/tin-tuc/xa-binh-an-to-chuc-ngay-hoi-dai-doan-ket"
    tap.eq(srv.get(slug, {"Host": "xa-binh-an.example"})[0], 200,
           "site B: its article page")
    tap.eq(srv.get(slug)[0], 404, "site A: site B's article is 404")
    tap.eq(srv.get("/chuyen-muc/su-kien-noi-bat",
                   {"Host": "xa-binh-an.example"})[0], 404,
           "site B: site A's category is 404")
    tap.eq(srv.get("/", {"Host": "unknown.example"})[0], 200,
           "unknown host: the default site")

    # --- graceful shutdown: requests in flight finish ---------------------------
    results = []

    def client():
        try:
            results.append(srv.get("/")[0])
        except Exception as e:  # connection refused after the stop
            results.append(repr(e))

    threads = [threading.Thread(target=client) for _ in range(40)]
    for t in threads:
        t.start()
    time.sleep(0.005)
    rc = srv.stop()
    for t in threads:
        t.join()
    tap.eq(rc, 0, "SIGTERM: clean exit")
    tap.ok(all(r == 200 or "Refused" in str(r) for r in results),
           "SIGTERM: every accepted request answered in full", results)
    s = socket.socket()
    tap.ok(s.connect_ex(("127.0.0.1", srv.port)) != 0,
           "SIGTERM: port closed")
    s.close()
    log = open(srv.log, encoding="utf-8").read()
    tap.ok(re.search(r'method=GET path="/" status=200 bytes=\d+ us=\d+',
                     log) is not None, "access log: logfmt line")
finally:
    srv.close()
tap.done()
