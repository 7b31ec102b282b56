/* SPDX-License-Identifier: ISC */
/*
 * cache.c: an open hash table (chained) of entries, with an LRU list
 * through them and a byte budget. Keys are hashed with FNV-1a: the keys
 * are ours (Host + path), short, and a hash flood would need a client to
 * make us store pages, which only published URLs do.
 */
#include "base/common.h"
#include "http/blob.h"
#include "http/cache.h"

#include <pthread.h>
#include <stdatomic.h>

struct entry {
	struct entry *hnext;		/* hash chain */
	struct entry *prev, *next;	/* LRU: head is the newest */
	uint64_t hash;
	char *key;
	size_t key_len;
	char tags[HTTP_CACHE_TAGS][HTTP_CACHE_TAG_MAX];
	int ntags;
	struct http_blob *blob;
	size_t bytes;
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct entry **table;
static size_t nbuckets;
static struct entry *lru_head, *lru_tail;
static size_t nentries, used, budget;
static uint64_t hits, misses, drops, evictions;
static atomic_uint_fast64_t epoch;

static uint64_t
fnv1a(const char *p, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 1099511628211ull;
	}
	return h;
}

void
http_cache_init(size_t bytes)
{
	pthread_mutex_lock(&mu);
	budget = bytes;
	if (!table) {
		nbuckets = 4096;
		table = xcalloc(nbuckets, sizeof(*table));
	}
	pthread_mutex_unlock(&mu);
}

static void
lru_unlink(struct entry *e)
{
	if (e->prev)
		e->prev->next = e->next;
	else
		lru_head = e->next;
	if (e->next)
		e->next->prev = e->prev;
	else
		lru_tail = e->prev;
	e->prev = e->next = NULL;
}

static void
lru_push(struct entry *e)
{
	e->prev = NULL;
	e->next = lru_head;
	if (lru_head)
		lru_head->prev = e;
	lru_head = e;
	if (!lru_tail)
		lru_tail = e;
}

/* Unlinks e from its chain and the LRU list and frees it; mu held. */
static void
entry_remove(struct entry *e)
{
	struct entry **pp = &table[e->hash & (nbuckets - 1)];

	while (*pp && *pp != e)
		pp = &(*pp)->hnext;
	if (*pp)
		*pp = e->hnext;
	lru_unlink(e);
	used -= e->bytes;
	nentries--;
	http_blob_unref(e->blob);
	free(e->key);
	free(e);
}

static struct entry *
find(uint64_t h, const char *key, size_t len)
{
	struct entry *e;

	for (e = table[h & (nbuckets - 1)]; e; e = e->hnext)
		if (e->hash == h && e->key_len == len &&
		    memcmp(e->key, key, len) == 0)
			return e;
	return NULL;
}

struct http_blob *
http_cache_get(const char *key, size_t len)
{
	struct http_blob *b = NULL;
	struct entry *e;
	uint64_t h;

	if (!table || !budget)
		return NULL;
	h = fnv1a(key, len);
	pthread_mutex_lock(&mu);
	if ((e = find(h, key, len))) {
		if (e != lru_head) {
			lru_unlink(e);
			lru_push(e);
		}
		b = e->blob;
		http_blob_ref(b);
		hits++;
	} else {
		misses++;
	}
	pthread_mutex_unlock(&mu);
	return b;
}

uint64_t
http_cache_epoch(void)
{
	return atomic_load(&epoch);
}

static int
parse_tags(const char *tags, char out[HTTP_CACHE_TAGS][HTTP_CACHE_TAG_MAX])
{
	int n = 0;

	while (*tags) {
		size_t l;

		while (*tags == ' ')
			tags++;
		l = strcspn(tags, " ");
		if (!l)
			break;
		if (n < HTTP_CACHE_TAGS && l < HTTP_CACHE_TAG_MAX) {
			memcpy(out[n], tags, l);
			out[n][l] = '\0';
			n++;
		}
		tags += l;
	}
	return n;
}

bool
http_cache_put(const char *key, size_t len, const char *tags,
    struct http_blob *blob, uint64_t since)
{
	struct entry *e, *old;
	uint64_t h;

	if (!table || !budget || len > HTTP_CACHE_KEY_MAX)
		return false;
	e = xcalloc(1, sizeof(*e));
	e->ntags = parse_tags(tags, e->tags);
	e->hash = h = fnv1a(key, len);
	e->key = xmemdup(key, len);
	e->key_len = len;
	e->blob = blob;
	e->bytes = http_blob_size(blob) + len + sizeof(*e);
	if (e->bytes > budget / 4) {
		free(e->key);
		free(e);
		return false;
	}
	http_blob_ref(blob);
	pthread_mutex_lock(&mu);
	/* a drop while this page was rendered: it may show the old data */
	if (atomic_load(&epoch) != since) {
		pthread_mutex_unlock(&mu);
		http_blob_unref(blob);
		free(e->key);
		free(e);
		return false;
	}
	if ((old = find(h, key, len)))
		entry_remove(old);
	e->hnext = table[h & (nbuckets - 1)];
	table[h & (nbuckets - 1)] = e;
	lru_push(e);
	used += e->bytes;
	nentries++;
	while (used > budget && lru_tail && lru_tail != e) {
		entry_remove(lru_tail);
		evictions++;
	}
	pthread_mutex_unlock(&mu);
	return true;
}

static bool
has_tag(const struct entry *e, char tags[HTTP_CACHE_TAGS][HTTP_CACHE_TAG_MAX],
    int n)
{
	int i, j;

	for (i = 0; i < e->ntags; i++)
		for (j = 0; j < n; j++)
			if (strcmp(e->tags[i], tags[j]) == 0)
				return true;
	return false;
}

void
http_cache_drop_tags(const char *tags)
{
	char want[HTTP_CACHE_TAGS][HTTP_CACHE_TAG_MAX];
	struct entry *e, *next;
	int n = parse_tags(tags, want);

	if (!n)
		return;
	pthread_mutex_lock(&mu);
	atomic_fetch_add(&epoch, 1);
	for (e = lru_head; e; e = next) {
		next = e->next;
		if (has_tag(e, want, n)) {
			entry_remove(e);
			drops++;
		}
	}
	pthread_mutex_unlock(&mu);
}

void
http_cache_drop_all(void)
{
	pthread_mutex_lock(&mu);
	atomic_fetch_add(&epoch, 1);
	while (lru_head) {
		entry_remove(lru_head);
		drops++;
	}
	pthread_mutex_unlock(&mu);
}

void
http_cache_free(void)
{
	http_cache_drop_all();
	pthread_mutex_lock(&mu);
	free(table);
	table = NULL;
	nbuckets = 0;
	pthread_mutex_unlock(&mu);
}

void
http_cache_stats(struct http_cache_stats *out)
{
	pthread_mutex_lock(&mu);
	out->entries = nentries;
	out->bytes = used;
	out->budget = budget;
	out->hits = hits;
	out->misses = misses;
	out->drops = drops;
	out->evictions = evictions;
	pthread_mutex_unlock(&mu);
}
