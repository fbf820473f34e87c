"""A write as the log stores it: the statements a transaction ran, their parameters, and the frames it
registered, in bytes that any server can replay. JSON with tags for the types JSON lacks; frames as
Arrow IPC streams (zstd). A value we cannot write down exactly is refused, never approximated."""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import json
import numbers
import zlib
from dataclasses import dataclass, field

import pyarrow as pa


class Unrecordable(TypeError):
    """A parameter whose type the log cannot carry exactly (a programming error, found by the tests that
    run every write against the shared store)."""


@dataclass
class Op:
    kind: str  # "execute" | "executemany" | "register" | "unregister"
    sql: str = ""
    params: list | None = None
    name: str = ""
    frame: int = -1  # index into Entry.frames for "register"


@dataclass
class Entry:
    ops: list[Op] = field(default_factory=list)
    frames: list[pa.Table] = field(default_factory=list)


def _encode(value: object) -> object:
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, float):
        return value
    if isinstance(value, dt.datetime):  # before date: a datetime is a date
        return {"$t": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$d": value.isoformat()}
    if isinstance(value, dt.time):
        return {"$h": value.isoformat()}
    if isinstance(value, decimal.Decimal):
        return {"$n": str(value)}
    if isinstance(value, numbers.Real):
        return float(value)
    if isinstance(value, (bytes, bytearray)):
        return {"$b": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, (list, tuple)):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {"$o": {str(k): _encode(v) for k, v in value.items()}}
    raise Unrecordable(f"cannot record a parameter of type {type(value).__name__}")


_TAGS = {
    "$t": dt.datetime.fromisoformat,
    "$d": dt.date.fromisoformat,
    "$h": dt.time.fromisoformat,
    "$n": decimal.Decimal,
    "$b": base64.b64decode,
}


def _decode(value: object) -> object:
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if isinstance(value, dict):
        ((tag, inner),) = value.items()
        if tag == "$o":
            return {k: _decode(v) for k, v in inner.items()}
        return _TAGS[tag](inner)
    return value


def encode_params(params: object) -> list | None:
    if params is None:
        return None
    if isinstance(params, dict):
        return {"$o": {str(k): _encode(v) for k, v in params.items()}}
    return [_encode(v) for v in params]


def decode_params(params: object) -> object:
    return None if params is None else _decode(params)


def dump_ops(ops: list[Op]) -> bytes:
    rows = [{"k": o.kind, "s": o.sql, "p": o.params, "n": o.name, "f": o.frame} for o in ops]
    return zlib.compress(json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 6)


def load_ops(blob: bytes) -> list[Op]:
    rows = json.loads(zlib.decompress(blob).decode("utf-8"))
    return [Op(kind=r["k"], sql=r["s"], params=r["p"], name=r["n"], frame=r["f"]) for r in rows]


def dump_frame(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    options = pa.ipc.IpcWriteOptions(compression="zstd")
    with pa.ipc.new_stream(sink, table.schema, options=options) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def load_frame(blob: bytes) -> pa.Table:
    return pa.ipc.open_stream(pa.py_buffer(blob)).read_all()
