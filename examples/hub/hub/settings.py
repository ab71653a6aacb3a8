"""Settings for the hub: one Django app, no database, production-like (DEBUG off)."""
import os

SECRET_KEY = os.environ.get('DJANGO_SECRET_KEY', 'hub-example-not-secret')
DEBUG = False
ALLOWED_HOSTS = ['127.0.0.1', 'localhost', '[::1]']

ROOT_URLCONF = 'hub.urls'
INSTALLED_APPS = []
MIDDLEWARE = ['django.middleware.common.CommonMiddleware']
DATABASES = {}
USE_TZ = True
TIME_ZONE = 'UTC'
