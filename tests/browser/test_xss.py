# SPDX-License-Identifier: ISC
"""Hostile content in a real browser: every payload of the XSS lists
(../shared/testdata/xss: payloads.txt, DOMPurify's and html5lib's
sanitizer inputs) is imported as article bodies, titles, leads and image
captions, and searched for; xss.mjs then loads every page that shows them
in Chromium and fails if anything runs or anything runnable is in the
DOM. The HTTP suites check the same pages by parsing; this checks them as
a browser builds them."""
import json
import os
import subprocess
import sys
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "http"))

import cong_harness  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
PER_ARTICLE = 25


def payloads():
    d = os.path.join(cong_harness.SHARED, "testdata", "xss")
    out = [l.rstrip("\n") for l in open(os.path.join(d, "payloads.txt"),
                                          encoding="utf-8") if l.strip()]
    for case in json.load(open(os.path.join(d, "dompurify-expect.json"),
                               encoding="utf-8")):
        out.append(case["payload"])
    for case in json.load(open(os.path.join(
            d, "html5lib-sanitizer-tests1.json"), encoding="utf-8")):
        out.append(case["input"])
    # Plain-text fields refuse control characters (a clear error, tested
    # elsewhere); here the payloads must get in, so those become spaces.
    return ["".join(c if c >= " " or c in "\t\n" else " " for c in p)
            .replace("\x7f", " ") for p in out]


def main():
    if not os.access(CHROMIUM, os.X_OK) or not os.path.isdir(
            os.path.join(ROOT, "node_modules", "playwright-core")):
        print("not ok 1 - set-up: chromium or playwright-core missing")
        print("1..1")
        sys.exit(1)
    ps = payloads()
    server = cong_harness.Server(seed=False)
    try:
        arts = []
        for i in range(0, len(ps), PER_ARTICLE):
            chunk = ps[i:i + PER_ARTICLE]
            arts.append({
                "category": "Thông báo",
                "title": "Bài thử số %d %s" % (i // PER_ARTICLE + 1,
                                              chunk[0][:200]),
                "lead": " ".join(chunk)[:4000],
                "published": "2020-01-%02dT08:00" % (1 + i // PER_ARTICLE
                                                     % 28),
                "body_html": "\n".join("<p>%s</p>" % p for p in chunk),
                "images": [{"file": "Hoi nghi.jpg",
                            "caption": chunk[-1][:1000]}],
                "author": chunk[1][:200] if len(chunk) > 1 else "x",
            })
        path = os.path.join(server.dir, "xss.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(arts, f, ensure_ascii=False)
        server.cong(["import", "--media",
                     os.path.join(ROOT, "demo", "media"), path])
        server.start()
        pages = ["/", "/chuyen-muc/thong-bao", "/chuyen-muc/thong-bao?trang=2",
                 "/rss"]
        body = server.get("/chuyen-muc/thong-bao")[2].decode()
        import re
        slugs = sorted(set(re.findall(r'href="(/tin-tuc/bai-thu-so-[^"/]+)"',
                                      body)))
        for p in range(2, 4):
            more = server.get("/chuyen-muc/thong-bao?trang=%d" % p)
            slugs += re.findall(r'href="(/tin-tuc/bai-thu-so-[^"/]+)"',
                                more[2].decode())
        slugs = sorted(set(slugs))
        pages += slugs + [s + "/in" for s in slugs]
        for p in ps[::20]:
            pages.append("/tim-kiem?q=" + urllib.parse.quote(p[:200]))
        env = dict(os.environ, CONG_URL="http://" + server.addr,
                   CHROMIUM=CHROMIUM, XSS_PATHS="\n".join(pages))
        print("# %d payloads in %d articles; %d pages" % (
            len(ps), len(arts), len(pages)), flush=True)
        ok_count = len(slugs) >= len(arts)
        r = subprocess.run(["node", os.path.join(HERE, "xss.mjs")], env=env,
                           cwd=ROOT, capture_output=True, text=True)
        out = r.stdout.splitlines()
        n = 0
        for line in out:
            if line.startswith("1.."):
                continue
            print(line, flush=True)
            if line.startswith(("ok ", "not ok ")):
                n += 1
        n += 1
        print("%s %d - every hostile article has its page loaded (%d of %d)"
              % ("ok" if ok_count else "not ok", n, len(slugs), len(arts)))
        if r.returncode and r.stderr:
            print("# " + r.stderr[-500:].replace("\n", "\n# "))
        print("1..%d" % n)
        sys.exit(0 if r.returncode == 0 and ok_count else 1)
    finally:
        server.close()


if __name__ == "__main__":
    main()
