# SPDX-License-Identifier: ISC
"""Search over real HTTP (issue 4): the seed article found with and
without diacritics, in NFD, by phrase and by the author's name; ranking
(exact diacritics, title over body); document numbers whole and by parts;
scheduled articles hidden; category and date filters; the empty, absurd
and mistyped pages; highlighted snippets in the accented text; paging."""
import json
import os
import re
import time
import unicodedata
import urllib.parse

from cong_harness import SEED_SLUG, SEED_TITLE, Server, Tap, seed_files

tap = Tap()
srv = Server()

FUTURE = time.strftime("%Y-%m-%dT%H:%M", time.gmtime(time.time() + 30 * 86400))

FIXTURES = [
    {"category": "Tin tức - Sự kiện", "published": "08:00 | 02/03/2021",
     "title": "Huyện tổ chức hội nghị tổng kết công tác cải cách hành chính",
     "lead": "Sáng nay huyện tổ chức hội nghị tổng kết.",
     "paragraphs": ["Đại biểu dự hội nghị đã thảo luận sôi nổi."],
     "author": "Minh Khoa"},
    {"category": "Tin tức - Sự kiện", "published": "08:00 | 03/03/2021",
     "title": "Nông dân hồi nghi về giống lúa mới",
     "lead": "Một số hộ còn hồi nghi giống lúa chịu mặn.",
     "paragraphs": ["Bà con vẫn hồi nghi về năng suất vụ tới."],
     "author": "Thu Hà"},
    {"category": "Văn bản", "published": "09:00 | 04/03/2021",
     "title": "Triển khai Nghị định 42/2022/NĐ-CP về cung cấp thông tin",
     "lead": "Nghị định quy định việc cung cấp thông tin trên cổng.",
     "paragraphs": ["Các cơ quan thực hiện theo Quyết định số "
                    "123/QĐ-UBND của Ủy ban nhân dân tỉnh."],
     "author": "Văn phòng"},
    {"category": "Văn bản", "published": "09:00 | 05/03/2021",
     "title": "Phòng chống sạt lở bờ sông mùa mưa",
     "lead": "Hướng dẫn phòng chống sạt lở.",
     "paragraphs": ["Bài này nhắc đến zyxquoc một lần ở cuối thân bài."],
     "author": "Văn phòng"},
    {"category": "Văn bản", "published": "09:00 | 06/01/2020",
     "title": "Zyxquoc: mô hình mới ở xã Bình An",
     "lead": "Mô hình được nhân rộng.",
     "paragraphs": ["Nội dung không liên quan."],
     "author": "Văn phòng"},
    {"category": "Văn bản", "published": FUTURE,
     "title": "Thông báo hẹn giờ qwvlich chưa đến lúc đăng",
     "lead": "Bài này chưa được đăng.",
     "paragraphs": ["qwvlich"], "author": "Văn phòng"},
]
# many small articles sharing one word, for paging
for i in range(23):
    FIXTURES.append({
        "category": "Tin tức - Sự kiện",
        "published": "07:00 | %02d/02/2020" % (i + 1),
        "title": "Bản tin pagingword số %d" % (i + 1),
        "lead": "Tin ngắn.", "paragraphs": ["pagingword"],
        "author": "Tổ biên tập"})


def search(q=None, **params):
    args = dict(params)
    if q is not None:
        args["q"] = q
    st, h, body = srv.get("/tim-kiem?" + urllib.parse.urlencode(args))
    return st, h, body.decode("utf-8")


def titles(page):
    return [re.sub(r"</?mark>", "", t) for t in
            re.findall(r'<h2><a href="[^"]*">(.*?)</a></h2>', page)]


def found(page, title):
    return title in titles(page)


try:
    fx = os.path.join(srv.dir, "search-fixtures.json")
    with open(fx, "w", encoding="utf-8") as f:
        json.dump(FIXTURES, f, ensure_ascii=False)
    srv.cong(["import", fx])
    srv.start()

    if seed_files():
        nfd = unicodedata.normalize("NFD", "thi đua khen thưởng")
        for q in ("thi dua", "THI ĐUA", "kien luong", "Dang Minh Thanh",
                  '"cụm thi đua số 3"', "giao uoc", nfd, "giao ư"):
            st, _, page = search(q)
            tap.ok(st == 200 and found(page, SEED_TITLE),
                   "seed found by %r" % q, titles(page))
        st, _, page = search("thi dua")
        m = re.search(r'<p class="snippet">(.*?)</p>', page, re.S)
        tap.ok(m is not None and "<mark>thi đua</mark>" in m.group(1),
               "snippet marks accented text for an unaccented query",
               m.group(1) if m else page[-2000:])
        tap.ok("<mark>" in page and 'href="/tin-tuc/%s"' % SEED_SLUG in page,
               "result links to the article")

    st, _, page = search("abcxyz")
    tap.ok(st == 200 and not titles(page) and "Không tìm thấy" in page,
           "abcxyz finds nothing, says so")

    st, _, page = search("hội nghị")
    t = titles(page)
    a = "Huyện tổ chức hội nghị tổng kết công tác cải cách hành chính"
    b = "Nông dân hồi nghi về giống lúa mới"
    tap.ok(a in t and b in t and t.index(a) < t.index(b),
           "'hội nghị' ranks hội nghị above hồi nghi", t)
    st, _, page = search("hồi nghi")
    t = titles(page)
    tap.ok(b in t and (a not in t or t.index(b) < t.index(a)),
           "'hồi nghi' ranks hồi nghi first", t)

    st, _, page = search("zyxquoc")
    t = titles(page)
    tap.ok(len(t) == 2 and t[0].startswith("Zyxquoc"),
           "title match outranks a newer body match", t)

    doc = "Triển khai Nghị định 42/2022/NĐ-CP về cung cấp thông tin"
    for q in ("42/2022/NĐ-CP", "42/2022/nd-cp", "42/2022", "nd-cp",
              "123/QĐ-UBND", "123/qd-ubnd", "qđ-ubnd"):
        st, _, page = search(q)
        tap.ok(found(page, doc), "document number %r" % q, titles(page))
    st, _, page = search("43/2022/NĐ-CP")
    tap.ok(not found(page, doc), "another number does not match")

    st, _, page = search("qwvlich")
    tap.ok(st == 200 and not titles(page),
           "scheduled article not found before its time")

    st, _, page = search("zyxquoc", **{"chuyen-muc": "van-ban"})
    tap.ok(len(titles(page)) == 2, "category filter keeps its articles",
           titles(page))
    st, _, page = search("zyxquoc", **{"chuyen-muc": "tin-tuc-su-kien"})
    tap.ok(not titles(page), "category filter drops others", titles(page))
    st, _, page = search("zyxquoc", tu="01/03/2021", den="31/03/2021")
    t = titles(page)
    tap.ok(t == ["Phòng chống sạt lở bờ sông mùa mưa"], "date filter", t)
    st, _, page = search("zyxquoc", den="06/01/2020")
    tap.ok(len(titles(page)) == 1, "date filter includes its last day",
           titles(page))
    st, _, page = search("zyxquoc", tu="31/02/2021")
    tap.ok(st == 200 and "Ngày không hợp lệ" in page and
           len(titles(page)) == 2, "bad date: 200, message, no filter")
    st, _, page = search("zyxquoc", tu="01/04/2021", den="01/03/2021")
    tap.ok(st == 200 and "phải trước" in page, "dates in the wrong order")

    st, _, page = search()
    tap.ok(st == 200 and "Mời bạn nhập từ khóa" in page and
           'name="q"' in page, "empty query: help page")
    st, _, page = search("   ")
    tap.ok(st == 200 and "Mời bạn nhập từ khóa" in page,
           "blank query: help page")
    st, _, page = search("!!! ??? ///")
    tap.ok(st == 200 and "chưa có chữ hay số" in page,
           "punctuation only: explained")
    st, _, page = search(" ".join(["từ"] * 40))
    tap.ok(st == 200 and "quá dài" in page, "too many words: explained")
    st, _, page = search('" OR * NEAR( -')
    tap.ok(st == 200, "FTS syntax is just text", st)
    st, _, page = search("<script>alert(1)</script>")
    tap.ok(st == 200 and "<script>alert" not in page,
           "query is escaped in the page")

    st, _, page = search("pagingword")
    tap.ok(len(titles(page)) == 10 and "23 kết quả" in page and
           'rel="next"' in page, "page 1 of 3", titles(page))
    st, _, page = search("pagingword", trang="3")
    tap.ok(len(titles(page)) == 3 and 'rel="prev"' in page, "page 3",
           titles(page))
    st, _, page = search("pagingword", trang="x")
    tap.ok(st == 200 and len(titles(page)) == 10, "bad page number: page 1")
    st, _, page = search("pagingword", trang="9")
    tap.ok(st == 200 and not titles(page), "page past the end: 200")

    st, _, page = search("thi dua")
    tap.ok('<label for="o-tim-kiem"' in page or '<label for="q"' in page,
           "search box has a label")
finally:
    srv.close()
tap.done()
