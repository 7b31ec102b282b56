// SPDX-License-Identifier: ISC
// pages.mjs: the pages the browser suite opens. Each page is checked with
// axe-core (WCAG 2.1 A and AA) at 375 and 1280 px, validated with the Nu
// HTML Checker, screenshotted at both widths, and, when public, checked
// for inline script. Add a page by adding a row:
//
//   name      TAP name, and the screenshot's file name
//   path      the URL path, or a list of candidates (the first that
//             answers `status` is used), or a function (ctx) => path
//   status    expected HTTP status (200 unless said)
//   optional  true: the page is being built; if no candidate answers,
//             the checks are skipped ("ok N # SKIP"), not failed
//   login     true: opened as a logged-in newsroom user (skipped when the
//             build has no `cong user add`)
//   public    true: a page of the public site (no inline script at all,
//             whole without JavaScript)

export const SEED_SLUG =
	"kien-luong-so-ket-giao-uoc-thi-dua-6-thang-dau-nam-2019-cum-thi-dua-so-3";
export const DEMO_SLUG =
	"kien-luong-kich-cau-du-lich-noi-dia-quang-ba-diem-den-hon-chong-ba-lua";

export const pages = [
	{ name: "home", path: "/", public: true },
	{ name: "category", path: "/chuyen-muc/tin-tuc-su-kien", public: true },
	{ name: "article", path: ["/tin-tuc/" + SEED_SLUG,
	    "/tin-tuc/" + DEMO_SLUG], public: true },
	{ name: "print", path: ["/tin-tuc/" + SEED_SLUG + "/in",
	    "/tin-tuc/" + DEMO_SLUG + "/in"], public: true },
	{ name: "search", path: "/tim-kiem?q=thi+dua", optional: true,
	    public: true },
	{ name: "search-empty", path: "/tim-kiem?q=khongcoketqua",
	    optional: true, public: true },
	{ name: "search-form", path: "/tim-kiem", optional: true,
	    public: true },
	{ name: "404", path: "/khong-co-trang-nay", status: 404, public: true },
	{ name: "login", path: "/quan-tri/dang-nhap", optional: true },
	{ name: "newsroom", path: "/quan-tri/", optional: true, login: true },
	{ name: "articles", path: "/quan-tri/bai-viet", optional: true,
	    login: true },
	{ name: "editor", path: ["/quan-tri/bai-viet/moi",
	    "/quan-tri/bai-viet/tao", "/quan-tri/soan-bai"], optional: true,
	    login: true },
	{ name: "review-queue", path: ["/quan-tri/cho-duyet",
	    "/quan-tri/duyet-bai"], optional: true, login: true },
	{ name: "media-library", path: "/quan-tri/thu-vien", optional: true,
	    login: true },
	{ name: "users", path: "/quan-tri/nguoi-dung", optional: true,
	    login: true },
	{ name: "feeds", path: "/rss", optional: true, public: true },
];

// Screenshots for README.md (docs/screenshots/, written when
// CONG_DOCS_SHOTS=1): the viewport only, to keep them small.
export const docShots = [
	{ page: "home", width: 375, height: 812 },
	{ page: "home", width: 1280, height: 900 },
	{ page: "article", width: 375, height: 812 },
	{ page: "article", width: 1280, height: 900 },
];
