"""The API tokens page: a user lists, makes and revokes its own tokens (stratmon.api.tokens).

A new token is shown once, on the answer to the form that made it: it is never stored in
clear, not even in the session for a redirect, and the answer is not cached."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from stratmon.accounts import access
from stratmon.api.models import ApiToken
from stratmon.api.tokens import TokenError, create_token, revoke_token, tokens_of

VIA = "web"
EXPIRY_CHOICES = [("30", "30 days"), ("90", "90 days"), ("365", "365 days"), ("never", "never")]


class TokenForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        required=False,
        help_text="What it is for, e.g. the quarterly export script.",
    )
    expires = forms.ChoiceField(label="Expires after", choices=EXPIRY_CHOICES, initial="90")
    read_only = forms.BooleanField(
        label="Read-only", required=False, help_text="It may read, not change anything."
    )

    def days(self) -> int | None:
        value = self.cleaned_data["expires"]
        return None if value == "never" else int(value)


def _require_api_user(request: HttpRequest) -> None:
    if not access.can_use_api(request.user):
        raise PermissionDenied("API tokens are for users with a role in StratMon.")


@never_cache
@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    _require_api_user(request)
    form = TokenForm(request.POST or None)
    new, key, status = None, "", 200
    if request.method == "POST":
        if form.is_valid():
            try:
                new, key = create_token(
                    request.user,
                    name=form.cleaned_data["name"],
                    read_only=form.cleaned_data["read_only"],
                    days=form.days(),
                    by=request.user,
                    via=VIA,
                )
            except TokenError as error:
                form.add_error(None, str(error))
        if new is None:
            status = 400
        else:
            form = TokenForm()
    context = {"tokens": tokens_of(request.user), "form": form, "new": new, "key": key}
    return render(request, "web/api_tokens.html", context, status=status)


@require_POST
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    _require_api_user(request)
    # Another user's token does not exist here.
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    if revoke_token(token, by=request.user, via=VIA):
        messages.success(request, f"The token {token.prefix}… ({token.name}) is revoked.")
    else:
        messages.info(request, f"The token {token.prefix}… ({token.name}) was already revoked.")
    return redirect("api-tokens")
