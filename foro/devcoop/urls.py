app_name = "devcoop"

urlpatterns: list = []
