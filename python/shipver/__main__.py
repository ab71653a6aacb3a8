"""The ``shipver`` command (and ``python -m shipver``): runs the standalone executable this
package carries, with the same arguments, standard streams, exit code and signals.

On POSIX the process becomes the executable (``os.execv``): nothing sits in between, so a
Ctrl-C reaches shipver itself (``shipver release`` undoes its steps on it). On Windows,
where a process cannot replace itself, it runs the executable and waits: Ctrl-C and
Ctrl-Break go to every process on the console, the executable included, so this one
ignores them and returns the executable's exit code.

Standard library only, and only what it needs: it runs before every shipver command.
"""
import os
import sys

# usage errors and a broken install: shipver's exit code for them
EXIT_USAGE = 2


def executable():
    """The path of the shipver executable inside this package."""
    name = 'shipver.exe' if sys.platform == 'win32' else 'shipver'
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), '_bin', name)


def _reinstall_command():
    """How to reinstall shipver where this copy of it is installed."""
    from shipver import __version__

    prefix = sys.prefix
    if os.path.isfile(os.path.join(prefix, 'pipx_metadata.json')):
        return 'pipx reinstall shipver', None
    if os.path.basename(prefix).startswith('py_env-'):
        # an environment the pre-commit framework made for a hook
        return 'pre-commit clean && pre-commit install-hooks', None
    python = sys.executable or 'python3'
    quoted = '"%s"' % python if ' ' in python else python
    return (
        '%s -m pip install --force-reinstall shipver==%s' % (quoted, __version__),
        'until shipver is on the package index, pip finds it with --find-links DIR, the directory that holds shipver-%s-*.whl' % __version__,
    )


def _broken(path, reason):
    command, note = _reinstall_command()
    sys.stderr.write('shipver: cannot run the shipver executable %s (%s)\n' % (path, reason))
    sys.stderr.write('shipver: this install of shipver is damaged; reinstall it: %s\n' % command)
    if note:
        sys.stderr.write('shipver: (%s)\n' % note)
    return EXIT_USAGE


def main():
    exe = executable()
    argv = [exe] + sys.argv[1:]
    if sys.platform == 'win32':
        return _run_windows(exe, argv)
    import signal

    # Python ignores these for itself; the executable gets them as a shell would give them
    for name in ('SIGPIPE', 'SIGXFSZ'):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    try:
        os.execv(exe, argv)
    except OSError as e:
        return _broken(exe, e.strerror or str(e))


def _run_windows(exe, argv):
    import signal
    import subprocess

    if not os.path.isfile(exe):
        return _broken(exe, 'no such file')
    for name in ('SIGINT', 'SIGBREAK'):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_IGN)
    try:
        child = subprocess.Popen(argv)
    except OSError as e:
        return _broken(exe, e.strerror or str(e))
    return child.wait()


if __name__ == '__main__':
    sys.exit(main())
