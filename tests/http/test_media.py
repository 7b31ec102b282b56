# SPDX-License-Identifier: ISC
"""The newsroom's media library over real HTTP: a JPEG carrying GPS EXIF
comes back without any metadata (full copy and every variant), the same
bytes twice are stored once, a wrong type, a missing alt text and a
20000x20000 PNG bomb are refused with a Vietnamese message next to the
field, a POST without a valid CSRF token gets 403 and stores nothing,
documents are served as sent, search and pages work."""
import html.parser
import os
import re
import struct
import urllib.parse
import zlib

from cong_harness import ROOT, Server, Tap

tap = Tap()
PW = "mật khẩu thật dài 1"


def jpeg_with_gps(path):
    """A demo photo with an APP1 EXIF segment holding a GPS IFD."""
    jpg = open(path, "rb").read()
    tiff = b"II*\x00" + struct.pack("<I", 8)
    tiff += struct.pack("<H", 1) + struct.pack("<HHII", 0x8825, 4, 1, 26)
    tiff += struct.pack("<I", 0)
    tiff += struct.pack("<H", 3)
    tiff += struct.pack("<HHI", 1, 2, 2) + b"N\x00\x00\x00"
    tiff += struct.pack("<HHII", 2, 5, 3, 68)
    tiff += struct.pack("<HHII", 0x12, 2, 7, 92)
    tiff += struct.pack("<I", 0)
    tiff += struct.pack("<6I", 10, 1, 30, 1, 0, 1) + b"WGS-84\x00"
    seg = b"Exif\x00\x00" + tiff
    app1 = b"\xff\xe1" + struct.pack(">H", len(seg) + 2) + seg
    return jpg[:2] + app1 + jpg[2:]


def png_bomb(w, h):
    """A 1-bit grey PNG of w x h, all zero: tiny file, huge bitmap."""
    row = b"\x00" * (1 + (w + 7) // 8)
    z = zlib.compressobj(9)
    idat = b"".join(z.compress(row) for _ in range(h)) + z.flush()

    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(
            ">I", zlib.crc32(t + d) & 0xffffffff)
    return (b"\x89PNG\r\n\x1a\n" +
            chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 1, 0, 0, 0, 0)) +
            chunk(b"IDAT", idat) + chunk(b"IEND", b""))


def jpeg_segments(data):
    """The marker bytes of a JPEG's header segments, up to SOS."""
    out, i = [], 2
    while i + 4 <= len(data) and data[i] == 0xff:
        m = data[i + 1]
        out.append(m)
        if m == 0xda:
            break
        i += 2 + struct.unpack(">H", data[i + 2:i + 4])[0]
    return out


def webp_chunks(data):
    out, i = [], 12
    while i + 8 <= len(data):
        n = struct.unpack("<I", data[i + 4:i + 8])[0]
        out.append(data[i:i + 4])
        i += 8 + n + (n & 1)
    return out


def multipart(fields, files):
    b = "----congtest7MA4YWxkTrZu0gW"
    out = b""
    for k, v in fields.items():
        out += ("--%s\r\nContent-Disposition: form-data; name=\"%s\""
                "\r\n\r\n" % (b, k)).encode() + v.encode() + b"\r\n"
    for k, (fn, data) in files.items():
        out += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"; "
                "filename=\"%s\"\r\nContent-Type: application/octet-stream"
                "\r\n\r\n" % (b, k, fn)).encode() + data + b"\r\n"
    out += ("--%s--\r\n" % b).encode()
    return out, "multipart/form-data; boundary=" + b


class Browser:
    def __init__(self, srv):
        self.srv, self.cookie = srv, None

    def _h(self, extra=None):
        h = {"Cookie": self.cookie} if self.cookie else {}
        h.update(extra or {})
        return h

    def _keep(self, h):
        sc = h.get("set-cookie")
        if sc:
            self.cookie = sc.split(";", 1)[0]

    def get(self, path):
        st, h, b = self.srv.get(path, headers=self._h())
        self._keep(h)
        return st, h, b.decode("utf-8", "replace")

    def post(self, path, body, ctype):
        st, h, b = self.srv.request("POST", path, body=body,
                                    headers=self._h({"Content-Type": ctype}))
        self._keep(h)
        return st, h, b.decode("utf-8", "replace")

    def login(self, login):
        return self.post("/quan-tri/dang-nhap", urllib.parse.urlencode(
            {"login": login, "password": PW}).encode(),
            "application/x-www-form-urlencoded")

    def csrf(self):
        _, _, b = self.get("/quan-tri/thu-vien")
        m = re.search(r'name="csrf" value="([0-9a-f]{64})"', b)
        return m.group(1) if m else None

    def upload(self, fn, data, alt="", caption="", csrf=True):
        fields = {}
        if csrf is True:
            fields["csrf"] = self.csrf()
        elif csrf:
            fields["csrf"] = csrf
        fields.update({"alt": alt, "caption": caption})
        body, ct = multipart(fields, {"file": (fn, data)})
        return self.post("/quan-tri/thu-vien/tai-len", body, ct)


def total(page):
    m = re.search(r"Các tệp đã có \((\d+)\)", page)
    return int(m.group(1)) if m else -1


def field_error(page, field):
    m = re.search(r'<p class="field-error" id="up-%s-err">([^<]*)</p>'
                  % field, page)
    return m.group(1) if m else ""


class Runnable(html.parser.HTMLParser):
    """What in a page could run: script elements, on* attributes,
    javascript: URLs."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.bad = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "iframe", "object", "embed", "svg", "math"):
            self.bad.append(tag)
        for n, v in attrs:
            v = re.sub(r"[\x00-\x20]", "", (v or "")).lower()
            if n.startswith("on") or v.startswith(("javascript:",
                                                    "vbscript:", "data:")):
                self.bad.append("%s %s=%r" % (tag, n, v[:40]))


def runnable(page):
    p = Runnable()
    p.feed(page)
    p.close()
    return p.bad


def payload_chunks(limit):
    path = os.path.join(os.environ.get("SHARED", "/work/shared"),
                        "testdata", "xss", "payloads.txt")
    out, cur = [], ""
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            it = re.sub(r"[\x00-\x1f\x7f-\x9f]", " ", line.strip())
            it = it.encode()[:limit].decode("utf-8", "ignore")
            if cur and len((cur + " " + it).encode()) > limit:
                out.append(cur)
                cur = it
            else:
                cur = cur + " " + it if cur else it
    if cur:
        out.append(cur)
    return out


srv = Server(demo=False, seed=False)
try:
    srv.cong(["user", "add", "ctv", "--role", "contributor",
              "--password-stdin"], input=PW + "\n")
    srv.start()

    anon = Browser(srv)
    st, h, _ = anon.get("/quan-tri/thu-vien")
    tap.ok(st == 303 and "/quan-tri/dang-nhap" in h.get("location", ""),
           "library: logged out goes to login", st)
    body, ct = multipart({"alt": "x"}, {"file": ("a.pdf", b"%PDF-1.4\n")})
    st, _, _ = anon.post("/quan-tri/thu-vien/tai-len", body, ct)
    tap.ok(st in (303, 403), "upload: logged out is not stored", st)

    b = Browser(srv)
    st, _, _ = b.login("ctv")
    tap.eq(st, 303, "login as contributor")
    st, h, page = b.get("/quan-tri/thu-vien")
    tap.eq(st, 200, "library: 200")
    tap.ok('enctype="multipart/form-data"' in page and
           'name="alt"' in page, "library: upload form with alt field")
    tap.eq(total(page), 0, "library: empty at first")

    # --- GPS EXIF stripped ------------------------------------------------
    photo = jpeg_with_gps(os.path.join(ROOT, "demo", "media",
                                       "Hoi nghi.jpg"))
    tap.ok(b"Exif\x00\x00" in photo and 0xe1 in jpeg_segments(photo),
           "fixture: the upload carries EXIF with GPS")
    st, h, _ = b.upload("../../IMG_2019 hội nghị.jpg", photo,
                        alt="Toàn cảnh hội nghị", caption="Hội nghị sơ kết")
    tap.ok(st == 303 and h.get("location") == "/quan-tri/thu-vien",
           "upload: 303 back to the library", (st, h.get("location")))
    st, _, page = b.get("/quan-tri/thu-vien")
    tap.ok("Đã tải lên “IMG_2019 hội nghị.jpg”" in page,
           "upload: flash names the sanitised file name")
    tap.eq(total(page), 1, "library: one file")
    m = re.search(r'href="(/media/([0-9a-f]{32})\.jpg)"', page)
    tap.ok(m is not None, "library: links the stored JPEG")
    h32 = m.group(2) if m else "0" * 32
    urls = ["/media/%s.jpg" % h32] + [
        "/media/%s-%d.%s" % (h32, w, e) for w in (320, 800)
        for e in ("jpg", "webp")]
    for u in urls:
        st, h, data = srv.get(u)
        ok = st == 200 and b"Exif\x00\x00" not in data and \
            b"WGS-84" not in data
        if u.endswith(".jpg"):
            ok = ok and data[:3] == b"\xff\xd8\xff" and \
                0xe1 not in jpeg_segments(data) and \
                0xe2 not in jpeg_segments(data)
        else:
            ok = ok and data[8:12] == b"WEBP" and not (
                {b"EXIF", b"XMP ", b"ICCP"} & set(webp_chunks(data)))
        tap.ok(ok, "stripped: %s has no EXIF, GPS, XMP or ICC" % u, st)
    st, _, _ = srv.get("/media/%s-1600.jpg" % h32)
    tap.eq(st, 404, "variants: none wider than the photo (1600)")

    # --- the same bytes again --------------------------------------------
    st, _, _ = b.upload("copy.jpg", photo, alt="Bản sao")
    st, _, page = b.get("/quan-tri/thu-vien")
    tap.ok("đã có trong thư viện" in page and total(page) == 1,
           "upload: identical bytes stored once", total(page))

    # --- refusals -----------------------------------------------------------
    st, _, page = b.upload("anh.jpg", b"<html><script>alert(1)</script>",
                           alt="x")
    tap.ok(st == 422 and "Loại tệp không được chấp nhận" in
           field_error(page, "file"), "refused: HTML named .jpg", st)
    st, _, page = b.upload("anh.jpg", photo[:len(photo) // 2], alt="x")
    tap.ok(st == 422 and "Không đọc được ảnh" in field_error(page, "file"),
           "refused: truncated JPEG", (st, field_error(page, "file")))
    st, _, page = b.upload("khong-alt.png", png_bomb(64, 64), alt="  ")
    tap.ok(st == 422 and "alt" in field_error(page, "alt"),
           "refused: image without alt text", field_error(page, "alt"))
    bomb = png_bomb(20000, 20000)
    tap.ok(len(bomb) < 200000, "fixture: the bomb is small", len(bomb))
    st, _, page = b.upload("bom.png", bomb, alt="Bom")
    err = field_error(page, "file")
    tap.ok(st == 422 and "Ảnh quá lớn" in err and "20000" in err,
           "refused: 20000x20000 PNG bomb, clear message", err)
    tap.ok('value="Bom"' in page, "refused: the form keeps the alt text")
    st, _, _ = srv.get("/")
    tap.eq(st, 200, "server alive after the bomb")

    # --- CSRF -----------------------------------------------------------------
    before = total(b.get("/quan-tri/thu-vien")[2])
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    st, _, _ = b.upload("a.pdf", pdf, csrf=False)
    tap.eq(st, 403, "csrf: upload without token is 403")
    st, _, _ = b.upload("a.pdf", pdf, csrf="0" * 64)
    tap.eq(st, 403, "csrf: upload with a wrong token is 403")
    st, _, _ = b.post("/quan-tri/thu-vien/tai-len", b"alt=x&caption=y",
                      "application/x-www-form-urlencoded")
    tap.eq(st, 403, "csrf: url-encoded post is 403")
    tap.eq(total(b.get("/quan-tri/thu-vien")[2]), before,
           "csrf: nothing stored")

    # --- documents -------------------------------------------------------------
    st, _, _ = b.upload("Kế hoạch.pdf", pdf, caption="Kế hoạch năm")
    tap.eq(st, 303, "pdf: stored without alt text")
    st, _, page = b.get("/quan-tri/thu-vien")
    m = re.search(r'href="(/media/[0-9a-f]{32}\.pdf)"', page)
    tap.ok(m is not None, "pdf: listed")
    if m:
        st, h, data = srv.get(m.group(1))
        tap.ok(st == 200 and data == pdf and
               h.get("content-type") == "application/pdf",
               "pdf: served as sent, application/pdf", h.get("content-type"))

    # --- search and pages ---------------------------------------------------------
    _, _, page = b.get("/quan-tri/thu-vien?q=" +
                       urllib.parse.quote("năm"))
    tap.ok(total(page) == 1 and ".pdf" in page,
           "search: by caption", total(page))
    _, _, page = b.get("/quan-tri/thu-vien?q=khongcogi")
    tap.ok("Chưa có tệp nào" in page, "search: nothing found")
    st, _, _ = b.get("/quan-tri/thu-vien?trang=abc")
    tap.eq(st, 400, "pages: bad page number is 400")
    st, _, _ = b.get("/quan-tri/thu-vien?trang=2")
    tap.eq(st, 200, "pages: an empty page is 200")

    # --- hostile captions, alt texts and file names ------------------------
    base = runnable(b.get("/quan-tri/thu-vien")[2])
    tap.eq(base, [], "xss: the library page itself runs nothing")
    chunks = payload_chunks(900)
    stored = 0
    for i, c in enumerate(chunks):
        name = re.sub(r'["\\/]', "", c)[:100] + ".pdf"
        st, _, _ = b.upload(name, pdf + b"%% " + str(i).encode(),
                            alt=c, caption=c)
        stored += st == 303
    tap.eq(stored, len(chunks), "xss: every payload chunk stored as "
           "caption, alt and name (%d uploads)" % len(chunks))
    bad = []
    for n in range(1, 3 + len(chunks) // 24):
        bad += runnable(b.get("/quan-tri/thu-vien?trang=%d" % n)[2])
    bad += runnable(b.get("/quan-tri/thu-vien?q=" +
                          urllib.parse.quote("<script>"))[2])
    tap.eq(bad, [], "xss: no page of the library runs anything")
finally:
    srv.close()
tap.done()
