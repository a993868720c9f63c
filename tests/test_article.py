import json

import pytest

from osint.article import MAX_ARTICLE_BYTES, iter_corpus, load_article
from osint.errors import InputError


def write(tmp_path, name, data):
    p = tmp_path / name
    p.write_bytes(data)
    return p


def test_sidecar_metadata(tmp_path):
    p = write(tmp_path, "a.txt", b"Headline here\nBody text.")
    (tmp_path / "a.json").write_text(json.dumps({"title": "T", "published": "2024-02-29", "source": "x"}))
    a = load_article(p)
    assert (a.id, a.title, a.published.isoformat(), a.published_inferred) == ("a", "T", "2024-02-29", False)
    assert a.meta["source"] == "x"


def test_no_sidecar_title_from_first_line(tmp_path):
    a = load_article(write(tmp_path, "b.txt", "\ufeffTitle line\nmore".encode()))
    assert a.title == "Title line" and a.published is None and a.text.startswith("Title")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"  \n\t ", "empty"),
        (b"abc\x00def", "binary"),
        ("café".encode("latin-1"), "not valid UTF-8"),
    ],
)
def test_bad_articles(tmp_path, data, message):
    with pytest.raises(InputError, match=message) as err:
        load_article(write(tmp_path, "bad.txt", data))
    assert "bad.txt" in str(err.value)


def test_missing_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_article(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="directory"):
        load_article(tmp_path)


def test_huge_file_refused(tmp_path):
    p = tmp_path / "huge.txt"
    with p.open("wb") as fh:
        fh.truncate(MAX_ARTICLE_BYTES + 1)
    with pytest.raises(InputError, match="larger than"):
        load_article(p)


def test_malformed_sidecar(tmp_path):
    p = write(tmp_path, "c.txt", b"text")
    (tmp_path / "c.json").write_text("{not json")
    with pytest.raises(InputError, match="sidecar"):
        load_article(p)


def test_corpus_ids_and_errors(tmp_path):
    p = write(tmp_path, "c.jsonl", b'{"id": "x", "text": "a"}\n\n{"text": "b"}\n')
    assert [a.id for a in iter_corpus(p)] == ["x", 3]
    for body, msg, line in [
        (b'{"text": "a"}\n{oops\n', "malformed JSON", 2),
        (b"[1, 2]\n", "not a JSON object", 1),
        (b'{"id": 1}\n', 'no "text"', 1),
        (b'{"text": 5}\n', 'no "text"', 1),
    ]:
        bad = write(tmp_path, "bad.jsonl", body)
        with pytest.raises(InputError, match=msg) as err:
            list(iter_corpus(bad))
        assert f"bad.jsonl:{line}:" in str(err.value)


def test_sidecar_date_must_be_a_date(tmp_path):
    p = write(tmp_path, "d.txt", b"text")
    for bad in ("2023-07-27junk", "2023-13-45", "27/07/2023"):
        (tmp_path / "d.json").write_text(json.dumps({"published": bad}))
        with pytest.raises(InputError, match="not YYYY-MM-DD"):
            load_article(p)


def test_sidecar_month_only_date_is_its_last_day_inferred(tmp_path):
    # Issue 21: many outlets date an article by its month; the month's last day bounds its dates.
    p = write(tmp_path, "m.txt", b"Satellite images taken on November 24 show damage.")
    (tmp_path / "m.json").write_text(json.dumps({"published": "2024-11"}))
    a = load_article(p)
    assert (a.published.isoformat(), a.published_inferred) == ("2024-11-30", True)
    assert a.meta["published_precision"] == "month"
    (tmp_path / "m.json").write_text(json.dumps({"published": "2023-12"}))
    assert load_article(p).published.isoformat() == "2023-12-31"
    for bad in ("2024-13", "2024-00", "2024-1"):
        (tmp_path / "m.json").write_text(json.dumps({"published": bad}))
        with pytest.raises(InputError, match="not YYYY-MM-DD"):
            load_article(p)


def test_load_article_finds_paths_as_the_command_line_does(tmp_path, monkeypatch):
    # Issue 14: load_article("seeds/x.txt") failed outside the project root, where the CLI found it.
    from osint.article import resolve_article
    from osint.paths import PROJ_ROOT

    monkeypatch.chdir(tmp_path)
    seed = load_article("seeds/000_908df4e159e4c100.txt")
    assert seed.published.isoformat() == "2023-07-27"  # the sidecar was found too
    name = "seeds/000_908df4e159e4c100.txt"
    assert resolve_article(name) == PROJ_ROOT / name
    (tmp_path / "seeds").mkdir()
    (tmp_path / name).write_text("Local text about Seoul.\n", encoding="utf-8")
    assert load_article("seeds/000_908df4e159e4c100.txt").text == "Local text about Seoul.\n"  # cwd first
    with pytest.raises(InputError, match="no such file") as err:
        load_article("typo/000_908df4e159e4c100.txt")
    assert "typo/000_908df4e159e4c100.txt" in str(err.value) and "project root" in str(err.value)


def test_repr_is_short(tmp_path):
    p = write(tmp_path, "long.txt", ("Troops marched in Pyongyang. " * 5000).encode())
    r = repr(load_article(p))
    assert len(r) < 300 and "Troops marched" not in r.split("title=")[0]
    assert "published=unknown" in r and "145,000 characters" in r and "long.txt" in r


def test_bad_sidecar_date_names_the_sidecar(tmp_path):
    p = write(tmp_path, "e.txt", b"text")
    (tmp_path / "e.json").write_text(json.dumps({"published": "July 27"}))
    with pytest.raises(InputError, match="not YYYY-MM-DD") as err:
        load_article(p)
    assert "e.json" in str(err.value) and "e.txt" not in str(err.value)
