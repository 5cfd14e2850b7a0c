"""The newsroom dictionary lives in the store and is shared by all its blogs."""

from __future__ import annotations

from export.spelling import engine_for_language
from widgets.spelling import CallbackDictionary, DictionaryDialog


def engine_for_blog(store, blog_id: int):
    blog = store.get_blog(blog_id)
    return engine_for_language(
        blog.language, store.dictionary_words(), store.ignored_words(blog_id)
    )


def test_two_blogs_of_one_store_share_the_dictionary(store) -> None:
    harbour = store.create_blog("harbour-fire", "Harbour fire", language="en-GB")
    tempete = store.create_blog("tempete", "Tempête sur la côte", language="fr")
    store.add_dictionary_words(["Portmere", "Okafor"])
    store.ignore_word(harbour.id, "Blorp")

    english = engine_for_blog(store, harbour.id)
    french = engine_for_blog(store, tempete.id)
    assert [m.word for m in english.misspellings("Okafor in Portmere saw Blorp")] == []
    assert [m.word for m in french.misspellings("Okafor à Portmere a vu Blorp")] == ["Blorp"]
    assert [m.word for m in french.misspellings("Le gouvernemnt")] == ["gouvernemnt"]


def test_dictionary_dialog_edits_the_store(qtbot, store) -> None:
    blog = store.create_blog("harbour-fire", "Harbour fire")
    store.add_dictionary_words(["Portmere"])
    provider = CallbackDictionary(
        store.dictionary_words, store.add_dictionary_words, store.remove_dictionary_words
    )
    dialog = DictionaryDialog(provider)
    qtbot.addWidget(dialog)
    assert dialog.words() == ["Portmere"]
    dialog.add_words(["Okafor"])
    dialog.remove_words(["Portmere"])
    assert store.dictionary_words() == ["Okafor"]
    engine = engine_for_blog(store, blog.id)
    assert engine.is_correct("Okafor") and not engine.is_correct("Portmere")
