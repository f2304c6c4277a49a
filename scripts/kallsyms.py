#!/usr/bin/env python3
"""Turn `nm -n kernel` output into an assembly table of text symbols.

Mirrors the idea of Linux's scripts/kallsyms.c (much simplified: names are
stored plainly, not compressed). The kernel's backtrace code looks an
address up in this table to print `function+0xoff/0xsize`.
"""
import sys


def main():
    syms = []
    if "--empty" not in sys.argv:
        for line in sys.stdin:
            parts = line.split()
            if len(parts) != 3 or parts[1] not in "tTwW":
                continue
            if parts[2].startswith(".L") or parts[2].startswith("$"):
                continue
            syms.append((int(parts[0], 16), parts[2]))
    out = ['\t.section .rodata.kallsyms, "a"', "\t.balign 8",
           "\t.globl kallsyms_num", "kallsyms_num:", f"\t.dword {len(syms)}",
           "\t.globl kallsyms_addresses", "kallsyms_addresses:"]
    out += [f"\t.dword 0x{a:x}" for a, _ in syms]
    out += ["\t.globl kallsyms_names", "kallsyms_names:"]
    out += [f"\t.dword .Lname{i}" for i in range(len(syms))]
    for i, (_, name) in enumerate(syms):
        out.append(f'.Lname{i}:\t.asciz "{name}"')
    print("\n".join(out))


if __name__ == "__main__":
    main()
