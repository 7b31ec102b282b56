/* SPDX-License-Identifier: ISC */
/*
 * changes.c: the change log, read by every process that caches pages.
 */
#include "base/common.h"
#include "base/buf.h"
#include "base/log.h"
#include "content/changes.h"
#include "store/store.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

static content_drop_fn drop_hook;
static _Atomic uint64_t *seq;		/* the mapped counter */
static _Atomic uint64_t applied;	/* its value when last applied */
static _Atomic uint64_t generation;	/* change rows applied so far */
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static int64_t last_id;		/* newest change row applied */
static int64_t last_visible;	/* scheduled times up to here applied */

void
content_set_drop_hook(content_drop_fn fn)
{
	drop_hook = fn;
}

enum cong_err
content_change_record(struct store_conn *db, int64_t site_id, int64_t now,
    const char *tags)
{
	struct store_val v[3] = { SV_INT(site_id), SV_INT(now), SV_STR(tags) };

	return store_exec(db, ST_CHANGE_INSERT, v, 3, NULL, NULL);
}

enum cong_err
content_changes_start(struct store_conn *db, int64_t now)
{
	int64_t max = 0;
	enum cong_err err;

	if ((err = store_query_int(db, ST_CHANGE_MAX, NULL, 0, &max)))
		return err;
	pthread_mutex_lock(&mu);
	last_id = max;
	last_visible = now;
	pthread_mutex_unlock(&mu);
	return CONG_OK;
}

static enum cong_err
on_change(void *ud, const struct store_row *r)
{
	int64_t *seen = ud;

	*seen = store_row_int(r, 0);
	atomic_fetch_add(&generation, 1);
	if (drop_hook)
		drop_hook(store_row_text(r, 2, NULL));
	return CONG_OK;
}

static enum cong_err
on_visible(void *ud, const struct store_row *r)
{
	char tags[96];

	UNUSED(ud);
	snprintf(tags, sizeof(tags), "a%lld c%lld s%lld",
	    (long long)store_row_int(r, 0), (long long)store_row_int(r, 2),
	    (long long)store_row_int(r, 1));
	if (drop_hook)
		drop_hook(tags);
	return CONG_OK;
}

enum cong_err
content_seq_open(const char *data_dir)
{
	struct buf path = BUF_INIT;
	uint64_t zero = 0;
	void *p;
	int fd;

	buf_addf(&path, "%s/changes.seq", data_dir);
	fd = open(path.ptr, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0 || (lseek(fd, 0, SEEK_END) < 8 &&
	    pwrite(fd, &zero, 8, 0) != 8)) {
		log_warn("cannot open '%s': %s; other processes' writes "
		    "reach the cache within the janitor period", path.ptr,
		    strerror(errno));
		if (fd >= 0)
			close(fd);
		buf_release(&path);
		return CONG_EIO;
	}
	p = mmap(NULL, 8, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	buf_release(&path);
	if (p == MAP_FAILED)
		return CONG_EIO;
	seq = p;
	atomic_store(&applied, atomic_load(seq));
	return CONG_OK;
}

void
content_seq_close(void)
{
	if (seq)
		munmap((void *)seq, 8);
	seq = NULL;
}

void
content_seq_bump(void)
{
	if (seq)
		atomic_fetch_add(seq, 1);
}

uint64_t
content_changes_generation(void)
{
	return atomic_load(&generation);
}

bool
content_changes_pending(void)
{
	return seq && atomic_load(seq) != atomic_load(&applied);
}

enum cong_err
content_changes_apply(struct store_conn *db, int64_t now)
{
	enum cong_err err = CONG_OK;
	uint64_t before = seq ? atomic_load(seq) : 0;
	int64_t seen;

	/* one reader at a time, so rows are applied once and in order */
	pthread_mutex_lock(&mu);
	for (;;) {
		struct store_val v[1] = { SV_INT(last_id) };

		seen = last_id;
		if ((err = store_query(db, ST_CHANGE_SINCE, v, 1, on_change,
		    &seen)) || seen == last_id)
			break;
		last_id = seen;
	}
	if (!err && now > last_visible) {
		struct store_val v[2] = { SV_INT(last_visible), SV_INT(now) };

		if (!(err = store_query(db, ST_ARTICLE_BECAME_VISIBLE, v, 2,
		    on_visible, NULL)))
			last_visible = now;
	}
	if (!err)
		atomic_store(&applied, before);
	pthread_mutex_unlock(&mu);
	return err;
}

enum cong_err
content_changes_prune(struct store_conn *db, int64_t before)
{
	struct store_val v[1] = { SV_INT(before) };

	return store_exec(db, ST_CHANGE_PRUNE, v, 1, NULL, NULL);
}
