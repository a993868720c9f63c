"""One API: osint.geoparse takes text, an Article or a path and gives the same rows."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT

import osint


@pytest.mark.parametrize("article", ["seeds/000_908df4e159e4c100.txt", "tests/fixtures/articles/darfur.txt",
                                     "tests/fixtures/articles/andes-undated.txt"])
def test_geoparse_gives_the_same_rows_for_text_article_and_path(article, tmp_path, monkeypatch):
    # Issue 14: geoparse(article) raised TypeError and geoparse("seeds/x.txt") gave 0 rows.
    monkeypatch.chdir(tmp_path)  # paths resolve from the project root, as the command line does
    loaded = osint.load_article(article)
    by_text = osint.geoparse(loaded.text)
    assert len(by_text) > 3
    for other in (osint.geoparse(loaded), osint.geoparse(article), osint.geoparse(Path(article)),
                  osint.geoparse(ROOT / article)):
        pd.testing.assert_frame_equal(other, by_text)


def test_a_one_line_text_is_text_not_a_path():
    assert list(osint.geoparse("Talks in Seoul.")["name"]) == ["Seoul"]
    with pytest.raises(osint.InputError, match="no such file"):
        osint.geoparse("nowhere/missing.txt")
    with pytest.raises(TypeError):
        osint.geoparse(42)
