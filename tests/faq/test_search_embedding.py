"""Sentence embeddings for semantic search: the real pinned model, and a quiet fallback when it cannot load.

No database: these only load the ONNX model that the pinned package ships.
"""
from __future__ import annotations

import logging
import sys

import numpy as np
import pytest

from faq.search import embedding


@pytest.fixture
def fresh_model(monkeypatch):
    """A module that has not tried to load the model yet, with the switches at their defaults."""
    monkeypatch.delenv("WAYPOINT_SEMANTIC_SEARCH", raising=False)
    monkeypatch.delenv("WAYPOINT_EMBEDDING_THREADS", raising=False)
    embedding._reset_for_tests()
    yield embedding
    embedding._reset_for_tests()


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    return float(a @ b)  # both are unit vectors


def unavailable_warnings(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "faq.search.embedding" and r.levelno == logging.WARNING]


class TestTheRealModel:
    def test_the_pinned_model_loads_from_its_package(self, fresh_model):
        assert fresh_model.is_available()

    def test_a_paraphrase_is_closer_than_an_unrelated_text(self, fresh_model):
        query = fresh_model.embed_query("my users never get the verification code")
        paraphrase, unrelated = fresh_model.embed_documents(
            ["SMS verification code not received", "how do I get an invoice"]
        )
        assert cosine(query, paraphrase) > 0.5
        assert cosine(query, paraphrase) > cosine(query, unrelated) + 0.3

    def test_vectors_are_float32_unit_vectors_of_the_model_dimensions(self, fresh_model):
        query = fresh_model.embed_query("sender ID rejected")
        documents = fresh_model.embed_documents(["a", "a much longer text " * 200, ""], batch_size=2)
        assert query.shape == (fresh_model.DIMENSIONS,) and query.dtype == np.float32
        assert documents.shape == (3, fresh_model.DIMENSIONS) and documents.dtype == np.float32
        np.testing.assert_allclose(np.linalg.norm(documents, axis=1), 1.0, atol=1e-5)
        assert abs(np.linalg.norm(query) - 1.0) < 1e-5

    def test_documents_come_back_in_their_own_order_whatever_the_batching(self, fresh_model):
        texts = ["how do I get an invoice", "x", "SMS verification code not received " * 30, "sender ID"]
        one_by_one = np.stack([fresh_model.embed_documents([t])[0] for t in texts])
        batched = fresh_model.embed_documents(texts, batch_size=3)
        np.testing.assert_allclose(batched, one_by_one, atol=1e-4)

    def test_a_query_and_the_same_short_document_get_the_same_vector(self, fresh_model):
        text = "SMS verification code not received"
        np.testing.assert_allclose(fresh_model.embed_query(text), fresh_model.embed_documents([text])[0], atol=1e-5)

    def test_no_texts_give_an_empty_matrix(self, fresh_model):
        assert fresh_model.embed_documents([]).shape == (0, fresh_model.DIMENSIONS)

    def test_a_query_that_is_not_a_string_is_a_programming_error(self, fresh_model):
        with pytest.raises(TypeError):
            fresh_model.embed_query(None)  # type: ignore[arg-type]


class TestWhenTheModelCannotLoad:
    def assert_unavailable_with_one_warning(self, module, caplog, reason: str) -> None:
        with caplog.at_level(logging.WARNING, logger="faq.search.embedding"):
            assert module.embed_query("verification code") is None
            assert module.embed_documents(["verification code"]) is None
            assert module.is_available() is False
            assert module.embed_query("again") is None
        warnings = unavailable_warnings(caplog)
        assert len(warnings) == 1
        assert reason in warnings[0].getMessage()

    def test_a_model_file_with_another_hash_is_refused_with_one_warning(self, fresh_model, monkeypatch, caplog):
        monkeypatch.setattr(fresh_model, "MODEL_SHA256", "0" * 64)
        self.assert_unavailable_with_one_warning(fresh_model, caplog, "expected " + "0" * 64)

    def test_a_tokenizer_file_with_another_hash_is_refused_with_one_warning(self, fresh_model, monkeypatch, caplog):
        monkeypatch.setattr(fresh_model, "TOKENIZER_SHA256", "f" * 64)
        self.assert_unavailable_with_one_warning(fresh_model, caplog, "tokenizer file")

    def test_a_missing_model_package_gives_one_warning(self, fresh_model, monkeypatch, caplog):
        monkeypatch.setitem(sys.modules, fresh_model.MODEL_PACKAGE, None)  # import now fails
        self.assert_unavailable_with_one_warning(fresh_model, caplog, "not installed")

    def test_a_missing_model_file_gives_one_warning(self, fresh_model, monkeypatch, caplog):
        monkeypatch.setattr(fresh_model, "MODEL_FILE", "no-such-model.onnx")
        self.assert_unavailable_with_one_warning(fresh_model, caplog, "missing")

    def test_missing_onnxruntime_gives_one_warning(self, fresh_model, monkeypatch, caplog):
        monkeypatch.setitem(sys.modules, "onnxruntime", None)
        self.assert_unavailable_with_one_warning(fresh_model, caplog, "onnxruntime or tokenizers")

    def test_the_environment_switch_turns_it_off_with_one_warning(self, fresh_model, monkeypatch, caplog):
        monkeypatch.setenv("WAYPOINT_SEMANTIC_SEARCH", "0")
        self.assert_unavailable_with_one_warning(fresh_model, caplog, "WAYPOINT_SEMANTIC_SEARCH")

    def test_the_django_setting_turns_it_off_too(self, fresh_model, settings, caplog):
        settings.WAYPOINT_SEMANTIC_SEARCH = False
        self.assert_unavailable_with_one_warning(fresh_model, caplog, "WAYPOINT_SEMANTIC_SEARCH")


class TestStoringVectors:
    def test_a_vector_survives_the_round_trip_through_bytes(self):
        rng = np.random.default_rng(7)
        vec = rng.normal(size=embedding.DIMENSIONS).astype(np.float32)
        vec /= np.linalg.norm(vec)
        data = embedding.vector_to_bytes(vec)
        assert isinstance(data, bytes) and len(data) == embedding.DIMENSIONS * 2
        back = embedding.vector_from_bytes(memoryview(data))  # as PostgreSQL returns a BinaryField
        assert back.dtype == np.float32 and back.shape == (embedding.DIMENSIONS,)
        np.testing.assert_allclose(back, vec, atol=1e-3)
        assert abs(float(back @ vec) - 1.0) < 1e-4

    def test_bytes_of_the_wrong_length_are_refused(self):
        with pytest.raises(ValueError):
            embedding.vector_from_bytes(b"\x00" * 10)

    def test_a_vector_of_the_wrong_length_is_refused(self):
        with pytest.raises(ValueError):
            embedding.vector_to_bytes(np.zeros(3, dtype=np.float32))
