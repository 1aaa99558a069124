/* Lists of names: an enumeration's ids, looked up by name; tables looked up by their rows' names; copies. */
#ifndef ZEREN_UTIL_STRLIST_H
#define ZEREN_UTIL_STRLIST_H

#include <stdbool.h>
#include <stddef.h>

/* The index of s among the n names of t, or -1 when it is not one of them (or NULL). */
int strlist_index(const char *const *t, int n, const char *s);

/* The row of table t (n rows of size bytes, each beginning with its name, a const char *) named s,
 * or NULL when none is (or s is NULL). */
const void *strlist_row(const void *t, size_t n, size_t size, const char *s);

/* Frees the n strings of v (a malloc'ed array of malloc'ed strings, or NULL) and v itself. */
void strlist_free(char **v, size_t n);

/* A malloc'ed copy of s, NULL for NULL; when the copy fails, NULL and *failed set. */
char *dup_or_null(const char *s, bool *failed);

#endif
