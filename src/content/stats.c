/* SPDX-License-Identifier: ISC */
/*
 * stats.c: view counting in memory, batched writes, and the readers of
 * the counts. Two tables of STATS_SLOTS entries alternate: stats_hit
 * adds to the active one under a mutex; a flush swaps them and writes
 * the full one with no lock held but its own, so counting never waits
 * for the database.
 */
#include "base/common.h"
#include "base/buf.h"
#include "base/log.h"
#include "content/stats.h"
#include "store/store.h"
#include "vn/date.h"

#include <pthread.h>
#include <sodium.h>
#include <time.h>

/* ------------------------------------------------------------------ */
/* The in-memory table                                                 */

enum stat_kind { SK_SITE = 1, SK_ARTICLE, SK_VISITOR };

#define STAT_KEY_MAX 200	/* LIMIT_SLUG; a visitor hash is 32 hex */
#define STAT_HASH_BYTES 16
#define STAT_DAY_SECS 86400
#define STAT_KEEP_VISITORS (2 * STAT_DAY_SECS)

struct stat_entry {
	uint64_t h;		/* 0: empty slot */
	int64_t site_id;
	int64_t day;		/* Vietnam day number */
	int64_t n;		/* views */
	int64_t last;		/* visitors: last seen */
	uint8_t kind;
	uint8_t keylen;
	char key[STAT_KEY_MAX + 1];
};

struct stat_table {
	struct stat_entry *e;
	size_t used;
	uint64_t dropped;
};

static struct {
	pthread_mutex_t mu;		/* the active table, salt */
	pthread_mutex_t flush_mu;	/* one flush at a time; conn */
	pthread_cond_t cv;
	pthread_t tid;
	bool started, stop, wake;
	struct stat_table t[2];
	int active;
	struct store_conn *db;
	unsigned char salt[crypto_generichash_KEYBYTES];
	int64_t salt_day;
} S = {
	.mu = PTHREAD_MUTEX_INITIALIZER,
	.flush_mu = PTHREAD_MUTEX_INITIALIZER,
	.cv = PTHREAD_COND_INITIALIZER,
	.salt_day = -1,
};

static int64_t
vn_day(int64_t t)
{
	int64_t x = t + VN_UTC_OFFSET;

	return x >= 0 ? x / STAT_DAY_SECS : (x - STAT_DAY_SECS + 1) /
	    STAT_DAY_SECS;
}

/* FNV-1a over the key's parts; never 0 (0 marks an empty slot). */
static uint64_t
key_hash(int kind, int64_t site_id, int64_t day, const char *k, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	unsigned char head[17];
	size_t i;

	head[0] = (unsigned char)kind;
	memcpy(head + 1, &site_id, 8);
	memcpy(head + 9, &day, 8);
	for (i = 0; i < sizeof(head); i++)
		h = (h ^ head[i]) * 1099511628211ull;
	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)k[i]) * 1099511628211ull;
	return h ? h : 1;
}

/*
 * The entry for the key in t, created if missing; NULL when the table
 * is three-quarters full and the key is new.
 */
static struct stat_entry *
table_slot(struct stat_table *t, int kind, int64_t site_id, int64_t day,
    const char *k, size_t n)
{
	uint64_t h = key_hash(kind, site_id, day, k, n);
	size_t i = (size_t)(h % STATS_SLOTS), probes;
	struct stat_entry *e;

	for (probes = 0; probes < STATS_SLOTS; probes++) {
		e = &t->e[i];
		if (!e->h)
			break;
		if (e->h == h && e->kind == kind && e->site_id == site_id &&
		    e->day == day && e->keylen == n &&
		    memcmp(e->key, k, n) == 0)
			return e;
		i = (i + 1) % STATS_SLOTS;
	}
	if (t->used >= STATS_SLOTS / 4 * 3) {
		t->dropped++;
		return NULL;
	}
	e = &t->e[i];
	memset(e, 0, sizeof(*e));
	e->h = h;
	e->kind = (uint8_t)kind;
	e->site_id = site_id;
	e->day = day;
	e->keylen = (uint8_t)n;
	memcpy(e->key, k, n);
	t->used++;
	return e;
}

/* ------------------------------------------------------------------ */
/* Counting                                                            */

bool
stats_is_bot(const char *ua, size_t n)
{
	/* lower case; matched anywhere in the user agent */
	static const char *const pats[] = {
		"bot", "crawl", "spider", "slurp", "curl", "wget",
		"python-requests", "python-urllib", "aiohttp", "httpx",
		"headlesschrome", "phantomjs", "facebookexternalhit",
		"preview", "go-http-client", "java/", "libwww", "okhttp",
		"apache-httpclient", "axios", "node-fetch", "scrapy",
		"lighthouse", "pingdom", "uptime", "monitor", "feedfetcher",
		"feedparser", "validator", "archiver", "check_http",
	};
	char low[STATS_UA_SCAN + 1];
	size_t i;

	if (!ua || !n)
		return true;
	if (n > STATS_UA_SCAN)
		n = STATS_UA_SCAN;
	for (i = 0; i < n; i++) {
		char c = ua[i];

		low[i] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
	}
	low[n] = '\0';
	for (i = 0; i < ARRAY_SIZE(pats); i++)
		if (memmem(low, n, pats[i], strlen(pats[i])))
			return true;
	return false;
}

/* The slug of "/tin-tuc/{slug}", or 0 bytes for any other path. */
static size_t
article_slug(const char *path, size_t len, const char **slug)
{
	static const char pre[] = "/tin-tuc/";
	size_t n = sizeof(pre) - 1, i;

	if (len <= n || memcmp(path, pre, n) != 0 || len - n > STAT_KEY_MAX)
		return 0;
	for (i = n; i < len; i++)
		if (path[i] == '/' || path[i] == '?')
			return 0;
	*slug = path + n;
	return len - n;
}

/* Caller holds S.mu. */
static void
visitor_hash(int64_t day, const char *ip, const char *ua, size_t ua_len,
    char hex[2 * STAT_HASH_BYTES + 1])
{
	crypto_generichash_state st;
	unsigned char h[STAT_HASH_BYTES];

	if (S.salt_day != day) {
		randombytes_buf(S.salt, sizeof(S.salt));
		S.salt_day = day;
	}
	crypto_generichash_init(&st, S.salt, sizeof(S.salt), sizeof(h));
	if (ip)
		crypto_generichash_update(&st, (const unsigned char *)ip,
		    strlen(ip) + 1);
	crypto_generichash_update(&st, (const unsigned char *)ua, ua_len);
	crypto_generichash_final(&st, h, sizeof(h));
	sodium_bin2hex(hex, 2 * STAT_HASH_BYTES + 1, h, sizeof(h));
}

void
stats_hit(int64_t site_id, const char *path, size_t len, const char *ua,
    size_t ua_len, const char *ip, int64_t now)
{
	char hex[2 * STAT_HASH_BYTES + 1];
	struct stat_table *t;
	struct stat_entry *e;
	const char *slug = NULL;
	size_t slen = article_slug(path, len, &slug);
	int64_t day = vn_day(now);
	bool full;

	if (stats_is_bot(ua, ua_len))
		return;
	pthread_mutex_lock(&S.mu);
	if (!S.started)
		goto out;
	t = &S.t[S.active];
	visitor_hash(day, ip, ua, ua_len, hex);
	if ((e = table_slot(t, SK_SITE, site_id, day, "", 0)))
		e->n++;
	if (slen && (e = table_slot(t, SK_ARTICLE, site_id, day, slug, slen)))
		e->n++;
	if ((e = table_slot(t, SK_VISITOR, site_id, day, hex,
	    2 * STAT_HASH_BYTES)))
		e->last = now > e->last ? now : e->last;
	full = t->used >= STATS_SLOTS / 2;
	if (full && !S.wake) {
		S.wake = true;
		pthread_cond_signal(&S.cv);
	}
out:
	pthread_mutex_unlock(&S.mu);
}

/* Hosts the handlers answered, for hits the page cache serves. */
static struct {
	pthread_rwlock_t lock;
	size_t n;
	struct {
		char name[STATS_HOST_MAX + 1];
		size_t len;
		int64_t site_id;
	} h[STATS_HOSTS];
} H = { .lock = PTHREAD_RWLOCK_INITIALIZER };

/* Caller holds H.lock; -1 if the host is unknown. */
static int64_t
host_find(const char *host, size_t len)
{
	size_t i;

	for (i = 0; i < H.n; i++)
		if (H.h[i].len == len && memcmp(H.h[i].name, host, len) == 0)
			return H.h[i].site_id;
	return -1;
}

void
stats_host_site(const char *host, size_t len, int64_t site_id)
{
	int64_t known;

	if (len > STATS_HOST_MAX)
		return;
	pthread_rwlock_rdlock(&H.lock);
	known = host_find(host, len);
	pthread_rwlock_unlock(&H.lock);
	if (known == site_id)
		return;
	pthread_rwlock_wrlock(&H.lock);
	if (host_find(host, len) < 0 && H.n < STATS_HOSTS) {
		memcpy(H.h[H.n].name, host, len);
		H.h[H.n].len = len;
		H.h[H.n].site_id = site_id;
		H.n++;
	}
	pthread_rwlock_unlock(&H.lock);
}

void
stats_hit_host(const char *host, size_t host_len, const char *path,
    size_t len, const char *ua, size_t ua_len, const char *ip, int64_t now)
{
	int64_t site_id;

	if (host_len > STATS_HOST_MAX || stats_is_bot(ua, ua_len))
		return;
	pthread_rwlock_rdlock(&H.lock);
	site_id = host_find(host, host_len);
	pthread_rwlock_unlock(&H.lock);
	if (site_id >= 0)
		stats_hit(site_id, path, len, ua, ua_len, ip, now);
}

/* ------------------------------------------------------------------ */
/* Writing                                                             */

static enum cong_err
day_text(int64_t day, struct buf *out)
{
	buf_reset(out);
	return vn_date_format(out, day * STAT_DAY_SECS - VN_UTC_OFFSET,
	    VN_DATE_ISO_DAY);
}

/* Visitors first: each one new today adds to its site's visitor count. */
static enum cong_err
write_visitors(struct store_conn *db, struct stat_table *t, struct buf *day)
{
	size_t i;
	enum cong_err err;

	for (i = 0; i < STATS_SLOTS; i++) {
		struct stat_entry *e = &t->e[i], *site;
		struct store_val v[4];
		int64_t changes = 0;

		if (!e->h || e->kind != SK_VISITOR)
			continue;
		if ((err = day_text(e->day, day)))
			return err;
		v[0] = SV_INT(e->site_id);
		v[1] = SV_STRN(day->ptr, day->len);
		v[2] = SV_STRN(e->key, e->keylen);
		v[3] = SV_INT(e->last);
		if ((err = store_exec(db, ST_STAT_VISITOR_TOUCH, v, 4, NULL,
		    &changes)))
			return err;
		if (changes)
			continue;
		if ((err = store_exec(db, ST_STAT_VISITOR_INSERT, v, 4, NULL,
		    NULL)))
			return err;
		/* the site entry exists unless the table was full */
		if ((site = table_slot(t, SK_SITE, e->site_id, e->day, "", 0)))
			site->last++;
	}
	return CONG_OK;
}

static enum cong_err
write_views(struct store_conn *db, struct stat_table *t, struct buf *day)
{
	size_t i;
	enum cong_err err;

	for (i = 0; i < STATS_SLOTS; i++) {
		struct stat_entry *e = &t->e[i];

		if (!e->h || e->kind == SK_VISITOR)
			continue;
		if ((err = day_text(e->day, day)))
			return err;
		if (e->kind == SK_SITE) {
			struct store_val v[4] = { SV_INT(e->site_id),
				SV_STRN(day->ptr, day->len), SV_INT(e->n),
				SV_INT(e->last) };

			err = store_exec(db, ST_STAT_DAY_ADD, v, 4, NULL,
			    NULL);
		} else {
			struct store_val v[4] = { SV_INT(e->site_id),
				SV_STRN(e->key, e->keylen),
				SV_STRN(day->ptr, day->len), SV_INT(e->n) };

			if (!(err = store_exec(db, ST_STAT_ARTICLE_DAY_ADD,
			    v, 4, NULL, NULL))) {
				v[2] = SV_INT(e->n);
				err = store_exec(db, ST_STAT_ARTICLE_VIEWS_ADD,
				    v, 3, NULL, NULL);
			}
		}
		if (err)
			return err;
	}
	return CONG_OK;
}

static enum cong_err
write_table(struct store_conn *db, struct stat_table *t, int64_t now)
{
	struct buf day = BUF_INIT;
	struct store_val prune[1] = { SV_INT(now - STAT_KEEP_VISITORS) };
	enum cong_err err;

	buf_init(&day, 32);
	if ((err = store_begin(db, true)))
		goto out;
	if ((err = write_visitors(db, t, &day)) ||
	    (err = write_views(db, t, &day)) ||
	    (err = store_exec(db, ST_STAT_VISITOR_PRUNE, prune, 1, NULL,
	    NULL)))
		goto out;
	err = store_commit(db);
out:
	if (err)
		store_rollback(db);
	buf_release(&day);
	return err;
}

enum cong_err
stats_flush(void)
{
	struct stat_table *t;
	enum cong_err err = CONG_OK;
	uint64_t dropped;
	size_t used;

	pthread_mutex_lock(&S.flush_mu);
	pthread_mutex_lock(&S.mu);
	if (!S.started) {
		pthread_mutex_unlock(&S.mu);
		goto out;
	}
	t = &S.t[S.active];
	S.active ^= 1;
	S.wake = false;
	pthread_mutex_unlock(&S.mu);

	used = t->used;
	dropped = t->dropped;
	if (used)
		err = write_table(S.db, t, (int64_t)time(NULL));
	if (err)
		log_error("stats: cannot write %zu counters: %s", used,
		    cong_strerror(err));
	if (dropped)
		log_warn("stats: table full, %llu views not counted",
		    (unsigned long long)dropped);
	memset(t->e, 0, STATS_SLOTS * sizeof(*t->e));
	t->used = 0;
	t->dropped = 0;
out:
	pthread_mutex_unlock(&S.flush_mu);
	return err;
}

static void *
flusher(void *arg)
{
	struct timespec ts;

	UNUSED(arg);
	pthread_mutex_lock(&S.mu);
	while (!S.stop) {
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += STATS_FLUSH_MS / 1000;
		ts.tv_nsec += (long)(STATS_FLUSH_MS % 1000) * 1000000;
		if (ts.tv_nsec >= 1000000000) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000;
		}
		while (!S.stop && !S.wake &&
		    pthread_cond_timedwait(&S.cv, &S.mu, &ts) == 0)
			;
		if (S.stop)
			break;
		pthread_mutex_unlock(&S.mu);
		stats_flush();
		pthread_mutex_lock(&S.mu);
	}
	pthread_mutex_unlock(&S.mu);
	return NULL;
}

enum cong_err
stats_start(struct store *st)
{
	struct store_conn *db = NULL;
	enum cong_err err;

	if (sodium_init() < 0)
		return CONG_EUNAVAIL;
	pthread_mutex_lock(&S.mu);
	err = S.started ? CONG_EEXIST : CONG_OK;
	pthread_mutex_unlock(&S.mu);
	if (err || (err = store_conn_new(st, &db)))
		return err;
	pthread_mutex_lock(&S.mu);
	S.t[0].e = xcalloc(STATS_SLOTS, sizeof(struct stat_entry));
	S.t[1].e = xcalloc(STATS_SLOTS, sizeof(struct stat_entry));
	S.active = 0;
	S.db = db;
	S.stop = false;
	S.wake = false;
	S.started = true;
	if (pthread_create(&S.tid, NULL, flusher, NULL)) {
		S.started = false;
		err = CONG_EUNAVAIL;
	}
	pthread_mutex_unlock(&S.mu);
	if (err) {
		free(S.t[0].e);
		free(S.t[1].e);
		S.t[0].e = S.t[1].e = NULL;
		S.db = NULL;
		store_conn_free(db);
	}
	return err;
}

void
stats_stop(void)
{
	pthread_mutex_lock(&S.mu);
	if (!S.started) {
		pthread_mutex_unlock(&S.mu);
		return;
	}
	S.stop = true;
	pthread_cond_signal(&S.cv);
	pthread_mutex_unlock(&S.mu);
	pthread_join(S.tid, NULL);
	stats_flush();		/* the active table */
	stats_flush();		/* and one a hit filled during the first */
	pthread_mutex_lock(&S.flush_mu);
	pthread_mutex_lock(&S.mu);
	S.started = false;
	store_conn_free(S.db);
	S.db = NULL;
	free(S.t[0].e);
	free(S.t[1].e);
	S.t[0].e = S.t[1].e = NULL;
	pthread_mutex_unlock(&S.mu);
	pthread_mutex_unlock(&S.flush_mu);
}

/* ------------------------------------------------------------------ */
/* Reading                                                             */

static enum cong_err
day_of(int64_t t, struct buf *out)
{
	buf_reset(out);
	return vn_date_format(out, t, VN_DATE_ISO_DAY);
}

enum cong_err
stats_counters(struct store_conn *db, int64_t site_id, int64_t now,
    json_t **out)
{
	struct buf today = BUF_INIT, month = BUF_INIT;
	struct store_val v[3], o[2];
	json_t *row = NULL;
	int64_t online = 0;
	enum cong_err err;

	*out = NULL;
	buf_init(&today, 32);
	buf_init(&month, 32);
	if ((err = day_of(now, &today)) || (err = day_of(now, &month)))
		goto out;
	buf_truncate(&month, 8);	/* "YYYY-MM-" */
	buf_adds(&month, "01");
	v[0] = SV_INT(site_id);
	v[1] = SV_STRN(today.ptr, today.len);
	v[2] = SV_STRN(month.ptr, month.len);
	o[0] = SV_INT(site_id);
	o[1] = SV_INT(now - STATS_ONLINE_SECS);
	if ((err = store_query_one(db, ST_STAT_COUNTERS, v, 3, &row)) ||
	    (err = store_query_int(db, ST_STAT_ONLINE, o, 2, &online)))
		goto out;
	json_object_set_new(row, "online", json_integer(online));
	*out = row;
	row = NULL;
out:
	json_decref(row);
	buf_release(&today);
	buf_release(&month);
	return err;
}

static void
label_of(const char *day, struct buf *out)
{
	/* "YYYY-MM-DD" → "DD/MM" */
	buf_reset(out);
	buf_add(out, day + 8, 2);
	buf_addc(out, '/');
	buf_add(out, day + 5, 2);
}

enum cong_err
stats_days(struct store_conn *db, int64_t site_id, int64_t now, int days,
    json_t **out)
{
	struct buf from = BUF_INIT, d = BUF_INIT, label = BUF_INIT;
	struct store_val v[2];
	json_t *rows = NULL, *res = NULL;
	size_t next = 0;
	int i;
	enum cong_err err;

	*out = NULL;
	if (days < 1 || days > 366)
		return CONG_EINVAL;
	buf_init(&from, 32);
	buf_init(&d, 32);
	buf_init(&label, 32);
	if ((err = day_of(now - (int64_t)(days - 1) * STAT_DAY_SECS, &from)))
		goto out;
	v[0] = SV_INT(site_id);
	v[1] = SV_STRN(from.ptr, from.len);
	if ((err = store_query_json(db, ST_STAT_DAYS, v, 2, &rows)))
		goto out;
	res = json_array();
	for (i = days - 1; i >= 0; i--) {
		json_t *row = json_array_get(rows, next);
		const char *rd = json_string_value(json_object_get(row, "day"));

		if ((err = day_of(now - (int64_t)i * STAT_DAY_SECS, &d)))
			goto out;
		label_of(d.ptr, &label);
		if (rd && strcmp(rd, d.ptr) == 0) {
			json_object_set_new(row, "label", json_stringn(
			    label.ptr, label.len));
			json_array_append(res, row);
			next++;
			continue;
		}
		json_array_append_new(res, json_pack("{s:s, s:s, s:i, s:i}",
		    "day", d.ptr, "label", label.ptr, "views", 0,
		    "visitors", 0));
	}
	*out = res;
	res = NULL;
out:
	json_decref(res);
	json_decref(rows);
	buf_release(&from);
	buf_release(&d);
	buf_release(&label);
	return err;
}

static enum cong_err
period_query(struct store_conn *db, enum store_stmt id, int64_t site_id,
    int64_t now, int days, int limit, json_t **out)
{
	struct buf from = BUF_INIT;
	enum cong_err err;

	*out = NULL;
	if (days < 1 || days > 366 || limit < 1)
		return CONG_EINVAL;
	buf_init(&from, 32);
	if (!(err = day_of(now - (int64_t)(days - 1) * STAT_DAY_SECS,
	    &from))) {
		struct store_val v[3] = { SV_INT(site_id),
			SV_STRN(from.ptr, from.len), SV_INT(limit) };

		err = store_query_json(db, id, v,
		    id == ST_STAT_BY_CATEGORY ? 2 : 3, out);
	}
	buf_release(&from);
	return err;
}

enum cong_err
stats_top_articles(struct store_conn *db, int64_t site_id, int64_t now,
    int days, int limit, json_t **out)
{
	return period_query(db, ST_STAT_TOP_ARTICLES, site_id, now, days,
	    limit, out);
}

enum cong_err
stats_by_category(struct store_conn *db, int64_t site_id, int64_t now,
    int days, json_t **out)
{
	return period_query(db, ST_STAT_BY_CATEGORY, site_id, now, days, 1,
	    out);
}

enum cong_err
stats_by_author(struct store_conn *db, int64_t site_id, int64_t now,
    int days, int limit, json_t **out)
{
	return period_query(db, ST_STAT_BY_AUTHOR, site_id, now, days, limit,
	    out);
}

/* ------------------------------------------------------------------ */
/* The monitoring snippet (EMC)                                        */

#define EMC_URL_MAX 512

bool
stats_emc_url_valid(const char *url)
{
	size_t i, n = strlen(url);

	if (n > EMC_URL_MAX)
		return false;
	if (n == 0)
		return true;
	if (n <= 8 || strncmp(url, "https://", 8) != 0 || url[8] == '/')
		return false;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)url[i];

		if (c <= 0x20 || c >= 0x7f || c == '"' || c == '\'' ||
		    c == '<' || c == '>' || c == '\\' || c == '`')
			return false;
	}
	return true;
}

enum cong_err
stats_emc_set(struct store_conn *db, int64_t site_id, const char *url)
{
	struct store_val v[2] = { SV_INT(site_id), SV_STR(url) };
	int64_t changes = 0;
	enum cong_err err;

	if (!stats_emc_url_valid(url))
		return CONG_EINVAL;
	if ((err = store_exec(db, ST_SITE_EMC_SET, v, 2, NULL, &changes)))
		return err;
	return changes ? CONG_OK : CONG_ENOTFOUND;
}
