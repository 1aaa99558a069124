/* Replies of bytes rather than JSON objects: files to download, the workbooks the core writes to
 * a file (libzip's way), documents built into the binary. */
#include <stdio.h>
#include <unistd.h>

#include "api/api.h"
#include "core/embedded.h"
#include "doc/xlsx.h"

int api_download(struct http_resp *rs, const char *type, const char *buf, size_t len, const char *name)
{
	char disposition[512];
	snprintf(disposition, sizeof disposition, "attachment; filename=\"%.400s\"", name);
	int rc = http_text(rs, 200, type, buf, len);
	return rc ? rc : http_add_header(rs, "Content-Disposition", disposition);
}

int api_workbook_bytes(int (*write)(void *ctx, const char *path, struct zerr *e), void *ctx,
		       struct strbuf *out, struct zerr *e)
{
	char path[] = "/tmp/zeren-workbook-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		return zerr_set(e, ZE_IO, "cannot make a temporary file");
	close(fd);
	int rc = write(ctx, path, e);
	if (!rc)
		rc = read_file(path, XLSX_MAX, out, e);
	unlink(path);
	return rc;
}

int api_embedded_json(struct http_resp *rs, const char *name, int status, const char *code, const char *missing)
{
	const struct embedded_file *f = embedded_find(name);
	if (!f)
		return http_error(rs, status, code, NULL, "%s", missing);
	return http_text(rs, 200, "application/json; charset=utf-8", f->data, f->len);
}
