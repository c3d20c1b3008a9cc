"""The OpenAPI schema's shared parts: every operation documents its problem responses, so a
client (and the schema fuzzer) knows the shape of an error as well as of a success."""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema as SpectacularSchema
from rest_framework import serializers

from .problems import CONTENT_TYPE, TITLES


class FieldErrorSerializer(serializers.Serializer):
    field = serializers.CharField(allow_null=True, help_text="the field or column at fault")
    sheet = serializers.CharField(
        allow_null=True, required=False, help_text="the workbook sheet (uploads, records)"
    )
    row = serializers.IntegerField(
        allow_null=True, required=False, help_text="the row, counting from 1"
    )
    message = serializers.CharField()


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details."""

    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    errors = FieldErrorSerializer(many=True)


class AutoSchema(SpectacularSchema):
    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        codes = [400, 401, 403, 404, 429]
        if self.method not in ("GET", "HEAD"):
            codes += [409, 413]
        component = self.resolve_serializer(ProblemSerializer, "response")
        for code in codes:
            responses.setdefault(
                str(code),
                {
                    "description": TITLES[code],
                    "content": {CONTENT_TYPE: {"schema": component.ref}},
                },
            )
        return responses
