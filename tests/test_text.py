from osint.text import fold, name_key, sentences, tokenize


def test_possessives_leave_the_name_span():
    text = "Russia’s envoy and Korea's ministry met in Seoul."
    toks = {t.text: (t.start, t.end) for t in tokenize(text)}
    assert toks["Russia"] == (0, 6)
    assert text[slice(*toks["Korea"])] == "Korea"


def test_keys_meet_across_spellings():
    assert name_key("P'yŏngyang") == name_key("Pyongyang") == "pyongyang"
    assert name_key("Kim Il-sung Square") == name_key("Kim Il Sung Square")
    assert name_key("U.S.") == "u s"
    assert fold("Côte") == "cote"


def test_sentences_keep_exact_spans():
    text = "First one. Second one!\nA heading\n\nLast? yes"
    for s in sentences(text):
        assert text[s.start : s.end] == s.text
    assert [s.text for s in sentences(text)][:3] == ["First one.", "Second one!", "A heading"]
