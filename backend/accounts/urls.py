from django.urls import path

from accounts.apis import AccountApi, AccountDeleteApi, PreferencesApi

urlpatterns = [
    path("account", AccountApi.as_view(), name="account"),
    path("account/preferences", PreferencesApi.as_view(), name="account-preferences"),
    path("account/delete", AccountDeleteApi.as_view(), name="account-delete"),
]
