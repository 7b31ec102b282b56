# SPDX-License-Identifier: ISC
"""Security headers on every response (http/csp.c, server.c): the
Content-Security-Policy (public pages: own scripts only plus the EMC
host when configured; newsroom pages: frame-ancestors 'none'),
X-Content-Type-Options, Referrer-Policy, HSTS behind TLS only, and no
inline script or event handler in the public pages that the policy
would block.
"""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "http"))
from cong_harness import CONG, SEED_SLUG, Server, Tap  # noqa: E402

tap = Tap()
EMC = "emc.gov.vn"


def directives(csp):
    out = {}
    for part in csp.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


def check_common(path, code, h, admin=False):
    csp = directives(h.get("content-security-policy", ""))
    fa = ["'none'"] if admin else ["'self'"]
    tap.ok(csp.get("default-src") == ["'self'"] and
           csp.get("script-src") == ["'self'", "https://" + EMC] and
           csp.get("style-src") == ["'self'"] and
           csp.get("img-src") == ["'self'", "data:"] and
           csp.get("frame-ancestors") == fa and
           csp.get("base-uri") == ["'self'"] and
           csp.get("form-action") == ["'self'"],
           "%s (%s): CSP" % (path, code), h.get("content-security-policy"))
    tap.ok(h.get("x-content-type-options") == "nosniff" and
           h.get("referrer-policy") == "strict-origin-when-cross-origin" and
           h.get("strict-transport-security", "").startswith(
               "max-age=31536000"),
           "%s: nosniff, referrer policy, HSTS" % path, h)


srv = Server(extra_env={"CONG_BEHIND_TLS": "1", "CONG_EMC_HOST": EMC})
plain = None
try:
    srv.start()
    code, h, home = srv.get("/")
    css = re.search(rb'href="(/static/css/[^"]+)"', home)
    media = re.search(rb'src="(/media/[0-9a-f]{32}[^"]*)"', home)
    paths = ["/", "/tin-tuc/" + SEED_SLUG, "/tin-tuc/khong-co",
             "/healthz", "/static/css/none.css", "/%zz"]
    if css:
        paths.append(css.group(1).decode())
    if media:
        paths.append(media.group(1).decode())
    for path in paths:
        code, h, body = srv.get(path)
        check_common(path, code, h)
        if h.get("content-type", "").startswith("text/html"):
            inline = [m for m in re.findall(rb"<script\b[^>]*>", body)
                      if b"src=" not in m and b"application/ld+json" not in m]
            handlers = re.findall(rb"<[^>]+\son[a-z]+\s*=", body)
            tap.ok(not inline and not handlers,
                   "%s: no inline script or event handler" % path,
                   (inline[:2], handlers[:2]))
    for path in ("/quan-tri/dang-nhap", "/quan-tri/khong-co"):
        code, h, _ = srv.get(path)
        check_common(path, code, h, admin=True)
    srv.stop()
    plain = Server(demo=False, seed=False)
    plain.start()
    code, h, _ = plain.get("/")
    tap.ok("strict-transport-security" not in h,
           "no HSTS when not behind TLS")
    csp = directives(h.get("content-security-policy", ""))
    tap.eq(csp.get("script-src"), ["'self'"],
           "no EMC host configured: scripts from the portal only")
    plain.stop()
    env = dict(srv.env, CONG_EMC_HOST="x; script-src *")
    r = subprocess.run([CONG, "serve"], env=env, capture_output=True,
                       text=True, timeout=30)
    tap.ok(r.returncode != 0 and "emc_host" in r.stderr,
           "an EMC host that would inject a directive is refused", r.stderr)
finally:
    srv.close()
    if plain:
        plain.close()
tap.done()
