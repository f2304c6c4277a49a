/* Freestanding string and memory functions (Linux: lib/string.c). */
#ifndef _KERNEL_STRING_H
#define _KERNEL_STRING_H

#include "types.h"

void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr_inv(const void *p, int c, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
size_t strlcpy(char *dst, const char *src, size_t size);
bool glob_match(const char *pat, const char *str);
unsigned long simple_strtoul(const char *s, char **end, unsigned base);
int kstrtoul(const char *s, unsigned base, unsigned long *res);
unsigned long long memparse(const char *s, char **end);

#endif
