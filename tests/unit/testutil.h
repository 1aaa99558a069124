/* Common includes for the cmocka unit tests. */
#ifndef ZEREN_TESTUTIL_H
#define ZEREN_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The source tree (for data files); set by `make check-unit`. */
static inline const char *test_srcdir(void)
{
	const char *d = getenv("ZEREN_SRCDIR");
	return d ? d : ".";
}

#endif
