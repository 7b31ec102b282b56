/* SPDX-License-Identifier: ISC */
/*
 * search.c: search latency over a generated corpus. Builds N articles
 * (env N, default 100000) from the real Vietnamese news sentences in
 * $SHARED/testdata/vi-text/vi_vtb-sentences.txt, combined at random with
 * a fixed seed (titles, leads, bodies of several paragraphs, some with
 * document numbers), into a temporary SQLite database through the C API
 * (one transaction, prepared statements, search_index_article() for each
 * article as article_save() calls it). Then runs five query classes
 * (common pairs, rare pairs, one syllable, several syllables, quoted
 * phrases) through search_run(), page 1 with snippets, and prints median
 * and p99 latency per class, the index size and the build time.
 * Printed, not asserted. Not part of make check; bench/run calls it.
 *
 * usage: search [DB-URL]   (the URL bench/run passes is not used: the
 *                           corpus is built here so that it has N
 *                           articles whatever bench/run imported)
 */
#include "base/common.h"
#include "base/buf.h"
#include "base/log.h"
#include "render/escape.h"
#include "search/index.h"
#include "search/text.h"
#include "store/store.h"
#include "vn/fold.h"

#include <sqlite3.h>
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define QUERIES_PER_CLASS 300
#define CATEGORIES 8
#define PAIR_TABLE (1u << 18)

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

/* xorshift64*: deterministic, good enough to pick sentences */
static uint64_t
rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ull;
}

static size_t
pick(size_t n)
{
	return (size_t)(rng() % n);
}

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* ------------------------------------------------------------------ */
/* Sentences                                                           */

struct sentences {
	char **v;
	size_t n;
};

/* "xã , mỗi tổ ( 40 )" -> "xã, mỗi tổ (40)": the corpus is tokenized */
static char *
detokenize(const char *s)
{
	struct buf b;
	size_t i, n = strlen(s);

	buf_init(&b, n + 1);
	for (i = 0; i < n; i++) {
		char c = s[i], next = i + 1 < n ? s[i + 1] : 0;

		if (c == '\n' || c == '\r')
			continue;
		if (c == ' ' && next && strchr(",.;:!?)", next))
			continue;
		buf_addc(&b, c);
		if (c == '(' && next == ' ')
			i++;
	}
	while (b.len && b.ptr[b.len - 1] == ' ')
		buf_truncate(&b, b.len - 1);
	return buf_detach(&b, NULL);
}

static int
load_sentences(const char *path, struct sentences *out)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;

	if (!f) {
		fprintf(stderr, "search bench: cannot open '%s'\n", path);
		return -1;
	}
	while (getline(&line, &cap, f) > 0) {
		char *s = detokenize(line);

		if (strlen(s) < 20) {
			free(s);
			continue;
		}
		out->v = xrealloc(out->v, (out->n + 1) * sizeof(*out->v));
		out->v[out->n++] = s;
	}
	free(line);
	fclose(f);
	return out->n ? 0 : -1;
}

/* ------------------------------------------------------------------ */
/* Corpus                                                              */

static const char *const cat_names[CATEGORIES] = { "Tin tức - Sự kiện",
	"Sự kiện nổi bật", "Kinh tế", "Văn hóa - Xã hội", "Văn bản",
	"Thông báo", "Nông thôn mới", "Cải cách hành chính" };
static const char *const authors[] = { "Huỳnh An", "Minh Khoa", "Thu Hà",
	"Đặng Minh Thành", "Lê Thị Vệ", "Ngọc Trâm", "Văn phòng" };
static const char *const doc_kinds[] = { "NĐ-CP", "QĐ-UBND", "TT-BTC",
	"NQ-HĐND", "KH-UBND", "CT-TTg" };

/* A title: the first 6 to 14 syllables of a sentence, no end mark. */
static void
make_title(struct buf *b, const char *s)
{
	size_t words = 6 + pick(9), i, spaces = 0;

	for (i = 0; s[i] && spaces < words; i++) {
		if (s[i] == ' ')
			spaces++;
		if (spaces < words)
			buf_addc(b, s[i]);
	}
	while (b->len && strchr(" .,;:!?", b->ptr[b->len - 1]))
		buf_truncate(b, b->len - 1);
}

static void
make_body(struct buf *b, const struct sentences *S, bool docnum)
{
	size_t paras = 3 + pick(3), p, k, per;
	const char *s;

	for (p = 0; p < paras; p++) {
		buf_adds(b, "<p>");
		if (docnum && p == 0)
			buf_addf(b, "Thực hiện văn bản số %zu/%zu/%s, ",
			    1 + pick(300), 2015 + pick(10),
			    doc_kinds[pick(ARRAY_SIZE(doc_kinds))]);
		per = 2 + pick(4);
		for (k = 0; k < per; k++) {
			s = S->v[pick(S->n)];
			if (k)
				buf_addc(b, ' ');
			escape_html(b, s, strlen(s));
		}
		buf_adds(b, "</p>\n");
	}
}

static int
build(struct store_conn *db, const struct sentences *S, size_t n,
    double *index_ms)
{
	struct buf title, lead, body, slug;
	int64_t site = 0, cats[CATEGORIES], id;
	struct store_val sv[14] = { SV_STR("bench.test"), SV_STR("Cổng bench"),
		SV_STR(""), SV_STR(""), SV_STR(""), SV_STR(""), SV_STR(""),
		SV_STR(""), SV_STR(""), SV_STR(""), SV_STR("portal"),
		SV_INT(1), SV_STR("[]"), SV_INT(1700000000) };
	size_t i;
	double t;

	buf_init(&title, LIMIT_TITLE);
	buf_init(&lead, LIMIT_LEAD);
	buf_init(&body, LIMIT_BODY);
	buf_init(&slug, 64);
	*index_ms = 0;
	if (store_exec(db, ST_SITE_INSERT, sv, 14, &site, NULL) ||
	    store_begin(db, true))
		return -1;
	for (i = 0; i < CATEGORIES; i++) {
		struct store_val v[5] = { SV_INT(site), SV_NUL,
			SV_NUL, SV_STR(cat_names[i]), SV_INT((int64_t)i) };

		buf_reset(&slug);
		buf_addf(&slug, "cm-%zu", i);
		v[2] = SV_STR(slug.ptr);
		if (store_exec(db, ST_CATEGORY_INSERT, v, 5, &cats[i], NULL))
			return -1;
	}
	for (i = 0; i < n; i++) {
		int64_t pub = 1500000000 + (int64_t)i * 900 +
		    (int64_t)pick(600);
		int64_t cat = cats[pick(CATEGORIES)];
		const char *author = authors[pick(ARRAY_SIZE(authors))];
		struct search_doc d;

		buf_reset(&title);
		buf_reset(&lead);
		buf_reset(&body);
		buf_reset(&slug);
		make_title(&title, S->v[pick(S->n)]);
		buf_adds(&lead, S->v[pick(S->n)]);
		make_body(&body, S, pick(20) == 0);
		buf_addf(&slug, "bai-%zu", i);
		{
			struct store_val v[16] = { SV_INT(site), SV_INT(cat),
				SV_STR(slug.ptr), SV_STR(title.ptr),
				SV_STR(lead.ptr), SV_STR(body.ptr),
				SV_STR(author), SV_STR(""),
				SV_STR("published"), SV_INT(0), SV_INT(pub),
				SV_INT(pub), SV_NUL, SV_STR(""), SV_STR(""),
				SV_NUL };

			if (store_exec(db, ST_ARTICLE_INSERT, v, 16, &id,
			    NULL))
				return -1;
		}
		memset(&d, 0, sizeof(d));
		d.article_id = id;
		d.site_id = site;
		d.category_id = cat;
		d.published_at = pub;
		d.live = true;
		d.title = title.ptr;
		d.lead = lead.ptr;
		d.body_html = body.ptr;
		d.author = author;
		t = now_ms();
		if (search_index_article(db, &d))
			return -1;
		*index_ms += now_ms() - t;
	}
	if (store_commit(db))
		return -1;
	buf_release(&title);
	buf_release(&lead);
	buf_release(&body);
	buf_release(&slug);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Queries                                                             */

struct pair_count {
	char key[2 * SEARCH_TERM_MAX * 2 + 2];	/* "exact exact" as in text */
	unsigned count;
};

static struct pair_count *pairs;

static uint32_t
hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static void
count_pair(const char *key)
{
	uint32_t h = hash(key) & (PAIR_TABLE - 1);

	while (pairs[h].count && strcmp(pairs[h].key, key) != 0)
		h = (h + 1) & (PAIR_TABLE - 1);
	if (!pairs[h].count && strlen(key) < sizeof(pairs[h].key))
		memcpy(pairs[h].key, key, strlen(key) + 1);
	pairs[h].count++;
}

/* Counts adjacent syllable pairs (as written) over every sentence. */
static void
count_pairs(const struct sentences *S)
{
	struct search_tok t, prev;
	struct buf key;
	size_t i, pos;
	bool have;

	pairs = xcalloc(PAIR_TABLE, sizeof(*pairs));
	buf_init(&key, sizeof(pairs[0].key));
	for (i = 0; i < S->n; i++) {
		const char *s = S->v[i];

		pos = 0;
		have = false;
		while (search_tok_next(s, strlen(s), &pos, &t)) {
			if (have && t.gap == SEARCH_GAP_SPACE) {
				buf_reset(&key);
				buf_add(&key, s + prev.off, prev.len);
				buf_addc(&key, ' ');
				buf_add(&key, s + t.off, t.len);
				if (buf_ok(&key))
					count_pair(key.ptr);
			}
			prev = t;
			have = true;
		}
	}
	buf_release(&key);
}

static int
by_count_desc(const void *a, const void *b)
{
	const struct pair_count *x = a, *y = b;

	return x->count < y->count ? 1 : x->count > y->count ? -1 :
	    strcmp(x->key, y->key);
}

struct qclass {
	const char *name;
	char **q;
	size_t n;
};

static void
add_q(struct qclass *c, const char *s, size_t len)
{
	c->q = xrealloc(c->q, (c->n + 1) * sizeof(*c->q));
	c->q[c->n++] = xstrndup(s, len);
}

/* k consecutive syllables (k >= 2) of a random sentence, as written. */
static void
add_run(struct qclass *c, const struct sentences *S, size_t k, bool quote,
    bool fold)
{
	struct search_tok t[64];
	struct buf b;
	size_t pos = 0, n = 0, start, i;
	const char *s;

	do {
		s = S->v[pick(S->n)];
		pos = n = 0;
		while (n < ARRAY_SIZE(t) && search_tok_next(s, strlen(s), &pos,
		    &t[n]))
			n++;
	} while (n < k + 1);
	start = pick(n - k);
	buf_init(&b, 1024);
	if (quote)
		buf_addc(&b, '"');
	for (i = start; i < start + k; i++) {
		if (i > start)
			buf_addc(&b, ' ');
		if (fold)
			search_term_fold(s + t[i].off, t[i].len, &b);
		else
			buf_add(&b, s + t[i].off, t[i].len);
	}
	if (quote)
		buf_addc(&b, '"');
	add_q(c, b.ptr, b.len);
	buf_release(&b);
}

static void
make_queries(const struct sentences *S, struct qclass cls[5])
{
	struct pair_count *sorted;
	size_t i, used = 0;

	count_pairs(S);
	sorted = xcalloc(PAIR_TABLE, sizeof(*sorted));
	for (i = 0; i < PAIR_TABLE; i++)
		if (pairs[i].count)
			sorted[used++] = pairs[i];
	qsort(sorted, used, sizeof(*sorted), by_count_desc);
	/* common: the 40 most frequent pairs, as typed without diacritics */
	for (i = 0; i < used && cls[0].n < 40; i++) {
		struct buf b;

		buf_init(&b, 256);
		vn_fold(sorted[i].key, strlen(sorted[i].key), &b);
		add_q(&cls[0], b.ptr, b.len);
		buf_release(&b);
	}
	/* rare: pairs seen once in the sentences, with diacritics */
	for (i = used; i > 0 && cls[1].n < 200; i--)
		if (sorted[i - 1].count == 1 && pick(4) == 0) {
			add_q(&cls[1], sorted[i - 1].key,
			    strlen(sorted[i - 1].key));
		}
	for (i = 0; i < 200; i++) {
		add_run(&cls[2], S, 1, false, false);
		add_run(&cls[3], S, 3 + pick(3), false, true);
		add_run(&cls[4], S, 3 + pick(2), true, false);
	}
	free(sorted);
	free(pairs);
}

/* ------------------------------------------------------------------ */
/* Measuring                                                           */

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void
run_class(struct store_conn *db, const struct qclass *c)
{
	double lat[QUERIES_PER_CLASS], t, results = 0;
	struct search_query q;
	struct search_params p = { 1, 2000000000, 0, 0, 0, 1, 10 };
	size_t i, ok = 0;

	for (i = 0; i < QUERIES_PER_CLASS; i++) {
		const char *s = c->q[i % c->n];
		json_t *items = NULL;
		int64_t total = 0;
		bool capped;

		if (search_query_parse(s, strlen(s), &q))
			continue;
		t = now_ms();
		if (search_run(db, &q, &p, &items, &total, &capped) == CONG_OK)
			lat[ok++] = now_ms() - t;
		results += (double)total;
		json_decref(items);
	}
	if (!ok) {
		printf("%-16s no query ran\n", c->name);
		return;
	}
	qsort(lat, ok, sizeof(lat[0]), cmp_double);
	printf("%-16s %6zu %10.3f %10.3f %10.3f %10.0f   e.g. %s\n", c->name,
	    ok, lat[ok / 2], lat[(ok * 99) / 100 < ok ? (ok * 99) / 100 :
	    ok - 1], lat[ok - 1], results / (double)ok, c->q[0]);
}

/* Bytes of the search tables (dbstat), or -1 when SQLite lacks it. */
static void
sizes(const char *path)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;
	struct stat stt;

	if (stat(path, &stt) == 0)
		printf("database file: %.1f MiB\n", (double)stt.st_size /
		    1048576.0);
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) ==
	    SQLITE_OK && sqlite3_prepare_v2(db, "SELECT CASE WHEN name LIKE"
	    " 'search_fts%' THEN 'search_fts (FTS5 index)' WHEN name LIKE"
	    " 'search_doc%' OR name LIKE 'sqlite_autoindex_search_doc%'"
	    " THEN 'search_doc (text + terms)' ELSE 'other tables' END AS k,"
	    " sum(pgsize) FROM dbstat GROUP BY k ORDER BY k", -1, &s, NULL) ==
	    SQLITE_OK) {
		while (sqlite3_step(s) == SQLITE_ROW)
			printf("  %-28s %8.1f MiB\n",
			    (const char *)sqlite3_column_text(s, 0),
			    (double)sqlite3_column_int64(s, 1) / 1048576.0);
	} else {
		printf("  (dbstat not available: no per-table sizes)\n");
	}
	sqlite3_finalize(s);
	sqlite3_close(db);
}

int
main(int argc, char **argv)
{
	const char *shared = getenv("SHARED"), *ns = getenv("N");
	struct qclass cls[5] = { { "common pair", NULL, 0 },
		{ "rare pair", NULL, 0 }, { "one syllable", NULL, 0 },
		{ "multi-syllable", NULL, 0 }, { "quoted phrase", NULL, 0 } };
	struct sentences S = { NULL, 0 };
	struct store *st = NULL;
	struct store_conn *db = NULL;
	char dir[] = "/tmp/cong-search-bench-XXXXXX", path[256], url[300];
	char sent[1024];
	size_t n = 100000, i, j;
	double t0, build_ms, index_ms;
	int rc = 1;

	UNUSED(argc);
	UNUSED(argv);
	if (ns && *ns)
		n = (size_t)strtoull(ns, NULL, 10);
	if (n == 0)
		n = 100000;
	snprintf(sent, sizeof(sent), "%s/testdata/vi-text/"
	    "vi_vtb-sentences.txt", shared ? shared : "../shared");
	if (load_sentences(sent, &S))
		return 1;
	make_queries(&S, cls);
	if (!mkdtemp(dir))
		return 1;
	snprintf(path, sizeof(path), "%s/bench.db", dir);
	snprintf(url, sizeof(url), "sqlite:%s", path);
	log_set_level(LOG_WARN);
	if (store_open(url, true, &st) || store_migrate(st, NULL) ||
	    store_conn_new(st, &db))
		goto out;
	t0 = now_ms();
	if (build(db, &S, n, &index_ms))
		goto out;
	build_ms = now_ms() - t0;
	printf("corpus: %zu articles from %zu sentences (seeded), "
	    "built in %.1f s (of which indexing %.1f s, %.3f ms/article)\n",
	    n, S.n, build_ms / 1000, index_ms / 1000, index_ms / (double)n);
	sizes(path);
	printf("%-16s %6s %10s %10s %10s %10s\n", "class", "runs",
	    "median ms", "p99 ms", "max ms", "results");
	for (i = 0; i < ARRAY_SIZE(cls); i++)
		run_class(db, &cls[i]);
	rc = 0;
out:
	if (rc)
		fprintf(stderr, "search bench: failed\n");
	store_conn_free(db);
	store_free(st);
	snprintf(path, sizeof(path), "%s/bench.db", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/bench.db-wal", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/bench.db-shm", dir);
	unlink(path);
	rmdir(dir);
	for (i = 0; i < ARRAY_SIZE(cls); i++) {
		for (j = 0; j < cls[i].n; j++)
			free(cls[i].q[j]);
		free(cls[i].q);
	}
	for (i = 0; i < S.n; i++)
		free(S.v[i]);
	free(S.v);
	return rc;
}
