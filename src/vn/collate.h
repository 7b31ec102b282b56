/* SPDX-License-Identifier: ISC */
/*
 * vn/collate.h: Vietnamese alphabetical order, from ICU's "vi" collator:
 * a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y, and within
 * a letter the tones in the order level, grave, hook, tilde, acute, dot
 * below. Use it to sort names of communes, people and categories.
 * vn_sort_key() gives a byte string that sorts the same under memcmp or
 * a database BLOB/bytea ORDER BY, so the order survives in a column.
 * Keys depend on the ICU version: rebuild stored keys after an upgrade.
 *
 * Thread safety: ICU's UCollator must not be used by two threads at once,
 * so each struct vn_collator holds a mutex and its calls are serialised.
 * Sharing one collator is therefore safe; a thread that sorts a lot should
 * make its own with vn_collator_new().
 */
#ifndef CONG_VN_COLLATE_H
#define CONG_VN_COLLATE_H

#include "base/buf.h"

struct vn_collator;

/*
 * Opens a "vi" collator into *out (freed with vn_collator_free()).
 * CONG_EUNAVAIL if ICU cannot open it.
 */
enum cong_err vn_collator_new(struct vn_collator **out);

/* Frees c; NULL is fine. */
void vn_collator_free(struct vn_collator *c);

/*
 * Compares the UTF-8 strings a[0..an) and b[0..bn) in Vietnamese order:
 * negative, zero or positive like strcmp. Malformed UTF-8 compares as if
 * each bad byte were U+FFFD.
 */
int vn_collate(struct vn_collator *c, const char *a, size_t an,
    const char *b, size_t bn);

/*
 * Appends the sort key of the UTF-8 text p[0..n) to out. The key has no
 * zero byte, so out->ptr is also a C string for strcmp; compare two keys
 * with memcmp over the shorter length, then the shorter one first (as
 * SQLite and PostgreSQL order BLOBs). Returns CONG_EINVAL for malformed
 * UTF-8, CONG_ETOOBIG if p is over LIMIT_PARAM bytes or out's cap is
 * reached (out is then left as it was).
 */
enum cong_err vn_sort_key(struct vn_collator *c, const char *p, size_t n,
    struct buf *out);

#endif
