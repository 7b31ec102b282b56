# SPDX-License-Identifier: ISC
"""The page cache over real HTTP: compressed variants chosen by
Accept-Encoding, strong ETags and 304s, bypass for sessions and POSTs,
and invalidation: after a write is acknowledged, the next GET in any
encoding shows it."""
import gzip
import json
import os
import re
import time

from cong_harness import ROOT, SEED_SLUG, Server, Tap

tap = Tap()
srv = Server(seed=False)
ART = "/tin-tuc/kien-luong-ra-quan-trong-rung-phong-ho-ven-bien-nam-2019"


def write_article(path, title, para, stamp="(10:00 | 02/03/2020)",
                  section="Thông báo"):
    with open(path, "w", encoding="utf-8") as f:
        f.write("Cổng\n\n%s\n\n%s\n\n%s\n\n%s\n\nĐoạn hai.\n\nTác giả\n"
                % (section, title, stamp, para))


try:
    srv.start()
    st, h1, body = srv.get("/")
    st2, h2, body2 = srv.get("/")
    tap.ok(st == st2 == 200 and body == body2, "home: same bytes twice")
    tap.ok(h1.get("etag") and h1.get("etag") == h2.get("etag"),
           "home: strong ETag, stable", (h1.get("etag"), h2.get("etag")))
    tap.ok(h1["etag"].startswith('"') and not h1["etag"].startswith("W/"),
           "home: ETag is strong")
    tap.ok("public" in h1.get("cache-control", "") and
           "max-age" in h1.get("cache-control", ""),
           "home: Cache-Control for a CDN", h1.get("cache-control"))
    tap.eq(h1.get("vary"), "accept-encoding", "home: Vary")

    st, hg, gz = srv.get("/", {"Accept-Encoding": "gzip"})
    tap.eq(hg.get("content-encoding"), "gzip", "gzip variant chosen")
    tap.ok(gzip.decompress(gz) == body, "gzip variant is the same page")
    tap.ok(len(gz) < len(body) / 2, "gzip variant is smaller",
           (len(gz), len(body)))
    st, hb, br = srv.get("/", {"Accept-Encoding": "gzip, deflate, br"})
    tap.eq(hb.get("content-encoding"), "br", "br preferred when accepted")
    tap.ok(len(br) <= len(gz), "br no larger than gzip", (len(br), len(gz)))
    st, hi, _ = srv.get("/", {"Accept-Encoding": "br;q=0, gzip;q=0"})
    tap.ok("content-encoding" not in hi, "q=0 refuses a coding")
    tap.eq(hb.get("etag"), h1.get("etag"), "one ETag for all variants")

    st, _, b = srv.get("/", {"If-None-Match": h1["etag"]})
    tap.ok(st == 304 and b == b"", "If-None-Match: 304")
    st, _, _ = srv.get("/", {"If-None-Match": '"0000000000000000"'})
    tap.eq(st, 200, "other ETag: 200")

    st, ha, a1 = srv.get(ART)
    tap.eq(st, 200, "article: 200")
    tap.ok(srv.get(ART)[1].get("etag") == ha.get("etag"),
           "article: cached")

    # a session cookie bypasses the shared cache
    st, hs, _ = srv.get("/", {"Cookie": "cong_session=abc"})
    tap.ok(st == 200 and "content-encoding" not in hs,
           "session cookie: rendered, not the shared copy")

    # invalidation through the CLI (another process)
    before = srv.get("/chuyen-muc/thong-bao")[2].decode()
    for enc in ("", "gzip", "br"):
        srv.get("/chuyen-muc/thong-bao", {"Accept-Encoding": enc})
    art = os.path.join(srv.dir, "new.txt")
    write_article(art, "Thông báo lịch tiếp công dân tháng 3 năm 2020",
                  "Ủy ban nhân dân huyện thông báo lịch tiếp công dân.")
    srv.cong(["import", art])
    fresh = []
    for enc in ("", "gzip", "br"):
        st, h, b = srv.get("/chuyen-muc/thong-bao", {"Accept-Encoding": enc})
        if h.get("content-encoding") == "gzip":
            b = gzip.decompress(b)
        fresh.append(h.get("content-encoding") == "br" or
                     "lịch tiếp công dân tháng 3" in b.decode())
    tap.ok("lịch tiếp công dân tháng 3" not in before and all(fresh),
           "publish: the next GET shows it (identity, gzip, br)", fresh)
    tap.ok("lịch tiếp công dân tháng 3" in srv.get("/")[2].decode(),
           "publish: home shows it")

    # an edit of an existing article drops its page
    src = os.path.join(ROOT, "demo", "articles",
                       "001-ra-quan-trong-rung-phong-ho-ven-bien-2019.txt")
    text = open(src, encoding="utf-8").read()
    edited = os.path.join(srv.dir, "edited.txt")
    with open(edited, "w", encoding="utf-8") as f:
        f.write(text.replace("Sáng ngày 20/5", "Sáng ngày 20/5 (đã sửa)"))
    srv.cong(["import", "--media", os.path.join(ROOT, "demo", "media"),
              edited])
    st, _, a2 = srv.get(ART)
    tap.ok("(đã sửa)" in a2.decode() and "(đã sửa)" not in a1.decode(),
           "edit: the next GET of the article shows it")

    # a scheduled article appears by itself at its time
    soon = time.time() + 3
    stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(soon + 7 * 3600))
    sched = os.path.join(srv.dir, "sched.json")
    with open(sched, "w", encoding="utf-8") as f:
        json.dump({"category": "Thông báo",
                   "title": "Bài hẹn giờ đăng tự động",
                   "published": stamp,
                   "paragraphs": ["Nội dung hẹn giờ."]}, f,
                  ensure_ascii=False)
    srv.get("/")
    srv.cong(["import", sched])
    early = "Bài hẹn giờ đăng tự động" in srv.get("/")[2].decode()
    deadline = time.time() + 10
    seen = False
    while time.time() < deadline and not seen:
        time.sleep(0.5)
        seen = "Bài hẹn giờ đăng tự động" in srv.get("/")[2].decode()
    tap.ok(not early and seen,
           "scheduled: hidden before its time, shown after", (early, seen))

    # pages a random query string cannot push out
    st, h, _ = srv.get("/?x=1")
    tap.ok(st == 200 and "content-encoding" not in h,
           "unknown query string: rendered, not cached")

    # the site's own settings changed by another process (cong init):
    # every page shows the new name at the next GET, in any encoding
    # (the server keeps resolved sites too, content/site.c)
    ini = open(os.path.join(ROOT, "demo", "site.ini"),
               encoding="utf-8").read()
    new_ini = os.path.join(srv.dir, "site.ini")
    with open(new_ini, "w", encoding="utf-8") as f:
        f.write(ini.replace("name = Cổng thông tin điện tử huyện Kiên Lương",
                            "name = Cổng thông tin điện tử tỉnh An Giang"))
    srv.get("/")
    srv.get(ART)
    srv.cong(["init", "--site", new_ini])
    pages = [srv.get("/")[2].decode(),
             gzip.decompress(srv.get(ART, {"Accept-Encoding": "gzip"})[2]
                             ).decode()]
    tap.ok(all('<span class="portal">Cổng thông tin điện tử tỉnh An Giang'
               '</span>' in p for p in pages),
           "site settings from another process: the next GET shows them",
           [re.findall(r'<span class="portal">[^<]*', p) for p in pages])
finally:
    srv.close()
tap.done()
