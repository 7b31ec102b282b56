/* SPDX-License-Identifier: ISC */
/*
 * search/text.c: syllables, terms and the plain text of bodies. The term
 * layout (search/text.h) is the whole contract between the index and the
 * query parser, so both sides call the same two term functions.
 */
#include "base/common.h"
#include "base/buf.h"

#include <strings.h>
#include <utf8proc.h>

#include "search/text.h"
#include "vn/fold.h"
#include "vn/text.h"

/* ------------------------------------------------------------------ */
/* Syllables                                                           */

/* Letters, marks and digits make syllables: Unicode L*, M*, N*. */
static bool
is_word_cp(uint32_t cp)
{
	utf8proc_category_t c;

	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		    (cp >= '0' && cp <= '9');
	c = utf8proc_category((utf8proc_int32_t)cp);
	return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_NO;
}

/* Spaces that keep two syllables a pair: ASCII space, tab, NBSP, Zs. */
static bool
is_space_cp(uint32_t cp)
{
	if (cp == ' ' || cp == '\t')
		return true;
	if (cp < 0x80)
		return false;
	return utf8proc_category((utf8proc_int32_t)cp) ==
	    UTF8PROC_CATEGORY_ZS;
}

/* Decodes at p[i]; a malformed byte reads as U+FFFD of length 1. */
static size_t
cp_at(const char *p, size_t n, size_t i, uint32_t *cp)
{
	size_t l = vn_utf8_next(p + i, n - i, cp);

	if (l == 0) {
		*cp = 0xFFFD;
		l = 1;
	}
	return l;
}

bool
search_tok_next(const char *p, size_t n, size_t *pos, struct search_tok *t)
{
	size_t i = *pos, l, seps = 0, start;
	bool only_space = true, first = *pos == 0;
	char joiner = 0;
	uint32_t cp;

	/* the gap before the syllable */
	while (i < n) {
		l = cp_at(p, n, i, &cp);
		if (is_word_cp(cp))
			break;
		if (!is_space_cp(cp)) {
			only_space = false;
			joiner = (cp == '/' || cp == '-' || cp == '.') ?
			    (char)cp : 0;
		}
		seps++;
		i += l;
	}
	if (i >= n) {
		*pos = n;
		return false;
	}
	start = i;
	while (i < n) {
		l = cp_at(p, n, i, &cp);
		if (!is_word_cp(cp))
			break;
		i += l;
	}
	t->off = start;
	t->len = i - start;
	t->joiner = 0;
	if (first)
		t->gap = SEARCH_GAP_BREAK;
	else if (only_space && seps > 0)
		t->gap = SEARCH_GAP_SPACE;
	else if (seps == 1 && joiner) {
		t->gap = SEARCH_GAP_JOIN;
		t->joiner = joiner;
	} else
		t->gap = SEARCH_GAP_BREAK;
	*pos = i;
	return true;
}

/* ------------------------------------------------------------------ */
/* Terms                                                               */

/* Drops ASCII bytes other than [a-z0-9] from out[start..]. */
static void
keep_term_bytes(struct buf *out, size_t start)
{
	size_t i, k = start;

	for (i = start; i < out->len; i++) {
		unsigned char c = (unsigned char)out->ptr[i];

		if (c >= 0x80 || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9'))
			out->ptr[k++] = (char)c;
	}
	buf_truncate(out, k);
}

enum cong_err
search_term_fold(const char *p, size_t n, struct buf *out)
{
	size_t start = out->len;
	enum cong_err err;

	if (n == 0 || n > SEARCH_TERM_MAX)
		return CONG_EINVAL;
	if ((err = vn_fold(p, n, out)))
		return err;
	keep_term_bytes(out, start);
	if (out->len == start)
		return CONG_EINVAL;
	return CONG_OK;
}

enum cong_err
search_term_exact(const char *p, size_t n, struct buf *out)
{
	size_t start = out->len, i = 0, l;
	char enc[4];
	uint32_t cp;

	if (n == 0 || n > SEARCH_TERM_MAX)
		return CONG_EINVAL;
	while (i < n) {
		l = vn_utf8_next(p + i, n - i, &cp);
		if (l == 0) {
			buf_truncate(out, start);
			return CONG_EINVAL;
		}
		i += l;
		cp = (uint32_t)utf8proc_tolower((utf8proc_int32_t)cp);
		if (buf_add(out, enc, vn_utf8_put(cp, enc))) {
			buf_truncate(out, start);
			return CONG_ETOOBIG;
		}
	}
	keep_term_bytes(out, start);
	if (out->len == start)
		return CONG_EINVAL;
	return CONG_OK;
}

/* The five streams of one field, joined at the end. */
struct streams {
	struct buf fold, exact, fpair, epair, docnum;
	struct buf chain;	/* the document number being read */
	size_t chain_len;
	bool chain_slash;
};

static void
space_then(struct buf *b)
{
	if (b->len)
		buf_addc(b, ' ');
}

static void
chain_end(struct streams *s)
{
	if (s->chain_len >= 2 && s->chain_slash) {
		space_then(&s->docnum);
		buf_adds(&s->docnum, "__");
		buf_add(&s->docnum, s->chain.ptr, s->chain.len);
	}
	buf_reset(&s->chain);
	s->chain_len = 0;
	s->chain_slash = false;
}

/* Extends (or starts) the document number chain with this syllable. */
static void
chain_add(struct streams *s, const struct search_tok *t, bool linked,
    const char *fold, size_t flen)
{
	if (!linked || s->chain_len >= SEARCH_DOCNUM_MAX)
		chain_end(s);
	if (s->chain_len == 0 && !(fold[0] >= '0' && fold[0] <= '9'))
		return;
	if (s->chain_len) {
		buf_addc(&s->chain, '_');
		if (t->joiner == '/')
			s->chain_slash = true;
	}
	buf_add(&s->chain, fold, flen);
	s->chain_len++;
}

enum cong_err
search_terms(const char *p, size_t n, struct buf *out)
{
	struct streams s;
	struct buf fold, exact, pfold, pexact;
	struct search_tok t;
	size_t pos = 0;
	bool have_prev = false, prev_marked = false, marked;

	buf_init(&s.fold, LIMIT_BODY * 2);
	buf_init(&s.exact, LIMIT_BODY * 2);
	buf_init(&s.fpair, LIMIT_BODY * 2);
	buf_init(&s.epair, LIMIT_BODY * 2);
	buf_init(&s.docnum, LIMIT_BODY);
	buf_init(&s.chain, SEARCH_DOCNUM_MAX * (SEARCH_TERM_MAX + 1));
	s.chain_len = 0;
	s.chain_slash = false;
	buf_init(&fold, SEARCH_TERM_MAX * 4);
	buf_init(&exact, SEARCH_TERM_MAX * 4);
	buf_init(&pfold, SEARCH_TERM_MAX * 4);
	buf_init(&pexact, SEARCH_TERM_MAX * 4);
	while (search_tok_next(p, n, &pos, &t)) {
		bool linked = t.gap != SEARCH_GAP_BREAK;

		buf_reset(&fold);
		buf_reset(&exact);
		if (search_term_fold(p + t.off, t.len, &fold) ||
		    search_term_exact(p + t.off, t.len, &exact)) {
			have_prev = false;
			chain_end(&s);
			continue;
		}
		marked = vn_has_marks(p + t.off, t.len);
		space_then(&s.fold);
		buf_add(&s.fold, fold.ptr, fold.len);
		if (marked) {
			space_then(&s.exact);
			buf_add(&s.exact, exact.ptr, exact.len);
		}
		if (have_prev && linked) {
			space_then(&s.fpair);
			buf_addf(&s.fpair, "_%s_%s", pfold.ptr, fold.ptr);
			if (marked || prev_marked) {
				space_then(&s.epair);
				buf_addf(&s.epair, "_%s_%s", pexact.ptr,
				    exact.ptr);
			}
		}
		chain_add(&s, &t, have_prev && t.gap == SEARCH_GAP_JOIN,
		    fold.ptr, fold.len);
		buf_reset(&pfold);
		buf_reset(&pexact);
		buf_add(&pfold, fold.ptr, fold.len);
		buf_add(&pexact, exact.ptr, exact.len);
		prev_marked = marked;
		have_prev = true;
	}
	chain_end(&s);
	{
		struct buf *parts[] = { &s.fold, &s.exact, &s.fpair, &s.epair,
			&s.docnum };
		size_t i;

		for (i = 0; i < ARRAY_SIZE(parts); i++) {
			if (!parts[i]->len)
				continue;
			if (out->len)
				buf_addc(out, ' ');
			buf_add(out, parts[i]->ptr, parts[i]->len);
		}
	}
	buf_release(&s.fold);
	buf_release(&s.exact);
	buf_release(&s.fpair);
	buf_release(&s.epair);
	buf_release(&s.docnum);
	buf_release(&s.chain);
	buf_release(&fold);
	buf_release(&exact);
	buf_release(&pfold);
	buf_release(&pexact);
	return buf_ok(out) ? CONG_OK : CONG_ETOOBIG;
}

/* ------------------------------------------------------------------ */
/* Plain text of sanitized HTML                                        */

static bool
is_block_tag(const char *name, size_t n)
{
	static const char *const blocks[] = { "p", "div", "br", "li", "ul",
		"ol", "figure", "figcaption", "h1", "h2", "h3", "h4", "h5",
		"h6", "tr", "td", "th", "table", "blockquote", "section",
		"article", "header", "footer", "hr", "pre", "dd", "dt", "dl",
		"caption" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(blocks); i++)
		if (strlen(blocks[i]) == n && strncasecmp(blocks[i], name,
		    n) == 0)
			return true;
	return false;
}

/* Appends a space or a line end, never two in a row nor at the start. */
static void
add_space(struct buf *out, char c)
{
	if (!out->len)
		return;
	if (out->ptr[out->len - 1] == '\n')
		return;
	if (out->ptr[out->len - 1] == ' ') {
		if (c == '\n')
			out->ptr[out->len - 1] = '\n';
		return;
	}
	buf_addc(out, c);
}

/* Decodes the entity at html[i] ('&'); returns bytes used, 0 if none. */
static size_t
entity(const char *h, size_t n, size_t i, struct buf *out)
{
	static const struct {
		const char *name;
		uint32_t cp;
	} named[] = { { "amp", '&' }, { "lt", '<' }, { "gt", '>' },
		{ "quot", '"' }, { "apos", '\'' }, { "nbsp", 0xA0 } };
	size_t j = i + 1, k, end;
	uint32_t cp = 0;
	char enc[4];

	for (end = j; end < n && end - i <= 10 && h[end] != ';'; end++)
		;
	if (end >= n || h[end] != ';')
		return 0;
	if (h[j] == '#') {
		bool hex = end > j + 1 && (h[j + 1] == 'x' || h[j + 1] == 'X');

		for (k = j + 1 + hex; k < end; k++) {
			int d = h[k] >= '0' && h[k] <= '9' ? h[k] - '0' :
			    hex && h[k] >= 'a' && h[k] <= 'f' ? h[k] - 'a' + 10 :
			    hex && h[k] >= 'A' && h[k] <= 'F' ? h[k] - 'A' + 10 :
			    -1;

			if (d < 0 || cp > 0x10FFFF)
				return 0;
			cp = cp * (hex ? 16 : 10) + (uint32_t)d;
		}
		if (k == j + 1 + hex || cp == 0 || cp > 0x10FFFF ||
		    (cp >= 0xD800 && cp <= 0xDFFF) || cp < 0x20)
			return 0;
	} else {
		for (k = 0; k < ARRAY_SIZE(named); k++)
			if (strlen(named[k].name) == end - j &&
			    memcmp(named[k].name, h + j, end - j) == 0)
				break;
		if (k == ARRAY_SIZE(named))
			return 0;
		cp = named[k].cp;
	}
	if (cp == 0xA0)
		add_space(out, ' ');
	else
		buf_add(out, enc, vn_utf8_put(cp, enc));
	return end - i + 1;
}

enum cong_err
search_html_text(const char *h, size_t n, struct buf *out)
{
	size_t i = 0, used, name_start, name_end;
	const char *gt;

	while (i < n) {
		char c = h[i];

		if (c == '<') {
			gt = memchr(h + i, '>', n - i);
			if (!gt)
				break;
			name_start = i + 1 + (i + 1 < n && h[i + 1] == '/');
			for (name_end = name_start; h + name_end < gt &&
			    ((h[name_end] >= 'a' && h[name_end] <= 'z') ||
			    (h[name_end] >= 'A' && h[name_end] <= 'Z') ||
			    (h[name_end] >= '0' && h[name_end] <= '9'));
			    name_end++)
				;
			add_space(out, is_block_tag(h + name_start,
			    name_end - name_start) ? '\n' : ' ');
			i = (size_t)(gt - h) + 1;
		} else if (c == '&' && (used = entity(h, n, i, out))) {
			i += used;
		} else if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
			add_space(out, ' ');
			i++;
		} else {
			buf_addc(out, c);
			i++;
		}
	}
	while (out->len && (out->ptr[out->len - 1] == ' ' ||
	    out->ptr[out->len - 1] == '\n'))
		buf_truncate(out, out->len - 1);
	return buf_ok(out) ? CONG_OK : CONG_ETOOBIG;
}
