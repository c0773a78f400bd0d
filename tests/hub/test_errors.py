"""The error tree drawn in hub.core.errors' docstring is the tree the code has."""

from __future__ import annotations

import re

from hub.core import errors


def _subclasses(cls: type) -> set[type]:
    found = set(cls.__subclasses__())
    return found | {sub for child in found for sub in _subclasses(child)}


def test_the_docstring_draws_every_hub_error() -> None:
    drawn = set(re.findall(r"^\s+\+ (\w+)", errors.__doc__ or "", flags=re.M))
    assert drawn == {cls.__name__ for cls in _subclasses(errors.HubError)}
