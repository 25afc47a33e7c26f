from __future__ import annotations

import uuid

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from apps.core.models import choices_check
from apps.users.roles import Role, has_permission, is_known_pattern


class UserStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    INVITED = "invited", "Invited"
    SUSPENDED = "suspended", "Suspended"
    DISABLED = "disabled", "Disabled"


def validate_permission_pattern(pattern: str) -> None:
    """An extra grant must match at least one real permission: a typo would grant nothing and
    look as if it did."""
    if not is_known_pattern(pattern):
        raise ValidationError(
            "“%(pattern)s” matches no permission of Factory Pulse.",
            code="unknown_permission",
            params={"pattern": pattern},
        )


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields):
        if not email:
            raise ValueError("Users must have an e-mail address.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user


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
        help_text="Permission strings granted to this user on top of the role's.",
    )
    last_login = models.DateTimeField(null=True, blank=True, db_column="last_login_at")
    created_at = models.DateTimeField(auto_now_add=True, db_default=models.functions.Now())
    updated_at = models.DateTimeField(auto_now=True, db_default=models.functions.Now())

    objects = UserManager()

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

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name.split(" ")[0] if self.name else self.email

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
