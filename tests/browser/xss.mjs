// SPDX-License-Identifier: ISC
// Hostile content as a person's browser meets it: every page that shows
// the imported hostile articles is loaded in Chromium with alert/confirm/
// prompt trapped and dialogs watched; then the live DOM is searched for
// anything that could run: a script that is not one of our own static
// files, an on* attribute, a javascript:/vbscript:/data: URL, an
// iframe/object/embed/base/form from the content. Prints TAP.
//
// env: CONG_URL, CHROMIUM, XSS_PATHS (newline-separated paths to load)
import { chromium } from "playwright-core";

const base = process.env.CONG_URL;
const paths = process.env.XSS_PATHS.split("\n").filter(Boolean);
let n = 0, failed = 0;

function tap(ok, name, detail) {
	n++;
	if (!ok)
		failed++;
	console.log(`${ok ? "ok" : "not ok"} ${n} - ${name}`);
	if (!ok && detail)
		console.log(`#   ${String(detail).slice(0, 400)}`);
}

const browser = await chromium.launch({
	executablePath: process.env.CHROMIUM,
	headless: true,
	args: ["--no-sandbox", "--disable-gpu", "--no-first-run",
	    "--disable-background-networking", "--disable-component-update",
	    "--disable-sync",
	    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"],
});
const page = await browser.newPage();
let fired = [];
page.on("dialog", async (d) => {
	fired.push(`dialog: ${d.message()}`);
	await d.dismiss();
});
await page.addInitScript(() => {
	const trap = (what) => () => { window.__xss = (window.__xss || "") + what; };
	window.alert = trap("alert");
	window.confirm = trap("confirm");
	window.prompt = trap("prompt");
});

// The checker itself, on a page that is hostile on purpose: it must see.
const selfCheck = "data:text/html,<main><img src=x onerror=alert(1)>" +
    "<a href='javascript:alert(2)'>x</a><iframe></iframe></main>";
for (const path of [selfCheck].concat(paths)) {
	fired = [];
	let problems = [];
	try {
		await page.goto(path.startsWith("data:") ? path : base + path,
		    { waitUntil: "load", timeout: 20000 });
		await page.waitForTimeout(150);
		const xss = await page.evaluate(() => window.__xss || "");
		if (xss)
			problems.push(`ran: ${xss}`);
		problems = problems.concat(await page.evaluate(() => {
			const bad = [];
			const ours = /^\/static\/(js|vendor)\//;
			for (const s of document.querySelectorAll("script")) {
				const src = s.getAttribute("src");
				const json = s.type === "application/ld+json";
				if (!json && !(src && ours.test(src)) &&
				    !(src && /^https:\/\/emc\./.test(src)))
					bad.push("script " + (src || s.textContent.slice(0, 60)));
			}
			for (const el of document.querySelectorAll("*")) {
				for (const a of el.attributes) {
					const v = a.value.trim().toLowerCase();
					if (/^on/i.test(a.name))
						bad.push(`${el.tagName} ${a.name}`);
					if (/^(href|src|action|formaction|xlink:href|data|srcdoc)$/i.test(a.name) &&
					    /^(javascript|vbscript|data:text\/html)/.test(v.replace(/\s+/g, "")))
						bad.push(`${el.tagName} ${a.name}=${v.slice(0, 40)}`);
				}
			}
			const main = document.querySelector("main") || document.body;
			for (const t of ["iframe", "object", "embed", "base", "svg", "math", "frame"])
				if (main.querySelector(t))
					bad.push(`<${t}> in the content`);
			for (const f of main.querySelectorAll("form"))
				if (!/\/tim-kiem$/.test(f.getAttribute("action") || ""))
					bad.push("a form from the content");
			return bad;
		}));
	} catch (e) {
		problems.push(`load failed: ${e.message}`);
	}
	problems = problems.concat(fired);
	if (path === selfCheck)
		tap(problems.length >= 3, "the checker sees a hostile page " +
		    "(self-check)", problems.join("; "));
	else
		tap(problems.length === 0, `nothing runs on ${path.slice(0, 70)}`,
		    problems.join("; "));
}
await browser.close();
console.log(`1..${n}`);
process.exit(failed ? 1 : 0);
