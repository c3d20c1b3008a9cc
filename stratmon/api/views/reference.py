"""Organisations, Members with their memberships, and topics: the names every other endpoint
uses (organisation codes, ISO alpha-3 codes, topic codes)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from rest_framework import generics, serializers

from stratmon.accounts import access
from stratmon.facts.models import Topic
from stratmon.plans.models import Member, Membership, Organisation


class MembershipSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(slug_field="code", read_only=True)
    member = serializers.SlugRelatedField(slug_field="iso3", read_only=True)

    class Meta:
        model = Membership
        fields = ["organisation", "member", "joined", "left", "subregion"]


class OrganisationSerializer(serializers.ModelSerializer):
    memberships = MembershipSerializer(many=True, read_only=True)

    class Meta:
        model = Organisation
        fields = ["code", "name", "short_name", "memberships"]


class MemberSerializer(serializers.ModelSerializer):
    memberships = MembershipSerializer(many=True, read_only=True)

    class Meta:
        model = Member
        fields = ["iso3", "iso2", "name", "kind", "memberships"]


class TopicSerializer(serializers.ModelSerializer):
    class Meta:
        model = Topic
        fields = ["code", "name", "description", "synonyms"]


def _memberships(user: Any) -> Prefetch:
    """The memberships of the organisations the user reads (an organisation's membership
    list is its own business)."""
    readable = access.readable_organisations(user).values("pk")
    found = Membership.objects.filter(organisation__in=readable).select_related(
        "organisation", "member"
    )
    return Prefetch("memberships", queryset=found.order_by("organisation__code", "member__iso3"))


class OrganisationList(generics.ListAPIView):
    """The organisations whose plans you read, each with its Members."""

    serializer_class = OrganisationSerializer

    def get_queryset(self) -> QuerySet[Organisation]:
        user = self.request.user
        return (
            access.readable_organisations(user)
            .prefetch_related(_memberships(user))
            .order_by("code")
        )


class OrganisationDetail(generics.RetrieveAPIView):
    serializer_class = OrganisationSerializer
    lookup_field = "code"

    def get_queryset(self) -> QuerySet[Organisation]:
        user = self.request.user
        return access.readable_organisations(user).prefetch_related(_memberships(user))


class MemberList(generics.ListAPIView):
    """Every Member administration StratMon knows (ISO alpha-3 codes name them everywhere),
    with its memberships of the organisations you read."""

    serializer_class = MemberSerializer

    def get_queryset(self) -> QuerySet[Member]:
        return Member.objects.prefetch_related(_memberships(self.request.user)).order_by("iso3")


class MemberDetail(generics.RetrieveAPIView):
    serializer_class = MemberSerializer
    lookup_field = "iso3"

    def get_queryset(self) -> QuerySet[Member]:
        return Member.objects.prefetch_related(_memberships(self.request.user))


class TopicList(generics.ListAPIView):
    """Topics a Member implements or joins (RKC, AEO …), shared by every plan."""

    serializer_class = TopicSerializer

    def get_queryset(self) -> QuerySet[Topic]:
        return Topic.objects.order_by("code")


class TopicDetail(generics.RetrieveAPIView):
    serializer_class = TopicSerializer
    lookup_field = "code"
    queryset = Topic.objects.all()
