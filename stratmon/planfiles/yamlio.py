"""YAML in and out for plan files: a strict, bounded loader and a plain, alias-free dumper."""

from __future__ import annotations

from typing import Any

import yaml

# A document of this many nested levels is not a plan; deeper ones exhaust the YAML parser.
MAX_DEPTH = 40


def load_yaml(text: str) -> Any:
    """The data of a YAML document; raises yaml.YAMLError (with its place) on bad input,
    ValueError or OverflowError from PyYAML's converters on absurd values."""
    _check_shape(text)
    return yaml.load(text, Loader=_StrictLoader)


def dump_yaml(data: Any) -> str:
    """Block-style YAML, keys in their given order, no anchors or aliases."""
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=10_000,
        default_flow_style=False,
    )


# libyaml's parser (shipped in PyYAML's wheels) reads a 1 MB plan ten times faster than the
# pure-Python one; the checks below run in Python on either.
_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_SafeLoader):  # type: ignore[misc]
    """SafeLoader that refuses duplicate keys, which PyYAML would silently overwrite."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    mapping: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node)
        if not isinstance(key, str | int | float | bool | type(None)):
            kind = "a mapping" if isinstance(key, dict) else "a list"
            raise yaml.constructor.ConstructorError(
                None, None, f"a key must be a word, not {kind}", key_node.start_mark
            )
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key '{key}'", key_node.start_mark
            )
        mapping[key] = loader.construct_object(value_node)
    return mapping


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


# Dates stay text until _Reader.date() checks them, so '2024-02-30' gets our message
# naming its place instead of PyYAML's bare ValueError.
def _timestamp_as_text(loader: _StrictLoader, node: yaml.ScalarNode) -> str:
    return str(loader.construct_scalar(node))


_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)


def _check_shape(text: str) -> None:
    """Refuse, from the parser's events and before anything is built, YAML too deep for a
    plan (it would exhaust the recursive constructor) and aliases of whole mappings or lists
    (a few lines can then stand for billions of nodes). Aliases of single values are fine."""
    depth = 0
    collections: set[str] = set()
    for event in yaml.parse(text, Loader=_StrictLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _shape_error(event, f"nested more than {MAX_DEPTH} levels deep")
            if event.anchor:
                collections.add(event.anchor)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        elif isinstance(event, yaml.AliasEvent) and event.anchor in collections:
            raise _shape_error(event, f"the alias *{event.anchor} repeats a whole mapping or list")


def _shape_error(event: yaml.Event, problem: str) -> yaml.MarkedYAMLError:
    mark: Any = event.start_mark
    return yaml.MarkedYAMLError(problem=problem, problem_mark=mark)


class _Dumper(yaml.SafeDumper):
    """Block style, keys kept in order, lists indented under their key."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)

    def ignore_aliases(self, data: Any) -> bool:
        # A date used twice (a period's end and a deadline) is written twice, not as &id001.
        return True


def _str_presenter(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _list_presenter(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.SequenceNode:
    # Lists of plain values (a measure's kinds) read best on one line: [seminar, workshop].
    flow = bool(value) and all(isinstance(v, str | int | bool) for v in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)


_Dumper.add_representer(str, _str_presenter)
_Dumper.add_representer(list, _list_presenter)
