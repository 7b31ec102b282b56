/* SPDX-License-Identifier: ISC */
/*
 * search/snippet.c: the result snippet. The text is cut into syllables
 * once; the window is chosen among those starting a little before a
 * matched syllable, by the number of distinct query words it holds, then
 * by matches. Output bytes are either escape_html()'d text or the two
 * literal tags <mark> and </mark>.
 */
#include "base/common.h"
#include "base/buf.h"

#include "render/escape.h"
#include "search/snippet.h"

/* Syllables shown before the first match of a window. */
#define LEAD_IN 4

struct stok {
	struct search_tok t;
	int word;	/* index of the query word it matches, or -1 */
};

/* Cuts n back so that it does not split a UTF-8 sequence. */
static size_t
utf8_cut(const char *p, size_t n, size_t max)
{
	if (n <= max)
		return n;
	n = max;
	while (n > 0 && ((unsigned char)p[n] & 0xC0) == 0x80)
		n--;
	return n;
}

static size_t
read_tokens(const struct search_query *q, const char *p, size_t n,
    struct stok **out)
{
	struct stok *v = NULL;
	struct search_tok t;
	struct buf f;
	size_t pos = 0, nt = 0, alloc = 0, w;

	buf_init(&f, SEARCH_TERM_MAX * 2);
	while (search_tok_next(p, n, &pos, &t)) {
		if (nt == alloc) {
			alloc = alloc ? alloc * 2 : 64;
			v = xrealloc(v, alloc * sizeof(*v));
		}
		v[nt].t = t;
		v[nt].word = -1;
		buf_reset(&f);
		if (!search_term_fold(p + t.off, t.len, &f))
			for (w = 0; w < q->nwords; w++)
				if (search_query_hits(q, w, f.ptr, f.len)) {
					v[nt].word = (int)w;
					break;
				}
		nt++;
	}
	buf_release(&f);
	*out = v;
	return nt;
}

static unsigned
popcount32(uint32_t x)
{
	unsigned c = 0;

	for (; x; x &= x - 1)
		c++;
	return c;
}

/* The best window [*start, *end) of at most words syllables. */
static void
choose_window(const struct stok *v, size_t nt, size_t words, size_t *start,
    size_t *end)
{
	size_t i, j, s, best_s = 0;
	unsigned best = 0;

	for (i = 0; i < nt; i++) {
		uint32_t seen = 0;
		unsigned hits = 0, score;

		if (v[i].word < 0)
			continue;
		s = i > LEAD_IN ? i - LEAD_IN : 0;
		for (j = s; j < nt && j < s + words; j++)
			if (v[j].word >= 0) {
				seen |= 1u << v[j].word;
				hits++;
			}
		score = popcount32(seen) * 1024 + hits;
		if (score > best) {
			best = score;
			best_s = s;
		}
	}
	*start = best_s;
	*end = best_s + words < nt ? best_s + words : nt;
}

/* Escapes text[a..b) into out. */
static void
text_html(struct buf *out, const char *text, size_t a, size_t b)
{
	if (b > a)
		escape_html(out, text + a, b - a);
}

enum cong_err
search_snippet(const struct search_query *q, const char *text, size_t n,
    size_t words, struct buf *out, size_t *hits)
{
	struct stok *v = NULL;
	size_t scan = utf8_cut(text, n, SEARCH_SNIPPET_SCAN);
	size_t nt, start, end, i, from, to, cur, nhits = 0;
	bool open = false;

	nt = read_tokens(q, text, scan, &v);
	if (words == 0 || nt <= words) {
		start = 0;
		end = nt;
		from = 0;
		to = scan;
	} else {
		choose_window(v, nt, words, &start, &end);
		from = start ? v[start].t.off : 0;
		to = end < nt ? v[end - 1].t.off + v[end - 1].t.len : scan;
	}
	if (start > 0)
		buf_adds(out, "… ");
	cur = from;
	for (i = start; i < end; i++) {
		const struct search_tok *t = &v[i].t;

		if (v[i].word >= 0) {
			nhits++;
			if (open && t->gap == SEARCH_GAP_BREAK) {
				buf_adds(out, "</mark>");
				open = false;
			}
			text_html(out, text, cur, t->off);
			if (!open)
				buf_adds(out, "<mark>");
			open = true;
		} else {
			if (open)
				buf_adds(out, "</mark>");
			open = false;
			text_html(out, text, cur, t->off);
		}
		text_html(out, text, t->off, t->off + t->len);
		cur = t->off + t->len;
	}
	if (open)
		buf_adds(out, "</mark>");
	text_html(out, text, cur, to);
	if (to < n)
		buf_adds(out, " …");
	free(v);
	if (hits)
		*hits = nhits;
	return buf_ok(out) ? CONG_OK : CONG_ETOOBIG;
}
