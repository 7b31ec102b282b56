/* SPDX-License-Identifier: ISC */
/*
 * tmpl.h: the Mustache template engine, the only way HTML leaves cong.
 * A template set holds compiled templates by name; a template is compiled
 * once into a flat node list and rendered many times against a jansson
 * value tree. The engine implements the Mustache spec (comments, set
 * delimiters, interpolation, sections, inverted sections, partials) with
 * the optional inheritance ({{<parent}} {{$block}}) and dynamic names
 * ({{>*name}}, {{<*name}}) modules; lambdas are not supported.
 *
 * Values: strings print as they are, integers in decimal, reals in the
 * shortest form that reads back the same, true and false as words; null,
 * arrays and objects print nothing. {{x}} escapes with escape_html().
 * Sections treat false, null, "", 0, 0.0 and [] as false (as JavaScript
 * does); an array repeats the section once per element, any other true
 * value is pushed as the context for one pass.
 *
 * Safety: a set made with TMPL_STRICT refuses at compile time the raw forms
 * {{{x}}} and {{& x}} unless the last segment of x's name ends in "_html"
 * (only sanitized HTML is stored under such keys), and refuses a static
 * partial or parent name that names no template. Without TMPL_STRICT (the
 * spec runner, the fuzzer) raw output is allowed and a missing partial
 * renders as nothing, as the spec says. Dynamic names are looked up at
 * render time in both modes; a miss renders nothing.
 *
 * Limits: a source is at most LIMIT_TMPL_SOURCE bytes; sections nest at
 * most LIMIT_TMPL_DEPTH deep in a template, and sections, partials and
 * blocks together at most LIMIT_TMPL_DEPTH deep while rendering (so
 * recursive partials stop with CONG_ETOOBIG instead of exhausting the
 * stack); one render executes at most 2^23 nodes (so nested loops cannot
 * run for ever without printing); output is capped by the cap of the
 * caller's struct buf.
 *
 * Threads: a set is built by one thread; once loading is done it is never
 * written again, and any number of threads may call tmpl_render() and
 * tmpl_set_has() on it at once.
 */
#ifndef CONG_RENDER_TMPL_H
#define CONG_RENDER_TMPL_H

#include <jansson.h>

#include "base/buf.h"

struct tmpl_set;

enum tmpl_flags {
	TMPL_STRICT = 1,	/* raw only for *_html; partials must exist */
};

/*
 * Makes an empty set in *out (free it with tmpl_set_free). flags is a
 * combination of enum tmpl_flags. Returns CONG_OK or CONG_EINVAL for
 * unknown flags.
 */
enum cong_err tmpl_set_new(struct tmpl_set **out, unsigned flags);

/*
 * Compiles len bytes of src as the template called name (both copied; src
 * need not be NUL-terminated) and adds it to set. In a strict set, every
 * static partial and parent name must already be in the set or be name
 * itself, so add partials before the templates that use them (or use
 * tmpl_set_load_dir, which checks after loading everything).
 * On failure nothing is added and, if errmsg is not NULL, one line is
 * appended to it: "<name>:<line>: <what went wrong>".
 * Returns CONG_OK; CONG_EPARSE for a syntax error (unclosed tag or section,
 * mismatched close, bad delimiters, bad name); CONG_EPERM for a raw tag
 * refused in strict mode; CONG_ENOTFOUND for an unknown partial in strict
 * mode; CONG_ETOOBIG past LIMIT_TMPL_SOURCE or LIMIT_TMPL_DEPTH;
 * CONG_EEXIST if name is taken; CONG_EINVAL for an empty name.
 */
enum cong_err tmpl_set_add(struct tmpl_set *set, const char *name,
    const char *src, size_t len, struct buf *errmsg);

/*
 * Compiles every *.mustache file under dir, recursively (entries whose
 * name starts with '.' are skipped). A template's name is its path
 * relative to dir without the extension: "layout", "partials/header",
 * "site/article". Error lines name the file as dir/relative path, e.g.
 * "templates/site/article.mustache:12: unclosed section 'items'".
 * In a strict set, partial and parent names are checked once all files
 * are in. On failure the set may hold the templates loaded before the
 * error; free it. Returns the codes of tmpl_set_add, or CONG_EIO when a
 * directory or file cannot be read.
 */
enum cong_err tmpl_set_load_dir(struct tmpl_set *set, const char *dir,
    struct buf *errmsg);

/* True if set holds a template called name. NULL set or name: false. */
bool tmpl_set_has(const struct tmpl_set *set, const char *name);

/*
 * Renders the template called name with ctx as the root of the context
 * stack (ctx may be NULL: an empty context; it is only read, never
 * increfed) and appends the output to out.
 * Returns CONG_OK; CONG_ENOTFOUND if there is no such template;
 * CONG_ETOOBIG when out's cap is reached, nesting passes LIMIT_TMPL_DEPTH
 * or the step budget runs out (out then holds partial output; discard
 * it).
 */
enum cong_err tmpl_render(const struct tmpl_set *set, const char *name,
    json_t *ctx, struct buf *out);

/* Frees the set and every template in it. NULL is fine. */
void tmpl_set_free(struct tmpl_set *set);

#endif
