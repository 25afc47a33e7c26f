"""The document access log: who viewed, downloaded, uploaded or deleted which document, from
where. Append-only (the app role cannot change or delete an entry)."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from apps.documents.models import Document, DocumentAccessLog, DocumentVersion

USER_AGENT_MAX = 1000


@dataclass(frozen=True)
class ClientInfo:
    """Where a request came from, as the access log records it."""

    ip_address: str | None = None
    user_agent: str = ""

    @classmethod
    def from_request(cls, request) -> ClientInfo:
        """REMOTE_ADDR as the server saw it (a proxy in front must set it, e.g. gunicorn's
        forwarded-allow-ips); a value that is not an IP address is recorded as unknown."""
        address = request.META.get("REMOTE_ADDR") or None
        if address is not None:
            try:
                address = str(ipaddress.ip_address(address))
            except ValueError:
                address = None
        return cls(
            ip_address=address,
            user_agent=request.META.get("HTTP_USER_AGENT", "")[:USER_AGENT_MAX],
        )


def document_access_record(
    *,
    user,
    document: Document,
    action: str,
    version: DocumentVersion | None = None,
    client: ClientInfo | None = None,
) -> DocumentAccessLog:
    client = client or ClientInfo()
    entry = DocumentAccessLog(
        organization_id=document.organization_id,
        document=document,
        document_version=version,
        user=user if getattr(user, "is_authenticated", False) else None,
        action=action,
        ip_address=client.ip_address,
        user_agent=client.user_agent,
    )
    entry.save(force_insert=True)
    return entry
