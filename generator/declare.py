"""Declared records: every field of the data format written once.

A data file is declared as dataclasses whose fields carry their rule (a field type
of fields.py) in `typing.Annotated`:

    @declared(required=("title", "url"))
    class Link:
        title: Annotated[str, Text("ข้อความที่แสดง", single_line=True)]
        url: Annotated[str, Url(schemes=SAFE_LINK_SCHEMES)]
        description: Annotated[str, Text()] = ""

From that one declaration come
- `spec(Link)`: the fields.Obj that checks a file (every problem as Thai
  `file:line: field: message`) and describes it as JSON Schema;
- `build(Link, record)`: the typed object, from the record that check returned;
- the field tables of docs/data-format.md (datadocs.py).

A field whose type is a declared class needs no rule: it is checked as that class.
`At("executives.political")` puts a field somewhere else in the YAML file than its
name says (the model keeps some groups flat); `Group` describes such a YAML group.
Fields without a rule are not in the YAML file: `SOURCE_LINE` fields get the line
the record starts on, the others come from `build(..., name=value)` or keep their
default. Values derived from the data (totals, counts) stay properties.

Why this and not Pydantic v2 or msgspec (measured on the same bad inputs, see
docs/architecture.md): the field types of fields.py already give the Thai messages,
the line numbers of the loader's YMap/YList and the collection of every problem;
Pydantic needed about 95 lines of glue to get there (line lookup, a translation of
each of its error kinds, unknown-key hints) and still reported a bad value of a
text-or-mapping field twice with internal names in the path; msgspec stops at the
first problem and reports it in English.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass

from .fields import Field, Obj


@dataclass(frozen=True)
class At:
    """Where the field sits in the YAML file, as a dotted path, when not at its own name."""

    path: str


@dataclass(frozen=True)
class Group:
    """A YAML mapping that only groups fields the model keeps flat (see At)."""

    description: str = ""
    required: tuple[str, ...] = ()


class _SourceLine:
    """Marks a field that holds the line its record starts on (for later problems)."""


SOURCE_LINE = _SourceLine()


class _Derived:
    """Marks a field of a declared class's type that is not read from the YAML file."""


DERIVED = _Derived()


@dataclass
class _Declared:
    name: str
    type: object
    rule: Field | None
    path: tuple[str, ...]
    source_line: bool


class Declaration:
    """What @declared records about a class; the fields are read on first use, when every
    class the annotations name exists."""

    def __init__(self, cls, required, one_of, groups, obj_class, ref, description):
        self.cls, self.required, self.one_of, self.description = cls, tuple(required), tuple(one_of), description
        self.groups, self.obj_class, self.ref = dict(groups), obj_class, ref
        self._fields: list[_Declared] | None = None
        self._spec: Obj | None = None

    @property
    def fields(self) -> list[_Declared]:
        if self._fields is None:
            hints = typing.get_type_hints(self.cls, include_extras=True)
            self._fields = [_declared_field(f.name, hints[f.name]) for f in dataclasses.fields(self.cls)]
        return self._fields

    @property
    def spec(self) -> Obj:
        if self._spec is None:
            self._spec = self._obj((), self.required, self.description)
        return self._spec

    def as_field(self) -> Field:
        """The class as a field of another declaration (checked lazily: classes may refer to
        themselves, as organisation units do)."""
        return Nested(self)

    def _obj(self, prefix: tuple[str, ...], required, description: str) -> Obj:
        """The Obj for the YAML mapping at `prefix` (the class itself, or one of its groups)."""
        rules: dict[str, Field] = {}
        for declared_field in self.fields:
            path = declared_field.path
            if declared_field.rule is None or path[:len(prefix)] != prefix:
                continue
            key = path[len(prefix)]
            if len(path) == len(prefix) + 1:
                rules[key] = declared_field.rule
            elif key not in rules:
                group = self.groups.get(".".join(prefix + (key,)), Group())
                rules[key] = self._obj(prefix + (key,), group.required, group.description)
        undeclared = (set(required) | (set() if prefix else set(self.one_of))) - set(rules)
        if undeclared:  # a slip in a declaration, caught when the module is imported
            raise TypeError(f"{self.cls.__name__}: {sorted(undeclared)} required but not declared at {prefix or 'top'}")
        if prefix:
            return Obj(rules, required=required, description=description)
        return self.obj_class(rules, required=required, one_of=self.one_of, description=description)


def declared(cls=None, *, required=(), one_of=(), groups=None, obj_class=Obj, ref: str | None = None,
             description: str = ""):
    """Make `cls` a keyword-only dataclass whose annotated fields declare a data format.
    `required`/`one_of`: YAML keys (as in fields.Obj); `groups`: {dotted YAML path: Group};
    `obj_class`: an Obj subclass for checks across fields; `ref`: the JSON Schema $defs name
    when the class contains itself; `description`: what the mapping holds (where it is a field
    that must be present, the message about its absence quotes it)."""

    def wrap(cls):
        cls = dataclasses.dataclass(kw_only=True)(cls)
        cls.__declaration__ = Declaration(cls, required, one_of, groups or {}, obj_class, ref, description)
        return cls

    return wrap(cls) if cls is not None else wrap


def declaration(cls) -> Declaration:
    return cls.__declaration__


def is_declared(cls) -> bool:
    return isinstance(getattr(cls, "__declaration__", None), Declaration)


def spec(cls) -> Obj:
    """The fields.Obj that checks a mapping declared by `cls`."""
    return declaration(cls).spec


_EXPANDING: set[int] = set()  # declarations whose JSON Schema is being written (for $ref)


class Nested(Field):
    """A declared class used as the value of another field."""

    def __init__(self, declaration: Declaration):  # no Field.__init__: the description is the class's
        self.declaration = declaration

    @property
    def description(self) -> str:
        return self.declaration.spec.description

    @property
    def spec(self) -> Obj:
        return self.declaration.spec

    def check(self, value, ctx):
        return self.declaration.spec.check(value, ctx)

    def schema(self):
        key = id(self.declaration)
        if key in _EXPANDING and self.declaration.ref:
            return {"$ref": f"#/$defs/{self.declaration.ref}"}
        _EXPANDING.add(key)
        try:
            return self.declaration.spec.schema()
        finally:
            _EXPANDING.discard(key)


def _declared_field(name: str, hint) -> _Declared:
    base, extras = hint, ()
    if typing.get_origin(hint) is typing.Annotated:
        base, *extras = typing.get_args(hint)
    rule = next((e for e in extras if isinstance(e, Field)), None)
    place = next((e.path for e in extras if isinstance(e, At)), name)
    source_line = any(e is SOURCE_LINE for e in extras)
    if rule is None and not source_line and is_declared(_without_none(base)) and not _derived(extras):
        rule = declaration(_without_none(base)).as_field()
    return _Declared(name, base, rule, tuple(place.split(".")), source_line)


def _derived(extras) -> bool:
    return any(e is DERIVED for e in extras)


def _without_none(hint):
    """X for `X | None`, else the hint itself."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return hint


# --- building the typed objects ------------------------------------------------------------

def build(cls, record, **context):
    """The `cls` object for a record that spec(cls) accepted. Fields absent from the record
    keep their defaults; `context` gives the fields that are not in the YAML file (and is
    passed on to nested records, e.g. the file every piece of evidence came from)."""
    values = {}
    for declared_field in declaration(cls).fields:
        if declared_field.source_line:
            values[declared_field.name] = getattr(record, "line", None)
        elif declared_field.rule is None:
            if declared_field.name in context:
                values[declared_field.name] = context[declared_field.name]
        else:
            value = _convert(declared_field.type, _lookup(record, declared_field.path), context)
            if value is not None:  # absent: the field keeps its default
                values[declared_field.name] = value
    return cls(**values)


def _lookup(record, path: tuple[str, ...]):
    for key in path:
        if not isinstance(record, dict):
            return None
        record = record.get(key)
    return record


def _convert(hint, value, context):
    if value is None:
        return None
    hint = _without_none(hint)
    origin = typing.get_origin(hint)
    if is_declared(hint):
        return build(hint, value, **context)
    if origin is list:
        (item,) = typing.get_args(hint) or (object,)
        return [_convert(item, v, context) for v in value]
    if origin is dict:
        _, item = typing.get_args(hint) or (object, object)
        return {key: _convert(item, v, context) for key, v in value.items()}
    if dataclasses.is_dataclass(hint) and isinstance(value, dict):
        if not value:
            return None  # an empty mapping says nothing (a period without dates or text)
        names = {f.name for f in dataclasses.fields(hint)}
        return hint(**{key: v for key, v in value.items() if key in names})
    return value


# --- walking a declaration (documentation, attachments) -------------------------------------

def file_fields(value, rule_type: type[Field]):
    """(attribute name, value) of every field of a built object tree whose rule is a `rule_type`
    (e.g. every attachment: rule_type=fields.FileRef), nested records included."""
    if is_declared(type(value)):
        for declared_field in declaration(type(value)).fields:
            item = getattr(value, declared_field.name)
            if isinstance(declared_field.rule, rule_type) and isinstance(item, str):
                yield declared_field.name, item
            elif declared_field.rule is not None:
                yield from file_fields(item, rule_type)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from file_fields(item, rule_type)
    elif isinstance(value, dict):
        for item in value.values():
            yield from file_fields(item, rule_type)
