from django.urls import path

app_name = "troubleshooter"

urlpatterns: list = []
