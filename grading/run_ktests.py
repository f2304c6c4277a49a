#!/usr/bin/env python3
"""Run the in-kernel unit tests (kernel/kunit/) on a matrix of machines.

Each machine boots QEMU once with kunit.enable=1; the kernel runs every
suite, prints KTAP (see ktap.py) and powers off: exit status 0 if all
passed, 1 if a test failed, 3 on a panic. We print one line per case as
it finishes, a summary per machine, and last a line "N passed, M failed".

    python3 grading/run_ktests.py [--machines default,numa2] [--filter 'buddy.*']
                                  [--timeout 120] [-j 2] [-v]

Full console logs go to build/logs/ktest-<machine>.log; the counts also
go to build/run_ktests.summary as "passed failed".

Every machine gets a scratch disk: a small raw image, made afresh beside
the kernel, each 512-byte sector filled with a known pattern (scratch_byte
below; kernel/drivers/tests/ checks it). If the build has a file system
image (fs.img beside the kernel) it comes first, as vda, the root; the
scratch disk follows. Both are attached with snapshot=on, so tests may
write to them and machines running at the same time share the files.
"""
import argparse
import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ktap                                             # noqa: E402
from console import Console, Timeout, print_tail        # noqa: E402
from qemu import qemu_command                           # noqa: E402

# name: (harts, memory, NUMA nodes, extra kernel command line)
MACHINES = {
    'default': (4, '512M', 1, 'movablecore=64M'),
    'numa2':   (4, '512M', 2, 'slub_debug=FZPU'),
    'small':   (2, '64M', 1, 'page_poison=1'),
    'large':   (4, '6G', 1, ''),
    'movable': (4, '1G', 1, 'movablecore=256M'),
}

LOG_DIR = 'build/logs'
SCRATCH_NAME = 'ktest-scratch.img'
SCRATCH_SECTORS = 8192                  # 4 MiB
SCRATCH_MAGIC = b'PAGODA-SCRATCH\n\0'  # the first 16 bytes of sector 0
SUMMARY = 'build/run_ktests.summary'
TAIL_LINES = 30

out_lock = threading.Lock()


def say(*lines):
    """Print lines as one block, so parallel machines do not interleave."""
    with out_lock:
        for line in lines:
            print(line)
        sys.stdout.flush()


def case_report(machine, test):
    status = test.status or 'no result'
    if test.status == ktap.SKIP:
        status = 'skipped (%s)' % test.directive[4:].strip() \
            if test.directive[4:].strip() else 'skipped'
    lines = ['%s: %s ... %s' % (machine, test.full_name(), status)]
    if test.status == ktap.NOT_OK:
        lines += ['    # ' + d for d in test.diag]
    return lines


def scratch_byte(sector, offset):
    """Byte `offset` of `sector` on the scratch disk (but for the magic)."""
    return (sector * 31 + offset) & 0xff


def make_scratch_disk(directory):
    """Writes the scratch image into `directory` and returns its path."""
    path = os.path.join(directory or '.', SCRATCH_NAME)
    row = bytes(range(256)) * 4
    with open(path + '.tmp', 'wb') as f:
        for sector in range(SCRATCH_SECTORS):
            start = (sector * 31) & 0xff
            data = row[start:start + 512]
            if sector == 0:
                data = SCRATCH_MAGIC + data[len(SCRATCH_MAGIC):]
            f.write(data)
    os.replace(path + '.tmp', path)
    return path


def run_machine(name, args):
    """Boot one machine, stream its cases, and return its ktap.Run."""
    cpus, mem, numa, extra = MACHINES[name]
    append = ' '.join(a for a in ['loglevel=5', 'kunit.enable=1', extra,
                                  'kunit.filter_glob=' + args.filter
                                  if args.filter else ''] if a)
    con = Console(qemu_command(args.kernel, cpus, mem, numa, append,
                               disks=[(d, True) for d in args.disks]),
                  log=os.path.join(LOG_DIR, 'ktest-%s.log' % name),
                  echo='[%s] ' % name if args.verbose else None)
    parser = ktap.Parser()
    deadline = time.monotonic() + args.timeout
    timed_out = False
    try:
        while True:
            line = con.readline(deadline)
            if line is None:
                break
            test = parser.feed(line)
            if test is not None and test.depth == 2:
                say(*case_report(name, test))
    except Timeout:
        timed_out = True
    status = con.wait(max(deadline - time.monotonic(), 1))
    if status is None:
        timed_out = True
    run = parser.finish(status, timed_out)
    report = ['%s: %s' % (name, msg) for _, msg in run.machine_errors()]
    if run.panicked or timed_out or run.machine_errors():
        report += ['%s: last %d console lines:' % (name, TAIL_LINES)]
        report += ['%s: | %s' % (name, l) for l in con.tail(TAIL_LINES)]
    con.close()
    elapsed = con.elapsed()
    report.append('%s: %d passed, %d failed, %d skipped (%d harts, %s, '
                  'NUMA=%d, %.1fs)' % (name, run.count(ktap.OK),
                                       run.failures(), run.count(ktap.SKIP),
                                       cpus, mem, numa, elapsed))
    say(*report)
    return run


def main():
    ap = argparse.ArgumentParser(description='Run the kernel unit tests.')
    ap.add_argument('--kernel', default='build/kernel.bin')
    ap.add_argument('--machines', default=','.join(MACHINES),
                    help='comma-separated, from: ' + ', '.join(MACHINES))
    ap.add_argument('--filter', default='',
                    help="glob on suite.case, e.g. 'buddy.*'")
    ap.add_argument('--timeout', type=float, default=120,
                    help='seconds per machine (default 120)')
    ap.add_argument('-j', '--jobs', type=int, default=1,
                    help='machines to run at once (default 1)')
    ap.add_argument('-v', '--verbose', action='store_true',
                    help='echo every console line')
    args = ap.parse_args()
    machines = [m for m in args.machines.replace(',', ' ').split() if m]
    unknown = [m for m in machines if m not in MACHINES]
    if unknown:
        sys.exit('run_ktests.py: unknown machine %s (have: %s)'
                 % (', '.join(unknown), ', '.join(MACHINES)))
    if not os.path.isfile(args.kernel):
        sys.exit('run_ktests.py: no kernel at %s (run make first)' % args.kernel)

    fs_img = os.path.join(os.path.dirname(args.kernel), 'fs.img')
    args.disks = [fs_img] if os.path.isfile(fs_img) else []
    args.disks.append(make_scratch_disk(os.path.dirname(args.kernel)))
    with ThreadPoolExecutor(max_workers=max(args.jobs, 1)) as pool:
        runs = list(pool.map(lambda m: run_machine(m, args), machines))
    passed = sum(r.count(ktap.OK) for r in runs)
    failed = sum(r.failures() for r in runs)
    os.makedirs(os.path.dirname(SUMMARY), exist_ok=True)
    with open(SUMMARY, 'w') as f:
        f.write('%d %d\n' % (passed, failed))
        for name, run in zip(machines, runs):	# then what failed, a line each
            for case in run.cases():
                if case.status == ktap.NOT_OK:	# with its first words of why
                    why = ' | '.join(d.strip() for d in case.diag[:3])
                    f.write('%s: %s%s\n' % (name, case.full_name(),
                                             ' (%s)' % why if why else ''))
            for _, msg in run.machine_errors():
                f.write('%s: %s\n' % (name, msg))
    print('%d passed, %d failed' % (passed, failed))
    sys.exit(1 if failed else 0)


if __name__ == '__main__':
    main()
