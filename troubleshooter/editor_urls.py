from django.urls import path

from . import editor_views as views

app_name = "treeeditor"

urlpatterns = [
    path("", views.tree_list, name="trees"),
    path("<slug:slug>/", views.tree_graph_page, name="tree"),
    path("<slug:slug>/add-node/", views.node_add, name="node_add"),
    path("<slug:slug>/nodes/<slug:key>/", views.node_edit, name="node"),
    path("<slug:slug>/nodes/<slug:key>/delete/", views.node_delete, name="node_delete"),
]
