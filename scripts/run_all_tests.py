#!/usr/bin/env python3
"""`make test`: every test Pagoda has, with one closing line.

Runs, in order, the grading harness's own unit tests (Python), the
in-kernel KUnit suites on the machine matrix (grading/run_ktests.py) and
the grade tests (grading/grade.py). Each runner prints its own report and
leaves "passed failed" in build/<runner>.summary, then the names of what
failed, a line each; we add them up, list the failures again at the end
(CI keeps only the tail of the output) and end with "N passed, M failed".
A runner that dies without a summary counts as one failure.
"""
import os
import re
import subprocess
import sys

KERNEL = 'build/kernel.bin'


FAILED = []	# (runner, what failed), recapped before the last line


def run(title, argv, summary):
    print('==> %s' % title, flush=True)
    if os.path.exists(summary):
        os.remove(summary)
    rc = subprocess.call(argv)
    try:
        with open(summary) as f:
            lines = f.read().splitlines()
        passed, failed = (int(x) for x in lines[0].split()[:2])
    except (OSError, ValueError, IndexError):
        print('%s: no summary (exit status %d), counted as a failure' % (title, rc))
        FAILED.append((title, 'no summary, exit status %d' % rc))
        return 0, 1
    FAILED.extend((title, name) for name in lines[1:] if name.strip())
    if rc != 0 and failed == 0:
        failed = 1	# a runner that failed must not look green
        FAILED.append((title, 'exit status %d' % rc))
    return passed, failed


def python_unit_tests():
    """The harness's unittest suites; their counts come from unittest's output."""
    print('==> grading harness self-tests', flush=True)
    p = subprocess.run([sys.executable, '-m', 'unittest', 'discover', '-s', 'grading',
                        '-p', 'test_*.py'], capture_output=True, text=True)
    lines = p.stderr.strip().splitlines()
    print('\n'.join(lines[-40:] if p.returncode else lines[-3:]))
    ran = re.search(r'Ran (\d+) test', p.stderr)
    bad = re.search(r'FAILED \((.*)\)', p.stderr)
    total = int(ran.group(1)) if ran else 0
    failed = sum(int(n) for n in re.findall(r'(?:failures|errors)=(\d+)', bad.group(1))) \
        if bad else 0
    FAILED.extend(('harness self-tests', m.group(1))
                  for m in re.finditer(r'^(?:FAIL|ERROR): (.*)$', p.stderr, re.M))
    if not ran:
        FAILED.append(('harness self-tests', 'did not run'))
        return 0, 1
    return total - failed, failed


def main():
    os.makedirs('build', exist_ok=True)
    results = [
        python_unit_tests(),
        run('kernel unit tests (KUnit, every machine)',
            [sys.executable, 'grading/run_ktests.py', '--kernel', KERNEL, '-j', '2'],
            'build/run_ktests.summary'),
        run('grade tests', [sys.executable, 'grading/grade.py', '--kernel', KERNEL],
            'build/grade.summary'),
    ]
    passed = sum(p for p, _ in results)
    failed = sum(f for _, f in results)
    for title, name in FAILED:
        print('FAILED in %s: %s' % (title, name))
    print('%d passed, %d failed' % (passed, failed))
    sys.exit(1 if failed else 0)


if __name__ == '__main__':
    main()
