from django.urls import path

app_name = "troubleshooter"

# Routes are added by the views that serve them; names used elsewhere: tree, session.
urlpatterns: list = []
