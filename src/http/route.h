/* SPDX-License-Identifier: ISC */
/*
 * route.h: maps a method and a path to a handler. A pattern is a path
 * whose segments are literal or "{}" (one non-empty segment, captured in
 * order into req->args). Patterns are matched in table order; the table
 * belongs to cmd/serve.c. A GET route also answers HEAD.
 */
#ifndef CONG_HTTP_ROUTE_H
#define CONG_HTTP_ROUTE_H

#include "http/request.h"

enum http_route_flags {
	HTTP_ROUTE_CACHE = 1 << 0,	/* public page: may be cached */
};

struct http_route {
	enum http_method method;
	const char *pattern;
	http_handler_fn fn;
	void *ud;
	unsigned flags;
};

/*
 * Finds the route for method and path. On success *out is the route and
 * args/args_len hold the captured segments (pointing into path). Returns
 * CONG_ENOTFOUND when no pattern matches the path, CONG_EPERM when one
 * does but not for this method; then *allow gets a bit mask of the
 * methods (1 << enum http_method) that would match.
 */
enum cong_err http_route_match(const struct http_route *routes, size_t n,
    enum http_method method, const char *path, size_t len,
    const struct http_route **out, const char **args, size_t *args_len,
    unsigned *allow);

#endif
