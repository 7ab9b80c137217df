"""Rules of the code's shape that a review would otherwise have to catch.

Roles are decided in one place: the access policy's table of capabilities (and its relations).
Anywhere else, comparing a user's role is a permission written out of sight of that table.
"""

import ast
from pathlib import Path

import mydirection
from mydirection.staff.models import Role

PACKAGE = Path(mydirection.__file__).parent
ROLE_VALUES = set(Role.values)
# Where roles are defined (staff.models) and decided (access), and the demo, which builds an
# organisation of staff of each role (data, not a permission): nowhere else compares one.
ALLOWED = (PACKAGE / "access", PACKAGE / "staff" / "models.py", PACKAGE / "demo")


def _is_role(node: ast.expr) -> bool:
    """``Role.X``, a role's string, ``x.role``, or a tuple or set of them."""
    if isinstance(node, ast.Attribute):
        if isinstance(node.value, ast.Name) and node.value.id == "Role":
            return True
        return node.attr == "role"
    if isinstance(node, ast.Constant):
        return node.value in ROLE_VALUES
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return any(_is_role(element) for element in node.elts)
    return False


def role_comparisons(source: str) -> list[int]:
    """Line numbers of comparisons that involve a role."""
    return [
        node.lineno
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Compare) and any(map(_is_role, [node.left, *node.comparators]))
    ]


def _application_modules() -> list[Path]:
    return [
        path
        for path in PACKAGE.rglob("*.py")
        if "tests" not in path.parts
        and "migrations" not in path.parts
        and path.name not in ("testing.py", "conftest.py")
        and not any(path == allowed or allowed in path.parents for allowed in ALLOWED)
    ]


def test_no_role_is_compared_outside_the_access_policy() -> None:
    found = {
        str(path.relative_to(PACKAGE)): lines
        for path in _application_modules()
        if (lines := role_comparisons(path.read_text()))
    }
    assert not found, f"Compare roles only in mydirection/access (capabilities): {found}"


def test_the_check_sees_each_way_of_comparing_a_role() -> None:
    assert role_comparisons("if user.role == Role.ADMINISTRATOR: pass") == [1]
    assert role_comparisons("ok = request.user.role in ('case_manager', 'x')") == [1]
    assert role_comparisons("ok = 'administrator' != role_name") == [1]
    assert role_comparisons("ok = user.holds_caseload and user.team_id is not None") == []
