"""Typed table parts as Parquet (pyarrow): from a DataFrame, one schema for many parts, back.

A table written in parts (one per shard) must read as the one table the whole corpus would
have made: :func:`unified_schema` gives each column the type pandas would have given it in one
DataFrame, :func:`conformed` casts a part to it, and :func:`arrow_frame` turns a part back into
the DataFrame it came from, which the CSV encoder renders exactly as the CSV file.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from cityreports.errors import ParameterError

__all__ = [
    "PARQUET_DIR",
    "ColumnType",
    "arrow_frame",
    "arrow_table",
    "column_types",
    "conformed",
    "read_parquet_table",
    "shard_name",
    "unified_schema",
    "write_part",
]

#: Name of the Parquet folder in an ``extract`` output folder.
PARQUET_DIR = "parquet"


def shard_name(index: int) -> str:
    """Folder of shard ``index`` (a Hive partition: ``shard=00012``)."""
    return f"shard={index:05d}"


#: A column of a typed part: name, Arrow type and number of missing values.
ColumnType = tuple[str, pa.DataType, int]


def _arrow_column(values: pd.Series) -> pd.Series:
    """An object column as Arrow takes it: tuples as lists; a column mixing kinds of values as
    their text (what the CSV holds)."""
    if values.dtype != object:
        return values
    kinds = set(map(type, values.tolist()))
    kinds.discard(type(None))
    if kinds <= {str} or kinds <= {bool}:
        return values
    if kinds <= {tuple, list}:
        return values.map(lambda v: None if v is None else list(v))
    return values.map(lambda v: None if v is None else str(v))


def arrow_table(frame: pd.DataFrame) -> pa.Table:
    columns = {c: frame[c] for c in frame.columns}
    converted = {c: _arrow_column(values) for c, values in columns.items()}
    if frame.columns.is_unique and all(converted[c] is columns[c] for c in columns):
        source = frame  # every column as it is: no frame to build
    else:
        source = pd.DataFrame(converted)
    return pa.Table.from_pandas(source, preserve_index=False).replace_schema_metadata(None)


def column_types(table: pa.Table) -> list[ColumnType]:
    return [(f.name, f.type, table.column(f.name).null_count) for f in table.schema]


def write_part(frame: pd.DataFrame, path: Path) -> list[ColumnType]:
    """Write ``frame`` as a Parquet file; its column types."""
    table = arrow_table(frame)
    pq.write_table(table, path)
    return column_types(table)


def _is_text(t: pa.DataType) -> bool:
    return pa.types.is_string(t) or pa.types.is_large_string(t)


def _unified_type(types: Sequence[pa.DataType], gaps: bool) -> pa.DataType:
    """The type of a column of the whole corpus, from its types in the non-empty parts and
    whether some part has no value at all in it (``gaps``): pandas' rule for one DataFrame.

    Whole numbers with gaps are floats (``[15, None]`` is a float column), unless the
    integers have missing values of their own (a nullable ``Int64`` column stays integer).
    """
    kinds = {t for t in types if not pa.types.is_null(t)}
    if not kinds:
        return pa.null()
    if all(pa.types.is_integer(t) for t in kinds):
        return pa.float64() if gaps else pa.int64()
    if all(pa.types.is_integer(t) or pa.types.is_floating(t) for t in kinds):
        return pa.float64()
    if all(_is_text(t) for t in kinds):
        return pa.string()
    if all(pa.types.is_list(t) or pa.types.is_large_list(t) for t in kinds):
        return pa.list_(_unified_type([t.value_type for t in kinds], False))
    if len(kinds) == 1:
        return kinds.pop()
    return pa.string()


def unified_schema(parts: Sequence[tuple[int, Sequence[ColumnType]]]) -> pa.Schema:
    """One schema for the parts of a table: ``(rows, column types)`` per part. Columns come
    in the order of the part with the most (the others' columns are a prefix of them)."""
    widest = max((cols for _, cols in parts), key=len, default=[])
    fields = []
    for name, _, _ in widest:
        types, gaps, nullable_ints = [], False, False
        for rows, cols in parts:
            found = {n: t for n, t, _ in cols}
            if not rows:
                continue
            if name not in found or pa.types.is_null(found[name]):
                gaps = True
                continue
            types.append(found[name])
        for _, cols in parts:
            nullable_ints = nullable_ints or any(
                n == name and pa.types.is_integer(t) and nulls for n, t, nulls in cols)
        if not types:  # no part has a value: the types of the empty parts (e.g. Int64)
            types = [t for _, cols in parts for n, t, _ in cols if n == name]
            gaps = False
        fields.append(pa.field(name, _unified_type(types, gaps and not nullable_ints)))
    return pa.schema(fields)


def conformed(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """``table`` with the columns and types of ``schema`` (a missing column, or one of type
    null, is all null)."""
    columns = []
    for f in schema:
        if f.name in table.column_names and not pa.types.is_null(f.type):
            columns.append(table.column(f.name).cast(f.type))
        else:
            columns.append(pa.nulls(len(table), f.type))
    return pa.Table.from_arrays(columns, schema=schema)


#: Integer columns are read as nullable integers (a missing year stays missing, not a float).
_INTEGERS = {t: pd.Int64Dtype() for t in (pa.int8(), pa.int16(), pa.int32(), pa.int64())}


def arrow_frame(table: pa.Table) -> pd.DataFrame:
    """A typed part as the DataFrame it came from: lists as tuples, nulls as missing."""
    frame = table.to_pandas(types_mapper=_INTEGERS.get)
    for f in table.schema:
        if pa.types.is_list(f.type) or pa.types.is_large_list(f.type):
            frame[f.name] = [None if v is None else tuple(v) for v in table.column(f.name)
                             .to_pylist()]
    return frame


def read_parquet_table(out_dir: str | os.PathLike[str], name: str) -> pd.DataFrame:
    """Table ``name`` of an ``extract`` output folder, read from its Parquet dataset in shard
    order (the order of the CSV file): ``write_csv`` of it gives the CSV file."""
    folder = Path(out_dir) / PARQUET_DIR / name
    parts = sorted(folder.glob("shard=*/*.parquet"))
    if not parts:
        raise ParameterError("name", f"no Parquet table {name!r} in {out_dir}")
    return arrow_frame(pa.concat_tables([pq.read_table(p) for p in parts]))


