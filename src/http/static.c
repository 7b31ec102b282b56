/* SPDX-License-Identifier: ISC */
/*
 * static.c: static files, held in memory. At start every file under the
 * static dir is read, hashed (BLAKE2b, 40 bits shown) and compressed (by
 * one thread per core: brotli's best level is slow); it
 * gets a second name with the hash before its extension, and pages link
 * to that name, so a file can be cached forever and a new build changes
 * its URL. The table is built once and read-only while serving; the
 * whole folder is capped at STATIC_MAX_TOTAL bytes.
 */
#include "base/common.h"
#include "base/buf.h"
#include "base/log.h"
#include "http/blob.h"
#include "http/server.h"
#include "http/static.h"

#include <dirent.h>
#include <fcntl.h>
#include <malloc.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sodium.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#define STATIC_MAX_FILES 512
#define STATIC_MAX_BYTES (16u << 20)
#define STATIC_MAX_TOTAL (64u << 20)

struct static_file {
	char *name;	/* "css/site.css" */
	char *fp_name;	/* "css/site.3f9a1c0b2d.css" */
	char *url;	/* "/static/css/site.3f9a1c0b2d.css" */
	struct http_blob *blob;
	struct buf data;	/* while loading: the bytes to compress */
	const char *type;
	bool text;
};

static struct static_file *files;
static size_t nfiles, total_bytes;

static enum cong_err
read_all(const char *path, struct buf *out)
{
	char chunk[16384];
	ssize_t r;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		log_error("cannot open '%s'", path);
		return CONG_EIO;
	}
	while ((r = read(fd, chunk, sizeof(chunk))) > 0)
		if (buf_add(out, chunk, (size_t)r)) {
			close(fd);
			log_error("'%s' is larger than %u bytes", path,
			    STATIC_MAX_BYTES);
			return CONG_ETOOBIG;
		}
	close(fd);
	if (r < 0) {
		log_error("cannot read '%s'", path);
		return CONG_EIO;
	}
	return CONG_OK;
}

static const struct {
	const char *ext;
	const char *type;
	bool text;
} types[] = {
	{ "css", "text/css; charset=utf-8", true },
	{ "js", "text/javascript; charset=utf-8", true },
	{ "mjs", "text/javascript; charset=utf-8", true },
	{ "svg", "image/svg+xml", true },
	{ "json", "application/json", true },
	{ "txt", "text/plain; charset=utf-8", true },
	{ "ico", "image/x-icon", true },
	{ "png", "image/png", false },
	{ "jpg", "image/jpeg", false },
	{ "webp", "image/webp", false },
	{ "woff2", "font/woff2", false },
	{ "woff", "font/woff", false },
	{ "ttf", "font/ttf", true },
	{ "otf", "font/otf", true },
	{ "map", "application/json", true },
};

static void
type_of(const char *name, const char **type, bool *text)
{
	const char *dot = strrchr(name, '.');
	size_t i;

	*type = "application/octet-stream";
	*text = false;
	if (!dot)
		return;
	for (i = 0; i < ARRAY_SIZE(types); i++)
		if (strcmp(dot + 1, types[i].ext) == 0) {
			*type = types[i].type;
			*text = types[i].text;
			return;
		}
}

static enum cong_err
add_file(const char *dir, const char *rel)
{
	struct buf path = BUF_INIT, fp = BUF_INIT, url = BUF_INIT, data;
	const char *dot = strrchr(rel, '.'), *slash = strrchr(rel, '/');
	struct static_file *f;
	unsigned char h[5];
	char hex[11];
	const char *type;
	bool text;
	enum cong_err err;

	if (nfiles >= STATIC_MAX_FILES) {
		log_error("static: more than %d files in '%s'",
		    STATIC_MAX_FILES, dir);
		return CONG_ETOOBIG;
	}
	buf_init(&data, STATIC_MAX_BYTES);
	buf_addf(&path, "%s/%s", dir, rel);
	if ((err = read_all(path.ptr, &data)))
		goto out;
	total_bytes += data.len;
	if (total_bytes > STATIC_MAX_TOTAL) {
		log_error("static: '%s' holds more than %u bytes", dir,
		    STATIC_MAX_TOTAL);
		err = CONG_ETOOBIG;
		goto out;
	}
	crypto_generichash(h, sizeof(h), (const unsigned char *)data.ptr,
	    data.len, NULL, 0);
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	type_of(rel, &type, &text);
	if (!dot || (slash && dot < slash))
		dot = rel + strlen(rel);
	buf_add(&fp, rel, (size_t)(dot - rel));
	buf_addf(&fp, ".%s%s", hex, dot);
	buf_addf(&url, "/static/%s", fp.ptr);
	if (nfiles % 32 == 0)
		files = xrealloc(files, (nfiles + 32) * sizeof(*files));
	f = &files[nfiles++];
	f->name = xstrdup(rel);
	f->fp_name = buf_detach(&fp, NULL);
	f->url = buf_detach(&url, NULL);
	f->blob = NULL;
	f->data = data;		/* compressed by load_blobs() */
	f->type = type;
	f->text = text;
	buf_init(&data, 0);
out:
	buf_release(&data);
	buf_release(&path);
	buf_release(&fp);
	buf_release(&url);
	return err;
}

static enum cong_err
scan(const char *root, const char *rel, int depth)
{
	struct buf dirpath = BUF_INIT, sub = BUF_INIT;
	struct dirent *de;
	enum cong_err err = CONG_OK;
	DIR *d;

	buf_addf(&dirpath, "%s%s%s", root, *rel ? "/" : "", rel);
	if (depth > 8 || !(d = opendir(dirpath.ptr))) {
		log_error("cannot open directory '%s'", dirpath.ptr);
		buf_release(&dirpath);
		return CONG_EIO;
	}
	while (!err && (de = readdir(d))) {
		struct stat sb;

		if (de->d_name[0] == '.')
			continue;
		buf_reset(&sub);
		buf_addf(&sub, "%s%s%s", rel, *rel ? "/" : "", de->d_name);
		buf_reset(&dirpath);
		buf_addf(&dirpath, "%s/%s", root, sub.ptr);
		if (stat(dirpath.ptr, &sb) != 0)
			continue;
		if (S_ISDIR(sb.st_mode))
			err = scan(root, sub.ptr, depth + 1);
		else if (S_ISREG(sb.st_mode) && sb.st_size <= STATIC_MAX_BYTES)
			err = add_file(root, sub.ptr);
	}
	closedir(d);
	buf_release(&dirpath);
	buf_release(&sub);
	return err;
}

static atomic_size_t next_file;

static void *
blob_worker(void *arg)
{
	size_t i;

	(void)arg;
	while ((i = atomic_fetch_add(&next_file, 1)) < nfiles) {
		struct static_file *f = &files[i];

		f->blob = http_blob_new(200, f->type, "public, "
		    "max-age=31536000, immutable", f->data.ptr, f->data.len,
		    0, f->text ? HTTP_BLOB_COMPRESS | HTTP_BLOB_BEST : 0);
		buf_release(&f->data);
	}
	return NULL;
}

/* Makes every file's blob, one thread per core (at most 8). */
static void
load_blobs(void)
{
	pthread_t t[8];
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	size_t i, started = 0;

	n = n < 1 ? 1 : n > 8 ? 8 : n;
	atomic_store(&next_file, 0);
	for (i = 1; i < (size_t)n; i++)
		if (pthread_create(&t[started], NULL, blob_worker, NULL) == 0)
			started++;
	blob_worker(NULL);
	for (i = 0; i < started; i++)
		pthread_join(t[i], NULL);
}

enum cong_err
http_static_load(const char *dir)
{
	enum cong_err err;

	http_static_free();
	if (sodium_init() < 0)
		return CONG_EIO;
	err = scan(dir, "", 0);
	load_blobs();
#ifdef __GLIBC__
	/* brotli's best level left megabytes of free scratch in the
	 * arenas of the threads above: give them back */
	malloc_trim(0);
#endif
	return err;
}

void
http_static_free(void)
{
	size_t i;

	for (i = 0; i < nfiles; i++) {
		free(files[i].name);
		free(files[i].fp_name);
		free(files[i].url);
		buf_release(&files[i].data);
		http_blob_unref(files[i].blob);
	}
	free(files);
	files = NULL;
	nfiles = 0;
	total_bytes = 0;
}

enum cong_err
http_static_each(enum cong_err (*fn)(void *ud, const char *name,
    const char *fp_name, const struct http_blob *blob), void *ud)
{
	enum cong_err err = CONG_OK;
	size_t i;

	for (i = 0; i < nfiles && !err; i++)
		err = fn(ud, files[i].name, files[i].fp_name, files[i].blob);
	return err;
}

const char *
http_static_url(const char *name)
{
	size_t i;

	for (i = 0; i < nfiles; i++)
		if (strcmp(files[i].name, name) == 0)
			return files[i].url;
	return "";
}

struct http_blob *
http_static_find(const char *name, size_t len, bool *immutable)
{
	size_t i;

	for (i = 0; i < nfiles; i++) {
		if (mem_eq_str(name, len, files[i].fp_name)) {
			*immutable = true;
			return files[i].blob;
		}
		if (mem_eq_str(name, len, files[i].name)) {
			*immutable = false;
			return files[i].blob;
		}
	}
	return NULL;
}
