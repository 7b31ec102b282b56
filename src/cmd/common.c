/* SPDX-License-Identifier: ISC */
/*
 * common.c: what several commands share.
 */
#include "base/common.h"
#include "base/log.h"
#include "cmd/cmd.h"
#include "store/store.h"

int
cmd_open_store(struct cong_config *cfg, bool create, struct store **st)
{
	if (store_open(cfg->db, create, st))
		return 1;
	if (store_migrate(*st, NULL)) {
		store_free(*st);
		*st = NULL;
		return 1;
	}
	return 0;
}
