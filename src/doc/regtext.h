/* Reading a regulation as units have it — .txt (UTF-8, GB18030/GBK, UTF-16), .docx (Word/WPS)
 * or .pdf with a text layer — into UTF-8 text for the drafter (rules/draft.h). */
#ifndef ZEREN_DOC_REGTEXT_H
#define ZEREN_DOC_REGTEXT_H

#include <stddef.h>

#include "util/err.h"
#include "util/strbuf.h"

/* Larger files are refused before they are read: regulations are a few hundred kB. */
#define REGTEXT_MAX_FILE ((size_t)20 << 20)
/* What one .docx part may unpack to (a zip bomb stops here). */
#define REGTEXT_MAX_XML ((size_t)64 << 20)
/* The text a document may yield. */
#define REGTEXT_MAX_TEXT ((size_t)20 << 20)

/* Reads the file at path. The kind is told by its first bytes, the name only breaks ties
 * (a .docx that is not a zip is an error, not text). Errors name the file. */
int regtext_read(const char *path, struct strbuf *out, struct zerr *e);
/* The same over bytes already in memory (an upload); name is for messages and the extension. */
int regtext_from_bytes(const char *name, const char *data, size_t len, struct strbuf *out, struct zerr *e);

#endif
