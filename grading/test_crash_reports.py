#!/usr/bin/env python3
"""Kernel bugs are reported, not hung on: boot with lkdtm=NAME (kernel/lkdtm.c),
which makes pid 1 commit that bug, and check the console shows the report and
QEMU exits with the panic status (3).

Needs build/kernel.bin (make builds it before `make test` runs this).
"""
import os
import subprocess
import sys
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KERNEL = os.path.join(ROOT, 'build', 'kernel.bin')


def boot_with(param, timeout=60):
    argv = [sys.executable, os.path.join(ROOT, 'grading', 'qemu.py'), '--kernel', KERNEL,
            '--cpus', '2', '--mem', '128M', '--append', 'lkdtm=' + param]
    p = subprocess.run(argv, capture_output=True, text=True, timeout=timeout,
                       stdin=subprocess.DEVNULL)
    return p.returncode, p.stdout + p.stderr


@unittest.skipUnless(os.path.exists(KERNEL), 'no build/kernel.bin')
class CrashReports(unittest.TestCase):
    def test_kernel_stack_overflow_is_reported(self):
        rc, out = boot_with('EXHAUST_STACK')
        self.assertIn('Kernel stack overflow', out)
        self.assertIn('recurse', out)		# the epc line names the function
        self.assertEqual(rc, 3, out[-2000:])

    def test_null_dereference_oopses_with_backtrace(self):
        rc, out = boot_with('ACCESS_NULL')
        self.assertIn('Unable to handle kernel paging request at virtual address '
                      '0000000000000000', out)
        self.assertIn('Oops - load page fault', out)
        self.assertIn('lkdtm_boot', out)
        self.assertEqual(rc, 3, out[-2000:])

    def test_write_to_kernel_text_oopses(self):
        rc, out = boot_with('WRITE_KERN')
        self.assertIn('Oops - store page fault', out)
        self.assertEqual(rc, 3, out[-2000:])


if __name__ == '__main__':
    unittest.main()
