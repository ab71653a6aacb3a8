"""Runs a command and reports, on file descriptor 3, its wall time, its CPU time (user +
system, its children included) in milliseconds and its peak memory in kB (bench/run.mjs
--only standalone). CPU time is what a loaded machine distorts least: other processes
lengthen the wall time of a run, hardly the work it does. The command's own standard
streams and exit code pass through."""
import os
import resource
import subprocess
import sys
import time

# what this process's children used before it ran the command (a python3 that is a shell
# shim, pyenv's, ran commands of its own before it became Python): not the command's
before = resource.getrusage(resource.RUSAGE_CHILDREN)
start = time.perf_counter()
code = subprocess.call(sys.argv[1:])
wall = (time.perf_counter() - start) * 1000
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = (ru.ru_utime - before.ru_utime + ru.ru_stime - before.ru_stime) * 1000
# peak memory: the largest child's; the command's unless a shim's child was larger
os.write(3, ('%.3f %.3f %d\n' % (wall, cpu, ru.ru_maxrss)).encode())
sys.exit(code if code >= 0 else 128 - code)
