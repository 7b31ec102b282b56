# SPDX-License-Identifier: ISC
"""The newsroom's accounts over real HTTP: `cong user`, login (right,
wrong, disabled, throttled), the session cookie's attributes, logout and
log out everywhere, CSRF on state-changing POSTs, admin-only pages,
idle expiry, and the admin response headers."""
import re
import time
import urllib.parse

from cong_harness import Server, Tap

tap = Tap()
PW = "mật khẩu thật dài 1"
PW2 = "mật khẩu khác nữa 2"


def form(d):
    return urllib.parse.urlencode(d).encode()


class Browser:
    """Keeps the one session cookie, as a browser would."""

    def __init__(self, srv):
        self.srv = srv
        self.cookie = None
        self.last_set_cookie = None

    def _headers(self, extra=None):
        h = {}
        if self.cookie:
            h["Cookie"] = self.cookie
        h.update(extra or {})
        return h

    def _keep(self, hdrs):
        sc = hdrs.get("set-cookie")
        if sc:
            self.last_set_cookie = sc
            name_value = sc.split(";", 1)[0]
            if "Max-Age=0" in sc:
                self.cookie = None
            else:
                self.cookie = name_value

    def get(self, path):
        st, h, b = self.srv.get(path, headers=self._headers())
        self._keep(h)
        return st, h, b.decode("utf-8", "replace")

    def post(self, path, data, extra=None):
        hd = self._headers({"Content-Type":
                            "application/x-www-form-urlencoded"})
        hd.update(extra or {})
        st, h, b = self.srv.request("POST", path, body=form(data),
                                    headers=hd)
        self._keep(h)
        return st, h, b.decode("utf-8", "replace")

    def login(self, login, pw):
        return self.post("/quan-tri/dang-nhap",
                         {"login": login, "password": pw})

    def csrf(self, path="/quan-tri/"):
        st, h, b = self.get(path)
        m = re.search(r'name="csrf" value="([0-9a-f]{64})"', b)
        return m.group(1) if m else None


def users_of(srv):
    out = {}
    for line in srv.cong(["user", "list"]).stdout.splitlines():
        f = line.split("\t")
        out[f[0]] = f
    return out


srv = Server(demo=False, seed=False)
idle = Server(demo=False, seed=False, extra_env={"CONG_SESSION_IDLE": "2"})
try:
    # --- cong user -------------------------------------------------------
    p = srv.cong(["user", "add", "quantri", "--role", "admin", "--name",
                  "Quản Trị Viên", "--password-stdin"], input=PW + "\n")
    tap.eq(p.returncode, 0, "cli: add admin with --password-stdin")
    p = srv.cong(["user", "add", "ctv", "--role", "contributor", "--name",
                  "Lê Văn Cộng", "--password-stdin"], input=PW + "\n")
    tap.eq(p.returncode, 0, "cli: add contributor")
    p = srv.cong(["user", "add", "ngan", "--role", "editor",
                  "--password-stdin"], input="ngắn\n", check=False)
    tap.ok(p.returncode != 0 and "10 ký tự" in p.stderr,
           "cli: short password refused in Vietnamese", p.stderr)
    p = srv.cong(["user", "add", "quantri", "--role", "editor",
                  "--password-stdin"], input=PW + "\n", check=False)
    tap.ok(p.returncode != 0 and "already exists" in p.stderr,
           "cli: duplicate login refused", p.stderr)
    p = srv.cong(["user", "add", "xyz", "--role", "boss",
                  "--password-stdin"], input=PW + "\n", check=False)
    tap.eq(p.returncode, 2, "cli: unknown role is a usage error")
    u = users_of(srv)
    tap.ok(u.get("quantri", [None, None])[1] == "admin" and
           u["ctv"][1] == "contributor" and "ngan" not in u,
           "cli: list shows the accounts with roles", u)
    lst = srv.cong(["user", "list"]).stdout.splitlines()
    tap.ok(lst and lst[0].startswith("ctv") and
           lst[1].startswith("quantri"),
           "cli: list in Vietnamese order of names (Lê < Quản)", lst)
    srv.start()

    # --- logged out ------------------------------------------------------
    anon = Browser(srv)
    for path in ("/quan-tri/", "/quan-tri/nguoi-dung"):
        st, h, _ = anon.get(path)
        tap.ok(st == 303 and h.get("location", "").startswith(
            "/quan-tri/dang-nhap"), "logged out: %s 303 to login" % path,
            (st, h.get("location")))
    st, h, body = anon.get("/quan-tri/dang-nhap")
    tap.eq(st, 200, "login form: 200")
    tap.ok('name="login"' in body and 'type="password"' in body,
           "login form: fields")
    tap.eq(h.get("cache-control"), "no-store", "admin: Cache-Control no-store")
    tap.eq(h.get("x-frame-options"), "DENY", "admin: X-Frame-Options DENY")
    tap.ok("frame-ancestors 'none'" in h.get("content-security-policy", ""),
           "admin: CSP frame-ancestors 'none'")

    # --- login -----------------------------------------------------------
    st, h, body = anon.login("quantri", "sai mật khẩu rồi")
    tap.ok(st == 401 and "Tên đăng nhập hoặc mật khẩu không đúng" in body,
           "login: wrong password refused", st)
    tap.ok('value="quantri"' in body and "sai mật khẩu" not in body,
           "login: keeps the login typed, never the password")
    tap.ok(anon.cookie is None, "login: no cookie after a failure")
    st, h, body = anon.post("/quan-tri/dang-nhap", {"login": "",
                                                    "password": ""})
    tap.ok(st == 422 and "Vui lòng nhập tên đăng nhập" in body and
           "Vui lòng nhập mật khẩu" in body, "login: errors next to fields")

    admin = Browser(srv)
    st, h, body = admin.login("QuanTri", PW)
    tap.ok(st == 303 and h.get("location") == "/quan-tri/",
           "login: admin ok (login case-insensitive), 303", (st, h))
    sc = admin.last_set_cookie or ""
    tap.ok(sc.startswith("cong_session=") and
           re.match(r"cong_session=[0-9a-f]{64};", sc),
           "cookie: cong_session with a 256-bit token", sc)
    attrs = [a.strip() for a in sc.split(";")[1:]]
    tap.ok("HttpOnly" in attrs and "SameSite=Lax" in attrs and
           "Path=/" in attrs and "Secure" not in attrs,
           "cookie: HttpOnly, SameSite=Lax, Path=/ (no TLS: no Secure)",
           sc)
    st, h, body = admin.get("/quan-tri/")
    tap.ok(st == 200 and "Quản Trị Viên" in body and "Quản trị" in body,
           "dashboard: who you are", st)
    tap.ok(all(x in body for x in ("Bài viết", "Chờ duyệt", "Thư viện ảnh",
                                   "Người dùng")),
           "dashboard: links for an admin")
    st, h, body = admin.get("/quan-tri/dang-nhap")
    tap.eq(st, 303, "login form when logged in: 303 to the dashboard")

    # --- contributor: 403 on users ----------------------------------------
    ctv = Browser(srv)
    st, _, _ = ctv.login("ctv", PW)
    tap.eq(st, 303, "login: contributor ok")
    st, _, body = ctv.get("/quan-tri/")
    tap.ok("Người dùng" not in body.split("<main")[1],
           "dashboard: no users link for a contributor")
    st, _, _ = ctv.get("/quan-tri/nguoi-dung")
    tap.eq(st, 403, "users page: contributor 403")
    tok = ctv.csrf()
    st, _, _ = ctv.post("/quan-tri/nguoi-dung", {
        "csrf": tok, "login": "hacker", "role": "admin", "password": PW})
    tap.eq(st, 403, "create user: contributor 403 even with a token")
    tap.ok("hacker" not in users_of(srv), "create user: nothing created")

    # --- CSRF ---------------------------------------------------------------
    tok = admin.csrf()
    tap.ok(tok is not None, "csrf: token in the admin forms")
    before = users_of(srv)
    st, _, _ = admin.post("/quan-tri/nguoi-dung", {
        "login": "moi1", "role": "editor", "password": PW})
    tap.eq(st, 403, "csrf: POST without token 403")
    st, _, _ = admin.post("/quan-tri/nguoi-dung", {
        "csrf": "0" * 64, "login": "moi1", "role": "editor",
        "password": PW})
    tap.eq(st, 403, "csrf: POST with a wrong token 403")
    st, _, _ = admin.post("/quan-tri/nguoi-dung", {
        "csrf": ctv.csrf(), "login": "moi1", "role": "editor",
        "password": PW})
    tap.eq(st, 403, "csrf: another session's token 403")
    st, _, _ = admin.post("/quan-tri/nguoi-dung", {
        "csrf": tok, "login": "moi1", "role": "editor", "password": PW},
        extra={"Origin": "http://evil.example"})
    tap.eq(st, 403, "csrf: valid token from a foreign Origin 403")
    st, _, _ = admin.post("/quan-tri/nguoi-dung/2/khoa", {})
    tap.eq(st, 403, "csrf: disable without token 403")
    st, _, _ = admin.post("/quan-tri/dang-xuat", {})
    tap.eq(st, 403, "csrf: logout without token 403")
    tap.eq(users_of(srv), before, "csrf: nothing changed")
    st, _, _ = admin.get("/quan-tri/")
    tap.eq(st, 200, "csrf: the session survived the forged logout")

    # --- users page ---------------------------------------------------------
    st, _, body = admin.get("/quan-tri/nguoi-dung")
    tap.ok(st == 200 and "Lê Văn Cộng" in body and "Cộng tác viên" in body,
           "users page: lists accounts", st)
    st, h, body = admin.post("/quan-tri/nguoi-dung", {
        "csrf": tok, "login": "x", "name": "Bà Tư", "role": "editor",
        "password": "ngắn"})
    tap.ok(st == 422 and "Tên đăng nhập dài" in body and
           "ít nhất 10 ký tự" in body and 'value="Bà Tư"' in body,
           "create user: errors next to fields, values kept", st)
    st, h, body = admin.post("/quan-tri/nguoi-dung", {
        "csrf": tok, "login": "duyet", "name": "Trần Thị Duyệt",
        "role": "approver", "password": PW})
    tap.ok(st == 303, "create user: approver created", st)
    st, _, body = admin.get("/quan-tri/nguoi-dung")
    tap.ok("Đã tạo tài khoản duyet" in body, "create user: flash message")
    st, _, body = admin.get("/quan-tri/nguoi-dung")
    tap.ok("Đã tạo tài khoản duyet" not in body, "flash: shown once")
    tap.eq(users_of(srv).get("duyet", [0, ""])[1], "approver",
           "create user: in the database")

    # --- disabled users --------------------------------------------------
    rows = re.findall(r'<tr[^>]*>(.*?)</tr>', body, re.S)
    ctv_row = [r for r in rows if "<code>ctv</code>" in r][0]
    cid = re.search(r'/quan-tri/nguoi-dung/(\d+)/khoa', ctv_row).group(1)
    st, _, _ = admin.post("/quan-tri/nguoi-dung/%s/khoa" % cid,
                          {"csrf": tok})
    tap.eq(st, 303, "disable: 303")
    tap.eq(users_of(srv)["ctv"][2], "disabled", "disable: recorded")
    st, _, _ = ctv.get("/quan-tri/")
    tap.eq(st, 303, "disable: the user's session died")
    st, _, body = Browser(srv).login("ctv", PW)
    tap.eq(st, 401, "disable: cannot log in")
    st, _, _ = admin.post("/quan-tri/nguoi-dung/%s/mo-khoa" % cid,
                          {"csrf": tok})
    tap.eq(users_of(srv)["ctv"][2], "active", "enable: recorded")
    st, _, _ = Browser(srv).login("ctv", PW)
    tap.eq(st, 303, "enable: can log in again")

    # --- reset password -----------------------------------------------------
    st, _, _ = admin.post("/quan-tri/nguoi-dung/%s/mat-khau" % cid,
                          {"csrf": tok, "password": PW2})
    tap.eq(st, 303, "reset password: 303")
    st, _, _ = Browser(srv).login("ctv", PW)
    tap.eq(st, 401, "reset password: old one refused")
    st, _, _ = Browser(srv).login("ctv", PW2)
    tap.eq(st, 303, "reset password: new one works")
    p = srv.cong(["user", "passwd", "ctv", "--password-stdin"],
                 input=PW + "\n")
    st, _, _ = Browser(srv).login("ctv", PW)
    tap.ok(p.returncode == 0 and st == 303, "cli passwd: new password works")
    srv.cong(["user", "disable", "ctv"])
    st, _, _ = Browser(srv).login("ctv", PW)
    tap.eq(st, 401, "cli disable: cannot log in")
    srv.cong(["user", "enable", "ctv"])

    # --- logout, log out everywhere ---------------------------------------
    a2 = Browser(srv)
    a2.login("quantri", PW)
    a3 = Browser(srv)
    a3.login("quantri", PW)
    st, h, _ = a3.post("/quan-tri/dang-xuat", {"csrf": a3.csrf()})
    tap.ok(st == 303 and "Max-Age=0" in (a3.last_set_cookie or ""),
           "logout: 303 and the cookie is deleted", a3.last_set_cookie)
    st, _, _ = srv.get("/quan-tri/", headers={
        "Cookie": (a3.last_set_cookie or "").split(";")[0]})
    tap.eq(st, 303, "logout: the session is gone")
    st, _, _ = a2.get("/quan-tri/")
    tap.eq(st, 200, "logout: other sessions live on")
    st, _, _ = admin.post("/quan-tri/dang-xuat-tat-ca",
                          {"csrf": admin.csrf()})
    tap.eq(st, 303, "log out everywhere: 303")
    st, _, _ = a2.get("/quan-tri/")
    tap.eq(st, 303, "log out everywhere: kills another session")

    # --- throttling ---------------------------------------------------------
    b = Browser(srv)
    codes = [b.login("duyet", "sai-mat-khau-%d" % i)[0] for i in range(5)]
    st, _, body = b.login("duyet", PW)
    tap.ok(codes == [401] * 5 and st == 429 and
           "Bạn đã nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút."
           in body, "throttle: locked after 5 failures, even with the "
           "right password", (codes, st))
    st, _, _ = Browser(srv).login("quantri", PW)
    tap.eq(st, 303, "throttle: other accounts unaffected")
    srv.stop()

    # --- idle expiry (CONG_SESSION_IDLE=2) ---------------------------------
    idle.cong(["user", "add", "quantri", "--role", "admin",
               "--password-stdin"], input=PW + "\n")
    idle.start()
    c = Browser(idle)
    st, _, _ = c.login("quantri", PW)
    st1, _, _ = c.get("/quan-tri/")
    time.sleep(1)
    st2, _, _ = c.get("/quan-tri/")
    time.sleep(3.2)
    st3, h3, _ = c.get("/quan-tri/")
    tap.ok(st == 303 and st1 == 200 and st2 == 200 and st3 == 303,
           "idle expiry: alive while used, gone after the idle time",
           (st, st1, st2, st3))
finally:
    srv.close()
    idle.close()
tap.done()
