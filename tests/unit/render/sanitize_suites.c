/* SPDX-License-Identifier: ISC */
/*
 * Outside suites for render/sanitize.c: every line of
 * $SHARED/testdata/xss/payloads.txt, every "payload" of
 * dompurify-expect.json and every "input" of
 * html5lib-sanitizer-tests1.json is sanitized, and the output is parsed
 * again with gumbo and walked: it fails on an element or attribute outside
 * the allowlist, an on* attribute, a URL with a scheme other than http,
 * https or mailto, an image outside the media prefix, a comment, or an
 * element that must never survive. The output must also be a fixed point:
 * sanitize(sanitize(x)) == sanitize(x). Plain TAP, one line per input.
 *
 * The checker (check_output) is written apart from the sanitizer's own
 * tables on purpose, and fuzz/sanitize.c includes this file with
 * SANITIZE_SUITES_NO_MAIN defined to reuse it.
 */
#include "base/common.h"

#include <stdio.h>
#include <strings.h>

#include <gumbo.h>

#include "base/buf.h"
#include "render/sanitize.h"

#define CHECK_MEDIA_PREFIX	"/media/"
#define CHECK_MAX_DEPTH		(SANITIZE_MAX_DEPTH + 8)

static const char *const check_elements[] = {
	"p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "b", "em",
	"i", "u", "s", "sub", "sup", "small", "mark", "blockquote", "q",
	"cite", "code", "pre", "ul", "ol", "li", "dl", "dt", "dd", "a", "img",
	"figure", "figcaption", "table", "caption", "thead", "tbody", "tfoot",
	"tr", "th", "td", "colgroup", "col", "span", "div", "abbr", "time",
};

static const char *const check_attrs[] = {
	"href", "title", "src", "alt", "width", "height", "colspan",
	"rowspan", "scope", "start", "type", "reversed", "value", "datetime",
	"cite", "class",
};

static const char *const check_url_attrs[] = {
	"href", "src", "cite", "action", "formaction", "xlink:href",
};

static bool
check_in(const char *const *set, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(set[i], name) == 0)
			return true;
	return false;
}

static bool
check_prefix(const char *s, size_t n, const char *prefix)
{
	size_t l = strlen(prefix);

	return n >= l && memcmp(s, prefix, l) == 0;
}

/*
 * A URL value is refused if, trimmed, stripped of tabs and newlines and
 * lowercased, it starts with a scheme other than http, https, mailto.
 */
static bool
check_url(const char *v, bool img, char *why, size_t whylen)
{
	char u[64];
	size_t n = 0, i;

	while (*v && (unsigned char)*v <= 0x20)
		v++;
	for (; *v && n < sizeof(u) - 1; v++) {
		if (*v == '\t' || *v == '\n' || *v == '\r')
			continue;
		u[n++] = (char)((*v >= 'A' && *v <= 'Z') ? *v + 32 : *v);
	}
	u[n] = '\0';
	if (img && !check_prefix(u, n, CHECK_MEDIA_PREFIX) &&
	    !check_prefix(u, n, "https:")) {
		snprintf(why, whylen, "image source '%s'", u);
		return false;
	}
	for (i = 0; i < n; i++) {
		if (u[i] == '/' || u[i] == '?' || u[i] == '#')
			return true;
		if (u[i] != ':')
			continue;
		if ((i == 4 && memcmp(u, "http", 4) == 0) ||
		    (i == 5 && memcmp(u, "https", 5) == 0) ||
		    (i == 6 && memcmp(u, "mailto", 6) == 0))
			return true;
		snprintf(why, whylen, "url '%s'", u);
		return false;
	}
	return true;
}

static bool
check_node(const GumboNode *n, int depth, char *why, size_t whylen)
{
	const GumboElement *el;
	const GumboAttribute *at;
	const char *name;
	size_t i;

	if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE)
		return true;
	if (n->type != GUMBO_NODE_ELEMENT) {
		snprintf(why, whylen, "node of type %d", (int)n->type);
		return false;
	}
	el = &n->v.element;
	name = el->tag == GUMBO_TAG_UNKNOWN ? "(unknown)" :
		gumbo_normalized_tagname(el->tag);
	if (depth > CHECK_MAX_DEPTH) {
		snprintf(why, whylen, "nesting deeper than %d", depth);
		return false;
	}
	if (el->tag_namespace != GUMBO_NAMESPACE_HTML ||
	    !check_in(check_elements, ARRAY_SIZE(check_elements), name)) {
		snprintf(why, whylen, "element <%s> (namespace %d)", name,
			(int)el->tag_namespace);
		return false;
	}
	for (i = 0; i < el->attributes.length; i++) {
		at = el->attributes.data[i];
		if (strncasecmp(at->name, "on", 2) == 0 ||
		    !check_in(check_attrs, ARRAY_SIZE(check_attrs), at->name)) {
			snprintf(why, whylen, "attribute %s on <%s>", at->name,
				name);
			return false;
		}
		if (check_in(check_url_attrs, ARRAY_SIZE(check_url_attrs),
		    at->name) && !check_url(at->value,
		    el->tag == GUMBO_TAG_IMG && strcmp(at->name, "src") == 0,
		    why, whylen))
			return false;
	}
	for (i = 0; i < el->children.length; i++)
		if (!check_node(el->children.data[i], depth + 1, why, whylen))
			return false;
	return true;
}

/*
 * Checks one sanitizer output: parsed again as a <body> fragment, it must
 * hold only allowlisted, harmless markup. On false, why says what.
 */
static bool
check_output(const char *html, size_t len, char *why, size_t whylen)
{
	GumboOptions o = kGumboDefaultOptions;
	GumboOutput *tree;
	const GumboVector *kids;
	bool ok = true;
	size_t i;

	o.fragment_context = GUMBO_TAG_BODY;
	o.max_errors = 0;
	tree = gumbo_parse_with_options(&o, html, len);
	kids = &tree->root->v.element.children;
	for (i = 0; ok && i < kids->length; i++)
		ok = check_node(kids->data[i], 1, why, whylen);
	gumbo_destroy_output(&o, tree);
	return ok;
}

/*
 * Sanitizes in[0..n) with both image policies and checks each output and
 * its fixed point; also runs sanitize_text. On false, why says what.
 */
static bool
check_payload(const char *in, size_t n, char *why, size_t whylen)
{
	static const unsigned flags[] = { 0, SANITIZE_ALLOW_REMOTE_IMG };
	struct sanitize_opts o = { CHECK_MEDIA_PREFIX, 0 };
	struct buf a = BUF_INIT, b = BUF_INIT, t = BUF_INIT;
	enum cong_err err;
	bool ok = false;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(flags); i++) {
		o.flags = flags[i];
		buf_reset(&a);
		buf_reset(&b);
		if ((err = sanitize_html(in, n, &o, &a)) != CONG_OK) {
			snprintf(why, whylen, "sanitize_html: %s",
				cong_strerror(err));
			goto out;
		}
		if (!check_output(a.ptr, a.len, why, whylen))
			goto out;
		if ((err = sanitize_html(a.ptr, a.len, &o, &b)) != CONG_OK) {
			snprintf(why, whylen, "second pass: %s",
				cong_strerror(err));
			goto out;
		}
		if (a.len != b.len || memcmp(a.ptr, b.ptr, a.len) != 0) {
			snprintf(why, whylen, "not idempotent: '%.200s' then "
				"'%.200s'", a.ptr, b.ptr);
			goto out;
		}
	}
	if ((err = sanitize_text(in, n, &t)) != CONG_OK) {
		snprintf(why, whylen, "sanitize_text: %s", cong_strerror(err));
		goto out;
	}
	ok = true;
out:
	buf_release(&a);
	buf_release(&b);
	buf_release(&t);
	return ok;
}

#ifndef SANITIZE_SUITES_NO_MAIN

#include <jansson.h>

struct tap {
	unsigned n, failed;
};

/* One TAP line; the name is cut at the first newline or '#'. */
static void
tap_case(struct tap *tap, const char *suite, size_t idx, const char *label,
	const char *in, size_t n)
{
	char why[600] = "";
	char name[80];
	bool ok = check_payload(in, n, why, sizeof(why));
	size_t i;

	snprintf(name, sizeof(name), "%s", label ? label : "");
	for (i = 0; name[i]; i++)
		if (name[i] == '\n' || name[i] == '\r' || name[i] == '#')
			name[i] = ' ';
	tap->n++;
	if (!ok)
		tap->failed++;
	printf("%s %u - %s %zu %s\n", ok ? "ok" : "not ok", tap->n, suite,
		idx, name);
	if (!ok)
		printf("# %s\n", why);
}

/* The checker must catch what it is there for, or the suites prove nothing. */
static void
run_checker_self_test(struct tap *tap)
{
	static const char *const bad[] = {
		"<a href=\"javascript:alert(1)\">x</a>",
		"<a href=\" JaVa&#x09;ScRiPt:alert(1)\">x</a>",
		"<img src=\"/media/a.png\" onerror=\"alert(1)\">",
		"<img src=\"//evil.example/a.png\">",
		"<img src=\"data:image/png;base64,AAAA\">",
		"<p style=\"color:red\">x</p>",
		"<svg><g></g></svg>",
		"<math><mi>x</mi></math>",
		"<script>alert(1)</script>",
		"<form action=\"/x\"></form>",
		"<p><!-- comment --></p>",
		"<font>x</font>",
		"<blockquote cite=\"vbscript:x\">q</blockquote>",
	};
	char why[600];
	size_t i;
	bool caught;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		caught = !check_output(bad[i], strlen(bad[i]), why,
			sizeof(why));
		tap->n++;
		tap->failed += !caught;
		printf("%s %u - checker refuses %zu\n", caught ? "ok" :
			"not ok", tap->n, i);
	}
}

static bool
run_payloads(struct tap *tap, const char *dir)
{
	char path[4096];
	struct buf file = BUF_INIT;
	char chunk[8192];
	size_t got, line = 0;
	char *p, *nl;
	FILE *f;

	buf_init(&file, LIMIT_IMPORT_FILE);
	snprintf(path, sizeof(path), "%s/testdata/xss/payloads.txt", dir);
	if (!(f = fopen(path, "rb"))) {
		printf("# cannot open '%s'\n", path);
		return false;
	}
	while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&file, chunk, got);
	fclose(f);
	for (p = file.ptr; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		if (!nl)
			nl = p + strlen(p);
		line++;
		if (nl > p)
			tap_case(tap, "payloads.txt line", line, "", p,
				(size_t)(nl - p));
		if (!*nl)
			break;
	}
	buf_release(&file);
	return line > 0;
}

static bool
run_json(struct tap *tap, const char *dir, const char *file,
	const char *field, const char *label)
{
	char path[4096];
	json_error_t jerr;
	json_t *root, *item, *v;
	size_t i;

	snprintf(path, sizeof(path), "%s/testdata/xss/%s", dir, file);
	if (!(root = json_load_file(path, JSON_ALLOW_NUL, &jerr))) {
		printf("# cannot load '%s': %s\n", path, jerr.text);
		return false;
	}
	json_array_foreach(root, i, item) {
		v = json_object_get(item, field);
		tap_case(tap, file, i, json_string_value(json_object_get(item,
			label)), json_string_value(v) ? json_string_value(v) :
			"", json_string_length(v));
	}
	json_decref(root);
	return i > 0;
}

int
main(void)
{
	const char *dir = getenv("SHARED");
	struct tap tap = { 0, 0 };
	bool loaded;

	if (!dir || !*dir) {
		printf("1..1\nnot ok 1 - SHARED is not set: the xss suites "
			"cannot run\n");
		return 1;
	}
	run_checker_self_test(&tap);
	loaded = run_payloads(&tap, dir);
	loaded = run_json(&tap, dir, "dompurify-expect.json", "payload",
		"title") && loaded;
	loaded = run_json(&tap, dir, "html5lib-sanitizer-tests1.json",
		"input", "name") && loaded;
	if (!loaded) {
		tap.n++;
		tap.failed++;
		printf("not ok %u - a suite under '%s/testdata/xss' is missing "
			"or empty\n", tap.n, dir);
	}
	printf("1..%u\n", tap.n);
	return tap.failed ? 1 : 0;
}

#endif
