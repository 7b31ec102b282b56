/* SPDX-License-Identifier: ISC */
/*
 * request.h: the request and response that page handlers see. A handler
 * runs on a worker thread with data copied out of the event loop, so it
 * may block on the store; it never touches libh2o. Everything in a
 * struct http_req lives until the response is sent; a handler fills a
 * struct http_resp and returns.
 *
 * Handlers return CONG_OK with resp filled in, CONG_ENOTFOUND for the
 * 404 page, CONG_EUNAVAIL for 503, CONG_EINVAL for 400; any other error
 * becomes the 500 page. Error pages are rendered by the function the
 * server was given (http_server_config.error_page), never by http itself.
 */
#ifndef CONG_HTTP_REQUEST_H
#define CONG_HTTP_REQUEST_H

#include "base/buf.h"
#include "http/params.h"

struct store_conn;

enum http_method { HTTP_GET, HTTP_HEAD, HTTP_POST, HTTP_METHOD__MAX };

#define HTTP_ROUTE_ARGS 4
#define HTTP_RESP_HEADERS 16

struct http_header {
	char *name;	/* lower case */
	size_t name_len;
	char *value;
	size_t value_len;
};

struct http_req {
	enum http_method method;
	char *path;		/* decoded, normalised; starts with '/' */
	size_t path_len;
	char *query;		/* raw query string without '?', "" if none */
	size_t query_len;
	char *host;		/* lower case, "" if absent */
	size_t host_len;
	struct http_header *headers;
	size_t nheaders;
	char *body;		/* request body, NUL-terminated */
	size_t body_len;
	struct http_params params;	/* decoded query string */
	const char *args[HTTP_ROUTE_ARGS];	/* {} segments of the route */
	size_t args_len[HTTP_ROUTE_ARGS];
	char remote[64];	/* peer address, text */
	int64_t now;		/* unix seconds when the request arrived */
	struct store_conn *db;	/* this worker's connection */
	void *route_ud;		/* the route's user data */
};

struct http_resp {
	int status;
	const char *content_type;	/* static string */
	struct buf body;
	struct http_header headers[HTTP_RESP_HEADERS];
	size_t nheaders;
	int64_t last_modified;	/* unix seconds, 0 = none */
	int max_age;		/* Cache-Control max-age; -1 = no-store */
	/*
	 * What the page shows, for the page cache (http/cache.h): e.g.
	 * "a12 c3". Empty: the page is not cached.
	 */
	char cache_tags[192];
};

typedef enum cong_err (*http_handler_fn)(struct http_req *req,
    struct http_resp *resp);

/* A request header's value by lower-case name, or NULL. */
const char *http_req_header(const struct http_req *req, const char *name,
    size_t *len);
/* Initialises a 200 text/html response with an empty body. */
void http_resp_init(struct http_resp *resp);
void http_resp_release(struct http_resp *resp);
/*
 * Adds a response header (copied). CONG_ETOOBIG past HTTP_RESP_HEADERS;
 * CONG_EINVAL if the name or value holds CR, LF or NUL.
 */
enum cong_err http_resp_header(struct http_resp *resp, const char *name,
    const char *value);
/* Sets the cache tags (printf-style), see cache_tags above. */
enum cong_err http_resp_tags(struct http_resp *resp, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Makes resp a redirect (301/302/303/307/308) to a local path or URL. */
enum cong_err http_resp_redirect(struct http_resp *resp, int status,
    const char *location);
/* The reason phrase of a status code ("Not Found"). */
const char *http_status_reason(int status);

#endif
