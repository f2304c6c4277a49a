#!/usr/bin/env python3
"""Write compile_commands.json for editors (clangd) from the Makefile's flags."""
import json
import os
import sys

cc, cflags, srcs = sys.argv[1], sys.argv[2], sys.argv[3:]
root = os.getcwd()
print(json.dumps([{"directory": root, "file": s,
                   "command": f"{cc} {cflags} -c {s} -o build/{s[:-2]}.o"}
                  for s in srcs], indent=1))
