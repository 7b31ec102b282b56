#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Rebuilds the demo's pictures in demo/media/ from free images shipped in
# Debian packages (cropped to 1200x800) and from illustrations drawn here
# with ImageMagick; every output is a metadata-free JPEG under 150 KB.
# The JPEGs are committed; this script only documents and repeats how they
# were made (demo/media/SOURCES.md lists origins and licences). It installs
# the packages it reads when they are missing (apt-get, as root or sudo).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/demo/media
W=1200
H=800
MAXBYTES=150000

pkgs=(imagemagick mate-backgrounds plasma-workspace-wallpapers fonts-noto-core python3)
missing=()
for p in "${pkgs[@]}"; do
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	[ "$st" = "install ok installed" ] || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	sudo=
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	export DEBIAN_FRONTEND=noninteractive
	$sudo apt-get update -qq
	$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Debian's ImageMagick, not a stand-in that may come first on PATH.
IM=/usr/bin/convert
FONT=/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf
FONTB=/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf
MATE=/usr/share/backgrounds/mate/nature
KDE=/usr/share/wallpapers
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

# jpeg SRC DEST: writes SRC (any image ImageMagick reads, already WxH) as a
# stripped progressive JPEG, lowering the quality from 80 until it fits.
jpeg() {
	local q
	for q in 80 76 72 68 64 60; do
		"$IM" "$1" -strip -colorspace sRGB -sampling-factor 4:2:0 \
			-interlace JPEG -quality "$q" "$2"
		[ "$(stat -c %s "$2")" -le $MAXBYTES ] && return 0
	done
	echo "demo-images: $2 is still over $MAXBYTES bytes" >&2
	return 1
}

# photo SRC DEST GRAVITY [ZOOM]: scale SRC to cover ZOOM percent of WxH
# (default 100), crop WxH around GRAVITY, then jpeg.
photo() {
	local src=$1 dest=$2 grav=$3 zoom=${4:-100}
	"$IM" "$src" -auto-orient \
		-resize "$((W * zoom / 100))x$((H * zoom / 100))^" \
		-gravity "$grav" -extent "${W}x${H}" +repage "$work/p.png"
	jpeg "$work/p.png" "$out/$dest"
}

photo "$MATE/Dune.jpg" trong-rung-phong-ho-binh-tri.jpg center
photo "$KDE/Kite/contents/images/2560x1600.jpg" thanh-nien-tinh-nguyen-he-2019.jpg center
photo "$MATE/GreenMeadow.jpg" lua-he-thu-kien-binh.jpg south
photo "$KDE/EveningGlow/contents/images/2560x1600.jpg" hoang-hon-hon-chong.jpg northeast 120
photo "$KDE/summer_1am/contents/images/2560x1600.jpg" mat-bien-ba-lua.jpg center

# The illustrations: a Python program writes ImageMagick MVG drawings.
python3 - "$work" "$FONT" "$FONTB" <<'PY'
import math
import sys

work, font, fontb = sys.argv[1:4]
W, H = 1200, 800


def esc(s):
    return s.replace("\\", "\\\\").replace("'", "\\'")


class Mvg:
    def __init__(self):
        self.ops = ["viewbox 0 0 %d %d" % (W, H)]

    def add(self, s):
        self.ops.append(s)

    def fill(self, c, stroke="none", sw=1):
        self.add("fill '%s' stroke '%s' stroke-width %g" % (c, stroke, sw))

    def rect(self, x0, y0, x1, y1, c, stroke="none", sw=1):
        self.fill(c, stroke, sw)
        self.add("rectangle %g,%g %g,%g" % (x0, y0, x1, y1))

    def rrect(self, x0, y0, x1, y1, r, c, stroke="none", sw=1):
        self.fill(c, stroke, sw)
        self.add("roundrectangle %g,%g %g,%g %g,%g" % (x0, y0, x1, y1, r, r))

    def poly(self, pts, c, stroke="none", sw=1):
        self.fill(c, stroke, sw)
        self.add("polygon " + " ".join("%g,%g" % p for p in pts))

    def ellipse(self, cx, cy, rx, ry, c, stroke="none", sw=1):
        self.fill(c, stroke, sw)
        self.add("ellipse %g,%g %g,%g 0,360" % (cx, cy, rx, ry))

    def line(self, x0, y0, x1, y1, c, sw=1):
        self.add("fill none stroke '%s' stroke-width %g" % (c, sw))
        self.add("line %g,%g %g,%g" % (x0, y0, x1, y1))

    def text(self, x, y, s, size, c, bold=False, anchor="middle"):
        self.add("stroke none fill '%s' font '%s' font-size %g "
                 "text-anchor %s" % (c, fontb if bold else font, size, anchor))
        self.add("text %g,%g '%s'" % (x, y, esc(s)))

    def gradient(self, x0, y0, x1, y1, top, bottom, steps=40):
        # vertical gradient as thin bands: MVG has no portable gradients
        def mix(a, b, t):
            return "#%02x%02x%02x" % tuple(
                round(a[i] + (b[i] - a[i]) * t) for i in range(3))
        h = (y1 - y0) / steps
        for i in range(steps):
            self.rect(x0, y0 + i * h, x1, y0 + (i + 1) * h + 1,
                      mix(top, bottom, i / (steps - 1)))

    def star(self, cx, cy, r, c):
        pts = []
        for k in range(10):
            rr = r if k % 2 == 0 else r * 0.382
            a = -math.pi / 2 + k * math.pi / 5
            pts.append((cx + rr * math.cos(a), cy + rr * math.sin(a)))
        self.poly(pts, c)

    def save(self, name):
        with open("%s/%s.mvg" % (work, name), "w", encoding="utf-8") as f:
            f.write("\n".join(self.ops) + "\n")


def hall(name, lines, table_cloth):
    """A meeting hall seen from the back rows: red backdrop with the
    national flag and a banner, a presidium table, a podium, an audience."""
    m = Mvg()
    # ceiling, back wall, side walls
    m.gradient(0, 0, W, 60, (90, 74, 60), (130, 108, 86), 12)
    m.gradient(0, 60, W, 420, (236, 226, 205), (214, 198, 170), 30)
    m.poly([(0, 0), (140, 60), (140, 440), (0, 560)], "#c9b48f")
    m.poly([(W, 0), (W - 140, 60), (W - 140, 440), (W, 560)], "#c9b48f")
    for x0, x1 in ((30, 95), (W - 95, W - 30)):     # curtained windows
        m.poly([(x0, 80), (x1, 100), (x1, 400), (x0, 440)], "#8c2b2b")
        m.poly([(x0 + 12, 92), (x1 - 12, 108), (x1 - 12, 300),
                (x0 + 12, 312)], "#f3ead6")
    for i in range(8):                                # ceiling lights
        x = 200 + i * 114
        m.ellipse(x, 34, 26, 7, "#fff6d8")
    # stage backdrop
    m.rect(160, 70, W - 160, 420, "#a4161a")
    m.rect(160, 70, W - 160, 80, "#7d0f12")
    for i in range(1, 12):                            # drape folds
        x = 160 + i * (W - 320) / 12
        m.line(x, 80, x, 420, "#8e1216", 3)
    # national flag at the left of the backdrop, on its pole
    m.line(196, 96, 196, 300, "#d8c9a0", 4)
    m.rect(198, 100, 300, 168, "#da251d")
    m.star(249, 134, 24, "#ffdd00")
    # banner
    m.rect(330, 104, W - 200, 246, "#c8102e", "#ffd34d", 3)
    y = 150 if len(lines) == 2 else 136
    # Noto Sans Bold capitals average about 0.66 em: one size that fits
    size = min([30] + [(W - 200 - 330 - 48) / (0.66 * len(s)) for s in lines])
    for i, s in enumerate(lines):
        m.text((330 + W - 200) / 2, y + i * 46, s, size, "#ffe066",
               bold=True)
    # stage and presidium table
    m.rect(150, 400, W - 150, 432, "#6b3b22")
    m.rect(150, 432, W - 150, 446, "#4a2716")
    m.rect(330, 330, 870, 402, table_cloth)
    m.rect(330, 330, 870, 340, "#ffffff")
    for i in range(7):                                # presidium members
        x = 370 + i * 76
        m.rrect(x - 24, 300, x + 24, 340, 10, "#f5f5f0")
        m.ellipse(x, 288, 14, 16, "#2b2018")
        m.rect(x - 10, 322, x + 10, 330, "#ffffff")   # name plate
    for x in (360, 480, 600, 720, 840):               # flowers on table
        m.ellipse(x, 396, 20, 10, "#e8a317")
        m.ellipse(x, 392, 12, 7, "#ffd54f")
    # podium with a flower basket
    m.poly([(930, 318), (1010, 318), (1000, 402), (940, 402)], "#7a4a2a")
    m.rect(926, 310, 1014, 322, "#5c3520")
    m.ellipse(970, 384, 30, 14, "#e53935")
    m.ellipse(970, 378, 18, 8, "#ffca28")
    m.star(970, 352, 10, "#ffdd00")
    # hall floor
    m.poly([(0, 560), (140, 446), (W - 140, 446), (W, 560), (W, H), (0, H)],
           "#b08d62")
    m.gradient(0, 446, W, 470, (150, 118, 84), (176, 141, 98), 6)
    # rows of chairs with the audience, back to front
    rows = [(478, 0.42), (510, 0.52), (552, 0.64), (604, 0.78),
            (668, 0.95), (748, 1.16)]
    for r, (yb, s) in enumerate(rows):
        cw = 74 * s
        n = int((W - 40) / cw) + 1
        off = (W - n * cw) / 2 + (cw / 2 if r % 2 else 0) - cw / 4
        for k in range(n):
            cx = off + k * cw + cw / 2
            if cx < -cw or cx > W + cw:
                continue
            aisle = abs(cx - W / 2) < cw * 0.6
            if aisle:
                continue
            seated = (k * 7 + r * 3) % 5 != 0
            if seated:
                shirt = ("#f4f4f0", "#e9eef5", "#f7f3e8", "#1f3a5f")[
                    (k + r) % 4 if (k + r) % 7 else 3]
                m.rrect(cx - 26 * s, yb - 52 * s, cx + 26 * s, yb - 12 * s,
                        12 * s, shirt)
                m.ellipse(cx, yb - 66 * s, 14 * s, 16 * s,
                          "#1d1612" if (k + r) % 6 else "#5b5048")
            m.rrect(cx - 30 * s, yb - 34 * s, cx + 30 * s, yb + 26 * s,
                    8 * s, "#8b1e24", "#5e1216", max(1, 2 * s))
            m.rect(cx - 22 * s, yb - 26 * s, cx + 22 * s, yb + 14 * s,
                   "#a3262d")
    m.save(name)


def bhyt():
    """Poster-like illustration of a household health insurance card."""
    m = Mvg()
    m.gradient(0, 0, W, H, (226, 240, 251), (187, 216, 240), 40)
    m.ellipse(980, 120, 260, 260, "#d3e6f7")
    m.ellipse(140, 760, 300, 160, "#cfe3f3")
    m.text(W / 2, 96, "BẢO HIỂM Y TẾ HỘ GIA ĐÌNH", 50, "#0b4f8a", bold=True)
    m.text(W / 2, 146, "Chia sẻ rủi ro - Bảo vệ sức khỏe cả nhà", 28,
           "#1f6fb2")
    # the card
    m.rrect(108, 228, 588, 548, 26, "#8fb3d1")          # shadow
    m.rrect(96, 214, 576, 534, 26, "#ffffff", "#9cc3e4", 2)
    m.add("fill '#1b75bc' stroke none")
    m.add("path 'M 96,270 L 96,240 Q 96,214 122,214 L 550,214 "
          "Q 576,214 576,240 L 576,270 Z'")
    m.text(336, 254, "THẺ BẢO HIỂM Y TẾ", 26, "#ffffff", bold=True)
    m.ellipse(186, 372, 58, 58, "#e8f3e8", "#2e9e4f", 4)
    m.rect(176, 336, 196, 408, "#2e9e4f")
    m.rect(150, 362, 222, 382, "#2e9e4f")
    for i, wdt in enumerate((250, 210, 230, 160)):
        m.rrect(274, 322 + i * 34, 274 + wdt, 338 + i * 34, 7, "#d6e4f0")
    m.rrect(130, 462, 540, 500, 10, "#eef5fb")
    m.text(335, 489, "Mã số: HGxxxxxxxxxx", 20, "#5a7896")
    # the family under one roof
    m.poly([(650, 400), (880, 236), (1110, 400)], "#e0533d")
    m.rect(690, 398, 1070, 640, "#fff7ea", "#e0c9a6", 2)
    people = [(760, 1.0, "#1b75bc"), (860, 1.05, "#e0533d"),
              (950, 0.72, "#2e9e4f"), (1015, 0.62, "#f2a516")]
    for x, s, c in people:
        base = 632
        m.rrect(x - 34 * s, base - 130 * s, x + 34 * s, base, 24 * s, c)
        m.ellipse(x, base - 160 * s, 26 * s, 28 * s, "#f1c9a5")
        m.ellipse(x, base - 176 * s, 27 * s, 14 * s, "#3a2a20")
    m.ellipse(880, 338, 30, 30, "#fff7ea", "#b8402f", 4)  # round window
    m.line(850, 338, 910, 338, "#b8402f", 3)
    m.line(880, 308, 880, 368, "#b8402f", 3)
    # footer with the household rates of 2019
    m.rrect(96, 672, 1104, 756, 18, "#0b4f8a")
    m.text(W / 2, 706, "Người thứ nhất 100% · thứ hai 70% · thứ ba 60% · "
           "thứ tư 50% · từ thứ năm 40%", 24, "#ffffff", bold=True)
    m.text(W / 2, 740, "mức đóng so với người thứ nhất, khi cả hộ cùng "
           "tham gia", 20, "#cfe3f7")
    m.save("bhyt")


def dvc():
    """A laptop on a desk showing an online public service form."""
    m = Mvg()
    m.gradient(0, 0, W, 560, (232, 238, 242), (208, 218, 226), 30)
    m.rect(0, 560, W, H, "#a87b55")
    m.gradient(0, 560, W, 600, (150, 106, 70), (168, 123, 85), 8)
    # window light on the wall
    m.rect(60, 60, 300, 380, "#f4f8fb", "#c9d4dc", 6)
    m.line(180, 60, 180, 380, "#c9d4dc", 6)
    m.line(60, 220, 300, 220, "#c9d4dc", 6)
    # plant
    m.poly([(1010, 560), (1090, 560), (1078, 640), (1022, 640)], "#d9d2c5")
    for a in range(-70, 80, 20):
        r = math.radians(a - 90)
        x1 = 1050 + 110 * math.cos(r)
        y1 = 560 + 120 * math.sin(r)
        m.add("fill '#3f8f4a' stroke none")
        m.add("path 'M 1050,560 Q %g,%g %g,%g Q %g,%g 1050,560 Z'" % (
            1050 + 20 * math.cos(r + 0.6) + 40 * math.cos(r),
            560 + 40 * math.sin(r), x1, y1,
            1050 + 20 * math.cos(r - 0.6) + 40 * math.cos(r),
            560 + 60 * math.sin(r)))
    # cup
    m.ellipse(148, 636, 16, 20, "none", "#d0d0d0", 6)
    m.rrect(72, 600, 138, 680, 10, "#ffffff", "#d0d0d0", 2)
    m.ellipse(105, 604, 30, 7, "#6b4226")
    # laptop
    m.rrect(318, 150, 882, 560, 18, "#2d3238")
    m.rect(340, 172, 860, 540, "#ffffff")
    m.poly([(250, 560), (950, 560), (1000, 610), (200, 610)], "#c3c8cd")
    m.rect(200, 608, 1000, 620, "#9aa0a6")
    m.rrect(540, 566, 660, 584, 6, "#aeb4ba")
    # the page on screen
    m.rect(340, 172, 860, 232, "#a4161a")
    m.star(372, 202, 16, "#ffdd00")
    m.text(396, 198, "CỔNG DỊCH VỤ CÔNG TRỰC TUYẾN", 20, "#ffffff",
           bold=True, anchor="start")
    m.text(396, 221, "Nộp hồ sơ - Tra cứu - Thanh toán trực tuyến", 14,
           "#ffe9a8", anchor="start")
    m.text(364, 266, "Đăng ký khai sinh (mức độ 4)", 18, "#1d2b3a",
           bold=True, anchor="start")
    labels = ("Họ và tên người yêu cầu", "Số CMND/CCCD",
              "Nơi nhận kết quả", "Tệp đính kèm")
    for i, s in enumerate(labels):
        y = 292 + i * 52
        m.text(364, y + 4, s, 14, "#4a5a6a", anchor="start")
        m.rrect(364, y + 12, 836, y + 40, 5, "#f3f6f9", "#c6d1dc", 1)
    m.rrect(364, 304 + 3 * 52 + 10, 470, 304 + 3 * 52 + 26, 4, "#dce7f2")
    m.rrect(686, 500, 836, 530, 8, "#1b75bc")
    m.text(761, 521, "Nộp hồ sơ", 16, "#ffffff", bold=True)
    m.rrect(540, 500, 672, 530, 8, "#e9eef3", "#c6d1dc", 1)
    m.text(606, 521, "Lưu nháp", 16, "#40505f")
    # phone beside the laptop
    m.rrect(1040, 660, 1110, 780, 12, "#1d2228")
    m.rect(1048, 676, 1102, 764, "#dbe9f6")
    m.rect(1048, 676, 1102, 694, "#a4161a")
    m.save("dvc")


hall("hoinghi", ["HỘI NGHỊ SƠ KẾT GIAO ƯỚC THI ĐUA",
                 "6 THÁNG ĐẦU NĂM 2019"], "#1f5f8b")
hall("ntm", ["HỘI NGHỊ SƠ KẾT 9 THÁNG THỰC HIỆN CHƯƠNG TRÌNH",
             "XÂY DỰNG NÔNG THÔN MỚI NĂM 2019"], "#2c7a4b")
bhyt()
dvc()
PY

# render MVG DEST: draw, then soften a little so flat shapes look less raw.
render() {
	# (the drawing goes in as a string: Debian's policy forbids "@file")
	"$IM" -size "${W}x${H}" xc:white -draw "$(cat "$work/$1.mvg")" -seed 2019 \
		-attenuate 0.25 +noise Gaussian -blur 0x0.4 "$work/$1.png"
	jpeg "$work/$1.png" "$out/$2"
}

render hoinghi "Hoi nghi.jpg"
render ntm so-ket-nong-thon-moi-kien-binh.jpg
render bhyt bao-hiem-y-te-ho-gia-dinh.jpg
render dvc dich-vu-cong-truc-tuyen.jpg

ls -l "$out"/*.jpg
