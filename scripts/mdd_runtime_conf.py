#!/usr/bin/env python3
"""Write Odoo's runtime configuration: config/odoo.conf plus the hashed master
password (and any ``--set`` overrides), in a file only its owner can read.

Used by docker/entrypoint.sh (the Docker image) and scripts/run (developers),
so both start Odoo the same way: ``odoo -c <runtime file>``. With
``--new-password`` it only prints a random password (the entrypoint's
password for the "admin" user of a new database); with ``--hash`` only the
hash of the password on standard input (for MDD_ADMIN_PASSWD, so that .env
need not hold the password itself).

The master password (Odoo's ``admin_passwd``, which guards the database
manager) comes from, in this order:

- ``MDD_ADMIN_PASSWD``: the password itself, or a ``$pbkdf2-sha512$`` hash;
- ``MDD_ADMIN_PASSWD_FILE``: a file holding it (a Docker secret);
- ``--generate PATH``: a file created with a random password (mode 600) on
  the first run and read on later runs (scripts/run).

It is refused when missing, empty, ``admin`` (Odoo's default, whatever the
case), shorter than 16 characters, or when both variables are set. Only its
pbkdf2-sha512 hash (Odoo's own scheme, 600,000 rounds) is written.

Exit status 2 and one line on standard error saying what to do on refusal.
Standard library plus passlib (a requirement of Odoo: in the image and in
the virtual environment).
"""

import argparse
import configparser
import io
import os
import secrets
import string
import sys
import tempfile
from pathlib import Path

MIN_LENGTH = 16
HASH_PREFIX = "$pbkdf2-sha512$"
# What Odoo's odoo.tools.config.crypt_context uses (without its deprecated
# plaintext fallback).
HASH_ROUNDS = 600_000
FORBIDDEN = {"admin"}
HOW_TO = (
    "set MDD_ADMIN_PASSWD (or MDD_ADMIN_PASSWD_FILE, a file holding it) to a long random "
    "value, e.g. the output of: openssl rand -base64 32"
)


class Refused(Exception):
    """The master password cannot be used; the message says why."""


def crypt_context():
    try:
        from passlib.context import CryptContext  # noqa: PLC0415
    except ImportError:
        raise Refused("passlib is not installed for this Python (it is one of Odoo's requirements)")
    return CryptContext(schemes=["pbkdf2_sha512"], pbkdf2_sha512__rounds=HASH_ROUNDS)


def generate_password(length=32):
    """A random password with lower and upper case letters, digits and a sign,
    so that it also passes a password policy."""
    alphabet = string.ascii_letters + string.digits + "-_.~"
    while True:
        password = "".join(secrets.choice(alphabet) for _ in range(length))
        if (
            any(c.islower() for c in password)
            and any(c.isupper() for c in password)
            and any(c.isdigit() for c in password)
            and any(c in "-_.~" for c in password)
        ):
            return password


def write_private(path, text):
    """Write ``text`` to ``path`` atomically, readable by its owner only."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_secret_file(path, variable):
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise Refused(f"{variable}={path} cannot be read ({exc.strerror}); {HOW_TO}")


def master_password(environ, generate=None):
    """The master password (or its hash) and where it came from."""
    value = environ.get("MDD_ADMIN_PASSWD") or ""
    path = environ.get("MDD_ADMIN_PASSWD_FILE") or ""
    if value and path:
        raise Refused("both MDD_ADMIN_PASSWD and MDD_ADMIN_PASSWD_FILE are set; set only one")
    if value:
        source = "MDD_ADMIN_PASSWD"
    elif path:
        value, source = read_secret_file(path, "MDD_ADMIN_PASSWD_FILE"), path
    elif generate:
        generate = Path(generate)
        if not generate.exists():
            write_private(generate, generate_password() + "\n")
        elif generate.stat().st_mode & 0o077:
            generate.chmod(0o600)  # ours: keep it private
        value, source = read_secret_file(generate, "the master password file"), str(generate)
    else:
        raise Refused(f"no master password: {HOW_TO}")
    # A trailing newline (files, secrets) or surrounding blanks are no part of it.
    value = value.strip()
    if not value:
        raise Refused(f"the master password from {source} is empty; {HOW_TO}")
    return value, source


def hashed(password, source):
    """The pbkdf2-sha512 hash of ``password`` (kept when it is one already);
    refuses weak or default passwords."""
    context = crypt_context()
    if password.startswith(HASH_PREFIX):
        invalid = f"the master password from {source} is not a valid pbkdf2-sha512 hash"
        try:
            weak = any(context.verify(word, password) for word in FORBIDDEN)
        except ValueError:
            raise Refused(invalid)
        if weak:
            raise Refused(f"the master password from {source} is 'admin'; {HOW_TO}")
        return password
    if password.lower() in FORBIDDEN:
        raise Refused(f"the master password from {source} is 'admin'; {HOW_TO}")
    if len(password) < MIN_LENGTH:
        raise Refused(
            f"the master password from {source} has fewer than {MIN_LENGTH} characters; {HOW_TO}"
        )
    return context.hash(password)


def runtime_config(base, admin_hash, overrides):
    """The text of the runtime configuration."""
    parser = configparser.RawConfigParser()
    # Keys as written (Odoo's option names are lower case anyway).
    parser.optionxform = str
    if not parser.read(base, encoding="utf-8"):
        raise Refused(f"the server configuration {base} cannot be read")
    if not parser.has_section("options"):
        raise Refused(f"the server configuration {base} has no [options] section")
    for key, value in overrides:
        parser.set("options", key, value)
    parser.set("options", "admin_passwd", admin_hash)
    lines = [
        f"; Generated from {base} by {Path(__file__).name} at every start; do not edit.\n",
        "; admin_passwd is the pbkdf2-sha512 hash of the master password.\n",
    ]
    buffer = io.StringIO()
    parser.write(buffer)
    return "".join(lines) + buffer.getvalue()


def parse_override(text):
    key, sep, value = text.partition("=")
    key = key.strip()
    if not sep or not key or key == "admin_passwd":
        raise argparse.ArgumentTypeError(f"expected option=value (not admin_passwd): {text!r}")
    return key, value.strip()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", help="the shipped configuration")
    parser.add_argument("--out", help="the runtime configuration to write")
    parser.add_argument(
        "--hash",
        action="store_true",
        help="only print the hash of the master password read from standard input and exit",
    )
    parser.add_argument(
        "--new-password",
        action="store_true",
        help="only print a new random password (letters, digits and a sign) and exit",
    )
    parser.add_argument(
        "--generate",
        metavar="PATH",
        help="without MDD_ADMIN_PASSWD(_FILE): keep a random master password in PATH",
    )
    parser.add_argument(
        "--set",
        dest="overrides",
        action="append",
        default=[],
        type=parse_override,
        metavar="OPTION=VALUE",
        help="override an option of the shipped configuration",
    )
    args = parser.parse_args(argv)
    if args.new_password:
        print(generate_password())
        return 0
    if args.hash:
        try:
            print(hashed(sys.stdin.read().strip(), "standard input"))
        except Refused as exc:
            print(f"ERROR: {exc}", file=sys.stderr)
            return 2
        return 0
    if not args.base or not args.out:
        parser.error("--base and --out are required")
    try:
        password, source = master_password(os.environ, args.generate)
        text = runtime_config(args.base, hashed(password, source), args.overrides)
        write_private(args.out, text)
    except Refused as exc:
        print(f"ERROR: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
