/* SPDX-License-Identifier: ISC */
/*
 * pg.c: the PostgreSQL store (libpq), behind the same store.h as the
 * embedded one. Statement text is the shared SQL of stmt.c turned into
 * PostgreSQL's spelling when a connection first prepares it (?N becomes
 * $N, "IS ?N" becomes IS NOT DISTINCT FROM, LIKE becomes ILIKE as SQLite's
 * LIKE ignores ASCII case, INSERT OR IGNORE becomes ON CONFLICT DO
 * NOTHING, and an INSERT into a table with an id column gets RETURNING id
 * for the new row id); where the dialects really differ, pg_overrides[]
 * holds PostgreSQL's own text for one statement. Values go as text
 * parameters; integers are typed int8, text is left for the server to
 * infer from the column it meets.
 *
 * Each connection belongs to one thread and prepares each statement once.
 * When the server restarts the connection is reset once and the statement
 * retried, unless a transaction was open (then the caller gets
 * CONG_EUNAVAIL and its transaction is gone). While the server is down
 * every call fails fast with CONG_EUNAVAIL, which the HTTP layer answers
 * with its 503 page.
 *
 * Write transactions take one cluster-wide advisory lock so writers queue
 * as they do on SQLite (BEGIN IMMEDIATE): code that reads then writes,
 * like the audit chain, sees no concurrent writer. Inside a transaction a
 * failed write is rolled back to a savepoint so, as on SQLite, the
 * transaction stays usable after, say, a unique-key conflict.
 */
#include "base/common.h"
#include "base/buf.h"
#include "base/log.h"
#include "store/backend.h"
#include "store/migrations.h"

#include <errno.h>
#include <inttypes.h>
#include <libpq-fe.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <strings.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

/* Type OIDs from PostgreSQL's catalog/pg_type.dat (stable since 7.x). */
#define PG_BOOLOID	16
#define PG_INT8OID	20
#define PG_INT2OID	21
#define PG_INT4OID	23
#define PG_TEXTOID	25
#define PG_OIDOID	26
#define PG_NUMERICOID	1700

#define PG_MAX(a, b) ((a) > (b) ? (a) : (b))
#define PG_STR_(x) #x
#define PG_STR(x) PG_STR_(x)

/* Most values one statement binds; the statement table stays far below. */
#define PG_MAX_PARAMS	64
/* The advisory lock every write transaction holds: "cong" in ASCII. */
#define PG_WRITE_LOCK	1668247143
/* How long a writer waits for that lock, like SQLite's busy timeout. */
#define PG_LOCK_TIMEOUT	"5s"
/* NOTIFY payloads are capped by the server at 8000 bytes. */
#define PG_NOTIFY_MAX	7999
#define PG_CHANNEL_MAX	63
/* The listener retries a lost connection this often, in ms. */
#define PG_LISTEN_RETRY_MS 500
/* A worker retries a lost connection at most this often, in ms. */
#define PG_REVIVE_MS	1000

/*
 * Statements whose PostgreSQL text differs beyond what pg_translate does,
 * by name so an entry may precede (or outlive) its statement.
 *
 * ST_SEARCH_CANDIDATES: SQLite asks its FTS5 table; here the MATCH
 * expression becomes a tsquery over search_doc.tsv with the same
 * matches, and the score is FTS5's bm25 with the same column weights
 * (title 8, lead 3, body 1), computed from the phrases' row counts (ph),
 * the index totals (st) and each candidate's term arrays (c):
 * migrations/pg/006_search.sql gives the formula.
 */
static const struct {
	const char *name;
	const char *sql;
} pg_overrides[] = {
	{ "ST_SEARCH_CANDIDATES", "WITH st AS MATERIALIZED (SELECT"
	    " nrow::float8 AS nrow, nterms::float8 / greatest(nrow, 1)::float8"
	    " AS avgdl FROM search_stats WHERE id = 1),"
	    " ph AS MATERIALIZED (SELECT p.n, p.words, p.prefix,"
	    " ln((st.nrow - h.hit + 0.5) / (h.hit + 0.5)) AS idf"
	    " FROM st, cong_fts_phrases(?1) p, LATERAL (SELECT"
	    " count(*)::float8 AS hit FROM search_doc x WHERE x.tsv @@"
	    " cong_phrase_tsquery(p.words, p.prefix)) h),"
	    " c AS MATERIALIZED (SELECT d.article_id, d.published_at,"
	    " d.nterms, cong_terms(d.title_terms) AS t,"
	    " cong_terms(d.lead_terms) AS l, cong_terms(d.body_terms) AS b"
	    " FROM search_doc d WHERE d.tsv @@ cong_fts_tsquery(?1)"
	    " AND d.site_id = ?2"
	    " AND d.published_at <= ?3 AND (?4 = 0 OR d.category_id = ?4)"
	    " AND d.published_at >= ?5 AND d.published_at < ?6"
	    " ORDER BY d.article_id DESC LIMIT ?7)"
	    " SELECT c.article_id, c.published_at, -1.0::float8 * coalesce(("
	    "SELECT sum(CASE WHEN ph.idf > 0 THEN ph.idf ELSE 1e-6 END"
	    " * ((f.f * (1.2::float8 + 1.0::float8)) / (f.f + 1.2::float8"
	    " * (1::float8 - 0.75::float8 + 0.75::float8 * c.nterms::float8"
	    " / st.avgdl))) ORDER BY ph.n) FROM ph, LATERAL (SELECT"
	    " 8::float8 * cong_phrase_count(ph.words, ph.prefix, c.t)"
	    " + 3::float8 * cong_phrase_count(ph.words, ph.prefix, c.l)"
	    " + cong_phrase_count(ph.words, ph.prefix, c.b) AS f) f), 0)"
	    " AS score FROM c, st ORDER BY c.article_id DESC" },
	{ NULL, NULL },
};

struct pg_listener {
	struct pg_store *s;
	char *channel;
	void (*cb)(const char *payload, void *ud);
	void *ud;
	PGconn *pg;
	pthread_t thread;
	struct pg_listener *next;
};

struct pg_store {
	char *url;
	int stop_fd;		/* eventfd: readable once the store closes */
	pthread_mutex_t mu;	/* guards listeners */
	struct pg_listener *listeners;
};

struct pg_stmt {
	char *sql;		/* translated text, NULL until first use */
	int nparams;
	uint64_t used;		/* bit k: $k+1 appears in the text */
	bool returns_id;	/* RETURNING id was added */
	bool prepared;
};

struct pg_conn {
	struct pg_store *s;
	PGconn *pg;
	bool in_tx;
	int64_t next_revive;	/* ms, monotonic: no reconnect before */
	struct pg_stmt stmts[ST__MAX];
};

struct pg_row {
	PGresult *res;
	int row;
};

static const struct store_ops pg_ops;

/* ------------------------------------------------------------------ */
/* Connections                                                         */

static void
pg_quiet_notice(void *arg, const char *message)
{
	UNUSED(arg);
	log_debug("postgresql: %s", message);
}

/*
 * Later keywords win: defaults first (the URL may change them), the URL,
 * then what cong needs. A dead server or network is noticed within
 * seconds (TCP keepalives, tcp_user_timeout) instead of hanging a worker;
 * no statement runs longer than a minute.
 */
static PGconn *
pg_connect(const char *url, const char *app)
{
	const char *keys[] = { "connect_timeout", "application_name",
	    "keepalives", "keepalives_idle", "keepalives_interval",
	    "keepalives_count", "tcp_user_timeout", "options", "dbname",
	    "client_encoding", NULL };
	const char *vals[] = { "5", app, "1", "30", "10", "3", "20000",
	    "-c statement_timeout=60s", url, "UTF8", NULL };
	PGconn *pg = PQconnectdbParams(keys, vals, 1);

	if (pg)
		PQsetNoticeProcessor(pg, pg_quiet_notice, NULL);
	return pg;
}

/* Forgets prepared statements: a new server session has none. */
static void
pg_forget(struct pg_conn *c)
{
	size_t i;

	for (i = 0; i < ST__MAX; i++)
		c->stmts[i].prepared = false;
}

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * Brings a broken connection back; false if the server is still away.
 * After a failed try the next waits PG_REVIVE_MS, so that while the
 * database is down requests fail at once instead of each waiting for a
 * connection timeout.
 */
static bool
pg_revive(struct pg_conn *c)
{
	if (PQstatus(c->pg) == CONNECTION_OK)
		return true;
	if (now_ms() < c->next_revive)
		return false;
	PQreset(c->pg);
	pg_forget(c);
	c->in_tx = false;
	if (PQstatus(c->pg) != CONNECTION_OK) {
		log_error("postgresql: database unavailable: %s",
		    PQerrorMessage(c->pg));
		c->next_revive = now_ms() + PG_REVIVE_MS;
		return false;
	}
	log_info("postgresql: reconnected");
	return true;
}

/* SQLSTATE classes: https://www.postgresql.org/docs/15/errcodes-appendix */
static enum cong_err
pg_err(struct pg_conn *c, const PGresult *res, const char *what)
{
	const char *st = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;

	if (PQstatus(c->pg) != CONNECTION_OK || !st) {
		log_error("postgresql: %s: %s", what, PQerrorMessage(c->pg));
		return CONG_EUNAVAIL;
	}
	if (!strcmp(st, "23505"))
		return CONG_EEXIST;
	log_error("postgresql: %s: %s", what, PQresultErrorMessage(res));
	if (!strncmp(st, "23", 2))
		return CONG_EINVAL;
	if (!strcmp(st, "40001") || !strcmp(st, "40P01"))
		return CONG_ECONFLICT;
	if (!strncmp(st, "08", 2) || !strncmp(st, "53", 2) ||
	    !strncmp(st, "57", 2) || !strcmp(st, "55P03"))
		return CONG_EUNAVAIL;
	return CONG_EDB;
}

/* Runs SQL with no values; *out, if given, gets the result to clear. */
static enum cong_err
pg_simple(struct pg_conn *c, const char *sql, PGresult **out)
{
	PGresult *res = NULL;
	enum cong_err err = CONG_OK;
	ExecStatusType rs;

	if (out)
		*out = NULL;
	res = PQexec(c->pg, sql);
	rs = PQresultStatus(res);
	if (rs != PGRES_COMMAND_OK && rs != PGRES_TUPLES_OK)
		err = pg_err(c, res, "script");
	if (!err && out) {
		*out = res;
		return CONG_OK;
	}
	PQclear(res);
	return err;
}

static void
pg_stmts_free(struct pg_conn *c)
{
	size_t i;

	for (i = 0; i < ST__MAX; i++)
		free(c->stmts[i].sql);
}

static void
pg_conn_free(void *impl)
{
	struct pg_conn *c = impl;

	if (!c)
		return;
	pg_stmts_free(c);
	PQfinish(c->pg);
	free(c);
}

/*
 * A connection that cannot reach the server yet is still returned: each
 * call retries it, so a worker started while the database was down
 * serves again once it is back.
 */
static enum cong_err
pg_conn_new(struct store *st, void **impl)
{
	struct pg_store *s = st->impl;
	struct pg_conn *c = xcalloc(1, sizeof(*c));

	c->s = s;
	c->pg = pg_connect(s->url, "cong");
	if (!c->pg) {
		free(c);
		*impl = NULL;
		return CONG_ENOMEM;
	}
	if (PQstatus(c->pg) != CONNECTION_OK)
		log_warn("postgresql: cannot connect yet: %s",
		    PQerrorMessage(c->pg));
	*impl = c;
	return CONG_OK;
}

/* ------------------------------------------------------------------ */
/* Statement text                                                      */

static bool
is_word(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	    (ch >= '0' && ch <= '9') || ch == '_';
}

static bool
is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

/* p starts the word w (case-insensitive) followed by a non-word byte. */
static bool
word_at(const char *p, const char *w)
{
	size_t n = strlen(w);

	return !strncasecmp(p, w, n) && !is_word(p[n]);
}

static const char *
skip_space(const char *p)
{
	while (is_space(*p))
		p++;
	return p;
}

/* Copies a quoted literal or identifier starting at p; returns its end. */
static const char *
copy_quoted(struct buf *out, const char *p)
{
	char q = *p;
	const char *start = p++;

	while (*p && *p != q)
		p++;
	if (*p)
		p++;
	buf_add(out, start, (size_t)(p - start));
	return p;
}

/*
 * Rewrites SQLite spelling into PostgreSQL's: see the file comment.
 * *nparams gets the highest placeholder number, *used which appear.
 */
static enum cong_err
pg_translate(const char *in, struct buf *out, int *nparams, uint64_t *used,
    bool *or_ignore)
{
	const char *p = in;
	int next = 1;

	*nparams = 0;
	*used = 0;
	*or_ignore = false;
	while (*p) {
		if (*p == '\'' || *p == '"') {
			p = copy_quoted(out, p);
		} else if (p[0] == '-' && p[1] == '-') {
			while (*p && *p != '\n')
				buf_addc(out, *p++);
		} else if (*p == '?') {
			long n = next;
			char *end;

			if (p[1] >= '0' && p[1] <= '9') {
				n = strtol(p + 1, &end, 10);
				p = end;
			} else {
				p++;
			}
			if (n < 1 || n > PG_MAX_PARAMS)
				return CONG_EINVAL;
			next = (int)n + 1;
			*nparams = PG_MAX(*nparams, (int)n);
			*used |= UINT64_C(1) << (n - 1);
			buf_addf(out, "$%ld", n);
		} else if (is_word(*p) && (p == in || !is_word(p[-1]))) {
			const char *w = p, *q;

			while (is_word(*p))
				p++;
			q = skip_space(p);
			if (word_at(w, "IS") && word_at(q, "NOT") &&
			    *skip_space(q + 3) == '?') {
				buf_adds(out, "IS DISTINCT FROM");
				p = q + 3;
			} else if (word_at(w, "IS") && *q == '?') {
				buf_adds(out, "IS NOT DISTINCT FROM");
			} else if (word_at(w, "LIKE")) {
				buf_adds(out, "ILIKE");
			} else if (word_at(w, "ifnull")) {
				buf_adds(out, "coalesce");
			} else if (word_at(w, "INSERT") && word_at(q, "OR") &&
			    word_at(skip_space(q + 2), "IGNORE")) {
				buf_adds(out, "INSERT");
				p = skip_space(q + 2) + 6;
				*or_ignore = true;
			} else {
				buf_add(out, w, (size_t)(p - w));
			}
		} else {
			buf_addc(out, *p++);
		}
	}
	if (*or_ignore)
		buf_adds(out, " ON CONFLICT DO NOTHING");
	return buf_ok(out) ? CONG_OK : CONG_ETOOBIG;
}

static const char *
pg_source_sql(enum store_stmt id)
{
	size_t i;

	for (i = 0; pg_overrides[i].sql; i++)
		if (!strcmp(pg_overrides[i].name, store_stmt_name(id)))
			return pg_overrides[i].sql;
	return store_stmt_sql(id);
}

/* The table an INSERT writes to, as "name" into *table. */
static bool
insert_table(const char *sql, struct buf *table)
{
	const char *p = skip_space(sql);

	if (!word_at(p, "INSERT"))
		return false;
	p = skip_space(p + 6);
	if (!word_at(p, "INTO"))
		return false;
	p = skip_space(p + 4);
	while (is_word(*p))
		buf_addc(table, *p++);
	return table->len > 0;
}

/* Whether table has a column named id, asked once per statement. */
static enum cong_err
table_has_id(struct pg_conn *c, const char *table, bool *yes)
{
	const char *vals[1] = { table };
	PGresult *res;
	enum cong_err err = CONG_OK;

	res = PQexecParams(c->pg, "SELECT 1 FROM pg_attribute WHERE attrelid ="
	    " to_regclass($1) AND attname = 'id' AND NOT attisdropped",
	    1, NULL, vals, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		err = pg_err(c, res, "catalog");
	else
		*yes = PQntuples(res) > 0;
	PQclear(res);
	return err;
}

/* Fills c->stmts[id].sql on first use. */
static enum cong_err
pg_stmt_text(struct pg_conn *c, enum store_stmt id)
{
	struct pg_stmt *ps = &c->stmts[id];
	struct buf sql = BUF_INIT, table = BUF_INIT;
	bool or_ignore, has_id = false;
	enum cong_err err;

	if (ps->sql)
		return CONG_OK;
	err = pg_translate(pg_source_sql(id), &sql, &ps->nparams, &ps->used,
	    &or_ignore);
	if (err) {
		log_error("postgresql: cannot translate %s",
		    store_stmt_name(id));
		goto out;
	}
	if (insert_table(sql.ptr, &table) && !strcasestr(sql.ptr,
	    "RETURNING")) {
		if ((err = table_has_id(c, table.ptr, &has_id)))
			goto out;
		if (has_id) {
			buf_adds(&sql, " RETURNING id");
			ps->returns_id = true;
		}
	}
	ps->sql = buf_detach(&sql, NULL);
out:
	buf_release(&sql);
	buf_release(&table);
	return err;
}

/* ------------------------------------------------------------------ */
/* Running statements                                                  */

struct pg_params {
	const char *vals[PG_MAX_PARAMS];
	char *owned[PG_MAX_PARAMS];
	Oid types[PG_MAX_PARAMS];
};

static void
params_release(struct pg_params *pp, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(pp->owned[i]);
}

/* Text forms of the values; text is copied to end with a NUL. */
static void
params_fill(struct pg_params *pp, const struct pg_stmt *ps,
    const struct store_val *args, size_t nargs)
{
	char num[24];
	size_t i;

	for (i = 0; i < nargs; i++) {
		pp->owned[i] = NULL;
		pp->vals[i] = NULL;
		pp->types[i] = 0;
		switch (args[i].type) {
		case SV_NULL:
			break;
		case SV_INT:
			snprintf(num, sizeof(num), "%" PRId64, args[i].i);
			pp->owned[i] = xstrdup(num);
			pp->types[i] = PG_INT8OID;
			break;
		case SV_TEXT:
			pp->owned[i] = xstrndup(args[i].s, args[i].len);
			break;
		}
		pp->vals[i] = pp->owned[i];
		/* A value the text never uses still needs a type. */
		if (!(ps->used & (UINT64_C(1) << i)))
			pp->types[i] = PG_TEXTOID;
	}
}

/* Prepares id as "sN" on this session, typed by the first call's values. */
static enum cong_err
pg_prepare(struct pg_conn *c, enum store_stmt id, const struct pg_params *pp)
{
	struct pg_stmt *ps = &c->stmts[id];
	char name[16];
	PGresult *res;
	enum cong_err err = CONG_OK;

	if (ps->prepared)
		return CONG_OK;
	snprintf(name, sizeof(name), "s%d", (int)id);
	res = PQprepare(c->pg, name, ps->sql, ps->nparams, pp->types);
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		err = pg_err(c, res, store_stmt_name(id));
	else
		ps->prepared = true;
	PQclear(res);
	return err;
}

/* One attempt: prepare if needed and execute. */
static enum cong_err
pg_try(struct pg_conn *c, enum store_stmt id, const struct pg_params *pp,
    PGresult **out)
{
	char name[16];
	PGresult *res;
	ExecStatusType rs;
	enum cong_err err;

	*out = NULL;
	if ((err = pg_stmt_text(c, id)) || (err = pg_prepare(c, id, pp)))
		return err;
	snprintf(name, sizeof(name), "s%d", (int)id);
	res = PQexecPrepared(c->pg, name, c->stmts[id].nparams, pp->vals,
	    NULL, NULL, 0);
	rs = PQresultStatus(res);
	if (rs != PGRES_COMMAND_OK && rs != PGRES_TUPLES_OK) {
		err = pg_err(c, res, store_stmt_name(id));
		PQclear(res);
		return err;
	}
	*out = res;
	return CONG_OK;
}

/*
 * Runs a statement, reviving the connection once if the server went away
 * and no transaction was open. *out gets the result to clear.
 */
static enum cong_err
pg_run(struct pg_conn *c, enum store_stmt id, const struct store_val *args,
    size_t nargs, PGresult **out)
{
	struct pg_params pp;
	enum cong_err err;
	int attempt;

	*out = NULL;
	if ((unsigned)id >= ST__MAX || nargs > PG_MAX_PARAMS)
		return CONG_EINVAL;
	if (PQstatus(c->pg) != CONNECTION_OK && (c->in_tx || !pg_revive(c)))
		return CONG_EUNAVAIL;
	if ((err = pg_stmt_text(c, id)))
		return err;
	if ((int)nargs != c->stmts[id].nparams) {
		log_error("postgresql: %s takes %d values, given %zu",
		    store_stmt_name(id), c->stmts[id].nparams, nargs);
		return CONG_EINVAL;
	}
	params_fill(&pp, &c->stmts[id], args, nargs);
	for (attempt = 0; attempt < 2; attempt++) {
		err = pg_try(c, id, &pp, out);
		if (err != CONG_EUNAVAIL || PQstatus(c->pg) == CONNECTION_OK)
			break;
		if (c->in_tx || attempt || !pg_revive(c))
			break;
	}
	params_release(&pp, nargs);
	return err;
}

static enum cong_err
pg_query(struct store_conn *sc, enum store_stmt id,
    const struct store_val *args, size_t nargs, store_row_fn fn, void *ud)
{
	struct pg_conn *c = sc->impl;
	struct pg_row pr = { NULL, 0 };
	struct store_row row = { &pg_ops, &pr };
	enum cong_err err;
	int n;

	if ((err = pg_run(c, id, args, nargs, &pr.res)))
		return err;
	n = PQntuples(pr.res);
	if (fn && !c->stmts[id].returns_id)
		for (pr.row = 0; pr.row < n && !err; pr.row++)
			err = fn(ud, &row);
	PQclear(pr.res);
	return err;
}

static enum cong_err
pg_exec(struct store_conn *sc, enum store_stmt id,
    const struct store_val *args, size_t nargs, int64_t *rowid,
    int64_t *changes)
{
	struct pg_conn *c = sc->impl;
	PGresult *res = NULL;
	bool sp = c->in_tx;
	enum cong_err err;
	int n;

	if (sp && (err = pg_simple(c, "SAVEPOINT cong_stmt", NULL)))
		return err;
	err = pg_run(c, id, args, nargs, &res);
	if (sp && err)
		pg_simple(c, "ROLLBACK TO SAVEPOINT cong_stmt", NULL);
	else if (sp)
		err = pg_simple(c, "RELEASE SAVEPOINT cong_stmt", NULL);
	if (err)
		goto out;
	n = PQntuples(res);
	if (rowid)
		*rowid = c->stmts[id].returns_id && n > 0 ?
		    strtoll(PQgetvalue(res, n - 1, 0), NULL, 10) : 0;
	if (changes)
		*changes = strtoll(PQcmdTuples(res), NULL, 10);
out:
	PQclear(res);
	return err;
}

/*
 * Transaction words from store.c and migration scripts. BEGIN IMMEDIATE
 * becomes BEGIN plus the writers' advisory lock; a COMMIT that the server
 * turned into a ROLLBACK (the transaction had failed) is an error.
 */
static enum cong_err
pg_exec_script(void *impl, const char *sql)
{
	struct pg_conn *c = impl;
	PGresult *res = NULL;
	enum cong_err err;
	bool rolled_back;
	bool write = !strcmp(sql, "BEGIN IMMEDIATE");

	if (write || !strcmp(sql, "BEGIN")) {
		if (PQstatus(c->pg) != CONNECTION_OK && !pg_revive(c))
			return CONG_EUNAVAIL;
		err = pg_simple(c, "BEGIN", NULL);
		if (err == CONG_EUNAVAIL && pg_revive(c))
			err = pg_simple(c, "BEGIN", NULL);
		if (err)
			return err;
		c->in_tx = true;
		if (write && (err = pg_simple(c, "SET LOCAL lock_timeout = '"
		    PG_LOCK_TIMEOUT "'; SELECT pg_advisory_xact_lock("
		    PG_STR(PG_WRITE_LOCK) ")", NULL))) {
			pg_simple(c, "ROLLBACK", NULL);
			c->in_tx = false;
		}
		return err;
	}
	if (!strcmp(sql, "ROLLBACK")) {
		c->in_tx = false;
		if (PQstatus(c->pg) != CONNECTION_OK)
			return CONG_OK;
		return pg_simple(c, "ROLLBACK", NULL);
	}
	if (!strcmp(sql, "COMMIT")) {
		err = pg_simple(c, "COMMIT", &res);
		rolled_back = !err && !strcmp(PQcmdStatus(res), "ROLLBACK");
		PQclear(res);
		if (!err || PQstatus(c->pg) != CONNECTION_OK)
			c->in_tx = false;
		if (rolled_back) {
			log_error("postgresql: transaction failed; rolled back");
			return CONG_EDB;
		}
		return err;
	}
	if (PQstatus(c->pg) != CONNECTION_OK && (c->in_tx || !pg_revive(c)))
		return CONG_EUNAVAIL;
	return pg_simple(c, sql, NULL);
}

/* ------------------------------------------------------------------ */
/* Checks, locks, notifications                                        */

/* Appends one line per row of a catalog query that should find nothing. */
static enum cong_err
check_none(struct pg_conn *c, const char *sql, const char *what,
    struct buf *report)
{
	PGresult *res = NULL;
	enum cong_err err;
	int i;

	if ((err = pg_simple(c, sql, &res))) {
		buf_addf(report, "database: %s: check failed\n", what);
		return err;
	}
	for (i = 0; i < PQntuples(res); i++)
		buf_addf(report, "database: %s: %s\n", what,
		    PQgetvalue(res, i, 0));
	err = PQntuples(res) ? CONG_EDB : CONG_OK;
	PQclear(res);
	return err;
}

/*
 * The server enforces foreign keys and checks itself; what can still be
 * wrong is a constraint added NOT VALID and never validated, or an index
 * left invalid by a failed CREATE INDEX CONCURRENTLY.
 */
static enum cong_err
pg_check(struct store_conn *sc, struct buf *report)
{
	struct pg_conn *c = sc->impl;
	enum cong_err e1, e2;

	if (PQstatus(c->pg) != CONNECTION_OK && !pg_revive(c)) {
		buf_adds(report, "database: unavailable\n");
		return CONG_EUNAVAIL;
	}
	e1 = check_none(c, "SELECT conrelid::regclass || '.' || conname"
	    " FROM pg_constraint WHERE NOT convalidated",
	    "constraint not validated", report);
	e2 = check_none(c, "SELECT indexrelid::regclass::text FROM pg_index"
	    " WHERE NOT indisvalid OR NOT indisready",
	    "invalid index", report);
	return e1 ? e1 : e2;
}

static enum cong_err
pg_try_lock(struct store_conn *sc, int64_t key, bool *got)
{
	struct pg_conn *c = sc->impl;
	char num[24];
	const char *vals[1] = { num };
	PGresult *res;
	enum cong_err err = CONG_OK;

	*got = false;
	if (!c->in_tx) {
		log_error("postgresql: store_try_lock outside a transaction");
		return CONG_EINVAL;
	}
	snprintf(num, sizeof(num), "%" PRId64, key);
	res = PQexecParams(c->pg, "SELECT pg_try_advisory_xact_lock($1::int8)",
	    1, NULL, vals, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		err = pg_err(c, res, "try_lock");
	else
		*got = !strcmp(PQgetvalue(res, 0, 0), "t");
	PQclear(res);
	return err;
}

static bool
channel_ok(const char *channel)
{
	size_t n = strlen(channel), i;

	if (!n || n > PG_CHANNEL_MAX)
		return false;
	for (i = 0; i < n; i++)
		if (!is_word(channel[i]))
			return false;
	return true;
}

static enum cong_err
pg_notify(struct store_conn *sc, const char *channel, const char *payload)
{
	struct pg_conn *c = sc->impl;
	const char *vals[2] = { channel, payload };
	PGresult *res;
	enum cong_err err = CONG_OK;
	int attempt;

	if (!channel_ok(channel) || strlen(payload) > PG_NOTIFY_MAX)
		return CONG_EINVAL;
	for (attempt = 0; attempt < 2; attempt++) {
		if (PQstatus(c->pg) != CONNECTION_OK &&
		    (c->in_tx || !pg_revive(c)))
			return CONG_EUNAVAIL;
		res = PQexecParams(c->pg, "SELECT pg_notify($1, $2)", 2, NULL,
		    vals, NULL, NULL, 0);
		err = PQresultStatus(res) == PGRES_TUPLES_OK ? CONG_OK :
		    pg_err(c, res, "notify");
		PQclear(res);
		if (err != CONG_EUNAVAIL || c->in_tx)
			break;
	}
	return err;
}

/* Connects and LISTENs; false (and a closed connection) on failure. */
static bool
listener_connect(struct pg_listener *l)
{
	struct buf sql = BUF_INIT;
	PGresult *res = NULL;
	bool ok = false;

	PQfinish(l->pg);
	l->pg = pg_connect(l->s->url, "cong-listen");
	if (!l->pg || PQstatus(l->pg) != CONNECTION_OK)
		goto out;
	/* channel_ok() allowed only [A-Za-z0-9_]; quoting keeps the case. */
	buf_addf(&sql, "LISTEN \"%s\"", l->channel);
	res = PQexec(l->pg, sql.ptr);
	ok = PQresultStatus(res) == PGRES_COMMAND_OK;
out:
	PQclear(res);
	buf_release(&sql);
	if (!ok) {
		if (l->pg)
			log_warn("postgresql: listener: %s",
			    PQerrorMessage(l->pg));
		PQfinish(l->pg);
		l->pg = NULL;
	}
	return ok;
}

/* Waits for the socket (or only for the stop signal when fd < 0). */
static bool
listener_wait(struct pg_listener *l, int fd, int ms)
{
	struct pollfd p[2] = {
		{ .fd = l->s->stop_fd, .events = POLLIN },
		{ .fd = fd, .events = POLLIN },
	};

	if (poll(p, fd >= 0 ? 2 : 1, ms) < 0 && errno != EINTR)
		return false;
	return !(p[0].revents & POLLIN);
}

static void *
listener_main(void *arg)
{
	struct pg_listener *l = arg;
	PGnotify *n;

	for (;;) {
		if (!l->pg) {
			if (!listener_wait(l, -1, PG_LISTEN_RETRY_MS))
				break;
			if (!listener_connect(l))
				continue;
			log_info("postgresql: listener on '%s' reconnected",
			    l->channel);
			/* Notifications sent meanwhile are lost. */
			l->cb(NULL, l->ud);
		}
		if (!listener_wait(l, PQsocket(l->pg), -1))
			break;
		if (!PQconsumeInput(l->pg) ||
		    PQstatus(l->pg) != CONNECTION_OK) {
			log_warn("postgresql: listener on '%s' lost its "
			    "connection", l->channel);
			PQfinish(l->pg);
			l->pg = NULL;
			continue;
		}
		while ((n = PQnotifies(l->pg))) {
			l->cb(n->extra, l->ud);
			PQfreemem(n);
		}
	}
	PQfinish(l->pg);
	l->pg = NULL;
	return NULL;
}

static enum cong_err
pg_listen(struct store *st, const char *channel,
    void (*cb)(const char *payload, void *ud), void *ud)
{
	struct pg_store *s = st->impl;
	struct pg_listener *l;

	if (!channel_ok(channel) || !cb)
		return CONG_EINVAL;
	l = xcalloc(1, sizeof(*l));
	l->s = s;
	l->channel = xstrdup(channel);
	l->cb = cb;
	l->ud = ud;
	if (!listener_connect(l)) {
		free(l->channel);
		free(l);
		return CONG_EUNAVAIL;
	}
	if (pthread_create(&l->thread, NULL, listener_main, l)) {
		PQfinish(l->pg);
		free(l->channel);
		free(l);
		return CONG_EIO;
	}
	pthread_mutex_lock(&s->mu);
	l->next = s->listeners;
	s->listeners = l;
	pthread_mutex_unlock(&s->mu);
	return CONG_OK;
}

/* ------------------------------------------------------------------ */
/* Bulk copy (cong migrate); store.c has checked the names             */

/* Runs SQL with text values outside the statement table. */
static enum cong_err
pg_params_exec(struct pg_conn *c, const char *sql, int n,
    const char *const *vals, PGresult **out)
{
	PGresult *res;
	ExecStatusType rs;
	enum cong_err err = CONG_OK;

	*out = NULL;
	if (PQstatus(c->pg) != CONNECTION_OK && (c->in_tx || !pg_revive(c)))
		return CONG_EUNAVAIL;
	res = PQexecParams(c->pg, sql, n, NULL, vals, NULL, NULL, 0);
	rs = PQresultStatus(res);
	if (rs != PGRES_COMMAND_OK && rs != PGRES_TUPLES_OK) {
		err = pg_err(c, res, "copy");
		PQclear(res);
		return err;
	}
	*out = res;
	return CONG_OK;
}

static enum cong_err
pg_copy_columns(struct store_conn *sc, const char *table, json_t **out)
{
	const char *vals[1] = { table };
	PGresult *res = NULL;
	enum cong_err err;
	int i;

	err = pg_params_exec(sc->impl, "SELECT attname FROM pg_attribute"
	    " WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT"
	    " attisdropped AND attgenerated = '' ORDER BY attnum", 1, vals,
	    &res);
	if (err)
		return err;
	if (!PQntuples(res)) {
		PQclear(res);
		return CONG_ENOTFOUND;
	}
	*out = json_array();
	for (i = 0; i < PQntuples(res); i++)
		json_array_append_new(*out, json_string(PQgetvalue(res, i, 0)));
	PQclear(res);
	return CONG_OK;
}

static enum cong_err
pg_copy_insert(struct store_conn *sc, const char *table, const json_t *cols,
    const struct store_val *vals, size_t n)
{
	struct pg_stmt ps = { .used = ~UINT64_C(0) };
	struct pg_params pp;
	struct buf sql = BUF_INIT;
	PGresult *res = NULL;
	enum cong_err err;
	size_t i;

	if (n > PG_MAX_PARAMS)
		return CONG_EINVAL;
	buf_addf(&sql, "INSERT INTO \"%s\" (", table);
	for (i = 0; i < n; i++)
		buf_addf(&sql, "%s\"%s\"", i ? ", " : "",
		    json_string_value(json_array_get(cols, i)));
	buf_adds(&sql, ") VALUES (");
	for (i = 0; i < n; i++)
		buf_addf(&sql, "%s$%zu", i ? ", " : "", i + 1);
	buf_addc(&sql, ')');
	params_fill(&pp, &ps, vals, n);
	err = pg_params_exec(sc->impl, sql.ptr, (int)n, pp.vals, &res);
	params_release(&pp, n);
	PQclear(res);
	buf_release(&sql);
	return err;
}

static enum cong_err
pg_copy_count(struct store_conn *sc, const char *table, int64_t *n)
{
	struct buf sql = BUF_INIT;
	PGresult *res = NULL;
	enum cong_err err;

	buf_addf(&sql, "SELECT count(*) FROM \"%s\"", table);
	err = pg_params_exec(sc->impl, sql.ptr, 0, NULL, &res);
	if (!err)
		*n = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	buf_release(&sql);
	return err;
}

static enum cong_err
pg_copy_finish(struct store_conn *sc, const char *table)
{
	struct buf sql = BUF_INIT;
	const char *vals[1] = { table };
	PGresult *res = NULL;
	enum cong_err err;

	/* Tables without a serial id have no sequence: nothing to do. */
	err = pg_params_exec(sc->impl, "SELECT pg_get_serial_sequence($1,"
	    " 'id') FROM pg_attribute WHERE attrelid = to_regclass($1) AND"
	    " attname = 'id' AND NOT attisdropped", 1, vals, &res);
	if (err || !PQntuples(res) || PQgetisnull(res, 0, 0))
		goto out;
	buf_addf(&sql, "SELECT setval(pg_get_serial_sequence('\"%s\"', 'id'),"
	    " coalesce((SELECT max(id) FROM \"%s\"), 0) + 1, false)", table,
	    table);
	PQclear(res);
	err = pg_params_exec(sc->impl, sql.ptr, 0, NULL, &res);
out:
	PQclear(res);
	buf_release(&sql);
	return err;
}

/* ------------------------------------------------------------------ */
/* Rows                                                                */

static int
pg_ncols(const struct store_row *r)
{
	const struct pg_row *pr = r->impl;

	return PQnfields(pr->res);
}

static const char *
pg_name(const struct store_row *r, int col)
{
	const struct pg_row *pr = r->impl;

	return PQfname(pr->res, col);
}

/*
 * Booleans read as 0/1 and whole numerics (sum() of integers) as
 * integers, the way SQLite hands them back.
 */
static enum store_type
pg_type(const struct store_row *r, int col)
{
	const struct pg_row *pr = r->impl;

	if (PQgetisnull(pr->res, pr->row, col))
		return SV_NULL;
	switch (PQftype(pr->res, col)) {
	case PG_BOOLOID:
	case PG_INT2OID:
	case PG_INT4OID:
	case PG_INT8OID:
	case PG_OIDOID:
		return SV_INT;
	case PG_NUMERICOID:
		return strchr(PQgetvalue(pr->res, pr->row, col), '.') ?
		    SV_TEXT : SV_INT;
	default:
		return SV_TEXT;
	}
}

static int64_t
pg_get_int(const struct store_row *r, int col)
{
	const struct pg_row *pr = r->impl;
	const char *v = PQgetvalue(pr->res, pr->row, col);

	if (PQftype(pr->res, col) == PG_BOOLOID)
		return *v == 't';
	return strtoll(v, NULL, 10);
}

static const char *
pg_get_text(const struct store_row *r, int col, size_t *len)
{
	const struct pg_row *pr = r->impl;
	const char *v = PQgetvalue(pr->res, pr->row, col);

	if (PQftype(pr->res, col) == PG_BOOLOID &&
	    !PQgetisnull(pr->res, pr->row, col))
		v = *v == 't' ? "1" : "0";
	if (len)
		*len = strlen(v);
	return v;
}

/* ------------------------------------------------------------------ */
/* The store                                                           */

static void
pg_free(struct store *st)
{
	struct pg_store *s = st->impl;
	struct pg_listener *l, *next;
	uint64_t one = 1;

	if (write(s->stop_fd, &one, sizeof(one)) < 0)
		log_error("postgresql: cannot stop listeners");
	for (l = s->listeners; l; l = next) {
		next = l->next;
		pthread_join(l->thread, NULL);
		free(l->channel);
		free(l);
	}
	close(s->stop_fd);
	pthread_mutex_destroy(&s->mu);
	free(s->url);
	free(s);
	free(st);
}

static const struct store_ops pg_ops = {
	.dialect = "postgresql",
	.free = pg_free,
	.conn_new = pg_conn_new,
	.conn_free = pg_conn_free,
	.exec_script = pg_exec_script,
	.query = pg_query,
	.exec = pg_exec,
	.check = pg_check,
	.try_lock = pg_try_lock,
	.notify = pg_notify,
	.listen = pg_listen,
	.copy_columns = pg_copy_columns,
	.copy_insert = pg_copy_insert,
	.copy_count = pg_copy_count,
	.copy_finish = pg_copy_finish,
	.ncols = pg_ncols,
	.name = pg_name,
	.type = pg_type,
	.get_int = pg_get_int,
	.get_text = pg_get_text,
	.migrations = migrations_pg,
};

enum cong_err
store_pg_open(const char *url, struct store **out)
{
	struct store *st;
	struct pg_store *s;
	PGconn *probe;
	enum cong_err err = CONG_OK;

	*out = NULL;
	/* Open once now so a bad URL or a down server fails at start. */
	probe = pg_connect(url, "cong");
	if (!probe || PQstatus(probe) != CONNECTION_OK) {
		log_error("cannot open database: %s", probe ?
		    PQerrorMessage(probe) : "out of memory");
		err = CONG_EUNAVAIL;
		goto out;
	}
	st = xcalloc(1, sizeof(*st));
	s = xcalloc(1, sizeof(*s));
	s->url = xstrdup(url);
	s->stop_fd = eventfd(0, EFD_CLOEXEC);
	if (s->stop_fd < 0) {
		free(s->url);
		free(s);
		free(st);
		err = CONG_EIO;
		goto out;
	}
	pthread_mutex_init(&s->mu, NULL);
	st->ops = &pg_ops;
	st->impl = s;
	*out = st;
out:
	PQfinish(probe);
	return err;
}
