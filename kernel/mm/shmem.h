/*
 * Shared anonymous memory (Linux: include/linux/shmem_fs.h).
 */
#ifndef _MM_SHMEM_H
#define _MM_SHMEM_H

#include "mm/user.h"

struct file;

/* Give a MAP_SHARED|MAP_ANONYMOUS vma its backing file: 0 or -errno. */
int shmem_zero_setup(struct vm_area_struct *vma);
struct file *shmem_file_setup(const char *name, long long size);
bool vma_is_shmem(const struct vm_area_struct *vma);

#endif
