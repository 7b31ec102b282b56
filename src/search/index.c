/* SPDX-License-Identifier: ISC */
/*
 * search/index.c: writing index rows, the backfill, and running a query
 * in stages over a bounded candidate set (the reasons are in index.h).
 */
#include "base/common.h"
#include "base/buf.h"
#include "base/log.h"

#include <math.h>

#include "search/index.h"
#include "search/snippet.h"
#include "search/text.h"
#include "store/store.h"

/* ------------------------------------------------------------------ */
/* Writing                                                             */

#define OR_EMPTY(s) ((s) ? (s) : "")

/* The body as search reads it: text of the HTML, cover caption, author. */
static enum cong_err
body_text(const struct search_doc *d, struct buf *out)
{
	const char *html = OR_EMPTY(d->body_html);
	enum cong_err err;

	if ((err = search_html_text(html, strlen(html), out)))
		return err;
	if (d->cover_caption && *d->cover_caption && !strstr(out->ptr,
	    d->cover_caption)) {
		buf_adds(out, "\n");
		buf_adds(out, d->cover_caption);
	}
	if (d->author && *d->author) {
		buf_adds(out, "\n");
		buf_adds(out, d->author);
	}
	return buf_ok(out) ? CONG_OK : CONG_ETOOBIG;
}

enum cong_err
search_index_article(struct store_conn *db, const struct search_doc *d)
{
	struct buf body, tt, lt, bt;
	struct store_val del = SV_INT(d->article_id);
	const char *title = OR_EMPTY(d->title), *lead = OR_EMPTY(d->lead);
	enum cong_err err;

	buf_init(&body, LIMIT_BODY + LIMIT_LEAD);
	buf_init(&tt, LIMIT_TITLE * 8);
	buf_init(&lt, LIMIT_LEAD * 8);
	buf_init(&bt, (LIMIT_BODY + LIMIT_LEAD) * 8);
	if ((err = store_exec(db, ST_SEARCH_DOC_DELETE, &del, 1, NULL, NULL)))
		goto out;
	if (!d->live || !d->published_at)
		goto out;
	if ((err = body_text(d, &body)) ||
	    (err = search_terms(title, strlen(title), &tt)) ||
	    (err = search_terms(lead, strlen(lead), &lt)) ||
	    (err = search_terms(body.ptr, body.len, &bt))) {
		log_error("article %lld: too much text to index",
		    (long long)d->article_id);
		goto out;
	}
	{
		struct store_val v[10] = { SV_INT(d->article_id),
			SV_INT(d->site_id), SV_INT(d->category_id),
			SV_INT(d->published_at), SV_STR(title), SV_STR(lead),
			SV_STRN(body.ptr, body.len), SV_STRN(tt.ptr, tt.len),
			SV_STRN(lt.ptr, lt.len), SV_STRN(bt.ptr, bt.len) };

		err = store_exec(db, ST_SEARCH_DOC_INSERT, v, 10, NULL, NULL);
	}
out:
	buf_release(&body);
	buf_release(&tt);
	buf_release(&lt);
	buf_release(&bt);
	return err;
}

struct id_list {
	int64_t *v;
	size_t n, alloc;
};

static enum cong_err
collect_id(void *ud, const struct store_row *r)
{
	struct id_list *l = ud;

	if (l->n == l->alloc) {
		l->alloc = l->alloc ? l->alloc * 2 : 256;
		l->v = xrealloc(l->v, l->alloc * sizeof(*l->v));
	}
	l->v[l->n++] = store_row_int(r, 0);
	return CONG_OK;
}

static enum cong_err
index_one(void *ud, const struct store_row *r)
{
	struct search_doc d;

	memset(&d, 0, sizeof(d));
	d.article_id = store_row_int(r, 0);
	d.site_id = store_row_int(r, 1);
	d.category_id = store_row_int(r, 2);
	d.published_at = store_row_int(r, 3);
	d.live = true;
	/* each text stays valid until the next row: there is none */
	d.title = store_row_text(r, 4, NULL);
	d.lead = store_row_text(r, 5, NULL);
	d.body_html = store_row_text(r, 6, NULL);
	d.author = store_row_text(r, 7, NULL);
	d.cover_caption = store_row_text(r, 8, NULL);
	return search_index_article(ud, &d);
}

enum cong_err
search_backfill(struct store_conn *db, int64_t *count)
{
	struct id_list ids = { NULL, 0, 0 };
	enum cong_err err;
	size_t i;

	if (count)
		*count = 0;
	if ((err = store_query(db, ST_SEARCH_BACKFILL_IDS, NULL, 0, collect_id,
	    &ids)))
		goto out;
	if (!ids.n)
		goto out;
	if ((err = store_begin(db, true)))
		goto out;
	for (i = 0; i < ids.n && !err; i++) {
		struct store_val v = SV_INT(ids.v[i]);

		err = store_query(db, ST_SEARCH_ARTICLE_SOURCE, &v, 1,
		    index_one, db);
	}
	if (!err)
		err = store_commit(db);
	if (err)
		store_rollback(db);
	else if (count)
		*count = (int64_t)ids.n;
out:
	free(ids.v);
	return err;
}

/* ------------------------------------------------------------------ */
/* Searching                                                           */

struct cand {
	int64_t id;
	int64_t published_at;
	double score;
};

struct cand_list {
	struct cand v[SEARCH_CANDIDATES];
	size_t n;
	bool more;	/* a match past SEARCH_CANDIDATES was seen */
};

static enum cong_err
collect_cand(void *ud, const struct store_row *r)
{
	struct cand_list *l = ud;

	if (l->n >= SEARCH_CANDIDATES) {
		l->more = true;
		return CONG_OK;
	}
	l->v[l->n].id = store_row_int(r, 0);
	l->v[l->n].published_at = store_row_int(r, 1);
	/* store rows give integers and text; bm25 comes back as text */
	l->v[l->n].score = strtod(store_row_text(r, 2, NULL), NULL);
	l->n++;
	return CONG_OK;
}

static int
cand_cmp(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	if (x->published_at != y->published_at)
		return x->published_at < y->published_at ? 1 : -1;
	return x->id < y->id ? 1 : (x->id > y->id ? -1 : 0);
}

/*
 * bm25 is negative, lower is better. The score is its magnitude scaled up
 * by at most a quarter for freshness (half of that after six months), so
 * freshness orders near-equals without outranking a better text match.
 */
static void
rank(struct cand_list *l, int64_t now)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		double age = (double)(now - l->v[i].published_at) / 86400.0;
		double fresh = 1.0 / (1.0 + (age > 0 ? age : 0) / 180.0);

		l->v[i].score = -l->v[i].score * (1.0 + 0.25 * fresh);
	}
	qsort(l->v, l->n, sizeof(l->v[0]), cand_cmp);
}

static enum cong_err
run_stage(struct store_conn *db, const char *match,
    const struct search_params *p, struct cand_list *l)
{
	struct store_val v[7] = { SV_STR(match), SV_INT(p->site_id),
		SV_INT(p->now), SV_INT(p->category_id), SV_INT(p->from),
		SV_INT(p->to ? p->to : INT64_MAX), SV_INT(SEARCH_CANDIDATES + 1) };

	l->n = 0;
	l->more = false;
	return store_query(db, ST_SEARCH_CANDIDATES, v, 7, collect_cand, l);
}

/* One result row: the article's fields plus title_html and snippet_html. */
struct result_ctx {
	const struct search_query *q;
	json_t *item;
};

static enum cong_err
result_row(void *ud, const struct store_row *r)
{
	struct result_ctx *rc = ud;
	struct buf th, sn;
	size_t tl, ll, bl, hits = 0;
	const char *title = store_row_text(r, 6, &tl);
	const char *lead = store_row_text(r, 7, &ll);
	const char *body = store_row_text(r, 8, &bl);
	enum cong_err err;

	buf_init(&th, LIMIT_TITLE * 8);
	buf_init(&sn, 8192);
	err = search_snippet(rc->q, title, tl, 0, &th, NULL);
	if (!err)
		err = search_snippet(rc->q, body, bl, SEARCH_SNIPPET_WORDS,
		    &sn, &hits);
	if (!err && !hits && ll) {
		buf_reset(&sn);
		err = search_snippet(rc->q, lead, ll, SEARCH_SNIPPET_WORDS,
		    &sn, NULL);
	}
	if (!err)
		rc->item = json_pack("{s:I, s:s, s:I, s:I, s:s, s:s, s:s, "
		    "s:s, s:s}",
		    "id", (json_int_t)store_row_int(r, 0),
		    "slug", store_row_text(r, 1, NULL),
		    "published_at", (json_int_t)store_row_int(r, 2),
		    "category_id", (json_int_t)store_row_int(r, 3),
		    "category_slug", store_row_text(r, 4, NULL),
		    "category_name", store_row_text(r, 5, NULL),
		    "title", title, "title_html", th.ptr,
		    "snippet_html", sn.ptr);
	buf_release(&th);
	buf_release(&sn);
	return err ? err : (rc->item ? CONG_OK : CONG_ENOMEM);
}

static enum cong_err
page_items(struct store_conn *db, const struct search_query *q,
    const struct cand_list *l, const struct search_params *p, json_t *items)
{
	size_t i, first = (size_t)(p->page - 1) * (size_t)p->per_page;
	enum cong_err err;

	for (i = first; i < l->n && i < first + (size_t)p->per_page; i++) {
		struct result_ctx rc = { q, NULL };
		struct store_val v = SV_INT(l->v[i].id);

		if ((err = store_query(db, ST_SEARCH_RESULT, &v, 1, result_row,
		    &rc))) {
			json_decref(rc.item);
			return err;
		}
		if (rc.item)
			json_array_append_new(items, rc.item);
	}
	return CONG_OK;
}

enum cong_err
search_run(struct store_conn *db, const struct search_query *q,
    const struct search_params *p, json_t **items, int64_t *total,
    bool *capped)
{
	struct cand_list *l = NULL;
	struct buf match, prev;
	enum search_stage st;
	enum cong_err err = CONG_OK;

	*items = NULL;
	*total = 0;
	*capped = false;
	if (!q->nwords || p->page < 1 || p->per_page < 1 ||
	    p->per_page > SEARCH_PER_PAGE_MAX)
		return CONG_EINVAL;
	l = xcalloc(1, sizeof(*l));
	buf_init(&match, LIMIT_QUERY * 64);
	buf_init(&prev, LIMIT_QUERY * 64);
	for (st = 0; st < SEARCH_STAGE__MAX; st++) {
		buf_reset(&match);
		if ((err = search_query_match(q, st, &match)))
			goto out;
		if (prev.len && strcmp(prev.ptr, match.ptr) == 0)
			continue;
		if ((err = run_stage(db, match.ptr, p, l)))
			goto out;
		if (l->n >= SEARCH_WIDEN_MIN)
			break;
		buf_reset(&prev);
		buf_add(&prev, match.ptr, match.len);
	}
	*capped = l->more;
	rank(l, p->now);
	*total = (int64_t)l->n;
	*items = json_array();
	if ((err = page_items(db, q, l, p, *items))) {
		json_decref(*items);
		*items = NULL;
	}
out:
	buf_release(&match);
	buf_release(&prev);
	free(l);
	return err;
}
