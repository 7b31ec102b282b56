/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target for render/tmpl.c: compiles the input as a template in
 * a non-strict set next to two fixed partials (one recursive, one parent
 * with a block), and if it compiles, renders it against a small fixed
 * context into a capped buf. Any crash, leak, sanitizer report or
 * over-cap output is a bug.
 */
#include "base/common.h"

#include <jansson.h>

#include "base/buf.h"
#include "render/tmpl.h"

#define FUZZ_OUT_CAP	(1u << 16)

static const char ctx_json[] =
	"{\"title\":\"<T & 'x'>\",\"n\":42,\"r\":1.25,\"t\":true,\"f\":false,"
	"\"z\":null,\"e\":\"\",\"body_html\":\"<p>ok</p>\",\"dyn\":\"p\","
	"\"list\":[1,\"two\",{\"title\":\"inner\",\"list\":[]},[3]],"
	"\"obj\":{\"a\":{\"b\":\"deep\"},\"list\":[{\"x\":1}]}}";

static const char part_p[] = "[{{title}}{{#list}}{{>p}}{{/list}}]\n";
static const char part_l[] = "<{{$b}}def {{n}}{{/b}}|{{$c}}\n  c\n{{/c}}>";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static json_t *ctx;
	struct tmpl_set *set = NULL;
	struct buf out, err = BUF_INIT;

	if (!ctx)
		ctx = json_loads(ctx_json, 0, NULL);
	buf_init(&out, FUZZ_OUT_CAP);
	if (tmpl_set_new(&set, 0))
		abort();
	if (tmpl_set_add(set, "p", part_p, sizeof(part_p) - 1, NULL) ||
	    tmpl_set_add(set, "l", part_l, sizeof(part_l) - 1, NULL))
		abort();
	if (tmpl_set_add(set, "in", (const char *)data, size, &err) == CONG_OK)
		tmpl_render(set, "in", ctx, &out);
	else if (err.len == 0)
		abort();	/* every compile error explains itself */
	if (out.len > FUZZ_OUT_CAP || out.ptr[out.len] != '\0')
		abort();
	tmpl_set_free(set);
	buf_release(&out);
	buf_release(&err);
	return 0;
}
