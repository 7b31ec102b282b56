# SPDX-License-Identifier: ISC
"""The editorial workflow on a real server, as issue 3 tells it: the
admin creates a contributor and an approver; the contributor writes an
article with a photo and submits it; it is not public; the contributor
cannot publish; the approver returns it with a comment, the contributor
fixes and resubmits, the approver schedules it 2 s ahead and it appears
by itself; the audit log shows each step. Then: editions of a live
article, unpublishing (410 with the reason, 301 to a replacement),
revisions with a diff and restore, CSRF on an article action, and every
XSS payload of the shared suites as body, title, caption and search
query, checked by parsing the pages."""
import html.parser
import json
import os
import re
import time
import urllib.parse
import uuid

from cong_harness import ROOT, SHARED, Server, Tap

tap = Tap()
PW = "mật khẩu thật dài 1"


def form(d):
    return urllib.parse.urlencode(d).encode()


class Browser:
    """One session cookie, as a browser keeps it."""

    def __init__(self, srv):
        self.srv = srv
        self.cookie = None

    def _keep(self, hdrs):
        sc = hdrs.get("set-cookie")
        if sc:
            self.cookie = None if "Max-Age=0" in sc else sc.split(";")[0]

    def _h(self, extra=None):
        h = {"Cookie": self.cookie} if self.cookie else {}
        h.update(extra or {})
        return h

    def get(self, path):
        st, h, b = self.srv.get(path, headers=self._h())
        self._keep(h)
        return st, h, b.decode("utf-8", "replace")

    def post(self, path, data, raw=None, ctype=None):
        hd = self._h({"Content-Type": ctype or
                      "application/x-www-form-urlencoded"})
        st, h, b = self.srv.request("POST", path, body=raw if raw is not None
                                    else form(data), headers=hd)
        self._keep(h)
        return st, h, b.decode("utf-8", "replace")

    def login(self, login, pw=PW):
        st, h, b = self.post("/quan-tri/dang-nhap",
                             {"login": login, "password": pw})
        return st

    def csrf(self, path="/quan-tri/"):
        st, h, b = self.get(path)
        m = re.search(r'name="csrf" value="([0-9a-f]{64})"', b)
        return m.group(1) if m else None


def vn_local(t):
    """A datetime-local value, Vietnam time, with seconds."""
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t + 7 * 3600))


def article_id(location):
    m = re.search(r"/quan-tri/bai-viet/(\d+)$", location or "")
    return int(m.group(1)) if m else 0


# --- parsing pages for executable script ---------------------------------

DANGEROUS = {"script", "iframe", "object", "embed", "svg", "math", "base",
             "form", "frame", "frameset", "applet"}
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data",
             "poster", "background"}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:text/html")


class Walker(html.parser.HTMLParser):
    """Collects what could run: dangerous elements (by a signature that
    ignores per-session tokens), event handler attributes and bad URLs."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []
        self.bad = []

    def handle_starttag(self, tag, attrs):
        self._tag(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._tag(tag, attrs)

    def _tag(self, tag, attrs):
        for name, value in attrs:
            name = name.lower()
            v = re.sub(r"[\x00-\x20]", "", value or "").lower()
            if name.startswith("on"):
                self.bad.append("%s[%s]" % (tag, name))
            if name in URL_ATTRS and v.startswith(BAD_SCHEMES):
                self.bad.append("%s[%s=%s]" % (tag, name, value[:60]))
            if tag == "meta" and name == "http-equiv" and \
                    v == "refresh":
                self.bad.append("meta[refresh]")
            if name == "style" and ("expression(" in v or
                                    "javascript:" in v):
                self.bad.append("%s[style]" % tag)
        if tag in DANGEROUS:
            sig = tuple(sorted((n, v) for n, v in attrs
                               if n not in ("value", "content")))
            # our own fingerprinted files may change name between pages
            sig = tuple((n, re.sub(r"\d+", "N", re.sub(
                r"\.[0-9a-f]{10}\.", ".", v or ""))) for n, v in sig)
            self.tags.append((tag, sig))


def walk(page):
    w = Walker()
    w.feed(page)
    w.close()
    return w


def unsafe(page, baseline):
    """What in page could run that the clean baseline page has not."""
    w = walk(page)
    extra = [t for t in w.tags if t not in baseline]
    return w.bad + ["<%s %s>" % (t, dict(s)) for t, s in extra]


def load_payloads():
    base = os.path.join(SHARED, "testdata", "xss")
    out = []
    with open(os.path.join(base, "payloads.txt"), encoding="utf-8",
              errors="replace") as f:
        out += [l.rstrip("\n") for l in f]
    with open(os.path.join(base, "dompurify-expect.json")) as f:
        out += [c["payload"] for c in json.load(f)
                if isinstance(c.get("payload"), str)]
    with open(os.path.join(base, "html5lib-sanitizer-tests1.json")) as f:
        out += [c["input"] for c in json.load(f)]
    return [p.replace("\x00", "") for p in out if p.strip()]


def text_only(p):
    """A payload as a one-line text field accepts it: no control bytes."""
    return re.sub(r"[\x00-\x1f\x7f-\x9f]", " ", p)


def chunks(items, limit, sep):
    """Groups items into strings of at most limit UTF-8 bytes (a longer
    item is cut to fit)."""
    out, cur = [], ""
    for it in items:
        it = it.encode()[:limit].decode("utf-8", "ignore")
        cand = cur + sep + it if cur else it
        if len(cand.encode()) > limit and cur:
            out.append(cur)
            cand = it
        cur = cand
    if cur:
        out.append(cur)
    return out


def pub(path):
    """A public page: (status, headers, text)."""
    st, h, b = srv.get(path)
    return st, h, b.decode("utf-8", "replace")


srv = Server(demo=True, seed=False)
try:
    srv.start()
    cat_id, cat_slug = srv.db_execute(
        "SELECT id, slug FROM category ORDER BY id LIMIT 1")[0]
    media = srv.db_execute("SELECT id, file FROM media WHERE mime LIKE"
                           " 'image/%' ORDER BY id LIMIT 1")
    p = srv.cong(["user", "add", "quantri", "--role", "admin",
                  "--password-stdin"], input=PW + "\n")
    tap.eq(p.returncode, 0, "cli: the first admin")

    # --- the admin creates a contributor and an approver ------------------
    admin = Browser(srv)
    tap.eq(admin.login("quantri"), 303, "admin signs in")
    tok = admin.csrf("/quan-tri/nguoi-dung")
    for login, role in (("ctv", "contributor"), ("duyet", "approver")):
        st, h, b = admin.post("/quan-tri/nguoi-dung", {
            "csrf": tok, "login": login, "name": login.upper(),
            "role": role, "password": PW})
        tap.eq(st, 303, "admin creates the %s '%s'" % (role, login))
    ctv, apr = Browser(srv), Browser(srv)
    tap.eq(ctv.login("ctv"), 303, "contributor signs in")
    tap.eq(apr.login("duyet"), 303, "approver signs in")

    # --- the contributor writes an article with a photo -------------------
    st, h, b = ctv.get("/quan-tri/bai-viet/moi")
    tap.ok(st == 200 and 'name="title"' in b and 'name="body"' in b,
           "contributor opens the editor", st)
    ctok = re.search(r'name="csrf" value="([0-9a-f]{64})"', b).group(1)
    vendored = os.path.exists(os.path.join(
        ROOT, "static", "vendor", "tinymce", "tinymce.min.js"))
    m = re.search(r'<script src="(/static/vendor/tinymce/[^"]+)"', b)
    if vendored:
        st2, h2, js = srv.get(m.group(1) if m else "/nope")
        tap.ok(m and st2 == 200 and "javascript" in h2.get(
               "content-type", "") and re.search(
               r'<script src="/static/js/editor\.[0-9a-f]+\.js"', b),
               "the rich-text editor (vendored TinyMCE) is served from "
               "/static/ to the editor page", (m, st2))
    else:
        tap.ok(m is None, "no editor script when scripts/vendor.sh has "
               "not run: the plain textarea")
    # the photo: uploaded through the media library when it takes it
    photo = os.path.join(ROOT, "demo", "media",
                         "bao-hiem-y-te-ho-gia-dinh.jpg")
    bnd = "----cong" + uuid.uuid4().hex
    parts = []
    for k, v in (("csrf", ctok), ("alt", "Người dân làm thẻ bảo hiểm"),
                 ("caption", "Ảnh minh hoạ")):
        parts.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\""
                      "\r\n\r\n%s\r\n" % (bnd, k, v)).encode())
    parts.append(("--%s\r\nContent-Disposition: form-data; name=\"file\";"
                  " filename=\"anh.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n"
                  % bnd).encode() + open(photo, "rb").read() + b"\r\n")
    parts.append(("--%s--\r\n" % bnd).encode())
    st, h, b = ctv.post("/quan-tri/thu-vien/tai-len", None,
                        raw=b"".join(parts),
                        ctype="multipart/form-data; boundary=" + bnd)
    up = srv.db_execute("SELECT id, file FROM media WHERE alt = ?"
                        " ORDER BY id DESC LIMIT 1",
                        ("Người dân làm thẻ bảo hiểm",))
    if up:
        media = up
    tap.ok(bool(media), "a photo is in the media library (upload %d)" % st)
    mid, mfile = media[0]
    title = "Phường Một ra quân làm thẻ bảo hiểm y tế"
    art = {
        "csrf": ctok, "title": title,
        "lead": "Sáng nay, phường tổ chức cấp thẻ cho hộ gia đình.",
        "body": ('<p>Nội dung <b>chính</b> <script>alert(1)</script></p>'
                 '<figure><img src="/media/%s" alt="Ảnh"><figcaption>'
                 'Cấp thẻ</figcaption></figure>' % mfile),
        "category": str(cat_id), "author": "Lê Văn Cộng",
        "source": "UBND phường", "cover": str(mid),
        "cover_caption": "Người dân nhận thẻ",
        "cover_alt": "Người dân xếp hàng nhận thẻ", "action": "submit"}
    bad = dict(art, title="", cover_alt="")
    st, h, b = ctv.post("/quan-tri/bai-viet/moi", bad)
    tap.ok(st == 422 and "Vui lòng nhập tiêu đề." in b and
           "Sáng nay, phường" in b and "alt" in b,
           "validation: errors by the field, what was typed kept", st)
    st, h, b = ctv.post("/quan-tri/bai-viet/moi", art)
    aid = article_id(h.get("location"))
    tap.ok(st == 303 and aid > 0, "contributor saves and submits", (st, h))
    row = srv.db_execute("SELECT status, slug, body_html, owner FROM article"
                         " WHERE id = ?", (aid,))[0]
    tap.eq((row[0], row[3]), ("submitted", "ctv"), "the article is submitted")
    tap.ok("<script" not in row[2] and "/media/" + mfile in row[2],
           "the stored body is sanitized, its photo kept", row[2])
    slug = row[1]
    url = "/tin-tuc/" + slug
    st, h, b = pub(url)
    tap.eq(st, 404, "a submitted article is not public")

    # --- the contributor cannot publish ----------------------------------
    for act in ("approve", "schedule", "force_publish"):
        st, h, b = ctv.post("/quan-tri/bai-viet/%d" % aid,
                            {"csrf": ctok, "action": act, "note": "x",
                             "at": vn_local(time.time() + 60)})
        tap.eq(st, 403, "contributor cannot %s (403)" % act)
    # CSRF: a state-changing POST without the token changes nothing
    atok = apr.csrf()
    st, h, b = apr.post("/quan-tri/bai-viet/%d" % aid, {"action": "approve"})
    tap.eq(st, 403, "csrf: approve without a token is 403")
    st, h, b = apr.post("/quan-tri/bai-viet/%d" % aid,
                        {"csrf": "0" * 64, "action": "approve"})
    tap.eq(st, 403, "csrf: approve with a wrong token is 403")
    tap.eq(srv.db_execute("SELECT status FROM article WHERE id = ?",
                          (aid,))[0][0], "submitted",
           "csrf: nothing changed")

    # --- rights limited to a category hold on the server -----------------
    others = srv.db_execute("SELECT id FROM category WHERE id <> ?"
                            " ORDER BY id LIMIT 1", (cat_id,))
    p = srv.cong(["user", "add", "bientap", "--role", "editor",
                  "--password-stdin"], input=PW + "\n")
    uid, site_id = srv.db_execute("SELECT id, site_id FROM users WHERE"
                                  " login = 'bientap'")[0]
    srv.db_execute("INSERT INTO user_categories (site_id, user_id,"
                   " category_id) VALUES (?, ?, ?)",
                   (site_id, uid, others[0][0]))
    ed = Browser(srv)
    ed.login("bientap")
    etok = ed.csrf()
    st, h, b = ed.get("/quan-tri/cho-duyet")
    tap.ok(st == 200 and title not in b,
           "an editor limited to another category does not list it")
    st, h, b = ed.get("/quan-tri/bai-viet/%d" % aid)
    tap.eq(st, 403, "nor open it (403)")
    st, h, b = ed.post("/quan-tri/bai-viet/%d" % aid,
                       {"csrf": etok, "action": "return", "note": "x"})
    tap.eq(st, 403, "nor return it (403)")

    # --- the approver returns it with a comment ---------------------------
    st, h, b = apr.get("/quan-tri/cho-duyet")
    tap.ok(st == 200 and title in b, "the review queue shows it", st)
    st, h, b = apr.post("/quan-tri/bai-viet/%d" % aid,
                        {"csrf": atok, "action": "return", "note": ""})
    tap.ok(st == 422 and "nhận xét" in b, "return needs a comment", st)
    st, h, b = apr.post("/quan-tri/bai-viet/%d" % aid,
                        {"csrf": atok, "action": "return",
                         "note": "Bổ sung số hộ được cấp thẻ."})
    tap.eq(st, 303, "approver returns it with a comment")
    st, h, b = ctv.get("/quan-tri/bai-viet?xem=tra-lai")
    tap.ok(title in b and "Bổ sung số hộ" in b,
           "the contributor's 'returned' list shows it with the comment")
    # --- the contributor fixes and resubmits ------------------------------
    fixed = dict(art, body=art["body"] + "<p>Đã cấp 120 thẻ.</p>")
    st, h, b = ctv.post("/quan-tri/bai-viet/%d" % aid, fixed)
    tap.eq(st, 303, "contributor fixes and resubmits")
    tap.eq(srv.db_execute("SELECT status, review_note FROM article"
                          " WHERE id = ?", (aid,))[0], ("submitted", ""),
           "resubmitted, the comment answered")
    # --- the approver schedules it 2 s ahead ------------------------------
    st, h, b = apr.post("/quan-tri/bai-viet/%d" % aid,
                        {"csrf": atok, "action": "schedule",
                         "at": vn_local(time.time() - 5)})
    tap.ok(st == 422 and "tương lai" in b, "a schedule in the past refused")
    at = int(time.time()) + 2
    st, h, b = apr.post("/quan-tri/bai-viet/%d" % aid,
                        {"csrf": atok, "action": "schedule",
                         "at": vn_local(at)})
    tap.eq(st, 303, "approver schedules it 2 s ahead")
    st, h, b = pub(url)
    tap.ok(st == 404 or time.time() >= at,
           "not public before its time", st)
    st, h, b = apr.get("/quan-tri/bai-viet?xem=hen-gio")
    tap.ok(title in b or time.time() >= at, "the scheduled list shows it")
    # the home page, cached now without it, must drop by itself too
    st, h, home = pub("/")
    st, h, home2 = pub("/")
    early = time.time() < at - 1  # the server may round its clock up
    deadline = time.time() + 10
    while time.time() < deadline:
        st, h, b = pub(url)
        if st == 200:
            break
        time.sleep(0.25)
    tap.ok(st == 200 and "Đã cấp 120 thẻ." in b and time.time() >= at,
           "it appears on the public site by itself", st)
    # the article page is never cached before its time; the home page
    # was, and the server's janitor drops it within a fraction of a second
    limit = time.time() + 3
    while True:
        st, h, b = pub("/")
        if title in b or time.time() > limit:
            break
        time.sleep(0.1)
    tap.ok(title in b and (not early or title not in home2),
           "and on the home page, cached before its time", early)

    # --- list filters: category, writer, day, pages ----------------------
    today = time.strftime("%Y-%m-%d", time.gmtime(time.time() + 7 * 3600))
    q = "/quan-tri/bai-viet?xem=da-dang&tu=%s&den=%s" % (today, today)
    checks = [
        (q + "&chuyen-muc=%d" % cat_id, True),
        (q + "&chuyen-muc=%d" % others[0][0], False),
        (q + "&tac-gia=ctv", True),
        (q + "&tac-gia=duyet", False),
        ("/quan-tri/bai-viet?xem=da-dang&den=2001-01-01", False),
        ("/quan-tri/bai-viet?xem=da-dang&trang=2", False),
    ]
    got = [(u, title in apr.get(u)[2]) for u, want in checks]
    tap.eq(got, [(u, w) for u, w in checks],
           "list filters: category, writer, day range, pages")
    st, h, b = apr.get("/quan-tri/bai-viet?xem=da-dang&tu=%FF%FE&trang=x")
    tap.eq(st, 200, "list filters: malformed values are ignored")

    # --- the audit log shows each step ------------------------------------
    st, h, b = admin.get("/quan-tri/nhat-ky?doi-tuong=article:%d" % aid)
    steps = re.findall(r'data-action="([a-z_]+)"', b)[::-1]
    tap.eq(steps, ["create", "submit", "return", "edit", "submit",
                   "schedule"], "the audit log shows each step")
    tap.ok("Bổ sung số hộ" in b and "duyet" in b and "ctv" in b,
           "with who and the comment")
    st, h, b = ctv.get("/quan-tri/nhat-ky")
    tap.eq(st, 403, "the audit log is not for contributors")

    # --- editing a published article: an edition -------------------------
    st, h, b = ctv.get("/quan-tri/bai-viet/%d" % aid)
    ed = dict(fixed, title=title + " (đính chính)", action="submit",
              change_note="sửa số thẻ đã cấp",
              body=fixed["body"].replace("120", "125"))
    st, h, b = ctv.post("/quan-tri/bai-viet/%d" % aid, ed)
    tap.eq(st, 303, "contributor edits the live article and submits it")
    st, h, b = pub(url)
    tap.ok(st == 200 and "Đã cấp 120 thẻ." in b and "đính chính" not in b,
           "the live page is unchanged until approval")
    st, h, b = apr.post("/quan-tri/bai-viet/%d" % aid,
                        {"csrf": atok, "action": "approve"})
    tap.eq(st, 303, "approver approves the edition")
    st, h, b = pub(url)
    tap.ok(st == 200 and "Đã cấp 125 thẻ." in b and
           re.search(r"Cập nhật lúc \d\d:\d\d \d\d/\d\d/\d{4}:</strong>"
                     r" sửa số thẻ đã cấp", b) is not None,
           "after approval: new text and the public change note")

    # --- revisions: diff and restore --------------------------------------
    revs = [r[0] for r in srv.db_execute(
        "SELECT id FROM revision WHERE article_id = ? ORDER BY id", (aid,))]
    r120 = srv.db_execute("SELECT min(id) FROM revision WHERE article_id"
                          " = ? AND content_json LIKE ?", (aid, "%120 th%"))
    st, h, b = apr.get("/quan-tri/bai-viet/%d/so-sanh?tu=%d&den=%d" % (
        aid, r120[0][0], revs[-1]))
    tap.ok(st == 200 and re.search(r"<del>120 </del><ins>125 </ins>", b)
           is not None, "a word diff between two revisions", b[-3000:])
    n = len(revs)
    st, h, b = apr.post("/quan-tri/bai-viet/%d/khoi-phuc" % aid,
                        {"csrf": atok, "revision": str(revs[0])})
    tap.eq(st, 303, "restore an old revision")
    tap.eq(len(srv.db_execute("SELECT id FROM revision WHERE article_id = ?",
                              (aid,))), n + 1, "restore adds a revision")
    st, h, b = pub(url)
    tap.ok("Đã cấp 125 thẻ." in b,
           "restoring into a live article waits as an edition")

    # --- force-publish, unpublish: 410 and 301 ----------------------------
    st, h, b = apr.post("/quan-tri/bai-viet/moi", dict(
        art, csrf=atok, title="Tin khẩn: mưa lớn", action="force_publish",
        reason=""))
    tap.ok(st == 422 and "lý do" in b, "force-publish needs a reason")
    st, h, b = apr.post("/quan-tri/bai-viet/moi", dict(
        art, csrf=atok, title="Tin khẩn: mưa lớn", action="force_publish",
        reason="Cảnh báo thiên tai"))
    bid = article_id(h.get("location"))
    bslug = srv.db_execute("SELECT slug FROM article WHERE id = ?",
                           (bid,))[0][0]
    st, h, b = pub("/tin-tuc/" + bslug)
    tap.eq(st, 200, "force-published at once")
    st, h, b = apr.post("/quan-tri/bai-viet/%d" % bid,
                        {"csrf": atok, "action": "unpublish", "note": ""})
    tap.eq(st, 422, "unpublish needs a reason")
    st, h, b = apr.post("/quan-tri/bai-viet/%d" % bid,
                        {"csrf": atok, "action": "unpublish",
                         "note": "Đã có bản tin đầy đủ hơn",
                         "replaced_by": slug})
    tap.eq(st, 303, "unpublish with a replacement")
    st, h, b = pub("/tin-tuc/" + bslug)
    tap.ok(st == 301 and h.get("location") == url,
           "an unpublished article with a replacement: 301", (st, h))
    st, h, b = apr.post("/quan-tri/bai-viet/%d" % aid,
                        {"csrf": atok, "action": "unpublish",
                         "note": "Thông tin đã hết hiệu lực"})
    tap.eq(st, 303, "unpublish with a reason")
    st, h, b = pub(url)
    tap.ok(st == 410 and "Thông tin đã hết hiệu lực" in b and
           "Bài viết đã được gỡ" in b, "an unpublished article: 410 page "
           "with the reason", st)
    st, h, b = ctv.post("/quan-tri/bai-viet/%d" % aid,
                        {"csrf": ctok, "action": "publish"})
    tap.eq(st, 403, "contributor cannot publish it again")

    # --- paste from Word: only the allowlist is stored --------------------
    word = ('<!--[if gte mso 9]><xml><w:WordDocument><w:View>Normal'
            '</w:View></w:WordDocument></xml><![endif]--><p class='
            '"MsoNormal" style="mso-margin-top-alt:auto;font-family:'
            'Times"><b><span lang="VI" style="font-size:13pt">Chữ</span>'
            '</b><o:p></o:p></p><table class="MsoTableGrid" border="1" '
            'style="border-collapse:collapse"><tr><td width="300" '
            'valign="top" style="mso-border-alt:solid">Ô</td></tr></table>')
    st, h, b = apr.post("/quan-tri/bai-viet/moi", dict(
        art, csrf=atok, title="Dán từ Word", body=word, cover="0",
        action="edit"))
    wid = article_id(h.get("location"))
    stored = srv.db_execute("SELECT body_html FROM article WHERE id = ?",
                            (wid,))[0][0] if wid else ""
    tap.ok(stored == "<p><b>Chữ</b></p><table><tbody><tr><td>Ô</td></tr>"
           "</tbody></table>", "paste from Word: the junk is gone, the "
           "text, bold and table stay", stored)

    # --- XSS: every payload as body, title, caption and search query -----
    payloads = load_payloads()
    clean = apr.post("/quan-tri/bai-viet/moi", dict(
        art, csrf=atok, title="Bài sạch", body="<p>sạch</p>",
        action="force_publish", reason="kiểm thử"))[1].get("location")
    cslug = srv.db_execute("SELECT slug FROM article WHERE title = ?",
                           ("Bài sạch",))[0][0]
    base_pub = set(walk(srv.get("/tin-tuc/" + cslug)[2].decode()).tags)
    base_adm = set(walk(apr.get(clean)[2]).tags)
    base_search = set(walk(srv.get("/tim-kiem?q=abc")[2].decode()).tags)
    base_list = set(walk(apr.get("/quan-tri/bai-viet?xem=da-dang")[2]).tags)
    tap.ok(unsafe('<p onclick="x">', base_pub) and
           unsafe("<script>x</script>", base_pub) and
           unsafe('<a href=" jav&#x09;ascript:x">', base_pub) and
           unsafe("<iframe src=/x>", base_pub) and
           not unsafe("<p><b>x</b></p>", base_pub),
           "xss: the page walker catches what it must")
    titles = chunks([text_only(p) for p in payloads], 1000, " | ")
    captions = chunks([text_only(p) for p in payloads], 1900, " | ")
    bodies = chunks(payloads, 60000, "\n<p>\n")
    nart = max(len(titles), len(captions), len(bodies))
    problems, made = [], 0
    for i in range(nart):
        d = dict(art, csrf=atok, action="force_publish", reason="xss",
                 title=titles[i] if i < len(titles) else "x %d" % i,
                 cover_caption=captions[i] if i < len(captions) else "",
                 body=bodies[i] if i < len(bodies) else "<p>x</p>")
        st, h, b = apr.post("/quan-tri/bai-viet/moi", d)
        xid = article_id(h.get("location"))
        if st != 303 or not xid:
            problems.append("article %d not created: %d %s" % (
                i, st, re.findall(r'field-error[^>]*>([^<]*)', b)))
            continue
        made += 1
        xslug = srv.db_execute("SELECT slug FROM article WHERE id = ?",
                               (xid,))[0][0]
        for page, base, where in (
                (srv.get("/tin-tuc/" + xslug)[2].decode(), base_pub,
                 "public"),
                (apr.get("/quan-tri/bai-viet/%d" % xid)[2], base_adm,
                 "editor")):
            bad = unsafe(page, base)
            if bad:
                problems.append("%s page of article %d: %s" % (
                    where, i, bad[:5]))
    for page, where in ((srv.get("/")[2].decode(), "home"),
                        (apr.get("/quan-tri/bai-viet?xem=da-dang")[2],
                         "list")):
        bad = unsafe(page, base_pub if where == "home" else base_list)
        if bad:
            problems.append("%s: %s" % (where, bad[:5]))
    tap.ok(made == nart and not problems,
           "xss: %d payloads in %d articles (body, title, caption): no "
           "script in public, editor or list pages" % (len(payloads), nart),
           "\n".join(problems[:20]))
    problems = []
    for p in payloads:
        q = urllib.parse.quote(p.encode()[:256].decode("utf-8", "ignore"))
        st, h, b = srv.get("/tim-kiem?q=" + q)
        bad = unsafe(b.decode("utf-8", "replace"), base_search)
        if bad:
            problems.append("%r: %s" % (p[:60], bad[:3]))
    tap.ok(not problems, "xss: %d payloads as the search query: no script"
           % len(payloads), "\n".join(problems[:20]))
finally:
    srv.close()
tap.done()
