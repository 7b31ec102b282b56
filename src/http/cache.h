/* SPDX-License-Identifier: ISC */
/*
 * cache.h: the page cache. A published public page is rendered once and
 * kept here as a blob (identity, gzip and br bytes, strong ETag), keyed
 * by Host and path; the event loops answer hits without touching a
 * worker. Each entry carries the tags of what it shows ("a12": article
 * 12, "c3": category 3's lists, "s1": site 1's site-wide lists); a write
 * drops every entry with one of its tags.
 *
 * Staleness: an entry is stored only if no drop happened while it was
 * being rendered (http_cache_epoch() before the render, compared at
 * insert), so a page read before a commit can never outlive the drop
 * that follows it.
 *
 * Memory is bounded (http_cache_init's budget); past it the least
 * recently used entries go. Thread-safe: one mutex, held for a lookup or
 * an insert, never during I/O.
 */
#ifndef CONG_HTTP_CACHE_H
#define CONG_HTTP_CACHE_H

#include "base/common.h"

struct http_blob;

#define HTTP_CACHE_KEY_MAX 512	/* host + path + query, bytes */
#define HTTP_CACHE_TAGS 8	/* tags one page may carry */
#define HTTP_CACHE_TAG_MAX 24

/* Sets the memory budget in bytes (0 disables the cache). */
void http_cache_init(size_t budget);
/* Drops everything and frees the table. */
void http_cache_free(void);

/*
 * The blob for key, with a new reference (release it with
 * http_blob_unref), or NULL.
 */
struct http_blob *http_cache_get(const char *key, size_t len);

/* The drop counter; read it before rendering a page to be stored. */
uint64_t http_cache_epoch(void);

/*
 * Stores blob under key with its tags (space-separated, e.g.
 * "a12 c3 s1"), unless a drop happened since epoch. Takes its own
 * reference. Returns true if stored.
 */
bool http_cache_put(const char *key, size_t len, const char *tags,
    struct http_blob *blob, uint64_t epoch);

/* Drops every entry carrying any of the space-separated tags. */
void http_cache_drop_tags(const char *tags);
/* Drops everything (a site's settings changed, templates reloaded). */
void http_cache_drop_all(void);

struct http_cache_stats {
	size_t entries, bytes, budget;
	uint64_t hits, misses, drops, evictions;
};
void http_cache_stats(struct http_cache_stats *out);

#endif
