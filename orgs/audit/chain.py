"""How an audit entry's content is encoded and hash-chained: the JSON that is stored, the
canonical text that is hashed, and the SHA-256 link from each entry to the one before it."""

import datetime
import hashlib
import json
import uuid
from decimal import Decimal
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models.fields.files import FieldFile

# The ``previous_hash`` of the first entry ever written.
GENESIS = "0" * 64


class _Encoder(DjangoJSONEncoder):
    """Files are audited by their stored name, never by content."""

    def default(self, o: Any) -> Any:
        if isinstance(o, FieldFile):
            return o.name or ""
        return super().default(o)


def jsonable(value: Any) -> Any:
    """``value`` as the JSON field reads it back."""
    return json.loads(json.dumps(value, cls=_Encoder, ensure_ascii=False))


_JSON_SCALARS = frozenset({str, int, float, bool, type(None)})
# Types the encoder turns into a string (``datetime`` is a ``date``); the string reads back as is.
_STRINGIFIED = (datetime.date, datetime.time, datetime.timedelta, Decimal, uuid.UUID, FieldFile)
_ENCODER = _Encoder(ensure_ascii=False)


def plain(value: Any) -> Any:
    """``jsonable(value)`` for one field value, without the JSON round trip for the types model
    fields hold (snapshots take one per audited field of every row a bulk write touches)."""
    kind = type(value)
    if kind in _JSON_SCALARS:
        return value
    if kind is datetime.date:
        return value.isoformat()
    if isinstance(value, str):  # a choices enum: JSON holds the bare string
        return str.__str__(value)
    if isinstance(value, _STRINGIFIED):
        return _ENCODER.default(value)
    return jsonable(value)


# The canonical text of an entry's content, hashed into the chain: the JSON of the payload
# below with sorted keys. Every argument except ``changes`` is a string, an integer, a boolean
# or ``None``, so the two halves around ``changes`` are encoded apart and the changes, often
# the bulk of the entry, are encoded once per entry by the writer and reused for the hash.
_CANONICAL = DjangoJSONEncoder(sort_keys=True, ensure_ascii=False)


def canonical_changes(changes: Any) -> str:
    """The canonical JSON of an entry's changes, as hashed and as stored by COPY."""
    return _CANONICAL.encode(changes)


def digest(
    *,
    at: str,
    actor: Any,
    actor_name: str,
    ip: str | None,
    action: str,
    content_type: int | None,
    object_id: str,
    object_repr: str,
    changes: str,
    bulk: bool,
    previous: str,
) -> str:
    """SHA-256 of ``json.dumps(payload, sort_keys=True, ensure_ascii=False)``, where ``changes``
    is given already encoded by :func:`canonical_changes`."""
    head = _CANONICAL.encode(
        {"action": action, "actor": actor, "actor_name": actor_name, "at": at, "bulk": bulk}
    )
    tail = _CANONICAL.encode(
        {
            "content_type": content_type,
            "ip": ip,
            "object_id": object_id,
            "object_repr": object_repr,
            "previous": previous,
        }
    )
    text = f'{head[:-1]}, "changes": {changes}, {tail[1:]}'
    return hashlib.sha256(text.encode()).hexdigest()


def timestamp(moment: datetime.datetime) -> str:
    """The entry time as hashed: ISO 8601 in UTC."""
    return moment.astimezone(datetime.UTC).isoformat()


def entry_digest(entry: Any) -> str:
    """The hash a stored entry should carry, recomputed from its fields."""
    return digest(
        at=timestamp(entry.at),
        actor=entry.actor_id,
        actor_name=entry.actor_name,
        ip=entry.ip,
        action=entry.action,
        content_type=entry.content_type_id,
        object_id=entry.object_id,
        object_repr=entry.object_repr,
        changes=canonical_changes(entry.changes),
        bulk=entry.bulk,
        previous=entry.previous_hash,
    )
