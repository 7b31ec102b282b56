/* SPDX-License-Identifier: ISC */
/*
 * server.c: libh2o glue. The shape:
 *
 *   loop thread (one per core, own SO_REUSEPORT listener)
 *     on_req: validate, answer static files at once, else copy the
 *             request into a job and queue it
 *   worker thread (own store connection)
 *     route → handler → http_resp, or the error page
 *     → h2o_multithread_send_message back to the job's loop
 *   loop thread
 *     on_done: if the client is still there, send; free the job
 *
 * A request that dies while its job runs (client gone, timeout) is
 * noticed through a token allocated in the request's pool: its dispose
 * callback unlinks the job from the request, so a late answer is only
 * dropped. The same token counts requests in flight for graceful
 * shutdown and writes the access-log line when the request ends.
 */
/* h2o.h's inline functions call rand(): include it before banned.h. */
#include <h2o.h>

#include "base/common.h"
#include "base/buf.h"
#include "base/log.h"
#include "http/blob.h"
#include "http/cache.h"
#include "http/connlimit.h"
#include "http/csp.h"
#include "http/server.h"
#include "http/static.h"
#include "store/store.h"
#include "vn/text.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define HEADER_BYTES_MAX 16384	/* all request header fields together */
#define LISTEN_BACKLOG 1024

struct loop_thread;

struct req_token {
	struct loop_thread *t;
	struct job *job;	/* the job working for this request, if any */
	h2o_req_t *req;
	struct timespec start;
};

struct job {
	h2o_multithread_message_t msg;
	struct job *next;
	struct loop_thread *t;
	h2o_req_t *req;		/* NULL once the request is gone */
	struct req_token *tok;
	const struct http_route *route;
	unsigned allow;
	int status;		/* non-zero: answer this error page */
	struct http_req hreq;
	struct http_resp resp;
	char *mem;		/* the copied request */
	char *cache_key;	/* set when the answer may be cached */
	size_t cache_key_len;
	uint64_t epoch;		/* cache drops seen before the render */
	struct http_blob *blob;	/* the answer, prepared for the cache */
};

struct loop_thread {
	pthread_t tid;
	int index;
	int fd;
	h2o_evloop_t *loop;
	h2o_context_t ctx;
	h2o_accept_ctx_t accept_ctx;
	h2o_socket_t *listener;
	h2o_multithread_queue_t *queue;
	h2o_multithread_receiver_t done_receiver;
	h2o_multithread_receiver_t ctl_receiver;
	h2o_multithread_message_t ctl_msg;
	size_t inflight;
	struct buf path;	/* per-request scratch, reused */
	struct buf key;
	struct buf log;
	bool stopping;
	bool forced;		/* stopped with connections still open */
	struct timespec stop_at;
	h2o_hostconf_t **hosts;
};

/*
 * A loop's h2o objects are made, run and disposed of in its own thread:
 * libh2o keeps its recycled socket buffers in thread-local lists and a
 * socket keeps the list of the thread that made it, so a queue made by
 * the main thread had both loops take buffers from one unlocked list
 * (found by ThreadSanitizer after a crawl of uncached pages aborted the
 * server). The main thread waits for every loop to be ready, then for
 * every loop to finish its requests before it stops the workers, and
 * the loops deliver the workers' last answers and dispose of themselves.
 */
static struct {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int ready, finished;
	bool workers_stopped;
} phase = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0,
	false };

static void
phase_step(int *counter)
{
	pthread_mutex_lock(&phase.mu);
	(*counter)++;
	pthread_cond_broadcast(&phase.cv);
	pthread_mutex_unlock(&phase.mu);
}

static void
phase_wait(const int *counter, int n)
{
	pthread_mutex_lock(&phase.mu);
	while (*counter < n)
		pthread_cond_wait(&phase.cv, &phase.mu);
	pthread_mutex_unlock(&phase.mu);
}

struct worker_pool {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct job *head, *tail;
	size_t queued;
	bool stop;
	pthread_t *tids;
	int n;
};

static const struct http_server_config *cfg;
static h2o_globalconf_t globalconf;
static h2o_mimemap_t *mimemap;
static struct worker_pool pool;
static struct loop_thread *loops;
static int nloops;

/* ------------------------------------------------------------------ */
/* Sending                                                             */

static void
add_header(h2o_req_t *req, const char *name, size_t nlen, const char *val,
    size_t vlen)
{
	h2o_add_header_by_str(&req->pool, &req->res.headers, name, nlen, 1,
	    NULL, val, vlen);
}

#define ADD_LIT(req, n, v) add_header(req, n, sizeof(n) - 1, v, sizeof(v) - 1)

static void
add_security_headers(h2o_req_t *req)
{
	const char *csp = http_csp_for_path(req->input.path.base,
	    req->input.path.len);

	add_header(req, H2O_STRLIT("content-security-policy"), csp,
	    strlen(csp));
	ADD_LIT(req, "x-content-type-options", "nosniff");
	ADD_LIT(req, "referrer-policy", "strict-origin-when-cross-origin");
	if (cfg->behind_tls)
		ADD_LIT(req, "strict-transport-security",
		    "max-age=31536000; includeSubDomains");
}

static void
send_body(h2o_req_t *req, const char *body, size_t len)
{
	static h2o_generator_t gen = { NULL, NULL };
	h2o_iovec_t iov;

	req->res.content_length = len;
	h2o_start_response(req, &gen);
	if (h2o_memis(req->input.method.base, req->input.method.len,
	    H2O_STRLIT("HEAD")))
		len = 0;
	iov.base = len ? h2o_mem_alloc_pool(&req->pool, len) : NULL;
	iov.len = len;
	if (len)
		memcpy(iov.base, body, len);
	h2o_send(req, &iov, len ? 1 : 0, H2O_SEND_STATE_FINAL);
}

static void
send_plain(h2o_req_t *req, int status, const char *text)
{
	req->res.status = status;
	req->res.reason = http_status_reason(status);
	ADD_LIT(req, "content-type", "text/plain; charset=utf-8");
	ADD_LIT(req, "cache-control", "no-store");
	add_security_headers(req);
	send_body(req, text, strlen(text));
}

static void
send_resp(h2o_req_t *req, struct http_resp *resp)
{
	char tmp[64];
	size_t i;
	int n;

	req->res.status = resp->status;
	req->res.reason = http_status_reason(resp->status);
	add_header(req, "content-type", 12, resp->content_type,
	    strlen(resp->content_type));
	for (i = 0; i < resp->nheaders; i++)
		add_header(req, resp->headers[i].name,
		    resp->headers[i].name_len, resp->headers[i].value,
		    resp->headers[i].value_len);
	if (resp->max_age < 0)
		n = snprintf(tmp, sizeof(tmp), "no-store");
	else
		n = snprintf(tmp, sizeof(tmp), "public, max-age=%d",
		    resp->max_age);
	add_header(req, "cache-control", 13, tmp, (size_t)n);
	add_security_headers(req);
	send_body(req, resp->body.ptr, resp->body.len);
}

static void
on_blob_dispose(void *p)
{
	http_blob_unref(*(struct http_blob **)p);
}

static const char *
req_header(h2o_req_t *req, const h2o_token_t *token, size_t *len)
{
	ssize_t i = h2o_find_header(&req->headers, token, -1);

	if (i < 0)
		return NULL;
	*len = req->headers.entries[i].value.len;
	return req->headers.entries[i].value.base;
}

/*
 * Sends a prepared body from the loop: the variant the client accepts,
 * or 304 when its ETag matches. The bytes are not copied: the request
 * holds a reference to the blob until it is done.
 */
static void
send_blob(h2o_req_t *req, struct http_blob *b, const char *cache_control)
{
	static h2o_generator_t gen = { NULL, NULL };
	const char *ae, *inm, *enc_name;
	size_t ae_len = 0, inm_len = 0;
	enum http_enc enc;
	struct http_blob **hold;
	h2o_iovec_t iov;
	bool head = h2o_memis(req->input.method.base, req->input.method.len,
	    H2O_STRLIT("HEAD"));

	ae = req_header(req, H2O_TOKEN_ACCEPT_ENCODING, &ae_len);
	inm = req_header(req, H2O_TOKEN_IF_NONE_MATCH, &inm_len);
	enc = http_blob_pick(b, ae, ae_len);
	cache_control = cache_control ? cache_control : b->cache_control;
	add_header(req, "etag", 4, b->etag, strlen(b->etag));
	add_header(req, "cache-control", 13, cache_control,
	    strlen(cache_control));
	if (b->v[HTTP_ENC_GZIP].data || b->v[HTTP_ENC_BR].data)
		ADD_LIT(req, "vary", "accept-encoding");
	if (b->last_modified)
		add_header(req, "last-modified", 13, b->last_modified_http,
		    strlen(b->last_modified_http));
	add_security_headers(req);
	if (b->status == 200 && inm && http_blob_etag_match(b, inm, inm_len)) {
		req->res.status = 304;
		req->res.reason = "Not Modified";
		h2o_start_response(req, &gen);
		h2o_send(req, NULL, 0, H2O_SEND_STATE_FINAL);
		return;
	}
	req->res.status = b->status;
	req->res.reason = http_status_reason(b->status);
	add_header(req, "content-type", 12, b->content_type,
	    strlen(b->content_type));
	if ((enc_name = http_enc_name(enc)))
		add_header(req, "content-encoding", 16, enc_name,
		    strlen(enc_name));
	if (b->extra_name)
		add_header(req, b->extra_name, strlen(b->extra_name),
		    b->extra_value, strlen(b->extra_value));
	req->res.content_length = b->v[enc].len;
	hold = h2o_mem_alloc_shared(&req->pool, sizeof(*hold),
	    on_blob_dispose);
	http_blob_ref(b);
	*hold = b;
	h2o_start_response(req, &gen);
	iov = h2o_iovec_init(b->v[enc].data, head ? 0 : b->v[enc].len);
	h2o_send(req, &iov, iov.len ? 1 : 0, H2O_SEND_STATE_FINAL);
}

/* ------------------------------------------------------------------ */
/* Request tokens: lifetime, in-flight count, access log               */

static int64_t
elapsed_us(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (int64_t)(now.tv_sec - start->tv_sec) * 1000000 +
	    (now.tv_nsec - start->tv_nsec) / 1000;
}

static void
access_log(struct req_token *tok)
{
	h2o_req_t *req = tok->req;
	struct buf *b = &tok->t->log;
	size_t i, plen = req->input.path.len;

	buf_reset(b);
	buf_addf(b, "method=%.*s path=\"", (int)req->input.method.len,
	    req->input.method.base);
	if (plen > LIMIT_URL)
		plen = LIMIT_URL;
	for (i = 0; i < plen; i++) {
		unsigned char c = (unsigned char)req->input.path.base[i];

		if (c < 0x20 || c == '"' || c == '\\' || c >= 0x7f)
			buf_addf(b, "\\x%02x", c);
		else
			buf_addc(b, (char)c);
	}
	buf_addf(b, "\" status=%d bytes=%zu us=%lld", req->res.status,
	    req->bytes_sent, (long long)elapsed_us(&tok->start));
	log_raw(b->ptr, b->len);
}

static void
on_req_dispose(void *p)
{
	struct req_token *tok = p;

	if (tok->job) {
		tok->job->req = NULL;
		tok->job->tok = NULL;
	}
	if (cfg->access_log && tok->req->res.status)
		access_log(tok);
	tok->t->inflight--;
}

/* ------------------------------------------------------------------ */
/* Worker pool                                                         */

static void
job_free(struct job *job)
{
	if (!job)
		return;
	http_params_release(&job->hreq.params);
	http_resp_release(&job->resp);
	http_blob_unref(job->blob);
	free(job->cache_key);
	free(job->hreq.headers);
	free(job->mem);
	free(job);
}

static bool
resp_has_header(const struct http_resp *resp, const char *name)
{
	size_t i;

	for (i = 0; i < resp->nheaders; i++)
		if (strcmp(resp->headers[i].name, name) == 0)
			return true;
	return false;
}

/*
 * Prepares a public page for the cache (compressed variants, ETag) and
 * stores it; the loop then sends the same blob. Only a 200 with tags,
 * a max-age and no cookie is shared.
 */
static void
job_cache(struct job *job)
{
	struct http_resp *resp = &job->resp;
	char cc[64];

	if (resp->status != 200 || resp->max_age < 0 || !resp->cache_tags[0] ||
	    resp_has_header(resp, "set-cookie") || resp->nheaders > 1 ||
	    !buf_ok(&resp->body))
		return;
	snprintf(cc, sizeof(cc), "public, max-age=%d", resp->max_age);
	job->blob = http_blob_new(200, resp->content_type, cc, resp->body.ptr,
	    resp->body.len, resp->last_modified, HTTP_BLOB_COMPRESS);
	if (resp->nheaders == 1)
		http_blob_set_extra(job->blob, resp->headers[0].name,
		    resp->headers[0].value);
	http_cache_put(job->cache_key, job->cache_key_len, resp->cache_tags,
	    job->blob, job->epoch);
}

/* has_session_cookie() for a worker's copy of the request. */
static bool
req_has_session(const struct http_req *req)
{
	size_t len = 0, i;
	const char *c = http_req_header(req, "cookie", &len);

	if (!c || !cfg->session_cookies)
		return false;
	for (i = 0; cfg->session_cookies[i]; i++)
		if (memmem(c, len, cfg->session_cookies[i],
		    strlen(cfg->session_cookies[i])))
			return true;
	return false;
}

static void
job_run(struct job *job, struct store_conn *db)
{
	struct http_req *req = &job->hreq;
	enum cong_err err = CONG_OK;
	int status = job->status;

	req->db = db;
	/*
	 * Reads may go to a replica (--db-read), except for a request with a
	 * session cookie: whoever may just have written reads the primary.
	 */
	if (db)
		store_conn_use_replica(db, req->method != HTTP_POST &&
		    !req_has_session(req));
	http_resp_init(&job->resp);
	if (job->cache_key && cfg->cache_stale && cfg->cache_stale() &&
	    cfg->after_post && db)
		cfg->after_post(db, req->now);
	if (!status) {
		req->route_ud = job->route->ud;
		err = job->route->fn(req, &job->resp);
		/* a write: drop the cached pages it changed before answering */
		if (req->method == HTTP_POST && cfg->after_post && db)
			cfg->after_post(db, req->now);
		switch (err) {
		case CONG_OK:
			if (job->cache_key)
				job_cache(job);
			return;
		case CONG_ENOTFOUND:
			status = 404;
			break;
		case CONG_EINVAL:
		case CONG_EPARSE:
			status = 400;
			break;
		case CONG_EUNAVAIL:
			status = 503;
			break;
		case CONG_ETOOBIG:
			status = 413;
			break;
		case CONG_EPERM:
			status = 403;
			break;
		default:
			status = 500;
			log_error("handler for '%s' failed: %s", req->path,
			    cong_strerror(err));
		}
	}
	http_resp_release(&job->resp);
	http_resp_init(&job->resp);
	job->resp.max_age = -1;
	if (cfg->error_page && !cfg->error_page(req, &job->resp, status)) {
		job->resp.status = status;
	} else {
		http_resp_release(&job->resp);
		http_resp_init(&job->resp);
		job->resp.status = status;
		job->resp.max_age = -1;
		job->resp.content_type = "text/plain; charset=utf-8";
		buf_adds(&job->resp.body, http_status_reason(status));
	}
	if (status == 405) {
		struct buf allow = BUF_INIT;

		if (job->allow & (1u << HTTP_GET))
			buf_adds(&allow, "GET, HEAD");
		if (job->allow & (1u << HTTP_POST))
			buf_adds(&allow, allow.len ? ", POST" : "POST");
		http_resp_header(&job->resp, "allow", allow.ptr);
		buf_release(&allow);
	}
	if (status == 503)
		http_resp_header(&job->resp, "retry-after", "30");
}

static void *
worker_main(void *arg)
{
	struct store_conn *db = NULL;
	struct job *job;

	UNUSED(arg);
	if (cfg->store && store_conn_new(cfg->store, &db))
		log_error("worker: no database connection; answering 503");
	for (;;) {
		pthread_mutex_lock(&pool.mu);
		while (!pool.head && !pool.stop)
			pthread_cond_wait(&pool.cv, &pool.mu);
		if (!pool.head) {
			pthread_mutex_unlock(&pool.mu);
			break;
		}
		job = pool.head;
		pool.head = job->next;
		if (!pool.head)
			pool.tail = NULL;
		pool.queued--;
		pthread_mutex_unlock(&pool.mu);

		if (cfg->store && !db && !job->status)
			job->status = 503;
		job_run(job, db);
		h2o_multithread_send_message(&job->t->done_receiver,
		    &job->msg);
	}
	store_conn_free(db);
	return NULL;
}

static bool
pool_push(struct job *job)
{
	bool ok;

	pthread_mutex_lock(&pool.mu);
	ok = !pool.stop && pool.queued < LIMIT_WORKER_QUEUE;
	if (ok) {
		job->next = NULL;
		if (pool.tail)
			pool.tail->next = job;
		else
			pool.head = job;
		pool.tail = job;
		pool.queued++;
		pthread_cond_signal(&pool.cv);
	}
	pthread_mutex_unlock(&pool.mu);
	return ok;
}

static void
on_job_done(h2o_multithread_receiver_t *receiver, h2o_linklist_t *messages)
{
	UNUSED(receiver);
	while (!h2o_linklist_is_empty(messages)) {
		h2o_multithread_message_t *msg = H2O_STRUCT_FROM_MEMBER(
		    h2o_multithread_message_t, link, messages->next);
		struct job *job = H2O_STRUCT_FROM_MEMBER(struct job, msg, msg);

		h2o_linklist_unlink(&msg->link);
		if (job->req) {
			job->tok->job = NULL;
			if (job->blob)
				send_blob(job->req, job->blob, NULL);
			else
				send_resp(job->req, &job->resp);
		}
		job_free(job);
	}
}

/* ------------------------------------------------------------------ */
/* Copying a request out of the loop                                   */

static enum http_method
method_of(h2o_iovec_t m)
{
	if (h2o_memis(m.base, m.len, H2O_STRLIT("GET")))
		return HTTP_GET;
	if (h2o_memis(m.base, m.len, H2O_STRLIT("HEAD")))
		return HTTP_HEAD;
	if (h2o_memis(m.base, m.len, H2O_STRLIT("POST")))
		return HTTP_POST;
	return HTTP_METHOD__MAX;
}

static char *
copy_into(char **at, const char *p, size_t n)
{
	char *dst = *at;

	if (n)
		memcpy(dst, p, n);
	dst[n] = '\0';
	*at += n + 1;
	return dst;
}

static void
peer_name(h2o_req_t *req, char *out, size_t outlen)
{
	struct sockaddr_storage ss;
	socklen_t len;

	out[0] = '\0';
	len = req->conn->callbacks->get_peername(req->conn,
	    (struct sockaddr *)&ss);
	if (len == 0)
		return;
	if (ss.ss_family == AF_INET)
		inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, out,
		    (socklen_t)outlen);
	else if (ss.ss_family == AF_INET6)
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr,
		    out, (socklen_t)outlen);
}

/*
 * Copies what a handler may read into one allocation. The path has been
 * normalised into path (a buf) by the caller.
 */
static void
job_copy(struct job *job, h2o_req_t *req, const struct buf *path,
    const char *query, size_t qlen)
{
	struct http_req *hr = &job->hreq;
	size_t i, total = path->len + qlen + req->input.authority.len +
	    req->entity.len + 8;
	char *at;

	for (i = 0; i < req->headers.size; i++)
		total += req->headers.entries[i].name->len +
		    req->headers.entries[i].value.len + 2;
	job->mem = at = xmalloc(total);
	hr->path = copy_into(&at, path->ptr, path->len);
	hr->path_len = path->len;
	hr->query = copy_into(&at, query, qlen);
	hr->query_len = qlen;
	hr->host = copy_into(&at, req->input.authority.base,
	    req->input.authority.len);
	hr->host_len = req->input.authority.len;
	for (i = 0; i < hr->host_len; i++)
		if (hr->host[i] >= 'A' && hr->host[i] <= 'Z')
			hr->host[i] = (char)(hr->host[i] - 'A' + 'a');
	hr->body = copy_into(&at, req->entity.base ? req->entity.base : "",
	    req->entity.base ? req->entity.len : 0);
	hr->body_len = req->entity.base ? req->entity.len : 0;
	hr->nheaders = req->headers.size;
	hr->headers = xcalloc(hr->nheaders ? hr->nheaders : 1,
	    sizeof(*hr->headers));
	for (i = 0; i < hr->nheaders; i++) {
		h2o_header_t *h = &req->headers.entries[i];
		struct http_header *d = &hr->headers[i];

		/* h2o lower-cases header names as it parses them. */
		d->name = copy_into(&at, h->name->base, h->name->len);
		d->name_len = h->name->len;
		d->value = copy_into(&at, h->value.base, h->value.len);
		d->value_len = h->value.len;
	}
	peer_name(req, hr->remote, sizeof(hr->remote));
	hr->now = (int64_t)time(NULL);
}

/* ------------------------------------------------------------------ */
/* The loop's request handler                                          */

/*
 * A media file: content-addressed, so its name is its ETag and it never
 * changes; sent with sendfile by h2o.
 */
static void
serve_media(h2o_req_t *req, const char *path, const char *name,
    size_t nlen)
{
	static h2o_generator_t gen = { NULL, NULL };
	const char *dot = memrchr(name, '.', nlen), *inm;
	h2o_mimemap_type_t *mt;
	h2o_iovec_t mime = h2o_iovec_init(H2O_STRLIT(
	    "application/octet-stream"));
	char etag[40];
	size_t inm_len = 0;

	if (dot) {
		mt = h2o_mimemap_get_type_by_extension(mimemap,
		    h2o_iovec_init(dot + 1, (size_t)(name + nlen - dot - 1)));
		if (mt && mt->type == H2O_MIMEMAP_TYPE_MIMETYPE)
			mime = mt->data.mimetype;
	}
	snprintf(etag, sizeof(etag), "\"%.32s\"", name);
	ADD_LIT(req, "cache-control", "public, max-age=31536000, immutable");
	add_header(req, "etag", 4, etag, strlen(etag));
	add_security_headers(req);
	inm = req_header(req, H2O_TOKEN_IF_NONE_MATCH, &inm_len);
	if (inm && memmem(inm, inm_len, etag, strlen(etag)) &&
	    access(path, R_OK) == 0) {
		req->res.status = 304;
		req->res.reason = "Not Modified";
		h2o_start_response(req, &gen);
		h2o_send(req, NULL, 0, H2O_SEND_STATE_FINAL);
		return;
	}
	if (h2o_file_send(req, 200, "OK", path, mime,
	    H2O_FILE_FLAG_NO_ETAG) != 0) {
		req->res.headers = (h2o_headers_t){ NULL, 0, 0 };
		send_plain(req, 404, "Không tìm thấy tệp");
	}
}

static bool
media_name_ok(const char *p, size_t n)
{
	size_t i;

	/* content-addressed: 32 hex digits, optional -variant, .ext */
	if (n < 34 || n > 80)
		return false;
	for (i = 0; i < 32; i++)
		if (!((p[i] >= '0' && p[i] <= '9') ||
		    (p[i] >= 'a' && p[i] <= 'f')))
			return false;
	for (; i < n; i++)
		if (!((p[i] >= 'a' && p[i] <= 'z') ||
		    (p[i] >= '0' && p[i] <= '9') || p[i] == '.' ||
		    p[i] == '-'))
			return false;
	return memchr(p + 32, '.', n - 32) != NULL && !memmem(p, n, "..", 2);
}

static bool
try_static(h2o_req_t *req, const struct buf *path)
{
	struct buf file = BUF_INIT;
	struct http_blob *blob;
	const char *name;
	size_t nlen;
	bool immutable;

	if (path->len > 8 && memcmp(path->ptr, "/static/", 8) == 0) {
		name = path->ptr + 8;
		nlen = path->len - 8;
		blob = http_static_find(name, nlen, &immutable);
		if (!blob)
			return false;
		send_blob(req, blob, immutable ? NULL :
		    "public, max-age=3600");
		return true;
	}
	if (cfg->media_dir && path->len > 7 &&
	    memcmp(path->ptr, "/media/", 7) == 0) {
		name = path->ptr + 7;
		nlen = path->len - 7;
		if (!media_name_ok(name, nlen))
			return false;
		buf_addf(&file, "%s/%.*s", cfg->media_dir, (int)nlen, name);
		serve_media(req, file.ptr, name, nlen);
		buf_release(&file);
		return true;
	}
	return false;
}

/*
 * A Host header we can use as a site key and print in a URL: a name or
 * an address, with an optional port (RFC 9110 §7.2, RFC 3986 §3.2.2).
 */
static bool
host_ok(h2o_iovec_t h)
{
	size_t i;

	if (h.len > 255)
		return false;
	for (i = 0; i < h.len; i++) {
		char c = h.base[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '.' || c == '-' ||
		    c == ':' || c == '[' || c == ']' || c == '_'))
			return false;
	}
	return true;
}

/* Uploads may use LIMIT_UPLOAD_BODY; every other body LIMIT_REQ_BODY. */
static bool
is_multipart(h2o_req_t *req)
{
	size_t len = 0;
	const char *ct = req_header(req, H2O_TOKEN_CONTENT_TYPE, &len);

	return ct && len >= 19 && strncasecmp(ct, "multipart/form-data",
	    19) == 0;
}

static size_t
header_bytes(h2o_req_t *req)
{
	size_t i, n = 0;

	for (i = 0; i < req->headers.size; i++)
		n += req->headers.entries[i].name->len +
		    req->headers.entries[i].value.len + 4;
	return n;
}

/*
 * A query string that may be part of a cache key: none, or a page
 * number. Anything else is rendered each time, so random query strings
 * cannot push real pages out of the cache.
 */
static bool
cacheable_query(const char *q, size_t n)
{
	size_t i;

	if (n == 0)
		return true;
	if (n < 7 || n > 12 || memcmp(q, "trang=", 6) != 0)
		return false;
	for (i = 6; i < n; i++)
		if (q[i] < '0' || q[i] > '9')
			return false;
	return true;
}

/* True when the request carries a session cookie: no shared cache. */
static bool
has_session_cookie(h2o_req_t *req)
{
	size_t len = 0, i;
	const char *c = req_header(req, H2O_TOKEN_COOKIE, &len);

	if (!c || !cfg->session_cookies)
		return false;
	for (i = 0; cfg->session_cookies[i]; i++)
		if (memmem(c, len, cfg->session_cookies[i],
		    strlen(cfg->session_cookies[i])))
			return true;
	return false;
}

/* Host + path + query as the cache key, in the loop's buffer. */
static bool
cache_key(struct loop_thread *t, h2o_req_t *req, const struct buf *path,
    const char *query, size_t qlen)
{
	h2o_iovec_t host = req->input.authority;
	size_t i;

	buf_reset(&t->key);
	for (i = 0; i < host.len; i++) {
		char c = host.base[i];

		buf_addc(&t->key, c >= 'A' && c <= 'Z' ? (char)(c + 32) : c);
	}
	buf_add(&t->key, path->ptr, path->len);
	if (qlen) {
		buf_addc(&t->key, '?');
		buf_add(&t->key, query, qlen);
	}
	return buf_ok(&t->key) && t->key.len <= HTTP_CACHE_KEY_MAX;
}

/* Tells the hook (view counting) about a page served from the cache. */
static void
cache_hit_hook(h2o_req_t *req, const struct http_route *route,
    const struct buf *path)
{
	size_t ua_len = 0;
	const char *ua = req_header(req, H2O_TOKEN_USER_AGENT, &ua_len);
	char ip[64];

	peer_name(req, ip, sizeof(ip));
	cfg->on_cache_hit(route, req->input.authority.base,
	    req->input.authority.len, path->ptr, path->len, ua, ua_len, ip);
}

static int
on_req(h2o_handler_t *self, h2o_req_t *req)
{
	struct loop_thread *t = H2O_STRUCT_FROM_MEMBER(struct loop_thread,
	    ctx, req->conn->ctx);
	struct buf *path = &t->path;
	struct req_token *tok;
	struct job *job = NULL;
	const struct http_route *route = NULL;
	const char *args[HTTP_ROUTE_ARGS] = { NULL };
	size_t args_len[HTTP_ROUTE_ARGS] = { 0 };
	enum http_method m = method_of(req->input.method);
	size_t plen = req->input.path.len;
	const char *q = memchr(req->input.path.base, '?', plen);
	const char *query = "";
	size_t qlen = 0, i;
	unsigned allow = 0;
	int status = 0;
	bool cacheable = false;
	enum cong_err err;

	UNUSED(self);
	tok = h2o_mem_alloc_shared(&req->pool, sizeof(*tok), on_req_dispose);
	tok->t = t;
	tok->job = NULL;
	tok->req = req;
	clock_gettime(CLOCK_MONOTONIC, &tok->start);
	t->inflight++;

	buf_reset(path);
	if (q) {
		query = q + 1;
		qlen = plen - (size_t)(q - req->input.path.base) - 1;
		plen = (size_t)(q - req->input.path.base);
	}
	if (req->input.path.len > LIMIT_URL) {
		send_plain(req, 414, "Địa chỉ quá dài");
		return 0;
	}
	if (header_bytes(req) > HEADER_BYTES_MAX) {
		send_plain(req, 431, "Tiêu đề yêu cầu quá lớn");
		return 0;
	}
	if (!host_ok(req->input.authority)) {
		send_plain(req, 400, "Tên miền không hợp lệ");
		return 0;
	}
	if (req->entity.base && req->entity.len > LIMIT_REQ_BODY &&
	    !is_multipart(req)) {
		/* h2o stops bodies at LIMIT_UPLOAD_BODY; forms get less */
		send_plain(req, 413, "Dữ liệu gửi lên quá lớn");
		return 0;
	}
	err = http_path_normalize(req->input.path.base, plen, path);
	if (err || !vn_utf8_valid(path->ptr, path->len) ||
	    !vn_utf8_valid(query, qlen)) {
		send_plain(req, 400, "Yêu cầu không hợp lệ");
		return 0;
	}
	if ((m == HTTP_GET || m == HTTP_HEAD) && try_static(req, path))
		return 0;

	if (m == HTTP_METHOD__MAX) {
		status = 405;
		allow = (1u << HTTP_GET) | (1u << HTTP_HEAD) | (1u << HTTP_POST);
	} else {
		err = http_route_match(cfg->routes, cfg->nroutes, m, path->ptr,
		    path->len, &route, args, args_len, &allow);
		if (err == CONG_ENOTFOUND)
			status = 404;
		else if (err == CONG_EPERM)
			status = 405;
	}
	if (!status && (route->flags & HTTP_ROUTE_CACHE) && m != HTTP_POST &&
	    cacheable_query(query, qlen) && !has_session_cookie(req) &&
	    cache_key(t, req, path, query, qlen)) {
		struct http_blob *hit = cfg->cache_stale && cfg->cache_stale() ?
		    NULL : http_cache_get(t->key.ptr, t->key.len);

		if (hit) {
			if (cfg->on_cache_hit)
				cache_hit_hook(req, route, path);
			send_blob(req, hit, NULL);
			http_blob_unref(hit);
			return 0;
		}
		cacheable = true;
	}

	job = xcalloc(1, sizeof(*job));
	job->t = t;
	job->req = req;
	job->tok = tok;
	job->route = route;
	job->allow = allow;
	job->status = status;
	if (cacheable) {
		job->cache_key = xmemdup(t->key.ptr, t->key.len);
		job->cache_key_len = t->key.len;
		job->epoch = http_cache_epoch();
	}
	job->hreq.method = m == HTTP_METHOD__MAX ? HTTP_GET : m;
	job_copy(job, req, path, query, qlen);
	/* args point into the loop's path buffer: move them to the copy */
	for (i = 0; i < HTTP_ROUTE_ARGS; i++) {
		if (!args[i])
			continue;
		job->hreq.args[i] = job->hreq.path + (args[i] - path->ptr);
		job->hreq.args_len[i] = args_len[i];
	}
	if (!status && http_params_parse(&job->hreq.params, query, qlen))
		job->status = 400;
	tok->job = job;
	if (!pool_push(job)) {
		tok->job = NULL;
		job_free(job);
		send_plain(req, 503, "Máy chủ đang quá tải, xin thử lại sau");
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Loops, listeners, shutdown                                          */

struct conn_ref {
	struct sockaddr_storage peer;
};

static void
on_conn_close(void *data)
{
	struct conn_ref *ref = data;

	connlimit_release((struct sockaddr *)&ref->peer);
	free(ref);
}

static void
on_accept(h2o_socket_t *listener, const char *err)
{
	struct loop_thread *t = listener->data;
	struct conn_ref *ref;
	h2o_socket_t *sock;

	if (err)
		return;
	if ((sock = h2o_evloop_socket_accept(listener)) == NULL)
		return;
	ref = xcalloc(1, sizeof(*ref));
	if (h2o_socket_getpeername(sock, (struct sockaddr *)&ref->peer) == 0 ||
	    !connlimit_acquire((struct sockaddr *)&ref->peer)) {
		/* over a limit: a clean refusal, before any byte is read */
		free(ref);
		h2o_socket_close(sock);
		return;
	}
	sock->on_close.cb = on_conn_close;
	sock->on_close.data = ref;
	h2o_accept(&t->accept_ctx, sock);
}

static void
on_ctl(h2o_multithread_receiver_t *receiver, h2o_linklist_t *messages)
{
	struct loop_thread *t = H2O_STRUCT_FROM_MEMBER(struct loop_thread,
	    ctl_receiver, receiver);

	while (!h2o_linklist_is_empty(messages))
		h2o_linklist_unlink(messages->next);
	if (t->stopping)
		return;
	t->stopping = true;
	clock_gettime(CLOCK_MONOTONIC, &t->stop_at);
	if (t->listener) {
		h2o_socket_read_stop(t->listener);
		h2o_socket_close(t->listener);
		t->listener = NULL;
	}
	h2o_context_request_shutdown(&t->ctx);
}

/*
 * libh2o 2.2 (Debian 12) keeps two things at exit that later versions
 * free: h2o_multithread_destroy_queue() leaves the queue itself
 * allocated, and socket buffers go back to a per-thread recycling list
 * that nothing empties. These undo both, only for 2.2.
 */
#if H2O_VERSION_MAJOR == 2 && H2O_VERSION_MINOR == 2
#define H2O_QUEUE_LEAKS 1
#endif

static void
queue_destroy(h2o_multithread_queue_t *q)
{
	h2o_multithread_destroy_queue(q);
#ifdef H2O_QUEUE_LEAKS
	free(q);
#endif
}

/*
 * Empties this thread's lists of recycled memory: socket buffers, and
 * request-pool chunks (a list private to libh2o, at most 16 long: each
 * new pool takes one back, and its first chunk is what pool.chunks
 * points to).
 */
static void
drain_recycled_buffers(void)
{
#ifdef H2O_QUEUE_LEAKS
	h2o_mem_recycle_t *r = &h2o_socket_buffer_prototype.allocator;
	h2o_mem_pool_t mp;
	int i;

	while (r->cnt > 0)
		free(h2o_mem_alloc_recycle(r, 1));
	for (i = 0; i < 16; i++) {
		h2o_mem_init_pool(&mp);
		h2o_mem_alloc_pool(&mp, 1);
		free(mp.chunks);
	}
#endif
}

/* True while the loop still has connections or requests to finish. */
static bool
loop_busy(struct loop_thread *t)
{
	return t->inflight > 0 || !h2o_linklist_is_empty(&t->ctx.http1._conns);
}

static void loop_setup(struct loop_thread *t);
static void loop_teardown(struct loop_thread *t);

static void *
loop_main(void *arg)
{
	struct loop_thread *t = arg;

	loop_setup(t);
	phase_step(&phase.ready);
	while (!t->stopping || loop_busy(t)) {
		h2o_evloop_run(t->loop, 100);
		if (t->stopping &&
		    elapsed_us(&t->stop_at) > (int64_t)LIMIT_SHUTDOWN_MS * 1000) {
			log_warn("loop %d: %zu requests still in flight at "
			    "shutdown", t->index, t->inflight);
			t->forced = true;
			break;
		}
	}
	phase_step(&phase.finished);
	pthread_mutex_lock(&phase.mu);
	while (!phase.workers_stopped)
		pthread_cond_wait(&phase.cv, &phase.mu);
	pthread_mutex_unlock(&phase.mu);
	/* answers that came back after the loop stopped */
	h2o_evloop_run(t->loop, 0);
	loop_teardown(t);
	return NULL;
}

static enum cong_err
parse_listen(const char *s, struct sockaddr_storage *ss, socklen_t *len)
{
	char host[128];
	const char *colon = strrchr(s, ':');
	char *end;
	unsigned long port;
	size_t hl;

	if (!colon || colon == s)
		return CONG_EINVAL;
	port = strtoul(colon + 1, &end, 10);
	if (*end || port == 0 || port > 65535)
		return CONG_EINVAL;
	hl = (size_t)(colon - s);
	if (s[0] == '[' && hl >= 2 && s[hl - 1] == ']') {
		s++;
		hl -= 2;
	}
	if (hl >= sizeof(host))
		return CONG_EINVAL;
	memcpy(host, s, hl);
	host[hl] = '\0';
	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, host, &((struct sockaddr_in *)ss)->sin_addr)) {
		((struct sockaddr_in *)ss)->sin_family = AF_INET;
		((struct sockaddr_in *)ss)->sin_port = htons((uint16_t)port);
		*len = sizeof(struct sockaddr_in);
		return CONG_OK;
	}
	if (inet_pton(AF_INET6, host,
	    &((struct sockaddr_in6 *)ss)->sin6_addr)) {
		((struct sockaddr_in6 *)ss)->sin6_family = AF_INET6;
		((struct sockaddr_in6 *)ss)->sin6_port = htons((uint16_t)port);
		*len = sizeof(struct sockaddr_in6);
		return CONG_OK;
	}
	return CONG_EINVAL;
}

static int
bind_listener(const struct sockaddr_storage *ss, socklen_t len)
{
	int fd, on = 1;

	fd = socket(ss->ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
	    0);
	if (fd < 0)
		return -1;
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof(on)) ||
	    bind(fd, (const struct sockaddr *)ss, len) ||
	    listen(fd, LISTEN_BACKLOG)) {
		close(fd);
		return -1;
	}
	return fd;
}

static void
loop_setup(struct loop_thread *t)
{
	buf_init(&t->path, LIMIT_URL);
	buf_init(&t->key, HTTP_CACHE_KEY_MAX + 1);
	buf_init(&t->log, 512 + LIMIT_URL * 4);
	t->loop = h2o_evloop_create();
	h2o_context_init(&t->ctx, t->loop, &globalconf);
	t->accept_ctx.ctx = &t->ctx;
	t->accept_ctx.hosts = t->hosts;
	t->queue = h2o_multithread_create_queue(t->loop);
	h2o_multithread_register_receiver(t->queue, &t->done_receiver,
	    on_job_done);
	h2o_multithread_register_receiver(t->queue, &t->ctl_receiver,
	    on_ctl);
	t->listener = h2o_evloop_socket_create(t->loop, t->fd,
	    H2O_SOCKET_FLAG_DONT_READ);
	t->listener->data = t;
	h2o_socket_read_start(t->listener, on_accept);
}

/*
 * Unlinks what is left on a timer list at teardown: h2o_context_dispose()
 * asserts the lists are empty, and libh2o 2.2 can leave its own entries
 * (seen on the one-second list, and once at exit after a browser's
 * keep-alive connections); nothing runs them any more.
 */
static void
drain_timeout(h2o_timeout_t *to)
{
	while (!h2o_linklist_is_empty(&to->_entries))
		h2o_timeout_unlink(H2O_STRUCT_FROM_MEMBER(h2o_timeout_entry_t,
		    _link, to->_entries.next));
}

static void
loop_teardown(struct loop_thread *t)
{
	h2o_multithread_queue_t *ctx_queue = t->ctx.queue;

	h2o_multithread_unregister_receiver(t->queue, &t->done_receiver);
	h2o_multithread_unregister_receiver(t->queue, &t->ctl_receiver);
	queue_destroy(t->queue);
	buf_release(&t->path);
	buf_release(&t->key);
	buf_release(&t->log);
	if (t->forced)
		return; /* h2o cannot dispose a context with live connections */
	/*
	 * libh2o 2.2 leaves a timer of its own on the one-second list after
	 * the last connection closes; nothing will run it now.
	 */
	drain_timeout(&t->ctx.zero_timeout);
	drain_timeout(&t->ctx.one_sec_timeout);
	drain_timeout(&t->ctx.hundred_ms_timeout);
	drain_timeout(&t->ctx.handshake_timeout);
	drain_timeout(&t->ctx.http1.req_timeout);
	drain_timeout(&t->ctx.http2.idle_timeout);
	drain_timeout(&t->ctx.http2.graceful_shutdown_timeout);
	drain_timeout(&t->ctx.proxy.io_timeout);
	h2o_context_dispose(&t->ctx);
#ifdef H2O_QUEUE_LEAKS
	free(ctx_queue);	/* destroyed, not freed, by the dispose above */
#else
	UNUSED(ctx_queue);
#endif
	/* sockets closed above are freed by the loop's next turns */
	h2o_evloop_run(t->loop, 0);
	h2o_evloop_run(t->loop, 0);
	h2o_evloop_destroy(t->loop);
	drain_recycled_buffers();
}

static int
cores(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}

static void
config_init(void)
{
	h2o_hostconf_t *host;
	h2o_pathconf_t *path;
	h2o_handler_t *handler;

	h2o_config_init(&globalconf);
	globalconf.server_name = h2o_iovec_init(H2O_STRLIT("cong"));
	/* libh2o's default body limit is 1 GB: ours is set on purpose. */
	globalconf.max_request_entity_size = LIMIT_UPLOAD_BODY;
	globalconf.http1.req_timeout = LIMIT_IO_TIMEOUT_MS;
	globalconf.http1.upgrade_to_http2 = 0;
	globalconf.http2.idle_timeout = LIMIT_IO_TIMEOUT_MS;
	/* no HTTP/2 here; a non-zero value leaves a timer that h2o cannot
	 * dispose at shutdown */
	globalconf.http2.graceful_shutdown_timeout = 0;
	globalconf.handshake_timeout = LIMIT_IO_TIMEOUT_MS;
	host = h2o_config_register_host(&globalconf,
	    h2o_iovec_init(H2O_STRLIT("default")), 65535);
	path = h2o_config_register_path(host, "/", 0);
	handler = h2o_create_handler(path, sizeof(*handler));
	handler->on_req = on_req;
	mimemap = h2o_mimemap_create();
}

static void
wait_for_signal(void)
{
	sigset_t set;
	int sig = 0;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigwait(&set, &sig);
	log_info("signal %d: finishing requests in flight, then stopping",
	    sig);
}

enum cong_err
http_server_run(const struct http_server_config *config)
{
	struct sockaddr_storage ss;
	socklen_t sslen;
	sigset_t set;
	enum cong_err err = CONG_OK;
	int i, started = 0;

	cfg = config;
	if (parse_listen(cfg->listen, &ss, &sslen)) {
		log_error("cannot listen on '%s': expected HOST:PORT",
		    cfg->listen);
		return CONG_EINVAL;
	}
	if (cfg->static_dir && (err = http_static_load(cfg->static_dir)))
		return err;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &set, NULL);

	config_init();
	http_cache_init(cfg->cache_bytes);
	connlimit_init(cfg->max_conns, cfg->conns_per_addr);
	nloops = cfg->loops > 0 ? cfg->loops : cores();
	loops = xcalloc((size_t)nloops, sizeof(*loops));
	for (i = 0; i < nloops; i++) {
		loops[i].index = i;
		loops[i].fd = bind_listener(&ss, sslen);
		if (loops[i].fd < 0) {
			log_error("cannot listen on '%s': %s", cfg->listen,
			    strerror(errno));
			err = CONG_EIO;
			goto out;
		}
	}

	if (cfg->after_bind && (err = cfg->after_bind()))
		goto out;

	pthread_mutex_init(&pool.mu, NULL);
	pthread_cond_init(&pool.cv, NULL);
	pool.n = cfg->workers > 0 ? cfg->workers : 2 * cores();
	pool.tids = xcalloc((size_t)pool.n, sizeof(*pool.tids));
	for (i = 0; i < pool.n; i++)
		pthread_create(&pool.tids[i], NULL, worker_main, NULL);

	phase.ready = phase.finished = 0;
	phase.workers_stopped = false;
	for (i = 0; i < nloops; i++) {
		loops[i].hosts = globalconf.hosts;
		pthread_create(&loops[i].tid, NULL, loop_main, &loops[i]);
		started++;
	}
	phase_wait(&phase.ready, started);
	log_info("listening on http://%s (%d loops, %d workers)",
	    cfg->listen, nloops, pool.n);
	if (cfg->on_ready)
		cfg->on_ready(cfg->listen);

	wait_for_signal();
	for (i = 0; i < nloops; i++)
		h2o_multithread_send_message(&loops[i].ctl_receiver,
		    &loops[i].ctl_msg);
	phase_wait(&phase.finished, started);

	pthread_mutex_lock(&pool.mu);
	pool.stop = true;
	pthread_cond_broadcast(&pool.cv);
	pthread_mutex_unlock(&pool.mu);
	for (i = 0; i < pool.n; i++)
		pthread_join(pool.tids[i], NULL);
	pthread_mutex_lock(&phase.mu);
	phase.workers_stopped = true;
	pthread_cond_broadcast(&phase.cv);
	pthread_mutex_unlock(&phase.mu);
	for (i = 0; i < started; i++)
		pthread_join(loops[i].tid, NULL);
	free(pool.tids);
	pthread_mutex_destroy(&pool.mu);
	pthread_cond_destroy(&pool.cv);
	log_info("stopped");
out:
	for (i = started; i < nloops; i++)
		if (loops[i].fd >= 0)
			close(loops[i].fd);
	free(loops);
	loops = NULL;
	h2o_mem_release_shared(mimemap);
	h2o_config_dispose(&globalconf);
	http_static_free();
	http_cache_free();
	return err;
}
