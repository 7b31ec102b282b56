/* SPDX-License-Identifier: ISC */
/*
 * export.c: `cong export DIR [--site HOST] [--jobs N]`: the whole public
 * site as static files, for nginx or a CDN to serve as a read-only
 * mirror when the main site is under attack or down. Every page is
 * rendered by the same handlers and templates the server uses, by N
 * threads with a store connection each, and written with .gz and .br
 * beside it. It reads through its own connections, so it runs while the
 * server serves.
 *
 * Layout (file_for()): "/" → index.html; "/tin-tuc/x" →
 * tin-tuc/x/index.html, for its print view is tin-tuc/x/in.html;
 * "/chuyen-muc/x?trang=2" → chuyen-muc/x/trang-2.html; files with an
 * extension (rss.xml, sitemap.xml) keep their path. Static files are
 * written under both their plain and fingerprinted names; media files
 * are hard-linked (copied across file systems). docs/deploy.md has the
 * nginx configuration that serves the mirror.
 *
 * The mirror is built in a new folder beside DIR and put in DIR's place
 * with one rename (an exchange when DIR holds the last export), so a
 * web server reading DIR sees the old site or the new one, never a mix,
 * and pages that were unpublished since are gone. A failed export leaves
 * DIR as it was. A folder that holds anything but an earlier export is
 * never replaced: the marker file .cong-export says which is which.
 * Being new, the tree takes plain writes: one mkdirat per folder and one
 * openat per file, relative to the tree's descriptor.
 */
#include "base/common.h"
#include "base/buf.h"
#include "base/log.h"
#include "cmd/cmd.h"
#include "content/site.h"
#include "http/blob.h"
#include "http/route.h"
#include "http/static.h"
#include "render/tmpl.h"
#include "store/store.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define EXPORT_PER_PAGE 20	/* category pages: site/category.c's size */
#define EXPORT_MARKER ".cong-export"

struct exporter {
	struct store *st;
	int root;		/* the new tree */
	const char *host;
	int64_t now;
	char **urls;		/* sorted: a page's print view follows it */
	bool *folder;		/* urls[i] gets a folder (file_for()) */
	size_t nurls;
	atomic_size_t next;
	atomic_size_t written, failed, bytes;
	const struct http_route *routes;
	size_t nroutes;
};

static void
url_add(struct exporter *ex, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
url_add(struct exporter *ex, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	if (ex->nurls % 1024 == 0)
		ex->urls = xrealloc(ex->urls, (ex->nurls + 1024) *
		    sizeof(*ex->urls));
	ex->urls[ex->nurls++] = buf_detach(&b, NULL);
}

static enum cong_err
on_slug(void *ud, const struct store_row *r)
{
	struct exporter *ex = ud;
	const char *slug = store_row_text(r, 0, NULL);

	url_add(ex, "/tin-tuc/%s", slug);
	url_add(ex, "/tin-tuc/%s/in", slug);
	return CONG_OK;
}

static bool
route_exists(struct exporter *ex, const char *path)
{
	const struct http_route *r;
	const char *args[HTTP_ROUTE_ARGS];
	size_t args_len[HTTP_ROUTE_ARGS];
	unsigned allow;

	return http_route_match(ex->routes, ex->nroutes, HTTP_GET, path,
	    strlen(path), &r, args, args_len, &allow) == CONG_OK;
}

/* Every public URL of the site, in the order they are written. */
static enum cong_err
collect_urls(struct exporter *ex, struct store_conn *db, int64_t site_id)
{
	static const char *const site_wide[] = { "/rss.xml", "/atom.xml",
		"/sitemap.xml", "/robots.txt", "/rss" };
	json_t *cats = NULL, *cat;
	enum cong_err err;
	size_t i;

	url_add(ex, "/");
	for (i = 0; i < ARRAY_SIZE(site_wide); i++)
		if (route_exists(ex, site_wide[i]))
			url_add(ex, "%s", site_wide[i]);
	if ((err = category_list(db, site_id, &cats)))
		return err;
	json_array_foreach(cats, i, cat) {
		const char *slug = json_string_value(json_object_get(cat,
		    "slug"));
		struct store_val v[3] = { SV_INT(site_id), SV_INT(ex->now),
			SV_INT(json_integer_value(json_object_get(cat,
			"id"))) };
		int64_t n = 0, page;
		struct buf feed = BUF_INIT;

		if ((err = store_query_int(db, ST_ARTICLE_COUNT_IN_CATEGORY, v,
		    3, &n)))
			break;
		url_add(ex, "/chuyen-muc/%s", slug);
		for (page = 2; (page - 1) * EXPORT_PER_PAGE < n; page++)
			url_add(ex, "/chuyen-muc/%s?trang=%lld", slug,
			    (long long)page);
		buf_addf(&feed, "/chuyen-muc/%s/rss.xml", slug);
		if (route_exists(ex, feed.ptr)) {
			url_add(ex, "/chuyen-muc/%s/rss.xml", slug);
			url_add(ex, "/chuyen-muc/%s/atom.xml", slug);
		}
		buf_release(&feed);
	}
	json_decref(cats);
	if (!err) {
		struct store_val v[2] = { SV_INT(site_id), SV_INT(ex->now) };

		err = store_query(db, ST_ARTICLE_PUBLIC_SLUGS, v, 2, on_slug, ex);
	}
	return err;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Does a URL in the sorted list begin with prefix? */
static bool
has_prefix(char **urls, size_t n, const char *prefix)
{
	size_t lo = 0, hi = n, len = strlen(prefix);

	while (lo < hi) {	/* the first URL not below prefix */
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(urls[mid], prefix) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && strncmp(urls[lo], prefix, len) == 0;
}

/*
 * Sorts the URLs and marks those that need a folder of their own: "/"
 * and every page with another below it ("/tin-tuc/x" has ".../in").
 */
static void
mark_folders(struct exporter *ex)
{
	struct buf p = BUF_INIT;
	size_t i;

	qsort(ex->urls, ex->nurls, sizeof(*ex->urls), cmp_str);
	ex->folder = xcalloc(ex->nurls ? ex->nurls : 1, sizeof(*ex->folder));
	for (i = 0; i < ex->nurls; i++) {
		const char *u = ex->urls[i];

		buf_reset(&p);
		buf_addf(&p, "%s/", u);
		ex->folder[i] = strcmp(u, "/") == 0 ||
		    has_prefix(ex->urls, ex->nurls, p.ptr);
		p.ptr[p.len - 1] = '?';
		ex->folder[i] = ex->folder[i] ||
		    has_prefix(ex->urls, ex->nurls, p.ptr);
	}
	buf_release(&p);
}

/*
 * The file of a URL, under the tree: "/" → "index.html"; a page with
 * pages below it → "tin-tuc/x/index.html"; any other page → a file of
 * its own ("tin-tuc/x/in.html", "chuyen-muc/x/trang-2.html" for
 * "?trang=2"); a name with an extension keeps it ("rss.xml"). One folder
 * for each page that needs one: folders cost more to make than files.
 */
static void
file_for(const char *url, bool folder, struct buf *out)
{
	const char *q = strchr(url, '?');
	const char *last = strrchr(url, '/');
	size_t plen = q ? (size_t)(q - url) : strlen(url);

	buf_add(out, url + 1, plen - 1);
	if (q)
		buf_addf(out, "/trang-%s.html", strchr(q, '=') + 1);
	else if (plen == 1)
		buf_adds(out, "index.html");
	else if (folder)
		buf_adds(out, "/index.html");
	else if (!strchr(last, '.'))
		buf_adds(out, ".html");
}

/*
 * Makes the folder that will hold path (relative to the tree): the leaf
 * first, which is all a page needs when its parent exists; its parents
 * only when the leaf reports one missing. Another thread may make the
 * same folder at the same moment: EEXIST is success.
 */
static enum cong_err
mkdirs_at(int root, const char *path)
{
	char *d = xstrdup(path), *slash = strrchr(d, '/'), *p;
	int rc = 0;

	if (slash) {
		*slash = '\0';
		rc = mkdirat(root, d, 0755);
		if (rc != 0 && errno == ENOENT) {
			for (p = strchr(d, '/'); p; p = strchr(p + 1, '/')) {
				*p = '\0';
				rc = mkdirat(root, d, 0755);
				*p = '/';
				if (rc != 0 && errno != EEXIST)
					break;
			}
			rc = mkdirat(root, d, 0755);
		}
		if (rc != 0 && errno == EEXIST)
			rc = 0;
		if (rc != 0)
			log_error("cannot create '%s': %s", d,
			    strerror(errno));
	}
	free(d);
	return rc ? CONG_EIO : CONG_OK;
}

/* A new file in the new tree: no one reads it before the swap. */
static enum cong_err
write_file(int root, const char *path, const char *data, size_t len)
{
	size_t off = 0;
	int fd = openat(root, path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0644);

	if (fd < 0) {
		log_error("cannot create '%s': %s", path, strerror(errno));
		return CONG_EIO;
	}
	while (off < len) {
		ssize_t w = write(fd, data + off, len - off);

		if (w <= 0)
			break;
		off += (size_t)w;
	}
	if (close(fd) != 0 || off < len) {
		log_error("cannot write '%s': %s", path, strerror(errno));
		return CONG_EIO;
	}
	return CONG_OK;
}

static const char *const enc_ext[HTTP_ENC__MAX] = { "", ".gz", ".br" };

/* Writes a static file's identity bytes and its .gz/.br variants. */
static enum cong_err
write_variants(struct exporter *ex, const char *path,
    const struct http_blob *b)
{
	struct buf p = BUF_INIT;
	enum cong_err err = CONG_OK;
	int e;

	for (e = 0; e < HTTP_ENC__MAX && !err; e++) {
		if (!b->v[e].data)
			continue;
		buf_reset(&p);
		buf_addf(&p, "%s%s", path, enc_ext[e]);
		err = write_file(ex->root, p.ptr, b->v[e].data, b->v[e].len);
		atomic_fetch_add(&ex->bytes, b->v[e].len);
	}
	buf_release(&p);
	return err;
}

/*
 * Writes a page and its .gz/.br, compressed at the fast levels: no blob,
 * for no ETag is sent from a file.
 */
static enum cong_err
write_page(struct exporter *ex, const char *path, const char *body,
    size_t len)
{
	struct buf p = BUF_INIT;
	enum cong_err err;
	enum http_enc e;

	err = write_file(ex->root, path, body, len);
	atomic_fetch_add(&ex->bytes, len);
	for (e = HTTP_ENC_GZIP; e < HTTP_ENC__MAX && !err; e++) {
		size_t n;
		char *z = http_compress(e, body, len, HTTP_BLOB_COMPRESS |
		    HTTP_BLOB_FAST, &n);

		if (!z)
			continue;
		buf_reset(&p);
		buf_addf(&p, "%s%s", path, enc_ext[e]);
		err = write_file(ex->root, p.ptr, z, n);
		atomic_fetch_add(&ex->bytes, n);
		free(z);
	}
	buf_release(&p);
	return err;
}

static enum cong_err
render_one(struct exporter *ex, struct store_conn *db, size_t i)
{
	const char *url = ex->urls[i];
	const char *q = strchr(url, '?');
	size_t plen = q ? (size_t)(q - url) : strlen(url);
	const struct http_route *route;
	struct http_req req;
	struct http_resp resp;
	struct buf path = BUF_INIT;
	unsigned allow;
	enum cong_err err;
	char *copy = xstrdup(url);

	memset(&req, 0, sizeof(req));
	http_resp_init(&resp);
	copy[plen] = '\0';
	req.method = HTTP_GET;
	req.path = copy;
	req.path_len = plen;
	req.query = q ? copy + plen + 1 : copy + plen;
	req.query_len = q ? strlen(q + 1) : 0;
	if (q)
		memcpy(req.query, q + 1, req.query_len + 1);
	req.host = (char *)ex->host;
	req.host_len = strlen(ex->host);
	req.now = ex->now;
	req.db = db;
	snprintf(req.remote, sizeof(req.remote), "export");
	if ((err = http_route_match(ex->routes, ex->nroutes, HTTP_GET, copy,
	    plen, &route, req.args, req.args_len, &allow)))
		goto out;
	if ((err = http_params_parse(&req.params, req.query, req.query_len)))
		goto out;
	req.route_ud = route->ud;
	if ((err = route->fn(&req, &resp)))
		goto out;
	if (resp.status != 200) {
		err = CONG_ENOTFOUND;
		goto out;
	}
	file_for(url, ex->folder[i], &path);
	if (!(err = mkdirs_at(ex->root, path.ptr)))
		err = write_page(ex, path.ptr, resp.body.ptr, resp.body.len);
out:
	if (err)
		log_error("export: '%s': %s", url, cong_strerror(err));
	http_params_release(&req.params);
	http_resp_release(&resp);
	buf_release(&path);
	free(copy);
	return err;
}

static void *
worker(void *arg)
{
	struct exporter *ex = arg;
	struct store_conn *db = NULL;
	size_t i;

	if (store_conn_new(ex->st, &db)) {
		atomic_fetch_add(&ex->failed, 1);
		return NULL;
	}
	while ((i = atomic_fetch_add(&ex->next, 1)) < ex->nurls) {
		if (render_one(ex, db, i))
			atomic_fetch_add(&ex->failed, 1);
		else
			atomic_fetch_add(&ex->written, 1);
	}
	store_conn_free(db);
	return NULL;
}

/* Hard-links (or copies) every file of the folder src into media/. */
static enum cong_err
link_media(int root, const char *src, size_t *count)
{
	struct buf a = BUF_INIT, b = BUF_INIT;
	enum cong_err err = CONG_OK;
	struct dirent *de;
	DIR *d = opendir(src);

	if (!d)
		return CONG_OK; /* no media yet */
	if (mkdirat(root, "media", 0755) != 0) {
		closedir(d);
		return CONG_EIO;
	}
	while (!err && (de = readdir(d))) {
		struct stat sb;

		if (de->d_name[0] == '.' || strstr(de->d_name, ".tmp"))
			continue;
		buf_reset(&a);
		buf_reset(&b);
		buf_addf(&a, "%s/%s", src, de->d_name);
		buf_addf(&b, "media/%s", de->d_name);
		if (stat(a.ptr, &sb) != 0 || !S_ISREG(sb.st_mode))
			continue;
		if (linkat(AT_FDCWD, a.ptr, root, b.ptr, 0) != 0) {
			/* another file system: copy */
			struct buf data;
			FILE *f = fopen(a.ptr, "rb");
			char chunk[65536];
			size_t r;

			buf_init(&data, LIMIT_UPLOAD_BODY);
			while (f && (r = fread(chunk, 1, sizeof(chunk), f)) > 0)
				buf_add(&data, chunk, r);
			if (f)
				fclose(f);
			err = f && buf_ok(&data) ? write_file(root, b.ptr,
			    data.ptr, data.len) : CONG_EIO;
			buf_release(&data);
		}
		(*count)++;
	}
	closedir(d);
	buf_release(&a);
	buf_release(&b);
	return err;
}

static enum cong_err
write_static(void *ud, const char *name, const char *fp_name,
    const struct http_blob *blob)
{
	struct exporter *ex = ud;
	struct buf p = BUF_INIT;
	enum cong_err err;
	int i;

	for (i = 0, err = CONG_OK; i < 2 && !err; i++) {
		buf_reset(&p);
		buf_addf(&p, "static/%s", i ? fp_name : name);
		if (!(err = mkdirs_at(ex->root, p.ptr)))
			err = write_variants(ex, p.ptr, blob);
	}
	buf_release(&p);
	return err;
}

static int
rm_entry(const char *path, const struct stat *sb, int type, struct FTW *f)
{
	(void)sb;
	(void)f;
	return (type == FTW_DP ? rmdir(path) : unlink(path)) != 0 &&
	    errno != ENOENT ? -1 : 0;
}

/* Removes a tree this command made; symbolic links are not followed. */
static void
remove_tree(const char *path)
{
	if (nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS) != 0 &&
	    errno != ENOENT)
		log_error("cannot remove '%s': %s", path, strerror(errno));
}

/*
 * May the export take dir's place? Yes when it does not exist, is an
 * empty folder, or holds the marker of an earlier export.
 */
static bool
replaceable(const char *dir, bool *exists)
{
	struct buf m = BUF_INIT;
	struct stat sb;
	struct dirent *de;
	bool ok = true;
	DIR *d;

	*exists = lstat(dir, &sb) == 0;
	if (!*exists)
		return true;
	if (!S_ISDIR(sb.st_mode))
		return false;
	buf_addf(&m, "%s/" EXPORT_MARKER, dir);
	if (stat(m.ptr, &sb) == 0) {
		buf_release(&m);
		return true;
	}
	buf_release(&m);
	if (!(d = opendir(dir)))
		return false;
	while (ok && (de = readdir(d)))
		ok = !strcmp(de->d_name, ".") || !strcmp(de->d_name, "..");
	closedir(d);
	return ok;
}

/* "/srv/mirror" → "/srv/.mirror.new-PID", a folder beside it. */
static void
new_name(const char *dir, struct buf *out)
{
	size_t n = strlen(dir);
	const char *base;

	while (n > 1 && dir[n - 1] == '/')
		n--;
	base = memrchr(dir, '/', n);
	base = base ? base + 1 : dir;
	buf_add(out, dir, (size_t)(base - dir));
	buf_adds(out, ".");
	buf_add(out, base, n - (size_t)(base - dir));
	buf_addf(out, ".new-%ld", (long)getpid());
}

/* Puts the finished tree in dir's place: one rename, or one exchange. */
static enum cong_err
swap_in(const char *fresh, const char *dir, bool exists)
{
	if (!exists)
		return rename(fresh, dir) == 0 ? CONG_OK : CONG_EIO;
	if (renameat2(AT_FDCWD, fresh, AT_FDCWD, dir, RENAME_EXCHANGE) != 0)
		return CONG_EIO;
	remove_tree(fresh);	/* the old export, now under the new name */
	return CONG_OK;
}

static int
usage(void)
{
	fprintf(stderr, "usage: cong export DIR [--site HOST] [--jobs N]\n");
	return 2;
}

int
cmd_export(struct cong_config *cfg, int argc, char **argv)
{
	struct exporter ex;
	struct tmpl_set *tmpls = NULL;
	struct store_conn *db = NULL;
	struct buf fresh = BUF_INIT, marker = BUF_INIT;
	struct timespec t0, t1;
	json_t *site = NULL;
	const char *host = NULL, *dir = NULL;
	pthread_t *tids = NULL;
	size_t nmedia = 0, i;
	long jobs = sysconf(_SC_NPROCESSORS_ONLN);
	bool exists;
	int a, rc = 1;

	memset(&ex, 0, sizeof(ex));
	ex.root = -1;
	for (a = 1; a < argc; a++) {
		if (!strcmp(argv[a], "--site") && a + 1 < argc)
			host = argv[++a];
		else if (!strcmp(argv[a], "--jobs") && a + 1 < argc) {
			char *end;

			jobs = strtol(argv[++a], &end, 10);
			if (end == argv[a] || *end)
				return usage();	/* "2x", "" */
		}
		else if (argv[a][0] == '-' || dir)
			return usage();
		else
			dir = argv[a];
	}
	if (!dir || !*dir || jobs < 1 || jobs > 64)
		return usage();
	if (!replaceable(dir, &exists)) {
		fprintf(stderr, "cong export: '%s' is not empty and holds no "
		    "earlier export (no %s in it); give a new or empty "
		    "folder\n", dir, EXPORT_MARKER);
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (cmd_pages_setup(cfg, &tmpls))
		return 1;
	if (cmd_open_store(cfg, false, &ex.st) ||
	    store_conn_new(ex.st, &db))
		goto out;
	if (site_resolve(db, host ? host : "", host ? strlen(host) : 0,
	    &site)) {
		fprintf(stderr, "cong export: no such site\n");
		goto out;
	}
	ex.host = json_string_value(json_object_get(site, "host"));
	ex.now = (int64_t)time(NULL);
	ex.routes = cmd_routes(&ex.nroutes);
	new_name(dir, &fresh);
	if (mkdir(fresh.ptr, 0755) != 0) {
		fprintf(stderr, "cong export: cannot create '%s': %s\n",
		    fresh.ptr, strerror(errno));
		buf_reset(&fresh);	/* nothing of ours to remove */
		goto out;
	}
	if ((ex.root = open(fresh.ptr, O_DIRECTORY | O_RDONLY |
	    O_CLOEXEC)) < 0)
		goto out;
	buf_addf(&marker, "cong export of %s at %lld\n", ex.host,
	    (long long)ex.now);
	if (write_file(ex.root, EXPORT_MARKER, marker.ptr, marker.len) ||
	    collect_urls(&ex, db, json_integer_value(json_object_get(site,
	    "id"))))
		goto out;
	mark_folders(&ex);
	tids = xcalloc((size_t)jobs, sizeof(*tids));
	for (i = 0; i < (size_t)jobs; i++)
		pthread_create(&tids[i], NULL, worker, &ex);
	for (i = 0; i < (size_t)jobs; i++)
		pthread_join(tids[i], NULL);
	if (atomic_load(&ex.failed) || http_static_each(write_static, &ex) ||
	    link_media(ex.root, cfg->media_dir, &nmedia))
		goto out;
	if (swap_in(fresh.ptr, dir, exists)) {
		fprintf(stderr, "cong export: cannot put the export in "
		    "'%s'\'s place: %s\n", dir, strerror(errno));
		goto out;
	}
	buf_reset(&fresh);	/* it is dir now */
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("exported %zu pages (%zu failed), %zu media files, %.1f MB "
	    "to %s in %.2f s\n", atomic_load(&ex.written),
	    atomic_load(&ex.failed), nmedia,
	    (double)atomic_load(&ex.bytes) / 1e6, dir,
	    (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	rc = 0;
out:
	if (rc && atomic_load(&ex.failed))
		fprintf(stderr, "cong export: %zu of %zu pages failed; '%s' "
		    "is left as it was\n", atomic_load(&ex.failed),
		    ex.nurls, dir);
	if (ex.root >= 0)
		close(ex.root);
	if (fresh.len)
		remove_tree(fresh.ptr);
	for (i = 0; i < ex.nurls; i++)
		free(ex.urls[i]);
	free(ex.urls);
	free(ex.folder);
	free(tids);
	buf_release(&fresh);
	buf_release(&marker);
	json_decref(site);
	store_conn_free(db);
	site_cache_clear();
	store_free(ex.st);
	tmpl_set_free(tmpls);
	return rc;
}
