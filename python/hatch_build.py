"""hatchling build hook: puts the standalone executable into the wheel and tags the wheel
for the platform the executable runs on (it is not pure Python).

scripts/build-wheel.mjs (``npm run build:wheel``) sets both, from the executable it
built: SHIPVER_EXECUTABLE (its path) and SHIPVER_WHEEL_TAG (``py3-none-<platform>``, the
platform read from the executable itself). The console script is pure Python and runs on
any Python 3, hence ``py3-none``.
"""
import os

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class ExecutableHook(BuildHookInterface):
    PLUGIN_NAME = 'shipver-executable'

    def initialize(self, version, build_data):
        if self.target_name != 'wheel':
            return
        exe = os.environ.get('SHIPVER_EXECUTABLE')
        tag = os.environ.get('SHIPVER_WHEEL_TAG')
        if not exe or not tag:
            raise RuntimeError(
                "shipver's wheel carries the standalone executable: build it from a shipver "
                'checkout with `npm run build:wheel` (it sets SHIPVER_EXECUTABLE and SHIPVER_WHEEL_TAG)'
            )
        if not os.path.isfile(exe):
            raise RuntimeError('SHIPVER_EXECUTABLE=%s: no such file' % exe)
        name = 'shipver.exe' if exe.lower().endswith('.exe') else 'shipver'
        build_data['force_include'][exe] = 'shipver/_bin/' + name
        build_data['tag'] = tag
        build_data['pure_python'] = False
