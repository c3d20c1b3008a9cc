"""`{% datacached key %}…{% enddatacached %}`: a page fragment rendered once per data version.

`key` is a tuple the view builds from everything the fragment shows besides recorded data
(the plan, the as-of date, the viewer's rights: e.g. `("plan-kpis", plan.pk, as_of,
can_record)`), or None to render without caching (a preview of unapproved data). The data
version (stratmon.kpis.dataversion) is added to the key, so a write renders it afresh.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from stratmon.kpis import dataversion
from stratmon.kpis.live import FRAGMENTS

register = template.Library()


class DataCachedNode(template.Node):
    def __init__(self, nodelist: template.NodeList, key: template.base.FilterExpression) -> None:
        self.nodelist = nodelist
        self.key = key

    def render(self, context: template.Context) -> SafeString:
        key = self.key.resolve(context)
        version = dataversion.current() if key is not None else None
        if version is None:
            return mark_safe(self.nodelist.render(context))
        return FRAGMENTS.get(
            (*_tuple(key), version), lambda: mark_safe(self.nodelist.render(context)), len
        )


def _tuple(key: Any) -> tuple[Any, ...]:
    return tuple(key) if isinstance(key, list | tuple) else (key,)


@register.tag
def datacached(parser: template.base.Parser, token: template.base.Token) -> DataCachedNode:
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError(f"{bits[0]} takes one argument: the fragment's key")
    nodelist = parser.parse(("enddatacached",))
    parser.delete_first_token()
    return DataCachedNode(nodelist, parser.compile_filter(bits[1]))
