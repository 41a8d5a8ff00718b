"""Every real open-data file imports without a crash, and a second import changes nothing."""

import pytest

from directory.importing import import_lieux
from directory.standard.reading import read_file

from .standard_schema import SHARED_DATA

FILES = sorted((SHARED_DATA / "lieux").glob("*")) if (SHARED_DATA / "lieux").is_dir() else []
FILES += [SHARED_DATA / "standard" / "exemple-valide-v1.0.2.csv"]


@pytest.mark.shared_data
@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_real_file_imports_and_reimports_unchanged(path, settings):
    if not path.is_file():
        pytest.skip("../shared/data absent")
    settings.GEOCODER_ENABLED = False
    first = import_lieux(read_file(path), import_source=path.stem)
    assert first.created > 0
    # Most rows load; rejected ones say why.
    assert len(first.rejected) <= 0.02 * (first.created + len(first.rejected))
    assert all(reasons for _, _, reasons in first.rejected)
    second = import_lieux(read_file(path), import_source=path.stem)
    assert (second.created, second.updated, second.unchanged) == (0, 0, first.created)
