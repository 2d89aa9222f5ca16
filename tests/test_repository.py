"""Checks of the repository itself: layout, manifests, docs and packaging."""

import ast
import re
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[1]
ADDONS = sorted(p.parent for p in ROOT.glob("addons/*/__manifest__.py"))
SUITE = {"aftersales_reception", "aftersales_stock", "aftersales_agents", "aftersales_survey"}
# dependencies point downwards only (shared/DESIGN.md)
ALLOWED_SUITE_DEPENDS = {
    "aftersales_reception": set(),
    "aftersales_stock": {"aftersales_reception"},
    "aftersales_agents": {"aftersales_reception", "aftersales_stock"},
    "aftersales_survey": {"aftersales_reception"},
}
LANGUAGES = ("de", "fa", "id")


def _manifest(addon):
    return ast.literal_eval((addon / "__manifest__.py").read_text())


def _odoo_licence(module):
    import odoo.addons

    for path in odoo.addons.__path__:
        manifest = Path(path) / module / "__manifest__.py"
        if manifest.exists():
            return ast.literal_eval(manifest.read_text()).get("license", "LGPL-3")
    return None


def _reads_the_same(msgid):
    return bool(re.search(r"\d", msgid)) and len(msgid.split()) <= 4


def test_the_four_addons_are_there():
    assert {addon.name for addon in ADDONS} == SUITE


def test_readme_has_exactly_two_commands():
    readme = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```sh\n(.*?)```", readme, re.DOTALL)
    commands = [line for block in blocks for line in block.splitlines() if line.strip()]
    assert commands == ["bin/demo", "bin/test"]


def test_ci_runs_the_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "bin/test" in ci
    assert (ROOT / ".ci" / "run").stat().st_mode & 0o111


def test_demo_keeps_english_with_the_languages_it_loads():
    """On a new database Odoo activates only the first language of
    --load-language and makes it every user's: English must come first."""
    demo = (ROOT / "bin" / "demo").read_text()
    (languages,) = re.findall(r"--load-language=(\S+)", demo)
    codes = languages.split(",")
    assert codes[0] == "en_US"
    assert {code.split("_")[0] for code in codes[1:]} == set(LANGUAGES)


@pytest.mark.parametrize("path", [".run/pgdata", ".venv/bin/python"])
def test_local_set_up_is_ignored(path):
    ignored = subprocess.run(["git", "check-ignore", "-q", path], cwd=ROOT, check=False).returncode
    assert ignored == 0


@pytest.mark.parametrize("addon", ADDONS, ids=lambda a: a.name)
def test_manifest(addon):
    manifest = _manifest(addon)
    assert re.fullmatch(r"18\.0\.\d+\.\d+\.\d+", manifest["version"])
    assert manifest["license"] == "LGPL-3"
    assert manifest["author"] == "After-Sales Suite Developers"
    for key in ("name", "summary", "category", "website", "maintainers", "depends"):
        assert manifest.get(key), key
    assert "description" not in manifest
    assert manifest.get("application", False) == (addon.name == "aftersales_reception")
    suite_depends = set(manifest["depends"]) & SUITE
    assert suite_depends == ALLOWED_SUITE_DEPENDS[addon.name]
    for module in set(manifest["depends"]) - SUITE:
        assert _odoo_licence(module) not in (None, "OEEL-1"), f"{module} is not Community"


@pytest.mark.parametrize("addon", ADDONS, ids=lambda a: a.name)
def test_layout(addon):
    for path in (
        "models/__init__.py",
        "views",
        "security/ir.model.access.csv",
        "data",
        "demo",
        "tests/__init__.py",
        "tests",
        "readme/DESCRIPTION.md",
        "readme/USAGE.md",
        "readme/CONFIGURE.md",
        "readme/CONTRIBUTORS.md",
        "static/description/icon.png",
        "pyproject.toml",
        f"i18n/{addon.name}.pot",
    ):
        assert (addon / path).exists(), f"{addon.name}/{path} is missing"
    manifest = _manifest(addon)
    for data_file in manifest.get("data", []) + manifest.get("demo", []):
        assert (addon / data_file).exists(), f"{addon.name}: {data_file} is listed but missing"


@pytest.mark.parametrize("addon", ADDONS, ids=lambda a: a.name)
def test_every_model_has_access_rights(addon):
    models = set()
    for path in addon.glob("**/*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.ClassDef):
                continue
            bases = {ast.unparse(base) for base in node.bases}
            if not bases & {"models.Model", "models.TransientModel"}:
                continue  # abstract models hold no records
            for statement in node.body:
                if (
                    isinstance(statement, ast.Assign)
                    and [ast.unparse(t) for t in statement.targets] == ["_name"]
                    and isinstance(statement.value, ast.Constant)
                ):
                    models.add(statement.value.value)
    access = (addon / "security" / "ir.model.access.csv").read_text()
    for model in models:
        assert f"model_{model.replace('.', '_')}," in access, f"{model} has no access rights"


@pytest.mark.parametrize("addon", ADDONS, ids=lambda a: a.name)
@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_complete(addon, language):
    pot = polib.pofile(str(addon / "i18n" / f"{addon.name}.pot"))
    po_path = addon / "i18n" / f"{language}.po"
    assert po_path.exists(), f"{po_path} is missing"
    po = polib.pofile(str(po_path))
    translated = {entry.msgid for entry in po if entry.msgstr and not entry.obsolete}
    # model numbers and algorithm names ("AC-1200", "ISO 7064 MOD 37,36") read
    # the same in every language: their translation stays empty, as the po
    # checks want
    missing = [
        entry.msgid
        for entry in pot
        if entry.msgid not in translated and not _reads_the_same(entry.msgid)
    ]
    assert not missing, f"{len(missing)} untranslated, e.g. {missing[:3]}"
    assert not (addon / "i18n" / "en.po").exists()


@pytest.mark.parametrize("addon", ADDONS, ids=lambda a: a.name)
def test_translatable_terms_are_extractable(addon):
    """Odoo's term export reads each Python file with Babel, which stops at
    a call it cannot read (an f-string among the arguments of ``_()``): the
    terms after it would silently be left out of the templates."""
    from babel.messages import extract

    unreadable = []
    for path in sorted(addon.rglob("*.py")):
        try:
            with path.open("rb") as source:
                list(extract.extract("python", source, keywords={"_": None, "_lt": None}))
        except Exception as error:  # noqa: BLE001 - any failure drops terms
            unreadable.append(f"{path.relative_to(ROOT)}: {error}")
    assert not unreadable, "\n".join(unreadable)


def test_addon_readmes_are_generated():
    result = subprocess.run(
        [sys.executable, str(ROOT / "bin" / "gen-addon-readme"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("addon", ADDONS, ids=lambda a: a.name)
def test_addon_builds_as_a_python_package(addon, tmp_path):
    """pip install ./addons/<addon> gives odoo-addon-<addon> (built by whool)."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "--wheel-dir",
            str(tmp_path),
            str(addon),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    wheels = [p.name for p in tmp_path.glob("*.whl")]
    assert len(wheels) == 1
    assert wheels[0].startswith(f"odoo_addon_{addon.name}-18.0.")
