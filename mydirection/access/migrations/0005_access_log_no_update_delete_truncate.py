"""On PostgreSQL the application's role holds no UPDATE, DELETE or TRUNCATE on the access log.

The trigger of 0003 refuses UPDATE and DELETE, but a row trigger never sees TRUNCATE. A
statement trigger on TRUNCATE would refuse Django's own ``flush`` too, which empties the
tables between transactional tests. So TRUNCATE, UPDATE and DELETE are revoked as privileges
instead, from PUBLIC and from the table's owner (the role that ran the migrations, which is the
application's role unless a deployment migrates as another one): "permission denied" for the
application, whatever it is tricked into running. Only a superuser bypasses privileges, so the
application must not connect as one; the owner could grant them back (as it could disable the
trigger), which is why the checkpoints outside the database anchor the log as well.
A deployment that migrates as a separate owner grants the application role only SELECT and
INSERT on this table.
"""

from django.db import migrations

PRIVILEGES = "UPDATE, DELETE, TRUNCATE"


def _statement(verb: str) -> str:
    """REVOKE from (or GRANT back to) the table's owner, whoever ran the migrations."""
    direction = "FROM" if verb == "REVOKE" else "TO"
    return f"""
DO $$
BEGIN
    EXECUTE '{verb} {PRIVILEGES} ON access_accesslogentry {direction} ' || quote_ident(
        pg_get_userbyid((SELECT relowner FROM pg_class WHERE oid = 'access_accesslogentry'::regclass))
    );
END
$$;
"""


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"REVOKE {PRIVILEGES} ON access_accesslogentry FROM PUBLIC")
        schema_editor.execute(_statement("REVOKE"))


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_statement("GRANT"))


class Migration(migrations.Migration):
    dependencies = [("access", "0004_access_log_person_actor")]
    operations = [migrations.RunPython(forwards, backwards)]
