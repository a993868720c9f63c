"""What an article's story lends a claim that names little itself (issue 21): the images it already
introduced as satellite imagery, the one facility it is about, and where its officials speak from.
Texts written for the tests."""

from __future__ import annotations

import osint
from osint.claims.imagery import story_images

_STORY = ("Satellite images show damage at Russian air base\n\n"
          "A Ukrainian drone attack hit the Engels air base on Monday, officials said. The governor said two "
          "people were injured. Russia did not comment. Officials in Kyiv declined to say which drones were "
          "used.\n\n"
          "Images taken on Tuesday show two burned bombers on the apron.")


def _claim_at(text: str, words: str):
    at = text.index(words)
    found = [r.claim for r in osint.analyze(text, published="2024-06-12").report.imagery
             if r.claim.start <= at < r.claim.end]
    return found[0] if found else None


def test_images_further_on_in_a_satellite_story_are_a_claim():
    c = _claim_at(_STORY, "Images taken on Tuesday")
    assert c is not None
    # Without the story's satellite imagery, the same sentence is no imagery claim.
    plain = _STORY.replace("Satellite images show damage at Russian air base", "Damage at Russian air base")
    assert _claim_at(plain, "Images taken on Tuesday") is None


def test_ground_media_are_not_the_story_images():
    assert story_images("Images taken on Tuesday show two burned bombers on the apron.")
    assert story_images("New pictures released on Friday reveal craters near the runway.")
    assert not story_images("Video images posted on Telegram show smoke over the base.")
    assert not story_images("Photos taken by residents show a fire near the runway.")
    assert not story_images("The governor said the images were fake.")


def test_the_one_facility_of_the_story_is_the_site_of_a_claim_naming_none():
    c = _claim_at(_STORY, "Images taken on Tuesday")
    assert [s.name for s in c.sites] == ["Engels Airbase"] and c.sites[0].how == "context"
    # Two facilities named before: the claim's own is unknown, so neither is taken.
    two = _STORY.replace("The governor said", "A second drone hit the Saratov airport, and the governor said")
    c2 = _claim_at(two, "Images taken on Tuesday")
    assert c2 is None or "Engels Airbase" not in [s.name for s in c2.sites]


def test_officials_opening_their_sentence_speak_from_their_city():
    # "Officials in Kyiv declined ...": Kyiv is where they speak, never the images' site.
    c = _claim_at(_STORY, "Images taken on Tuesday")
    assert "Kyiv" not in [s.name for s in c.sites]
