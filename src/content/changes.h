/* SPDX-License-Identifier: ISC */
/*
 * changes.h: telling the page cache what changed. A write records the
 * cache tags of what it touched in the change_log table, inside its own
 * transaction (content_change_record). Each server process reads the
 * new rows (content_changes_apply: after every POST it handles, and from
 * a background thread a few times a second) and calls the drop hook that
 * cmd/serve.c registered, so writes made by another process or another
 * node are seen too. Articles whose scheduled time has just come are
 * found the same way, so they appear without anyone clicking.
 *
 * Processes on one machine also share a counter in a small mapped file
 * (DATA/changes.seq): a writer bumps it after its commit, and a server
 * that sees it moved reads the log before answering from its cache, so
 * a page is never stale once `cong import` has returned. Other nodes
 * (PostgreSQL) see the log within one janitor period.
 *
 * Tags: "a<id>" an article's own pages, "c<id>" a category's lists (and
 * the article pages that list it), "s<id>" a site's site-wide lists
 * (home, feeds, sitemap).
 */
#ifndef CONG_CONTENT_CHANGES_H
#define CONG_CONTENT_CHANGES_H

#include "base/common.h"

struct store_conn;

typedef void (*content_drop_fn)(const char *tags);

/* Registers the function that drops cached pages by tags. */
void content_set_drop_hook(content_drop_fn fn);

/* Adds a change row (call inside the write's transaction). */
enum cong_err content_change_record(struct store_conn *db, int64_t site_id,
    int64_t now, const char *tags);

/*
 * Starts reading from the current end of the log (what happened before
 * the process started is not in its cache).
 */
enum cong_err content_changes_start(struct store_conn *db, int64_t now);

/*
 * Applies new change rows and newly visible scheduled articles: calls
 * the drop hook for each. Thread-safe; cheap when nothing changed.
 */
enum cong_err content_changes_apply(struct store_conn *db, int64_t now);

/*
 * Maps DATA/changes.seq (created if missing). Without it the counter
 * functions do nothing and only the log is read.
 */
enum cong_err content_seq_open(const char *data_dir);
void content_seq_close(void);
/* Tells other processes a write was committed. */
void content_seq_bump(void);
/* True when a write was committed since the log was last applied. */
bool content_changes_pending(void);
/*
 * How many change rows this process has applied: a cache of rows that
 * any write may change is good while this stays the same and nothing
 * is pending.
 */
uint64_t content_changes_generation(void);

/* Deletes change rows older than before (unix seconds). */
enum cong_err content_changes_prune(struct store_conn *db, int64_t before);

#endif
