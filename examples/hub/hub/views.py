import platform

import django
from django.http import JsonResponse

from hub.version import __version__


def status(request):
    """What runs here: the app, its version (from hub/version.py) and the runtime."""
    return JsonResponse({
        'app': 'hub',
        'version': __version__,
        'django': django.get_version(),
        'python': platform.python_version(),
    })
