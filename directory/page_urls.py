# Pages of the directory (search, place sheet): filled in by the directory pages work.
urlpatterns = []
