/* SPDX-License-Identifier: ISC */
/*
 * response.c: building the response a handler returns, and reading the
 * request's copied headers.
 */
#include "base/common.h"
#include "http/request.h"

#include <stdarg.h>
#include <stdio.h>

const char *
http_req_header(const struct http_req *req, const char *name, size_t *len)
{
	size_t i, n = strlen(name);

	for (i = 0; i < req->nheaders; i++) {
		const struct http_header *h = &req->headers[i];

		if (h->name_len == n && memcmp(h->name, name, n) == 0) {
			if (len)
				*len = h->value_len;
			return h->value;
		}
	}
	return NULL;
}

void
http_resp_init(struct http_resp *resp)
{
	memset(resp, 0, sizeof(*resp));
	resp->status = 200;
	resp->content_type = "text/html; charset=utf-8";
	buf_init(&resp->body, LIMIT_PAGE);
	resp->max_age = 0;
}

void
http_resp_release(struct http_resp *resp)
{
	size_t i;

	if (!resp)
		return;
	for (i = 0; i < resp->nheaders; i++) {
		free(resp->headers[i].name);
		free(resp->headers[i].value);
	}
	resp->nheaders = 0;
	buf_release(&resp->body);
}

static bool
header_safe(const char *s)
{
	return !strpbrk(s, "\r\n");
}

enum cong_err
http_resp_header(struct http_resp *resp, const char *name,
    const char *value)
{
	struct http_header *h;

	if (!header_safe(name) || !header_safe(value) || !*name)
		return CONG_EINVAL;
	if (resp->nheaders >= HTTP_RESP_HEADERS)
		return CONG_ETOOBIG;
	h = &resp->headers[resp->nheaders++];
	h->name = xstrdup(name);
	h->name_len = strlen(name);
	h->value = xstrdup(value);
	h->value_len = strlen(value);
	return CONG_OK;
}

enum cong_err
http_resp_redirect(struct http_resp *resp, int status, const char *location)
{
	enum cong_err err;

	if ((err = http_resp_header(resp, "location", location)))
		return err;
	resp->status = status;
	resp->content_type = "text/plain; charset=utf-8";
	buf_reset(&resp->body);
	return CONG_OK;
}

const char *
http_status_reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 204: return "No Content";
	case 301: return "Moved Permanently";
	case 302: return "Found";
	case 303: return "See Other";
	case 304: return "Not Modified";
	case 307: return "Temporary Redirect";
	case 308: return "Permanent Redirect";
	case 400: return "Bad Request";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 410: return "Gone";
	case 413: return "Payload Too Large";
	case 414: return "URI Too Long";
	case 429: return "Too Many Requests";
	case 431: return "Request Header Fields Too Large";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	default: return "Unknown";
	}
}

enum cong_err
http_resp_tags(struct http_resp *resp, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(resp->cache_tags, sizeof(resp->cache_tags), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(resp->cache_tags)) {
		resp->cache_tags[0] = '\0';
		return CONG_ETOOBIG;
	}
	return CONG_OK;
}
