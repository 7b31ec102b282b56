/* SPDX-License-Identifier: ISC */
/*
 * search/query.c: the query parser and the MATCH expressions of each
 * stage (search/query.h). Terms come from search/text.c's term functions,
 * the same ones the index is built with.
 */
#include "base/common.h"
#include "base/buf.h"

#include "search/query.h"
#include "vn/fold.h"
#include "vn/text.h"

/* Reads one quoted or unquoted segment's syllables into q. */
static enum cong_err
add_segment(struct search_query *q, const char *p, size_t n,
    unsigned phrase)
{
	struct search_tok t;
	struct buf f, e;
	size_t pos = 0;
	bool prev_ok = false;
	enum cong_err err = CONG_OK;

	buf_init(&f, SEARCH_TERM_MAX * 2);
	buf_init(&e, SEARCH_TERM_MAX * 2);
	while (search_tok_next(p, n, &pos, &t)) {
		struct search_word *w;

		buf_reset(&f);
		buf_reset(&e);
		if (search_term_fold(p + t.off, t.len, &f) ||
		    search_term_exact(p + t.off, t.len, &e)) {
			prev_ok = false;
			continue;
		}
		if (q->nwords >= LIMIT_QUERY_TERMS) {
			err = CONG_ETOOBIG;
			break;
		}
		w = &q->words[q->nwords++];
		memcpy(w->fold, f.ptr, f.len + 1);
		memcpy(w->exact, e.ptr, e.len + 1);
		w->marked = vn_has_marks(p + t.off, t.len);
		w->phrase = phrase;
		w->linked = prev_ok && t.gap != SEARCH_GAP_BREAK;
		w->joined = w->linked && t.gap == SEARCH_GAP_JOIN;
		q->has_marks |= w->marked;
		prev_ok = true;
	}
	buf_release(&f);
	buf_release(&e);
	return err;
}

/*
 * The first document number among the words: a chain of joined words
 * with a '/' somewhere, starting with a digit. The query keeps no joiner
 * characters, so the chain is re-read from the text: any joined chain of
 * two or more words starting with a digit whose text had a '/'.
 */
static void
find_docnum(struct search_query *q, const char *text, size_t n)
{
	struct buf b;
	size_t i, j;

	if (!memchr(text, '/', n))
		return;
	for (i = 0; i < q->nwords; i = j) {
		for (j = i + 1; j < q->nwords && q->words[j].joined; j++)
			;
		if (j - i < 2 || j - i > SEARCH_DOCNUM_MAX ||
		    !(q->words[i].fold[0] >= '0' && q->words[i].fold[0] <= '9'))
			continue;
		buf_init(&b, sizeof(q->docnum) - 1);
		buf_adds(&b, "_");
		for (size_t k = i; k < j; k++)
			buf_addf(&b, "_%s", q->words[k].fold);
		if (buf_ok(&b))
			memcpy(q->docnum, b.ptr, b.len + 1);
		buf_release(&b);
		return;
	}
}

enum cong_err
search_query_parse(const char *q, size_t n, struct search_query *out)
{
	struct buf text;
	size_t i, start;
	unsigned phrase = 0, nphrases = 0;
	enum cong_err err;
	bool quoted = false;

	memset(out, 0, sizeof(*out));
	if (n > LIMIT_QUERY)
		return CONG_ETOOBIG;
	buf_init(&text, LIMIT_QUERY * 4);
	if ((err = vn_text_line(q, n, &text)))
		goto out;
	for (i = start = 0; i <= text.len; i++) {
		if (i < text.len && text.ptr[i] != '"')
			continue;
		phrase = quoted ? ++nphrases : 0;
		if ((err = add_segment(out, text.ptr + start, i - start,
		    phrase)))
			goto out;
		quoted = !quoted;
		start = i + 1;
	}
	if (!out->nwords) {
		err = CONG_ENOTFOUND;
		goto out;
	}
	/* the last word is being typed: no space, no quote after it */
	{
		const struct search_word *w = &out->words[out->nwords - 1];
		char lastc = text.len ? text.ptr[text.len - 1] : 0;
		char rawc = n ? q[n - 1] : 0;

		out->last_prefix = !w->phrase && rawc != ' ' && rawc != '\t' &&
		    (lastc & 0x80 || (lastc >= 'a' && lastc <= 'z') ||
		    (lastc >= 'A' && lastc <= 'Z') ||
		    (lastc >= '0' && lastc <= '9'));
	}
	find_docnum(out, text.ptr, text.len);
out:
	if (err && err != CONG_ENOTFOUND)
		out->nwords = 0;
	buf_release(&text);
	return err;
}

/* ------------------------------------------------------------------ */
/* MATCH expressions                                                   */

struct expr {
	struct buf req;		/* "a" AND "b" ... */
	struct buf boost;	/* "x" OR "y" ... */
	struct buf first;	/* the first required item */
};

static void
add_req(struct expr *x, const char *item)
{
	if (x->req.len)
		buf_adds(&x->req, " AND ");
	else
		buf_adds(&x->first, item);
	buf_adds(&x->req, item);
}

static void
add_boost(struct expr *x, const char *item)
{
	if (x->boost.len)
		buf_adds(&x->boost, " OR ");
	buf_adds(&x->boost, item);
}

/* "_a_b" for words i-1 and i, exact or folded, prefix or not. */
static void
pair_item(struct buf *b, const struct search_query *q, size_t i, bool exact,
    bool prefix)
{
	const struct search_word *a = &q->words[i - 1], *w = &q->words[i];

	buf_reset(b);
	buf_addf(b, "\"_%s_%s\"%s", exact ? a->exact : a->fold,
	    exact ? w->exact : w->fold, prefix ? "*" : "");
}

static void
word_item(struct buf *b, const char *term, bool prefix)
{
	buf_reset(b);
	buf_addf(b, "\"%s\"%s", term, prefix ? "*" : "");
}

/* One run of linked words [a, e) of the same phrase (or none). */
static void
add_run(struct expr *x, const struct search_query *q, size_t a, size_t e,
    enum search_stage stage, struct buf *item)
{
	bool has_last = e == q->nwords, prefix = has_last && q->last_prefix &&
	    stage >= SEARCH_STAGE_PREFIX;
	size_t i;

	if (q->words[a].phrase && e - a == 1) {
		buf_reset(item);
		buf_adds(item, "\"");
		for (i = a; i < e; i++)
			buf_addf(item, "%s%s", i > a ? " " : "",
			    q->words[i].fold);
		buf_adds(item, "\"");
		add_req(x, item->ptr);
	}
	if (e - a == 1 && !q->words[a].phrase) {
		word_item(item, q->words[a].fold, prefix);
		add_req(x, item->ptr);
		if (prefix) {
			word_item(item, q->words[a].fold, false);
			add_boost(x, item->ptr);
		}
	}
	for (i = a + 1; i < e; i++) {
		bool last = i == e - 1 && prefix;

		if (stage == SEARCH_STAGE_WIDE && !q->words[a].phrase) {
			if (i == a + 1) {
				word_item(item, q->words[a].fold, false);
				add_req(x, item->ptr);
			}
			word_item(item, q->words[i].fold, last);
			add_req(x, item->ptr);
			pair_item(item, q, i, false, false);
			add_boost(x, item->ptr);
		} else {
			pair_item(item, q, i, false, last);
			add_req(x, item->ptr);
			if (last) {
				pair_item(item, q, i, false, false);
				add_boost(x, item->ptr);
			}
		}
	}
	if (!q->has_marks)
		return;
	for (i = a; i < e; i++) {
		if (q->words[i].marked) {
			word_item(item, q->words[i].exact, false);
			add_boost(x, item->ptr);
		}
		if (i > a && (q->words[i].marked || q->words[i - 1].marked)) {
			pair_item(item, q, i, true, false);
			add_boost(x, item->ptr);
		}
	}
}

enum cong_err
search_query_match(const struct search_query *q, enum search_stage stage,
    struct buf *out)
{
	struct expr x;
	struct buf item;
	size_t a, e;
	enum cong_err err = CONG_OK;

	if (!q->nwords || (unsigned)stage >= SEARCH_STAGE__MAX)
		return CONG_EINVAL;
	buf_init(&x.req, LIMIT_QUERY * 32);
	buf_init(&x.boost, LIMIT_QUERY * 32);
	buf_init(&x.first, LIMIT_QUERY * 4);
	buf_init(&item, LIMIT_QUERY * 4);
	for (a = 0; a < q->nwords; a = e) {
		for (e = a + 1; e < q->nwords && q->words[e].linked &&
		    q->words[e].phrase == q->words[a].phrase; e++)
			;
		add_run(&x, q, a, e, stage, &item);
	}
	if (q->docnum[0]) {
		word_item(&item, q->docnum, false);
		add_boost(&x, item.ptr);
	}
	if (!buf_ok(&x.req) || !buf_ok(&x.boost) || !buf_ok(&item)) {
		err = CONG_ETOOBIG;
		goto out;
	}
	buf_add(out, x.req.ptr, x.req.len);
	if (x.boost.len)
		buf_addf(out, " AND (%s OR %s)", x.boost.ptr, x.first.ptr);
	if (!buf_ok(out))
		err = CONG_ETOOBIG;
out:
	buf_release(&x.req);
	buf_release(&x.boost);
	buf_release(&x.first);
	buf_release(&item);
	return err;
}

bool
search_query_hits(const struct search_query *q, size_t w, const char *fold,
    size_t n)
{
	const char *t;
	size_t tl;

	if (w >= q->nwords)
		return false;
	t = q->words[w].fold;
	tl = strlen(t);
	if (n == tl && memcmp(t, fold, n) == 0)
		return true;
	return w == q->nwords - 1 && q->last_prefix && n > tl &&
	    memcmp(t, fold, tl) == 0;
}
