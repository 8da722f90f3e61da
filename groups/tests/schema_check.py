"""A small checker for the JSON schema keywords docs/meeting-feed.schema.json uses (no library needed)."""

from __future__ import annotations

import re

TYPES = {"array": list, "object": dict, "string": str, "integer": int}


def errors(value, schema: dict, where: str = "$") -> list[str]:
    found: list[str] = []
    kind = schema.get("type")
    if kind and (not isinstance(value, TYPES[kind]) or (kind == "integer" and isinstance(value, bool))):
        return [f"{where}: expected {kind}, got {type(value).__name__}"]
    if isinstance(value, str):
        if len(value) < schema.get("minLength", 0):
            found.append(f"{where}: shorter than {schema['minLength']}")
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            found.append(f"{where}: longer than {schema['maxLength']}")
        if "pattern" in schema and not re.search(schema["pattern"], value):
            found.append(f"{where}: {value!r} does not match {schema['pattern']}")
    if isinstance(value, int):
        if "minimum" in schema and value < schema["minimum"]:
            found.append(f"{where}: below {schema['minimum']}")
        if "maximum" in schema and value > schema["maximum"]:
            found.append(f"{where}: above {schema['maximum']}")
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            found += errors(item, schema["items"], f"{where}[{index}]")
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        found += [f"{where}: missing {key}" for key in schema.get("required", []) if key not in value]
        if schema.get("additionalProperties") is False:
            found += [f"{where}: unexpected {key}" for key in value if key not in properties]
        for key, needs in schema.get("dependentRequired", {}).items():
            if key in value:
                found += [f"{where}: {key} needs {need}" for need in needs if need not in value]
        for key, item in value.items():
            if key in properties:
                found += errors(item, properties[key], f"{where}.{key}")
    return found
