"""Turn signing and verification failures into the project's Vietnamese errors with their own exit code."""

from __future__ import annotations

from ..core.errors import VanbanError


class SigningError(VanbanError):
    """Signing was refused or failed: wrong order, second signature by a role, token, PIN, key or certificate."""

    exit_code = 6
    heading = "Không ký được"


class VerificationFailed(VanbanError):
    """`vanban verify` found a signature broken, altered after signing, untrusted or out of the decree's rules."""

    exit_code = 7
    heading = "Chữ ký số không đạt"
