"""A fresh machine sets Odoo 18.0 up the way bin/demo, bin/test and bin/bench do.

The source tree of the Odoo this run imports is packed into a tarball, as
Odoo publishes its source, and the project's own install function
(bin/lib-odoo.sh) installs it into a new virtual environment: Odoo's pinned
requirements, then the source. pip's download and wheel cache is the user's
(~/.cache/pip), kept between runs.
"""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg2
import pytest

import odoo
from odoo.tools import config

ROOT = Path(__file__).resolve().parents[1]
ODOO_TREE = Path(odoo.__file__).resolve().parents[1]
# what Odoo's source tarball holds
SOURCE_PARTS = ("odoo", "addons", "requirements.txt", "setup", "setup.py", "odoo-bin")


def _lib(script, **env):
    """Runs SCRIPT in bash after sourcing bin/lib.sh, as the bin/ commands do."""
    return subprocess.run(
        ["bash", "-c", f'source "{ROOT}/bin/lib.sh"; {script}'],
        env={**os.environ, "PYTHON": sys.executable, **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=1800,
    )


@pytest.fixture(scope="module")
def odoo_tarball(tmp_path_factory):
    parts = [part for part in SOURCE_PARTS if (ODOO_TREE / part).exists()]
    assert "requirements.txt" in parts, (
        f"The imported Odoo ({ODOO_TREE}) is not a source tree with Odoo's requirements.txt"
    )
    tarball = tmp_path_factory.mktemp("source") / "odoo_18.0.latest.tar"
    subprocess.run(
        [
            "tar",
            "--exclude=__pycache__",
            "--transform",
            "s,^,odoo-18.0/,",
            "-C",
            str(ODOO_TREE),
            "-cf",
            str(tarball),
            *parts,
        ],
        check=True,
    )
    return tarball


@pytest.fixture(scope="module")
def fresh_venv(odoo_tarball, tmp_path_factory):
    venv = tmp_path_factory.mktemp("machine") / ".venv"
    result = _lib(
        'install_odoo_venv "$(choose_base_python)" "$VENV_DIR"',
        AFTERSALES_VENV=str(venv),
        ODOO_OFFICIAL_SOURCE=str(odoo_tarball),
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "pinned dependencies" in result.stderr
    return venv


def _run(venv, *args):
    return subprocess.run(
        [str(venv / "bin" / args[0]), *args[1:]],
        capture_output=True,
        text=True,
        check=False,
        cwd="/tmp",
        timeout=900,
    )


def test_fresh_environment_runs_odoo(fresh_venv):
    version = _run(fresh_venv, "odoo", "--version")
    assert version.returncode == 0, version.stderr
    assert version.stdout.strip() == "Odoo Server 18.0"
    imports = _run(
        fresh_venv,
        "python",
        "-c",
        "import odoo.http, odoo.tools.mail, psycopg2, lxml; print(odoo.__file__)",
    )
    assert imports.returncode == 0, imports.stderr
    # Odoo runs from the environment's own copy of the source, not the machine's
    assert imports.stdout.startswith(str(fresh_venv / "src" / "odoo"))
    # the pins, not the newest releases (lxml 5 broke odoo.tools.mail)
    pins = _run(fresh_venv, "python", "-m", "pip", "freeze")
    frozen = pins.stdout.lower().splitlines()
    assert not any(line.startswith("python-ldap") for line in frozen)
    assert any(line.startswith("werkzeug==2.") for line in frozen), frozen


def test_fresh_environment_installs_base(fresh_venv, tmp_path):
    database = f"aftersales_setup_{uuid.uuid4().hex[:8]}"
    db_args = [f"--db_user={config['db_user']}"]
    if config["db_host"]:
        db_args.append(f"--db_host={config['db_host']}")
    if config["db_port"]:
        db_args.append(f"--db_port={config['db_port']}")
    try:
        install = _run(
            fresh_venv,
            "odoo",
            *db_args,
            "-d",
            database,
            "-i",
            "base",
            "--stop-after-init",
            f"--data-dir={tmp_path}",
            "--log-level=warn",
        )
        assert install.returncode == 0, install.stderr[-3000:]
        with psycopg2.connect(
            dbname=database,
            user=config["db_user"],
            host=config["db_host"] or None,
            port=config["db_port"] or None,
        ) as connection, connection.cursor() as cursor:
            cursor.execute("SELECT state FROM ir_module_module WHERE name = 'base'")
            assert cursor.fetchone() == ("installed",)
        connection.close()
    finally:
        admin = psycopg2.connect(
            dbname="postgres",
            user=config["db_user"],
            host=config["db_host"] or None,
            port=config["db_port"] or None,
        )
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        admin.close()


def test_interrupted_install_completes_on_the_next_run(fresh_venv, odoo_tarball):
    # an install stopped half-way: no completion mark, Odoo not on the path
    (fresh_venv / ".odoo-complete").unlink()
    for path_file in fresh_venv.glob("lib/python*/site-packages/odoo-source.pth"):
        path_file.unlink()
    broken = _run(fresh_venv, "python", "-c", "import odoo.http")
    assert broken.returncode != 0
    again = _lib(
        'install_odoo_venv "$(choose_base_python)" "$VENV_DIR"',
        AFTERSALES_VENV=str(fresh_venv),
        ODOO_OFFICIAL_SOURCE=str(odoo_tarball),
    )
    assert again.returncode == 0, again.stderr[-3000:]
    assert (fresh_venv / ".odoo-complete").exists()
    assert _run(fresh_venv, "python", "-c", "import odoo.http").returncode == 0
    # once complete, the project's environment is the one every command uses
    chosen = _lib('ensure_odoo; echo "$PYTHON"', PYTHON="", AFTERSALES_VENV=str(fresh_venv))
    assert chosen.returncode == 0, chosen.stderr[-3000:]
    assert chosen.stdout.strip() == str(fresh_venv / "bin" / "python")


def test_source_that_is_not_there(tmp_path):
    result = _lib(
        'install_odoo_venv "$(choose_base_python)" "$VENV_DIR"',
        AFTERSALES_VENV=str(tmp_path / ".venv"),
        ODOO_OFFICIAL_SOURCE=str(tmp_path / "missing.tar.gz"),
    )
    assert result.returncode != 0
    assert "is not a file" in result.stderr
    assert not (tmp_path / ".venv" / ".odoo-complete").exists()


def test_source_that_is_not_a_tarball(tmp_path):
    bogus = tmp_path / "odoo.tar.gz"
    bogus.write_text("<html>proxy error</html>")
    result = _lib(
        'install_odoo_venv "$(choose_base_python)" "$VENV_DIR"',
        AFTERSALES_VENV=str(tmp_path / ".venv"),
        ODOO_OFFICIAL_SOURCE=str(bogus),
    )
    assert result.returncode != 0
    assert "is not a readable tarball" in result.stderr


def test_no_network(tmp_path):
    # nothing listens on the discard port of this machine
    result = _lib(
        'install_odoo_venv "$(choose_base_python)" "$VENV_DIR"',
        AFTERSALES_VENV=str(tmp_path / ".venv"),
        ODOO_OFFICIAL_SOURCE="http://127.0.0.1:9/odoo_18.0.latest.tar.gz",
    )
    assert result.returncode != 0
    assert "could not be downloaded" in result.stderr
    assert "ODOO_OFFICIAL_SOURCE=/path/to/odoo_18.0.tar.gz bin/demo" in result.stderr


def test_python_that_odoo_does_not_support(tmp_path):
    newer = tmp_path / "python3.13"
    newer.write_text("#!/bin/sh\necho 3.13\n")
    newer.chmod(0o755)
    result = _lib("choose_base_python", PYTHON=str(newer))
    assert result.returncode != 0
    assert "is Python 3.13; Odoo 18.0 runs on Python 3.10, 3.11, 3.12" in result.stderr
    assert "sudo apt-get install python3.12 python3.12-venv python3.12-dev" in result.stderr


def test_no_root_for_apt():
    result = _lib("as_root() { return 1; }; apt_install_or_die libpq-dev build-essential")
    assert result.returncode != 0
    assert "sudo apt-get install libpq-dev build-essential" in result.stderr
