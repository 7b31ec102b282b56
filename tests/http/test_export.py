# SPDX-License-Identifier: ISC
"""`cong export`: the whole public site as static files, written while the
server serves; every page with .gz and .br beside it and the same bytes
the server sends; static files under their fingerprinted names; media."""
import gzip
import os
import re

from cong_harness import SEED_SLUG, SEED_TITLE, Server, Tap, seed_files

tap = Tap()
srv = Server()
try:
    srv.start()
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
        tap.ok(os.path.isfile(os.path.join(out, "tin-tuc", SEED_SLUG, "in",
                                           "index.html")),
               "export: print view")
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
finally:
    srv.close()
tap.done()
