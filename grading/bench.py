#!/usr/bin/env python3
"""make bench: Pagoda's benchmarks, measured from inside and outside.

1. Micro-benchmarks. One boot with bench=all (4 harts, 1G; --bench
   chooses others). The kernel prints a table for people and, for us,
   lines of the form
       BENCH <name> <median> <min> <max> <unit>
       BENCH_RATIO <name> <median> <min> <max> <target>
   A ratio passes when its median reaches the target; a target may be
   written "<=X" for ratios where lower is better. The boot gets two
   disks (make_bench_disks): an empty vda and a scratch vdb on which
   bench=swapdisk measures the disk as swap uses it.
2. Memory initialisation. Boots at 128M, 1G and 8G with bench=meminit,
   three times each, timing from QEMU's start to the console line with
   "mem_init_done" (the kernel's own figure, "mem_init_done ... 12.3 ms",
   is kept too). The cost should grow linearly with memory (the time per
   GiB between sizes stays about the same) and stay under 3 s at 8G.
3. Boot to the shell. Boots at 128M with the root disk, --repeat times,
   timing from QEMU's start to the first "$ " prompt, and reading the
   kernel's own figure ("Pagoda: boot complete in 412 ms", else the last
   printk timestamp before the prompt). Target: BOOT_TARGET_S.
4. User space. One boot (4 harts, 512M); at the prompt, user/tests/ubench.c
   prints BENCH lines like the kernel's (fork+exit+wait and exec per
   second, pipe, file write and read MB/s, each over several rounds),
   user/tests/vmbench.c BENCH_RATIO lines for the virtual-memory issue
   (demand-zero faults, fork of a dirty heap, cached and cold reads), and
   the demos (user/lazy.c, zeropage.c, cowdemo.c) DEMO lines: the page
   faults they counted next to what they should be.
5. Swap. One boot (4 harts, SWAP_MEM) with a swap disk of its own as vdb
   (make_swap_disk: a 2 GiB swap area and 64 MiB past it), attached
   without snapshot=on; init turns it on. user/tests/swapbench.c prints
   swap-out and swap-in throughput next to the same disk's raw
   sequential throughput, measured round by round in this boot on the
   64 MiB past the swap area (/proc/bench_swapdisk); user/tests/hotcold.c
   the major faults of a hot/cold working set of 1.5 x the memory
   available next to Belady's OPT, FIFO, LRU and A0 simulated on the
   same reference string.
Parts 3 to 5 need the file system image (fs.img beside the kernel, or
--fs-img); without one they are skipped with a note. Part 5 also needs
the build's mkswap (mkfs/mkswap beside the kernel, which make builds).

Prints one table at the end and writes build/bench.json.

    python3 grading/bench.py [--kernel build/kernel.bin] [--repeat 3]
                             [--sizes 128M,1G,8G] [--bench all] [--skip-micro]
                             [--skip-meminit] [--skip-boot] [--skip-user]
                             [--skip-swap] [--fs-img build/fs.img]
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from console import Console, ConsoleError, Timeout, print_tail   # noqa: E402
from machine import Machine                             # noqa: E402
from qemu import qemu_command, parse_size               # noqa: E402

BENCH_RE = re.compile(r'BENCH\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s*$')
RATIO_RE = re.compile(r'BENCH_RATIO\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s*$')
MARKER = 'mem_init_done'
KERNEL_TIME_RE = re.compile(r'(\d+(?:\.\d+)?)\s*(ns|us|ms|s)\b')
STAMP_RE = re.compile(r'^\[\s*(\d+\.\d+)\]')
UNIT_SECONDS = {'ns': 1e-9, 'us': 1e-6, 'ms': 1e-3, 's': 1.0}
BOUND_MEM, BOUND_SECONDS = '8G', 3.0
LINEAR_SLACK = 1.5      # the per-GiB cost may grow this much between sizes
JSON_OUT = 'build/bench.json'
BOOT_MEM, BOOT_TARGET_S = '128M', 0.6
BOOT_DONE_RE = re.compile(r'boot complete in (\d+(?:\.\d+)?)\s*(ns|us|ms|s)\b')
UBENCH_TIMEOUT = 240
GiB = 1 << 30
# bench=swapdisk's disks (make_bench_disks), beside the kernel.
BENCH_VDA, BENCH_VDA_BYTES = 'bench-vda.img', 1 << 20
BENCH_DISK, BENCH_DISK_BYTES = 'bench-disk.img', 256 << 20
BENCH_DISK_MAGIC = b'PAGODA-BENCHDISK\n'   # kernel/bench/bench_blk.c checks it
# Part 5's machine and swap disk: the swap area is more than twice what
# the programs put in swap, so that swap-in keeps slots (vm_swap_full);
# the kernel measures the raw disk on the SWAP_SPARE_MIB past it.
SWAP_MEM = '128M'
SWAP_DISK, SWAP_AREA_MIB, SWAP_SPARE_MIB = 'bench-swap.img', 2048, 64
SWAP_PROGRAMS = [('swapbench', 600), ('hotcold', 600)]


def number(text):
    try:
        return float(text)
    except ValueError:
        return text


def meets(median, target):
    """Does a BENCH_RATIO median reach its target ('2', '>=2', '<=1.1',
    or strictly: '<1', '>3')?"""
    m = re.fullmatch(r'(<=|>=|<|>)?([\d.]+)x?', target)
    if not m or not isinstance(median, float):
        return None
    goal = float(m.group(2))
    return {'<=': median <= goal, '<': median < goal,
            '>': median > goal}.get(m.group(1), median >= goal)


def make_bench_disks(directory):
    """The micro boot's disks: an empty placeholder as vda (no root file
    system, as without disks) and a sparse scratch disk as vdb, where
    bench=swapdisk measures the disk as swap would use it. Both are made
    afresh; vdb is attached without snapshot=on, so that its writes go to
    the raw file as a swap disk's would (QEMU's snapshot overlay is qcow2),
    and it starts with BENCH_DISK_MAGIC, the kernel's sign that it may be
    written."""
    paths = []
    for name, size, magic in ((BENCH_VDA, BENCH_VDA_BYTES, b''),
                              (BENCH_DISK, BENCH_DISK_BYTES, BENCH_DISK_MAGIC)):
        path = os.path.join(directory or '.', name)
        with open(path, 'wb') as f:
            f.write(magic)
            f.truncate(size)
        paths.append(path)
    return [(paths[0], True), (paths[1], False)]


def boot(args, mem, append, log, stop_at=None, disks=()):
    """Boot once; returns (console lines, seconds from QEMU's start to the
    line containing `stop_at`, that line, an error message or None)."""
    con = Console(qemu_command(args.kernel, 4, mem, 1, append, disks=list(disks)),
                  log=log, echo='[bench %s] ' % mem if args.verbose else None)
    deadline = time.monotonic() + args.timeout
    seen_at, seen_line, error = None, None, None
    try:
        while True:
            line = con.readline(deadline)
            if line is None:
                break
            if stop_at and seen_at is None and stop_at in line:
                seen_at, seen_line = con.elapsed(), line
                deadline = time.monotonic() + 10   # let it power off
    except Timeout:
        if seen_at is None:
            error = 'timed out after %gs' % args.timeout
    status = con.wait(1)
    if error is None and status not in (0, None):
        error = 'QEMU exit status %d%s' % (status,
                                           ' (kernel panic)' if status == 3 else '')
    if error is None and stop_at and seen_at is None:
        error = 'no %r line' % stop_at
    if error:
        print('bench (%s, %s): %s' % (mem, append, error))
        print_tail(con)
    con.close()
    return con.lines(), seen_at, seen_line, error


def kernel_seconds(line):
    """The kernel's own timing from a mem_init_done line, else its printk
    timestamp (seconds since the machine started)."""
    after = line[line.index(MARKER) + len(MARKER):]
    m = KERNEL_TIME_RE.search(after)
    if m:
        return float(m.group(1)) * UNIT_SECONDS[m.group(2)]
    m = STAMP_RE.match(line.strip())
    return float(m.group(1)) if m else None


def kernel_table(lines):
    """What the kernel printed for people: its lines without a printk
    timestamp (tables are printed raw, like KTAP) after OpenSBI's banner,
    which ends with the 'Boot HART' lines, leaving out the BENCH lines."""
    last_sbi = max([i for i, l in enumerate(lines) if l.startswith('Boot HART')],
                   default=-1)
    return [l for l in lines[last_sbi + 1:]
            if l.strip() and not STAMP_RE.match(l.strip())
            and not BENCH_RE.search(l) and not RATIO_RE.search(l)]


def micro(args, report):
    disks = make_bench_disks(os.path.dirname(args.kernel))
    lines, _, _, error = boot(args, '1G', 'loglevel=4 bench=' + args.bench,
                              'build/logs/bench-all.log', disks=disks)
    report['micro_error'] = error
    for line in lines:
        m = RATIO_RE.search(line)
        if m:
            name, med, lo, hi, target = m.groups()
            med = number(med)
            report['ratios'].append({'name': name, 'median': med, 'min': number(lo),
                                     'max': number(hi), 'target': target,
                                     'pass': meets(med, target)})
            continue
        m = BENCH_RE.search(line)
        if m:
            name, med, lo, hi, unit = m.groups()
            report['bench'].append({'name': name, 'median': number(med),
                                    'min': number(lo), 'max': number(hi),
                                    'unit': unit})
    report['kernel_table'] = kernel_table(lines)
    if not error and not report['bench'] and not report['ratios']:
        report['micro_error'] = 'no BENCH lines in the output'


def spread(samples):
    samples = [s for s in samples if s is not None]
    if not samples:
        return None
    return {'median': statistics.median(samples), 'min': min(samples),
            'max': max(samples), 'samples': samples}


def meminit(args, report):
    for mem in args.sizes:
        host, kernel, errors = [], [], []
        for rep in range(args.repeat):
            _, seconds, line, error = boot(
                args, mem, 'bench=meminit',
                'build/logs/bench-meminit-%s-%d.log' % (mem, rep + 1), MARKER)
            if error:
                errors.append(error)
            if seconds is not None:
                host.append(seconds)
                kernel.append(kernel_seconds(line))
        report['meminit'].append({'mem': mem, 'bytes': parse_size(mem),
                                  'host_s': spread(host), 'kernel_s': spread(kernel),
                                  'errors': errors})
    check_meminit(report)


def check_meminit(report):
    """Linearity: the time per GiB added between successive sizes should not
    grow by more than LINEAR_SLACK. Bound: the median at 8G."""
    rows = [r for r in report['meminit'] if r['host_s']]
    use = 'kernel_s' if rows and all(r['kernel_s'] for r in rows) else 'host_s'
    slopes = []
    for a, b in zip(rows, rows[1:]):
        dt = b[use]['median'] - a[use]['median']
        slopes.append(dt / ((b['bytes'] - a['bytes']) / GiB))
    linear = None
    if len(slopes) >= 2 and slopes[0] > 0:
        linear = slopes[-1] <= slopes[0] * LINEAR_SLACK
    report['linearity'] = {'timing': use, 'seconds_per_gib': slopes, 'pass': linear}
    bound = [r for r in rows if r['mem'] == BOUND_MEM]
    report['bound'] = {'mem': BOUND_MEM, 'limit_s': BOUND_SECONDS,
                       'median_s': bound[0]['host_s']['median'] if bound else None,
                       'pass': bound[0]['host_s']['median'] <= BOUND_SECONDS
                       if bound else None}


def kernel_boot_seconds(text):
    """The kernel's own boot time from the console before the prompt: its
    "boot complete in N ms" figure, else the last printk timestamp."""
    m = BOOT_DONE_RE.search(text)
    if m:
        return float(m.group(1)) * UNIT_SECONDS[m.group(2)]
    stamps = [STAMP_RE.match(l.strip()) for l in text.splitlines()]
    stamps = [float(s.group(1)) for s in stamps if s]
    return stamps[-1] if stamps else None


def boot_to_prompt(args, report):
    host, kernel, errors = [], [], []
    for rep in range(args.repeat):
        m = Machine(args.kernel, 4, BOOT_MEM, 1, '', args.fs_img, True,
                    log='build/logs/bench-boot-%d.log' % (rep + 1),
                    echo='[bench boot] ' if args.verbose else None)
        try:
            host.append(m.boot(timeout=args.timeout))
            kernel.append(kernel_boot_seconds(m.con.since(0)))
        except ConsoleError as e:
            errors.append(str(e))
            print('bench (boot to prompt): %s' % e)
            print_tail(m.con)
        m.close()
    h = spread(host)
    report['boot'] = {'mem': BOOT_MEM, 'host_s': h, 'kernel_s': spread(kernel),
                      'target_s': BOOT_TARGET_S, 'errors': errors,
                      'pass': h['median'] <= BOOT_TARGET_S if h else None}


# The user-space programs of part 4, each with its time limit (s).
USER_PROGRAMS = [('ubench', UBENCH_TIMEOUT), ('vmbench', UBENCH_TIMEOUT),
                 ('lazy', 60), ('zeropage', 60), ('cowdemo', 60)]
DEMO_RE = re.compile(r'DEMO\s+(\S+)\s+faults=(\d+)\s+expected=(\d+)')


def parse_user_lines(out, report, table='user_table'):
    """BENCH, BENCH_RATIO and DEMO lines of the user programs into report;
    the other lines, for people, into report[table]."""
    for line in out.splitlines():
        b, r, d = BENCH_RE.search(line), RATIO_RE.search(line), DEMO_RE.search(line)
        if r:
            name, med, lo, hi, target = r.groups()
            report['ratios'].append({'name': name, 'median': number(med),
                                     'min': number(lo), 'max': number(hi),
                                     'target': target,
                                     'pass': meets(number(med), target)})
        elif b:
            name, med, lo, hi, unit = b.groups()
            report['user'].append({'name': name, 'median': number(med),
                                   'min': number(lo), 'max': number(hi),
                                   'unit': unit})
        elif d:
            name, got, want = d.groups()
            report['demos'].append({'name': name, 'faults': int(got),
                                    'expected': int(want)})
        elif line.strip() and not line.startswith(('ubench:', 'vmbench:')):
            report[table].append(line)


def run_programs(m, args, programs, report, error_key, what, done=False):
    """Boot m, run each (program, time limit) and return what they printed;
    on a console error (or, with done, a program that did not print
    "NAME: done") note it under error_key and return the whole console.
    The machine is closed either way."""
    out = ''
    try:
        m.boot(timeout=args.timeout)
        for prog, limit in programs:
            got = m.run(prog, timeout=limit)
            out += got + '\n'
            if done and '%s: done' % prog.split()[0] not in got:
                report[error_key] = '%s did not finish:\n%s' % (prog, got)
                break
    except ConsoleError as e:
        report[error_key] = str(e)
        print('bench (%s): %s' % (what, e))
        print_tail(m.con)
        out = m.con.since(0)
    m.close()
    return out


def user_bench(args, report):
    """ubench (fork, exec, pipe, files), vmbench (the VM ratios) and the
    demos' fault counts, all in one boot (4 harts, 512M)."""
    m = Machine(args.kernel, 4, '512M', 1, '', args.fs_img, True,
                log='build/logs/bench-user.log',
                echo='[bench user] ' if args.verbose else None)
    out = run_programs(m, args, USER_PROGRAMS, report, 'user_error', 'user programs')
    parse_user_lines(out, report)
    if not report['user'] and not report.get('user_error'):
        report['user_error'] = 'the user benchmarks printed no BENCH lines:\n' + out


def make_swap_disk(kernel):
    """Part 5's vdb, made afresh beside the kernel: a swap area of
    SWAP_AREA_MIB written by the build's mkswap, then the file grown by
    SWAP_SPARE_MIB that the header's last_page leaves outside the area,
    as a swap partition followed by a spare one. Sparse: it takes host
    disk only where the guest writes. Returns (path, None) or (None, why)."""
    directory = os.path.dirname(kernel) or '.'
    mkswap = os.path.join(directory, 'mkfs', 'mkswap')
    path = os.path.join(directory, SWAP_DISK)
    if not os.access(mkswap, os.X_OK):
        return None, 'no mkswap at %s (make builds it)' % mkswap
    if os.path.exists(path):
        os.remove(path)
    p = subprocess.run([mkswap, '-L', 'benchswap', '-s', str(SWAP_AREA_MIB), path],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if p.returncode:
        return None, 'mkswap failed: ' + p.stdout.strip()
    os.truncate(path, (SWAP_AREA_MIB + SWAP_SPARE_MIB) << 20)
    return path, None


def swap_bench(args, report):
    """swapbench and hotcold in one boot with a swap disk of our own,
    attached without snapshot=on so that the kernel's raw passes and swap
    both write the sparse file itself, as bench=swapdisk's disk is."""
    path, why = make_swap_disk(args.kernel)
    if not path:
        report['notes'].append('swap benchmarks skipped: ' + why)
        return
    m = Machine(args.kernel, 4, SWAP_MEM, 1, '', args.fs_img, True,
                log='build/logs/bench-swap.log',
                echo='[bench swap] ' if args.verbose else None,
                swap_img=path, swap_snapshot=False)
    out = run_programs(m, args, SWAP_PROGRAMS, report, 'swap_error', 'swap', done=True)
    os.remove(path)     # up to SWAP_AREA_MIB of host disk, and made afresh each time
    parse_user_lines(out, report, 'swap_table')


def verdict(ok):
    return {True: 'PASS', False: 'MISS', None: 'n/a'}[ok]


def fmt(x):
    return '%.3f' % x if isinstance(x, float) else str(x)


def print_report(report):
    if report['micro_error']:
        print('\nmicro-benchmarks: %s' % report['micro_error'])
    if report['kernel_table']:
        print('\nThe kernel\'s table (bench=%s):' % report['micro_bench'])
        for line in report['kernel_table']:
            print('  ' + line)
    if report['bench']:
        print('\n%-32s %12s %12s %12s  %s' % ('benchmark', 'median', 'min', 'max', 'unit'))
        for b in report['bench']:
            print('%-32s %12s %12s %12s  %s' % (b['name'], fmt(b['median']),
                                                fmt(b['min']), fmt(b['max']), b['unit']))
    if report['ratios']:
        print('\n%-32s %12s %12s %12s  %s' % ('ratio', 'median', 'min', 'max',
                                              'target'))
        for r in report['ratios']:
            print('%-32s %12s %12s %12s  %-8s %s' % (
                r['name'], fmt(r['median']), fmt(r['min']), fmt(r['max']),
                r['target'], verdict(r['pass'])))
    if report['meminit']:
        print('\n%-8s %28s %28s' % ('mem_init', 'host s (median min max)',
                                    'kernel s (median min max)'))
        for r in report['meminit']:
            cols = []
            for key in ('host_s', 'kernel_s'):
                s = r[key]
                cols.append('%8.3f %8.3f %8.3f' % (s['median'], s['min'], s['max'])
                            if s else '%28s' % 'failed')
            print('%-8s %28s %28s' % (r['mem'], cols[0], cols[1]))
        lin = report['linearity']
        print('linearity (%s, s per GiB added): %s  %s' % (
            lin['timing'].replace('_s', ''), ' '.join('%.3f' % s for s in lin['seconds_per_gib']),
            verdict(lin['pass'])))
        b = report['bound']
        if b['median_s'] is not None:
            print('bound: %.3f s at %s (limit %.0f s)  %s' % (
                b['median_s'], b['mem'], b['limit_s'], verdict(b['pass'])))


def print_user_report(report):
    b = report.get('boot')
    if b:
        print('\n%-16s %28s %28s' % ('boot to "$ "', 'host s (median min max)',
                                      'kernel s (median min max)'))
        cols = []
        for key in ('host_s', 'kernel_s'):
            x = b[key]
            cols.append('%8.3f %8.3f %8.3f' % (x['median'], x['min'], x['max'])
                        if x else '%28s' % 'failed')
        print('%-16s %28s %28s  target %.1f s  %s' % (
            'at ' + b['mem'], cols[0], cols[1], b['target_s'], verdict(b['pass'])))
    if report.get('user_error'):
        print('\nuser benchmarks: %s' % report['user_error'])
    if report['user']:
        print('\n%-32s %12s %12s %12s  %s' % ('user benchmark', 'median', 'min',
                                              'max', 'unit'))
        for u in report['user']:
            print('%-32s %12s %12s %12s  %s' % (u['name'], fmt(u['median']),
                                                fmt(u['min']), fmt(u['max']), u['unit']))
    if report['swap_table']:
        print('\nswap (%s, 4 harts, its own swap disk; BENCH lines above):' % SWAP_MEM)
        for line in report['swap_table']:
            print('  ' + line)
    if report.get('swap_error'):
        print('\nswap benchmarks: %s' % report['swap_error'])
    if report['demos']:
        print('\n%-32s %12s %12s' % ('demo', 'faults', 'expected'))
        for d in report['demos']:
            print('%-32s %12d %12d  %s' % (d['name'], d['faults'], d['expected'],
                                           'PASS' if d['faults'] == d['expected'] else 'MISS'))
    for note in report['notes']:
        print('\nnote: ' + note)


def main():
    ap = argparse.ArgumentParser(description='Run the Pagoda benchmarks.')
    ap.add_argument('--kernel', default='build/kernel.bin')
    ap.add_argument('--sizes', default='128M,1G,8G',
                    help='memory sizes for mem_init timing')
    ap.add_argument('--repeat', type=int, default=3)
    ap.add_argument('--timeout', type=float, default=300, help='seconds per boot')
    ap.add_argument('--bench', default='all',
                    help="the micro boot's bench= list, e.g. swapdisk (default all)")
    ap.add_argument('--skip-micro', action='store_true')
    ap.add_argument('--skip-meminit', action='store_true')
    ap.add_argument('--skip-boot', action='store_true',
                    help='skip timing the boot to the shell prompt')
    ap.add_argument('--skip-user', action='store_true',
                    help='skip the user-space benchmarks (ubench)')
    ap.add_argument('--skip-swap', action='store_true',
                    help='skip the swap benchmarks (swapbench, hotcold)')
    ap.add_argument('--fs-img', default=None,
                    help='root file system (default: fs.img beside the kernel)')
    ap.add_argument('--strict', action='store_true',
                    help='exit nonzero on a MISS, not only on a failed boot')
    ap.add_argument('-v', '--verbose', action='store_true')
    args = ap.parse_args()
    args.sizes = [s for s in args.sizes.split(',') if s]
    if not os.path.isfile(args.kernel):
        sys.exit('bench.py: no kernel at %s (run make first)' % args.kernel)

    args.fs_img = args.fs_img or os.path.join(os.path.dirname(args.kernel), 'fs.img')

    report = {'bench': [], 'ratios': [], 'kernel_table': [], 'meminit': [],
              'micro_bench': args.bench,
              'micro_error': None, 'user': [], 'user_table': [], 'notes': [],
              'demos': [], 'swap_table': []}
    if not args.skip_micro:
        micro(args, report)
    if not args.skip_meminit:
        meminit(args, report)
    if not os.path.isfile(args.fs_img) and not (args.skip_boot and args.skip_user
                                                and args.skip_swap):
        report['notes'].append('no file system image at %s: boot-to-prompt, user and '
                               'swap benchmarks skipped (make fsimg)' % args.fs_img)
        args.skip_boot = args.skip_user = args.skip_swap = True
    if not args.skip_boot:
        boot_to_prompt(args, report)
    if not args.skip_user:
        user_bench(args, report)
    if not args.skip_swap:
        swap_bench(args, report)
    print_report(report)
    print_user_report(report)
    os.makedirs(os.path.dirname(JSON_OUT), exist_ok=True)
    with open(JSON_OUT, 'w') as f:
        json.dump(report, f, indent=2)
        f.write('\n')
    print('\nwrote %s' % JSON_OUT)

    failed = bool(report['micro_error']) or any(r['errors'] for r in report['meminit']) \
        or bool(report.get('user_error')) or bool(report.get('boot', {}).get('errors')) \
        or bool(report.get('swap_error'))
    missed = any(r['pass'] is False for r in report['ratios']) or any(
        report.get(k, {}).get('pass') is False for k in ('linearity', 'bound', 'boot'))
    sys.exit(1 if failed or (args.strict and missed) else 0)


if __name__ == '__main__':
    main()
