/* SPDX-License-Identifier: ISC */
/*
 * vn/collate.c: a thin guard around ICU's C collation API. Comparison
 * uses ucol_strcollUTF8, which reads UTF-8 directly; sort keys need
 * UTF-16, so the text is converted into a heap buffer whose size is
 * bounded by LIMIT_PARAM.
 */
#include "base/common.h"

#include <pthread.h>
#include <unicode/ucol.h>
#include <unicode/ustring.h>

#include "vn/collate.h"
#include "vn/text.h"

struct vn_collator {
	UCollator *ucol;
	pthread_mutex_t lock;
};

enum cong_err
vn_collator_new(struct vn_collator **out)
{
	UErrorCode st = U_ZERO_ERROR;
	struct vn_collator *c;
	UCollator *u;

	*out = NULL;
	u = ucol_open("vi", &st);
	if (U_FAILURE(st) || !u)
		return CONG_EUNAVAIL;
	c = xcalloc(1, sizeof(*c));
	c->ucol = u;
	pthread_mutex_init(&c->lock, NULL);
	*out = c;
	return CONG_OK;
}

void
vn_collator_free(struct vn_collator *c)
{
	if (!c)
		return;
	ucol_close(c->ucol);
	pthread_mutex_destroy(&c->lock);
	free(c);
}

int
vn_collate(struct vn_collator *c, const char *a, size_t an, const char *b,
    size_t bn)
{
	UErrorCode st = U_ZERO_ERROR;
	UCollationResult r;

	if (an > INT32_MAX || bn > INT32_MAX)
		return an < bn ? -1 : an > bn;
	pthread_mutex_lock(&c->lock);
	r = ucol_strcollUTF8(c->ucol, a, (int32_t)an, b, (int32_t)bn, &st);
	pthread_mutex_unlock(&c->lock);
	if (U_FAILURE(st))
		return 0;
	return r == UCOL_LESS ? -1 : r == UCOL_GREATER ? 1 : 0;
}

enum cong_err
vn_sort_key(struct vn_collator *c, const char *p, size_t n, struct buf *out)
{
	UErrorCode st = U_ZERO_ERROR;
	UChar *u16 = NULL;
	uint8_t *key = NULL;
	int32_t ulen = 0, klen, k2;
	enum cong_err err;

	if (!vn_utf8_valid(p, n))
		return CONG_EINVAL;
	if (n > LIMIT_PARAM)
		return CONG_ETOOBIG;
	/* UTF-16 never has more units than UTF-8 has bytes. */
	u16 = xmalloc((n + 1) * sizeof(UChar));
	u_strFromUTF8(u16, (int32_t)n + 1, &ulen, p, (int32_t)n, &st);
	if (U_FAILURE(st)) {
		err = CONG_EINVAL;
		goto out;
	}
	pthread_mutex_lock(&c->lock);
	klen = ucol_getSortKey(c->ucol, u16, ulen, NULL, 0);
	key = xmalloc((size_t)klen + 1);
	k2 = ucol_getSortKey(c->ucol, u16, ulen, key, klen + 1);
	pthread_mutex_unlock(&c->lock);
	if (k2 != klen || klen < 1) {
		err = CONG_EINVAL;
		goto out;
	}
	/* klen counts the terminating zero byte. */
	err = buf_add(out, key, (size_t)klen - 1);
out:
	free(key);
	free(u16);
	return err;
}
