/* The ELF-64 executable format, as exec reads it (Linux: include/uapi/linux/elf.h). */
#ifndef _KERNEL_ELF_H
#define _KERNEL_ELF_H

#include "types.h"

#define ELFMAG0 0x7f
#define ELFCLASS64 2
#define ELFDATA2LSB 1
#define ET_EXEC 2
#define EM_RISCV 243
#define PT_LOAD 1
#define PF_X 0x1
#define PF_W 0x2
#define PF_R 0x4

struct elf64_hdr {
	unsigned char e_ident[16];	/* 0x7f 'E' 'L' 'F', class, data, version ... */
	u16 e_type;
	u16 e_machine;
	u32 e_version;
	u64 e_entry;
	u64 e_phoff;
	u64 e_shoff;
	u32 e_flags;
	u16 e_ehsize;
	u16 e_phentsize;
	u16 e_phnum;
	u16 e_shentsize;
	u16 e_shnum;
	u16 e_shstrndx;
};

struct elf64_phdr {
	u32 p_type;
	u32 p_flags;
	u64 p_offset;
	u64 p_vaddr;
	u64 p_paddr;
	u64 p_filesz;
	u64 p_memsz;
	u64 p_align;
};

/* Auxiliary vector entries exec puts after envp (Linux: include/uapi/linux/auxvec.h). */
#define AT_NULL   0
#define AT_PAGESZ 6
#define AT_ENTRY  9

#endif
