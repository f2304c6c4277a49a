#!/usr/bin/env python3
"""Build the QEMU command line for Pagoda: the one place that does.

Every tool that boots the kernel (make qemu, the kernel unit tests, the
grader, the benchmarks) gets its argv from qemu_command() below, so a
machine means the same thing everywhere.

As a command:  python3 grading/qemu.py --kernel build/kernel.bin \
                   [--cpus 4] [--mem 512M] [--numa 1] [--append "..."] \
                   [--disk fs.img] [--snapshot-disk scratch.img] \
                   [--gdb] [--print]

Disks are raw images on virtio-mmio (modern, version 2), named vda, vdb,
... by the kernel in the order given. A --snapshot-disk is opened with
QEMU's snapshot=on: the guest may write, the image file stays as it was.
`make qemu` gives build/fs.img (the root) and then build/swap.img (the
swap disk, which init turns on): --disk build/fs.img --disk build/swap.img.

QEMU's exit status carries the kernel's verdict: 0 after an SBI shutdown,
N when the kernel writes exit code N to the virt machine's test device
(1 = tests failed, 3 = kernel panic).
"""
import argparse
import os
import re
import sys

QEMU = os.environ.get('PAGODA_QEMU', 'qemu-system-riscv64')

# OpenSBI's "dynamic" firmware: it finds the kernel at 0x80200000 and
# enters it in S-mode with a0 = hart id, a1 = device tree.
FIRMWARE_PATHS = [
    '/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin',
    '/usr/share/qemu/opensbi-riscv64-generic-fw_dynamic.bin',
]

# Per-node distances for -numa dist: 10 is local, 20 is one hop away.
LOCAL_DISTANCE = 10
REMOTE_DISTANCE = 20
MAX_NUMA_NODES = 2

# The virt machine has eight virtio-mmio slots.
MAX_DISKS = 8


def find_firmware():
    for path in FIRMWARE_PATHS:
        if os.path.isfile(path):
            return path
    sys.exit('qemu.py: OpenSBI firmware not found; looked in:\n  ' +
             '\n  '.join(FIRMWARE_PATHS) +
             '\nInstall it with: sudo apt-get install opensbi (or run make deps)')


def gdb_port():
    """A per-user port, so students sharing a machine do not collide."""
    return 26000 + os.getuid() % 5000


def parse_size(text):
    """'512M' -> bytes. Accepts K, M, G, T suffixes (powers of 1024)."""
    m = re.fullmatch(r'(\d+)([KMGT]?)B?', str(text).strip().upper())
    if not m:
        raise ValueError('bad memory size %r (want e.g. 512M or 6G)' % text)
    shift = {'': 0, 'K': 10, 'M': 20, 'G': 30, 'T': 40}[m.group(2)]
    return int(m.group(1)) << shift


def numa_args(cpus, mem_bytes, nodes):
    """Split harts and memory evenly over `nodes` NUMA nodes.

    Harts go in contiguous ranges (node 0 gets harts 0..k-1, and so on);
    memory is split in whole MiB, the last node taking any remainder.
    QEMU's virt machine makes each node a socket with its own interrupt
    controller; QEMU 7.2 aborts unless every socket has the same number of
    harts, and (a QEMU bug) when there are more than two sockets.
    """
    if nodes > MAX_NUMA_NODES:
        raise ValueError('QEMU 7.2 virt supports at most %d NUMA nodes'
                         % MAX_NUMA_NODES)
    if cpus % nodes:
        raise ValueError('%d harts do not split evenly over %d NUMA nodes'
                         % (cpus, nodes))
    mib = mem_bytes >> 20
    if mib < nodes:
        raise ValueError('memory too small for %d NUMA nodes' % nodes)
    args = []
    first_cpu = 0
    for node in range(nodes):
        ncpus = cpus // nodes
        size = mib // nodes if node < nodes - 1 else mib - (mib // nodes) * (nodes - 1)
        last_cpu = first_cpu + ncpus - 1
        harts = str(first_cpu) if ncpus == 1 else '%d-%d' % (first_cpu, last_cpu)
        args += ['-object', 'memory-backend-ram,id=m%d,size=%dM' % (node, size),
                 '-numa', 'node,memdev=m%d,cpus=%s,nodeid=%d' % (node, harts, node)]
        first_cpu = last_cpu + 1
    for src in range(nodes):
        for dst in range(nodes):
            if src != dst:
                args += ['-numa', 'dist,src=%d,dst=%d,val=%d' %
                         (src, dst, REMOTE_DISTANCE)]
    return args


def disk_args(disks):
    """QEMU arguments attaching each disk as a virtio-blk-device.

    `disks` holds paths, or (path, snapshot) pairs. QEMU plugs devices
    into the virtio-mmio slots from the highest address down and lists
    the slots in the device tree in that order, so the kernel, probing in
    tree order, calls the first one vda.
    """
    if len(disks) > MAX_DISKS:
        raise ValueError('at most %d disks (virtio-mmio slots)' % MAX_DISKS)
    args = []
    for i, disk in enumerate(disks):
        path, snapshot = (disk, False) if isinstance(disk, str) else disk
        drive = 'file=%s,if=none,format=raw,id=disk%d' % (path.replace(',', ',,'), i)
        if snapshot:
            drive += ',snapshot=on'
        args += ['-drive', drive, '-device', 'virtio-blk-device,drive=disk%d' % i]
    return args


def qemu_command(kernel, cpus=4, mem='512M', numa=1, append='', gdb=False,
                 extra=[], disks=[]):
    """The argv that boots `kernel` on a virt machine of the given shape."""
    cpus, numa = int(cpus), int(numa)
    mem_bytes = parse_size(mem)
    argv = [QEMU, '-machine', 'virt', '-bios', find_firmware(),
            '-kernel', kernel, '-m', str(mem),
            '-smp', str(cpus), '-nographic', '-no-reboot',
            '-append', append,
            # Modern (version 2) virtio-mmio: QEMU 7.2 defaults to legacy.
            '-global', 'virtio-mmio.force-legacy=false']
    if numa > 1:
        argv += numa_args(cpus, mem_bytes, numa)
    argv += disk_args(disks)
    if gdb:
        argv += ['-S', '-gdb', 'tcp::%d' % gdb_port()]
    return argv + list(extra)


def main():
    ap = argparse.ArgumentParser(description='Boot Pagoda in QEMU.')
    ap.add_argument('--kernel', default='build/kernel.bin')
    ap.add_argument('--cpus', type=int, default=4, help='harts (1..8)')
    ap.add_argument('--mem', default='512M', help='RAM, e.g. 512M or 6G')
    ap.add_argument('--numa', type=int, default=1, help='NUMA nodes')
    ap.add_argument('--append', default='', help='kernel command line')
    ap.add_argument('--disk', dest='disks', action='append', default=[],
                    type=lambda p: (p, False), metavar='IMAGE',
                    help='attach a raw disk image (repeatable; the first is vda)')
    ap.add_argument('--snapshot-disk', dest='disks', action='append',
                    type=lambda p: (p, True), metavar='IMAGE',
                    help='attach a raw disk image; writes are discarded at exit')
    ap.add_argument('--gdb', action='store_true',
                    help='stop at the first instruction and wait for gdb')
    ap.add_argument('--print', action='store_true',
                    help='print the command instead of running it')
    args = ap.parse_args()
    try:
        argv = qemu_command(args.kernel, args.cpus, args.mem, args.numa,
                            args.append, args.gdb, disks=args.disks)
    except ValueError as e:
        sys.exit('qemu.py: %s' % e)
    if args.print:
        print(' '.join(quote(a) for a in argv))
        return
    if not os.path.isfile(args.kernel):
        sys.exit('qemu.py: no kernel at %s (run make first)' % args.kernel)
    for path, _ in args.disks:
        if not os.path.isfile(path):
            sys.exit('qemu.py: no disk image at %s' % path)
    if args.gdb:
        print('*** QEMU is waiting for gdb on port %d. In another terminal:'
              % gdb_port())
        print("***   gdb-multiarch build/kernel.elf -ex 'target remote :%d'"
              % gdb_port())
    print('*** To quit QEMU: Ctrl-A then x', flush=True)
    os.execvp(argv[0], argv)


def quote(arg):
    return arg if re.fullmatch(r'[\w@%+=:,./-]+', arg) else "'%s'" % arg


if __name__ == '__main__':
    main()
