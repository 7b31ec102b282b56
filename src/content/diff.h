/* SPDX-License-Identifier: ISC */
/*
 * diff.h: a readable word-level diff of two plain texts, for comparing
 * revisions in the newsroom. Words are runs of non-space bytes (UTF-8
 * passes through whole); the whitespace between them belongs to the word
 * before. The common prefix and suffix are matched first, then the
 * longest common subsequence of the middle; when the middle is too big
 * for the table (DIFF_CELLS_MAX cells) it is shown as one deletion and
 * one insertion, which is still correct, only coarser.
 */
#ifndef CONG_CONTENT_DIFF_H
#define CONG_CONTENT_DIFF_H

#include "base/buf.h"

/* Most words taken from each side; the rest is compared as one block. */
#define DIFF_WORDS_MAX 20000
/* Most cells of the LCS table (2 bytes each): 8 MiB. */
#define DIFF_CELLS_MAX (4u * 1000 * 1000)

/*
 * Appends to out the HTML of the diff from a[0..alen) to b[0..blen):
 * text escaped, removed runs in <del>…</del>, added runs in <ins>…</ins>,
 * unchanged text as it is. *changed (if not NULL) tells whether the
 * texts differ. Returns CONG_OK, CONG_ETOOBIG when out's cap is reached
 * (out then holds a prefix), CONG_EINVAL for a NULL text with length.
 */
enum cong_err diff_words_html(const char *a, size_t alen, const char *b,
    size_t blen, struct buf *out, bool *changed);

#endif
