/* SPDX-License-Identifier: ISC */
/*
 * import.c: `cong import [--site HOST] [--media DIR] [--encoding E]
 * FILE...`. Every file is read, decoded and parsed before anything is
 * stored: one malformed file stops the whole run with its name, line and
 * what was expected, and nothing is imported. Then each file is stored
 * in one transaction (a JSON file of many articles too). Images named in a file are looked up in
 * --media DIR, else beside the file.
 */
#include "base/common.h"
#include "base/buf.h"
#include "base/log.h"
#include "cmd/cmd.h"
#include "content/changes.h"
#include "content/import.h"
#include "content/site.h"
#include "store/store.h"
#include "vn/legacy.h"

#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <time.h>

struct parsed {
	struct import_article *arts;
	size_t n;
	char *media_src;
	const char *file;
};

static enum cong_err
read_file(const char *path, struct buf *out)
{
	char chunk[65536];
	enum cong_err err = CONG_OK;
	size_t r;
	FILE *f = fopen(path, "rb");

	if (!f) {
		fprintf(stderr, "cong import: cannot open '%s': %s\n", path,
		    strerror(errno));
		return CONG_EIO;
	}
	while (!err && (r = fread(chunk, 1, sizeof(chunk), f)) > 0)
		err = buf_add(out, chunk, r);
	if (ferror(f))
		err = CONG_EIO;
	fclose(f);
	if (err)
		fprintf(stderr, "cong import: cannot read '%s'%s\n", path,
		    err == CONG_ETOOBIG ? ": file too large" : "");
	return err;
}

static bool
looks_json(const struct buf *b)
{
	size_t i;

	for (i = 0; i < b->len; i++) {
		char c = b->ptr[i];

		if (c == ' ' || c == '\n' || c == '\r' || c == '\t')
			continue;
		return c == '{' || c == '[';
	}
	return false;
}

static enum cong_err
parse_file(const char *path, enum vn_enc enc, const char *media,
    struct parsed *p, struct buf *why)
{
	struct buf raw, text;
	enum cong_err err;
	char *dir;

	buf_init(&raw, LIMIT_IMPORT_FILE);
	buf_init(&text, LIMIT_IMPORT_FILE * 2);
	memset(p, 0, sizeof(*p));
	p->file = path;
	if ((err = read_file(path, &raw)))
		goto out;
	if ((err = import_decode(path, raw.ptr, raw.len, enc, &text, why)))
		goto out;
	if (looks_json(&text)) {
		err = import_parse_json(path, text.ptr, text.len, &p->arts,
		    &p->n, why);
	} else {
		p->arts = xcalloc(1, sizeof(*p->arts));
		err = import_parse_text(path, text.ptr, text.len, p->arts,
		    why);
		p->n = err ? 0 : 1;
	}
	if (media) {
		p->media_src = xstrdup(media);
	} else {
		dir = xstrdup(path);
		p->media_src = xstrdup(dirname(dir));
		free(dir);
	}
out:
	buf_release(&raw);
	buf_release(&text);
	return err;
}

static void
parsed_release(struct parsed *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		import_article_release(&p->arts[i]);
	free(p->arts);
	free(p->media_src);
}

static int
store_all(struct cong_config *cfg, const char *host, struct parsed *ps,
    size_t nps)
{
	struct store *st = NULL;
	struct store_conn *db = NULL;
	struct buf why = BUF_INIT;
	json_t *site = NULL;
	int64_t site_id, id;
	size_t i, j, count = 0;
	int rc = 1;

	if (cmd_open_store(cfg, false, &st) || store_conn_new(st, &db))
		goto out;
	content_seq_open(cfg->data_dir);
	if (site_resolve(db, host ? host : "", host ? strlen(host) : 0,
	    &site)) {
		fprintf(stderr, "cong import: no site%s%s and no default site "
		    "(run 'cong init')\n", host ? " for " : "",
		    host ? host : "");
		goto out;
	}
	if (host && strcmp(json_string_value(json_object_get(site, "host")),
	    host)) {
		fprintf(stderr, "cong import: no site for host '%s'\n", host);
		goto out;
	}
	site_id = json_integer_value(json_object_get(site, "id"));
	/* one transaction per file: a file is imported whole or not at all */
	for (i = 0; i < nps; i++) {
		if (store_begin(db, true))
			goto out;
		for (j = 0; j < ps[i].n; j++) {
			buf_reset(&why);
			if (import_store(db, site_id, cfg->media_dir,
			    ps[i].media_src, &ps[i].arts[j], time(NULL), &id,
			    &why)) {
				fprintf(stderr, "cong import: %s: %s\n",
				    ps[i].file, why.ptr);
				store_rollback(db);
				goto out;
			}
		}
		if (store_commit(db))
			goto out;
		content_seq_bump();
		count += ps[i].n;
	}
	printf("imported %zu article%s\n", count, count == 1 ? "" : "s");
	rc = 0;
out:
	buf_release(&why);
	json_decref(site);
	store_conn_free(db);
	store_free(st);
	content_seq_close();
	return rc;
}

int
cmd_import(struct cong_config *cfg, int argc, char **argv)
{
	const char *host = NULL, *media = NULL;
	struct parsed *ps = NULL;
	struct buf why = BUF_INIT;
	enum vn_enc enc = VN_ENC_AUTO;
	size_t nps = 0, i;
	int a, rc = 1;

	for (a = 1; a < argc; a++) {
		if (!strcmp(argv[a], "--site") && a + 1 < argc)
			host = argv[++a];
		else if (!strcmp(argv[a], "--media") && a + 1 < argc)
			media = argv[++a];
		else if (!strcmp(argv[a], "--encoding") && a + 1 < argc) {
			if (vn_enc_parse(argv[++a], &enc)) {
				fprintf(stderr, "cong import: unknown encoding "
				    "'%s' (auto, utf8, tcvn3, vni, viscii, "
				    "cp1258)\n", argv[a]);
				return 2;
			}
		} else if (argv[a][0] == '-' && argv[a][1] == '-') {
			fprintf(stderr, "cong import: unknown option '%s'\n",
			    argv[a]);
			return 2;
		} else
			break;
	}
	if (a >= argc) {
		fprintf(stderr, "usage: cong import [--site HOST] [--media "
		    "DIR] [--encoding auto|utf8|tcvn3|vni|viscii|cp1258] "
		    "FILE...\n");
		return 2;
	}
	log_set_quiet(true);
	ps = xcalloc((size_t)(argc - a), sizeof(*ps));
	for (; a < argc; a++, nps++) {
		buf_reset(&why);
		if (parse_file(argv[a], enc, media, &ps[nps], &why)) {
			if (why.len)
				fprintf(stderr, "cong import: %s\n", why.ptr);
			fprintf(stderr, "cong import: nothing imported\n");
			nps++;
			goto out;
		}
	}
	rc = store_all(cfg, host, ps, nps);
out:
	for (i = 0; i < nps; i++)
		parsed_release(&ps[i]);
	free(ps);
	buf_release(&why);
	return rc;
}
