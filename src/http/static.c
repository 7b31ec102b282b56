/* SPDX-License-Identifier: ISC */
/*
 * static.c: fingerprinted names for static files. At start every file
 * under the static dir is hashed (BLAKE2b, 40 bits shown) and gets a
 * second name with the hash before its extension; pages link to that
 * name, so a file can be cached forever and a new build changes its URL.
 * The table is built once and read-only while serving.
 */
#include "base/common.h"
#include "base/buf.h"
#include "base/log.h"
#include "http/server.h"
#include "http/static.h"

#include <dirent.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#define STATIC_MAX_FILES 512
#define STATIC_MAX_BYTES (16u << 20)

struct static_file {
	char *name;	/* "css/site.css" */
	char *fp_name;	/* "css/site.3f9a1c0b2d.css" */
	char *url;	/* "/static/css/site.3f9a1c0b2d.css" */
	char *path;	/* "static/css/site.css" */
};

static struct static_file *files;
static size_t nfiles;

static enum cong_err
hash_file(const char *path, char hex[11])
{
	crypto_generichash_state st;
	unsigned char out[5], chunk[16384];
	ssize_t r;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		log_error("cannot open '%s'", path);
		return CONG_EIO;
	}
	crypto_generichash_init(&st, NULL, 0, sizeof(out));
	while ((r = read(fd, chunk, sizeof(chunk))) > 0)
		crypto_generichash_update(&st, chunk, (size_t)r);
	close(fd);
	if (r < 0) {
		log_error("cannot read '%s'", path);
		return CONG_EIO;
	}
	crypto_generichash_final(&st, out, sizeof(out));
	sodium_bin2hex(hex, 11, out, sizeof(out));
	return CONG_OK;
}

static enum cong_err
add_file(const char *dir, const char *rel)
{
	struct buf path = BUF_INIT, fp = BUF_INIT, url = BUF_INIT;
	const char *dot = strrchr(rel, '.'), *slash = strrchr(rel, '/');
	struct static_file *f;
	char hex[11];
	enum cong_err err;

	if (nfiles >= STATIC_MAX_FILES) {
		log_error("static: more than %d files in '%s'",
		    STATIC_MAX_FILES, dir);
		return CONG_ETOOBIG;
	}
	buf_addf(&path, "%s/%s", dir, rel);
	if ((err = hash_file(path.ptr, hex)))
		goto out;
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
	f->path = buf_detach(&path, NULL);
out:
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

enum cong_err
http_static_load(const char *dir)
{
	http_static_free();
	if (sodium_init() < 0)
		return CONG_EIO;
	return scan(dir, "", 0);
}

void
http_static_free(void)
{
	size_t i;

	for (i = 0; i < nfiles; i++) {
		free(files[i].name);
		free(files[i].fp_name);
		free(files[i].url);
		free(files[i].path);
	}
	free(files);
	files = NULL;
	nfiles = 0;
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

const char *
http_static_find(const char *name, size_t len, bool *immutable)
{
	size_t i;

	for (i = 0; i < nfiles; i++) {
		if (mem_eq_str(name, len, files[i].fp_name)) {
			*immutable = true;
			return files[i].path;
		}
		if (mem_eq_str(name, len, files[i].name)) {
			*immutable = false;
			return files[i].path;
		}
	}
	return NULL;
}
