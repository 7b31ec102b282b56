/* SPDX-License-Identifier: ISC */
/*
 * diff.c: word-level diff by longest common subsequence (diff.h). The
 * table is the classic dynamic programme over suffixes, 16-bit cells:
 * a cell never exceeds the shorter side, which the cell cap keeps under
 * 2000 words whenever the table is built at all.
 */
#include "base/common.h"
#include "base/buf.h"
#include "content/diff.h"
#include "render/escape.h"

struct word {
	const char *p;
	size_t len;	/* with the whitespace after it */
	size_t wlen;	/* without */
};

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/*
 * Splits s into words; leading whitespace is a word of its own. Past
 * DIFF_WORDS_MAX the rest is one last word.
 */
static size_t
split(const char *s, size_t n, struct word **out)
{
	struct word *w;
	size_t i = 0, k = 0, cap = 16;

	w = xmalloc(cap * sizeof(*w));
	while (i < n) {
		size_t start = i, wend;

		if (k == cap) {
			cap *= 2;
			w = xrealloc(w, cap * sizeof(*w));
		}
		if (k + 1 == DIFF_WORDS_MAX) {
			w[k++] = (struct word){ s + i, n - i, n - i };
			break;
		}
		while (i < n && !is_space(s[i]))
			i++;
		wend = i;
		while (i < n && is_space(s[i]))
			i++;
		w[k++] = (struct word){ s + start, i - start, wend - start };
	}
	*out = w;
	return k;
}

static bool
same(const struct word *x, const struct word *y)
{
	return x->wlen == y->wlen && memcmp(x->p, y->p, x->wlen) == 0;
}

/* Writes runs, opening and closing <del>/<ins> as the kind changes. */
struct emit {
	struct buf *out;
	int mode;		/* 0 same, 1 deleted, 2 inserted */
	bool changed;
};

static void
emit(struct emit *e, int mode, const struct word *w)
{
	static const char *const open[] = { "", "<del>", "<ins>" };
	static const char *const close[] = { "", "</del>", "</ins>" };

	if (mode != e->mode) {
		buf_adds(e->out, close[e->mode]);
		buf_adds(e->out, open[mode]);
		e->mode = mode;
	}
	if (mode)
		e->changed = true;
	escape_html(e->out, w->p, w->len);
}

static void
middle(struct emit *e, const struct word *a, size_t n, const struct word *b,
    size_t m)
{
	uint16_t *t;
	size_t i, j;

	if (n == 0 || m == 0 || (n + 1) * (m + 1) > DIFF_CELLS_MAX) {
		for (i = 0; i < n; i++)
			emit(e, 1, &a[i]);
		for (j = 0; j < m; j++)
			emit(e, 2, &b[j]);
		return;
	}
	/* t[i][j]: LCS length of a[i..n) and b[j..m) */
	t = xcalloc((n + 1) * (m + 1), sizeof(*t));
#define T(i, j) t[(i) * (m + 1) + (j)]
	for (i = n; i-- > 0;)
		for (j = m; j-- > 0;)
			T(i, j) = same(&a[i], &b[j]) ? T(i + 1, j + 1) + 1 :
			    (T(i + 1, j) >= T(i, j + 1) ? T(i + 1, j) :
			    T(i, j + 1));
	i = j = 0;
	while (i < n && j < m) {
		if (same(&a[i], &b[j])) {
			emit(e, 0, &b[j]);
			i++;
			j++;
		} else if (T(i + 1, j) >= T(i, j + 1)) {
			emit(e, 1, &a[i++]);
		} else {
			emit(e, 2, &b[j++]);
		}
	}
#undef T
	while (i < n)
		emit(e, 1, &a[i++]);
	while (j < m)
		emit(e, 2, &b[j++]);
	free(t);
}

enum cong_err
diff_words_html(const char *a, size_t alen, const char *b, size_t blen,
    struct buf *out, bool *changed)
{
	struct word *wa = NULL, *wb = NULL;
	struct emit e = { out, 0, false };
	size_t na, nb, p = 0, s = 0, i;

	if ((!a && alen) || (!b && blen) || !out)
		return CONG_EINVAL;
	na = split(a ? a : "", alen, &wa);
	nb = split(b ? b : "", blen, &wb);
	while (p < na && p < nb && same(&wa[p], &wb[p]))
		p++;
	while (s < na - p && s < nb - p &&
	    same(&wa[na - 1 - s], &wb[nb - 1 - s]))
		s++;
	for (i = 0; i < p; i++)
		emit(&e, 0, &wb[i]);
	middle(&e, wa + p, na - p - s, wb + p, nb - p - s);
	for (i = nb - s; i < nb; i++)
		emit(&e, 0, &wb[i]);
	emit(&e, 0, &(struct word){ "", 0, 0 });
	free(wa);
	free(wb);
	if (changed)
		*changed = e.changed;
	return buf_ok(out) ? CONG_OK : CONG_ETOOBIG;
}
