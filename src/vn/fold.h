/* SPDX-License-Identifier: ISC */
/*
 * vn/fold.h: the Vietnamese search key. Folding lower-cases (full Unicode
 * case folding), removes every combining mark, tones and vowel marks alike
 * (ă â ê ô ơ ư become a a e o o u), and maps đ/Đ to d (and the eth Ð/ð
 * that often stands in for Đ in converted text), so that
 * "Đặng Minh Thành" and "dang minh thanh" meet in the index. NFC and NFD
 * input fold to the same key. Characters that are neither letters with
 * marks nor capitals (digits, punctuation, spaces) are kept as they are.
 * The key is meant for matching, not display: outside the Latin range a
 * character may come out decomposed (a precomposed Hangul syllable is
 * kept whole). ASCII and the 134 Vietnamese letters take a table path
 * with no allocation; other characters go through utf8proc one code point
 * at a time, also without allocation. All functions are thread-safe.
 */
#ifndef CONG_VN_FOLD_H
#define CONG_VN_FOLD_H

#include "base/buf.h"

/* Most code points vn_fold_char() can write for one input code point. */
#define VN_FOLD_CHAR_MAX 32

/*
 * Folds one code point cp (<= U+10FFFF) into out[0..VN_FOLD_CHAR_MAX) and
 * returns how many code points were written: 0 for a combining mark,
 * usually 1, more for expansions such as U+00DF ß -> "ss". A code point
 * that is not a valid scalar value is copied unchanged.
 */
size_t vn_fold_char(uint32_t cp, uint32_t out[VN_FOLD_CHAR_MAX]);

/*
 * Appends the folded form of the UTF-8 text p[0..n) to out (UTF-8).
 * For ASCII and Vietnamese input the output is pure ASCII.
 * Returns CONG_EINVAL for malformed UTF-8, CONG_ETOOBIG when out's cap is
 * reached; on error out is left as it was.
 */
enum cong_err vn_fold(const char *p, size_t n, struct buf *out);

/*
 * True if the UTF-8 text p[0..n) has a diacritic: a letter whose
 * canonical decomposition holds a combining mark, a combining mark on its
 * own, or đ/Đ (or Ð/ð); that is, folding it changes more than letter case.
 * Malformed bytes are skipped.
 */
bool vn_has_marks(const char *p, size_t n);

#endif
