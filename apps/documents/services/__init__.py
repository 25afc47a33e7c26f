"""Every write to documents, their versions, stored files and access log.

uploads.py     document_upload (a new document), document_add_version
lifecycle.py   document_soft_delete, document_purge_files (the admin's removal of stored files)
access_log.py  ClientInfo, document_access_record (views, downloads, uploads, deletions)
"""

from apps.documents.services.access_log import ClientInfo, document_access_record
from apps.documents.services.lifecycle import document_purge_files, document_soft_delete
from apps.documents.services.uploads import document_add_version, document_upload

__all__ = [
    "ClientInfo",
    "document_access_record",
    "document_add_version",
    "document_purge_files",
    "document_soft_delete",
    "document_upload",
]
