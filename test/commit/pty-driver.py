#!/usr/bin/env python3
# Runs a program in a real pseudo-terminal and types into it as a person would: for
# each step, wait until the screen shows `expect` (a regex over the output since the
# last keys were sent, escape sequences removed), then send `send`. Used by the
# `shipver commit` tests (test/commit/pty.ts), which pass the script as JSON on stdin:
#   {"argv": [...], "cwd": "...", "env": {...}, "steps": [{"expect": "...", "send": "..."}], "timeout": 30}
# and read {"exit": N, "output": "...", "failed": null | {"step": i, "expect": "..."}}.
import fcntl, json, os, pty, re, select, signal, struct, sys, termios, time

ANSI = re.compile(r'\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78]')

def main():
    spec = json.load(sys.stdin)
    timeout = float(spec.get('timeout', 30))
    pid, fd = pty.fork()
    if pid == 0:
        os.chdir(spec['cwd'])
        os.execvpe(spec['argv'][0], spec['argv'], spec['env'])
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', spec.get('rows', 40), spec.get('cols', 120), 0, 0))
    raw = bytearray()
    mark = 0  # where the output since the last keys starts
    eof = False

    def text(since=0):
        return ANSI.sub('', raw[since:].decode('utf8', 'replace'))

    def pump(until):
        nonlocal eof
        while not eof and time.time() < until:
            r, _, _ = select.select([fd], [], [], 0.05)
            if not r:
                return
            try:
                data = os.read(fd, 65536)
            except OSError:
                eof = True
                return
            if not data:
                eof = True
                return
            raw.extend(data)

    failed = None
    for i, step in enumerate(spec['steps']):
        pattern = re.compile(step['expect'], re.S)
        deadline = time.time() + timeout
        while not pattern.search(text(mark)):
            if eof or time.time() > deadline:
                failed = {'step': i, 'expect': step['expect']}
                break
            pump(time.time() + 0.2)
        if failed:
            break
        mark = len(raw)
        if 'send' in step:
            os.write(fd, step['send'].encode('utf8'))
    if failed:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    deadline = time.time() + timeout
    status = None
    while status is None:
        done, st = os.waitpid(pid, os.WNOHANG)
        if done:
            status = st
            break
        if time.time() > deadline:
            os.kill(pid, signal.SIGKILL)
            _, status = os.waitpid(pid, 0)
            break
        pump(time.time() + 0.1)
    pump(time.time() + 0.2)
    json.dump({'exit': os.waitstatus_to_exitcode(status), 'output': text(), 'failed': failed}, sys.stdout)

main()
