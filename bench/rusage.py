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

start = time.perf_counter()
code = subprocess.call(sys.argv[1:])
wall = (time.perf_counter() - start) * 1000
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
os.write(3, ('%.3f %.3f %d\n' % (wall, (ru.ru_utime + ru.ru_stime) * 1000, ru.ru_maxrss)).encode())
sys.exit(code if code >= 0 else 128 - code)
