# Python and Odoo 18.0 for the after-sales suite. Sourced by lib.sh.
#
# The suite runs in the Python that already imports Odoo 18.0 (a machine set
# up by hand keeps working), or else in a virtual environment of its own
# (.venv, ignored by git) where Odoo is installed the way Odoo documents a
# source install: its pinned requirements.txt first, then the source itself
# without dependencies. Every command (bin/demo, bin/test, bin/bench) goes
# through ensure_odoo and ensure_python_packages, so all use the same Python.

VENV_DIR="${AFTERSALES_VENV:-$ROOT/.venv}"
ODOO_OFFICIAL_SOURCE="${ODOO_OFFICIAL_SOURCE:-https://nightly.odoo.com/18.0/nightly/src/odoo_18.0.latest.tar.gz}"
# Odoo 18.0 runs on these Python series (odoo/__init__.py)
ODOO_PYTHONS="3.10 3.11 3.12"
# Debian's Python to suggest where no supported one is installed
SUGGESTED_PYTHON="python3.12"

# python_series PY: "3.11" for the interpreter PY, nothing when it does not run
python_series() {
    "$1" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null || true
}

python_supported() {
    local series
    series="$(python_series "$1")"
    [ -n "$series" ] && [[ " $ODOO_PYTHONS " == *" $series "* ]]
}

# odoo_version PY: the version of the Odoo that PY imports whole (its HTTP
# layer and mail tools included, which a wrong dependency breaks); nothing
# when it imports none.
odoo_version() {
    (cd /tmp && "$1" -c "import odoo.release, odoo.http, odoo.tools.mail; print(odoo.release.version)" 2>/dev/null) || true
}

odoo_is_18() {
    case "$(odoo_version "$1")" in 18.0*) return 0 ;; *) return 1 ;; esac
}

# apt_install_or_die PACKAGE...: installs Debian packages or stops with the
# command that installs them.
apt_install_or_die() {
    apt_install "$@" || die "These Debian packages are needed and could not be installed (no root, no sudo, or no apt): $*
Install them, then run this command again:
    sudo apt-get install $*"
}

# choose_base_python: prints the interpreter the virtual environment is made
# from: $PYTHON when set, else the first supported one on the PATH.
choose_base_python() {
    local candidate series
    if [ -n "${PYTHON:-}" ]; then
        series="$(python_series "$PYTHON")"
        [ -n "$series" ] || die "PYTHON=$PYTHON does not run. Point PYTHON at a Python 3.10, 3.11 or 3.12, or unset it."
        python_supported "$PYTHON" || die "PYTHON=$PYTHON is Python $series; Odoo 18.0 runs on Python ${ODOO_PYTHONS// /, }.
Install a supported one (Debian/Ubuntu: sudo apt-get install $SUGGESTED_PYTHON $SUGGESTED_PYTHON-venv $SUGGESTED_PYTHON-dev)
and run again with PYTHON=$SUGGESTED_PYTHON, or unset PYTHON."
        command -v "$PYTHON"
        return
    fi
    for candidate in python3 python3.12 python3.11 python3.10; do
        if command -v "$candidate" >/dev/null && python_supported "$candidate"; then
            command -v "$candidate"
            return
        fi
    done
    die "Odoo 18.0 runs on Python ${ODOO_PYTHONS// /, } and none is installed (python3 is ${series:-$(python_series python3)}).
Install one (Debian/Ubuntu: sudo apt-get install $SUGGESTED_PYTHON $SUGGESTED_PYTHON-venv $SUGGESTED_PYTHON-dev),
or point PYTHON at one, then run this command again."
}

# ensure_build_packages PY: what the pinned builds need (psycopg2 compiles
# against libpq; a few pins have no wheel for every Python).
ensure_build_packages() {
    local base="$1" series include missing=()
    series="$(python_series "$base")"
    command -v pg_config >/dev/null || missing+=(libpq-dev)
    command -v cc >/dev/null || command -v gcc >/dev/null || missing+=(build-essential)
    include="$("$base" -c "import sysconfig; print(sysconfig.get_paths()['include'])")"
    [ -f "$include/Python.h" ] || missing+=("python$series-dev")
    "$base" -c "import ensurepip, venv" 2>/dev/null || missing+=("python$series-venv")
    [ ${#missing[@]} -eq 0 ] || apt_install_or_die "${missing[@]}"
}

# fetch_odoo_source DEST: Odoo's source tree from ODOO_OFFICIAL_SOURCE (a URL,
# a file:// URL or a path to the tarball) unpacked into DEST.
fetch_odoo_source() {
    local dest="$1" work tarball release tree
    if [ -f "$dest/.complete" ]; then
        return
    fi
    mkdir -p "$(dirname "$dest")"
    work="$(mktemp -d "$(dirname "$dest")/.odoo-source.XXXXXX")"
    case "$ODOO_OFFICIAL_SOURCE" in
        http://* | https://*)
            tarball="$work/odoo.tar.gz"
            say "Downloading Odoo 18.0's source from $ODOO_OFFICIAL_SOURCE (about 250 MB)"
            if ! "$PIP_PYTHON" - "$ODOO_OFFICIAL_SOURCE" "$tarball" <<'PY'
import shutil
import sys
import urllib.request

with urllib.request.urlopen(sys.argv[1], timeout=120) as response, open(sys.argv[2], "wb") as out:
    shutil.copyfileobj(response, out)
PY
            then
                rm -rf "$work"
                die "Odoo's source could not be downloaded from $ODOO_OFFICIAL_SOURCE (no network, or a proxy in the way).
Download an Odoo 18.0 Community source tarball elsewhere and run again with
    ODOO_OFFICIAL_SOURCE=/path/to/odoo_18.0.tar.gz bin/demo"
            fi
            ;;
        file://*) tarball="${ODOO_OFFICIAL_SOURCE#file://}" ;;
        *) tarball="$ODOO_OFFICIAL_SOURCE" ;;
    esac
    if [ ! -f "$tarball" ]; then
        rm -rf "$work"
        die "ODOO_OFFICIAL_SOURCE=$ODOO_OFFICIAL_SOURCE is not a file. Point it at an Odoo 18.0 source tarball (or unset it to download Odoo's own)."
    fi
    say "Unpacking Odoo's source"
    mkdir "$work/tree"
    tar -xf "$tarball" -C "$work/tree" || { rm -rf "$work"; die "$tarball is not a readable tarball: download it again."; }
    release="$(find "$work/tree" -maxdepth 3 -path '*/odoo/release.py' | head -n 1)"
    [ -n "$release" ] || { rm -rf "$work"; die "$tarball holds no Odoo source tree (no odoo/release.py)."; }
    tree="$(dirname "$(dirname "$release")")"
    grep -q "^version_info = (18, 0," "$release" \
        || { rm -rf "$work"; die "$tarball is not Odoo 18.0 ($(grep '^version_info' "$release")): the suite needs Odoo 18.0 Community."; }
    rm -rf "$dest"
    mv "$tree" "$dest"
    rm -rf "$work"
    touch "$dest/.complete"
}

# odoo_requirements SOURCE: Odoo's pinned requirements, python-ldap left out
# (LDAP login is not used by the suite and needs LDAP headers to build).
odoo_requirements() {
    grep -v -i '^python-ldap' "$1/requirements.txt"
}

# install_odoo_venv BASE_PYTHON VENV: Odoo 18.0 and its pinned dependencies in
# a virtual environment. Safe to run again after an interruption: it goes on
# where the last run stopped.
install_odoo_venv() {
    local base="$1" venv="$2" source site
    python_supported "$base" || die "$base is Python $(python_series "$base"); Odoo 18.0 runs on Python ${ODOO_PYTHONS// /, }."
    ensure_build_packages "$base"
    say "Installing Odoo 18.0 and its pinned dependencies into ${venv#"$ROOT"/} (about 3 minutes, once)"
    rm -f "$venv/.odoo-complete"
    if ! "$venv/bin/python" -c "import pip" >/dev/null 2>&1; then
        rm -rf "$venv"
        "$base" -m venv "$venv" || die "The virtual environment $venv could not be created.
Install Debian's venv support (sudo apt-get install python$(python_series "$base")-venv) and run again."
    fi
    PIP_PYTHON="$venv/bin/python"
    source="$venv/src/odoo"
    fetch_odoo_source "$source"
    odoo_requirements "$source" >"$venv/odoo-requirements.txt"
    pip_install -r "$venv/odoo-requirements.txt" || die "pip could not install Odoo's pinned requirements (see above).
With no network, connect and run the same command again: what was installed is kept.
A build error names the missing Debian package (usually: sudo apt-get install libpq-dev build-essential python$(python_series "$base")-dev)."
    # the source itself, without dependencies: a path entry that serves both
    # Odoo's packaged layout (addons inside odoo/) and a git checkout's
    # (addons/ beside odoo/)
    site="$("$PIP_PYTHON" -c "import sysconfig; print(sysconfig.get_paths()['purelib'])")"
    echo "$source" >"$site/odoo-source.pth"
    sed "1s|.*|#!$PIP_PYTHON|" "$source/setup/odoo" >"$venv/bin/odoo"
    chmod +x "$venv/bin/odoo"
    odoo_is_18 "$PIP_PYTHON" || die "Odoo 18.0 was installed into $venv but does not import:
    $PIP_PYTHON -c 'import odoo.http'
shows why. Remove the folder (rm -rf $venv) and run again."
    touch "$venv/.odoo-complete"
}

# Odoo 18.0 pins cbor2 5.4.2, whose build breaks with setuptools 70 and
# later; Odoo's own pins hold while the suite's requirements are installed
# (but polib, which the translation checks want at 1.2, a compatible release).
pip_install() {
    local constraints
    constraints="$(mktemp)"
    echo "setuptools<70" >"$constraints"
    if [ -n "${ODOO_SOURCE_DIR:-}" ] && [ -f "$ODOO_SOURCE_DIR/requirements.txt" ]; then
        odoo_requirements "$ODOO_SOURCE_DIR" | grep -v -i -E '^\s*(#|$|polib)' >>"$constraints" || true
    fi
    PIP_CONSTRAINT="$constraints" "$PIP_PYTHON" -m pip install --disable-pip-version-check -q "$@"
    local status=$?
    rm -f "$constraints"
    return $status
}

# ensure_odoo: sets PYTHON to an interpreter that imports Odoo 18.0, installing
# Odoo into the project's virtual environment when none does.
ensure_odoo() {
    local base
    if [ -n "${PYTHON:-}" ] && odoo_is_18 "$PYTHON"; then
        :
    elif [ -f "$VENV_DIR/.odoo-complete" ] && odoo_is_18 "$VENV_DIR/bin/python"; then
        PYTHON="$VENV_DIR/bin/python"
    elif [ -z "${PYTHON:-}" ] && command -v python3 >/dev/null && odoo_is_18 python3; then
        PYTHON="$(command -v python3)"
    else
        if [ -z "${PYTHON:-}" ] && command -v python3 >/dev/null && [ -n "$(odoo_version python3)" ]; then
            say "python3 imports Odoo $(odoo_version python3), not 18.0: the suite gets an Odoo 18.0 of its own"
        fi
        base="$(choose_base_python)"
        install_odoo_venv "$base" "$VENV_DIR"
        PYTHON="$VENV_DIR/bin/python"
    fi
    PYTHON="$("$PYTHON" -c "import sys; print(sys.executable)")"
    PIP_PYTHON="$PYTHON"
    ODOO_SOURCE_DIR="$(cd /tmp && "$PYTHON" -c "import os, odoo; print(os.path.dirname(os.path.dirname(os.path.abspath(odoo.__file__))))")"
    # the tools the suite's requirements install (checklog-odoo, ...) sit beside it
    PATH="$(dirname "$PYTHON"):$PATH"
    export PATH
}

ensure_python_packages() {
    local stamp="$RUN_DIR/.requirements.sha"
    local sum
    mkdir -p "$RUN_DIR"
    sum="$( (cat "$ROOT/requirements.txt"; echo "$PYTHON") | sha1sum | cut -d' ' -f1)"
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$sum" ] || \
        ! (cd /tmp && "$PYTHON" -c "import pytest_odoo, xlsxwriter, lxml, psycopg2" 2>/dev/null); then
        say "Installing the suite's Python packages (requirements.txt) into $PYTHON"
        pip_install -r "$ROOT/requirements.txt" || die "pip could not install requirements.txt (see above). Connect to the network and run again."
        echo "$sum" >"$stamp"
    fi
}

# ensure_rtlcss: Odoo renders right-to-left languages (Persian) only when it
# finds the rtlcss command (from the npm registry).
ensure_rtlcss() {
    command -v rtlcss >/dev/null && return
    command -v npm >/dev/null || apt_install npm || return 1
    say "Installing rtlcss (right-to-left stylesheets for Persian) from the npm registry"
    as_root npm install --global --silent rtlcss >/dev/null 2>&1 || return 1
    command -v rtlcss >/dev/null
}
