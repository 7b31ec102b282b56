# SPDX-License-Identifier: ISC
"""Distribution over real HTTP: RSS and Atom feeds read by a real feed
parser (Debian's python3-feedparser), sitemaps checked by xmllint against
the sitemaps.org schemas, robots.txt, the sharing tags and JSON-LD of the
seed article, the JSON API (ETag/304, CORS, OpenAPI), hostile HTML kept
out of feeds, the archive copy, and view counting: N views counted after
the batch flush, robots not counted, nothing flushed lost on restart."""
import csv as csvmod
import html.parser
import io
import json
import os
import re
import subprocess
import tempfile
import time
import urllib.parse
import xml.etree.ElementTree as ET

import feedparser

from cong_harness import SEED_SLUG, SEED_TITLE, SHARED, Server, Tap

tap = Tap()
SCHEMAS = os.path.join(SHARED, "testdata", "schemas")
PAYLOADS = os.path.join(SHARED, "testdata", "xss", "payloads.txt")
BROWSER = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) "
           "Gecko/20100101 Firefox/128.0"}
EMC = "https://emc.example.gov.vn/tracking/emc.js?site=42"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ADMIN_LOGIN = "/quan-tri/dang-nhap"
PW = "mật khẩu thống kê dài"


class Scan(html.parser.HTMLParser):
    """Collects what must never come out of a sanitized body."""

    def __init__(self):
        super().__init__()
        self.bad = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "iframe", "object", "embed", "style", "form",
                   "meta", "link", "base", "svg", "math"):
            self.bad.append("<%s>" % tag)
        for k, v in attrs:
            if k.startswith("on"):
                self.bad.append("%s=" % k)
            if k in ("href", "src", "action", "formaction", "xlink:href") \
                    and v and re.match(r"\s*(javascript|vbscript|data):",
                                       v, re.I):
                self.bad.append("%s=%s" % (k, v[:40]))


def hostile_articles(path):
    lines = [l.rstrip("\n") for l in open(PAYLOADS, encoding="utf-8",
                                          errors="replace")]
    lines = [l for l in lines if l.strip()][:60]
    arts = []
    for i in range(0, len(lines), 6):
        chunk = lines[i:i + 6]
        arts.append({
            "category": "Thông báo",
            "title": "Bài thử %d %s" % (i, chunk[0][:200]),
            "lead": "Tóm tắt " + chunk[-1][:500],
            "body_html": "<p>Đoạn một</p>" + "\n".join(chunk),
            "author": "Người thử",
            "published": "(08:%02d | 01/02/2020)" % (i % 60),
        })
    with open(path, "w", encoding="utf-8") as f:
        json.dump(arts, f, ensure_ascii=False)
    return len(arts)


def xmllint(xml_bytes, xsd):
    with tempfile.NamedTemporaryFile(suffix=".xml", delete=False) as f:
        f.write(xml_bytes)
        name = f.name
    p = subprocess.run(["xmllint", "--noout", "--schema",
                        os.path.join(SCHEMAS, xsd), name],
                       capture_output=True, text=True)
    os.unlink(name)
    return p.returncode, p.stderr


def jsonld(page):
    m = re.search(r'<script type="application/ld\+json">(.*?)</script>',
                  page, re.S)
    return json.loads(m.group(1)) if m else None


def article_views(srv, slug):
    st, _, body = srv.get("/api/v1/articles/" + slug)
    return json.loads(body)["article"]["views"] if st == 200 else None


def wait_views(srv, slug, want, timeout=10):
    """Views of slug once the flush has written want (or the timeout)."""
    end = time.time() + timeout
    got = article_views(srv, slug)
    while got != want and time.time() < end:
        time.sleep(0.3)
        got = article_views(srv, slug)
    return got


srv = Server()
try:
    nhostile = hostile_articles(os.path.join(srv.dir, "hostile.json"))
    srv.cong(["import", os.path.join(srv.dir, "hostile.json")])
    srv.db_execute("UPDATE site SET emc_script_url = ?", (EMC,))
    srv.start()

    # ---- feeds ------------------------------------------------------
    st, h, rss = srv.get("/rss.xml")
    tap.eq(st, 200, "rss: 200")
    tap.eq(h.get("content-type"), "application/rss+xml; charset=utf-8",
           "rss: content type")
    f = feedparser.parse(rss)
    tap.ok(not f.bozo, "rss: parses without bozo",
           getattr(f, "bozo_exception", None))
    tap.eq(f.version, "rss20", "rss: RSS 2.0")
    tap.ok(f.feed.get("title") and f.feed.get("link") and
           f.feed.get("subtitle"), "rss: channel title, link, description")
    total = json.loads(srv.get("/api/v1/articles?per_page=1")[2])["total"]
    tap.ok(len(f.entries) == min(50, total), "rss: the latest 50 items",
           (len(f.entries), total))
    seed = [e for e in f.entries if e.get("title") == SEED_TITLE]
    tap.ok(seed, "rss: the seed article, Vietnamese title intact")
    e = seed[0] if seed else {}
    tap.ok(e.get("link", "").startswith("http://127.0.0.1:%d/tin-tuc/"
                                         % srv.port),
           "rss: absolute item link", e.get("link"))
    tap.ok(e.get("id", "").startswith("tag:"), "rss: guid is a tag: URI",
           e.get("id"))
    tap.eq(e.get("published"), "Thu, 18 Jul 2019 15:54:00 +0700",
           "rss: pubDate RFC 822 in +0700")
    tap.eq(e.get("author"), "Huỳnh An", "rss: dc:creator")
    body = (e.get("content") or [{}])[0].get("value", "")
    tap.ok("hội nghị" in body and body.count("<p>") >= 2,
           "rss: content:encoded holds the full HTML body", body[:200])
    tap.ok(re.search(r'src="http://127\.0\.0\.1:\d+/media/', body),
           "rss: body image URLs absolute", body[:400])
    encl = [l for l in e.get("links", []) if l.get("rel") == "enclosure"]
    tap.ok(encl and encl[0]["href"].startswith("http") and
           encl[0].get("type", "").startswith("image/") and
           int(encl[0].get("length", 0)) > 0,
           "rss: cover enclosure with type and length", encl)
    tap.ok(e.get("media_content") and
           e["media_content"][0].get("url", "").startswith("http"),
           "rss: media:content for the cover", e.get("media_content"))
    tap.ok(b'<atom:link href="http://127.0.0.1:%d/rss.xml" rel="self"'
           % srv.port in rss, "rss: atom:link rel=self")

    st, h, atom = srv.get("/atom.xml")
    tap.eq(h.get("content-type"), "application/atom+xml; charset=utf-8",
           "atom: content type")
    fa = feedparser.parse(atom)
    tap.ok(not fa.bozo, "atom: parses without bozo",
           getattr(fa, "bozo_exception", None))
    tap.eq(fa.version, "atom10", "atom: Atom 1.0")
    tap.ok(fa.feed.get("id") and fa.feed.get("title") and
           fa.feed.get("updated") and fa.feed.get("author"),
           "atom: feed id, title, updated, author (RFC 4287 4.1.1)")
    ae = [x for x in fa.entries if x.get("title") == SEED_TITLE]
    ae = ae[0] if ae else {}
    tap.ok(ae.get("id") and ae.get("updated") and ae.get("link") and
           ae.get("content"), "atom: entry id, title, updated, link, content")
    tap.eq(ae.get("published"), "2019-07-18T15:54:00+07:00",
           "atom: published RFC 3339 with +07:00")
    tap.eq(ae.get("id"), e.get("id"), "atom and rss share the stable id")
    tap.eq((ae.get("content") or [{}])[0].get("type"), "text/html",
           "atom: content type=html")
    root = ET.fromstring(atom)
    tap.ok(root.tag == "{http://www.w3.org/2005/Atom}feed",
           "atom: well-formed XML in the Atom namespace")

    st, hr, _ = srv.get("/rss.xml")
    st304, _, b304 = srv.get("/rss.xml", {"If-None-Match":
                                           hr.get("etag", "x")})
    tap.ok(hr.get("etag") and st304 == 304 and b304 == b"",
           "rss: conditional GET with ETag", (hr.get("etag"), st304))
    tap.ok(hr.get("last-modified", "").endswith("GMT"),
           "rss: Last-Modified", hr.get("last-modified"))

    st, h, crss = srv.get("/chuyen-muc/su-kien-noi-bat/rss.xml")
    fc = feedparser.parse(crss)
    tap.ok(st == 200 and not fc.bozo and fc.entries and
           all(x.get("tags", [{}])[0].get("term") == "Sự kiện nổi bật"
               for x in fc.entries),
           "category rss: only that category", (st, len(fc.entries)))
    st, h, catom = srv.get("/chuyen-muc/su-kien-noi-bat/atom.xml")
    tap.ok(st == 200 and not feedparser.parse(catom).bozo,
           "category atom: parses")
    tap.eq(srv.get("/chuyen-muc/khong-co/rss.xml")[0], 404,
           "category feed of a missing category: 404")

    # ---- hostile HTML never reaches a feed unescaped ------------------
    # feedparser sanitizes HTML itself by default: read the raw values.
    # Readers render RSS description and content as HTML; Atom summary
    # and title are type="text" and must arrive as text.
    raw_rss = feedparser.parse(rss, sanitize_html=False)
    raw_atom = feedparser.parse(atom, sanitize_html=False)
    bad = []
    for x in raw_rss.entries + raw_atom.entries:
        for v in [c.get("value", "") for c in x.get("content", [])]:
            s = Scan()
            s.feed(v)
            bad += s.bad
    for x in raw_rss.entries:
        s = Scan()
        s.feed(x.get("summary", ""))
        bad += ["description: " + b for b in s.bad]
    for x in raw_atom.entries:
        tap_ok = x.get("title_detail", {}).get("type") == "text/plain"
        if not tap_ok:
            bad.append("atom title not text: " + x.get("title", ""))
    tap.ok(not bad, "feeds: no script, on*= or javascript: after "
           "decoding (%d hostile articles)" % nhostile, bad[:10])
    tap.ok(any("Bài thử" in x.get("title", "") for x in f.entries),
           "feeds: the hostile articles are there")
    tap.ok(b"<script" not in rss and b"<script" not in atom,
           "feeds: no raw <script in the XML")

    # ---- the RSS page and autodiscovery ------------------------------
    st, _, page = srv.get("/rss")
    page = page.decode()
    tap.ok(st == 200 and "Kênh RSS" in page and
           "/chuyen-muc/su-kien-noi-bat/rss.xml" in page,
           "/rss lists every feed")
    st, _, home = srv.get("/")
    home = home.decode()
    tap.ok('rel="alternate" type="application/rss+xml"' in home and
           'type="application/atom+xml"' in home, "home: autodiscovery")
    tap.ok('href="/rss"' in home, "footer links the RSS page")
    tap.ok('<script src="%s" async></script>' % EMC.replace("&", "&amp;")
           in home, "EMC snippet on every page as <script src>")

    # ---- sitemaps and robots -----------------------------------------
    st, h, sm = srv.get("/sitemap.xml")
    rc, err = xmllint(sm, "sitemap.xsd")
    tap.ok(st == 200 and rc == 0, "sitemap.xml validates", err)
    locs = [u.find(SM + "loc").text for u in ET.fromstring(sm)]
    tap.ok(any(l.endswith("/tin-tuc/" + SEED_SLUG) for l in locs) and
           any(l.endswith("/chuyen-muc/thong-bao") for l in locs) and
           locs[0].endswith("/"), "sitemap: home, categories, articles")
    lm = [u.find(SM + "lastmod") for u in ET.fromstring(sm)]
    tap.ok(all(x is not None for x in lm[1:]), "sitemap: lastmod")
    st, h, si = srv.get("/sitemap-index.xml")
    rc, err = xmllint(si, "siteindex.xsd")
    tap.ok(st == 200 and rc == 0, "sitemap index validates", err)
    maps = [x.find(SM + "loc").text for x in ET.fromstring(si)]
    tap.ok(any(m.endswith("/sitemap-2019-07.xml") for m in maps),
           "index: the seed's month", maps)
    n_in_months = 0
    ok_all = True
    for m in maps:
        path = m.split(str(srv.port), 1)[1]
        st, _, part = srv.get(path)
        rc, err = xmllint(part, "sitemap.xsd")
        ok_all = ok_all and st == 200 and rc == 0
        if "sitemap-trang" not in path:
            n_in_months += len(ET.fromstring(part))
    tap.ok(ok_all, "every sitemap of the index validates")
    tap.eq(n_in_months, len([l for l in locs if "/tin-tuc/" in l]),
           "monthly sitemaps hold every article once")
    tap.eq(srv.get("/sitemap-2019-13.xml")[0], 404, "sitemap: bad month 404")
    st, h, robots = srv.get("/robots.txt")
    robots = robots.decode()
    tap.ok("Disallow: /quan-tri/" in robots and
           "Sitemap: http://127.0.0.1:%d/sitemap.xml" % srv.port in robots,
           "robots.txt", robots)

    # ---- the article page: canonical, OG, Twitter, DC, JSON-LD --------
    st, _, art = srv.get("/tin-tuc/" + SEED_SLUG, BROWSER)
    art = art.decode()
    url = "http://127.0.0.1:%d/tin-tuc/%s" % (srv.port, SEED_SLUG)
    tap.ok('<link rel="canonical" href="%s">' % url in art, "canonical")
    for tag in ('property="og:type" content="article"',
                'property="og:locale" content="vi_VN"',
                'property="og:url" content="%s"' % url,
                'name="twitter:card" content="summary_large_image"',
                'property="article:published_time" '
                'content="2019-07-18T15:54:00+07:00"',
                'name="DC.creator" content="Huỳnh An"',
                'name="DC.identifier" content="%s"' % url,
                'name="DC.language" content="vi"'):
        tap.ok(tag in art, "article meta: " + tag.split('"')[1])
    tap.ok(re.search(r'property="og:image" content="http://[^"]+/media/'
                     r'[0-9a-f]{32}-(1600|1200|800)\.jpg"', art),
           "og:image: the absolute URL of the large variant",
           re.findall(r'og:image" content="[^"]*"', art))
    tap.ok(re.search(r'property="og:image:width" content="\d+"', art),
           "og:image:width")
    ld = jsonld(art)
    tap.ok(ld is not None, "JSON-LD parses")
    graph = (ld or {}).get("@graph", [])
    na = [g for g in graph if g.get("@type") == "NewsArticle"]
    na = na[0] if na else {}
    tap.eq(na.get("headline"), SEED_TITLE, "JSON-LD headline")
    tap.eq(na.get("datePublished"), "2019-07-18T15:54:00+07:00",
           "JSON-LD datePublished")
    tap.eq((na.get("author") or {}).get("name"), "Huỳnh An",
           "JSON-LD author")
    tap.ok(na.get("image") and na.get("dateModified") and
           (na.get("publisher") or {}).get("logo") and
           na.get("mainEntityOfPage"), "JSON-LD image, publisher, etc.")
    bc = [g for g in graph if g.get("@type") == "BreadcrumbList"]
    tap.ok(bc and len(bc[0]["itemListElement"]) == 3, "BreadcrumbList")

    # hostile title: its JSON-LD cannot close the script element
    hslug = json.loads(srv.get("/api/v1/articles?category=thong-bao"
                               "&per_page=100")[2])["articles"]
    hslug = [a["slug"] for a in hslug if a["title"].startswith("Bài thử")]
    st, _, hp = srv.get("/tin-tuc/" + hslug[0])
    hp = hp.decode()
    chunks = re.findall(r'<script type="application/ld\+json">(.*?)'
                        r'</script>', hp, re.S)
    tap.ok(len(chunks) == 1 and "<" not in chunks[0] and
           jsonld(hp) is not None, "hostile title: JSON-LD escaped")

    # ---- print and save -----------------------------------------------
    st, _, pr = srv.get("/tin-tuc/%s/in" % SEED_SLUG)
    pr = pr.decode()
    tap.ok(st == 200 and url in pr and "In từ" in pr, "print view: URL "
           "and print date")
    st, h, sv = srv.get("/tin-tuc/%s/luu" % SEED_SLUG)
    sv = sv.decode()
    tap.eq(h.get("content-disposition"),
           'attachment; filename="%s.html"' % SEED_SLUG, "save: attachment")
    tap.ok("<style>" in sv and "<link rel=\"stylesheet\"" not in sv,
           "save: stylesheet inlined")
    tap.ok("data:image/" in sv and 'src="/media/' not in sv,
           "save: images embedded as data: URIs")

    # ---- JSON API -------------------------------------------------------
    st, h, b = srv.get("/api/v1/sites")
    tap.ok(st == 200 and json.loads(b)["sites"][0]["name"],
           "api: sites")
    tap.eq(h.get("content-type"), "application/json; charset=utf-8",
           "api: content type")
    tap.eq(h.get("access-control-allow-origin"), "*", "api: CORS")
    tap.eq(h.get("access-control-expose-headers"), "ETag",
           "api: ETag readable across origins")
    st, h, b = srv.get("/api/v1/categories")
    tap.ok(st == 200 and any(c["slug"] == "su-kien-noi-bat"
                             for c in json.loads(b)["categories"]),
           "api: categories")
    st, h, b = srv.get("/api/v1/articles?per_page=5&page=2")
    j = json.loads(b)
    tap.ok(st == 200 and len(j["articles"]) == 5 and j["page"] == 2 and
           j["total"] >= 15, "api: articles paged", (st, j.get("total")))
    et = h.get("etag")
    st, h2, b2 = srv.get("/api/v1/articles?per_page=5&page=2",
                         {"If-None-Match": et})
    tap.ok(et and st == 304 and b2 == b"", "api: ETag + If-None-Match 304")
    st, _, _ = srv.get("/api/v1/articles?per_page=5&page=2",
                       {"If-None-Match": '"nope"'})
    tap.eq(st, 200, "api: other ETag 200")
    st, _, b = srv.get("/api/v1/articles?per_page=100&category="
                       "su-kien-noi-bat")
    tap.ok(st == 200 and all(a["category"]["slug"] == "su-kien-noi-bat"
                             for a in json.loads(b)["articles"]),
           "api: category filter")
    st, _, b = srv.get("/api/v1/articles?updated_since=2999-01-01")
    tap.ok(st == 200 and json.loads(b)["total"] == 0,
           "api: updated_since in the future: none")
    st, _, b = srv.get("/api/v1/articles?updated_since="
                       "2000-01-01T00:00:00%2B07:00")
    tap.ok(st == 200 and json.loads(b)["total"] == j["total"],
           "api: updated_since with an offset", b[:200])
    for q, name in (("per_page=101", "per_page over 100"),
                    ("page=0", "page 0"),
                    ("updated_since=yesterday", "bad date"),
                    ("updated_since=2019-02-31T00:00:00Z", "31 February")):
        st, h, b = srv.get("/api/v1/articles?" + q)
        tap.ok(st == 400 and "error" in json.loads(b),
               "api_bad_" + name.replace(" ", "_"), (st, b[:100]))
    # a method the API does not take: JSON too, with Allow
    st, h, b = srv.request("POST", "/api/v1/articles", b"x=1",
                           {"Content-Type":
                            "application/x-www-form-urlencoded"})
    tap.ok(st == 405 and h.get("content-type", "").startswith(
        "application/json") and "error" in json.loads(b) and
        h.get("allow") == "GET, HEAD",
        "api: POST answers a JSON 405 with Allow", (st, h.get("allow"), b[:80]))
    st, _, b = srv.get("/api/v1/articles/" + SEED_SLUG)
    a = json.loads(b)["article"] if st == 200 else {}
    tap.ok(a.get("title") == SEED_TITLE and a.get("published") ==
           "2019-07-18T15:54:00+07:00" and "<p>" in a.get("body_html", ""),
           "api: one article with its body")
    st, _, b = srv.get("/api/v1/articles/khong-co-bai-nay")
    tap.ok(st == 404 and json.loads(b) == {"error": "no such article"},
           "api: missing article is a JSON 404")
    st, _, b = srv.get("/api/v1/openapi.json")
    spec = json.loads(b) if st == 200 else {}
    tap.ok(spec.get("openapi", "").startswith("3.0") and
           all(p in spec.get("paths", {}) for p in
               ("/sites", "/categories", "/articles", "/articles/{slug}")),
           "api: OpenAPI 3.0 describes every endpoint")

    # views answered from the page cache count too (the cache calls
    # stats_hit_host on the event loop)
    cslug = hslug[2]
    for _ in range(4):
        st, hc, _ = srv.get("/tin-tuc/" + cslug, BROWSER)
    srv.get("/tin-tuc/" + cslug, {"User-Agent": "Googlebot/2.1"})
    tap.ok(hc.get("etag"), "article page served from the page cache")
    tap.eq(wait_views(srv, cslug, 4), 4,
           "cached article views counted, robots not")
finally:
    srv.close()


# ---- counting ------------------------------------------------------------
# Its own server with the page cache off: with the cache on, hits are
# answered on the event loop and counted by the cache's call to stats_hit
# (http/), which this suite does not own; here every view reaches the
# handler, which counts it.
cnt = Server(demo=False, seed=False, extra_env={"CONG_CACHE_MB": "0"})
try:
    with open(os.path.join(cnt.dir, "one.json"), "w",
              encoding="utf-8") as fh:
        json.dump([{"category": "Thông báo", "title": "Bài đếm lượt xem",
                    "published": "(08:00 | 01/02/2020)",
                    "paragraphs": ["Một đoạn."], "author": "Huỳnh An"}], fh,
                  ensure_ascii=False)
    cnt.cong(["import", os.path.join(cnt.dir, "one.json")])
    cnt.cong(["user", "add", "thongke", "--role", "editor", "--name",
              "Biên Tập", "--password-stdin"], input=PW + "\n")
    cnt.start()
    srv = cnt
    slug = "bai-dem-luot-xem"
    before = article_views(srv, slug)
    n = 7
    for _ in range(n):
        srv.get("/tin-tuc/" + slug, BROWSER)
    for ua in ("Googlebot/2.1 (+http://www.google.com/bot.html)",
               "curl/8.5.0", "python-requests/2.31",
               "facebookexternalhit/1.1", "Mozilla/5.0 HeadlessChrome/120",
               ""):
        srv.get("/tin-tuc/" + slug, {"User-Agent": ua})
    got = wait_views(srv, slug, before + n)
    tap.eq(got, before + n, "N views counted after the flush; robots none")
    time.sleep(2.5)
    tap.eq(article_views(srv, slug), before + n,
           "still N: no robot view arrived late")
    st, _, b = srv.get("/api/v1/stats")
    c = json.loads(b)
    tap.ok(c["online"] >= 1 and c["today"] >= n and
           c["month"] >= c["today"] and c["total"] >= c["month"],
           "footer counters", c)
    hashes = [r[0] for r in srv.db_execute("SELECT hash FROM stat_visitor")]
    if srv.dialect == "sqlite":
        cols = [r[1] for r in srv.db_execute(
            "PRAGMA table_info(stat_visitor)")]
    else:
        cols = [r[0] for r in srv.db_execute(
            "SELECT column_name FROM information_schema.columns"
            " WHERE table_name = 'stat_visitor'")]
    tap.ok(hashes and all(re.fullmatch(r"[0-9a-f]{32}", x) for x in hashes)
           and "127.0.0.1" not in " ".join(hashes) and
           not any("ip" in c or "addr" in c for c in cols),
           "visitors stored as hashes only", (hashes, cols))
    # ---- the newsroom's statistics page and CSV ---------------------------
    st, h, _ = srv.get("/quan-tri/thong-ke")
    tap.ok(st == 303 and ADMIN_LOGIN in h.get("location", ""),
           "stats page: signed out, sent to login", (st, h.get("location")))
    st, h, _ = srv.request("POST", ADMIN_LOGIN, body=urllib.parse.urlencode(
        {"login": "thongke", "password": PW}).encode(), headers={
        "Content-Type": "application/x-www-form-urlencoded"})
    cookie = (h.get("set-cookie") or "").split(";", 1)[0]
    tap.ok(st == 303 and cookie, "newsroom login", (st, h))
    st, h, page = srv.get("/quan-tri/thong-ke", {"Cookie": cookie})
    page = page.decode()
    tap.ok(st == 200 and "<svg" in page and page.count("<rect ") == 30,
           "stats page: a 30-day SVG bar chart", (st, page.count("<rect ")))
    tap.ok("Bài đếm lượt xem" in page and "Huỳnh An" in page and
           "Thông báo" in page,
           "stats page: top articles, per category, per author")
    tap.ok("<script" not in page, "stats page: no script")
    st, h, csv = srv.get("/quan-tri/thong-ke.csv", {"Cookie": cookie})
    tap.eq(h.get("content-type"), "text/csv; charset=utf-8", "csv: type")
    tap.ok(csv.startswith(b"\xef\xbb\xbf") and
           "Bài đếm lượt xem".encode() in csv and
           h.get("content-disposition", "").startswith("attachment"),
           "csv: BOM, attachment, the article", csv[:200])
    rows = list(csvmod.reader(io.StringIO(csv.decode("utf-8-sig"))))
    tap.ok(rows[0] == ["Ngày", "Lượt xem", "Lượt khách"] and
           len(rows) > 31 and any(r[:1] == ["Bài đếm lượt xem"] and
                                  r[-1] == str(n) for r in rows),
           "csv: parses, daily rows and the article's N views", rows[:3])

    for _ in range(3):
        srv.get("/tin-tuc/" + slug, BROWSER)
    rc = srv.stop()
    tap.ok(rc == 0, "SIGTERM: clean exit", open(srv.log).read()[-1500:])
    srv.start()
    tap.eq(article_views(srv, slug), before + n + 3,
           "restart loses no view: the last ones flushed at shutdown")

    # ---- past 50,000 URLs /sitemap.xml is an index of monthly files ------
    cat = srv.db_execute("SELECT category_id, site_id FROM article"
                         " WHERE slug = ?", (slug,))[0]
    t0 = time.time()
    srv.db_execute(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
        " WHERE i < 50000) INSERT INTO article (site_id, category_id, slug,"
        " title, status, published_at, created_at, updated_at)"
        " SELECT ?, ?, 'bai-so-' || i, 'Bài số ' || i, 'published',"
        " 1546300800 + i * 600, 1546300800, 1546300800 + i * 600 FROM n",
        (cat[1], cat[0]))
    st, h, big = srv.get("/sitemap.xml")
    root = ET.fromstring(big)
    rc, err = xmllint(big, "siteindex.xsd")
    tap.ok(st == 200 and root.tag == SM + "sitemapindex" and rc == 0,
           "50,001 articles: sitemap.xml is a valid sitemap index", err)
    maps = [x.find(SM + "loc").text.split(str(srv.port), 1)[1]
            for x in root]
    total = 0
    biggest = 0
    ok_all = True
    for m in maps:
        if "sitemap-trang" in m:
            continue
        st, _, part = srv.get(m)
        n_urls = len(ET.fromstring(part))
        total += n_urls
        biggest = max(biggest, n_urls)
        if m == maps[-1]:
            rc, err = xmllint(part, "sitemap.xsd")
            ok_all = ok_all and rc == 0
    tap.ok(ok_all and total == 50001 and biggest <= 50000,
           "monthly sitemaps hold all 50,001 articles, each valid",
           (total, biggest, len(maps), err))
    tap.ok(time.time() - t0 < 60, "big sitemaps in under a minute",
           time.time() - t0)
finally:
    cnt.close()
tap.done()
