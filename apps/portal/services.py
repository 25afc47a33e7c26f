"""Writes of the customer portal.

Staff invite a contact (an account bound to the contact and its company, role `customer`, with a
one-time link to set a password: Django's password-reset token) and revoke it. Contacts, running as
the portal role, send messages in their project's conversation and upload their own files as new
documents shared with the customer; the database refuses anything else they might try. What
follows a portal action (notifying the project's owner, the invitation e-mail) runs after commit in
a task, as the app role.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import connection, transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from apps.contacts.models import Contact
from apps.core.files import check_upload, delete_stored_files
from apps.documents.events import document_uploaded_event
from apps.documents.models import (
    AccessLevel,
    Document,
    DocumentAccessAction,
    DocumentCategory,
    DocumentVersion,
)
from apps.documents.services.access_log import ClientInfo, document_access_record
from apps.notifications.models import NotificationType
from apps.notifications.services import notification_notify
from apps.organizations.models import OrganizationType
from apps.portal import events
from apps.portal.models import DecisionKind, DecisionStatus, PortalDecision, PortalMessage
from apps.portal.selectors import waits_for_customer
from apps.projects.models import Project
from apps.projects.services.sub_stages import sub_stages_complete_for_customer
from apps.users.models import Role, User, UserStatus, email_in_use
from apps.users.permissions import has_permission

MESSAGE_MAX = 5000
# What a customer may upload: their own drawings, orders and inquiries.
CUSTOMER_CATEGORIES = (
    DocumentCategory.DRAWING,
    DocumentCategory.PO,
    DocumentCategory.RFQ,
    DocumentCategory.INQUIRY,
    DocumentCategory.OTHER,
)


def _require_customer(user) -> None:
    if not getattr(user, "is_customer", False):
        raise PermissionDenied(_("Only a customer's portal account may do this."))


# --- staff: accounts ---


@transaction.atomic
def portal_account_invite(*, user, contact: Contact, base_url: str) -> User:
    """An account for `contact` (or the revoked one again), and an e-mail with a one-time link to
    set a password. The contact needs an e-mail address and must be active, at a customer."""
    if not has_permission(user, "customers.edit"):
        raise PermissionDenied(_("You may not give customers portal access."))
    if contact.owner_organization_id != user.organization_id:
        raise ValidationError(_("That contact is not one of your factory's."))
    if not contact.is_active:
        raise ValidationError(_("%(name)s is inactive.") % {"name": contact.contact_name})
    if contact.organization.organization_type != OrganizationType.CUSTOMER:
        raise ValidationError(_("Only contacts of a customer can use the portal."))
    email = User.accounts.normalize_email(contact.email or "").strip().lower()
    if not email:
        raise ValidationError(
            _("%(name)s has no e-mail address: add one first.") % {"name": contact.contact_name}
        )
    account = User.accounts.filter(contact=contact).first()
    if account is not None and account.status == UserStatus.ACTIVE:
        raise ValidationError(
            _("%(name)s already has portal access.") % {"name": contact.contact_name}
        )
    if email_in_use(email, other_than=account.pk if account else None):
        raise ValidationError(_("This e-mail address cannot be used."))
    if account is None:
        account = User(
            organization_id=user.organization_id,
            role=Role.CUSTOMER,
            contact=contact,
            customer_organization_id=contact.organization_id,
        )
    account.email = email
    account.name = contact.contact_name
    account.status = UserStatus.ACTIVE
    account.set_unusable_password()
    account.full_clean()
    account.save()
    events.portal_account_invited_event(user=user, account=account)
    # Imported here: the tasks module imports this one.
    from apps.portal.tasks import portal_invitation_send

    transaction.on_commit(
        lambda: portal_invitation_send.delay(
            organization_id=str(account.organization_id),
            account_id=str(account.pk),
            base_url=base_url,
        )
    )
    return account


@transaction.atomic
def portal_account_revoke(*, user, account: User) -> User:
    """No more portal access: the account is disabled (its sessions stop at the next request)."""
    if not has_permission(user, "customers.edit"):
        raise PermissionDenied(_("You may not change customers' portal access."))
    if not account.is_customer or account.organization_id != user.organization_id:
        raise ValidationError(_("That is not a portal account of your factory."))
    if account.status == UserStatus.DISABLED:
        raise ValidationError(_("%(name)s has no portal access.") % {"name": account.name})
    account.status = UserStatus.DISABLED
    account.save(update_fields=["status", "updated_at"])
    events.portal_account_revoked_event(user=user, account=account)
    return account


def portal_invitation_mail_send(*, account_id, base_url: str) -> bool:
    """The invitation e-mail: a link to set a password, valid until it is used (the token
    depends on the password hash and the last sign-in)."""
    account = User.accounts.filter(pk=account_id, role=Role.CUSTOMER).first()
    if account is None or not account.is_active or account.has_usable_password():
        return False
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(account.pk)),
            "token": default_token_generator.make_token(account),
        },
    )
    link = base_url.rstrip("/") + path
    send_mail(
        _("Your access to the Factory Pulse customer portal"),
        _(
            "Hello %(name)s,\n\nYou can now follow your projects with us online. Set your "
            "password with this link (it works once):\n\n%(link)s\n\nThen sign in with your "
            "e-mail address %(email)s."
        )
        % {"name": account.name, "link": link, "email": account.email},
        None,
        [account.email],
    )
    return True


# --- the project's customer conversation ---


@transaction.atomic
def portal_message_send(*, user, project: Project, body: str) -> PortalMessage:
    """A message in the project's customer conversation, by the contact or by staff."""
    text = (body or "").strip()
    if not text:
        raise ValidationError({"body": _("Write a message first.")})
    if len(text) > MESSAGE_MAX:
        raise ValidationError(
            {"body": _("Keep the message under %(max)s characters.") % {"max": MESSAGE_MAX}}
        )
    from_customer = getattr(user, "is_customer", False)
    if not from_customer and not has_permission(user, "messages.send"):
        raise PermissionDenied(_("You may not send messages."))
    message = PortalMessage(
        organization_id=project.organization_id,
        project=project,
        author=user,
        from_customer=from_customer,
        body=text,
    )
    message.full_clean()
    message.save(force_insert=True)
    events.portal_message_sent_event(user=user, message=message)
    if from_customer:
        _notify_owner_after_commit(
            user, project, title=f"{project.project_id}: message from {user.name}", message=text
        )
    return message


# --- the customer's files ---


def _lock_content(*, organization_id, project: Project, sha256: str) -> None:
    """The same advisory lock as staff uploads (apps.documents.services.uploads), so a customer
    and a colleague dropping the same file at once make one document."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))",
            [f"document-content:{organization_id}:{project.pk}:{sha256}"],
        )


@transaction.atomic
def portal_document_upload(
    *,
    user,
    project: Project,
    uploaded_file,
    category: str,
    title: str = "",
    client: ClientInfo | None = None,
) -> Document:
    """The customer's own file as a new document shared with the customer, checked like every
    upload (name, size, type by content: `apps.core.files.check_upload`)."""
    _require_customer(user)
    if category not in CUSTOMER_CATEGORIES:
        raise ValidationError({"category": _("Choose what kind of file this is.")})
    checked = check_upload(uploaded_file)
    document = Document(
        organization_id=project.organization_id,
        project=project,
        title=(title or "").strip()[:255] or PurePosixPath(checked.name).stem,
        file_name=checked.name,
        category=category,
        current_version_number=1,
        checksum=checked.sha256,
        mime_type=checked.mime_type,
        size_bytes=checked.size,
        access_level=AccessLevel.CUSTOMER,
        uploaded_by=user,
    )
    document.full_clean()
    _lock_content(organization_id=project.organization_id, project=project, sha256=checked.sha256)
    same = (
        Document.objects.filter(
            project_id=project.pk, is_deleted=False, versions__checksum_sha256=checked.sha256
        )
        .values("title")
        .first()
    )
    if same is not None:
        raise ValidationError(
            {
                "file": _("This exact file is already here as “%(title)s”. Nothing was uploaded.")
                % {"title": same["title"]}
            },
            code="duplicate",
        )
    document.save(force_insert=True)
    version = DocumentVersion(
        organization_id=document.organization_id,
        document=document,
        version_number=1,
        file_name=checked.name,
        file_size=checked.size,
        mime_type=checked.mime_type,
        checksum_sha256=checked.sha256,
        uploaded_by=user,
        change_summary="First version",
        is_current=True,
    )
    version.full_clean(exclude=["file"])
    version.file.save("upload", uploaded_file, save=False)
    stored = version.file.name
    try:
        version.save(force_insert=True)
        document_access_record(
            user=user,
            document=document,
            version=version,
            action=DocumentAccessAction.UPLOAD,
            client=client,
        )
        document_uploaded_event(user=user, document=document)
    except BaseException:
        delete_stored_files([stored])
        raise
    _notify_owner_after_commit(
        user,
        project,
        title=f"{project.project_id}: {user.name} uploaded “{document.title}”",
        message=document.file_name,
    )
    return document


def portal_document_downloaded(
    *, user, version: DocumentVersion, client: ClientInfo | None = None
) -> None:
    document_access_record(
        user=user,
        document=version.document,
        version=version,
        action=DocumentAccessAction.DOWNLOAD,
        client=client,
    )


# --- notifying the project's owner (a task, as the app role) ---


def _notify_owner_after_commit(user, project: Project, *, title: str, message: str) -> None:
    from apps.portal.tasks import portal_notify_project_owner

    transaction.on_commit(
        lambda: portal_notify_project_owner.delay(
            organization_id=str(project.organization_id),
            project_id=str(project.pk),
            actor_id=str(user.pk),
            title=title[:255],
            message=message[:1000],
        )
    )


def portal_project_owner_notify(*, project_id, actor_id, title: str, message: str) -> int:
    """Tell the project's owner (its assignee, else whoever created it) what the customer did."""
    project = (
        Project.objects.filter(pk=project_id)
        .only("id", "organization_id", "assigned_to", "created_by")
        .first()
    )
    if project is None:
        return 0
    owner = project.assigned_to or project.created_by
    created = notification_notify(
        organization_id=project.organization_id,
        recipients=[owner],
        exclude=None,
        type=NotificationType.MESSAGE,
        title=title,
        message=message,
        action_url=reverse("projects:detail", kwargs={"pk": project.pk}),
        dedupe_key=None,
    )
    return len(created)


# --- the customer's decision in a customer stage ("Customer Approval") ---

COMMENT_MAX = 2000


@transaction.atomic
def portal_decision_submit(*, user, project: Project, decision: str, comment: str = ""):
    """The contact accepts or rejects (with a comment) in a customer stage. The portal role writes
    the decision row and its activity entry, nothing else: a task applies it as the app role
    (`portal_decision_apply`). The database refuses the row for a project not in a customer stage
    (the policy) as this does."""
    _require_customer(user)
    text = (comment or "").strip()
    if decision not in DecisionKind.values:
        raise ValidationError({"decision": _("Choose to accept or to reject.")})
    if decision == DecisionKind.REJECT and not text:
        raise ValidationError({"comment": _("Tell us why you reject the quote.")})
    if len(text) > COMMENT_MAX:
        raise ValidationError(
            {"comment": _("Keep the comment under %(max)s characters.") % {"max": COMMENT_MAX}}
        )
    if not waits_for_customer(project):
        raise ValidationError(_("This project is not waiting for your decision."))
    if PortalDecision.objects.filter(
        project_id=project.pk, stage_id=project.current_stage_id, status=DecisionStatus.PENDING
    ).exists():
        raise ValidationError(_("Your decision is already being recorded."))
    row = PortalDecision(
        organization_id=project.organization_id,
        project=project,
        stage_id=project.current_stage_id,
        decided_by=user,
        decision=decision,
        comment=text,
    )
    row.full_clean(exclude=["project", "stage", "decided_by"])
    row.save(force_insert=True)
    events.portal_decision_made_event(user=user, decision=row)
    from apps.portal.tasks import portal_decision_apply as apply_task

    transaction.on_commit(
        lambda: apply_task.delay(
            organization_id=str(row.organization_id), user_id=str(user.pk), decision_id=str(row.pk)
        )
    )
    return row


def portal_decision_apply(*, decision_id) -> PortalDecision | None:
    """Apply a pending decision, once, as the app role (the task). Accept: the projects engine
    completes the customer's sub-stages and advances (`sub_stages_complete_for_customer`, whose
    docstring says which). Reject: the project stays where it is and its owner is told, with the
    comment. A refusal of the engine is recorded on the row (refused, with its reason) and shown
    to the contact."""
    with transaction.atomic():
        row = (
            PortalDecision.objects.select_for_update(of=("self",))
            .select_related("project", "decided_by")
            .filter(pk=decision_id)
            .first()
        )
        if row is None or row.status != DecisionStatus.PENDING:
            return row
        account = row.decided_by
        project = row.project
        if row.decision == DecisionKind.ACCEPT:
            try:
                with transaction.atomic():
                    sub_stages_complete_for_customer(
                        account=account, project_id=project.pk, stage_id=row.stage_id
                    )
            except (ValidationError, PermissionDenied) as error:
                row.status = DecisionStatus.REFUSED
                row.reason = " ".join(getattr(error, "messages", None) or [str(error)])[:1000]
            else:
                row.status = DecisionStatus.APPLIED
            title = f"{project.project_id}: {account.name} accepted the quote"
        else:
            row.status = DecisionStatus.APPLIED
            title = f"{project.project_id}: {account.name} rejected the quote"
        row.save(update_fields=["status", "reason", "updated_at"])
    portal_project_owner_notify(
        project_id=project.pk,
        actor_id=account.pk,
        title=title[:255],
        message=(row.comment or row.reason)[:1000],
    )
    return row
