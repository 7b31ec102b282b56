/* SPDX-License-Identifier: ISC */
/*
 * serve.c: `cong serve`, and the route table: every URL of the portal
 * (DESIGN.md's URL table) and the handler that answers it.
 */
#include "base/common.h"
#include "base/buf.h"
#include "base/log.h"
#include "cmd/cmd.h"
#include "http/server.h"
#include "render/tmpl.h"
#include "site/page.h"
#include "store/store.h"

#include <stdio.h>

static const struct http_route routes[] = {
	{ HTTP_GET, "/", site_home, NULL, HTTP_ROUTE_CACHE },
	{ HTTP_GET, "/chuyen-muc/{}", site_category, NULL, HTTP_ROUTE_CACHE },
	{ HTTP_GET, "/tin-tuc/{}", site_article, NULL, HTTP_ROUTE_CACHE },
	{ HTTP_GET, "/tin-tuc/{}/in", site_article_print, NULL,
	    HTTP_ROUTE_CACHE },
	{ HTTP_GET, "/healthz", site_healthz, NULL, 0 },
};

static void
announce(const char *addr)
{
	/* tests and scripts wait for this line on stdout */
	printf("cong: serving on http://%s/\n", addr);
	fflush(stdout);
}

int
cmd_serve(struct cong_config *cfg, int argc, char **argv)
{
	struct http_server_config sc = { 0 };
	struct tmpl_set *tmpls = NULL;
	struct store *st = NULL;
	struct buf why = BUF_INIT;
	int rc = 1;

	if (argc > 1) {
		fprintf(stderr, "cong serve: unexpected argument '%s'\n",
		    argv[1]);
		return 2;
	}
	if (tmpl_set_new(&tmpls, TMPL_STRICT) ||
	    tmpl_set_load_dir(tmpls, cfg->templates, &why)) {
		log_error("cannot load templates from '%s': %s",
		    cfg->templates, why.ptr);
		goto out;
	}
	if (cmd_open_store(cfg, false, &st)) {
		log_error("run 'cong init' first to create the database");
		goto out;
	}
	site_pages_init(tmpls);
	sc.listen = cfg->listen;
	sc.loops = cfg->loops;
	sc.workers = cfg->workers;
	sc.routes = routes;
	sc.nroutes = ARRAY_SIZE(routes);
	sc.store = st;
	sc.static_dir = cfg->static_dir;
	sc.media_dir = cfg->media_dir;
	sc.access_log = cfg->access_log;
	sc.behind_tls = cfg->behind_tls;
	sc.error_page = site_error_page;
	sc.on_ready = announce;
	rc = http_server_run(&sc) ? 1 : 0;
out:
	buf_release(&why);
	store_free(st);
	tmpl_set_free(tmpls);
	return rc;
}
