"""Who is asking and what they may do: roles, the permissions each grants, the check.

Permissions are checked here, in the application layer, so a route that forgot to check
still cannot read a draft or save a revision. The command line acts as `Actor.local()`,
the machine's own user, with every role: whoever runs it already holds the database.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from enum import StrEnum

from sopflow.errors import AuthenticationError, InvalidInputError, PermissionDeniedError


class Role(StrEnum):
    """What a person does in sopflow; a person may hold several."""

    READER = "reader"
    AUTHOR = "author"
    REVIEWER = "reviewer"
    ADMIN = "admin"


class Permission(StrEnum):
    """One thing a use case may need."""

    READ = "read"  # effective documents, search, where-used, renders
    READ_DRAFTS = "read-drafts"  # revisions not yet effective, history, diffs, lint
    RUN = "run"  # start, answer and resume runs; see one's own runs
    SEE_ALL_RUNS = "see-all-runs"  # everyone's runs and the stats
    EDIT = "edit"  # save revisions, import
    CAPTURE = "capture"  # upload walkthroughs, review and save their drafts
    REVIEW = "review"  # review and approve (document control)
    ADMIN = "admin"  # users, tokens of others, settings


GRANTS: dict[Role, frozenset[Permission]] = {
    Role.READER: frozenset({Permission.READ, Permission.RUN}),
    Role.AUTHOR: frozenset(
        {
            Permission.READ,
            Permission.READ_DRAFTS,
            Permission.RUN,
            Permission.SEE_ALL_RUNS,
            Permission.EDIT,
            Permission.CAPTURE,
        }
    ),
    Role.REVIEWER: frozenset(
        {
            Permission.READ,
            Permission.READ_DRAFTS,
            Permission.RUN,
            Permission.SEE_ALL_RUNS,
            Permission.REVIEW,
        }
    ),
    Role.ADMIN: frozenset(Permission),
}
"""The permissions of each role; a person holds the union of their roles' permissions."""


def parse_role(text: str, *, field: str = "role") -> Role:
    """A role from its name; an InvalidInputError naming the field and the choices."""
    try:
        return Role(text.strip().casefold())
    except ValueError:
        choices = ", ".join(role.value for role in Role)
        raise InvalidInputError(
            f"{field}: {text!r} is not a role; choose from {choices}", field=field
        ) from None


@dataclass(frozen=True)
class Actor:
    """The person a use case runs for: login name, full name, roles."""

    name: str
    full_name: str
    roles: frozenset[Role]
    user_id: int | None = None  # None for the local command-line user

    @classmethod
    def local(cls) -> Actor:
        """The machine's own user, as the command line acts: every role."""
        try:
            name = getpass.getuser()
        except (OSError, KeyError):
            name = "unknown"
        return cls(name=name, full_name=name, roles=frozenset(Role))

    @property
    def permissions(self) -> frozenset[Permission]:
        """Everything the actor's roles allow."""
        granted: set[Permission] = set()
        for role in self.roles:
            granted |= GRANTS[role]
        return frozenset(granted)

    def can(self, permission: Permission) -> bool:
        """Whether the actor's roles allow permission."""
        return permission in self.permissions


def require(actor: Actor | None, permission: Permission) -> Actor:
    """The actor, when allowed; AuthenticationError for nobody, PermissionDeniedError else."""
    if actor is None:
        raise AuthenticationError("sign in first")
    if not actor.can(permission):
        raise PermissionDeniedError(
            f"{actor.name} may not do this: it needs the {permission.value} permission, "
            f"which none of the roles {', '.join(sorted(actor.roles)) or '(none)'} grants"
        )
    return actor
