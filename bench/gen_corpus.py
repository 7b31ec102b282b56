#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Writes a benchmark corpus for `cong import`: N articles in JSON files
of 1,000, built from real Vietnamese news sentences (the UD Vietnamese-VTB
sentences in ../shared/testdata/vi-text/), so the vocabulary, syllable
pairs and lengths are those of real news, not copies of one article.
Deterministic for a given seed. Every article has a cover image from
demo/media.

usage: gen_corpus.py N OUTDIR SENTENCES MEDIADIR
"""
import json
import os
import random
import re
import sys
import time

CATEGORIES = ["Sự kiện nổi bật", "Tin tức - Sự kiện", "Kinh tế - Xã hội",
              "Văn hóa - Xã hội", "Thông báo"]
AUTHORS = ["Huỳnh An", "Trần Minh Khoa", "Lê Thị Thu Hà", "Nguyễn Văn Bình",
           "Phạm Ngọc Lan", "Đặng Quốc Việt", "Võ Thị Mỹ Tiên"]


def detok(s):
    s = s.replace("LBKT", "(").replace("RBKT", ")").replace("_", " ")
    s = re.sub(r" ([,.;:?!)…%])", r"\1", s)
    s = re.sub(r"\( ", "(", s)
    s = re.sub(r'" ([^"]*?) "', r'“\1”', s)
    return s.strip()


def main():
    n, out, sentences, media = (int(sys.argv[1]), sys.argv[2], sys.argv[3],
                                sys.argv[4])
    rng = random.Random(20190718)
    lines = [detok(l) for l in open(sentences, encoding="utf-8")
             if len(l.split()) >= 6]
    images = sorted(f for f in os.listdir(media) if f.endswith(".jpg"))
    os.makedirs(out, exist_ok=True)
    t0 = 1262304000  # 2010-01-01
    span = 1735689600 - t0
    batch, fileno = [], 0
    for i in range(n):
        title = rng.choice(lines)
        words = title.rstrip(".!?…").split()
        title = " ".join(words[:rng.randint(8, 18)])
        title = title[0].upper() + title[1:]
        paras = []
        for _ in range(rng.randint(5, 10)):
            paras.append(" ".join(rng.choice(lines)
                                  for _ in range(rng.randint(2, 5))))
        t = t0 + (span * i) // n + rng.randint(0, 3600)
        lt = t + 7 * 3600
        published = time.strftime("%Y-%m-%dT%H:%M", time.gmtime(lt))
        img = images[i % len(images)]
        batch.append({
            "category": CATEGORIES[rng.randrange(len(CATEGORIES))],
            "title": "%s (%d)" % (title, i + 1),
            "published": published,
            "lead": " ".join(rng.choice(lines) for _ in range(2)),
            "paragraphs": paras,
            "images": [{"file": img, "caption": rng.choice(lines)[:120]}],
            "author": rng.choice(AUTHORS),
            "featured": rng.random() < 0.05,
        })
        if len(batch) == 1000 or i == n - 1:
            with open(os.path.join(out, "corpus-%04d.json" % fileno), "w",
                      encoding="utf-8") as f:
                json.dump(batch, f, ensure_ascii=False)
            batch, fileno = [], fileno + 1


if __name__ == "__main__":
    main()
