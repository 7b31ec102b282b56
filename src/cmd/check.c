/* SPDX-License-Identifier: ISC */
/*
 * check.c: `cong check`: the database's own integrity check, foreign
 * keys, every media row's file present in the media folder, and the
 * audit hash chain unbroken (content/audit.h: the first broken row is
 * named).
 * Exit 0 and "ok" when all is well; 1 and a list of problems otherwise.
 */
#include "base/common.h"
#include "base/buf.h"
#include "cmd/cmd.h"
#include "content/audit.h"
#include "store/store.h"

#include <inttypes.h>
#include <stdio.h>
#include <sys/stat.h>

struct media_check {
	const char *dir;
	struct buf *report;
	size_t missing;
};

static enum cong_err
check_media_row(void *ud, const struct store_row *r)
{
	struct media_check *mc = ud;
	struct buf path = BUF_INIT;
	struct stat sb;
	const char *file = store_row_text(r, 0, NULL);

	buf_addf(&path, "%s/%s", mc->dir, file);
	if (stat(path.ptr, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		buf_addf(mc->report, "media: missing file '%s'\n", path.ptr);
		mc->missing++;
	}
	buf_release(&path);
	return CONG_OK;
}

static void
check_audit(struct store_conn *db, struct buf *report)
{
	int64_t bad = 0, rows = 0;

	if (audit_verify(db, report, &bad, &rows) == CONG_OK)
		fprintf(stderr, "audit: %" PRId64 " rows, chain intact\n",
		    rows);
}

int
cmd_check(struct cong_config *cfg, int argc, char **argv)
{
	struct store *st = NULL;
	struct store_conn *db = NULL;
	struct buf report = BUF_INIT;
	struct media_check mc = { cfg->media_dir, &report, 0 };
	int rc = 1;

	UNUSED(argv);
	if (argc > 1) {
		fprintf(stderr, "usage: cong check\n");
		return 2;
	}
	if (cmd_open_store(cfg, false, &st) || store_conn_new(st, &db))
		goto out;
	store_check(db, &report);
	if (store_query(db, ST_MEDIA_LIST_FILES, NULL, 0, check_media_row,
	    &mc))
		buf_adds(&report, "media: cannot list media\n");
	check_audit(db, &report);
	if (report.len) {
		fputs(report.ptr, stdout);
		goto out;
	}
	printf("ok\n");
	rc = 0;
out:
	buf_release(&report);
	store_conn_free(db);
	store_free(st);
	return rc;
}
