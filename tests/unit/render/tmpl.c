/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for render/tmpl.c beyond the spec suite: strict-mode
 * refusals, compile errors with file and line, depth and size limits, the
 * output cap, value printing and escaping, and tmpl_set_load_dir naming.
 */
#include "base/common.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "base/buf.h"
#include "render/tmpl.h"

/* Compiles src as "t" in a set with flags and renders it with data. */
static enum cong_err
render_one(unsigned flags, const char *src, const char *data,
    struct buf *out, struct buf *errmsg)
{
	struct tmpl_set *set = NULL;
	json_t *ctx = NULL;
	enum cong_err err;

	assert_int_equal(tmpl_set_new(&set, flags), CONG_OK);
	if ((err = tmpl_set_add(set, "t", src, strlen(src), errmsg)))
		goto out;
	ctx = data ? json_loads(data, 0, NULL) : NULL;
	assert_true(!data || ctx);
	err = tmpl_render(set, "t", ctx, out);
out:
	json_decref(ctx);
	tmpl_set_free(set);
	return err;
}

struct render_case {
	const char *src;
	const char *data;
	const char *out;
};

static const struct render_case render_cases[] = {
	{ "{{x}}", "{\"x\":\"<a href=\\\"u\\\">'&'</a>\"}",
	    "&lt;a href=&quot;u&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;" },
	{ "{{{x}}}{{&x}}", "{\"x\":\"<b>\"}", "<b><b>" },
	{ "{{n}} {{r}} {{big}} {{neg}}",
	    "{\"n\":42,\"r\":1.5,\"big\":1e20,\"neg\":-7}",
	    "42 1.5 1e+20 -7" },
	{ "{{r}}", "{\"r\":0.1}", "0.1" },
	{ "[{{t}}|{{f}}|{{z}}|{{a}}|{{o}}]",
	    "{\"t\":true,\"f\":false,\"z\":null,\"a\":[1],\"o\":{}}",
	    "[true|false|||]" },
	{ "{{#s}}S{{/s}}{{^s}}!S{{/s}}", "{\"s\":\"\"}", "!S" },
	{ "{{#z}}Z{{/z}}{{^z}}!Z{{/z}}", "{\"z\":0}", "!Z" },
	{ "{{#o}}O{{/o}}", "{\"o\":{}}", "O" },
	{ "{{#a}}{{.}},{{/a}}", "{\"a\":[1,\"x\",2.5]}", "1,x,2.5," },
	{ "{{#a}}{{b.c}}{{/a}}", "{\"a\":{\"b\":{\"c\":\"<\"}}}", "&lt;" },
	{ "{{a.b}}", "{\"a\":{\"b\":\"1\"},\"b\":\"2\"}", "1" },
	{ "{{x}}", NULL, "" },
	{ "{{.}}", NULL, "" },
	{ "{{#a}}{{x}}{{/a}}", "{\"x\":\"outer\",\"a\":[{},{\"x\":\"in\"}]}",
	    "outerin" },
	{ "Xin chào {{ten}}!", "{\"ten\":\"Kiên Lương\"}",
	    "Xin chào Kiên Lương!" },
	/* array index extension: digits after a dot index an array */
	{ "{{#a.0}}<ul>{{#a}}{{.}}{{/a}}</ul>{{/a.0}}", "{\"a\":[1,2]}",
	    "<ul>12</ul>" },
	{ "{{#a.0}}<ul>{{/a.0}}{{^a.0}}none{{/a.0}}", "{\"a\":[]}", "none" },
	{ "{{a.1.n}}", "{\"a\":[{\"n\":1},{\"n\":\"b\"}]}", "b" },
	{ "{{a.x}}|{{a.5}}|{{a.-1}}", "{\"a\":[1]}", "||" },
};

static void
tmpl_renders_values(void **state)
{
	struct buf out = BUF_INIT, err = BUF_INIT;
	size_t i;

	UNUSED(state);
	for (i = 0; i < ARRAY_SIZE(render_cases); i++) {
		buf_reset(&out);
		assert_int_equal(render_one(0, render_cases[i].src,
		    render_cases[i].data, &out, &err), CONG_OK);
		assert_string_equal(out.ptr, render_cases[i].out);
	}
	buf_release(&out);
	buf_release(&err);
}

struct strict_case {
	const char *src;
	enum cong_err err;
	const char *msg;	/* expected errmsg, or NULL when it compiles */
};

static const struct strict_case raw_refused[] = {
	{ "{{{body}}}", CONG_EPERM,
	    "t:1: raw output of 'body' refused, expected a name ending in "
	    "'_html' or {{body}}" },
	{ "a\n{{& article.body}}", CONG_EPERM,
	    "t:2: raw output of 'article.body' refused, expected a name "
	    "ending in '_html' or {{article.body}}" },
	{ "{{{.}}}", CONG_EPERM, NULL },
	{ "{{{body_html.x}}}", CONG_EPERM, NULL },
	{ "{{{_html}}}", CONG_EPERM, NULL },
	{ "{{{body_htm}}}", CONG_EPERM, NULL },
	{ "{{=<% %>=}}<%{body}%>", CONG_EPERM, NULL },
};

static void
tmpl_raw_refused_in_strict(void **state)
{
	struct buf out = BUF_INIT, err = BUF_INIT;
	size_t i;

	UNUSED(state);
	for (i = 0; i < ARRAY_SIZE(raw_refused); i++) {
		buf_reset(&err);
		assert_int_equal(render_one(TMPL_STRICT, raw_refused[i].src,
		    "{}", &out, &err), raw_refused[i].err);
		if (raw_refused[i].msg)
			assert_string_equal(err.ptr, raw_refused[i].msg);
		/* The same template is fine outside strict mode. */
		assert_int_equal(render_one(0, raw_refused[i].src, "{}", &out,
		    &err), CONG_OK);
	}
	buf_release(&out);
	buf_release(&err);
}

static void
tmpl_raw_html_key_allowed(void **state)
{
	struct buf out = BUF_INIT, err = BUF_INIT;

	UNUSED(state);
	assert_int_equal(render_one(TMPL_STRICT,
	    "{{{article.body_html}}}|{{& lead_html}}|{{article.title}}",
	    "{\"article\":{\"body_html\":\"<p>Tin</p>\",\"title\":\"<i>\"},"
	    "\"lead_html\":\"<em>x</em>\"}", &out, &err), CONG_OK);
	assert_string_equal(out.ptr, "<p>Tin</p>|<em>x</em>|&lt;i&gt;");
	assert_string_equal(err.ptr, "");
	buf_release(&out);
	buf_release(&err);
}

static void
tmpl_unknown_partial_strict(void **state)
{
	struct tmpl_set *set = NULL;
	struct buf out = BUF_INIT, err = BUF_INIT;
	const char *page = "<h1>\n{{>header}}\n{{<layout}}{{/layout}}";

	UNUSED(state);
	assert_int_equal(tmpl_set_new(&set, TMPL_STRICT), CONG_OK);
	assert_int_equal(tmpl_set_add(set, "page", page, strlen(page), &err),
	    CONG_ENOTFOUND);
	assert_string_equal(err.ptr, "page:2: unknown partial 'header'");
	assert_false(tmpl_set_has(set, "page"));
	assert_int_equal(tmpl_set_add(set, "header", "H", 1, &err), CONG_OK);
	buf_reset(&err);
	assert_int_equal(tmpl_set_add(set, "page", page, strlen(page), &err),
	    CONG_ENOTFOUND);
	assert_string_equal(err.ptr, "page:3: unknown parent 'layout'");
	assert_int_equal(tmpl_set_add(set, "layout", "[{{$b}}{{/b}}]", 14,
	    &err), CONG_OK);
	assert_int_equal(tmpl_set_add(set, "page", page, strlen(page), &err),
	    CONG_OK);
	/* A template may include itself; dynamic names are not checked. */
	assert_int_equal(tmpl_set_add(set, "tree", "{{#k}}{{>tree}}{{/k}}"
	    "{{>*dyn}}", 30, &err), CONG_OK);
	assert_int_equal(tmpl_render(set, "page", NULL, &out), CONG_OK);
	assert_string_equal(out.ptr, "<h1>\nH[]");
	assert_int_equal(tmpl_render(set, "nope", NULL, &out),
	    CONG_ENOTFOUND);
	tmpl_set_free(set);
	/* Outside strict mode a missing partial renders as nothing. */
	buf_reset(&out);
	assert_int_equal(render_one(0, "a{{>nope}}b", NULL, &out, &err),
	    CONG_OK);
	assert_string_equal(out.ptr, "ab");
	buf_release(&out);
	buf_release(&err);
}

static const struct strict_case compile_errors[] = {
	{ "<ul>\n{{#items}}\n<li>{{name}}</li>\n", CONG_EPARSE,
	    "t:2: unclosed section 'items', expected '{{/items}}'" },
	{ "{{#a}}\n{{^b}}\n{{/a}}", CONG_EPARSE,
	    "t:3: mismatched close 'a', expected close of inverted section "
	    "'b' from line 2" },
	{ "x\n\n{{/a}}", CONG_EPARSE,
	    "t:3: unexpected close 'a', no section is open" },
	{ "a\n{{name", CONG_EPARSE, "t:2: unclosed tag, expected '}}'" },
	{ "{{{name}}", CONG_EPARSE, "t:1: unclosed tag, expected '}}}'" },
	{ "{{=<% %>=}}\n<%x", CONG_EPARSE,
	    "t:2: unclosed tag, expected '%>'" },
	{ "{{=<%=}}", CONG_EPARSE,
	    "t:1: bad delimiter change '<%', expected two delimiters like "
	    "{{=<% %>=}}" },
	{ "{{=a b c=}}", CONG_EPARSE, NULL },
	{ "{{=a= b=}}", CONG_EPARSE, NULL },
	{ "{{= =}}", CONG_EPARSE, NULL },
	{ "{{a b}}", CONG_EPARSE, "t:1: bad tag name 'a b'" },
	{ "{{#}}{{/}}", CONG_EPARSE, "t:1: bad tag name ''" },
	{ "{{a..b}}", CONG_EPARSE, "t:1: bad name 'a..b'" },
	{ "{{.a}}", CONG_EPARSE, "t:1: bad name '.a'" },
	{ "{{<p}}\n{{$b}}\n{{/p}}", CONG_EPARSE,
	    "t:3: mismatched close 'p', expected close of block 'b' "
	    "from line 2" },
	{ "{{!\n\n}}\n{{#x}}", CONG_EPARSE,
	    "t:4: unclosed section 'x', expected '{{/x}}'" },
	{ "{{> }}", CONG_EPARSE, NULL },
	{ "{{>* }}", CONG_EPARSE, NULL },
};

static void
tmpl_compile_errors(void **state)
{
	struct buf out = BUF_INIT, err = BUF_INIT;
	size_t i;

	UNUSED(state);
	for (i = 0; i < ARRAY_SIZE(compile_errors); i++) {
		buf_reset(&err);
		assert_int_equal(render_one(0, compile_errors[i].src, NULL,
		    &out, &err), compile_errors[i].err);
		if (compile_errors[i].msg)
			assert_string_equal(err.ptr, compile_errors[i].msg);
		else
			assert_true(err.len > 0);
	}
	buf_release(&out);
	buf_release(&err);
}

/* n nested sections "{{#a}}" ... "{{/a}}" around "x". */
static char *
nested(int n)
{
	struct buf b = BUF_INIT;
	int i;

	for (i = 0; i < n; i++)
		buf_adds(&b, "{{#a}}");
	buf_adds(&b, "x");
	for (i = 0; i < n; i++)
		buf_adds(&b, "{{/a}}");
	return buf_detach(&b, NULL);
}

static void
tmpl_depth_limit(void **state)
{
	struct buf out = BUF_INIT, err = BUF_INIT;
	char *ok = nested(LIMIT_TMPL_DEPTH);
	char *deep = nested(LIMIT_TMPL_DEPTH + 1);

	UNUSED(state);
	assert_int_equal(render_one(0, ok, "{\"a\":true}", &out, &err),
	    CONG_OK);
	assert_string_equal(out.ptr, "x");
	assert_int_equal(render_one(0, deep, "{\"a\":true}", &out, &err),
	    CONG_ETOOBIG);
	assert_non_null(strstr(err.ptr, "t:1: sections nested deeper than"));
	free(ok);
	free(deep);
	buf_release(&out);
	buf_release(&err);
}

static void
tmpl_recursive_partial_stops(void **state)
{
	struct buf out = BUF_INIT, err = BUF_INIT;

	UNUSED(state);
	/* Unbounded self-inclusion: stops at the depth cap, no crash. */
	assert_int_equal(render_one(0, "x{{>t}}", NULL, &out, &err),
	    CONG_ETOOBIG);
	assert_int_equal(out.len, LIMIT_TMPL_DEPTH + 1);
	buf_reset(&out);
	assert_int_equal(render_one(0, "{{<t}}{{/t}}", NULL, &out, &err),
	    CONG_ETOOBIG);
	buf_reset(&out);
	assert_int_equal(render_one(0, "{{$b}}{{$b}}{{/b}}{{/b}}", NULL, &out,
	    &err), CONG_OK);
	/* Bounded recursion on data is fine. */
	buf_reset(&out);
	assert_int_equal(render_one(0, "{{n}}({{#k}}{{>t}}{{/k}})",
	    "{\"n\":1,\"k\":[{\"n\":2,\"k\":[{\"n\":3,\"k\":[]}]}]}",
	    &out, &err),
	    CONG_OK);
	assert_string_equal(out.ptr, "1(2(3()))");
	buf_release(&out);
	buf_release(&err);
}

/* Nested loops that print nothing still stop: the step budget. */
static void
tmpl_step_budget(void **state)
{
	struct buf out = BUF_INIT, err = BUF_INIT;
	char *loops = nested(20);

	UNUSED(state);
	assert_int_equal(render_one(0, loops, "{\"a\":[1,2,3,4]}", &out,
	    &err), CONG_ETOOBIG);
	assert_true(out.len < (1u << 23));
	buf_reset(&out);
	assert_int_equal(render_one(0, loops, "{\"a\":[1]}", &out, &err),
	    CONG_OK);
	assert_string_equal(out.ptr, "x");
	free(loops);
	buf_release(&out);
	buf_release(&err);
}

static void
tmpl_output_cap(void **state)
{
	struct buf out, err = BUF_INIT;

	UNUSED(state);
	buf_init(&out, 10);
	assert_int_equal(render_one(0, "{{#a}}<{{.}}>{{/a}}",
	    "{\"a\":[\"aaaa\",\"bbbb\",\"cccc\"]}", &out, &err),
	    CONG_ETOOBIG);
	assert_true(out.len <= 10);
	assert_false(buf_ok(&out));
	buf_release(&out);
	buf_init(&out, 10);
	assert_int_equal(render_one(0, "{{x}}", "{\"x\":\"<<<\"}", &out,
	    &err), CONG_ETOOBIG);
	buf_release(&out);
	buf_init(&out, 12);
	assert_int_equal(render_one(0, "{{x}}", "{\"x\":\"<<<\"}", &out,
	    &err), CONG_OK);
	assert_string_equal(out.ptr, "&lt;&lt;&lt;");
	buf_release(&out);
	buf_release(&err);
}

static void
tmpl_source_limit(void **state)
{
	struct tmpl_set *set = NULL;
	struct buf err = BUF_INIT;
	char *big = xmalloc(LIMIT_TMPL_SOURCE + 1);

	UNUSED(state);
	memset(big, 'a', LIMIT_TMPL_SOURCE + 1);
	assert_int_equal(tmpl_set_new(&set, 0), CONG_OK);
	assert_int_equal(tmpl_set_add(set, "big", big, LIMIT_TMPL_SOURCE + 1,
	    &err), CONG_ETOOBIG);
	assert_false(tmpl_set_has(set, "big"));
	assert_int_equal(tmpl_set_add(set, "big", big, LIMIT_TMPL_SOURCE,
	    &err), CONG_OK);
	assert_int_equal(tmpl_set_add(set, "big", "x", 1, &err), CONG_EEXIST);
	assert_int_equal(tmpl_set_add(set, "", "x", 1, &err), CONG_EINVAL);
	tmpl_set_free(set);
	assert_int_equal(tmpl_set_new(&set, 8), CONG_EINVAL);
	assert_null(set);
	free(big);
	buf_release(&err);
}

/* Many templates: the name index survives growth. */
static void
tmpl_set_many(void **state)
{
	struct tmpl_set *set = NULL;
	struct buf name = BUF_INIT, out = BUF_INIT;
	int i;

	UNUSED(state);
	assert_int_equal(tmpl_set_new(&set, 0), CONG_OK);
	for (i = 0; i < 300; i++) {
		buf_reset(&name);
		buf_addf(&name, "site/p%d", i);
		assert_int_equal(tmpl_set_add(set, name.ptr, name.ptr,
		    name.len, NULL), CONG_OK);
	}
	for (i = 0; i < 300; i++) {
		buf_reset(&name);
		buf_addf(&name, "site/p%d", i);
		assert_true(tmpl_set_has(set, name.ptr));
		buf_reset(&out);
		assert_int_equal(tmpl_render(set, name.ptr, NULL, &out),
		    CONG_OK);
		assert_string_equal(out.ptr, name.ptr);
	}
	assert_false(tmpl_set_has(set, "site/p300"));
	assert_false(tmpl_set_has(set, NULL));
	assert_false(tmpl_set_has(NULL, "x"));
	tmpl_set_free(set);
	tmpl_set_free(NULL);
	buf_release(&name);
	buf_release(&out);
}

/* One set, several threads rendering at once, same output each time. */
struct thread_job {
	const struct tmpl_set *set;
	json_t *ctx;
	const char *want;
	int bad;
};

static void *
render_loop(void *arg)
{
	struct thread_job *job = arg;
	struct buf out = BUF_INIT;
	int i;

	for (i = 0; i < 2000; i++) {
		buf_reset(&out);
		if (tmpl_render(job->set, "page", job->ctx, &out) ||
		    strcmp(out.ptr, job->want) != 0)
			job->bad++;
	}
	buf_release(&out);
	return NULL;
}

static void
tmpl_threads_share_set(void **state)
{
	static const char layout[] = "<{{$b}}d{{/b}}>\n";
	static const char page[] =
	    "{{<layout}}{{$b}}{{#a}}\n  {{>*p}}\n{{/a}}{{/b}}{{/layout}}";
	struct tmpl_set *set = NULL;
	struct thread_job jobs[4];
	pthread_t th[4];
	json_t *ctx;
	size_t i;

	UNUSED(state);
	ctx = json_loads("{\"p\":\"item\",\"a\":[{\"x\":\"<1>\"},"
	    "{\"x\":2}]}", 0, NULL);
	assert_non_null(ctx);
	assert_int_equal(tmpl_set_new(&set, TMPL_STRICT), CONG_OK);
	assert_int_equal(tmpl_set_add(set, "layout", layout,
	    strlen(layout), NULL), CONG_OK);
	assert_int_equal(tmpl_set_add(set, "item", "{{x}}\n", 6, NULL),
	    CONG_OK);
	assert_int_equal(tmpl_set_add(set, "page", page, strlen(page), NULL),
	    CONG_OK);
	for (i = 0; i < ARRAY_SIZE(th); i++) {
		jobs[i].set = set;
		jobs[i].ctx = ctx;
		jobs[i].want = "<\n  &lt;1&gt;\n\n  2\n>\n";
		jobs[i].bad = 0;
		assert_int_equal(pthread_create(&th[i], NULL, render_loop,
		    &jobs[i]), 0);
	}
	for (i = 0; i < ARRAY_SIZE(th); i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(jobs[i].bad, 0);
	}
	json_decref(ctx);
	tmpl_set_free(set);
}

/* ---------------------------------------------------------------- */
/* load_dir                                                         */
/* ---------------------------------------------------------------- */

static void
write_file(const char *dir, const char *rel, const char *text)
{
	struct buf path = BUF_INIT;
	FILE *f;

	buf_addf(&path, "%s/%s", dir, rel);
	f = fopen(path.ptr, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	buf_release(&path);
}

static void
make_dir(const char *dir, const char *rel)
{
	struct buf path = BUF_INIT;

	buf_addf(&path, "%s/%s", dir, rel);
	assert_int_equal(mkdir(path.ptr, 0700), 0);
	buf_release(&path);
}

static void
remove_tree(const char *dir)
{
	struct buf cmd = BUF_INIT;

	buf_addf(&cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd.ptr), 0);
	buf_release(&cmd);
}

static void
tmpl_load_dir_names(void **state)
{
	char dir[] = "/tmp/cong-tmpl-XXXXXX";
	struct tmpl_set *set = NULL;
	struct buf out = BUF_INIT, err = BUF_INIT;
	json_t *ctx;

	UNUSED(state);
	assert_non_null(mkdtemp(dir));
	make_dir(dir, "partials");
	make_dir(dir, "site");
	make_dir(dir, "site/deep");
	make_dir(dir, ".git");
	write_file(dir, "layout.mustache",
	    "<html>\n  <body>\n    {{$main}}\n    {{/main}}\n  </body>\n"
	    "</html>\n");
	write_file(dir, "partials/header.mustache", "<h1>{{title}}</h1>\n");
	write_file(dir, "site/article.mustache",
	    "{{<layout}}\n{{$main}}\n{{>partials/header}}\n"
	    "{{{body_html}}}\n{{/main}}\n{{/layout}}\n");
	write_file(dir, "site/deep/x.mustache", "x");
	write_file(dir, "notes.txt", "{{#unclosed}}");
	write_file(dir, ".git/y.mustache", "{{#unclosed}}");
	write_file(dir, "site/.hidden.mustache", "{{#unclosed}}");

	assert_int_equal(tmpl_set_new(&set, TMPL_STRICT), CONG_OK);
	assert_int_equal(tmpl_set_load_dir(set, dir, &err), CONG_OK);
	assert_string_equal(err.ptr, "");
	assert_true(tmpl_set_has(set, "layout"));
	assert_true(tmpl_set_has(set, "partials/header"));
	assert_true(tmpl_set_has(set, "site/article"));
	assert_true(tmpl_set_has(set, "site/deep/x"));
	assert_false(tmpl_set_has(set, "notes"));
	assert_false(tmpl_set_has(set, "site/.hidden"));
	assert_false(tmpl_set_has(set, "layout.mustache"));
	ctx = json_pack("{s:s, s:s}", "title", "A & B", "body_html",
	    "<p>Nội dung</p>");
	assert_int_equal(tmpl_render(set, "site/article", ctx, &out),
	    CONG_OK);
	assert_string_equal(out.ptr, "<html>\n  <body>\n"
	    "    <h1>A &amp; B</h1>\n    <p>Nội dung</p>\n"
	    "  </body>\n</html>\n");
	json_decref(ctx);
	tmpl_set_free(set);

	/* A compile error names the file and line. */
	write_file(dir, "site/bad.mustache", "<ul>\n\n{{#items}}\n");
	buf_reset(&err);
	assert_int_equal(tmpl_set_new(&set, TMPL_STRICT), CONG_OK);
	assert_int_equal(tmpl_set_load_dir(set, dir, &err), CONG_EPARSE);
	assert_non_null(strstr(err.ptr, "/site/bad.mustache:3: unclosed "
	    "section 'items'"));
	assert_int_equal(strncmp(err.ptr, dir, strlen(dir)), 0);
	tmpl_set_free(set);

	/* Strict: partials are checked after every file is in. */
	write_file(dir, "site/bad.mustache", "a\n{{>partials/footer}}\n");
	buf_reset(&err);
	assert_int_equal(tmpl_set_new(&set, TMPL_STRICT), CONG_OK);
	assert_int_equal(tmpl_set_load_dir(set, dir, &err), CONG_ENOTFOUND);
	assert_non_null(strstr(err.ptr, "/site/bad.mustache:2: unknown "
	    "partial 'partials/footer'"));
	tmpl_set_free(set);
	assert_int_equal(tmpl_set_new(&set, 0), CONG_OK);
	assert_int_equal(tmpl_set_load_dir(set, dir, &err), CONG_OK);
	tmpl_set_free(set);

	remove_tree(dir);
	buf_reset(&err);
	assert_int_equal(tmpl_set_new(&set, 0), CONG_OK);
	assert_int_equal(tmpl_set_load_dir(set, dir, &err), CONG_EIO);
	assert_non_null(strstr(err.ptr, "cannot open"));
	tmpl_set_free(set);
	buf_release(&out);
	buf_release(&err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tmpl_renders_values),
		cmocka_unit_test(tmpl_raw_refused_in_strict),
		cmocka_unit_test(tmpl_raw_html_key_allowed),
		cmocka_unit_test(tmpl_unknown_partial_strict),
		cmocka_unit_test(tmpl_compile_errors),
		cmocka_unit_test(tmpl_depth_limit),
		cmocka_unit_test(tmpl_recursive_partial_stops),
		cmocka_unit_test(tmpl_step_budget),
		cmocka_unit_test(tmpl_output_cap),
		cmocka_unit_test(tmpl_source_limit),
		cmocka_unit_test(tmpl_set_many),
		cmocka_unit_test(tmpl_threads_share_set),
		cmocka_unit_test(tmpl_load_dir_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
