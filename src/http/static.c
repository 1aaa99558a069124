/* The built web UI: files under the web root, with a history fallback to index.html. */
#include <limits.h>
#include <stdio.h>
#include <string.h>
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

/* A file of the web root for path, or index.html (the UI routes in the browser). */
int static_file(const struct http_server *srv, const char *path, struct http_resp *rs)
{
	char full[PATH_MAX];
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
	int rc = http_send_file(rs, full, mime_type(full), NULL);
	/* Vite names built assets by content hash, so they may be cached for good. */
	if (!rc)
		rc = http_add_header(rs, "Cache-Control",
				     strncmp(path, "/assets/", 8) == 0 ? "public, max-age=31536000, immutable" : "no-cache");
	return rc;
}
