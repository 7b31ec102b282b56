/* SPDX-License-Identifier: ISC */
/*
 * vn/legacy.h: Vietnamese text from before Unicode. Files and pasted text
 * from older offices still come in the 8-bit encodings of the 1990s:
 * TCVN3 (ABC, the .VnTime fonts), VNI-Windows (the VNI-Times fonts),
 * VISCII and Windows-1258. This module turns them into UTF-8 NFC, guesses
 * which one a byte string is in, and repairs the common "cp1252 view"
 * accident: TCVN3 or VNI text pasted into a Unicode editor, which shows
 * up as "Céng hßa x· héi chñ nghÜa ViÖt Nam" or "Xin chaøo caùc baïn".
 *
 * TCVN3, VISCII and CP1258 are decoded with tables built once from glibc
 * iconv (TCVN5712-1, VISCII, CP1258 and CP1252). VNI-Windows, which iconv
 * lacks, is decoded here: a base letter byte followed by a mark byte,
 * longest match. Control characters (\r, \t, ...) pass through unchanged:
 * run the result through vn_text_clean() before storing it. A byte that
 * has no meaning in the encoding becomes U+FFFD. All functions are
 * thread-safe.
 */
#ifndef CONG_VN_LEGACY_H
#define CONG_VN_LEGACY_H

#include "base/buf.h"

enum vn_enc {
	VN_ENC_UTF8,
	VN_ENC_TCVN3,	/* TCVN 5712:1993 VN3 as UniKey uses it */
	VN_ENC_VNI,	/* VNI-Windows */
	VN_ENC_VISCII,	/* RFC 1456 */
	VN_ENC_CP1258,	/* Windows-1258 */
	VN_ENC__MAX
};

/* "Detect it": what vn_enc_parse() gives for "auto". */
#define VN_ENC_AUTO VN_ENC__MAX

/*
 * Appends the UTF-8 NFC form of the bytes p[0..n), read in encoding enc,
 * to out. enc may be VN_ENC_AUTO: vn_legacy_detect() chooses.
 * TCVN3 capitals with tone marks share the small letter's byte (the
 * uppercase fonts draw them), so they come out as small letters.
 * Bytes below 0x80 are ASCII in TCVN3 and VNI; 0x80..0x9F in TCVN3 are
 * the Windows-1252 symbols there, as in UniKey.
 * Returns CONG_EINVAL for an unknown enc or, with VN_ENC_UTF8, malformed
 * UTF-8; CONG_ETOOBIG when out's cap is reached; CONG_EUNAVAIL if iconv
 * lacks a needed charset. On error out is left as it was.
 */
enum cong_err vn_legacy_decode(enum vn_enc enc, const char *p, size_t n,
    struct buf *out);

/*
 * Guesses the encoding of p[0..n). Well-formed UTF-8 that is pure ASCII
 * or holds a Vietnamese letter is VN_ENC_UTF8. Otherwise each candidate
 * decoding is scored by how many of its words are valid Vietnamese
 * syllables, minus stray symbols and U+FFFD, and the best wins (ties go
 * TCVN3, VNI, VISCII, CP1258, the order of how common they are). Only
 * the first 64 KiB are looked at. The "cp1252 view" case is well-formed
 * UTF-8 and is reported as VN_ENC_UTF8: see vn_legacy_fix_cp1252_view().
 */
enum vn_enc vn_legacy_detect(const char *p, size_t n);

/*
 * Repairs TCVN3 or VNI text that was read as Windows-1252 and stored as
 * UTF-8 ("Xin chaøo caùc baïn"): the text is encoded back to Windows-1252
 * bytes, decoded as TCVN3 and as VNI, and the better-scoring result, if
 * it scores better than the text as given, is appended to out and its
 * encoding stored in *found (found may be NULL).
 * Returns CONG_EINVAL if p is not UTF-8, has a character Windows-1252
 * cannot hold, or reads no better repaired (out untouched, *found set to
 * VN_ENC_UTF8); CONG_ETOOBIG when out's cap is reached; CONG_EUNAVAIL if
 * iconv lacks a needed charset.
 */
enum cong_err vn_legacy_fix_cp1252_view(const char *p, size_t n,
    struct buf *out, enum vn_enc *found);

/*
 * The canonical lower-case name of enc: "utf8", "tcvn3", "vni", "viscii",
 * "cp1258", or "auto" for VN_ENC_AUTO; "?" for anything else. Static.
 */
const char *vn_enc_name(enum vn_enc enc);

/*
 * Parses an encoding name, case-insensitively: the names vn_enc_name()
 * gives and the aliases "utf-8", "tcvn", "abc", "vni-win", "vni-windows",
 * "windows-1258". "auto" gives VN_ENC_AUTO. CONG_EINVAL for anything else
 * (*out untouched).
 */
enum cong_err vn_enc_parse(const char *name, enum vn_enc *out);

#endif
