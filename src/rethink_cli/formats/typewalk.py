"""Which type a model expects at a place such as ``("actions", 1, "due")``.

The error formatter uses it to say what belongs there: the keys a table
allows, the values of a choice, whether a list holds tables.
"""

from __future__ import annotations

import types
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel


def annotation_at(model: type[BaseModel], loc: tuple[Any, ...]) -> Any:
    """The type expected at ``loc`` inside ``model`` (Optional and Annotated taken off)."""
    current: Any = model
    for part in loc:
        current = _step_into(unwrap(current), part)
        if current is None:
            return None
    return unwrap(current)


def _step_into(container: Any, part: int | str) -> Any:
    if is_model(container) and isinstance(part, str):
        fields = {f.alias or n: f for n, f in container.model_fields.items()}
        field = fields.get(part)
        return field.annotation if field else None
    args = get_args(container)
    if get_origin(container) is list and args:
        return args[0]
    if get_origin(container) is dict and len(args) == 2:
        return args[1]
    return None


def unwrap(annotation: Any) -> Any:
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            kept = [a for a in get_args(annotation) if a is not type(None)]
            if len(kept) != 1:
                return annotation
            annotation = kept[0]
        else:
            return annotation


def is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)
