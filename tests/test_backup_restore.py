"""Backup and restore round trip: ``scripts/backup`` and ``scripts/restore``.

A throwaway copy of the test database (``MDD_TEMPLATE_DB`` and its filestore,
or a fresh install of MDD's profile) gets reports with attachments, created
by a case handler: files attached to the report, files of a message in its
chatter, and one content shared by several attachments (one file in the
filestore). It is backed up twice, plain and encrypted with ``age`` for a
freshly generated key pair, and each archive is restored into a new
database. The restored database must equal the source: every table's row
count and content, the sequences, and every attachment's bytes (read from
the filestore and through Odoo itself).

The unhappy paths: restoring into an existing database is refused and
changes nothing; a changed dump or filestore file is refused; an encrypted
archive without (or with the wrong) identity is refused; a backup with a
recipient but without ``age`` writes nothing; a dump that cannot be restored
leaves no database or filestore behind. Nothing is skipped: a missing tool is
an error.
"""

import hashlib
import io
import json
import os
import re
import secrets
import shutil
import stat
import subprocess
import sys
import tarfile
import tempfile
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from e2e_env import ROOT, odoo_env, psql, require_env
from e2e_env import connect as _connect

BACKUP = ROOT / "scripts" / "backup"
RESTORE = ROOT / "scripts" / "restore"
KEY_TABLES = (
    "helpdesk_ticket",
    "mdd_complainant",
    "mdd_incident",
    "mdd_report_action",
    "mdd_education_session",
    "mdd_education_request",
    "ir_attachment",
    "mail_message",
    "res_partner",
    "res_users",
)
ARCHIVE_NAME = re.compile(r"^mdd-(?P<db>[\w.-]+)-\d{8}-\d{6}\.tar(?P<age>\.age)?$")

# Run in `odoo shell` on the source database: a case handler registers three
# reports, each with a file attached to the report and two files on a message
# of its chatter; the note is the same on all three (one file, three
# attachments). Prints the attachments with the SHA-256 of what was stored.
CREATE_REPORTS = """
import hashlib, json, os
from odoo import fields
teams = env["helpdesk.ticket.team"].search([("is_mdd_bureau", "=", True)])
assert teams, "no bureau team"
handler = env["res.users"].with_context(no_reset_password=True).create({
    "name": "Backup test handler",
    "login": "mdd_backup_handler",
    "email": "backup.handler@example.com",
    "groups_id": [(6, 0, [env.ref("base.group_user").id,
                          env.ref("mdd_meldpunt.group_mdd_user").id])],
})
teams.write({"user_ids": [(4, handler.id)]})
henv = env(user=handler)
municipality = env.ref("mdd_base.municipality_gm0106")
note = "Wat er gebeurde: één zin, een NUL \\x00 en \\u00fc.".encode()
stored = {}
for i in range(3):
    complainant = henv["mdd.complainant"].create({
        "name": f"Backup Test Melder {i}",
        "email": f"backup.melder{i}@example.com",
        "age_group": "30_44",
        "role": "victim",
    })
    report = henv["helpdesk.ticket"].with_context(mdd_report=True).create({
        "name": f"Backup test melding {i}",
        "description": "<p>Wat er gebeurde.</p>",
        "incident_date": fields.Date.today(),
        "incident_municipality_id": municipality.id,
        "complainant_id": complainant.id,
    })
    pdf = b"%PDF-1.4\\n" + os.urandom(200_000 + i)
    photo = b"\\xff\\xd8\\xff\\xe0" + os.urandom(40_000 + i)
    direct = henv["ir.attachment"].create({
        "name": f"verklaring-{i}.pdf", "raw": pdf,
        "res_model": "helpdesk.ticket", "res_id": report.id,
    })
    message = report.message_post(
        body="Bijlagen van de melder",
        attachments=[(f"foto-{i}.jpg", photo), ("notitie.txt", note)],
        message_type="comment",
        subtype_xmlid="mail.mt_note",
    )
    by_name = {attachment.name: attachment for attachment in message.attachment_ids}
    for attachment, data in (
        (direct, pdf), (by_name[f"foto-{i}.jpg"], photo), (by_name["notitie.txt"], note)
    ):
        stored[attachment.id] = hashlib.sha256(data).hexdigest()
env.cr.commit()
print("CREATED " + json.dumps(stored))
"""

# Run in `odoo shell` on a restored database: the SHA-256 and size of each
# given attachment as Odoo reads it (from the restored filestore).
READ_ATTACHMENTS = """
import hashlib, json, os
ids = [int(i) for i in json.loads(os.environ["MDD_ATTACHMENT_IDS"])]
out = {}
for attachment in env["ir.attachment"].browse(ids):
    raw = attachment.raw or b""
    out[attachment.id] = [hashlib.sha256(raw).hexdigest(), len(raw), attachment.res_model]
print("READ " + json.dumps(out))
"""


@dataclass
class Source:
    db: str
    work: Path
    data_dir: Path
    attachments: dict
    databases: list = field(default_factory=list)

    def filestore(self, db=None):
        return self.data_dir / "filestore" / (db or self.db)


def _sql(db, query, params=()):
    with closing(_connect(db)) as conn, conn.cursor() as cr:
        cr.execute(query, params)
        return cr.fetchall()


def _db_exists(db):
    return bool(_sql("postgres", "SELECT 1 FROM pg_database WHERE datname = %s", [db]))


def _snapshot(db):
    """Row count and digest of the content of every table, and every
    sequence's value."""
    tables = [
        name
        for (name,) in _sql(
            db,
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY 1",
        )
    ]
    out = {"tables": {}, "sequences": {}}
    with closing(_connect(db)) as conn, conn.cursor() as cr:
        for table in tables:
            cr.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) "
                f'FROM "{table}" t'
            )
            out["tables"][table] = cr.fetchone()
        cr.execute("SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'")
        out["sequences"] = dict(cr.fetchall())
    return out


def _files(directory):
    """Relative path -> bytes of every file under ``directory``."""
    return {
        str(path.relative_to(directory)): path.read_bytes()
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }


def _odoo_shell(db, data_dir, script, env_extra=None):
    env = odoo_env()
    env.update(env_extra or {})
    cmd = [
        sys.executable,
        "-m",
        "odoo",
        "shell",
        "-d",
        db,
        f"--addons-path={ROOT / 'addons'}",
        f"--db_user={require_env('MDD_DB_USER')}",
        *([f"--db_host={os.environ['PGHOST']}"] if os.environ.get("PGHOST") else []),
        *([f"--db_port={os.environ['PGPORT']}"] if os.environ.get("PGPORT") else []),
        f"--data-dir={data_dir}",
        "--no-http",
        "--log-level=warn",
    ]
    return subprocess.run(
        cmd, env=env, input=script, capture_output=True, text=True, check=False, cwd=ROOT
    )


def _shell_result(proc, prefix):
    for line in proc.stdout.splitlines():
        if line.startswith(prefix + " "):
            return json.loads(line[len(prefix) + 1 :])
    pytest.fail(f"no {prefix} line from odoo shell:\n{proc.stdout[-3000:]}\n{proc.stderr[-5000:]}")


def _run(script, *args, source, extra_env=None, path=None, stdin=None):
    env = odoo_env()
    for name in ("MDD_BACKUP_RECIPIENT", "MDD_BACKUP_IDENTITY", "MDD_BACKUP_DIR", "MDD_DB"):
        env.pop(name, None)
    env["MDD_DATA_DIR"] = str(source.data_dir)
    env.update(extra_env or {})
    if path is not None:
        env["PATH"] = path
    return subprocess.run(
        [str(script), *map(str, args)],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )


def _need(tool):
    found = shutil.which(tool)
    if not found:
        pytest.fail(f"'{tool}' is not installed (Debian: apt-get install {tool})", pytrace=False)
    return found


@pytest.fixture(scope="module")
def source():
    """A throwaway copy of the test database with reports and attachments."""
    work = Path(tempfile.mkdtemp(prefix="mdd-backup-test-"))
    data_dir = work / "data"
    db = f"mdd_bkp_{secrets.token_hex(4)}"
    src = Source(db=db, work=work, data_dir=data_dir, attachments={}, databases=[db])
    template = os.environ.get("MDD_TEMPLATE_DB")
    try:
        if template:
            psql("-c", f'CREATE DATABASE "{db}" TEMPLATE "{template}"')
            template_files = Path(require_env("MDD_TEMPLATE_DATA_DIR")) / "filestore" / template
            if not template_files.is_dir():
                pytest.fail(f"no filestore of {template} at {template_files}", pytrace=False)
            shutil.copytree(template_files, src.filestore())
        else:
            env = odoo_env()
            install = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "odoo",
                    f"--addons-path={ROOT / 'addons'}",
                    f"--db_user={require_env('MDD_DB_USER')}",
                    f"--data-dir={data_dir}",
                    "-d",
                    db,
                    "-i",
                    "mdd_profile_drenthe",
                    "--stop-after-init",
                    "--no-http",
                    "--log-level=warn",
                ],
                env=env,
                capture_output=True,
                text=True,
                check=False,
                cwd=ROOT,
            )
            assert install.returncode == 0, install.stderr[-5000:]
        created = _odoo_shell(db, data_dir, CREATE_REPORTS)
        src.attachments = _shell_result(created, "CREATED")
        assert len(src.attachments) == 9, src.attachments
        yield src
    finally:
        for name in src.databases:
            psql("-c", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(work, ignore_errors=True)


@pytest.fixture(scope="module")
def age_keys(source):
    """A fresh age key pair: (identity file, recipient)."""
    _need("age")
    keygen = _need("age-keygen")
    keys = source.work / "keys"
    keys.mkdir(mode=0o700)
    identity = keys / "backup-identity.txt"
    subprocess.run([keygen, "-o", str(identity)], check=True, capture_output=True)
    recipient = subprocess.run(
        [keygen, "-y", str(identity)], check=True, capture_output=True, text=True
    ).stdout.strip()
    assert recipient.startswith("age1")
    return identity, recipient


def _backup(source, out, *args, **kwargs):
    proc = _run(BACKUP, "--db", source.db, "--out", out, *args, source=source, **kwargs)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    archive = Path(proc.stdout.strip().splitlines()[-1])
    assert archive.parent == out and archive.is_file(), proc.stdout
    # The archive alone is left: no staging directory, no partial file.
    assert [path.name for path in out.iterdir()] == [archive.name]
    found = ARCHIVE_NAME.match(archive.name)
    assert found and found["db"] == source.db, archive.name
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    assert stat.S_IMODE(out.stat().st_mode) & 0o077 == 0
    return archive


@pytest.fixture(scope="module")
def plain_archive(source):
    return _backup(source, source.work / "plain")


@pytest.fixture(scope="module")
def encrypted_archive(source, age_keys):
    _identity, recipient = age_keys
    return _backup(source, source.work / "encrypted", "--encrypt-to", recipient)


def _restore(source, archive, new_db, *args, stdin=None):
    source.databases.append(new_db)
    return _run(RESTORE, archive, "--db", new_db, *args, source=source, stdin=stdin)


def _assert_restored_equals_source(source, new_db):
    assert _snapshot(new_db) == _snapshot(source.db)
    for table in KEY_TABLES:
        count = _sql(new_db, f'SELECT count(*) FROM "{table}"')[0][0]
        assert count == _sql(source.db, f'SELECT count(*) FROM "{table}"')[0][0], table
    assert _sql(new_db, "SELECT count(*) FROM helpdesk_ticket WHERE name LIKE 'Backup test%%'") == [
        (3,)
    ]
    # Every file an attachment refers to, byte for byte; the restored
    # filestore holds exactly those.
    referenced = {
        name
        for (name,) in _sql(
            source.db, "SELECT store_fname FROM ir_attachment WHERE store_fname IS NOT NULL"
        )
    }
    restored = _files(source.filestore(new_db))
    assert set(restored) == referenced
    original = source.filestore()
    for name, data in restored.items():
        assert data == (original / name).read_bytes(), name
    # And through Odoo: the new reports' files, as Odoo reads them from the
    # restored database and filestore, are the bytes that were stored.
    proc = _odoo_shell(
        new_db,
        source.data_dir,
        READ_ATTACHMENTS,
        {"MDD_ATTACHMENT_IDS": json.dumps(list(source.attachments))},
    )
    read = _shell_result(proc, "READ")
    assert {key: value[0] for key, value in read.items()} == source.attachments
    assert all(size > 0 and model == "helpdesk.ticket" for _sha, size, model in read.values())


def _manifest(archive):
    with tarfile.open(archive) as tar:
        return json.load(tar.extractfile("manifest.json"))


def test_plain_backup_restores_into_a_second_database(source, plain_archive):
    with tarfile.open(plain_archive) as tar:
        names = tar.getnames()
        dump = tar.extractfile("dump.pgdump").read()
    assert names[:3] == ["manifest.json", "dump.pgdump", "filestore"]
    assert all(name.startswith("filestore/") for name in names[3:])
    manifest = _manifest(plain_archive)
    assert manifest["format"] == "mdd-backup" and manifest["format_version"] == 1
    assert manifest["database"] == source.db
    assert manifest["odoo_version"] == "18.0"
    assert manifest["modules"]["mdd_meldpunt"].startswith("18.0.")
    assert manifest["modules"]["mdd_profile_drenthe"].startswith("18.0.")
    assert manifest["dump"]["sha256"] == hashlib.sha256(dump).hexdigest()
    assert manifest["filestore"]["files"] == len(names) - 3
    assert manifest["filestore"]["missing"] == 0
    for table in KEY_TABLES:
        assert (
            manifest["row_counts"][table]
            == _sql(source.db, f'SELECT count(*) FROM "{table}"')[0][0]
        )

    new_db = f"{source.db}_plain"
    proc = _restore(source, plain_archive, new_db)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"into the new database '{new_db}'" in proc.stdout
    _assert_restored_equals_source(source, new_db)


def test_encrypted_backup_restores_with_the_identity(source, age_keys, encrypted_archive):
    identity, _recipient = age_keys
    assert encrypted_archive.name.endswith(".tar.age")
    head = encrypted_archive.read_bytes()[:64]
    assert head.startswith(b"age-encryption.org/v1\n")
    with pytest.raises(tarfile.ReadError), tarfile.open(encrypted_archive):
        pass

    new_db = f"{source.db}_age"
    proc = _restore(source, encrypted_archive, new_db, "--identity", identity)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    _assert_restored_equals_source(source, new_db)


def _assert_refused(proc, message, source, new_db):
    assert proc.returncode != 0, proc.stdout
    assert message in proc.stderr, proc.stderr
    assert not _db_exists(new_db)
    assert not source.filestore(new_db).exists()
    # The staging directory is gone too.
    assert not list(source.data_dir.glob(".mdd-restore.*"))


def test_restore_into_an_existing_database_is_refused_and_changes_nothing(source, plain_archive):
    before = _snapshot(source.db)
    files_before = _files(source.filestore())
    proc = _run(RESTORE, plain_archive, "--db", source.db, source=source)
    assert proc.returncode != 0
    assert f"database '{source.db}' exists already" in proc.stderr
    assert _snapshot(source.db) == before
    assert _files(source.filestore()) == files_before

    # A new database name whose filestore directory holds files: refused too.
    new_db = f"{source.db}_stale"
    stale = source.filestore(new_db) / "ab"
    stale.mkdir(parents=True)
    (stale / "keep.txt").write_bytes(b"not ours")
    proc = _restore(source, plain_archive, new_db)
    assert proc.returncode != 0
    assert "exists and is not empty" in proc.stderr
    assert not _db_exists(new_db)
    assert (stale / "keep.txt").read_bytes() == b"not ours"
    shutil.rmtree(source.filestore(new_db))


def _rewrite(archive, target, change):
    """Copy ``archive`` to ``target`` with ``change(name, data) -> data``
    applied to each file."""
    with tarfile.open(archive) as src, tarfile.open(target, "w") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read() if member.isfile() else None
            if data is not None:
                data = change(member.name, data)
                member.size = len(data)
            dst.addfile(member, io.BytesIO(data) if data is not None else None)
    return target


def test_restore_refuses_a_changed_dump(source, plain_archive):
    def flip(name, data):
        if name != "dump.pgdump":
            return data
        middle = len(data) // 2
        return data[:middle] + bytes([data[middle] ^ 0x01]) + data[middle + 1 :]

    tampered = _rewrite(plain_archive, source.work / "tampered-dump.tar", flip)
    new_db = f"{source.db}_tampered"
    proc = _restore(source, tampered, new_db)
    _assert_refused(proc, "sha256 does not match the manifest", source, new_db)


def test_restore_refuses_a_changed_file(source, plain_archive):
    changed = []

    def change_one(name, data):
        if name.startswith("filestore/") and not changed:
            changed.append(name)
            return data + b"\n"
        return data

    tampered = _rewrite(plain_archive, source.work / "tampered-file.tar", change_one)
    assert changed
    new_db = f"{source.db}_tampered_file"
    proc = _restore(source, tampered, new_db)
    _assert_refused(proc, "damaged or was changed", source, new_db)


def test_restore_of_an_unrestorable_dump_leaves_nothing_behind(source, plain_archive):
    """A dump cut short, with a manifest that matches it: the checks pass,
    pg_restore fails, and the new database and filestore are removed."""
    with tarfile.open(plain_archive) as tar:
        dump = tar.extractfile("dump.pgdump").read()
    short = dump[: len(dump) // 2]

    def cut(name, data):
        if name == "dump.pgdump":
            return short
        if name == "manifest.json":
            manifest = json.loads(data)
            manifest["dump"]["sha256"] = hashlib.sha256(short).hexdigest()
            return json.dumps(manifest).encode()
        return data

    broken = _rewrite(plain_archive, source.work / "broken.tar", cut)
    new_db = f"{source.db}_broken"
    proc = _restore(source, broken, new_db)
    _assert_refused(proc, "pg_restore into", source, new_db)


def test_encrypted_archive_needs_the_right_identity(source, age_keys, encrypted_archive):
    new_db = f"{source.db}_noid"
    proc = _restore(source, encrypted_archive, new_db)
    _assert_refused(proc, "the archive is encrypted", source, new_db)

    other = source.work / "keys" / "other-identity.txt"
    subprocess.run([_need("age-keygen"), "-o", str(other)], check=True, capture_output=True)
    proc = _restore(source, encrypted_archive, new_db, "--identity", other)
    _assert_refused(proc, "cannot decrypt", source, new_db)
    proc = _restore(source, encrypted_archive, new_db, "--identity", "-", stdin=other.read_text())
    _assert_refused(proc, "cannot decrypt", source, new_db)

    # The right identity on standard input (never stored on the server).
    identity, _recipient = age_keys
    new_db = f"{source.db}_stdin"
    key = identity.read_text()
    proc = _restore(source, encrypted_archive, new_db, "--identity", "-", stdin=key)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert _sql(new_db, "SELECT count(*) FROM helpdesk_ticket WHERE name LIKE 'Backup test%%'") == [
        (3,)
    ]


def test_backup_with_a_recipient_but_without_age_writes_nothing(source, age_keys):
    """The PATH has every command of the system but age."""
    _identity, recipient = age_keys
    bin_dir = source.work / "bin-without-age"
    bin_dir.mkdir()
    for directory in os.environ["PATH"].split(os.pathsep):
        if not os.path.isdir(directory):
            continue
        for entry in os.scandir(directory):
            target = bin_dir / entry.name
            if entry.name.startswith("age") or target.exists():
                continue
            if os.access(entry.path, os.X_OK):
                target.symlink_to(entry.path)
    assert shutil.which("age", path=str(bin_dir)) is None
    assert shutil.which("pg_dump", path=str(bin_dir)) is not None
    out = source.work / "no-age"
    for extra in ({"MDD_BACKUP_RECIPIENT": recipient}, {}):
        args = [] if extra else ["--encrypt-to", recipient]
        proc = _run(
            BACKUP,
            "--db",
            source.db,
            "--out",
            out,
            *args,
            source=source,
            extra_env=extra,
            path=str(bin_dir),
        )
        assert proc.returncode != 0
        assert "'age' is not installed" in proc.stderr, proc.stderr
        assert not out.exists() or not any(out.iterdir())
