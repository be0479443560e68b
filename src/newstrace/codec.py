"""The frozen types to JSON-ready data and back (for the store and the report)."""

from __future__ import annotations

import dataclasses
import functools
import types as pytypes
import typing

from . import types as t


def dump(value):
    """Plain lists, dicts and scalars for any tree of the frozen types."""
    if dataclasses.is_dataclass(value):
        return {f.name: dump(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple, frozenset, set)):
        items = [dump(v) for v in value]
        return sorted(items) if isinstance(value, (set, frozenset)) else items
    return value


def load(cls, data):
    """Rebuild an instance of `cls` (a frozen type or a typing form) from `dump`'s output."""
    return _load(cls, data)


@functools.lru_cache(maxsize=None)
def _hints(cls) -> dict:
    return typing.get_type_hints(cls, vars(t))


def _load(kind, data):
    if data is None:
        return None
    if dataclasses.is_dataclass(kind):
        hints = _hints(kind)
        return kind(**{k: _load(hints[k], v) for k, v in data.items() if k in hints})
    origin = typing.get_origin(kind)
    args = typing.get_args(kind)
    if origin in (typing.Union, pytypes.UnionType):
        real = [a for a in args if a is not type(None)]
        return _load(real[0], data)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_load(args[0], v) for v in data)
        return tuple(_load(a, v) for a, v in zip(args, data))
    if origin is frozenset:
        return frozenset(_load(args[0], v) for v in data)
    if origin is list:
        return [_load(args[0], v) for v in data]
    return data
