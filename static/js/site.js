// SPDX-License-Identifier: ISC
// site.js: the reader's display settings on the public site: text size
// (A− A+, four steps) and a high-contrast mode. Each is a class on <html>
// ("co-chu-1".."co-chu-3", "tuong-phan-cao") remembered in localStorage,
// so no server state and no cookie; the page is whole without this file
// (the controls carry the hidden attribute until it runs). It also
// scrolls the phone-width menu row to the current entry.
(function () {
	"use strict";
	var root = document.documentElement;
	var SIZES = ["", "co-chu-1", "co-chu-2", "co-chu-3"];
	var PERCENT = [100, 112, 125, 150];
	var KEY_SIZE = "cong.cochu", KEY_HC = "cong.tuongphan";
	var bar = document.getElementById("hien-thi");

	function load(key) {
		try {
			return window.localStorage.getItem(key);
		} catch (e) {
			return null;
		}
	}

	function save(key, value) {
		try {
			if (value === null)
				window.localStorage.removeItem(key);
			else
				window.localStorage.setItem(key, value);
		} catch (e) {
			// Private mode or storage off: the setting lasts for this page.
		}
	}

	function sizeLevel() {
		var n = parseInt(load(KEY_SIZE) || "0", 10);

		return n >= 0 && n < SIZES.length ? n : 0;
	}

	function apply() {
		var level = sizeLevel(), hc = load(KEY_HC) === "1", i;
		var smaller, larger, contrast, status;

		for (i = 1; i < SIZES.length; i++)
			root.classList.toggle(SIZES[i], i === level);
		root.classList.toggle("tuong-phan-cao", hc);
		if (!bar)
			return;
		smaller = bar.querySelector("[data-cochu='-1']");
		larger = bar.querySelector("[data-cochu='1']");
		contrast = bar.querySelector("[data-tuongphan]");
		status = bar.querySelector("[data-muc]");
		// aria-disabled, not disabled: the button keeps the focus.
		if (smaller)
			smaller.setAttribute("aria-disabled",
			    level === 0 ? "true" : "false");
		if (larger) {
			larger.setAttribute("aria-disabled",
			    level === SIZES.length - 1 ? "true" : "false");
			// Pressed while the text is larger than the default.
			larger.setAttribute("aria-pressed",
			    level > 0 ? "true" : "false");
		}
		if (contrast)
			contrast.setAttribute("aria-pressed", hc ? "true" : "false");
		if (status)
			status.textContent = "Cỡ chữ " + PERCENT[level] + "%";
	}

	// On a phone the menu is one scrolling row: show the current entry.
	(function () {
		var cur = document.querySelector(".menu [aria-current='page']");
		var row = cur && cur.closest("ul");

		if (row && row.scrollWidth > row.clientWidth &&
		    cur.offsetLeft + cur.offsetWidth > row.clientWidth)
			row.scrollLeft = cur.offsetLeft - 16;
	}());

	apply();
	if (!bar)
		return;
	bar.addEventListener("click", function (ev) {
		var b = ev.target.closest ? ev.target.closest("button") : null;
		var step, level;

		if (!b || !bar.contains(b))
			return;
		if (b.getAttribute("aria-disabled") === "true")
			return;
		if (b.hasAttribute("data-cochu")) {
			step = parseInt(b.getAttribute("data-cochu"), 10);
			level = Math.min(SIZES.length - 1,
			    Math.max(0, sizeLevel() + step));
			save(KEY_SIZE, level ? String(level) : null);
		} else if (b.hasAttribute("data-tuongphan")) {
			save(KEY_HC, load(KEY_HC) === "1" ? null : "1");
		}
		apply();
	});
	// Another tab changed a setting: follow it.
	window.addEventListener("storage", function (ev) {
		if (ev.key === KEY_SIZE || ev.key === KEY_HC)
			apply();
	});
	bar.hidden = false;
}());
