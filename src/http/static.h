/* SPDX-License-Identifier: ISC */
/*
 * static.h: the table of files under the static dir, for the server.
 * http_static_url() (server.h) is the templates' view of it.
 */
#ifndef CONG_HTTP_STATIC_H
#define CONG_HTTP_STATIC_H

#include "base/common.h"

struct http_blob;

/*
 * Finds the file for a request path below /static/ (without that
 * prefix): its blob (held in memory, with gzip and br variants), or
 * NULL. *immutable is true when the name carried the fingerprint, so the
 * response may be cached for a year.
 */
struct http_blob *http_static_find(const char *name, size_t len,
    bool *immutable);

/*
 * Calls fn for every static file with its plain and fingerprinted
 * names (relative to /static/) and its blob; stops at the first error.
 */
enum cong_err http_static_each(enum cong_err (*fn)(void *ud,
    const char *name, const char *fp_name, const struct http_blob *blob),
    void *ud);

#endif
