/* SPDX-License-Identifier: ISC */
/*
 * tmpl.c: the Mustache engine. Compiling runs three passes over a source:
 * the tokenizer cuts it into text lines and tags (applying set-delimiter
 * tags as it goes, pairing each section with its close and checking
 * nesting), the standalone pass removes the whitespace and line ending
 * around tags that stand alone on their line, and the emit pass builds a
 * flat node array in which a section's body is the nodes that follow it,
 * up to its end index. Rendering walks that array recursively with a
 * context stack, an indentation chain and an override chain that all live
 * on the C stack, so a render allocates nothing but its output.
 *
 * Spec references are to the Mustache spec files (sections.yml,
 * partials.yml, ~inheritance.yml, ~dynamic-names.yml) that the test suite
 * runs unchanged.
 */
#include "base/common.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "render/escape.h"
#include "render/tmpl.h"

/* Directory levels tmpl_set_load_dir descends; paths longer are refused. */
#define LOAD_DIR_DEPTH	16
#define LOAD_PATH_MAX	4096
#define TMPL_EXT	".mustache"
/*
 * Nodes one render may execute. Depth and output caps do not bound work:
 * 64 nested sections over a 4-element list print nothing and would run
 * 4^64 times. A sitemap of 50000 URLs needs well under a million.
 */
#define RENDER_MAX_STEPS	(1u << 23)

/* ================================================================ */
/* Compiled form                                                    */
/* ================================================================ */

enum op {
	OP_TEXT,	/* literal bytes */
	OP_VAR,		/* {{x}}: escaped */
	OP_RAW,		/* {{{x}}}, {{&x}} */
	OP_SECTION,	/* {{#x}} */
	OP_INVERTED,	/* {{^x}} */
	OP_PARTIAL,	/* {{>x}} */
	OP_PARENT,	/* {{<x}}: body holds the overriding blocks */
	OP_BLOCK,	/* {{$x}}: body is the default content */
};

enum {
	NF_DYNAMIC = 1,	/* the name is a context path to a template name */
	NF_INDENT = 2,	/* ind/indlen goes on the indentation chain */
};

/*
 * One node. A name is stored in the pool: for lookups (variables,
 * sections, dynamic names) as nseg NUL-terminated segments one after the
 * other ("a\0b\0"), nseg 0 meaning "."; for static partial, parent and
 * block names as one NUL-terminated string. end is the index after the
 * node's body (i + 1 for nodes without one).
 */
struct node {
	uint8_t op;
	uint8_t flags;
	uint32_t nseg;
	uint32_t line;
	uint32_t end;
	uint32_t str, len;
	uint32_t ind, indlen;
};

struct tmpl {
	char *name;
	char *pool;
	struct node *nodes;
	uint32_t nnodes;
	char *file;	/* for messages of the deferred partial check */
};

struct tmpl_set {
	unsigned flags;
	struct tmpl **v;
	size_t n, alloc;
	uint32_t *slots;	/* open addressing: index + 1, 0 is empty */
	size_t nslots;		/* power of two, > 2 * n */
};

/* ================================================================ */
/* Compiler state and messages                                      */
/* ================================================================ */

enum tk {
	TK_TEXT, TK_VAR, TK_RAW, TK_SECTION, TK_INVERTED, TK_CLOSE,
	TK_COMMENT, TK_PARTIAL, TK_PARENT, TK_BLOCK, TK_DELIM,
};

/*
 * A token. Text tokens hold at most one line, with its '\n'. For tags,
 * [cs, cs+cn) is the content without sigil and surrounding blanks, and
 * [s, s+n) the name (for a dynamic name, past the '*'); [ts, te) is the
 * whole tag. match pairs an opening tag with its close both ways.
 * [ind_s, ind_s+ind_n) is the whitespace before a standalone run, kept
 * on the run's first tag as indentation.
 */
struct tok {
	uint8_t kind;
	bool dynamic;
	bool standalone;
	uint32_t line;
	uint32_t s, n;
	uint32_t cs, cn;
	uint32_t ts, te;
	uint32_t match;
	uint32_t ind_s, ind_n;
};

struct comp {
	const char *file;
	const char *name;
	const char *src;
	uint32_t len;
	const struct tmpl_set *set;
	bool check_partials;
	struct buf *errmsg;
	struct tok *toks;
	size_t ntok, atok;
	struct node *nodes;
	size_t nnodes, anodes;
	struct buf pool;
};

static const char *const tk_words[] = {
	[TK_SECTION] = "section",
	[TK_INVERTED] = "inverted section",
	[TK_PARENT] = "parent",
	[TK_BLOCK] = "block",
};

static void comp_error(struct comp *c, uint32_t line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
comp_error(struct comp *c, uint32_t line, const char *fmt, ...)
{
	va_list ap;

	if (!c->errmsg)
		return;
	buf_addf(c->errmsg, "%s:%u: ", c->file, (unsigned)line);
	va_start(ap, fmt);
	buf_vaddf(c->errmsg, fmt, ap);
	va_end(ap);
}

static bool
is_blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

/* ================================================================ */
/* Pass 1: tokens                                                   */
/* ================================================================ */

static struct tok *
tok_new(struct comp *c, enum tk kind, uint32_t line)
{
	struct tok *t;

	if (c->ntok == c->atok) {
		c->atok = c->atok ? c->atok * 2 : 64;
		c->toks = xrealloc(c->toks, c->atok * sizeof(*c->toks));
	}
	t = &c->toks[c->ntok++];
	memset(t, 0, sizeof(*t));
	t->kind = (uint8_t)kind;
	t->line = line;
	return t;
}

/* Cuts [from, to) into one text token per line; advances *line. */
static void
tokenize_text(struct comp *c, uint32_t from, uint32_t to, uint32_t *line)
{
	const char *nl;
	struct tok *t;
	uint32_t end;

	while (from < to) {
		nl = memchr(c->src + from, '\n', to - from);
		end = nl ? (uint32_t)(nl - c->src) + 1 : to;
		t = tok_new(c, TK_TEXT, *line);
		t->s = t->ts = from;
		t->n = end - from;
		t->te = end;
		if (nl)
			(*line)++;
		from = end;
	}
}

/* First occurrence of [pat, pat+plen) in src at or after from, or len. */
static uint32_t
find(const struct comp *c, uint32_t from, const char *pat, size_t plen)
{
	const char *p;

	if (from > c->len)
		return c->len;
	p = memmem(c->src + from, c->len - from, pat, plen);
	return p ? (uint32_t)(p - c->src) : c->len;
}

/*
 * Finds the closing delimiter of a tag whose content starts at from;
 * with tail (the '}' of {{{x}}} or the '=' of {{=a b=}}), the delimiter
 * must follow that byte. *cend receives the end of the content.
 */
static bool
find_close(const struct comp *c, uint32_t from, const char *ctag,
    size_t clen, char tail, uint32_t *cend, uint32_t *te)
{
	uint32_t at = from;

	for (;;) {
		at = find(c, at, ctag, clen);
		if (at >= c->len)
			return false;
		if (!tail) {
			*cend = at;
			break;
		}
		if (at > from && c->src[at - 1] == tail) {
			*cend = at - 1;
			break;
		}
		at++;
	}
	*te = at + (uint32_t)clen;
	return true;
}

static void
trim(const char *src, uint32_t *s, uint32_t *n)
{
	while (*n && is_blank(src[*s])) {
		(*s)++;
		(*n)--;
	}
	while (*n && is_blank(src[*s + *n - 1]))
		(*n)--;
}

static bool
has_blank(const char *p, uint32_t n)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		if (is_blank(p[i]))
			return true;
	return false;
}

/*
 * {{=<% %>=}}: the content between the '='s is two delimiters separated
 * by blanks; neither may be empty or contain blanks or '='.
 */
static enum cong_err
parse_delims(struct comp *c, const struct tok *t, const char **otag,
    size_t *olen, const char **ctag, size_t *clen)
{
	const char *p = c->src + t->cs;
	uint32_t n = t->cn, i = 0, a;

	while (i < n && !is_blank(p[i]))
		i++;
	a = i;
	while (i < n && is_blank(p[i]))
		i++;
	if (a == 0 || i == n || i == a || has_blank(p + i, n - i) ||
	    memchr(p, '=', a) || memchr(p + i, '=', n - i)) {
		comp_error(c, t->line, "bad delimiter change '%.*s', "
		    "expected two delimiters like {{=<%% %%>=}}", (int)n, p);
		return CONG_EPARSE;
	}
	*otag = p;
	*olen = a;
	*ctag = p + i;
	*clen = n - i;
	return CONG_OK;
}

static enum tk
sigil_kind(char ch)
{
	switch (ch) {
	case '{': return TK_RAW;
	case '&': return TK_RAW;
	case '#': return TK_SECTION;
	case '^': return TK_INVERTED;
	case '/': return TK_CLOSE;
	case '!': return TK_COMMENT;
	case '>': return TK_PARTIAL;
	case '<': return TK_PARENT;
	case '$': return TK_BLOCK;
	case '=': return TK_DELIM;
	default: return TK_VAR;
	}
}

/* Name checks shared by every tag that names something. */
static enum cong_err
tag_name(struct comp *c, struct tok *t)
{
	t->s = t->cs;
	t->n = t->cn;
	if ((t->kind == TK_PARTIAL || t->kind == TK_PARENT) && t->n &&
	    c->src[t->s] == '*') {
		t->dynamic = true;
		t->s++;
		t->n--;
		trim(c->src, &t->s, &t->n);
	}
	if (t->n == 0 || has_blank(c->src + t->s, t->n)) {
		comp_error(c, t->line, "bad tag name '%.*s'", (int)t->cn,
		    c->src + t->cs);
		return CONG_EPARSE;
	}
	return CONG_OK;
}

/* Pairs a close with the innermost open section; checks nesting. */
static enum cong_err
tag_nest(struct comp *c, uint32_t idx, uint32_t *stack, size_t *sp)
{
	struct tok *t = &c->toks[idx], *o;

	switch (t->kind) {
	case TK_SECTION:
	case TK_INVERTED:
	case TK_PARENT:
	case TK_BLOCK:
		if (*sp == LIMIT_TMPL_DEPTH) {
			comp_error(c, t->line, "sections nested deeper than %u",
			    (unsigned)LIMIT_TMPL_DEPTH);
			return CONG_ETOOBIG;
		}
		stack[(*sp)++] = idx;
		return CONG_OK;
	case TK_CLOSE:
		if (*sp == 0) {
			comp_error(c, t->line, "unexpected close '%.*s', "
			    "no section is open", (int)t->cn, c->src + t->cs);
			return CONG_EPARSE;
		}
		o = &c->toks[stack[*sp - 1]];
		if (t->cn != o->cn ||
		    memcmp(c->src + t->cs, c->src + o->cs, t->cn) != 0) {
			comp_error(c, t->line, "mismatched close '%.*s', "
			    "expected close of %s '%.*s' from line %u",
			    (int)t->cn, c->src + t->cs, tk_words[o->kind],
			    (int)o->cn, c->src + o->cs, (unsigned)o->line);
			return CONG_EPARSE;
		}
		t->match = stack[--(*sp)];
		o->match = idx;
		return CONG_OK;
	default:
		return CONG_OK;
	}
}

static uint32_t
count_lines(const char *p, uint32_t n)
{
	uint32_t k = 0;
	const char *e = p + n;

	while ((p = memchr(p, '\n', (size_t)(e - p)))) {
		k++;
		p++;
	}
	return k;
}

static enum cong_err
tokenize(struct comp *c)
{
	const char *otag = "{{", *ctag = "}}";
	size_t olen = 2, clen = 2, sp = 0;
	uint32_t stack[LIMIT_TMPL_DEPTH];
	uint32_t pos = 0, at, q, cend, te, line = 1;
	enum cong_err err;
	enum tk kind;
	struct tok *t;
	char tail;

	while (pos < c->len) {
		at = find(c, pos, otag, olen);
		tokenize_text(c, pos, at, &line);
		if (at >= c->len)
			break;
		q = at + (uint32_t)olen;
		kind = q < c->len ? sigil_kind(c->src[q]) : TK_VAR;
		if (kind != TK_VAR)
			q++;
		tail = c->src[q - 1] == '{' && kind == TK_RAW ? '}' :
		    kind == TK_DELIM ? '=' : 0;
		if (!find_close(c, q, ctag, clen, tail, &cend, &te)) {
			comp_error(c, line, "unclosed tag, expected '%s%.*s'",
			    tail == '}' ? "}" : tail == '=' ? "=" : "",
			    (int)clen, ctag);
			return CONG_EPARSE;
		}
		t = tok_new(c, kind, line);
		t->ts = at;
		t->te = te;
		t->cs = q;
		t->cn = cend - q;
		trim(c->src, &t->cs, &t->cn);
		line += count_lines(c->src + at, te - at);
		pos = te;
		if (kind == TK_COMMENT)
			continue;
		if (kind == TK_DELIM) {
			err = parse_delims(c, t, &otag, &olen, &ctag, &clen);
			if (err)
				return err;
			continue;
		}
		if ((err = tag_name(c, t)))
			return err;
		if ((err = tag_nest(c, (uint32_t)(c->ntok - 1), stack, &sp)))
			return err;
	}
	if (sp) {
		t = &c->toks[stack[sp - 1]];
		comp_error(c, t->line,
		    "unclosed %s '%.*s', expected '{{/%.*s}}'",
		    tk_words[t->kind], (int)t->cn, c->src + t->cs, (int)t->cn,
		    c->src + t->cs);
		return CONG_EPARSE;
	}
	return CONG_OK;
}

/* ================================================================ */
/* Pass 2: standalone lines (spec: "Standalone Lines" and friends)  */
/* ================================================================ */

/* Blanks only, then an optional "\n" or "\r\n" at the very end. */
static bool
blank_line(const char *p, uint32_t n)
{
	if (n && p[n - 1] == '\n')
		n -= (n >= 2 && p[n - 2] == '\r') ? 2 : 1;
	while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	return n == 0;
}

static bool
ends_nl(const struct comp *c, const struct tok *t)
{
	return t->kind == TK_TEXT && t->n && c->src[t->s + t->n - 1] == '\n';
}

/*
 * May tags [k, m) make their line standalone? One tag may, unless it
 * prints a value. Several adjacent tags may when each opens or closes a
 * parent or block: "{{<parent}}{{/parent}}", "{{<parent}}{{$block}}",
 * "{{/block}}{{/parent}}" (~inheritance.yml, "Standalone parent" and
 * "Standalone block").
 */
static bool
run_can_stand(const struct comp *c, size_t k, size_t m)
{
	const struct tok *t;
	size_t i;

	if (m - k == 1)
		return c->toks[k].kind != TK_VAR && c->toks[k].kind != TK_RAW;
	for (i = k; i < m; i++) {
		t = &c->toks[i];
		if (t->kind == TK_CLOSE)
			t = &c->toks[t->match];
		if (t->kind != TK_PARENT && t->kind != TK_BLOCK)
			return false;
	}
	return true;
}

/* Line [i, j] of tokens: strip it if it is standalone. */
static void
standalone_line(struct comp *c, size_t i, size_t j)
{
	struct tok *pre = NULL, *post = NULL, *t;
	size_t k = i, m, nl;
	bool keepnl;

	t = &c->toks[k];
	if (t->kind == TK_TEXT) {
		if (ends_nl(c, t) || !blank_line(c->src + t->s, t->n))
			return;
		pre = t;
		k++;
	}
	for (m = k; m <= j && c->toks[m].kind != TK_TEXT; m++)
		;
	if (m == k)
		return;
	if (m <= j) {
		post = &c->toks[m];
		if (m != j || !blank_line(c->src + post->s, post->n))
			return;
		if (!ends_nl(c, post) && m != c->ntok - 1)
			return;
	}
	if (!run_can_stand(c, k, m))
		return;
	/*
	 * A block opened and closed on one line keeps the line ending: the
	 * block's content takes the place of the tags within the line.
	 */
	keepnl = m - k == 2 && c->toks[k].kind == TK_BLOCK &&
	    c->toks[k + 1].kind == TK_CLOSE && c->toks[k + 1].match == k;
	if (pre) {
		c->toks[k].ind_s = pre->s;
		c->toks[k].ind_n = pre->n;
		pre->n = 0;
	}
	if (post && keepnl && ends_nl(c, post)) {
		nl = (post->n >= 2 && c->src[post->s + post->n - 2] == '\r') ?
		    2 : 1;
		post->s += post->n - (uint32_t)nl;
		post->n = (uint32_t)nl;
	} else if (post) {
		post->n = 0;
	}
	for (; k < m; k++)
		c->toks[k].standalone = true;
}

static void
standalone(struct comp *c)
{
	size_t i = 0, j;

	while (i < c->ntok) {
		for (j = i; j < c->ntok - 1 && !ends_nl(c, &c->toks[j]); j++)
			;
		standalone_line(c, i, j);
		i = j + 1;
	}
}

/* ================================================================ */
/* Pass 3: nodes                                                    */
/* ================================================================ */

static struct node *
node_new(struct comp *c, enum op op, uint32_t line)
{
	struct node *nd;

	if (c->nnodes == c->anodes) {
		c->anodes = c->anodes ? c->anodes * 2 : 64;
		c->nodes = xrealloc(c->nodes, c->anodes * sizeof(*c->nodes));
	}
	nd = &c->nodes[c->nnodes];
	memset(nd, 0, sizeof(*nd));
	nd->op = (uint8_t)op;
	nd->line = line;
	nd->end = (uint32_t)++c->nnodes;
	return nd;
}

/* Appends bytes to the pool; returns their offset. */
static enum cong_err
pool_add(struct comp *c, const char *p, size_t n, uint32_t *off)
{
	*off = (uint32_t)c->pool.len;
	return buf_add(&c->pool, p, n);
}

/* Stores a lookup name as NUL-separated segments; "." has none. */
static enum cong_err
node_path(struct comp *c, struct node *nd, const struct tok *t)
{
	const char *p = c->src + t->s;
	uint32_t i, start = 0;
	enum cong_err err;

	nd->str = (uint32_t)c->pool.len;
	if (t->n == 1 && p[0] == '.')
		return CONG_OK;
	for (i = 0; i <= t->n; i++) {
		if (i < t->n && p[i] != '.')
			continue;
		if (i == start || memchr(p + start, '\0', i - start)) {
			comp_error(c, t->line, "bad name '%.*s'", (int)t->n, p);
			return CONG_EPARSE;
		}
		if ((err = buf_add(&c->pool, p + start, i - start)) ||
		    (err = buf_addc(&c->pool, '\0')))
			return err;
		nd->nseg++;
		start = i + 1;
	}
	nd->len = (uint32_t)c->pool.len - nd->str;
	return CONG_OK;
}

static enum cong_err
node_name(struct comp *c, struct node *nd, const struct tok *t)
{
	enum cong_err err;

	if (t->dynamic) {
		nd->flags |= NF_DYNAMIC;
		return node_path(c, nd, t);
	}
	if (memchr(c->src + t->s, '\0', t->n)) {
		comp_error(c, t->line, "bad name '%.*s'", (int)t->n,
		    c->src + t->s);
		return CONG_EPARSE;
	}
	if ((err = pool_add(c, c->src + t->s, t->n, &nd->str)) ||
	    (err = buf_addc(&c->pool, '\0')))
		return err;
	nd->len = t->n;
	return CONG_OK;
}

/* Indentation [s, s+n) of the source, minus the first strip bytes. */
static enum cong_err
node_indent(struct comp *c, struct node *nd, uint32_t s, uint32_t n,
    uint32_t strip)
{
	if (n <= strip)
		return CONG_OK;
	nd->flags |= NF_INDENT;
	nd->indlen = n - strip;
	return pool_add(c, c->src + s + strip, n - strip, &nd->ind);
}

/*
 * {{{x}}} and {{&x}} in a strict set: only names whose last segment ends
 * in "_html", the keys under which only sanitized HTML is stored.
 */
static enum cong_err
check_raw(struct comp *c, const struct tok *t)
{
	const char *p = c->src + t->s, *last;
	size_t n;

	if (!c->set || !(c->set->flags & TMPL_STRICT))
		return CONG_OK;
	last = memrchr(p, '.', t->n);
	last = last ? last + 1 : p;
	n = t->n - (size_t)(last - p);
	if (n > 5 && memcmp(last + n - 5, "_html", 5) == 0)
		return CONG_OK;
	comp_error(c, t->line, "raw output of '%.*s' refused, expected "
	    "a name ending in '_html' or {{%.*s}}", (int)t->n, p, (int)t->n, p);
	return CONG_EPERM;
}

/*
 * A standalone block re-indents its content (~inheritance.yml, "Block
 * reindentation", "Intrinsic indentation"): the margin common to the
 * non-blank lines between its tags is cut from each line, and the block
 * is expanded with that margin (or, when it has none, the whitespace
 * before its tag) as indentation. Returns the margin's length and sets
 * *ref to where a line with that margin starts.
 */
static uint32_t
block_margin(const struct comp *c, const struct tok *open, uint32_t *ref)
{
	const struct tok *close = &c->toks[open->match];
	const char *src = c->src, *nl;
	uint32_t rs = open->te, re = close->ts, w, k, margin = 0;
	bool first = true;

	if (rs == re)
		return 0;
	nl = memchr(src + rs, '\n', re - rs);
	if (!nl)
		return 0;
	rs = (uint32_t)(nl - src) + 1;
	if (close->standalone)
		while (re > rs && src[re - 1] != '\n')
			re--;
	while (rs < re) {
		for (w = rs; w < re && (src[w] == ' ' || src[w] == '\t'); w++)
			;
		if (w < re && src[w] != '\n' && src[w] != '\r') {
			if (first) {
				*ref = rs;
				margin = w - rs;
				first = false;
			} else {
				for (k = 0; k < margin && k < w - rs &&
				    src[rs + k] == src[*ref + k]; k++)
					;
				margin = k;
			}
		}
		nl = memchr(src + rs, '\n', re - rs);
		rs = nl ? (uint32_t)(nl - src) + 1 : re;
	}
	return margin;
}

/* An open container while emitting; strips apply to line starts. */
struct open {
	uint32_t node;
	uint32_t strip;		/* inside the body */
	uint32_t outer;		/* after the close */
};

static enum cong_err
emit_text(struct comp *c, const struct tok *t, uint32_t strip, bool *merge)
{
	uint32_t s = t->s, n = t->n, k = 0, off;
	struct node *nd;
	enum cong_err err;

	if (strip && (s == 0 || c->src[s - 1] == '\n'))
		while (k < strip && k < n &&
		    (c->src[s + k] == ' ' || c->src[s + k] == '\t'))
			k++;
	s += k;
	n -= k;
	if (n == 0)
		return CONG_OK;
	if ((err = pool_add(c, c->src + s, n, &off)))
		return err;
	if (*merge) {
		c->nodes[c->nnodes - 1].len += n;
		return CONG_OK;
	}
	nd = node_new(c, OP_TEXT, t->line);
	nd->str = off;
	nd->len = n;
	*merge = true;
	return CONG_OK;
}

static enum cong_err
emit_open(struct comp *c, const struct tok *t, struct open *stack,
    size_t *sp, uint32_t strip)
{
	static const enum op ops[] = {
		[TK_SECTION] = OP_SECTION, [TK_INVERTED] = OP_INVERTED,
		[TK_PARENT] = OP_PARENT, [TK_BLOCK] = OP_BLOCK,
	};
	struct node *nd = node_new(c, ops[t->kind], t->line);
	uint32_t idx = (uint32_t)(c->nnodes - 1), margin, ref = 0;
	enum cong_err err;

	stack[*sp].node = idx;
	stack[*sp].strip = strip;
	stack[*sp].outer = strip;
	(*sp)++;
	if (t->kind == TK_SECTION || t->kind == TK_INVERTED)
		return node_path(c, nd, t);
	if ((err = node_name(c, nd, t)))
		return err;
	if (t->kind == TK_PARENT && t->standalone)
		return node_indent(c, &c->nodes[idx], t->ind_s, t->ind_n,
		    strip);
	if (t->kind != TK_BLOCK || !t->standalone)
		return CONG_OK;
	margin = block_margin(c, t, &ref);
	if (margin > strip) {
		stack[*sp - 1].strip = margin;
		return node_indent(c, &c->nodes[idx], ref, margin, strip);
	}
	return node_indent(c, &c->nodes[idx], t->ind_s, t->ind_n, strip);
}

static enum cong_err
emit(struct comp *c)
{
	struct open stack[LIMIT_TMPL_DEPTH];
	size_t i, sp = 0;
	uint32_t strip = 0;
	bool merge = false;
	enum cong_err err = CONG_OK;
	const struct tok *t;
	struct node *nd;

	for (i = 0; i < c->ntok && !err; i++) {
		t = &c->toks[i];
		if (t->kind == TK_TEXT) {
			err = emit_text(c, t, strip, &merge);
			continue;
		}
		merge = false;
		switch (t->kind) {
		case TK_VAR:
		case TK_RAW:
			if (t->kind == TK_RAW && (err = check_raw(c, t)))
				break;
			nd = node_new(c, t->kind == TK_VAR ? OP_VAR : OP_RAW,
			    t->line);
			err = node_path(c, nd, t);
			break;
		case TK_SECTION:
		case TK_INVERTED:
		case TK_PARENT:
		case TK_BLOCK:
			err = emit_open(c, t, stack, &sp, strip);
			strip = stack[sp - 1].strip;
			break;
		case TK_CLOSE:
			sp--;
			c->nodes[stack[sp].node].end = (uint32_t)c->nnodes;
			strip = stack[sp].outer;
			break;
		case TK_PARTIAL:
			nd = node_new(c, OP_PARTIAL, t->line);
			if ((err = node_name(c, nd, t)))
				break;
			if (t->standalone)
				err = node_indent(c, nd, t->ind_s, t->ind_n,
				    strip);
			break;
		default:
			break;
		}
	}
	return err;
}

/* ================================================================ */
/* The set                                                          */
/* ================================================================ */

static uint32_t
name_hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;	/* FNV-1a */
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static const struct tmpl *
set_find(const struct tmpl_set *set, const char *name, size_t n)
{
	size_t i, mask;
	const struct tmpl *t;

	if (!set || !set->nslots)
		return NULL;
	mask = set->nslots - 1;
	for (i = name_hash(name, n) & mask; set->slots[i]; i = (i + 1) & mask) {
		t = set->v[set->slots[i] - 1];
		if (strlen(t->name) == n && memcmp(t->name, name, n) == 0)
			return t;
	}
	return NULL;
}

static void
set_index(struct tmpl_set *set, size_t idx)
{
	size_t i, mask = set->nslots - 1;
	const char *name = set->v[idx]->name;

	i = name_hash(name, strlen(name)) & mask;
	while (set->slots[i])
		i = (i + 1) & mask;
	set->slots[i] = (uint32_t)idx + 1;
}

static void
set_push(struct tmpl_set *set, struct tmpl *t)
{
	size_t i;

	if (set->n == set->alloc) {
		set->alloc = set->alloc ? set->alloc * 2 : 16;
		set->v = xrealloc(set->v, set->alloc * sizeof(*set->v));
	}
	set->v[set->n++] = t;
	if (set->n * 2 < set->nslots) {
		set_index(set, set->n - 1);
		return;
	}
	free(set->slots);
	set->nslots = set->nslots ? set->nslots * 2 : 32;
	set->slots = xcalloc(set->nslots, sizeof(*set->slots));
	for (i = 0; i < set->n; i++)
		set_index(set, i);
}

static void
tmpl_free(struct tmpl *t)
{
	if (!t)
		return;
	free(t->name);
	free(t->file);
	free(t->pool);
	free(t->nodes);
	free(t);
}

/* Strict sets: every static partial and parent name must resolve. */
static enum cong_err
check_partials(const struct tmpl_set *set, const struct tmpl *t,
    struct buf *errmsg)
{
	const struct node *nd;
	const char *name;
	uint32_t i;

	for (i = 0; i < t->nnodes; i++) {
		nd = &t->nodes[i];
		if ((nd->op != OP_PARTIAL && nd->op != OP_PARENT) ||
		    (nd->flags & NF_DYNAMIC))
			continue;
		name = t->pool + nd->str;
		if (strcmp(name, t->name) == 0 ||
		    set_find(set, name, nd->len))
			continue;
		if (errmsg)
			buf_addf(errmsg, "%s:%u: unknown %s '%s'", t->file,
			    (unsigned)nd->line,
			    nd->op == OP_PARTIAL ? "partial" : "parent", name);
		return CONG_ENOTFOUND;
	}
	return CONG_OK;
}

static enum cong_err
set_add(struct tmpl_set *set, const char *name, const char *file,
    const char *src, size_t len, struct buf *errmsg, bool check)
{
	struct comp c = { 0 };
	struct tmpl *t = NULL;
	enum cong_err err = CONG_OK;

	c.file = file;
	c.name = name;
	c.src = src;
	c.set = set;
	c.errmsg = errmsg;
	buf_init(&c.pool, 4 * (size_t)LIMIT_TMPL_SOURCE);
	if (!name || !*name) {
		if (errmsg)
			buf_addf(errmsg, "%s: empty template name", file);
		err = CONG_EINVAL;
		goto out;
	}
	if (set_find(set, name, strlen(name))) {
		if (errmsg)
			buf_addf(errmsg, "%s: template '%s' already exists",
			    file, name);
		err = CONG_EEXIST;
		goto out;
	}
	if (len > LIMIT_TMPL_SOURCE) {
		if (errmsg)
			buf_addf(errmsg, "%s: template larger than %u bytes",
			    file, (unsigned)LIMIT_TMPL_SOURCE);
		err = CONG_ETOOBIG;
		goto out;
	}
	c.len = (uint32_t)len;
	if ((err = tokenize(&c)))
		goto out;
	standalone(&c);
	if ((err = emit(&c)))
		goto out;
	t = xcalloc(1, sizeof(*t));
	t->name = xstrdup(name);
	t->file = xstrdup(file);
	t->pool = buf_detach(&c.pool, NULL);
	t->nodes = c.nodes;
	t->nnodes = (uint32_t)c.nnodes;
	c.nodes = NULL;
	if (check && (set->flags & TMPL_STRICT) &&
	    (err = check_partials(set, t, errmsg)))
		goto out;
	set_push(set, t);
	t = NULL;
out:
	tmpl_free(t);
	free(c.toks);
	free(c.nodes);
	buf_release(&c.pool);
	return err;
}

enum cong_err
tmpl_set_new(struct tmpl_set **out, unsigned flags)
{
	*out = NULL;
	if (flags & ~(unsigned)TMPL_STRICT)
		return CONG_EINVAL;
	*out = xcalloc(1, sizeof(**out));
	(*out)->flags = flags;
	return CONG_OK;
}

enum cong_err
tmpl_set_add(struct tmpl_set *set, const char *name, const char *src,
    size_t len, struct buf *errmsg)
{
	if (!set || (!src && len))
		return CONG_EINVAL;
	return set_add(set, name, name ? name : "", src ? src : "", len,
	    errmsg, true);
}

bool
tmpl_set_has(const struct tmpl_set *set, const char *name)
{
	return name && set_find(set, name, strlen(name)) != NULL;
}

void
tmpl_set_free(struct tmpl_set *set)
{
	size_t i;

	if (!set)
		return;
	for (i = 0; i < set->n; i++)
		tmpl_free(set->v[i]);
	free(set->v);
	free(set->slots);
	free(set);
}

/* ================================================================ */
/* Loading a directory                                              */
/* ================================================================ */

static enum cong_err
read_file(const char *path, char **out, size_t *len, struct buf *errmsg)
{
	struct stat st;
	char *p = NULL;
	size_t got = 0;
	ssize_t r;
	int fd;
	enum cong_err err = CONG_OK;

	*out = NULL;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		if (errmsg)
			buf_addf(errmsg, "cannot open '%s': %s", path,
			    strerror(errno));
		return CONG_EIO;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		if (errmsg)
			buf_addf(errmsg, "cannot read '%s'", path);
		err = CONG_EIO;
		goto out;
	}
	if ((uint64_t)st.st_size > LIMIT_TMPL_SOURCE) {
		if (errmsg)
			buf_addf(errmsg, "%s: template larger than %u bytes",
			    path, (unsigned)LIMIT_TMPL_SOURCE);
		err = CONG_ETOOBIG;
		goto out;
	}
	p = xmalloc((size_t)st.st_size + 1);
	while (got < (size_t)st.st_size) {
		r = read(fd, p + got, (size_t)st.st_size - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	if (got != (size_t)st.st_size) {
		if (errmsg)
			buf_addf(errmsg, "cannot read '%s'", path);
		err = CONG_EIO;
		goto out;
	}
	*out = p;
	*len = got;
	p = NULL;
out:
	free(p);
	close(fd);
	return err;
}

static bool
has_ext(const char *s)
{
	size_t n = strlen(s), e = sizeof(TMPL_EXT) - 1;

	return n > e && memcmp(s + n - e, TMPL_EXT, e) == 0;
}

static enum cong_err
load_file(struct tmpl_set *set, struct buf *path, size_t rel,
    struct buf *errmsg)
{
	char *src = NULL, *name = NULL;
	size_t len = 0;
	enum cong_err err;

	if ((err = read_file(path->ptr, &src, &len, errmsg)))
		goto out;
	name = xstrndup(path->ptr + rel, path->len - rel -
	    (sizeof(TMPL_EXT) - 1));
	err = set_add(set, name, path->ptr, src, len, errmsg, false);
out:
	free(name);
	free(src);
	return err;
}

/*
 * path holds the directory, rel the offset where names start in it.
 * Entries are sorted so that errors come in the same order every time.
 */
static enum cong_err
load_tree(struct tmpl_set *set, struct buf *path, size_t rel, int level,
    struct buf *errmsg)
{
	struct dirent **ents = NULL;
	struct stat st;
	size_t keep = path->len;
	int n, i;
	enum cong_err err = CONG_OK;

	if (level > LOAD_DIR_DEPTH) {
		if (errmsg)
			buf_addf(errmsg, "%s: directories nested deeper "
			    "than %d", path->ptr, LOAD_DIR_DEPTH);
		return CONG_ETOOBIG;
	}
	if ((n = scandir(path->ptr, &ents, NULL, alphasort)) < 0) {
		if (errmsg)
			buf_addf(errmsg, "cannot open '%s': %s", path->ptr,
			    strerror(errno));
		return CONG_EIO;
	}
	for (i = 0; i < n && !err; i++) {
		if (ents[i]->d_name[0] == '.')
			continue;
		buf_truncate(path, keep);
		if ((err = buf_addc(path, '/')) ||
		    (err = buf_adds(path, ents[i]->d_name))) {
			if (errmsg)
				buf_addf(errmsg, "path too long under '%.*s'",
				    (int)keep, path->ptr);
			break;
		}
		if (stat(path->ptr, &st) < 0) {
			if (errmsg)
				buf_addf(errmsg, "cannot stat '%s': %s",
				    path->ptr, strerror(errno));
			err = CONG_EIO;
		} else if (S_ISDIR(st.st_mode)) {
			err = load_tree(set, path, rel, level + 1, errmsg);
		} else if (S_ISREG(st.st_mode) && has_ext(ents[i]->d_name)) {
			err = load_file(set, path, rel, errmsg);
		}
	}
	for (i = 0; i < n; i++)
		free(ents[i]);
	free(ents);
	buf_truncate(path, keep);
	return err;
}

enum cong_err
tmpl_set_load_dir(struct tmpl_set *set, const char *dir, struct buf *errmsg)
{
	struct buf path;
	size_t i, dlen;
	enum cong_err err;

	if (!set || !dir || !*dir)
		return CONG_EINVAL;
	buf_init(&path, LOAD_PATH_MAX);
	dlen = strlen(dir);
	while (dlen > 1 && dir[dlen - 1] == '/')
		dlen--;
	if ((err = buf_add(&path, dir, dlen))) {
		if (errmsg)
			buf_addf(errmsg, "path too long '%s'", dir);
		goto out;
	}
	if ((err = load_tree(set, &path, path.len + 1, 0, errmsg)))
		goto out;
	if (!(set->flags & TMPL_STRICT))
		goto out;
	for (i = 0; i < set->n && !err; i++)
		err = check_partials(set, set->v[i], errmsg);
out:
	buf_release(&path);
	return err;
}

/* ================================================================ */
/* Rendering                                                        */
/* ================================================================ */

/* Indentation of standalone partials and blocks, innermost first. */
struct indent {
	const char *s;
	size_t n;
	const struct indent *up;
};

/* The blocks of a parent tag being expanded, innermost parent first. */
struct ovr {
	const struct tmpl *t;
	uint32_t from, to;
	const struct ovr *up;
};

struct rstate {
	const struct tmpl_set *set;
	struct buf *out;
	const struct indent *ind;
	const struct ovr *ovr;
	unsigned depth;
	uint32_t steps;		/* nodes executed, up to RENDER_MAX_STEPS */
	bool bol;		/* output is at the start of a template line */
	size_t sp;
	json_t *stack[LIMIT_TMPL_DEPTH + 2];
};

static enum cong_err exec(struct rstate *r, const struct tmpl *t,
    uint32_t from, uint32_t to);

/*
 * A segment after the first inside an array: all digits index it, so
 * {{#items.0}} tests "the list has a first element" (an extension the
 * spec leaves open; names that are digits are otherwise meaningless).
 */
static json_t *
array_index(json_t *v, const char *seg)
{
	size_t i = 0, n = 0;

	if (!seg[0])
		return NULL;
	for (; seg[i]; i++) {
		if (seg[i] < '0' || seg[i] > '9' || i > 6)
			return NULL;
		n = n * 10 + (size_t)(seg[i] - '0');
	}
	return json_array_get(v, n);
}

/*
 * Resolves a name on the context stack (spec: interpolation.yml, "Dotted
 * Names"): the first segment is looked up from the top of the stack down,
 * the others only inside what the first one found.
 */
static json_t *
lookup(const struct rstate *r, const struct tmpl *t, const struct node *nd)
{
	const char *seg = t->pool + nd->str;
	json_t *v = NULL;
	size_t k;
	uint32_t i;

	if (nd->nseg == 0)
		return r->stack[r->sp - 1];
	for (k = r->sp; k-- > 0;) {
		if (json_is_object(r->stack[k]) &&
		    (v = json_object_get(r->stack[k], seg)))
			break;
	}
	for (i = 1; v && i < nd->nseg; i++) {
		seg += strlen(seg) + 1;
		v = json_is_object(v) ? json_object_get(v, seg) :
		    json_is_array(v) ? array_index(v, seg) : NULL;
	}
	return v;
}

static bool
truthy(const json_t *v)
{
	if (!v)
		return false;
	switch (json_typeof(v)) {
	case JSON_STRING:
		return json_string_length(v) != 0;
	case JSON_INTEGER:
		return json_integer_value(v) != 0;
	case JSON_REAL:
		return json_real_value(v) != 0.0;
	case JSON_ARRAY:
		return json_array_size(v) != 0;
	case JSON_OBJECT:
	case JSON_TRUE:
		return true;
	default:
		return false;
	}
}

static enum cong_err
put_indent(struct rstate *r, const struct indent *ind)
{
	enum cong_err err;

	if (ind->up && (err = put_indent(r, ind->up)))
		return err;
	return buf_add(r->out, ind->s, ind->n);
}

/*
 * Template text. Under an indentation, each line that has content gets
 * the indentation first (partials.yml, "Standalone Indentation").
 */
static enum cong_err
put_text(struct rstate *r, const char *s, size_t n)
{
	const char *nl;
	size_t seg;
	enum cong_err err;

	if (!r->ind) {
		r->bol = s[n - 1] == '\n';
		return buf_add(r->out, s, n);
	}
	while (n) {
		nl = memchr(s, '\n', n);
		seg = nl ? (size_t)(nl - s) + 1 : n;
		if (r->bol && s[0] != '\n' && !(seg == 2 && s[0] == '\r') &&
		    (err = put_indent(r, r->ind)))
			return err;
		if ((err = buf_add(r->out, s, seg)))
			return err;
		r->bol = nl != NULL;
		s += seg;
		n -= seg;
	}
	return CONG_OK;
}

/* Shortest "%g" form that reads back as the same double. */
static enum cong_err
put_real(struct buf *b, double d, char *tmp, size_t size)
{
	int prec;

	if (!isfinite(d))
		return CONG_OK;
	for (prec = 1; prec <= 17; prec++) {
		snprintf(tmp, size, "%.*g", prec, d);
		if (strtod(tmp, NULL) == d)
			break;
	}
	return buf_adds(b, tmp);
}

static enum cong_err
put_value(struct rstate *r, const json_t *v, bool esc)
{
	char tmp[40];
	const char *s;
	size_t n;
	enum cong_err err;

	if (!v)
		return CONG_OK;
	switch (json_typeof(v)) {
	case JSON_STRING:
		s = json_string_value(v);
		n = json_string_length(v);
		break;
	case JSON_INTEGER:
	case JSON_REAL:
	case JSON_TRUE:
	case JSON_FALSE:
		s = tmp;
		n = 1;
		break;
	default:
		return CONG_OK;
	}
	if (n == 0)
		return CONG_OK;
	if (r->ind && r->bol && (err = put_indent(r, r->ind)))
		return err;
	r->bol = false;
	switch (json_typeof(v)) {
	case JSON_INTEGER:
		return buf_addi(r->out, json_integer_value(v));
	case JSON_REAL:
		return put_real(r->out, json_real_value(v), tmp, sizeof(tmp));
	case JSON_TRUE:
		return buf_add(r->out, "true", 4);
	case JSON_FALSE:
		return buf_add(r->out, "false", 5);
	default:
		break;
	}
	return esc ? escape_html(r->out, s, n) : buf_add(r->out, s, n);
}

static enum cong_err
push(struct rstate *r, json_t *v)
{
	if (r->sp == ARRAY_SIZE(r->stack))
		return CONG_ETOOBIG;
	r->stack[r->sp++] = v;
	return CONG_OK;
}

static enum cong_err
run_section(struct rstate *r, const struct tmpl *t, uint32_t i)
{
	const struct node *nd = &t->nodes[i];
	json_t *v = lookup(r, t, nd), *el;
	enum cong_err err = CONG_OK;
	size_t k;

	if (!truthy(v))
		return CONG_OK;
	if (!json_is_array(v)) {
		if ((err = push(r, v)))
			return err;
		err = exec(r, t, i + 1, nd->end);
		r->sp--;
		return err;
	}
	json_array_foreach(v, k, el) {
		if ((err = push(r, el)))
			return err;
		err = exec(r, t, i + 1, nd->end);
		r->sp--;
		if (err)
			return err;
	}
	return CONG_OK;
}

/* The template a partial or parent node names, or NULL. */
static const struct tmpl *
resolve(const struct rstate *r, const struct tmpl *t, const struct node *nd)
{
	const json_t *v;

	if (!(nd->flags & NF_DYNAMIC))
		return set_find(r->set, t->pool + nd->str, nd->len);
	v = lookup(r, t, nd);
	if (!json_is_string(v))
		return NULL;
	return set_find(r->set, json_string_value(v), json_string_length(v));
}

/*
 * A partial renders its template in place; a parent does the same with
 * its blocks pushed on the override chain (~inheritance.yml: a partial is
 * a parent without substitutions).
 */
static enum cong_err
run_partial(struct rstate *r, const struct tmpl *t, uint32_t i)
{
	const struct node *nd = &t->nodes[i];
	const struct tmpl *pt = resolve(r, t, nd);
	const struct indent *saved_ind = r->ind;
	const struct ovr *saved_ovr = r->ovr;
	struct indent ind;
	struct ovr ov;
	enum cong_err err;

	if (!pt)
		return CONG_OK;
	if (nd->flags & NF_INDENT) {
		ind.s = t->pool + nd->ind;
		ind.n = nd->indlen;
		ind.up = r->ind;
		r->ind = &ind;
	}
	if (nd->op == OP_PARENT) {
		ov.t = t;
		ov.from = i + 1;
		ov.to = nd->end;
		ov.up = r->ovr;
		r->ovr = &ov;
	}
	err = exec(r, pt, 0, pt->nnodes);
	r->ind = saved_ind;
	r->ovr = saved_ovr;
	return err;
}

/*
 * A block renders the override given by the outermost parent tag that
 * has a block of that name ("Multi-level inheritance"), else its own
 * default content, in the context where the block stands ("Block scope").
 */
static enum cong_err
run_block(struct rstate *r, const struct tmpl *t, uint32_t i)
{
	const struct node *nd = &t->nodes[i], *b;
	const char *name = t->pool + nd->str;
	const struct indent *saved_ind = r->ind;
	const struct tmpl *ft = t;
	const struct ovr *o;
	uint32_t fi = i, j;
	struct indent ind;
	enum cong_err err;

	for (o = r->ovr; o; o = o->up) {
		for (j = o->from; j < o->to; j = b->end) {
			b = &o->t->nodes[j];
			if (b->op == OP_BLOCK &&
			    strcmp(o->t->pool + b->str, name) == 0) {
				ft = o->t;
				fi = j;
				break;
			}
		}
	}
	if (nd->flags & NF_INDENT) {
		ind.s = t->pool + nd->ind;
		ind.n = nd->indlen;
		ind.up = r->ind;
		r->ind = &ind;
	}
	err = exec(r, ft, fi + 1, ft->nodes[fi].end);
	r->ind = saved_ind;
	return err;
}

static enum cong_err
exec(struct rstate *r, const struct tmpl *t, uint32_t from, uint32_t to)
{
	const struct node *nd;
	enum cong_err err = CONG_OK;
	uint32_t i;

	/* The top level plus LIMIT_TMPL_DEPTH nested bodies. */
	if (r->depth > LIMIT_TMPL_DEPTH)
		return CONG_ETOOBIG;
	r->depth++;
	for (i = from; i < to && !err; i = nd->end) {
		nd = &t->nodes[i];
		if (++r->steps > RENDER_MAX_STEPS) {
			err = CONG_ETOOBIG;
			break;
		}
		switch ((enum op)nd->op) {
		case OP_TEXT:
			err = put_text(r, t->pool + nd->str, nd->len);
			break;
		case OP_VAR:
		case OP_RAW:
			err = put_value(r, lookup(r, t, nd), nd->op == OP_VAR);
			break;
		case OP_SECTION:
			err = run_section(r, t, i);
			break;
		case OP_INVERTED:
			if (!truthy(lookup(r, t, nd)))
				err = exec(r, t, i + 1, nd->end);
			break;
		case OP_PARTIAL:
		case OP_PARENT:
			err = run_partial(r, t, i);
			break;
		case OP_BLOCK:
			err = run_block(r, t, i);
			break;
		}
	}
	r->depth--;
	return err;
}

enum cong_err
tmpl_render(const struct tmpl_set *set, const char *name, json_t *ctx,
    struct buf *out)
{
	struct rstate r;
	const struct tmpl *t;

	if (!name || !(t = set_find(set, name, strlen(name))))
		return CONG_ENOTFOUND;
	r.set = set;
	r.out = out;
	r.ind = NULL;
	r.ovr = NULL;
	r.depth = 0;
	r.steps = 0;
	r.bol = true;
	r.sp = 0;
	r.stack[r.sp++] = ctx;
	return exec(&r, t, 0, t->nnodes);
}
