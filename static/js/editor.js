// SPDX-License-Identifier: ISC
// editor.js: the newsroom's rich-text editor (TinyMCE 6, MIT, vendored
// into /static/vendor/tinymce by scripts/vendor.sh) over the article
// body's <textarea>, on request: a button turns it on and off, and the
// choice is remembered in this browser. Without JavaScript, or before it
// is turned on, the plain <textarea> sends HTML as it is. Whatever the
// editor sends, the server keeps only what its sanitizer allows; the
// editor's own filter (valid_elements) only spares the writer surprises,
// and strips the styles and classes that Word puts on pasted text.
(function () {
	"use strict";
	var area = document.querySelector('textarea[data-editor="rich"]');
	var KEY = "cong.editor.rich";
	var btn, on = false;

	if (!area || !window.tinymce || !area.id)
		return;

	function remember(v) {
		try {
			window.localStorage.setItem(KEY, v ? "1" : "0");
		} catch (e) {
			// private mode: the choice lasts this page only
		}
	}

	function wanted() {
		try {
			return window.localStorage.getItem(KEY) === "1";
		} catch (e) {
			return false;
		}
	}

	// The library's images, listed by the editor page next to the cover.
	function images() {
		var out = [];
		var els = document.querySelectorAll("[data-media-url]");
		for (var i = 0; i < els.length; i++)
			out.push({ title: els[i].getAttribute("data-media-title") ||
			    els[i].getAttribute("data-media-url"),
			    value: els[i].getAttribute("data-media-url") });
		return out;
	}

	function label() {
		btn.textContent = on ? "Tắt trình soạn thảo định dạng" :
		    "Bật trình soạn thảo định dạng";
		btn.setAttribute("aria-pressed", on ? "true" : "false");
	}

	// The words of the toolbar and dialogs this page uses, in
	// Vietnamese (our own translation; anything not listed stays English).
	window.tinymce.addI18n("vi", {
		"Undo": "Hoàn tác", "Redo": "Làm lại", "Blocks": "Kiểu đoạn",
		"Block {0}": "Kiểu đoạn: {0}",
		"Bold": "In đậm", "Italic": "In nghiêng",
		"Bullet list": "Danh sách dấu chấm",
		"Numbered list": "Danh sách đánh số",
		"Insert/edit link": "Chèn/sửa liên kết",
		"Insert/Edit Link": "Chèn/sửa liên kết",
		"Insert/edit image": "Chèn/sửa ảnh",
		"Insert/Edit Image": "Chèn/sửa ảnh",
		"Table": "Bảng", "Clear formatting": "Xoá định dạng",
		"URL": "Địa chỉ", "Text to display": "Chữ hiển thị",
		"Title": "Tiêu đề", "Open link in...": "Mở liên kết ở…",
		"Current window": "Cửa sổ hiện tại", "New window": "Cửa sổ mới",
		"Save": "Lưu", "Cancel": "Huỷ", "Close": "Đóng",
		"Source": "Nguồn ảnh", "Image list": "Ảnh trong thư viện",
		"Alternative description": "Mô tả ảnh (alt)",
		"Image description": "Mô tả ảnh (alt)",
		"Show caption": "Có chú thích", "Caption": "Chú thích",
		"General": "Chung", "Insert table": "Chèn bảng",
		"Table properties": "Thuộc tính bảng",
		"Delete table": "Xoá bảng", "Row": "Hàng", "Column": "Cột",
		"Cell": "Ô", "Paragraph": "Đoạn văn",
		"Heading 2": "Tiêu đề 2", "Heading 3": "Tiêu đề 3",
		"Heading 4": "Tiêu đề 4",
		"Rich Text Area": "Nội dung bài viết",
		"Press Alt+0 for help": "Nhấn Alt+0 để xem trợ giúp"
	});

	function start() {
		window.tinymce.init({
			language: "vi",
			target: area,
			base_url: "/static/vendor/tinymce",
			suffix: ".min",
			menubar: false,
			branding: false,
			promotion: false,
			statusbar: false,
			plugins: "lists link table image autolink",
			toolbar: "undo redo | blocks | bold italic | bullist " +
			    "numlist | link image table | removeformat",
			block_formats: "Đoạn văn=p; Tiêu đề 2=h2; Tiêu đề 3=h3;" +
			    " Tiêu đề 4=h4",
			valid_elements: "p,br,hr,h2,h3,h4,h5,h6,strong/b,em/i,u,s," +
			    "sub,sup,blockquote,ul,ol[start],li,a[href|title]," +
			    "img[src|alt|width|height],figure[class],figcaption," +
			    "table,caption,thead,tbody,tfoot,tr," +
			    "th[colspan|rowspan|scope],td[colspan|rowspan]",
			invalid_styles: "*",
			paste_data_images: false,
			paste_webkit_styles: "none",
			paste_remove_styles_if_webkit: true,
			image_caption: true,
			image_dimensions: false,
			image_list: images(),
			table_default_styles: {},
			table_default_attributes: {},
			relative_urls: false,
			remove_script_host: true,
			link_default_protocol: "https",
			iframe_aria_text: "Nội dung bài viết",
			skin_url: "/static/vendor/tinymce/skins/ui/oxide",
			content_css: "/static/vendor/tinymce/skins/content/" +
			    "default/content.min.css",
			height: 480
		}).then(function () {
			on = true;
			label();
		});
	}

	function stop() {
		var ed = window.tinymce.get(area.id);

		if (ed) {
			ed.save();
			ed.remove();
		}
		on = false;
		label();
	}

	btn = document.createElement("button");
	btn.type = "button";
	btn.className = "editor-toggle";
	btn.addEventListener("click", function () {
		var want = !on;

		if (want)
			start();
		else
			stop();
		remember(want);
	});
	label();
	area.parentNode.insertBefore(btn, area);
	if (wanted())
		start();
}());
