from django.urls import path

from hub import views

urlpatterns = [
    path('api/status', views.status),
]
