// SPDX-License-Identifier: ISC
// counter.js: fills the footer's visit counters ("Thống kê truy cập")
// from /api/v1/stats. Pages are cached whole, so the numbers are fetched
// when the page is shown instead of being printed into it; the request
// sends no cookie. Without JavaScript the counters stay "-".
(function () {
	"use strict";
	var box = document.getElementById("thong-ke-truy-cap");

	if (!box || !window.fetch)
		return;
	fetch(box.getAttribute("data-src"), { credentials: "omit" })
		.then(function (r) { return r.ok ? r.json() : null; })
		.then(function (s) {
			var cells, i, k;

			if (!s)
				return;
			cells = box.querySelectorAll("[data-k]");
			for (i = 0; i < cells.length; i++) {
				k = cells[i].getAttribute("data-k");
				if (typeof s[k] === "number")
					cells[i].textContent =
					    s[k].toLocaleString("vi-VN");
			}
		})
		.catch(function () {});
}());
