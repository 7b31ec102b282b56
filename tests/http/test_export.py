# SPDX-License-Identifier: ISC
"""`cong export`: the whole public site as static files, written while the
server serves; every page with .gz and .br beside it and the same bytes
the server sends; static files under their fingerprinted names; media."""
import gzip
import json
import os
import re

from cong_harness import (SEED_SLUG, SEED_TITLE, Server, Tap, port_get,
                          seed_files, start_nginx)

# docs/deploy.md's server block for the mirror, without TLS, on loopback
MIRROR = """
    server {{
        listen 127.0.0.1:{port};
        root {root};
        gzip_static on;
        location / {{
            if ($arg_trang ~ ^[0-9]+$) {{
                rewrite ^(.*)$ $1/trang-$arg_trang? last;
            }}
            try_files $uri $uri.html $uri/index.html =404;
        }}
        location /static/ {{ expires 1y; add_header Cache-Control immutable; }}
        location /media/  {{ expires 1y; add_header Cache-Control immutable; }}
    }}
"""

tap = Tap()
srv = Server()
try:
    srv.start()
    # enough old news in one category for a second page (20 a page)
    extra = os.path.join(srv.dir, "cu.json")
    with open(extra, "w", encoding="utf-8") as f:
        json.dump([{"category": "Sự kiện nổi bật",
                    "title": "Tin cũ số %d" % i,
                    "published": "2001-01-%02dT08:00" % i,
                    "lead": "Tin cũ để có trang thứ hai.",
                    "paragraphs": ["Nội dung tin cũ số %d." % i]}
                   for i in range(1, 26)], f, ensure_ascii=False)
    srv.cong(["import", extra])
    out = os.path.join(srv.dir, "mirror")
    p = srv.cong(["export", out, "--jobs", "2"])
    tap.ok(p.returncode == 0 and "exported" in p.stdout and
           "(0 failed)" in p.stdout, "export: runs while serving",
           p.stdout + p.stderr)
    home = os.path.join(out, "index.html")
    tap.ok(os.path.isfile(home), "export: index.html")
    html = open(home, encoding="utf-8").read() if os.path.isfile(home) \
        else ""
    if seed_files():
        tap.ok(SEED_TITLE in html, "export: home lists the seed")
        art = os.path.join(out, "tin-tuc", SEED_SLUG, "index.html")
        tap.ok(os.path.isfile(art), "export: article page")
        body = open(art, "rb").read() if os.path.isfile(art) else b""
        # the mirror is written for the site's own host name
        tap.ok(body == srv.get("/tin-tuc/" + SEED_SLUG,
                               {"Host": "127.0.0.1:8080"})[2],
               "export: the same bytes the server sends")
        tap.ok(os.path.isfile(art + ".gz") and
               gzip.decompress(open(art + ".gz", "rb").read()) == body,
               "export: .gz beside it, same page")
        tap.ok(os.path.isfile(art + ".br") and
               0 < os.path.getsize(art + ".br") < len(body),
               "export: .br beside it, smaller")
        tap.ok(os.path.isfile(os.path.join(out, "tin-tuc", SEED_SLUG,
                                           "in.html")),
               "export: print view, a file beside the article's")
    cats = os.path.join(out, "chuyen-muc", "su-kien-noi-bat", "index.html")
    tap.ok(os.path.isfile(cats), "export: category page")
    m = re.search(r'href="/static/(css/site\.[0-9a-f]{10}\.css)"', html)
    tap.ok(m is not None and
           os.path.isfile(os.path.join(out, "static", m.group(1))),
           "export: fingerprinted stylesheet the pages link to")
    imgs = re.findall(r'src="/media/([^"]+)"', html)
    tap.ok(imgs and all(os.path.isfile(os.path.join(out, "media", i))
                        for i in imgs),
           "export: every image the home page shows", imgs[:3])
    st, _, _ = srv.get("/healthz")
    tap.eq(st, 200, "server still serving after the export")
    tap.ok(os.path.isfile(os.path.join(out, ".cong-export")),
           "export: the marker of an export is in the mirror")

    # the mirror served by nginx with the configuration of docs/deploy.md
    # answers every public URL the server answers, with the same page
    nginx = None
    try:
        nginx, port = start_nginx(srv.dir, MIRROR, root=out)
        urls = ["/", "/rss", "/rss.xml", "/sitemap.xml",
                "/chuyen-muc/su-kien-noi-bat"]
        if seed_files():
            urls += ["/tin-tuc/" + SEED_SLUG, "/tin-tuc/" + SEED_SLUG + "/in"]
        host = {"Host": "127.0.0.1:8080"}
        same = []
        for u in urls:
            st, _, body = port_get(port, u)
            same.append((u, st, body == srv.get(u, host)[2]))
        tap.ok(all(st == 200 and eq for _, st, eq in same),
               "mirror on nginx: every page as the server sends it", same)
        st, h, body = port_get(port, urls[-1], {"Accept-Encoding": "gzip"})
        tap.ok(st == 200 and h.get("content-encoding") == "gzip" and
               gzip.decompress(body) == srv.get(urls[-1], host)[2],
               "mirror on nginx: the .gz beside it for gzip clients")
        u = "/chuyen-muc/su-kien-noi-bat?trang=2"
        st, _, body = port_get(port, u)
        tap.ok(st == 200 and b"Tin c\xc5\xa9 s\xe1\xbb\x91 1<" in body and
               body == srv.get(u, host)[2],
               "mirror on nginx: ?trang=2, the second page", st)
        st, _, _ = port_get(port, "/tin-tuc/khong-co-bai-nay")
        tap.eq(st, 404, "mirror on nginx: 404 for what is not there")
    finally:
        if nginx:
            nginx.terminate()
            nginx.wait()

    # a second export takes the first one's place whole: a file that the
    # site no longer has (here, a stray one) is gone, nothing is left
    # beside the mirror
    stray = os.path.join(out, "tin-tuc", "bai-da-go", "index.html")
    os.makedirs(os.path.dirname(stray))
    open(stray, "w").write("old")
    p = srv.cong(["export", out])
    tap.ok(p.returncode == 0 and "(0 failed)" in p.stdout,
           "export: again over the last export", p.stdout + p.stderr)
    tap.ok(not os.path.exists(stray) and os.path.isfile(home),
           "export: the new mirror replaces the old one whole")
    tap.eq(sorted(n for n in os.listdir(srv.dir) if "mirror" in n),
           ["mirror"], "export: no half-built folder left beside it")

    # a folder that holds something else is never replaced
    other = os.path.join(srv.dir, "documents")
    os.makedirs(other)
    open(os.path.join(other, "notes.txt"), "w").write("keep me")
    p = srv.cong(["export", other], check=False)
    tap.ok(p.returncode == 1 and "holds no earlier export" in p.stderr,
           "export: refuses a folder that is not an export",
           p.stdout + p.stderr)
    tap.eq(os.listdir(other), ["notes.txt"],
           "export: that folder is left untouched")
    p = srv.cong(["export", os.path.join(other, "notes.txt")], check=False)
    tap.ok(p.returncode == 1 and "holds no earlier export" in p.stderr,
           "export: refuses a file in DIR's place", p.stdout + p.stderr)
    for bad in (["--jobs", "2x"], ["--jobs", "0"], ["--jobs", ""]):
        p = srv.cong(["export", os.path.join(srv.dir, "x")] + bad,
                     check=False)
        tap.ok(p.returncode == 2 and "usage" in p.stderr and
               not os.path.exists(os.path.join(srv.dir, "x")),
               "export: refuses --jobs %r, writes nothing" % bad[1])
    empty = os.path.join(srv.dir, "empty")
    os.makedirs(empty)
    p = srv.cong(["export", empty])
    tap.ok(p.returncode == 0 and
           os.path.isfile(os.path.join(empty, "index.html")),
           "export: an empty folder is taken", p.stdout + p.stderr)
finally:
    srv.close()
tap.done()
