/* SPDX-License-Identifier: ISC */
/*
 * zipsniff.h: telling office documents apart by their containers, not by
 * their names. Two bounded parsers over bytes held in memory: the ZIP
 * central directory (DOCX, XLSX, ODT) and the OLE2 compound file
 * directory (DOC, XLS). They read only what they need to name the
 * document, never decompress anything and never allocate more than a
 * table of LIMIT_ZIP_ENTRIES offsets. Pure functions: no files, no libs.
 */
#ifndef CONG_CONTENT_ZIPSNIFF_H
#define CONG_CONTENT_ZIPSNIFF_H

#include "base/common.h"

enum office_kind {
	OFFICE_NONE,
	OFFICE_DOCX,	/* ZIP with [Content_Types].xml and word/document.xml */
	OFFICE_XLSX,	/* ZIP with [Content_Types].xml and xl/workbook.xml */
	OFFICE_ODT,	/* ZIP whose first entry is a stored "mimetype" */
	OFFICE_DOC,	/* OLE2 with a WordDocument stream */
	OFFICE_XLS,	/* OLE2 with a Workbook (or BIFF5 Book) stream */
	OFFICE__MAX
};

/*
 * Names the ZIP document p[0..n). The archive must be exactly one plain
 * ZIP: a local header at offset 0, the end-of-central-directory record
 * ending the file (no trailing bytes beyond its comment), the central
 * directory right before it, every entry's local header inside the data
 * area, no two entries overlapping (the overlapping-file zip bomb), no
 * ZIP64, no split archive, no encrypted entry, at most LIMIT_ZIP_ENTRIES
 * entries whose declared uncompressed sizes add up to at most
 * LIMIT_ZIP_UNPACKED bytes.
 *
 * Returns CONG_OK and sets *kind to OFFICE_DOCX, OFFICE_XLSX or
 * OFFICE_ODT; CONG_EINVAL for a well-formed ZIP that is none of them;
 * CONG_ETOOBIG past a limit; CONG_EPARSE for anything malformed.
 * *kind is OFFICE_NONE on every error.
 */
enum cong_err zipsniff_zip(const unsigned char *p, size_t n,
    enum office_kind *kind);

/*
 * Names the OLE2 compound file p[0..n) (MS-CFB): checks the header
 * (signature, byte order, version 3 with 512-byte or 4 with 4096-byte
 * sectors), follows the directory's sector chain through the FAT (found
 * through the header's DIFAT and its chain), every step bounded by the
 * file's sector count so a cycle ends, and looks for the streams that
 * name the document. A file holding both Word and Excel streams, or an
 * EncryptedPackage, is none of ours.
 *
 * Returns CONG_OK and sets *kind to OFFICE_DOC or OFFICE_XLS;
 * CONG_EINVAL for a well-formed compound file that is neither (a
 * PowerPoint file, an encrypted document); CONG_EPARSE for anything
 * malformed or truncated. *kind is OFFICE_NONE on every error.
 */
enum cong_err zipsniff_ole2(const unsigned char *p, size_t n,
    enum office_kind *kind);

#endif
