/* SPDX-License-Identifier: ISC */
/*
 * backup.c: `cong backup DIR` and `cong restore DIR [--force]`.
 *
 * A backup is a folder:
 *
 *   DIR/cong.db       the database, copied with SQLite's online backup
 *                     API in one read transaction: a consistent snapshot
 *                     even while a server writes (WAL readers never wait)
 *   DIR/media/...     every file of the media folder, hard-linked when
 *                     DIR is on the same file system (media files are
 *                     content-addressed and never rewritten), else copied
 *   DIR/MANIFEST      "cong-backup 1", then one line per file:
 *                     SHA256-HEX SP SIZE SP PATH (relative to DIR)
 *
 * The database is copied first, so every media row in the snapshot has
 * its file (a file is written before the row that names it). restore
 * checks every checksum before touching anything, then writes into an
 * empty data folder (or over one with --force; stop the server first).
 * PostgreSQL databases are backed up with pg_dump, not here.
 */
#include "base/common.h"
#include "base/buf.h"
#include "base/log.h"
#include "cmd/cmd.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#define MANIFEST_MAGIC "cong-backup 1\n"
#define TREE_DEPTH 8
#define COPY_CHUNK 65536

/* ------------------------------------------------------------------ */
/* Files                                                               */

/* The database file of a sqlite: URL; NULL for PostgreSQL. */
static const char *
db_file(const char *url)
{
	if (!strncmp(url, "postgresql:", 11) || !strncmp(url, "postgres:", 9))
		return NULL;
	return strncmp(url, "sqlite:", 7) ? url : url + 7;
}

static enum cong_err
sync_path(const char *path, bool dir)
{
	int fd = open(path, (dir ? O_RDONLY | O_DIRECTORY : O_RDONLY) |
	    O_CLOEXEC);
	enum cong_err err = CONG_OK;

	if (fd < 0 || fsync(fd) != 0) {
		log_error("cannot sync '%s': %s", path, strerror(errno));
		err = CONG_EIO;
	}
	if (fd >= 0)
		close(fd);
	return err;
}

/* SHA-256 and size of a file; hex is 65 bytes. */
static enum cong_err
file_sum(const char *path, char hex[65], off_t *size)
{
	crypto_hash_sha256_state st;
	unsigned char md[crypto_hash_sha256_BYTES], chunk[COPY_CHUNK];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		log_error("cannot open '%s': %s", path, strerror(errno));
		return CONG_EIO;
	}
	*size = 0;
	crypto_hash_sha256_init(&st);
	while ((n = read(fd, chunk, sizeof(chunk))) > 0) {
		crypto_hash_sha256_update(&st, chunk, (size_t)n);
		*size += n;
	}
	close(fd);
	if (n < 0) {
		log_error("cannot read '%s': %s", path, strerror(errno));
		return CONG_EIO;
	}
	crypto_hash_sha256_final(&st, md);
	sodium_bin2hex(hex, 65, md, sizeof(md));
	return CONG_OK;
}

static enum cong_err
copy_file(const char *from, const char *to)
{
	unsigned char chunk[COPY_CHUNK];
	enum cong_err err = CONG_OK;
	ssize_t n = 0;
	int in, out;

	if ((in = open(from, O_RDONLY | O_CLOEXEC)) < 0) {
		log_error("cannot open '%s': %s", from, strerror(errno));
		return CONG_EIO;
	}
	out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (out < 0) {
		log_error("cannot create '%s': %s", to, strerror(errno));
		close(in);
		return CONG_EIO;
	}
	while (!err && (n = read(in, chunk, sizeof(chunk))) > 0)
		if (write(out, chunk, (size_t)n) != n)
			err = CONG_EIO;
	if (n < 0 || err || fsync(out) != 0) {
		log_error("cannot copy '%s' to '%s': %s", from, to,
		    strerror(errno));
		err = CONG_EIO;
	}
	close(in);
	close(out);
	return err;
}

/* A hard link when both are on one file system, else a copy. */
static enum cong_err
link_or_copy(const char *from, const char *to, bool force)
{
	if (force)
		unlink(to);
	if (link(from, to) == 0)
		return CONG_OK;
	if (errno != EXDEV && errno != EPERM && errno != EMLINK) {
		log_error("cannot link '%s' to '%s': %s", from, to,
		    strerror(errno));
		return CONG_EIO;
	}
	return copy_file(from, to);
}

static enum cong_err
make_dir(const char *path)
{
	if (mkdir(path, 0755) == 0 || errno == EEXIST)
		return CONG_OK;
	log_error("cannot create '%s': %s", path, strerror(errno));
	return CONG_EIO;
}

static bool
dir_empty(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	bool empty = true;

	if (!d)
		return errno == ENOENT;
	while (empty && (e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			empty = false;
	closedir(d);
	return empty;
}

/* ------------------------------------------------------------------ */
/* Backup                                                              */

static enum cong_err
backup_db(const char *src_path, const char *dst_path)
{
	sqlite3 *src = NULL, *dst = NULL;
	sqlite3_backup *bk;
	enum cong_err err = CONG_EIO;
	int rc;

	if (sqlite3_open_v2(src_path, &src, SQLITE_OPEN_READONLY, NULL) ||
	    sqlite3_open_v2(dst_path, &dst, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE, NULL)) {
		log_error("cannot open '%s' or '%s'", src_path, dst_path);
		goto out;
	}
	sqlite3_busy_timeout(src, 10000);
	if (!(bk = sqlite3_backup_init(dst, "main", src, "main"))) {
		log_error("cannot back up '%s': %s", src_path,
		    sqlite3_errmsg(dst));
		goto out;
	}
	/* all pages in one step: one read transaction, one snapshot */
	while ((rc = sqlite3_backup_step(bk, -1)) == SQLITE_BUSY ||
	    rc == SQLITE_LOCKED)
		sqlite3_sleep(50);
	sqlite3_backup_finish(bk);
	if (rc != SQLITE_DONE) {
		log_error("cannot back up '%s': %s", src_path,
		    sqlite3_errstr(rc));
		goto out;
	}
	/* one self-contained file: no -wal beside it */
	if (sqlite3_exec(dst, "PRAGMA journal_mode = DELETE", NULL, NULL,
	    NULL) != SQLITE_OK) {
		log_error("cannot finish '%s': %s", dst_path,
		    sqlite3_errmsg(dst));
		goto out;
	}
	err = CONG_OK;
out:
	sqlite3_close(src);
	sqlite3_close(dst);
	return err;
}

struct tree {
	struct buf *manifest;
	const char *from_root, *to_root;
	size_t files;
};

/* Appends "HEX SIZE media/REL" for the copy to_root/REL. */
static enum cong_err
manifest_add(struct buf *m, const char *path, const char *name)
{
	char hex[65];
	off_t size;
	enum cong_err err;

	if (!(err = file_sum(path, hex, &size)))
		buf_addf(m, "%s %lld %s\n", hex, (long long)size, name);
	return err;
}

/* Copies the regular files under from_root/rel to to_root/rel. */
static enum cong_err
copy_tree(struct tree *t, const char *rel, int depth)
{
	struct buf from = BUF_INIT, to = BUF_INIT, sub = BUF_INIT,
	    name = BUF_INIT;
	enum cong_err err = CONG_OK;
	struct dirent *e;
	struct stat sb;
	DIR *d;

	buf_addf(&from, "%s%s%s", t->from_root, *rel ? "/" : "", rel);
	buf_addf(&to, "%s%s%s", t->to_root, *rel ? "/" : "", rel);
	if (depth > TREE_DEPTH || !(d = opendir(from.ptr))) {
		if (depth == 0 && errno == ENOENT)
			goto out;	/* no media yet */
		log_error("cannot read '%s'", from.ptr);
		err = CONG_EIO;
		goto out;
	}
	if ((err = make_dir(to.ptr)))
		goto close;
	while (!err && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;	/* ".", "..", temporary files */
		buf_reset(&sub);
		buf_addf(&sub, "%s%s%s", rel, *rel ? "/" : "", e->d_name);
		buf_reset(&from);
		buf_addf(&from, "%s/%s", t->from_root, sub.ptr);
		if (lstat(from.ptr, &sb) != 0)
			continue;	/* gone meanwhile */
		if (S_ISDIR(sb.st_mode)) {
			err = copy_tree(t, sub.ptr, depth + 1);
			continue;
		}
		if (!S_ISREG(sb.st_mode))
			continue;	/* links and the like are not media */
		buf_reset(&to);
		buf_addf(&to, "%s/%s", t->to_root, sub.ptr);
		buf_reset(&name);
		buf_addf(&name, "media/%s", sub.ptr);
		if (!(err = link_or_copy(from.ptr, to.ptr, false)))
			err = manifest_add(t->manifest, to.ptr, name.ptr);
		t->files++;
	}
close:
	closedir(d);
out:
	buf_release(&from);
	buf_release(&to);
	buf_release(&sub);
	buf_release(&name);
	return err;
}

static enum cong_err
write_manifest(const char *dir, const struct buf *m)
{
	struct buf path = BUF_INIT, tmp = BUF_INIT;
	enum cong_err err = CONG_EIO;
	FILE *f;

	buf_addf(&path, "%s/MANIFEST", dir);
	buf_addf(&tmp, "%s/MANIFEST.tmp", dir);
	if (!(f = fopen(tmp.ptr, "w")))
		goto out;
	if (fwrite(m->ptr, 1, m->len, f) != m->len || fflush(f) ||
	    fsync(fileno(f))) {
		fclose(f);
		goto out;
	}
	if (fclose(f) == 0 && rename(tmp.ptr, path.ptr) == 0)
		err = sync_path(dir, true);
out:
	if (err)
		log_error("cannot write '%s'", path.ptr);
	buf_release(&path);
	buf_release(&tmp);
	return err;
}

static int
do_backup(struct cong_config *cfg, const char *dir)
{
	struct buf m, dbcopy = BUF_INIT, media = BUF_INIT;
	struct tree t = { 0 };
	const char *src = db_file(cfg->db);
	int rc = 1;

	buf_init(&m, 64u << 20);
	if (!src) {
		fprintf(stderr, "cong backup: PostgreSQL databases are backed "
		    "up with pg_dump\n");
		goto out;
	}
	if (!dir_empty(dir)) {
		fprintf(stderr, "cong backup: '%s' is not empty\n", dir);
		goto out;
	}
	if (make_dir(dir))
		goto out;
	buf_addf(&dbcopy, "%s/cong.db", dir);
	buf_addf(&media, "%s/media", dir);
	buf_adds(&m, MANIFEST_MAGIC);
	if (backup_db(src, dbcopy.ptr) || sync_path(dbcopy.ptr, false) ||
	    manifest_add(&m, dbcopy.ptr, "cong.db"))
		goto out;
	t.manifest = &m;
	t.from_root = cfg->media_dir;
	t.to_root = media.ptr;
	if (copy_tree(&t, "", 0))
		goto out;
	if (m.overflow) {
		fprintf(stderr, "cong backup: too many media files\n");
		goto out;
	}
	if (write_manifest(dir, &m))
		goto out;
	printf("backup in '%s': database and %zu media files\n", dir,
	    t.files);
	rc = 0;
out:
	buf_release(&m);
	buf_release(&dbcopy);
	buf_release(&media);
	return rc;
}

int
cmd_backup(struct cong_config *cfg, int argc, char **argv)
{
	if (argc != 2 || argv[1][0] == '-') {
		fprintf(stderr, "usage: cong backup DIR\n");
		return 2;
	}
	if (sodium_init() < 0)
		return 1;
	return do_backup(cfg, argv[1]);
}

/* ------------------------------------------------------------------ */
/* Restore                                                             */

struct entry {
	char hex[65];
	long long size;
	char *path;		/* "cong.db" or "media/..." */
};

/* A manifest path may not climb out of the backup or be absolute. */
static bool
entry_path_ok(const char *p)
{
	const char *seg = p;

	if (!strcmp(p, "cong.db"))
		return true;
	if (strncmp(p, "media/", 6) || strlen(p) > 1024)
		return false;
	for (seg = p; *seg; ) {
		size_t n = strcspn(seg, "/");

		if (n == 0 || (n == 1 && seg[0] == '.') ||
		    (n == 2 && seg[0] == '.' && seg[1] == '.'))
			return false;
		seg += n;
		if (*seg == '/')
			seg++;
		else
			break;
	}
	return p[strlen(p) - 1] != '/' && !strchr(p, '\\');
}

static void
entries_free(struct entry *e, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(e[i].path);
	free(e);
}

/* Reads and checks DIR/MANIFEST and every file it names. */
static enum cong_err
read_manifest(const char *dir, struct entry **out, size_t *count)
{
	struct buf path = BUF_INIT;
	struct entry *e = NULL;
	size_t n = 0, cap = 0;
	char line[2048], hex[65], rel[1100];
	enum cong_err err = CONG_EPARSE;
	bool have_db = false;
	FILE *f;

	buf_addf(&path, "%s/MANIFEST", dir);
	if (!(f = fopen(path.ptr, "r")) || !fgets(line, sizeof(line), f) ||
	    strcmp(line, MANIFEST_MAGIC)) {
		fprintf(stderr, "cong restore: '%s' is not a cong backup\n",
		    path.ptr);
		goto out;
	}
	while (fgets(line, sizeof(line), f)) {
		long long size;
		off_t got;

		if (sscanf(line, "%64[0-9a-f] %lld %1099[^\n]", hex,
		    &size, rel) != 3 || strlen(hex) != 64 ||
		    !entry_path_ok(rel)) {
			fprintf(stderr, "cong restore: bad manifest line: %s",
			    line);
			goto out;
		}
		buf_reset(&path);
		buf_addf(&path, "%s/%s", dir, rel);
		{
			char sum[65];

			if (file_sum(path.ptr, sum, &got) || got != size ||
			    strcmp(sum, hex)) {
				fprintf(stderr, "cong restore: '%s' does not "
				    "match its checksum\n", path.ptr);
				goto out;
			}
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			e = xrealloc(e, cap * sizeof(*e));
		}
		memcpy(e[n].hex, hex, sizeof(hex));
		e[n].size = size;
		e[n].path = xstrdup(rel);
		have_db |= !strcmp(rel, "cong.db");
		n++;
	}
	if (!have_db) {
		fprintf(stderr, "cong restore: the backup has no database\n");
		goto out;
	}
	err = CONG_OK;
out:
	if (f)
		fclose(f);
	buf_release(&path);
	if (err) {
		entries_free(e, n);
		e = NULL;
		n = 0;
	}
	*out = e;
	*count = n;
	return err;
}

/* Creates the folders of a media file's path under root. */
static enum cong_err
make_parents(const char *root, const char *rel)
{
	struct buf p = BUF_INIT;
	enum cong_err err = CONG_OK;
	const char *s;

	for (s = strchr(rel, '/'); !err && s; s = strchr(s + 1, '/')) {
		buf_reset(&p);
		buf_addf(&p, "%s/%.*s", root, (int)(s - rel), rel);
		err = make_dir(p.ptr);
	}
	buf_release(&p);
	return err;
}

static enum cong_err
restore_db(const char *from, const char *db, bool force)
{
	struct buf tmp = BUF_INIT, side = BUF_INIT;
	enum cong_err err;
	static const char *const sides[] = { "-wal", "-shm", "-journal" };
	size_t i;

	buf_addf(&tmp, "%s.restore", db);
	if ((err = copy_file(from, tmp.ptr)))
		goto out;
	if (force)
		for (i = 0; i < ARRAY_SIZE(sides); i++) {
			buf_reset(&side);
			buf_addf(&side, "%s%s", db, sides[i]);
			unlink(side.ptr);
		}
	if (rename(tmp.ptr, db) != 0) {
		log_error("cannot put '%s' in place: %s", db, strerror(errno));
		err = CONG_EIO;
	}
out:
	buf_release(&tmp);
	buf_release(&side);
	return err;
}

static int
do_restore(struct cong_config *cfg, const char *dir, bool force)
{
	const char *db = db_file(cfg->db);
	struct buf from = BUF_INIT, to = BUF_INIT, side = BUF_INIT;
	struct entry *e = NULL;
	size_t n = 0, i, files = 0;
	struct stat sb;
	int rc = 1;

	if (!db) {
		fprintf(stderr, "cong restore: PostgreSQL databases are "
		    "restored with pg_restore\n");
		return 1;
	}
	buf_addf(&side, "%s-wal", db);
	if (!force && (stat(db, &sb) == 0 || stat(side.ptr, &sb) == 0 ||
	    !dir_empty(cfg->media_dir))) {
		fprintf(stderr, "cong restore: '%s' or '%s' is not empty "
		    "(--force overwrites; stop the server first)\n", db,
		    cfg->media_dir);
		goto out;
	}
	if (read_manifest(dir, &e, &n))
		goto out;
	if (make_dir(cfg->data_dir) || make_dir(cfg->media_dir))
		goto out;
	for (i = 0; i < n; i++) {
		if (!strcmp(e[i].path, "cong.db"))
			continue;
		buf_reset(&from);
		buf_addf(&from, "%s/%s", dir, e[i].path);
		buf_reset(&to);
		buf_addf(&to, "%s/%s", cfg->media_dir, e[i].path + 6);
		if (make_parents(cfg->media_dir, e[i].path + 6) ||
		    link_or_copy(from.ptr, to.ptr, force))
			goto out;
		files++;
	}
	buf_reset(&from);
	buf_addf(&from, "%s/cong.db", dir);
	if (restore_db(from.ptr, db, force))
		goto out;
	printf("restored '%s': database and %zu media files\n", dir, files);
	rc = 0;
out:
	entries_free(e, n);
	buf_release(&from);
	buf_release(&to);
	buf_release(&side);
	return rc;
}

int
cmd_restore(struct cong_config *cfg, int argc, char **argv)
{
	const char *dir = NULL;
	bool force = false;
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--force"))
			force = true;
		else if (!dir && argv[i][0] != '-')
			dir = argv[i];
		else
			goto usage;
	}
	if (!dir)
		goto usage;
	if (sodium_init() < 0)
		return 1;
	return do_restore(cfg, dir, force);
usage:
	fprintf(stderr, "usage: cong restore DIR [--force]\n");
	return 2;
}
