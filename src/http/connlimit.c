/* SPDX-License-Identifier: ISC */
/*
 * connlimit.c: a counter in total and a small chained hash table of
 * per-address counters; an address's node is freed when its count
 * returns to zero, so the table holds only addresses with open
 * connections.
 */
#include "base/common.h"
#include "http/connlimit.h"

#include <netinet/in.h>
#include <pthread.h>

#define BUCKETS 4096

struct addr_node {
	struct addr_node *next;
	unsigned char key[16];
	size_t count;
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct addr_node *table[BUCKETS];
static size_t total, max_total = LIMIT_CONN_TOTAL,
    max_per_addr = LIMIT_CONN_PER_ADDR;

void
connlimit_init(size_t t, size_t per_addr)
{
	pthread_mutex_lock(&mu);
	max_total = t ? t : LIMIT_CONN_TOTAL;
	max_per_addr = per_addr ? per_addr : LIMIT_CONN_PER_ADDR;
	pthread_mutex_unlock(&mu);
}

/* The address as 16 bytes (IPv4 mapped); false for loopback/unknown. */
static bool
addr_key(const struct sockaddr *sa, unsigned char key[16])
{
	memset(key, 0, 16);
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const void *)sa;
		const unsigned char *b = (const void *)&in->sin_addr;

		if (b[0] == 127)
			return false;
		key[10] = key[11] = 0xff;
		memcpy(key + 12, b, 4);
		return true;
	}
	if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const void *)sa;

		if (IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr))
			return false;
		memcpy(key, &in6->sin6_addr, 16);
		return true;
	}
	return false;
}

static size_t
bucket(const unsigned char key[16])
{
	uint32_t h = 2166136261u;
	int i;

	for (i = 0; i < 16; i++)
		h = (h ^ key[i]) * 16777619u;
	return h % BUCKETS;
}

bool
connlimit_acquire(const struct sockaddr *sa)
{
	unsigned char key[16];
	struct addr_node *n = NULL;
	bool limited = addr_key(sa, key);
	bool ok = false;

	pthread_mutex_lock(&mu);
	if (total >= max_total)
		goto out;
	if (limited) {
		struct addr_node **head = &table[bucket(key)];

		for (n = *head; n; n = n->next)
			if (memcmp(n->key, key, 16) == 0)
				break;
		if (n && n->count >= max_per_addr)
			goto out;
		if (!n) {
			n = xcalloc(1, sizeof(*n));
			memcpy(n->key, key, 16);
			n->next = *head;
			*head = n;
		}
		n->count++;
	}
	total++;
	ok = true;
out:
	pthread_mutex_unlock(&mu);
	return ok;
}

void
connlimit_release(const struct sockaddr *sa)
{
	unsigned char key[16];
	bool limited = addr_key(sa, key);

	pthread_mutex_lock(&mu);
	if (total)
		total--;
	if (limited) {
		struct addr_node **pp = &table[bucket(key)], *n;

		while ((n = *pp) && memcmp(n->key, key, 16) != 0)
			pp = &n->next;
		if (n && --n->count == 0) {
			*pp = n->next;
			free(n);
		}
	}
	pthread_mutex_unlock(&mu);
}

size_t
connlimit_total(void)
{
	size_t n;

	pthread_mutex_lock(&mu);
	n = total;
	pthread_mutex_unlock(&mu);
	return n;
}
