"""On PostgreSQL, refuse any UPDATE or DELETE of an audit event inside the database itself.

The model already refuses these, but a trigger also stops raw SQL through the app's own
connection. SQLite has no roles or shared server, so there the model's refusal is the guard.
TRUNCATE is a statement the app never issues; revoke it (with UPDATE and DELETE) from the
app's database role in a deployment.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION carepanel_audit_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit events cannot be changed or deleted (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_auditevent_append_only
    BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION carepanel_audit_refuse_change();
"""

DROP = """
DROP TRIGGER IF EXISTS audit_auditevent_append_only ON audit_auditevent;
DROP FUNCTION IF EXISTS carepanel_audit_refuse_change();
"""


def _run(sql: str) -> Callable[[Any, Any], None]:
    def run(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)  # None: the "%" is PL/pgSQL's
    return run


class Migration(migrations.Migration):
    dependencies = (("audit", "0001_initial"),)
    operations = (migrations.RunPython(_run(CREATE), _run(DROP)),)
