// SPDX-License-Identifier: ISC
// suite.mjs: the browser suite, run by test_browser.py against a live
// server (CONG_URL). Debian's Chromium through playwright-core opens every
// page of pages.mjs, runs axe-core at WCAG 2.1 A/AA at 375 and 1280 px,
// saves screenshots under tests/browser/screenshots/, validates the HTML
// the server sent with the Nu HTML Checker (vnu-jar on the machine's
// Java), and walks the flows below: keyboard-only search, text size and
// contrast settings, the page without JavaScript, the article's order,
// the print stylesheet, the login form's errors. Output is TAP.
import { chromium } from "playwright-core";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { pages, docShots } from "./pages.mjs";

const require = createRequire(import.meta.url);
const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "..", "..");
const BASE = process.env.CONG_URL;
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const USER = process.env.CONG_USER || "";
const PASSWORD = process.env.CONG_PASSWORD || "";
const SHOTS = path.join(HERE, "screenshots");
const DOCS = process.env.CONG_DOCS_SHOTS === "1" ?
    path.join(ROOT, "docs", "screenshots") : null;
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const WIDTHS = [{ width: 375, height: 812 }, { width: 1280, height: 900 }];
const axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"),
    "utf8");
const VNU = path.join(ROOT, "node_modules", "vnu-jar", "build", "dist",
    "vnu.jar");

/* ------------------------------------------------------------------ */
/* TAP                                                                 */

let n = 0, failed = 0;

function ok(cond, name, detail) {
	n++;
	if (cond) {
		console.log(`ok ${n} - ${name}`);
	} else {
		failed++;
		console.log(`not ok ${n} - ${name}`);
		if (detail !== undefined)
			for (const line of String(detail).slice(0, 3000).split("\n"))
				console.log(`#   ${line}`);
	}
	return cond;
}

function skip(name, why) {
	n++;
	console.log(`ok ${n} - ${name} # SKIP ${why}`);
}

async function check(name, fn) {
	try {
		await fn();
	} catch (e) {
		ok(false, name, e && e.stack ? e.stack : e);
	}
}

/* ------------------------------------------------------------------ */
/* Helpers                                                             */

// A fresh context (its own cookies and storage); steps time out in 10 s.
async function newContext(browser, opts) {
	const ctx = await browser.newContext(opts);
	ctx.setDefaultTimeout(10000);
	return ctx;
}

async function fetchPage(p, cookie) {
	const r = await fetch(BASE + p, {
		redirect: "manual",
		headers: cookie ? { cookie } : {},
	});
	return { status: r.status, body: await r.text() };
}

// The first candidate path that answers the page's status.
async function resolve(page, cookie) {
	const want = page.status || 200;
	const cands = Array.isArray(page.path) ? page.path : [page.path];
	const seen = [];

	for (const p of cands) {
		const r = await fetchPage(p, cookie);
		if (r.status === want)
			return { path: p, html: r.body };
		seen.push(`${p}: ${r.status}`);
	}
	return { path: null, seen: seen.join(", ") };
}

async function runAxe(page) {
	await page.evaluate(() => document.fonts.ready);
	if (!(await page.evaluate(() => typeof window.axe === "object")))
		await page.evaluate(axeSource);
	const res = await page.evaluate((tags) => window.axe.run(document, {
		runOnly: { type: "tag", values: tags },
		resultTypes: ["violations"],
	}), AXE_TAGS);
	return res.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n` +
	    v.nodes.slice(0, 4).map((x) => `    ${x.target.join(" ")}: ` +
	    x.failureSummary.replace(/\s+/g, " ").slice(0, 300)).join("\n"));
}

async function cookieHeader(context) {
	const cs = await context.cookies(BASE);
	return cs.map((c) => `${c.name}=${c.value}`).join("; ");
}

// Fills the login form: the user name field, the password, submit.
async function fillLogin(page, user, password) {
	const form = page.locator("form").filter({
		has: page.locator("input[type=password]"),
	}).first();
	const name = form.locator("input[autocomplete=username], " +
	    "input[type=text], input[type=email]").first();
	await name.fill(user);
	await form.locator("input[type=password]").first().fill(password);
	await Promise.all([
		page.waitForLoadState("load"),
		form.locator("button[type=submit], input[type=submit], " +
		    "button:not([type])").first().click(),
	]);
	return { form, name };
}

async function tabTo(page, pred, max) {
	for (let i = 0; i < max; i++) {
		await page.keyboard.press("Tab");
		const hit = await page.evaluate(pred);
		if (hit)
			return true;
	}
	return false;
}

/* ------------------------------------------------------------------ */
/* The suite                                                           */

async function main() {
	fs.mkdirSync(SHOTS, { recursive: true });
	if (DOCS)
		fs.mkdirSync(DOCS, { recursive: true });
	const htmlDir = fs.mkdtempSync(path.join(os.tmpdir(), "cong-html-"));
	const browser = await chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
		args: ["--no-sandbox", "--disable-gpu", "--no-first-run",
		    "--disable-background-networking",
		    "--disable-component-update", "--disable-sync",
		    // Loopback only: every other name fails to resolve.
		    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"],
	});
	const t0 = Date.now();
	let closing = false;
	browser.on("disconnected", () => {
		if (!closing)
			console.log("# chromium exited before the suite ended");
	});

	try {
		const user = await newContext(browser, { locale: "vi-VN" });
		let cookie = "";

		// The newsroom user's session, for the pages marked login.
		if (USER) {
			const p = await user.newPage();
			const r = await p.goto(BASE + "/quan-tri/dang-nhap");
			if (r && r.status() === 200) {
				await fillLogin(p, USER, PASSWORD);
				cookie = await cookieHeader(user);
				ok(cookie !== "" && !/dang-nhap/.test(p.url()),
				    "newsroom: log in as the test user", p.url());
			}
			await p.close();
		}

		const found = {};
		for (const pg of pages) {
			if (pg.login && !cookie) {
				skip(`${pg.name}: checks`, "no newsroom user " +
				    "(cong user add or the login page is missing)");
				continue;
			}
			const r = await resolve(pg, pg.login ? cookie : "");
			if (!r.path) {
				if (pg.optional)
					skip(`${pg.name}: checks`, `not built yet (${r.seen})`);
				else
					ok(false, `${pg.name}: answers ${pg.status || 200}`,
					    r.seen);
				continue;
			}
			found[pg.name] = r.path;
			ok(true, `${pg.name}: ${r.path} answers ${pg.status || 200}`);
			fs.writeFileSync(path.join(htmlDir, `${pg.name}.html`),
			    r.html);
			if (pg.public) {
				const inline = [...r.html.matchAll(
				    /<script\b(?![^>]*\bsrc=)(?![^>]*type="application\/ld\+json")[^>]*>/gi)]
				    .map((m) => m[0]);
				const handlers = [...r.html.matchAll(
				    /<[a-z][^>]*\son[a-z]+\s*=/gi)].map((m) => m[0]);
				ok(inline.length === 0 && handlers.length === 0 &&
				    !/javascript:/i.test(r.html),
				    `${pg.name}: no inline script or handler`,
				    inline.concat(handlers).join("\n"));
			}
			const ctx = pg.login ? user : await newContext(browser, {
			    locale: "vi-VN" });
			const page = await ctx.newPage();
			const outside = [];
			page.on("request", (q) => {
				const u = q.url();
				if (!u.startsWith(BASE + "/") && !u.startsWith("data:"))
					outside.push(u);
			});
			for (const vp of WIDTHS) {
				await page.setViewportSize(vp);
				await page.goto(BASE + r.path, { waitUntil: "load" });
				const v = await runAxe(page);
				ok(v.length === 0, `${pg.name}: no axe violations at ` +
				    `${vp.width} px`, v.join("\n"));
				if (vp.width < 400) {
					const w = await page.evaluate(() =>
					    document.documentElement.scrollWidth);
					ok(w <= vp.width, `${pg.name}: no sideways ` +
					    `scrolling at ${vp.width} px`, `scrollWidth ${w}`);
				}
				await page.screenshot({ fullPage: true, path: path.join(
				    SHOTS, `${pg.name}-${vp.width}.png`) });
				for (const d of docShots)
					if (DOCS && d.page === pg.name &&
					    d.width === vp.width) {
						await page.setViewportSize(d);
						await page.screenshot({ path: path.join(DOCS,
						    `${pg.name}-${d.width}.png`) });
					}
			}
			ok(outside.length === 0, `${pg.name}: every request goes ` +
			    "to the portal itself (fonts, styles, scripts)",
			    outside.join("\n"));
			await page.close();
			if (!pg.login)
				await ctx.close();
		}

		await flows(browser, found, user);
		await user.close();
		await validate(htmlDir);
	} finally {
		closing = true;
		await browser.close();
		fs.rmSync(htmlDir, { recursive: true, force: true });
	}
	console.log(`# ${n} checks in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
	console.log(`1..${n}`);
	process.exitCode = failed ? 1 : 0;
}

/* ------------------------------------------------------------------ */
/* Flows                                                               */

async function flows(browser, found, loggedIn) {
	const ctx = await newContext(browser, { locale: "vi-VN",
	    viewport: { width: 1280, height: 900 } });
	const page = await ctx.newPage();

	await check("keyboard: first Tab reaches the skip link, which " +
	    "moves to the main content", async () => {
		await page.goto(BASE + "/");
		await page.keyboard.press("Tab");
		const a = await page.evaluate(() => ({
			text: document.activeElement.textContent,
			href: document.activeElement.getAttribute("href"),
			outline: getComputedStyle(document.activeElement)
			    .outlineStyle,
			top: document.activeElement.getBoundingClientRect().top,
		}));
		ok(a.href === "#noi-dung" && /nội dung/.test(a.text) &&
		    a.outline !== "none" && a.top >= 0,
		    "keyboard: first Tab reaches the visible skip link",
		    JSON.stringify(a));
		await page.keyboard.press("Enter");
		await page.keyboard.press("Tab");
		const inMain = await page.evaluate(() =>
		    !!document.activeElement.closest("main"));
		ok(inMain, "keyboard: after the skip link, Tab is in <main>");
	});

	await check("keyboard: focus is visible on links", async () => {
		await page.goto(BASE + "/");
		const got = await tabTo(page, () =>
		    !!document.activeElement.closest(".menu a"), 40);
		const style = await page.evaluate(() => {
			const s = getComputedStyle(document.activeElement);
			return `${s.outlineStyle} ${s.outlineWidth}`;
		});
		ok(got && !/^none/.test(style) && !/ 0px$/.test(style),
		    "keyboard: a focused menu link shows an outline", style);
	});

	if (found.search) {
		await check("keyboard: search flow", async () => {
			await page.goto(BASE + "/");
			const box = await tabTo(page, () =>
			    document.activeElement.matches("input[name=q]"), 20);
			ok(box, "keyboard: Tab reaches the search box");
			await page.keyboard.type("thi đua");
			await Promise.all([page.waitForURL(/\/tim-kiem\?/),
			    page.keyboard.press("Enter")]);
			ok(/\/tim-kiem\?q=thi/.test(page.url()),
			    "keyboard: Enter submits the search", page.url());
			const link = await tabTo(page, () => {
				const a = document.activeElement;
				return !!(a && a.closest("main") &&
				    /\/tin-tuc\//.test(a.getAttribute("href") || ""));
			}, 60);
			ok(link, "keyboard: Tab reaches a result link");
			await Promise.all([page.waitForURL(/\/tin-tuc\//),
			    page.keyboard.press("Enter")]);
			const h1 = await page.locator("h1.story-title").count();
			ok(/\/tin-tuc\//.test(page.url()) && h1 === 1,
			    "keyboard: Enter on the result opens the article",
			    page.url());
		});
	} else {
		skip("keyboard: search flow", "no search page yet");
	}

	await check("display: text size", async () => {
		await page.goto(BASE + found.article);
		const size = () => page.evaluate(() => parseFloat(
		    getComputedStyle(document.querySelector(".story-body"))
		    .fontSize));
		const base = await size();
		const plus = page.locator("#hien-thi button[data-cochu='1']");
		const minus = page.locator("#hien-thi button[data-cochu='-1']");
		ok(await plus.isVisible() && await minus.isVisible(),
		    "display: A− and A+ buttons are shown when JS runs");
		const label = await page.locator("#hien-thi button").evaluateAll(
		    (bs) => bs.map((b) => b.textContent.trim()).join(" | "));
		ok(/giảm cỡ chữ/.test(label) && /tăng cỡ chữ/.test(label) &&
		    /Tương phản cao/.test(label),
		    "display: buttons carry Vietnamese labels", label);
		await plus.click();
		await plus.click();
		const big = await size();
		ok(big > base * 1.2, "display: A+ twice makes the text larger",
		    `${base} -> ${big}`);
		ok(await plus.getAttribute("aria-pressed") === "true",
		    "display: A+ is aria-pressed while the text is larger");
		await page.reload();
		const kept = await size();
		ok(kept === big && await page.evaluate(() =>
		    document.documentElement.classList.contains("co-chu-2")),
		    "display: text size is kept across pages (localStorage)",
		    `${big} -> ${kept}`);
		const v = await runAxe(page);
		ok(v.length === 0, "display: no axe violations at 125% text",
		    v.join("\n"));
		await page.setViewportSize({ width: 375, height: 812 });
		const wide = await page.evaluate(() =>
		    document.documentElement.scrollWidth);
		ok(wide <= 375, "display: at 125% text a 375 px phone " +
		    "needs no sideways scrolling", `scrollWidth ${wide}`);
		await page.screenshot({ path: path.join(SHOTS,
		    "article-text125-375.png") });
		await page.setViewportSize({ width: 1280, height: 900 });
		await minus.click();
		await minus.click();
		ok(await size() === base && await minus.getAttribute(
		    "aria-disabled") === "true",
		    "display: A− returns to the default size, then is " +
		    "aria-disabled");
		await minus.click({ force: true });
		const focus = await page.evaluate(() =>
		    document.activeElement.getAttribute("data-cochu"));
		ok(await size() === base && focus === "-1",
		    "display: A− at the default size does nothing and keeps " +
		    "the focus", focus);
	});

	await check("display: high contrast", async () => {
		await page.goto(BASE + found.article);
		const btn = page.locator("#hien-thi button[data-tuongphan]");
		ok(await btn.getAttribute("aria-pressed") === "false",
		    "contrast: off at first (aria-pressed=false)");
		await btn.click();
		await page.reload();
		const st = await page.evaluate(() => ({
			on: document.documentElement.classList
			    .contains("tuong-phan-cao"),
			bg: getComputedStyle(document.body).backgroundColor,
			pressed: document.querySelector("[data-tuongphan]")
			    .getAttribute("aria-pressed"),
		}));
		ok(st.on && st.bg === "rgb(0, 0, 0)" && st.pressed === "true",
		    "contrast: on, kept after reload, aria-pressed=true",
		    JSON.stringify(st));
		const v = await runAxe(page);
		ok(v.length === 0, "contrast: no axe violations in " +
		    "high-contrast mode", v.join("\n"));
		await page.screenshot({ fullPage: true,
		    path: path.join(SHOTS, "article-contrast-1280.png") });
		await page.goto(BASE + "/");
		const v2 = await runAxe(page);
		ok(v2.length === 0, "contrast: home has no axe violations in " +
		    "high-contrast mode", v2.join("\n"));
		await page.screenshot({ fullPage: true,
		    path: path.join(SHOTS, "home-contrast-1280.png") });
		await page.locator("#hien-thi button[data-tuongphan]").click();
		ok(!(await page.evaluate(() => document.documentElement
		    .classList.contains("tuong-phan-cao"))),
		    "contrast: a second press turns it off");
	});

	await check("article: the seed's order", async () => {
		await page.goto(BASE + found.article);
		const order = await page.evaluate(() => {
			const sel = [".story .section", ".story-title", ".stamp",
			    ".story-lead", ".story-body", ".story-body figure",
			    ".story-body figcaption", ".author"];
			const els = sel.map((s) => document.querySelector(s));
			const missing = sel.filter((s, i) => !els[i]);
			let inOrder = missing.length === 0;
			for (let i = 1; inOrder && i < els.length; i++)
				if (els[i - 1].compareDocumentPosition(els[i]) &
				    Node.DOCUMENT_POSITION_PRECEDING)
					inOrder = false;
			const author = document.querySelector(".author");
			return {
				missing, inOrder,
				align: author && getComputedStyle(author).textAlign,
				crumbs: document.querySelectorAll(".crumbs a").length,
				h1: document.querySelectorAll("h1").length,
			};
		});
		ok(order.inOrder, "article: section, title, time stamp, lead, " +
		    "body, figure, caption, author in that order",
		    JSON.stringify(order));
		ok(order.align === "right", "article: author is right-aligned",
		    order.align);
		ok(order.crumbs >= 2 && order.h1 === 1,
		    "article: breadcrumbs and one h1", JSON.stringify(order));
		const imgs = await page.evaluate(() => [...document.images]
		    .filter((i) => !i.hasAttribute("alt")).map((i) => i.src));
		ok(imgs.length === 0, "article: every img has an alt", imgs);
	});

	await check("category: breadcrumbs", async () => {
		await page.goto(BASE + found.category);
		const c = await page.evaluate(() => ({
			n: document.querySelectorAll(".crumbs li").length,
			cur: !!document.querySelector(".crumbs [aria-current=page]"),
		}));
		ok(c.n >= 2 && c.cur, "category: breadcrumbs with the " +
		    "current page marked", JSON.stringify(c));
	});

	await check("fonts", async () => {
		await page.goto(BASE + found.article);
		const f = await page.evaluate(async () => {
			await document.fonts.ready;
			const loaded = [...document.fonts].filter((x) =>
			    x.status === "loaded").map((x) =>
			    `${x.family} ${x.weight} ${x.style}`);
			return { loaded, check: document.fonts.check(
			    "16px 'Noto Sans'", "Nghị quyết Ủy ban ỹ ự ữ đ") };
		});
		ok(f.check && f.loaded.some((x) => /Noto Sans 400 normal/
		    .test(x)) && f.loaded.some((x) => /Noto Sans 700/.test(x)),
		    "fonts: Noto Sans (self-hosted) is loaded for Vietnamese " +
		    "text", JSON.stringify(f));
	});

	await check("print", async () => {
		await page.goto(BASE + found.article);
		await page.emulateMedia({ media: "print" });
		const p = await page.evaluate(() => ({
			head: getComputedStyle(document.querySelector(".menu"))
			    .display,
			portal: getComputedStyle(document.querySelector(".portal"))
			    .display,
			foot: getComputedStyle(document.querySelector(
			    ".site-footer")).display,
			title: getComputedStyle(document.querySelector(
			    ".story-title")).display,
		}));
		await page.setViewportSize({ width: 700, height: 1000 });
		await page.screenshot({ fullPage: true,
		    path: path.join(SHOTS, "article-print.png") });
		await page.setViewportSize({ width: 1280, height: 900 });
		await page.emulateMedia({ media: "screen" });
		ok(p.head === "none" && p.foot === "none" &&
		    p.title !== "none" && p.portal !== "none",
		    "print: the article prints under the portal's name, " +
		    "without menu and footer",
		    JSON.stringify(p));
	});
	await page.close();
	await ctx.close();

	// Without JavaScript: the page is whole, the JS-only controls hidden.
	await check("no JavaScript", async () => {
		const nojs = await newContext(browser, { javaScriptEnabled: false,
		    viewport: { width: 375, height: 812 } });
		const p = await nojs.newPage();
		await p.goto(BASE + found.article);
		const s = await p.locator("h1").count();
		const ctl = await p.locator("#hien-thi").isVisible();
		const body = await p.locator(".story-body p").count();
		ok(s === 1 && body > 0 && !ctl, "no JavaScript: the article is " +
		    "whole and the display controls are hidden",
		    JSON.stringify({ s, body, ctl }));
		await p.screenshot({ fullPage: true,
		    path: path.join(SHOTS, "article-nojs-375.png") });
		await nojs.close();
	});

	if (found.login)
		await loginForm(browser, found.login);
	else
		skip("login form keeps what was typed", "no login page yet");

	if (found.editor && loggedIn)
		await editorForm(loggedIn, found.editor);
	else
		skip("editor form keeps what was typed", "no editor page yet");

	// Newsroom forms work by keyboard: Tab reaches every control.
	for (const name of ["login", "editor"]) {
		if (!found[name]) {
			skip(`keyboard: every control of ${name} by Tab`,
			    "page not built yet");
			continue;
		}
		await check(`keyboard: ${name}`, async () => {
			const pg = pages.find((x) => x.name === name);
			const c = pg.login ? loggedIn : await newContext(browser,
			    { locale: "vi-VN" });
			const page2 = await c.newPage();
			await page2.goto(BASE + found[name]);
			const missed = await tabEverywhere(page2);
			ok(missed.length === 0, `keyboard: every control of ` +
			    `${name} is reached by Tab`, missed.join("\n"));
			await page2.close();
			if (!pg.login)
				await c.close();
		});
	}
}

// Tabs through the page (up to 400 stops) and returns the visible form
// controls of <main> that never got the focus (a radio group counts as
// reached when one of its buttons was: arrows move within it).
async function tabEverywhere(page) {
	await page.evaluate(() => {
		window.__seen = new Set();
		document.addEventListener("focusin", (e) =>
		    window.__seen.add(e.target), true);
	});
	for (let i = 0; i < 400; i++) {
		await page.keyboard.press("Tab");
		if (await page.evaluate(() =>
		    document.activeElement === document.body))
			break;
	}
	return page.evaluate(() => {
		const root = document.querySelector("main") || document.body;
		const groups = new Set([...window.__seen].filter((el) =>
		    el.type === "radio").map((el) => el.name));
		return [...root.querySelectorAll("input:not([type=hidden]), " +
		    "select, textarea, button, [contenteditable=true]")]
		    .filter((el) => !el.disabled && el.checkVisibility({
		    visibilityProperty: true }) &&
		    !window.__seen.has(el) && !(el.type === "radio" &&
		    groups.has(el.name)))
		    .map((el) => el.outerHTML.slice(0, 120));
	});
}

// A failed login keeps the user name and says why in Vietnamese, next to
// the form; a missing field gets its own error beside it, tied to it by
// aria-describedby and marked aria-invalid.
async function loginForm(browser, loginPath) {
	const vietnamese = (m) => /[à-ỹđ]/i.test(m);

	await check("login form", async () => {
		const ctx = await newContext(browser, { locale: "vi-VN" });
		const page = await ctx.newPage();
		await page.goto(BASE + loginPath);
		const typed = "nguoi.dung.thu";
		await fillLogin(page, typed, "sai-mat-khau-1");
		const st = await page.evaluate((typedName) => {
			const pw = document.querySelector("input[type=password]");
			const form = pw && pw.form;
			const box = form && form.parentElement;
			const name = form && [...form.querySelectorAll("input")]
			    .find((i) => i.value === typedName);
			const msgs = [...(box ? box.querySelectorAll(
			    "[role=alert], .form-error, .field-error") : [])]
			    .map((el) => el.textContent.trim()).filter(Boolean);
			return { kept: !!name, msgs, url: location.pathname };
		}, typed);
		ok(st.kept, "login: a failed login keeps the typed user name",
		    JSON.stringify(st));
		ok(st.msgs.some(vietnamese), "login: a wrong password is " +
		    "said in Vietnamese beside the form", JSON.stringify(st));
		const v = await runAxe(page);
		ok(v.length === 0, "login: no axe violations on the failed " +
		    "login page", v.join("\n"));
		await page.screenshot({ fullPage: true,
		    path: path.join(SHOTS, "login-error-375.png") });

		// No user name: the error is the field's own.
		await page.goto(BASE + loginPath);
		await fillLogin(page, "", "mat-khau-bat-ky");
		const f = await page.evaluate(() => {
			const pw = document.querySelector("input[type=password]");
			const input = pw && pw.form && pw.form.querySelector(
			    "input[autocomplete=username], input[type=text]");
			const ids = input ? (input.getAttribute(
			    "aria-describedby") || "").split(/\s+/) : [];
			const errs = ids.map((id) => document.getElementById(id))
			    .filter(Boolean);
			return {
				invalid: input && input.getAttribute("aria-invalid"),
				text: errs.map((e) => e.textContent.trim()).join(" "),
				beside: errs.some((e) => e.parentElement ===
				    input.parentElement),
			};
		});
		ok(f.invalid === "true" && f.beside && vietnamese(f.text),
		    "login: a missing user name gets its error beside the " +
		    "field (aria-invalid, aria-describedby), in Vietnamese",
		    JSON.stringify(f));
		await ctx.close();
	});
}

// The article editor, sent without a title or a section: what was typed
// stays, and each error is written beside its field, in Vietnamese.
async function editorForm(ctx, editorPath) {
	await check("editor form", async () => {
		const page = await ctx.newPage();
		await page.goto(BASE + editorPath);
		const lead = "Sapo thử nghiệm: Ủy ban nhân dân huyện";
		const author = "Nguyễn Thị Thử";
		await page.locator("#e-lead").fill(lead);
		await page.locator("#e-author").fill(author);
		await Promise.all([page.waitForLoadState("load"),
		    page.locator("button[name=action][value=edit]").click()]);
		const st = await page.evaluate(() => {
			const val = (id) => {
				const el = document.getElementById(id);
				return el ? el.value : null;
			};
			const errs = [...document.querySelectorAll(".field-error")];
			return {
				lead: val("e-lead"), author: val("e-author"),
				errors: errs.map((e) => e.textContent.trim()),
				beside: errs.every((e) => e.parentElement.querySelector(
				    "input, select, textarea") !== null ||
				    e.closest("fieldset") !== null),
				title: (() => {
					const i = document.getElementById("e-title");
					const d = i && i.getAttribute("aria-describedby");
					const e = d && document.getElementById(d);
					return { invalid: i && i.getAttribute(
					    "aria-invalid"), text: e ? e.textContent : "" };
				})(),
			};
		});
		ok(st.lead === lead && st.author === author, "editor: a form " +
		    "sent with errors keeps what was typed", JSON.stringify(st));
		ok(st.errors.length > 0 && st.beside && st.errors.every((m) =>
		    /[à-ỹđ]/i.test(m)), "editor: each error sits beside its " +
		    "field, in Vietnamese", JSON.stringify(st));
		ok(st.title.invalid === "true" && /[à-ỹđ]/i.test(st.title.text),
		    "editor: the missing title is marked aria-invalid and " +
		    "described by its error", JSON.stringify(st.title));
		const v = await runAxe(page);
		ok(v.length === 0, "editor: no axe violations on the form " +
		    "with errors", v.join("\n"));
		await page.screenshot({ fullPage: true,
		    path: path.join(SHOTS, "editor-errors-1280.png") });
		await page.close();
	});
}

/* ------------------------------------------------------------------ */
/* The Nu HTML Checker                                                 */

async function validate(dir) {
	const files = fs.readdirSync(dir).filter((f) => f.endsWith(".html"))
	    .sort();
	const r = spawnSync("java", ["-Xss1024k", "-jar", VNU, "--format",
	    "json", "--stdout", ...files.map((f) => path.join(dir, f))],
	    { encoding: "utf8", maxBuffer: 64 << 20 });
	let messages;
	try {
		messages = JSON.parse(r.stdout).messages;
	} catch (e) {
		ok(false, "html: the Nu HTML Checker ran", `${r.error || ""} ` +
		    `${r.stderr}`.slice(0, 2000));
		return;
	}
	for (const f of files) {
		const errs = messages.filter((m) => (m.type === "error" ||
		    m.type === "non-document-error") && m.url &&
		    m.url.endsWith("/" + f));
		ok(errs.length === 0, `html: ${f.replace(/\.html$/, "")} is ` +
		    "valid HTML (Nu HTML Checker)", errs.slice(0, 10).map((m) =>
		    `line ${m.lastLine}: ${m.message}`).join("\n"));
	}
}

main().catch((e) => {
	ok(false, "browser suite ran to the end", e && e.stack ? e.stack : e);
	console.log(`1..${n}`);
	process.exitCode = 1;
});
