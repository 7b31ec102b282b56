/* SPDX-License-Identifier: ISC */
/*
 * server.h: the HTTP/1.1 server on libh2o's event loop. One loop thread
 * per core, each with its own SO_REUSEPORT listener; a pool of worker
 * threads, each with its own store connection, runs the page handlers;
 * answers come back to the loop through h2o's multithread queue, so a
 * loop never blocks on the store. Static files (/static/, /media/) are
 * sent from the loop with sendfile.
 *
 * http knows no page: routes come from cmd/serve.c, and error pages are
 * drawn by the error_page function given here.
 */
#ifndef CONG_HTTP_SERVER_H
#define CONG_HTTP_SERVER_H

#include "http/route.h"

struct store;
struct store_conn;

struct http_server_config {
	const char *listen;		/* "127.0.0.1:8080" or "[::1]:8080" */
	int loops;			/* event loop threads; 0 = cores */
	int workers;			/* worker threads; 0 = 2 × cores */
	const struct http_route *routes;
	size_t nroutes;
	struct store *store;
	/*
	 * Served at /static/; NULL when the caller already ran
	 * http_static_load().
	 */
	const char *static_dir;
	const char *media_dir;		/* served at /media/ */
	bool access_log;		/* one logfmt line per request */
	size_t cache_bytes;		/* page cache budget; 0 = no cache */
	size_t max_conns;		/* 0 = LIMIT_CONN_TOTAL */
	size_t conns_per_addr;		/* 0 = LIMIT_CONN_PER_ADDR */
	/* cookie names (with '='): their presence bypasses the cache */
	const char *const *session_cookies;
	/*
	 * Called on the worker after every POST handler, before the answer
	 * leaves: drops the cached pages the write changed.
	 */
	void (*after_post)(struct store_conn *db, int64_t now);
	/*
	 * Called on the loop before a cache lookup: true when another
	 * process wrote since the cache was last brought up to date; the
	 * request then goes to a worker, which calls after_post first.
	 */
	bool (*cache_stale)(void);
	/*
	 * Called on the loop for every page answered from the cache (its
	 * handler did not run): route, Host, path, User-Agent, peer address.
	 */
	void (*on_cache_hit)(const struct http_route *route,
	    const char *host, size_t host_len, const char *path,
	    size_t path_len, const char *ua, size_t ua_len, const char *ip);
	bool behind_tls;		/* a TLS proxy in front: send HSTS */
	/*
	 * Draws the page for an error status into resp (on a worker, so it
	 * may use the store). If it fails, a plain-text page is sent.
	 */
	enum cong_err (*error_page)(struct http_req *req,
	    struct http_resp *resp, int status);
	/* Called once every listener is bound (tests wait for it). */
	void (*on_ready)(const char *addr);
	/*
	 * Called once on the main thread after every listener is bound and
	 * before any loop or worker thread starts, so what it sets up (a
	 * dropped uid, a Landlock domain, a seccomp filter) is inherited by
	 * every thread. An error stops the server before it serves. NULL:
	 * nothing.
	 */
	enum cong_err (*after_bind)(void);
};

/*
 * Binds, serves until SIGTERM or SIGINT, then stops accepting, lets the
 * requests in flight finish (at most LIMIT_SHUTDOWN_MS) and returns.
 * CONG_EIO if the address cannot be bound.
 */
enum cong_err http_server_run(const struct http_server_config *cfg);

/*
 * The URL of a file under the static dir, with its content fingerprint
 * in the name ("css/site.css" → "/static/css/site.3f9a1c0b2d.css"), for
 * templates. Valid after http_static_load(); the plain URL if unknown.
 */
const char *http_static_url(const char *name);
/* Scans dir and fingerprints every file (called by http_server_run). */
enum cong_err http_static_load(const char *dir);
void http_static_free(void);

#endif
