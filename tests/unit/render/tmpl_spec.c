/* SPDX-License-Identifier: ISC */
/*
 * The Mustache spec, run unchanged: every case of the JSON files under
 * $SHARED/testdata/mustache-spec (the required modules and the optional
 * inheritance and dynamic-names ones) is compiled in a non-strict set
 * with its partials, rendered against its data, and reported as one TAP
 * line "ok N - file: name". A missing $SHARED or spec file is a failure.
 */
#include "base/common.h"

#include <stdio.h>

#include <jansson.h>

#include "base/buf.h"
#include "render/tmpl.h"

static const char *const spec_files[] = {
	"comments.json",
	"delimiters.json",
	"interpolation.json",
	"inverted.json",
	"partials.json",
	"sections.json",
	"optional/inheritance.json",
	"optional/dynamic-names.json",
};

#define SPEC_MAIN "spec:main"

static int n_run;
static int n_failed;

static void
report(bool ok, const char *file, const char *name)
{
	n_run++;
	if (!ok)
		n_failed++;
	printf("%sok %d - %s: %s\n", ok ? "" : "not ", n_run, file, name);
}

/* Prints s as one "# " line with newlines and tabs made visible. */
static void
diag(const char *label, const char *s)
{
	printf("#   %s: \"", label);
	for (; *s; s++) {
		if (*s == '\n')
			fputs("\\n", stdout);
		else if (*s == '\r')
			fputs("\\r", stdout);
		else if (*s == '\t')
			fputs("\\t", stdout);
		else
			putchar(*s);
	}
	puts("\"");
}

static bool
run_case(json_t *tc)
{
	struct tmpl_set *set = NULL;
	struct buf out = BUF_INIT, err = BUF_INIT;
	json_t *partials, *tmpl, *data, *expected, *v;
	const char *pname;
	bool ok = false;

	tmpl = json_object_get(tc, "template");
	data = json_object_get(tc, "data");
	expected = json_object_get(tc, "expected");
	partials = json_object_get(tc, "partials");
	if (!json_is_string(tmpl) || !json_is_string(expected)) {
		puts("#   malformed case");
		goto out;
	}
	tmpl_set_new(&set, 0);
	json_object_foreach(partials, pname, v) {
		if (tmpl_set_add(set, pname, json_string_value(v),
		    json_string_length(v), &err)) {
			diag("partial error", err.ptr);
			goto out;
		}
	}
	if (tmpl_set_add(set, SPEC_MAIN, json_string_value(tmpl),
	    json_string_length(tmpl), &err)) {
		diag("compile error", err.ptr);
		goto out;
	}
	if (tmpl_render(set, SPEC_MAIN, data, &out)) {
		puts("#   render failed");
		goto out;
	}
	ok = out.len == json_string_length(expected) &&
	    memcmp(out.ptr, json_string_value(expected), out.len) == 0;
	if (!ok) {
		diag("template", json_string_value(tmpl));
		diag("expected", json_string_value(expected));
		diag("got", out.ptr);
	}
out:
	tmpl_set_free(set);
	buf_release(&out);
	buf_release(&err);
	return ok;
}

static void
run_file(const char *dir, const char *file)
{
	struct buf path = BUF_INIT;
	json_error_t jerr;
	json_t *root, *tests, *tc;
	size_t i;
	int before = n_run, failed = n_failed;

	buf_addf(&path, "%s/%s", dir, file);
	root = json_load_file(path.ptr, 0, &jerr);
	tests = json_object_get(root, "tests");
	if (!json_is_array(tests) || json_array_size(tests) == 0) {
		printf("# cannot load '%s': %s\n", path.ptr, jerr.text);
		report(false, file, "load");
		goto out;
	}
	json_array_foreach(tests, i, tc)
		report(run_case(tc), file,
		    json_string_value(json_object_get(tc, "name")));
	printf("# %s: %d cases, %d failed\n", file, n_run - before,
	    n_failed - failed);
out:
	json_decref(root);
	buf_release(&path);
}

int
main(void)
{
	struct buf dir = BUF_INIT;
	const char *shared = getenv("SHARED");
	size_t i;

	if (!shared || !*shared) {
		puts("# SHARED is not set: cannot find the mustache spec");
		report(false, "mustache-spec", "SHARED set");
	} else {
		buf_addf(&dir, "%s/testdata/mustache-spec", shared);
		for (i = 0; i < ARRAY_SIZE(spec_files); i++)
			run_file(dir.ptr, spec_files[i]);
	}
	printf("1..%d\n", n_run);
	buf_release(&dir);
	return n_failed ? 1 : 0;
}
