# API of the diagnostic: filled in by the diagnostic web flow work.
urlpatterns = []
