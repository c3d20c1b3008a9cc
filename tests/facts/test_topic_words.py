"""The topics the measure suggestions match against: the Topic table, else the built-in file."""

import pytest

from stratmon.facts.models import Topic
from stratmon.facts.topic_words import builtin_topic_words, topic_words
from stratmon.planfiles.suggest import TopicWords


def test_every_builtin_topic_has_synonyms_for_the_suggestions():
    topics = builtin_topic_words()
    assert len(topics) == 25
    assert all(t.synonyms for t in topics), [t.code for t in topics if not t.synonyms]


@pytest.mark.django_db
def test_an_empty_topic_table_falls_back_to_the_builtin_topics():
    Topic.objects.all().delete()
    assert topic_words() == builtin_topic_words()


@pytest.mark.django_db
def test_the_topic_table_is_what_the_suggestions_see_with_a_persons_synonyms(
    django_assert_num_queries,
):
    Topic.objects.all().delete()
    Topic.objects.create(code="zz-bond", name="Transit bond scheme", synonyms=["guarantee", 3])
    Topic.objects.create(code="aa-lab", name="Customs laboratory")
    with django_assert_num_queries(1):
        found = topic_words()
    assert found == (
        TopicWords("aa-lab", "Customs laboratory", ()),
        TopicWords("zz-bond", "Transit bond scheme", ("guarantee",)),
    )
