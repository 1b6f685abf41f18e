from django.urls import path

from campaign.feedback import views

app_name = "feedback"

urlpatterns = [
    path("", views.send, name="send"),
    path("<str:token>/", views.reply, name="reply"),
]
