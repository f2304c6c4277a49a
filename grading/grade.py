#!/usr/bin/env python3
"""The grader: boots Pagoda, checks what it does, and scores it.

Each grade test is a function decorated with @grade_test(points); it
boots a machine, talks to its console and raises Failure (or lets a
console Timeout escape) when something is wrong:

    @grade_test(1)
    def boot(t):
        con = t.boot(append='movablecore=64M')
        con.expect(r'Pagoda: boot complete', timeout=60)
        t.expect_exit(con, 0, timeout=60)

Output is xv6-style, "boot: OK (1.2s)" or "boot: FAIL" with the reason and
the last console lines, then "Score: N/M" and "N passed, M failed".
Results also go to build/results.json (Gradescope), build/junit.xml and
build/grade.summary ("passed failed"); console logs to build/logs/.

    python3 grading/grade.py [--kernel build/kernel.bin] [-v] [test ...]
"""
import argparse
import json
import os
import sys
import threading
import time
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from console import Console, ConsoleError               # noqa: E402
from qemu import qemu_command                           # noqa: E402

BUILD = 'build'
TAIL_LINES = 30
TESTS = []


class Failure(Exception):
    """A grade test's check did not hold."""


def grade_test(points, timeout=120):
    """Register a grade test worth `points`; `timeout` bounds the whole test."""
    def register(fn):
        TESTS.append((fn.__name__, points, timeout, fn))
        return fn
    return register


class TestContext:
    """What a grade test gets: a way to boot machines, and the options."""

    def __init__(self, name, args):
        self.name = name
        self.args = args
        self.consoles = []
        self.stopped = False

    def boot(self, cpus=4, mem='512M', numa=1, append=''):
        """Boot a machine with a console we can type on."""
        n = len(self.consoles)
        log = os.path.join(BUILD, 'logs', 'grade-%s%s.log'
                           % (self.name, '-%d' % n if n else ''))
        con = Console(qemu_command(self.args.kernel, cpus, mem, numa, append),
                      log=log, interactive=True,
                      echo='[%s] ' % self.name if self.args.verbose else None)
        self.consoles.append(con)
        return con

    def expect_exit(self, con, status, timeout):
        got = con.wait(timeout)
        if got is None:
            raise Failure('QEMU still running %gs later (kernel hung?)'
                          % max(timeout, 0))
        if got != status:
            raise Failure('QEMU exit status %d, expected %d%s' % (
                got, status, ' (kernel panic)' if got == 3 else ''))

    def stop_all(self):
        self.stopped = True
        for con in self.consoles:
            if con.proc.poll() is None:
                con.proc.kill()

    def close(self):
        for con in self.consoles:
            con.close()


# ---- the grade tests ------------------------------------------------------

@grade_test(1)
def boot(t):
    con = t.boot(append='movablecore=64M')
    con.expect(r'Pagoda: boot complete', timeout=60)
    t.expect_exit(con, 0, timeout=60 - con.elapsed())


@grade_test(1)
def boot_numa2(t):
    con = t.boot(numa=2)
    con.expect(r'Pagoda: boot complete', timeout=60)
    t.expect_exit(con, 0, timeout=60 - con.elapsed())


# ---- the runner -----------------------------------------------------------

def run_one(name, timeout, fn, args):
    """Run one test; returns (passed, seconds, output for the reports)."""
    t = TestContext(name, args)
    start = time.monotonic()
    reason = None
    # A test stuck past its time limit has its machines stopped under it;
    # its next console call then fails.
    watchdog = threading.Timer(timeout, t.stop_all)
    watchdog.start()
    try:
        fn(t)
    except (Failure, ConsoleError) as e:
        reason = str(e)
    except Exception as e:           # a bug in the test itself still fails it
        reason = '%s: %s' % (type(e).__name__, e)
    watchdog.cancel()
    seconds = time.monotonic() - start
    if t.stopped:
        reason = 'took longer than %ds (%s)' % (timeout, reason)
    output = []
    if reason is not None:
        output.append(reason)
        for con in t.consoles:
            panicked = any('Kernel panic' in l for l in con.lines())
            if panicked:
                output.append('kernel panic')
            output.append('last %d console lines:' % TAIL_LINES)
            output += ['| ' + l for l in con.tail(TAIL_LINES)]
    t.close()
    return reason is None, seconds, output


def write_reports(results, total_seconds):
    os.makedirs(BUILD, exist_ok=True)
    score = sum(r['score'] for r in results)
    gradescope = {
        'score': score,
        'max_score': sum(r['max_score'] for r in results),
        'execution_time': round(total_seconds, 1),
        'tests': [{k: v for k, v in r.items() if k != 'time'} for r in results],
    }
    with open(os.path.join(BUILD, 'results.json'), 'w') as f:
        json.dump(gradescope, f, indent=2)
        f.write('\n')

    failures = sum(1 for r in results if r['status'] == 'failed')
    suite = ET.Element('testsuite', name='grade', tests=str(len(results)),
                       failures=str(failures),
                       time='%.1f' % total_seconds)
    for r in results:
        case = ET.SubElement(suite, 'testcase', classname='grade',
                             name=r['name'], time='%.1f' % r['time'])
        if r['status'] == 'failed':
            fail = ET.SubElement(case, 'failure',
                                 message=(r['output'] or 'failed').splitlines()[0])
            fail.text = r['output']
    ET.ElementTree(suite).write(os.path.join(BUILD, 'junit.xml'),
                                encoding='unicode', xml_declaration=True)

    passed = len(results) - failures
    with open(os.path.join(BUILD, 'grade.summary'), 'w') as f:
        f.write('%d %d\n' % (passed, failures))
    return passed, failures


def main():
    ap = argparse.ArgumentParser(description='Grade Pagoda.')
    ap.add_argument('--kernel', default='build/kernel.bin')
    ap.add_argument('-v', '--verbose', action='store_true',
                    help='echo every console line')
    ap.add_argument('--list', action='store_true', help='list the tests')
    ap.add_argument('tests', nargs='*', help='run only these tests')
    args = ap.parse_args()
    if args.list:
        for name, points, _, _ in TESTS:
            print('%-24s %d point%s' % (name, points, '' if points == 1 else 's'))
        return
    chosen = [t for t in TESTS if not args.tests or t[0] in args.tests]
    unknown = set(args.tests) - {t[0] for t in TESTS}
    if unknown:
        sys.exit('grade.py: no test named %s (try --list)' % ', '.join(sorted(unknown)))
    if not os.path.isfile(args.kernel):
        sys.exit('grade.py: no kernel at %s (run make first)' % args.kernel)

    results = []
    start = time.monotonic()
    for name, points, timeout, fn in chosen:
        ok, seconds, output = run_one(name, timeout, fn, args)
        print('%s: %s' % (name, 'OK (%.1fs)' % seconds if ok else 'FAIL'))
        for line in output:
            print('    ' + line)
        sys.stdout.flush()
        results.append({'name': name, 'score': points if ok else 0,
                        'max_score': points, 'time': round(seconds, 1),
                        'status': 'passed' if ok else 'failed',
                        'output': '\n'.join(output)})
    passed, failed = write_reports(results, time.monotonic() - start)
    print('Score: %d/%d' % (sum(r['score'] for r in results),
                            sum(r['max_score'] for r in results)))
    print('%d passed, %d failed' % (passed, failed))
    sys.exit(1 if failed else 0)


if __name__ == '__main__':
    main()
