/* Lists of names: an enumeration's ids, looked up by name. */
#ifndef ZEREN_UTIL_STRLIST_H
#define ZEREN_UTIL_STRLIST_H

/* The index of s among the n names of t, or -1 when it is not one of them (or NULL). */
int strlist_index(const char *const *t, int n, const char *s);

#endif
