"""Signing in and out, and setting a password from an invitation's one-time link."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.urls import reverse_lazy

from stratmon.accounts import throttle


class SignInForm(AuthenticationForm):
    """Django's sign-in form, with a pause after repeated failures (stratmon.accounts.throttle)."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "paused": "Too many failed sign-ins for this user name. Wait a while and try again.",
    }

    def clean(self) -> dict[str, Any]:
        username = self.data.get("username", "")
        address = self.request.META.get("REMOTE_ADDR", "") if self.request else ""
        if throttle.is_paused(username, address):
            raise forms.ValidationError(self.error_messages["paused"], code="paused")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            throttle.record_failure(username, address)
            raise
        throttle.clear(username, address)
        return cleaned


class SignInView(auth_views.LoginView):
    template_name = "web/sign_in.html"
    authentication_form = SignInForm


class SignOutView(auth_views.LogoutView):
    pass


class PasswordSetView(auth_views.PasswordResetConfirmView):
    """An invited (or reset) user sets a password; the link stops working once it is used."""

    template_name = "web/password_set.html"
    success_url = reverse_lazy("sign-in")
    reset_url_token = "set-password"

    def get_user(self, uidb64: str) -> Any:
        user = super().get_user(uidb64)
        # A deactivated user's old link must not bring the account back.
        return user if user is not None and user.is_active else None

    def form_valid(self, form: Any) -> Any:
        messages.success(self.request, "Your password is set. Sign in with it.")
        return super().form_valid(form)
