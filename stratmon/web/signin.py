"""Signing in and out, and setting a password from an invitation's one-time link."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy

LOCKED_OUT = (
    "Too many failed sign-ins for this user name from this address. Try again in {minutes} minutes."
)


class SignInView(auth_views.LoginView):
    """Django's sign-in form; its authenticate() gets the request, so django-axes counts the
    failures per user name and address (settings.AXES_*) and refuses a locked-out pair."""

    template_name = "web/sign_in.html"
    authentication_form = AuthenticationForm


def locked_out(request: HttpRequest, response: Any, credentials: Any) -> HttpResponse:
    """What a locked-out sign-in (here or at the admin's) gets: the sign-in page, empty, with
    the reason, and 429 Too Many Requests (settings.AXES_LOCKOUT_CALLABLE)."""
    minutes = max(1, round(settings.SIGN_IN_PAUSE_SECONDS / 60))
    context = {
        "form": AuthenticationForm(request),
        "next": request.POST.get("next", ""),
        "locked_out": LOCKED_OUT.format(minutes=minutes),
    }
    return render(request, "web/sign_in.html", context, status=429)


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
