/*
 * page_poison=1: fill freed pages with a pattern and check it when they
 * are handed out again, to catch writes to freed memory
 * (Linux: mm/page_poison.c).
 */
#include "mm/internal.h"
#include "mm/mm.h"
#include "printk.h"
#include "panic.h"
#include "string.h"
#include "init.h"
#include "errno.h"

bool page_poisoning_enabled;

void __kernel_poison_pages(struct page *page, int n)
{
	for (int i = 0; i < n; i++)
		memset(page_address(page + i), PAGE_POISON, PAGE_SIZE);
}

void __kernel_unpoison_pages(struct page *page, int n)
{
	for (int i = 0; i < n; i++) {
		unsigned char *start = page_address(page + i);
		unsigned char *bad = memchr_inv(start, PAGE_POISON, PAGE_SIZE);

		if (!bad)
			continue;
		bad_page_count++;
		pr_err("pagealloc: memory corruption\n");
		pr_err("pfn %#lx: byte %#lx is %#x, expected poison %#x (write after free?)\n",
		       page_to_pfn(page + i), (unsigned long)(bad - start), *bad, PAGE_POISON);
		dump_stack();
	}
}

static int early_page_poison(char *p)
{
	if (!strcmp(p, "1") || !strcmp(p, "on"))
		page_poisoning_enabled = true;
	else if (!strcmp(p, "0") || !strcmp(p, "off"))
		page_poisoning_enabled = false;
	else
		return -EINVAL;
	return 0;
}
early_param("page_poison", early_page_poison);
