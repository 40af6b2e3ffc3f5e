"""Our dataclasses as JSON and back, through an explicit schema: their type hints (msgspec).

Files clangcheck reads back (cache entries, shard summaries, PCH records) may have been written
by someone else: a cache restored from another branch, a shard artifact from another job. Their
loader must not be able to run code, so they are never pickles. `loads` builds only the types the
caller names (our dataclasses and the plain containers in their fields), and msgspec checks
every value against its declared type and constraints (`Annotated[int, Meta(ge=0)]`, `Literal`).
A file must also be exactly what `dumps` would write for the decoded value: that refuses unknown
fields, missing fields, duplicates and any other spelling in one comparison. Anything else is a
`SchemaError` of one line, naming the offending value's path (`$.result.findings[3].location.line`).

Why msgspec: a warm run loads tens of thousands of records; msgspec validates and builds them in
C, as fast as unpickling did, where a Python walk over the type hints was three times slower.
"""
from __future__ import annotations

import gc
from contextlib import contextmanager
from functools import lru_cache
from typing import Any, Iterator

import msgspec

Raw = msgspec.Raw  # a value kept as its JSON bytes, decoded later with a schema chosen by the caller
_ENCODER = msgspec.json.Encoder(order="deterministic")  # sets and dict keys sorted: one spelling per value


class SchemaError(ValueError):
    """Data that does not fit the schema; one line."""


def dumps(value: Any) -> bytes:
    """The canonical JSON of a value of our types (what `loads` accepts back)."""
    return _ENCODER.encode(value)


def loads(blob: bytes | memoryview, schema: Any, what: str = "") -> Any:
    """`blob` decoded as `schema`; SchemaError unless it is sound and in canonical form."""
    try:
        with _collector_paused():
            value = _decoder(schema).decode(blob)
    except msgspec.ValidationError as exc:
        raise SchemaError(_where(what, str(exc))) from None
    except msgspec.DecodeError as exc:
        raise SchemaError(_where(what, f"not valid JSON ({str(exc)[:80]})")) from None
    except RecursionError:
        raise SchemaError(_where(what, "nested too deeply")) from None
    if _ENCODER.encode(value) != blob:
        raise SchemaError(_where(what, "not as clangcheck writes it (an unknown, missing or repeated field)"))
    return value


@lru_cache(maxsize=None)
def _decoder(schema: Any) -> msgspec.json.Decoder:
    return msgspec.json.Decoder(schema)


def _where(what: str, message: str) -> str:
    return f"{what}: {message}" if what else message


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Decoding makes many containers and no garbage, and what it makes lives to the end of the
    run. The cycle collector, run over them again and again while they are made (and later over
    the whole pile), would double the cost of a warm run: pause it, then freeze what exists."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()  # the decoded data (and all before it) leaves the collector's generations
        if enabled:
            gc.enable()
