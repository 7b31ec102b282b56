/* SPDX-License-Identifier: ISC */
/*
 * route.c: segment-by-segment pattern matching. A linear scan: the table
 * has a few dozen routes and each comparison stops at the first differing
 * segment, which costs less than hashing the path.
 */
#include "base/common.h"
#include "http/route.h"

static bool
pattern_match(const char *pat, const char *path, size_t len,
    const char **args, size_t *args_len)
{
	const char *p = path, *end = path + len;
	size_t nargs = 0;

	while (*pat) {
		if (pat[0] == '{' && pat[1] == '}') {
			const char *seg = p;

			while (p < end && *p != '/')
				p++;
			if (p == seg || nargs >= HTTP_ROUTE_ARGS)
				return false;
			args[nargs] = seg;
			args_len[nargs++] = (size_t)(p - seg);
			pat += 2;
			continue;
		}
		if (p == end || *p != *pat)
			return false;
		p++;
		pat++;
	}
	return p == end;
}

enum cong_err
http_route_match(const struct http_route *routes, size_t n,
    enum http_method method, const char *path, size_t len,
    const struct http_route **out, const char **args, size_t *args_len,
    unsigned *allow)
{
	enum http_method want = method == HTTP_HEAD ? HTTP_GET : method;
	size_t i;

	*allow = 0;
	*out = NULL;
	for (i = 0; i < n; i++) {
		if (!pattern_match(routes[i].pattern, path, len, args,
		    args_len))
			continue;
		if (routes[i].method == want) {
			*out = &routes[i];
			return CONG_OK;
		}
		*allow |= 1u << routes[i].method;
		if (routes[i].method == HTTP_GET)
			*allow |= 1u << HTTP_HEAD;
	}
	return *allow ? CONG_EPERM : CONG_ENOTFOUND;
}
