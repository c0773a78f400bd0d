"""Keep the message catalogue in step with the code: extract every ``_("...")`` / ``N_("...")`` from
hub/, merge into hub/locale/<lang>/LC_MESSAGES/spm_hub.po (translations kept, new messages added
untranslated, vanished ones dropped), and compile the .mo the hub loads.

    python scripts/messages.py           # update the .po files and compile the .mo files
    python scripts/messages.py --check   # exit 1 when a message is untranslated or a .mo is stale

tests/hub/test_messages.py runs the same check.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "hub"
LOCALES = ROOT / "hub" / "locale"
DOMAIN = "spm_hub"
KEYWORDS = {"_": None, "N_": None}


def template() -> Catalog:
    """Every message the code marks, with where it is used."""
    catalog = Catalog(project="spm-hub", domain=DOMAIN)
    for filename, line, message, comments, _context in extract_from_dir(
        str(SOURCES), method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        catalog.add(message, locations=[(f"hub/{filename}", line)], auto_comments=comments)
    return catalog


def po_path(lang: str) -> Path:
    return LOCALES / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def read(lang: str) -> Catalog:
    with po_path(lang).open("rb") as handle:
        return read_po(handle, locale=lang, domain=DOMAIN)


def compiled(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def problems(lang: str) -> list[str]:
    """What is out of step for ``lang``: untranslated or unused messages, a stale .mo."""
    catalog, wanted = read(lang), {message.id for message in template() if message.id}
    have = {message.id: message for message in catalog if message.id}
    found = [f"untranslated: {key!r}" for key in sorted(wanted) if key not in have or not have[key].string]
    found += [f"unused: {key!r}" for key in sorted(set(have) - wanted)]
    found += [f"fuzzy: {key!r}" for key, message in have.items() if message.fuzzy]
    mo = po_path(lang).with_suffix(".mo")
    if not mo.is_file() or mo.read_bytes() != compiled(catalog):
        found.append(f"{mo.relative_to(ROOT)} is not compiled from the .po: run python scripts/messages.py")
    return found


def update(lang: str) -> None:
    catalog = read(lang)
    created = catalog.creation_date
    catalog.update(template(), no_fuzzy_matching=True)
    catalog.obsolete.clear()
    catalog.creation_date, catalog.fuzzy = created, False  # no churn when nothing changed
    with po_path(lang).open("wb") as handle:  # file names without line numbers: moving code changes nothing
        write_po(handle, catalog, width=120, sort_output=True, include_lineno=False)
    po_path(lang).with_suffix(".mo").write_bytes(compiled(read(lang)))


def main() -> int:
    languages = sorted(path.name for path in LOCALES.iterdir() if po_path(path.name).is_file())
    if "--check" in sys.argv:
        found = [f"{lang}: {problem}" for lang in languages for problem in problems(lang)]
        print("\n".join(found) or "message catalogues are in step")
        return 1 if found else 0
    for lang in languages:
        update(lang)
    return 0


if __name__ == "__main__":
    sys.exit(main())
