#!/usr/bin/env python3
"""The grader: boots Pagoda, checks what it does, and scores it.

The tests live beside this file, one module per kind (gradelib.py says
how to write one):

    grade.py            boot: the machine reaches the shell's prompt
    grade_shell.py      the shell and the programs, typed at the prompt
    grade_usertests.py  user/tests/usertests.c, one grade line per test
    grade_crash.py      crash consistency of the disk file system
    grade_writeback.py  page-cache data reaching the disk before a crash
    grade_swap.py       the swap disk at boot, swapon/swapoff, vmstat, memhog

Output is xv6-style, "echo: OK (1.2s)" or "echo: FAIL" with the reason and
the last console lines, then "Score: N/M" and "N passed, M failed".
Results also go to <out>/results.json (Gradescope), <out>/junit.xml and
<out>/grade.summary ("passed failed"); console logs to <out>/logs/. <out>
is the kernel's directory unless --out says otherwise.

    python3 grading/grade.py [--kernel build/kernel.bin] [--fs-img build/fs.img]
                             [--swap-img build/swap.img|none]
                             [--out build] [--seed N] [--time-scale X] [-v]
                             [--list] [test ...]

Every machine gets the root disk as vda and, unless --swap-img none (or
the build has no swap.img: make SWAPSIZE=0), the swap disk as vdb, which
init turns on at boot; tests that need a machine without swap say so.

A test name may be a glob ('usertests_*', 'shell_*').
"""
import argparse
import fnmatch
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gradelib                                          # noqa: E402
import machine                                           # noqa: E402
from gradelib import grade_test                          # noqa: E402


# ---- booting ----------------------------------------------------------------

def boot_to_prompt(t, **shape):
    m = t.machine(**shape)
    seconds = m.boot(timeout=60)
    if 'Pagoda: boot complete' not in m.con.since(0):
        raise gradelib.Failure('no "Pagoda: boot complete" line before the prompt')
    out = m.run('echo booted', timeout=20)
    if out != 'booted\n':
        raise gradelib.Failure('echo at the first prompt printed %r' % out)
    return seconds


@grade_test(1, timeout=90)
def boot(t):
    """The default machine boots to the shell's prompt."""
    boot_to_prompt(t, append='movablecore=64M')


@grade_test(1, timeout=90)
def boot_numa2(t):
    """Two NUMA nodes, two harts each, boot to the prompt."""
    boot_to_prompt(t, numa=2)


# The other kinds of tests register themselves on import, in this order.
import grade_shell       # noqa: E402,F401
import grade_usertests   # noqa: E402,F401
import grade_crash       # noqa: E402,F401
import grade_writeback   # noqa: E402,F401
import grade_swap        # noqa: E402,F401
import grade_reclaim     # noqa: E402,F401


def load_scale():
    """Time limits only catch hangs; on a host already busy (load above
    its CPU count) stretch them by the overload, up to MAX_LOAD_SCALE,
    and say so."""
    try:
        load = os.getloadavg()[0]
    except OSError:
        return 1.0
    cpus = os.cpu_count() or 1
    scale = min(MAX_LOAD_SCALE, max(1.0, load / cpus))
    if scale > 1.0:
        print('grade: host load %.1f on %d CPUs: time limits x%.1f' % (load, cpus, scale))
    return scale


MAX_LOAD_SCALE = 4.0


def choose(patterns):
    if not patterns:
        return list(gradelib.TESTS)
    chosen, unknown = [], []
    for p in patterns:
        hit = [t for t in gradelib.TESTS if fnmatch.fnmatchcase(t.name, p)]
        if not hit:
            unknown.append(p)
        chosen += [t for t in hit if t not in chosen]
    if unknown:
        sys.exit('grade.py: no test named %s (try --list)' % ', '.join(unknown))
    # Keep the registration order, so a group's tests stay together.
    return [t for t in gradelib.TESTS if t in chosen]


def main():
    ap = argparse.ArgumentParser(description='Grade Pagoda.')
    ap.add_argument('--kernel', default='build/kernel.bin')
    ap.add_argument('--fs-img', default=None,
                    help='root file system image (default: fs.img beside the kernel)')
    ap.add_argument('--swap-img', default=None,
                    help='swap disk, vdb (default: swap.img beside the kernel if '
                    'there is one; "none" for no swap)')
    ap.add_argument('--fsck', default=None,
                    help='host file-system checker (default: mkfs/fsck beside the kernel)')
    ap.add_argument('--out', default=None,
                    help='where reports and logs go (default: beside the kernel)')
    ap.add_argument('--seed', type=int, default=1,
                    help='seed for the crash test\'s kill points')
    ap.add_argument('--time-scale', type=float, default=None,
                    help='multiply every time limit (default $PAGODA_TIME_SCALE, '
                    'else the host\'s load over its CPU count, from 1 to 4)')
    ap.add_argument('-v', '--verbose', action='store_true',
                    help='echo every console line')
    ap.add_argument('--list', action='store_true', help='list the tests')
    ap.add_argument('tests', nargs='*', help='run only these tests (globs)')
    args = ap.parse_args()
    build = os.path.dirname(args.kernel) or '.'
    args.out = args.out or build
    args.fs_img = args.fs_img or os.path.join(build, 'fs.img')
    if args.swap_img is None:
        args.swap_img = machine.default_swap_img(args.kernel)
    elif args.swap_img == 'none':
        args.swap_img = None
    elif not os.path.isfile(args.swap_img):
        sys.exit('grade.py: no swap disk at %s (make builds build/swap.img)' % args.swap_img)
    args.fsck = args.fsck or os.path.join(build, 'mkfs', 'fsck')
    args.mkfs = os.path.join(build, 'mkfs', 'mkfs')
    args.build = build
    if args.time_scale:
        machine.TIME_SCALE = args.time_scale
    elif not os.environ.get('PAGODA_TIME_SCALE'):
        machine.TIME_SCALE = load_scale()
    if args.list:
        for t in gradelib.TESTS:
            print('%-32s %2d point%s  %3ds  %s' % (
                t.name, t.points, ' ' if t.points == 1 else 's', t.timeout,
                t.group.name if t.group else '(own machine)'))
        return
    chosen = choose(args.tests)
    if not os.path.isfile(args.kernel):
        sys.exit('grade.py: no kernel at %s (run make first)' % args.kernel)
    os.makedirs(os.path.join(args.out, 'logs'), exist_ok=True)

    results, seconds = gradelib.run_tests(chosen, args)
    passed, failed = gradelib.write_reports(results, seconds, args.out)
    print('Score: %d/%d' % (sum(r['score'] for r in results),
                            sum(r['max_score'] for r in results)))
    print('%d passed, %d failed' % (passed, failed))
    sys.exit(1 if failed else 0)


if __name__ == '__main__':
    main()
