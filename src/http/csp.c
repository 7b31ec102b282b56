/* SPDX-License-Identifier: ISC */
/*
 * csp.c: the two Content-Security-Policy strings (see csp.h). They live
 * in static storage, written only by http_csp_init before the server's
 * threads start, so sending them costs a pointer.
 */
#include "base/common.h"
#include "base/buf.h"
#include "http/csp.h"

#define CSP_MAX 1024
#define CSP_HOST_MAX 253

/*
 * 'self' everywhere, data: images (inline SVG icons, small thumbnails),
 * no plugins, no inline script or style (CSP3: a missing 'unsafe-inline'
 * forbids both), forms post only to the portal, no <base> rewriting.
 */
#define CSP_HEAD "default-src 'self'; img-src 'self' data:; " \
	"style-src 'self'; object-src 'none'"
#define CSP_TAIL "; base-uri 'self'; form-action 'self'"

static char csp_public[CSP_MAX] = CSP_HEAD "; script-src 'self'"
	"; frame-ancestors 'self'" CSP_TAIL;
static char csp_admin[CSP_MAX] = CSP_HEAD "; script-src 'self'"
	"; frame-ancestors 'none'" CSP_TAIL;

static bool
host_ok(const char *h)
{
	size_t n = strlen(h), i;

	if (n == 0 || n > CSP_HOST_MAX || h[0] == '.' || h[0] == '-' ||
	    h[0] == ':')
		return false;
	for (i = 0; i < n; i++) {
		char c = h[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == ':'))
			return false;
	}
	return true;
}

static enum cong_err
build(char *dst, const char *emc, const char *frame)
{
	struct buf b;
	enum cong_err err;

	buf_init(&b, CSP_MAX - 1);
	buf_adds(&b, CSP_HEAD "; script-src 'self'");
	if (emc)
		buf_addf(&b, " https://%s; connect-src 'self' https://%s",
		    emc, emc);
	buf_addf(&b, "; frame-ancestors %s" CSP_TAIL, frame);
	err = b.overflow ? CONG_ETOOBIG : CONG_OK;
	if (!err)
		memcpy(dst, b.ptr, b.len + 1);
	buf_release(&b);
	return err;
}

enum cong_err
http_csp_init(const char *emc_host)
{
	enum cong_err err;

	if (emc_host && !*emc_host)
		emc_host = NULL;
	if (emc_host && !host_ok(emc_host))
		return CONG_EINVAL;
	if ((err = build(csp_public, emc_host, "'self'")))
		return err;
	return build(csp_admin, emc_host, "'none'");
}

const char *
http_csp_public(void)
{
	return csp_public;
}

const char *
http_csp_admin(void)
{
	return csp_admin;
}

const char *
http_csp_for_path(const char *path, size_t len)
{
	static const char admin[] = "/quan-tri";

	if (len >= sizeof(admin) - 1 &&
	    memcmp(path, admin, sizeof(admin) - 1) == 0 &&
	    (len == sizeof(admin) - 1 || path[sizeof(admin) - 1] == '/' ||
	    path[sizeof(admin) - 1] == '?'))
		return csp_admin;
	return csp_public;
}
