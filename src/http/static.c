/* The built web UI: files under the web root, with a history fallback to index.html. */
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "http/internal.h"

/* ---- static files --------------------------------------------------------------------------- */

static const char *mime_type(const char *path)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
		{".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
		{".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
		{".json", "application/json"}, {".svg", "image/svg+xml"}, {".png", "image/png"},
		{".jpg", "image/jpeg"}, {".ico", "image/x-icon"}, {".woff2", "font/woff2"},
		{".woff", "font/woff"}, {".ttf", "font/ttf"}, {".txt", "text/plain; charset=utf-8"},
		{".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
	};
	const char *dot = strrchr(path, '.');
	for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
		if (strcmp(dot, types[i].ext) == 0)
			return types[i].type;
	return "application/octet-stream";
}

/* Does the Accept-Encoding header take this coding ("br", "gzip")? A listed coding with q=0 is
 * refused; "*" takes any coding not listed. Tokens are compared case-insensitively. */
static bool accepts(const char *header, const char *coding)
{
	bool star = false;
	size_t n = strlen(coding);
	for (const char *p = header; p && *p;) {
		while (*p == ' ' || *p == ',')
			p++;
		const char *end = p + strcspn(p, ",");
		size_t len = strcspn(p, ";, ");
		/* q=0 (or 0.0, 0.00 …) refuses the coding */
		const char *q = memchr(p, ';', (size_t)(end - p));
		bool zero = false;
		if (q) {
			const char *v = strstr(q, "q=");
			if (v && v < end) {
				v += 2;
				zero = *v == '0';
				for (v++; zero && v < end && *v != ' '; v++)
					zero = *v == '.' || *v == '0';
			}
		}
		if (len == n && strncasecmp(p, coding, n) == 0)
			return !zero;
		if (len == 1 && *p == '*')
			star = !zero;
		p = end;
	}
	return star;
}

/* A file of the web root for path, or index.html (the UI routes in the browser). When the build
 * left a precompressed sibling (app.js.br, app.js.gz: scripts/web.sh) and the client takes that
 * coding, the sibling is sent with Content-Encoding; either way the reply varies by
 * Accept-Encoding, for caches. */
int static_file(const struct http_server *srv, const struct http_req *rq, const char *path, struct http_resp *rs)
{
	char full[PATH_MAX], packed[PATH_MAX];
	struct stat st;
	if (!srv->web_root)
		return http_error(rs, 404, "not_found", NULL, "no web UI is installed (build it with `make web`)");
	/* ".." never appears in a path the UI asks for; refusing it keeps requests in the root. */
	if (strstr(path, "..") || strlen(path) >= MAX_PATH_BYTES)
		return http_error(rs, 404, "not_found", NULL, "no such file");
	int n = snprintf(full, sizeof full, "%s%s", srv->web_root, path);
	if (n < 0 || (size_t)n >= sizeof full || stat(full, &st) != 0 || !S_ISREG(st.st_mode)) {
		n = snprintf(full, sizeof full, "%s/index.html", srv->web_root);
		if (n < 0 || (size_t)n >= sizeof full || stat(full, &st) != 0)
			return http_error(rs, 404, "not_found", NULL, "no such file");
	}
	static const struct {
		const char *coding, *ext;
	} codings[] = {{"br", ".br"}, {"gzip", ".gz"}};
	const char *ae = rq ? http_header(rq, "Accept-Encoding") : NULL, *coding = NULL;
	for (size_t i = 0; ae && !coding && i < sizeof codings / sizeof codings[0]; i++) {
		n = snprintf(packed, sizeof packed, "%s%s", full, codings[i].ext);
		if (n > 0 && (size_t)n < sizeof packed && accepts(ae, codings[i].coding) && stat(packed, &st) == 0 &&
		    S_ISREG(st.st_mode))
			coding = codings[i].coding;
	}
	int rc = http_send_file(rs, coding ? packed : full, mime_type(full), NULL);
	if (!rc && coding)
		rc = http_add_header(rs, "Content-Encoding", coding);
	if (!rc)
		rc = http_add_header(rs, "Vary", "Accept-Encoding");
	/* Vite names built assets by content hash, so they may be cached for good. */
	if (!rc)
		rc = http_add_header(rs, "Cache-Control",
				     strncmp(path, "/assets/", 8) == 0 ? "public, max-age=31536000, immutable" : "no-cache");
	return rc;
}
