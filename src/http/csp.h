/* SPDX-License-Identifier: ISC */
/*
 * csp.h: the Content-Security-Policy header values, built once at start
 * and sent on every response by the server. The public site allows only
 * its own scripts, styles and images (plus data: images) and, when the
 * portal reports to the government's EMC monitoring service, scripts
 * from and beacons to that one host; no inline script anywhere. Admin
 * pages (/quan-tri/) also refuse to be framed at all.
 *
 * Not thread-safe to build; read-only (and safe from any thread) after
 * http_csp_init() returns.
 */
#ifndef CONG_HTTP_CSP_H
#define CONG_HTTP_CSP_H

#include "base/common.h"

/*
 * Builds both policies. emc_host (may be NULL or "") is a host name,
 * optionally with ":port", without scheme: letters, digits, '-' and '.'
 * only, at most 253 bytes; it is allowed as https://HOST in script-src
 * and connect-src. CONG_EINVAL (and the policies stay the defaults
 * without it) for anything else, so no policy can be injected through
 * the setting. May be called again to rebuild.
 */
enum cong_err http_csp_init(const char *emc_host);

/* The policy for public pages; the default one if init never ran. */
const char *http_csp_public(void);
/* The policy for /quan-tri/ pages: public plus frame-ancestors 'none'. */
const char *http_csp_admin(void);
/*
 * The policy for a request path (query allowed): admin for /quan-tri,
 * /quan-tri/... and /quan-tri?..., public for anything else.
 */
const char *http_csp_for_path(const char *path, size_t len);

#endif
