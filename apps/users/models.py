from __future__ import annotations

import json
import uuid

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from apps.core.models import choices_check
from apps.users.preferences import DEFAULT_THEME, THEMES, is_timezone
from apps.users.roles import Role, has_permission, is_known_pattern


class UserStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    INVITED = "invited", _("Invited")
    SUSPENDED = "suspended", _("Suspended")
    DISABLED = "disabled", _("Disabled")


def validate_permission_pattern(pattern: str) -> None:
    """An extra grant must match at least one real permission: a typo would grant nothing and
    look as if it did."""
    if not is_known_pattern(pattern):
        raise ValidationError(
            _("“%(pattern)s” matches no permission of Factory Pulse."),
            code="unknown_permission",
            params={"pattern": pattern},
        )


# One answer whatever the reason: an address of this factory, or of another one (which RLS hides
# and which must not be revealed to this factory's admin).
EMAIL_UNAVAILABLE = _("This e-mail address cannot be used.")


def email_in_use(email: str, *, other_than: uuid.UUID | None = None) -> bool:
    """Whether an account of any factory other than `other_than` signs in with `email`.

    Asks the SECURITY DEFINER sign-in lookup (see `apps.users.backends`), which sees every tenant,
    for nothing but the id: the caller learns yes or no, never whose or which factory's."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM auth_user_by_email(%s)", [email])
        return any(row[0] != other_than for row in cursor.fetchall())


def validate_preferences(preferences) -> None:
    """Preferences are a JSON object whose known keys hold what the pages read from them: every
    request applies the user's language and timezone, so a wrong type there would fail them all.
    Numbers must be finite: PostgreSQL's jsonb has no Infinity."""
    if not isinstance(preferences, dict):
        raise ValidationError(_('Preferences are a JSON object, e.g. {"language": "en"}.'))
    try:
        json.dumps(preferences, allow_nan=False)
    except ValueError:
        raise ValidationError(_("Numbers in the preferences must be finite.")) from None
    timezone_name = preferences.get("timezone")
    if timezone_name is not None and not is_timezone(timezone_name):
        raise ValidationError(_("“timezone” must name a timezone, e.g. “Asia/Ho_Chi_Minh”."))
    language = preferences.get("language")
    if language is not None and (
        not isinstance(language, str) or language not in dict(settings.LANGUAGES)
    ):
        codes = ", ".join(code for code, _name in settings.LANGUAGES)
        raise ValidationError(
            _("“language” must be one of %(codes)s."),
            code="invalid_language",
            params={"codes": codes},
        )
    if not isinstance(preferences.get("email_notifications", True), bool):
        raise ValidationError(_("“email_notifications” must be true or false."))
    muted = preferences.get("email_muted_kinds", [])
    if not isinstance(muted, list) or not all(isinstance(kind, str) for kind in muted):
        raise ValidationError(_("“email_muted_kinds” must be a list of notification kinds."))
    if preferences.get("theme", DEFAULT_THEME) not in dict(THEMES):
        raise ValidationError(_("“theme” must be “light” or “dark”."))


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields):
        if not email:
            raise ValueError("Users must have an e-mail address.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user


class StaffUserManager(UserManager):
    """The factory's own people: what every staff list, picker and lookup starts from, so a
    customer's portal account is never offered as an assignee, approver or recipient by mistake.
    Portal accounts are reached through `User.accounts`."""

    def get_queryset(self):
        return super().get_queryset().exclude(role=Role.CUSTOMER)


class User(AbstractBaseUser):
    """A person who signs in. E-mail is the login and is unique across the installation.

    Authorization is by `role` (and `extra_permissions`), see `apps.users.permissions`, not by
    Django's per-model permission tables: those would be rows without a tenant.
    """

    TENANT_FIELD = "organization"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="users"
    )
    email = models.EmailField(max_length=254, unique=True)
    name = models.CharField(max_length=150)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.SALES)
    department = models.CharField(max_length=100, blank=True, default="")
    status = models.CharField(max_length=20, choices=UserStatus.choices, default=UserStatus.ACTIVE)
    employee_id = models.CharField(max_length=50, blank=True, default="")
    direct_manager = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="direct_reports"
    )
    phone = models.CharField(max_length=50, blank=True, default="")
    avatar = models.CharField(max_length=500, blank=True, default="")
    preferences = models.JSONField(default=dict, blank=True)
    extra_permissions = ArrayField(
        models.CharField(max_length=100, validators=[validate_permission_pattern]),
        default=list,
        blank=True,
        help_text=_("Permission strings granted to this user on top of the role's."),
    )
    last_login = models.DateTimeField(null=True, blank=True, db_column="last_login_at")
    # A portal account (role `customer`) is bound to one contact and that contact's company; the
    # request then runs as the portal database role for that company (apps.core.tenancy).
    contact = models.OneToOneField(
        "contacts.Contact",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="portal_user",
    )
    customer_organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="portal_users",
    )
    created_at = models.DateTimeField(auto_now_add=True, db_default=models.functions.Now())
    updated_at = models.DateTimeField(auto_now=True, db_default=models.functions.Now())

    objects = StaffUserManager()
    accounts = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        db_table = "users"
        ordering = ["name"]
        constraints = [
            # Stored lower-cased so the unique index is also case-insensitive.
            models.CheckConstraint(condition=Q(email=Lower("email")), name="users_email_lowercase"),
            choices_check("role", Role, "users"),
            choices_check("status", UserStatus, "users"),
            models.CheckConstraint(
                condition=~Q(role=Role.CUSTOMER)
                | Q(contact__isnull=False, customer_organization__isnull=False),
                name="users_customer_has_contact_and_company",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "role"], name="users_org_role_idx"),
            models.Index(fields=["organization", "status", "name"], name="users_org_status_idx"),
        ]

    def __str__(self) -> str:
        return self.name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()
        if self.preferences is None:  # an emptied field in a form: no preferences
            self.preferences = {}
        try:
            validate_preferences(self.preferences)
        except ValidationError as error:
            raise ValidationError({"preferences": error.messages}) from None

    def validate_unique(self, exclude=None) -> None:
        """E-mail is unique across every factory, while RLS shows this one only its own people:
        the check goes through the sign-in lookup, and answers the same whoever has the address."""
        exclude = set(exclude or ())
        super().validate_unique(exclude=exclude | {"email"})
        if "email" not in exclude and self.email and email_in_use(self.email, other_than=self.pk):
            raise ValidationError({"email": EMAIL_UNAVAILABLE})

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name.split(" ")[0] if self.name else self.email

    @property
    def is_customer(self) -> bool:
        """A portal account: a contact of a customer, never one of the factory's staff."""
        return self.role == Role.CUSTOMER

    @property
    def is_active(self) -> bool:  # type: ignore[override]
        return self.status == UserStatus.ACTIVE

    # --- Django admin: tenant admins manage their tenant's data; whoever holds
    # `workflow.configure` manages workflow templates. RLS scopes every admin query to the tenant.
    is_superuser = False

    def has_module_perms(self, app_label: str) -> bool:
        if has_permission(self, "*"):
            return True
        return app_label == "workflow" and has_permission(self, "workflow.configure")

    def has_perm(self, perm: str, obj=None) -> bool:
        return self.has_module_perms(perm.split(".", 1)[0])

    def has_perms(self, perm_list, obj=None) -> bool:
        return all(self.has_perm(perm, obj) for perm in perm_list)

    @property
    def is_staff(self) -> bool:
        return self.has_module_perms("workflow")
