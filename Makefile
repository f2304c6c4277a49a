# Pagoda top-level Makefile.
#
#   make qemu [CPUS=4] [MEM=512M] [NUMA=1] [APPEND="..."] [SWAPSIZE=1024]
#                                                          build and boot
#   make test                                              every test
#   make bench | make grade | make ktest | make qemu-gdb
#
# The cross prefix is found automatically; `make deps` installs the
# toolchain from Debian packages when something is missing.

CPUS   ?= 4
MEM    ?= 512M
NUMA   ?= 1
# The swap disk, build/swap.img, in MiB: vdb, twice the default RAM; 0 for none.
SWAPSIZE ?= 1024
# The default command line carves ZONE_MOVABLE out of RAM, so every boot
# shows at least two populated zones (DMA32 and MOVABLE).
APPEND ?= movablecore=64M

BUILD  := build
PYTHON ?= python3

# ---- toolchain -----------------------------------------------------------
ifndef CROSS_COMPILE
CROSS_COMPILE := $(shell for p in riscv64-unknown-elf- riscv64-linux-gnu-; do \
	if command -v $${p}gcc >/dev/null 2>&1; then echo $$p; break; fi; done)
endif
CC      := $(CROSS_COMPILE)gcc
LD      := $(CROSS_COMPILE)ld
OBJCOPY := $(CROSS_COMPILE)objcopy
OBJDUMP := $(CROSS_COMPILE)objdump
NM      := $(CROSS_COMPILE)nm

DEB_PACKAGES := gcc-riscv64-unknown-elf binutils-riscv64-unknown-elf \
	qemu-system-misc opensbi gdb-multiarch python3 device-tree-compiler
FIRMWARE := /usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin

# True when every tool the build and the tests need is present.
HAVE_TOOLS := $(shell [ -n "$(CROSS_COMPILE)" ] && \
	command -v qemu-system-riscv64 >/dev/null && \
	command -v $(PYTHON) >/dev/null && [ -f $(FIRMWARE) ] && echo yes)
ifeq ($(HAVE_TOOLS),yes)
DEPS :=
else
DEPS := deps
endif

# ---- flags ---------------------------------------------------------------
# medany: every global is reached PC-relative, so the same code runs before
# the MMU is on (at the load address) and after (at the link address).
# No jump tables: they hold absolute addresses, wrong before the MMU is on.
CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -Wno-unused-parameter \
	-march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany -mno-relax \
	-ffreestanding -fno-builtin -nostdlib -fno-common -fno-stack-protector \
	-fno-pic -fno-pie -fno-jump-tables -fno-omit-frame-pointer \
	-fno-strict-aliasing -fno-delete-null-pointer-checks \
	-MMD -MP -Ikernel -D__KERNEL__
ASFLAGS := $(CFLAGS) -D__ASSEMBLY__
LDFLAGS := -nostdlib -static --no-relax -z max-page-size=4096

# Every .c and .S under kernel/, at any depth: a new file needs no list.
KSRCS := $(sort $(shell find kernel -name '*.c'))
KASM  := $(sort $(shell find kernel -name '*.S'))
KOBJS := $(patsubst %.c,$(BUILD)/%.o,$(KSRCS)) $(patsubst %.S,$(BUILD)/%.o,$(KASM))

.PHONY: all kernel qemu qemu-gdb test ktest grade bench deps clean compdb
all: $(DEPS) $(BUILD)/kernel.bin compile_commands.json

kernel: $(BUILD)/kernel.bin

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/%.o: %.S
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	@$(CC) $(ASFLAGS) -c $< -o $@

# Two-pass link: the second pass embeds a table of function names
# (kallsyms) so that backtraces print names. Text comes before the table in
# the image, so function addresses are the same in both passes.
$(BUILD)/kernel.elf: $(KOBJS) kernel/kernel.ld scripts/kallsyms.py
	@echo "  LD      $@"
	@$(PYTHON) scripts/kallsyms.py --empty > $(BUILD)/kallsyms0.S
	@$(CC) $(ASFLAGS) -c $(BUILD)/kallsyms0.S -o $(BUILD)/kallsyms0.o
	@$(LD) $(LDFLAGS) -T kernel/kernel.ld -o $(BUILD)/kernel.tmp $(KOBJS) $(BUILD)/kallsyms0.o
	@$(NM) -n $(BUILD)/kernel.tmp | $(PYTHON) scripts/kallsyms.py > $(BUILD)/kallsyms1.S
	@$(CC) $(ASFLAGS) -c $(BUILD)/kallsyms1.S -o $(BUILD)/kallsyms1.o
	@$(LD) $(LDFLAGS) -T kernel/kernel.ld -o $@ $(KOBJS) $(BUILD)/kallsyms1.o
	@$(OBJDUMP) -d $@ > $(BUILD)/kernel.asm

# QEMU loads a flat image at the start of RAM plus 2 MiB, as it does Linux's Image.
$(BUILD)/kernel.bin: $(BUILD)/kernel.elf
	$(OBJCOPY) -O binary $< $@

compile_commands.json: $(KSRCS) Makefile
	@$(PYTHON) scripts/compdb.py "$(CC)" "$(CFLAGS)" $(KSRCS) > $@

# The root disk (vda) once mkfs/Makefrag has built it; `make qemu` boots without one until then.
# The swap disk is vdb, so it comes only after a root disk (init turns it on).
QEMU_ARGS = --kernel $(BUILD)/kernel.bin --cpus $(CPUS) --mem $(MEM) --numa $(NUMA) --append "$(APPEND)" \
	$(if $(wildcard $(BUILD)/fs.img),--disk $(BUILD)/fs.img \
	  $(if $(filter-out 0,$(SWAPSIZE)),$(if $(wildcard $(BUILD)/swap.img),--disk $(BUILD)/swap.img)))

qemu: $(DEPS) $(BUILD)/kernel.bin
	$(PYTHON) grading/qemu.py $(QEMU_ARGS)

qemu-gdb: $(DEPS) $(BUILD)/kernel.bin
	$(PYTHON) grading/qemu.py $(QEMU_ARGS) --gdb

ktest: $(DEPS) $(BUILD)/kernel.bin
	$(PYTHON) grading/run_ktests.py --kernel $(BUILD)/kernel.bin $(KTEST_ARGS)

grade: $(DEPS) $(BUILD)/kernel.bin
	$(PYTHON) grading/grade.py --kernel $(BUILD)/kernel.bin

bench: $(DEPS) $(BUILD)/kernel.bin
	$(PYTHON) grading/bench.py --kernel $(BUILD)/kernel.bin

# Every test: the harness's own unit tests, the kernel unit tests on every
# machine, and the grade tests. Ends with one "N passed, M failed" line.
test: $(DEPS) $(BUILD)/kernel.bin
	@$(PYTHON) scripts/run_all_tests.py

deps:
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing: $(DEB_PACKAGES)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DEB_PACKAGES) >/dev/null; \
	else \
	  echo "Missing tools. Run:"; \
	  echo "  sudo apt-get update && sudo apt-get install -y $(DEB_PACKAGES)"; \
	  exit 1; \
	fi

clean:
	rm -rf $(BUILD) compile_commands.json

# User programs (user/Makefrag) and the file system image (mkfs/Makefrag).
-include user/Makefrag
-include mkfs/Makefrag

-include $(KOBJS:.o=.d)
