app_name = "eulaw"

urlpatterns: list = []
