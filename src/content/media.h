/* SPDX-License-Identifier: ISC */
/*
 * media.h: uploaded and imported files. The type of a file is decided by
 * its bytes, never by its name: images (JPEG, PNG, GIF, WebP) and
 * documents (PDF, DOC, DOCX, XLS, XLSX, ODT); anything else is refused.
 *
 * Names: a file is stored once, under the first 32 hex digits of the
 * SHA-256 of the bytes as uploaded ("hash32"), in the media directory
 * (outside the web root; the server maps /media/NAME onto it).
 * A document is stored as uploaded: hash32.EXT. An image is never
 * served as uploaded: it is decoded with libvips (after its header has
 * passed LIMIT_IMAGE_PIXELS and LIMIT_IMAGE_SIDE, so a decompression
 * bomb is refused before any pixel is allocated), turned upright,
 * converted to sRGB and re-encoded with every piece of metadata (EXIF,
 * GPS, XMP, IPTC, ICC) dropped: the canonical "full" copy hash32.jpg at
 * most MEDIA_FULL_SIDE px a side, and responsive copies
 * hash32-WIDTH.jpg and hash32-WIDTH.webp for each width that
 * media_variant_widths() gives (never wider than the full copy). The
 * media row's "variants" column lists those widths ("320 800 1600").
 *
 * The heavy work (decode, resize, encode) runs on the calling thread:
 * call it from a worker, never from an event loop.
 */
#ifndef CONG_CONTENT_MEDIA_H
#define CONG_CONTENT_MEDIA_H

#include <jansson.h>

#include "base/buf.h"
#include "base/common.h"

struct store_conn;

enum media_kind {
	MEDIA_JPEG, MEDIA_PNG, MEDIA_GIF, MEDIA_WEBP,	/* images */
	MEDIA_PDF, MEDIA_DOC, MEDIA_DOCX, MEDIA_XLS, MEDIA_XLSX, MEDIA_ODT,
	MEDIA__MAX
};

/* Longest side of the canonical re-encoded image. */
#define MEDIA_FULL_SIDE 2400
/* The responsive widths, ascending. */
#define MEDIA_WIDTHS { 320, 800, 1600 }
#define MEDIA_NWIDTHS 3

/*
 * Starts libvips once for the process (one thread per operation, no
 * operation cache, LIMIT_VIPS_MEMORY, untrusted loaders blocked). Called
 * by the first media_add(); a server calls it at start, before its
 * sandbox closes, since libvips reads its modules then. CONG_EIO if
 * libvips cannot start.
 */
enum cong_err media_init(void);

/* True for the four image kinds. */
bool media_kind_is_image(enum media_kind kind);
/* "image/jpeg", "application/pdf"...: of the file as stored. */
const char *media_kind_mime(enum media_kind kind);
/* "jpg", "pdf", "docx"...: the stored file's extension. */
const char *media_kind_ext(enum media_kind kind);

/*
 * The kind of p[0..n) by content: magic numbers for images and PDF
 * ("%PDF-" at offset 0), the ZIP central directory for DOCX, XLSX and
 * ODT and the OLE2 directory for DOC and XLS (content/zipsniff.h).
 * Returns CONG_OK; CONG_EINVAL if the bytes are none of ours;
 * CONG_ETOOBIG for a ZIP past LIMIT_ZIP_ENTRIES or LIMIT_ZIP_UNPACKED.
 * On error *kind is left as it was.
 */
enum cong_err media_sniff(const unsigned char *p, size_t n,
    enum media_kind *kind);

/*
 * Appends to out the display form of an uploaded file name: its last
 * path component (after '/' or '\\'), NFC, white space runs made one
 * space, control and bidirectional-override characters removed, leading
 * dots dropped, cut to LIMIT_MEDIA_NAME code points. A name that is
 * empty or not UTF-8 becomes "tệp". Never fails for a buf with room
 * (CONG_ETOOBIG otherwise).
 */
enum cong_err media_display_name(const char *name, struct buf *out);

/*
 * The variant widths for an image whose full copy is full_width px
 * wide: each of MEDIA_WIDTHS narrower than it, then full_width itself
 * if it is narrower than the largest (so nothing is upscaled and the
 * largest variant is as sharp as the file allows). Writes them
 * ascending to out and returns how many (1 to MEDIA_NWIDTHS + 1);
 * 0 if full_width < 1.
 */
size_t media_variant_widths(int full_width, int out[MEDIA_NWIDTHS + 1]);

/*
 * Appends a srcset value for a stored image to out: "/media/H-320.EXT
 * 320w, /media/H-800.EXT 800w" from its file name (hash32.jpg) and its
 * variants column; ext is "jpg" or "webp". Appends nothing and returns
 * CONG_EINVAL if file is not a hash32 name or variants is empty or
 * malformed.
 */
enum cong_err media_srcset(const char *file, const char *variants,
    const char *ext, struct buf *out);

/*
 * Appends "/media/H-W.EXT" for the smallest variant at least want px
 * wide (the largest if none is), as media_srcset() reads its inputs;
 * *width (if not NULL) gets W. CONG_EINVAL as media_srcset().
 */
enum cong_err media_variant_url(const char *file, const char *variants,
    int want, const char *ext, struct buf *out, int *width);

/* An upload to store. */
struct media_in {
	const unsigned char *data;
	size_t len;
	const char *orig_name;	/* as sent; NULL or "" is fine */
	const char *caption;	/* optional; NULL is "" */
	const char *alt;	/* required for images; NULL is "" */
	/*
	 * The login to audit the upload under ("media.upload" on
	 * "media:ID", in the row's transaction); NULL for no audit row
	 * (the importer audits the article that uses the file).
	 */
	const char *actor;
};

/* Why media_add() refused an upload, for the person who sent it. */
struct media_fail {
	const char *field;	/* "file", "alt" or "caption"; NULL if none */
	struct buf msg;		/* a Vietnamese sentence, or empty */
};

#define MEDIA_FAIL_INIT { NULL, BUF_INIT }
/* Frees msg; NULL is fine. */
void media_fail_release(struct media_fail *f);

/*
 * Checks, converts and stores an upload (the files if new, then its
 * media row, in the caller's transaction if one is open). Identical
 * bytes already stored for the site return the existing row.
 *
 * On success *out gets {id, file, mime, width, height, variants,
 * existed} (owned by the caller): width and height are the full copy's
 * for an image, 0 for a document; existed is true for a duplicate.
 *
 * Returns CONG_ETOOBIG over LIMIT_UPLOAD_BODY, for a ZIP past its
 * limits or an image past LIMIT_IMAGE_PIXELS / LIMIT_IMAGE_SIDE;
 * CONG_EINVAL for an empty file, a type not ours, an image libvips
 * cannot decode (truncated, corrupt), an image without alt text, or alt
 * or caption that are not clean UTF-8 text within LIMIT_ALT /
 * LIMIT_CAPTION; CONG_EIO, CONG_EDB for the disk or the store. For
 * every refusal of the upload itself, fail (if not NULL) names the
 * field and says why in Vietnamese. On error *out is NULL.
 */
enum cong_err media_add(struct store_conn *db, const char *media_dir,
    int64_t site_id, const struct media_in *in, int64_t now, json_t **out,
    struct media_fail *fail);

/*
 * Reads a file (at most LIMIT_UPLOAD_BODY bytes) and stores it with
 * media_add(), its base name as the display name. The importer's
 * pictures often have no alt text of their own: an empty alt falls
 * back to the caption, then to the display name. Refusals are logged
 * with their reason.
 */
enum cong_err media_add_file(struct store_conn *db, const char *media_dir,
    int64_t site_id, const char *path, const char *caption,
    const char *alt, int64_t now, json_t **out);

/*
 * One page of the site's media library, newest first; q (NULL or "")
 * filters on caption, alt text and file name (substring, ASCII letters
 * case-insensitive). page counts from 1; per_page is 1..100.
 * *out gets {items: [...], total, page, pages, q} (owned by the
 * caller); each item is a row {id, file, orig_name, mime, bytes, width,
 * height, caption, alt, variants, created_at} with media_decorate()
 * applied and "uses": [{id, title, slug, status}] for the articles that
 * show it (as cover or in their body; at most 20 per page of items).
 */
enum cong_err media_list(struct store_conn *db, int64_t site_id,
    const char *q, int64_t page, int64_t per_page, json_t **out);

/* One media row by id, decorated; CONG_ENOTFOUND if not the site's. */
enum cong_err media_get(struct store_conn *db, int64_t site_id, int64_t id,
    json_t **out);

/*
 * Adds to a media row object (with file, mime, variants): "url"
 * (/media/FILE), "is_image", and for images "thumb_url" (the smallest
 * WebP variant at least 320 px wide), "src" (the JPEG variant at least
 * 800 px wide), "srcset_jpeg", "srcset_webp".
 */
void media_decorate(json_t *row);

/*
 * For an article row with cover_file, cover_variants (ART_COLS): sets
 * "cover_src" (the JPEG variant at least 320 px wide, or /media/FILE
 * when there are no variants), and with variants "cover_srcset_jpeg"
 * and "cover_srcset_webp", for <picture> in list templates. Does
 * nothing without cover_file.
 */
void media_cover_decorate(json_t *article);

#endif
