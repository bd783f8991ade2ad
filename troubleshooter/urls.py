from django.urls import path

from . import views

app_name = "troubleshooter"

urlpatterns = [
    path("troubleshoot/", views.index, name="index"),
    path("troubleshoot/s/<str:session_id>/", views.session_detail, name="session"),
    path("troubleshoot/s/<str:session_id>/back/", views.session_back, name="session_back"),
    path("troubleshoot/s/<str:session_id>/live/", views.session_live, name="session_live"),
    path("troubleshoot/s/<str:session_id>/restart/", views.session_restart, name="session_restart"),
    path("troubleshoot/s/<str:session_id>/feedback/", views.session_feedback, name="session_feedback"),
    path("troubleshoot/s/<str:session_id>/read/<slug:slug>/", views.session_read, name="session_read"),
    path("troubleshoot/<slug:slug>/", views.tree_detail, name="tree"),
]
